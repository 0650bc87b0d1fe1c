"""The fields of the questionnaire editor: how one part of a definition becomes form inputs, and how posted
values become that part again.

A node of the document (a dimension, a question of some kind, the decision block ...) is described by a
:class:`Node`: its fields in order. Each field knows the form inputs it shows (one per language for a text), the
JSON path each input edits (so the validator's problems land beside it), and how to read its inputs back. The web
layer turns the inputs into WTForms fields and renders them by their widget; it knows no field and no kind by
name. Rows (statements of a dimension, options of a question) and linked children (the questions of a section)
carry the buttons that add, move and delete.

Nothing here imports Flask or WTForms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from scanengine.definition import Problem
from scanengine.editing import paths
from scanengine.editing.paths import Path
from scanengine.texts import Note

Choices = list[tuple[str, Any]]  # (posted value, label: a {lang: text} of the definition or a Note)
MAX_ROWS = 300  # rows a page may post for one list (a definition's lists are far shorter)

UP, DOWN, DELETE = "up", "down", "delete"
VERBS = (UP, DOWN, DELETE)


class Posted(Protocol):
    """The posted form (werkzeug's MultiDict has this shape)."""

    def get(self, key: str) -> str | None: ...
    def getlist(self, key: str) -> list[str]: ...


@dataclass
class Context:
    """What fields need besides their node: the whole document (choices come from it) and its languages."""

    doc: dict
    languages: list[str]


@dataclass(frozen=True)
class Action:
    """A button of the page: ``save``, or a verb on one element of a list (``up:p0-items:2``)."""

    verb: str = "save"
    target: str = ""
    index: int = -1
    confirmed: bool = False

    @classmethod
    def parse(cls, value: str | None, confirmed: bool = False) -> Action:
        parts = (value or "save").split(":")
        if len(parts) == 3 and parts[0] in VERBS and parts[2].isdigit():
            return cls(parts[0], parts[1], int(parts[2]), confirmed)
        return cls(confirmed=confirmed)

    def __str__(self) -> str:
        return "save" if self.verb == "save" else f"{self.verb}:{self.target}:{self.index}"


# -- what the page shows -----------------------------------------------------------------------------------------


@dataclass
class Input:
    """One form input: its name in the form, the JSON path it edits, how it is shown, and its value."""

    name: str
    path: str
    widget: str  # text | textarea | number | checkbox | select | checks | hidden
    label: Note
    value: Any = None
    choices: Choices = field(default_factory=list)
    lang: str | None = None  # the language of the text it edits
    hint: Note | None = None
    errors: list[str] = field(default_factory=list)
    fixed: bool = False  # shows the page's value even when the page shows what was posted (a row count)
    short: Note | None = None  # its label inside its field's group (a text's language alone)


@dataclass
class FieldView:
    """A field of a node on the page: its label, hint and inputs."""

    path: str
    label: Note
    inputs: list[Input]
    hint: Note | None = None
    wide: bool = False
    errors: list[str] = field(default_factory=list)


@dataclass
class RowView:
    n: int
    path: str
    origin: str
    fields: list[FieldView]
    hidden: list[Input]
    caption: Note
    blank: bool
    first: bool
    last: bool
    errors: list[str] = field(default_factory=list)


@dataclass
class RowsView:
    """A list edited in place: one row of inputs per element, empty rows to add, buttons per row."""

    target: str
    path: str
    label: Note
    rows: list[RowView]
    count: Input
    hint: Note | None = None
    errors: list[str] = field(default_factory=list)
    movable: bool = True


@dataclass
class ChildView:
    n: int
    caption: Any
    kind: Note | None
    part: str
    first: bool
    last: bool


@dataclass
class ChildrenView:
    """A list whose elements have their own page: a line each with its edit link and buttons."""

    target: str
    path: str
    label: Note
    children: list[ChildView]
    add: list[tuple[str, Note]]  # (part of the page that adds one, what it adds)
    errors: list[str] = field(default_factory=list)


@dataclass
class TableView:
    """A table of inputs (the decision's scores): rows x columns, a select per cell."""

    path: str
    label: Note
    columns: list[Any]
    rows: list[tuple[Any, list[Input]]]
    hint: Note | None = None
    errors: list[str] = field(default_factory=list)


# -- what a read gives -------------------------------------------------------------------------------------------


@dataclass
class Rename:
    """An id changed on the page: references to it elsewhere in the document follow (``scanengine.editing.refs``)."""

    what: str  # one of scanengine.editing.refs' names (BACKGROUND_QUESTION ... CRITERION)
    old: str
    new: str
    owner: str = ""  # the question whose option it is


@dataclass
class Target:
    """A list with buttons on the page: where it is in the document and what its elements are called."""

    path: Path
    item: str  # text key with {n}
    caption: str  # the key of the text that names an element


@dataclass
class Reading:
    """What reading a page's posted values found besides the new document."""

    problems: list[Problem] = field(default_factory=list)
    ids: list[tuple[Path, str, str]] = field(
        default_factory=list
    )  # (path of the id, text it is made of, style)
    renames: list[Rename] = field(default_factory=list)
    targets: dict[str, Target] = field(default_factory=dict)  # the lists the page's buttons act on
    rows: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)  # (posted index, row) per list
    after: list[Callable[[], None]] = field(default_factory=list)  # once the ids are given
    languages: list[str] | None = None  # the definition's languages, when the page sets them

    def refuse(self, path: Path, key: str, **params: Any) -> None:
        self.problems.append(Problem(paths.text(path), Note(key, params)))


# -- fields ---------------------------------------------------------------------------------------------------


def name_of(prefix: str, key: str) -> str:
    return f"{prefix}{key}"


def lang_label(label: str, lang: str, languages: list[str]) -> Note:
    """A text's label, with the language named when the definition has more than one."""
    if len(languages) == 1:
        return Note(label)
    return Note("ed_label_lang", {"label": Note(label), "language": Note(f"ed_language_{lang}")})


class Field:
    """One key of a node. ``label`` and ``hint`` are text keys of ``texts/editor.py``."""

    widget = "text"
    wide = False

    def __init__(self, key: str, label: str, hint: str | None = None, *, optional: bool = False):
        self.key = key
        self.label = label
        self.hint = hint
        self.optional = optional

    # what the page shows
    def view(self, ctx: Context, prefix: str, path: Path, node: dict) -> Any:
        value = node.get(self.key)
        inp = Input(
            name_of(prefix, self.key),
            paths.text((*path, self.key)),
            self.widget,
            Note(self.label),
            self.shown(value),
            self.choices(ctx, node),
        )
        return FieldView(inp.path, Note(self.label), [inp], Note(self.hint) if self.hint else None, self.wide)

    def shown(self, value: Any) -> Any:
        return "" if value is None else str(value)

    def choices(self, ctx: Context, node: dict) -> Choices:
        return []

    # what the form posts
    def empty(self, prefix: str, posted: Posted) -> bool:
        return not (posted.get(name_of(prefix, self.key)) or "").strip()

    def read(
        self,
        ctx: Context,
        prefix: str,
        path: Path,
        posted: Posted,
        old: dict,
        new: dict,
        out: Reading,
    ) -> None:
        """Write the field's value into ``new``; a value that cannot be converted leaves the old one there
        and is named in ``out`` (the page is shown again, nothing is saved)."""
        raw = (posted.get(name_of(prefix, self.key)) or "").strip()
        if not raw and self.optional:
            new.pop(self.key, None)
            return
        value = self.convert(raw, (*path, self.key), out)
        if value is not None:
            new[self.key] = value

    def convert(self, raw: str, path: Path, out: Reading) -> Any:
        return raw


class TextField(Field):
    """A text of the definition: one input per language of the definition (``{lang: text}``)."""

    def __init__(self, key: str, label: str, hint: str | None = None, *, optional=False, multiline=False):
        super().__init__(key, label, hint, optional=optional)
        self.multiline = multiline
        self.widget = "textarea" if multiline else "text"
        self.wide = multiline

    def view(self, ctx: Context, prefix: str, path: Path, node: dict) -> FieldView:
        value = node.get(self.key) or {}
        inputs = [
            Input(
                f"{prefix}{self.key}-{lang}",
                paths.text((*path, self.key, lang)),
                self.widget,
                lang_label(self.label, lang, ctx.languages),
                value.get(lang, "") if isinstance(value, dict) else "",
                lang=lang,
                short=Note(f"ed_language_{lang}"),
            )
            for lang in ctx.languages
        ]
        hint = Note(self.hint) if self.hint else None
        return FieldView(paths.text((*path, self.key)), Note(self.label), inputs, hint, self.wide)

    def empty(self, prefix: str, posted: Posted) -> bool:
        return all(
            not (posted.get(f"{prefix}{self.key}-{lang}") or "").strip() for lang in self._langs(posted)
        )

    def _langs(self, posted: Posted) -> tuple[str, ...]:
        return ("nl", "en")

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        text = {lang: (posted.get(f"{prefix}{self.key}-{lang}") or "").strip() for lang in ctx.languages}
        if self.optional and not any(text.values()):
            new.pop(self.key, None)
            return
        if self.multiline:
            text = {lang: value.replace("\r\n", "\n") for lang, value in text.items()}
        new[self.key] = text


class IdField(Field):
    """A short name. Left empty, it is made from the node's text (``base``) when the page is saved; ``refs``
    names what refers to it, so a changed id is changed there too (``scanengine.editing.refs``)."""

    def __init__(self, refs: str = "", *, numbered: bool = False, base: str = "text"):
        super().__init__("id", "ed_field_id_label", "ed_field_id_hint")
        self.refs = refs
        self.numbered = numbered
        self.base = base

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        raw = (posted.get(name_of(prefix, self.key)) or "").strip()
        new[self.key] = raw
        if not raw:  # given once the page is read, from the node's text as posted
            out.ids.append(((*path, "id"), self.base, "numbered" if self.numbered else "slug"))
        elif self.refs and old.get("id") and old["id"] != raw:
            out.renames.append(Rename(self.refs, old["id"], raw))


class BoolField(Field):
    widget = "checkbox"

    def shown(self, value: Any) -> Any:
        return bool(value)

    def empty(self, prefix: str, posted: Posted) -> bool:
        return not posted.get(name_of(prefix, self.key))

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        new[self.key] = bool(posted.get(name_of(prefix, self.key)))


class IntField(Field):
    """A whole number; ``optional``: left empty, the key is left out (the format's default applies)."""

    widget = "number"

    def convert(self, raw: str, path: Path, out: Reading) -> Any:
        if not raw:
            out.refuse(path, "ed_number_missing")
            return None
        if raw.lstrip("-").isdigit() and len(raw) < 16:
            return int(raw)
        out.refuse(path, "ed_not_whole_number", value=raw)
        return None


class NumberField(Field):
    """A number with decimals, ``12,5`` or ``12.5``; shown the Dutch way (``ed_decimal_comma``)."""

    widget = "number"

    def shown(self, value: Any) -> Any:
        if value is None:
            return ""
        text = format(Decimal(repr(float(value))).normalize(), "f")
        return text.replace(".", ",")

    def convert(self, raw: str, path: Path, out: Reading) -> Any:
        if not raw:
            out.refuse(path, "ed_number_missing")
            return None
        try:
            value = Decimal(raw.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            out.refuse(path, "ed_not_a_number", value=raw)
            return None
        if not value.is_finite():
            out.refuse(path, "ed_not_a_number", value=raw)
            return None
        return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)


class SelectField(Field):
    """One of a list that depends on the document (``choices(ctx, node)``); empty: none chosen."""

    widget = "select"

    def __init__(self, key, label, choices: Callable[[Context, dict], Choices], hint=None, *, optional=False):
        super().__init__(key, label, hint, optional=optional)
        self._choices = choices

    def choices(self, ctx: Context, node: dict) -> Choices:
        """The choices, after an empty one (nothing chosen yet: a browser would otherwise post the first)."""
        return [("", Note("ed_choose_none")), *self._choices(ctx, node)]

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        raw = (posted.get(name_of(prefix, self.key)) or "").strip()
        if not raw:
            if self.optional:
                new.pop(self.key, None)
            else:
                new[self.key] = ""
                out.refuse((*path, self.key), "ed_choose")
            return
        new[self.key] = raw


class ChecksField(SelectField):
    """Several of a list (check boxes): a list of the chosen values in the order of the choices."""

    widget = "checks"

    def shown(self, value: Any) -> Any:
        return list(value or [])

    def choices(self, ctx: Context, node: dict) -> Choices:
        return self._choices(ctx, node)

    def empty(self, prefix: str, posted: Posted) -> bool:
        return not posted.getlist(name_of(prefix, self.key))

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        chosen = set(posted.getlist(name_of(prefix, self.key)))
        known = [value for value, _ in self.choices(ctx, new)]
        kept = [v for v in (old.get(self.key) or []) if v not in known and v in chosen]
        new[self.key] = [v for v in known if v in chosen] + kept


class ShowIfField(Field):
    """``show_if``: per background question, the answers for which the question is shown (none ticked: no
    condition on that question; none at all: always shown)."""

    widget = "checks"
    wide = True

    def __init__(self) -> None:
        super().__init__("show_if", "ed_field_show_if", "ed_field_show_if_hint", optional=True)

    def view(self, ctx: Context, prefix: str, path: Path, node: dict) -> FieldView:
        show_if = node.get("show_if") or {}
        inputs = [
            Input(
                f"{prefix}show_if-{bq['id']}",
                paths.text((*path, "show_if", bq["id"])),
                "checks",
                Note("ed_show_if_question", {"question": bq.get("text") or {}}),
                list(show_if.get(bq["id"], [])),
                [(o["id"], o.get("label") or {}) for o in bq.get("options", [])],
            )
            for bq in ctx.doc.get("background", [])
            if bq.get("id")
        ]
        return FieldView(
            paths.text((*path, "show_if")),
            Note(self.label),
            inputs,
            Note(self.hint) if self.hint else None,
            True,
        )

    def empty(self, prefix: str, posted: Posted) -> bool:
        return True  # a condition alone does not make a row

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        show_if = {}
        for bq in ctx.doc.get("background", []):
            chosen = set(posted.getlist(f"{prefix}show_if-{bq.get('id')}"))
            options = [o["id"] for o in bq.get("options", []) if o.get("id") in chosen]
            if options:
                show_if[bq["id"]] = options
        kept = {
            q: v for q, v in (old.get("show_if") or {}).items() if q not in show_if and not _known(ctx, q)
        }
        show_if.update(kept)  # a condition on a question that is gone stays, so the validator names it
        if show_if:
            new["show_if"] = show_if
        else:
            new.pop("show_if", None)


def _known(ctx: Context, qid: str) -> bool:
    return any(bq.get("id") == qid for bq in ctx.doc.get("background", []))


# -- nodes ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A part of a definition edited on one page (or in one row): its fields in order.

    ``caption``: the key of the text that names it in lists and messages; ``defaults(ctx)``: the data a new one
    starts with; ``finish(doc, path)``: what follows from it elsewhere once the page is read (the decision's
    weights question gets the criteria as its answers).
    """

    name: str
    fields: tuple[Field, ...]
    caption: str = "text"
    defaults: Callable[[Context], dict] | None = None
    finish: Callable[[dict, Path], None] | None = None

    def new(self, ctx: Context) -> dict:
        return self.defaults(ctx) if self.defaults else {}

    def views(self, ctx: Context, prefix: str, path: Path, node: dict) -> list[Any]:
        return [f.view(ctx, prefix, path, node) for f in self.fields]

    def empty(self, prefix: str, posted: Posted) -> bool:
        return all(f.empty(prefix, posted) for f in self.fields)

    def read(
        self,
        ctx: Context,
        prefix: str,
        path: Path,
        posted: Posted,
        old: dict,
        out: Reading,
    ) -> dict:
        """The node as posted: the old node (its keys this page does not show are kept) with every field read."""
        new = dict(old)
        for f in self.fields:
            f.read(ctx, prefix, path, posted, old, new, out)
        return new


def named(what: Note, name: Any) -> Note:
    """``Antwoord 3`` with its name: ``Antwoord 3 ‘Energie’`` (just the first when it has none)."""
    return Note("ed_what_named", {"what": what, "name": name}) if name else what


def caption(node: Mapping[str, Any], key: str) -> Any:
    """What names a node in a list: its text (a ``{lang: text}``), else its id."""
    value = node.get(key)
    if isinstance(value, dict) and any(value.values()):
        return value
    return node.get("id") or ""


# -- lists -------------------------------------------------------------------------------------------------------


class Rows(Field):
    """A list edited in place, one row per element; ``blank`` empty rows take new elements (an empty row is
    left out). Each row posts its origin (its index when the page was shown), so a row keeps the keys the page
    does not show, and an id changed in a row is followed by its references."""

    widget = "rows"

    def __init__(
        self,
        key: str,
        row: Node,
        label: str,
        item: str,
        hint: str | None = None,
        *,
        blank: int = 1,
        refs: str = "",
        movable: bool = True,
    ):
        super().__init__(key, label, hint)
        self.row = row
        self.item = item
        self.blank = blank
        self.refs = refs
        self.movable = movable  # False: the list orders itself (the bands), so only delete is offered

    def items(self, node: dict) -> list[dict]:
        value = node.get(self.key)
        return [dict(v) for v in value] if isinstance(value, list) else []

    def store(self, node: dict, items: list[dict]) -> None:
        node[self.key] = items

    def target(self, prefix: str) -> str:
        return f"{prefix}{self.key}"

    def view(self, ctx: Context, prefix: str, path: Path, node: dict, blank: int | None = None) -> RowsView:
        items = self.items(node)
        n_blank = max(1, self.blank - len(items)) if blank is None else blank  # a new list gets more
        rows = []
        total = len(items) + n_blank
        for i in range(total):
            data = items[i] if i < len(items) else self.row.new(ctx)
            rprefix = f"{prefix}{self.key}-{i}-"
            rpath = (*path, self.key, i)
            origin = Input(
                f"{rprefix}origin", "", "hidden", Note("ed_origin"), str(i) if i < len(items) else ""
            )
            rows.append(
                RowView(
                    i + 1,
                    paths.text(rpath),
                    origin.value,
                    self.row.views(ctx, rprefix, rpath, data),
                    [origin],
                    Note(self.item, {"n": i + 1}),
                    i >= len(items),
                    i == 0,
                    i == len(items) - 1,
                )
            )
        count = Input(f"{prefix}{self.key}-count", "", "hidden", Note("ed_origin"), str(total), fixed=True)
        return RowsView(
            self.target(prefix),
            paths.text((*path, self.key)),
            Note(self.label),
            rows,
            count,
            Note(self.hint) if self.hint else None,
            movable=self.movable,
        )

    def posted_count(self, prefix: str, posted: Posted) -> int:
        raw = posted.get(f"{prefix}{self.key}-count") or ""
        return min(int(raw), MAX_ROWS) if raw.isdigit() else 0

    def empty(self, prefix: str, posted: Posted) -> bool:
        return False

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        olds = self.items(old)
        rows: list[tuple[int, dict]] = []
        for i in range(self.posted_count(prefix, posted)):
            rprefix = f"{prefix}{self.key}-{i}-"
            origin_raw = posted.get(f"{rprefix}origin") or ""
            origin = int(origin_raw) if origin_raw.isdigit() and int(origin_raw) < len(olds) else None
            if origin is None and self.row.empty(rprefix, posted):
                continue  # an empty row for a new element, left empty
            base = olds[origin] if origin is not None else self.row.new(ctx)
            row = self.row.read(ctx, rprefix, (*path, self.key, len(rows)), posted, base, out)
            rows.append((i, row))
            if origin is not None and self.refs and base.get("id") and row.get("id") not in ("", base["id"]):
                out.renames.append(Rename(self.refs, base["id"], row["id"], owner=str(old.get("id", ""))))
        target = self.target(prefix)
        out.targets[target] = Target((*path, self.key), self.item, self.row.caption)
        out.rows[target] = rows
        self.store(new, [row for _, row in rows])


def act(doc: dict, action: Action, target: Target) -> tuple[bool, Note | None]:
    """Apply a row's or a child's button to its list in ``doc``: (done, what a delete removes)."""
    items = paths.get(doc, target.path)
    if not isinstance(items, list) or not 0 <= action.index < len(items):
        return False, None
    what = named(Note(target.item, {"n": action.index + 1}), caption(items[action.index], target.caption))
    if action.verb == DELETE:
        if action.confirmed:
            items.pop(action.index)
            return True, what
        return False, what
    return paths.move(items, action.index, -1 if action.verb == UP else 1), what


class Children(Field):
    """A list whose elements each have their own page (the questions of a section, the dimensions): a line
    each with its edit link (``part(path)``), its buttons, and the pages that add one (``adds(ctx, path)``)."""

    widget = "children"

    def __init__(
        self,
        key: str,
        label: str,
        item: str,
        part: Callable[[Path], str],
        adds: Callable[[Context, Path], list[tuple[str, Note]]],
        kind: Callable[[dict], Note | None] = lambda node: None,
        caption_key: str = "text",
    ):
        super().__init__(key, label)
        self.item = item
        self.part = part
        self.adds = adds
        self.kind = kind
        self.caption_key = caption_key

    def view(self, ctx: Context, prefix: str, path: Path, node: dict) -> ChildrenView:
        items = node.get(self.key) or []
        children = [
            ChildView(
                i + 1,
                caption(child, self.caption_key),
                self.kind(child),
                self.part((*path, self.key, i)),
                i == 0,
                i == len(items) - 1,
            )
            for i, child in enumerate(items)
        ]
        return ChildrenView(
            f"{prefix}{self.key}",
            paths.text((*path, self.key)),
            Note(self.label),
            children,
            self.adds(ctx, path),
        )

    def empty(self, prefix: str, posted: Posted) -> bool:
        return False

    def read(self, ctx, prefix, path, posted, old, new, out) -> None:
        out.targets[f"{prefix}{self.key}"] = Target((*path, self.key), self.item, self.caption_key)
        if self.key in old:
            new[self.key] = list(old[self.key])
