"""Question kinds: the registry, one field and one block per kind, the shared value check, the packed codec."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from scanengine import definition, kinds, participation, responses
from scanengine.kinds.background import shown
from scanengine.report import blocks
from scanengine.stats import DK
from scanengine.web.fields import FIELDS

from .conftest import FIXTURES, ROOT


@pytest.fixture
def q():
    return definition.load(FIXTURES / "mini.json")


def test_registry_names_every_kind_once():
    names = [k.name for k in kinds.all()]
    assert len(names) == len(set(names)) and {"statement", "background", "open"} <= set(names)
    assert kinds.get("statement").name == "statement"
    with pytest.raises(KeyError, match="unknown question kind 'nope'"):
        kinds.get("nope")
    with pytest.raises(ValueError, match="registered twice"):
        kinds.register(kinds.get("open"))


#: kinds whose report block is still to be written (their statistics come first); remove a name with its block
AWAITING_REPORT_BLOCK: set[str] = set()


def test_every_kind_has_a_form_field_and_a_report_block():
    for kind in kinds.all():
        assert kind.name in FIELDS, kind.name
        if kind.name in AWAITING_REPORT_BLOCK:
            assert blocks.find(kind.name) is None, (
                f"{kind.name} has its block now: take it off AWAITING_REPORT_BLOCK"
            )
        else:
            assert blocks.get(kind.name).kind == kind.name


def test_nothing_outside_the_kinds_switches_on_a_kind_name():
    """The names appear only where a kind, its field or its block is registered (docs/kinds.md)."""
    names = "|".join(re.escape(k.name) for k in kinds.all())
    pattern = re.compile(rf"""(==|!=|\bin\b|\bis\b)\s*\(?\s*["']({names})["']|["']({names})["']\s*(==|!=)""")
    assert pattern.search('if e.kind.name == "statement":') and pattern.search(
        "x in ('open', 'y')"
    )  # can fail
    allowed = {"scanengine/kinds", "scanengine/web/fields.py", "scanengine/report/blocks"}
    found = []
    for path in sorted((ROOT / "scanengine").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if any(rel.startswith(a) for a in allowed):
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []


def test_statement_check_is_the_same_for_form_and_codec(q):
    item = q.items[0]
    statement = kinds.get("statement")
    assert [statement.check(item, q, v) for v in ("1", "4", "dk", "", None, 3)] == [1, 4, "dk", None, None, 3]
    for bad in ("0", "5", "01", " 1", "1.0", "x", "²", True, 5):
        with pytest.raises(kinds.AnswerError) as info:
            statement.check(item, q, bad)
        assert info.value.field == "c1"
        assert info.value.message("nl") == "Kies een antwoord van 1 tot en met 4 of ‘Weet niet’."
        assert str(info.value) == "Please choose an answer from 1 to 4 or ‘Don't know’."
    assert [v for v in ("0", "1", "4", "5", "dk", "01", " 1", "") if participation.valid_value(q, v)] == [
        "1",
        "4",
        "dk",
    ]


def test_background_and_open_checks(q):
    bq, oq = q.background[0], q.open_questions[0]
    assert kinds.get("background").check(bq, q, "raad") == "raad"
    with pytest.raises(kinds.AnswerError) as info:
        kinds.get("background").check(bq, q, "wethouder")
    assert info.value.message("en") == "Please choose one of the answers listed."
    assert kinds.get("open").check(oq, q, "  a\r\nb\x00 ") == "a\nb"
    assert kinds.get("open").check(oq, q, "   ") is None
    with pytest.raises(kinds.AnswerError) as info:
        kinds.get("open").check(oq, q, "x" * 501)
    assert info.value.message("nl") == "Uw antwoord is 501 tekens lang; het maximum is 500."


def test_codec_round_trips_and_keeps_the_one_byte_statement_format(q):
    blob = responses.pack_answers(q, {"c1": "4", "c2": "dk", "i2": 1})
    assert blob == bytes([4, DK, 0, 0, 1])  # one byte per statement, as every stored round has it
    assert responses.unpack_answers(q, blob) == {"c1": 4, "c2": "dk", "i2": 1}
    assert responses.pack_background(q, {"role": "ambtenaar"}) == bytes([3])
    with pytest.raises(kinds.AnswerError, match="Unknown field ‘nope’"):
        responses.pack_answers(q, {"nope": 1})
    with pytest.raises(ValueError, match="does not fit this definition"):
        responses.unpack_answers(q, b"\x01\x02")


def test_columns_for_the_analysis(q):
    blob = np.array([[4, DK, 0, 1, 2], [1, 3, 2, 0, DK]], dtype=np.uint8)
    data = responses.RoundData(blob, np.array([[1], [0]], np.uint8), np.array([1, 1]), blob, q)
    c2 = data.columns("c2")  # reverse-keyed: 3 -> 4 + 1 - 3
    assert np.isnan(c2.values[0]) and c2.values[1] == 2.0
    assert c2.dk.tolist() == [True, False] and c2.answered.tolist() == [True, True]
    role = data.columns("role")
    assert role.values[0] == 0.0 and np.isnan(role.values[1])
    assert shown(q, q.items[2].show_if, data.background).tolist() == [True, False]


def test_docs_describe_how_to_add_a_kind():
    text = (ROOT / "docs" / "kinds.md").read_text()
    assert "How to add a question kind" in text
    for part in ("scanengine/kinds/", "scanengine/web/fields.py", "scanengine/report/blocks/"):
        assert part in text
    assert Path(ROOT / "scanengine" / "web" / "templates" / "participant" / "_fields.html").exists()
