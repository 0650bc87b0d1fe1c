"""A live workshop in Chromium: the presenter's screen and three phones, each in its own browser context.

The phones join by code (one picks English), choose their group, follow the presenter's pages without a reload,
and answer; the screen counts the answers, shows results only once k people answered a page, hides them again,
and the end turns every phone's answers into one anonymous response. axe-core checks the presenter's screen
and the phone pages; the screen as the room sees it is kept as docs/live-presenter.png.
"""

from __future__ import annotations

import json
import re

from sqlmodel import select

from scanengine import analysis, rounds
from scanengine.models import Response, Round
from tests.browser import axe, layout
from tests.browser.conftest import PASSWORD, PHONE, log_in, new_context

EMAIL = "begeleider@regio-west.nl"
SCREEN = {"viewport": {"width": 1600, "height": 900}}

# a definition written for this test alone: the live mode knows nothing of it beforehand
WORKSHOP = {
    "id": "grip_werksessie",
    "version": "0.1",
    "title": {"nl": "Grip op de regio", "en": "Grip on the region"},
    "scale": {
        "points": 5,
        "labels": {
            "nl": ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"],
            "en": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
        },
        "dont_know": {"nl": "Weet niet", "en": "Don't know"},
    },
    "bands": [
        {"min": 4.0, "label": {"nl": "Sterk", "en": "Strength"}},
        {"min": 1.0, "label": {"nl": "Aandachtspunt", "en": "Attention"}},
    ],
    "background": [
        {
            "id": "rol",
            "text": {"nl": "Uw rol", "en": "Your role"},
            "options": [
                {"id": "raadslid", "label": {"nl": "Raadslid", "en": "Council member"}},
                {"id": "ambtenaar", "label": {"nl": "Ambtenaar", "en": "Civil servant"}},
            ],
        }
    ],
    "dimensions": [
        {
            "id": "sturing",
            "title": {"nl": "Sturing", "en": "Steering"},
            "items": [
                {
                    "id": "st_info",
                    "text": {
                        "nl": "De raad krijgt op tijd de juiste informatie.",
                        "en": "The council gets the right information in time.",
                    },
                },
                {
                    "id": "st_kaders",
                    "text": {
                        "nl": "De kaders van de raad worden gevolgd.",
                        "en": "The council's frameworks are followed.",
                    },
                },
            ],
        }
    ],
    "open_questions": [
        {"id": "tip", "text": {"nl": "Eén tip voor de regio?", "en": "One tip for the region?"}}
    ],
}


def check(page, shots, name: str, *, phone: bool = False, **shot) -> None:
    axe.assert_accessible(page, name)
    if phone:
        layout.assert_fits_phone(page, name)
    shots.take(page, name, **shot)


def count_text(screen) -> str:
    return screen.locator("#live-count").inner_text()


def test_live_workshop(browser, live_server, live_cli, session, shots, tmp_path):
    live_cli("user", "create", "--email", EMAIL, env={"SCANENGINE_PASSWORD": PASSWORD})
    path = tmp_path / "werksessie.json"
    path.write_text(json.dumps(WORKSHOP), encoding="utf-8")
    out = live_cli(
        "round",
        "create",
        "--questionnaire",
        path,
        "--name",
        "Werksessie grip",
        "--cooperation",
        "Regio West",
        "--group",
        "Gemeente Oost",
        "--group",
        "Gemeente West",
        "--min-group-size",
        "3",
        "--owner",
        EMAIL,
    )
    round_id = out.output.strip().splitlines()[-1]
    live_cli("round", "open", round_id)
    base = live_server.url

    # -- the presenter starts the session from the round's page ------------------------------------------------
    presenter_ctx = new_context(browser, SCREEN)
    screen = presenter_ctx.new_page()
    log_in(screen, base, EMAIL)
    screen.goto(f"{base}/dashboard/rounds/{round_id}")
    with screen.expect_navigation():
        screen.get_by_role("link", name="Live sessie (presentatiescherm)").click()
    with screen.expect_navigation():
        screen.get_by_role("button", name="Live sessie starten").click()
    code = screen.locator("#live-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    assert screen.locator(".live-qr svg").count() == 1
    assert screen.locator(".live-url").inner_text() == f"{base}/j/{code}"
    for name in ("Vorige", "Volgende", "Toon resultaten", "Verberg resultaten", "Beëindig"):
        assert screen.get_by_role("button", name=name, exact=True).count() == 1, name
    check(screen, shots, "presenter-start")

    # -- three phones join by code: one picks English, each picks a group ----------------------------------------
    phones = []
    for i in range(3):
        ctx = new_context(browser, PHONE)
        phone = ctx.new_page()
        phone.goto(f"{base}/j/{code}" + ("?lang=en" if i == 2 else ""))
        if i == 0:
            check(phone, shots, "phone-join", phone=True)
        group = ["Gemeente Oost", "Gemeente West", "Gemeente Oost"][i]
        phone.locator("label", has_text=group).tap()
        with phone.expect_navigation():
            phone.get_by_role("button", name="Join" if i == 2 else "Meedoen").tap()
        phone.evaluate("window.stillTheSamePage = true")  # a reload would lose this
        phones.append(phone)
    assert phones[2].get_by_role("heading", name="About you").count() == 1
    check(phones[0], shots, "phone-background", phone=True)

    # -- page 1, background: answers are posted as they are given; the screen counts them -----------------------
    for i, phone in enumerate(phones):
        phone.locator("label", has_text=["Raadslid", "Ambtenaar", "Council member"][i]).tap()
        phone.locator("#live-status").filter(has_text=re.compile("Bewaard|Kept")).wait_for()
    screen.locator("#live-count", has_text="3 antwoorden").wait_for()

    # -- the presenter turns the page with the arrow key; the phones follow without a reload ----------------------
    screen.locator("body").press("ArrowRight")
    screen.locator(".live-title", has_text="Sturing").wait_for()
    for phone in phones:
        phone.locator("legend", has_text=re.compile("De raad krijgt|The council gets")).wait_for()
        assert phone.evaluate("window.stillTheSamePage") is True
    check(phones[1], shots, "phone-statements", phone=True)

    # -- results below k: shown is asked for, but only two answered ----------------------------------------------
    for phone, value in ((phones[0], "4"), (phones[1], "5")):
        phone.locator(f"label[for='st_info-{value}']").tap()
        phone.locator("#live-status", has_text="Bewaard").wait_for()
    screen.get_by_role("button", name="Toon resultaten").click()
    screen.locator(".live-notice", has_text="minstens 3").wait_for()
    assert "2 antwoorden" in count_text(screen)
    assert screen.locator(".live-bar-fill").count() == 0

    # -- the third answer reaches k: the distribution appears -----------------------------------------------------
    phones[2].locator("label[for='st_info-4']").tap()
    phones[2].locator("#live-status", has_text="Kept").wait_for()
    screen.locator(".live-bars").first.wait_for()
    assert "3 antwoorden" in count_text(screen)
    note = screen.locator(".live-note").first.inner_text()
    assert "Gemiddelde 4,3" in note and "n = 3" in note
    # the second statement had no answers: never a result of fewer than k
    assert screen.locator(".live-question").nth(1).locator(".live-bars").count() == 0
    # a changed answer is taken until the presenter moves on
    phones[1].locator("label[for='st_info-2']").tap()
    phones[1].locator("#live-status", has_text="Bewaard").wait_for()
    screen.locator(".live-note", has_text="Gemiddelde 3,3").wait_for()
    check(screen, shots, "presenter-results", doc="live-presenter.png", full_page=False)

    # -- hiding works at once ---------------------------------------------------------------------------------------
    screen.get_by_role("button", name="Verberg resultaten").click()
    screen.locator(".live-bars").first.wait_for(state="detached")

    # -- the open question: answered on a phone, never shown live; English on the screen ------------------------
    screen.get_by_role("button", name="Volgende").click()
    screen.locator(".live-title", has_text="Open vragen").wait_for()
    phones[0].locator("textarea").wait_for()
    phones[0].locator("textarea").fill("Meer gezamenlijke <b>raadsavonden</b> & minder stukken.")
    phones[0].locator("textarea").blur()
    phones[0].locator("#live-status", has_text="Bewaard").wait_for()
    screen.get_by_role("button", name="Toon resultaten").click()
    screen.locator(".live-muted", has_text="niet live getoond").wait_for()
    assert "raadsavonden" not in screen.content()
    screen.goto(f"{base}/live/{round_id}?lang=en")
    for name in ("Previous", "Next", "Show results", "Hide results", "End"):
        assert screen.get_by_role("button", name=name, exact=True).count() == 1, name
    check(screen, shots, "presenter-en")
    screen.goto(f"{base}/live/{round_id}?lang=nl")

    # -- the end: every phone's answers become one anonymous response ---------------------------------------------
    screen.once("dialog", lambda dialog: dialog.accept())
    with screen.expect_navigation():
        screen.get_by_role("button", name="Beëindig").click()
    assert "3 deelnemers zijn opgeslagen" in screen.locator("#live-stored").inner_text()
    for phone in phones:
        phone.get_by_role("heading", name=re.compile("Sessie afgelopen|Session over")).wait_for()
    check(phones[0], shots, "phone-ended", phone=True)

    rows = list(session.exec(select(Response).where(Response.round_id == int(round_id))))
    assert len(rows) == 3
    assert sorted(r.open_answers is not None for r in rows) == [False, False, True]
    rnd = session.get(Round, int(round_id))
    assert analysis.analyse(session, rnd, include_benchmark=False).n == 3
    assert rounds.round_status(session, rnd).responses == 3
