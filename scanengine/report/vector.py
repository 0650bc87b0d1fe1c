"""A matplotlib renderer that records a figure as a ReportLab ``Drawing``: vector charts in the PDF.

Why: matplotlib stays the chart engine (layout, ticks, legends, colours), but rasterising at 200 dpi, turning the
pixels into an image and compressing that image into the PDF was most of the report's time. Recorded as ReportLab
shapes, a chart costs only matplotlib's own artist walk, prints crisp at any zoom, and the text in it is real PDF
text in the report's embedded DejaVu Sans (searchable, and measured with the same metrics that print it).

What it records: paths (lines, patches, collections, markers, meshes: everything matplotlib hands to
``draw_path``) and plain text (mathtext is off in the charts' rc, see :func:`charts._rc`). Not recorded: clipping
(the report's charts keep their data inside the axes limits: shares within 0-100 %, means within the scale) and
raster images, which fail loudly rather than print something wrong (the heatmap's cells are a ``pcolormesh``).
"""

from __future__ import annotations

import math

from matplotlib.backend_bases import FigureCanvasBase, GraphicsContextBase, RendererBase
from matplotlib.path import Path as MplPath
from reportlab.graphics import shapes
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import FILL_NON_ZERO

from scanengine.report import fonts

_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


def _font_name(prop) -> str:
    weight = prop.get_weight()
    bold = weight in ("bold", "heavy", "extra bold", "black", "demibold", "semibold", "demi") or (
        isinstance(weight, int | float) and weight >= 600
    )
    italic = prop.get_style() in ("italic", "oblique")
    return {
        (False, False): fonts.FAMILY,
        (True, False): fonts.BOLD,
        (False, True): fonts.ITALIC,
        (True, True): fonts.BOLD_ITALIC,
    }[(bold, italic)]


class DrawingRenderer(RendererBase):
    """Renders at 72 dpi, so matplotlib's display units are PDF points and need no scaling."""

    def __init__(self, width: float, height: float):
        super().__init__()
        fonts.register()
        self.width, self.height, self.dpi = width, height, 72.0
        # the report's font from the start: ReportLab would otherwise select Helvetica, a Latin-1 standard font
        self.drawing = shapes.Drawing(width, height, initialFontName=fonts.FAMILY)

    # -- what matplotlib asks of a renderer ---------------------------------------------------------------------
    def flipy(self) -> bool:
        return False  # PDF and matplotlib both count y upwards

    def get_canvas_width_height(self):
        return self.width, self.height

    def points_to_pixels(self, points):
        return points

    def new_gc(self):
        return GraphicsContextBase()

    def option_image_nocomposite(self) -> bool:
        return True

    def get_text_width_height_descent(self, s, prop, ismath):
        name, size = _font_name(prop), prop.get_size_in_points()
        face = pdfmetrics.getFont(name).face
        descent = -face.descent * size / 1000
        return pdfmetrics.stringWidth(s, name, size), face.ascent * size / 1000 + descent, descent

    # -- drawing -------------------------------------------------------------------------------------------------
    def draw_path(self, gc, path, transform, rgbFace=None):
        # "svg": a fill closes the outline implicitly and a stroke does not (as in matplotlib); non-zero winding
        p = shapes.Path(autoclose="svg", fillMode=FILL_NON_ZERO)
        last = None
        for vertices, code in path.iter_segments(transform, remove_nans=True, simplify=False):
            vertices = vertices.tolist()
            if code == MplPath.MOVETO:
                p.moveTo(*vertices)
            elif code == MplPath.LINETO:
                p.lineTo(*vertices)
            elif code == MplPath.CURVE3:  # quadratic -> the equivalent cubic
                assert last is not None  # a curve continues a path that has a point
                (qx, qy), (x, y) = vertices[:2], vertices[2:]
                p.curveTo(
                    last[0] + 2 / 3 * (qx - last[0]),
                    last[1] + 2 / 3 * (qy - last[1]),
                    x + 2 / 3 * (qx - x),
                    y + 2 / 3 * (qy - y),
                    x,
                    y,
                )
            elif code == MplPath.CURVE4:
                p.curveTo(*vertices)
            elif code == MplPath.CLOSEPOLY:
                p.closePath()
                continue
            last = vertices[-2:]
        if not p.operators:
            return
        alpha = gc.get_alpha()
        if rgbFace is not None:
            face_alpha = alpha if gc.get_forced_alpha() or len(rgbFace) < 4 else rgbFace[3] * alpha
            if face_alpha > 0:
                p.fillColor = Color(*rgbFace[:3])
                if face_alpha < 1:
                    p.fillOpacity = face_alpha
            else:
                p.fillColor = None
        else:
            p.fillColor = None
        rgb = gc.get_rgb()
        width = gc.get_linewidth()
        stroke_alpha = alpha if gc.get_forced_alpha() else rgb[3] * alpha if len(rgb) > 3 else alpha
        if width > 0 and stroke_alpha > 0:
            p.strokeColor = Color(*rgb[:3])
            p.strokeWidth = width
            if stroke_alpha < 1:
                p.strokeOpacity = stroke_alpha
            p.strokeLineCap = _CAPS.get(gc.get_capstyle(), 0)
            p.strokeLineJoin = _JOINS.get(gc.get_joinstyle(), 0)
            offset, dashes = gc.get_dashes()
            if dashes:
                p.strokeDashArray = (offset or 0, list(dashes)) if offset else list(dashes)
        else:
            p.strokeColor = None
        if p.fillColor is None and p.strokeColor is None:
            return
        self.drawing.add(p)

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if not s.strip():
            return
        rgb = gc.get_rgb()
        text = shapes.String(
            0, 0, s, fontName=_font_name(prop), fontSize=prop.get_size_in_points(), fillColor=Color(*rgb[:3])
        )
        alpha = gc.get_alpha() if gc.get_forced_alpha() else (rgb[3] if len(rgb) > 3 else 1.0)
        if alpha < 1:
            text.fillOpacity = alpha
        a = math.radians(angle)
        c, s_ = math.cos(a), math.sin(a)
        self.drawing.add(shapes.Group(text, transform=(c, s_, -s_, c, x, y)))

    def draw_image(self, gc, x, y, im, transform=None):
        raise NotImplementedError(
            "the vector chart renderer draws no raster images; use pcolormesh, not imshow"
        )


def record(fig) -> shapes.Drawing:
    """Draw ``fig`` (a :class:`matplotlib.figure.Figure` made at 72 dpi) into a new ReportLab ``Drawing``."""
    canvas = FigureCanvasBase(fig)
    width, height = fig.get_size_inches() * 72.0
    renderer = DrawingRenderer(float(width), float(height))
    canvas.figure.draw(renderer)
    return renderer.drawing
