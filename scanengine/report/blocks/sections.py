"""The chapters of the sections: questions of other kinds than statements (ranking, points, number, choice).

One chapter per section, in the order of the definition, so a section that mixes kinds reads as the participant
saw it; each question is a page or half page drawn by its kind's block (a :class:`SectionBlock`). Groups follow the
k rule of the analysis: a suppressed group is left out, name and all, and a note says how many
(docs/architecture.md, "Report").
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, PageBreak, Spacer

from scanengine.report.blocks import base as blocks
from scanengine.report.blocks.base import Block
from scanengine.report.text import loc, short_title

HEADING_LIMIT = (
    90  # a question's text as its heading (and contents line): the first sentence, at most this long
)
FULL_WIDTH = 17.0  # cm, the frame width


def heading_of(text: str) -> tuple[str, str]:
    """A question's heading (its first sentence, cut at a word when longer than ``HEADING_LIMIT``) and the text
    still to print under it (the rest, or the whole text when the heading had to be cut)."""
    text = text.strip()
    cut = min((i for i in (text.find("? "), text.find(". ")) if i > 0), default=-1)
    first, rest = (text[: cut + 1], text[cut + 2 :].strip()) if cut > 0 else (text, "")
    if len(first) <= HEADING_LIMIT:
        return first, rest
    short = first[:HEADING_LIMIT].rsplit(" ", 1)[0].rstrip(",;:(") + " …"
    return short, text


class SectionBlock(Block):
    """A kind whose questions live in sections. Subclasses write :meth:`figures` and the group columns."""

    part = "sections"

    def render(self, b, entries: list) -> None:
        """The report asks every kind's block in turn (``pdf._Builder.part``); the block of the first section
        question's kind writes all the section chapters, the others nothing."""
        leader = next(
            (
                e.kind.name
                for e in b.q.entries
                if isinstance(blocks.find(e.kind.name), SectionBlock) and e.kind.in_sections
            ),
            None,
        )
        if leader != self.kind:
            return
        results = {r.id: r for r in b.r.questions}
        for section in b.q.sections:
            chapter = b.chapter()
            b.add(PageBreak(), b.heading(f"{chapter} {loc(section.title, b.lang)}", 0))
            if section.description:
                b.add(b.p(loc(section.description, b.lang), "lead"))
            number, explained = 0, set()
            for question in section.questions:
                block = blocks.find(question.kind)
                if not isinstance(block, SectionBlock):
                    continue
                number += 1
                block.question(
                    b,
                    f"{chapter}.{number}",
                    question,
                    results.get(question.id),
                    explain=question.kind not in explained,
                )
                explained.add(question.kind)

    def question(self, b, number: str, question, res, *, explain: bool = True) -> None:
        """One question: heading, the rest of its text, who answered, the kind's figures, the groups."""
        lang = b.lang
        title, rest = heading_of(loc(question.text, lang))
        head = [b.heading(f"{number} {title}", 1)]
        if rest:
            head.append(b.p(rest, "lead"))
        if res is None or res.n is None:
            b.add(*head, b.p(b.t("round_suppressed", k=b.r.k) if b.r.n else b.t("sec_no_answers")))
            return
        who = b.t("sec_answered", n=res.n)
        if res.shown is not None and question.show_if and res.shown != b.r.n:
            who += " " + b.t("sec_shown", n=res.shown)
        if res.dk:
            who += " " + b.t("sec_dk", n=res.dk)
        if res.figures is None:
            b.add(KeepTogether([*head, b.p(who + " " + b.t("sec_below_k", k=b.r.k))]))
            return
        body = [*head, b.p(who), *self.figures(b, question, res.figures, res.n, explain)]
        groups = self.groups(b, question, res)
        if self.total_row(b, question, res) is not None:  # the table is the figure: keep it with its heading
            body += groups
            groups = []
        b.add(KeepTogether(body))
        if groups:
            b.add(KeepTogether(groups))
        b.add(Spacer(1, 8))

    # -- what a kind writes ----------------------------------------------------------------------------------

    def figures(self, b, question, figures, n: int, explain: bool) -> list:
        """The flowables of the whole round's figures: a chart or table and the sentences that describe it
        (``explain``: also how to read it, said once per kind in a section)."""
        raise NotImplementedError

    def group_header(self, b, question) -> tuple[list[str], list[float]]:
        """The columns after the group's name and n, with their widths (cm)."""
        raise NotImplementedError

    def group_cells(self, b, question, figures) -> list[str]:
        raise NotImplementedError

    def total_row(self, b, question, res) -> list[str] | None:
        """A first row for the whole round in the group table (when the table is the kind's main figure)."""
        return None

    # -- shared ----------------------------------------------------------------------------------------------

    def groups(self, b, question, res) -> list:
        """A table of the shown groups per breakdown (suppressed ones left out, counted in a note)."""
        r, lang = b.r, b.lang
        header, widths = self.group_header(b, question)
        total = self.total_row(b, question, res)
        rows = [[b.t("col_group"), b.t("col_n"), *header]] + ([total] if total is not None else [])
        spans, hidden = [], 0
        for breakdown, title in r.breakdowns:
            groups = [g for g in res.groups if g.breakdown == breakdown]
            hidden += sum(1 for g in groups if g.suppressed)
            shown = [g for g in groups if not g.suppressed and g.figures is not None]
            if not shown:
                continue
            spans.append(len(rows))
            rows.append([short_title(loc(title, lang)), "", *[""] * len(header)])
            for g in shown:
                rows.append(
                    [loc(g.label, lang) or g.key, str(g.n), *self.group_cells(b, question, g.figures)]
                )
        out = [b.p(b.t("groups_h"), "h3")] if total is None else []
        if len(rows) == 1 + (total is not None):
            if total is not None:
                out.append(b.table(rows, [max(FULL_WIDTH - 1.0 - sum(widths), 3.0), 1.0, *widths]))
            out.append(b.p(b.t("sec_groups_none", k=r.k), "caption"))
            return out
        first = max(FULL_WIDTH - 1.0 - sum(widths), 3.0)
        out.append(b.table(rows, [first, 1.0, *widths], spans=spans))
        if hidden:
            out += [Spacer(1, 3), b.p(b.t("suppressed_note", count=hidden, k=r.k), "caption")]
        return out
