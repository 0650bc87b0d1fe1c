"""The benchmark PDF (docs/architecture.md, "The report"): a :class:`~scanengine.analysis.Results` -> A4 PDF bytes.

Layout only: the figures come from the analysis, the sentences from :mod:`scanengine.report.text`, the charts
from :mod:`scanengine.report.charts`. Everything from the definition or from participants is escaped before it
reaches a ReportLab ``Paragraph`` (which parses markup), so ``<b>`` or ``&`` in an open answer prints as typed.

The table of contents needs a second layout pass (``multiBuild``). The contents sit on a page of their own, so the
first pass already fixes every page break; charts are therefore drawn only from the second pass on, which saves
writing every chart's shapes twice.

Each question kind's pages come from its block (scanengine.report.blocks); what stays here (about 470 lines) is
the document: template, styles, table helper and the chapters that belong to no kind (cover, contents, summary,
heatmap, method).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
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

from scanengine import kinds, texts
from scanengine.report import blocks, charts, fonts
from scanengine.report.text import (
    check_lang,
    date_text,
    loc,
    num,
    pct,
    short_title,
    signed,
    t,
)

PDF_LANG = {"nl": "nl-NL", "en": "en-GB"}
MARGIN = 2 * cm
MARGIN_V = 1.7 * cm  # top and bottom: room for one dimension per page, header and footer still clear
INK = colors.HexColor("#1b2a3a")
ACCENT = colors.HexColor("#1f5f99")
RULE = colors.HexColor("#c8d0d8")
ZEBRA = colors.HexColor("#f2f5f8")

# Binary streams, not ASCII85: a quarter smaller, and without ReportLab's optional C accelerator the pure-Python
# encoder was the largest single cost of a report when the charts were images. Only 7-bit mail transports ever
# needed ASCII85. (ReportLab reads this setting when it writes a stream; it has no per-document switch.)
rl_config.useA85 = 0


def esc(text: str) -> str:
    """Text from a definition or a participant, safe inside a Paragraph; line breaks kept."""
    return escape(text).replace("\n", "<br/>")


# -- styles -------------------------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
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
    )
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName=fonts.BOLD, fontSize=24, leading=29, textColor=ACCENT, spaceAfter=8
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=14, leading=18, spaceAfter=24),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontSize=8.5,
            leading=11.5,
            spaceAfter=6,
            textColor=colors.HexColor("#33404d"),
        ),
        "lead": ParagraphStyle("lead", parent=base, fontName=fonts.ITALIC, spaceAfter=6),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.8, leading=9.4, spaceAfter=0),
        "cellb": ParagraphStyle(
            "cellb", parent=base, fontName=fonts.BOLD, fontSize=7.8, leading=9.4, spaceAfter=0
        ),
        "answer": ParagraphStyle(
            "answer", parent=base, fontSize=9, leading=12, leftIndent=10, bulletIndent=0, spaceAfter=3
        ),
        "toc1": ParagraphStyle(
            "toc1", parent=base, fontName=fonts.BOLD, fontSize=10.5, leading=16, spaceAfter=0
        ),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=9.5, leading=13, leftIndent=16, spaceAfter=0),
    }


# -- flowables ----------------------------------------------------------------------------------------------------


class ChartFlowable(Flowable):
    """A chart (vector drawing) at its intended size, scaled down to the frame width if needed."""

    def __init__(self, chart: charts.Chart):
        super().__init__()
        self.chart = chart

    def wrap(self, avail_width, avail_height):
        w, h = self.chart.width_cm * cm, self.chart.height_cm * cm
        if w > avail_width:
            h, w = h * avail_width / w, avail_width
        self.width, self.height = w, h
        return w, h

    def draw(self):
        doc = getattr(self.canv, "_doctemplate", None)
        if doc is not None and getattr(doc, "layout_pass", 2) < 2:
            return  # first pass only measures pages (see the module docstring)
        drawing = self.chart.drawing
        self.canv.saveState()
        self.canv.scale(self.width / drawing.width, self.height / drawing.height)
        renderPDF.draw(drawing, self.canv, 0, 0)
        self.canv.restoreState()


class Heading(Paragraph):
    """A heading that becomes a bookmark, an outline entry and a table-of-contents line."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str):
        super().__init__(esc(text), style)
        self.toc_level, self.toc_text, self.toc_key = level, text, key


class ReportDoc(BaseDocTemplate):
    """A4 with a cover page and numbered body pages whose header names the round."""

    def __init__(self, buf, *, header: str, report_lang: str, **kw):
        super().__init__(
            buf,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN_V,
            bottomMargin=MARGIN_V,
            **kw,
        )
        self.header, self.report_lang = header, report_lang
        self.layout_pass = 0
        frame = Frame(
            MARGIN,
            MARGIN_V,
            A4[0] - 2 * MARGIN,
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
            A4[0] - MARGIN, MARGIN_V - 0.8 * cm, t(self.report_lang, "page", n=canv.getPageNumber())
        )
        canv.restoreState()

    def afterFlowable(self, flowable):
        if isinstance(flowable, Heading):
            key = flowable.toc_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_text, key, level=flowable.toc_level, closed=False)
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_text, self.page, key))


# -- the report ---------------------------------------------------------------------------------------------------


class _Builder:
    """Builds the story of one report in one language."""

    def __init__(self, results, lang: str):
        self.r = results
        self.q = results.questionnaire
        self.lang = lang
        self.s = _styles()
        self.points = self.q.scale.points if self.q.scale is not None else None  # None: only sections
        self.story: list = []
        self._keys = 0
        self._chapters = 0

    esc = staticmethod(esc)

    # small helpers
    def t(self, key: str, **kw) -> str:
        return t(self.lang, key, **kw)

    def num(self, v, digits: int = 2) -> str:
        return num(v, self.lang, digits)

    def chapter(self) -> int:
        """The number of the next chapter (chapters are numbered in the order they are added)."""
        self._chapters += 1
        return self._chapters

    def chart(self, chart: charts.Chart) -> Flowable:
        return ChartFlowable(chart)

    def p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(esc(text), self.s[style])

    def add(self, *flowables) -> None:
        self.story.extend(flowables)

    def heading(self, text: str, level: int) -> Heading:
        self._keys += 1
        return Heading(text, self.s[f"h{level + 1}"], level, f"h{self._keys}")

    def table(
        self, rows: list[list], widths: list[float], *, header: bool = True, spans: Sequence[int] = ()
    ) -> Table:
        def cell(v, bold=False):
            if isinstance(v, Flowable):
                return v
            return Paragraph(esc(str(v)), self.s["cellb" if bold else "cell"])

        data = [[cell(v, header and i == 0 or i in spans) for v in row] for i, row in enumerate(rows)]
        tbl = Table(data, colWidths=[w * cm for w in widths], repeatRows=1 if header else 0, hAlign="LEFT")
        style = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.FAMILY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ]
        if header:
            style += [("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("BACKGROUND", (0, 0), (-1, 0), ZEBRA)]
        for i in spans:
            style += [("SPAN", (0, i), (-1, i)), ("LINEABOVE", (0, i), (-1, i), 0.5, RULE)]
        tbl.setStyle(TableStyle(style))
        return tbl

    def band(self, index) -> str:
        if index is None:
            return self.t("none")
        return loc(self.q.bands[index].label, self.lang)

    def dim_title(self, dim) -> str:
        return loc(dim.title, self.lang)

    def has_figures(self) -> bool:
        return self.r.n > 0 and not self.r.suppressed

    # sections
    def build(self) -> list:
        """The outline: cover, contents, summary, the statements by dimension, the heatmap, the other kinds'
        sections, the open answers, the method. Each question kind's pages come from its block
        (scanengine.report.blocks), placed at the part of the definition its questions live in."""
        self.cover()
        self.contents()
        self.summary()
        if self.q.dimensions:  # a definition of only sections has no statement chapters
            self.part("dimensions")
            self.heatmap()
        self.part("sections")
        if self.q.decision is not None:  # not a question kind: its own chapter (report/blocks/decision.py)
            blocks.get("decision").render(self, [])
        self.part("open")
        self.method()
        return self.story

    def part(self, name: str) -> None:
        """The pages of every kind whose block belongs to part ``name``, in the order of the kinds' registry."""
        for kind in kinds.all():
            block = blocks.find(kind.name)
            if block is not None and block.part == name:
                block.render(self, [e for e in self.q.entries if e.kind is kind])

    def cover(self) -> None:
        r, lang = self.r, self.lang
        self.add(
            Spacer(1, 3 * cm),
            self.p(loc(self.q.title, lang), "title"),
            self.p(self.t("report_kind"), "subtitle"),
        )
        if r.expected and r.response_rate is not None:
            rate = self.t("rate_value", rate=pct(r.response_rate, lang), expected=r.expected)
        else:
            rate = self.t("rate_unknown")
        rows = [
            [self.t("cooperation"), r.cooperation],
            [self.t("round"), r.round_name],
            [self.t("questionnaire"), f"{loc(self.q.title, lang)} ({self.q.id} {self.q.version})"],
        ]
        if r.closed_at is not None:
            rows.append([self.t("closed_on"), date_text(r.closed_at, lang)])
        rows += [[self.t("respondents"), str(r.n)], [self.t("response_rate"), rate]]
        self.add(self.table(rows, [4.5, 12.5], header=False), Spacer(1, 0.6 * cm))
        if r.status != "closed":
            self.add(self.p(self.t("not_closed"), "lead"))
        if self.q.scale is not None:
            labels = self.q.scale.labels.get(lang) or self.q.scale.labels["nl"]
            self.add(
                Spacer(1, 1.5 * cm),
                self.p(self.t("how_to_read_h"), "h2"),
                self.p(self.t("how_to_read", low=labels[0], high=labels[-1], points=self.points, k=r.k)),
            )
        self.add(NextPageTemplate("body"), PageBreak())

    def contents(self) -> None:
        toc = TableOfContents(dotsMinLevel=0)
        toc.levelStyles = [self.s["toc1"], self.s["toc2"]]
        toc.tableStyle = TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.FAMILY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
        self.add(self.p(self.t("toc"), "h1"), toc, PageBreak())

    def summary(self) -> None:
        r, lang = self.r, self.lang
        self.add(self.heading(f"{self.chapter()} {self.t('summary_h')}", 0))
        if r.n == 0:
            self.add(self.p(self.t("summary_no_data")))
            return
        if r.suppressed:
            self.add(self.p(self.t("round_suppressed", k=r.k)))
            return
        if not self.q.dimensions:  # only sections: their chapters carry the figures
            self.participation()
            return
        dims = r.dimensions
        means = [d.mean for d in dims]
        known = [m for m in means if m is not None]
        rate_part = (
            self.t("summary_intro_rate", rate=pct(r.response_rate, lang))
            if r.response_rate is not None
            else ""
        )
        overall = sum(known) / len(known) if known else None
        self.add(
            self.p(
                self.t(
                    "summary_intro", n=r.n, rate_part=rate_part, mean=self.num(overall), points=self.points
                )
            )
        )
        if known:
            self.add(*self.overview())
        rows = [
            [
                self.t("col_dimension"),
                self.t("col_mean"),
                self.t("col_band"),
                self.t("col_change"),
                self.t("col_percentile"),
                self.t("col_n"),
            ]
        ]
        for d in dims:
            rows.append(
                [
                    self.dim_title(d),
                    self.num(d.mean),
                    self.band(d.band_index),
                    signed(d.trend.diff, lang) if d.trend else self.t("none"),
                    self.num(d.benchmark.percentile, 0) if d.benchmark else self.t("none"),
                    self.t("none") if d.n is None else str(d.n),
                ]
            )
        self.add(
            self.table(rows, [5.2, 2.2, 2.8, 2.6, 2.6, 1.6]),
            Spacer(1, 3),
            self.p(self.t("table_caption"), "caption"),
        )
        titles = {d.id: self.dim_title(d) for d in dims}
        for key, items in (("strongest_h", r.strongest), ("weakest_h", r.weakest)):
            if not items:
                continue
            rows = [[self.t("col_statement"), self.t("col_dimension"), self.t("col_mean")]]
            rows += [
                [
                    loc(i.text, lang) + (" " + self.t("reverse_mark") if i.reverse else ""),
                    titles.get(i.dimension_id, i.dimension_id),
                    self.num(i.mean),
                ]
                for i in items
            ]
            self.add(
                KeepTogether(
                    [
                        self.heading(self.t(key), 1),
                        self.p(self.t("statements_intro"), "caption"),
                        self.table(rows, [10.6, 4.1, 2.3]),
                    ]
                )
            )
        self.add(self.heading(self.t("gaps_h"), 1))
        breakdown_titles = {b: loc(title, lang) for b, title in r.breakdowns}
        if r.gaps:
            for g in r.gaps:
                sentence = self.t(
                    "gap_sentence",
                    dimension=f"{titles.get(g.dimension_id, g.dimension_id)} "
                    f"({breakdown_titles.get(g.breakdown, g.breakdown).lower()})",
                    high=loc(g.high_label, lang),
                    high_mean=self.num(g.high_mean),
                    diff=self.num(g.diff),
                    low=loc(g.low_label, lang),
                    low_mean=self.num(g.low_mean),
                )
                self.add(Paragraph(esc(sentence), self.s["body"], bulletText="•"))
        else:
            self.add(self.p(self.t("no_gaps")))
        self.participation()

    def overview(self) -> list:
        r = self.r
        dims = r.dimensions
        labels = [self.dim_title(d) for d in dims]
        bench = [d.benchmark.median if d.benchmark else None for d in dims]
        prev = [d.trend.previous_mean if d.trend else None for d in dims]
        has_bench = any(b is not None for b in bench)
        has_prev = any(p is not None for p in prev)
        prev_name = (r.previous_round or {}).get("name") or next(
            (d.trend.previous_round_name for d in dims if d.trend), ""
        )
        legend = (self.t("legend_round"), self.t("legend_bench"), f"{self.t('legend_prev')}: {prev_name}")
        chart = charts.overview(
            labels,
            [d.mean for d in dims],
            self.q.statement_scale.points,  # the overview is of the statements' dimensions
            benchmark=bench if has_bench else None,
            previous=prev if has_prev else None,
            legend=legend,
        )
        scored = [(d.mean, self.dim_title(d)) for d in dims if d.mean is not None]
        best, worst = max(scored), min(scored)
        caption = self.t(
            "radar_caption" if len(dims) >= 3 else "bars_caption",
            best=best[1],
            best_mean=self.num(best[0]),
            worst=worst[1],
            worst_mean=self.num(worst[0]),
        )
        caption += self.t("radar_bench", rounds=r.benchmark_rounds) if has_bench else self.t("radar_no_bench")
        caption += self.t("radar_prev", name=prev_name) if has_prev else self.t("radar_no_prev")
        return [ChartFlowable(chart), self.p(caption, "caption")]

    def participation(self) -> None:
        r, lang = self.r, self.lang
        shown = [g for g in r.group_counts if not g.suppressed]
        hidden = len(r.group_counts) - len(shown)
        rows = [[self.t("col_group"), self.t("col_responses"), self.t("col_expected"), self.t("col_rate")]]
        for g in shown:
            rate = g.responses / g.expected if g.expected and g.responses is not None else None
            rows.append(
                [g.name, str(g.responses), str(g.expected) if g.expected else self.t("none"), pct(rate, lang)]
            )
        block = [
            self.heading(self.t("participation_h"), 1),
            self.p(self.t("participation_caption"), "caption"),
        ]
        if shown:
            block.append(self.table(rows, [6.5, 3.0, 3.0, 4.5]))
        if hidden:
            block += [Spacer(1, 3), self.p(self.t("suppressed_note", count=hidden, k=r.k), "caption")]
        self.add(KeepTogether(block))

    def heatmap(self) -> None:
        r, lang = self.r, self.lang
        self.add(PageBreak(), self.heading(f"{self.chapter()} {self.t('heatmap_h')}", 0))
        if not self.has_figures():
            self.add(self.p(self.t("round_suppressed", k=r.k) if r.n else self.t("summary_no_data")))
            return
        rows, sections = [], []
        values: list[list[float | None]] = []
        columns = [self.dim_title(d) for d in r.dimensions]
        by_dim = [{(g.breakdown, g.key): g for g in d.groups} for d in r.dimensions]
        names = []  # the group of each row, for the caption
        for breakdown, title in r.breakdowns:
            order = [g for g in r.dimensions[0].groups if g.breakdown == breakdown] if r.dimensions else []
            block = []
            for g in order:
                found = [lookup.get((breakdown, g.key)) for lookup in by_dim]
                cells = [None if gd is None or gd.suppressed else gd.mean for gd in found]
                if all(v is None for v in cells):
                    continue  # suppressed (or nobody answered): left out, as in the group tables, name and all
                block.append((loc(g.label, lang), cells))
            if block:
                rows.append(short_title(loc(title, lang)))
                sections.append("")  # a header row
                values.append([None] * len(columns))
                names.append("")
                for label, cells in block:
                    rows.append(label)
                    sections.append(breakdown)
                    values.append(cells)
                    names.append(label)
        shown = [
            (v, names[i], columns[j])
            for i, row in enumerate(values)
            for j, v in enumerate(row)
            if v is not None
        ]
        if not shown:
            self.add(self.p(self.t("heatmap_none", k=r.k)))
            return
        hi, lo = max(shown), min(shown)
        caption = self.t("heatmap_caption", k=r.k) + self.t(
            "heatmap_extremes",
            hi_group=hi[1],
            hi_dim=hi[2],
            hi=self.num(hi[0]),
            lo_group=lo[1],
            lo_dim=lo[2],
            lo=self.num(lo[0]),
        )
        chart = charts.heatmap(
            rows,
            sections,
            columns,
            values,
            self.q.statement_scale.points,  # the heat map is of the statements' dimensions
            self.t("heatmap_suppressed"),
            decimal="," if lang == "nl" else ".",
        )
        self.add(self.p(caption, "caption"), ChartFlowable(chart))

    def method(self) -> None:
        r, lang, q = self.r, self.lang, self.q
        self.add(PageBreak(), self.heading(f"{self.chapter()} {self.t('method_h')}", 0))
        sections = [("method_anonymity_h", [self.t("method_anonymity", k=r.k)])]
        if q.scale is not None:  # the statements' scale, scoring and bands
            labels = q.scale.labels.get(lang) or q.scale.labels["nl"]
            scale = self.t(
                "method_scale",
                points=self.points,
                labels="; ".join(f"{i} = {lbl}" for i, lbl in enumerate(labels, start=1)),
            )
            if q.scale.dont_know:
                scale += self.t("method_dk", dk=loc(q.scale.dont_know, lang))
            scoring = self.t("method_scoring", p1=q.scale.points + 1)
            reversed_items = [f"'{loc(i.text, lang)}'" for i in q.items if i.reverse]
            if reversed_items:
                scoring += self.t("method_reverse", items="; ".join(reversed_items))
            bands = "; ".join(
                self.t("method_band", label=loc(b.label, lang), min=self.num(b.min, 1)) for b in q.bands
            )
            sections = [
                ("method_scale_h", [scale]),
                ("method_scoring_h", [scoring]),
                ("method_missing_h", [self.t("method_missing")]),
                ("method_bands_h", [bands + "."]),
                *sections,
                ("method_tests_h", [self.t("method_tests")]),
                (
                    "method_definitions_h",
                    [
                        self.t(k)
                        for k in ("def_mean", "def_sd", "def_rwg", "def_alpha", "def_icc", "def_percentile")
                    ],
                ),
            ]
        for head, paragraphs in sections:
            self.add(self.p(self.t(head), "h3"), *[self.p(x) for x in paragraphs])
        notes = [texts.render(lang, n) for n in r.notes]
        if notes:
            self.add(self.p(self.t("method_notes_h"), "h3"))
            self.add(*[Paragraph(esc(n), self.s["body"], bulletText="•") for n in notes])


def build_pdf(results, lang: str = "nl", *, invariant: bool = False) -> bytes:
    """The benchmark report of ``results`` in ``lang`` as PDF bytes.

    ``invariant`` fixes the creation date and document id, so the same results give the same bytes (tests).
    """
    check_lang(lang)
    if lang not in results.questionnaire.languages:
        raise ValueError(
            f"the questionnaire has no texts in {lang!r} (it has: "
            f"{', '.join(results.questionnaire.languages)})"
        )
    builder = _Builder(results, lang)
    story = builder.build()
    title = f"{loc(results.questionnaire.title, lang)} — {results.cooperation} — {results.round_name}"
    buf = io.BytesIO()
    doc = ReportDoc(
        buf,
        header=f"{results.cooperation} · {results.round_name}",
        report_lang=lang,
        title=title,
        author="Scanengine",
        subject=f"{t(lang, 'report_kind')}: {results.cooperation}",
        creator="Scanengine",
        lang=PDF_LANG[lang],
        invariant=1 if invariant else 0,
        initialFontName=fonts.FAMILY,
        displayDocTitle=1,
    )
    doc.multiBuild(story)
    return buf.getvalue()
