"""Questionnaire definitions: JSON file -> validated :class:`Questionnaire`, with a canonical hash.

Validation happens in three passes so that every problem is reported once, with the file, the JSON path and a
plain sentence (``questionnaires/x.json: dimensions[2].items[0].id: duplicate id 'c1'``):

1. JSON syntax (line and column of the first error),
2. structure and types (pydantic, unknown keys refused),
3. the rules that span the document (ids, languages, ``show_if``, which parts come together), and each
   question's own rules, asked of its kind (scanengine.kinds: the question models live there too).

A round stores a pinned copy of the canonical JSON and its SHA-256, so editing a file never changes a round
that already exists. (About 470 lines on purpose: the document model, its rules and the wording of its errors
are read together whenever a rule changes.)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol, Union

from pydantic import Field, ValidationError

from scanengine import businesscase as _businesscase
from scanengine import decision as _decision
from scanengine import kinds, texts
from scanengine.kinds.background import BackgroundQuestion
from scanengine.kinds.base import DONT_KNOW, ID_PATTERN, Kind, Option, Strict, Text, bad_id
from scanengine.kinds.open import OpenQuestion
from scanengine.kinds.statement import MAX_POINTS, MIN_POINTS, Band, Dimension, Item, Scale
from scanengine.texts import Note
from scanengine.texts.definition import language_name, technical

__all__ = [
    "DONT_KNOW",
    "ID_PATTERN",
    "MAX_POINTS",
    "MIN_POINTS",
    "BackgroundQuestion",
    "Band",
    "DefinitionError",
    "Dimension",
    "Entry",
    "Section",
    "Slot",
    "Item",
    "OpenQuestion",
    "Option",
    "Problem",
    "Questionnaire",
    "Scale",
    "Text",
]

LANG_PATTERN = re.compile(r"[a-z]{2}")

#: page keys of the containers that are not named by an id of the definition
BACKGROUND_PAGE, OPEN_PAGE = "background", "open"


if TYPE_CHECKING:

    class SectionQuestion(Protocol):
        """What every section kind's model has; the union itself is built from the registry at run time."""

        @property
        def kind(self) -> str: ...
        @property
        def id(self) -> str: ...
        @property
        def text(self) -> Text: ...
        @property
        def required(self) -> bool: ...
        @property
        def show_if(self) -> dict[str, list[str]] | None: ...
else:
    #: a question of a section: the model of the kind its ``"kind"`` names
    SectionQuestion = Annotated[
        Union[tuple(k.model for k in kinds.all() if k.in_sections)],  # noqa: UP007
        Field(discriminator="kind"),
    ]
SECTION_KINDS = tuple(k.name for k in kinds.all() if k.in_sections)


class ReportWords(Strict):
    """The instrument's own words in its report (docs/architecture.md#the-report): by default the report speaks
    neutrally of dimensions and statements; a trust scan says here that it measures trust."""

    subtitle: Text | None = None  # under the title on the cover ("Vertrouwen tussen de partners")
    summary_intro: Text | None = None  # the conclusion's first sentence: what the instrument measures


class Section(Strict):
    """A page of questions of other kinds than statements (after the dimensions, before the open questions)."""

    id: str
    title: Text
    description: Text | None = None
    questions: list[SectionQuestion] = Field(min_length=1)


@dataclass(frozen=True)
class Entry:
    """One question of a definition with its kind, its JSON path and the key of the page it is asked on."""

    kind: Kind
    question: Any
    path: str
    page: str


@dataclass(frozen=True)
class Slot:
    """Where one question's value sits in a stored response column: bytes ``start:stop``."""

    entry: Entry
    start: int
    stop: int


class Questionnaire(Strict):
    """A validated questionnaire definition (docs/architecture.md, "Question kinds")."""

    id: str
    version: str
    title: Text
    intro: Text | None = None
    scale: Scale | None = None  # scale, bands and dimensions come together (check_rules)
    bands: list[Band] = []
    background: list[BackgroundQuestion] = []
    dimensions: list[Dimension] = []
    sections: list[Section] = []
    open_questions: list[OpenQuestion] = []
    decision: _decision.Decision | None = None  # alternatives weighed on criteria (scanengine.decision)
    businesscase: _businesscase.Businesscase | None = None  # savings against costs (scanengine.businesscase)
    report: ReportWords | None = None  # the instrument's words in its report

    # -- derived views used by the form, the storage codec and the analysis -------------------------------

    @property
    def languages(self) -> list[str]:
        """The languages every text carries, in the order of ``title`` (``nl`` first by rule)."""
        return list(self.title)

    @property
    def statement_scale(self) -> Scale:
        """The scale of a questionnaire with statements, which always has one (check_rules)."""
        if self.scale is None:
            raise ValueError(f"questionnaire {self.id} has no scale: it has no statements")
        return self.scale

    @cached_property
    def scale_values(self) -> dict[str, int | str]:
        """Every value a statement may be posted with and what it stands for: ``"1"``..``"points"`` → the point,
        ``dk`` → don't know when the scale offers it (empty without a scale). A participant's submission checks
        one per statement: a look-up here instead of parsing each (BENCHMARKS.md)."""
        if self.scale is None:
            return {}
        out: dict[str, int | str] = {str(i): i for i in range(1, self.scale.points + 1)}
        if self.scale.dont_know is not None:
            out[DONT_KNOW] = DONT_KNOW
        return out

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        """Every question in document order: background, the statements dimension by dimension, the questions
        of the sections, open questions. Within each response column this is also the storage order
        (scanengine.responses), so the statements come first in the answers column."""
        out = [
            Entry(kinds.get(bq.kind), bq, f"background[{i}]", BACKGROUND_PAGE)
            for i, bq in enumerate(self.background)
        ]
        for d, dim in enumerate(self.dimensions):
            out += [
                Entry(kinds.get(item.kind), item, f"dimensions[{d}].items[{j}]", dim.id)
                for j, item in enumerate(dim.items)
            ]
        for i, section in enumerate(self.sections):
            out += [
                Entry(kinds.get(question.kind), question, f"sections[{i}].questions[{j}]", section.id)
                for j, question in enumerate(section.questions)
            ]
        out += [
            Entry(kinds.get(oq.kind), oq, f"open_questions[{i}]", OPEN_PAGE)
            for i, oq in enumerate(self.open_questions)
        ]
        return tuple(out)

    @cached_property
    def layout(self) -> dict[str, tuple[Slot, ...]]:
        """Per response column, the questions stored in it with their byte range (widths from their kinds):
        a byte column is the concatenation of its questions' fixed-width slices in document order."""
        out: dict[str, list[Slot]] = {}
        ends: dict[str, int] = {}
        for e in self.entries:
            start = ends.get(e.kind.segment, 0)
            stop = ends[e.kind.segment] = start + e.kind.width(e.question, self)
            out.setdefault(e.kind.segment, []).append(Slot(e, start, stop))
        return {segment: tuple(slots) for segment, slots in out.items()}

    def width(self, segment: str) -> int:
        """Bytes of a response's ``segment`` column."""
        slots = self.layout.get(segment)
        return slots[-1].stop if slots else 0

    @property
    def items(self) -> list[Item]:
        """All statements in storage order: dimensions in order, items in order."""
        return [item for dim in self.dimensions for item in dim.items]

    def item_dimension_index(self) -> list[int]:
        """For each item in storage order, the index of its dimension."""
        return [d for d, dim in enumerate(self.dimensions) for _ in dim.items]

    def section(self, sid: str) -> Section | None:
        return next((s for s in self.sections if s.id == sid), None)

    def background_question(self, qid: str) -> BackgroundQuestion | None:
        return next((q for q in self.background if q.id == qid), None)

    def is_shown(self, question: Any, background: dict[str, str | None]) -> bool:
        """Whether ``question`` applies to a participant with these background answers (option ids).

        A question with ``show_if`` is shown when, for every question it names, the participant's answer is one
        of the listed options. An unanswered background question hides it: we only ask role-specific
        statements of people who said they have that role.
        """
        show_if = getattr(question, "show_if", None)
        if not show_if:
            return True
        return all(background.get(qid) in options for qid, options in show_if.items())

    def document(self) -> dict[str, Any]:
        """The definition as JSON data, every field given (defaults too), in the order of the model: what the
        canonical JSON holds, and what an exported file shows in a readable order."""
        data = self.model_dump(mode="json", exclude_none=True)
        if not data["sections"]:
            del data[
                "sections"
            ]  # definitions without sections keep the hash they had before sections existed
        return data

    def canonical_json(self) -> str:
        """The definition as canonical JSON: sorted keys, no insignificant white space, UTF-8 text."""
        return canonical_json(self.document())

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
    """One validation problem: where (JSON path) and what, as a text of the catalogue with its parameters.

    ``what`` is a :class:`~scanengine.texts.Note` of ``scanengine/texts/definition.py``, which holds each problem
    twice: :attr:`message` is the sentence of ``file: json.path: sentence`` (the CLI, logs; English and stable),
    :meth:`text` the same problem in plain words in the reader's language (the editor, the upload page), with
    the JSON paths among its parameters written in words by the page. A bare string is a sentence not (yet) in
    the catalogue: the CLI prints it as it is, a person gets a general sentence.
    """

    path: str
    what: Note | str

    @property
    def key(self) -> str:
        return self.what.key if isinstance(self.what, Note) else "def_unexplained"

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.what.params) if isinstance(self.what, Note) else {"reason": self.what}

    @property
    def message(self) -> str:
        sentence = technical(self.key, self.params)
        return self.text("en") if sentence is None else sentence

    def text(self, lang: str, place: Callable[[str], str] | None = None) -> str:
        """The problem in plain words in ``lang``; ``place`` writes a JSON path (the parameters ending in
        ``_at``) in words."""
        params = {}
        for name, value in self.params.items():
            if isinstance(value, dict):
                value = value.get(lang) or value.get("nl", "")
            elif name.endswith("_at") and place is not None:
                value = place(value.removesuffix(".id"))  # the element whose id it is
            params[name] = value
        return texts.t(lang, self.key, **params)

    def format(self, source: str) -> str:
        where = f"{source}: {self.path}" if self.path else source
        return f"{where}: {self.message}"


def problem(path: str, key: str, **params: Any) -> Problem:
    """A :class:`Problem` at ``path`` with the text ``key`` of ``texts/definition.py``."""
    return Problem(path, Note(key, params))


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


#: pydantic's error types -> the key of the problem (the type errors add what was given instead)
_PYDANTIC_KEYS = {
    "missing": "def_missing",
    "extra_forbidden": "def_unknown_field",
    "string_type": "def_type_string",
    "int_type": "def_type_int",
    "float_type": "def_type_float",
    "bool_type": "def_type_bool",
    "list_type": "def_type_list",
    "dict_type": "def_type_object",
    "model_type": "def_type_object",
    "int_from_float": "def_whole_number",
    "int_parsing": "def_whole_number",
}


def _pydantic_problems(exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = _without_tags([p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))])
        kind = err["type"]
        params: dict[str, Any] = {}
        if kind == "union_tag_invalid":
            loc.append("kind")
            key, params = "def_unknown_kind", {"kind": err["ctx"]["tag"], "known": ", ".join(SECTION_KINDS)}
        elif kind == "union_tag_not_found":
            loc.append("kind")
            key, params = "def_kind_missing", {"known": ", ".join(SECTION_KINDS)}
        elif kind == "literal_error":
            key, params = "def_not_allowed", {"expected": err["ctx"]["expected"]}
        elif kind == "too_short":
            key, params = "def_too_short", {"min": err["ctx"]["min_length"], "n": err["ctx"]["min_length"]}
        elif kind in _PYDANTIC_KEYS:
            key = _PYDANTIC_KEYS[kind]
            if key.startswith("def_type_"):
                params = {"got": _json_type(err.get("input"))}
        else:
            key, params = "def_invalid", {"reason": err["msg"][0].lower() + err["msg"][1:]}
        problems.append(problem(json_path(loc), key, **params))
    return problems


def _without_tags(loc: list) -> list:
    """Drop the tag pydantic adds to the location inside a discriminated union (``questions, 1, 'ranking'``)."""
    return [
        p
        for i, p in enumerate(loc)
        if not (i >= 2 and p in SECTION_KINDS and isinstance(loc[i - 1], int) and loc[i - 2] == "questions")
    ]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


# -- the rules that span the document -----------------------------------------------------------------------------


def _texts(q: Questionnaire) -> Iterator[tuple[str, Text]]:
    """Every localized text with its JSON path."""
    yield "title", q.title
    if q.intro is not None:
        yield "intro", q.intro
    for kind in kinds.all():
        yield from kind.document_texts(q)
    for i, dim in enumerate(q.dimensions):
        yield f"dimensions[{i}].title", dim.title
        if dim.description is not None:
            yield f"dimensions[{i}].description", dim.description
    for i, section in enumerate(q.sections):
        yield f"sections[{i}].title", section.title
        if section.description is not None:
            yield f"sections[{i}].description", section.description
    for e in q.entries:
        yield from e.kind.texts(e.question, e.path)
    if q.decision is not None:
        yield from _decision.texts(q.decision)
    if q.report is not None:
        for name in ("subtitle", "summary_intro"):
            text = getattr(q.report, name)
            if text is not None:
                yield f"report.{name}", text


def _ids(q: Questionnaire) -> Iterator[tuple[str, str]]:
    """Every id that shares the document-wide namespace, with its JSON path, in document order."""
    containers: dict[str, list[Dimension] | list[Section]] = {
        "dimensions": q.dimensions,
        "sections": q.sections,
    }
    done: set[str] = set()
    for e in q.entries:
        name, _, rest = e.path.partition("[")
        if name in containers:  # a container's id comes before its first question's
            where = f"{name}[{rest.partition(']')[0]}]"
            if where not in done:
                done.add(where)
                yield f"{where}.id", containers[name][int(rest.partition("]")[0])].id
        yield f"{e.path}.id", e.question.id


def _shape_problems(q: Questionnaire) -> list[Problem]:
    """``scale``, ``bands`` and ``dimensions`` come together (statements need a scale and bands), and a
    definition asks something: at least one dimension or one section."""
    given = q.model_fields_set
    if not q.dimensions and not q.sections:
        if "dimensions" in given or "sections" in given:
            return [
                problem("dimensions" if "dimensions" in given else "sections", "def_too_short", min=1, n=1)
            ]
        return [problem("", "def_nothing_asked")]
    parts = {"scale": q.scale is not None, "bands": bool(q.bands), "dimensions": bool(q.dimensions)}
    if any(parts.values()) and not all(parts.values()):
        return [
            problem(name, "def_too_short", min=1, n=1)
            if name in given and name != "scale"
            else problem(name, "def_missing")
            for name, ok in parts.items()
            if not ok
        ]
    return []


def check_rules(q: Questionnaire) -> list[Problem]:
    """The cross-field rules of a definition, as a list of problems (empty when the definition is valid).

    Document-wide here (ids, languages, ``show_if``); each question's own rules and the scale's come from its
    kind (scanengine.kinds)."""
    problems: list[Problem] = []
    add = problems.append

    def check_id(path: str, value: str) -> bool:
        wrong = bad_id(value)
        if wrong:
            add(Problem(path, wrong))
        return wrong is None

    check_id("id", q.id)
    if not q.version.strip():
        add(problem("version", "def_empty"))
    problems += _shape_problems(q)

    seen: dict[str, str] = {}
    for path, value in _ids(q):
        if check_id(path, value):
            if value in seen:
                add(problem(path, "def_duplicate_id", value=value, first_at=seen[value]))
            else:
                seen[value] = path
    for e in q.entries:
        problems += [Problem(path, message) for path, message in e.kind.problems(e.question, q, e.path)]

    # languages: nl required; every text carries exactly the languages of the title
    langs = list(q.title)
    for lang in langs:
        if not LANG_PATTERN.fullmatch(lang):
            add(problem("title", "def_bad_language", lang=lang))
    if "nl" not in q.title:
        add(problem("title", "def_dutch_required"))
    want = set(langs)

    def check_languages(path: str, have: set[str]) -> None:
        for lang in sorted(want - have):
            add(problem(path, "def_language_missing", lang=lang, language=language_name(lang)))
        for lang in sorted(have - want):
            add(problem(path, "def_language_undeclared", lang=lang, language=language_name(lang)))

    for path, text in _texts(q):
        check_languages(path, set(text))
        for lang, value in text.items():
            if lang in want and not value.strip():
                add(problem(f"{path}.{lang}", "def_empty"))
    if q.scale is not None:
        check_languages("scale.labels", set(q.scale.labels))

    for kind in kinds.all():
        problems += [Problem(path, message) for path, message in kind.document_problems(q)]
    problems += [Problem(path, message) for path, message in _decision.problems(q)]
    problems += [Problem(path, message) for path, message in _businesscase.problems(q)]

    # show_if: names a background question and some of its options
    background = {bq.id: {o.id for o in bq.options} for bq in q.background}
    for e in q.entries:
        show_if = getattr(e.question, "show_if", None)
        if show_if is None:
            continue
        path = f"{e.path}.show_if"
        if not show_if:
            add(problem(path, "def_show_if_empty"))
        for qid, options in show_if.items():
            if qid not in background:
                add(problem(f"{path}.{qid}", "def_show_if_question", question=qid))
                continue
            if not options:
                add(problem(f"{path}.{qid}", "def_show_if_no_option"))
            for k, opt in enumerate(options):
                if opt not in background[qid]:
                    add(problem(f"{path}.{qid}[{k}]", "def_unknown_option", option=opt, question=qid))
    return problems


# -- loading ----------------------------------------------------------------------------------------------------


def parse(data: Any, source: str = "<definition>") -> Questionnaire:
    """Validate already-decoded JSON data; raise :class:`DefinitionError` listing every problem."""
    if not isinstance(data, dict):
        raise DefinitionError(source, [problem("", "def_top_not_object", got=_json_type(data))])
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
            raise DefinitionError(
                source, [problem("", "def_not_utf8", reason=exc.reason, start=exc.start)]
            ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            source,
            [problem("", "def_bad_json", line=exc.lineno, column=exc.colno, reason=exc.msg)],
        ) from None
    return parse(data, source)


def load(path: str | Path) -> Questionnaire:
    """Load and validate a definition file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DefinitionError(str(path), [problem("", "def_unreadable", reason=exc.strerror)]) from None
    return loads(raw, str(path))


def from_pinned(canonical: str) -> Questionnaire:
    """Rebuild the questionnaire pinned in a round (already validated when the round was created)."""
    return Questionnaire.model_validate_json(canonical)


def shipped_dir() -> Path:
    """The folder of the definitions shipped with the product.

    ``SCANENGINE_QUESTIONNAIRES`` when set; else ``scanengine/questionnaires/`` inside an installed wheel (copied
    there at build time, see ``scanengine/_build.py``); else ``questionnaires/`` at the root of a source checkout
    or editable install. Never the working directory: what ships must not depend on where the command runs.
    """
    import os

    env = os.environ.get("SCANENGINE_QUESTIONNAIRES")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parent
    installed = package / "questionnaires"
    return installed if installed.is_dir() else package.parent / "questionnaires"


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
        raise DefinitionError(ref, [problem("", "def_not_found", known=known)])
    return load(found)
