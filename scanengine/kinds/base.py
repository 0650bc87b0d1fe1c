"""What every question kind has in common: the shared definition models, the refusal of an answer, and the
:class:`Kind` interface that the definition, the codec, the form and the analysis call (docs/kinds.md).

A kind is stateless: every method gets the question (its definition model) and the questionnaire it belongs
to, so one registered instance serves every definition. Nothing here imports the rest of the package except
the leaf constants of :mod:`scanengine.stats` and the text catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict

from scanengine import texts
from scanengine.texts import Note
from scanengine.texts.definition import part_name

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
    "don't know" (respondents x rows for a kind answered per row: the matrix). ``raw`` keeps the stored codes for
    kinds whose statistics start from them (scale shares, matrix rows).
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
class LiveRow:
    """One row of a live result answered row by row (a matrix): its label, the ``n`` participants who answered
    the row and its bars (none when fewer than k did: :meth:`LiveSummary.within`)."""

    label: Text
    n: int
    bars: tuple[LiveBar, ...]


@dataclass(frozen=True)
class LiveSummary:
    """A question's live result over the ``n`` participants who answered it: bars and an optional sentence, or
    for a question answered row by row, ``rows`` each with its own bars."""

    n: int
    bars: tuple[LiveBar, ...]
    note: Note | None = None
    rows: tuple[LiveRow, ...] = ()

    def within(self, k: int) -> LiveSummary:
        """The k rule inside the question: a row answered by fewer than ``k`` participants shows no bars."""
        if not self.rows:
            return self
        rows = tuple(r if r.n >= k else LiveRow(r.label, r.n, ()) for r in self.rows)
        return LiveSummary(self.n, self.bars, self.note, rows)


@dataclass(frozen=True)
class RawColumn:
    """One column of the anonymous rows (the raw export and the ``.sav``) that a question gives.

    ``values`` is float with NaN for none; ``dk`` marks "don't know" per respondent; ``ids`` name the codes
    1..len(ids) (the CSV writes the id); ``value_labels`` label the codes in the ``.sav``; ``dk_code`` is the
    ``.sav`` code of "don't know" when the export's usual one could be a real value (a number), else None.
    """

    name: str
    label: Text
    values: np.ndarray
    dk: np.ndarray | None = None
    ids: list[str] | None = None
    value_labels: dict[int, Text] | None = None
    dk_code: float | None = None


class Figures:
    """Base of a kind's figures over one group of respondents (a dataclass per kind, next to its kind).

    :meth:`export` gives exactly the keys of the JSON export (docs/architecture.md, "Exports"), so the exports,
    the report and the results page read the same names. A kept summary stores the figures as plain data and
    rebuilds them by the class name (:data:`scanengine.analysis.results.FIGURE_TYPES`).
    """

    def export(self) -> dict:
        raise NotImplementedError

    def within(self, k: int) -> Figures:
        """The figures as they may be shown when the whole is shown (at least k answered): the same, unless a
        part is answered on its own by fewer than ``k`` (a matrix row), which then loses its figures."""
        return self


@dataclass(frozen=True)
class GroupFigures:
    """A question's figures for every group at once (the hook :meth:`Kind.statistics` returns it).

    ``n`` (n_groups,): respondents whose answer counts in the figures; ``dk`` (n_groups,): "don't know" answers,
    counted apart; ``figures``: one :class:`Figures` object of the kind per group (unsuppressed: the analysis
    applies the k rule to ``n``).
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


# -- synthetic respondents (scanengine.simulate) --------------------------------------------------------------------


class Population:
    """The synthetic respondents of one simulation, as the kinds draw their answers from them (``simulate``).

    Every respondent has a general ``trust`` (standard normal) and an invitation group (``groups``, codes
    0..n_groups-1), and one latent preference per option id, shared by every question that offers that id: a
    theme a respondent ranks first is also the theme they give many points, and weigh heavily in a matrix, because
    all three read the same utility (:meth:`preference`). A utility is the option's appeal in the population, plus
    its group's shift, plus the respondent's own taste. Numbers estimated for one's own organisation read the
    organisation's true value (:meth:`organisation`), so the respondents of one group agree more with each other
    than with other groups. Everything is drawn from ``rng`` in the order asked, so one seed gives one population.
    """

    APPEAL_SD = 1.0  #: spread of the options' appeal in the population
    GROUP_SD = 0.35  #: spread of a group's shift per option
    TASTE_SD = 0.8  #: spread of a respondent's own taste per option

    def __init__(self, rng: np.random.Generator, trust: np.ndarray, groups: np.ndarray, n_groups: int):
        self.rng = rng
        self.trust = np.asarray(trust, dtype=np.float64)
        self.groups = np.asarray(groups, dtype=np.intp)
        self.n_groups = int(n_groups)
        self._utility: dict[str, np.ndarray] = {}
        self._organisation: dict[str, np.ndarray] = {}

    @property
    def n(self) -> int:
        return len(self.trust)

    def preference(self, ids: Sequence[str], scope: str | None = None) -> np.ndarray:
        """respondents x ``ids``: each respondent's latent utility of each option id (higher is preferred); the
        same id gives the same column in every question, unless ``scope`` (a question id) makes them that
        question's own."""
        keys = [oid if scope is None else f"{scope}:{oid}" for oid in ids]
        for oid in keys:
            if oid not in self._utility:
                appeal = self.rng.normal(0.0, self.APPEAL_SD)
                shift = self.rng.normal(0.0, self.GROUP_SD, max(self.n_groups, 1))
                taste = self.rng.normal(0.0, self.TASTE_SD, self.n)
                self._utility[oid] = appeal + shift[self.groups] + taste
        return np.stack([self._utility[oid] for oid in keys], axis=1) if keys else np.zeros((self.n, 0))

    def organisation(self, key: str, typical: float, spread: float = 0.5) -> np.ndarray:
        """Per group the true value of a quantity each organisation has (``key``: the question), log-normal
        around ``typical`` (a factor ``exp(±spread)`` between organisations); respondents estimate around it."""
        if key not in self._organisation:
            self._organisation[key] = typical * self.rng.lognormal(0.0, spread, max(self.n_groups, 1))
        return self._organisation[key]


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
    #: the class of its figures per group (:meth:`statistics`), for the kinds asked in sections
    figures_type: ClassVar[type[Figures] | None] = None
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

    def raw_columns(self, question: Any, q: Questionnaire, columns: Columns) -> list[RawColumn]:
        """The question's columns in the anonymous rows: one named by the question for a single value, else one
        per option (``<question>.<option>``; 0/1 with the option as value label 1 for :attr:`flags` kinds)."""
        dk = columns.dk if getattr(question, "dont_know", False) else None
        if columns.values.ndim == 1:
            return [RawColumn(question.id, dict(question.text), columns.values, dk=dk)]
        return [
            RawColumn(
                f"{question.id}.{opt.id}",
                {lang: f"{question.text[lang]}: {opt.label[lang]}" for lang in q.languages},
                columns.values[:, j],
                dk=dk,
                value_labels={1: dict(opt.label)} if self.flags else None,
            )
            for j, opt in enumerate(question.options)
        ]

    def estimates_per_group(self, question: Any) -> bool:
        """True when each respondent answers for their own organisation (the link's invitation group): the
        analysis then breaks the question down by invitation group only and adds :meth:`total_over_groups`."""
        return False

    def total_over_groups(self, question: Any, figures: list[Figures | None]) -> Figures:
        """The question's figure over the round's invitation groups, from each group's figures (None: the group
        is hidden by the k rule or has none); asked only when :meth:`estimates_per_group` is True."""
        raise NotImplementedError(f"question kind {self.name!r} is not estimated per group")

    def synthesize(self, question: Any, q: Questionnaire, people: Population) -> np.ndarray:
        """Plausible stored answers for the ``people.n`` synthetic respondents (``simulate``): respondents x
        :meth:`width` uint8, drawn from ``people.rng`` only, leaning on the respondents' latent preferences
        (:meth:`Population.preference`), trust and organisation, so that one respondent's answers to different
        questions agree with each other."""
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

    def skip(self, question: Any, people: Population, rate: float = 0.05) -> np.ndarray:
        """Which synthetic respondents leave the question open (none when it is required)."""
        drawn = people.rng.random(people.n) < rate
        return drawn & (not getattr(question, "required", False))


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


def check_options(
    question: Any, path: str, part: str = "options", what: str = "option"
) -> Iterator[tuple[str, Note]]:
    """The ids of a question's list ``part`` (its options; a matrix's rows and columns): the id pattern, and
    unique within the list."""
    seen: set[str] = set()
    for j, opt in enumerate(getattr(question, part)):
        where = f"{path}.{part}[{j}].id"
        problem = bad_id(opt.id)
        if problem:
            yield where, problem
        elif opt.id in seen:
            duplicate = {"value": opt.id, "question": question.id, "what": what, "part": part_name(what)}
            yield where, Note("def_duplicate_option", duplicate)
        seen.add(opt.id)
