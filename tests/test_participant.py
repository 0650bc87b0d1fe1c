"""The participant flow through the Flask test client: personal and group links, resume, every refusal,
show_if, both languages, and the anonymity of what is stored."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, inspect, select

from scanengine import closing, db, participation
from scanengine.models import DailyCount, Draft, LinkToken, PooledResponse, Response
from scanengine.responses import unpack_answers, unpack_background
from tests.flow import (
    answer_round,
    close_and_settle,
    csrf_token,
    fields_on,
    make_round,
    page_index,
    path_of,
    post,
)

FULL = {"role": "raad", "c1": 4, "c2": "dk", "c3": 2, "i1": 1, "i2": 3, "improve": "Meer <b>overleg</b> & zo"}


def count(session, model) -> int:
    """Rows of ``model``; for Response also the submissions still waiting in the pool (stored, not yet mixed)."""
    session.rollback()  # see other connections' commits
    n = session.execute(select(func.count()).select_from(model)).scalar()
    if model is Response:
        n += session.execute(select(func.count()).select_from(PooledResponse)).scalar()
    return n


def html(resp) -> str:
    return resp.get_data(as_text=True)


@pytest.fixture
def rnd(database_url):
    return make_round(database_url, shared=True)


def test_personal_link_whole_flow(client, rnd, session):
    link = rnd.links["Gemeente A"][0]
    first = client.get(path_of(link))
    assert first.status_code == 200 and "Stap 1 van 6" in html(first) and "Beginnen" in html(first)
    assert first.headers["Cache-Control"] == "no-store"
    assert 'style="' not in html(first)
    assert re.findall(r"<script[^>]*>", html(first)) == [
        '<script src="/static/form.js" defer>'
    ]  # no inline script
    resp = answer_round(client, link, FULL)
    assert resp.status_code == 200 and "Bedankt voor uw deelname" in html(resp)

    assert count(session, Draft) == 0
    assert session.execute(select(DailyCount.count)).scalar() == 1
    again = client.get(path_of(link))
    assert again.status_code == 410 and "Link al gebruikt" in html(again)
    assert again.headers["Cache-Control"] == "no-store"
    close_and_settle(session, rnd.round_id)
    stored = session.execute(select(Response)).scalars().one()
    assert unpack_answers(rnd.questionnaire, stored.answers) == {
        "c1": 4,
        "c2": "dk",
        "c3": 2,
        "i1": 1,
        "i2": 3,
    }
    assert unpack_background(rnd.questionnaire, stored.background) == {"role": "raad"}
    assert stored.open_answers == {"improve": "Meer <b>overleg</b> & zo"}


def test_pages_progress_back_and_fields(client, rnd):
    link = rnd.links["Gemeente A"][0]
    page = html(client.get(path_of(link)))
    page = html(post(client, link, page, "next"))
    assert "Stap 2 van 6" in page and fields_on(page) == ["role"]
    assert '<progress max="6" value="2"' in page
    page = html(post(client, link, page, "next", {"role": "college"}))
    assert fields_on(page) == ["c1", "c2"]  # c3 is shown to council members only
    assert page.count("<fieldset") == 2 and page.count("<legend>") == 2
    assert 'value="dk"' in page and "Weet niet" in page
    page = html(post(client, link, page, "back", {"c1": "2"}))
    assert page_index(page) == 1 and 'value="college" checked' in page
    page = html(post(client, link, page, "next", {"role": "raad"}))
    assert fields_on(page) == ["c1", "c2", "c3"] and 'id="c1-2" value="2" checked' in page


def test_resume_personal_link(app, rnd, session):
    link = rnd.links["Gemeente A"][1]
    one = app.test_client()
    page = html(one.get(path_of(link)))
    page = html(post(one, link, page, "next"))
    page = html(post(one, link, page, "next", {"role": "ambtenaar"}))
    saved = post(one, link, page, "save", {"c1": "3"})
    assert "Uw antwoorden zijn opgeslagen" in html(saved) and page_index(html(saved)) == 2

    other = app.test_client()  # another browser, same personal link: resumes where the participant left
    resumed = html(other.get(path_of(link)))
    assert page_index(resumed) == 2 and 'id="c1-3" value="3" checked' in resumed
    assert page_index(html(other.get(path_of(link) + "?page=1"))) == 1  # a page already reached
    assert page_index(html(other.get(path_of(link) + "?page=4"))) == 2  # not reached yet: the draft's page
    assert page_index(html(other.get(path_of(link) + "?page=x"))) == 2
    done = answer_round(other, link, {"i1": 2})
    assert "Bedankt" in html(done)
    close_and_settle(session, rnd.round_id)
    stored = session.execute(select(Response)).scalars().one()
    assert unpack_answers(rnd.questionnaire, stored.answers) == {"c1": 3, "i1": 2}


def test_group_link_respondents_and_cookie_resume(app, rnd, session):
    link = rnd.shared["Gemeente B"]
    alice, bob = app.test_client(), app.test_client()
    page = html(alice.get(path_of(link)))
    page = post(alice, link, page, "next")
    cookie = alice.get_cookie(participant_cookie(), path=path_of(link))
    assert cookie is not None and cookie.http_only and cookie.path == path_of(link)
    stored = session.execute(select(Draft.resume_hash, Draft.token_id)).one()
    assert stored == (participation.hash_secret(cookie.value), None)  # only the hash, no token
    page = html(post(alice, link, html(page), "next", {"role": "college"}))

    fresh = html(bob.get(path_of(link)))
    assert page_index(fresh) == 0  # another browser starts at the beginning
    assert page_index(html(alice.get(path_of(link)))) == 2  # alice resumes through her cookie

    assert "Bedankt" in html(answer_round(bob, link, {"role": "raad", "c3": 1}))
    assert "Bedankt" in html(answer_round(alice, link, {"c1": 2}))
    assert alice.get_cookie(participant_cookie(), path=path_of(link)) is None  # cleared on submission
    assert count(session, Response) == 2 and count(session, Draft) == 0
    assert session.execute(select(DailyCount.count)).scalar() == 2
    again = alice.get(path_of(link))
    assert again.status_code == 200 and page_index(html(again)) == 0  # a group link stays open for others
    assert session.execute(select(LinkToken.used).where(LinkToken.shared)).scalars().all() == [False, False]
    close_and_settle(session, rnd.round_id)
    groups = sorted(
        unpack_background(rnd.questionnaire, r.background)["role"]
        for r in session.execute(select(Response)).scalars()
    )
    assert groups == ["college", "raad"]


def participant_cookie() -> str:
    from scanengine.web.participant import RESUME_COOKIE

    return RESUME_COOKIE


def test_submit_everything_in_one_post_from_any_page(client, rnd, session):
    link = rnd.links["Gemeente B"][0]
    page = html(client.get(path_of(link)))
    data = {k: str(v) for k, v in FULL.items()}
    resp = post(client, link, page, "submit", data)
    assert resp.status_code == 200 and "Bedankt" in html(resp)
    close_and_settle(session, rnd.round_id)
    stored = session.execute(select(Response)).scalars().one()
    assert unpack_answers(rnd.questionnaire, stored.answers)["c3"] == 2


def test_show_if_hidden_statement_is_not_stored(client, rnd, session):
    link = rnd.links["Gemeente B"][1]
    page = html(client.get(path_of(link)))
    resp = post(client, link, page, "submit", {"role": "ambtenaar", "c1": "1", "c3": "4"})
    assert resp.status_code == 200
    close_and_settle(session, rnd.round_id)
    stored = session.execute(select(Response)).scalars().one()
    assert unpack_answers(rnd.questionnaire, stored.answers) == {"c1": 1}


def test_review_lists_unanswered_statements_with_links(client, rnd):
    link = rnd.links["Gemeente A"][2]
    page = html(client.get(path_of(link)))
    for data in ({}, {"role": "raad"}, {"c1": "1"}, {"i1": "2", "i2": "3"}, {}):
        page = html(post(client, link, page, "next", data))
    assert "Controleren en versturen" in page and "Stap 6 van 6" in page
    assert "De partners maken fouten die ons schaden." in page and "De raad krijgt tijdig informatie." in page
    assert "Afspraken worden nagekomen." not in page
    assert re.search(r'href="/s/[^"?]+\?page=2&amp;lang=nl">Naar Bekwaamheid<', page)
    assert 'name="action" value="submit"' in page


def test_english(client, rnd):
    link = rnd.links["Gemeente A"][0]
    first = html(client.get(path_of(link) + "?lang=en"))
    assert (
        '<html lang="en">' in first and "Step 1 of 6" in first and "Start" in first and "Mini scan" in first
    )
    page = html(post(client, link, first, "next", lang="en"))
    assert "What is your role?" in page and "About you" in page
    bad = post(client, link, page, "next", {"role": "king"}, lang="en")
    assert bad.status_code == 422 and "Please choose one of the answers listed." in html(bad)
    assert "Thank you for taking part" in html(answer_round(client, link, FULL, lang="en"))
    used = client.get(path_of(link) + "?lang=en")
    assert used.status_code == 410 and "Link already used" in html(used)
    assert client.get("/s/nonexistent?lang=en").status_code == 404
    assert "Unknown link" in html(client.get("/s/nonexistent?lang=en"))


# -- refusals -------------------------------------------------------------------------------------------------------


def test_unknown_link(client):
    resp = client.get("/s/nope")
    assert resp.status_code == 404 and "Onbekende link" in html(resp)
    assert client.post("/s/nope", data={}).status_code in (400, 404)  # CSRF is checked before the view


def test_round_not_open_and_closed(client, database_url):
    draft = make_round(database_url, status="draft")
    closed = make_round(database_url, status="closed")
    resp = client.get(path_of(draft.links["Gemeente A"][0]))
    assert resp.status_code == 403 and "Nog niet geopend" in html(resp)
    resp = client.get(path_of(closed.links["Gemeente A"][0]) + "?lang=en")
    assert resp.status_code == 410 and "Questionnaire closed" in html(resp)
    assert "Vragenlijst gesloten" in html(client.get(path_of(closed.links["Gemeente A"][0]) + "?lang=nl"))


def test_round_closed_while_answering(client, rnd, database_url, session):
    from scanengine.models import Round

    link = rnd.links["Gemeente A"][0]
    page = html(client.get(path_of(link)))
    page = html(post(client, link, page, "next"))
    closing.close_round(session, session.get(Round, rnd.round_id))
    session.commit()
    resp = post(client, link, page, "submit", {"role": "raad"})
    assert resp.status_code == 410 and "Vragenlijst gesloten" in html(resp)
    assert count(session, Response) == 0 and count(session, DailyCount) == 0


def test_out_of_range_values_are_refused_next_to_the_field(client, rnd, session):
    link = rnd.links["Gemeente A"][0]
    page = html(client.get(path_of(link)))
    page = html(post(client, link, page, "next"))
    page = html(post(client, link, page, "next", {"role": "raad"}))
    drafts_before = session.execute(select(Draft.answers)).scalars().all()
    for value in ("5", "0", "-1", "x", "1.0", "dk ", "4\x00"):
        bad = post(client, link, page, "next", {"c1": value, "c2": "2"})
        assert bad.status_code == 422, value
        body = html(bad)
        assert (
            'aria-describedby="e-c1"' in body
            and 'id="e-c1"' in body
            and "Kies een antwoord van 1 tot en met 4" in body
        )
        assert 'aria-invalid="true"' in body and page_index(body) == 2
        assert "Er is niets opgeslagen" in body and 'href="#f-c1"' in body
    session.rollback()
    assert session.execute(select(Draft.answers)).scalars().all() == drafts_before
    bad = post(client, link, page, "submit", {"improve": "x" * 501, "c1": "2"})
    assert bad.status_code == 422 and "het maximum is 500" in html(bad)
    assert fields_on(html(bad)) == ["improve"]  # the page with the error is shown
    twice = client.post(
        path_of(link), data={"csrf_token": csrf_token(page), "page": "2", "action": "next", "c1": ["1", "2"]}
    )
    assert twice.status_code == 422 and "meer dan één antwoord" in html(twice)
    assert count(session, Response) == 0
    session.rollback()
    assert session.execute(select(Draft.answers)).scalars().all() == drafts_before


def test_unknown_fields_and_bad_controls(client, rnd, session):
    link = rnd.links["Gemeente A"][0]
    page = html(client.get(path_of(link)))
    resp = post(client, link, page, "submit", {"c1": "2", "x9": "1", "evil_field": "2"})
    assert resp.status_code == 400
    assert "Onbekende velden" in html(resp) and "evil_field, x9" in html(resp)
    assert post(client, link, page, "delete", {"c1": "2"}).status_code == 400
    resp = client.post(path_of(link), data={"csrf_token": csrf_token(page), "page": "-1", "action": "next"})
    assert resp.status_code == 400
    assert count(session, Response) == 0 and count(session, Draft) == 0
    assert session.execute(select(LinkToken.used)).scalars().all() == [False] * 6 + [False, False]


def test_missing_or_wrong_csrf(client, rnd, session):
    link = rnd.links["Gemeente A"][0]
    client.get(path_of(link))
    resp = client.post(path_of(link), data={"page": "0", "action": "submit", "c1": "2"})
    assert resp.status_code == 400 and "Formulier verlopen" in html(resp)
    resp = client.post(
        path_of(link), data={"csrf_token": "forged", "page": "0", "action": "submit", "c1": "2"}
    )
    assert resp.status_code == 400
    assert count(session, Response) == 0
    assert session.execute(select(func.count()).select_from(LinkToken).where(LinkToken.used)).scalar() == 0


def test_a_token_fits_its_own_link_only(client, rnd, session):
    """The CSRF token of a participant's page is bound to its link (LinkSession): another link refuses it."""
    a, b = rnd.links["Gemeente A"][:2]
    token_a = csrf_token(html(client.get(path_of(a))))
    resp = client.post(path_of(b), data={"csrf_token": token_a, "page": "0", "action": "submit", "c1": "2"})
    assert resp.status_code == 400 and "Formulier verlopen" in html(resp)
    assert count(session, Response) == 0
    ok = client.post(path_of(a), data={"csrf_token": token_a, "page": "0", "action": "submit", "c1": "2"})
    assert ok.status_code == 200 and count(session, Response) == 1  # the control: on its own link it is taken


def cookies_set(resp) -> list[str]:
    return [v.split("=", 1)[0] for v in resp.headers.getlist("Set-Cookie")]


def test_answering_sets_no_session_cookie(client, rnd):
    """A participant's browser gets no session cookie from the form, through every step: none at all on a
    personal link in the default language; on a group link only the resume cookie that keeps its draft (a step
    without JavaScript saves one)."""
    for link, allowed in (
        (rnd.links["Gemeente A"][0], []),
        (rnd.shared["Gemeente B"], ["scanengine_resume"]),
    ):
        page = client.get(path_of(link))
        assert page.status_code == 200 and cookies_set(page) == []
        nxt = post(client, link, html(page), "next")
        assert nxt.status_code == 200 and cookies_set(nxt) == allowed
    steps = []
    client.application.after_request_funcs.setdefault(None, []).append(lambda r: steps.append(r) or r)
    assert answer_round(client, rnd.links["Gemeente A"][1], FULL).status_code == 200
    assert len(steps) > 3 and all(cookies_set(r) == [] for r in steps)


def test_a_chosen_language_is_remembered_on_the_links_pages_only(client, rnd):
    """``?lang=en`` once: the link's pages stay English without it (a plain cookie of the link's own path, set once,
    holding the language only); another link, and going back to Dutch, work as expected."""
    link = rnd.links["Gemeente A"][0]
    first = client.get(path_of(link) + "?lang=en")
    assert cookies_set(first) == ["scanengine_lang"]
    cookie = first.headers["Set-Cookie"]
    assert "scanengine_lang=en;" in cookie and f"Path={path_of(link)}" in cookie and "HttpOnly" in cookie
    again = client.get(path_of(link))
    assert 'lang="en"' in html(again) and cookies_set(again) == []  # remembered, not set again
    other = client.get(path_of(rnd.links["Gemeente A"][1]))
    assert 'lang="nl"' in html(other)  # the cookie belongs to that link's pages
    back = client.get(path_of(link) + "?lang=nl")
    assert 'lang="nl"' in html(back) and "scanengine_lang=nl;" in back.headers["Set-Cookie"]
    assert 'lang="nl"' in html(client.get(path_of(link)))


def test_a_facilitators_session_is_left_alone_by_a_participant_page(client, rnd, session):
    """Someone logged in to the dashboard who opens a participant link in the same browser keeps their session:
    the link's page neither reads nor rewrites it."""
    from tests.auth_helpers import login, make_user

    make_user(session, "fac@example.org")
    login(client, "fac@example.org")
    assert client.get("/dashboard/").status_code == 200
    link = rnd.links["Gemeente A"][0]
    page = client.get(path_of(link))
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    assert answer_round(client, link, FULL).status_code == 200
    assert client.get("/dashboard/").status_code == 200  # still logged in


def test_oversized_body(client, rnd, session):
    link = rnd.links["Gemeente A"][0]
    page = html(client.get(path_of(link)))
    resp = post(client, link, page, "submit", {"improve": "x" * 400_000})
    assert resp.status_code == 413 and "Te veel gegevens" in html(resp)
    assert count(session, Response) == 0 and count(session, Draft) == 0


# -- anonymity ------------------------------------------------------------------------------------------------------


def test_stored_responses_cannot_be_joined_or_ordered_against_tokens(app, database_url, session):
    """No column of a response refers to a token or to time, and neither the id nor the storage order follows
    the order in which the links were used."""
    setup = make_round(database_url, groups=("Gemeente A",), personal=24)
    links = setup.links["Gemeente A"]
    for i, link in enumerate(
        links
    ):  # submitted in link-creation order, with distinct answers to tell them apart
        answer_round(
            app.test_client(), link, {"c1": 1 + i % 4, "i1": 1 + (i // 4) % 4, "i2": 1 + (i // 16) % 4}
        )
    submitted = [(1 + i % 4, 1 + (i // 4) % 4, 1 + (i // 16) % 4) for i in range(len(links))]

    cols = {c["name"] for c in inspect(db.get_engine(database_url)).get_columns("response")}
    assert cols == {"id", "round_id", "group_id", "answers", "background", "open_answers"}
    token_ids = set(session.execute(select(LinkToken.id)).scalars())
    rows = session.execute(select(Response.id, Response.answers)).all()  # storage order, no ORDER BY
    assert len(rows) == len(links)
    ids = [r.id for r in rows]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert not token_ids & {int(i, 16) for i in ids}
    order_of = {a: n for n, a in enumerate(submitted)}
    stored_order = [order_of[(r.answers[0], r.answers[3], r.answers[4])] for r in rows]
    by_id = [order_of[(r.answers[0], r.answers[3], r.answers[4])] for r in sorted(rows, key=lambda r: r.id)]
    assert by_id != sorted(by_id)  # ids do not follow submission order (24! orders: chance 1 in 6e23)
    if database_url.startswith("sqlite"):
        assert stored_order == by_id  # WITHOUT ROWID: stored in id order, i.e. random
    # the only time-related record is the per-day counter on the round
    assert session.execute(select(DailyCount.count)).scalar() == len(links)


# -- any valid definition -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["vertrouwensscan", "evaluatie", "grip"])
def test_shipped_definitions_can_be_answered(app, database_url, session, name):
    from scanengine import definition

    q = definition.resolve(name)
    setup = make_round(database_url, name, groups=("A",), personal=1)
    background = {bq.id: bq.options[0].id for bq in q.background}
    answers = {**background, **{item.id: 1 + n % q.scale.points for n, item in enumerate(q.items)}}
    answers.update({oq.id: f"Antwoord op {oq.id}" for oq in q.open_questions})
    resp = answer_round(app.test_client(), setup.links["A"][0], answers)
    assert resp.status_code == 200 and "Bedankt" in html(resp)
    close_and_settle(session, setup.round_id)
    stored = session.execute(select(Response)).scalars().one()
    shown = [item for item in q.items if q.is_shown(item, background)]
    assert unpack_answers(q, stored.answers) == {item.id: answers[item.id] for item in shown}
    assert unpack_background(q, stored.background) == background
    assert stored.open_answers == {oq.id: f"Antwoord op {oq.id}" for oq in q.open_questions}


def test_seven_point_scale_without_dont_know(app, database_url, session, mini_path, tmp_path):
    import json

    data = json.loads(mini_path.read_text())
    data["scale"] = {
        "points": 7,
        "labels": {lang: [f"{lang}{i}" for i in range(1, 8)] for lang in ("nl", "en")},
    }
    data["bands"] = [
        {"min": 5.0, "label": {"nl": "Sterk", "en": "Strength"}},
        {"min": 1.0, "label": {"nl": "Zorgpunt", "en": "Concern"}},
    ]
    path = tmp_path / "seven.json"
    path.write_text(json.dumps(data))
    setup = make_round(database_url, path, groups=("A",), personal=1)
    link = setup.links["A"][0]
    client = app.test_client()
    page = html(client.get(path_of(link)))
    page = html(post(client, link, page, "next"))
    page = html(post(client, link, page, "next", {"role": "raad"}))
    assert 'value="7"' in page and 'value="dk"' not in page and "nl7" in page
    bad = post(client, link, page, "next", {"c1": "dk"})
    assert bad.status_code == 422 and "Kies een antwoord van 1 tot en met 7." in html(bad)
    assert "Thank you" in html(answer_round(client, link, {"c1": 7, "c2": 6, "c3": 1}, lang="en"))
    close_and_settle(session, setup.round_id)
    stored = session.execute(select(Response)).scalars().one()
    assert unpack_answers(setup.questionnaire, stored.answers) == {"c1": 7, "c2": 6, "c3": 1}


def test_resume_cookie_is_secure_when_the_site_is(app, rnd):
    app.config["SESSION_COOKIE_SECURE"] = True  # set for https deployments (BASE_URL https://...)
    client = app.test_client()
    link = rnd.shared["Gemeente A"]
    resp = post(client, link, html(client.get(path_of(link))), "next")
    cookie = [h for h in resp.headers.getlist("Set-Cookie") if h.startswith(participant_cookie())]
    assert cookie and "Secure" in cookie[0] and "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]


def test_pages_from_cached_skeletons_equal_the_templates(app, rnd):
    """Pages without errors are filled into a skeleton rendered once (scanengine.web.participant): for every
    page, language, answer state and flag (also with the data block of the whole questionnaire the first GET
    carries for the form's script), the result is exactly what the template renders in full."""
    from flask import g
    from markupsafe import Markup

    from scanengine import cache
    from scanengine.web import PAGE_CACHE_KEY
    from scanengine.web import participant as view

    answer_sets = [
        {},
        {"role": "raad", "c1": "4", "c2": "dk", "i2": "1", "improve": 'Meer <b>overleg</b> & "zo"'},
        {"role": "college", "c3": "2", "improve": "a\nb"},
    ]
    for shared, link in ((True, rnd.shared["Gemeente A"]), (False, rnd.links["Gemeente A"][0])):
        token = path_of(link).rsplit("/", 1)[1]
        with (
            app.test_request_context(path_of(link)),
            db.session_scope(app.config["DATABASE_URL"]) as s,
            cache.using(app.extensions[PAGE_CACHE_KEY]),
        ):  # as the app's before_request does
            resolved = participation.resolve_link(s, token)
            assert resolved.shared is shared
            for lang in ("nl", "en"):
                g.lang = lang
                for answers in answer_sets:
                    pages = participation.pages(resolved.questionnaire, answers)
                    for idx, page in enumerate(pages):
                        for saved, document in ((False, False), (True, False), (False, True)):
                            data = Markup(view._form_data(resolved, answers, idx)) if document else None
                            for _ in range(2):  # the first call builds the skeleton, the second uses it
                                got, status = view._render_page(
                                    token, resolved, answers, pages, idx, saved=saved, document=document
                                )
                                want = view._render_template(
                                    token, resolved, answers, pages, idx, saved=saved, form_data=data
                                )
                                if isinstance(got, bytes):  # the skeleton path answers encoded
                                    got = got.decode()
                                assert status == 200 and got == want, (
                                    lang,
                                    answers,
                                    page.key,
                                    saved,
                                    document,
                                )
    skeletons = app.extensions[PAGE_CACHE_KEY]
    assert skeletons.size("skeleton") and skeletons.hits["skeleton"], (
        "no page took the skeleton path: vacuous test"
    )


def test_a_links_cookies_carry_the_apps_script_root(client, rnd):
    """Mounted under a prefix, the resume and language cookies of a link's pages name the prefixed path, or the
    browser would never send them back."""
    link = path_of(rnd.shared["Gemeente B"])
    page = client.get(link + "?lang=en", base_url="http://localhost/scan")
    assert f"Path=/scan{link}" in page.headers["Set-Cookie"]
    nxt = client.post(
        link,
        base_url="http://localhost/scan",
        data={"csrf_token": csrf_token(html(page)), "page": "0", "action": "next", "lang": "en"},
    )
    resume = [c for c in nxt.headers.getlist("Set-Cookie") if c.startswith("scanengine_resume=")]
    assert nxt.status_code == 200 and resume and f"Path=/scan{link}" in resume[0]
