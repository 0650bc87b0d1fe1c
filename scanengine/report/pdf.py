"""The PDF writer (docs/architecture.md#the-report): a report :class:`~scanengine.report.document.Document` ->
A4 PDF bytes, with ReportLab.

Layout only: the words, figures and charts are the document's; this module knows no questionnaire. All text is
escaped before it reaches a ReportLab ``Paragraph`` (which parses markup), so ``<b>`` or ``&`` in an open answer
prints as typed. Words are never split at an arbitrary letter: a word longer than its line breaks only at a
hyphenation point of the document's language (pyphen's copies of the LibreOffice patterns), or not at all.

The table of contents needs a second layout pass (``multiBuild``). The contents sit on a page of their own, so the
first pass already fixes every page break; charts are therefore drawn only from the second pass on, which saves
writing every chart's shapes twice. ``/Title``, ``/Lang``, DisplayDocTitle and an outline entry per chapter and
section are set, so a reader sees the title and can navigate; ReportLab makes no tagged PDF, which is why the HTML
rendering exists for publication.
"""

from __future__ import annotations

import io
import math
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics import renderPDF, shapes
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import FILL_NON_ZERO
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from scanengine.report import document as doc_nodes
from scanengine.report import fonts
from scanengine.report.charts import Chart
from scanengine.report.document import Document, Node
from scanengine.report.text import hyphenator
from scanengine.report.vector import Label, Shape, VectorImage

PDF_LANG = {"nl": "nl-NL", "en": "en-GB"}
MARGIN = 2 * cm
MARGIN_V = 1.7 * cm  # top and bottom: room for one dimension per page, header and footer still clear
FRAME_WIDTH = A4[0] - 2 * MARGIN
FRAME_HEIGHT = A4[1] - 2 * MARGIN_V
INK = colors.HexColor("#1b2a3a")
ACCENT = colors.HexColor("#1f5f99")
RULE = colors.HexColor("#c8d0d8")
ZEBRA = colors.HexColor("#f2f5f8")
CONCLUSION_BG = colors.HexColor("#eef4fa")
# a table used only to place things (the contents, columns side by side): no padding, the report's font
FLUSH = [
    ("FONTNAME", (0, 0), (-1, -1), fonts.FAMILY),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]

# Binary streams, not ASCII85: a quarter smaller; only 7-bit mail transports ever needed ASCII85. (ReportLab reads
# this setting when it writes a stream; it has no per-document switch.)
rl_config.useA85 = 0


def esc(text: str) -> str:
    """Plain text, safe inside a Paragraph; line breaks kept."""
    return escape(text).replace("\n", "<br/>")


# -- styles -------------------------------------------------------------------------------------------------------


def _styles(lang: str) -> dict[str, ParagraphStyle]:
    f = fonts.register()
    base = ParagraphStyle(
        "body",
        fontName=f,
        fontSize=9.3,
        leading=12.4,
        textColor=INK,
        spaceAfter=3.5,
        alignment=TA_LEFT,
        bulletFontName=f,
        splitLongWords=0,  # never break a word at an arbitrary letter
    )

    def style(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    # in a narrow table cell a word longer than the cell may break, but only at a hyphenation point of the language
    cell = style(
        "cell",
        fontSize=7.8,
        leading=9.4,
        spaceAfter=0,
        hyphenationLang=hyphenator(lang),
        hyphenationMinWordLength=8,
    )
    return {
        "body": base,
        "title": style("title", fontName=fonts.BOLD, fontSize=24, leading=29, textColor=ACCENT, spaceAfter=8),
        "subtitle": style("subtitle", fontSize=14, leading=18, spaceAfter=24),
        "h1": style(
            "h1",
            fontName=fonts.BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": style(
            "h2", fontName=fonts.BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4, keepWithNext=1
        ),
        "h3": style(
            "h3", fontName=fonts.BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2, keepWithNext=1
        ),
        "h4": style(
            "h4", fontName=fonts.BOLD, fontSize=9.3, leading=12, spaceBefore=4, spaceAfter=2, keepWithNext=1
        ),
        "caption": style(
            "caption", fontSize=8.5, leading=11.5, spaceAfter=6, textColor=colors.HexColor("#33404d")
        ),
        "note": style("note", fontSize=8.5, leading=11.5, spaceAfter=6, textColor=colors.HexColor("#33404d")),
        "tcaption": style(
            "tcaption",
            fontName=fonts.BOLD,
            fontSize=8.3,
            leading=11,
            spaceBefore=2,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "lead": style("lead", fontName=fonts.ITALIC, spaceAfter=6),
        "conclusion": style(
            "conclusion",
            fontSize=10,
            leading=13.6,
            spaceAfter=5,
            leftIndent=8,
            borderPadding=(4, 6, 4, 6),
            backColor=CONCLUSION_BG,
        ),
        "cell": cell,
        "cellnum": ParagraphStyle("cellnum", parent=cell, alignment=TA_RIGHT),
        "cellb": ParagraphStyle("cellb", parent=cell, fontName=fonts.BOLD),
        "cellbnum": ParagraphStyle("cellbnum", parent=cell, fontName=fonts.BOLD, alignment=TA_RIGHT),
        "answer": style("answer", fontSize=9, leading=12, leftIndent=10, bulletIndent=0, spaceAfter=3),
        "toc1": style("toc1", fontName=fonts.BOLD, fontSize=10.5, leading=16, spaceAfter=0),
        "toc2": style("toc2", fontSize=9.5, leading=13, leftIndent=16, spaceAfter=0),
    }


# -- charts -------------------------------------------------------------------------------------------------------


def drawing(image: VectorImage) -> shapes.Drawing:
    """A recorded chart as ReportLab shapes, in the report's embedded DejaVu Sans."""
    fonts.register()
    out = shapes.Drawing(image.width, image.height, initialFontName=fonts.FAMILY)
    names = {
        ("normal", "normal"): fonts.FAMILY,
        ("bold", "normal"): fonts.BOLD,
        ("normal", "italic"): fonts.ITALIC,
        ("bold", "italic"): fonts.BOLD_ITALIC,
    }
    for item in image.items:
        if isinstance(item, Label):
            text = shapes.String(
                0,
                0,
                item.text,
                fontName=names[(item.weight, item.style)],
                fontSize=item.size,
                fillColor=colors.HexColor(item.colour),
            )
            if item.opacity < 1:
                text.fillOpacity = item.opacity
            a = math.radians(item.angle)
            c, s = math.cos(a), math.sin(a)
            out.add(shapes.Group(text, transform=(c, s, -s, c, item.x, item.y)))
            continue
        out.add(_path(item))
    return out


def _path(item: Shape) -> shapes.Path:
    # "svg": a fill closes the outline implicitly and a stroke does not (as in matplotlib); non-zero winding
    p = shapes.Path(autoclose="svg", fillMode=FILL_NON_ZERO)
    for op in item.ops:
        if op[0] == "M":
            p.moveTo(*op[1:])
        elif op[0] == "L":
            p.lineTo(*op[1:])
        elif op[0] == "C":
            p.curveTo(*op[1:])
        else:
            p.closePath()
    p.fillColor = colors.HexColor(item.fill) if item.fill else None
    if item.fill and item.fill_opacity < 1:
        p.fillOpacity = item.fill_opacity
    if item.stroke:
        p.strokeColor = colors.HexColor(item.stroke)
        p.strokeWidth = item.stroke_width
        if item.stroke_opacity < 1:
            p.strokeOpacity = item.stroke_opacity
        p.strokeLineCap, p.strokeLineJoin = item.cap, item.join
        if item.dashes:
            p.strokeDashArray = (
                (item.dash_offset, list(item.dashes)) if item.dash_offset else list(item.dashes)
            )
    else:
        p.strokeColor = None
    return p


class ChartFlowable(Flowable):
    """A chart at its intended size, scaled down to the frame width if needed."""

    def __init__(self, chart: Chart):
        super().__init__()
        self.chart = chart
        self._drawing: shapes.Drawing | None = None

    def wrap(self, avail_width, avail_height):
        w, h = self.chart.width_cm * cm, self.chart.height_cm * cm
        if w > avail_width:
            h, w = h * avail_width / w, avail_width
        if h > FRAME_HEIGHT:  # taller than a page: shrink to one page rather than fail
            w, h = w * FRAME_HEIGHT / h, FRAME_HEIGHT
        self.width, self.height = w, h
        return w, h

    def draw(self):
        doctemplate = getattr(self.canv, "_doctemplate", None)
        if doctemplate is not None and getattr(doctemplate, "layout_pass", 2) < 2:
            return  # first pass only measures pages (see the module docstring)
        if self._drawing is None:
            self._drawing = drawing(self.chart.image)
        self.canv.saveState()
        self.canv.scale(self.width / self._drawing.width, self.height / self._drawing.height)
        renderPDF.draw(self._drawing, self.canv, 0, 0)
        self.canv.restoreState()


class Heading(Paragraph):
    """A heading that becomes a bookmark, an outline entry and a table-of-contents line (when it is in the
    outline: chapters and their sections, not the small headings inside a section)."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str, outline: bool):
        super().__init__(esc(text), style)
        self.toc_level, self.toc_text, self.toc_key, self.outline = level, text, key, outline


class ReportDoc(BaseDocTemplate):
    """A4 with a cover page and numbered body pages whose header names the round."""

    def __init__(self, buf, *, header: str, page_label: str, **kw):
        super().__init__(
            buf,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN_V,
            bottomMargin=MARGIN_V,
            **kw,
        )
        self.header, self.page_label = header, page_label
        self.layout_pass = 0
        frame = Frame(
            MARGIN,
            MARGIN_V,
            FRAME_WIDTH,
            A4[1] - 2 * MARGIN_V,
            id="main",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [PageTemplate("cover", [frame]), PageTemplate("body", [frame], onPage=self._decorate)]
        )

    def beforeDocument(self):
        self.layout_pass += 1
        self.canv._doctemplate = self

    def _decorate(self, canv, doc):
        canv.saveState()
        canv.setFont(fonts.FAMILY, 7.5)
        canv.setFillColor(colors.HexColor("#5a6673"))
        canv.drawString(MARGIN, A4[1] - MARGIN_V + 0.6 * cm, self.header)
        canv.setStrokeColor(RULE)
        canv.line(MARGIN, A4[1] - MARGIN_V + 0.45 * cm, A4[0] - MARGIN, A4[1] - MARGIN_V + 0.45 * cm)
        canv.drawRightString(
            A4[0] - MARGIN, MARGIN_V - 0.8 * cm, self.page_label.format(n=canv.getPageNumber())
        )
        canv.restoreState()

    def afterFlowable(self, flowable):
        if isinstance(flowable, Heading):
            if not flowable.outline:
                return
            key = flowable.toc_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_text, key, level=flowable.toc_level, closed=False)
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_text, self.page, key))


# -- the writer ---------------------------------------------------------------------------------------------------


class _Writer:
    """Turns the document's nodes into ReportLab flowables."""

    def __init__(self, document: Document):
        self.doc = document
        self.s = _styles(document.lang)

    def story(self) -> list:
        d = self.doc
        out: list = [
            Spacer(1, 3 * cm),
            Paragraph(esc(d.cover.title), self.s["title"]),
            Paragraph(esc(d.cover.subtitle), self.s["subtitle"]),
            self.table(d.cover.facts),
            Spacer(1, 0.6 * cm),
        ]
        for note in d.cover.notes:
            out += self.node(note, 1)
        if d.cover.reading is not None:
            out += [Spacer(1, 1.5 * cm), Paragraph(esc(d.cover.reading.title), self.s["h2"])]
            for child in d.cover.reading.children:
                out += self.node(child, 1)
        out += [NextPageTemplate("body"), PageBreak()]
        out += self.contents()
        for chapter in d.chapters:
            out += self.node(chapter, 0)
        return out

    def contents(self) -> list:
        toc = TableOfContents(dotsMinLevel=0)
        toc.levelStyles = [self.s["toc1"], self.s["toc2"]]
        toc.tableStyle = TableStyle(FLUSH)
        return [Paragraph(esc(self.doc.contents_title), self.s["h1"]), toc, PageBreak()]

    def node(self, node: Node, depth: int) -> list:
        """The flowables of ``node``; ``depth`` is the outline level of a section inside it."""
        if isinstance(node, doc_nodes.Section):
            out: list = []
            if node.new_page == "auto":
                out.append(CondPageBreak(FRAME_HEIGHT / 2))
            elif node.new_page:
                out.append(PageBreak())
            style = self.s[f"h{min(node.level, 4)}"]
            out.append(Heading(node.heading, style, min(node.level - 1, 2), node.anchor, node.outline))
            for child in node.children:
                out += self.node(child, depth + 1)
            return out
        if isinstance(node, doc_nodes.Paragraph):
            if node.role == "answer":
                return [Paragraph(esc(node.text), self.s["answer"], bulletText="–")]
            return [Paragraph(esc(node.text), self.s[node.role])]
        if isinstance(node, doc_nodes.Bullets):
            style, mark = (self.s["answer"], "–") if node.role == "answer" else (self.s["body"], "•")
            return [Paragraph(esc(item), style, bulletText=mark) for item in node.items]
        if isinstance(node, doc_nodes.Table):
            out = [Paragraph(esc(node.caption), self.s["tcaption"])] if node.print_caption else []
            return out + [self.table(node), Spacer(1, 4)]
        if isinstance(node, doc_nodes.Figure):
            out = [ChartFlowable(node.chart)]
            if node.caption:
                out.append(Paragraph(esc(node.caption), self.s["caption"]))
            return out
        if isinstance(node, doc_nodes.Keep):
            inner: list = []
            for child in node.children:
                inner += self.node(child, depth)
            return [KeepTogether(inner)]
        if isinstance(node, doc_nodes.Columns):
            return [self.columns(node, depth)]
        raise TypeError(f"the PDF writer has no rendering for {type(node).__name__}")

    def table(self, t: doc_nodes.Table, width: float = FRAME_WIDTH) -> Table:
        widths = [c.width * cm for c in t.columns]
        total = sum(widths)
        if total > width:  # the hints are in cm for the full frame; a narrower place scales them
            widths = [w * width / total for w in widths]
        data, spans = [], []
        if t.header:
            data.append(
                [Paragraph(esc(c.label), self.s["cellbnum" if c.numeric else "cellb"]) for c in t.columns]
            )
        emphasis = []
        for row in t.rows:
            if isinstance(row, doc_nodes.GroupRow):
                spans.append(len(data))
                data.append([Paragraph(esc(row.text), self.s["cellb"])] + [""] * (len(t.columns) - 1))
                continue
            if any(c.emphasis for c in row.cells):
                emphasis.append(len(data))
            data.append(
                [
                    Paragraph(
                        esc(c.text),
                        self.s[("cellb" if c.emphasis else "cell") + ("num" if c.numeric else "")],
                    )
                    for c in row.cells
                ]
            )
        tbl = Table(data, colWidths=widths, repeatRows=1 if t.header else 0, hAlign="LEFT")
        style = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.FAMILY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ]
        if t.header:
            style += [("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("BACKGROUND", (0, 0), (-1, 0), ZEBRA)]
        for i in spans:
            style += [("SPAN", (0, i), (-1, i)), ("LINEABOVE", (0, i), (-1, i), 0.5, RULE)]
        for i in emphasis:
            style += [("LINEBELOW", (0, i), (-1, i), 0.5, RULE)]
        tbl.setStyle(TableStyle(style))
        return tbl

    def columns(self, node: doc_nodes.Columns, depth: int) -> Table:
        """Side by side: the first column a little narrower (it usually holds the invitation groups)."""
        n = len(node.columns)
        widths = [7.9 * cm, 9.1 * cm] if n == 2 else [FRAME_WIDTH / n] * n
        cells = []
        for column, width in zip(node.columns, widths, strict=True):
            flow: list = []
            for child in column:
                if isinstance(child, doc_nodes.Table):
                    flow += [Paragraph(esc(child.caption), self.s["tcaption"])] if child.print_caption else []
                    flow += [self.table(child, width - 0.3 * cm), Spacer(1, 5)]
                else:
                    flow += self.node(child, depth)
            cells.append(flow)
        outer = Table([cells], colWidths=widths, hAlign="LEFT")
        outer.setStyle(TableStyle(FLUSH))
        return outer


def render(document: Document, *, invariant: bool = False) -> bytes:
    """The document as PDF bytes. ``invariant`` fixes the creation date and document id, so the same document
    gives the same bytes (tests)."""
    buf = io.BytesIO()
    pdf = ReportDoc(
        buf,
        header=document.header,
        page_label=document.page_label,
        title=document.title,
        author="Scanengine",
        subject=document.subject,
        creator="Scanengine",
        lang=PDF_LANG[document.lang],
        invariant=1 if invariant else 0,
        initialFontName=fonts.FAMILY,
        displayDocTitle=1,
    )
    pdf.multiBuild(_Writer(document).story())
    return buf.getvalue()
