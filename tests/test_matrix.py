"""The matrix kind (rows x columns, one column per row, "don't know" per row): its definition rules, the check
of a posted value, the packed codec, its statistics against an oracle written here (Wilson's formula from the
standard library), the k rule per row, the export's ``rows``, raw columns and ``.sav`` labels, the form without
JavaScript, live mode, and a report that does not break on it."""

from __future__ import annotations

import copy
import io
import json
import math
import re
from statistics import NormalDist

import pyreadstat
import pytest
from pypdf import PdfReader

from scanengine import analysis, definition, export, kinds, responses
from scanengine.kinds.matrix import DIVIDED_BELOW
from scanengine.report import build_pdf
from scanengine.stats import DK
from tests.factories import make_round


def _t(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


def _opts(*pairs: tuple[str, str]) -> list[dict]:
    return [{"id": i, "label": _t(nl, nl.upper())} for i, nl in pairs]


#: at which level a water board takes up each task (not one of the shipped instruments)
LEVELS = {
    "id": "niveaus",
    "version": "1",
    "title": _t("Op welk niveau?", "At which level?"),
    "background": [
        {
            "id": "rol",
            "breakdown": True,
            "text": _t("Rol?", "Role?"),
            "options": _opts(("dijk", "Dijkgraaf"), ("staf", "Staf")),
        }
    ],
    "sections": [
        {
            "id": "taken",
            "title": _t("Taken", "Tasks"),
            "questions": [
                {
                    "id": "niveau",
                    "kind": "matrix",
                    "text": _t("Waar hoort elke taak thuis?", "Where does each task belong?"),
                    "rows": _opts(("dijken", "Dijken"), ("peil", "Waterpeil"), ("heffing", "Heffing")),
                    "columns": _opts(("lokaal", "Lokaal"), ("regio", "Regionaal"), ("land", "Landelijk")),
                    "dont_know": True,
                }
            ],
        }
    ],
}
ROWS, COLUMNS = ["dijken", "peil", "heffing"], ["lokaal", "regio", "land"]


def _q(data=LEVELS):
    return definition.parse(copy.deepcopy(data), "niveaus.json")


def _kind(q):
    entry = next(e for e in q.entries if e.question.id == "niveau")
    return entry.kind, entry.question


def _problems(change) -> list[str]:
    data = copy.deepcopy(LEVELS)
    change(data["sections"][0]["questions"][0])
    with pytest.raises(definition.DefinitionError) as err:
        definition.parse(data, "niveaus.json")
    return err.value.lines()


# -- definition, check, codec ------------------------------------------------------------------------------------


def test_the_kind_is_registered_and_the_definition_valid():
    assert kinds.get("matrix").name == "matrix"
    kind, question = _kind(_q())
    assert kind.fields(question) == ("niveau.dijken", "niveau.peil", "niveau.heffing")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda m: m["rows"].append({"id": "peil", "label": _t("Nog eens", "Again")}),
            "niveaus.json: sections[0].questions[0].rows[3].id: duplicate row id 'peil' in question 'niveau'",
        ),
        (
            lambda m: m["columns"].append({"id": "regio", "label": _t("Twee", "Two")}),
            "niveaus.json: sections[0].questions[0].columns[3].id: duplicate column id 'regio' in question 'niveau'",
        ),
        (
            lambda m: m["columns"].append({"id": "dk", "label": _t("Geen idee", "No idea")}),
            "niveaus.json: sections[0].questions[0].columns[3].id: 'dk' means \"don't know\"",
        ),
        (
            lambda m: m["rows"][0].update(id="Dijken"),
            "niveaus.json: sections[0].questions[0].rows[0].id: bad id 'Dijken'",
        ),
        (
            lambda m: m.update(columns=m["columns"][:1]),
            "niveaus.json: sections[0].questions[0].columns: must have at least 2 entries",
        ),
        (
            lambda m: m["rows"][1]["label"].pop("en"),
            "niveaus.json: sections[0].questions[0].rows[1].label: missing language 'en'",
        ),
    ],
)
def test_bad_rows_and_columns_are_refused_with_their_path(change, expected):
    lines = _problems(change)
    assert any(line.startswith(expected) for line in lines), lines


def test_scanengine_validate_refuses_a_duplicate_row(cli, tmp_path):
    data = copy.deepcopy(LEVELS)
    data["sections"][0]["questions"][0]["rows"][2]["id"] = "dijken"
    path = tmp_path / "niveaus.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = cli("validate", path, code=1).output
    assert f"{path}: sections[0].questions[0].rows[2].id: duplicate row id 'dijken'" in out


def test_check_and_codec():
    q = _q()
    kind, question = _kind(q)
    value = kind.check(question, q, {"heffing": "land", "dijken": "dk", "peil": ""})
    assert value == {"dijken": "dk", "heffing": "land"}  # in row order, the empty row left out
    assert kind.encode(question, q, value) == bytes([DK, 0, 3])
    assert kind.decode(question, q, bytes([DK, 0, 3])) == value
    assert kind.decode(question, q, bytes(3)) is None and kind.check(question, q, {"peil": ""}) is None
    for bad in ({"dijken": "provincie"}, {"sluizen": "lokaal"}, "lokaal", {"dijken": 2}):
        with pytest.raises(kinds.AnswerError, match="Please choose one of the answers listed"):
            kind.check(question, q, bad)
    no_dk = copy.deepcopy(LEVELS)
    no_dk["sections"][0]["questions"][0].update(dont_know=False, required=True)
    q2 = _q(no_dk)
    kind, question = _kind(q2)
    with pytest.raises(kinds.AnswerError):
        kind.check(question, q2, {"dijken": "dk"})
    with pytest.raises(kinds.AnswerError) as err:
        kind.check(question, q2, {"dijken": "lokaal"})  # required: every row
    assert err.value.message("nl") == "Beantwoord deze vraag voor elke regel."


# -- statistics against an oracle -----------------------------------------------------------------------------------


def _wilson(count: int, n: int) -> tuple[float, float]:
    z = NormalDist().inv_cdf(0.975)
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


#: designed answers per respondent (dijken, peil, heffing); None = row left open. "peil" is answered by three
#: only (below k = 5): its shares must not be shown.
ANSWERS = (
    [("regio", None, "land")] * 4
    + [("regio", "lokaal", "land")] * 2
    + [("lokaal", None, "dk")] * 2
    + [("dk", "regio", "regio")]
    + [("dk", None, "dk")]
    + [(None, None, None)]
)


def _respondents(rows=ANSWERS, group="A"):
    out = []
    for row in rows:
        value = {r: v for r, v in zip(ROWS, row, strict=True) if v is not None}
        out.append((group, {"rol": "dijk"}, {"niveau": value} if value else {}, None))
    return out


def test_figures_per_row_equal_an_oracle_and_rows_below_k_are_hidden(session):
    rnd = make_round(session, _q(), [("A", 12)], _respondents(), name="Niveaus", k=5)
    res = analysis.analyse(session, rnd)
    qr = res.question("niveau")
    assert qr.n == 9 and qr.dk == 1  # chose a column somewhere; said only "don't know"
    doc = next(d for d in json.loads(export.to_json(res))["questions"] if d["id"] == "niveau")
    assert set(doc) == {"id", "kind", "n", "rows", "groups"}
    assert [set(r) for r in doc["rows"]] == [{"id", "n", "shares"}] * 3
    rows = {r.id: r for r in qr.figures.rows}
    for i, rid in enumerate(ROWS):
        given = [row[i] for row in ANSWERS if row[i] is not None]
        n = len(given)
        assert rows[rid].n == n == next(r["n"] for r in doc["rows"] if r["id"] == rid)
        if n < 5:
            assert all(v is None for v in rows[rid].shares.values())
            continue
        for key in [*COLUMNS, "dk"]:
            count = given.count(key)
            assert rows[rid].shares[key] == pytest.approx(count / n)
            lo, hi = _wilson(count, n)
            assert (rows[rid].ci_low[key], rows[rid].ci_high[key]) == (pytest.approx(lo), pytest.approx(hi))
        assert sum(rows[rid].shares.values()) == pytest.approx(1.0)
    assert rows["dijken"].most_chosen == "regio" and not rows["dijken"].divided  # 6 of 10
    assert rows["heffing"].most_chosen == "land" and rows["heffing"].shares["land"] == pytest.approx(6 / 10)
    assert rows["peil"].most_chosen is None and not rows["peil"].divided
    assert DIVIDED_BELOW == 0.4


def test_the_csv_has_a_line_per_row_and_column(session):
    import csv

    rnd = make_round(session, _q(), [("A", 12)], _respondents(), name="Niveaus", k=5)
    res = analysis.analyse(session, rnd)
    lines = [r for r in csv.DictReader(io.StringIO(export.to_csv(res))) if r["question"] == "niveau"]
    total = {r["option"]: r for r in lines if r["breakdown"] == "total"}
    rows = {r.id: r for r in res.question("niveau").figures.rows}
    assert float(total["dijken.regio"]["share"]) == pytest.approx(rows["dijken"].shares["regio"])
    assert total["dijken.dk"]["n"] == "10" and total["peil.lokaal"]["share"] == ""  # below k: no share


def test_a_row_without_a_clear_choice_is_divided():
    from scanengine.kinds.matrix import MatrixRow

    shares = {"lokaal": 0.35, "regio": 0.33, "land": 0.32}
    row = MatrixRow("x", {"nl": "X"}, 20, shares, shares, shares)
    assert row.most_chosen == "lokaal" and row.divided
    assert not MatrixRow("y", {"nl": "Y"}, 20, {"lokaal": 0.4, "regio": 0.6}, {}, {}).divided


def test_groups_follow_the_k_rule(session):
    people = _respondents(group="A") + _respondents([("lokaal", "lokaal", "lokaal")] * 2, group="B")
    people += _respondents([("land", "land", "land")] * 6, group="C")
    rnd = make_round(session, _q(), [("A", 10), ("B", 5), ("C", 6)], people, name="Drie", k=5)
    qr = analysis.analyse(session, rnd).question("niveau")
    groups = {g.key: g for g in qr.groups if g.breakdown == "group"}
    assert groups["B"].suppressed and groups["B"].figures is None  # below k
    assert groups["C"].suppressed  # its complement: the smallest shown
    assert not groups["A"].suppressed
    a = {r.id: r for r in groups["A"].figures.rows}
    assert a["dijken"].shares["regio"] == pytest.approx(6 / 10) and a["peil"].shares["regio"] is None


def test_raw_columns_and_sav_labels_per_row(session, tmp_path):
    rnd = make_round(session, _q(), [("A", 12)], _respondents(), name="Niveaus", k=5)
    header, rows = export.raw_rows(session, rnd)
    cols = [c for c in header if c.startswith("niveau.")]
    assert cols == ["niveau.dijken", "niveau.peil", "niveau.heffing"]
    dijken = sorted(r[header.index("niveau.dijken")] for r in rows)
    assert dijken == sorted([v if v is not None else "" for v, _, _ in ANSWERS])  # column ids and dk
    path = tmp_path / "niveaus.sav"
    export.write_sav(session, rnd, path)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    for rid, label in (("dijken", "Dijken"), ("heffing", "Heffing")):
        assert meta.column_names_to_labels[f"niveau.{rid}"] == f"Waar hoort elke taak thuis?: {label}"
        assert meta.variable_value_labels[f"niveau.{rid}"] == {
            1.0: "Lokaal",
            2.0: "Regionaal",
            3.0: "Landelijk",
            99.0: "Weet niet",
        }
    assert sorted(frame["niveau.heffing"].dropna().tolist()) == sorted([3.0] * 6 + [99.0] * 3 + [2.0])


def test_the_report_and_the_results_page_do_not_break_on_a_matrix(session, app, client):
    rnd = make_round(session, _q(), [("A", 12)], _respondents(), name="Niveaus", k=5)
    res = analysis.analyse(session, rnd)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(build_pdf(res, "nl"))).pages)
    assert "Op welk niveau?" in text
    from tests.auth_helpers import login, make_user

    make_user(session, "admin@example.org", admin=True)
    login(client, "admin@example.org")
    assert client.get(f"/dashboard/rounds/{rnd.id}/results").status_code == 200


# -- the form --------------------------------------------------------------------------------------------------


def test_the_form_has_a_fieldset_of_radios_per_row_and_stores_the_answer(
    client, database_url, tmp_path, session
):
    """Without JavaScript: the background page, the matrix page (a fieldset of radios per row, no table), the
    review page, the submission; the stored answer decodes to what was chosen."""
    from tests.flow import close_and_settle, path_of, post
    from tests.flow import make_round as make_open_round

    path = tmp_path / "niveaus.json"
    path.write_text(json.dumps(LEVELS), encoding="utf-8")
    setup = make_open_round(database_url, path, groups=("A",), personal=1)
    link = setup.links["A"][0]
    html = client.get(path_of(link)).get_data(as_text=True)
    html = post(client, link, html, "next").get_data(as_text=True)  # the introduction
    html = post(client, link, html, "next", {"rol": "dijk"}).get_data(as_text=True)
    assert '<fieldset class="matrix"' in html and "<table" not in html
    for rid in ROWS:
        assert re.search(rf'<fieldset class="matrix-row" id="f-niveau\.{rid}">\s*<legend>', html)
        for value in [*COLUMNS, "dk"]:
            assert f'type="radio" name="niveau.{rid}" id="niveau.{rid}-{value}" value="{value}"' in html
    refused = post(client, link, html, "next", {"niveau.dijken": "provincie"})
    assert refused.status_code == 422  # the page again, the message next to the question
    assert 'id="e-niveau"' in refused.get_data(as_text=True)
    html = post(client, link, html, "next", {"niveau.dijken": "regio", "niveau.heffing": "dk"}).get_data(
        as_text=True
    )
    while 'name="action" value="submit"' not in html:
        html = post(client, link, html, "next").get_data(as_text=True)
    assert post(client, link, html, "submit").status_code == 200
    close_and_settle(session, setup.round_id)
    q = setup.questionnaire
    (blob,) = session.execute(
        __import__("sqlalchemy").text("SELECT answers FROM response WHERE round_id = :r"),
        {"r": setup.round_id},
    ).one()
    assert responses.unpack_answers(q, bytes(blob)) == {"niveau": {"dijken": "regio", "heffing": "dk"}}


# -- live ----------------------------------------------------------------------------------------------------


def test_live_shows_each_row_like_a_choice_and_hides_a_row_below_k():
    q = _q()
    kind, question = _kind(q)
    posted = [{"dijken": "regio", "peil": "lokaal"}] * 3 + [{"dijken": "land"}, {"dijken": "dk"}]
    live = kind.live_summary(question, q, [kind.check(question, q, v) for v in posted])
    assert live.n == 5 and live.bars == ()
    dijken, peil, heffing = live.rows
    assert dijken.n == 5 and [b.label["nl"] for b in dijken.bars] == [
        "Lokaal",
        "Regionaal",
        "Landelijk",
        "Weet niet",
    ]
    assert [b.fraction for b in dijken.bars] == pytest.approx([0.0, 0.6, 0.2, 0.2])
    assert dijken.bars[1].figure.params == {"pct": pytest.approx(60.0)}
    assert peil.n == 3 and heffing.n == 0
    shown = live.within(5)
    assert shown.rows[0].bars == dijken.bars and shown.rows[1].bars == () and shown.rows[2].bars == ()
    assert live.within(3).rows[1].bars == peil.bars


def test_the_presenter_screen_shows_the_rows_and_the_phone_answers_per_row(
    app, session, database_url, tmp_path
):
    from tests.auth_helpers import login, make_user
    from tests.flow import make_round as make_open_round

    csrf = re.compile(r'name="csrf_token" value="([^"]+)"')
    path = tmp_path / "niveaus.json"
    path.write_text(json.dumps(LEVELS), encoding="utf-8")
    setup = make_open_round(database_url, path, groups=("A",), personal=0, k=3)
    owner = make_user(session, "fac@gemeente.nl")
    from scanengine.models import Round

    rnd = session.get(Round, setup.round_id)
    rnd.owner_id = owner.id
    session.commit()
    presenter = app.test_client()
    login(presenter, "fac@gemeente.nl")

    def act(action: str):
        token = csrf.search(presenter.get(f"/live/{rnd.id}").get_data(as_text=True)).group(1)
        return presenter.post(
            f"/live/{rnd.id}/action" if action != "start" else f"/live/{rnd.id}/start",
            data={"csrf_token": token, "action": action},
        )

    assert act("start").status_code == 303
    code = re.search(
        r'id="live-code">([A-Z0-9]{6})<', presenter.get(f"/live/{rnd.id}").get_data(as_text=True)
    )[1]
    act("next")  # from the background page to the matrix
    for chosen in ("regio", "regio", "land"):
        phone = app.test_client()
        html = phone.get(f"/j/{code}").get_data(as_text=True)
        assert phone.post(f"/j/{code}/join", data={"csrf_token": csrf.search(html)[1]}).status_code == 303
        html = phone.get(f"/j/{code}").get_data(as_text=True)
        assert 'class="matrix-row"' in html
        page = re.search(r'name="page" value="(\d+)"', html)[1]
        data = {"csrf_token": csrf.search(html)[1], "page": page, "niveau.dijken": chosen}
        if chosen == "land":
            data["niveau.peil"] = "lokaal"  # one participant only: below k
        resp = phone.post(f"/j/{code}", data=data)
        assert resp.status_code in (200, 303), re.findall(
            r"field-error[^<]*</?[^<]*<?[^<]*", resp.get_data(as_text=True)
        )
    act("show")
    html = presenter.get(f"/live/{rnd.id}/panel").get_data(as_text=True)
    for label in ("Dijken", "Waterpeil", "Heffing"):
        assert f'<h3 class="live-row">{label}</h3>' in html
    assert 'width="66.67"' in html and 'width="33.33"' in html  # Dijken: regionaal 2 of 3, landelijk 1 of 3
    assert html.count("Minder dan 3 antwoorden op deze vraag") == 2  # Waterpeil (1) and Heffing (0)


def test_a_purged_round_keeps_the_matrix_of_the_whole_round(session):
    from scanengine import maintenance

    rnd = make_round(session, _q(), [("A", 12)], _respondents(), name="Niveaus", k=5)
    before = analysis.analyse(session, rnd).question("niveau").figures
    maintenance.purge_round(session, rnd)
    session.commit()
    after = analysis.analyse(session, rnd).question("niveau")
    assert after.figures == before and after.groups == []
    assert after.figures.rows[0].most_chosen == "regio" and isinstance(after.figures.columns[0], tuple)


def test_the_report_names_per_row_the_choice_most_made(session):
    """The conclusion: per row the column most chose with its share, 'verdeeld' where none has 40%, and a row
    below k without figures; the chapter's table holds every row's shares."""
    # dijken: regio 3, lokaal 3, don't know 4 of 10 (no column has 40%); heffing: land 6 of 10
    answers = (
        [("regio", None, "land")] * 3
        + [("lokaal", None, "land")] * 3
        + [("dk", None, "regio")] * 2
        + [("dk", None, "dk")] * 2
    )
    rnd = make_round(session, _q(), [("A", 12)], _respondents(answers), name="Niveaus", k=5)
    res = analysis.analyse(session, rnd)
    rows = {r.id: r for r in res.question("niveau").figures.rows}
    assert rows["dijken"].divided and not rows["heffing"].divided  # the premise
    pages = PdfReader(io.BytesIO(build_pdf(res, "nl"))).pages
    first = " ".join(" ".join(p.extract_text().split()) for p in pages[:3])
    assert "Dijken: verdeeld; Heffing: landelijk (60%)" in first
    assert "Waterpeil" not in first.split("Per onderwerp", 1)[1].split(".", 1)[0]  # nobody answered that row
    chapter = " ".join(" ".join(p.extract_text().split()) for p in pages[3:])
    assert "Keuze per onderwerp" in chapter and "60%" in chapter and "30%" in chapter
