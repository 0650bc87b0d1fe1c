"""A facilitator runs a round in Chromium: logs in, creates a round from the shipped trust scan, downloads the
links CSV, opens the round, watches the response rate move when a participant submits through one of those
links, closes the round after the confirmation page, reads the results and downloads the PDF; axe-core checks
every page of the dashboard, at desktop width and on a 360 px phone."""

from __future__ import annotations

import csv
import io
import re

from pypdf import PdfReader

from tests.browser import axe, layout
from tests.browser.conftest import DESKTOP, PASSWORD, PHONE, new_context
from tests.browser.participant import Participant

EMAIL = "facilitator@regio-rivierenland.nl"
ROUND_NAME = "Vertrouwensscan voorjaar 2025"


class Facilitator:
    def __init__(self, page, shots, *, phone: bool = False):
        self.page = page
        self.shots = shots
        self.phone = phone

    def check(self, name: str, **shot) -> None:
        axe.assert_accessible(self.page, name)
        if self.phone:
            layout.assert_fits_phone(self.page, name)
        self.shots.take(self.page, name, **shot)

    def click(self, locator) -> None:
        """Follow a link or press a button that loads a page, and insist that page is not an error."""
        with self.page.expect_navigation() as nav:
            locator.click()
        assert nav.value.status == 200, f"{nav.value.url} answered {nav.value.status}"

    def login(self, base: str) -> None:
        page = self.page
        assert page.goto(base + "/dashboard/").status == 200
        assert "/login" in page.url  # anonymous visitors are sent to the login page
        self.check("login")
        page.get_by_label("E-mailadres").fill(EMAIL)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        self.click(page.get_by_role("button", name="Inloggen"))
        assert page.url.endswith("/dashboard/")

    def total_rate(self) -> str:
        """The response rate in the total row of the round page's table."""
        return self.page.locator("tfoot td.num").last.inner_text().strip()


def test_facilitator_journey(browser, live_server, live_cli, session, shots, tmp_path):
    live_cli("user", "create", "--email", EMAIL, env={"SCANENGINE_PASSWORD": PASSWORD})
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    fac = Facilitator(page, shots)

    fac.login(live_server.url)
    assert "Er zijn nog geen rondes." in page.locator("main").inner_text()
    fac.check("dashboard-empty")

    # -- create a round from the shipped trust scan ------------------------------------------------------------
    fac.click(page.get_by_role("link", name="Nieuwe ronde"))
    fac.check("create")
    page.locator("input[name=source][value=vertrouwensscan]").check()
    page.get_by_label("Naam").fill(ROUND_NAME)
    page.get_by_label("Samenwerkingsverband").fill("Regio Rivierenland")
    page.get_by_label("Uitnodigingsgroepen").fill("Gemeente Noord=20\nGemeente Zuid=16")
    fac.click(page.get_by_role("button", name="Ronde aanmaken"))
    assert re.search(r"/dashboard/rounds/\d+$", page.url), page.url
    round_id = page.url.rsplit("/", 1)[-1]
    assert page.locator(".status").inner_text() == "concept"
    fac.check("round-created")

    # -- issue links: a CSV download, shown once ------------------------------------------------------------------
    page.get_by_label("Groep", exact=True).select_option("Gemeente Noord")
    page.get_by_label("Aantal persoonlijke links").fill("3")
    with page.expect_download() as download:
        page.get_by_role("button", name="Links downloaden (CSV)").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert rows[0] == ["group", "link"] and len(rows) == 4
    links = [link for _group, link in rows[1:]]
    assert all(link.startswith(f"{live_server.url}/s/") for link in links)

    # -- open ---------------------------------------------------------------------------------------------------
    fac.click(page.get_by_role("button", name="Ronde openen"))
    assert "De ronde is geopend." in page.locator(".flashes").inner_text()
    assert page.locator(".status").inner_text() == "open"
    assert fac.total_rate() == "0%"
    fac.check("round-open")

    # -- a participant answers through one of the links; the rate moves -------------------------------------------
    participant_context = new_context(browser, PHONE)
    form = participant_context.new_page()
    who = Participant(shots, role="ambtenaar", keyboard=False, phone=True, checks=False)
    assert form.goto(links[0]).status == 200
    who.walk(form)
    who.press(form, "submit")
    assert form.locator("h1").inner_text() == "Bedankt voor uw deelname"
    participant_context.close()

    assert page.reload().status == 200
    assert fac.total_rate() == "3%"  # 1 of 36 expected
    noord = page.locator("tbody tr", has=page.locator("th", has_text="Gemeente Noord"))
    assert noord.locator("td").first.inner_text() == "1"
    fac.check("round-one-response")

    # more respondents (synthetic, through the CLI) so that the results have groups of at least k
    live_cli("simulate", round_id, "--respondents", "24", "--seed", "7")
    fac.click(page.get_by_role("link", name="Terug naar het dashboard"))
    overview = page.locator("main").inner_text()
    assert "Respons: 25 / 36" in overview and "Responspercentage: 69%" in overview, overview
    fac.check("dashboard", doc="dashboard.png")

    # -- close, with its confirmation page ------------------------------------------------------------------------
    fac.click(page.get_by_role("link", name=ROUND_NAME))
    fac.click(page.get_by_role("link", name="Ronde sluiten"))
    assert page.locator("h1").inner_text() == "Ronde definitief sluiten?"
    fac.check("close-confirm")
    fac.click(page.get_by_role("button", name="Ja, definitief sluiten"))
    assert "De ronde is gesloten met 25 reacties." in page.locator(".flashes").inner_text()
    assert page.locator(".status").inner_text() == "gesloten"
    fac.check("round-closed")

    # -- results and the PDF --------------------------------------------------------------------------------------
    fac.click(page.locator(".actions").get_by_role("link", name="Resultaten"))
    assert page.locator("h1").inner_text() == f"Resultaten: {ROUND_NAME}"
    assert page.locator("svg.chart").count() >= 2
    fac.check("results", doc="results.png", doc_height=1500)
    with page.expect_download(timeout=120_000) as download:  # the report is built on request
        page.get_by_role("link", name="Rapport (PDF, Nederlands)").click(no_wait_after=True)
    pdf_path = download.value.path()
    assert pdf_path.read_bytes()[:5] == b"%PDF-"
    reader = PdfReader(pdf_path)
    assert 8 <= len(reader.pages) <= 20
    assert ROUND_NAME in reader.pages[0].extract_text()
    (shots.dir / "report.pdf").write_bytes(pdf_path.read_bytes())

    # -- the same dashboard on a phone: axe, no sideways scroll, readable text ------------------------------------
    phone_context = new_context(browser, {**PHONE, "device_scale_factor": 1})  # long pages: 1x screenshots
    phone = Facilitator(phone_context.new_page(), shots, phone=True)
    phone.login(live_server.url)
    phone.check("phone-dashboard")
    for name, path in (
        ("phone-round", f"/dashboard/rounds/{round_id}"),
        ("phone-results", f"/dashboard/rounds/{round_id}/results"),
    ):
        assert phone.page.goto(live_server.url + path).status == 200
        phone.check(name)
    phone_context.close()

    # -- log out ---------------------------------------------------------------------------------------------------
    fac.click(page.get_by_role("button", name="Uitloggen"))
    assert page.locator("h1").inner_text() == "U bent uitgelogd."
    fac.check("logged-out")
    assert "/login" in (page.goto(live_server.url + "/dashboard/") and page.url)
    context.close()
