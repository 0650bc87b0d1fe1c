"""The facilitator dashboard: ownership, the round lifecycle through the pages and the CLI, uploads, links,
charts without inline style, CSRF on every POST, and the results page with its downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from sqlmodel import select

from scanengine import definition, rounds
from scanengine.models import AuditEntry, DailyCount, LinkToken, Response, Round
from scanengine.responses import pack_answers, pack_background
from tests.auth_helpers import login, make_user, post
from tests.readback import html_text

MINI_GROUPS = "Gemeente Noord=10\nGemeente Zuid=8\nPartners"


def _create(client, mini_path=None, **fields):
    """Submit the create form (shipped vertrouwensscan, or an upload of ``mini_path``)."""
    data = {
        "source": "vertrouwensscan",
        "name": "Voorjaar 2026",
        "cooperation": "Regio Noord",
        "groups": MINI_GROUPS,
        "min_group_size": "5",
        **fields,
    }
    if mini_path is not None:
        data["source"] = "_upload"
        data["upload"] = (
            io.BytesIO(mini_path.read_bytes() if hasattr(mini_path, "read_bytes") else mini_path),
            "mini.json",
        )
    return post(
        client,
        "/dashboard/rounds/new",
        data,
        token_from="/dashboard/rounds/new",
        content_type="multipart/form-data",
    )


def _round(session, rid) -> Round:
    session.expire_all()
    return session.get(Round, rid)


@pytest.fixture
def fac(client, session):
    make_user(session, "fac@gemeente.nl")
    login(client, "fac@gemeente.nl")
    return client


def test_create_round_from_shipped_definition(fac, session):
    resp = _create(fac)
    assert resp.status_code == 302
    rid = int(resp.headers["Location"].rsplit("/", 1)[1])
    rnd = _round(session, rid)
    assert (rnd.status, rnd.name, rnd.cooperation, rnd.min_group_size) == (
        "draft",
        "Voorjaar 2026",
        "Regio Noord",
        5,
    )
    assert rnd.questionnaire_id == "vertrouwensscan" and rnd.owner_id is not None
    assert [(g.name, g.expected_size) for g in rounds.groups_of(session, rid)] == [
        ("Gemeente Noord", 10),
        ("Gemeente Zuid", 8),
        ("Partners", None),
    ]
    audit = session.exec(select(AuditEntry).where(AuditEntry.action == "round.create")).one()
    assert audit.actor == "fac@gemeente.nl" and audit.round_id == rid


def test_create_round_from_upload(fac, session, mini_path):
    resp = _create(fac, mini_path)
    assert resp.status_code == 302
    rnd = session.exec(select(Round)).one()
    assert rnd.questionnaire_id == "mini" and rnd.definition_sha256 == definition.load(mini_path).sha256


def test_refused_upload_shows_its_problems_in_the_page_language_even_when_another_field_is_wrong(
    fac, session, mini_path
):
    bad = json.loads(mini_path.read_text())
    bad["dimensions"][1]["items"][0]["id"] = "c1"  # duplicate id
    bad["scale"]["labels"]["en"] = bad["scale"]["labels"]["en"][:3]  # 3 labels on a 4-point scale
    raw = json.dumps(bad).encode()
    with pytest.raises(definition.DefinitionError) as exc:
        definition.loads(raw, "mini.json")
    assert len(exc.value.problems) == 2
    resp = _create(fac, raw, name="")  # the name is wrong too: the file is checked all the same
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "De definitie is niet bruikbaar" in html
    assert (
        "De korte naam ‘c1’ is al in gebruik bij dimensie 1 ‘Bekwaamheid’ › stelling c1; kies een andere."
        in html
    )
    assert "Er zijn 3 antwoordlabels, maar de schaal heeft 4 punten" in html
    assert "dimensie 2 ‘Integriteit’ › stelling c1 › korte naam" in html
    for line in exc.value.lines():  # no JSON path, no schema term of the CLI's sentence on the Dutch page
        path, sentence = line.split(": ", 2)[1:]
        assert path not in html and sentence.replace("'", "&#39;") not in html
    assert re.search(r"\w+\[\d+\]", html.split('id="upload-errors"')[1].split("</div>")[0]) is None
    english = post(
        fac,
        "/dashboard/rounds/new?lang=en",
        {
            "source": "_upload",
            "name": "R",
            "cooperation": "C",
            "groups": "A",
            "min_group_size": "5",
            "upload": (io.BytesIO(raw), "mini.json"),
        },
        token_from="/dashboard/rounds/new?lang=en",
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "There are 3 answer labels, but the scale has 4 points" in english
    fac.get("/dashboard/?lang=nl")  # the language chosen stays in the session
    broken = _create(fac, b'{"id": "x",')
    text = broken.get_data(as_text=True)
    assert (
        broken.status_code == 400 and "Het bestand is geen geldige JSON: er gaat iets mis in regel 1" in text
    )
    assert session.exec(select(Round)).all() == []


def test_create_page_preselects_nothing_and_lists_kept_definitions(fac, session, mini_path, cli):
    cli("questionnaire", "import", mini_path)
    html = fac.get("/dashboard/rounds/new").get_data(as_text=True)
    radios = re.findall(r'<input[^>]*name="source"[^>]*>', html)
    assert len(radios) >= 8 and not [r for r in radios if "checked" in r]
    assert 'value="mini"' in html and 'value="vertrouwensscan"' in html
    chosen = fac.get("/dashboard/rounds/new?questionnaire=mini").get_data(as_text=True)
    assert [r for r in re.findall(r'<input[^>]*name="source"[^>]*>', chosen) if "checked" in r] == [
        r for r in re.findall(r'<input[^>]*name="source"[^>]*>', chosen) if 'value="mini"' in r
    ]
    resp = _create(fac, source="mini")
    assert resp.status_code == 302
    rnd = session.exec(select(Round)).one()
    assert rnd.questionnaire_id == "mini" and rnd.definition_sha256 == definition.load(mini_path).sha256


def test_create_refusals_change_nothing(fac, session):
    r = _create(fac, min_group_size="2")
    assert r.status_code == 400 and "minstens 3" in r.get_data(as_text=True)
    r = _create(fac, groups="A=10\nA=3\nB=tien\n=4")
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Regel 2: groep &#39;A&#39; komt al voor" in html and "Regel 3: &#39;tien&#39;" in html
    assert "Regel 4: de groepsnaam ontbreekt" in html
    r = _create(fac, groups="  \n")
    assert r.status_code == 400 and "minstens één uitnodigingsgroep" in r.get_data(as_text=True)
    r = _create(fac, name="")
    assert r.status_code == 400
    r = post(
        fac,
        "/dashboard/rounds/new",
        {"source": "_upload", "name": "R", "cooperation": "C", "groups": "A", "min_group_size": "5"},
        token_from="/dashboard/rounds/new",
    )
    assert r.status_code == 400 and "Kies een bestand" in r.get_data(as_text=True)
    r = _create(fac, source="../../etc/passwd")
    assert r.status_code == 400
    assert session.exec(select(Round)).all() == []


def _csv_rows(resp):
    return list(csv.reader(io.StringIO(resp.get_data(as_text=True))))


def test_lifecycle_through_the_pages(fac, session):
    rid = int(_create(fac).headers["Location"].rsplit("/", 1)[1])
    page = f"/dashboard/rounds/{rid}"
    # links: downloaded once as CSV; the page shows only counts
    resp = post(fac, f"{page}/links", {"group": "Gemeente Noord", "count": "3"}, token_from=page)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = _csv_rows(resp)
    assert rows[0] == ["group", "link"] and len(rows) == 4
    assert all(r[0] == "Gemeente Noord" and r[1].startswith("http://localhost/s/") for r in rows[1:])
    token = rows[1][1].rsplit("/", 1)[1]
    assert token not in session.exec(select(LinkToken.token_hash)).all()
    html = fac.get(page).get_data(as_text=True)
    assert token not in html and "/s/" not in html
    shared = _csv_rows(post(fac, f"{page}/links", {"group": "Partners", "shared": "y"}, token_from=page))
    assert len(shared) == 2 and shared[1][0] == "Partners"
    again = post(
        fac, f"{page}/links", {"group": "Partners", "shared": "y"}, token_from=page, follow_redirects=True
    )
    assert "already has a group link" in again.get_data(as_text=True)
    bad = post(
        fac,
        f"{page}/links",
        {"group": "Gemeente Noord", "count": "0"},
        token_from=page,
        follow_redirects=True,
    )
    assert "Geef een aantal tussen 1 en 10000" in bad.get_data(as_text=True)
    assert post(fac, f"{page}/links", {"group": "Elders", "count": "2"}, token_from=page).status_code == 303
    assert len(session.exec(select(LinkToken)).all()) == 4

    # open; closing asks for confirmation first
    assert post(fac, f"{page}/open", token_from=page).status_code == 303
    assert _round(session, rid).status == "open"
    confirm = fac.get(f"{page}/close")
    assert confirm.status_code == 200 and "definitief" in confirm.get_data(as_text=True)
    assert _round(session, rid).status == "open"
    assert post(fac, f"{page}/close", token_from=f"{page}/close").status_code == 303
    rnd = _round(session, rid)
    assert rnd.status == "closed" and rnd.closed_at is not None
    # closed is final
    again = post(fac, f"{page}/close", token_from=page, follow_redirects=True).get_data(as_text=True)
    assert "Niet uitgevoerd" in again and "only an open round can be closed" in again
    assert post(fac, f"{page}/open", token_from=page).status_code == 303
    assert _round(session, rid).status == "closed"
    refused = post(fac, f"{page}/links", {"group": "Gemeente Noord", "count": "1"}, token_from=page)
    assert refused.status_code == 303
    actions = [
        (a.actor, a.action)
        for a in session.exec(select(AuditEntry).where(AuditEntry.round_id == rid).order_by(AuditEntry.id))
    ]
    assert [a for _, a in actions] == [
        "round.create",
        "links.issue",
        "links.shared",
        "round.open",
        "round.close",
    ]
    assert {who for who, _ in actions} == {"fac@gemeente.nl"}


def test_lifecycle_mixed_with_the_cli(cli, client, session, mini_path):
    make_user(session, "fac@gemeente.nl")
    out = cli(
        "round",
        "create",
        "--questionnaire",
        mini_path,
        "--name",
        "Najaar",
        "--cooperation",
        "Regio Zuid",
        "--group",
        "A=5",
        "--owner",
        "fac@gemeente.nl",
    ).output
    rid = int(out.strip().splitlines()[-1])
    login(client, "fac@gemeente.nl")
    page = f"/dashboard/rounds/{rid}"
    assert "Najaar" in client.get("/dashboard/").get_data(as_text=True)
    assert post(client, f"{page}/open", token_from=page).status_code == 303
    assert "open" in cli("round", "status", rid).output
    cli("round", "close", rid)
    html = client.get(page).get_data(as_text=True)
    assert "gesloten" in html and "Ronde sluiten" not in html
    assert client.get(f"{page}/close").status_code == 302  # nothing left to confirm


def test_ownership_and_admin_override(client, app, session, mini_path):
    make_user(session, "owner@gemeente.nl")
    make_user(session, "other@gemeente.nl")
    make_user(session, "admin@gemeente.nl", admin=True)
    login(client, "owner@gemeente.nl")
    rid = int(_create(client, name="Van de eigenaar").headers["Location"].rsplit("/", 1)[1])

    other = app.test_client()
    login(other, "other@gemeente.nl")
    page = f"/dashboard/rounds/{rid}"
    assert "Van de eigenaar" not in other.get("/dashboard/").get_data(as_text=True)
    for path in (
        page,
        f"{page}/close",
        f"{page}/results",
        f"{page}/report.pdf",
        f"{page}/export.json",
        f"{page}/raw.csv",
        "/dashboard/rounds/9999",
    ):
        assert other.get(path).status_code == 404, path
    for path, data in (
        (f"{page}/open", {}),
        (f"{page}/close", {}),
        (f"{page}/links", {"group": "Partners", "count": "1"}),
    ):
        assert post(other, path, data).status_code == 404, path
    assert _round(session, rid).status == "draft"
    assert session.exec(select(LinkToken)).all() == []

    admin = app.test_client()
    login(admin, "admin@gemeente.nl")
    assert "Van de eigenaar" in admin.get("/dashboard/").get_data(as_text=True)
    assert admin.get(page).status_code == 200
    assert post(admin, f"{page}/open", token_from=page).status_code == 303
    assert _round(session, rid).status == "open"
    opened = session.exec(select(AuditEntry).where(AuditEntry.action == "round.open")).one()
    assert opened.actor == "admin@gemeente.nl"


def test_every_post_without_csrf_token_is_refused(app, fac, session):
    rid = int(_create(fac).headers["Location"].rsplit("/", 1)[1])
    posts = [
        r
        for r in app.url_map.iter_rules()
        if "POST" in r.methods and r.endpoint.split(".")[0] in ("auth", "facilitator")
    ]
    assert {r.endpoint for r in posts} >= {
        "auth.login",
        "auth.logout",
        "facilitator.create",
        "facilitator.open_",
        "facilitator.close",
        "facilitator.issue_links",
    }
    for rule in posts:
        path = rule.rule.replace("<int:round_id>", str(rid))
        resp = fac.post(
            path,
            data={
                "group": "Partners",
                "count": "1",
                "name": "X",
                "cooperation": "Y",
                "groups": "A",
                "source": "vertrouwensscan",
                "min_group_size": "5",
            },
        )
        assert resp.status_code == 400, path
    assert _round(session, rid).status == "draft"
    assert len(session.exec(select(Round)).all()) == 1
    assert session.exec(select(LinkToken)).all() == []
    assert fac.get("/dashboard/").status_code == 200  # still logged in: the refused logout did nothing


def test_dashboard_charts_without_inline_style(fac, session):
    rid = int(_create(fac).headers["Location"].rsplit("/", 1)[1])
    rnd = _round(session, rid)
    groups = rounds.groups_of(session, rid)
    q = rounds.questionnaire_of(rnd)
    for g, n in ((groups[0], 4), (groups[1], 2)):
        for _ in range(n):
            session.add(
                Response(
                    round_id=rid,
                    group_id=g.id,
                    answers=pack_answers(q, {}),
                    background=pack_background(q, {}),
                )
            )
    session.add(DailyCount(round_id=rid, day=date(2026, 3, 2), count=4))
    session.add(DailyCount(round_id=rid, day=date(2026, 3, 3), count=2))
    session.commit()
    for path in ("/dashboard/", f"/dashboard/rounds/{rid}", "/dashboard/?lang=en"):
        resp = fac.get(path)
        html = resp.get_data(as_text=True)
        assert resp.status_code == 200 and "<svg" in html
        assert not re.search(r"\sstyle\s*=", html) and "<script" not in html
        assert "'unsafe-inline'" not in resp.headers["Content-Security-Policy"]
    detail = fac.get(f"/dashboard/rounds/{rid}?lang=nl").get_data(as_text=True)
    assert "4/10 (40%)" in detail and "2/8 (25%)" in detail and "6/18" not in detail  # Partners has no size
    assert "02-03" in detail and "Reacties per dag" in detail
    assert "Response rate per group" in fac.get(f"/dashboard/rounds/{rid}?lang=en").get_data(as_text=True)


# -- results of a closed round ---------------------------------------------------------------------------------


def _closed_mini_round(fac, session, mini_path) -> int:
    """A closed round of the mini definition: Noord 8 and Zuid 7 respondents, Partners 2 (below k = 5)."""
    rid = int(
        _create(fac, mini_path, groups="Gemeente Noord=10\nGemeente Zuid=8\nPartners=4")
        .headers["Location"]
        .rsplit("/", 1)[1]
    )
    rnd = _round(session, rid)
    q = rounds.questionnaire_of(rnd)
    groups = rounds.groups_of(session, rid)
    roles = ["raad", "college", "ambtenaar"]
    i = 0
    for g, n in zip(groups, (8, 7, 2), strict=True):
        for _ in range(n):
            role = roles[i % 3]
            answers = {
                "c1": 1 + i % 4,
                "c2": 1 + (i * 3) % 4,
                "i1": 1 + (i + 1) % 4,
                "i2": "dk" if i % 5 == 0 else 1 + (i + 2) % 4,
            }
            if role == "raad":
                answers["c3"] = 1 + (i + 3) % 4
            open_answers = {"improve": f"<b>antwoord {g.name} {i}</b> & meer"}
            session.add(
                Response(
                    round_id=rid,
                    group_id=g.id,
                    answers=pack_answers(q, answers),
                    background=pack_background(q, {"role": role}),
                    open_answers=open_answers,
                )
            )
            i += 1
    session.commit()
    page = f"/dashboard/rounds/{rid}"
    post(fac, f"{page}/open", token_from=page)
    post(fac, f"{page}/close", token_from=f"{page}/close")
    assert _round(session, rid).status == "closed"
    return rid


def test_results_page(fac, session, mini_path):
    rid = _closed_mini_round(fac, session, mini_path)
    assert _round(session, rid).summary is not None  # analysis.store_summary ran when closing
    from scanengine import report

    written = report.default_path(_round(session, rid))  # closing on the dashboard wrote the council's PDF
    assert written.is_file() and written.read_bytes().startswith(b"%PDF")
    resp = fac.get(f"/dashboard/rounds/{rid}/results")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Bekwaamheid" in html and "Integriteit" in html and "<svg" in html
    assert not re.search(r"\sstyle\s*=", html)
    text = html_text(html)
    assert "Gemeente Noord" in text and "niet getoond (minder dan 5 respondenten" in text
    # open answers of the small group never appear; the others are escaped
    assert "antwoord Partners" not in html
    assert "&lt;b&gt;antwoord Gemeente Noord" in html and "<b>antwoord" not in html
    assert "Results" in fac.get(f"/dashboard/rounds/{rid}/results?lang=en").get_data(as_text=True)
    assert "raw.csv" not in html  # raw export is for admins only
    # the same report as a page of its own, to publish: self-contained, its CSP allowing only its own style
    page = fac.get(f"/dashboard/rounds/{rid}/report.html")
    assert page.status_code == 200 and page.mimetype == "text/html"
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "style-src 'sha256-" in csp and "script" not in csp
    assert html_text(page.get_data(as_text=True)).count("Gemeente Noord") == text.count("Gemeente Noord")
    english = fac.get(f"/dashboard/rounds/{rid}/report.html?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "Results per dimension" in english


def test_results_wait_for_closing(fac, session):
    rid = int(_create(fac).headers["Location"].rsplit("/", 1)[1])
    resp = fac.get(f"/dashboard/rounds/{rid}/results")
    assert resp.status_code == 409 and "zodra de ronde gesloten is" in resp.get_data(as_text=True)
    assert fac.get(f"/dashboard/rounds/{rid}/export.json").status_code == 404
    assert fac.get(f"/dashboard/rounds/{rid}/report.pdf").status_code == 404


def test_export_json_keys(fac, session, mini_path):
    rid = _closed_mini_round(fac, session, mini_path)
    resp = fac.get(f"/dashboard/rounds/{rid}/export.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    doc = json.loads(resp.get_data(as_text=True))
    assert {"round", "n", "response_rate", "dimensions", "benchmark"} <= set(doc)
    assert {"id", "name", "cooperation", "status", "questionnaire"} <= set(doc["round"])
    assert doc["round"]["id"] == rid and doc["n"] == 17
    for dim in doc["dimensions"]:
        assert {"id", "n", "mean", "sd", "ci_low", "ci_high", "rwg_j", "alpha", "band", "groups"} <= set(dim)
        for g in dim["groups"]:
            assert {"breakdown", "name", "suppressed"} <= set(g)
            if g["suppressed"]:
                assert all(g.get(key) is None for key in ("n", "mean", "sd"))
            else:
                assert {"n", "mean", "sd"} <= set(g)
    partners = [g for d in doc["dimensions"] for g in d["groups"] if g["name"] == "Partners"]
    assert partners and all(g["suppressed"] for g in partners)
    csv_resp = fac.get(f"/dashboard/rounds/{rid}/export.csv")
    assert csv_resp.status_code == 200 and csv_resp.mimetype == "text/csv"
    assert fac.get(f"/dashboard/rounds/{rid}/export.xml").status_code == 404


def test_raw_export_only_for_admins(app, fac, session, mini_path):
    rid = _closed_mini_round(fac, session, mini_path)
    assert fac.get(f"/dashboard/rounds/{rid}/raw.csv").status_code == 404
    make_user(session, "admin@gemeente.nl", admin=True)
    admin = app.test_client()
    login(admin, "admin@gemeente.nl")
    resp = admin.get(f"/dashboard/rounds/{rid}/raw.csv")
    assert resp.status_code == 200
    rows = _csv_rows(resp)
    assert len(rows) == 17 + 1
    session.expire_all()
    assert (
        session.exec(select(AuditEntry).where(AuditEntry.action == "export.raw")).one().actor
        == "admin@gemeente.nl"
    )


def test_pdf_download(fac, session, mini_path):
    rid = _closed_mini_round(fac, session, mini_path)
    resp = fac.get(f"/dashboard/rounds/{rid}/report.pdf?pdf_lang=en")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.data.startswith(b"%PDF") and "-en.pdf" in resp.headers["Content-Disposition"]


def test_results_of_a_round_below_k_show_nothing(fac, session, mini_path):
    rid = int(_create(fac, mini_path).headers["Location"].rsplit("/", 1)[1])
    rnd = _round(session, rid)
    q = rounds.questionnaire_of(rnd)
    group = rounds.groups_of(session, rid)[0]
    for v in (1, 4):
        session.add(
            Response(
                round_id=rid,
                group_id=group.id,
                answers=pack_answers(q, {"c1": v, "i1": v}),
                background=pack_background(q, {"role": "raad"}),
                open_answers={"improve": "geheim"},
            )
        )
    session.commit()
    page = f"/dashboard/rounds/{rid}"
    post(fac, f"{page}/open", token_from=page)
    post(fac, f"{page}/close", token_from=f"{page}/close")
    resp = fac.get(f"{page}/results")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Deze ronde heeft minder dan 5 respondenten" in html
    assert "geheim" not in html and "2,50" not in html and "2.50" not in html
