"""The presenter's screen on a projector's 1366 x 768, in Chromium, for every shipped instrument.

On every page the buttons (Vorige, Volgende, Toon/Verberg resultaten, Beëindig) are inside the window without
scrolling the page: the questions and their results scroll in their own panel. The join address may wrap, but
never inside the code, whatever the length of the installation's address.
"""

from __future__ import annotations

import re

import pytest

from scanengine import definition, live, rounds
from scanengine.models import Round
from tests.browser import axe
from tests.browser.conftest import PASSWORD, ROOT, log_in, new_context

PROJECTOR = {"viewport": {"width": 1366, "height": 768}}
EMAIL = "presentator@regio-rivierenland.nl"
INSTRUMENTS = ["vertrouwensscan", "evaluatie", "grip", "businesscase", "regionale_agenda", "rechtsvorm"]
BUTTONS = ("previous", "next", "show", "hide", "end")

#: the boxes of the buttons and what scrolls, as the presenter sees them
_LAYOUT = """() => {
  const buttons = [...document.querySelectorAll('#live-controls button[name=action]')].map(b => {
    const r = b.getBoundingClientRect();
    return {value: b.value, top: r.top, bottom: r.bottom, left: r.left, right: r.right};
  });
  const doc = document.scrollingElement;
  const panel = document.querySelector('.live-questions');
  return {buttons, pageScroll: doc.scrollHeight - window.innerHeight, width: doc.scrollWidth,
          panelScroll: panel ? panel.scrollHeight - panel.clientHeight : 0,
          title: document.querySelector('.live-title').textContent};
}"""

#: on how many lines the characters of ``text`` inside ``selector`` are laid out (one range per character)
_LINES_OF = """([selector, text]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) chars.push([node, i]);
  }
  const whole = chars.map(([n, i]) => n.data[i]).join('');
  const at = whole.lastIndexOf(text);
  if (at < 0) return -1;
  const tops = new Set();
  for (const [node, i] of chars.slice(at, at + text.length)) {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    tops.add(Math.round(range.getBoundingClientRect().top));
  }
  return tops.size;
}"""


def _presenter(browser, live_server, live_cli, tmp_path, name: str):
    """An open round of a shipped instrument, its owner logged in on the projector, the session started."""
    live_cli("user", "create", "--email", EMAIL, env={"SCANENGINE_PASSWORD": PASSWORD})
    out = live_cli(
        "round",
        "create",
        "--questionnaire",
        ROOT / "questionnaires" / f"{name}.json",
        "--name",
        f"Werksessie {name}",
        "--cooperation",
        "Regio Rivierenland",
        "--group",
        "Gemeente Noord",
        "--group",
        "Gemeente Zuid",
        "--min-group-size",
        "3",
        "--owner",
        EMAIL,
    )
    round_id = int(out.output.strip().splitlines()[-1])
    live_cli("round", "open", str(round_id))
    context = new_context(browser, PROJECTOR)
    screen = context.new_page()
    log_in(screen, live_server.url, EMAIL)
    screen.goto(f"{live_server.url}/live/{round_id}")
    with screen.expect_navigation():
        screen.get_by_role("button", name="Live sessie starten").click()
    return context, screen, round_id


def _assert_in_view(screen, where: str) -> dict:
    got = screen.evaluate(_LAYOUT)
    assert got["pageScroll"] <= 0, f"{where}: the page scrolls by {got['pageScroll']} px"
    assert got["width"] <= 1366, f"{where}: the page is {got['width']} px wide"
    assert [b["value"] for b in got["buttons"]] == list(BUTTONS), where
    for b in got["buttons"]:
        assert b["top"] >= 0 and b["bottom"] <= 768 and b["right"] <= 1366, f"{where}: {b['value']} at {b}"
    return got


def _turn(screen) -> None:
    step = screen.locator(".live-step").inner_text()
    screen.locator("#live-controls button[value=next]").click()
    screen.wait_for_function("(s) => document.querySelector('.live-step').textContent !== s", arg=step)


@pytest.mark.parametrize("name", INSTRUMENTS)
def test_every_page_shows_its_buttons_on_a_projector(browser, live_server, live_cli, tmp_path, shots, name):
    context, screen, _round_id = _presenter(browser, live_server, live_cli, tmp_path, name)
    n_pages = len(live.pages(definition.resolve(name)))
    for index in range(n_pages):
        got = _assert_in_view(
            screen, f"{name}, page {index + 1} ({screen.locator('.live-title').inner_text()})"
        )
        if index == 0:
            axe.assert_accessible(screen, f"presenter-1366-{name}")
            shots.take(screen, f"{name}-page-1", full_page=False)
        if index < n_pages - 1:
            _turn(screen)
    assert got is not None
    context.close()


def test_results_scroll_in_their_panel_and_the_buttons_stay(
    browser, live_server, live_cli, session, tmp_path, shots
):
    """The trust scan with three phones answering every statement and the results shown on each page."""
    context, screen, round_id = _presenter(browser, live_server, live_cli, tmp_path, "vertrouwensscan")
    rnd = session.get(Round, round_id)
    q = rounds.questionnaire_of(rnd)
    code = screen.locator("#live-code").inner_text().strip()
    group = rounds.groups_of(session, round_id)[0].id
    keys = [live.join(session, live.resolve(session, code), group) for _ in range(3)]
    scrolled = 0
    for index, page in enumerate(live.pages(q)):
        statements = [e.question for e in page.entries if e.kind.name == "statement"]
        for i, key in enumerate(keys):
            if statements:
                live.answer(
                    session, live.resolve(session, code, key), index, {s.id: str(2 + i) for s in statements}
                )
        if statements:
            screen.locator("#live-controls button[value=show]").click()
            screen.locator(".live-bars").first.wait_for()
            got = _assert_in_view(screen, f"results of page {index + 1}")
            scrolled += got["panelScroll"] > 0
            if index == 1:
                axe.assert_accessible(screen, "presenter-1366-results")
                shots.take(screen, "results-1366", full_page=False)
        if index < len(live.pages(q)) - 1:
            _turn(screen)
    assert scrolled, "no page had results longer than their panel: the test proves nothing about scrolling"
    context.close()


@pytest.mark.parametrize(
    "base",
    [
        "https://scan.regio.nl",
        "https://scan.regio-west.nl",
        "https://samenwerking.regio-rivierenland.nl",
        "https://vertrouwensscan.gemeenschappelijke-regeling-rivierenland.nl",
    ],
)
def test_the_join_address_never_breaks_inside_the_code(browser, live_server, live_cli, tmp_path, base):
    live_server.app.config["BASE_URL"] = base
    context, screen, _ = _presenter(browser, live_server, live_cli, tmp_path, "grip")
    code = screen.locator("#live-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    assert screen.locator(".live-url").inner_text().replace("\n", "") == f"{base}/j/{code}"
    assert screen.evaluate(_LINES_OF, [".live-url", f"/j/{code}"]) == 1, "the address breaks inside the code"
    assert screen.evaluate(_LINES_OF, ["#live-code", code]) == 1
    _assert_in_view(screen, base)
    context.close()
