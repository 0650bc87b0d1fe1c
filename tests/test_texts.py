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
    texts.register(
        {
            "_test_plural": {
                "nl": {"one": "{n} groep", "other": "{n} groepen"},
                "en": {"one": "{n} group", "other": "{n} groups"},
            }
        },
        "test",
    )
    assert texts.t("nl", "_test_plural", n=1) == "1 groep"
    assert texts.t("en", "_test_plural", n=3) == "3 groups"
    assert texts.Note("_test_plural", {"n": 2}).render("nl") == "2 groepen"


def test_unknown_key_and_double_definition_are_errors():
    with pytest.raises(texts.TextError):
        texts.t("nl", "no_such_key_anywhere")
    texts.register({"_test_once": {"nl": "a", "en": "a"}}, "test")
    with pytest.raises(texts.TextError):
        texts.register({"_test_once": {"nl": "b", "en": "b"}}, "test")


def _used_keys() -> dict[str, set[str]]:
    """Every literal key the templates and modules ask for: ``_('k')``, ``gettext("k")``, ``t(lang, "k")``."""
    import re
    from pathlib import Path

    root = Path(texts.__file__).resolve().parents[1]
    patterns = [
        re.compile(r"""\b_\(\s*['"]([a-z][a-z0-9_]*)['"]"""),
        re.compile(r"""\bgettext\(\s*['"]([a-z][a-z0-9_]*)['"]"""),
        re.compile(r"""\bt\(\s*\w+\s*,\s*['"]([a-z][a-z0-9_]*)['"]"""),
        re.compile(r"""\bself\.t\(\s*['"]([a-z][a-z0-9_]*)['"]"""),
    ]
    used: dict[str, set[str]] = {}
    for path in [*root.rglob("*.py"), *root.rglob("*.html")]:
        if "texts" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for key in pattern.findall(source):
                used.setdefault(key, set()).add(str(path.relative_to(root)))
    return used


def test_every_key_the_product_asks_for_is_in_the_catalogue():
    import importlib

    importlib.import_module("scanengine.web.participant")  # the app's views with their form fields, as served
    used = _used_keys()
    assert (
        len(used) > 200
    )  # the scan finds the templates' and views' keys (else this test would pass vacuously)
    missing = {key: sorted(where) for key, where in used.items() if not texts.has(key)}
    assert not missing, f"keys used but not in the catalogue: {missing}"


def test_the_web_and_the_report_share_one_catalogue():
    from scanengine.report import text as report_text

    assert report_text.t("en", "round") == texts.t("en", "round") == "Round"
    assert report_text.date_text("2025-03-03", "nl") == "3 maart 2025"
    assert report_text.date_text("2025-03-03", "en") == "3 March 2025"
    with pytest.raises(ValueError, match="report language"):
        report_text.t("de", "round")
