"""A recorded chart (:class:`scanengine.report.vector.VectorImage`) as inline SVG for the HTML report.

Presentation attributes only, never ``style=""``: the dashboard's CSP forbids inline style, and the same markup is
shown there. Every label keeps the width it was measured at (``textLength``), so a browser without DejaVu Sans
draws the chart with the labels where matplotlib put them. ``<title>`` and ``<desc>`` carry the figure's name and
its text alternative (``aria-labelledby``), so a screen reader reads what the chart shows.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from scanengine.report.vector import Label, Shape, VectorImage

FONT = "'DejaVu Sans', Verdana, 'Segoe UI', Arial, sans-serif"
CAPS = ("butt", "round", "square")
JOINS = ("miter", "round", "bevel")


def _n(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _path(shape: Shape, height: float) -> str:
    d = []
    for op in shape.ops:
        if op[0] == "Z":
            d.append("Z")
        else:
            coords = op[1:]
            d.append(
                op[0]
                + " ".join(f"{_n(coords[i])} {_n(height - coords[i + 1])}" for i in range(0, len(coords), 2))
            )
    attrs = [f'd="{" ".join(d)}"', f'fill="{shape.fill or "none"}"']
    if shape.fill and shape.fill_opacity < 1:
        attrs.append(f'fill-opacity="{_n(shape.fill_opacity)}"')
    if shape.stroke:
        attrs += [f'stroke="{shape.stroke}"', f'stroke-width="{_n(shape.stroke_width)}"']
        if shape.stroke_opacity < 1:
            attrs.append(f'stroke-opacity="{_n(shape.stroke_opacity)}"')
        if shape.cap:
            attrs.append(f'stroke-linecap="{CAPS[shape.cap]}"')
        if shape.join:
            attrs.append(f'stroke-linejoin="{JOINS[shape.join]}"')
        if shape.dashes:
            attrs.append(f'stroke-dasharray="{" ".join(_n(x) for x in shape.dashes)}"')
            if shape.dash_offset:
                attrs.append(f'stroke-dashoffset="{_n(shape.dash_offset)}"')
    return f"<path {' '.join(attrs)}/>"


def _label(label: Label, height: float) -> str:
    transform = f"translate({_n(label.x)} {_n(height - label.y)})"
    if label.angle:
        transform += f" rotate({_n(-label.angle)})"
    attrs = [
        f'transform="{transform}"',
        f'font-size="{_n(label.size)}"',
        f'fill="{label.colour}"',
        f'textLength="{_n(label.width)}"',
        'lengthAdjust="spacingAndGlyphs"',
    ]
    if label.weight != "normal":
        attrs.append(f'font-weight="{label.weight}"')
    if label.style != "normal":
        attrs.append(f'font-style="{label.style}"')
    if label.opacity < 1:
        attrs.append(f'fill-opacity="{_n(label.opacity)}"')
    return f"<text {' '.join(attrs)}>{escape(label.text)}</text>"


def svg(image: VectorImage, *, ident: str, title: str, desc: str, width_cm: float) -> str:
    """The chart as an ``<svg>`` element sized for a page ``width_cm`` wide at most (it shrinks with the page).

    ``ident`` makes the ids of ``<title>`` and ``<desc>`` unique in the page.
    """
    h = image.height
    body = [_label(i, h) if isinstance(i, Label) else _path(i, h) for i in image.items]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_n(image.width)} {_n(h)}" '
        f'width="{_n(width_cm / 2.54 * 96)}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f"font-family={quoteattr(FONT)}>"
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )
