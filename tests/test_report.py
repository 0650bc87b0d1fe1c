"""The benchmark PDF: built from real rounds (responses stored, round closed, analysis run), read back with pypdf.

Checked: the sections are there, suppressed groups are absent and the note says so, open answers print as typed
(markup and ampersands included), Dutch diacritics survive, the metadata and the /Lang are set, the output is
byte-stable with ``invariant``, and the rounds without benchmark, previous round, shown groups or open answers
still give a report that says so.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from scanengine import analysis, closing, definition, rounds
from scanengine.models import Response
from scanengine.report import build_pdf, charts, default_path, slug, write_report
from scanengine.report.text import first_sentence, num, p_value, t
from scanengine.responses import pack_answers, pack_background

MARKUP = "Meer <b>overleg</b> & minder <i>papier</i>; ideeën over ĳs en één café kost €5"
WITHHELD = "Dit antwoord komt uit een kleine groep"


def add(
    session,
    q,
    rnd,
    group: str,
    n: int,
    *,
    role: str = "ambtenaar",
    level: int = 3,
    open_text: str | None = None,
):
    """``n`` responses of group ``group``: answers around ``level`` on the 4-point mini scale."""
    gid = rounds.group_by_name(session, rnd, group).id
    for i in range(n):
        v = max(1, min(4, level + (i % 3) - 1))
        answers = {"c1": v, "c2": 5 - v, "i1": v, "i2": "dk" if i == 0 else v}
        if role == "raad":
            answers["c3"] = v
        session.add(
            Response(
                round_id=rnd.id,
                group_id=gid,
                answers=pack_answers(q, answers),
                background=pack_background(q, {"role": role if i % 4 else "college"}),
                open_answers={"improve": open_text} if open_text and i == 0 else None,
            )
        )
    session.flush()


def make_round(session, q, *, name="Najaar 2025", cooperation="Regio Ĳssel & Eem", groups, k=5, fill):
    rnd = rounds.create_round(session, q, name=name, cooperation=cooperation, groups=groups, min_group_size=k)
    rounds.open_round(session, rnd)
    fill(rnd)
    closing.close_round(session, rnd)
    analysis.store_summary(session, rnd)
    session.commit()
    return rnd


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


@pytest.fixture
def full(session, mini):
    """A round with a previous round (same cooperation), a benchmark round (another cooperation), a small
    suppressed group, a role breakdown and open answers, some with markup."""
    groups = [("Gemeente Ede", 8), ("Gemeente Epe", 8), ("Gemeente Klein", 3)]
    make_round(
        session,
        mini,
        name="Voorjaar 2024",
        groups=groups,
        fill=lambda r: [add(session, mini, r, g, 6, level=2) for g in ("Gemeente Ede", "Gemeente Epe")],
    )
    make_round(
        session,
        mini,
        name="Elders",
        cooperation="Regio Anders",
        groups=[("Gemeente X", 10)],
        fill=lambda r: add(session, mini, r, "Gemeente X", 7, level=3),
    )

    def fill(r):
        add(session, mini, r, "Gemeente Ede", 7, role="raad", level=3, open_text=MARKUP)
        add(session, mini, r, "Gemeente Epe", 6, level=2, open_text="Betere vergaderstukken")
        add(session, mini, r, "Gemeente Klein", 2, level=4, open_text=WITHHELD)

    return make_round(session, mini, groups=groups, fill=fill)


def test_full_report_has_every_section_and_hides_small_groups(session, full):
    results = analysis.analyse(session, full)
    pdf = build_pdf(results, "nl", invariant=True)
    text = text_of(pdf)
    for heading in (
        "Inhoud",
        "1 Conclusie",
        t("nl", "strongest_h"),
        t("nl", "weakest_h"),
        t("nl", "gaps_h"),
        t("nl", "participation_h"),
        "2 Resultaten per dimensie",
        "2.1 Bekwaamheid",
        "2.2 Integriteit",
        "3 Groepen en dimensies",
        "4 Open antwoorden",
        "5 Verantwoording",
        t("nl", "method_anonymity_h"),
    ):
        assert heading in text, heading
    # cover: questionnaire, cooperation, round, n
    assert "Mini-scan" in text and "Regio Ĳssel & Eem" in text and "Najaar 2025" in text
    assert f"Respondenten {results.n}" in text
    # the suppressed group and its open answer never appear; the note says groups were left out
    assert "Gemeente Klein" not in text
    assert WITHHELD not in text
    assert re.search(r"\d groep\(en\) niet getoond", text)
    assert "weggelaten omdat ze uit een te kleine groep komen" in text
    # open answers print exactly as typed, diacritics intact
    assert MARKUP in text
    for ch in ("ĳ", "ë", "é", "€"):
        assert ch in text, ch
    # benchmark and previous round are described in words
    assert "Vorige ronde (Voorjaar 2024)" in text
    assert "Vergeleken met 1 andere rondes" in text or "Vergeleken met 2 andere rondes" in text
    assert "Eensgezindheid (rwg(j) =" in text and "Cronbachs alfa" in text
    # the page numbers are printed and the round fits the page budget for a small definition
    reader = PdfReader(io.BytesIO(pdf))
    assert "Pagina 3" in text
    assert 8 <= len(reader.pages) <= 20


def test_metadata_language_and_embedded_fonts(session, full):
    pdf = build_pdf(analysis.analyse(session, full), "en", invariant=True)
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta.title == "Mini scan — Regio Ĳssel & Eem — Najaar 2025"
    assert meta.author == "Scanengine"
    assert "Benchmark report" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descriptor = (
                font["/FontDescriptor"]
                if "/FontDescriptor" in font
                else font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            assert "/FontFile2" in descriptor  # the TrueType program is embedded
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts  # no Latin-1-only standard font anywhere
    text = text_of(pdf)
    for heading in (
        "Contents",
        "1 Conclusion",
        "2 Results per dimension",
        "3 Groups and dimensions",
        "4 Open answers",
        "5 Method",
    ):
        assert heading in text
    assert "3.0" in text or "2.5" in text  # English decimals (Dutch would print 3,0)


def test_invariant_output_is_byte_stable_and_charts_are_cached(session, full):
    results = analysis.analyse(session, full)
    charts.clear_cache()
    before = dict(charts.stats)
    first = build_pdf(results, "nl", invariant=True)
    rendered = charts.stats["rendered"] - before["rendered"]
    second = build_pdf(results, "nl", invariant=True)
    assert first == second
    assert rendered >= 3  # overview, one per dimension, heatmap
    assert charts.stats["rendered"] - before["rendered"] == rendered  # the second build drew nothing


def test_round_without_benchmark_previous_round_or_open_answers(session, mini):
    rnd = make_round(
        session,
        mini,
        groups=[("Gemeente Ede", None), ("Gemeente Epe", None)],
        fill=lambda r: [add(session, mini, r, g, 6) for g in ("Gemeente Ede", "Gemeente Epe")],
    )
    text = text_of(build_pdf(analysis.analyse(session, rnd), "nl", invariant=True))
    # each caveat once, in the conclusion: not again under the chart nor on every dimension's page
    assert text.count(t("nl", "concl.no_bench")) == 1 and text.count(t("nl", "concl.no_trend")) == 1
    for key in ("radar_no_bench", "radar_no_prev", "dim_no_bench", "dim_no_trend"):
        assert t("nl", key).strip() not in text
    assert "benchmark" not in text.split(t("nl", "concl.no_bench"))[1].split("Verantwoording")[0].lower()
    assert "Benchmarkrapport" not in text and "Rapport" in text  # the cover promises no benchmark
    assert t("nl", "open_none") in text
    assert "onbekend (geen verwachte aantallen opgegeven)" in text


def test_all_groups_suppressed(session, mini):
    groups = [("Gemeente A", None), ("Gemeente B", None), ("Gemeente C", None)]
    rnd = make_round(
        session,
        mini,
        groups=groups,
        fill=lambda r: [add(session, mini, r, g, 3, open_text="Geheim") for g, _ in groups],
    )
    results = analysis.analyse(session, rnd)
    assert results.n == 9
    text = text_of(build_pdf(results, "nl", invariant=True))
    assert "Gemiddelde score:" in text  # the round as a whole still has figures
    assert "Geen enkele groep heeft minstens 5 respondenten" in text
    for name, _ in groups:
        assert name not in text
    assert "Geheim" not in text


def test_round_below_k_and_empty_round_show_no_figures(session, mini):
    tiny = make_round(
        session, mini, groups=[("Gemeente A", None)], fill=lambda r: add(session, mini, r, "Gemeente A", 3)
    )
    text = text_of(build_pdf(analysis.analyse(session, tiny), "nl", invariant=True))
    assert "minder dan 5 respondenten" in text and "Gemiddelde score:" not in text
    empty = make_round(session, mini, name="Leeg", groups=[("Gemeente A", None)], fill=lambda r: None)
    text = text_of(build_pdf(analysis.analyse(session, empty), "en", invariant=True))
    assert t("en", "summary_no_data") in text and "5 Method" in text


def test_other_scale_lengths_and_shipped_definition(session):
    q = definition.resolve("vertrouwensscan")
    rnd = rounds.create_round(session, q, name="R1", cooperation="Regio", groups=[("A", 10), ("B", 10)])
    rounds.open_round(session, rnd)
    ids = [item.id for item in q.items]
    for g in ("A", "B"):
        gid = rounds.group_by_name(session, rnd, g).id
        for i in range(6):
            session.add(
                Response(
                    round_id=rnd.id,
                    group_id=gid,
                    answers=pack_answers(q, {iid: 1 + (i + j) % 5 for j, iid in enumerate(ids)}),
                    background=pack_background(q, {}),
                )
            )
    closing.close_round(session, rnd)
    session.commit()
    pdf = build_pdf(analysis.analyse(session, rnd), "nl", invariant=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert 8 <= len(reader.pages) <= 20
    text = text_of(pdf)
    assert all(f"2.{i} " in text for i in range(1, len(q.dimensions) + 1))


def test_bad_language_is_refused(session, full):
    results = analysis.analyse(session, full)
    with pytest.raises(ValueError, match="nl, en"):
        build_pdf(results, "de")


def test_write_report_and_cli(session, full, cli, tmp_path, env):
    path = write_report(session, full, lang="en")
    assert path == default_path(full, "en")
    assert path.name == f"regio-ijssel-eem-{full.id}-en.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    out = tmp_path / "raad.pdf"
    result = cli("report", full.id, "-o", out, "--lang", "nl")
    assert result.output.strip() == str(out)
    assert "Conclusie" in text_of(out.read_bytes())
    assert "no round" in cli("report", "999", code=1).output
    cli("report", full.id, "--lang", "de", code=2)


def test_round_close_writes_the_report(cli, mini_path, env):
    from pathlib import Path

    rid = (
        cli(
            "round",
            "create",
            "--questionnaire",
            mini_path,
            "--name",
            "R",
            "--cooperation",
            "Regio Één",
            "--group",
            "A",
        )
        .output.strip()
        .splitlines()[-1]
    )
    cli("round", "open", rid)
    out = cli("round", "close", rid).output
    written = Path(env["SCANENGINE_REPORTS_DIR"]) / f"regio-een-{rid}-nl.pdf"
    assert f"report written to {written}" in out
    assert t("nl", "summary_no_data") in text_of(written.read_bytes())


def test_text_helpers():
    assert num(3.456, "nl") == "3,46" and num(3.456, "en") == "3.46" and num(None, "nl") == "–"
    assert p_value(0.0001, "nl") == "p < 0,001" and p_value(0.0123, "en") == "p = 0.012"
    assert first_sentence("Wat is uw rol? Kies er één.") == "Wat is uw rol?"
    long = "Vanuit welke rol bent u vooral bij deze samenwerking tussen de gemeenten van de regio betrokken?"
    assert first_sentence(long) == long  # wrapped where it is shown, never cut short with "…"
    assert (
        num(12500, "nl", 0) == "12.500" and num(12500.5, "en", 1) == "12,500.5" and num(4.04, "nl") == "4,04"
    )
    assert slug("Regio Ĳssel & Eem") == "regio-ijssel-eem"


def test_charts_are_vector_drawings_with_real_text():
    """Charts are recorded as vector shapes and labels (crisp at any zoom); their text is text, dollars print as
    typed, in the PDF's drawing and in the HTML's SVG alike."""
    from reportlab.graphics import shapes

    from scanengine.report import pdf, svg

    charts.clear_cache()
    label = "Kost $5 of $6 per ĳsje"
    chart = charts.item_distribution(
        [label, "Tweede stelling"],
        [[0.1, 0.2, 0.3, 0.4], None],
        [0.0, None],
        4,
        ["1", "2", "3", "4"],
        None,
        reverse=[False, False],
        lang="nl",
    )
    strings = []

    def walk(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, shapes.String):
                strings.append(child.text)
            walk(child)

    drawing = pdf.drawing(chart.image)
    walk(drawing)
    assert label in strings and "40" in strings and "100%" in strings
    assert drawing.width == pytest.approx(17.0 / 2.54 * 72)
    markup = svg.svg(chart.image, ident="c", title="t", desc="d", width_cm=chart.width_cm)
    assert label in markup and "<title" in markup and "style=" not in markup
