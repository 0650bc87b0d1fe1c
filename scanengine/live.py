"""Live workshop mode: the presenter shows the questionnaire page by page, the room answers on phones.

No Flask here (the web layer is ``scanengine.web.live``). Everything lives in the database (``LiveSession``,
``LiveParticipant``, ``LiveAnswer``), so any number of workers on SQLite or PostgreSQL serve one session.
See docs/architecture.md, "Live workshop mode". Why it is written this way:

* A session has a short code of :data:`CODE_LENGTH` characters from :data:`CODE_ALPHABET` (no 0/O, 1/I/L, 2/Z,
  5/S, 8/B, 6/G), valid while the session runs and its round is open. ``version`` grows with every presenter
  action: a phone's poll compares it and is answered from one row.
* A phone that joins gets a random key (cookie); only its hash is stored, with the group and nothing else: no
  time, no address, a random primary key. Its answers are kept per page as given (:func:`answer`), and only the
  presenter's current page takes answers, so a page's answers are final once the presenter moves on.
* The presenter's participant count counts the phones that are still there: every request of a phone (its
  poll, a page, an answer) marks a *presence slot*, a hash of its key made apart from the participant's
  (:func:`seen`), with the time in steps of :data:`PRESENCE_STEP` seconds; a phone not seen for
  :data:`PRESENT_SECONDS` no longer counts. Without the key nothing pairs a slot with a participant or their
  answers, and the slots are deleted with the session's other live rows when it ends.
* :func:`end` (or the round's close, :func:`end_round`) turns each participant's answers into ONE anonymous
  response packed by :func:`scanengine.participation.pack`, exactly like a form's, and deletes the participant's
  live state in the same transaction. The responses are inserted in a random order, so neither the storage
  order nor anything else pairs a response with a join.
* Locking: an answer locks the session row ``FOR SHARE`` on PostgreSQL and :func:`end` locks it ``FOR UPDATE``,
  so an acknowledged answer is either converted or never acknowledged. On SQLite an answer's first statement is
  a write (the write lock is taken first, as in :func:`scanengine.participation.submit`).
* Results of a page appear only when the presenter shows them AND at least k participants answered that page
  (and, per question, at least k answered it). Each kind makes its own result (``Kind.live_summary``) from the
  functions of :mod:`scanengine.stats`; a kind without one (open answers) is never shown live.

It is longer than ~400 lines because a live session's state, joining, answers, results and end share one set
of locking rules.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from scanengine import audit, participation, rounds
from scanengine.counters import count_day
from scanengine.db import rowcount
from scanengine.definition import BACKGROUND_PAGE, OPEN_PAGE, Entry, Questionnaire
from scanengine.kinds.base import AnswerError, Kind, LiveSummary, Text
from scanengine.models import (
    STATUS_OPEN,
    InvitationGroup,
    LiveAnswer,
    LiveParticipant,
    LivePresence,
    LiveSession,
    Response,
    Round,
    random_id,
    stored_id,
    table_of,
)
from scanengine.rawsql import Database, Prepared, dbapi_of, json_value, upsert_insert
from scanengine.texts import Note

CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"  #: no look-alikes (see the module doc)
CODE_LENGTH = 6
KEY_BYTES = 24
ACTIONS = ("previous", "next", "show", "hide")
#: a phone counts as there when it asked for anything in the last PRESENT_SECONDS (a phone with a script polls
#: every second; one without asks once per page); its slot is written at most once per PRESENCE_STEP seconds
PRESENT_SECONDS = 30
PRESENCE_STEP = 10


# -- refusals -------------------------------------------------------------------------------------------------------


class LiveError(Exception):
    """A refused live operation. ``reason`` is a stable code the web layer maps to a page and a status."""

    reason = "refused"


class UnknownCode(LiveError):
    reason = "unknown"


class SessionEnded(LiveError):
    """The session was ended, or its round is no longer open."""

    reason = "ended"


class RoundNotOpen(LiveError):
    reason = "not_open"


class PageMoved(LiveError):
    """An answer to a page the presenter has left: not stored."""

    reason = "moved"


class NotJoined(LiveError):
    reason = "not_joined"


class BadGroup(LiveError):
    reason = "bad_group"


# -- codes and keys ---------------------------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str | None:
    """A typed code in canonical form (upper case, spaces and dashes dropped), or None when it cannot be one."""
    code = "".join(ch for ch in (code or "")[:40].upper() if ch not in " -")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def presence_slot(key: str) -> str:
    """The phone's presence slot: a hash of its key that differs from :func:`hash_key`, so the participant row
    and the slot cannot be paired without the key."""
    return hashlib.sha256(f"presence\n{key}".encode()).hexdigest()


# -- pages ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LivePage:
    """One page of a live session: the questions the form asks together (a dimension, a section, ...)."""

    key: str
    title: Text | Note
    entries: tuple[Entry, ...]

    def fields(self) -> frozenset[str]:
        return frozenset(name for e in self.entries for name in e.kind.fields(e.question))


_PAGE_NOTES = {BACKGROUND_PAGE: "live_page_background", OPEN_PAGE: "live_page_open"}
_pages_cache: dict[int, tuple[Questionnaire, tuple[LivePage, ...]]] = {}


def pages(q: Questionnaire) -> tuple[LivePage, ...]:
    """The live pages of a definition: its questions grouped by the page the form asks them on, in order.

    A page's title is the title of the definition's container with that id (a dimension, a section ...);
    the background and open-question pages have their own."""
    found = _pages_cache.get(id(q))  # by identity, as participation's caches: one parsed definition per hash
    if found is not None and found[0] is q:
        return found[1]
    titled = {c.id: c.title for name in ("dimensions", "sections") for c in (getattr(q, name, None) or ())}
    grouped: dict[str, list[Entry]] = {}
    for e in q.entries:
        grouped.setdefault(e.page, []).append(e)
    out = tuple(
        LivePage(key, titled.get(key) or Note(_PAGE_NOTES.get(key, "live_page_other")), tuple(entries))
        for key, entries in grouped.items()
    )
    _pages_cache[id(q)] = (q, out)
    return out


# -- the presenter ------------------------------------------------------------------------------------------------------


def running(session: Session, round_id: int) -> LiveSession | None:
    """The round's running session, or None."""
    live = session.execute(select(LiveSession).where(col(LiveSession.round_id) == round_id)).scalars().first()
    return live if live is not None and not live.ended else None


def start(session: Session, rnd: Round, actor: str = "cli") -> LiveSession:
    """The round's running session, or a new one with a fresh code (committed). Only for an open round."""
    if rnd.status != STATUS_OPEN:
        raise RoundNotOpen()
    for _ in range(20):  # a code clash (one in millions per running session) simply draws again
        live = (
            session.execute(select(LiveSession).where(col(LiveSession.round_id) == rnd.id)).scalars().first()
        )
        if live is not None and not live.ended:
            return live
        code = new_code()
        try:
            if live is None:
                live = LiveSession(round_id=stored_id(rnd), code=code)
                session.add(live)
            else:
                live.code, live.page, live.show_results, live.ended = code, 0, False, False
                live.version += 1
            session.flush()
            audit.record(session, actor, "live.start", rnd.id)
            session.commit()
            return live
        except IntegrityError:
            session.rollback()
    raise RuntimeError("no free live session code found")  # pragma: no cover - 23**6 codes


def navigate(session: Session, live: LiveSession, action: str, n_pages: int) -> LiveSession:
    """A presenter action: ``previous``/``next`` turn the page (results hidden again on the new page),
    ``show``/``hide`` the results. Committed; refused on an ended session."""
    if action not in ACTIONS:
        raise ValueError(f"unknown live action {action!r}")
    values: dict[str, Any]
    if action in ("previous", "next"):
        page = max(0, min(live.page + (1 if action == "next" else -1), n_pages - 1))
        if page == live.page:
            return live
        values = {"page": page, "show_results": False}
    else:
        values = {"show_results": action == "show"}
    # the action applies to the page the presenter saw: when another screen of the same session turned the page
    # in between, this one changes nothing (and shows the page as it is now)
    result = session.execute(
        update(LiveSession)
        .where(
            col(LiveSession.id) == live.id,
            col(LiveSession.ended).is_(False),
            col(LiveSession.page) == live.page,
        )
        .values(version=col(LiveSession.version) + 1, **values)
    )
    session.commit()
    session.refresh(live)
    if rowcount(result) != 1 and live.ended:
        raise SessionEnded()
    return live


def end(session: Session, live: LiveSession, actor: str = "cli") -> int:
    """End the session: every participant's answers become one anonymous response (committed). Returns the
    number of responses stored."""
    session.rollback()
    try:
        stored = _finish(session, stored_id(live))
        audit.record(session, actor, "live.end", live.round_id, f"{stored} responses", params={"n": stored})
        session.commit()
    except BaseException:
        session.rollback()
        raise
    session.refresh(live)
    return stored


def end_round(session: Session, round_id: int) -> int:
    """Called by :func:`scanengine.closing.close_round` inside its transaction: end the round's running session
    and store its participants' responses with the close (not committed here)."""
    live_id = session.execute(
        select(col(LiveSession.id)).where(col(LiveSession.round_id) == round_id)
    ).scalar()
    return 0 if live_id is None else _finish(session, live_id)


def _finish(session: Session, live_id: int) -> int:
    """Lock the session row, mark it ended, and move every participant into a response (see the module doc)."""
    row = session.execute(
        select(col(LiveSession.round_id), col(LiveSession.ended))
        .where(col(LiveSession.id) == live_id)
        .with_for_update()
    ).first()
    if row is None or row.ended:
        return 0
    session.execute(
        update(LiveSession)
        .where(col(LiveSession.id) == live_id)
        .values(ended=True, show_results=False, version=col(LiveSession.version) + 1)
    )
    rnd = session.get(Round, row.round_id)
    assert rnd is not None  # the session row references its round
    q = rounds.questionnaire_of(rnd)
    answers: dict[str, dict[str, Any]] = {}
    groups: dict[str, int] = {}
    for pid, gid in session.execute(
        select(col(LiveParticipant.id), col(LiveParticipant.group_id)).where(
            col(LiveParticipant.session_id) == live_id
        )
    ).all():
        groups[pid] = gid
        answers[pid] = {}
    for pid, _page, stored in session.execute(
        select(col(LiveAnswer.participant_id), col(LiveAnswer.page), col(LiveAnswer.answers))
        .where(col(LiveAnswer.session_id) == live_id)
        .order_by(col(LiveAnswer.page))
    ).all():
        answers[pid].update(json_value(stored) or {})
    order = list(answers)
    secrets.SystemRandom().shuffle(order)  # the insertion order says nothing about who joined when
    stored_count = 0
    for pid in order:
        packed = _pack_keeping_what_fits(q, answers[pid])
        if packed is None:
            continue
        session.execute(
            insert(table_of(Response)).values(
                id=random_id(),
                round_id=row.round_id,
                group_id=groups[pid],
                answers=packed.answers,
                background=packed.background,
                open_answers=packed.open_answers,
            )
        )
        stored_count += 1
    if stored_count:
        count_day(session, row.round_id, stored_count)  # the one day counter of submissions
    session.execute(delete(LiveAnswer).where(col(LiveAnswer.session_id) == live_id))
    session.execute(delete(LiveParticipant).where(col(LiveParticipant.session_id) == live_id))
    session.execute(delete(LivePresence).where(col(LivePresence.session_id) == live_id))
    return stored_count


def _pack_keeping_what_fits(q: Questionnaire, answers: dict[str, Any]) -> participation.Packed | None:
    """The packed response of a participant, or None when they answered nothing. Every value was checked when
    it was given; should one still be refused (never expected), that one value is dropped, not the response."""
    answers = dict(answers)
    for _ in range(len(answers) + 1):
        if not answers:
            return None
        try:
            packed = participation.pack(q, answers)
        except AnswerError as exc:
            answers = {
                k: v for k, v in answers.items() if k != exc.field and not k.startswith(f"{exc.field}.")
            }
            continue
        empty = not any(packed.answers) and not any(packed.background) and not packed.open_answers
        return None if empty else packed
    return None


# -- phones -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Joined:
    """What a phone's request needs: its session and round, and its participant (None before joining)."""

    live: LiveSession
    questionnaire: Questionnaire
    min_group_size: int
    participant_id: str | None = None
    group_id: int | None = None


# The phones' requests (page, answer, poll) run a few statements each: built once, compiled once per dialect and
# run on the DBAPI connection (scanengine.rawsql), as the participant form does; through a Session they cost
# several times more CPU than the statements themselves (bench/live_load.py).
_RESOLVE = Prepared(
    lambda _d: (
        select(
            col(LiveSession.id),
            col(LiveSession.round_id),
            col(LiveSession.code),
            col(LiveSession.page),
            col(LiveSession.show_results),
            col(LiveSession.ended),
            col(LiveSession.version),
            col(Round.status),
            col(Round.definition_sha256),
            col(Round.min_group_size),
        )
        .join(Round, col(Round.id) == col(LiveSession.round_id))
        .where(col(LiveSession.code) == bindparam("code"))
    )
)
_DEFINITION = Prepared(lambda _d: select(col(Round.definition)).where(col(Round.id) == bindparam("round_id")))
_PARTICIPANT = Prepared(
    lambda _d: select(col(LiveParticipant.id), col(LiveParticipant.group_id)).where(
        col(LiveParticipant.key_hash) == bindparam("key_hash"),
        col(LiveParticipant.session_id) == bindparam("session_id"),
    )
)


def resolve(db: Database, code: str, key: str | None = None) -> Joined:
    """The running session behind a code (and the participant behind the phone's key, when it has one), or
    :class:`UnknownCode` / :class:`SessionEnded`. ``db`` is a Session or a RawConnection."""
    norm = normalise_code(code)
    if norm is None:
        raise UnknownCode()
    row = _RESOLVE.first(db, {"code": norm})
    if row is None:
        raise UnknownCode()
    sid, round_id, code_, page, shown, ended, version, status, sha, k = row
    if ended or status != STATUS_OPEN:
        raise SessionEnded()
    live = LiveSession(
        id=sid,
        round_id=round_id,
        code=code_,
        page=page,
        show_results=bool(shown),
        ended=False,
        version=version,
    )  # a detached copy of the row: read only
    q = rounds.pinned_questionnaire(sha, lambda: _DEFINITION.one(db, {"round_id": round_id})[0])
    pid = gid = None
    if key:
        found = _PARTICIPANT.first(db, {"key_hash": hash_key(key), "session_id": sid})
        if found is not None:
            pid, gid = found
    return Joined(live, q, k, pid, gid)


@dataclass(frozen=True)
class PhoneState:
    """The little a phone polls for: which page, and whether the session still runs (and which session)."""

    version: int
    page: int
    ended: bool
    session_id: int = 0


_PHONE_STATE = Prepared(
    lambda _d: (
        select(
            col(LiveSession.version),
            col(LiveSession.page),
            col(LiveSession.ended),
            col(Round.status),
            col(LiveSession.id),
        )
        .join(Round, col(Round.id) == col(LiveSession.round_id))
        .where(col(LiveSession.code) == bindparam("code"))
    )
)


def phone_state(db: Database, code: str) -> PhoneState | None:
    """The session's version and page by code (one indexed row); None for an unknown code. An ended session or
    a round that is no longer open reads as ended. Every phone asks this every second, so the statement is
    compiled once and run on the DBAPI connection (``db`` may be a Session or a RawConnection; see
    :mod:`scanengine.rawsql`)."""
    norm = normalise_code(code)
    if norm is None:
        return None
    row = _PHONE_STATE.first(db, {"code": norm})
    if row is None:
        return None
    version, page, ended, status, session_id = row
    return PhoneState(version, page, bool(ended) or status != STATUS_OPEN, session_id)


_SEEN = Prepared(lambda _d: select(col(LivePresence.seen)).where(col(LivePresence.slot) == bindparam("slot")))


def _build_mark(dialect):
    stmt = upsert_insert(dialect, table_of(LivePresence)).values(
        slot=bindparam("slot"), session_id=bindparam("session_id"), seen=bindparam("seen")
    )
    return stmt.on_conflict_do_update(index_elements=["slot"], set_={"seen": stmt.excluded.seen})


_MARK = Prepared(_build_mark)


def seen(db: Database, session_id: int, key: str | None, now: float | None = None) -> None:
    """The phone with cookie ``key`` is there: its presence slot is marked with the time, in steps of
    :data:`PRESENCE_STEP` seconds (one read; when the slot is older than that, a check that the key belongs
    to a participant of the session and a write, committed). A key of no participant (a phone that has not
    joined, a made-up cookie) marks nothing, so the count cannot be inflated."""
    if not key:
        return
    step = int(time.time() if now is None else now) // PRESENCE_STEP * PRESENCE_STEP
    slot = presence_slot(key)
    found = _SEEN.first(db, {"slot": slot})
    if found is not None and found[0] >= step:
        return
    if _PARTICIPANT.first(db, {"key_hash": hash_key(key), "session_id": session_id}) is None:
        return
    try:
        _MARK.run(db, {"slot": slot, "session_id": session_id, "seen": step})
        db.commit()
    except BaseException:
        db.rollback()
        raise


def groups(session: Session, round_id: int) -> list[InvitationGroup]:
    return rounds.groups_of(session, round_id)


def join(session: Session, joined: Joined, group_id: int | None, now: float | None = None) -> str:
    """Join the session in a group of its round (the only group when there is one); returns the phone's key
    (only its hash is stored). Committed; the phone counts as there from now (:func:`seen`)."""
    choices = [stored_id(g) for g in groups(session, joined.live.round_id)]
    if group_id is None and len(choices) == 1:
        group_id = choices[0]
    if group_id not in choices:
        raise BadGroup()
    key = secrets.token_urlsafe(KEY_BYTES)
    session.add(LiveParticipant(session_id=stored_id(joined.live), group_id=group_id, key_hash=hash_key(key)))
    session.commit()
    seen(session, stored_id(joined.live), key, now)  # in a transaction of its own: nothing pairs the two rows
    return key


_ANSWERS_OF = Prepared(
    lambda _d: select(col(LiveAnswer.page), col(LiveAnswer.answers)).where(
        col(LiveAnswer.participant_id) == bindparam("pid")
    )
)


def answers_of(db: Database, participant_id: str) -> dict[int, dict[str, Any]]:
    """A participant's answers so far, by page index."""
    cursor = _ANSWERS_OF.execute(db, {"pid": participant_id})
    try:
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return {page: dict(json_value(a) or {}) for page, a in rows}


def background_of(q: Questionnaire, answers: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    """The background answers among a participant's pages (for ``show_if``)."""
    flat: dict[str, Any] = {}
    for page_answers in answers.values():
        flat.update(page_answers)
    return participation.background_of(q, flat)


def check_page_answers(q: Questionnaire, page: LivePage, answers: Mapping[str, Any]) -> None:
    """Every answer belongs to a question of the page and every value is accepted by its kind; else
    :class:`AnswerError`. The answers are keyed by question id, as the form keeps them (a ranking's or a
    matrix's fields ``<question>.<part>`` come together under their question's id)."""
    allowed = {e.question.id for e in page.entries}
    unknown = sorted(set(answers) - allowed)
    if unknown:
        raise AnswerError(unknown[0], "field_unknown", name=unknown[0])
    for e in page.entries:
        raw = e.kind.gather(e.question, answers)
        if raw is not None:
            e.kind.check(e.question, q, raw)


_TOUCH_PARTICIPANT = Prepared(
    lambda _d: (
        update(LiveParticipant)
        .where(col(LiveParticipant.id) == bindparam("pid"))
        .values(group_id=col(LiveParticipant.group_id))
    )
)
_PARTICIPANT_EXISTS = Prepared(
    lambda _d: select(col(LiveParticipant.id)).where(col(LiveParticipant.id) == bindparam("pid"))
)
_SESSION_SHARED = Prepared(
    lambda _d: (
        select(col(LiveSession.page), col(LiveSession.ended))
        .where(col(LiveSession.id) == bindparam("sid"))
        .with_for_update(read=True)
    )
)
_STORED_ANSWERS = Prepared(
    lambda _d: select(col(LiveAnswer.answers)).where(
        col(LiveAnswer.participant_id) == bindparam("pid"), col(LiveAnswer.page) == bindparam("page")
    )
)
_DELETE_ANSWERS = Prepared(
    lambda _d: delete(LiveAnswer).where(
        col(LiveAnswer.participant_id) == bindparam("pid"), col(LiveAnswer.page) == bindparam("page")
    )
)


def _build_upsert(dialect):
    stmt = upsert_insert(dialect, table_of(LiveAnswer)).values(
        participant_id=bindparam("pid"),
        page=bindparam("page"),
        session_id=bindparam("sid"),
        answers=bindparam("answers"),
    )
    return stmt.on_conflict_do_update(
        index_elements=["participant_id", "page"], set_={"answers": stmt.excluded.answers}
    )


_UPSERT_ANSWERS = Prepared(_build_upsert)


def answer(db: Database, joined: Joined, page_index: int, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Keep a participant's answers to ``page_index`` (changes over what they gave before; an empty value
    removes one). Only the presenter's current page takes answers (:class:`PageMoved`); values are checked by
    their kinds (:class:`AnswerError`, nothing stored). Committed; returns the page's answers now.
    ``db`` is a Session or a RawConnection."""
    if joined.participant_id is None:
        raise NotJoined()
    q = joined.questionnaire
    all_pages = pages(q)
    if not 0 <= page_index < len(all_pages):
        raise PageMoved()
    page = all_pages[page_index]
    db.rollback()  # the transaction below must start with its lock (see the module doc)
    is_pg = dbapi_of(db)[1].name == "postgresql"
    key = {"pid": joined.participant_id, "page": page_index}
    try:
        if (
            not is_pg
        ):  # SQLite: take the write lock first; this also tells whether the participant still exists
            touched = _TOUCH_PARTICIPANT.run(db, {"pid": joined.participant_id}) == 1
        current = _SESSION_SHARED.first(db, {"sid": joined.live.id})
        if is_pg:
            touched = _PARTICIPANT_EXISTS.first(db, {"pid": joined.participant_id}) is not None
        if current is None or current[1] or not touched:
            raise SessionEnded()
        if current[0] != page_index:
            raise PageMoved()
        found = _STORED_ANSWERS.first(db, key)
        merged = participation.merge(dict(json_value(found[0]) or {}) if found else {}, changes)
        check_page_answers(q, page, merged)
        if merged:
            _UPSERT_ANSWERS.run(db, {**key, "sid": joined.live.id, "answers": json.dumps(merged)})
        elif found is not None:
            _DELETE_ANSWERS.run(db, key)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return merged


# -- what the presenter's screen shows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    """One question of the current page on the presenter's screen: its result, or why there is none."""

    entry: Entry
    summary: LiveSummary | None
    reason: str | None  # "hidden", "below_k", "not_live" or None when ``summary`` is shown


@dataclass(frozen=True)
class PageView:
    """The presenter's current page: how many answered it, and what may be shown of each question."""

    index: int
    total: int
    page: LivePage
    answered: int
    participants: int
    shown: bool
    k: int
    questions: tuple[QuestionResult, ...]

    @property
    def below_k(self) -> bool:
        return self.answered < self.k


def is_live(entry: Entry) -> bool:
    """Whether the entry's kind shows results live at all (it brings its own ``live_summary``)."""
    return type(entry.kind).live_summary is not Kind.live_summary


def present(session: Session, session_id: int, now: float | None = None) -> int:
    """How many phones of the session asked for anything in the last :data:`PRESENT_SECONDS` (the participant
    count). A slot holds the start of its :data:`PRESENCE_STEP`, so a phone drops out 30 to 40 s after its
    last request."""
    since = (time.time() if now is None else now) - PRESENT_SECONDS - PRESENCE_STEP
    return session.execute(
        select(func.count())
        .select_from(LivePresence)
        .where(col(LivePresence.session_id) == session_id, col(LivePresence.seen) > since)
    ).scalar_one()


def page_view(
    session: Session, live: LiveSession, q: Questionnaire, k: int, now: float | None = None
) -> PageView:
    """The current page with its count of answers, and results under the k rule (module doc): a question's result
    is made only when the presenter shows results, at least ``k`` answered the page, and ``k`` answered it.
    The participant count is the phones still there (:func:`present`)."""
    all_pages = pages(q)
    index = min(live.page, len(all_pages) - 1)
    page = all_pages[index]
    rows = [
        json_value(a) or {}
        for (a,) in session.execute(
            select(col(LiveAnswer.answers)).where(
                col(LiveAnswer.session_id) == live.id, col(LiveAnswer.page) == index
            )
        ).all()
    ]
    participants = present(session, stored_id(live), now)
    answered = len(rows)
    results = []
    for e in page.entries:
        if not is_live(e):
            results.append(QuestionResult(e, None, "not_live"))
            continue
        if not live.show_results:
            results.append(QuestionResult(e, None, "hidden"))
            continue
        if answered < k:
            results.append(QuestionResult(e, None, "below_k"))
            continue
        values = []
        for answers in rows:
            raw = e.kind.gather(e.question, answers)
            if raw is None:
                continue
            try:
                value = e.kind.check(e.question, q, raw)
            except AnswerError:
                continue
            if value is not None:
                values.append(value)
        if len(values) < k:
            results.append(QuestionResult(e, None, "below_k"))
            continue
        summary = e.kind.live_summary(e.question, q, values)
        summary = summary.within(k) if summary is not None else None  # a matrix row answered by fewer than k
        results.append(QuestionResult(e, summary, None if summary is not None else "not_live"))
    return PageView(
        index, len(all_pages), page, answered, participants, bool(live.show_results), k, tuple(results)
    )
