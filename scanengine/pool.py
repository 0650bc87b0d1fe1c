"""The submission pool: how an answer set reaches ``response`` without a trace that pairs it with its link.

A submission marks its link used and puts the packed answers, sealed with the pool key (scanengine.sealing),
into ``response_pool`` in ONE transaction; that is the acknowledgement, and it is durable. Everything that
transaction leaves behind (PostgreSQL's xmin on the link row and the pool row, a WAL frame with both) names a
sealed value, never an answer set.

The mixing step moves pooled submissions into ``response``: a group's submissions once at least k of them
wait (:func:`mix_group`, run after a submission commits), and everything at close (:func:`settle`). It takes
them with ``DELETE ... RETURNING`` (so two mixers can never move one submission twice), opens them, and
inserts the responses in random order, all in one transaction: the responses of a batch share its transaction
id and their physical order says nothing about the order of submission. A crash before the commit leaves the
pool as it was; after it, the pool rows are gone and the responses are there: exactly once either way.
See docs/architecture.md ("The anonymity model") and SECURITY.md.

No Flask here; the secret key comes from the caller (the app's ``SECRET_KEY``, the CLI's settings: the same
key, scanengine.config.secret_key).
"""

from __future__ import annotations

import json
import logging
import secrets
import struct
from collections.abc import Iterable, Mapping

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlmodel import Session, col

from scanengine import checkpointer, sealing
from scanengine.db import checkpoint, scrub_after_commit
from scanengine.models import (
    STATUS_OPEN,
    DailyCount,
    Draft,
    LinkToken,
    PooledResponse,
    Response,
    Round,
    random_id,
    table_of,
)
from scanengine.rawsql import Database, Prepared, RawConnection, dbapi_of, dialect_name

_POOL = table_of(PooledResponse)
_RESPONSE = table_of(Response)
_HEADER = struct.Struct(">HH")  # lengths of the packed answers and background

# Tables whose old row versions could pair a response with a link on PostgreSQL: vacuumed after close and purge.
SCRUBBED_TABLES = (
    _RESPONSE.name,
    _POOL.name,
    table_of(LinkToken).name,
    table_of(Draft).name,
    table_of(DailyCount).name,
)


class PoolError(ValueError):
    """Pooled submissions that cannot be opened with this server's secret key; nothing was changed."""


def _aad(round_id: int, group_id: int) -> bytes:
    return f"pool:{round_id}:{group_id}".encode()


def encode(answers: bytes, background: bytes, open_answers: Mapping[str, str] | None) -> bytes:
    """A packed answer set as bytes: two lengths, the answers, the background, the open answers as JSON."""
    opens = json.dumps(dict(open_answers), ensure_ascii=False).encode("utf-8") if open_answers else b""
    return _HEADER.pack(len(answers), len(background)) + bytes(answers) + bytes(background) + opens


def decode(data: bytes) -> tuple[bytes, bytes, dict[str, str] | None]:
    n_answers, n_background = _HEADER.unpack_from(data)
    start = _HEADER.size
    answers = data[start : start + n_answers]
    background = data[start + n_answers : start + n_answers + n_background]
    rest = data[start + n_answers + n_background :]
    return answers, background, (json.loads(rest.decode("utf-8")) if rest else None)


# On the submission's hot path: compiled once per dialect, run on the DBAPI connection (scanengine.rawsql).
_PUT = Prepared(
    lambda _d: insert(_POOL).values(
        round_id=bindparam("round_id"),
        id=bindparam("id"),
        group_id=bindparam("group_id"),
        key_id=bindparam("key_id"),
        sealed=bindparam("sealed"),
    )
)
_WAITING_IN_GROUP = Prepared(
    lambda _d: (
        select(func.count())
        .select_from(_POOL)
        .where(_POOL.c.round_id == bindparam("round_id"), _POOL.c.group_id == bindparam("group_id"))
    )
)


def sealed(round_id: int, group_id: int, data: bytes, secret: str | bytes) -> dict:
    """A submission (``data`` from :func:`encode`) sealed as its pool row, ready for :func:`put_row`: made before
    the submission's transaction begins, so the write lock is not held while it is encrypted."""
    key = sealing.pool_key(secret)
    return {
        "round_id": round_id,
        "id": random_id(),
        "group_id": group_id,
        "key_id": key.key_id,
        "sealed": sealing.seal(key.aead, data, _aad(round_id, group_id)),
    }


def put_row(db: Database, row: dict) -> None:
    """Add a row made by :func:`sealed` in the caller's transaction."""
    _PUT.run(db, row)


def waiting_in_group(db: Database, round_id: int, group_id: int) -> int:
    return int(_WAITING_IN_GROUP.one(db, {"round_id": round_id, "group_id": group_id})[0])


def waiting(session: Session, round_ids: Iterable[int]) -> dict[int, int]:
    """Pooled submissions per group (they count as responses on the dashboard and in ``round status``)."""
    ids = list(round_ids)
    if not ids:
        return {}
    return dict(
        session.execute(
            select(_POOL.c.group_id, func.count()).where(_POOL.c.round_id.in_(ids)).group_by(_POOL.c.group_id)
        ).all()
    )


def sealed_with_other_key(session: Session, secret: str | bytes) -> int:
    """Pooled submissions that ``secret`` cannot open (sealed under another secret key): the close would refuse
    them. ``scanengine check`` reports them, so a changed or mistyped key is found before a round closes."""
    key_id = sealing.pool_key(secret).key_id
    return session.execute(
        select(func.count()).select_from(_POOL).where(_POOL.c.key_id != key_id)
    ).scalar_one()


_TAKE_ROUND = Prepared(
    lambda _d: (
        delete(_POOL)
        .where(_POOL.c.round_id == bindparam("round_id"))
        .returning(_POOL.c.group_id, _POOL.c.key_id, _POOL.c.sealed)
    )
)
_TAKE_GROUP = Prepared(
    lambda _d: (
        delete(_POOL)
        .where(_POOL.c.round_id == bindparam("round_id"), _POOL.c.group_id == bindparam("group_id"))
        .returning(_POOL.c.group_id, _POOL.c.key_id, _POOL.c.sealed)
    )
)
_RESPONSE_COLUMNS = ("round_id", "id", "group_id", "answers", "background", "open_answers")
_INSERT_RESPONSE = Prepared(lambda _d: insert(_RESPONSE).values({c: bindparam(c) for c in _RESPONSE_COLUMNS}))
_ROUND_OPEN = Prepared(
    lambda _d: (
        select(col(Round.status)).where(col(Round.id) == bindparam("round_id")).with_for_update(read=True)
    )
)


def _take(db: Database, round_id: int, secret: str | bytes | None, group_id: int | None = None) -> list[dict]:
    """Delete the round's (or group's) pooled submissions and return them opened, as ``response`` rows."""
    if group_id is None:
        taken = _TAKE_ROUND.all(db, {"round_id": round_id})
    else:
        taken = _TAKE_GROUP.all(db, {"round_id": round_id, "group_id": group_id})
    if not taken:
        return []
    if secret is None or not secret:
        raise PoolError(
            f"round {round_id} has {len(taken)} submissions waiting in the pool; moving them needs the "
            "server's secret key (SCANENGINE_SECRET_KEY)"
        )
    key = sealing.pool_key(secret)
    foreign = sum(1 for _g, key_id, _s in taken if key_id != key.key_id)
    if foreign:
        raise PoolError(
            f"{foreign} pooled submissions of round {round_id} were sealed with another secret key: run with the "
            "SCANENGINE_SECRET_KEY that was in use when they were submitted (nothing was changed)"
        )
    rows = []
    for group, _key_id, blob in taken:
        try:
            answers, background, opens = decode(sealing.unseal(key.aead, bytes(blob), _aad(round_id, group)))
        except sealing.SealError:
            raise PoolError(
                f"a pooled submission of round {round_id} does not open: it was changed in the "
                "database (nothing was changed)"
            ) from None
        rows.append(
            {
                "round_id": round_id,
                "id": random_id(),
                "group_id": group,
                "answers": answers,
                "background": background,
                "open_answers": opens,
            }
        )
    return rows


def peek_backgrounds(session: Session, round_id: int, secret: str | bytes | None) -> list[tuple[int, bytes]]:
    """(group, packed background) of every submission still waiting in the pool, read and opened without
    taking it (what a close would move, for the close's confirmation page). Submissions this key cannot open
    are left out."""
    rows = session.execute(
        select(_POOL.c.group_id, _POOL.c.key_id, _POOL.c.sealed).where(_POOL.c.round_id == round_id)
    ).all()
    if not rows or not secret:
        return []
    key = sealing.pool_key(secret)
    out = []
    for group, key_id, blob in rows:
        if key_id != key.key_id:
            continue
        try:
            _answers, background, _opens = decode(sealing.unseal(key.aead, blob, _aad(round_id, group)))
        except sealing.SealError:
            continue
        out.append((group, background))
    return out


def _insert_shuffled(db: Database, rows: list[dict]) -> None:
    """Insert in an order drawn from the OS's random source: the heap order of a batch is no submission order.

    One ``executemany`` on the DBAPI connection; the open answers go in as JSON text, as SQLAlchemy's ``JSON``
    type writes them (``json.dumps``)."""
    secrets.SystemRandom().shuffle(rows)
    _INSERT_RESPONSE.run_many(
        db,
        [
            {**row, "open_answers": None if row["open_answers"] is None else json.dumps(row["open_answers"])}
            for row in rows
        ],
    )


def mix_group(db: Database, round_id: int, group_id: int, minimum: int, secret: str | bytes) -> int:
    """Move a group's pooled submissions into ``response`` when at least ``minimum`` wait; commits.

    Returns how many were moved (0: fewer than ``minimum``, another mixer took them, or the round is no longer
    open, in which case the close moved them). On PostgreSQL the round row is read ``FOR SHARE`` first, as a
    submission does, so a close waits for a running mix and a mix after the close sees it closed. On SQLite
    the ``DELETE`` comes first (a transaction must begin with its write there, see scanengine.participation),
    and a ``TRUNCATE`` checkpoint follows the commit: on the same connection for a Session (the CLI, scripts), and
    for a participant's request within a quarter of a second by the process's checkpointer, which lets the mixes
    of a busy moment share one (:mod:`scanengine.checkpointer`).
    ``db`` is a Session or the participant request's raw connection: the statements are compiled once per
    dialect and run on the DBAPI connection (scanengine.rawsql), as the submission's own.
    """
    db.rollback()
    postgres = dialect_name(db) == "postgresql"
    try:
        if postgres and not _is_open(db, round_id):
            db.rollback()
            return 0
        rows = _take(db, round_id, secret, group_id)
        if len(rows) < minimum or (not postgres and not _is_open(db, round_id)):
            db.rollback()
            return 0
        _insert_shuffled(db, rows)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    if not postgres:
        if isinstance(db, RawConnection):  # a participant's request: the process's checkpointer, shortly
            checkpointer.soon(db.engine)
            return len(rows)
        try:
            checkpoint(dbapi_of(db)[0])
        except Exception:  # noqa: BLE001 - the mix stands; the next mix, close or purge checkpoints
            logging.getLogger(__name__).exception("the checkpoint after a mix failed; the next one retries")
    return len(rows)


def _is_open(db: Database, round_id: int) -> bool:
    row = _ROUND_OPEN.first(db, {"round_id": round_id})
    return row is not None and row[0] == STATUS_OPEN


def lock_links_for_close(session: Session, round_id: int) -> None:
    """PostgreSQL, first step of a close: write every link row of the round anew (they take the close's
    transaction id) before the round row is locked.

    A personal-link submission locks its link row, then the round row; the close must take them in the same
    order, or the two wait for each other. A submission that comes later waits for the close and is refused.
    """
    if session.get_bind().dialect.name == "postgresql":
        links = table_of(LinkToken)
        session.execute(update(links).where(links.c.round_id == round_id).values(used=links.c.used))


def settle(session: Session, round_id: int, secret: str | bytes | None) -> int:
    """At close, in the caller's transaction: every pooled submission into ``response``, the drafts deleted.

    On PostgreSQL every response and day counter of the round is also written anew in this transaction (the
    link rows were, by :func:`lock_links_for_close`), so they all carry the close's transaction id (no xmin is shared by a link and fewer than k
    responses, whatever the batches were) and the responses lie in random heap order; the old row versions are
    vacuumed after the commit. On SQLite, ``secure_delete`` and a WAL checkpoint do the same job.
    Returns how many pooled submissions were moved. Raises :class:`PoolError` (nothing changed) when they
    cannot be opened.
    """
    rows = _take(session, round_id, secret)
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        cols = [
            _RESPONSE.c[name]
            for name in ("round_id", "id", "group_id", "answers", "background", "open_answers")
        ]
        kept = [
            dict(r._mapping) for r in session.execute(select(*cols).where(_RESPONSE.c.round_id == round_id))
        ]
        session.execute(delete(_RESPONSE).where(_RESPONSE.c.round_id == round_id))
        _insert_shuffled(session, kept + rows)
        days = table_of(DailyCount)  # the link rows were written anew by lock_links_for_close
        session.execute(update(days).where(days.c.round_id == round_id).values(count=days.c.count))
    else:
        _insert_shuffled(session, rows)
    drafts = table_of(Draft)
    session.execute(delete(drafts).where(drafts.c.round_id == round_id))
    scrub_after_commit(session, SCRUBBED_TABLES)
    return len(rows)
