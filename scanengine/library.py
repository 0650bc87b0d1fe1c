"""The definitions an instance knows: the shipped files (read-only) and the definitions kept in its database,
each with its versions (docs/architecture.md, "Definitions kept").

A kept definition is named by its JSON ``id``, which is unique in the instance and never that of a shipped
definition (so ``round create --questionnaire ID`` means one thing). Each version holds the canonical JSON and
its SHA-256, exactly what a round pins. The version rule: while no round uses the latest version, a save
replaces it; once a round uses it, the next save makes the next version, so a round's definition never changes
under it (it has its own pinned copy anyway). The owner and admins edit a definition; every facilitator may see,
preview, export and copy any of them; the CLI acts as an admin. Every change is in the audit log.

The queries of these tables live here; the web layer and the CLI call these functions.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from scanengine import audit, db, definition
from scanengine.definition import DefinitionError, Questionnaire
from scanengine.editing import changes as _changes
from scanengine.editing import refs
from scanengine.editing.ids import unique
from scanengine.models import (
    PreviewLink,
    QuestionnaireRecord,
    QuestionnaireVersion,
    Round,
    User,
    utcnow,
)
from scanengine.texts import Note, t

SHIPPED, KEPT = "shipped", "kept"
PREVIEW_TOKEN_BYTES = 24  # 192 bits, 32 URL-safe characters
CLI_ACTOR = "cli"

#: what a save did
CREATED, REPLACED, NEW_VERSION, UNCHANGED = "created", "replaced", "new_version", "unchanged"


class LibraryError(ValueError):
    """A refused operation on a definition: a text of ``texts/library.py`` with its parameters (``str()`` is the
    English sentence, for the CLI)."""

    def __init__(self, key: str, **params):
        self.note = Note(key, params)
        super().__init__(t("en", key, **params))

    def text(self, lang: str) -> str:
        return t(lang, self.note.key, **self.note.params)


# -- the shipped definitions ------------------------------------------------------------------------------------

_shipped_cache: dict[tuple[str, int, int], Questionnaire] = {}


def shipped() -> dict[str, Questionnaire]:
    """The shipped definitions by id, each loaded once per file version (a file that does not validate is
    left out: ``scanengine validate`` names it)."""
    out = {}
    for qid, path in definition.shipped().items():
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _shipped_cache:
            try:
                _shipped_cache[key] = definition.load(path)
            except DefinitionError:
                continue
        out[qid] = _shipped_cache[key]
    return out


def is_shipped(qid: str) -> bool:
    return qid in definition.shipped()


# -- kept definitions ----------------------------------------------------------------------------------------------


def record(session: Session, qid: str) -> QuestionnaireRecord | None:
    return session.get(QuestionnaireRecord, qid)


def records(session: Session) -> list[QuestionnaireRecord]:
    return list(session.exec(select(QuestionnaireRecord).order_by(col(QuestionnaireRecord.id))))


def versions(session: Session, qid: str) -> list[QuestionnaireVersion]:
    """The versions of a kept definition, oldest first."""
    stmt = (
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.questionnaire_id == qid)
        .order_by(col(QuestionnaireVersion.number))
    )
    return list(session.exec(stmt))


def latest(session: Session, qid: str) -> QuestionnaireVersion | None:
    stmt = (
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.questionnaire_id == qid)
        .order_by(col(QuestionnaireVersion.number).desc())
        .limit(1)
    )
    return session.exec(stmt).first()


def version(session: Session, qid: str, number: int | None = None) -> QuestionnaireVersion:
    """Version ``number`` of a kept definition (the latest when None)."""
    found = latest(session, qid) if number is None else session.get(QuestionnaireVersion, (qid, number))
    if found is None:
        if record(session, qid) is None:
            raise LibraryError("lib_not_found", id=qid)
        raise LibraryError("lib_no_version", id=qid, number=number)
    return found


def load(session: Session, qid: str, number: int | None = None) -> Questionnaire:
    """A definition by id: the latest (or ``number``) version kept here, or the shipped one."""
    if record(session, qid) is not None:
        return definition.from_pinned(version(session, qid, number).definition)
    found = shipped().get(qid)
    if found is None or number not in (None, 1):
        raise (
            LibraryError("lib_not_found", id=qid)
            if found is None
            else LibraryError("lib_no_version", id=qid, number=number)
        )
    return found


def document(session: Session, qid: str, number: int | None = None) -> dict:
    """The definition as JSON data (:meth:`Questionnaire.document`), for the editor."""
    return load(session, qid, number).document()


def owner_of(session: Session, rec: QuestionnaireRecord) -> User | None:
    return session.get(User, rec.owner_id) if rec.owner_id is not None else None


def may_edit(rec: QuestionnaireRecord | None, user: User | None) -> bool:
    """The owner and admins edit a kept definition; ``user=None`` is the CLI, which may do all; nobody edits a
    shipped one."""
    if rec is None:
        return False
    return user is None or user.is_admin or (rec.owner_id is not None and rec.owner_id == user.id)


def _check_may_edit(session: Session, qid: str, user: User | None) -> QuestionnaireRecord:
    rec = record(session, qid)
    if rec is None:
        raise (
            LibraryError("lib_shipped_readonly", id=qid)
            if is_shipped(qid)
            else LibraryError("lib_not_found", id=qid)
        )
    if not may_edit(rec, user):
        raise LibraryError("lib_not_yours", id=qid)
    return rec


# -- the rounds that use a definition ---------------------------------------------------------------------------------


def rounds_using(session: Session, qid: str) -> dict[str, list[Round]]:
    """The rounds of a definition id by the SHA-256 of the definition they pinned."""
    out: dict[str, list[Round]] = {}
    for rnd in session.exec(select(Round).where(Round.questionnaire_id == qid).order_by(col(Round.id))):
        out.setdefault(rnd.definition_sha256, []).append(rnd)
    return out


def in_use(session: Session, qid: str, sha256: str) -> bool:
    """Whether a round pinned this definition (its id and hash)."""
    stmt = (
        select(func.count())
        .select_from(Round)
        .where(Round.questionnaire_id == qid, Round.definition_sha256 == sha256)
    )
    return bool(session.exec(stmt).one())


def round_counts(session: Session) -> dict[str, int]:
    """Rounds per definition id (every definition at once, for the list)."""
    stmt = select(Round.questionnaire_id, func.count()).group_by(Round.questionnaire_id)
    return {qid: int(n) for qid, n in session.exec(stmt)}


# -- saving ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """What a save did (``status``: created, replaced, new_version or unchanged) and to which version."""

    id: str
    number: int
    status: str
    changes: list[Note] = field(default_factory=list)


def _check_new_id(session: Session, qid: str) -> None:
    if is_shipped(qid):
        raise LibraryError("lib_shipped_id", id=qid)
    if record(session, qid) is not None:
        raise LibraryError("lib_id_taken", id=qid)


def _store(
    session: Session,
    rec: QuestionnaireRecord,
    q: Questionnaire,
    actor: str,
    *,
    base_sha: str | None = None,
) -> Saved:
    """Keep ``q`` as the content of ``rec`` under the version rule (see the module doc)."""
    now = utcnow()
    current = latest(session, rec.id)
    canonical, sha = q.canonical_json(), q.sha256
    if current is None:
        session.add(
            QuestionnaireVersion(
                questionnaire_id=rec.id, number=1, definition=canonical, sha256=sha, saved_by=actor
            )
        )
        return Saved(rec.id, 1, CREATED)
    if base_sha is not None and base_sha != current.sha256:
        raise LibraryError("lib_conflict", id=rec.id)
    if sha == current.sha256:
        return Saved(rec.id, current.number, UNCHANGED)
    previous = json.loads(current.definition)
    found = _changes.changes(previous, q.document())
    if in_use(session, rec.id, current.sha256):
        session.add(
            QuestionnaireVersion(
                questionnaire_id=rec.id,
                number=current.number + 1,
                definition=canonical,
                sha256=sha,
                created_at=now,
                saved_at=now,
                saved_by=actor,
            )
        )
        return Saved(rec.id, current.number + 1, NEW_VERSION, found)
    current.definition, current.sha256, current.saved_at, current.saved_by = canonical, sha, now, actor
    session.add(current)
    return Saved(rec.id, current.number, REPLACED, found)


def _audit(session: Session, actor: str, action: str, qid: str, detail: str, **params) -> None:
    """An audit entry of a kept definition (the page writes it from ``params``, ``texts/audit.py``)."""
    audit.record(session, actor, action, detail=detail, params=params, questionnaire_id=qid)


def _record_save(session: Session, saved: Saved, actor: str) -> None:
    if saved.status == UNCHANGED:
        return
    params: dict = {"questionnaire": saved.id, "number": saved.number, "n": len(saved.changes)}
    if saved.status == NEW_VERSION:
        params["variant"] = "new"
    detail = f"{saved.id} version {saved.number}: {len(saved.changes)} changes ({saved.status})"
    _audit(session, actor, "questionnaire.save", saved.id, detail, **params)


def create(
    session: Session,
    data: dict,
    *,
    owner: User | None,
    actor: str,
    source: str = "<editor>",
    copied_from: str | None = None,
) -> Saved:
    """A new kept definition from JSON data (validated; its id must be free). Raises :class:`DefinitionError`
    or :class:`LibraryError`; changes nothing then."""
    q = definition.parse(data, source)
    _check_new_id(session, q.id)
    rec = QuestionnaireRecord(id=q.id, owner_id=owner.id if owner else None, copied_from=copied_from)
    session.add(rec)
    session.flush()
    saved = _store(session, rec, q, actor)
    detail = f"{q.id} ({copied_from or source})"
    if copied_from:
        _audit(session, actor, "questionnaire.copy", q.id, detail, questionnaire=q.id, source=copied_from)
    else:
        _audit(session, actor, "questionnaire.create", q.id, detail, questionnaire=q.id, number=1)
    session.flush()
    return saved


def save(
    session: Session,
    qid: str,
    data: dict,
    *,
    editor: User | None,
    actor: str,
    base_sha: str | None = None,
) -> Saved:
    """The editor's save: ``data`` becomes the content of kept definition ``qid`` (validated by the validator of
    ``scanengine validate``; the id stays). ``base_sha`` is the version the page was made from: when the
    definition changed since, nothing is saved (:class:`LibraryError` ``lib_conflict``)."""
    rec = _check_may_edit(session, qid, editor)
    q = definition.parse(data, qid)
    if q.id != qid:
        raise LibraryError("lib_id_changed", id=qid)
    saved = _store(session, rec, q, actor, base_sha=base_sha)
    _record_save(session, saved, actor)
    session.flush()
    return saved


@dataclass(frozen=True)
class Imported:
    questionnaire: Questionnaire
    saved: Saved | None  # None: the file is a shipped definition as shipped


def import_definition(
    session: Session,
    raw: bytes | str,
    source: str,
    *,
    owner: User | None,
    editor: User | None,
    actor: str,
) -> Imported:
    """A JSON file into the library: a new id becomes a kept definition of ``owner``; the id of a kept
    definition that ``editor`` may edit, its next content (under the version rule); a shipped definition's file
    as shipped, nothing. Raises :class:`DefinitionError` (the file's problems) or :class:`LibraryError`."""
    q = definition.loads(raw, source)
    if is_shipped(q.id):
        if shipped().get(q.id) is not None and shipped()[q.id].sha256 == q.sha256:
            return Imported(shipped()[q.id], None)
        raise LibraryError("lib_shipped_id", id=q.id)
    rec = record(session, q.id)
    if rec is None:
        rec = QuestionnaireRecord(id=q.id, owner_id=owner.id if owner else None)
        session.add(rec)
        session.flush()
        saved = _store(session, rec, q, actor)
    else:
        current = latest(session, q.id)
        if current is not None and current.sha256 == q.sha256:
            return Imported(q, Saved(q.id, current.number, UNCHANGED))
        if not may_edit(rec, editor):
            raise LibraryError("lib_not_yours", id=q.id)
        saved = _store(session, rec, q, actor)
    if saved.status != UNCHANGED:
        detail = f"{q.id} version {saved.number} from {source} ({saved.status})"
        _audit(
            session,
            actor,
            "questionnaire.import",
            q.id,
            detail,
            questionnaire=q.id,
            number=saved.number,
            source=source,
        )
    session.flush()
    return Imported(q, saved)


def copy(
    session: Session,
    source_id: str,
    new_id: str,
    *,
    owner: User | None,
    actor: str,
    number: int | None = None,
) -> Saved:
    """A copy of any definition (shipped or kept, its latest or ``number`` version) under a new id."""
    q = load(session, source_id, number)
    label = f"v{version(session, source_id, number).number}" if record(session, source_id) else q.version
    data = q.document()
    data["id"] = new_id
    return create(session, data, owner=owner, actor=actor, copied_from=f"{source_id} {label}")


def delete_definition(session: Session, qid: str, *, editor: User | None, actor: str) -> None:
    """Delete a kept definition with its versions and preview links. Rounds keep their pinned copies."""
    rec = _check_may_edit(session, qid, editor)
    session.execute(delete(PreviewLink).where(col(PreviewLink.questionnaire_id) == qid))
    session.execute(delete(QuestionnaireVersion).where(col(QuestionnaireVersion.questionnaire_id) == qid))
    session.delete(rec)
    _audit(session, actor, "questionnaire.delete", qid, qid, questionnaire=qid)
    session.flush()


def free_id(session: Session, base: str) -> str:
    """``base`` or ``base_2``, ``base_3`` ...: the first id that neither a shipped nor a kept definition has."""
    return unique(base, taken_ids(session))


def taken_ids(session: Session) -> set[str]:
    """Every definition id in use (shipped and kept): a new definition needs another."""
    return set(definition.shipped()) | {r.id for r in records(session)}


# -- export -----------------------------------------------------------------------------------------------------


def export_text(q: Questionnaire) -> str:
    """A definition as a JSON file a person can read: every field, in the order of the format, indented, UTF-8,
    ending in a newline, each text Dutch first. Importing it gives the same definition (the same SHA-256), and
    exporting that again gives the same bytes."""
    data = q.document()
    for text in refs.texts(data):
        ordered = sorted(text.items(), key=lambda item: (item[0] != "nl", item[0]))
        text.clear()
        text.update(ordered)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_name(qid: str, number: int | None) -> str:
    return f"{qid}-v{number}.json" if number else f"{qid}.json"


# -- what a round is made from --------------------------------------------------------------------------------


def resolve_for_round(session: Session, ref: str, *, owner: User | None, actor: str) -> Questionnaire:
    """The definition ``round create --questionnaire REF`` means: a path is imported first (as the CLI, which
    may update any kept definition), an id is the latest version kept here, else the shipped definition."""
    path = Path(ref)
    if path.suffix == ".json" or path.exists():
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DefinitionError(
                str(path), [definition.problem("", "def_unreadable", reason=exc.strerror)]
            ) from None
        return import_definition(session, raw, str(path), owner=owner, editor=None, actor=actor).questionnaire
    if record(session, ref) is not None:
        return load(session, ref)
    found = shipped().get(ref)
    if found is not None:
        return found
    raise LibraryError(
        "lib_unknown_ref",
        ref=ref,
        shipped=", ".join(definition.shipped()) or "-",
        kept=", ".join(r.id for r in records(session)) or "-",
    )


# -- the list ----------------------------------------------------------------------------------------------------


@dataclass
class VersionView:
    number: int
    sha256: str
    saved_at: datetime
    saved_by: str
    changes: list[Note]
    rounds: list[Round]  # those the viewer may see
    other_rounds: int  # those of colleagues (counted, not named)


@dataclass
class Listed:
    id: str
    origin: str  # shipped | kept
    title: dict
    version_label: str
    owner: str | None  # e-mail of the owner; None for the installation (CLI) and shipped definitions
    editable: bool
    rounds: int
    copied_from: str | None = None
    versions: list[VersionView] = field(default_factory=list)
    number: int = 1  # the latest version's number (1 for a shipped definition)


def _visible(rnd: Round, viewer: User | None) -> bool:
    return viewer is None or viewer.is_admin or rnd.owner_id == viewer.id


def listing(session: Session, viewer: User | None) -> list[Listed]:
    """Every definition, shipped first, with what the viewer may do; versions are left out (see :func:`detail`)."""
    counts = round_counts(session)
    out = [
        Listed(qid, SHIPPED, dict(q.title), q.version, None, False, counts.get(qid, 0))
        for qid, q in shipped().items()
    ]
    owners = {u.id: u.email for u in session.exec(select(User))}
    for rec in records(session):
        v = latest(session, rec.id)
        if v is None:
            continue
        q = definition.from_pinned(v.definition)
        out.append(
            Listed(
                rec.id,
                KEPT,
                dict(q.title),
                q.version,
                owners.get(rec.owner_id) if rec.owner_id is not None else None,
                may_edit(rec, viewer),
                counts.get(rec.id, 0),
                rec.copied_from,
                number=v.number,
            )
        )
    return out


def detail(session: Session, qid: str, viewer: User | None) -> Listed:
    """One definition with its versions, each with its changes from the one before (in words) and the rounds that
    use it."""
    using = rounds_using(session, qid)
    rec = record(session, qid)
    if rec is None:
        q = shipped().get(qid)
        if q is None:
            raise LibraryError("lib_not_found", id=qid)
        rounds = using.get(q.sha256, [])
        visible = [r for r in rounds if _visible(r, viewer)]
        view = VersionView(1, q.sha256, utcnow(), "", [], visible, len(rounds) - len(visible))
        all_rounds = sum(len(v) for v in using.values())
        return Listed(qid, SHIPPED, dict(q.title), q.version, None, False, all_rounds, versions=[view])
    owner = owner_of(session, rec)
    views, previous = [], None
    for v in versions(session, qid):
        doc = json.loads(v.definition)
        rounds = using.get(v.sha256, [])
        visible = [r for r in rounds if _visible(r, viewer)]
        found: list[Note] = _changes.changes(previous, doc) if previous is not None else []
        views.append(
            VersionView(
                v.number, v.sha256, v.saved_at, v.saved_by, found, visible, len(rounds) - len(visible)
            )
        )
        previous = doc
    q = definition.from_pinned(versions(session, qid)[-1].definition)
    return Listed(
        qid,
        KEPT,
        dict(q.title),
        q.version,
        owner.email if owner else None,
        may_edit(rec, viewer),
        sum(len(v) for v in using.values()),
        rec.copied_from,
        views,
        number=views[-1].number if views else 1,
    )


# -- preview links ----------------------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_preview_link(session: Session, qid: str, *, editor: User | None, actor: str) -> str:
    """A random secret that shows the form of ``qid`` without an account; only its SHA-256 is stored, so the
    plain secret exists once, in what this returns."""
    _check_may_edit(session, qid, editor)
    token = secrets.token_urlsafe(PREVIEW_TOKEN_BYTES)
    session.add(PreviewLink(token_hash=_hash(token), questionnaire_id=qid, created_by=actor))
    _audit(session, actor, "questionnaire.preview_link", qid, qid, questionnaire=qid)
    session.flush()
    return token


def preview_link_count(session: Session, qid: str) -> int:
    stmt = select(func.count()).select_from(PreviewLink).where(PreviewLink.questionnaire_id == qid)
    return int(session.exec(stmt).one())


def revoke_preview_links(session: Session, qid: str, *, editor: User | None, actor: str) -> int:
    _check_may_edit(session, qid, editor)
    result = session.execute(delete(PreviewLink).where(col(PreviewLink.questionnaire_id) == qid))
    n = db.rowcount(result)
    _audit(session, actor, "questionnaire.preview_revoke", qid, f"{qid}: {n}", questionnaire=qid)
    session.flush()
    return n


def preview_target(session: Session, token: str) -> Questionnaire | None:
    """The latest version of the definition a preview link shows, or None for an unknown (or revoked) link."""
    if not token or len(token) > 200:
        return None
    link = session.get(PreviewLink, _hash(token))
    if link is None:
        return None
    v = latest(session, link.questionnaire_id)
    return definition.from_pinned(v.definition) if v is not None else None
