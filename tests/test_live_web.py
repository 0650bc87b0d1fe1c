"""The live workshop over HTTP (scanengine.web.live): the presenter's screen for the round's owner, phones that
join by code, answers posted per page, ETag / 304 polling, the k rule on the screen, the end of the session."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from scanengine import analysis, live
from scanengine.models import LiveParticipant, LiveSession, Response, Round
from tests.auth_helpers import login, make_user
from tests.flow import make_round

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def owner(session):
    return make_user(session, "fac@gemeente.nl")


@pytest.fixture
def rnd(database_url, session, owner):
    setup = make_round(database_url, personal=0, k=3)
    r = session.get(Round, setup.round_id)
    r.owner_id = owner.id
    session.add(r)
    session.commit()
    return r


@pytest.fixture
def presenter(app, rnd):
    client = app.test_client()
    login(client, "fac@gemeente.nl")
    return client


def csrf(client, path):
    html = client.get(path).get_data(as_text=True)
    return CSRF.search(html).group(1)


def start(presenter, rnd, lang=None):
    path = f"/live/{rnd.id}" + (f"?lang={lang}" if lang else "")
    assert (
        presenter.post(f"/live/{rnd.id}/start", data={"csrf_token": csrf(presenter, path)}).status_code == 303
    )
    html = presenter.get(path).get_data(as_text=True)
    code = re.search(r'id="live-code">([A-Z0-9]{6})<', html).group(1)
    return code, html


def act(presenter, rnd, action, **kw):
    token = csrf(presenter, f"/live/{rnd.id}")
    return presenter.post(f"/live/{rnd.id}/action", data={"csrf_token": token, "action": action}, **kw)


class Phone:
    """A phone without JavaScript: joins through the form and posts the save button."""

    def __init__(self, app, code):
        self.client = app.test_client()
        self.code = code

    def join(self, group_index=0):
        html = self.client.get(f"/j/{self.code}").get_data(as_text=True)
        groups = re.findall(r'name="group" id="group-(\d+)"', html)
        data = {"csrf_token": CSRF.search(html).group(1)}
        if groups:
            data["group"] = groups[group_index]
        resp = self.client.post(f"/j/{self.code}/join", data=data)
        assert resp.status_code == 303, resp.status_code
        return self

    def page(self):
        return self.client.get(f"/j/{self.code}")

    def answer(self, data, *, page=None, fetch=False):
        html = self.page().get_data(as_text=True)
        form = {
            "csrf_token": CSRF.search(html).group(1),
            "page": page if page is not None else re.search(r'name="page" value="(\d+)"', html).group(1),
            **data,
        }
        headers = {"X-Requested-With": "fetch"} if fetch else {}
        return self.client.post(f"/j/{self.code}", data=form, headers=headers)


def test_presenter_screen_needs_the_owner_and_an_open_round(app, rnd, session, database_url):
    anonymous = app.test_client()
    assert anonymous.get(f"/live/{rnd.id}").status_code == 302  # to the login page
    make_user(session, "other@gemeente.nl")
    stranger = app.test_client()
    login(stranger, "other@gemeente.nl")
    assert stranger.get(f"/live/{rnd.id}").status_code == 404
    closed = make_round(database_url, personal=0, status="closed")
    admin = make_user(session, "admin@gemeente.nl", admin=True)
    assert admin.is_admin
    client = app.test_client()
    login(client, "admin@gemeente.nl")
    resp = client.get(f"/live/{closed.round_id}")
    assert resp.status_code == 409 and "Ronde niet open" in resp.get_data(as_text=True)


def test_presenter_screen_in_dutch_and_english(presenter, rnd):
    html = presenter.get(f"/live/{rnd.id}").get_data(as_text=True)
    assert "Live sessie starten" in html
    code, html = start(presenter, rnd)
    assert set(code) <= set(live.CODE_ALPHABET)
    for text in (
        "Vorige",
        "Volgende",
        "Toon resultaten",
        "Verberg resultaten",
        "Beëindig",
        f"http://localhost/j/{code}",
        "Over uzelf",
        "0 antwoorden",
    ):
        assert text in html, text
    assert "<svg" in html and 'class="qr"' in html  # the QR code, made on the server
    assert "<script>" not in html and "style=" not in html  # the CSP forbids both
    en = presenter.get(f"/live/{rnd.id}?lang=en").get_data(as_text=True)
    for text in ("Previous", "Next", "Show results", "Hide results", ">End<", "About you"):
        assert text in en, text


def test_the_round_detail_page_links_to_the_presenter_screen(presenter, rnd):
    assert f'href="/live/{rnd.id}"' in presenter.get(f"/dashboard/rounds/{rnd.id}").get_data(as_text=True)


def test_unknown_and_expired_codes_get_a_clear_page(app, presenter, rnd):
    phone = app.test_client()
    resp = phone.get("/j/ACDEFH")
    assert resp.status_code == 404 and "Onbekende code" in resp.get_data(as_text=True)
    assert phone.get("/j/ACDEFH/state").status_code == 404
    code, _ = start(presenter, rnd)
    assert act(presenter, rnd, "end").status_code == 200
    resp = phone.get(f"/j/{code}?lang=en")
    assert resp.status_code == 410 and "Session over" in resp.get_data(as_text=True)
    assert phone.get(f"/j/{code}/state").get_json()["ended"] is True


def test_code_form_sends_a_typed_code_to_its_page(app, presenter, rnd):
    code, _ = start(presenter, rnd)
    phone = app.test_client()
    assert 'name="code"' in phone.get("/j").get_data(as_text=True)
    resp = phone.get(f"/j?code={code.lower()}")
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/j/{code}")
    assert phone.get("/j?code=xx").status_code == 404


def test_phone_joins_with_a_group_and_follows_the_presenter(app, presenter, rnd, session):
    code, _ = start(presenter, rnd)
    phone = Phone(app, code)
    html = phone.page().get_data(as_text=True)
    assert "Gemeente A" in html and "Gemeente B" in html
    no_group = phone.client.post(f"/j/{code}/join", data={"csrf_token": CSRF.search(html).group(1)})
    assert no_group.status_code == 400
    phone.join(1)
    pid, gid = session.execute(select(LiveParticipant.id, LiveParticipant.group_id)).one()
    assert gid == [g.id for g in live.groups(session, rnd.id)][1]
    cookie = phone.client.get_cookie("scanengine_live", path=f"/j/{code}")
    assert cookie is not None and cookie.http_only and cookie.value != pid
    assert "Wat is uw rol?" in phone.page().get_data(as_text=True)
    # polling: the state with an ETag, 304 while nothing changes, a new page after Next
    first = phone.client.get(f"/j/{code}/state")
    etag = first.headers["ETag"]
    assert first.get_json()["page"] == 0
    assert phone.client.get(f"/j/{code}/state", headers={"If-None-Match": etag}).status_code == 304
    assert act(presenter, rnd, "next").status_code == 303
    moved = phone.client.get(f"/j/{code}/state", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.get_json()["page"] == 1
    assert "De partners zijn deskundig." in phone.page().get_data(as_text=True)


def test_answers_are_kept_and_refused_after_the_presenter_moved_on(app, presenter, rnd, session):
    code, _ = start(presenter, rnd)
    phone = Phone(app, code).join()
    act(presenter, rnd, "next")
    resp = phone.answer({"c1": "3"})
    assert resp.status_code == 200 and "Uw antwoord is bewaard" in resp.get_data(as_text=True)
    assert phone.answer({"c1": "4"}, fetch=True).get_json() == {"saved": True}
    assert 'value="4" checked' in phone.page().get_data(as_text=True)
    bad = phone.answer({"c1": "9"})
    assert bad.status_code == 422 and "field-error" in bad.get_data(as_text=True)
    assert phone.answer({"i1": "2"}).status_code == 400  # a field of another page
    act(presenter, rnd, "next")
    late = phone.answer({"c1": "1"}, page="1")
    assert late.status_code == 409 and "De presentator is al verder" in late.get_data(as_text=True)
    assert phone.answer({"c1": "1"}, page="1", fetch=True).status_code == 409
    pid = session.execute(select(LiveParticipant.id)).scalar_one()
    assert live.answers_of(session, pid) == {1: {"c1": "4"}}


def test_screen_counts_answers_and_shows_results_only_from_k(app, presenter, rnd):
    code, _ = start(presenter, rnd)
    act(presenter, rnd, "next")
    phones = [Phone(app, code).join(i % 2) for i in range(3)]
    phones[0].answer({"c1": "4"})
    phones[1].answer({"c1": "2"})
    act(presenter, rnd, "show")
    panel = presenter.get(f"/live/{rnd.id}/panel")
    html = panel.get_data(as_text=True)
    assert "2 antwoorden · 3 deelnemers" in html
    assert "Resultaten verschijnen zodra minstens 3" in html and "live-bar-fill" not in html
    assert (
        presenter.get(f"/live/{rnd.id}/panel", headers={"If-None-Match": panel.headers["ETag"]}).status_code
        == 304
    )
    phones[2].answer({"c1": "4"})
    html = presenter.get(f"/live/{rnd.id}/panel").get_data(as_text=True)
    assert "3 antwoorden · 3 deelnemers" in html
    assert 'width="66.67"' in html and 'width="33.33"' in html  # Eens 2 of 3, Eerder oneens 1 of 3
    assert "Gemiddelde 3,3 op een schaal van 1 tot 4" in html  # Dutch decimal comma
    en = presenter.get(f"/live/{rnd.id}/panel?lang=en").get_data(as_text=True)
    assert "Mean 3.3 on a scale from 1 to 4" in en
    act(presenter, rnd, "hide")
    assert "live-bar-fill" not in presenter.get(f"/live/{rnd.id}/panel").get_data(as_text=True)
    assert act(presenter, rnd, "show", headers={"X-Requested-With": "fetch"}).status_code == 204
    assert "live-bar-fill" in presenter.get(f"/live/{rnd.id}/panel").get_data(as_text=True)


def test_end_stores_every_participant_once_and_the_report_counts_them(app, presenter, rnd, session):
    code, _ = start(presenter, rnd)
    phones = [Phone(app, code).join(i % 2) for i in range(4)]
    for i, phone in enumerate(phones):
        phone.answer({"role": "raad" if i % 2 else "college"})
    act(presenter, rnd, "next")
    for i, phone in enumerate(phones[:3]):
        phone.answer({"c1": str(1 + i)})
    stale = CSRF.search(phones[0].page().get_data(as_text=True)).group(1)
    resp = act(presenter, rnd, "end")
    assert resp.status_code == 200 and "4 deelnemers zijn opgeslagen" in resp.get_data(as_text=True)
    assert session.execute(select(func.count()).select_from(Response)).scalar_one() == 4
    assert session.execute(select(func.count()).select_from(LiveParticipant)).scalar_one() == 0
    assert session.execute(select(LiveSession.ended)).scalar_one()
    assert analysis.analyse(session, session.get(Round, rnd.id), include_benchmark=False).n == 4
    late = phones[0].client.post(f"/j/{code}", data={"csrf_token": stale, "page": "1", "c1": "2"})
    assert late.status_code == 410 and "Sessie afgelopen" in late.get_data(as_text=True)
    assert act(presenter, rnd, "next").status_code == 410
    # the presenter may start a new session with a new code
    assert "Live sessie starten" in presenter.get(f"/live/{rnd.id}").get_data(as_text=True)


def test_bad_requests_change_nothing(app, presenter, rnd):
    code, _ = start(presenter, rnd)
    assert presenter.post(f"/live/{rnd.id}/action", data={"action": "next"}).status_code == 400  # no CSRF
    assert act(presenter, rnd, "jump").status_code == 400
    phone = Phone(app, code).join()
    assert phone.answer({"role": "raad"}, page="x").status_code == 400
    assert phone.answer({"role": "raad"}, page="99").status_code == 400
    stranger = app.test_client()
    html = stranger.get(f"/j/{code}").get_data(as_text=True)
    resp = stranger.post(
        f"/j/{code}", data={"csrf_token": CSRF.search(html).group(1), "page": "0", "role": "raad"}
    )
    assert resp.status_code == 303  # not joined: back to the join page, nothing stored


def test_a_nameless_or_repeated_field_is_a_clear_refusal(app, presenter, rnd):
    code, _ = start(presenter, rnd)
    phone = Phone(app, code).join()
    token = CSRF.search(phone.page().get_data(as_text=True)).group(1)
    body = (
        b'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        + token.encode()
        + b'\r\n--b\r\nContent-Disposition: form-data; name="page"\r\n\r\n0'
        + b"\r\n--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--\r\n"
    )
    resp = phone.client.post(f"/j/{code}", data=body, content_type="multipart/form-data; boundary=b")
    assert resp.status_code == 400
    twice = phone.answer({"role": ["raad", "college"]})
    assert twice.status_code == 422
    assert phone.answer({"role": "raad"}).status_code == 200
