"""A participant in the browser: answers each page by touch or by keyboard only, remembers what was given,
and checks every page on the way (axe-core; on a phone also width and text size). Shared by the participant
and facilitator journeys."""

from __future__ import annotations

import zlib
from pathlib import Path

from sqlmodel import select

from scanengine import closing, definition
from scanengine.models import STATUS_OPEN, Response, Round
from scanengine.responses import unpack_answers, unpack_background
from tests.browser import axe, layout
from tests.browser.conftest import BROWSER_SECRET, ROOT

TRUST_SCAN = ROOT / "questionnaires" / "vertrouwensscan.json"
OPEN_TEXT = 'Vaker samen <b>oplossen</b> & "eerlijk" zijn over geld — ĳverig.'

SHOWN = (
    "form.questionnaire .page:not([hidden])"  # the page on screen (with JavaScript every page is in the DOM)
)
_FIELDS = """() => [...document.querySelectorAll('form.questionnaire .page:not([hidden]) .question:not([hidden])')]
  .map(el => {
    const radios = [...el.querySelectorAll('input[type=radio]')];
    if (radios.length) return {id: radios[0].name, kind: 'radio', values: radios.map(r => r.value)};
    const text = el.querySelector('textarea');
    return {id: text.name, kind: 'text', values: []};
  })"""
_ENHANCED = "() => !!document.querySelector('form.questionnaire.enhanced')"
_STEP_CHANGED = "(before) => document.getElementById('step-label').textContent !== before"
_STATUS_SHOWN = "() => (document.getElementById('form-status') || {}).textContent"
_FORM_GONE = "() => !document.querySelector('form.questionnaire')"
_CHECKED = "(name) => { const r = document.querySelector(`input[name='${name}']:checked`); return r ? r.value : null; }"
_FOCUS_NAME = "() => document.activeElement ? (document.activeElement.name || '') : ''"
_FOCUS_BUTTON = (
    "(action) => document.activeElement && document.activeElement.tagName === 'BUTTON'"
    " && document.activeElement.value === action"
)


def open_round(live_cli, tmp_path: Path, questionnaire: Path = TRUST_SCAN) -> tuple[str, list[str]]:
    """An open round with two personal links, set up through the CLI (not part of the journey)."""
    out = live_cli(
        "round",
        "create",
        "--questionnaire",
        questionnaire,
        "--name",
        "Vertrouwensscan 2025",
        "--cooperation",
        "Regio Rivierenland",
        "--group",
        "Gemeente Noord=10",
        "--group",
        "Gemeente Zuid=8",
    )
    round_id = out.output.strip().splitlines()[-1]
    csv_path = tmp_path / "links.csv"
    live_cli("links", round_id, "--group", "Gemeente Noord", "--count", "2", "--csv", csv_path)
    live_cli("round", "open", round_id)
    links = [line.split(",", 1)[1] for line in csv_path.read_text().splitlines()[1:]]
    return round_id, links


class Participant:
    """One person on one link: knows what they answered, checks every page they see."""

    def __init__(self, shots, *, role: str, keyboard: bool, phone: bool, checks: bool = True):
        self.shots = shots
        self.checks = (
            checks  # False: a participant in someone else's journey, pages already checked elsewhere
        )
        self.background = {"role": role, "years": "y4_8"}
        self.keyboard = keyboard
        self.phone = phone
        self.given: dict[str, str] = {}  # field id -> value as posted

    def value_for(self, field: dict) -> str:
        if field["id"] in self.background:
            return self.background[field["id"]]
        values = field["values"]  # 1..points, then dk: a spread over the whole scale, don't know included
        return values[zlib.crc32(field["id"].encode()) % len(values)]

    def check(self, page, name: str, **shot) -> None:
        """What every page must pass: axe-core, and on a phone no sideways scroll and no tiny text."""
        if not self.checks:
            return
        axe.assert_accessible(page, name)
        if self.phone:
            layout.assert_fits_phone(page, name)
        self.shots.take(page, name, **shot)

    def step(self, page) -> str:
        return page.locator("#step-label").inner_text()

    # -- answering -------------------------------------------------------------------------------------------

    def answer_page(self, page) -> None:
        for field in page.evaluate(_FIELDS):
            fid = field["id"]
            if field["kind"] == "text":
                self.given[fid] = OPEN_TEXT
                if self.keyboard:
                    self.tab_to(page, _FOCUS_NAME, fid)
                    page.keyboard.type(OPEN_TEXT)
                else:
                    page.locator(f"#{fid}").tap()
                    page.locator(f"#{fid}").fill(OPEN_TEXT)
                assert page.locator(f"#{fid}").input_value() == OPEN_TEXT
                continue
            value = self.value_for(field)
            self.given[fid] = value
            if self.keyboard:
                self.choose_by_keys(page, fid, field["values"], value)
            else:
                page.locator(f"label[for='{fid}-{value}']").tap()
            assert page.evaluate(_CHECKED, fid) == value, f"{fid}: {value} was not selected"

    def choose_by_keys(self, page, fid: str, values: list[str], value: str) -> None:
        """Tab into the radio group, then arrow keys (which select) or Space (on the first, unselected one)."""
        self.tab_to(page, _FOCUS_NAME, fid)
        layout.assert_focus_visible(page, f"radio group {fid}")
        now = values.index(page.evaluate("() => document.activeElement.value"))
        target = values.index(value)
        key = "ArrowDown" if target > now else "ArrowUp"
        for _ in range(abs(target - now)):
            page.keyboard.press(key)
        if page.evaluate(_CHECKED, fid) != value:
            page.keyboard.press("Space")

    def tab_to(self, page, predicate: str, arg, limit: int = 120) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate, arg) in (True, arg):
                return
        raise AssertionError(f"Tab never reached {arg!r} on {page.url}")

    def press(self, page, action: str) -> None:
        """Next, back, save or submit: Tab to the button and Enter (Space for save), or a tap. With JavaScript
        (static/form.js) next and back turn the page in the browser; save and submit post in the background."""
        if page.evaluate(_ENHANCED):
            self.press_enhanced(page, action)
            return
        if self.keyboard:
            self.tab_to(page, _FOCUS_BUTTON, action)
            layout.assert_focus_visible(page, f"button {action}")
            with page.expect_navigation() as nav:
                page.keyboard.press("Space" if action == "save" else "Enter")
        else:
            with page.expect_navigation() as nav:
                page.locator(f"{SHOWN} button[name=action][value={action}]").tap()
        assert nav.value.status == 200, f"{action} answered {nav.value.status}"

    def press_enhanced(self, page, action: str) -> None:
        before = self.step(page)
        page.evaluate(
            "() => { const s = document.getElementById('form-status'); if (s) s.textContent = ''; }"
        )
        if self.keyboard:
            self.tab_to(page, _FOCUS_BUTTON, action)
            layout.assert_focus_visible(page, f"button {action}")
            page.keyboard.press("Space" if action == "save" else "Enter")
        else:
            page.locator(f"{SHOWN} button[name=action][value={action}]").tap()
        if action in ("next", "back"):
            page.wait_for_function(_STEP_CHANGED, arg=before)
            assert page.evaluate("() => document.activeElement.tagName") == "H1", (
                "focus did not move to the heading"
            )
        elif action == "save":
            page.wait_for_function(_STATUS_SHOWN)
        else:
            page.wait_for_function(_FORM_GONE)

    def assert_kept(self, page) -> None:
        """Every field on this page shows what was given before leaving."""
        for field in page.evaluate(_FIELDS):
            fid = field["id"]
            if field["kind"] == "text":
                assert page.locator(f"#{fid}").input_value() == self.given.get(fid, "")
            else:
                assert page.evaluate(_CHECKED, fid) == self.given.get(fid), f"{fid} not kept after resuming"

    def walk(self, page, *, until_step: int | None = None) -> int:
        """Answer page after page up to the review page (or up to step ``until_step``); returns the step index."""
        idx = int(page.locator("input[name=page]").input_value())
        while not page.locator(f"{SHOWN} button[value=submit]").count():
            self.answer_page(page)
            if idx == 2:
                page.evaluate("window.scrollTo(0, 0)")
                self.check(
                    page,
                    f"step-{idx + 1}-answered",
                    doc="form-phone.png" if self.phone else None,
                    full_page=not self.phone,
                )
            if until_step is not None and idx == until_step:
                return idx
            self.press(page, "next")
            idx = int(page.locator("input[name=page]").input_value())
            self.check(page, f"step-{idx + 1}")
        return idx


def stored(session, round_id: str) -> list[Response]:
    """The round's responses, after closing it if it is open (submissions reach ``response`` k at a time, and
    all at the close)."""
    rnd = session.get(Round, int(round_id))
    if rnd.status == STATUS_OPEN:
        closing.close_round(session, rnd, secret=BROWSER_SECRET)
        session.commit()
    return list(session.exec(select(Response).where(Response.round_id == int(round_id))))


def assert_stored_once(session, round_id: str, who: Participant) -> None:
    """Exactly one response, carrying exactly the answers given in the browser (nothing else, nothing lost)."""
    q = definition.load(TRUST_SCAN)
    rows = stored(session, round_id)
    assert len(rows) == 1
    row = rows[0]
    statements = {item.id for item in q.items}
    expected = {k: (v if v == "dk" else int(v)) for k, v in who.given.items() if k in statements}
    assert unpack_answers(q, row.answers) == expected
    assert unpack_background(q, row.background) == who.background
    assert row.open_answers == {o.id: OPEN_TEXT for o in q.open_questions}
