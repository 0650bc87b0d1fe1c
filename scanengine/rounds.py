"""Round lifecycle and links: the domain rules of docs/architecture.md, "Rounds and links" (no Flask here).

A round moves ``draft -> open -> closed`` and never back; closing is final. Links are random secrets of which
only the SHA-256 is stored, so the plain links exist only in the output of :func:`issue_links` and
:func:`issue_shared_link`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer as Integer_
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from scanengine import audit, cache, db, definition, pool
from scanengine.models import (
    DEFAULT_K,
    MIN_K,
    STATUS_CLOSED,
    STATUS_DRAFT,
    STATUS_OPEN,
    DailyCount,
    InvitationGroup,
    LinkToken,
    Response,
    Round,
    User,
    stored_id,
    utcnow,
)

TOKEN_BYTES = 18  # 144 bits, 24 URL-safe characters
MAX_LINKS_PER_CALL = 10000
GROUP_NAME_MAX = 100


class RoundError(ValueError):
    """A refused round operation; the message is meant for the facilitator."""


class RoundNotFound(RoundError):
    """No such round, or not one the user may see (the two are indistinguishable on purpose)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/s/{token}"


def parse_group_spec(spec: str) -> tuple[str, int | None]:
    """``"Gemeente A=40"`` -> ``("Gemeente A", 40)``; ``"Partners"`` -> ``("Partners", None)``."""
    name, sep, size = spec.rpartition("=") if "=" in spec else (spec, "", "")
    name = name.strip()
    if not name:
        raise RoundError(f"group {spec!r}: the name is empty")
    if len(name) > GROUP_NAME_MAX:
        raise RoundError(f"group {name[:20]!r}...: the name is longer than {GROUP_NAME_MAX} characters")
    if not sep:
        return name, None
    try:
        expected = int(size)
    except ValueError:
        raise RoundError(f"group {name!r}: expected size {size!r} is not a whole number") from None
    if expected < 1:
        raise RoundError(f"group {name!r}: expected size must be at least 1, got {expected}")
    return name, expected


def create_round(
    session: Session,
    questionnaire: definition.Questionnaire,
    *,
    name: str,
    cooperation: str,
    groups: list[tuple[str, int | None]],
    min_group_size: int = DEFAULT_K,
    owner: User | None = None,
    actor: str = "cli",
) -> Round:
    """A new round in status ``draft`` with a pinned copy of ``questionnaire``."""
    name, cooperation = name.strip(), cooperation.strip()
    if not name:
        raise RoundError("the round needs a name")
    if not cooperation:
        raise RoundError("the round needs a cooperation (the regional partnership it belongs to)")
    if len(name) > 200 or len(cooperation) > 200:
        raise RoundError("name and cooperation are limited to 200 characters")
    if min_group_size < MIN_K:
        raise RoundError(f"the minimum group size k must be at least {MIN_K}, got {min_group_size}")
    if not groups:
        raise RoundError("a round needs at least one invitation group")
    names = [g[0] for g in groups]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise RoundError(f"duplicate group name(s): {', '.join(dupes)}")
    rnd = Round(
        name=name,
        cooperation=cooperation,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        definition=questionnaire.canonical_json(),
        definition_sha256=questionnaire.sha256,
        min_group_size=min_group_size,
        owner_id=owner.id if owner else None,
    )
    session.add(rnd)
    session.flush()
    for pos, (gname, size) in enumerate(groups):
        session.add(InvitationGroup(round_id=stored_id(rnd), name=gname, expected_size=size, position=pos))
    session.flush()
    audit.record(
        session,
        actor,
        "round.create",
        rnd.id,
        f"{name} / {cooperation} / {questionnaire.id} {questionnaire.version}",
        params={
            "name": name,
            "cooperation": cooperation,
            "questionnaire": questionnaire.id,
            "version": questionnaire.version,
        },
    )
    return rnd


def questionnaire_of(rnd: Round) -> definition.Questionnaire:
    """The definition pinned in the round (parsed once per definition hash while the page cache holds it)."""
    return pinned_questionnaire(rnd.definition_sha256, lambda: rnd.definition)


def pinned_questionnaire(sha: str, canonical: Callable[[], str]) -> definition.Questionnaire:
    """The pinned definition with hash ``sha``; ``canonical()`` is only called (and the text only read from
    the database) when the page cache does not hold that hash yet. A pinned text never changes for its hash."""
    store = cache.active()

    def parse() -> definition.Questionnaire:
        q = definition.from_pinned(canonical())
        store.note_sha(q, sha)
        return q

    return store.get("definition", sha, parse)


def get_round(session: Session, round_id: int | str, user: User | None = None) -> Round:
    """The round, if ``user`` may see it (owner or admin; ``None`` means the CLI, which sees all)."""
    try:
        rid = int(round_id)
    except (TypeError, ValueError):
        raise RoundNotFound(f"no round {round_id!r}") from None
    rnd = session.get(Round, rid)
    if rnd is None or (user is not None and not user.is_admin and rnd.owner_id != user.id):
        raise RoundNotFound(f"no round {round_id}")
    return rnd


def rounds_for(session: Session, user: User | None) -> list[Round]:
    stmt = select(Round).order_by(col(Round.id).desc())
    if user is not None and not user.is_admin:
        stmt = stmt.where(Round.owner_id == user.id)
    return list(session.exec(stmt))


def closed_rounds(session: Session) -> list[Round]:
    """Every closed round, newest first (the admin's benchmark set lists them)."""
    return list(
        session.exec(select(Round).where(Round.status == STATUS_CLOSED).order_by(col(Round.id).desc()))
    )


def rounds_per_owner(session: Session) -> dict[int, int]:
    """How many rounds each facilitator owns (user id -> count; users without rounds are absent)."""
    rows = session.execute(
        select(col(Round.owner_id), func.count())
        .where(col(Round.owner_id).is_not(None))
        .group_by(col(Round.owner_id))
    ).all()
    return {owner: n for owner, n in rows if owner is not None}


def groups_of(session: Session, round_id: int) -> list[InvitationGroup]:
    stmt = (
        select(InvitationGroup)
        .where(InvitationGroup.round_id == round_id)
        .order_by(col(InvitationGroup.position))
    )
    return list(session.exec(stmt))


def group_by_name(session: Session, rnd: Round, name: str) -> InvitationGroup:
    for g in groups_of(session, stored_id(rnd)):
        if g.name == name:
            return g
    known = ", ".join(g.name for g in groups_of(session, stored_id(rnd)))
    raise RoundError(f"round {rnd.id} has no group {name!r} (groups: {known})")


def _transition(session: Session, rnd: Round, frm: str, to: str, actor: str, **stamps) -> Round:
    """Move the round from ``frm`` to ``to`` with a conditional UPDATE (safe against a concurrent change)."""
    result = session.execute(
        update(Round).where(col(Round.id) == rnd.id, col(Round.status) == frm).values(status=to, **stamps)
    )
    if db.rowcount(result) != 1:
        session.refresh(rnd)
        raise RoundError(
            f"round {rnd.id} is {rnd.status}; only {'a draft' if frm == STATUS_DRAFT else 'an open'} round can be {'opened' if to == STATUS_OPEN else 'closed'}"
        )
    audit.record(session, actor, f"round.{'open' if to == STATUS_OPEN else 'close'}", rnd.id)
    session.flush()
    session.refresh(rnd)
    return rnd


def open_round(session: Session, rnd: Round, actor: str = "cli") -> Round:
    return _transition(session, rnd, STATUS_DRAFT, STATUS_OPEN, actor, opened_at=utcnow())


def mark_closed(session: Session, rnd: Round, actor: str = "cli") -> Round:
    """The status move ``open -> closed`` (a conditional UPDATE, audited). Only one step of a close: the whole
    close, with the pool settled and a live session ended in the same transaction, is
    :func:`scanengine.closing.close_round`, which the CLI and the dashboard call."""
    return _transition(session, rnd, STATUS_OPEN, STATUS_CLOSED, actor, closed_at=utcnow())


# -- links ------------------------------------------------------------------------------------------------------


def _check_can_issue(rnd: Round) -> None:
    if rnd.status == STATUS_CLOSED:
        raise RoundError(f"round {rnd.id} is closed; no new links can be issued")


def issue_links(
    session: Session, rnd: Round, group_name: str, count: int, base_url: str, actor: str = "cli"
) -> list[str]:
    """Create ``count`` personal (single-use) links; the plain links are returned once and never stored."""
    _check_can_issue(rnd)
    if not 1 <= count <= MAX_LINKS_PER_CALL:
        raise RoundError(f"--count must be between 1 and {MAX_LINKS_PER_CALL}, got {count}")
    group = group_by_name(session, rnd, group_name)
    tokens = [new_token() for _ in range(count)]
    session.bulk_insert_mappings(
        LinkToken, [{"round_id": rnd.id, "group_id": group.id, "token_hash": hash_token(t)} for t in tokens]
    )
    audit.record(
        session,
        actor,
        "links.issue",
        rnd.id,
        f"{count} personal links for group {group.name}",
        params={"n": count, "group": group.name},
    )
    return [link_url(base_url, t) for t in tokens]


def issue_shared_link(
    session: Session, rnd: Round, group_name: str, base_url: str, actor: str = "cli", *, rotate: bool = False
) -> str:
    """The reusable group link. Shown once: issuing again needs ``rotate``, which disables the old link."""
    _check_can_issue(rnd)
    group = group_by_name(session, rnd, group_name)
    existing = session.exec(select(LinkToken).where(LinkToken.group_id == group.id, LinkToken.shared)).first()
    if existing is not None and not rotate:
        raise RoundError(
            f"group {group.name!r} already has a group link (it is shown only once); rotate it to get a new one"
        )
    token = new_token()
    if existing is not None:
        existing.token_hash = hash_token(token)
        session.add(existing)
    else:
        session.add(
            LinkToken(
                round_id=stored_id(rnd), group_id=stored_id(group), token_hash=hash_token(token), shared=True
            )
        )
    session.flush()
    audit.record(
        session,
        actor,
        "links.shared" + (".rotate" if existing else ""),
        rnd.id,
        f"group link for {group.name}",
        params={"group": group.name},
    )
    return link_url(base_url, token)


def links_csv(group_name: str, urls: list[str]) -> str:
    """The ``group,link`` table of freshly issued links (mail merge), for the CLI and the dashboard alike.

    RFC 4180 line ends (``\r\n``), which spreadsheet programs expect; the caller writes the text as it is.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["group", "link"])
    writer.writerows([group_name, u] for u in urls)
    return buf.getvalue()


# -- status -----------------------------------------------------------------------------------------------------


@dataclass
class GroupStatus:
    name: str
    expected: int | None
    responses: int
    links: int
    links_used: int
    shared_link: bool

    @property
    def rate(self) -> float | None:
        """Response rate against the expected size (or the personal links issued when no size was given)."""
        base = self.expected or self.links
        return self.responses / base if base else None


@dataclass
class RoundStatus:
    round: Round
    groups: list[GroupStatus]
    daily: list[tuple[date, int]] = field(default_factory=list)

    @property
    def responses(self) -> int:
        return sum(g.responses for g in self.groups)

    @property
    def expected(self) -> int | None:
        sizes = [g.expected or g.links for g in self.groups]
        return sum(sizes) if all(sizes) else None

    @property
    def rate(self) -> float | None:
        exp = self.expected
        return self.responses / exp if exp else None


def round_status(session: Session, rnd: Round) -> RoundStatus:
    """Response counts and rates per group, and the per-day counters."""
    return round_statuses(session, [rnd])[stored_id(rnd)]


def round_statuses(session: Session, rnds: list[Round]) -> dict[int, RoundStatus]:
    """:func:`round_status` for many rounds in five queries (the dashboard lists them all)."""
    ids = [stored_id(r) for r in rnds]
    if not ids:
        return {}
    counts: dict[int, int] = dict(
        (
            (gid, n)
            for gid, n in session.execute(
                select(col(Response.group_id), func.count())
                .where(col(Response.round_id).in_(ids))
                .group_by(col(Response.group_id))
            ).all()
        )
    )
    links = {
        (gid, shared): (n, used or 0)
        for gid, shared, n, used in session.execute(
            select(
                col(LinkToken.group_id),
                col(LinkToken.shared),
                func.count(),
                func.sum(func.cast(col(LinkToken.used), Integer_)),
            )
            .where(col(LinkToken.round_id).in_(ids))
            .group_by(col(LinkToken.group_id), col(LinkToken.shared))
        ).all()
    }
    for gid, n in pool.waiting(session, ids).items():  # acknowledged, not yet mixed into ``response``
        counts[gid] = counts.get(gid, 0) + n
    for rnd in rnds:
        if rnd.summary and rnd.purged_at:  # raw answers purged: counts come from the kept aggregate
            counts.update({g["id"]: g["responses"] for g in rnd.summary.get("group_counts", [])})
    out = {rid: RoundStatus(round=rnd, groups=[]) for rid, rnd in zip(ids, rnds, strict=True)}
    all_groups = session.exec(
        select(InvitationGroup)
        .where(col(InvitationGroup.round_id).in_(ids))
        .order_by(col(InvitationGroup.position))
    )
    for g in all_groups:
        gid = stored_id(g)
        n_links, n_used = links.get((gid, False), (0, 0))
        out[g.round_id].groups.append(
            GroupStatus(
                name=g.name,
                expected=g.expected_size,
                responses=counts.get(gid, 0),
                links=n_links,
                links_used=int(n_used),
                shared_link=(gid, True) in links,
            )
        )
    for d in session.exec(
        select(DailyCount).where(col(DailyCount.round_id).in_(ids)).order_by(col(DailyCount.day))
    ):
        out[d.round_id].daily.append((d.day, d.count))
    return out
