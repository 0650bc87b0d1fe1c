"""The HTML writer (docs/architecture.md#the-report): a report :class:`~scanengine.report.document.Document` -> one
self-contained, accessible HTML page, the rendering a municipality can publish (Dutch accessibility guidance
prefers a web page to a document, and ReportLab makes no tagged PDF).

What makes it accessible (WCAG 2.1 AA): ``lang`` on the page, a ``<title>``, one ``h1`` and headings in order
(cover h1, chapters h2, their sections h3, h4), landmarks, tables with ``<caption>`` and ``<th scope>``, each chart an
inline SVG with ``<title>`` and ``<desc>`` (its text alternative names the main figures) and its figures as a
table beside it, colours with AA contrast, and at 320 px no horizontal scrolling of the page: a wide table scrolls
inside its own box, and a long word breaks only at a hyphenation point (soft hyphens from the language's
patterns). No script and no request outside the file: the CSS is inline.

:func:`fragment` is the same document without the page around it, for the dashboard's results page, which links
the same stylesheet (:func:`stylesheet`) and so shows exactly this rendering.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from html import escape
from importlib import resources

from scanengine.report import document as doc_nodes
from scanengine.report import svg
from scanengine.report.document import Document, Node
from scanengine.report.text import hyphen_points, t

HYPHENATE_FROM = 12  # words at least this long get soft hyphens at their hyphenation points
SHY = "\u00ad"


@functools.cache
def stylesheet() -> str:
    """The report's CSS (``report.css`` in this package), scoped under ``.report``."""
    return resources.files("scanengine.report").joinpath("report.css").read_text(encoding="utf-8")


def _inline_style() -> str:
    """The exact text of the page's ``<style>`` element (what its CSP hash is computed over)."""
    return "\n" + stylesheet()


def content_security_policy() -> str:
    """A CSP for serving the self-contained page: nothing may load, no script may run, and the only style is
    the page's own inline stylesheet, allowed by its SHA-256."""
    digest = base64.b64encode(hashlib.sha256(_inline_style().encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


@functools.lru_cache(maxsize=20_000)
def _soft(word: str, lang: str) -> str:
    points = hyphen_points(word, lang)
    if not points:
        return word
    parts, last = [], 0
    for p in points:
        parts.append(word[last:p])
        last = p
    parts.append(word[last:])
    return SHY.join(parts)


class _Writer:
    def __init__(self, document: Document, *, embedded: bool):
        self.doc = document
        self.lang = document.lang
        self.embedded = embedded
        self.figures = 0
        self.tables = 0

    def text(self, value: str) -> str:
        """Escaped text; long words get soft hyphens at their hyphenation points, so they break there or not at
        all (on a narrow screen; ``report.css`` turns them off where lines are wide)."""
        words = value.split(" ")
        out = []
        for w in words:
            if len(w) >= HYPHENATE_FROM and w.isalpha():
                w = _soft(w, self.lang)
            out.append(w)
        return escape(" ".join(out), quote=False).replace("\n", "<br>")

    def heading_tag(self, level: int) -> str:
        return f"h{min(level + 1, 6)}"

    # -- the page ------------------------------------------------------------------------------------------------
    def body(self) -> str:
        d = self.doc
        cover = d.cover
        title_tag = "h2" if self.embedded else "h1"
        parts = [
            '<article class="report" lang="' + escape(self.lang) + '">',
            '<header class="cover">',
            f'<{title_tag} class="title">{self.text(cover.title)}</{title_tag}>',
            f'<p class="subtitle">{self.text(cover.subtitle)}</p>',
            self.table(cover.facts),
            *[self.node(n) for n in cover.notes],
        ]
        if cover.reading is not None:
            parts += [
                f'<section class="reading" aria-labelledby="{cover.reading.anchor}">',
                f'<h2 id="{cover.reading.anchor}">{self.text(cover.reading.title)}</h2>',
                *[self.node(n) for n in cover.reading.children],
                "</section>",
            ]
        parts.append("</header>")
        parts.append(self.contents())
        parts += [self.node(chapter) for chapter in d.chapters]
        parts.append("</article>")
        return "\n".join(parts)

    def contents(self) -> str:
        def items(sections: list[doc_nodes.Section]) -> str:
            out = []
            for s in sections:
                children = [c for c in doc_nodes.child_sections(s.children) if c.outline]
                sub = f"<ol>{items(children)}</ol>" if children else ""
                out.append(f'<li><a href="#{s.anchor}">{self.text(s.heading)}</a>{sub}</li>')
            return "".join(out)

        return (
            '<nav class="contents" aria-labelledby="contents-h">'
            f'<h2 id="contents-h">{self.text(self.doc.contents_title)}</h2>'
            f"<ol>{items(self.doc.chapters)}</ol></nav>"
        )

    # -- nodes ---------------------------------------------------------------------------------------------------
    def node(self, node: Node) -> str:
        if isinstance(node, doc_nodes.Section):
            tag = self.heading_tag(node.level)
            inner = "\n".join(self.node(c) for c in node.children)
            return (
                f'<section aria-labelledby="{node.anchor}"><{tag} id="{node.anchor}">{self.text(node.heading)}'
                f"</{tag}>\n{inner}\n</section>"
            )
        if isinstance(node, doc_nodes.Paragraph):
            cls = "" if node.role == "body" else f' class="{node.role}"'
            return f"<p{cls}>{self.text(node.text)}</p>"
        if isinstance(node, doc_nodes.Bullets):
            cls = "" if node.role == "body" else f' class="{node.role}"'
            return f"<ul{cls}>" + "".join(f"<li>{self.text(i)}</li>" for i in node.items) + "</ul>"
        if isinstance(node, doc_nodes.Table):
            return self.table(node)
        if isinstance(node, doc_nodes.Figure):
            return self.figure(node)
        if isinstance(node, doc_nodes.Keep):
            return '<div class="keep">' + "\n".join(self.node(c) for c in node.children) + "</div>"
        if isinstance(node, doc_nodes.Columns):
            columns = "".join(
                '<div class="column">' + "\n".join(self.node(c) for c in column) + "</div>"
                for column in node.columns
            )
            return f'<div class="columns">{columns}</div>'
        raise TypeError(f"the HTML writer has no rendering for {type(node).__name__}")

    def table(self, table: doc_nodes.Table) -> str:
        self.tables += 1
        ident = f"t{self.tables}"
        cls = "" if table.header else ' class="facts"'
        # a caption that the heading just above already says is there for screen readers only
        caption_cls = "" if table.header and table.print_caption else ' class="visually-hidden"'
        out = [
            f'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{ident}">',
            f'<table{cls}><caption id="{ident}"{caption_cls}>{self.text(table.caption)}</caption>',
        ]
        columns = table.columns
        if table.header:
            heads = []
            for c in columns:
                num_cls = ' class="num"' if c.numeric else ""
                heads.append(f'<th scope="col"{num_cls}>{self.text(c.label)}</th>')
            out.append("<thead><tr>" + "".join(heads) + "</tr></thead>")
        body: list[str] = []
        out.append("<tbody>")
        for row in table.rows:
            if isinstance(row, doc_nodes.GroupRow):
                if body:
                    out += body + ["</tbody><tbody>"]
                    body = []
                out.append(
                    f'<tr class="group"><th scope="rowgroup" colspan="{len(columns)}">{self.text(row.text)}</th></tr>'
                )
                continue
            cells = []
            for i, cell in enumerate(row.cells):
                classes = " ".join(c for c, on in (("num", cell.numeric), ("strong", cell.emphasis)) if on)
                attr = f' class="{classes}"' if classes else ""
                if i == 0 and table.row_headers:
                    cells.append(f'<th scope="row"{attr}>{self.text(cell.text)}</th>')
                else:
                    cells.append(f"<td{attr}>{self.text(cell.text)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        out += body + ["</tbody></table></div>"]
        return "".join(out)

    def figure(self, fig: doc_nodes.Figure) -> str:
        self.figures += 1
        ident = f"f{self.figures}"
        chart = svg.svg(
            fig.chart.image, ident=ident, title=fig.title, desc=fig.alt, width_cm=fig.chart.width_cm
        )
        caption = f"<figcaption>{self.text(fig.caption)}</figcaption>" if fig.caption else ""
        out = f'<figure class="chart-figure">{chart}{caption}</figure>'
        if fig.table is not None:
            out += (
                f'<details class="figure-data"><summary>{self.text(t(self.lang, "html_figure_data"))}</summary>'
                f"{self.table(fig.table)}</details>"
            )
        return out


def fragment(document: Document) -> str:
    """The document as an ``<article>`` for a page that has its own ``h1`` (the dashboard's results page)."""
    return _Writer(document, embedded=True).body()


def render(document: Document) -> str:
    """The document as one self-contained HTML page (inline CSS, inline SVG, no script)."""
    d = document
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(d.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(d.title)}</title>\n"
        '<meta name="generator" content="Scanengine">\n'
        f"<style>{_inline_style()}</style>\n</head>\n<body>\n"
        f'<main id="report">\n{_Writer(d, embedded=False).body()}\n</main>\n</body>\n</html>\n'
    )
