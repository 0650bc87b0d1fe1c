"""The form fields read a posted value without building a WTForms form, with exactly the WTForms fields' results.

``FormSet.validate`` reads the shipped field classes straight from the posted data (a form per page cost more
than the rest of a submission); any other field class goes through its WTForms form. The oracle here is that
WTForms path, run over the same posted data: values, refusals and their messages must be the same.
"""

from __future__ import annotations

import random

import pytest
from werkzeug.datastructures import MultiDict

from scanengine import definition
from scanengine.texts import t
from scanengine.web import create_app
from scanengine.web import fields as web_fields
from scanengine.web.fields import KindValue, ScaleStatement, formset

from .factories import AGENDA, agenda_with_matrix

#: values a participant (or a hand-made request) may post into any field
VALUES = [
    "",
    "1",
    "2",
    "3",
    "5",
    "9",
    "0",
    "01",
    " 1",
    "dk",
    "x",
    "raad",
    "college",
    "wonen",
    "lokaal",
    "regio",
]
VALUES += [
    "rijk",
    "kwaliteit",
    "kosten",
    "12,5",
    "12.5",
    "5000",
    "5001",
    "0,05",
    "-1",
    "40",
    "60",
    "100",
    "tekst",
]


@pytest.fixture
def app(tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'fields.sqlite'}",
            "SECRET_KEY": "test",
            "AUTO_MIGRATE": False,
        }
    )


def through_forms(fs, formdata: MultiDict, names: set[str]):
    """The WTForms path: one form per page with every field of it, validated; data and first error per question."""
    changes, errors = {}, {}
    questions = {fs.owner[n] for n in names}
    for section in {fs.section[q] for q in questions}:
        form = fs.form_class(section)(formdata=formdata)
        form.validate()
        for qid in questions:
            if fs.section[qid] != section:
                continue
            if form[qid].errors:
                errors[qid] = form[qid].errors[0]
            else:
                changes.update(fs.kinds[qid].changes(form[qid].data))
    return changes, errors


def posted_cases(fs, n: int, seed: int = 28):
    rng = random.Random(seed)
    names = sorted(fs.owner)
    for _ in range(n):
        pairs = []
        for name in rng.sample(names, rng.randint(1, len(names))):
            for _ in range(rng.choice((1, 1, 1, 1, 2, 3))):  # sometimes posted twice or three times
                pairs.append((name, rng.choice(VALUES)))
        yield MultiDict(pairs)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_reading_without_forms_equals_the_wtforms_fields(app, lang):
    q = definition.Questionnaire.model_validate(agenda_with_matrix())
    refusals: set[str] = set()
    with app.test_request_context(f"/?lang={lang}"):
        app.preprocess_request()
        fs = formset(q)
        assert all(kind.field_class in web_fields._READERS for kind in fs.kinds.values())
        for formdata in posted_cases(fs, 1500):
            names = set(formdata.keys())
            assert fs.validate(formdata, names) == through_forms(fs, formdata, names), formdata
            refusals.update(fs.validate(formdata, names)[1].values())
    # not vacuous: the cases hit refusals of every kind, posted-twice included
    assert len(refusals) >= 10
    assert t(lang, "field_one_value") in refusals


class SpelledValue(KindValue):
    """A field with its own parsing (a number posted as a word): not one of the classes read directly."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = {"one": "1", "two": "2"}.get(self.data, self.data)


class SpelledStatement(ScaleStatement):
    def wtforms_field(self):
        return SpelledValue(entry=self.entry, q=self.q)


def test_another_field_class_is_read_through_its_wtforms_form(app, monkeypatch):
    monkeypatch.setitem(web_fields.FIELDS, "statement", SpelledStatement)
    q = definition.Questionnaire.model_validate(AGENDA)
    with app.test_request_context("/"):
        app.preprocess_request()
        fs = web_fields.FormSet(q)
        formdata = MultiDict([("t1", "one"), ("t2", "3"), ("role", "raad")])
        changes, errors = fs.validate(formdata, {"t1", "t2", "role"})
        assert errors == {}
        assert changes == {"t1": "1", "t2": "3", "role": "raad"}
        # the control: read directly, the word is refused
        monkeypatch.setitem(web_fields._READERS, SpelledValue, web_fields._READERS[KindValue])
        assert "t1" in web_fields.FormSet(q).validate(formdata, {"t1"})[1]
