"""The participant's side of a round: resolving a link, the pages of the form, drafts, and submission.

No Flask here: the web layer (``scanengine.web.participant``) is a thin shell over these functions, and the
concurrency tests drive them directly from threads.

Why it is written this way:

* Every request of a participant passes through :func:`resolve_link`, :func:`load_draft` and
  :func:`save_draft`, so they use SQLAlchemy Core statements on a few columns (no ORM objects) and the
  pinned definition is parsed once per definition hash (the page cache, :mod:`scanengine.cache`).
* :func:`submit` is the one place where a token, a draft and a response meet. It runs as ONE transaction that
  *writes first*: on SQLite a transaction that only reads first cannot later take the write lock once another
  writer has committed (``SQLITE_BUSY_SNAPSHOT``), and taking the write lock first serialises the check of the
  round's status against ``close_round``. On PostgreSQL the personal link's ``UPDATE ... WHERE used = false``
  lets exactly one of many concurrent submissions win, and the round row is read ``FOR SHARE`` so a concurrent
  close waits until this submission has committed (and a submission after the close sees it closed).
* The submission does not write ``response`` itself: it puts the answers, sealed with the server's pool key, in
  the pool (scanengine.pool), and a mixing step moves them with at least k others of the group into
  ``response`` (after the k-th submission commits, and at close). A draft is sealed with a key derived from its
  link's secret (scanengine.sealing). So nothing a copy of the database holds pairs a link with answers
  (SECURITY.md; docs/architecture.md, "The anonymity model"). The day is counted on the round only.

It is longer than ~400 lines because it is the one place where a link, a draft and a submission meet; its
concurrency rules are easiest to check together.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, false, insert, literal_column, null, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from scanengine import cache, kinds, pool, rounds, sealing
from scanengine.counters import count_day
from scanengine.definition import Questionnaire
from scanengine.kinds.base import ANSWERS, BACKGROUND, OPEN
from scanengine.models import (
    STATUS_CLOSED,
    STATUS_OPEN,
    Draft,
    LinkToken,
    Round,
    SubmissionId,
    table_of,
)
from scanengine.rawsql import Database, Prepared, dialect_name, json_value, upsert_insert
from scanengine.responses import AnswerError
from scanengine.responses import pack as pack_column

log = logging.getLogger(__name__)

REACHED_KEY = "_reached"  # kept in the draft's JSON; cannot clash with an id ([a-z][a-z0-9_]*)
PAGE_KEY = "_page"  # likewise: the page, kept inside the sealed draft
RESUME_KEY_BYTES = 24

PAGE_INTRO, PAGE_BACKGROUND, PAGE_DIMENSION, PAGE_OPEN, PAGE_REVIEW = (
    "intro",
    "background",
    "dimension",
    "open",
    "review",
)
PAGE_SECTION = "section"


# -- refusals -----------------------------------------------------------------------------------------------------


class LinkRefused(Exception):
    """A link that cannot be answered (now). ``reason`` is a stable code the web layer maps to a page."""

    reason = "refused"


class UnknownLink(LinkRefused):
    reason = "unknown"


class LinkUsed(LinkRefused):
    reason = "used"


class RoundNotOpen(LinkRefused):
    reason = "not_open"


class RoundClosed(LinkRefused):
    reason = "closed"


# -- links ----------------------------------------------------------------------------------------------------------


class ResolvedLink(NamedTuple):
    """What a request needs to know about a link: which token row, which round and group, and the definition.

    ``secret`` is the link as presented (personal links seal their draft with a key derived from it); it is never
    stored."""

    token_id: int
    shared: bool
    round_id: int
    group_id: int
    questionnaire: Questionnaire
    min_group_size: int
    secret: str = ""

    def __repr__(self) -> str:  # the link is a credential: never in a log line or a traceback
        return (
            f"ResolvedLink(token_id={self.token_id}, shared={self.shared}, round_id={self.round_id}, "
            f"group_id={self.group_id})"
        )


_ROUND_DEFINITION = Prepared(
    lambda _d: select(col(Round.definition)).where(col(Round.id) == bindparam("round_id"))
)


def _questionnaire(db: Database, round_id: int, sha: str) -> Questionnaire:
    """The round's pinned definition; its text is read from the database only the first time per process."""
    return rounds.pinned_questionnaire(sha, lambda: _ROUND_DEFINITION.one(db, {"round_id": round_id})[0])


hash_secret = rounds.hash_token  # links and resume keys are hashed alike


# Built once and compiled once per dialect: constructing a SQLAlchemy statement costs more CPU than executing it
# on this hot path, and so does SQLAlchemy's execution path (bench/participant_cpu.py; BENCHMARKS.md "participant
# hot path"). Run on the DBAPI connection (scanengine.rawsql): of a Session, or the view's RawConnection.
_RESOLVE_LINK = Prepared(
    lambda _d: (
        select(
            col(LinkToken.id),
            col(LinkToken.shared),
            col(LinkToken.used),
            col(LinkToken.round_id),
            col(LinkToken.group_id),
            col(Round.status),
            col(Round.definition_sha256),
            col(Round.min_group_size),
        )
        .join(Round, col(Round.id) == LinkToken.round_id)
        .where(col(LinkToken.token_hash) == bindparam("token_hash"))
    )
)


def resolve_link(db: Database, token: str) -> ResolvedLink:
    """The link behind ``token``, or a :class:`LinkRefused` subclass saying why it cannot be answered.

    ``db`` is a Session (tests, CLI), or the participant view's :class:`scanengine.rawsql.RawConnection`."""
    if not token or len(token) > 200:
        raise UnknownLink()
    row = _RESOLVE_LINK.first(db, {"token_hash": hash_secret(token)})
    if row is None:
        raise UnknownLink()
    token_id, shared, used, round_id, group_id, status, sha, k = row
    if status == STATUS_CLOSED:
        raise RoundClosed()
    if status != STATUS_OPEN:
        raise RoundNotOpen()
    if used and not shared:
        raise LinkUsed()
    return ResolvedLink(
        token_id, bool(shared), round_id, group_id, _questionnaire(db, round_id, sha), k, token
    )


# -- pages ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One step of the form. ``fields`` are the ids shown on it (statements hidden by ``show_if`` left out)."""

    kind: str
    key: str
    fields: tuple[str, ...] = ()
    dimension_index: int | None = None


def background_of(q: Questionnaire, answers: Mapping[str, Any]) -> dict[str, str | None]:
    return {bq.id: answers.get(bq.id) for bq in q.background}


def pages(q: Questionnaire, answers: Mapping[str, Any]) -> list[Page]:
    """The pages for a participant with these answers: intro, background, one per dimension with at least one
    statement shown, open questions, review. The list depends on the background answers (``show_if``) only,
    so it is computed once per definition and background answers (each request needs it once or twice)."""
    store = cache.active()
    key = (store.sha(q), *(answers.get(bq.id) for bq in q.background))
    return list(store.get("pages", key, lambda: tuple(_pages(q, answers))))


def _pages(q: Questionnaire, answers: Mapping[str, Any]) -> list[Page]:
    bg = background_of(q, answers)
    out = [Page(PAGE_INTRO, "intro")]
    if q.background:
        out.append(Page(PAGE_BACKGROUND, "background", tuple(b.id for b in q.background)))
    for d, dim in enumerate(q.dimensions):
        shown = tuple(item.id for item in dim.items if q.is_shown(item, bg))
        if shown:
            out.append(Page(PAGE_DIMENSION, dim.id, shown, d))
    for section in q.sections:
        shown = tuple(question.id for question in section.questions if q.is_shown(question, bg))
        if shown:
            out.append(Page(PAGE_SECTION, section.id, shown))
    if q.open_questions:
        out.append(Page(PAGE_OPEN, "open", tuple(o.id for o in q.open_questions)))
    out.append(Page(PAGE_REVIEW, "review"))
    return out


class _EveryOption(dict):
    """Background answers under which every ``show_if`` holds: each answer equals every option id."""

    class _Any(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    def get(self, key, default=None):
        return self._Any()


def document_pages(q: Questionnaire) -> list[Page]:
    """Every page with every question, whatever the background answers: the one document the form sends to a
    browser with JavaScript, which applies ``show_if`` itself (docs/architecture.md, "Participant form")."""
    store = cache.active()
    return list(store.get("pages", ("document", store.sha(q)), lambda: tuple(_pages(q, _EveryOption()))))


def field_ids(q: Questionnaire) -> frozenset[str]:
    """Every answerable form field name of the definition (each question's fields, named by its kind)."""
    store = cache.active()
    return store.get(
        "field_ids",
        store.sha(q),
        lambda: frozenset(name for e in q.entries for name in e.kind.fields(e.question)),
    )


def unanswered(q: Questionnaire, answers: Mapping[str, Any]) -> list[tuple[int, Page, list[str]]]:
    """Per dimension page (with its index): the statements shown but not answered, for the review page."""
    out = []
    for idx, page in enumerate(pages(q, answers)):
        if page.kind == PAGE_DIMENSION:
            missing = [f for f in page.fields if not answers.get(f)]
            if missing:
                out.append((idx, page, missing))
    return out


# -- drafts ---------------------------------------------------------------------------------------------------------


@dataclass
class DraftState:
    """A participant's unfinished answers (flat: field id -> value as posted) and where they are."""

    answers: dict[str, Any] = field(default_factory=dict)
    page: int = 0
    reached: int = 0
    exists: bool = False


def new_resume_key() -> str:
    """A random key for the resume cookie of a group link; only its hash is stored (Draft.resume_hash)."""
    return secrets.token_urlsafe(RESUME_KEY_BYTES)


_LOAD_PERSONAL_DRAFT = Prepared(
    lambda _d: select(col(Draft.sealed), col(Draft.page), col(Draft.answers)).where(
        col(Draft.token_id) == bindparam("token_id")
    )
)
_LOAD_SHARED_DRAFT = Prepared(
    lambda _d: select(col(Draft.sealed), col(Draft.page), col(Draft.answers)).where(
        col(Draft.resume_hash) == bindparam("resume_hash"),
        col(Draft.round_id) == bindparam("round_id"),
        col(Draft.group_id) == bindparam("group_id"),
    )
)


def _draft_seal(link: ResolvedLink, resume_key: str | None):
    """The key and associated data of this link's draft: from the link's secret, or the group link's resume key
    (neither is stored, only their SHA-256)."""
    if link.shared:
        return sealing.draft_key(resume_key or ""), f"draft:{link.round_id}:{link.group_id}:shared".encode()
    if not link.secret:
        raise ValueError("a personal link's draft needs the link's secret (resolve_link gives it)")
    return sealing.draft_key(link.secret), f"draft:{link.round_id}:{link.token_id}".encode()


def load_draft(db: Database, link: ResolvedLink, resume_key: str | None = None) -> DraftState:
    """The draft of a personal link, or of a group link's resume key; an empty state when there is none.

    A sealed draft that does not open with this link's key (changed in the database) counts as none; the next
    save replaces it."""
    if link.shared and not resume_key:
        return DraftState()
    if link.shared:
        assert resume_key is not None  # a group link without one returned above
        row = _LOAD_SHARED_DRAFT.first(
            db, {"resume_hash": hash_secret(resume_key), "round_id": link.round_id, "group_id": link.group_id}
        )
    else:
        row = _LOAD_PERSONAL_DRAFT.first(db, {"token_id": link.token_id})
    if row is None:
        return DraftState()
    sealed, page, legacy = row
    if sealed is not None:
        key, aad = _draft_seal(link, resume_key)
        try:
            answers = json.loads(sealing.unseal(key, sealed, aad))
        except sealing.SealError:
            return DraftState()
        page = int(answers.pop(PAGE_KEY, 0) or 0)
    else:  # saved before drafts were sealed (migration 0003): read once, sealed by the next save
        answers = dict(json_value(legacy) or {})
    reached = int(answers.pop(REACHED_KEY, page) or 0)
    return DraftState(answers=answers, page=page, reached=max(reached, page), exists=True)


def _draft_upsert(shared: bool) -> Prepared:
    """The draft upsert for one link kind (``stmt.excluded`` alone cost ~2 ms a request when built each time)."""

    def build(dialect):
        stmt = upsert_insert(dialect, table_of(Draft)).values(
            round_id=bindparam("round_id"),
            group_id=bindparam("group_id"),
            token_id=bindparam("token_id"),
            resume_hash=bindparam("resume_hash"),
            page=literal_column("0"),
            answers=null(),
            sealed=bindparam("sealed"),
        )
        return stmt.on_conflict_do_update(
            index_elements=[Draft.resume_hash if shared else Draft.token_id],
            set_={"page": literal_column("0"), "answers": null(), "sealed": stmt.excluded.sealed},
        )

    return Prepared(build)


_DRAFT_UPSERT = {shared: _draft_upsert(shared) for shared in (False, True)}


def save_draft(db: Database, link: ResolvedLink, state: DraftState, resume_key: str | None = None) -> None:
    """Keep the answers and the page, sealed with the link's draft key (an upsert: two tabs of one link cannot
    create two drafts). Commits."""
    if link.shared and not resume_key:
        raise ValueError("a group link's draft needs a resume key")
    payload = {**state.answers, REACHED_KEY: max(state.reached, state.page), PAGE_KEY: state.page}
    key, aad = _draft_seal(link, resume_key)
    _DRAFT_UPSERT[link.shared].run(
        db,
        {
            "round_id": link.round_id,
            "group_id": link.group_id,
            "token_id": None if link.shared else link.token_id,
            "resume_hash": hash_secret(resume_key)
            if link.shared and resume_key
            else None,  # shared: key checked
            "sealed": sealing.seal(key, json.dumps(payload).encode("utf-8"), aad),
        },
    )
    db.commit()
    state.exists = True


def merge(answers: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Posted changes over the stored answers: a value replaces, ``None`` (an emptied field) removes."""
    out = dict(answers)
    for key, value in changes.items():
        if value is None or value == "":
            out.pop(key, None)
        else:
            out[key] = value
    return out


# -- submission -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Packed:
    answers: bytes
    background: bytes
    open_answers: dict[str, str] | None


def pack(q: Questionnaire, answers: Mapping[str, Any]) -> Packed:
    """The answers by question id (as the form keeps them) -> the stored form. Each question's value is checked
    by its kind; questions hidden by ``show_if`` are dropped; a bad value or a required question left open raises
    :class:`AnswerError` (nothing is stored then)."""
    ids, plan = _pack_plan(q)
    unknown = sorted(set(answers) - ids)
    if unknown:
        raise AnswerError(unknown[0], "field_unknown", name=unknown[0])
    bg = background_of(q, answers)
    values: dict[str, dict[str, Any]] = {ANSWERS: {}, BACKGROUND: {}, OPEN: {}}
    for e, conditional, required in plan:
        if conditional and not q.is_shown(e.question, bg):
            continue
        value = e.kind.check(e.question, q, e.kind.gather(e.question, answers))
        if value is not None:
            values[e.kind.segment][e.question.id] = value
        elif required:
            raise AnswerError(e.question.id, "field_required")
    return Packed(
        pack_column(q, ANSWERS, values[ANSWERS], checked=True),
        pack_column(q, BACKGROUND, values[BACKGROUND], checked=True),
        values[OPEN] or None,
    )


# The submission's statements, built once and compiled once per dialect like the form's (scanengine.rawsql): through
# the ORM they were 45 % of the server's CPU for a complete response with JavaScript (BENCHMARKS.md, section 4).
_LINK_TABLE, _DRAFT_TABLE = table_of(LinkToken), table_of(Draft)
_MARK_USED = Prepared(
    lambda _d: (
        update(_LINK_TABLE)
        .where(_LINK_TABLE.c.id == bindparam("token_id"), _LINK_TABLE.c.used.is_(false()))
        .values(used=true())
    )
)
_ROUND_STATUS_SHARED = Prepared(
    lambda _d: (
        select(col(Round.status)).where(col(Round.id) == bindparam("round_id")).with_for_update(read=True)
    )
)
_DELETE_PERSONAL_DRAFT = Prepared(
    lambda _d: delete(_DRAFT_TABLE).where(_DRAFT_TABLE.c.token_id == bindparam("token_id"))
)
_DELETE_SHARED_DRAFT = Prepared(
    lambda _d: delete(_DRAFT_TABLE).where(
        _DRAFT_TABLE.c.resume_hash == bindparam("resume_hash"),
        _DRAFT_TABLE.c.round_id == bindparam("round_id"),
        _DRAFT_TABLE.c.group_id == bindparam("group_id"),
    )
)


def _delete_draft(db: Database, link: ResolvedLink, resume_key: str | None) -> None:
    if link.shared:
        _DELETE_SHARED_DRAFT.run(
            db,
            {
                "resume_hash": hash_secret(resume_key or ""),
                "round_id": link.round_id,
                "group_id": link.group_id,
            },
        )
    else:
        _DELETE_PERSONAL_DRAFT.run(db, {"token_id": link.token_id})


def _pack_plan(q: Questionnaire) -> tuple[frozenset[str], tuple[tuple[Any, bool, bool], ...]]:
    """Per definition, once (the page cache): the question ids, and per entry whether it has a ``show_if`` and
    whether it is required (asking a definition model for a field it does not have costs more than the check)."""
    store = cache.active()

    def build():
        plan = tuple(
            (e, bool(getattr(e.question, "show_if", None)), bool(getattr(e.question, "required", False)))
            for e in q.entries
        )
        return frozenset(e.question.id for e in q.entries), plan

    return store.get("field_ids", ("pack", store.sha(q)), build)


def submit(
    db: Database,
    link: ResolvedLink,
    changes: Mapping[str, Any] | None = None,
    resume_key: str | None = None,
    *,
    secret: str | bytes,
    also: Callable[[Database], None] | None = None,
    whole: bool = False,
) -> None:
    """Turn the draft (plus ``changes`` posted with the submit) into a pooled submission, in ONE transaction.

    Order matters (see the module doc): (1) the first write — for a personal link the conditional
    ``UPDATE link_token SET used = true WHERE id = :id AND used = false`` (0 rows: :class:`LinkUsed`), for a
    group link on SQLite the day counter; (2) the round's status re-read ``FOR SHARE`` (closed: :class:`RoundClosed`);
    (3) the answers sealed with the pool key of ``secret`` (the server's secret key) into the pool; (4) the draft
    deleted; (5) the day counted. Committed here, so the caller may show the thank-you page only after this
    returns: from then on the submission is stored exactly once, in the pool or (after mixing) in ``response``.
    Any refusal rolls everything back. Afterwards, when at least k submissions of the group wait, they are mixed
    into ``response`` in a transaction of their own (:func:`scanengine.pool.mix_group`); a failure there is
    logged, never raised: the submission stands, and the next mix or the close moves it.
    ``whole``: ``changes`` is the whole answer set (the form with JavaScript), so the draft's answers do not
    count: the answers are checked, packed and sealed before the transaction begins and the draft is deleted
    unread, which keeps SQLite's write lock to the statements themselves (BENCHMARKS.md).
    ``db`` is a Session (tests, scripts) or the participant request's raw connection; every statement is compiled
    once per dialect and runs on the DBAPI connection (scanengine.rawsql).
    ``also`` writes more in the same transaction, before the commit (:func:`submit_all` remembers the
    submission id).
    """
    sealing.pool_key(secret)  # an unusable secret is refused before anything is written
    q = link.questionnaire
    row = _sealed_row(link, pack(q, merge({}, changes or {})), secret) if whole else None
    db.rollback()  # end any read snapshot: the transaction below must start with its write
    # A group link has no token to mark. On SQLite its first write is the day counter (the write lock must be
    # taken first); on PostgreSQL the counter is the hottest row of a round, so it is locked last, just before
    # the commit, and concurrent group-link submissions do not queue behind each other for the whole transaction.
    count_first = link.shared and dialect_name(db) == "sqlite"
    try:
        if not link.shared:
            if _MARK_USED.run(db, {"token_id": link.token_id}) != 1:
                raise LinkUsed()
        elif count_first:
            count_day(db, link.round_id)
        status = _ROUND_STATUS_SHARED.one(db, {"round_id": link.round_id})[0]
        if status == STATUS_CLOSED:
            raise RoundClosed()
        if status != STATUS_OPEN:
            raise RoundNotOpen()
        if row is None:
            state = load_draft(db, link, resume_key)
            row = _sealed_row(link, pack(q, merge(state.answers, changes or {})), secret)
            if state.exists:
                _delete_draft(db, link, resume_key)
        elif not link.shared or resume_key:
            _delete_draft(db, link, resume_key)  # whatever it held, the submission replaces it
        pool.put_row(db, row)
        if not count_first:
            count_day(db, link.round_id)
        if also is not None:
            also(db)
        waiting = pool.waiting_in_group(db, link.round_id, link.group_id)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    if waiting >= link.min_group_size:
        try:
            pool.mix_group(db, link.round_id, link.group_id, link.min_group_size, secret)
        except Exception:  # noqa: BLE001 - see the docstring: the acknowledged submission is safe in the pool
            log.exception(
                "mixing the pool of round %s failed; the submissions wait for the next mix or the close",
                link.round_id,
            )


def _sealed_row(link: ResolvedLink, packed: Packed, secret: str | bytes) -> dict:
    """The pool row of a packed answer set (scanengine.pool)."""
    data = pool.encode(packed.answers, packed.background, packed.open_answers)
    return pool.sealed(link.round_id, link.group_id, data, secret)


# -- one submission with every answer (the form with JavaScript) ----------------------------------------------------

SUBMISSION_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def submission_key(token: str, submission_id: str) -> str:
    """What is remembered of a submission: the hash of the link's secret and the browser's random id together,
    so the stored key names neither the link nor the response (see :class:`scanengine.models.SubmissionId`)."""
    return hash_secret(f"{token}\n{submission_id}")


_SUBMITTED = Prepared(
    lambda _d: (
        select(col(Round.id), col(Round.definition_sha256))
        .join(SubmissionId, col(SubmissionId.round_id) == col(Round.id))
        .where(col(SubmissionId.key_hash) == bindparam("key_hash"))
    )
)


_REMEMBER = Prepared(
    lambda _d: insert(table_of(SubmissionId)).values(
        key_hash=bindparam("key_hash"), round_id=bindparam("round_id")
    )
)


def submitted(db: Database, token: str, submission_id: str) -> Questionnaire | None:
    """The questionnaire of the round that already stored this submission, or None when it was not stored."""
    if not SUBMISSION_ID_PATTERN.fullmatch(submission_id or ""):
        return None
    row = _SUBMITTED.first(db, {"key_hash": submission_key(token, submission_id)})
    return None if row is None else _questionnaire(db, row[0], row[1])


def submit_all(
    db: Database,
    link: ResolvedLink,
    token: str,
    submission_id: str,
    answers: Mapping[str, Any],
    resume_key: str | None = None,
    *,
    secret: str | bytes,
) -> bool:
    """Store ``answers`` (every answer of the form; any draft is replaced, not merged) as :func:`submit` does,
    once per ``submission_id``: a retry of a submission that was stored returns False instead of storing it
    again or refusing it; True when it was stored now. Refusals as :func:`submit`; a malformed submission id is
    a ``ValueError``.
    """
    if not SUBMISSION_ID_PATTERN.fullmatch(submission_id or ""):
        raise ValueError("a submission id is 16-64 characters of A-Z a-z 0-9 _ -")
    key = submission_key(token, submission_id)
    everything = {name: None for name in field_ids(link.questionnaire)}
    everything.update(answers)

    def remember(
        conn: Database,
    ) -> None:  # a copy stored before makes this insert fail: everything rolls back
        _REMEMBER.run(conn, {"key_hash": key, "round_id": link.round_id})

    try:
        submit(db, link, everything, resume_key, secret=secret, also=remember, whole=True)
    except (LinkUsed, RoundClosed, IntegrityError):
        db.rollback()
        if submitted(db, token, submission_id) is not None:  # this submission was stored before
            return False
        raise
    return True


def valid_value(q: Questionnaire, value: str) -> bool:
    """Whether ``value`` is a valid posted answer to a statement of ``q`` (``"1"..points`` or ``dk``)."""
    if not q.items or not isinstance(value, str):
        return False
    item = q.items[0]  # every statement of a definition takes the same values (the scale's)
    try:
        return kinds.get(item.kind).check(item, q, value) is not None
    except AnswerError:
        return False
