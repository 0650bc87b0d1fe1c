"""Test data: rounds, definitions and responses, built through the product's own code (the real codec, the real
round lifecycle), shared by the test modules (which never import each other)."""

from __future__ import annotations

import random
import re
import statistics
from pathlib import Path

from scanengine import closing, definition, rounds
from scanengine.models import Response
from scanengine.responses import pack_answers, pack_background

MINI_PATH = Path(__file__).resolve().parent / "fixtures" / "mini.json"


def mini():
    """The small test definition (two dimensions, a role background question with show_if, one open question)."""
    return definition.load(MINI_PATH)


def make_round(
    session,
    q,
    groups,
    respondents,
    *,
    name="Ronde 1",
    cooperation="Regio West",
    k=5,
    close=True,
    closed_at=None,
):
    """A round with ``groups`` ([(name, expected)]) and ``respondents`` ([(group, background, answers, open)]),
    stored through the real codec (pack_answers / pack_background); closed unless ``close`` is False."""
    rnd = rounds.create_round(
        session, q, name=name, cooperation=cooperation, groups=list(groups), min_group_size=k
    )
    rounds.open_round(session, rnd)
    ids = {g.name: g.id for g in rounds.groups_of(session, rnd.id)}
    for group, background, answers, open_answers in respondents:
        session.add(
            Response(
                round_id=rnd.id,
                group_id=ids[group],
                answers=pack_answers(q, answers),
                background=pack_background(q, background),
                open_answers=open_answers,
            )
        )
    session.flush()
    if close:
        closing.close_round(session, rnd)
        if closed_at is not None:
            rnd.closed_at = closed_at
            session.add(rnd)
    session.commit()
    return rnd


def synthetic(
    q,
    group_sizes: dict[str, int],
    seed: int = 1,
    shift: dict[str, float] | None = None,
    open_text: bool = True,
):
    """Random respondents: a group-dependent answer tendency, ~10% don't know, ~10% skipped, role sometimes blank."""
    rng = random.Random(seed)
    points = q.scale.points
    out = []
    bg_options = {bq.id: [o.id for o in bq.options] + [None] for bq in q.background}
    for group, size in group_sizes.items():
        for r in range(size):
            background = {qid: rng.choice(opts) for qid, opts in bg_options.items()}
            answers = {}
            for item in q.items:
                if not q.is_shown(item, background):
                    continue
                u = rng.random()
                if u < 0.1:
                    answers[item.id] = "dk"
                elif u < 0.2:
                    continue
                else:
                    centre = (points + 1) / 2 + (shift or {}).get(group, 0.0)
                    answers[item.id] = min(points, max(1, round(rng.gauss(centre, 1.0))))
            opened = {"improve": f"{group} antwoord {r}"} if open_text and q.open_questions else None
            out.append((group, background, answers, opened))
    return out


def direct_scores(q, respondents):
    """Per respondent, per dimension: the half-rule score, computed item by item with q.is_shown."""
    points = q.scale.points
    out = []
    for _group, background, answers, _open in respondents:
        row = {}
        for dim in q.dimensions:
            shown = [it for it in dim.items if q.is_shown(it, background)]
            vals = []
            for it in shown:
                a = answers.get(it.id)
                if a is None or a == "dk":
                    continue
                vals.append(points + 1 - a if it.reverse else a)
            row[dim.id] = statistics.fmean(vals) if vals and 2 * len(vals) >= len(shown) else None
        out.append(row)
    return out


def people(q, group, n, role="ambtenaar", value=3, text=None):
    """``n`` identical respondents of ``group`` with ``role`` answering ``value`` everywhere shown."""
    bg = {"role": role} if role else {}
    answers = {it.id: value for it in q.items if q.is_shown(it, bg)}
    return [(group, bg, answers, {"improve": text or f"{group} {i}"}) for i in range(n)]


def kept_summary(rnd, n: int = 6) -> dict:
    """A stored summary of the current version as :func:`scanengine.analysis.store_summary` writes it, with ``n``
    respondents and no figures (for tests that only need one to be kept)."""
    from scanengine.analysis import SUMMARY_VERSION, RoundSummary

    return RoundSummary(version=SUMMARY_VERSION, n=n, k=rnd.min_group_size).model_dump(mode="json")


# -- a definition with every kind of section question (tests of the kinds, the live mode) ---------------------


def _t(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


def _options(*ids: str) -> list[dict]:
    return [{"id": i, "label": _t(i.capitalize(), i.upper())} for i in ids]


#: a definition written for these tests: statements, then two sections with every kind, show_if and don't know
AGENDA = {
    "id": "agenda_test",
    "version": "1.0",
    "title": _t("Agenda (test)", "Agenda (test)"),
    "scale": {
        "points": 5,
        "labels": {"nl": ["1", "2", "3", "4", "5"], "en": ["1", "2", "3", "4", "5"]},
        "dont_know": _t("Weet niet", "Don't know"),
    },
    "bands": [{"min": 3.5, "label": _t("Sterk", "Strong")}, {"min": 1, "label": _t("Zwak", "Weak")}],
    "background": [
        {
            "id": "role",
            "text": _t("Uw rol?", "Your role?"),
            "breakdown": True,
            "options": _options("raad", "college"),
        }
    ],
    "dimensions": [
        {
            "id": "trust",
            "title": _t("Vertrouwen", "Trust"),
            "items": [
                {"id": "t1", "text": _t("Stelling een.", "Statement one.")},
                {"id": "t2", "text": _t("Stelling twee.", "Statement two."), "reverse": True},
            ],
        }
    ],
    "sections": [
        {
            "id": "agenda",
            "title": _t("Agenda", "Agenda"),
            "description": _t("Thema's kiezen.", "Choosing themes."),
            "questions": [
                {
                    "id": "themes_top",
                    "kind": "ranking",
                    "text": _t("Welke thema's eerst?", "Which themes first?"),
                    "top": 2,
                    "options": _options("wonen", "mobiliteit", "energie"),
                },
                {
                    "id": "budget",
                    "kind": "points",
                    "text": _t("Verdeel de punten.", "Spread the points."),
                    "total": 100,
                    "options": _options("wonen", "mobiliteit", "energie"),
                },
            ],
        },
        {
            "id": "business",
            "title": _t("Businesscase", "Business case"),
            "questions": [
                {
                    "id": "savings",
                    "kind": "number",
                    "text": _t("Besparing per jaar?", "Savings a year?"),
                    "min": 0,
                    "max": 5000,
                    "decimals": 1,
                    "unit": _t("k€ per jaar", "k€ a year"),
                    "dont_know": True,
                },
                {
                    "id": "fte",
                    "kind": "number",
                    "text": _t("Aantal fte?", "Number of FTE?"),
                    "min": 0,
                    "max": 50,
                },
                {
                    "id": "level",
                    "kind": "choice",
                    "text": _t("Op welk niveau?", "At which level?"),
                    "max_choices": 2,
                    "dont_know": True,
                    "show_if": {"role": ["raad"]},
                    "options": _options("lokaal", "regio", "rijk"),
                },
                {
                    "id": "motive",
                    "kind": "choice",
                    "text": _t("Belangrijkste motief?", "Main motive?"),
                    "required": True,
                    "options": _options("kwaliteit", "kosten"),
                },
            ],
        },
    ],
    "open_questions": [{"id": "remarks", "text": _t("Opmerkingen?", "Remarks?")}],
}


def agenda_with_matrix() -> dict:
    """:data:`AGENDA` with a matrix question (rows × columns, don't know) in its first section."""
    import copy

    data = copy.deepcopy(AGENDA)
    data["sections"][0]["questions"].append(
        {
            "id": "levels",
            "kind": "matrix",
            "text": _t("Op welk niveau?", "At which level?"),
            "rows": _options("wonen", "mobiliteit", "energie"),
            "columns": _options("lokaal", "regio"),
            "dont_know": True,
        }
    )
    return data


# -- a definition nobody on the team had seen: a water board's cooperation (tests of the section analysis) --------


def _water_options(*ids: str) -> list[dict]:
    return [{"id": i, "label": _t(f"{i} (nl)", f"{i} (en)")} for i in ids]


SEVEN = ["helemaal oneens", "oneens", "beetje oneens", "neutraal", "beetje eens", "eens", "helemaal eens"]

#: nobody on the team has seen this one: a water board's cooperation with a seven-point scale
WATER = {
    "id": "waterschap_test",
    "version": "0.3",
    "title": _t("Waterschap (test)", "Water board (test)"),
    "scale": {
        "points": 7,
        "labels": {"nl": SEVEN, "en": [f"en {s}" for s in SEVEN]},
        "dont_know": _t("Geen idee", "No idea"),
    },
    "bands": [{"min": 5.0, "label": _t("Goed", "Good")}, {"min": 1.0, "label": _t("Matig", "Fair")}],
    "background": [
        {
            "id": "sector",
            "text": _t("Uw sector?", "Your sector?"),
            "breakdown": True,
            "options": _water_options("zorg", "onderwijs", "bestuur"),
        }
    ],
    "dimensions": [
        {
            "id": "samen",
            "title": _t("Samenwerking", "Cooperation"),
            "items": [
                {"id": "s1", "text": _t("Een.", "One.")},
                {"id": "s2", "text": _t("Twee.", "Two.")},
                {"id": "s3", "text": _t("Drie.", "Three."), "reverse": True},
            ],
        }
    ],
    "sections": [
        {
            "id": "keuzes",
            "title": _t("Keuzes", "Choices"),
            "questions": [
                {
                    "id": "prio",
                    "kind": "ranking",
                    "text": _t("Wat eerst?", "What first?"),
                    "top": 3,
                    "options": _water_options("havens", "dijken", "polders", "sluizen"),
                },
                {
                    "id": "inzet",
                    "kind": "points",
                    "text": _t("Verdeel tien punten.", "Spread ten points."),
                    "total": 10,
                    "options": _water_options("havens", "dijken", "polders"),
                },
            ],
        },
        {
            "id": "kosten",
            "title": _t("Kosten", "Costs"),
            "questions": [
                {
                    "id": "uren",
                    "kind": "number",
                    "text": _t("Uren per maand?", "Hours a month?"),
                    "min": 0,
                    "max": 400,
                    "decimals": 2,
                    "unit": _t("uur", "hours"),
                    "dont_know": True,
                },
                {
                    "id": "vorm",
                    "kind": "choice",
                    "text": _t("Welke vorm?", "Which form?"),
                    "max_choices": 2,
                    "dont_know": True,
                    "show_if": {"sector": ["zorg", "bestuur"]},
                    "options": _water_options("netwerk", "convenant", "regeling"),
                },
                {
                    "id": "akkoord",
                    "kind": "choice",
                    "text": _t("Akkoord?", "Agreed?"),
                    "required": True,
                    "options": _water_options("ja", "nee"),
                },
            ],
        },
    ],
    "open_questions": [{"id": "opmerking", "text": _t("Nog iets?", "Anything else?")}],
}

RANK_OPTS, POINT_OPTS, FORM_OPTS = (
    ["havens", "dijken", "polders", "sluizen"],
    ["havens", "dijken", "polders"],
    ["netwerk", "convenant", "regeling"],
)

FIELD = re.compile(r'name="([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)"')

#: answers through the form: (group, sector, statements, section fields); the last one says don't know and skips


ORDERS = [("havens", "dijken", "polders"), ("dijken", "sluizen", "havens"), ("polders", "havens", "sluizen")]


def _answers(order: int, spent: int, hours: float) -> dict:
    ranked = ORDERS[order % len(ORDERS)]
    return {
        "s1": 5,
        "s2": 4,
        "s3": 3,
        "prio": {o: r + 1 for r, o in enumerate(ranked)},
        "inzet": {"havens": spent, "dijken": 10 - spent, "polders": 0},
        "uren": hours,
        "akkoord": ("ja",),
    }


# -- a definition that stresses the report's typesetting: long Dutch words, long group and breakdown names, ----------
# -- a reverse-worded statement, statements shown to councillors only, a unit in brackets -----------------------------

LONG_GROUPS = [
    ("Samenwerkingsorganisatie Maatschappelijke Ondersteuning", 30),
    ("Bedrijfsvoeringsorganisatie Noordoostelijke Gemeenten", 30),
    ("Gemeente Aa", 20),
    ("Gemeente Klein", 3),
]
LONG_ROLE = "Vanuit welke rol bent u vooral bij deze samenwerking tussen de gemeenten van de regio betrokken?"

TYPESET = {
    "id": "typeset_test",
    "version": "1.0",
    "title": _t("Samenwerkingsbereidheidsmeting", "Willingness to cooperate"),
    "scale": {
        "points": 5,
        "labels": {
            "nl": ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"],
            "en": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
        },
        "dont_know": _t("Weet niet", "Don't know"),
    },
    "bands": [{"min": 3.5, "label": _t("Sterk", "Strong")}, {"min": 1, "label": _t("Zorgpunt", "Concern")}],
    "background": [
        {
            "id": "role",
            "text": _t(LONG_ROLE + " Kies wat het meest past.", "In which role are you involved? Pick one."),
            "breakdown": True,
            "options": [
                {"id": "raad", "label": _t("Gemeenteraad (raadslid of burgerlid)", "Council")},
                {"id": "ambtenaar", "label": _t("Ambtelijke organisatie", "Civil service")},
            ],
        }
    ],
    "dimensions": [
        {
            "id": f"d{i}",
            "title": _t(title, f"Dimension {i}"),
            "items": [
                {
                    "id": f"d{i}a",
                    "text": _t(f"De samenwerkingsorganisatie levert op thema {i}.", f"Delivers {i}."),
                },
                {"id": f"d{i}b", "text": _t(f"Partners zijn betrouwbaar op thema {i}.", f"Reliable {i}.")},
            ],
        }
        for i, title in enumerate(
            [
                "Maatschappelijke meerwaarde en effectiviteit",
                "Bestuurlijke betrokkenheid en verantwoordelijkheidsverdeling",
                "Gemeenschappelijke doelen en belangen",
                "Informatievoorziening aan gemeenteraden",
                "Bedrijfsvoeringsorganisatie en dienstverlening",
                "Financiële verhoudingen en kostenverdeelsleutels",
                "Democratische legitimiteit en controleerbaarheid",
                "Samenwerkingsbereidheid en vertrouwen",
                "Wederkerigheid tussen grote en kleine gemeenten",
                "Toekomstbestendigheid van de regeling",
            ],
            start=1,
        )
    ]
    + [
        {
            "id": "council",
            "title": _t("Positie van de gemeenteraden", "Position of the councils"),
            "items": [
                {
                    "id": "ra",
                    "text": _t("De raad krijgt tijdig de stukken.", "Papers in time."),
                    "show_if": {"role": ["raad"]},
                },
                {
                    "id": "rb",
                    "text": _t("De afstand tot inwoners wordt te groot.", "The distance grows too large."),
                    "reverse": True,
                    "show_if": {"role": ["raad"]},
                },
            ],
        }
    ],
    "sections": [
        {
            "id": "business",
            "title": _t("Businesscase", "Business case"),
            "questions": [
                {
                    "id": "savings",
                    "kind": "number",
                    "text": _t("Welke besparing verwacht u voor uw organisatie?", "Savings?"),
                    "min": 0,
                    "max": 5000,
                    "decimals": 1,
                    "unit": _t("k€ per jaar", "k€ a year"),
                },
                {
                    "id": "transition",
                    "kind": "number",
                    "text": _t("Welke eenmalige kosten verwacht u?", "One-off costs?"),
                    "min": 0,
                    "max": 5000,
                    "unit": _t("k€ eenmalig", "k€ one-off"),
                },
            ],
        }
    ],
}


def typeset_respondents(councillors: dict[str, int]) -> list[tuple]:
    """Respondents of :data:`LONG_GROUPS`, ``councillors[group]`` of them councillors: agreeing (4-5) with every
    statement, so the reverse-worded one is the round's weakest, and estimating a saving of 120.5 k€."""
    rng = random.Random(5)
    q = definition.parse(TYPESET, "typeset_test.json")
    out = []
    for group, size in LONG_GROUPS:
        for i in range(size):
            role = "raad" if i < councillors.get(group, 0) else "ambtenaar"
            bg = {"role": role}
            answers: dict = {it.id: rng.choice([4, 5]) for it in q.items if q.is_shown(it, bg)}
            answers["savings"], answers["transition"] = 120.5, 300
            out.append((group, bg, answers, None))
    return out
