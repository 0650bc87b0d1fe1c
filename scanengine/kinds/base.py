"""What every question kind has in common: the shared definition models, the refusal of an answer, and the
:class:`Kind` interface that the definition, the codec, the form and the analysis call (docs/kinds.md).

A kind is stateless: every method gets the question (its definition model) and the questionnaire it belongs
to, so one registered instance serves every definition. Nothing here imports the rest of the package except
the leaf constants of :mod:`scanengine.stats` and the text catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict

from scanengine import texts
from scanengine.texts import Note

if TYPE_CHECKING:  # the questionnaire imports the kinds, never the other way round at run time
    from scanengine.definition import Questionnaire

DONT_KNOW = "dk"  #: the posted (and exported) value of "don't know"; stored as :data:`scanengine.stats.DK`

Text = dict[str, str]

#: where a kind's stored value lives: the three columns of a response (see scanengine.models.Response)
ANSWERS, BACKGROUND, OPEN = "answers", "background", "open_answers"


class Strict(BaseModel):
    """Base of every definition model: unknown keys are an error, models are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Option(Strict):
    """One answer option of a question that offers options (background, and the option kinds of sections)."""

    id: str
    label: Text


# -- refusals ---------------------------------------------------------------------------------------------------


class AnswerError(ValueError):
    """An answer that does not fit the definition. ``field`` names the form field; the message is a text of the
    catalogue (``texts/kinds.py``) with its parameters, written in the reader's language by :meth:`message`.
    ``str()`` is the English sentence (logs, the CLI)."""

    def __init__(self, field: str, key: str, **params: Any):
        self.field = field
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The sentence in ``lang``; a parameter given per language (a label of the definition) is localized."""
        params = {
            k: (v.get(lang) or v.get("nl", "")) if isinstance(v, dict) else v for k, v in self.params.items()
        }
        return texts.t(lang, self.key, **params)


# -- the analysis' view of a kind's stored values -----------------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """A question's answers over all respondents, as the statistics take them.

    ``values`` is float64 with NaN for no value (respondents x columns, or 1-D for a single column; the meaning
    of a column is the kind's: a scale answer, an option's rank or points, a number, an option chosen 0/1);
    ``answered`` marks respondents who gave an answer (``dk`` counts as answered), ``dk`` those who said
    "don't know". ``raw`` keeps the stored codes for kinds whose statistics start from them (scale shares).
    """

    values: np.ndarray
    answered: np.ndarray
    dk: np.ndarray
    raw: np.ndarray | None = None


# -- what a live session's screen shows of a question (scanengine.live) --------------------------------------------


@dataclass(frozen=True)
class LiveBar:
    """One bar of a live result: its label (by language), its length as a fraction of the full width, and the
    figure written next to it (a :class:`~scanengine.texts.Note`; numbers are formatted in the reader's language)."""

    label: Text
    fraction: float
    figure: Note


@dataclass(frozen=True)
class LiveSummary:
    """A question's live result over the ``n`` participants who answered it: bars and an optional sentence."""

    n: int
    bars: tuple[LiveBar, ...]
    note: Note | None = None


@dataclass(frozen=True)
class GroupFigures:
    """A question's figures for every group at once (the hook :meth:`Kind.statistics` returns it).

    ``n`` (n_groups,): respondents whose answer counts in the figures; ``dk`` (n_groups,): "don't know" answers,
    counted apart; ``figures``: one figures object of :mod:`scanengine.analysis.results` per group (unsuppressed:
    the analysis applies the k rule to ``n``).
    """

    n: np.ndarray
    dk: np.ndarray
    figures: list


def num(x: Any) -> float | None:
    """numpy scalar / NaN -> plain float or None (results hold no NaN)."""
    if x is None:
        return None
    x = float(x)
    return None if x != x or x in (float("inf"), float("-inf")) else x


def group_counts(mask: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group 0..n_groups-1: how many respondents have ``mask`` (codes outside the range count nowhere)."""
    g = np.asarray(groups)
    keep = np.asarray(mask, bool) & (g >= 0) & (g < n_groups)
    return np.bincount(g[keep].astype(np.intp), minlength=n_groups).astype(np.int64)


# -- the interface ------------------------------------------------------------------------------------------------


class Kind:
    """One kind of question. Subclasses set the class attributes and override what differs from the defaults.

    * ``name``: the name the registry, the web fields and the report blocks use.
    * ``model``: the pydantic model of one question of this kind in a definition.
    * ``segment``: the response column its value is stored in (:data:`ANSWERS`, :data:`BACKGROUND` or
      :data:`OPEN`); in the two byte columns each question has a fixed-width slice (:meth:`width`).
    """

    name: ClassVar[str]
    model: ClassVar[type[BaseModel]]
    segment: ClassVar[str] = ANSWERS
    in_sections: ClassVar[bool] = False  #: asked in a definition's ``sections`` (``"kind": name`` names it)
    flags: ClassVar[bool] = (
        False  #: its per-option columns are 0/1 "chosen" flags (value label 1 = the option)
    )

    # -- the definition ------------------------------------------------------------------------------------

    def document_texts(self, q: Questionnaire) -> Iterator[tuple[str, Text]]:
        """Texts outside the questions that belong to this kind (the statements' scale), with their paths."""
        return iter(())

    def document_problems(self, q: Questionnaire) -> Iterator[tuple[str, Note | str]]:
        """Rules on parts of the document that belong to this kind (the statements' scale and bands), as (JSON
        path, problem): a :class:`~scanengine.texts.Note` of ``texts/definition.py`` (docs/kinds.md)."""
        return iter(())

    def texts(self, question: Any, path: str) -> Iterator[tuple[str, Text]]:
        """Every localized text of the question with its JSON path (checked for languages by the definition)."""
        yield f"{path}.text", question.text

    def problems(self, question: Any, q: Questionnaire, path: str) -> Iterator[tuple[str, Note | str]]:
        """The question's own rules as (JSON path, problem: a :class:`~scanengine.texts.Note` of
        ``texts/definition.py``); ids and languages are checked by the definition."""
        return iter(())

    # -- a submitted value ----------------------------------------------------------------------------------

    def fields(self, question: Any) -> tuple[str, ...]:
        """The form field names of the question (its id; kinds with one field per option add more)."""
        return (question.id,)

    def gather(self, question: Any, answers: Mapping[str, Any]) -> Any:
        """The question's raw answer out of the flat answers (form field -> posted value); None when absent."""
        return answers.get(question.id)

    def check(self, question: Any, q: Questionnaire, value: Any) -> Any:
        """A posted (or stored-draft) value -> the canonical answer, None for "not answered"; raises
        :class:`AnswerError` for a value the question does not accept. Called by the form and the codec alike."""
        raise NotImplementedError

    # -- the packed codec ------------------------------------------------------------------------------------

    def width(self, question: Any, q: Questionnaire) -> int:
        """Bytes of the question's slice in its byte segment (0 for :data:`OPEN`)."""
        return 1

    def encode(self, question: Any, q: Questionnaire, value: Any) -> bytes:
        """A canonical answer (from :meth:`check`) or None -> exactly :meth:`width` bytes."""
        raise NotImplementedError

    def decode(self, question: Any, q: Questionnaire, data: bytes) -> Any:
        """The question's bytes -> its canonical answer, or None when not answered."""
        raise NotImplementedError

    # -- the statistics ----------------------------------------------------------------------------------------

    def columns(self, question: Any, q: Questionnaire, block: np.ndarray) -> Columns:
        """The analysis' hook: the question's slice of the bulk-read matrix (respondents x :meth:`width`,
        uint8) -> :class:`Columns` for the functions of :mod:`scanengine.stats`."""
        raise NotImplementedError

    def statistics(
        self, question: Any, q: Questionnaire, columns: Columns, groups: np.ndarray, n_groups: int
    ) -> GroupFigures:
        """The analysis' hook for section questions: :meth:`columns` -> the kind's figures per group, each
        figure from its function in :mod:`scanengine.stats`. ``groups`` holds a code 0..n_groups-1 per
        respondent; other codes (-1: not in the group, or the question was not shown) count nowhere."""
        raise NotImplementedError(f"question kind {self.name!r} has no section statistics")

    def synthesize(
        self, question: Any, q: Questionnaire, rng: np.random.Generator, trust: np.ndarray
    ) -> np.ndarray:
        """Plausible stored answers for ``len(trust)`` synthetic respondents (``simulate``): respondents x
        :meth:`width` uint8, drawn from ``rng`` only. ``trust`` is each respondent's general trust (standard
        normal), so answers can lean with it."""
        raise NotImplementedError

    # -- live workshop mode --------------------------------------------------------------------------------------

    def live_summary(self, question: Any, q: Questionnaire, values: list[Any]) -> LiveSummary | None:
        """What the presenter's screen shows of the question, given the canonical answers (from :meth:`check`,
        never None) of the participants who answered it; None when the kind is never shown live (open answers,
        background). Compute the figures with :mod:`scanengine.stats`, usually through :meth:`live_columns`."""
        return None

    def live_columns(self, question: Any, q: Questionnaire, values: list[Any]) -> Columns:
        """:meth:`columns` over canonical answers: each packed by :meth:`encode`, exactly as a stored response."""
        width = self.width(question, q)
        block = np.frombuffer(b"".join(self.encode(question, q, v) for v in values), dtype=np.uint8)
        return self.columns(question, q, block.reshape(len(values), width))


class SectionKind(Kind):
    """Base of the kinds asked in ``sections``: optional unless ``required``, may carry ``show_if``."""

    in_sections = True

    def texts(self, question: Any, path: str) -> Iterator[tuple[str, Text]]:
        yield f"{path}.text", question.text
        for j, opt in enumerate(getattr(question, "options", ())):
            yield f"{path}.options[{j}].label", opt.label

    def problems(self, question: Any, q: Questionnaire, path: str) -> Iterator[tuple[str, Note | str]]:
        if getattr(question, "options", None) is not None:
            yield from check_options(question, path)

    def skip(self, rng: np.random.Generator, n: int, rate: float = 0.05) -> np.ndarray:
        """Which synthetic respondents leave the question open (none when it is required)."""
        return rng.random(n) < rate


def posted_int(value: Any) -> int | None:
    """A whole number as posted (``"12"``, no sign, space or leading zero) or given by code; None otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and str(int(value)) == value:
        return int(value)
    return None


def per_option(question: Any, value: Any) -> dict[str, Any] | None:
    """A posted mapping option id -> value (empty entries dropped); None for no answer; AnswerError for an
    unknown option or a value that is not a mapping."""
    if value is None or value == "" or value == {}:
        return None
    if not isinstance(value, Mapping):
        raise AnswerError(question.id, "field_invalid_choice")
    known = option_index(question)
    out = {}
    for opt, v in value.items():
        if opt not in known:
            raise AnswerError(question.id, "field_invalid_choice")
        if v is not None and v != "":
            out[opt] = v
    return out or None


def option_index(question: Any) -> dict[str, int]:
    """Option id -> its position, for kinds that store options by position."""
    return {o.id: i for i, o in enumerate(question.options)}


ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")  #: every id of a definition, options included


def bad_id(value: str) -> Note | None:
    """The problem with an id (a text of ``texts/definition.py``), or None when it follows :data:`ID_PATTERN`."""
    return None if ID_PATTERN.fullmatch(value) else Note("def_bad_id", {"value": value})


def check_options(question: Any, path: str) -> Iterator[tuple[str, Note]]:
    """A question's option ids: the id pattern, and unique within the question."""
    seen: set[str] = set()
    for j, opt in enumerate(question.options):
        where = f"{path}.options[{j}].id"
        problem = bad_id(opt.id)
        if problem:
            yield where, problem
        elif opt.id in seen:
            yield where, Note("def_duplicate_option", {"value": opt.id, "question": question.id})
        seen.add(opt.id)
