"""Synthetic respondents for a round: for the demo, for load tests and for benchmarks.

Why a model and not uniform noise: the demo and the benchmarks must look like a real trust scan, or the report,
the agreement indices and the group comparisons show nothing. Each respondent therefore has

* an invitation group (drawn in proportion to the groups' expected sizes, or equally when sizes are unknown),
  and background answers (each question has its own option shares);
* a latent trust per dimension = the round's level + a group effect (+ a small group x dimension effect) + the
  effects of the background options chosen (roles see the cooperation differently) + a dimension offset +
  a general trust factor shared by all dimensions + a dimension-specific part (so dimensions correlate, as
  they do in real scans);
* per statement a noisy latent response cut into ``scale.points`` ordered categories at equal-probability
  thresholds of the latent distribution (an ordinal threshold model, valid for any scale from 2 to 11 points);
  a reverse-keyed statement is answered on the mirrored scale, so high trust gives a low raw answer;
* about 3% "don't know" (only when the scale offers it) and 2% skipped statements; statements hidden by
  ``show_if`` are stored as 0, exactly as the form stores them;
* for about 30% of respondents open answers from a small Dutch/English phrase bank, including ``&``, ``<`` and
  diacritics so the escaping of every output is exercised;
* for the questions of sections (rankings, points, numbers, choices, matrices) answers drawn by their kind
  (``Kind.synthesize``) from one :class:`~scanengine.kinds.base.Population`: one latent preference per respondent
  and option id drives the ranking, the points, the matrix and the choices that offer that id (a theme ranked
  first by many also gets many points), and a number estimated per organisation reads the organisation's own
  true value around the question's ``typical`` one; drawn last so that a seed gives the statements it gave before
  sections existed; hidden by ``show_if`` they are stored as "no answer".

Everything is drawn from one :class:`numpy.random.Generator` in a fixed order: the same seed gives the same
answers. The whole answer matrix is generated at once with numpy and inserted in bulk (chunks of
:data:`CHUNK` rows), because 100,000 respondents must take seconds, not minutes.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
from sqlalchemy import insert
from sqlmodel import Session

from scanengine import audit
from scanengine.counters import count_day
from scanengine.db import is_sqlite
from scanengine.definition import Questionnaire
from scanengine.kinds.background import shown
from scanengine.kinds.base import ANSWERS, Population
from scanengine.models import STATUS_CLOSED, Response, Round, random_id, stored_id, table_of
from scanengine.rounds import RoundError, groups_of, questionnaire_of
from scanengine.stats import DK as DK_CODE
from scanengine.stats import MISSING as NO_ANSWER

CHUNK = 5000
MAX_RESPONDENTS = 1_000_000

# Open answers: (positive, critical) phrases per language. Some carry markup-like text, an ampersand and
# diacritics on purpose: every page and report that shows them must print them as typed.
PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "nl": (
        (
            "Het overleg tussen raad & college verloopt beter dan vóór de reorganisatie.",
            "De coördinatie door het regionaal bureau is duidelijk verbeterd.",
            "Ideeën van kleinere gemeenten worden serieus genomen.",
            "Afspraken worden nagekomen; dat geeft vertrouwen.",
            "Goede sfeer in het portefeuillehoudersoverleg, ook bij lastige onderwerpen.",
            "Heldere rapportages over de begroting & de uitvoering.",
        ),
        (
            "Minder dan <5 keer per jaar bestuurlijk overleg is te weinig.",
            "De raad hoort besluiten vaak pas achteraf. <b>Betrek ons eerder</b>.",
            "Financiële risico's worden te laat gedeeld met de deelnemende gemeenten.",
            "De grote gemeente bepaalt te vaak de agenda; de kleinere voelen zich niet gehoord.",
            "Meer transparantie over kosten & baten per gemeente, graag.",
            "Overleg is te vrijblijvend: wie is waarvoor verantwoordelijk?",
        ),
    ),
    "en": (
        (
            "Cooperation between council & executive has clearly improved.",
            "The regional office coordinates well and shares information early.",
            "Agreements are kept; that builds trust.",
        ),
        (
            "Fewer than <5 administrative meetings a year is not enough.",
            "Costs & benefits per municipality should be more transparent.",
            "The council hears about decisions too late. <i>Involve us earlier</i>.",
        ),
    ),
}
ENGLISH_SHARE = 0.15  # of open answers, when the questionnaire has English texts


@dataclass(frozen=True)
class Profile:
    """The parameters of the synthetic population (latent units: 0 is the scale's midpoint, 1 is one SD)."""

    level: float = 0.4  # mean latent trust of the round
    person_sd: float = 0.7  # spread of the respondents' latent trust around their group's level
    group_sd: float = 0.35  # spread of the group effects
    group_dimension_sd: float = 0.15  # spread of the group x dimension effects
    option_sd: float = 0.25  # spread of the background-option effects
    dimension_sd: float = 0.3  # spread of the dimension offsets
    general_share: float = 0.6  # share of the person's latent variance that is general trust
    item_sd: float = 0.2  # spread of the statement offsets
    noise_sd: float = 0.7  # response noise per statement
    dk_rate: float = 0.03
    skip_rate: float = 0.02
    background_skip_rate: float = 0.01
    open_rate: float = 0.30

    def __post_init__(self) -> None:
        for name in ("dk_rate", "skip_rate", "background_skip_rate", "open_rate", "general_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        if self.dk_rate + self.skip_rate > 1.0:
            raise ValueError("dk_rate + skip_rate must not exceed 1")


@dataclass
class Synthetic:
    """Generated responses, in the storage codec of :mod:`scanengine.responses`."""

    answers: np.ndarray  # uint8, respondents x the answers column's width (statements first, one byte each)
    background: np.ndarray  # uint8, respondents x background questions
    group_index: np.ndarray  # int64, index into the groups passed in
    open_answers: list[dict[str, str] | None]  # per respondent, None when nothing was written

    @property
    def n(self) -> int:
        return int(self.answers.shape[0])


def group_weights(expected_sizes: Sequence[int | None]) -> np.ndarray:
    """Shares of the groups: proportional to the expected sizes when all are known, else equal."""
    if not expected_sizes:
        raise ValueError("at least one group is needed")
    if all(s for s in expected_sizes):
        w = np.asarray(expected_sizes, dtype=float)
    else:
        w = np.ones(len(expected_sizes))
    return w / w.sum()


def thresholds(points: int, sd: float) -> np.ndarray:
    """The ``points - 1`` cut points that split a normal(0, sd) latent into equally likely categories."""
    dist = NormalDist(0.0, sd)
    return np.array([dist.inv_cdf(k / points) for k in range(1, points)], dtype=np.float32)


def synthesize(
    q: Questionnaire,
    n: int,
    weights: Sequence[float] | np.ndarray,
    rng: np.random.Generator,
    profile: Profile | None = None,
) -> Synthetic:
    """Generate ``n`` respondents for ``q`` with groups drawn by ``weights`` (pure: no database)."""
    p = profile or Profile()
    if n < 0:
        raise ValueError("the number of respondents cannot be negative")
    shares = np.asarray(weights, dtype=float)
    items = q.items
    n_items, n_dims, n_groups = len(items), len(q.dimensions), len(shares)
    dim_of_item = np.asarray(q.item_dimension_index(), dtype=np.int64)

    # -- parameters of this population (drawn first, so they depend on the seed only) ------------------------
    group_effect = rng.normal(0.0, p.group_sd, n_groups)
    group_dim_effect = rng.normal(0.0, p.group_dimension_sd, (n_groups, n_dims))
    dim_offset = rng.normal(0.0, p.dimension_sd, n_dims)
    item_offset = rng.normal(0.0, p.item_sd, n_items).astype(np.float32)
    option_shares = [rng.dirichlet(np.full(len(bq.options), 3.0)) for bq in q.background]
    option_effect = [
        np.concatenate([[0.0], rng.normal(0.0, p.option_sd, len(bq.options))]) for bq in q.background
    ]
    offers_dk = q.scale is not None and q.scale.dont_know is not None
    dk_item_rate = rng.uniform(0.5, 1.5, n_items) * p.dk_rate if offers_dk else np.zeros(n_items)

    # -- respondents ---------------------------------------------------------------------------------------------
    group_index = rng.choice(n_groups, size=n, p=shares).astype(np.int64)
    background = np.zeros((n, len(q.background)), dtype=np.uint8)
    shift = np.zeros(n)
    for j, shares in enumerate(option_shares):
        codes = rng.choice(len(shares), size=n, p=shares) + 1
        codes[rng.random(n) < p.background_skip_rate] = 0
        background[:, j] = codes
        shift += option_effect[j][codes]

    general = rng.standard_normal(n)
    specific = rng.standard_normal((n, n_dims))
    latent = (
        (p.level + group_effect[group_index] + shift)[:, None]
        + dim_offset[None, :]
        + group_dim_effect[group_index]
        + p.person_sd
        * (np.sqrt(p.general_share) * general[:, None] + np.sqrt(1.0 - p.general_share) * specific)
    )
    latent = latent.astype(np.float32)

    # -- statements: noisy latent response cut at ordinal thresholds ---------------------------------------
    y = rng.standard_normal((n, n_items), dtype=np.float32)
    y *= np.float32(p.noise_sd)
    y += latent[:, dim_of_item]
    y += item_offset
    points = q.scale.points if q.scale is not None else 2  # without statements there is nothing to cut
    # cut points for a unit-SD person latent: with the smaller real spread the middle categories fill up a
    # little more than the extremes, as in real scans
    cuts = thresholds(points, float(np.sqrt(1.0 + p.noise_sd**2 + p.item_sd**2)))
    answers = (np.digitize(y, cuts) + 1).astype(np.uint8)
    del y
    reverse = np.array([item.reverse for item in items], dtype=bool)
    if reverse.any():
        answers[:, reverse] = points + 1 - answers[:, reverse]

    u = rng.random((n, n_items), dtype=np.float32)
    answers[u < dk_item_rate.astype(np.float32)] = DK_CODE
    answers[
        (u >= dk_item_rate.astype(np.float32)) & (u < (dk_item_rate + p.skip_rate).astype(np.float32))
    ] = NO_ANSWER
    del u

    for i, item in enumerate(items):
        if item.show_if:
            answers[~shown(q, item.show_if, background), i] = NO_ANSWER

    open_answers = _open_answers(q, n, general, rng, p.open_rate)
    answers = _section_answers(q, answers, background, Population(rng, general, group_index, n_groups))
    return Synthetic(
        answers=answers, background=background, group_index=group_index, open_answers=open_answers
    )


def _section_answers(
    q: Questionnaire, statements: np.ndarray, background: np.ndarray, people: Population
) -> np.ndarray:
    """The whole answers column: the statements, then each further question's slice drawn by its kind from the
    same respondents (:class:`scanengine.kinds.base.Population`: one latent preference per option id)."""
    further = q.layout.get(ANSWERS, ())[statements.shape[1] :]
    if not further:
        return statements
    parts = [statements]
    for slot in further:
        kind, question = slot.entry.kind, slot.entry.question
        block = np.ascontiguousarray(kind.synthesize(question, q, people), dtype=np.uint8)
        hidden = ~shown(q, getattr(question, "show_if", None), background)
        block[hidden] = np.frombuffer(kind.encode(question, q, None), dtype=np.uint8)
        parts.append(block)
    return np.concatenate(parts, axis=1)


def _open_answers(
    q: Questionnaire, n: int, general: np.ndarray, rng: np.random.Generator, rate: float
) -> list[dict[str, str] | None]:
    out: list[dict[str, str] | None] = [None] * n
    if not q.open_questions or n == 0:
        return out
    writes = rng.random(n) < rate
    english = (rng.random(n) < ENGLISH_SHARE) & ("en" in q.languages)
    answered = rng.random((n, len(q.open_questions))) < 0.75
    answered[:, 0] |= ~answered.any(axis=1)  # a writer writes at least one answer
    pick = rng.integers(0, 1 << 30, (n, len(q.open_questions)))
    for r in np.flatnonzero(writes):
        bank = PHRASES["en" if english[r] else "nl"][0 if general[r] > 0 else 1]
        texts = {
            oq.id: bank[pick[r, k] % len(bank)][: oq.max_length]
            for k, oq in enumerate(q.open_questions)
            if answered[r, k]
        }
        out[r] = texts
    return out


# -- into a round ------------------------------------------------------------------------------------------------


@dataclass
class SimulationResult:
    round_id: int
    respondents: int
    seed: int
    per_group: dict[str, int] = field(default_factory=dict)


def simulate_round(
    session: Session,
    rnd: Round,
    n: int,
    *,
    seed: int | None = None,
    profile: Profile | None = None,
    progress: Callable[[int], None] | None = None,
    actor: str = "cli",
) -> SimulationResult:
    """Add ``n`` synthetic responses to a draft or open round, in the caller's transaction.

    ``progress`` is called with the number of rows inserted by each chunk. Without a seed one is drawn and
    returned, so any run can be repeated. A closed round is refused: its results are final.
    """
    if rnd.status == STATUS_CLOSED:
        raise RoundError(
            f"round {rnd.id} is closed; synthetic responses can only be added to a draft or open round"
        )
    if not 1 <= n <= MAX_RESPONDENTS:
        raise RoundError(f"--respondents must be between 1 and {MAX_RESPONDENTS:,}, got {n}")
    if seed is not None and not 0 <= seed < 2**63:
        raise RoundError(f"--seed must be between 0 and 2^63 - 1, got {seed}")
    seed = secrets.randbits(32) if seed is None else seed
    q = questionnaire_of(rnd)
    groups = groups_of(session, stored_id(rnd))
    syn = synthesize(
        q, n, group_weights([g.expected_size for g in groups]), np.random.default_rng(seed), profile
    )

    group_ids = np.array([g.id for g in groups], dtype=np.int64)[syn.group_index]
    answers, background = syn.answers.tobytes(), syn.background.tobytes()
    wa, wb = syn.answers.shape[1], syn.background.shape[1]
    # Random ids, inserted in id order: the table is stored by id anyway (no rowid), and appending to the
    # B-tree instead of writing all over it makes a 100,000-row insert 4x faster on SQLite.
    ids = sorted(random_id() for _ in range(n))
    gids = group_ids.tolist()
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        rows = [
            (
                ids[r],
                rnd.id,
                gids[r],
                answers[r * wa : (r + 1) * wa],
                background[r * wb : (r + 1) * wb],
                syn.open_answers[r],
            )
            for r in range(start, stop)
        ]
        _insert_responses(session, rows)
        if progress:
            progress(stop - start)
    count_day(session, stored_id(rnd), n)
    audit.record(
        session,
        actor,
        "round.simulate",
        rnd.id,
        f"{n} synthetic responses, seed {seed}",
        params={"n": n, "seed": seed},
    )
    session.flush()
    counts = np.bincount(syn.group_index, minlength=len(groups))
    return SimulationResult(
        round_id=stored_id(rnd),
        respondents=n,
        seed=seed,
        per_group={g.name: int(c) for g, c in zip(groups, counts, strict=True)},
    )


_COLUMNS = ("id", "round_id", "group_id", "answers", "background", "open_answers")


def _insert_responses(session: Session, rows: list[tuple]) -> None:
    """Insert response rows ``(id, round_id, group_id, answers, background, open_answers or None)``.

    On SQLite straight through the driver's ``executemany`` (the ORM's per-row parameter processing costs
    three times the insert itself: 100,000 rows took 8 s instead of 2.7 s); elsewhere as a Core/ORM bulk insert,
    in two statements so that rows without open answers store SQL NULL rather than JSON ``null``.
    """
    if is_sqlite(session.get_bind()):
        sql = f"INSERT INTO {table_of(Response).name} ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
        session.connection().exec_driver_sql(
            sql, [(*row[:5], json.dumps(row[5]) if row[5] else None) for row in rows]
        )
        return
    plain = [dict(zip(_COLUMNS[:5], row[:5], strict=True)) for row in rows if not row[5]]
    with_open = [dict(zip(_COLUMNS, row, strict=True)) for row in rows if row[5]]
    for batch in (plain, with_open):
        if batch:
            session.execute(insert(Response), batch)
