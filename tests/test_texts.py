"""The text catalogue: every key in both languages, plural entries complete, placeholders alike."""

from __future__ import annotations

import string

import pytest

from scanengine import texts


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(texts.catalogue()))
def test_every_key_has_both_languages_and_the_same_placeholders(key):
    entry = texts.catalogue()[key]
    assert set(entry) == set(texts.LANGUAGES), f"{key}: languages {sorted(entry)}"
    shapes = []
    for lang in texts.LANGUAGES:
        template = entry[lang]
        if isinstance(template, dict):
            assert set(template) == {"one", "other"}, f"{key}.{lang}: plural forms {sorted(template)}"
            shapes.append(_fields(template["one"]) | _fields(template["other"]))
        else:
            assert template.strip(), f"{key}.{lang} is empty"
            shapes.append(_fields(template))
    assert shapes[0] == shapes[1], f"{key}: placeholders differ between languages {shapes}"


def test_t_fills_parameters_and_chooses_plural_forms():
    texts.register({"_test_plural": {"nl": {"one": "{n} groep", "other": "{n} groepen"},
                                     "en": {"one": "{n} group", "other": "{n} groups"}}}, "test")
    assert texts.t("nl", "_test_plural", n=1) == "1 groep"
    assert texts.t("en", "_test_plural", n=3) == "3 groups"
    assert texts.Note("_test_plural", {"n": 2}).render("nl") == "2 groepen"


def test_unknown_key_and_double_definition_are_errors():
    with pytest.raises(texts.TextError):
        texts.t("nl", "no_such_key_anywhere")
    texts.register({"_test_once": {"nl": "a", "en": "a"}}, "test")
    with pytest.raises(texts.TextError):
        texts.register({"_test_once": {"nl": "b", "en": "b"}}, "test")
