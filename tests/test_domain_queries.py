"""The queries the admin and login pages ask of the domain (accounts, audit, rounds, benchmark): each module
answers for its own table, and the pages show what these return."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from scanengine import accounts, audit, benchmark, rounds
from scanengine.models import AuditEntry, BenchmarkAggregate, Round, utcnow
from tests.auth_helpers import login, make_user
from tests.flow import make_round


def test_accounts_by_id_and_all_by_address(session):
    b = make_user(session, "b@gemeente.nl")
    a = make_user(session, "A@Gemeente.nl")  # stored normalised
    assert accounts.get_user(session, b.id) is b
    assert accounts.get_user(session, 987654) is None
    assert [u.email for u in accounts.all_users(session)] == ["a@gemeente.nl", "b@gemeente.nl"]
    assert a.email == "a@gemeente.nl"


def test_rounds_per_owner_and_the_closed_rounds_newest_first(session, database_url):
    owner, other = make_user(session, "fac@gemeente.nl"), make_user(session, "niemand@gemeente.nl")
    ids = [
        make_round(database_url, personal=0, status=s).round_id for s in ("open", "closed", "closed", "draft")
    ]
    for rid in ids[:3]:
        rnd = session.get(Round, rid)
        rnd.owner_id = owner.id
        session.add(rnd)
    session.commit()
    assert rounds.rounds_per_owner(session) == {
        owner.id: 3
    }  # the unowned round and the user without any: absent
    assert other.id not in rounds.rounds_per_owner(session)
    assert [r.id for r in rounds.closed_rounds(session)] == [ids[2], ids[1]]


def test_audit_counts_an_action_since_a_moment_for_an_actor_or_a_detail(session):
    now = utcnow()
    for at, actor, detail in (
        (now - timedelta(minutes=10), "address:10.0.0.1", "a@x.nl"),  # before the window: never counted
        (now - timedelta(seconds=30), "address:10.0.0.1", "a@x.nl"),
        (now - timedelta(seconds=20), "address:10.0.0.2", "a@x.nl"),
        (now - timedelta(seconds=10), "address:10.0.0.1", "b@x.nl"),
    ):
        session.add(AuditEntry(at=at, actor=actor, action="login.failed", detail=detail))
    session.add(AuditEntry(actor="address:10.0.0.1", action="login", detail="a@x.nl"))
    session.commit()
    since = now - timedelta(minutes=5)
    assert audit.count_since(session, "login.failed", since) == 3
    assert audit.count_since(session, "login.failed", since, detail="a@x.nl") == 2
    assert audit.count_since(session, "login.failed", since, actor="address:10.0.0.1") == 2
    assert audit.count_since(session, "login.failed", since, actor="address:10.0.0.1", detail="b@x.nl") == 1
    assert audit.count_since(session, "login.failed", now - timedelta(hours=1)) == 4  # the control


def test_the_imported_aggregates_by_questionnaire_in_import_order(session):
    for qid, name in (("zeta", "eerste"), ("alfa", "tweede"), ("zeta", "derde")):
        session.add(
            BenchmarkAggregate(
                source_key=f"{qid}-{name}".ljust(64, "0"),
                questionnaire_id=qid,
                cooperation="Regio",
                round_name=name,
                n=10,
            )
        )
    session.commit()
    assert [(a.questionnaire_id, a.round_name) for a in benchmark.aggregates(session)] == [
        ("alfa", "tweede"),
        ("zeta", "eerste"),
        ("zeta", "derde"),
    ]
    assert len(session.exec(select(BenchmarkAggregate)).all()) == 3


def test_the_admin_pages_show_what_the_domain_returns(app, session, database_url):
    admin = make_user(session, "admin@gemeente.nl", admin=True)
    rid = make_round(database_url, personal=0, status="closed").round_id
    rnd = session.get(Round, rid)
    rnd.owner_id = admin.id
    session.add(rnd)
    session.commit()
    client = app.test_client()
    login(client, "admin@gemeente.nl")
    users = client.get("/dashboard/admin/users").get_data(as_text=True)
    assert "admin@gemeente.nl" in users
    assert client.get(f"/dashboard/admin/users/{admin.id}/password").status_code == 200
    assert client.get("/dashboard/admin/users/987654/password").status_code == 404
    assert client.get(f"/dashboard/admin/rounds/{rid}/purge").status_code == 200
    assert client.get("/dashboard/admin/rounds/987654/purge").status_code == 404
    assert client.get("/dashboard/admin/benchmark").status_code == 200
