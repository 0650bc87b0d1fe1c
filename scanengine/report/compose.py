"""A round's results -> the report document (:mod:`scanengine.report.document`), in one language.

The outline (docs/architecture.md#the-report): cover, the summary first, a chapter per part of the definition
(the statements by dimension and the heatmap of groups × dimensions, one chapter per section, the decision), the
open answers, the method. Each question kind's chapters come from its block (:mod:`scanengine.report.blocks`),
placed at the part of the definition its questions live in; the chapters that belong to no kind (cover, summary,
method) are written here. Nothing here knows a format: the PDF and the HTML writer render the same tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from scanengine import kinds, texts
from scanengine.analysis.results import UNKNOWN_KEY
from scanengine.report import blocks, charts
from scanengine.report.document import (
    Bullets,
    Cell,
    Column,
    Cover,
    Document,
    Figure,
    GroupRow,
    Keep,
    Node,
    Paragraph,
    Role,
    Row,
    Section,
    Table,
)
from scanengine.report.text import check_lang, date_text, first_sentence, glue, loc, num, pct, t

FULL_WIDTH = 17.0  # cm, the printed frame's width
# the order of the conclusion's paragraphs: what an instrument asks the partners to choose (a decision, the
# questions of its sections) before what its statements measure, which then reads as the context of that choice
CONCLUDING_PARTS = ("decision", "businesscase", "sections", "dimensions")


class Builder:
    """Builds the document of one report in one language; the blocks add to it through these helpers."""

    def __init__(self, results, lang: str):
        self.r = results
        self.q = results.questionnaire
        self.lang = lang
        self.points = self.q.scale.points if self.q.scale is not None else None  # None: only sections
        self.chapters: list[Section] = []
        self.current: Section | None = None
        self._anchors = 0
        self._figures = 0

    # -- words and numbers -----------------------------------------------------------------------------------
    def t(self, key: str, **kw) -> str:
        return t(self.lang, key, **kw)

    def num(self, v, digits: int = 2) -> str:
        return num(v, self.lang, digits)

    def pct(self, v) -> str:
        return pct(v, self.lang)

    def loc(self, text) -> str:
        return loc(text, self.lang)

    def band(self, index) -> str:
        if index is None:
            return self.t("none")
        return loc(self.q.bands[index].label, self.lang)

    def dim_title(self, dim) -> str:
        return loc(dim.title, self.lang)

    def breakdown_title(self, title) -> str:
        """A background question as the heading of its groups: its first sentence, whole."""
        return first_sentence(loc(title, self.lang))

    def group_label(self, g) -> str:
        """A group's name; respondents without an answer to the breakdown's question form their own group."""
        return self.t("unknown_group") if g.key == UNKNOWN_KEY else (loc(g.label, self.lang) or g.key)

    def has_figures(self) -> bool:
        return self.r.n > 0 and not self.r.suppressed

    # -- structure -----------------------------------------------------------------------------------------------
    def anchor(self, prefix: str = "s") -> str:
        self._anchors += 1
        return f"{prefix}{self._anchors}"

    def chapter(self, title: str, *, new_page: bool = True) -> Section:
        """A new numbered chapter; what the blocks add next goes into it."""
        section = Section(
            title,
            1,
            self.anchor(),
            number=str(len(self.chapters) + 1),
            new_page=new_page and bool(self.chapters),
        )
        self.chapters.append(section)
        self.current = section
        return section

    def section(
        self, title: str, *, new_page: bool | Literal["auto"] = False, numbered: bool = True
    ) -> Section:
        """A section (level 2) of the current chapter, numbered ``<chapter>.<n>``; what follows goes into it."""
        chapter = self.chapters[-1]
        number = None
        if numbered:
            count = sum(1 for c in chapter.children if isinstance(c, Section) and c.number)
            number = f"{chapter.number}.{count + 1}"
        section = Section(title, 2, self.anchor(), number=number, new_page=new_page)
        chapter.add(section)
        self.current = section
        return section

    def subsection(self, title: str, *children: Node) -> Section:
        """A titled part one level below the current section, holding ``children``, unnumbered (in the contents
        only when it sits directly under a chapter)."""
        assert self.current is not None
        level = self.current.level + 1
        return Section(title, level, self.anchor(), list(children), outline=level == 2)

    def add(self, *nodes: Node) -> None:
        assert self.current is not None, "a block adds to a chapter: call chapter() first"
        self.current.add(*nodes)

    # -- nodes ---------------------------------------------------------------------------------------------------
    def p(self, text: str, role: Role = "body") -> Paragraph:
        return Paragraph(glue(text), role)

    def bullets(self, items: Sequence[str], role: Role = "body") -> Bullets:
        return Bullets([glue(i) for i in items], role)

    def keep(self, *nodes: Node) -> Keep:
        return Keep(list(nodes))

    def table(
        self,
        caption: str,
        header: Sequence[str],
        rows: Sequence[Sequence[str] | str],
        widths: Sequence[float],
        *,
        numeric: Sequence[int] = (),
        row_headers: bool = True,
        show_header: bool = True,
        print_caption: bool = True,
        emphasis: Sequence[int] = (),
    ) -> Table:
        """A table: ``rows`` of cells (strings), or a plain string for a row that titles the rows after it;
        ``numeric`` the indexes of columns holding numbers; ``emphasis`` the indexes of rows printed bold."""
        columns = [
            Column(glue(label), width, i in numeric)
            for i, (label, width) in enumerate(zip(header, widths, strict=True))
        ]
        body: list[Row | GroupRow] = []
        for i, row in enumerate(rows):
            if isinstance(row, str):
                body.append(GroupRow(row))
            else:
                body.append(Row([Cell(glue(str(v)), c in numeric, i in emphasis) for c, v in enumerate(row)]))
        return Table(
            glue(caption),
            columns,
            body,
            row_headers=row_headers,
            header=show_header,
            print_caption=print_caption,
        )

    def alt(self, intro: str, figures) -> str:
        """A chart's text alternative: what it shows, then its figures one by one ('Wonen 23%; Mobiliteit 22%')."""
        return f"{intro} " + "; ".join(figures)

    def figure(
        self,
        chart: charts.Chart,
        title: str,
        alt: str,
        caption: str | None = None,
        table: Table | None = None,
    ) -> Figure:
        self._figures += 1
        return Figure(chart, glue(title), glue(alt), glue(caption) if caption else None, table)

    # -- the document --------------------------------------------------------------------------------------------
    def build(self) -> Document:
        """The outline: cover, summary, the statements by dimension and the heatmap, the sections, the decision,
        the open answers, the method."""
        cover = self.cover()
        self.summary()
        if self.q.dimensions:  # a definition of only sections has no statement chapters
            self.part("dimensions")
        self.part("sections")
        if (
            self.q.businesscase is not None
        ):  # not a question kind: its own chapter (report/blocks/businesscase.py)
            blocks.get("businesscase").render(self, [])
        if self.q.decision is not None:  # not a question kind: its own chapter (report/blocks/decision.py)
            blocks.get("decision").render(self, [])
        self.part("open")
        self.method()
        r, lang = self.r, self.lang
        return Document(
            lang=lang,
            title=f"{loc(self.q.title, lang)} — {r.cooperation} — {r.round_name}",
            header=f"{r.cooperation} · {r.round_name}",
            subject=f"{cover.subtitle}: {r.cooperation}",
            cover=cover,
            chapters=self.chapters,
            contents_title=self.t("toc"),
            page_label=self.t("page", n="{n}"),
        )

    def part(self, name: str) -> None:
        """The chapters of every kind whose block belongs to part ``name``, in the order of the kinds' registry."""
        for kind in kinds.all():
            block = blocks.find(kind.name)
            if block is not None and block.part == name:
                block.render(self, [e for e in self.q.entries if e.kind is kind])

    def has_benchmark(self) -> bool:
        """Whether any dimension has a benchmark (other closed rounds or imported aggregates to compare with)."""
        return any(
            d.benchmark is not None and d.benchmark.rounds and d.benchmark.median is not None
            for d in self.r.dimensions
        )

    def has_trend(self) -> bool:
        """Whether any dimension has a previous round of the same cooperation to compare with."""
        return any(d.trend is not None and d.trend.previous_mean is not None for d in self.r.dimensions)

    def cover(self) -> Cover:
        r, lang = self.r, self.lang
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
        facts = self.table(
            self.t("cover_facts"), ["", ""], rows, [4.5, 12.5], show_header=False, print_caption=False
        )
        notes = [self.p(self.t("not_closed"), "lead")] if r.status != "closed" else []
        reading = None
        if self.q.scale is not None:
            labels = self.q.scale.labels.get(lang) or self.q.scale.labels["nl"]
            reading = Section(
                self.t("how_to_read_h"),
                2,
                self.anchor(),
                [self.p(self.t("how_to_read", low=labels[0], high=labels[-1], points=self.points, k=r.k))],
                outline=False,
            )
        subtitle = self.t("report_kind") if self.has_benchmark() else self.t("report_kind_plain")
        words = self.q.report
        if words is not None and words.subtitle is not None:  # the instrument's own words first
            subtitle = f"{loc(words.subtitle, lang)} · {subtitle}"
        return Cover(loc(self.q.title, lang), subtitle, facts, notes, reading)

    def summary(self) -> None:
        """The conclusion first (docs/architecture.md#the-report): what the round found, in sentences a council
        member can quote, written by the block of each part of the definition; then the details that back them
        (each block's summary tables and charts) and the responses per group."""
        r, lang = self.r, self.lang
        self.chapter(self.t("conclusion_h"))
        if r.n == 0:
            self.add(self.p(self.t("summary_no_data")))
            return
        if r.suppressed:
            self.add(self.p(self.t("round_suppressed", k=r.k)))
            return
        words = self.q.report
        if words is not None and words.summary_intro is not None:
            self.add(self.p(loc(words.summary_intro, lang), "lead"))
        rate_part = (
            self.t("summary_intro_rate", rate=pct(r.response_rate, lang))
            if r.response_rate is not None
            else ""
        )
        self.add(self.p(self.t("summary_intro", n=r.n, rate_part=rate_part)))
        details: list[Node] = []
        for part in CONCLUDING_PARTS:
            for kind, block in self.blocks_of(part):
                entries = [e for e in self.q.entries if kind is not None and e.kind is kind]
                found = block.conclude(self, entries)
                self.add(*found.sentences)
                details += found.details
        self.add(*details)
        self.participation()

    def blocks_of(self, part: str):
        """(kind, block) of every block that belongs to ``part``, in the order of the kinds' registry; blocks that
        are no question kind (the decision) come with kind None."""
        kinds_by_name = {k.name: k for k in kinds.all()}
        for block in blocks.all():
            if block.part == part:
                yield kinds_by_name.get(block.kind), block

    def participation(self) -> None:
        r, lang = self.r, self.lang
        shown = [g for g in r.group_counts if not g.suppressed]
        hidden = len(r.group_counts) - len(shown)
        part = self.subsection(self.t("participation_h"))
        if not shown:  # one sentence why, not a caption over a table that is not there
            part.add(self.p(self.t("participation_none", k=r.k)))
        else:
            part.add(self.p(self.t("participation_caption"), "caption"))
            rows = []
            for g in shown:
                rate = g.responses / g.expected if g.expected and g.responses is not None else None
                rows.append(
                    [
                        g.name,
                        str(g.responses),
                        str(g.expected) if g.expected else self.t("none"),
                        pct(rate, lang),
                    ]
                )
            part.add(
                self.table(
                    self.t("participation_h"),
                    [
                        self.t("col_group"),
                        self.t("col_responses"),
                        self.t("col_expected"),
                        self.t("col_rate"),
                    ],
                    rows,
                    [6.5, 3.0, 3.0, 4.5],
                    numeric=(1, 2, 3),
                    print_caption=False,
                )
            )
        if hidden and shown:
            part.add(self.p(self.t("suppressed_note", count=hidden, k=r.k), "caption"))
        self.add(self.keep(part))

    def method(self) -> None:
        r, lang, q = self.r, self.lang, self.q
        self.chapter(self.t("method_h"))
        parts: list[tuple[str, list[str]]] = [("method_anonymity_h", [self.t("method_anonymity", k=r.k)])]
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
            parts = [
                ("method_scale_h", [scale]),
                ("method_scoring_h", [scoring]),
                ("method_missing_h", [self.t("method_missing")]),
                ("method_bands_h", [bands + "."]),
                *parts,
                ("method_tests_h", [self.t("method_tests")]),
                (
                    "method_definitions_h",
                    [
                        self.t(k)
                        for k in ("def_mean", "def_sd", "def_rwg", "def_alpha", "def_icc", "def_percentile")
                    ],
                ),
            ]
        for head, paragraphs in parts:
            self.add(self.subsection(self.t(head), *[self.p(x) for x in paragraphs]))
        notes = [texts.render(lang, n) for n in r.notes]
        if notes:
            self.add(self.subsection(self.t("method_notes_h"), self.bullets(notes)))


def build(results, lang: str = "nl") -> Document:
    """The report document of ``results`` in ``lang``."""
    check_lang(lang)
    if lang not in results.questionnaire.languages:
        raise ValueError(
            f"the questionnaire has no texts in {lang!r} (it has: "
            f"{', '.join(results.questionnaire.languages)})"
        )
    return Builder(results, lang).build()


__all__ = ["Builder", "build", "Cell", "Column", "GroupRow", "Row"]
