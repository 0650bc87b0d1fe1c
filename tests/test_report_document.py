"""The report as one document, rendered twice: every shipped instrument gives 8-20 PDF pages with 3 and with 12
groups; the HTML rendering is one self-contained page (lang, title, one h1, headings in order, captions and th
scope on every table, a title and description on every chart, no script, no outside request) that never loads
ReportLab; both renderings carry the same words and figures."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from scanengine import analysis, closing, definition, rounds, simulate
from scanengine.report import build_html, build_pdf, compose
from scanengine.report.document import Figure, Table, walk
from scanengine.report.text import num, pct
from tests.readback import html_text, pdf_pages, pdf_text

SHIPPED = sorted(definition.shipped())


def closed_round(session, qid: str, groups: int, respondents: int, seed: int = 11):
    q = definition.load(definition.shipped()[qid])
    names = [(f"Gemeente {chr(65 + i)}{'a' * (i % 3)}", 30) for i in range(groups)]
    rnd = rounds.create_round(
        session, q, name=f"Ronde {groups}", cooperation=f"Regio {qid}", groups=names, min_group_size=5
    )
    rounds.open_round(session, rnd)
    simulate.simulate_round(session, rnd, respondents, seed=seed)
    closing.close_round(session, rnd)
    session.commit()
    return analysis.analyse(session, rnd)


@pytest.mark.slow
@pytest.mark.parametrize("qid", SHIPPED)
@pytest.mark.parametrize("groups", [3, 12])
def test_every_shipped_instrument_gives_8_to_20_pages(session, qid, groups):
    res = closed_round(session, qid, groups, 40 * groups)
    pages = pdf_pages(build_pdf(res, "nl", invariant=True))
    assert 8 <= len(pages) <= 20, f"{qid} with {groups} groups: {len(pages)} pages"


def _headings(page: str) -> list[int]:
    return [int(h) for h in re.findall(r"<h([1-6])[ >]", page)]


@pytest.mark.parametrize("qid", SHIPPED)
def test_html_report_is_one_accessible_self_contained_page(session, qid):
    res = closed_round(session, qid, 4, 90)
    page = build_html(res, "nl")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    assert re.search(r"<title>[^<]+</title>", page)
    levels = _headings(page)
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), "a heading level is skipped"
    assert "<script" not in page and not re.search(r"\s(src|href)=\"(https?:)?//", page)
    assert not re.search(r"<link\b", page) and "@import" not in page and "url(" not in page
    tables = re.findall(r"<table.*?</table>", page, flags=re.S)
    assert tables and all("<caption" in t and 'scope="' in t for t in tables)
    charts = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert charts and all("<title" in c and "<desc" in c and 'role="img"' in c for c in charts)
    assert not re.search(r"\sstyle=", page)  # the dashboard shows the same markup under a strict CSP


def test_figures_have_alt_text_with_their_numbers(session):
    res = closed_round(session, "vertrouwensscan", 4, 90)
    doc = compose.build(res, "nl")
    figures = [n for n in walk(doc.chapters) if isinstance(n, Figure)]
    assert figures
    for f in figures:
        assert re.search(r"\d", f.alt), f"the text alternative of {f.title!r} names no figure"
    for d in res.dimensions:
        assert any(num(d.mean, "nl") in f.alt for f in figures)


@pytest.mark.parametrize("qid", SHIPPED)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_and_html_carry_the_same_figures(session, qid, lang):
    res = closed_round(session, qid, 4, 90)
    if lang not in res.questionnaire.languages:
        pytest.skip(f"{qid} has no {lang} texts")
    pdf = pdf_text(build_pdf(res, lang, invariant=True))
    page = html_text(build_html(res, lang))
    figures = []
    for d in res.dimensions:
        figures += [num(d.mean, lang), f"n = {d.n}"] if d.mean is not None else []
    for g in res.group_counts:
        if not g.suppressed:
            figures.append(f"{g.name} {g.responses}")
    for q in res.questions:
        f = q.figures
        if f is None:
            continue
        for o in getattr(f, "options", []):
            for attr in ("share", "points", "mean_rank"):
                value = getattr(o, attr, None)
                if value is not None:
                    figures.append(pct(value, lang) if attr == "share" else num(value, lang))
    assert figures
    missing = [x for x in figures if x not in pdf.replace("\u00a0", " ") or x not in page]
    assert not missing, f"in one rendering but not the other (or neither): {missing[:10]}"
    # and the words: every heading of the document is in both
    doc = compose.build(res, lang)
    for s in doc.sections():
        if s.outline:
            assert s.heading in page
            assert " ".join(s.heading.split()) in re.sub(r"(\w)- (\w)", r"\1\2", pdf)


def test_every_table_has_rows_and_every_section_content(session):
    res = closed_round(session, "regionale_agenda", 4, 90)
    doc = compose.build(res, "nl")
    for s in doc.sections():
        assert s.children, f"section {s.heading!r} is empty"
    for t in (n for n in walk(doc.chapters) if isinstance(n, Table)):
        assert t.caption and t.rows
    with pytest.raises(ValueError, match="no rows"):
        Table("leeg", [], [])


def test_the_html_rendering_never_loads_reportlab(session, database_url):
    """The results page and the HTML report are made without ReportLab (only the PDF writer imports it); the
    same script making the PDF does load it (the control)."""
    closed_round(session, "vertrouwensscan", 3, 40)

    def modules_after(render: str) -> str:
        code = (
            "import sys\n"
            "from sqlmodel import Session, select\n"
            "from scanengine import analysis, db, report\n"
            "from scanengine.models import Round\n"
            f"with Session(db.get_engine({database_url!r})) as s:\n"
            "    res = analysis.analyse(s, s.exec(select(Round)).first())\n"
            f"    {render}\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'))\n"
        )
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert modules_after("assert '<svg' in report.build_html(res, 'nl')").strip() == "[]"
    assert "reportlab.platypus" in modules_after("report.build_pdf(res, 'nl')")
