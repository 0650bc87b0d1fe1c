"""The demo data set: the whole product working after one command on a fresh machine.

``scanengine demo`` seeds, on the configured database (by default SQLite in the instance folder, nothing to
install): a facilitator account, six regions with a closed round of the vertrouwensscan each (the benchmark
set, with different sizes and trust levels), one region with a previous and a current closed round (the
trend), and one open round with working participant links. It then writes the benchmark PDF of the current
round and returns what to open.

Everything goes through the domain functions a facilitator uses (create, open, simulate, close, summary,
links), so the demo shows the real paths, not a shortcut. Only the dates of the closed rounds are set back to
the years in their names, so the trend and the report cover read naturally.

Running it again does not duplicate anything: the first run leaves a ``demo.seed`` entry in the audit log with
the ids of its rounds; later runs find it, issue fresh participant links for the open round (the plain links
are never stored, so they cannot be shown again), rewrite the PDF and return the same summary.

It is longer than ~400 lines because the demo installation is one story (regions, rounds, links, the PDF) that
reads best in one place.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import delete
from sqlmodel import Session, col, select

from scanengine import accounts, audit, closing, db, definition, rounds
from scanengine.models import STATUS_OPEN, AuditEntry, DailyCount, Round, User
from scanengine.simulate import Profile, simulate_round

DEMO_EMAIL = "demo@scanengine.local"
DEMO_PASSWORD = "scanengine-demo"  # fixed on purpose: this account exists only in a demo database
ACTOR = "demo"
MARKER = "demo.seed"
QUESTIONNAIRE = "vertrouwensscan"
PERSONAL_LINKS = 3

# A progress factory: called with (total steps, label), returns a context manager yielding a step callback.
ProgressFactory = Callable[[int, str], contextlib.AbstractContextManager[Callable[[int], None]]]


class DemoError(RuntimeError):
    """The demo cannot be completed; the message says why and what to do."""


@dataclass(frozen=True)
class Plan:
    """One demo round: who was invited, how many answered, how much they trust each other."""

    cooperation: str
    name: str
    groups: tuple[tuple[str, int], ...]
    respondents: int
    level: float
    seed: int
    year: int
    month: int = 10


# Fictional regions and municipalities (any likeness to real ones is accidental).
BENCHMARK = (
    Plan(
        "Regio Heuvelrand-Oost",
        "Vertrouwensscan 2024",
        (
            ("Gemeente Dalhuizen", 70),
            ("Gemeente Hoogveld", 55),
            ("Gemeente Steenbergen-Oost", 40),
            ("Regionaal bureau", 20),
        ),
        150,
        0.75,
        101,
        2024,
        5,
    ),
    Plan(
        "Samenwerking Polderhart",
        "Vertrouwensscan 2024",
        (("Gemeente Dijkwaard", 50), ("Gemeente Nieuwe Sluis", 40), ("Gemeente Vaartveen", 30)),
        85,
        0.05,
        102,
        2024,
        9,
    ),
    Plan(
        "Regio Kustwaarden",
        "Vertrouwensscan 2024",
        (
            ("Gemeente Zeewolde-Noord", 90),
            ("Gemeente Duinhaven", 80),
            ("Gemeente Strandwijk", 60),
            ("Gemeente Helmduin", 45),
            ("Omgevingsdienst Kustwaarden", 35),
        ),
        230,
        0.45,
        103,
        2024,
        11,
    ),
    Plan(
        "Gemeenschappelijke Regeling Veenstreek",
        "Vertrouwensscan 2025",
        (("Gemeente Turfhoven", 40), ("Gemeente Moerdam", 35), ("Gemeente Rietveen", 25)),
        65,
        -0.25,
        104,
        2025,
        2,
    ),
    Plan(
        "Regio Beekdal",
        "Vertrouwensscan 2025",
        (
            ("Gemeente Molenbeek", 60),
            ("Gemeente Wilgendaal", 45),
            ("Gemeente Beekhoven", 35),
            ("Gemeente Elzenrade", 20),
        ),
        120,
        0.30,
        105,
        2025,
        4,
    ),
    Plan(
        "Samenwerkingsverband Duinrand",
        "Vertrouwensscan 2025",
        (
            ("Gemeente Zandhoven", 110),
            ("Gemeente Helmstede", 90),
            ("Gemeente Kleidorp", 70),
            ("Gemeente Meerzicht", 50),
            ("Gemeente Oudeduin", 40),
            ("Uitvoeringsorganisatie Duinrand", 30),
        ),
        280,
        0.55,
        106,
        2025,
        6,
    ),
)
TREND_REGION = "Regio Rivierzoom"
TREND_GROUPS = (
    ("Gemeente Aldervaart", 70),
    ("Gemeente Bosdijk", 50),
    ("Gemeente Kleiwaard", 40),
    ("Gemeente Oeverhoven", 30),
    ("Werkorganisatie Rivierzoom", 6),
)
PREVIOUS = Plan(TREND_REGION, "Vertrouwensscan 2023", TREND_GROUPS, 140, -0.05, 201, 2023, 11)
CURRENT = Plan(TREND_REGION, "Vertrouwensscan 2025", TREND_GROUPS, 165, 0.35, 202, 2025, 10)
OPEN = Plan(
    "Samenwerking Polderhart",
    "Vertrouwensscan 2026",
    (("Gemeente Dijkwaard", 50), ("Gemeente Nieuwe Sluis", 40), ("Gemeente Vaartveen", 30)),
    38,
    0.25,
    301,
    2026,
)


@dataclass
class RoundLine:
    id: int
    cooperation: str
    name: str
    status: str
    responses: int


@dataclass
class DemoSummary:
    """What the demo made and where to look."""

    created: bool  # False when an existing demo was found and reused
    email: str
    password: str | None  # None when the account existed before the demo (its password was not changed)
    base_url: str
    pdf: Path
    current_round: int
    previous_round: int
    open_round: int
    rounds: list[RoundLine] = field(default_factory=list)
    personal_group: str = ""
    personal_links: list[str] = field(default_factory=list)
    shared_group: str = ""
    shared_link: str = ""

    @property
    def login_url(self) -> str:
        return f"{self.base_url}/login"

    @property
    def dashboard_url(self) -> str:
        return f"{self.base_url}/dashboard/"


def _report_writer():
    """``scanengine.report.write_report``, or a clear refusal when the report module is missing."""
    try:
        from scanengine.report import write_report
    except ImportError as exc:
        raise DemoError(
            f"the report module is not available ({exc}); the demo cannot write its PDF"
        ) from None
    return write_report


def _null_progress(_total: int, _label: str):
    return contextlib.nullcontext(lambda _n: None)


def run_demo(
    url: str, *, base_url: str, reports_dir: Path | None = None, progress: ProgressFactory | None = None
) -> DemoSummary:
    """Seed the demo (once), issue fresh links for its open round, write the PDF; return what to open.

    The seeding is one transaction: a failure leaves the database as it was. The PDF is written after the
    commit, from the stored data, exactly as ``scanengine report`` would.
    """
    write_report = _report_writer()  # before anything changes: no PDF, no demo
    progress = progress or _null_progress
    base_url = base_url.rstrip("/")
    db.upgrade(url)
    with db.session_scope(url) as session:
        marker = _find_marker(session)
        created = marker is None
        if marker is None:
            ids, password = _seed(session, progress)
            audit.record(session, ACTOR, MARKER, detail=json.dumps(ids))
        else:
            ids = json.loads(marker.detail or "{}")
            user = accounts.get_by_email(session, DEMO_EMAIL)
            password = DEMO_PASSWORD if user and _demo_owns_password(session) else None
        rnds = _demo_rounds(session, ids)
        open_rnd = rnds[ids["open"]]
        if open_rnd.status != STATUS_OPEN:
            raise DemoError(
                f"the demo's open round {open_rnd.id} is {open_rnd.status} now; its participant links "
                "cannot be reissued. Start the demo on a fresh instance folder "
                "(SCANENGINE_INSTANCE_PATH) to get a new one."
            )
        groups = rounds.groups_of(session, ids["open"])
        personal = rounds.issue_links(
            session, open_rnd, groups[0].name, PERSONAL_LINKS, base_url, actor=ACTOR
        )
        shared = rounds.issue_shared_link(
            session, open_rnd, groups[1].name, base_url, actor=ACTOR, rotate=True
        )
        lines = [
            RoundLine(rid, r.cooperation, r.name, r.status, rounds.round_status(session, r).responses)
            for rid, r in sorted(rnds.items())
        ]

    with db.session_scope(url) as session:
        current = rounds.get_round(session, ids["current"])
        from scanengine.report import default_path

        target = default_path(
            current, "nl", reports_dir
        )  # reports_dir None: the SCANENGINE_REPORTS_DIR setting
        try:
            pdf = write_report(session, current, target, "nl")
        except rounds.RoundError as exc:
            raise DemoError(f"the report of round {current.id} could not be written: {exc}") from None

    return DemoSummary(
        created=created,
        email=DEMO_EMAIL,
        password=password,
        base_url=base_url,
        pdf=Path(pdf),
        current_round=ids["current"],
        previous_round=ids["previous"],
        open_round=ids["open"],
        rounds=lines,
        personal_group=groups[0].name,
        personal_links=personal,
        shared_group=groups[1].name,
        shared_link=shared,
    )


def _find_marker(session: Session) -> AuditEntry | None:
    return session.exec(
        select(AuditEntry).where(AuditEntry.action == MARKER).order_by(col(AuditEntry.id).desc())
    ).first()


def _demo_owns_password(session: Session) -> bool:
    """Whether the demo created the account (then its password is the demo password, unless changed)."""
    entry = session.exec(
        select(AuditEntry).where(
            AuditEntry.action == "user.create", AuditEntry.actor == ACTOR, AuditEntry.detail == DEMO_EMAIL
        )
    ).first()
    return entry is not None


def _demo_rounds(session: Session, ids: dict) -> dict[int, Round]:
    wanted = [*ids["rounds"], ids["open"]]
    by_id = {r.id: r for r in session.exec(select(Round).where(col(Round.id).in_(wanted))).all()}
    found = {rid: by_id[rid] for rid in wanted if rid in by_id}
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise DemoError(
            f"the demo's rounds {missing} no longer exist; start the demo on a fresh instance folder"
        )
    return found


def _seed(session: Session, progress: ProgressFactory) -> tuple[dict, str | None]:
    """Create the account and all demo rounds in the current transaction; returns (ids, password)."""
    user = accounts.get_by_email(session, DEMO_EMAIL)
    password = None
    if user is None:
        user = accounts.create_user(session, DEMO_EMAIL, DEMO_PASSWORD, actor=ACTOR)
        password = DEMO_PASSWORD
    q = definition.resolve(QUESTIONNAIRE)
    closed_plans = [*BENCHMARK, PREVIOUS, CURRENT]
    total = sum(p.respondents for p in [*closed_plans, OPEN])
    ids: dict = {"rounds": []}
    with progress(total, "demo") as step:
        for plan in closed_plans:
            rnd = _seeded_round(session, q, user, plan, step)
            closing.close_round(session, rnd, actor=ACTOR)
            _backdate(session, rnd, plan)
            _store_summary(session, rnd)
            ids["rounds"].append(rnd.id)
            if plan is PREVIOUS:
                ids["previous"] = rnd.id
            if plan is CURRENT:
                ids["current"] = rnd.id
        ids["open"] = _seeded_round(session, q, user, OPEN, step).id
    return ids, password


def _seeded_round(session: Session, q: definition.Questionnaire, user: User, plan: Plan, step) -> Round:
    rnd = rounds.create_round(
        session,
        q,
        name=plan.name,
        cooperation=plan.cooperation,
        groups=list(plan.groups),
        owner=user,
        actor=ACTOR,
    )
    rounds.open_round(session, rnd, actor=ACTOR)
    simulate_round(
        session,
        rnd,
        plan.respondents,
        seed=plan.seed,
        profile=Profile(level=plan.level),
        progress=step,
        actor=ACTOR,
    )
    return rnd


def _backdate(session: Session, rnd: Round, plan: Plan) -> None:
    """Give a closed demo round the dates its name implies (ordering of the trend, the report cover), and
    spread its per-day counters over the four weeks it was open (most answers arrive early, after reminders
    a few more), instead of all on the day the demo ran."""
    opened = datetime(plan.year, plan.month, 1, 9, 0, tzinfo=UTC)
    rnd.created_at = opened.replace(hour=8)
    rnd.opened_at = opened
    rnd.closed_at = opened.replace(day=28, hour=17)
    rid = rnd.id
    assert rid is not None, "a closed round has been flushed"
    session.execute(delete(DailyCount).where(col(DailyCount.round_id) == rid))
    days = np.arange(27)
    weights = np.exp(-days / 5.0) + 0.4 * np.isin(days, (7, 14))  # reminders after one and two weeks
    counts = np.floor(plan.respondents * weights / weights.sum()).astype(int)
    counts[0] += plan.respondents - counts.sum()
    for day, count in zip(days, counts, strict=True):
        if count:
            session.add(
                DailyCount(round_id=rid, day=opened.date() + timedelta(days=int(day)), count=int(count))
            )


def _store_summary(session: Session, rnd: Round) -> None:
    """Store the aggregated summary the benchmark reads, as closing in the dashboard does."""
    from scanengine.analysis import store_summary

    session.add(rnd)
    session.flush()
    store_summary(session, rnd)


def summary_lines(s: DemoSummary) -> list[str]:
    """The demo's summary for the terminal: Dutch first, English second."""
    head = (
        "Demo aangemaakt / demo created"
        if s.created
        else "Bestaande demo gevonden, niets gedupliceerd / existing demo found, nothing duplicated"
    )
    out = [head, ""]
    width = max(len(r.cooperation) for r in s.rounds)
    out.append("Rondes / rounds:")
    for r in s.rounds:
        role = {
            s.current_round: "  <- rapport / report",
            s.previous_round: "  <- vorige ronde / previous round",
            s.open_round: "  <- open: deelnemerslinks / participant links",
        }.get(r.id, "")
        out.append(
            f"  {r.id:>3}  {r.cooperation:<{width}}  {r.name:<22} {r.status:<6} {r.responses:>4} "
            f"antwoorden / responses{role}"
        )
    out += [
        "",
        f"Dashboard:            {s.dashboard_url}",
        f"Inloggen / log in:    {s.login_url}",
        f"  e-mail:             {s.email}",
        "  wachtwoord/password: "
        + (s.password or "(bestaand account, ongewijzigd / existing account, unchanged)"),
        f"Rapport / report:     {s.pdf.resolve()}",
        "",
        f"Persoonlijke links / personal links ({s.personal_group}, elk één keer / single use):",
    ]
    out += [f"  {link}" for link in s.personal_links]
    out += [
        f"Groepslink / group link ({s.shared_group}, herbruikbaar / reusable):",
        f"  {s.shared_link}",
        "",
        "Start de webapp / start the web app:  scanengine serve   (of/or: scanengine demo --serve)",
    ]
    return out
