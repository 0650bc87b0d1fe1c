"""What PostgreSQL exposes and SQLite hides: row locks between participants, pools across a fork, migrations.

SQLite serialises every write on one database lock, so "two participants do not block each other" can only be
shown on PostgreSQL: these tests hold one participant's transaction open in a real thread and let a second
connection, with a short ``lock_timeout``, do its work meanwhile. The fork and migration tests run on both
databases (the suite is run once per database, see ``.ci/run``).
"""

from __future__ import annotations

import os
import pickle
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from scanengine import closing, db, definition, rounds
from tests.flow import TEST_SECRET

BACKEND = os.environ.get("SCANENGINE_TEST_DATABASE", "sqlite")
postgresql_only = pytest.mark.skipif(
    BACKEND != "postgresql", reason="row-level locking: PostgreSQL only (SCANENGINE_TEST_DATABASE=postgresql)"
)
LOCK_TIMEOUT_MS = 1500
HOLD_SECONDS = 20  # upper bound for how long a held transaction waits to be released


@pytest.fixture
def open_round(database_url, mini_path):
    """An open round of the mini definition with three personal links (plain tokens returned)."""
    with db.session_scope(database_url) as s:
        rnd = rounds.create_round(
            s, definition.load(mini_path), name="R", cooperation="Regio", groups=[("A", 10)]
        )
        rounds.open_round(s, rnd)
        links = rounds.issue_links(s, rnd, "A", 3, "http://localhost")
    return rnd.id, [link.rsplit("/", 1)[-1] for link in links]


def _timeout_engine(url: str):
    """A separate pool whose statements give up after LOCK_TIMEOUT_MS instead of waiting for a lock."""
    return create_engine(url, connect_args={"options": f"-c lock_timeout={LOCK_TIMEOUT_MS}"})


@contextmanager
def held_before_commit(url: str, work):
    """Run ``work(session)`` in a thread and keep its transaction open (locks held) at its commit.

    Yields once the work has reached ``commit``; the commit goes through when the block ends. Any error in
    the thread is raised here.
    """
    reached, release, errors = threading.Event(), threading.Event(), []

    def run():
        session = Session(db.get_engine(url), expire_on_commit=False)
        real_commit = session.commit

        def commit_later():
            reached.set()
            release.wait(HOLD_SECONDS)
            real_commit()

        session.commit = commit_later
        try:
            work(session)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)
            reached.set()
        finally:
            session.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert reached.wait(HOLD_SECONDS), "the held transaction never reached its commit"
    try:
        if errors:
            raise errors[0]
        yield
    finally:
        release.set()
        thread.join(HOLD_SECONDS)
    if errors:
        raise errors[0]


def _save_draft(token: str, answers: dict, page: int = 1):
    from scanengine import participation

    def work(session):
        link = participation.resolve_link(session, token)
        participation.save_draft(session, link, participation.DraftState(answers=answers, page=page))

    return work


@postgresql_only
def test_drafts_of_different_participants_do_not_block(database_url, open_round):
    from scanengine import participation

    _rid, (t1, t2, _t3) = open_round
    other = _timeout_engine(database_url)
    try:
        with held_before_commit(database_url, _save_draft(t1, {"c1": "3"})):
            with Session(
                other
            ) as s2:  # participant 2 saves while participant 1's transaction holds its locks
                _save_draft(t2, {"c1": "1"})(s2)
                assert participation.load_draft(s2, participation.resolve_link(s2, t2)).answers == {"c1": "1"}
        with Session(other) as s:
            assert participation.load_draft(s, participation.resolve_link(s, t1)).answers == {"c1": "3"}
    finally:
        other.dispose()


@postgresql_only
def test_the_same_participant_in_two_tabs_does_wait(database_url, open_round):
    """The check above can fail: a second save of the *same* link waits for the first and times out here."""
    _rid, (t1, _t2, _t3) = open_round
    other = _timeout_engine(database_url)
    try:
        with held_before_commit(database_url, _save_draft(t1, {"c1": "3"})):
            with Session(other) as s2, pytest.raises(OperationalError, match="lock timeout"):
                _save_draft(t1, {"c1": "4"})(s2)
    finally:
        other.dispose()


@postgresql_only
def test_a_submission_in_flight_does_not_block_other_drafts(database_url, open_round):
    from scanengine import participation

    rid, (t1, t2, _t3) = open_round

    def submit(session):
        participation.submit(
            session, participation.resolve_link(session, t1), {"c1": "2"}, secret=TEST_SECRET
        )

    other = _timeout_engine(database_url)
    try:
        with held_before_commit(database_url, submit):
            with Session(other) as s2:
                _save_draft(t2, {"c1": "5"})(s2)
        with Session(other) as s:
            assert rounds.round_status(s, rounds.get_round(s, rid)).responses == 1
    finally:
        other.dispose()


# -- pools across a fork ----------------------------------------------------------------------------------------


def _connection_identity(conn) -> object:
    if conn.dialect.name == "postgresql":
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return id(conn.connection.dbapi_connection)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_engine_pool_does_not_cross_a_fork(database_url, open_round):
    """A forked worker (gunicorn without --preload's care) gets its own pool; the parent's connection survives."""
    engine = db.get_engine(database_url)
    with engine.connect() as conn:  # a pooled connection the child inherits a copy of
        parent_backend = _connection_identity(conn)
        parent_pooled = conn.connection.dbapi_connection
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report and leave without running any parent cleanup
        try:
            import gc

            child_engine = db.get_engine(database_url)
            with child_engine.connect() as conn:
                report = {
                    "new_engine": child_engine is not engine,
                    "new_connection": conn.connection.dbapi_connection is not parent_pooled,
                    "backend": _connection_identity(conn),
                    "rounds": conn.execute(text("SELECT count(*) FROM round")).scalar_one(),
                }
            del engine
            gc.collect()  # the parent's pool, now unreferenced here, must not close the parent's sockets
            os.write(write_fd, pickle.dumps(report))
        except BaseException as exc:  # noqa: BLE001
            os.write(write_fd, pickle.dumps({"error": repr(exc)}))
        finally:
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as fh:
        report = pickle.loads(fh.read())
    os.waitpid(pid, 0)
    assert "error" not in report, report["error"] if "error" in report else ""
    assert report["new_engine"] and report["new_connection"] and report["rounds"] == 1
    assert db.get_engine(database_url) is engine
    with engine.connect() as conn:
        assert conn.connection.dbapi_connection is parent_pooled  # not replaced by pre-ping: still alive
        assert _connection_identity(conn) == parent_backend
        assert conn.execute(text("SELECT count(*) FROM round")).scalar_one() == 1
    if BACKEND == "postgresql":
        assert report["backend"] != parent_backend


def test_server_pool_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("SCANENGINE_DB_POOL_SIZE", "2")
    monkeypatch.setenv("SCANENGINE_DB_MAX_OVERFLOW", "3")
    options = db.server_pool_options("postgresql+psycopg://u@h/d")
    assert (options["pool_size"], options["max_overflow"], options["pool_pre_ping"]) == (2, 3, True)
    engine = db.make_engine("postgresql+psycopg://u@127.0.0.1:1/d")  # no connection is made here
    assert engine.pool.size() == 2
    engine.dispose()
    monkeypatch.setenv("SCANENGINE_DB_POOL_SIZE", "many")
    with pytest.raises(ValueError, match="SCANENGINE_DB_POOL_SIZE must be a whole number"):
        db.server_pool_options("postgresql+psycopg://u@h/d")


# -- migrations --------------------------------------------------------------------------------------------------


def _tables(url: str) -> set[str]:
    return set(inspect(db.get_engine(url)).get_table_names())


def test_migrations_upgrade_downgrade_upgrade(empty_database_url):
    url = empty_database_url
    db.upgrade(url)
    head = db.current_revision(url)
    assert head is not None
    assert {"round", "link_token", "draft", "response", "daily_count"} <= _tables(url)
    db.dispose(url)  # the inspector's cached view
    from alembic import command

    command.downgrade(db.alembic_config(url), "base")
    db.dispose(url)
    assert _tables(url) <= {"alembic_version"}
    assert db.current_revision(url) is None
    db.upgrade(url)
    db.dispose(url)
    assert db.current_revision(url) == head
    assert {"round", "link_token", "draft", "response", "daily_count"} <= _tables(url)


def test_workers_starting_together_migrate_once(empty_database_url):
    """Several workers upgrading at the same moment are serialised (advisory lock / file lock): no errors."""
    url = empty_database_url
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def worker():
        try:
            start.wait(10)
            db.upgrade(url)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    with db.get_engine(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


# -- mixed load: group links, personal links and a close at once --------------------------------------------------


def test_group_and_personal_submissions_with_a_close_do_not_deadlock(database_url):
    """Group-link submissions count the day first, personal ones last, and the close waits on the round row.

    With real threads on both databases: no deadlock or lock error, every acknowledged response stored once,
    the day counter equal to the responses, every refusal a RoundClosed.
    """
    from scanengine import participation
    from scanengine.models import DailyCount, Response, Round
    from tests.flow import make_round

    per_thread, n_threads = 4, 8
    setup = make_round(database_url, groups=("A", "B"), personal=per_thread * n_threads // 2, shared=True)
    with Session(db.get_engine(database_url)) as s:
        personal = [
            participation.resolve_link(s, u.rsplit("/", 1)[1]) for g in ("A", "B") for u in setup.links[g]
        ]
        shared = [participation.resolve_link(s, setup.shared[g].rsplit("/", 1)[1]) for g in ("A", "B")]
    half_way = threading.Barrier(n_threads + 1)
    results: list = [None] * (n_threads + 1)

    def submitter(i: int):
        outcome = []
        with Session(db.get_engine(database_url)) as s:
            for j in range(per_thread):
                if j == per_thread // 2:
                    half_way.wait(60)
                link = shared[i % 2] if i % 2 else personal[i * per_thread + j]
                try:
                    participation.submit(
                        s, link, {"c1": str(1 + j % 4)}, resume_key=f"key-{i}-{j}", secret=TEST_SECRET
                    )
                    outcome.append("stored")
                except participation.RoundClosed:
                    outcome.append("refused")
        return outcome

    def closer():
        half_way.wait(60)
        with Session(db.get_engine(database_url)) as s:
            closing.close_round(s, s.get(Round, setup.round_id), secret=TEST_SECRET)
            s.commit()
        return []

    def run(i: int):
        try:
            results[i] = closer() if i == n_threads else submitter(i)
        except BaseException as exc:  # noqa: BLE001 - asserted below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n_threads + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    outcomes = [o for r in results[:n_threads] for o in r]
    stored = outcomes.count("stored")
    assert len(outcomes) == n_threads * per_thread and stored >= n_threads * (per_thread // 2)
    with Session(db.get_engine(database_url)) as s:
        assert s.execute(select(func.count()).select_from(Response)).scalar_one() == stored
        assert s.execute(select(func.coalesce(func.sum(DailyCount.count), 0))).scalar_one() == stored
