"""The participant form WITH JavaScript (static/form.js) in Chromium: the whole questionnaire arrives as one
document, its pages turn in the browser, and the server sees one page load and one submission.

Each journey checks every page state with axe-core, and ends with exactly the answers given stored once:
a phone journey that counts the requests, show_if back and forth, leaving and returning on the same device,
saving and resuming in another browser, and a submission retried after the network dropped it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import func, select

from scanengine.models import Draft, PooledResponse, Response
from tests.browser.conftest import DESKTOP, PHONE, new_context
from tests.browser.participant import SHOWN, Participant, assert_stored_once, open_round

_STORED_KEYS = "() => Object.keys(localStorage).filter(k => k.startsWith('scanengine-form-')).length"


def count(session, model) -> int:
    """Rows of ``model``; for ``Response``, what was stored: in ``response`` or waiting in the pool (mixed into
    ``response`` k at a time, docs/architecture.md "Participation and submission")."""
    session.rollback()
    tables = (Response, PooledResponse) if model is Response else (model,)
    return sum(session.execute(select(func.count()).select_from(t)).scalar() for t in tables)


class Requests:
    """Every request the page makes, as (method, path)."""

    def __init__(self, page):
        self.seen: list[tuple[str, str]] = []
        page.on("request", lambda r: self.seen.append((r.method, urlsplit(r.url).path)))

    def of(self, link: str) -> list[str]:
        path = urlsplit(link).path
        return [method for method, p in self.seen if p == path]

    def others(self, link: str) -> list[str]:
        path = urlsplit(link).path
        return sorted({p for _, p in self.seen if p != path})


def test_phone_journey_one_document_one_submission(browser, live_server, live_cli, session, shots, tmp_path):
    """360 x 740 by touch: from the first load to the thank-you page the server sees one GET of the link, one
    POST (the submission) and static files; focus lands on each page's heading and the step is announced."""
    round_id, links = open_round(live_cli, tmp_path)
    who = Participant(shots, role="raad", keyboard=False, phone=True)
    context = new_context(browser, PHONE)
    page = context.new_page()
    requests = Requests(page)
    assert page.goto(links[0]).status == 200
    assert page.locator("form.questionnaire.enhanced").count() == 1
    assert (
        page.locator("form.questionnaire .page").count() == 12
    )  # intro, background, 8 dimensions, open, review
    assert page.locator(SHOWN).count() == 1
    who.check(page, "intro")
    who.press(page, "next")
    assert page.locator("#step-announce").inner_text() == "Stap 2 van 12: Over uzelf"
    who.check(page, "background")
    who.walk(page)
    assert "U heeft alle stellingen beantwoord." in page.locator(SHOWN).inner_text()
    assert count(session, Draft) == 0  # nothing of the unfinished answers reached the server
    assert requests.of(links[0]) == ["GET"]
    who.press(page, "submit")
    assert page.locator("h1").inner_text() == "Bedankt voor uw deelname"
    assert page.evaluate("() => document.activeElement.tagName") == "H1"
    who.check(page, "thanks")
    assert requests.of(links[0]) == ["GET", "POST"]
    assert requests.others(links[0]) == ["/static/form.css", "/static/form.js", "/static/style.css"]
    assert page.evaluate(_STORED_KEYS) == 0, "the answers stayed in the browser after submission"
    context.close()
    assert_stored_once(session, round_id, who)


def test_show_if_back_and_forth(browser, live_server, live_cli, session, shots, tmp_path):
    """A statement shown to council members only appears and disappears as the role changes, pages turn back
    and forth in the browser, the review lists what is still open and its link goes to that page; a value the
    server refuses brings the participant to its page with the message next to the field."""
    round_id, links = open_round(live_cli, tmp_path)
    who = Participant(shots, role="college", keyboard=False, phone=True)
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(links[0])
    who.press(page, "next")
    who.answer_page(page)
    for _ in range(8):  # to the last dimension, "openness": open5 for the council, open6 for the college
        who.press(page, "next")
    assert page.locator(f"{SHOWN} h1").inner_text() == "Openheid en informatiedeling"
    assert page.locator("#f-open6").is_visible() and not page.locator("#f-open5").is_visible()
    who.check(page, "openness-college")
    for _ in range(8):
        who.press(page, "back")
    page.locator("label[for='role-raad']").tap()
    who.background["role"] = "raad"
    for _ in range(8):
        who.press(page, "next")
    assert page.locator("#f-open5").is_visible() and not page.locator("#f-open6").is_visible()
    who.check(page, "openness-council")
    who.answer_page(page)
    who.press(page, "next")
    who.answer_page(page)  # the open questions
    who.press(page, "next")
    review = page.locator(SHOWN)
    assert "Deze stellingen heeft u nog niet beantwoord" in review.inner_text()
    assert review.locator("li[data-question='comp1']").is_visible()  # competence was left unanswered
    assert not review.locator("li[data-question='open5']").is_visible()  # answered
    assert not review.locator("li[data-question='open6']").is_visible()  # not shown to the council
    who.check(page, "review-missing")
    review.locator("a[data-goto='competence']").tap()
    assert page.locator(f"{SHOWN} h1").inner_text() == "Deskundigheid"
    who.answer_page(page)
    first = who.given["comp1"]
    # a value only a tampered page can send: the server refuses it, nothing is stored
    page.evaluate("() => { const r = document.getElementById('comp1-1'); r.value = '9'; r.checked = true; }")
    for _ in range(9):
        who.press(page, "next")
    page.locator(f"{SHOWN} button[value=submit]").tap()
    page.wait_for_selector("#js-error-summary")
    assert page.locator(f"{SHOWN} h1").inner_text() == "Deskundigheid"
    assert page.locator("#e-comp1").is_visible()
    assert page.locator("#js-error-summary").evaluate("el => document.activeElement === el")
    who.check(page, "refused-value")
    assert count(session, Response) == 0
    page.evaluate("() => { const r = document.getElementById('comp1-1'); r.value = '1'; }")
    page.locator(f"label[for='comp1-{first}']").tap()
    for _ in range(9):
        who.press(page, "next")
    who.press(page, "submit")
    assert page.locator("h1").inner_text() == "Bedankt voor uw deelname"
    context.close()
    assert_stored_once(session, round_id, who)


def test_leave_and_return_on_the_same_device(browser, live_server, live_cli, session, shots, tmp_path):
    """Answers in progress stay in this browser: the tab closed half-way, the link opened again, the same page
    and answers come back, and the server never saw them before the submission."""
    round_id, links = open_round(live_cli, tmp_path)
    who = Participant(shots, role="ambtenaar", keyboard=False, phone=True)
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(links[0])
    who.press(page, "next")
    left_at = who.walk(page, until_step=4)
    who.press(page, "next")
    step = who.step(page)
    page.close()
    assert count(session, Draft) == 0

    page = context.new_page()
    requests = Requests(page)
    page.goto(links[0])
    page.wait_for_function("(s) => document.getElementById('step-label').textContent === s", arg=step)
    assert int(page.locator("input[name=page]").input_value()) == left_at + 1
    who.check(page, "returned")
    who.press(page, "back")
    who.assert_kept(page)
    who.check(page, "returned-back")
    who.press(page, "next")
    who.walk(page)
    who.press(page, "submit")
    assert requests.of(links[0]) == ["GET", "POST"]
    context.close()
    assert_stored_once(session, round_id, who)


def test_save_and_resume_in_another_browser(browser, live_server, live_cli, session, shots, tmp_path):
    """'Save and continue later' stores the draft on the server only when pressed; another browser with the same
    personal link resumes on that page with those answers, by keyboard only."""
    round_id, links = open_round(live_cli, tmp_path)
    who = Participant(shots, role="partner", keyboard=True, phone=False)
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(links[1] + "?lang=en")
    who.press(page, "next")
    saved_at = who.walk(page, until_step=5)
    assert count(session, Draft) == 0
    who.press(page, "save")
    assert "Your answers have been saved" in page.locator("#form-status").inner_text()
    who.check(page, "saved")
    assert count(session, Draft) == 1
    context.close()

    context = new_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(links[1] + "?lang=en")
    assert int(page.locator("input[name=page]").input_value()) == saved_at
    who.assert_kept(page)
    who.check(page, "resumed")
    who.press(page, "back")
    who.assert_kept(page)
    who.press(page, "next")
    who.press(page, "next")
    who.walk(page)
    who.press(page, "submit")
    assert page.locator("h1").inner_text() == "Thank you for taking part"
    context.close()
    assert count(session, Draft) == 0
    assert_stored_once(session, round_id, who)


def test_submission_retried_after_the_network_dropped(
    browser, live_server, live_cli, session, shots, tmp_path
):
    """The server stores the submission but the answer never reaches the phone (the connection drops): the
    participant is told, presses submit again, the same submission id is sent, and the thank-you page comes
    while the response is stored once."""
    round_id, links = open_round(live_cli, tmp_path)
    who = Participant(shots, role="directie", keyboard=False, phone=True)
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(links[0])
    who.walk(page)
    dropped = []

    def drop_after_the_server(route):
        if route.request.method != "POST":
            route.continue_()
            return
        served = route.fetch()  # the server stores the response ...
        dropped.append(served.status)
        route.abort("connectionreset")  # ... and its answer is lost on the way back

    page.route(f"**{urlsplit(links[0]).path}", drop_after_the_server)
    page.locator(f"{SHOWN} button[value=submit]").tap()
    page.wait_for_function("() => document.getElementById('form-status').className.includes('errors')")
    assert "geen verbinding" in page.locator("#form-status").inner_text()
    assert dropped == [200] and count(session, Response) == 1
    who.check(page, "offline")
    page.unroute(f"**{urlsplit(links[0]).path}")
    who.press(page, "submit")  # the retry: the link is used by now, the submission id says it was this one
    assert page.locator("h1").inner_text() == "Bedankt voor uw deelname"
    who.check(page, "thanks-after-retry")
    context.close()
    assert_stored_once(session, round_id, who)
