"""The SQLite writers' queue (scanengine.writequeue): one writer at a time among the threads of a process and
among processes, one queue per database file, none for PostgreSQL or an in-memory database; and a participant
request's connection holds it from its first write to its commit or rollback, never longer."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from scanengine import db, writequeue
from scanengine.rawsql import RawConnection


def _hold(path: str, started, stop_at: float, out) -> None:
    """In another process: take the queue of ``path`` and keep it until ``stop_at``."""
    queue = writequeue.WriterQueue(Path(path))
    queue.acquire(10)
    started.set()
    time.sleep(max(0.0, stop_at - time.time()))
    out.put(time.time())
    queue.release()


def test_one_queue_per_file_and_none_for_servers_or_memory(tmp_path):
    a = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    b = create_engine(f"sqlite:///{tmp_path / 'sub' / '..' / 'x.sqlite'}")  # the same file, another spelling
    assert writequeue.for_engine(a) is writequeue.for_engine(b) is not None
    assert writequeue.for_engine(a).path == (tmp_path / "x.sqlite-writers").resolve()
    assert writequeue.for_engine(
        create_engine(f"sqlite:///{tmp_path / 'y.sqlite'}")
    ) is not writequeue.for_engine(a)
    assert writequeue.for_engine(create_engine("sqlite://")) is None
    assert writequeue.for_engine(create_engine("postgresql+psycopg://u@127.0.0.1/x")) is None


def test_threads_write_one_at_a_time(tmp_path):
    queue = writequeue.WriterQueue(tmp_path / "q-writers")
    inside, most = [0], [0]
    guard = threading.Lock()

    def writer():
        for _ in range(50):
            queue.acquire(10)
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.0005)
            with guard:
                inside[0] -= 1
            queue.release()

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert most[0] == 1


def test_another_process_waits_for_the_holder(tmp_path):
    path = str(tmp_path / "q-writers")
    ctx = multiprocessing.get_context("spawn")
    started, out = ctx.Event(), ctx.Queue()
    holder = ctx.Process(target=_hold, args=(path, started, time.time() + 1.5, out))
    holder.start()
    try:
        assert started.wait(30)
        queue = writequeue.WriterQueue(Path(path))
        queue.acquire(10)
        got = time.time()
        queue.release()
        assert got >= out.get(timeout=30)  # the turn came only after the other process let go
    finally:
        holder.join(30)


def test_a_waiting_thread_gives_up_after_the_timeout_with_a_clear_error(tmp_path):
    queue = writequeue.WriterQueue(tmp_path / "q-writers")
    queue.acquire(1)
    errors = []
    t = threading.Thread(target=lambda: _try(queue, errors))
    t.start()
    t.join(10)
    queue.release()
    assert errors and "no turn to write within 0.2 s" in errors[0]


def _try(queue, errors) -> None:
    try:
        queue.acquire(0.2)
    except Exception as exc:  # the OperationalError the request would end with
        errors.append(str(exc))


def test_a_request_connection_holds_the_queue_from_its_first_write_to_its_end(database_url):
    if not db.is_sqlite(database_url):
        pytest.skip("PostgreSQL locks rows and needs no queue")
    engine = db.get_engine(database_url)
    queue = writequeue.for_engine(engine)
    assert queue is not None
    conn = RawConnection(engine)
    try:
        conn.dbapi.cursor().execute("SELECT 1")
        assert queue._threads.acquire(blocking=False)  # a read takes no turn
        queue._threads.release()
        conn.queue_for_writing()
        conn.queue_for_writing()  # once per transaction, however many writes
        assert not queue._threads.acquire(blocking=False)
        conn.commit()
        assert queue._threads.acquire(blocking=False)  # the commit gave it back
        queue._threads.release()
        conn.queue_for_writing()
        conn.rollback()
        assert queue._threads.acquire(blocking=False)  # and so does a rollback
        queue._threads.release()
        conn.queue_for_writing()
    finally:
        conn.close()
    assert queue._threads.acquire(blocking=False)  # and the end of the request
    queue._threads.release()
