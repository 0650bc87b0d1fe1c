"""Form fields of the participant form: one class per question kind, registered by the kind's name.

A field class knows its WTForms field and the template macro that renders it (``templates/participant/
_fields.html``); the value itself is checked by the question's kind (``scanengine.kinds``), the same check the
codec applies at submission, so the form and the storage cannot disagree. Adding a kind of question means one
class here, registered with :func:`field_for`, and one macro — not an ``if kind == ...`` in the views.

Form classes are built dynamically once per definition and page and cached: building a WTForms class costs far
more than using one, and the participant hot path runs ~10 requests per response. Rendering is done by our own
macros (fieldset/legend per statement, errors with ``aria-describedby``), WTForms is used for what it is good at:
taking values out of the posted data and validating them.
"""

from __future__ import annotations

import functools
import json
import threading
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Field, Form, ValidationError
from wtforms.utils import unset_value

from scanengine import cache
from scanengine.definition import Entry, Questionnaire
from scanengine.kinds.background import Background
from scanengine.kinds.base import DONT_KNOW, AnswerError
from scanengine.kinds.number import Number
from scanengine.kinds.statement import Statement
from scanengine.participation import Page
from scanengine.texts import t
from scanengine.web.i18n import current_lang


class _PostedTwice(Exception):
    """A field that takes one value was posted more than once."""


def _one(valuelist: list[str]) -> str | None:
    """What a one-value field takes from its posted values: the value (empty: not answered)."""
    if len(valuelist) > 1:
        raise _PostedTwice()
    return (valuelist[0] or None) if valuelist else None  # exact: " 1" is not an answer


def _per_key(formdata: MultiDict, name: str, keys: list[str]) -> dict[str, str] | None:
    """The fields ``<name>.<key>`` filled in (a key per option): key -> posted value; None when all are empty."""
    values = {}
    for key in keys:
        got = formdata.getlist(f"{name}.{key}")
        if len(got) > 1:
            raise _PostedTwice()
        if got and got[0] != "":
            values[key] = got[0]
    return values or None


def _repeated(valuelist: list[str]) -> str | list[str] | None:
    """A field that may be posted more than once: the value when given once, the list when more often."""
    values = [v for v in valuelist if v]
    return values[0] if len(values) == 1 else (values or None)


class KindValue(Field):
    """One posted value, checked by the question's kind; empty or absent means 'not answered' (every question is
    optional unless the definition says otherwise).

    ``data`` keeps the posted string (what the draft stores) unless ``canonical`` asks for the kind's canonical
    value (open text: trimmed, line ends normalised)."""

    data: Any  # the posted value: a string, or for the subclasses below a mapping or a list

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        entry: Entry,
        q: Questionnaire,
        canonical: bool = False,
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.entry = entry
        self.q = q
        self.canonical = canonical

    def process_formdata(self, valuelist):
        try:
            self.data = _one(valuelist)
        except _PostedTwice:
            self.data = None
            self.process_errors.append(t(current_lang(), "field_one_value"))

    def pre_validate(self, form):
        if self.data is None:
            return
        try:
            value = self.entry.kind.check(self.entry.question, self.q, self.data)
        except AnswerError as exc:
            raise ValidationError(exc.message(current_lang())) from None
        if self.canonical:
            self.data = value

    def _value(self):
        return self.data or ""


class OptionValues(KindValue):
    """One posted value per option, in the fields ``<question>.<option>`` (rankings, points); ``data`` is the
    mapping option -> posted value of the fields filled in, None when all are empty."""

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.object_data = None
        self.raw_data = []
        self.data = None
        if formdata is None:
            return
        for key in self.subfields():
            self.raw_data += formdata.getlist(f"{self.name}.{key}")
        try:
            self.data = _per_key(formdata, self.name, self.subfields())
        except _PostedTwice:
            self.process_errors.append(t(current_lang(), "field_one_value"))

    def subfields(self) -> list[str]:
        """The keys of the fields ``<question>.<key>``: the question's options."""
        return [o.id for o in self.entry.question.options]


class RowValues(OptionValues):
    """One posted value per row of a matrix, in the fields ``<question>.<row>`` (a column id or ``dk``)."""

    def subfields(self) -> list[str]:
        return [r.id for r in self.entry.question.rows]


class RepeatedValue(KindValue):
    """A field that may be posted more than once (a choice of several options; a number and its "don't know"
    box): ``data`` is the value when posted once, the list when posted more often, None when nothing was given.
    Whether several values are allowed is the kind's check."""

    def process_formdata(self, valuelist):
        self.data = _repeated(valuelist)


#: How each of the WTForms field classes above takes its value out of the posted data, without building the field.
#: ``FormSet.validate`` reads a question this way when its field is exactly one of these classes (building a
#: WTForms form per page cost 0.4 ms of a 2.6 ms submission: BENCHMARKS.md); any other field class is read
#: through its WTForms form, so a field with its own parsing keeps it.
_READERS = {
    KindValue: lambda formdata, name, question: _one(formdata.getlist(name)),
    OptionValues: lambda formdata, name, question: _per_key(formdata, name, [o.id for o in question.options]),
    RepeatedValue: lambda formdata, name, question: _repeated(formdata.getlist(name)),
    RowValues: lambda formdata, name, question: _per_key(formdata, name, [r.id for r in question.rows]),
}


# -- one field class per kind ------------------------------------------------------------------------------------

FIELDS: dict[str, type[FieldKind]] = {}


def field_for(name: str):
    """Register a field class for the question kind ``name`` (class decorator)."""

    def register(cls: type[FieldKind]) -> type[FieldKind]:
        if name in FIELDS:
            raise ValueError(f"a form field for kind {name!r} is registered twice")
        FIELDS[name] = cls
        return cls

    return register


class FieldKind:
    """The form field of one question. Subclasses set ``macro`` and may override :meth:`wtforms_field`."""

    macro = ""
    cacheable = True  # the rendered HTML depends only on (field, value, language): few values, cache it
    canonical = False  # see KindValue

    def __init__(self, q: Questionnaire, entry: Entry):
        self.q = q
        self.entry = entry
        self.kind = entry.kind
        self.obj: Any = entry.question
        self.id = entry.question.id

    def wtforms_field(self) -> Field:
        return KindValue(entry=self.entry, q=self.q, canonical=self.canonical)

    def changes(self, data: Any) -> dict[str, Any]:
        """The validated field's data as changes to the flat answers (form field name -> value)."""
        return {self.id: data}

    @functools.cached_property
    def field_class(self) -> type[Field]:
        """The WTForms field class of :meth:`wtforms_field` (which of them reads the posted data)."""
        return self.wtforms_field().field_class

    def read(self, formdata: MultiDict) -> Any:
        """The question's posted value checked by its kind, as the WTForms field of :meth:`wtforms_field` would
        give it (the posted value, or the canonical one for ``canonical`` fields; None: not answered), read
        without building the field; :class:`AnswerError` when it is refused. Only for the field classes of
        ``_READERS``."""
        try:
            data = _READERS[self.field_class](formdata, self.id, self.obj)
        except _PostedTwice:
            raise AnswerError(self.id, "field_one_value") from None
        if data is None:
            return None
        value = self.kind.check(self.obj, self.q, data)
        return value if self.canonical else data

    def posted(self, formdata: MultiDict) -> Any:
        """The value as posted, to show a refused answer again as the participant gave it."""
        return formdata.get(self.id)

    def data_attributes(self) -> dict[str, str]:
        """What the form's script needs to know of the question, emitted on the element around its field
        (``data-question``, ``data-fields``, ``data-show-if``, ``data-rules``): static/form.js knows no kind by
        name."""
        attrs = {"question": self.id, "fields": " ".join(self.kind.fields(self.obj))}
        show_if = getattr(self.obj, "show_if", None)
        if show_if:
            attrs["show-if"] = json.dumps(dict(show_if), separators=(",", ":"))
        rules = self.rules()
        if rules:
            attrs["rules"] = json.dumps(rules, ensure_ascii=False, separators=(",", ":"))
        return attrs

    def rules(self) -> list[dict[str, Any]]:
        """The checks the form's script makes before a step moves on, as data (docs/architecture.md,
        "Participant form"): generic rules (``whole``, ``distinct``, ``count``, ``sum``, ``refuse``, ``alone``,
        ``decimal``, ``places``, ``range``, ``most``, ``required``) over the question's posted values, in the
        order the kind's check applies them, each with the message the server gives for it in the page's
        language (``{value}`` stands for the figure the script fills in). The server checks everything again.
        A question whose values cannot be wrong in a browser (radio buttons, a text with ``maxlength``) has none.
        """
        return []

    def message(self, key: str, **params: Any) -> str:
        """The server's refusal ``key`` of this question in the page's language (the kind's catalogue text)."""
        return AnswerError(self.id, key, **params).message(current_lang())


@field_for("statement")
class ScaleStatement(FieldKind):
    """A statement on the questionnaire's scale: one radio button per point, and 'don't know' when offered."""

    macro = "scale_statement"

    def choices(self) -> list[tuple[str, dict]]:
        """(value, label by language) for each scale point, then 'don't know' when the scale has it."""
        kind = self.kind
        assert isinstance(kind, Statement)
        return kind.choices(self.q)


@field_for("background")
class BackgroundChoice(FieldKind):
    """A background question: one radio button per option."""

    macro = "background_choice"

    def choices(self) -> list[tuple[str, dict]]:
        kind = self.kind
        assert isinstance(kind, Background)
        return kind.choices(self.obj)


@field_for("open")
class OpenAnswer(FieldKind):
    """An open question: free text up to ``max_length`` characters."""

    macro = "open_text"
    cacheable = False  # free text: every value differs
    canonical = True


class SectionField(FieldKind):
    """Base of the fields of the kinds asked in sections: texts of the form's own words in the reader's language."""

    def text(self, key: str, **params: Any) -> str:
        return t(current_lang(), key, **params)

    @property
    def required(self) -> bool:
        return bool(getattr(self.obj, "required", False))

    def required_rule(self) -> list[dict[str, Any]]:
        """``required`` last: the submission refuses a required question the checks leave without an answer."""
        return [{"rule": "required", "message": self.message("field_required")}] if self.required else []


@field_for("ranking")
class RankingField(SectionField):
    """A ranking: one select per option (ranks 1..top, or none), usable with a keyboard and on a small screen."""

    macro = "ranking"
    cacheable = False  # the value is a mapping

    def wtforms_field(self) -> Field:
        return OptionValues(entry=self.entry, q=self.q)

    def changes(self, data: Any) -> dict[str, Any]:
        return {self.id: data}

    def posted(self, formdata: MultiDict) -> Any:
        return {
            o.id: formdata.get(f"{self.id}.{o.id}")
            for o in self.obj.options
            if formdata.get(f"{self.id}.{o.id}")
        }

    def ranks(self) -> list[str]:
        return [str(r) for r in range(1, (self.obj.top or len(self.obj.options)) + 1)]

    def rules(self) -> list[dict[str, Any]]:
        """Ranks 1..top, each once (checked per option, in order), exactly ``top`` of them (kinds/ranking.py)."""
        top = len(self.ranks())
        return [
            {
                "rule": "whole",
                "min": 1,
                "max": top,
                "message": self.message("ranking_rank_range", top=top),
                "distinct": self.message("ranking_rank_twice", rank="{value}"),
            },
            {"rule": "count", "count": top, "message": self.message("ranking_count", n=top, top=top)},
            *self.required_rule(),
        ]


@field_for("points")
class PointsField(SectionField):
    """Points over the options: one number field per option, and the running total with what is left."""

    macro = "points"
    cacheable = False

    def wtforms_field(self) -> Field:
        return OptionValues(entry=self.entry, q=self.q)

    def posted(self, formdata: MultiDict) -> Any:
        return {
            o.id: formdata.get(f"{self.id}.{o.id}")
            for o in self.obj.options
            if formdata.get(f"{self.id}.{o.id}")
        }

    def rules(self) -> list[dict[str, Any]]:
        """Whole points 0..total per option, adding up to ``total`` (none given: no answer; kinds/points.py)."""
        total = self.obj.total
        return [
            {"rule": "whole", "min": 0, "max": total, "message": self.message("points_whole", total=total)},
            {
                "rule": "sum",
                "total": total,
                "message": self.message("points_total", total=total, spent="{value}"),
            },
            *self.required_rule(),
        ]

    def status(self, value: Any) -> str:
        """How many points are given and how many are left (shown without JavaScript, updated with it)."""
        spent = sum(
            int(v) for v in (value or {}).values() if isinstance(v, str) and v.isdigit() and len(v) < 6
        )
        return self.text(
            "kinds_points_status", spent=spent, total=self.obj.total, left=self.obj.total - spent
        )


@field_for("number")
class NumberField(SectionField):
    """A number (``12,5`` or ``12.5``), with its unit, and "don't know" where offered."""

    macro = "number"

    def wtforms_field(self) -> Field:
        return RepeatedValue(entry=self.entry, q=self.q)

    def hint(self) -> str:
        kind = self.kind
        assert isinstance(kind, Number)
        bounds = kind.bounds(self.obj)
        lang = current_lang()
        return self.text("kinds_number_hint", min=bounds["min"][lang], max=bounds["max"][lang])

    def rules(self) -> list[dict[str, Any]]:
        """ "Don't know" alone (or refused where not offered), a decimal with at most ``decimals`` places, in
        [min, max] (kinds/number.py)."""
        kind = self.kind
        assert isinstance(kind, Number)
        obj = self.obj
        dk = (
            {"rule": "alone", "value": DONT_KNOW, "message": self.message("number_or_dk")}
            if obj.dont_know
            else {"rule": "refuse", "value": DONT_KNOW, "message": self.message("number_no_dk")}
        )
        return [
            dk,
            {"rule": "decimal", "message": self.message("number_invalid")},
            {
                "rule": "places",
                "max": obj.decimals,
                "message": self.message("number_decimals", n=obj.decimals, decimals=obj.decimals),
            },
            {
                "rule": "range",
                "min": obj.min,
                "max": obj.max,
                "message": self.message("number_range", **kind.bounds(obj)),
            },
            *self.required_rule(),
        ]


@field_for("choice")
class ChoiceField(SectionField):
    """A choice: radio buttons for one answer, check boxes for several; "don't know" where offered."""

    macro = "choice"
    cacheable = False  # several choices are a list

    def wtforms_field(self) -> Field:
        return RepeatedValue(entry=self.entry, q=self.q)

    def choices(self) -> list[tuple[str, dict]]:
        return [(o.id, dict(o.label)) for o in self.obj.options]

    def posted(self, formdata: MultiDict) -> Any:
        return formdata.getlist(self.id)

    def rules(self) -> list[dict[str, Any]]:
        """ "Don't know" alone, at most ``max_choices`` options (kinds/choice.py)."""
        obj = self.obj
        rules: list[dict[str, Any]] = []
        if obj.dont_know:
            rules.append({"rule": "alone", "value": DONT_KNOW, "message": self.message("choice_dk_alone")})
        if obj.max_choices > 1:  # radio buttons cannot choose more than one
            rules.append(
                {
                    "rule": "most",
                    "max": obj.max_choices,
                    "message": self.message("choice_too_many", n=obj.max_choices, max=obj.max_choices),
                }
            )
        return [*rules, *self.required_rule()]


@field_for("matrix")
class MatrixField(SectionField):
    """A matrix: per row a fieldset of radio buttons, one per column (and "don't know" where offered), so that
    on a phone every row is its own group of large targets and no table is ever wider than the screen; it needs
    no JavaScript."""

    macro = "matrix"
    cacheable = False  # the value is a mapping

    def wtforms_field(self) -> Field:
        return RowValues(entry=self.entry, q=self.q)

    def posted(self, formdata: MultiDict) -> Any:
        return {
            r.id: formdata.get(f"{self.id}.{r.id}")
            for r in self.obj.rows
            if formdata.get(f"{self.id}.{r.id}")
        }

    def rules(self) -> list[dict[str, Any]]:
        """A required matrix needs every row (kinds/matrix.py); a row's radios allow one column anyway."""
        if not self.required:
            return []
        rows = len(self.obj.rows)
        return [
            {"rule": "count", "count": rows, "message": self.message("matrix_every_row")},
            *self.required_rule(),
        ]

    def choices(self) -> list[tuple[str, dict]]:
        """(value, label by language) for each column, then "don't know" when offered."""
        out = [(c.id, dict(c.label)) for c in self.obj.columns]
        if self.obj.dont_know:
            out.append(("dk", {lang: t(lang, "kinds_dk") for lang in self.q.languages}))
        return out


# -- per definition: fields by question, cached form classes ------------------------------------------------------


class FormSet:
    """The fields of one definition and their form classes per page, built once per definition."""

    def __init__(self, q: Questionnaire):
        self.q = q
        self.kinds: dict[str, FieldKind] = {e.question.id: FIELDS[e.kind.name](q, e) for e in q.entries}
        # the question of every form field name, and the page key of every question
        self.owner: dict[str, str] = {
            name: e.question.id for e in q.entries for name in e.kind.fields(e.question)
        }
        self.section: dict[str, str] = {e.question.id: e.page for e in q.entries}
        self._classes: dict[str, type[Form]] = {}
        self._lock = threading.Lock()

    def form_class(self, section: str) -> type[Form]:
        """A WTForms class with the fields of one page (all statements of a dimension, hidden ones too:
        a participant whose background changes may post them; they are dropped at submission)."""
        cls = self._classes.get(section)
        if cls is None:
            with self._lock:
                cls = self._classes.get(section)
                if cls is None:
                    attrs = {
                        fid: kind.wtforms_field()
                        for fid, kind in self.kinds.items()
                        if self.section[fid] == section
                    }
                    cls = type(f"Form_{section}", (Form,), attrs)
                    self._classes[section] = cls
        return cls

    def validate(self, formdata: MultiDict, names: set[str]) -> tuple[dict[str, Any], dict[str, str]]:
        """Values and errors of the posted fields ``names`` (already known to be field names), page by page.

        Returns (changes, errors): ``changes`` maps each posted field to its value (``None`` when emptied),
        ``errors`` each question with a refused value to its message.
        """
        changes: dict[str, Any] = {}
        errors: dict[str, str] = {}
        questions = {self.owner[n] for n in names}
        through_forms = set()
        lang = current_lang()
        for qid in questions:
            kind = self.kinds[qid]
            if kind.field_class not in _READERS:
                through_forms.add(qid)
                continue
            try:
                data = kind.read(formdata)
            except AnswerError as exc:
                errors[qid] = exc.message(lang)
            else:
                changes.update(kind.changes(data))
        for section in {self.section[qid] for qid in through_forms}:
            form = self.form_class(section)(formdata=formdata)
            form.validate()
            for qid in through_forms:
                if self.section[qid] != section:
                    continue
                fld = form[qid]
                if fld.errors:
                    errors[qid] = fld.errors[0]
                else:
                    changes.update(self.kinds[qid].changes(fld.data))
        return changes, errors

    def posted(self, formdata: MultiDict, questions) -> dict[str, Any]:
        """The posted values of ``questions`` (ids), as their fields keep them."""
        return {qid: self.kinds[qid].posted(formdata) for qid in questions}

    def page_kinds(self, page: Page) -> list[FieldKind]:
        return [self.kinds[f] for f in page.fields]


def formset(q: Questionnaire) -> FormSet:
    """The :class:`FormSet` of ``q``, built once per definition hash while the page cache holds it
    (:mod:`scanengine.cache`). WTForms classes are language-neutral here: labels are rendered by the templates
    and messages are translated when the error is raised."""
    store = cache.active()
    return store.get("formset", store.sha(q), lambda: FormSet(q))
