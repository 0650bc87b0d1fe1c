"""``scanengine export ROUND --format sav -o FILE.sav``: the anonymous rows with variable and value labels, written by
pyreadstat and read back by pandas and pyreadstat; don't know is a declared missing value; open answers only with
``--open``; the same values as the raw CSV."""

from __future__ import annotations

import io
import json

import pandas as pd
import pyreadstat
import pytest

from scanengine import definition, export
from tests import factories
from tests.factories import WATER, _answers


@pytest.fixture
def water(session):
    q = definition.parse(WATER, "waterschap_test.json")
    people = []
    for i in range(8):
        ans = _answers(i, 1 + i, 10.25 + i)
        if i == 0:
            ans["s2"] = "dk"
            ans["uren"] = "dk"
            ans["vorm"] = "dk"
        elif i < 4:
            ans["vorm"] = ("netwerk", "regeling") if i % 2 else ("convenant",)
        people.append(
            (
                "Noord" if i < 5 else "Zuid",
                {"sector": "zorg" if i < 4 else "onderwijs"},
                ans,
                {"opmerking": f"tekst {i}"} if i == 1 else None,
            )
        )
    return factories.make_round(session, q, [("Noord", 10), ("Zuid", 10)], people, k=3)


def test_sav_opens_in_pandas_and_pyreadstat_with_its_labels(session, water, tmp_path):
    path = tmp_path / "ronde.sav"
    assert export.write_sav(session, water, path) == 8
    frame, meta = pyreadstat.read_sav(str(path))
    labels = meta.column_names_to_labels
    assert labels["s1"] == "Een." and labels["sector"] == "Uw sector?"
    assert labels["uren"] == "Uren per maand? (uur)"
    assert labels["prio.dijken"] == "Wat eerst?: dijken (nl)"
    assert labels["vorm.regeling"] == "Welke vorm?: regeling (nl)"
    values = meta.variable_value_labels
    assert values["s1"] == {
        **{i + 1.0: label for i, label in enumerate(WATER["scale"]["labels"]["nl"])},
        99.0: "Geen idee",
    }
    assert values["sector"] == {1.0: "zorg (nl)", 2.0: "onderwijs (nl)", 3.0: "bestuur (nl)"}
    assert values["group"] == {1.0: "Noord", 2.0: "Zuid"}
    assert values["vorm.netwerk"] == {1.0: "netwerk (nl)", 99.0: "Weet niet"}
    assert "prio.dijken" not in values  # a rank is a number
    # don't know is a declared missing value: read as missing by default, as its code when asked
    assert frame["s2"].isna().sum() == 1 and frame["uren"].isna().sum() == 1
    coded, coded_meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert (coded["s2"] == 99).sum() == 1 and (coded["uren"] == -1).sum() == 1
    assert coded_meta.missing_ranges["uren"] == [{"lo": -1.0, "hi": -1.0}]
    assert sorted(frame["uren"].dropna()) == [10.25 + i for i in range(1, 8)]
    # open answers stay out unless asked
    assert "opmerking" not in frame.columns
    # pandas reads the labels too
    labelled = pd.read_spss(str(path))
    assert set(labelled["sector"].dropna()) == {"zorg (nl)", "onderwijs (nl)"}
    assert set(labelled["group"]) == {"Noord", "Zuid"}


def test_sav_has_the_values_of_the_raw_csv(session, water, tmp_path):
    path = tmp_path / "ronde.sav"
    export.write_sav(session, water, path)
    sav, _meta = pyreadstat.read_sav(str(path), user_missing=True)
    raw = pd.read_csv(io.StringIO(export.raw_csv(session, water)), dtype=str, keep_default_na=False)
    assert list(sav.columns) == list(raw.columns)
    # rows are shuffled independently in both exports: compare the sorted columns
    for col in ("prio.havens", "inzet.dijken", "uren", "s1"):
        a = sorted(sav[col].fillna(-7).tolist())
        b = sorted(
            (-7.0 if v == "" else (99.0 if v == "dk" and col == "s1" else -1.0) if v == "dk" else float(v))
            for v in raw[col]
        )
        assert a == b, col


def test_the_cli_writes_sav_only_to_a_file_and_open_answers_on_request(cli, session, water, tmp_path):
    out = tmp_path / "x.sav"
    cli("export", water.id, "--format", "sav", code=1)
    assert not out.exists()
    cli("export", water.id, "--format", "sav", "-o", out, "--open", "--lang", "en")
    frame, meta = pyreadstat.read_sav(str(out))
    assert meta.column_names_to_labels["sector"] == "Your sector?"
    assert meta.variable_value_labels["s1"][99.0] == "No idea"
    assert meta.variable_value_labels["vorm.netwerk"][99.0] == "Don't know"
    assert sorted(frame["opmerking"]) == [""] * 7 + ["tekst 1"]


def test_the_json_raw_export_names_the_section_columns(session, water):
    doc = json.loads(export.raw_json(session, water))
    assert (
        "prio.sluizen" in doc["columns"]
        and "vorm.convenant" in doc["columns"]
        and "akkoord.ja" in doc["columns"]
    )
    assert all(len(row) == len(doc["columns"]) for row in doc["rows"])


def test_the_dashboard_offers_the_sav_to_admins_only(app, session, water, tmp_path):
    from tests.auth_helpers import login, make_user

    make_user(session, "admin@gemeente.nl", admin=True)
    make_user(session, "fac@gemeente.nl")
    session.commit()
    admin, fac = app.test_client(), app.test_client()
    login(admin, "admin@gemeente.nl")
    login(fac, "fac@gemeente.nl")
    path = f"/dashboard/rounds/{water.id}/raw.sav"
    assert fac.get(path).status_code == 404
    assert path in admin.get(f"/dashboard/rounds/{water.id}/results").get_data(as_text=True)
    resp = admin.get(path + "?lang=en")
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    out = tmp_path / "down.sav"
    out.write_bytes(resp.data)
    frame, meta = pyreadstat.read_sav(str(out))
    assert len(frame) == 8 and meta.column_names_to_labels["sector"] == "Your sector?"
    assert "opmerking" not in frame.columns
