"""The results page of a round with sections (the shipped businesscase) in Chromium: it shows the report itself
(the HTML rendering), at 1280 px no table of it needs a scroll box (every column, the change one included, in view),
the section questions show their charts and tables, axe-core finds nothing; on a 360 px phone the page still
does not scroll sideways."""

from __future__ import annotations

from tests.browser import axe, layout
from tests.browser.conftest import DESKTOP, PASSWORD, PHONE, new_context

EMAIL = "facilitator@regio-rivierenland.nl"

# the widest table of the page: does it scroll inside its box, and is its last column inside the viewport?
_TABLES = """() => [...document.querySelectorAll('.report .table-wrap')].map((wrap) => ({
  caption: (wrap.querySelector('caption') || {}).textContent,
  scroll: wrap.scrollWidth - wrap.clientWidth,
  right: wrap.getBoundingClientRect().right,
  width: window.innerWidth,
}))"""


def _login(page, base: str) -> None:
    assert page.goto(base + "/login").status == 200
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def test_results_page_uses_a_desktops_width(browser, live_server, live_cli, shots):
    live_cli("user", "create", "--email", EMAIL, env={"SCANENGINE_PASSWORD": PASSWORD})
    out = live_cli(
        "round",
        "create",
        "--questionnaire",
        "businesscase",
        "--name",
        "Businesscase 2026",
        "--cooperation",
        "Regio Rivierenland",
        "--group",
        "Gemeente Noord=60",
        "--group",
        "Gemeente Zuid=60",
        "--group",
        "Werkorganisatie=40",
        "--owner",
        EMAIL,
    ).output
    round_id = out.strip().splitlines()[-1]
    live_cli("round", "open", round_id)
    live_cli("simulate", round_id, "--respondents", "120", "--seed", "5")
    live_cli("round", "close", round_id)

    context = new_context(browser, DESKTOP)
    page = context.new_page()
    _login(page, live_server.url)
    assert page.goto(f"{live_server.url}/dashboard/rounds/{round_id}/results").status == 200
    tables = page.evaluate(_TABLES)
    assert len(tables) >= 10
    wide = [t for t in tables if t["scroll"] > 0 or t["right"] > t["width"]]
    assert not wide, f"tables that scroll sideways or stick out at 1280 px: {wide}"
    main = page.locator("main").inner_text().replace("\u00ad", "")
    assert "Geld en formatie" in main and "Belangrijkste motief" in main and "Middelste helft" in main
    # a chart's figures are in a table under it, folded away until asked for
    assert "Deel dat koos" not in main and "Deel dat koos" in page.locator("main").text_content()
    for summary in page.locator("details.figure-data summary").all():
        summary.click()  # opens with a click (or Enter), no script needed
    assert "Deel dat koos" in page.locator("main").inner_text()
    report = page.locator("article.report")
    assert report.locator("table").count() >= 10 and report.locator("svg.chart").count() >= 5
    title = page.locator("article.report h2").first.inner_text().replace("\u00ad", "")
    assert title == "Businesscase van de samenwerking"
    axe.assert_accessible(page, "results-sections")
    shots.take(page, "results-1280", doc="results-sections.png", doc_height=1400)
    context.close()

    phone_context = new_context(browser, {**PHONE, "device_scale_factor": 1})
    phone = phone_context.new_page()
    _login(phone, live_server.url)
    assert phone.goto(f"{live_server.url}/dashboard/rounds/{round_id}/results").status == 200
    axe.assert_accessible(phone, "phone-results-sections")
    layout.assert_fits_phone(phone, "phone-results-sections")
    shots.take(phone, "results-360")
    phone_context.close()
