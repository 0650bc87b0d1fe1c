"""The chapters of the sections: questions of other kinds than statements (ranking, points, number, choice...).

One chapter per section, in the order of the definition, so a section that mixes kinds reads as the participant
saw it; each question is a section of that chapter drawn by its kind's block (a :class:`SectionBlock`). Groups
follow the k rule of the analysis: a suppressed group is left out, name and all, and a note says how many
(docs/architecture.md#the-report).
"""

from __future__ import annotations

from scanengine.report.blocks import base as blocks
from scanengine.report.blocks.base import Block
from scanengine.report.document import Node

FULL_WIDTH = 17.0  # cm, the frame width


def heading_of(text: str) -> tuple[str, str]:
    """A question's heading (its first sentence, whole: it wraps, it is never cut short) and the rest of its text
    to print under it."""
    text = text.strip()
    cut = min((i for i in (text.find("? "), text.find(". ")) if i > 0), default=-1)
    if cut > 0:
        return text[: cut + 1], text[cut + 2 :].strip()
    return text, ""


class SectionBlock(Block):
    """A kind whose questions live in sections. Subclasses write :meth:`figures` and the group columns."""

    part = "sections"

    def render(self, b, entries: list) -> None:
        """The report asks every kind's block in turn (``compose.Builder.part``); the block of the first section
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
            b.chapter(b.loc(section.title))
            if section.description:
                b.add(b.p(b.loc(section.description), "lead"))
            explained: set[str] = set()
            for question in section.questions:
                block = blocks.find(question.kind)
                if not isinstance(block, SectionBlock):
                    continue
                block.question(b, question, results.get(question.id), explain=question.kind not in explained)
                explained.add(question.kind)

    def question(self, b, question, res, *, explain: bool = True) -> None:
        """One question: heading, the rest of its text, who answered, the kind's figures, the groups."""
        title, rest = heading_of(b.loc(question.text))
        b.section(title)
        head: list[Node] = [b.p(rest, "lead")] if rest else []
        if res is None or res.n is None:
            b.add(*head, b.p(b.t("round_suppressed", k=b.r.k) if b.r.n else b.t("sec_no_answers")))
            return
        who = b.t("sec_answered", n=res.n)
        if res.shown is not None and question.show_if and res.shown != b.r.n:
            who += " " + b.t("sec_shown", n=res.shown)
        if res.dk:
            who += " " + b.t("sec_dk", n=res.dk)
        if res.figures is None:
            b.add(*head, b.p(who + " " + b.t("sec_below_k", k=b.r.k)))
            return
        body = [*head, b.p(who), *self.figures(b, question, res.figures, res.n, explain)]
        groups = self.groups(b, question, res) + self.over_groups(b, question, res)
        if self.total_row(b, question, res) is not None:  # the table is the figure: keep it with its heading
            b.add(b.keep(*body, *groups))
            return
        b.add(b.keep(*body))
        if groups:
            b.add(b.keep(*groups))

    # -- what a kind writes ----------------------------------------------------------------------------------

    def figures(self, b, question, figures, n: int, explain: bool) -> list[Node]:
        """The nodes of the whole round's figures: a chart or table and the sentences that describe it
        (``explain``: also how to read it, said once per kind in a section)."""
        raise NotImplementedError

    def group_header(self, b, question) -> tuple[list[str], list[float], tuple[int, ...]]:
        """The columns after the group's name and n: their headers, widths (cm) and which hold numbers
        (indexes into these columns)."""
        raise NotImplementedError

    def group_cells(self, b, question, figures) -> list[str]:
        raise NotImplementedError

    def total_row(self, b, question, res) -> list[str] | None:
        """A first row for the whole round in the group table (when the table is the kind's main figure)."""
        return None

    def over_groups(self, b, question, res) -> list[Node]:
        """What follows the groups' table: a figure over the groups (a number estimated per organisation)."""
        return []

    # -- shared ----------------------------------------------------------------------------------------------

    def groups(self, b, question, res) -> list[Node]:
        """A table of the shown groups per breakdown (suppressed ones left out, counted in a note); when no
        group can be shown, one sentence that says why instead of an empty table."""
        r = b.r
        header, widths, numeric = self.group_header(b, question)
        total = self.total_row(b, question, res)
        rows: list[list[str] | str] = [total] if total is not None else []
        hidden, shown_any = 0, False
        for breakdown, title in r.breakdowns:
            groups = [g for g in res.groups if g.breakdown == breakdown]
            hidden += sum(1 for g in groups if g.suppressed)
            shown = [g for g in groups if not g.suppressed and g.figures is not None]
            if not shown:
                continue
            shown_any = True
            rows.append(b.breakdown_title(title))
            for g in shown:
                rows.append([b.group_label(g), str(g.n), *self.group_cells(b, question, g.figures)])
        first = max(FULL_WIDTH - 1.0 - sum(widths), 3.0)
        columns = [b.t("col_group"), b.t("col_n"), *header]
        numbers = (1, *(i + 2 for i in numeric))
        caption = b.t("sec_groups_table", question=heading_of(b.loc(question.text))[0])
        out: list[Node] = []
        if total is None:
            part = b.subsection(b.t("groups_h"))
            out.append(part)
        if not shown_any:
            note = b.p(b.t("sec_groups_none", k=r.k), "caption")
            if total is not None:
                out += [
                    b.table(caption, columns, rows, [first, 1.0, *widths], numeric=numbers, emphasis=(0,)),
                    note,
                ]
            else:
                part.add(note)
            return out
        table = b.table(
            caption,
            columns,
            rows,
            [first, 1.0, *widths],
            numeric=numbers,
            emphasis=(0,) if total is not None else (),
            print_caption=False,
        )
        notes = [b.p(b.t("suppressed_note", count=hidden, k=r.k), "caption")] if hidden else []
        if total is None:
            part.add(table, *notes)
        else:
            out += [table, *notes]
        return out
