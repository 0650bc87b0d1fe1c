"""The admin pages of the dashboard: accounts, password resets, purging raw answers, the benchmark set; hidden
(404) from facilitators, CSRF on every POST, and a refused form stores nothing."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func
from sqlmodel import select

from scanengine import accounts, benchmark
from scanengine.models import AuditEntry, BenchmarkAggregate, Response, Round, User
from tests.auth_helpers import PASSWORD, csrf_token, login, make_user, post
from tests.factories import make_round, synthetic

USERS = "/dashboard/admin/users"
BENCH = "/dashboard/admin/benchmark"


@pytest.fixture
def admin(client, session):
    make_user(session, "beheer@gemeente.nl", admin=True)
    login(client, "beheer@gemeente.nl")
    return client


def _closed_round(session, q, *, close=True, cooperation="Regio Noord") -> Round:
    return make_round(
        session,
        q,
        [("A", None), ("B", None)],
        synthetic(q, {"A": 7, "B": 6}, seed=3),
        name="Voorjaar",
        cooperation=cooperation,
        close=close,
    )


def _count(session, model, *where) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _create(client, email="nieuw@gemeente.nl", password="lang genoeg 123", confirm=None, admin=False):
    data = {"email": email, "password": password, "confirm": password if confirm is None else confirm}
    if admin:
        data["admin"] = "y"
    return post(client, USERS, data, token_from=USERS)


# -- access ----------------------------------------------------------------------------------------------------


def test_admin_pages_are_404_for_a_facilitator(client, session, mini):
    fac = make_user(session, "fac@gemeente.nl")
    rnd = _closed_round(session, mini)
    login(client, "fac@gemeente.nl")
    paths = [USERS, f"{USERS}/{fac.id}/password", BENCH, f"/dashboard/admin/rounds/{rnd.id}/purge"]
    for path in paths:
        assert client.get(path).status_code == 404, path
        assert post(client, path, {}).status_code == 404, path
    header = client.get("/dashboard/").get_data(as_text=True)
    assert "/dashboard/admin/" not in header
    assert _count(session, Response) == 13


def test_anonymous_visitors_go_to_the_login_page(client):
    resp = client.get(USERS)
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_header_links_to_the_admin_pages_for_admins(admin):
    html = admin.get("/dashboard/").get_data(as_text=True)
    assert 'href="/dashboard/admin/users"' in html and "Beheer" in html


def test_every_post_without_csrf_token_is_refused(admin, session, mini):
    rnd = _closed_round(session, mini)
    other = make_user(session, "fac@gemeente.nl")
    paths = {
        USERS: {"email": "x@y.nl", "password": "12345678", "confirm": "12345678"},
        f"{USERS}/{other.id}/password": {"password": "12345678", "confirm": "12345678"},
        f"/dashboard/admin/rounds/{rnd.id}/purge": {},
        BENCH: {},
    }
    for path, data in paths.items():
        assert admin.post(path, data=data).status_code == 400, path
    assert _count(session, User) == 2 and _count(session, Response) == 13
    assert accounts.authenticate(session, "fac@gemeente.nl", PASSWORD) is not None


# -- accounts --------------------------------------------------------------------------------------------------


def test_list_accounts_with_their_rounds(admin, session, mini):
    fac = make_user(session, "fac@gemeente.nl")
    rnd = _closed_round(session, mini)
    rnd.owner_id = fac.id
    session.add(rnd)
    session.commit()
    html = admin.get(USERS).get_data(as_text=True)
    assert "fac@gemeente.nl" in html and "beheer@gemeente.nl" in html
    row = html[html.index("fac@gemeente.nl") :]
    row = row[: row.index("</tr>")]
    assert '<td class="num">1</td>' in row and "Beheerder" not in row


def test_create_account(admin, session):
    resp = _create(admin, email=" Nieuw@Gemeente.NL ", admin=True)
    assert resp.status_code == 303
    user = accounts.authenticate(session, "nieuw@gemeente.nl", "lang genoeg 123")
    assert user is not None and user.is_admin
    entry = session.exec(
        select(AuditEntry).where(AuditEntry.action == "user.create").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.actor == "beheer@gemeente.nl" and "nieuw@gemeente.nl (admin)" in entry.detail
    assert "Account nieuw@gemeente.nl is aangemaakt" in admin.get(USERS).get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "beheer@gemeente.nl"}, "an account for beheer@gemeente.nl already exists"),
        ({"password": "kort"}, "the password must have at least 8 characters"),
        ({"email": "geen-adres"}, "not a valid e-mail address: &#39;geen-adres&#39;"),
        ({"confirm": "iets anders 123"}, "De twee wachtwoorden zijn niet gelijk."),
        ({"email": ""}, "Dit veld is verplicht."),
    ],
)
def test_refused_account_shows_why_and_stores_nothing(admin, session, fields, message):
    before = _count(session, User), _count(session, AuditEntry, AuditEntry.action == "user.create")
    resp = _create(admin, **fields)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and message in html
    assert 'aria-describedby="' in html and 'aria-invalid="true"' in html
    assert (_count(session, User), _count(session, AuditEntry, AuditEntry.action == "user.create")) == before


# -- password reset --------------------------------------------------------------------------------------------


def test_password_reset_ends_the_old_session_and_the_new_password_works(app, admin, session):
    fac = make_user(session, "fac@gemeente.nl")
    other = app.test_client()
    login(other, "fac@gemeente.nl")
    assert other.get("/dashboard/").status_code == 200
    page = f"{USERS}/{fac.id}/password"
    assert "Nieuw wachtwoord voor fac@gemeente.nl" in admin.get(page).get_data(as_text=True)
    resp = post(admin, page, {"password": "nieuw wachtwoord", "confirm": "nieuw wachtwoord"}, token_from=page)
    assert resp.status_code == 303
    # the facilitator's session made with the old password is over
    resp = other.get("/dashboard/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    session.expire_all()
    assert accounts.authenticate(session, "fac@gemeente.nl", PASSWORD) is None
    third = app.test_client()
    assert login(third, "fac@gemeente.nl", PASSWORD).status_code == 401
    assert login(third, "fac@gemeente.nl", "nieuw wachtwoord").status_code == 302
    assert third.get("/dashboard/").status_code == 200
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "user.password")).one()
    assert entry.actor == "beheer@gemeente.nl" and entry.detail == "fac@gemeente.nl"
    # the admin's own session is untouched
    assert admin.get(USERS).status_code == 200


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("kort", "kort", "the password must have at least 8 characters"),
        ("nieuw wachtwoord", "ander wachtwoord", "De twee wachtwoorden zijn niet gelijk."),
    ],
)
def test_refused_password_reset_changes_nothing(admin, session, password, confirm, message):
    fac = make_user(session, "fac@gemeente.nl")
    old_hash = fac.password_hash
    page = f"{USERS}/{fac.id}/password"
    resp = post(admin, page, {"password": password, "confirm": confirm}, token_from=page)
    assert resp.status_code == 400 and message in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, fac.id).password_hash == old_hash
    assert _count(session, AuditEntry, AuditEntry.action == "user.password") == 0


def test_password_reset_of_a_missing_account_is_404(admin):
    assert admin.get(f"{USERS}/9999/password").status_code == 404


def test_set_password_domain_rule(session):
    user = make_user(session, "fac@gemeente.nl")
    with pytest.raises(accounts.AccountError, match="at least 8"):
        accounts.set_password(session, user, "1234567", "test")
    accounts.set_password(session, user, "12345678", "test")
    session.commit()
    assert accounts.authenticate(session, "fac@gemeente.nl", "12345678") is not None


# -- purge -----------------------------------------------------------------------------------------------------


def test_purge_through_the_dashboard(admin, session, mini):
    rnd = _closed_round(session, mini)
    detail = f"/dashboard/rounds/{rnd.id}"
    purge = f"/dashboard/admin/rounds/{rnd.id}/purge"
    assert f'href="{purge}"' in admin.get(detail).get_data(as_text=True)
    assert "Ruwe antwoorden definitief verwijderen?" in admin.get(purge).get_data(as_text=True)
    resp = post(admin, purge, token_from=purge)
    assert resp.status_code == 303 and resp.headers["Location"].endswith(detail)
    html = admin.get(detail).get_data(as_text=True)
    assert "13 antwoorden en 0 concepten verwijderd" in html and "Ruwe antwoorden verwijderd" in html
    assert f'href="{purge}"' not in html
    assert _count(session, Response, Response.round_id == rnd.id) == 0
    session.expire_all()
    assert session.get(Round, rnd.id).purged_at is not None and session.get(Round, rnd.id).summary["n"] == 13
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "round.purge")).one()
    assert entry.actor == "beheer@gemeente.nl" and entry.round_id == rnd.id
    # the aggregated results are kept
    results = admin.get(f"/dashboard/rounds/{rnd.id}/results")
    assert results.status_code == 200 and "Resultaten per dimensie" in results.get_data(as_text=True)
    # a second purge is refused and changes nothing
    assert admin.get(purge).status_code == 302
    resp = post(admin, purge, token_from=detail, follow_redirects=True)
    assert "was already purged" in resp.get_data(as_text=True)
    assert _count(session, AuditEntry, AuditEntry.action == "round.purge") == 1


def test_purge_of_an_open_round_is_refused(admin, session, mini):
    rnd = _closed_round(session, mini, close=False)
    purge = f"/dashboard/admin/rounds/{rnd.id}/purge"
    assert admin.get(purge).status_code == 302  # no confirmation page for an open round
    resp = post(admin, purge, follow_redirects=True)
    assert "only a closed round can be purged" in resp.get_data(as_text=True)
    assert _count(session, Response, Response.round_id == rnd.id) == 13
    session.expire_all()
    assert session.get(Round, rnd.id).purged_at is None
    assert "/purge" not in admin.get(f"/dashboard/rounds/{rnd.id}").get_data(as_text=True)


def test_purge_of_a_missing_round_is_404(admin):
    assert admin.get("/dashboard/admin/rounds/9999/purge").status_code == 404


# -- benchmark set ---------------------------------------------------------------------------------------------


def _upload(client, raw: bytes, name="agg.json"):
    return post(
        client,
        BENCH,
        {"upload": (io.BytesIO(raw), name)},
        token_from=BENCH,
        content_type="multipart/form-data",
    )


def test_benchmark_upload_is_idempotent(admin, session, mini):
    rnd = _closed_round(session, mini)
    doc = benchmark.export_aggregate(session, rnd)
    session.commit()
    html = admin.get(BENCH).get_data(as_text=True)
    assert "Er zijn nog geen cijfers geïmporteerd" in html and "Voorjaar" in html  # the local round counts
    # our own round is refused: it is in the benchmark already
    resp = _upload(admin, json.dumps(doc).encode())
    assert resp.status_code == 400 and "is already in the benchmark" in resp.get_data(as_text=True)
    assert _count(session, BenchmarkAggregate) == 0
    doc["cooperation"] = "Regio Zuid"
    resp = _upload(admin, json.dumps(doc).encode())
    assert resp.status_code == 303
    html = admin.get(BENCH).get_data(as_text=True)
    assert "Geïmporteerd: mini / Regio Zuid / Voorjaar (n=13)." in html and "<td>Regio Zuid</td>" in html
    assert _count(session, BenchmarkAggregate) == 1
    resp = _upload(admin, json.dumps(doc, indent=4).encode())  # the same figures, another layout
    assert resp.status_code == 303
    assert "Dit bestand was al geïmporteerd" in admin.get(BENCH).get_data(as_text=True)
    assert _count(session, BenchmarkAggregate) == 1


def test_bad_benchmark_file_shows_every_problem_and_stores_nothing(admin, session, mini):
    rnd = _closed_round(session, mini)
    doc = benchmark.export_aggregate(session, rnd)
    session.commit()
    doc["cooperation"] = "Elders"
    doc["n"] = 2
    doc["dimensions"]["integrity"]["mean"] = 3.9
    doc["questionnaire"]["points"] = 3
    raw = json.dumps(doc).encode()
    with pytest.raises(benchmark.BenchmarkError) as exc:
        benchmark.parse_document(raw, "agg.json")
    lines = str(exc.value).splitlines()
    assert len(lines) >= 2
    resp = _upload(admin, raw)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "Het bestand is niet geïmporteerd" in html
    for line in lines:
        assert line.replace("'", "&#39;") in html, line
    assert 'aria-describedby="upload-errors"' in html
    assert _count(session, BenchmarkAggregate) == 0
    resp = _upload(admin, b"{nope")
    assert resp.status_code == 400 and "agg.json: invalid JSON at line 1" in resp.get_data(as_text=True)
    resp = post(admin, BENCH, {}, token_from=BENCH, content_type="multipart/form-data")
    assert resp.status_code == 400 and "Kies een bestand" in resp.get_data(as_text=True)
    assert _count(session, BenchmarkAggregate) == 0


def test_admin_pages_in_english(admin):
    assert "Create account" in admin.get(f"{USERS}?lang=en").get_data(as_text=True)
    assert "Import aggregates" in admin.get(BENCH).get_data(as_text=True)
    assert csrf_token(admin, BENCH)
