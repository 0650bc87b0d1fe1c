"""The round's pages a facilitator stumbled over: the close confirmation names the groups the k rule will hide
(with their n, pooled submissions counted), the round's log speaks words in the page's language, the invitation
help shows its placeholders, and a closed round offers no invitations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select

from scanengine import audit, closing, pool, rounds, texts
from scanengine.models import AuditEntry, Response
from scanengine.responses import pack_answers, pack_background
from scanengine.simulate import simulate_round
from tests import factories
from tests.auth_helpers import login, make_user

SECRET = "test-secret"  # the app fixture's


@pytest.fixture
def fac(client, session):
    user = make_user(session, "fac@gemeente.nl")
    login(client, "fac@gemeente.nl")
    return user


def _open_round(session, owner, people, *, waiting=()):
    """An open mini round: ``people`` [(group, role)] stored as responses, ``waiting`` still in the pool."""
    q = factories.mini()
    rnd = rounds.create_round(
        session, q, name="Voorjaar", cooperation="Regio", groups=[("Noord", 10), ("Zuid", 8)], owner=owner
    )
    rounds.open_round(session, rnd)
    session.commit()
    ids = {g.name: g.id for g in rounds.groups_of(session, rnd.id)}
    for group, role in people:
        session.add(
            Response(
                round_id=rnd.id,
                group_id=ids[group],
                answers=pack_answers(q, {"c1": 3}),
                background=pack_background(q, {"role": role}),
            )
        )
    for group, role in waiting:
        data = pool.encode(pack_answers(q, {"c1": 2}), pack_background(q, {"role": role}), None)
        pool.put_row(session, pool.sealed(rnd.id, ids[group], data, SECRET))
    session.commit()
    return rnd


def test_the_outlook_uses_the_k_rule_with_its_complementary_suppression(session):
    rnd = _open_round(
        session, None, [("Noord", "ambtenaar")] * 6 + [("Zuid", "raad")] * 2, waiting=[("Zuid", "raad")] * 1
    )
    out = closing.outlook(session, rnd, SECRET)
    assert (out.n, out.k, out.too_few) == (9, 5, False)
    groups = {(g.breakdown["nl"], g.name["nl"]): (g.n, g.small) for g in out.hidden}
    # organisation: Zuid has 3 (2 stored + 1 waiting): hidden; then Noord too, or Zuid = total - Noord
    assert groups[("Organisatie", "Zuid")] == (3, True) and groups[("Organisatie", "Noord")] == (6, False)
    # role: raad 3 hidden, and the smallest shown group beside it
    assert groups[("Wat is uw rol?", "Gemeenteraad")] == (3, True)
    assert groups[("Wat is uw rol?", "Ambtenaar")] == (6, False)
    few = closing.outlook(session, _open_round(session, None, [("Noord", "raad")] * 2), SECRET)
    assert few.too_few and few.n == 2


def test_the_close_page_names_the_groups_that_will_vanish(client, session, fac):
    rnd = _open_round(session, fac, [("Noord", "ambtenaar")] * 7 + [("Zuid", "raad")] * 2)
    html = client.get(f"/dashboard/rounds/{rnd.id}/close").get_data(as_text=True)
    assert "Deze groepen verdwijnen uit het rapport, omdat ze kleiner zijn dan k = 5" in html
    assert "Organisatie: Zuid (2 antwoorden)" in html
    assert "Organisatie: Noord (7 antwoorden) — verborgen naast een kleine groep" in html
    english = client.get(f"/dashboard/rounds/{rnd.id}/close?lang=en").get_data(as_text=True)
    assert "Organisation: Zuid (2 responses)" in english
    big = _open_round(session, fac, [("Noord", "ambtenaar")] * 5 + [("Zuid", "ambtenaar")] * 5)
    client.get("/dashboard/?lang=nl")
    assert "Elke groep heeft nu minstens k = 5 antwoorden" in client.get(
        f"/dashboard/rounds/{big.id}/close"
    ).get_data(as_text=True)


def test_the_round_log_in_words(client, session, fac):
    rnd = _open_round(session, fac, [])
    rounds.issue_links(session, rnd, "Noord", 3, "http://localhost", "fac@gemeente.nl")
    session.commit()
    simulate_round(session, rnd, 38, seed=1, actor="fac@gemeente.nl")
    session.commit()
    html = client.get(f"/dashboard/rounds/{rnd.id}").get_data(as_text=True)
    log = html.split('id="audit-title"')[1]
    assert "38 gesimuleerde antwoorden toegevoegd (startgetal 1)" in log
    assert "3 persoonlijke links uitgegeven voor groep Noord" in log and "Ronde geopend" in log
    assert "round.simulate" not in log and "links.issue" not in log and "synthetic" not in log
    english = (
        client.get(f"/dashboard/rounds/{rnd.id}?lang=en").get_data(as_text=True).split('id="audit-title"')[1]
    )
    assert "38 synthetic responses added (seed 1)" in english and "Round opened" in english


def test_an_entry_written_before_its_parameters_were_kept():
    old = AuditEntry(actor="x", action="round.simulate", detail="38 synthetic responses, seed 1")
    assert audit.describe(old, "nl") == "Gesimuleerde antwoorden toegevoegd: 38 synthetic responses, seed 1"
    assert audit.describe(AuditEntry(actor="x", action="round.open"), "nl") == "Ronde geopend"
    assert audit.describe(AuditEntry(actor="x", action="made.up", detail="d"), "nl") == "made.up: d"


def test_every_action_the_product_records_has_words():
    root = Path(texts.__file__).resolve().parents[1]
    found = set()
    for path in root.rglob("*.py"):
        for m in re.finditer(
            r'(?:audit\.record|_audit)\(\s*\w+,\s*[\w\.\(\)"\':%-]+,\s*f?"([a-z_.]+)', path.read_text()
        ):
            found.add(m.group(1))
    assert {"round.create", "round.simulate", "links.issue", "questionnaire.save"} <= found  # the scan works
    # built from parts: "links.shared" + ".rotate", f"round.{open|close}", f"invitations.{send|remind}"
    found = {a for a in found if not a.endswith(".")}
    found |= {"links.shared.rotate", "round.open", "round.close", "invitations.send", "invitations.remind"}
    missing = sorted(a for a in found if not texts.has(audit.action_key(a) + "_name"))
    assert not missing, f"audit actions without words in texts/audit.py: {missing}"


def test_invitation_help_shows_its_placeholders_and_a_closed_round_offers_no_invitations(
    client, session, fac
):
    rnd = _open_round(session, fac, [])
    html = client.get(f"/dashboard/rounds/{rnd.id}/invitations/").get_data(as_text=True)
    assert "Gebruik {link} voor de persoonlijke link en {deadline} voor de sluitingsdatum." in html
    assert "{{link}}" not in html
    detail = client.get(f"/dashboard/rounds/{rnd.id}").get_data(as_text=True)
    assert f'href="/dashboard/rounds/{rnd.id}/invitations/"' in detail
    closing.close_round(session, rnd, secret=SECRET)
    session.commit()
    detail = client.get(f"/dashboard/rounds/{rnd.id}").get_data(as_text=True)
    assert "/invitations/" not in detail
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "round.close")).one()
