"""What a council member sees wrong on a printed page, pinned one test per defect, on a definition written to
provoke them (long Dutch words, long group and breakdown names, ten long dimension titles, a reverse-worded
statement, statements for councillors only, a unit in brackets): labels cut short with "…", words broken at an
arbitrary letter, a lone bracket or unit on a line, heatmap column titles that overlap, grey cells promised but
not drawn, a heading over an empty table, a breakdown's question quoted lower-cased, reverse-worded statements
described and coloured by their raw wording. Each test reads the PDF back as text (pypdf) or the recorded chart.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from scanengine import analysis, definition
from scanengine.report import build_pdf, charts
from scanengine.report.text import hyphen_points
from tests.factories import LONG_GROUPS, LONG_ROLE, TYPESET, make_round, typeset_respondents
from tests.readback import pdf_text

UNITS = {"k€", "€", "%", "fte", "jaar", "jaar)", ")", "(", "),", ")."}


@pytest.fixture
def typeset(session):
    q = definition.parse(TYPESET, "typeset_test.json")
    councillors = {LONG_GROUPS[0][0]: 10, LONG_GROUPS[1][0]: 3, LONG_GROUPS[2][0]: 6}
    rnd = make_round(session, q, LONG_GROUPS, typeset_respondents(councillors), k=5)
    res = analysis.analyse(session, rnd)
    return q, res


def lines(pdf: bytes) -> list[str]:
    """Every printed line of text, in the order ReportLab drew them (a paragraph's lines one after another)."""
    out: list[str] = []

    def visit(text, *_):
        out.extend(x.strip() for x in text.split("\n") if x.strip())

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return out


def vocabulary(q) -> set[str]:
    """The long words of the definition and its group names, as a reader would look them up."""
    texts = [TYPESET["title"]["nl"], LONG_ROLE] + [g for g, _ in LONG_GROUPS]
    texts += [d.title["nl"] for d in q.dimensions] + [i.text["nl"] for i in q.items]
    texts += [o.label["nl"] for bq in q.background for o in bq.options]
    return {w for t in texts for w in re.findall(r"[A-Za-zëéï]+", t) if len(w) >= 10}


@pytest.fixture
def pdf_nl(typeset):
    return build_pdf(typeset[1], "nl", invariant=True)


def test_no_label_is_cut_short(typeset, pdf_nl):
    """Group names, the breakdown's question and the dimension titles appear whole; nothing ends in "…"."""
    q, _ = typeset
    printed = pdf_text(pdf_nl)
    joined = re.sub(r"(\w)- (\w)", r"\1\2", printed)  # a word broken at a hyphenation point reads whole
    assert "…" not in printed
    for name in [LONG_GROUPS[0][0], LONG_GROUPS[1][0], LONG_ROLE] + [d.title["nl"] for d in q.dimensions]:
        assert name in joined, name


def test_words_break_only_at_hyphenation_points(typeset, pdf_nl):
    """A word split over two lines is split at a Dutch hyphenation point, with a hyphen; never at a letter."""
    words = vocabulary(typeset[0])
    printed = lines(pdf_nl)
    broken = []
    for a, b in zip(printed, printed[1:], strict=False):
        tail, head = a.split()[-1], b.split()[0]
        if tail.endswith("-") and (tail[:-1] + head) in words:
            word = tail[:-1] + head
            if len(tail) - 1 not in hyphen_points(word, "nl"):
                broken.append(f"{tail}/{head}")
        elif tail[-1:].isalpha() and head[:1].islower() and (tail + head) in words:
            broken.append(f"{tail}/{head}")
    assert not broken, f"words broken at an arbitrary letter: {broken}"


def test_words_break_control():
    """The check above finds a word split at a letter (the defect it guards against)."""
    assert 10 not in hyphen_points("samenwerkingsorganisatie", "nl")  # 'samenwerki/ngsorganisatie'
    assert 8 in hyphen_points("samenwerkingsorganisatie", "nl")  # 'samenwer-kingsorganisatie'


def test_no_lone_bracket_or_unit_on_a_line(pdf_nl):
    alone = [line for line in lines(pdf_nl) if line in UNITS]
    assert not alone, f"lines holding only a bracket or a unit: {alone}"


def _overlaps(a, b) -> bool:
    """Whether two turned rectangles (their corners) intersect: separating axis test."""
    import itertools

    for poly in (a, b):
        for (x1, y1), (x2, y2) in itertools.pairwise(poly + poly[:1]):
            nx, ny = y2 - y1, x1 - x2
            pa = [nx * x + ny * y for x, y in a]
            pb = [nx * x + ny * y for x, y in b]
            if max(pa) < min(pb) or max(pb) < min(pa):
                return False
    return True


def test_heatmap_column_titles_do_not_overlap():
    titles = [d["title"]["nl"] for d in TYPESET["dimensions"]] + ["Samenwerkingsbereidheidsmeting"]
    for count in (3, 6, 11):
        chart = charts.heatmap(
            ["Groep", "Gemeente Aa"],
            ["", "g"],
            titles[:count],
            [[None] * count, [3.0] * count],
            5,
            "niet getoond",
            "nl",
        )
        labels = [lb for lb in chart.image.labels() if any(lb.text.rstrip("-") in t for t in titles[:count])]
        assert len(labels) >= count
        boxes = [lb.corners() for lb in labels]
        clashes = [
            (labels[i].text, labels[j].text)
            for i in range(len(boxes))
            for j in range(i + 1, len(boxes))
            if _overlaps(boxes[i], boxes[j])
        ]
        assert not clashes, f"{count} columns: overlapping titles {clashes[:3]}"


def test_overlap_check_control():
    """The overlap check sees slanted titles collide: two neighbouring titles at 35°, 9 pt apart, are closer than
    a line of text is high (what the earlier heatmap drew with many columns); far apart they do not touch."""
    from scanengine.report.vector import Label

    def slanted(x: float, text: str) -> Label:
        return Label(x, 0, 35, text, 6.3, "#000000", 1, "normal", "normal", len(text) * 3.5, 5, 1.5)

    assert _overlaps(slanted(0, "Bestuurlijke").corners(), slanted(9, "Gemeenschappelijke").corners())
    assert not _overlaps(slanted(0, "Bestuurlijke").corners(), slanted(200, "Gemeenschappelijke").corners())


def test_heatmap_draws_the_grey_cells_its_caption_promises(typeset):
    q, res = typeset
    council = res.dimension("council")
    shown_groups = [g for g in res.dimension("d1").groups if g.breakdown == "group" and not g.suppressed]
    hidden_cells = [
        g
        for g in council.groups
        if g.breakdown == "group" and g.suppressed and g.key in {s.key for s in shown_groups}
    ]
    assert hidden_cells, "premise: a shown group has a hidden cell on the councillors' dimension"
    from scanengine.report import compose

    doc = compose.build(res, "nl")
    chapter = next(c for c in doc.chapters if c.title == "Groepen en dimensies")
    from scanengine.report.document import Figure, Paragraph, walk

    figure = next(n for n in walk(chapter.children) if isinstance(n, Figure))
    grey = [lb for lb in figure.chart.image.labels() if lb.text in ("niet", "getoond", "niet getoond")]
    caption = " ".join(n.text for n in walk(chapter.children) if isinstance(n, Paragraph))
    assert grey and "grijs met 'niet getoond'" in caption
    # the fully suppressed group is left out, and the caption says so instead of promising a grey row
    assert "Gemeente Klein" not in " ".join(lb.text for lb in figure.chart.image.labels())
    assert "staan niet in de figuur" in caption


def test_no_heading_over_an_empty_table(session):
    """Every group suppressed: the groups' heading is followed by a sentence saying why, not by an empty table."""
    q = definition.parse(TYPESET, "typeset_test.json")
    groups = [(name, None) for name, _ in LONG_GROUPS[:2]]
    answers = {it.id: 4 for it in q.items}
    people = [
        (groups[i % 2][0], {"role": "raad" if i < 4 else "ambtenaar"}, answers, None) for i in range(8)
    ]  # two groups of 4 and two roles of 4: every group of every breakdown is below k = 5
    rnd = make_round(session, q, groups, people, k=5)
    pdf = build_pdf(analysis.analyse(session, rnd), "nl", invariant=True)
    printed = lines(pdf)
    text = pdf_text(pdf)
    for i, line in enumerate(printed):
        if line.startswith("Groepen vergeleken"):
            assert printed[i + 1] not in ("Groep", "Organisatie"), "a table header right under the heading"
    at = printed.index("Respons per organisatie")
    assert "Groep" not in printed[at + 1 : at + 4]  # no table, and no sentence that describes one
    assert "Aantal ingevulde vragenlijsten per organisatie" not in text
    assert "Geen enkele groep heeft minstens 5 respondenten" in text


def test_breakdown_question_is_not_quoted_lower_cased(typeset, pdf_nl):
    _, res = typeset
    assert res.gaps, "premise: the round has gaps between groups"
    printed = pdf_text(pdf_nl)
    assert LONG_ROLE.lower()[:40] not in printed


def test_reverse_statements_are_marked_and_coloured_by_meaning(typeset, pdf_nl):
    """The reverse-worded statement, which councillors agree with (unfavourable), is quoted with its mark, and
    its 'agree' segment is drawn in the unfavourable colour, the normal statement's in the favourable one."""
    printed = pdf_text(pdf_nl)
    assert "De afstand tot inwoners wordt te groot. (omgekeerd geformuleerd)" in printed
    assert "De afstand tot inwoners wordt te groot.' " not in printed  # never quoted without its mark
    colours = charts.scale_colours(5)
    chart = charts.item_distribution(
        ["Normaal", "Omgekeerd"],
        [[0, 0, 0, 0, 1.0], [0, 0, 0, 0, 1.0]],
        [0, 0],
        5,
        ["1", "2", "3", "4", "5"],
        None,
        reverse=[False, True],
        lang="nl",
    )
    fills = [s.fill for s in chart.image.items if getattr(s, "fill", None) in (colours[0], colours[-1])]
    assert colours[-1] in fills and colours[0] in fills
