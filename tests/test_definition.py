"""Definition loading and validation: every broken-file case has its exact message (docs/architecture.md, "Question kinds")."""

from __future__ import annotations

import copy
import json

import pytest

from scanengine import definition
from scanengine.definition import DefinitionError

from .conftest import FIXTURES, ROOT


@pytest.fixture
def data():
    return json.loads((FIXTURES / "mini.json").read_text())


def problems(data, tmp_path, name="x.json") -> list[str]:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    with pytest.raises(DefinitionError) as info:
        definition.load(path)
    return [line.replace(str(tmp_path) + "/", "") for line in info.value.lines()]


def test_mini_fixture_is_valid():
    q = definition.load(FIXTURES / "mini.json")
    assert q.id == "mini" and q.scale.points == 4
    assert [i.id for i in q.items] == ["c1", "c2", "c3", "i1", "i2"]
    assert q.item_dimension_index() == [0, 0, 0, 1, 1]
    assert q.languages == ["nl", "en"]


@pytest.mark.parametrize("path", sorted((ROOT / "questionnaires").glob("*.json")), ids=lambda p: p.name)
def test_shipped_definitions_are_valid(path):
    q = definition.load(path)
    assert q.id == path.stem


def test_invalid_json_names_line_and_column(tmp_path):
    assert problems('{\n  "id": "x",\n  "version": 1.0,,\n}', tmp_path) == [
        "x.json: invalid JSON at line 3 column 18: Expecting property name enclosed in double quotes"
    ]


def test_missing_field(data, tmp_path):
    del data["scale"]
    assert problems(data, tmp_path) == ["x.json: scale: required field is missing"]


def test_missing_nested_field(data, tmp_path):
    del data["dimensions"][1]["items"][0]["text"]
    assert problems(data, tmp_path) == ["x.json: dimensions[1].items[0].text: required field is missing"]


def test_wrong_type(data, tmp_path):
    data["scale"]["points"] = "five"
    data["dimensions"][0]["items"][1]["reverse"] = "yes"
    assert problems(data, tmp_path) == [
        "x.json: scale.points: must be a whole number, got a string",
        "x.json: dimensions[0].items[1].reverse: must be true or false, got a string",
    ]


def test_unknown_field(data, tmp_path):
    data["dimensions"][0]["items"][0]["weight"] = 2
    assert problems(data, tmp_path) == ["x.json: dimensions[0].items[0].weight: unknown field"]


def test_duplicate_id(data, tmp_path):
    data["dimensions"][1]["items"][0]["id"] = "c1"
    assert problems(data, tmp_path) == [
        "x.json: dimensions[1].items[0].id: duplicate id 'c1' (first used at dimensions[0].items[0].id)"
    ]


def test_duplicate_id_across_kinds(data, tmp_path):
    data["open_questions"][0]["id"] = "competence"
    assert problems(data, tmp_path) == [
        "x.json: open_questions[0].id: duplicate id 'competence' (first used at dimensions[0].id)"
    ]


def test_bad_id_pattern(data, tmp_path):
    data["dimensions"][0]["items"][0]["id"] = "C-1"
    data["background"][0]["options"][2]["id"] = "1ambtenaar"
    assert problems(data, tmp_path) == [
        "x.json: dimensions[0].items[0].id: bad id 'C-1': must match [a-z][a-z0-9_]{0,39}",
        "x.json: background[0].options[2].id: bad id '1ambtenaar': must match [a-z][a-z0-9_]{0,39}",
    ]


def test_label_count_not_equal_to_points(data, tmp_path):
    data["scale"]["labels"]["en"] = data["scale"]["labels"]["en"][:3]
    assert problems(data, tmp_path) == ["x.json: scale.labels.en: has 3 labels, expected 4 (scale.points)"]


def test_points_out_of_range(data, tmp_path):
    data["scale"]["points"] = 12
    data["scale"]["labels"] = {lang: [str(i) for i in range(12)] for lang in ("nl", "en")}
    data["bands"] = [{"min": 1, "label": {"nl": "a", "en": "a"}}]
    assert problems(data, tmp_path) == ["x.json: scale.points: must be between 2 and 11, got 12"]


def test_band_out_of_range(data, tmp_path):
    data["bands"][0]["min"] = 4.5
    assert problems(data, tmp_path) == ["x.json: bands[0].min: 4.5 is outside the scale range 1..4"]


def test_bands_unsorted(data, tmp_path):
    data["bands"][0]["min"], data["bands"][1]["min"] = 2.5, 3.0
    assert problems(data, tmp_path) == [
        "x.json: bands[1].min: bands must be sorted by descending min: 3 follows 2.5"
    ]


def test_show_if_unknown_question(data, tmp_path):
    data["dimensions"][0]["items"][2]["show_if"] = {"function": ["raad"]}
    assert problems(data, tmp_path) == [
        "x.json: dimensions[0].items[2].show_if.function: unknown background question 'function'"
    ]


def test_show_if_unknown_option(data, tmp_path):
    data["dimensions"][0]["items"][2]["show_if"] = {"role": ["raad", "burgemeester"]}
    assert problems(data, tmp_path) == [
        "x.json: dimensions[0].items[2].show_if.role[1]: unknown option 'burgemeester' of question 'role'"
    ]


def test_text_missing_declared_language(data, tmp_path):
    del data["dimensions"][1]["items"][1]["text"]["en"]
    assert problems(data, tmp_path) == ["x.json: dimensions[1].items[1].text: missing language 'en'"]


def test_text_with_undeclared_language(data, tmp_path):
    data["intro"]["de"] = "Hallo"
    assert problems(data, tmp_path) == ["x.json: intro: language 'de' is not declared in title"]


def test_dutch_is_required(data, tmp_path):
    d = copy.deepcopy(data)

    def drop_nl(obj):
        if isinstance(obj, dict):
            if set(obj) == {"nl", "en"}:
                obj.pop("nl")
            for v in obj.values():
                drop_nl(v)
        elif isinstance(obj, list):
            for v in obj:
                drop_nl(v)

    drop_nl(d)
    assert problems(d, tmp_path) == ["x.json: title: missing language 'nl' (Dutch is required)"]


def test_every_problem_is_reported_at_once(data, tmp_path):
    data["dimensions"][1]["items"][0]["id"] = "c1"
    data["scale"]["labels"]["nl"].append("extra")
    assert len(problems(data, tmp_path)) == 2


def test_top_level_not_an_object(tmp_path):
    assert problems("[1, 2]", tmp_path) == ["x.json: the top level must be an object, got a list"]


def test_missing_file(tmp_path):
    with pytest.raises(DefinitionError) as info:
        definition.load(tmp_path / "none.json")
    assert info.value.lines() == [f"{tmp_path}/none.json: cannot read file: No such file or directory"]


def test_hash_is_canonical(data, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(data))
    b.write_text(json.dumps(data, indent=4, sort_keys=True))
    assert definition.load(a).sha256 == definition.load(b).sha256
    data["version"] = "1.1"
    a.write_text(json.dumps(data))
    assert definition.load(a).sha256 != definition.load(b).sha256


def test_pinned_copy_round_trips(data):
    q = definition.parse(data)
    assert definition.from_pinned(q.canonical_json()) == q


def test_show_if(data):
    q = definition.parse(data)
    c3 = q.items[2]
    assert q.is_shown(c3, {"role": "raad"})
    assert not q.is_shown(c3, {"role": "college"})
    assert not q.is_shown(c3, {})
    assert q.is_shown(q.items[0], {})


def test_band_for(data):
    q = definition.parse(data)
    assert q.band_for(3.2) == "Sterk"
    assert q.band_for(2.5, "en") == "Attention"
    assert q.band_for(1.0) == "Zorgpunt"
    assert q.band_for(float("nan")) is None


def test_validate_cli(cli, tmp_path, data):
    ok = cli("validate", FIXTURES / "mini.json")
    assert "ok (mini 1.0, 2 dimensions, 5 statements" in ok.output
    data["dimensions"][1]["items"][0]["id"] = "c1"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = cli("validate", FIXTURES / "mini.json", bad, code=1)
    assert (
        f"{bad}: dimensions[1].items[0].id: duplicate id 'c1' (first used at dimensions[0].items[0].id)"
        in result.output
    )
    assert "Traceback" not in result.output
