"""Purge of a closed round's raw answers and the online SQLite backup (``scanengine.maintenance``)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from scanengine import audit, db, definition, maintenance, rounds
from scanengine.analysis.summary import SUMMARY_VERSION
from scanengine.models import Draft, LinkToken, Response, Round
from scanengine.responses import pack_answers, pack_background

from .factories import kept_summary
from .flow import bring_to


def _round_with_data(
    session: Session, mini_path, *, responses: int = 6, drafts: int = 2, status: str = "closed"
):
    """A round of the mini definition with stored responses and drafts, in the given status."""
    q = definition.load(mini_path)
    rnd = rounds.create_round(session, q, name="R", cooperation="Regio", groups=[("A", 10), ("B", 10)])
    if responses + drafts:
        rounds.issue_links(session, rnd, "A", responses + drafts, "http://localhost")
    group = rounds.group_by_name(session, rnd, "A")
    tokens = list(session.exec(select(LinkToken).where(LinkToken.round_id == rnd.id)).scalars())
    for i in range(responses):
        session.add(
            Response(
                round_id=rnd.id,
                group_id=group.id,
                answers=pack_answers(q, {"c1": 1 + i % 4, "c2": "dk", "i1": 3, "i2": 4}),
                background=pack_background(q, {"role": "ambtenaar"}),
                open_answers={"improve": f"antwoord {i}"},
            )
        )
    session.flush()
    bring_to(session, rnd, status)
    # drafts are added after the status change: a close deletes the drafts it finds, but a round closed before
    # migration 0003 may still hold some (in the clear, as here), and the purge must remove them
    for tok in tokens[:drafts]:
        session.add(Draft(round_id=rnd.id, token_id=tok.id, group_id=group.id, page=1, answers={"c1": "2"}))
    session.commit()
    return rnd


def _count(session: Session, model, round_id: int) -> int:
    return session.execute(
        select(func.count()).select_from(model).where(model.round_id == round_id)
    ).scalar_one()


def test_purge_deletes_answers_and_drafts_keeps_summary(session, mini_path):
    rnd = _round_with_data(session, mini_path)
    rnd.summary = kept_summary(rnd)
    session.add(rnd)
    session.commit()

    result = maintenance.purge_round(session, rnd)
    session.commit()

    assert (result.responses, result.drafts, result.summary_computed) == (6, 2, False)
    assert _count(session, Response, rnd.id) == 0
    assert _count(session, Draft, rnd.id) == 0
    fresh = session.get(Round, rnd.id)
    session.refresh(fresh)
    assert fresh.purged_at is not None
    assert fresh.summary["n"] == 6
    entry = audit.entries(session, rnd.id)[0]
    assert entry.action == "round.purge" and "6 responses" in entry.detail and "antwoord" not in entry.detail


def test_purge_leaves_other_rounds_alone(session, mini_path):
    keep = _round_with_data(session, mini_path, responses=3, drafts=1)
    rnd = _round_with_data(session, mini_path)
    rnd.summary = kept_summary(rnd)
    session.add(rnd)
    maintenance.purge_round(session, rnd)
    session.commit()
    assert _count(session, Response, keep.id) == 3
    assert _count(session, Draft, keep.id) == 1


@pytest.mark.parametrize("status", ["draft", "open"])
def test_purge_refused_unless_closed(session, mini_path, status):
    rnd = _round_with_data(session, mini_path, status=status)
    with pytest.raises(maintenance.PurgeError, match=f"is {status}; only a closed round"):
        maintenance.purge_round(session, rnd)
    session.rollback()
    assert _count(session, Response, rnd.id) == 6
    assert _count(session, Draft, rnd.id) == 2
    assert session.get(Round, rnd.id).purged_at is None


def test_purge_twice_is_refused(session, mini_path):
    rnd = _round_with_data(session, mini_path)
    rnd.summary = kept_summary(rnd)
    session.add(rnd)
    maintenance.purge_round(session, rnd)
    session.commit()
    with pytest.raises(maintenance.PurgeError, match="already purged"):
        maintenance.purge_round(session, rnd)


def test_purge_computes_missing_summary_first(session, mini_path):
    """Without a stored summary the analysis stores one before any answer is deleted."""
    rnd = _round_with_data(session, mini_path)
    assert rnd.summary is None
    result = maintenance.purge_round(session, rnd)
    session.commit()
    session.refresh(rnd)
    assert result.summary_computed
    assert rnd.summary
    assert _count(session, Response, rnd.id) == 0


def test_purge_recomputes_an_unreadable_summary_first(session, mini_path):
    """A summary of another version (or none the analysis can read) is computed again before the answers go, so
    the purged round can still be analysed from it."""
    rnd = _round_with_data(session, mini_path)
    rnd.summary = {"n": 6, "dimensions": []}  # no version, wrong shape
    session.add(rnd)
    session.commit()
    result = maintenance.purge_round(session, rnd)
    session.commit()
    session.refresh(rnd)
    assert result.summary_computed
    assert (
        rnd.summary["version"] == SUMMARY_VERSION
        and rnd.summary["n"] == 6
        and set(rnd.summary["dimensions"]) == {d.id for d in definition.load(mini_path).dimensions}
    )


def test_cli_round_purge(cli, session, mini_path):
    rnd = _round_with_data(session, mini_path, status="open")
    rnd.summary = kept_summary(rnd)  # as if the report had been made; the computed case is tested above
    session.add(rnd)
    session.commit()
    out = cli("round", "purge", rnd.id, code=1).output
    assert "only a closed round" in out
    assert _count(session, Response, rnd.id) == 6
    cli("round", "close", rnd.id)
    session.expire_all()
    assert _count(session, Draft, rnd.id) == 0  # the close deleted the unfinished drafts
    out = cli("round", "purge", rnd.id).output
    assert f"round {rnd.id} purged: 6 responses and 0 drafts deleted" in out
    session.expire_all()
    assert _count(session, Response, rnd.id) == 0
    assert cli("round", "purge", rnd.id, code=1).output.count("already purged") == 1


# -- backup -----------------------------------------------------------------------------------------------------


def _sqlite_only(database_url):
    if not db.is_sqlite(database_url):
        pytest.skip("SQLite backup; PostgreSQL is refused (tested separately)")


def test_backup_is_a_consistent_copy(database_url, session, mini_path, tmp_path):
    _sqlite_only(database_url)
    rnd = _round_with_data(session, mini_path)
    dest = tmp_path / "backup.sqlite"
    result = maintenance.backup_sqlite(database_url, dest)
    assert result.path == dest and result.size == dest.stat().st_size > 0
    with sqlite3.connect(dest) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("SELECT count(*) FROM response WHERE round_id = ?", (rnd.id,)).fetchone() == (6,)
        assert conn.execute("SELECT name FROM round WHERE id = ?", (rnd.id,)).fetchone() == ("R",)
    assert not list(tmp_path.glob(".backup.sqlite.*"))  # no temporary file left behind


def test_backup_while_writing(database_url, session, mini_path, tmp_path):
    """Writers keep going during the backup; the copy is intact and holds a prefix of their work."""
    _sqlite_only(database_url)
    rnd = _round_with_data(session, mini_path, responses=0, drafts=0, status="open")
    group = rounds.group_by_name(session, rnd, "A")
    q = definition.load(mini_path)
    stop = threading.Event()
    written = []

    def writer():
        with Session(db.get_engine(database_url)) as s:
            while not stop.is_set() and len(written) < 5000:
                s.add(
                    Response(
                        round_id=rnd.id,
                        group_id=group.id,
                        answers=pack_answers(q, {"c1": 2}),
                        background=pack_background(q, {}),
                    )
                )
                s.commit()
                written.append(1)

    t = threading.Thread(target=writer)
    t.start()
    try:
        for i in range(3):
            maintenance.backup_sqlite(database_url, tmp_path / f"b{i}.sqlite")
    finally:
        stop.set()
        t.join()
    for i in range(3):
        with sqlite3.connect(tmp_path / f"b{i}.sqlite") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            n = conn.execute("SELECT count(*) FROM response").fetchone()[0]
            assert 0 <= n <= len(written)


def test_backup_refuses_existing_file_and_bad_targets(database_url, tmp_path):
    _sqlite_only(database_url)
    dest = tmp_path / "exists.sqlite"
    dest.write_bytes(b"keep me")
    with pytest.raises(maintenance.BackupError, match="exists"):
        maintenance.backup_sqlite(database_url, dest)
    assert dest.read_bytes() == b"keep me"
    with pytest.raises(maintenance.BackupError, match="does not exist"):
        maintenance.backup_sqlite(database_url, tmp_path / "no" / "such" / "dir.sqlite")
    with pytest.raises(maintenance.BackupError, match="does not exist"):
        maintenance.backup_sqlite(f"sqlite:///{tmp_path / 'missing.sqlite'}", tmp_path / "x.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()  # the read-only open never creates an empty database
    with pytest.raises(maintenance.BackupError, match="in-memory"):
        maintenance.backup_sqlite("sqlite://", tmp_path / "m.sqlite")


def test_backup_refuses_postgresql_and_hides_password(tmp_path):
    with pytest.raises(maintenance.BackupError) as info:
        maintenance.backup_sqlite("postgresql+psycopg://scan:s3cret@db.example/scan", tmp_path / "pg.sqlite")
    assert "pg_dump" in str(info.value) and "s3cret" not in str(info.value)
    assert not (tmp_path / "pg.sqlite").exists()


def test_cli_db_backup(cli, database_url, tmp_path):
    dest = tmp_path / "cli-backup.sqlite"
    if not db.is_sqlite(database_url):
        out = cli("db", "backup", dest, code=1).output
        assert "pg_dump" in out and not dest.exists()
        return
    cli(
        "round",
        "create",
        "--questionnaire",
        "vertrouwensscan",
        "--name",
        "R",
        "--cooperation",
        "C",
        "--group",
        "A=5",
    )
    out = cli("db", "backup", dest).output
    assert "backup written to" in out and "integrity ok" in out
    with sqlite3.connect(dest) as conn:
        assert conn.execute("SELECT count(*) FROM round").fetchone() == (1,)
    assert "exists" in cli("db", "backup", dest, code=1).output
