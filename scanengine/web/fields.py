"""Form fields of the participant form: one class per kind of JSON item (the Indico pattern).

A kind knows its WTForms field (choices, validation, error messages) and the template macro that renders it,
so adding a kind of question means adding one class here and one macro in
``templates/participant/_fields.html`` — not an ``if kind == ...`` in the views.

Form classes are built dynamically once per (definition hash, page key, language) and cached: building a
WTForms class costs far more than using one, and the participant hot path runs ~10 requests per response.
Rendering is done by our own macros (fieldset/legend per statement, errors with ``aria-describedby``),
WTForms is used for what it is good at: taking values out of the posted data and validating them.
"""

from __future__ import annotations

import threading

from werkzeug.datastructures import MultiDict
from wtforms import Field, Form, ValidationError

from scanengine import cache
from scanengine.definition import DONT_KNOW, BackgroundQuestion, Item, OpenQuestion, Questionnaire
from scanengine.participation import Page
from scanengine.web.i18n import MESSAGES, gettext, localized

MESSAGES.update({
    "field_invalid_choice": {"nl": "Kies een van de antwoorden in de lijst.",
                             "en": "Please choose one of the answers listed."},
    "field_scale_range": {"nl": "Kies een antwoord van 1 tot en met {points} of ‘{dk}’.",
                          "en": "Please choose an answer from 1 to {points} or ‘{dk}’."},
    "field_scale_range_nodk": {"nl": "Kies een antwoord van 1 tot en met {points}.",
                               "en": "Please choose an answer from 1 to {points}."},
    "field_too_long": {"nl": "Uw antwoord is {length} tekens lang; het maximum is {max}.",
                       "en": "Your answer is {length} characters long; the maximum is {max}."},
    "field_one_value": {"nl": "Er is meer dan één antwoord verstuurd; kies er één.",
                        "en": "More than one answer was sent; please choose one."},
})


class ChoiceValue(Field):
    """A single choice kept as the posted string; empty or absent means 'not answered' (every field is optional).

    ``choices`` is a list of (value, label-by-language); ``message`` is the i18n key shown on a bad value.
    """

    def __init__(self, label=None, validators=None, choices=(), message="field_invalid_choice",
                 message_args=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = list(choices)
        self.allowed = frozenset(v for v, _ in self.choices)
        self.message = message
        self.message_args = message_args or {}

    def process_formdata(self, valuelist):
        if len(valuelist) > 1:
            self.data = None
            self.process_errors.append(gettext("field_one_value"))
        elif valuelist:
            self.data = valuelist[0] or None  # exact: " 1" is not an answer

    def pre_validate(self, form):
        if self.data is not None and self.data not in self.allowed:
            args = {k: (localized(v) if isinstance(v, dict) else v) for k, v in self.message_args.items()}
            raise ValidationError(gettext(self.message, **args))

    def _value(self):
        return self.data or ""


class OpenText(Field):
    """Free text with a maximum length; surrounding white space is dropped, empty means 'not answered'."""

    def __init__(self, label=None, validators=None, max_length=2000, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_length = max_length

    def process_formdata(self, valuelist):
        if len(valuelist) > 1:
            self.data = None
            self.process_errors.append(gettext("field_one_value"))
        elif valuelist:
            text = valuelist[0].replace("\x00", "").replace("\r\n", "\n").strip()
            self.data = text or None

    def pre_validate(self, form):
        if self.data is not None and len(self.data) > self.max_length:
            raise ValidationError(gettext("field_too_long", length=len(self.data), max=self.max_length))

    def _value(self):
        return self.data or ""


# -- the kinds ---------------------------------------------------------------------------------------------------


class FieldKind:
    """One kind of question of the definition. Subclasses set ``macro`` and build their WTForms field."""

    macro = ""
    cacheable = True  # the rendered HTML depends only on (kind, value, language): few values, cache it

    def __init__(self, q: Questionnaire, obj):
        self.q = q
        self.obj = obj
        self.id = obj.id

    def wtforms_field(self) -> Field:
        raise NotImplementedError


class ScaleStatement(FieldKind):
    """A statement on the questionnaire's scale: ``1..points``, or ``dk`` when the scale has 'don't know'."""

    macro = "scale_statement"
    obj: Item

    def choices(self) -> list[tuple[str, dict]]:
        """(value, label by language) for each scale point, then 'don't know' when the scale has it."""
        scale = self.q.scale
        out = [(str(i + 1), {lang: labels[i] for lang, labels in scale.labels.items()}) for i in range(scale.points)]
        if scale.dont_know is not None:
            out.append((DONT_KNOW, dict(scale.dont_know)))
        return out

    def wtforms_field(self) -> Field:
        dk = self.q.scale.dont_know
        return ChoiceValue(choices=self.choices(),
                           message="field_scale_range" if dk else "field_scale_range_nodk",
                           message_args={"points": self.q.scale.points, "dk": dk or {}})


class BackgroundChoice(FieldKind):
    """A background question: one of its options (stored as the option index)."""

    macro = "background_choice"
    obj: BackgroundQuestion

    def choices(self) -> list[tuple[str, dict]]:
        return [(o.id, dict(o.label)) for o in self.obj.options]

    def wtforms_field(self) -> Field:
        return ChoiceValue(choices=self.choices())


class OpenAnswer(FieldKind):
    """An open question: free text up to ``max_length`` characters."""

    macro = "open_text"
    cacheable = False  # free text: every value differs
    obj: OpenQuestion

    def wtforms_field(self) -> Field:
        return OpenText(max_length=self.obj.max_length)


# -- per definition: kinds by id, cached form classes -----------------------------------------------------------


class FormSet:
    """The field kinds of one definition and their form classes per page, built once per definition hash."""

    def __init__(self, q: Questionnaire):
        self.q = q
        self.kinds: dict[str, FieldKind] = {}
        for bq in q.background:
            self.kinds[bq.id] = BackgroundChoice(q, bq)
        for item in q.items:
            self.kinds[item.id] = ScaleStatement(q, item)
        for oq in q.open_questions:
            self.kinds[oq.id] = OpenAnswer(q, oq)
        # the page key of every field (a statement's dimension, 'background' or 'open')
        self.section: dict[str, str] = {bq.id: "background" for bq in q.background}
        for dim in q.dimensions:
            for item in dim.items:
                self.section[item.id] = dim.id
        self.section.update({oq.id: "open" for oq in q.open_questions})
        self._classes: dict[str, type[Form]] = {}
        self._lock = threading.Lock()

    def form_class(self, section: str) -> type[Form]:
        """A WTForms class with the fields of one section (all statements of a dimension, hidden ones too:
        a participant whose background changes may post them; they are dropped at submission)."""
        cls = self._classes.get(section)
        if cls is None:
            with self._lock:
                cls = self._classes.get(section)
                if cls is None:
                    attrs = {fid: kind.wtforms_field() for fid, kind in self.kinds.items() if self.section[fid] == section}
                    cls = type(f"Form_{section}", (Form,), attrs)
                    self._classes[section] = cls
        return cls

    def validate(self, formdata: MultiDict, names: set[str]) -> tuple[dict[str, str | None], dict[str, str]]:
        """Values and errors of the posted fields ``names`` (already known to be field ids), section by section.

        Returns (changes, errors): ``changes`` maps each posted field to its value (``None`` when emptied).
        """
        changes: dict[str, str | None] = {}
        errors: dict[str, str] = {}
        for section in {self.section[n] for n in names}:
            form = self.form_class(section)(formdata=formdata)
            form.validate()
            for name in names:
                if self.section[name] != section:
                    continue
                fld = form[name]
                if fld.errors:
                    errors[name] = fld.errors[0]
                else:
                    changes[name] = fld.data
        return changes, errors

    def page_kinds(self, page: Page) -> list[FieldKind]:
        return [self.kinds[f] for f in page.fields]


def formset(q: Questionnaire) -> FormSet:
    """The :class:`FormSet` of ``q``, built once per definition hash while the page cache holds it
    (:mod:`scanengine.cache`). WTForms classes are language-neutral here: labels are rendered by the templates
    and messages are translated when the error is raised."""
    store = cache.active()
    return store.get("formset", store.sha(q), lambda: FormSet(q))
