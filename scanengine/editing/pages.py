"""The pages of the questionnaire editor: which parts of a definition each page edits, what it shows, and how its
posted form becomes the next version of the definition.

A page is named by its *part* (``general``, ``scale``, ``dimensions/2``, ``sections/0/questions/new?kind=choice``
...) and holds one or more panels, each a node of :mod:`scanengine.editing.parts` at a path of the document. A
new element is a panel at the index it will get; a page that adds what cannot stand alone holds what it needs
too (the first dimension comes with the scale, a new section with its first question).

:func:`read` turns the posted form into a new document: every panel read, the definition's languages applied,
empty ids given, renamed ids followed, each node's consequences drawn (``Node.finish``). Whether that document
may be saved is the validator's to say (``scanengine.definition.parse``), which the caller runs; a button on a
list (up, down, delete) is applied by :func:`apply` to a document that is valid without it.
"""

from __future__ import annotations

import copy
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from scanengine.editing import fields as f
from scanengine.editing import parts, paths, refs
from scanengine.editing.paths import Path
from scanengine.texts import Note

STATEMENTS = "statements"  #: the start of a new definition that asks statements (else a section's kind)
OPEN_PART, BACKGROUND_PART = "open", "background"  #: parts named after the document's lists


class PageNotFound(LookupError):
    """No such part of this definition (or a kind without an editor)."""


@dataclass(frozen=True)
class Panel:
    node: f.Node
    path: Path
    new: bool
    prefix: str
    title: Note


@dataclass
class Page:
    part: str
    title: Note
    panels: list[Panel]
    parent: str = ""  # the part to go back to
    saved_part: str = ""  # the page to show after a save ("" stays)

    def data(self, doc: dict, panel: Panel, ctx: f.Context) -> dict:
        """The node a panel shows: the document's, or a new one's first data."""
        if panel.path == ():
            return {**doc, **panel.node.new(ctx)} if panel.new else doc
        found = paths.get(doc, panel.path)
        if panel.new or not isinstance(found, dict):
            return panel.node.new(ctx)
        return found


@dataclass
class PanelView:
    title: Note
    path: str
    blocks: list[Any]


@dataclass
class Outcome:
    """A page's form read: the new document and what reading it found (problems, a pending delete ...)."""

    doc: dict
    reading: f.Reading
    languages: list[str] = field(default_factory=list)


def _panel(node: f.Node, path: Path, new: bool, i: int, title: Note) -> Panel:
    return Panel(node, path, new, f"p{i}-", title)


def _index(value: str, items: list, *, new_ok: bool = True) -> tuple[int, bool]:
    if value == "new" and new_ok:
        return len(items), True
    if value.isdigit() and int(value) < len(items):
        return int(value), False
    raise PageNotFound(value)


def page(doc: dict, part: str, kind: str = "") -> Page:
    """The page of ``part`` for this document; ``kind`` for pages that add a question (or a section) of a kind."""
    bits = part.strip("/").split("/") if part.strip("/") else []
    if not bits:
        return Page(
            "", Note("ed_page_overview"), [_panel(parts.ROOT, (), False, 0, Note("ed_page_overview"))]
        )
    head = bits[0]
    if head == "general" and len(bits) == 1:
        return Page(
            part, Note("ed_page_general"), [_panel(parts.GENERAL, (), False, 0, Note("ed_page_general"))]
        )
    if head == "scale" and len(bits) == 1 and doc.get("dimensions"):
        return Page(part, Note("ed_page_scale"), _scale_panels(doc, 0))
    if head == OPEN_PART and len(bits) == 1:
        return Page(
            part, Note("ed_page_open"), [_panel(parts.OPEN_QUESTIONS, (), False, 0, Note("ed_page_open"))]
        )
    if head in parts.BLOCKS and len(bits) == 1:
        b = parts.BLOCKS[head]
        new = not isinstance(doc.get(head), dict)
        return Page(part, Note(b.title), [_panel(b.node, (head,), new, 0, Note(b.title))])
    if head == BACKGROUND_PART and len(bits) == 2:
        i, new = _index(bits[1], doc.get("background", []))
        title = Note("ed_add_background") if new else Note("ed_background_n", {"n": i + 1})
        return Page(
            part,
            title,
            [_panel(parts.editor("background"), ("background", i), new, 0, title)],
            saved_part=f"background/{i}",
        )
    if head == "dimensions" and len(bits) == 2:
        i, new = _index(bits[1], doc.get("dimensions", []))
        title = Note("ed_add_dimension") if new else Note("ed_dimension_n", {"n": i + 1})
        panels = _scale_panels(doc, 1) if new and not doc.get("scale") else []
        panels.append(_panel(parts.DIMENSION, ("dimensions", i), new, 0, title))
        return Page(part, title, panels, saved_part=f"dimensions/{i}")
    if head == "sections" and len(bits) == 2:
        sections = doc.get("sections", [])
        i, new = _index(bits[1], sections)
        if not new:
            title = Note("ed_section_n", {"n": i + 1})
            return Page(part, title, [_panel(parts.SECTION, ("sections", i), False, 0, title)])
        return Page(part, Note("ed_add_section"), _new_section(i, kind), saved_part=f"sections/{i}")
    if head == "sections" and len(bits) == 4 and bits[2] == "questions":
        s, new_section = _index(bits[1], doc.get("sections", []), new_ok=False)
        questions = doc["sections"][s].get("questions", [])
        j, new = _index(bits[3], questions)
        kind = kind if new else questions[j].get("kind", "")
        if kind not in parts.section_kinds():
            raise PageNotFound(kind)
        title = (
            Note("ed_add_question", {"kind": Note(f"ed_kind_{kind}")})
            if new
            else Note("ed_question_title", {"n": j + 1, "kind": Note(f"ed_kind_{kind}")})
        )
        panel = _panel(parts.editor(kind), ("sections", s, "questions", j), new, 0, title)
        return Page(part, title, [panel], parent=f"sections/{s}", saved_part=f"sections/{s}/questions/{j}")
    raise PageNotFound(part)


def _scale_panels(doc: dict, first: int) -> list[Panel]:
    new = not isinstance(doc.get("scale"), dict)
    return [
        _panel(parts.SCALE, ("scale",), new, first, Note("ed_page_scale")),
        _panel(parts.BANDS, (), not doc.get("bands"), first + 1, Note("ed_bands")),
    ]


def _new_section(i: int, kind: str) -> list[Panel]:
    if kind not in parts.section_kinds():
        raise PageNotFound(kind)
    return [
        _panel(parts.SECTION_HEAD, ("sections", i), True, 1, Note("ed_add_section")),
        _panel(
            parts.editor(kind),
            ("sections", i, "questions", 0),
            True,
            0,
            Note("ed_first_question", {"kind": Note(f"ed_kind_{kind}")}),
        ),
    ]


def new_definition(start: str) -> Page:
    """The page that makes a definition from scratch: its general texts, and what it starts with (statements on
    a scale, or a section with a first question of the kind ``start``)."""
    panels = [_panel(parts.NEW_DEFINITION, (), True, 9, Note("ed_page_general"))]
    if start == STATEMENTS:
        panels += _scale_panels({}, 1)
        panels.append(_panel(parts.DIMENSION, ("dimensions", 0), True, 0, Note("ed_first_dimension")))
    else:
        panels += _new_section(0, start)
    return Page("new", Note("ed_page_new"), panels)


def views(pg: Page, doc: dict, languages: list[str] | None = None) -> list[PanelView]:
    """What the page shows of ``doc`` (the saved definition, or the posted one when it is shown again)."""
    ctx = f.Context(doc, languages or refs.languages(doc))
    return [
        PanelView(
            panel.title,
            paths.text(panel.path),
            panel.node.views(ctx, panel.prefix, panel.path, pg.data(doc, panel, ctx)),
        )
        for panel in pg.panels
    ]


def read(pg: Page, doc: dict, posted: f.Posted, definition_ids: AbstractSet[str] = frozenset()) -> Outcome:
    """The posted form of ``pg`` applied to a copy of ``doc`` (see the module doc); nothing is validated here
    beyond what a form can tell (a number that is no number)."""
    work = copy.deepcopy(doc)
    english = posted.get(f"{pg.panels[0].prefix}english") if pg.part == "new" else None
    langs = ["nl", "en"] if english else (["nl"] if pg.part == "new" else refs.languages(work))
    ctx = f.Context(work, langs)
    out = f.Reading()
    for panel in pg.panels:
        old = copy.deepcopy(pg.data(work, panel, ctx))
        new = panel.node.read(ctx, panel.prefix, panel.path, posted, old, out)
        if panel.path == ():
            work.clear()
            work.update(new)
        elif panel.new and isinstance(panel.path[-1], int):
            paths.insert(work, panel.path, new)
        else:
            paths.put(work, panel.path, new)
    if out.languages and out.languages != langs:
        refs.set_languages(work, out.languages)
        langs = out.languages
    refs.fill_ids(work, out.ids, definition_ids)
    for later in out.after:
        later()
    refs.rename(work, out.renames)
    for panel in pg.panels:
        if panel.node.finish is not None:
            panel.node.finish(work, panel.path)
    return Outcome(work, out, langs)


def apply(doc: dict, action: f.Action, reading: f.Reading) -> tuple[bool, Note | None]:
    """The page's button on a list of ``doc`` (in place): (applied, what it concerns). A delete is applied only
    when confirmed; unconfirmed it tells what would go."""
    target = reading.targets.get(action.target)
    if action.verb == "save" or target is None:
        return False, None
    return f.act(doc, action, target)


# -- the validator's problems beside their fields --------------------------------------------------------------


def _targets(panels: list[PanelView]) -> list[tuple[str, Any]]:
    """Everything on the page a problem can stand beside, with the JSON path it concerns (deepest first among
    equals: an input before its field, a field before its row)."""
    out: list[tuple[str, Any]] = []

    def add_field(fv: f.FieldView) -> None:
        out.extend((inp.path, inp) for inp in fv.inputs if inp.path)
        if fv.path:
            out.append((fv.path, fv))

    for panel in panels:
        for block in panel.blocks:
            if isinstance(block, f.FieldView):
                add_field(block)
            elif isinstance(block, f.RowsView):
                for row in block.rows:
                    for fv in row.fields:
                        add_field(fv)
                    out.append((row.path, row))
                out.append((block.path, block))
            elif isinstance(block, f.TableView):
                out.extend((cell.path, cell) for _, cells in block.rows for cell in cells)
                out.append((block.path, block))
            elif isinstance(block, f.ChildrenView):
                out.append((block.path, block))
    return out


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def place_problems(panels: list[PanelView], problems: list, lang: str, place) -> list[tuple[str, str]]:
    """Put each problem (a :class:`~scanengine.definition.Problem`) beside what it concerns on the page, in
    ``lang``: the input of its path; for a text, the input of the language it names (else the text's field);
    for a path below everything shown, the nearest thing shown above it. Returns those the page does not show,
    as (place in words, sentence), for the page's summary."""
    targets = _targets(panels)
    elsewhere: list[tuple[str, str]] = []
    for problem in problems:
        problem = _on_this_page(targets, problem)
        text = problem.text(lang, place)
        target = _target(targets, problem)
        if target is None:
            elsewhere.append((place(problem.path), text))
        elif text not in target.errors:
            target.errors.append(text)
    return elsewhere


def _on_this_page(targets: list[tuple[str, Any]], problem):
    """A problem that names a second place (``first_at``: an id used twice) is shown at that place when only
    that one is on the page, naming the other: the facilitator sees it beside what they just typed."""
    if _target(targets, problem) is not None:
        return problem
    for name, other in problem.params.items():
        if name.endswith("_at") and isinstance(problem.what, Note):
            swapped = type(problem)(other, Note(problem.key, {**problem.params, name: problem.path}))
            if _target(targets, swapped) is not None:
                return swapped
    return problem


def _target(targets: list[tuple[str, Any]], problem) -> Any:
    path = problem.path
    exact = [t for p, t in targets if p == path]
    if exact:
        return exact[0]
    below = [(p, t) for p, t in targets if _under(p, path)]
    if below:
        lang = problem.params.get("lang")
        for p, t in below:
            if lang and p == f"{path}.{lang}":
                return t
        return below[0][1]
    above = [(p, t) for p, t in targets if p and _under(path, p)]
    if above:
        return max(above, key=lambda pt: len(pt[0]))[1]
    return None
