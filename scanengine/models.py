"""SQLModel tables. The anonymity model (SECURITY.md; docs/architecture.md, "The anonymity model") is visible
here, in the schema:

* :class:`LinkToken` stores only a SHA-256 of the link secret and whether it was used; it has no time column.
* :class:`Draft` is the only place an unfinished answer set is linked to a token, and it is sealed with a key
  derived from the link's secret, which the database does not hold; it is deleted in the transaction that marks
  the token used.
* A submission first waits in :class:`PooledResponse`, sealed with a key derived from the server's secret key,
  and is moved into :class:`Response` by a mixing step together with at least k others of its group (or at
  close), in random order: no transaction id, log frame or physical order of a response lines up with a link.
* :class:`Response` has no token reference, no timestamp, no IP address or user agent, and a random primary key
  in a table without a rowid on SQLite, so neither a column nor the storage order lines up with token use.
* Progress over time is kept as per-day counters on the round (:class:`DailyCount`), never on a response.

Answers are stored packed, one byte per statement in the pinned definition's order (0 = no answer or not shown,
1..points = the answer, 255 = don't know), because a closed round is analysed by reading all of them at once:
one blob per response reads 25x faster than one row per answer (docs/architecture.md, storage).
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Protocol

from sqlalchemy import JSON, CheckConstraint, Column, LargeBinary, MetaData, Table, UniqueConstraint, inspect
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata

STATUS_DRAFT, STATUS_OPEN, STATUS_CLOSED = "draft", "open", "closed"
STATUSES = (STATUS_DRAFT, STATUS_OPEN, STATUS_CLOSED)
MIN_K = 3
DEFAULT_K = 5


def utcnow() -> datetime:
    return datetime.now(UTC)


def random_id() -> str:
    """A random 128-bit primary key: carries no order and no time."""
    return secrets.token_hex(16)


class _Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(row: _Stored) -> int:
    """The id of a row that has been stored: ``id`` is ``None`` only before the first flush, so a row read from
    the database or flushed has one, and a missing one is a bug in the caller, not bad input."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it before using its id")
    return row.id


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a model class, for statements that bypass the ORM (bulk moves, upserts, raw inserts);
    SQLModel's stubs do not declare ``__table__``."""
    table = inspect(model).local_table
    assert isinstance(table, Table)
    return table


class User(SQLModel, table=True):
    """A facilitator (or admin) account. Passwords are stored as werkzeug hashes."""

    __tablename__ = "user_account"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    is_admin: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Round(SQLModel, table=True):
    """A scan round: a pinned copy of the definition, its owner, its status and its minimum group size."""

    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),
        CheckConstraint(f"min_group_size >= {MIN_K}", name="min_group_size"),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    cooperation: str = Field(max_length=200, index=True)
    questionnaire_id: str = Field(max_length=40, index=True)
    questionnaire_version: str = Field(max_length=40)
    definition: str  # canonical JSON of the validated definition, pinned at creation
    definition_sha256: str = Field(max_length=64)
    status: str = Field(default=STATUS_DRAFT, max_length=10)
    min_group_size: int = DEFAULT_K
    owner_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    purged_at: datetime | None = None
    # aggregated results kept after the raw answers are purged (never rows)
    summary: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class InvitationGroup(SQLModel, table=True):
    """An invited group, usually a partner organisation, with its expected size for the response rate."""

    __tablename__ = "invitation_group"
    __table_args__ = (UniqueConstraint("round_id", "name", name="uq_invitation_group_round_name"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    expected_size: int | None = None
    position: int = 0


class LinkToken(SQLModel, table=True):
    """A participant link. Only the SHA-256 of the secret is stored; no time column on purpose."""

    __tablename__ = "link_token"
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True, ondelete="CASCADE")
    group_id: int = Field(foreign_key="invitation_group.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    shared: bool = False  # a group link answers many times; a personal link once
    used: bool = False


class Draft(SQLModel, table=True):
    """A half-finished answer set, kept against its personal link (or a resume cookie for group links).

    ``sealed`` holds the answers and the page, encrypted with a key derived from the link's secret (or the resume
    key): without the link the row says only that a draft exists (scanengine.sealing). ``page`` and ``answers``
    are read only for drafts saved before encryption at rest (migration 0003) and are cleared by the next save.
    It is deleted in the transaction that pools the submission, and at close.
    """

    __table_args__ = (CheckConstraint("(token_id IS NULL) <> (resume_hash IS NULL)", name="one_key"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True, ondelete="CASCADE")
    token_id: int | None = Field(default=None, foreign_key="link_token.id", unique=True, ondelete="CASCADE")
    resume_hash: str | None = Field(default=None, max_length=64, unique=True)
    group_id: int = Field(foreign_key="invitation_group.id", ondelete="CASCADE")
    page: int = 0
    answers: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    sealed: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class PooledResponse(SQLModel, table=True):
    """A submission waiting to be mixed into :class:`Response`: sealed with the pool key, without time or link.

    The row is written in the transaction that marks the link used, so it shares that transaction's traces
    (PostgreSQL's xmin, a WAL frame); that is why it is sealed and lives only until the mixing step
    (scanengine.pool) moves it, with at least k others of its group, into ``response``.
    """

    __tablename__ = "response_pool"
    __table_args__ = ({"sqlite_with_rowid": False},)
    round_id: int = Field(foreign_key="round.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(default_factory=random_id, primary_key=True, max_length=32)
    group_id: int = Field(foreign_key="invitation_group.id", index=True, ondelete="CASCADE")
    key_id: str = Field(max_length=16)  # which server secret sealed it (scanengine.sealing.PoolKey)
    sealed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Response(SQLModel, table=True):
    """An anonymous, complete response. Deliberately without token, time, address or insertion order."""

    # Clustered by (round, random id): reading a round is one range scan, and the order within a round is the
    # order of random ids, which says nothing about when a response arrived.
    __table_args__ = ({"sqlite_with_rowid": False},)
    round_id: int = Field(foreign_key="round.id", primary_key=True, ondelete="CASCADE")
    id: str = Field(default_factory=random_id, primary_key=True, max_length=32)
    group_id: int = Field(foreign_key="invitation_group.id", index=True, ondelete="CASCADE")
    answers: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # one byte per item, see module doc
    background: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # option index + 1, 0 = none
    open_answers: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class SubmissionId(SQLModel, table=True):
    """That a submission with this id was stored: a retried submission (the network failed after the server
    stored it) is then answered with the thank-you page instead of stored twice or refused.

    ``key_hash`` is the SHA-256 of the link's secret and the browser's random submission id together: without
    both it names nothing, and nothing of it is in the response. Ordered by that hash (no rowid on SQLite), so
    the storage order says nothing about when a submission arrived (docs/architecture.md, "The anonymity model").
    """

    __tablename__ = "submission_id"
    __table_args__ = ({"sqlite_with_rowid": False},)
    key_hash: str = Field(primary_key=True, max_length=64)
    round_id: int = Field(foreign_key="round.id", index=True, ondelete="CASCADE")


class DailyCount(SQLModel, table=True):
    """Responses received per round and calendar day: the only record of progress over time."""

    __tablename__ = "daily_count"
    round_id: int = Field(foreign_key="round.id", primary_key=True, ondelete="CASCADE")
    day: date = Field(primary_key=True)
    count: int = 0


class AuditEntry(SQLModel, table=True):
    """Who changed what, when. Never participant data.

    ``detail`` is an English line for logs and scripts; ``params`` the same facts as values, from which a page
    writes the entry in its reader's language (``scanengine.audit.describe``). ``questionnaire_id`` names the
    definition a save of the questionnaire editor changed."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=254)
    action: str = Field(max_length=60)
    round_id: int | None = Field(default=None, index=True)
    detail: str = ""
    params: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    questionnaire_id: str | None = Field(default=None, max_length=40, index=True)


class BenchmarkAggregate(SQLModel, table=True):
    """Aggregated figures of a round from another installation (imported), for the benchmark set."""

    __tablename__ = "benchmark_aggregate"
    __table_args__ = (UniqueConstraint("source_key", name="uq_benchmark_aggregate_source_key"),)
    id: int | None = Field(default=None, primary_key=True)
    source_key: str = Field(max_length=64)  # SHA-256 of the imported document: importing twice is a no-op
    questionnaire_id: str = Field(max_length=40, index=True)
    cooperation: str = Field(max_length=200)
    round_name: str = Field(max_length=200)
    closed_on: date | None = None
    n: int = 0
    dimension_means: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    item_means: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    imported_at: datetime = Field(default_factory=utcnow)


# -- invitations by e-mail (docs/architecture.md, "Invitations") -----------------------------------------------


class Invitation(SQLModel, table=True):
    """One invited address in a round: the address, its personal link and when it was mailed. Nothing else.

    No response column and no answer time: the only tie to what happens next is ``link_token.used``, which the
    system reads to choose whom to remind. The random id carries no order; the personal link is derived from it
    with the server's secret (never stored), so a reminder can carry the same link. The rows are erased, with
    ``secure_delete`` on SQLite, when the round closes; :class:`InvitationTally` keeps the counts.
    """

    __table_args__ = (UniqueConstraint("round_id", "email", name="uq_invitation_round_email"),)
    id: str = Field(default_factory=random_id, primary_key=True, max_length=32)
    round_id: int = Field(foreign_key="round.id", index=True, ondelete="CASCADE")
    group_id: int = Field(foreign_key="invitation_group.id", ondelete="CASCADE")
    email: str = Field(max_length=254)
    link_token_id: int = Field(foreign_key="link_token.id", unique=True, ondelete="CASCADE")
    sent_at: datetime | None = None
    refused: bool = False  # the mail server refused the address (counted; retried by the next invite run)
    reminded_at: datetime | None = None
    reminders: int = 0


class InvitationTally(SQLModel, table=True):
    """The invitation counts of a group, kept when the addresses are erased (invited, reminded, refused, answered)."""

    __tablename__ = "invitation_tally"
    group_id: int = Field(foreign_key="invitation_group.id", primary_key=True, ondelete="CASCADE")
    round_id: int = Field(foreign_key="round.id", index=True, ondelete="CASCADE")
    invited: int = 0
    reminded: int = 0
    refused: int = 0
    answered: int = 0


class InvitationMessage(SQLModel, table=True):
    """The facilitator's own subject and bodies for a round's invitations (``None``: the catalogue's text)."""

    __tablename__ = "invitation_message"
    round_id: int = Field(foreign_key="round.id", primary_key=True, ondelete="CASCADE")
    subject: str | None = Field(default=None, max_length=300)
    body_nl: str | None = Field(default=None, max_length=5000)
    body_en: str | None = Field(default=None, max_length=5000)
    deadline: date | None = None


# -- live workshop mode (scanengine.live; docs/architecture.md, "Live workshop mode") ----------------------------


class LiveSession(SQLModel, table=True):
    """The live session of a round: its join code, the presenter's page and whether results are shown.

    One per round (a new start replaces the code). ``version`` grows with every presenter action, so a phone's
    poll is answered from this one row (the ETag). No time column: nothing here dates a participant.
    """

    __tablename__ = "live_session"
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", unique=True, ondelete="CASCADE")
    code: str = Field(max_length=6, unique=True)
    page: int = 0
    show_results: bool = False
    ended: bool = False
    version: int = 1


class LiveParticipant(SQLModel, table=True):
    """A phone that joined a live session: its group and the hash of its cookie key, nothing else.

    Random primary key, no time, no address; deleted (with its answers) in the transaction that stores its
    anonymous response."""

    __tablename__ = "live_participant"
    __table_args__ = ({"sqlite_with_rowid": False},)
    id: str = Field(default_factory=random_id, primary_key=True, max_length=32)
    session_id: int = Field(foreign_key="live_session.id", index=True, ondelete="CASCADE")
    group_id: int = Field(foreign_key="invitation_group.id", ondelete="CASCADE")
    key_hash: str = Field(max_length=64, unique=True)


class LiveAnswer(SQLModel, table=True):
    """A participant's answers to one page of a live session (form field -> posted value), kept as given."""

    __tablename__ = "live_answer"
    __table_args__ = ({"sqlite_with_rowid": False},)
    participant_id: str = Field(
        foreign_key="live_participant.id", primary_key=True, max_length=32, ondelete="CASCADE"
    )
    page: int = Field(primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True, ondelete="CASCADE")
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class LivePresence(SQLModel, table=True):
    """That a phone of a live session was there lately: what the presenter's participant count counts.

    ``slot`` is a hash of the phone's cookie key made apart from :class:`LiveParticipant`'s (``presence`` + key):
    without the key, which only the phone holds, nothing pairs a slot with a participant or their answers.
    ``seen`` is when the phone last asked for anything, in whole seconds rounded down to
    :data:`scanengine.live.PRESENCE_STEP`; the rows are deleted when the session ends, so no time of a phone
    outlives the session (docs/architecture.md, "Live workshop mode").
    """

    __tablename__ = "live_presence"
    __table_args__ = ({"sqlite_with_rowid": False},)
    slot: str = Field(primary_key=True, max_length=64)
    session_id: int = Field(foreign_key="live_session.id", index=True, ondelete="CASCADE")
    seen: int = 0


# -- definitions kept in the database (scanengine.library; docs/architecture.md, "Definitions kept") ----------------


class QuestionnaireRecord(SQLModel, table=True):
    """A definition of this instance, named by its JSON ``id`` (unique here, never a shipped id), with its owner.

    Its content lives in its versions; the shipped files (``definition.shipped``) are the read-only origin and
    are not kept here."""

    __tablename__ = "questionnaire"
    id: str = Field(primary_key=True, max_length=40)
    owner_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    copied_from: str | None = Field(default=None, max_length=60)  # "<id> <version number>" it started from


class QuestionnaireVersion(SQLModel, table=True):
    """One version of a kept definition: its canonical JSON and SHA-256 (those a round pins).

    A version that a round uses never changes: the next save makes the next version. The latest version, while
    no round uses it, is replaced by each save."""

    __tablename__ = "questionnaire_version"
    questionnaire_id: str = Field(
        foreign_key="questionnaire.id", primary_key=True, max_length=40, ondelete="CASCADE"
    )
    number: int = Field(primary_key=True)
    definition: str  # canonical JSON (Questionnaire.canonical_json)
    sha256: str = Field(max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    saved_at: datetime = Field(default_factory=utcnow)
    saved_by: str = Field(max_length=254)


class PreviewLink(SQLModel, table=True):
    """A link that shows the participant form of a kept definition to anyone who has it, without an account.

    Only the SHA-256 of the random secret is stored; the link reaches that definition's preview and nothing
    else, stores no answer, and dies with the definition (or when revoked)."""

    __tablename__ = "preview_link"
    token_hash: str = Field(primary_key=True, max_length=64)
    questionnaire_id: str = Field(
        foreign_key="questionnaire.id", index=True, max_length=40, ondelete="CASCADE"
    )
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=254)
