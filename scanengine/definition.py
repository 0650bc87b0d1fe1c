"""Questionnaire definitions: JSON file -> validated :class:`Questionnaire`, with a canonical hash.

Validation happens in three passes so that every problem is reported once, with the file, the JSON path and a
plain sentence (``questionnaires/x.json: dimensions[2].items[0].id: duplicate id 'c1'``):

1. JSON syntax (line and column of the first error),
2. structure and types (pydantic, unknown keys refused),
3. the rules that span the document (ids, languages, scale, bands, ``show_if``).

A round stores a pinned copy of the canonical JSON and its SHA-256, so editing a file never changes a round
that already exists.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
LANG_PATTERN = re.compile(r"[a-z]{2}")
MIN_POINTS, MAX_POINTS = 2, 11
DONT_KNOW = "dk"

Text = dict[str, str]


class _Strict(BaseModel):
    """Base: unknown keys are an error, models are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Option(_Strict):
    id: str
    label: Text


class BackgroundQuestion(_Strict):
    id: str
    text: Text
    breakdown: bool = False
    options: list[Option] = Field(min_length=2)


class Item(_Strict):
    id: str
    text: Text
    reverse: bool = False
    show_if: dict[str, list[str]] | None = None


class Dimension(_Strict):
    id: str
    title: Text
    description: Text | None = None
    items: list[Item] = Field(min_length=1)


class OpenQuestion(_Strict):
    id: str
    text: Text
    max_length: int = 2000


class Scale(_Strict):
    points: int
    labels: dict[str, list[str]]
    dont_know: Text | None = None


class Band(_Strict):
    min: float = Field(strict=False)
    label: Text


class Questionnaire(_Strict):
    """A validated questionnaire definition (SPEC section 3)."""

    id: str
    version: str
    title: Text
    intro: Text | None = None
    scale: Scale
    bands: list[Band] = Field(min_length=1)
    background: list[BackgroundQuestion] = []
    dimensions: list[Dimension] = Field(min_length=1)
    open_questions: list[OpenQuestion] = []

    # -- derived views used by the form, the storage codec and the analysis -------------------------------

    @property
    def languages(self) -> list[str]:
        """The languages every text carries, in the order of ``title`` (``nl`` first by rule)."""
        return list(self.title)

    @property
    def items(self) -> list[Item]:
        """All statements in storage order: dimensions in order, items in order."""
        return [item for dim in self.dimensions for item in dim.items]

    def item_dimension_index(self) -> list[int]:
        """For each item in storage order, the index of its dimension."""
        return [d for d, dim in enumerate(self.dimensions) for _ in dim.items]

    def background_question(self, qid: str) -> BackgroundQuestion | None:
        return next((q for q in self.background if q.id == qid), None)

    def is_shown(self, item: Item, background: dict[str, str | None]) -> bool:
        """Whether ``item`` applies to a participant with these background answers (option ids).

        An item with ``show_if`` is shown when, for every question it names, the participant's answer is one
        of the listed options. An unanswered background question hides the item: we only ask role-specific
        statements of people who said they have that role.
        """
        if not item.show_if:
            return True
        return all(background.get(qid) in options for qid, options in item.show_if.items())

    def canonical_json(self) -> str:
        """The definition as canonical JSON: sorted keys, no insignificant white space, UTF-8 text."""
        return canonical_json(self.model_dump(mode="json", exclude_none=True))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def band_index(self, mean: float | None) -> int | None:
        """Index of the band a mean falls in: the first (bands are sorted descending by ``min``) whose ``min`` the
        mean reaches; None for no mean, NaN or a mean below every band. The one band lookup of the product."""
        if mean is None or mean != mean:
            return None
        return next((i for i, band in enumerate(self.bands) if mean >= band.min), None)

    def band_for(self, mean: float | None, lang: str = "nl") -> str | None:
        """Label of the band of a mean (:meth:`band_index`) in ``lang``."""
        i = self.band_index(mean)
        return None if i is None else self.bands[i].label.get(lang) or self.bands[i].label["nl"]


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# -- errors ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One validation problem: where (JSON path) and what."""

    path: str
    message: str

    def format(self, source: str) -> str:
        where = f"{source}: {self.path}" if self.path else source
        return f"{where}: {self.message}"


class DefinitionError(ValueError):
    """A definition that cannot be used; ``problems`` lists every problem found, ``lines()`` formats them."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [p.format(self.source) for p in self.problems]


def json_path(loc: Iterable[str | int]) -> str:
    """``('dimensions', 2, 'items', 0, 'id')`` -> ``dimensions[2].items[0].id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_PYDANTIC_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field",
    "string_type": "must be a string",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "too_short": None,  # formatted below
}


def _pydantic_problems(exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        kind = err["type"]
        if kind == "too_short":
            msg = f"must have at least {err['ctx']['min_length']} entries"
        elif kind in ("int_from_float", "int_parsing"):
            msg = "must be a whole number"
        else:
            msg = _PYDANTIC_MESSAGES.get(kind) or err["msg"][0].lower() + err["msg"][1:]
        if kind in ("string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type", "model_type"):
            msg += f", got {_json_type(err.get('input'))}"
        problems.append(Problem(json_path(loc), msg))
    return problems


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


# -- the rules that span the document -----------------------------------------------------------------------------


def _texts(q: Questionnaire) -> Iterator[tuple[str, Text]]:
    """Every localized text with its JSON path."""
    yield "title", q.title
    if q.intro is not None:
        yield "intro", q.intro
    if q.scale.dont_know is not None:
        yield "scale.dont_know", q.scale.dont_know
    for i, band in enumerate(q.bands):
        yield f"bands[{i}].label", band.label
    for i, bq in enumerate(q.background):
        yield f"background[{i}].text", bq.text
        for j, opt in enumerate(bq.options):
            yield f"background[{i}].options[{j}].label", opt.label
    for i, dim in enumerate(q.dimensions):
        yield f"dimensions[{i}].title", dim.title
        if dim.description is not None:
            yield f"dimensions[{i}].description", dim.description
        for j, item in enumerate(dim.items):
            yield f"dimensions[{i}].items[{j}].text", item.text
    for i, oq in enumerate(q.open_questions):
        yield f"open_questions[{i}].text", oq.text


def _ids(q: Questionnaire) -> Iterator[tuple[str, str]]:
    """Every id that shares the document-wide namespace, with its JSON path, in document order."""
    for i, bq in enumerate(q.background):
        yield f"background[{i}].id", bq.id
    for i, dim in enumerate(q.dimensions):
        yield f"dimensions[{i}].id", dim.id
        for j, item in enumerate(dim.items):
            yield f"dimensions[{i}].items[{j}].id", item.id
    for i, oq in enumerate(q.open_questions):
        yield f"open_questions[{i}].id", oq.id


def check_rules(q: Questionnaire) -> list[Problem]:
    """The cross-field rules of SPEC section 3, as a list of problems (empty when the definition is valid)."""
    problems: list[Problem] = []
    add = problems.append

    def check_id(path: str, value: str) -> bool:
        if ID_PATTERN.fullmatch(value):
            return True
        add(Problem(path, f"bad id {value!r}: must match [a-z][a-z0-9_]{{0,39}}"))
        return False

    check_id("id", q.id)
    if not q.version.strip():
        add(Problem("version", "must not be empty"))

    seen: dict[str, str] = {}
    for path, value in _ids(q):
        if check_id(path, value):
            if value in seen:
                add(Problem(path, f"duplicate id {value!r} (first used at {seen[value]})"))
            else:
                seen[value] = path
    for i, bq in enumerate(q.background):
        options_seen: set[str] = set()
        for j, opt in enumerate(bq.options):
            path = f"background[{i}].options[{j}].id"
            if check_id(path, opt.id):
                if opt.id in options_seen:
                    add(Problem(path, f"duplicate option id {opt.id!r} in question {bq.id!r}"))
                options_seen.add(opt.id)

    # languages: nl required; every text carries exactly the languages of the title
    langs = list(q.title)
    for lang in langs:
        if not LANG_PATTERN.fullmatch(lang):
            add(Problem("title", f"bad language code {lang!r}: use two lower-case letters such as 'nl' or 'en'"))
    if "nl" not in q.title:
        add(Problem("title", "missing language 'nl' (Dutch is required)"))
    want = set(langs)

    def check_languages(path: str, have: set[str]) -> None:
        for lang in sorted(want - have):
            add(Problem(path, f"missing language {lang!r}"))
        for lang in sorted(have - want):
            add(Problem(path, f"language {lang!r} is not declared in title"))

    for path, text in _texts(q):
        check_languages(path, set(text))
        for lang, value in text.items():
            if lang in want and not value.strip():
                add(Problem(f"{path}.{lang}", "must not be empty"))

    # scale
    points = q.scale.points
    if not MIN_POINTS <= points <= MAX_POINTS:
        add(Problem("scale.points", f"must be between {MIN_POINTS} and {MAX_POINTS}, got {points}"))
    check_languages("scale.labels", set(q.scale.labels))
    for lang, labels in q.scale.labels.items():
        if len(labels) != points:
            add(Problem(f"scale.labels.{lang}", f"has {len(labels)} labels, expected {points} (scale.points)"))

    # bands: sorted descending by min, each on the scale's range
    previous = None
    for i, band in enumerate(q.bands):
        if not 1 <= band.min <= points:
            add(Problem(f"bands[{i}].min", f"{band.min:g} is outside the scale range 1..{points}"))
        if previous is not None and band.min >= previous:
            add(Problem(f"bands[{i}].min", f"bands must be sorted by descending min: {band.min:g} follows {previous:g}"))
        previous = band.min

    # show_if: names a background question and some of its options
    background = {bq.id: {o.id for o in bq.options} for bq in q.background}
    for i, dim in enumerate(q.dimensions):
        for j, item in enumerate(dim.items):
            if item.show_if is None:
                continue
            path = f"dimensions[{i}].items[{j}].show_if"
            if not item.show_if:
                add(Problem(path, "must name at least one background question"))
            for qid, options in item.show_if.items():
                if qid not in background:
                    add(Problem(f"{path}.{qid}", f"unknown background question {qid!r}"))
                    continue
                if not options:
                    add(Problem(f"{path}.{qid}", "must list at least one option"))
                for k, opt in enumerate(options):
                    if opt not in background[qid]:
                        add(Problem(f"{path}.{qid}[{k}]", f"unknown option {opt!r} of question {qid!r}"))

    for i, oq in enumerate(q.open_questions):
        if not 1 <= oq.max_length <= 10000:
            add(Problem(f"open_questions[{i}].max_length", f"must be between 1 and 10000, got {oq.max_length}"))
    return problems


# -- loading ----------------------------------------------------------------------------------------------------


def parse(data: Any, source: str = "<definition>") -> Questionnaire:
    """Validate already-decoded JSON data; raise :class:`DefinitionError` listing every problem."""
    if not isinstance(data, dict):
        raise DefinitionError(source, [Problem("", f"the top level must be an object, got {_json_type(data)}")])
    try:
        q = Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(source, _pydantic_problems(exc)) from None
    problems = check_rules(q)
    if problems:
        raise DefinitionError(source, problems)
    return q


def loads(text: str | bytes, source: str = "<definition>") -> Questionnaire:
    """Parse JSON text; a syntax error names the line and column."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DefinitionError(source, [Problem("", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            source, [Problem("", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")]
        ) from None
    return parse(data, source)


def load(path: str | Path) -> Questionnaire:
    """Load and validate a definition file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DefinitionError(str(path), [Problem("", f"cannot read file: {exc.strerror}")]) from None
    return loads(raw, str(path))


def from_pinned(canonical: str) -> Questionnaire:
    """Rebuild the questionnaire pinned in a round (already validated when the round was created)."""
    return Questionnaire.model_validate_json(canonical)


def shipped_dir() -> Path:
    """The folder of the definitions shipped with the product (``questionnaires/`` at the project root)."""
    import os

    env = os.environ.get("SCANENGINE_QUESTIONNAIRES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent / "questionnaires"
    return here if here.is_dir() else Path.cwd() / "questionnaires"


def shipped() -> dict[str, Path]:
    """Shipped definitions by id (the file stem)."""
    folder = shipped_dir()
    return {p.stem: p for p in sorted(folder.glob("*.json"))} if folder.is_dir() else {}


def resolve(ref: str) -> Questionnaire:
    """A definition by path, or by the id of a shipped definition."""
    path = Path(ref)
    if path.suffix == ".json" or path.exists():
        return load(path)
    found = shipped().get(ref)
    if found is None:
        known = ", ".join(shipped()) or "none"
        raise DefinitionError(ref, [Problem("", f"no such file or shipped questionnaire (shipped: {known})")])
    return load(found)
