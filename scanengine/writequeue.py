"""SQLite writers wait in a queue that the OS keeps, not in SQLite's sleep-and-retry busy handler.

Why: SQLite lets one writer at a time into the database file. A second writer gets ``SQLITE_BUSY`` and its busy
handler sleeps 1, 2, 5, 10, 15, 20, 25, … ms before it tries again, even when the first writer is done 0.2 ms
later. Under the participant form's load (gunicorn workers with threads, every submission a short write
transaction) that sleeping left a fifth of the CPU idle and made up the tail of the latency (BENCHMARKS.md).
So the participant path's writes queue first: on a ``threading.Lock`` among the threads of one process, then on
``flock`` of a file beside the database among the processes; the kernel wakes the next writer the moment the
lock is released.

SQLite's own locking still decides what is correct; this queue only decides who goes next. A writer that does
not take it (a facilitator's ORM session, the CLI) is served by the busy handler as before, so nothing can wait
on the other in a circle: the queue's holder never waits for a queued writer. The queue is held from a
transaction's first write to its commit or rollback (:class:`scanengine.rawsql.RawConnection`), which every
participant request ends, whatever happens (its teardown closes the connection). The lock file holds nothing.
PostgreSQL locks rows and needs no queue. See docs/architecture.md, "Storage".
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

# The registry: one queue per database file and process (engines of the same file share it), and the queue of
# each engine URL seen.
_by_path: dict[Path, WriterQueue] = {}
_queues: dict[tuple[str, str | None], WriterQueue | None] = {}
_registry_lock = threading.Lock()


class WriterQueue:
    """One database file's queue of writers: a thread lock, then an exclusive ``flock`` on ``path``."""

    def __init__(self, path: Path):
        self.path = path
        self._threads = threading.Lock()
        self._fd: int | None = None
        self._pid: int | None = None

    def acquire(self, timeout: float) -> None:
        """Wait for this process's other writers (at most ``timeout`` seconds, as SQLite's busy timeout would),
        then for the other processes' writers."""
        if not self._threads.acquire(timeout=timeout):
            raise OperationalError(
                "queue for writing",
                None,
                Exception(f"database is locked: no turn to write within {timeout:g} s"),
                hide_parameters=True,
            )
        try:
            fcntl.flock(self._file(), fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def release(self) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def _file(self) -> int:
        """This process's descriptor of the lock file. A forked worker opens its own: ``flock`` excludes open
        files, and one inherited from the parent would be shared with it and with every other worker."""
        pid = os.getpid()
        if self._fd is None or self._pid != pid:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._pid = pid
        return self._fd


def for_engine(engine: Engine) -> WriterQueue | None:
    """The writers' queue of a SQLite database file (``None`` for PostgreSQL and for an in-memory database).
    Called for every participant request: the answer is kept per engine URL (resolving the path cost more than
    the rest of the request's connection handling)."""
    key = (engine.dialect.name, engine.url.database)
    if key in _queues:
        return _queues[key]
    with _registry_lock:
        database = engine.url.database
        queue = None
        if (
            engine.dialect.name == "sqlite"
            and database
            and database != ":memory:"
            and not database.startswith("file:")
        ):
            path = Path(str(Path(database).resolve()) + "-writers")
            queue = _by_path.setdefault(path, WriterQueue(path))  # engines of one file share its queue
        return _queues.setdefault(key, queue)
