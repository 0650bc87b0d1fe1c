"""The validator's problems carry a catalogue key and parameters (scanengine/texts/definition.py): the CLI's
sentence stays as it was, and the same problem reads in plain words in Dutch and English, without a JSON path or
a schema term. A guard keeps new rules from yielding bare English sentences."""

from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path

import pytest

from scanengine import definition, texts
from scanengine.definition import DefinitionError, Problem
from scanengine.editing import places
from scanengine.texts.definition import CATALOGUE, TECHNICAL, WORDS
from tests import factories

ROOT = Path(definition.__file__).resolve().parent
SCHEMA_TERMS = re.compile(r"\w\[\d+\]|\w\.\w|expected|scale\.|\bgot\b|\{|\}|'[a-z_]+' \(")


def _broken(change):
    data = copy.deepcopy(factories.AGENDA)
    change(data)
    return data


def _decision(data):
    data["sections"][0]["questions"][1]["options"] = [
        {"id": "c1", "label": {"nl": "A", "en": "A"}},
        {"id": "c2", "label": {"nl": "B", "en": "B"}},
    ]
    data["decision"] = {
        "title": {"nl": "Keuze", "en": "Choice"},
        "alternatives": [
            {"id": "x", "label": {"nl": "X", "en": "X"}},
            {"id": "y", "label": {"nl": "Y", "en": "Y"}},
        ],
        "criteria": [
            {"id": "c1", "label": {"nl": "A", "en": "A"}},
            {"id": "c3", "label": {"nl": "C", "en": "C"}},
        ],
        "weights": "budget",
        "scores": {"x": {"c1": 6, "c3": 2}, "z": {"c1": 1}},
        "knockouts": [
            {"question": "motive", "options": ["nope"], "excludes": ["w"]},
            {"question": "budget", "options": ["c1"], "excludes": ["x"]},
            {"question": "gone", "options": ["a"], "excludes": ["x"]},
        ],
    }


#: broken definitions, one rule each (or several), covering every kind of problem the validator reports
CASES = {
    "missing": lambda d: d.pop("title"),
    "unknown field": lambda d: d["dimensions"][0]["items"][0].update(weight=2),
    "types": lambda d: (
        d["scale"].update(points="five"),
        d["dimensions"][0]["items"][1].update(reverse="yes"),
    ),
    "float for int": lambda d: d["sections"][0]["questions"][1].update(total=12.5),
    "too short": lambda d: d["background"][0].update(options=d["background"][0]["options"][:1]),
    "unknown kind": lambda d: d["sections"][0]["questions"][0].update(kind="slider"),
    "kind missing": lambda d: d["sections"][0]["questions"][0].pop("kind"),
    "nothing asked": lambda d: [d.pop(k) for k in ("scale", "bands", "dimensions", "sections")],
    "bad and duplicate ids": lambda d: (
        d["dimensions"][0]["items"][0].update(id="T-1"),
        d["open_questions"][0].update(id="trust"),
        d["sections"][0]["questions"][0]["options"][1].update(id="wonen"),
    ),
    "languages": lambda d: (
        d["dimensions"][0]["items"][0]["text"].pop("en"),
        d["sections"][0]["title"].update(de="Agenda"),
        d["dimensions"][0]["title"].update(nl=" "),
    ),
    "scale": lambda d: (d["scale"]["labels"].update(en=["1", "2", "3"]), d["bands"][0].update(min=9)),
    "bands unsorted": lambda d: (d["bands"][0].update(min=1), d["bands"][1].update(min=3)),
    "points range": lambda d: d["scale"].update(points=12, labels={"nl": ["x"] * 12, "en": ["x"] * 12}),
    "show_if": lambda d: (
        d["dimensions"][0]["items"][0].update(show_if={"function": ["raad"]}),
        d["dimensions"][0]["items"][1].update(show_if={"role": ["burgemeester"]}),
        d["sections"][1]["questions"][2].update(show_if={}),
    ),
    "kinds": lambda d: (
        d["sections"][0]["questions"][0].update(top=9),
        d["sections"][0]["questions"][1].update(total=5000),
        d["sections"][1]["questions"][0].update(decimals=9, max=-1, min=2e15),
        d["sections"][1]["questions"][2].update(max_choices=7),
        d["open_questions"][0].update(max_length=0),
    ),
    "decision": _decision,
    "empty version": lambda d: d.update(version=" "),
    "more types": lambda d: (
        d["bands"][0].update(min="hoog"),
        d.update(background={"id": "x"}),
        d["dimensions"][0].update(title=3),
        d["sections"][1]["questions"][1].update(min=[1]),
        d["open_questions"][0].update(max_length="12"),
        d.update(version=1),
    ),
    "dutch required": lambda d: d.update(title={"en": "Agenda"}),
    "show_if without options": lambda d: d["dimensions"][0]["items"][0].update(show_if={"role": []}),
    "weights": lambda d: (
        _decision(d),
        d["decision"].update(weights="motive", scores={"x": {"c1": 3, "c3": 3, "c9": 1}, "y": {"c1": 2}}),
    ),
    "weights unknown": lambda d: (_decision(d), d["decision"].update(weights="nope")),
    "language code": lambda d: d["title"].update(EN="x"),
    "matrix": lambda d: d["sections"][0]["questions"].append(
        {
            "id": "mx",
            "kind": "matrix",
            "text": {"nl": "M", "en": "M"},
            "rows": [{"id": "r1", "label": {"nl": "R", "en": "R"}}] * 2,
            "columns": [{"id": "dk", "label": {"nl": "W", "en": "W"}}]
            + [{"id": f"c{i}", "label": {"nl": "C", "en": "C"}} for i in range(21)],
        }
    ),
    "typical": lambda d: d["sections"][1]["questions"][0].update(typical=99999),
    "estimate_for": lambda d: d["sections"][1]["questions"][0].update(estimate_for="person"),
    "businesscase": lambda d: d.update(
        businesscase={"yearly": "nope", "one_off": "fte", "horizon_years": 99}
    ),
    "businesscase kinds": lambda d: d.update(businesscase={"yearly": "motive", "one_off": "motive"}),
}


#: keys of the file as a whole (reading it), and of a sentence not in the catalogue: tested on their own below
FILE_KEYS = {
    "def_bad_json",
    "def_not_found",
    "def_not_utf8",
    "def_top_not_object",
    "def_unreadable",
    "def_unexplained",
}


def test_the_cases_cover_every_problem_of_a_document():
    seen = set()
    for change in CASES.values():
        try:
            definition.parse(_broken(change))
        except DefinitionError as exc:
            seen |= {p.key for p in exc.problems}
    lax = {"def_invalid", "def_whole_number"}  # pydantic's other errors; the models are strict, so seldom met
    assert set(TECHNICAL) - FILE_KEYS - lax <= seen, set(TECHNICAL) - FILE_KEYS - lax - seen


@pytest.mark.parametrize(
    ("raw", "key"),
    [(b"\xff\xfe{", "def_not_utf8"), (b'{"id": "x",', "def_bad_json"), (b"[1, 2]", "def_top_not_object")],
)
def test_a_file_that_is_no_definition_reads_in_plain_words(raw, key):
    with pytest.raises(DefinitionError) as info:
        definition.loads(raw, "x.json")
    (p,) = info.value.problems
    assert p.key == key and not SCHEMA_TERMS.search(p.text("nl")) and p.text("nl") != p.text("en")


def _problems(data) -> list[Problem]:
    with pytest.raises(DefinitionError) as info:
        definition.parse(data, "x.json")
    return info.value.problems


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_problem_has_a_key_and_reads_in_plain_words(case):
    data = _broken(CASES[case])
    found = _problems(data)
    assert found
    for p in found:
        assert p.key in TECHNICAL and p.key != "def_unexplained", (case, p)
        for lang in texts.LANGUAGES:
            text = p.text(lang, places.placer(data, lang))
            assert text and not SCHEMA_TERMS.search(text), (case, lang, text, p.message)
            place = places.describe(p.path, data, lang)
            assert not re.search(r"\w\[\d+\]", place), (case, place)
        assert p.text("nl", places.placer(data, "nl")) != p.message


def test_the_cli_sentence_is_the_technical_register():
    data = _broken(CASES["scale"])
    lines = DefinitionError("x.json", _problems(data)).lines()
    assert "x.json: scale.labels.en: has 3 labels, expected 5 (scale.points)" in lines
    assert "x.json: bands[0].min: 9 is outside the scale range 1..5" in lines
    dutch = [p.text("nl") for p in _problems(data)]
    assert "Er zijn 3 antwoordlabels, maar de schaal heeft 5 punten: geef elk punt één label." in dutch


def test_duplicate_names_the_first_place_in_words():
    data = _broken(lambda d: d["open_questions"][0].update(id="trust"))
    (p,) = _problems(data)
    assert p.message == "duplicate id 'trust' (first used at dimensions[0].id)"
    assert p.text("nl", places.placer(data, "nl")) == (
        "De korte naam ‘trust’ is al in gebruik bij dimensie 1 ‘Vertrouwen’; kies een andere."
    )
    assert p.text("en", places.placer(data, "en")).startswith(
        "The short name ‘trust’ is already used by dimension 1"
    )


def test_a_duplicate_in_a_list_names_the_list():
    data = _broken(CASES["matrix"])
    found = {p.path: p for p in _problems(data)}
    row = found["sections[0].questions[2].rows[1].id"]
    assert row.message == "duplicate row id 'r1' in question 'mx'"
    assert row.text("nl") == "Twee rijen van deze vraag hebben dezelfde korte naam ‘r1’; kies een andere."
    assert row.text("en") == "Two rows of this question have the same short name ‘r1’; choose another."
    assert found["sections[0].questions[2].columns[0].id"].key == "def_dk_column"
    assert found["sections[0].questions[2].columns"].text("nl") == "Een matrix heeft hoogstens 20 kolommen."
    option = _problems(_broken(CASES["bad and duplicate ids"]))[-1]
    assert option.text("nl").startswith("Twee antwoorden van deze vraag")  # the options' word is unchanged


def test_a_bare_sentence_still_prints_and_reads_as_a_general_sentence():
    p = Problem("scale.points", "must be odd, got 4")
    assert p.format("x.json") == "x.json: scale.points: must be odd, got 4"
    assert p.key == "def_unexplained" and p.text("nl") == "Dit onderdeel klopt nog niet."


def test_both_registers_hold_the_same_problems():
    assert set(CATALOGUE) - WORDS == set(TECHNICAL)
    assert WORDS <= set(CATALOGUE)


# -- the guard: a rule yields a catalogue key, never an English sentence ---------------------------------------


def _bare_sentences(source: str) -> list[int]:
    """Lines where a problem is made from a string: ``yield path, "..."``, ``yield (path, f"...")``,
    ``Problem(path, "...")``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        value = None
        if isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
            value = node.value.elts[1]
        elif (
            isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem" and len(node.args) == 2
        ):
            value = node.args[1]
        if isinstance(value, ast.Constant | ast.JoinedStr) and (
            isinstance(value, ast.JoinedStr) or isinstance(value.value, str)
        ):
            found.append(node.lineno)
    return found


def test_no_rule_yields_a_bare_sentence():
    control = 'def problems(q):\n    yield "x", f"must be {q}"\n    yield ("y", "bad")\n    add(Problem("z", "no"))\n'
    assert _bare_sentences(control) == [2, 3, 4]  # the guard finds what it looks for
    sources = [
        *sorted((ROOT / "kinds").glob("*.py")),
        ROOT / "decision.py",
        ROOT / "businesscase.py",
        ROOT / "definition.py",
    ]
    offenders = {
        str(p.relative_to(ROOT)): lines for p in sources if (lines := _bare_sentences(p.read_text()))
    }
    assert not offenders, (
        f"problems made from English sentences (give them a key in texts/definition.py): {offenders}"
    )


def test_shipped_definitions_still_validate_and_their_hashes_are_stable():
    for path in sorted((ROOT.parent / "questionnaires").glob("*.json")):
        q = definition.load(path)
        assert q.sha256 == definition.loads(json.dumps(q.document())).sha256
