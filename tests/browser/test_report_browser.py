"""The HTML report of every shipped instrument in Chromium, as a municipality would publish it: axe-core finds no
WCAG 2.1 A/AA violation at 1280 px nor at 320 px, at 320 px the page does not scroll sideways (a wide table
scrolls in its own box) and its text stays readable, the page asks for nothing outside its file, and its figures
are the PDF's (read back from the page's text and with pypdf)."""

from __future__ import annotations

import pytest

from scanengine import analysis, closing, definition, rounds, simulate
from scanengine.report import build_html, build_pdf
from scanengine.report.text import num, pct
from tests.browser import axe, layout
from tests.browser.conftest import DESKTOP, PHONE, new_context
from tests.readback import pdf_text

SHIPPED = sorted(definition.shipped())
NARROW = {**PHONE, "viewport": {"width": 320, "height": 640}, "device_scale_factor": 1}  # the smallest phones


def _closed(session, qid: str):
    q = definition.load(definition.shipped()[qid])
    groups = [
        ("Gemeente Aalten-Oost", 40),
        ("Gemeente Bree", 30),
        ("Samenwerkingsorganisatie Regio", 20),
        ("Klein", 3),
    ]
    rnd = rounds.create_round(session, q, name="Najaar 2026", cooperation="Regio Achterhoek", groups=groups)
    rounds.open_round(session, rnd)
    simulate.simulate_round(session, rnd, 110, seed=3)
    closing.close_round(session, rnd)
    session.commit()
    return analysis.analyse(session, rnd)


@pytest.mark.parametrize("qid", SHIPPED)
def test_html_report_in_chromium(browser, session, tmp_path, shots, qid):
    res = _closed(session, qid)
    path = tmp_path / f"{qid}.html"
    path.write_text(build_html(res, "nl"), encoding="utf-8")
    pdf = pdf_text(build_pdf(res, "nl"))
    for device, where in ((DESKTOP, "1280"), (NARROW, "320")):
        context = new_context(browser, device)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda req, seen=requests: seen.append(req.url))
        assert page.goto(path.as_uri()).ok
        assert requests == [path.as_uri()], f"the page asked for more than its own file: {requests}"
        axe.assert_accessible(page, f"{qid} HTML report at {where} px")
        if where == "320":
            layout.assert_fits_phone(page, f"{qid} HTML report at 320 px")
        text = page.inner_text("main").replace("\u00ad", "")
        figures = [num(d.mean, "nl") for d in res.dimensions if d.mean is not None]
        figures += [str(g.responses) for g in res.group_counts if not g.suppressed]
        figures += [
            pct(o.share, "nl")
            for qr in res.questions
            if qr.figures is not None
            for o in getattr(qr.figures, "options", [])
            if getattr(o, "share", None) is not None
        ]
        assert figures
        assert [x for x in figures if x not in text] == [], "figures of the results not on the page"
        assert [x for x in figures if x not in pdf] == [], "figures of the page not in the PDF"
        shots.take(page, f"{qid}-{where}")
        context.close()
