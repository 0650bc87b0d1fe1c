"""A participant answers the whole trust scan in Chromium WITHOUT the form's script (the path page by page
through the server, as for a browser without JavaScript: the request for static/form.js is refused, while
axe-core still runs in the page; the form with JavaScript has its own journeys in test_participant_js_browser.py): on a 360 x 740 phone
by touch, and on a desktop by keyboard only (Tab, arrow keys, Space, Enter). Both leave half-way and come back
through the same link; both end with exactly the answers given stored anonymously, and axe-core finds nothing
on any page on the way."""

from __future__ import annotations

from tests.browser.conftest import DESKTOP, PHONE, new_context
from tests.browser.participant import Participant, assert_stored_once, open_round


def without_script(context):
    """The form as a browser without JavaScript sees it: static/form.js never arrives."""
    context.route("**/static/form.js", lambda route: route.abort())
    return context


def test_phone_by_touch_leave_and_resume(browser, live_server, live_cli, session, shots, tmp_path):
    """360 x 740, touch: answer four pages, close the browser, come back with the link, go back a page to see
    the answers kept, finish and submit; the used link then refuses politely."""
    round_id, links = open_round(live_cli, tmp_path)
    who = Participant(shots, role="raad", keyboard=False, phone=True)

    context = without_script(new_context(browser, PHONE))
    page = context.new_page()
    assert page.goto(links[0]).status == 200
    assert page.locator("form.questionnaire.enhanced").count() == 0  # page by page through the server
    who.check(page, "intro")
    left_at = who.walk(page, until_step=4)
    who.press(
        page, "next"
    )  # the draft is stored with every page; then the participant just closes the browser
    context.close()

    context = without_script(new_context(browser, PHONE))
    page = context.new_page()
    assert page.goto(links[0]).status == 200
    assert int(page.locator("input[name=page]").input_value()) == left_at + 1, "did not resume where left"
    who.check(page, "resumed")
    who.press(page, "back")
    who.assert_kept(page)
    who.check(page, "resumed-back")
    who.press(page, "next")
    who.walk(page)
    assert "U heeft alle stellingen beantwoord." in page.locator("main").inner_text()
    who.press(page, "submit")
    assert page.locator("h1").inner_text() == "Bedankt voor uw deelname"
    who.check(page, "thanks")

    refused = page.goto(links[0])
    assert refused.status == 410
    who.check(page, "link-used")
    context.close()
    assert_stored_once(session, round_id, who)


def test_desktop_keyboard_only_save_and_resume(browser, live_server, live_cli, session, shots, tmp_path):
    """1280 x 900, English, keyboard only: Tab into each radio group, arrows and Space to choose, Enter on the
    buttons; 'Save and continue later' half-way, then the same link in a fresh browser resumes on that page."""
    round_id, links = open_round(live_cli, tmp_path)
    who = Participant(shots, role="college", keyboard=True, phone=False)

    context = without_script(new_context(browser, DESKTOP))
    page = context.new_page()
    assert page.goto(links[1] + "?lang=en").status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    who.check(page, "intro")
    who.press(page, "next")
    who.check(page, "background")
    saved_at = who.walk(page, until_step=5)
    who.press(page, "save")
    assert "Your answers have been saved" in page.locator("[role=status]").inner_text()
    who.check(page, "saved")
    context.close()

    context = without_script(new_context(browser, DESKTOP))
    page = context.new_page()
    assert page.goto(links[1] + "?lang=en").status == 200
    assert int(page.locator("input[name=page]").input_value()) == saved_at
    who.assert_kept(page)
    who.check(page, "resumed")
    who.press(page, "next")
    who.walk(page)
    who.check(page, "review")
    who.press(page, "submit")
    assert page.locator("h1").inner_text() == "Thank you for taking part"
    who.check(page, "thanks")
    context.close()
    assert_stored_once(session, round_id, who)
