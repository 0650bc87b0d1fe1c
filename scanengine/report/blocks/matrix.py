"""A matrix question's section: one table of rows × columns (the share of each column per row, don't know apart,
n per row), a sentence per row naming the column most chose, and per group the column each row leans to; and its
conclusion for the report's first chapter: per row the column most chose and its share ("Wonen: regionaal
(54%)"), or "verdeeld" when no column has 40% (:data:`scanengine.kinds.matrix.DIVIDED_BELOW`).
"""

from __future__ import annotations

from scanengine.kinds.matrix import DIVIDED_BELOW, DONT_KNOW
from scanengine.report.blocks.base import Conclusion
from scanengine.report.blocks.sections import FULL_WIDTH, SectionBlock, heading_of
from scanengine.report.document import Node
from scanengine.report.text import loc, pct

ROW_LABEL_CM = 5.0


def leaning(b, figures, row) -> str:
    """The column a row leans to, as the report writes it: 'regionaal (54%)', or 'verdeeld'."""
    top = row.most_chosen
    if top is None:
        return b.t("none")
    if row.divided:
        return b.t("matrix_divided")
    labels = dict(figures.columns)
    return f"{short(b, labels[top])} ({pct(row.shares[top], b.lang)})"


def short(b, label) -> str:
    """A column's label as a cell or a sentence names it: the part before a colon ('Regionaal: alle partners
    samen' -> 'regionaal'), lower-cased in the middle of a sentence."""
    text = loc(label, b.lang).split(":", 1)[0].strip()
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


class MatrixBlock(SectionBlock):
    kind = "matrix"

    def conclude(self, b, entries: list) -> Conclusion:
        results = {r.id: r for r in b.r.questions}
        sentences: list[Node] = []
        for e in entries:
            res = results.get(e.question.id)
            if res is None or res.figures is None:
                continue
            f = res.figures
            rows = "; ".join(f"{loc(row.label, b.lang)}: {leaning(b, f, row)}" for row in f.rows if row.n)
            title = heading_of(b.loc(e.question.text))[0]
            sentences.append(
                b.p(
                    b.t("concl.matrix", question=title, rows=rows, share=pct(DIVIDED_BELOW, b.lang)),
                    "conclusion",
                )
            )
        return Conclusion(sentences)

    def figures(self, b, question, f, n: int, explain: bool) -> list[Node]:
        lang = b.lang
        columns = [(cid, label) for cid, label in f.columns]
        header = [b.t("col_matrix_row")] + [loc(label, lang) for _, label in columns]
        if f.dont_know:
            header.append(b.t("col_dk"))
        header.append(b.t("col_n"))
        width = (FULL_WIDTH - ROW_LABEL_CM) / (len(header) - 1)
        rows = []
        for row in f.rows:
            cells = [loc(row.label, lang)]
            cells += [pct(row.shares.get(cid), lang) for cid, _ in columns]
            if f.dont_know:
                cells.append(pct(row.shares.get(DONT_KNOW), lang))
            cells.append(str(row.n) if row.n is not None else b.t("none"))
            rows.append(cells)
        table = b.table(
            b.t("matrix_table", question=heading_of(b.loc(question.text))[0]),
            header,
            rows,
            [ROW_LABEL_CM] + [width] * (len(header) - 1),
            numeric=tuple(range(1, len(header))),
        )
        reading = b.t("matrix_read", share=pct(DIVIDED_BELOW, lang)) if explain else ""
        hidden = sum(1 for row in f.rows if row.n and row.most_chosen is None)
        note = [b.p(b.t("matrix_rows_below_k", count=hidden, k=b.r.k), "caption")] if hidden else []
        return [table, *([b.p(reading, "caption")] if reading else []), *note]

    def group_header(self, b, question) -> tuple[list[str], list[float], tuple[int, ...]]:
        """The rows numbered in the header (their labels are too long for narrow columns), with a legend."""
        marks = [b.t("matrix_row_mark", i=i) for i in range(1, len(question.rows) + 1)]
        width = max(1.3, (FULL_WIDTH - 1.0 - 3.2) / len(marks))
        return marks, [width] * len(marks), ()

    def groups(self, b, question, res) -> list[Node]:
        out = super().groups(b, question, res)
        legend = "; ".join(
            f"{b.t('matrix_row_mark', i=i)} = {loc(r.label, b.lang)}"
            for i, r in enumerate(question.rows, start=1)
        )
        return [*out, b.p(legend, "caption")] if out else out

    def group_cells(self, b, question, f) -> list[str]:
        return [leaning(b, f, row) if row.n else b.t("none") for row in f.rows]
