"""Invitations and reminders by e-mail, without anyone learning who answered (docs/architecture.md, "Invitations").

The flow, the same for the CLI and the dashboard (no Flask here):

1. :func:`read_addresses` checks the whole CSV first (a header with an ``email`` column; other columns are
   ignored). Any problem refuses the file with the line it is on, before anything is stored or sent.
2. :func:`add_invitations` stores one :class:`~scanengine.models.Invitation` per address new to the round, each
   with a personal link (a :class:`~scanengine.models.LinkToken` like any other). An address already invited in
   the round, in any group, is skipped: invited once.
3. :func:`send_invitations` mails every invitation not yet sent and records it as sent right after the server
   accepted it, one commit per message: an interrupted run repeated later skips what went out.
4. :func:`send_reminders` mails, with the same link, every sent invitation whose link is unused and that had no
   mail for :data:`REMIND_INTERVAL`. The system chooses; nobody is shown who that is.
5. :func:`erase_round` deletes the addresses when the round closes (and :func:`erase_addresses` when it is
   purged): SQLite overwrites the deleted bytes (``secure_delete``) and the WAL is checkpointed and truncated;
   PostgreSQL vacuums the table. :class:`~scanengine.models.InvitationTally` keeps the counts per group.

The link is never stored. It is derived from the invitation's random id with the server's secret key
(HMAC-SHA256), so the reminder carries the same link as the invitation while the database holds only its hash,
as for every other link. Without the secret a copy of the database yields no link; after the close the ids are
gone too.

It is longer than ~400 lines because reading the list, composing, sending, reminding and erasing share one set
of anonymity rules.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import logging
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from typing import NamedTuple

from sqlalchemy import delete, func, select, update
from sqlmodel import Session, col

from scanengine import audit, db, mail, rounds
from scanengine.models import (
    STATUS_OPEN,
    Invitation,
    InvitationMessage,
    InvitationTally,
    LinkToken,
    Round,
    random_id,
    stored_id,
    table_of,
    utcnow,
)
from scanengine.texts import Note, t

log = logging.getLogger(__name__)

REMIND_INTERVAL = timedelta(
    hours=20
)  # "at most once a day", and a reminder scheduled daily still goes each day
MAX_ADDRESSES = 10000
MAX_ERRORS_SHOWN = 20
SUBJECT_MAX = 300
BODY_MAX = 5000
PLACEHOLDERS = ("link", "deadline")
EXAMPLE_TOKEN = "voorbeeld-link-example"
_LINK_CONTEXT = b"scanengine invitation link\x00"


class InvitationError(rounds.RoundError):
    """A refused file, text or action; nothing was stored or sent. Carries its sentences as :class:`Note` s."""

    def __init__(self, notes: list[Note]):
        self.notes = notes
        super().__init__("\n".join(render(n, "en") for n in notes))

    def lines(self, lang: str) -> list[str]:
        return [render(n, lang) for n in self.notes]


def render(note: Note, lang: str) -> str:
    """A note whose parameters may be notes themselves (the name of a field in a sentence about it)."""
    return t(
        lang, note.key, **{k: render(v, lang) if isinstance(v, Note) else v for k, v in note.params.items()}
    )


def _refuse(key: str, **params) -> InvitationError:
    return InvitationError([Note(key, params)])


def check_open(rnd: Round) -> None:
    """Invitations and reminders only while the round is open (a closed round has no addresses left)."""
    if rnd.status != STATUS_OPEN:
        raise _refuse("inv_err_not_open", id=rnd.id, status=rnd.status)


# -- the CSV ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressList:
    emails: list[str]  # normalised, each once, in file order
    duplicates: int  # rows repeating an address earlier in the file


def normalise(address: str) -> str:
    return address.strip().lower()


def read_addresses(data: bytes | str, source: str = "upload.csv") -> AddressList:
    """The addresses of a CSV file, or :class:`InvitationError` naming every bad line (up to 20)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _refuse("inv_err_not_utf8", source=source) from None
    if not data.strip():
        raise _refuse("inv_err_empty", source=source)
    first_line = data.lstrip("\ufeff").splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)  # Dutch spreadsheets write ';'
    reader = csv.reader(io.StringIO(data), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    if "email" not in header:
        raise _refuse("inv_err_no_column", source=source, columns=", ".join(h for h in header if h) or "-")
    col = header.index("email")
    problems: list[Note] = []
    seen: dict[str, None] = {}
    duplicates = 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            value = row[col].strip() if col < len(row) else ""
            if not value:
                problems.append(Note("inv_err_missing_address", {"source": source, "line": line}))
            elif not mail.is_valid_address(value):
                problems.append(
                    Note("inv_err_bad_address", {"source": source, "line": line, "value": value[:80]})
                )
            elif normalise(value) in seen:
                duplicates += 1
            else:
                seen[normalise(value)] = None
                if len(seen) > MAX_ADDRESSES:
                    raise _refuse("inv_err_too_many", source=source, max=MAX_ADDRESSES)
    except csv.Error as exc:
        problems.append(
            Note("inv_err_bad_address", {"source": source, "line": reader.line_num, "value": str(exc)})
        )
    if problems:
        shown = problems[:MAX_ERRORS_SHOWN]
        if len(problems) > MAX_ERRORS_SHOWN:
            shown.append(Note("inv_err_more", {"n": len(problems) - MAX_ERRORS_SHOWN}))
        raise InvitationError(shown)
    if not seen:
        raise _refuse("inv_err_no_rows", source=source)
    return AddressList(list(seen), duplicates)


# -- links --------------------------------------------------------------------------------------------------------


def link_token(secret: str, invitation_id: str) -> str:
    """The personal link's secret part: HMAC-SHA256 of the invitation id, 144 bits like any other link."""
    digest = hmac.new(
        secret.encode("utf-8"), _LINK_CONTEXT + invitation_id.encode("ascii"), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest[: rounds.TOKEN_BYTES]).decode("ascii")


@dataclass(frozen=True)
class Added:
    new: int  # invitations stored now, waiting to be sent
    known_sent: int  # addresses of the file already invited (and mailed) in this round
    known_waiting: int  # addresses of the file already invited but not yet mailed (sent by this run)
    duplicates: int

    @property
    def skipped(self) -> int:
        return self.known_sent + self.duplicates


def add_invitations(
    session: Session, rnd: Round, group_name: str, addresses: AddressList, *, secret: str, actor: str = "cli"
) -> Added:
    """One invitation with a personal link per address new to the round (in the caller's transaction)."""
    check_open(rnd)
    group = rounds.group_by_name(session, rnd, group_name)
    known: dict[str, bool] = dict(
        session.execute(
            select(col(Invitation.email), col(Invitation.sent_at).is_not(None)).where(
                col(Invitation.round_id) == rnd.id
            )
        ).all()
    )
    new = [e for e in addresses.emails if e not in known]
    in_file = [known[e] for e in addresses.emails if e in known]
    ids = [random_id() for _ in new]
    round_id, group_id = stored_id(rnd), stored_id(group)
    tokens = [
        LinkToken(round_id=round_id, group_id=group_id, token_hash=rounds.hash_token(link_token(secret, i)))
        for i in ids
    ]
    session.add_all(tokens)
    session.flush()
    session.add_all(
        [
            Invitation(id=i, round_id=round_id, group_id=group_id, email=e, link_token_id=stored_id(tok))
            for i, e, tok in zip(ids, new, tokens, strict=True)
        ]
    )
    session.flush()
    audit.record(
        session,
        actor,
        "invitations.add",
        rnd.id,
        f"{len(new)} new addresses for group {group.name}; {len(in_file)} already invited",
        params={"n": len(new), "group": group.name, "known": len(in_file)},
    )
    return Added(len(new), sum(in_file), len(in_file) - sum(in_file), addresses.duplicates)


# -- the message --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageTexts:
    """Subject and bodies as the facilitator wrote them (or the defaults), placeholders not yet filled."""

    subject: str
    body_nl: str
    body_en: str | None
    deadline: date | None
    custom: bool = False


def default_texts(rnd: Round, deadline: date | None = None) -> MessageTexts:
    body = "inv_body_deadline" if deadline else "inv_body"
    name = rnd.name.replace("{", "{{").replace("}", "}}")  # the result is a template itself
    return MessageTexts(
        subject=f"{t('nl', 'inv_subject', round=name)} | {t('en', 'inv_subject', round=name)}",
        body_nl=t("nl", body, round=name),
        body_en=t("en", body, round=name),
        deadline=deadline,
    )


def message_of(session: Session, rnd: Round) -> MessageTexts:
    """The round's message: the facilitator's texts where saved, the catalogue's otherwise."""
    row = session.get(InvitationMessage, rnd.id)
    deadline = row.deadline if row else None
    default = default_texts(rnd, deadline)
    if row is None or row.body_nl is None:
        return default
    return MessageTexts(
        row.subject or default.subject, row.body_nl, row.body_en or None, deadline, custom=True
    )


def check_template(text: str, field_key: str, *, needs_link: bool, deadline: date | None) -> list[Note]:
    """Problems of one template: unknown placeholders, stray braces, a body without ``{link}``."""
    problems = []
    name = Note(field_key)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return [Note("inv_err_braces", {"field": name})]
    used = set()
    for _literal, fname, spec, conversion in parsed:
        if fname is None:
            continue
        if fname not in PLACEHOLDERS or spec or conversion:
            problems.append(Note("inv_err_placeholder", {"field": name, "name": fname or ""}))
        used.add(fname)
    if needs_link and "link" not in used:
        problems.append(Note("inv_err_no_link", {"field": name}))
    if "deadline" in used and deadline is None:
        problems.append(Note("inv_err_no_deadline", {"field": name}))
    return problems


def save_message(
    session: Session,
    rnd: Round,
    *,
    subject: str | None,
    body_nl: str | None,
    body_en: str | None,
    deadline: date | None,
    actor: str = "cli",
    today: date | None = None,
) -> MessageTexts:
    """Store the facilitator's texts after checking them; ``body_nl`` ``None`` keeps the default texts."""
    subject = (subject or "").strip() or None
    body_nl = (body_nl or "").replace("\r\n", "\n").strip() or None
    body_en = (body_en or "").replace("\r\n", "\n").strip() or None
    problems: list[Note] = []
    if deadline is not None and deadline < (today or utcnow().date()):
        problems.append(Note("inv_err_deadline_past", {"deadline": deadline.isoformat()}))
    if subject is not None:
        if "\n" in subject or "\r" in subject:
            problems.append(Note("inv_err_line_break", {"field": Note("inv_field_subject")}))
        if len(subject) > SUBJECT_MAX:
            problems.append(
                Note("inv_err_too_long", {"field": Note("inv_field_subject"), "max": SUBJECT_MAX})
            )
        problems += check_template(subject, "inv_field_subject", needs_link=False, deadline=deadline)
    if body_en is not None and body_nl is None:
        problems.append(Note("inv_err_empty_body", {"field": Note("inv_field_body_nl")}))
    for text, key in ((body_nl, "inv_field_body_nl"), (body_en, "inv_field_body_en")):
        if text is None:
            continue
        if len(text) > BODY_MAX:
            problems.append(Note("inv_err_too_long", {"field": Note(key), "max": BODY_MAX}))
        problems += check_template(text, key, needs_link=True, deadline=deadline)
    if problems:
        raise InvitationError(problems)
    row = session.get(InvitationMessage, rnd.id) or InvitationMessage(round_id=stored_id(rnd))
    row.subject, row.body_nl, row.body_en, row.deadline = subject, body_nl, body_en, deadline
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "invitations.message",
        rnd.id,
        "texts " + ("saved" if body_nl else "reset to default"),
        params={"variant": "saved" if body_nl else "reset"},
    )
    return message_of(session, rnd)


def format_date(d: date, lang: str) -> str:
    return t(lang, "inv_date", day=d.day, month=t(lang, "inv_months").split()[d.month - 1], year=d.year)


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str
    html_body: str  # the HTML's body, for the dashboard's preview


def compose(rnd: Round, texts: MessageTexts, link: str, *, reminder: bool = False) -> Composed:
    """Subject, plain text and HTML of one message: the body per language, then the round's name, the closing
    date and the sentence on anonymity, which the facilitator cannot leave out."""
    langs = ["nl"] + (["en"] if texts.body_en else [])
    text_parts, html_parts = [], []
    for lang in langs:
        body = texts.body_nl if lang == "nl" else texts.body_en
        assert body is not None  # English is in langs only when there is an English body
        deadline = format_date(texts.deadline, lang) if texts.deadline else ""
        footer = [t(lang, "inv_round_line", round=rnd.name)]
        if texts.deadline:
            footer.append(t(lang, "inv_deadline_line", deadline=deadline))
        footer.append(t(lang, "inv_anonymity"))
        intro = [t(lang, "inv_reminder_intro")] if reminder else []
        if lang == "nl" and len(langs) > 1:
            intro.insert(0, t("nl", "inv_english_below"))
        text_parts.append("\n\n".join([*intro, body.format(link=link, deadline=deadline), "-- ", *footer]))
        anchor = f'<a href="{escape(link)}">{escape(link)}</a>'
        paragraphs = [escape(p).replace("\n", "<br>\n") for p in body.split("\n\n")]
        html_body = "".join(
            f"<p>{p.format(link=anchor, deadline=escape(deadline))}</p>\n" for p in paragraphs
        )
        html_parts.append(
            f'<div lang="{lang}">\n'
            + "".join(f"<p><em>{escape(i)}</em></p>\n" for i in intro)
            + html_body
            + "<hr>\n<p><small>"
            + "<br>\n".join(escape(f) for f in footer)
            + "</small></p>\n</div>\n"
        )
    subject = texts.subject.format(
        link=link, deadline=format_date(texts.deadline, "nl") if texts.deadline else ""
    )
    if reminder:
        prefix = " / ".join(t(lang, "inv_reminder_prefix") for lang in langs)
        subject = f"{prefix}: {subject}"
    text = ("\n\n" + "=" * 60 + "\n\n").join(text_parts) + "\n"
    body = "<hr>\n".join(html_parts)
    html = f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n<body>\n{body}</body></html>\n'
    return Composed(subject, text, html, body)


def preview(session: Session, rnd: Round, base_url: str, *, reminder: bool = False) -> Composed:
    """The message with an example link (never a real one), for the dashboard."""
    return compose(rnd, message_of(session, rnd), rounds.link_url(base_url, EXAMPLE_TOKEN), reminder=reminder)


# -- sending ------------------------------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    refused: int = 0
    skipped: int = 0
    waiting: int = 0  # left for a next run (time limit of a dashboard request)
    problems: list[Note] = field(default_factory=list)


Progress = Callable[[int], None]


def _group_filter(session: Session, rnd: Round, group_name: str | None):
    if group_name is None:
        return col(Invitation.round_id) == rnd.id
    return col(Invitation.group_id) == rounds.group_by_name(session, rnd, group_name).id


def waiting(session: Session, rnd: Round, group_name: str | None = None) -> list[tuple[str, str]]:
    """``(id, email)`` of the invitations not yet mailed (new, refused before, or cut off by an interruption)."""
    return list(
        session.execute(
            select(col(Invitation.id), col(Invitation.email))
            .where(_group_filter(session, rnd, group_name), col(Invitation.sent_at).is_(None))
            .order_by(col(Invitation.email))
        ).all()
    )


def due_reminders(
    session: Session, rnd: Round, group_name: str | None = None, now: datetime | None = None
) -> tuple[list[tuple[str, str]], int]:
    """Sent invitations whose link is unused and that had no mail for a day; and how many unused are not due."""
    cutoff = (now or utcnow()) - REMIND_INTERVAL
    last_mail = func.coalesce(Invitation.reminded_at, Invitation.sent_at)
    rows = session.execute(
        select(col(Invitation.id), col(Invitation.email), last_mail <= cutoff)
        .join(LinkToken, col(LinkToken.id) == Invitation.link_token_id)
        .where(
            _group_filter(session, rnd, group_name),
            col(Invitation.sent_at).is_not(None),
            col(LinkToken.used).is_(False),
        )
        .order_by(col(Invitation.email))
    ).all()
    due = [(i, e) for i, e, is_due in rows if is_due]
    return due, len(rows) - len(due)


class _Link(NamedTuple):
    id: int
    token_hash: str


def _state(session: Session, rnd: Round, invitation_id: str) -> tuple[str, bool, _Link | None]:
    """The round's status now, whether the invitation's link is unused, and the link's row (id and hash).

    Ends its read transaction at once: on SQLite a transaction that read before a concurrent submission
    committed could not write afterwards, and a message may take seconds to send."""
    status = session.execute(select(col(Round.status)).where(col(Round.id) == rnd.id)).scalar_one()
    row = session.execute(
        select(col(LinkToken.id), col(LinkToken.token_hash), col(LinkToken.used))
        .join(Invitation, col(Invitation.link_token_id) == LinkToken.id)
        .where(col(Invitation.id) == invitation_id)
    ).one_or_none()
    session.rollback()
    if row is None:
        return status, False, None
    return status, not row.used, _Link(row.id, row.token_hash)


def send_invitations(
    session: Session,
    rnd: Round,
    mailer: mail.Mailer,
    *,
    secret: str,
    base_url: str,
    group_name: str | None = None,
    progress: Progress | None = None,
    time_limit: float | None = None,
    actor: str = "cli",
) -> SendReport:
    """Mail every waiting invitation; each is recorded (committed) as sent as soon as the server took it."""
    return _send(
        session,
        rnd,
        mailer,
        waiting(session, rnd, group_name),
        reminder=False,
        secret=secret,
        base_url=base_url,
        progress=progress,
        time_limit=time_limit,
        actor=actor,
    )


def send_reminders(
    session: Session,
    rnd: Round,
    mailer: mail.Mailer,
    *,
    secret: str,
    base_url: str,
    group_name: str | None = None,
    progress: Progress | None = None,
    time_limit: float | None = None,
    now: datetime | None = None,
    actor: str = "cli",
) -> SendReport:
    """Mail a reminder, with the same link, to every invitation whose link is unused and that is due."""
    check_open(rnd)
    due, not_due = due_reminders(session, rnd, group_name, now)
    report = _send(
        session,
        rnd,
        mailer,
        due,
        reminder=True,
        secret=secret,
        base_url=base_url,
        progress=progress,
        time_limit=time_limit,
        actor=actor,
        now=now,
    )
    report.skipped += not_due
    return report


def _send(
    session: Session,
    rnd: Round,
    mailer: mail.Mailer,
    todo: list[tuple[str, str]],
    *,
    reminder: bool,
    secret: str,
    base_url: str,
    progress: Progress | None,
    time_limit: float | None,
    actor: str,
    now: datetime | None = None,
) -> SendReport:
    check_open(rnd)
    texts = message_of(session, rnd)
    session.commit()  # each message below is its own transaction
    report = SendReport()
    started = time.monotonic()
    cutoff = (now or utcnow()) - REMIND_INTERVAL
    try:
        for n, (inv_id, email) in enumerate(todo):
            if n and time_limit is not None and time.monotonic() - started > time_limit:  # at least one goes
                report.waiting = len(todo) - n
                break
            status, unused, token = _state(session, rnd, inv_id)
            if status != STATUS_OPEN:  # closed during the run: its addresses are being erased
                report.waiting = len(todo) - n
                report.problems.append(Note("inv_err_not_open", {"id": rnd.id, "status": status}))
                break
            if not unused:  # answered during this run (a reminder), or erased
                report.skipped += 1
                if progress:
                    progress(1)
                continue
            assert token is not None  # an unused link has its row
            secret_part = link_token(secret, inv_id)
            link = rounds.link_url(base_url, secret_part)
            composed = compose(rnd, texts, link, reminder=reminder)
            accepted = mailer.send(
                mail.make_message(mailer.settings, email, composed.subject, composed.text, composed.html)
            )
            stamp = now or utcnow()
            if reminder:
                values = (
                    {"reminded_at": stamp, "reminders": col(Invitation.reminders) + 1} if accepted else {}
                )
                where = [func.coalesce(Invitation.reminded_at, Invitation.sent_at) <= cutoff]
            else:
                values = {"sent_at": stamp, "refused": False} if accepted else {"refused": True}
                where = [col(Invitation.sent_at).is_(None)]
            if accepted and token.token_hash != rounds.hash_token(secret_part):
                # The secret key changed since the link was made: the mail carries the link derived now, so that
                # one must work (the old one, if it was mailed, stops working; a draft stays with the link row).
                session.execute(
                    update(LinkToken)
                    .where(col(LinkToken.id) == token.id)
                    .values(token_hash=rounds.hash_token(secret_part))
                )
            if values:
                session.execute(
                    update(Invitation).where(col(Invitation.id) == inv_id, *where).values(**values)
                )
            session.commit()  # recorded in the same step as the server's acceptance: a repeat skips it
            if accepted:
                report.sent += 1
            else:
                report.refused += 1
            if progress:
                progress(1)
    finally:
        what = "reminders" if reminder else "invitations"
        audit.record(
            session,
            actor,
            f"invitations.{'remind' if reminder else 'send'}",
            rnd.id,
            f"{report.sent} {what} sent, {report.refused} refused",
            params={"sent": report.sent, "refused": report.refused},
        )
        session.commit()
    return report


# -- counts -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCounts:
    name: str
    invited: int
    reminded: int
    refused: int
    waiting: int
    answered: int


@dataclass(frozen=True)
class RoundCounts:
    groups: list[GroupCounts]
    erased: bool  # the addresses are gone; the counts come from the kept tally

    def total(self, what: str) -> int:
        return sum(getattr(g, what) for g in self.groups)


def _live_counts(session: Session, round_id: int) -> dict[int, tuple[int, int, int, int, int]]:
    """Per group id: invited, reminded, refused, waiting, answered, from the invitation rows."""
    sent = col(Invitation.sent_at).is_not(None)
    rows = session.execute(
        select(
            col(Invitation.group_id),
            func.count().filter(sent),
            func.count().filter(col(Invitation.reminders) > 0),
            func.count().filter(col(Invitation.refused), col(Invitation.sent_at).is_(None)),
            func.count().filter(col(Invitation.sent_at).is_(None), col(Invitation.refused).is_(False)),
            func.count().filter(sent, col(LinkToken.used)),
        )
        .join(LinkToken, col(LinkToken.id) == Invitation.link_token_id)
        .where(col(Invitation.round_id) == round_id)
        .group_by(col(Invitation.group_id))
    ).all()
    return {gid: (int(a), int(b), int(c), int(d), int(e)) for gid, a, b, c, d, e in rows}


def counts(session: Session, rnd: Round) -> RoundCounts:
    """Invited, reminded, refused, still to send and answered per group: numbers, never addresses."""
    live = _live_counts(session, stored_id(rnd))
    kept = {
        row.group_id: (row.invited, row.reminded, row.refused, 0, row.answered)
        for row in session.execute(
            select(InvitationTally).where(col(InvitationTally.round_id) == rnd.id)
        ).scalars()
    }
    source = live or kept
    groups = [
        GroupCounts(g.name, *source.get(stored_id(g), (0, 0, 0, 0, 0)))
        for g in rounds.groups_of(session, stored_id(rnd))
    ]
    return RoundCounts(groups, erased=not live and bool(kept))


# -- erasing the addresses ------------------------------------------------------------------------------------------


def _secure_delete(session: Session) -> None:
    """SQLite: overwrite what this connection deletes with zeros (the setting stays on for the connection)."""
    conn = session.connection()
    if db.is_sqlite(conn.engine):
        conn.exec_driver_sql("PRAGMA secure_delete = ON")


def erase_addresses(session: Session, rnd: Round) -> int:
    """Keep the counts per group and delete the round's invitations, in the caller's transaction.

    On SQLite ``secure_delete`` is switched on for this connection first, so the deleted rows (and their index
    entries) are overwritten with zeros instead of lingering in free space. Returns the number of rows deleted.
    """
    round_id = stored_id(rnd)
    live = _live_counts(session, round_id)
    if not live:
        return 0
    _secure_delete(session)
    session.execute(delete(InvitationTally).where(col(InvitationTally.round_id) == round_id))
    session.add_all(
        [
            InvitationTally(
                group_id=gid, round_id=round_id, invited=c[0], reminded=c[1], refused=c[2], answered=c[4]
            )
            for gid, c in live.items()
        ]
    )
    deleted = db.rowcount(session.execute(delete(Invitation).where(col(Invitation.round_id) == round_id)))
    audit.record(
        session,
        "system",
        "invitations.erase",
        rnd.id,
        f"{deleted} addresses erased; counts kept",
        params={"n": deleted},
    )
    session.flush()
    return deleted


def erase_round(session: Session, rnd: Round) -> int:
    """Erase a closed round's addresses, commit, and scrub the files (called after every close)."""
    deleted = erase_addresses(session, rnd)
    session.commit()
    # deleted means gone: on SQLite the zeroed pages reach the file and the WAL is emptied; on PostgreSQL the
    # table is rewritten (VACUUM FULL), so not even the bytes of the deleted rows stay in its files
    if deleted and not db.scrub(
        session.get_bind().engine, (table_of(Invitation).name,), full=True, wait_seconds=5.0
    ):
        log.warning(
            "round %s: the WAL could not be emptied (a reader held an old snapshot); the deleted addresses "
            "leave it at the next checkpoint",
            rnd.id,
        )
    return deleted
