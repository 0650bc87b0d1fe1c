"""Benchmark aggregates shared between installations: export a closed round's figures, import another's.

Only aggregated figures travel: the questionnaire id, version and definition SHA-256, n, k, the closing date, and
per dimension and per statement the mean (with n for dimensions). No rows, no group counts, no open answers, and
no figure based on fewer than k respondents. An import is validated with a pydantic model (every problem is
named with its JSON path) and is idempotent: the SHA-256 of the canonical document is the row's ``source_key``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, select

from scanengine import analysis, rounds
from scanengine.definition import ID_PATTERN, canonical_json, json_path
from scanengine.models import MIN_K, STATUS_CLOSED, BenchmarkAggregate, Round

FORMAT = "scanengine-benchmark"
FORMAT_VERSION = 1
MAX_BYTES = 5_000_000


class BenchmarkError(ValueError):
    """A refused export or import; the message says why, and nothing was changed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionnaireRef(_Strict):
    id: str = Field(pattern=ID_PATTERN.pattern, max_length=40)
    version: str = Field(min_length=1, max_length=40)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    points: int = Field(ge=2, le=11)


class DimensionAggregate(_Strict):
    mean: float | None = Field(ge=1, le=11)
    n: int = Field(ge=0)


class AggregateDocument(_Strict):
    """The exchanged document (format ``scanengine-benchmark``, version 1)."""

    format: Literal["scanengine-benchmark"]
    format_version: Literal[1]
    questionnaire: QuestionnaireRef
    cooperation: str = Field(min_length=1, max_length=200)
    round_name: str = Field(min_length=1, max_length=200)
    closed_on: date
    n: int = Field(ge=0)
    k: int = Field(ge=MIN_K)
    dimensions: dict[str, DimensionAggregate] = Field(min_length=1)
    items: dict[str, float | None] = {}


def _problems(doc: AggregateDocument) -> list[str]:
    """Rules across fields: enough respondents, means on the scale, ids well-formed."""
    out = []
    points = doc.questionnaire.points
    if not analysis.enough(doc.n, doc.k):
        out.append(f"n: {doc.n} respondents is fewer than k = {doc.k}; such a round is never shared")
    for dim_id, agg in doc.dimensions.items():
        if not ID_PATTERN.fullmatch(dim_id):
            out.append(f"dimensions.{dim_id}: bad id")
        if agg.mean is not None and not 1 <= agg.mean <= points:
            out.append(f"dimensions.{dim_id}.mean: {agg.mean:g} is outside the scale 1..{points}")
        if agg.n > doc.n:
            out.append(f"dimensions.{dim_id}.n: {agg.n} is more than the round's n {doc.n}")
        if agg.mean is not None and not analysis.enough(agg.n, doc.k):
            out.append(f"dimensions.{dim_id}: a mean of {agg.n} respondents (fewer than k = {doc.k})")
    for item_id, mean in doc.items.items():
        if not ID_PATTERN.fullmatch(item_id):
            out.append(f"items.{item_id}: bad id")
        if mean is not None and not 1 <= mean <= points:
            out.append(f"items.{item_id}: {mean:g} is outside the scale 1..{points}")
    return out


# -- export -----------------------------------------------------------------------------------------------------


def export_aggregate(session: Session, rnd: Round) -> dict:
    """The shareable aggregate of a closed round of at least k respondents (from its stored summary, so it
    works after a purge). Figures of fewer than k respondents are left out (null)."""
    if rnd.status != STATUS_CLOSED:
        raise BenchmarkError(
            f"round {rnd.id} is {rnd.status}; only a closed round can be shared as a benchmark"
        )
    summary = analysis.summary_of(session, rnd)
    if not summary:
        raise BenchmarkError(f"round {rnd.id} has no stored summary (raw answers purged before one was kept)")
    k, n = rnd.min_group_size, summary.n
    if not analysis.enough(n, k):
        raise BenchmarkError(f"round {rnd.id} has {n} respondents, fewer than k = {k}; it cannot be shared")
    q = rounds.questionnaire_of(rnd)
    if q.scale is None:
        raise BenchmarkError(
            f"round {rnd.id} ({q.id}) has no statements, so no dimension means to share as a benchmark"
        )
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "questionnaire": {
            "id": q.id,
            "version": q.version,
            "sha256": rnd.definition_sha256,
            "points": q.statement_scale.points,
        },
        "cooperation": rnd.cooperation,
        "round_name": rnd.name,
        "closed_on": rnd.closed_at.date().isoformat() if rnd.closed_at else None,
        "n": n,
        "k": k,
        "dimensions": {
            d: {"mean": v.mean if analysis.enough(v.n, k) else None, "n": v.n}
            for d, v in summary.dimensions.items()
        },
        "items": {i: v.mean if analysis.enough(v.n, k) else None for i, v in summary.items.items()},
    }
    AggregateDocument.model_validate(doc)  # what we write, we can read back
    return doc


def export_json(session: Session, rnd: Round) -> str:
    return json.dumps(export_aggregate(session, rnd), ensure_ascii=False, indent=2) + "\n"


# -- import -----------------------------------------------------------------------------------------------------


def parse_document(raw: bytes | str, source: str = "<benchmark>") -> AggregateDocument:
    """Validate an aggregate document; :class:`BenchmarkError` lists every problem with its JSON path."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise BenchmarkError(
                f"{source}: larger than {MAX_BYTES // 1_000_000} MB; not a benchmark aggregate"
            )
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BenchmarkError(f"{source}: not UTF-8 text") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BenchmarkError(
            f"{source}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise BenchmarkError(f"{source}: the top level must be an object")
    try:
        doc = AggregateDocument.model_validate(data)
    except ValidationError as exc:
        lines = [f"{source}: {json_path(e['loc']) or '(document)'}: {e['msg']}" for e in exc.errors()]
        raise BenchmarkError("\n".join(lines)) from None
    problems = _problems(doc)
    if problems:
        raise BenchmarkError("\n".join(f"{source}: {p}" for p in problems))
    return doc


def source_key(doc: AggregateDocument) -> str:
    """SHA-256 of the canonical form of the document: the same figures imported twice are one row."""
    return hashlib.sha256(canonical_json(doc.model_dump(mode="json")).encode("utf-8")).hexdigest()


def import_aggregate(
    session: Session, raw: bytes | str, source: str = "<benchmark>"
) -> tuple[BenchmarkAggregate, bool]:
    """Store an aggregate from another installation; returns ``(row, created)`` (``created`` False when the
    same document was imported before). Refuses one of this installation's own rounds (it would count twice)."""
    doc = parse_document(raw, source)
    key = source_key(doc)
    existing = session.exec(select(BenchmarkAggregate).where(BenchmarkAggregate.source_key == key)).first()
    if existing is not None:
        return existing, False
    own = session.exec(
        select(Round).where(
            Round.questionnaire_id == doc.questionnaire.id,
            Round.cooperation == doc.cooperation,
            Round.name == doc.round_name,
            Round.status == STATUS_CLOSED,
        )
    ).all()
    for rnd in own:
        if (
            rnd.closed_at
            and rnd.closed_at.date() == doc.closed_on
            and rnd.definition_sha256 == doc.questionnaire.sha256
        ):
            raise BenchmarkError(
                f"{source}: this is round {rnd.id} of this installation; it is already in the benchmark"
            )
    row = BenchmarkAggregate(
        source_key=key,
        questionnaire_id=doc.questionnaire.id,
        cooperation=doc.cooperation,
        round_name=doc.round_name,
        closed_on=doc.closed_on,
        n=doc.n,
        dimension_means={d: a.mean for d, a in doc.dimensions.items()},
        item_means=dict(doc.items),
    )
    session.add(row)
    session.flush()
    return row, True


def aggregates(session: Session) -> list[BenchmarkAggregate]:
    """The imported aggregates, by questionnaire and in the order they were imported."""
    return list(
        session.exec(
            select(BenchmarkAggregate).order_by(
                col(BenchmarkAggregate.questionnaire_id), col(BenchmarkAggregate.id)
            )
        )
    )
