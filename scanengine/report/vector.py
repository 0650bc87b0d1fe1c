"""A matplotlib renderer that records a figure as plain vector shapes: one chart, two renderings.

Why: matplotlib stays the chart engine (layout, ticks, legends, colours), but neither rendering wants pixels. The
figure is recorded once as paths and texts (:class:`VectorImage`, in points, y upwards, no library types), and each
writer draws that record in its own format: the PDF writer as ReportLab shapes (crisp at any zoom, text as real
text in the embedded DejaVu Sans), the HTML writer as inline SVG (:mod:`scanengine.report.svg`). Nothing here
imports ReportLab, so the results page and the HTML report never load it.

What it records: paths (lines, patches, collections, markers, meshes: everything matplotlib hands to
``draw_path``) and plain text (mathtext is off in the charts' rc, see :func:`charts._rc`), each text with its
measured width, so a test can check that labels do not overlap and the SVG can keep every label at its width
whatever font a browser substitutes. Not recorded: clipping (the report's charts keep their data inside the axes
limits) and raster images, which fail loudly rather than print something wrong.

Text is measured with matplotlib's own metrics of the DejaVu files that the PDF embeds.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.backend_bases import FigureCanvasBase, GraphicsContextBase, RendererBase
from matplotlib.path import Path as MplPath

CAPS = {"butt": 0, "round": 1, "projecting": 2}
JOINS = {"miter": 0, "round": 1, "bevel": 2}


@dataclass(frozen=True)
class Shape:
    """A path: ``ops`` is a tuple of ``("M", x, y)``, ``("L", x, y)``, ``("C", x1, y1, x2, y2, x, y)`` and
    ``("Z",)``; a fill closes the outline implicitly (non-zero winding), a stroke does not."""

    ops: tuple[tuple, ...]
    fill: str | None
    fill_opacity: float
    stroke: str | None
    stroke_width: float
    stroke_opacity: float
    cap: int = 0
    join: int = 0
    dashes: tuple[float, ...] = ()
    dash_offset: float = 0.0


@dataclass(frozen=True)
class Label:
    """A line of text whose baseline starts at (``x``, ``y``), turned ``angle`` degrees counter-clockwise.

    ``weight``/``style``: ``normal``/``bold`` and ``normal``/``italic``; ``width``, ``ascent`` and ``descent`` as
    measured (points), so the text's box is known without a font.
    """

    x: float
    y: float
    angle: float
    text: str
    size: float
    colour: str
    opacity: float
    weight: str
    style: str
    width: float
    ascent: float
    descent: float

    def corners(self) -> list[tuple[float, float]]:
        """The four corners of the text's box, turned with the text (for overlap checks)."""
        import math

        a = math.radians(self.angle)
        c, s = math.cos(a), math.sin(a)
        box = [(0, -self.descent), (self.width, -self.descent), (self.width, self.ascent), (0, self.ascent)]
        return [(self.x + u * c - v * s, self.y + u * s + v * c) for u, v in box]


@dataclass(frozen=True)
class VectorImage:
    """A recorded chart: its size in points and its shapes and labels in drawing order."""

    width: float
    height: float
    items: tuple[Shape | Label, ...]

    def labels(self) -> list[Label]:
        return [i for i in self.items if isinstance(i, Label)]


def hex_colour(rgb) -> str:
    r, g, b = (max(0, min(255, round(float(v) * 255))) for v in rgb[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _bold(prop) -> bool:
    weight = prop.get_weight()
    return weight in ("bold", "heavy", "extra bold", "black", "demibold", "semibold", "demi") or (
        isinstance(weight, int | float) and weight >= 600
    )


class RecordingRenderer(RendererBase):
    """Renders at 72 dpi, so matplotlib's display units are points and need no scaling."""

    def __init__(self, width: float, height: float):
        super().__init__()
        self.width, self.height, self.dpi = width, height, 72.0
        self.items: list[Shape | Label] = []

    # -- what matplotlib asks of a renderer ---------------------------------------------------------------------
    def flipy(self) -> bool:
        return False  # points counted upwards, as in PDF

    def get_canvas_width_height(self):
        return self.width, self.height

    def points_to_pixels(self, points):
        return points

    def new_gc(self):
        return GraphicsContextBase()

    def option_image_nocomposite(self) -> bool:
        return True

    # -- drawing -------------------------------------------------------------------------------------------------
    def draw_path(self, gc, path, transform, rgbFace=None):
        ops: list[tuple] = []
        last = None
        for vertices, code in path.iter_segments(transform, remove_nans=True, simplify=False):
            v = [round(float(x), 3) for x in vertices]
            if code == MplPath.MOVETO:
                ops.append(("M", *v))
            elif code == MplPath.LINETO:
                ops.append(("L", *v))
            elif code == MplPath.CURVE3:  # quadratic -> the equivalent cubic
                assert last is not None  # a curve continues a path that has a point
                (qx, qy), (x, y) = v[:2], v[2:]
                ops.append(
                    (
                        "C",
                        last[0] + 2 / 3 * (qx - last[0]),
                        last[1] + 2 / 3 * (qy - last[1]),
                        x + 2 / 3 * (qx - x),
                        y + 2 / 3 * (qy - y),
                        x,
                        y,
                    )
                )
            elif code == MplPath.CURVE4:
                ops.append(("C", *v))
            elif code == MplPath.CLOSEPOLY:
                ops.append(("Z",))
                continue
            last = v[-2:]
        if not ops:
            return
        alpha = gc.get_alpha()
        fill, fill_opacity = None, 1.0
        if rgbFace is not None:
            face_alpha = alpha if gc.get_forced_alpha() or len(rgbFace) < 4 else rgbFace[3] * alpha
            if face_alpha > 0:
                fill, fill_opacity = hex_colour(rgbFace), float(face_alpha)
        rgb = gc.get_rgb()
        width = gc.get_linewidth()
        stroke_alpha = alpha if gc.get_forced_alpha() else rgb[3] * alpha if len(rgb) > 3 else alpha
        stroke: str | None = None
        dashes: tuple[float, ...] = ()
        offset = 0.0
        if width > 0 and stroke_alpha > 0:
            stroke = hex_colour(rgb)
            dash_offset, dash_list = gc.get_dashes()
            if dash_list:
                dashes, offset = tuple(float(d) for d in dash_list), float(dash_offset or 0.0)
        if fill is None and stroke is None:
            return
        self.items.append(
            Shape(
                ops=tuple(ops),
                fill=fill,
                fill_opacity=fill_opacity,
                stroke=stroke,
                stroke_width=float(width) if stroke else 0.0,
                stroke_opacity=float(stroke_alpha) if stroke else 1.0,
                cap=CAPS.get(gc.get_capstyle(), 0),
                join=JOINS.get(gc.get_joinstyle(), 0),
                dashes=dashes,
                dash_offset=offset,
            )
        )

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if not s.strip():
            return
        rgb = gc.get_rgb()
        alpha = gc.get_alpha() if gc.get_forced_alpha() else (rgb[3] if len(rgb) > 3 else 1.0)
        width, height, descent = self.get_text_width_height_descent(s, prop, ismath)
        self.items.append(
            Label(
                x=round(float(x), 3),
                y=round(float(y), 3),
                angle=float(angle),
                text=s,
                size=float(prop.get_size_in_points()),
                colour=hex_colour(rgb),
                opacity=float(alpha),
                weight="bold" if _bold(prop) else "normal",
                style="italic" if prop.get_style() in ("italic", "oblique") else "normal",
                width=float(width),
                ascent=float(height - descent),
                descent=float(descent),
            )
        )

    def draw_image(self, gc, x, y, im, transform=None):
        raise NotImplementedError(
            "the vector chart renderer draws no raster images; use pcolormesh, not imshow"
        )


def record(fig) -> VectorImage:
    """Draw ``fig`` (a :class:`matplotlib.figure.Figure` made at 72 dpi) into a :class:`VectorImage`."""
    canvas = FigureCanvasBase(fig)
    width, height = fig.get_size_inches() * 72.0
    renderer = RecordingRenderer(float(width), float(height))
    canvas.figure.draw(renderer)
    return VectorImage(float(width), float(height), tuple(renderer.items))
