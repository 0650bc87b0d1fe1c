"""The report as a document: a tree of renderer-neutral nodes (docs/architecture.md#the-report).

The blocks of the question kinds build this tree from a round's results; two writers turn it into a format:
:mod:`scanengine.report.pdf` (ReportLab) and :mod:`scanengine.report.html` (one self-contained, accessible page,
also shown on the dashboard's results page). Neither writer knows a questionnaire, and no block knows a format,
so the PDF, the HTML file and the results page cannot disagree: they print the same words and figures.

The shape follows Pandoc's and docutils' document trees: sections with headings, paragraphs, lists, tables with
header cells and a caption, figures with a text alternative and a caption. All text is plain text (numbers already
written in the reader's language by :mod:`scanengine.report.text`); the writers escape it. A node that a writer
cannot show falls back to its text, never to nothing: a chart's ``alt`` says what the chart shows.

Layout hints (``Section.new_page``, ``Keep``, ``Columns``, table ``widths``) belong to print; the HTML writer
reads them as grouping or ignores them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from scanengine.report.charts import Chart

Role = Literal["body", "lead", "caption", "note", "conclusion", "answer"]


@dataclass
class Paragraph:
    """A paragraph of plain text. ``role``: ``body``; ``lead`` (an introduction, in italics); ``caption`` (the
    sentence that reads a figure or table); ``note`` (a remark in small print); ``conclusion`` (a finding a council
    member can quote, set apart); ``answer`` (a participant's words, verbatim)."""

    text: str
    role: Role = "body"


@dataclass
class Bullets:
    """An unordered list of plain-text items."""

    items: list[str]
    role: Role = "body"


@dataclass
class Cell:
    """A table cell. ``numeric`` cells align right; ``emphasis`` prints in bold (a total row)."""

    text: str
    numeric: bool = False
    emphasis: bool = False


@dataclass
class Column:
    """A table column: its header, whether it holds numbers, and its print width in cm (a hint)."""

    label: str
    width: float
    numeric: bool = False


@dataclass
class Row:
    """A body row; the first cell is the row's header (``<th scope="row">``) unless the table says otherwise."""

    cells: list[Cell]


@dataclass
class GroupRow:
    """A row that titles the rows after it (a breakdown's name), spanning every column."""

    text: str


@dataclass
class Table:
    """A table with a caption (what it shows, in a few words), column headers and at least one body row.

    A table without rows is refused: a block says in a sentence why nothing is shown instead of printing a
    heading over an empty table. ``row_headers``: the first column names the row.
    """

    caption: str
    columns: list[Column]
    rows: list[Row | GroupRow]
    row_headers: bool = True
    header: bool = True  # False: a list of facts (label, value) without a header row
    print_caption: bool = True  # False where the heading just above already says what the table is

    def __post_init__(self) -> None:
        if not any(isinstance(r, Row) for r in self.rows):
            raise ValueError(f"table {self.caption!r} has no rows: say why nothing is shown instead")
        for r in self.rows:
            if isinstance(r, Row) and len(r.cells) != len(self.columns):
                raise ValueError(
                    f"table {self.caption!r}: a row has {len(r.cells)} cells for {len(self.columns)} columns"
                )


@dataclass
class Figure:
    """A chart with its text alternative and caption.

    ``title``: a few words naming the chart; ``alt``: what it shows, with its main numbers (a screen reader's
    description and the text of any rendering that cannot draw); ``caption``: the visible sentence that reads it;
    ``table``: the chart's figures as a table, for the HTML rendering (the PDF prints the numbers in the chart).
    """

    chart: Chart
    title: str
    alt: str
    caption: str | None = None
    table: Table | None = None


@dataclass
class Keep:
    """Nodes that print on one page when they fit (a heading with its table, a table with its note)."""

    children: list[Node]


@dataclass
class Columns:
    """Side by side in print (two columns of group tables), one after the other on a narrow screen."""

    columns: list[list[Node]]


@dataclass
class Section:
    """A chapter (level 1) or a section in it (level 2, 3) with a numbered heading.

    ``anchor`` is unique in the document (links, bookmarks); ``new_page`` starts the section on a new page in
    print (``"auto"``: when less than half a page is left, so that a section of about a page starts on its own
    without leaving a half-empty page before a short one); ``outline``: the heading appears in the table of
    contents and the PDF's bookmarks.
    """

    title: str
    level: int
    anchor: str
    children: list[Node] = field(default_factory=list)
    number: str | None = None
    new_page: bool | Literal["auto"] = False
    outline: bool = True

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def add(self, *nodes: Node) -> None:
        self.children.extend(nodes)


Node = Paragraph | Bullets | Table | Figure | Keep | Columns | Section


@dataclass
class Cover:
    """The cover: the instrument's title, what kind of report, the facts of the round and how to read it."""

    title: str
    subtitle: str
    facts: Table
    notes: list[Paragraph] = field(default_factory=list)
    reading: Section | None = None


@dataclass
class Document:
    """A whole report in one language."""

    lang: str
    title: str  # the document's title: instrument, cooperation, round
    header: str  # the running header of printed pages
    subject: str
    cover: Cover
    chapters: list[Section]
    contents_title: str
    page_label: str  # "Pagina {n}" in the document's language, for printed page numbers

    def sections(self) -> Iterator[Section]:
        """Every section, depth first, in reading order."""

        def walk(nodes: Sequence[Node]) -> Iterator[Section]:
            for node in nodes:
                if isinstance(node, Section):
                    yield node
                    yield from walk(node.children)
                elif isinstance(node, Keep):
                    yield from walk(node.children)
                elif isinstance(node, Columns):
                    for column in node.columns:
                        yield from walk(column)

        yield from walk(self.chapters)


def child_sections(nodes: Sequence[Node]) -> list[Section]:
    """The sections directly under ``nodes`` (looking through groups and columns, not into sections)."""
    out: list[Section] = []
    for node in nodes:
        if isinstance(node, Section):
            out.append(node)
        elif isinstance(node, Keep):
            out += child_sections(node.children)
        elif isinstance(node, Columns):
            for column in node.columns:
                out += child_sections(column)
    return out


def walk(nodes: Sequence[Node]) -> Iterator[Node]:
    """Every node under ``nodes`` (sections, groups and columns opened), in reading order."""
    for node in nodes:
        yield node
        if isinstance(node, Section | Keep):
            yield from walk(node.children)
        elif isinstance(node, Columns):
            for column in node.columns:
                yield from walk(column)


def text_of(node: Node) -> str:
    """The plain text of a node and everything under it (what a reader of any rendering reads)."""
    parts: list[str] = []
    for n in walk([node]):
        if isinstance(n, Section):
            parts.append(n.heading)
        elif isinstance(n, Paragraph):
            parts.append(n.text)
        elif isinstance(n, Bullets):
            parts.extend(n.items)
        elif isinstance(n, Table):
            parts.append(n.caption)
            parts.extend(c.label for c in n.columns)
            for r in n.rows:
                parts.extend([r.text] if isinstance(r, GroupRow) else [c.text for c in r.cells])
        elif isinstance(n, Figure):
            parts += [n.title, n.alt] + ([n.caption] if n.caption else [])
    return "\n".join(parts)
