"""SQLite: the ``TRUNCATE`` checkpoint that follows a mix of the submission pool, run shortly after it by one
background thread per process and database file, so that the mixes of a busy moment share one checkpoint.

Why a checkpoint after a mix at all (docs/architecture.md, "The anonymity model"): until it runs, the WAL still
holds the frames of each submission's transaction, which show a link marked used next to its sealed pool row.
The checkpoint copies the WAL into the main file (where ``secure_delete`` has zeroed the pool rows the mix
deleted) and empties the WAL file.

Why not in the request that mixed: a ``TRUNCATE`` checkpoint syncs the file and blocks every writer while it
runs. Run after every mix (every k-th submission of a group) it took a seventh of the participant path's CPU and
made the tail of its latency (BENCHMARKS.md). Deferred by :data:`DELAY` seconds, one checkpoint covers every mix
committed before it starts; a mix that commits while it runs asks for the next one. A checkpoint that stays busy
(a reader on an old snapshot) is retried after the next delay. When the process ends with a checkpoint pending,
``atexit`` runs it; a killed process leaves it to the next mix, close or purge, as a failed checkpoint always did.

Callers outside a web request (the CLI, scripts, tests through a Session) keep the checkpoint in line: they
call :func:`scanengine.db.checkpoint` themselves (see :func:`scanengine.pool.mix_group`).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time

from sqlalchemy.engine import Engine

from scanengine.db import checkpoint

DELAY = 0.25  #: seconds between a mix and its checkpoint: the mixes of that moment share one checkpoint

log = logging.getLogger(__name__)


class Checkpointer:
    """The deferred checkpoints of one SQLite database file in this process."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._due = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._start_lock = threading.Lock()
        self._state = threading.Lock()  # "due" and "idle" change together: idle never while one is due

    def request(self) -> None:
        """Ask for a checkpoint within :data:`DELAY` seconds (called after a mix has committed)."""
        with self._state:
            self._idle.clear()
            self._due.set()
        if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
            self._start()

    def _start(self) -> None:
        with self._start_lock:
            if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
                return
            self._pid = os.getpid()  # a forked worker starts its own thread: threads do not survive a fork
            self._thread = threading.Thread(target=self._run, name="scanengine-checkpoint", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            self._due.wait()
            time.sleep(DELAY)  # the mixes of the next moment join this checkpoint
            self._due.clear()  # every mix committed before this line is covered by the checkpoint below
            if not self.run_now():
                self._due.set()  # a reader held an old snapshot: try again after the next delay
                continue
            with self._state:
                if not self._due.is_set():
                    self._idle.set()

    def run_now(self) -> bool:
        """The checkpoint, on a connection of its own; True when it completed."""
        try:
            raw = self.engine.raw_connection()
            try:
                return checkpoint(raw.dbapi_connection)
            finally:
                raw.close()
        except Exception:  # noqa: BLE001 - the mixes stand; the next checkpoint, close or purge completes it
            log.exception("a checkpoint after mixing failed; the next one retries")
            return False

    def wait(self, timeout: float) -> bool:
        """Wait until no checkpoint is pending (tests, shutdown); True when none is."""
        return self._idle.wait(timeout)

    def pending(self) -> bool:
        return not self._idle.is_set()


_checkpointers: dict[str, Checkpointer] = {}
_lock = threading.Lock()


def for_engine(engine: Engine) -> Checkpointer:
    """The checkpointer of ``engine``'s database file (one per file and process)."""
    key = str(engine.url)
    found = _checkpointers.get(key)
    if found is None:
        with _lock:
            found = _checkpointers.setdefault(key, Checkpointer(engine))
    return found


def soon(engine: Engine) -> None:
    """A ``TRUNCATE`` checkpoint of ``engine``'s SQLite file within :data:`DELAY` seconds."""
    for_engine(engine).request()


@atexit.register
def _finish() -> None:
    """A checkpoint still pending when the process ends runs now (a worker's orderly shutdown)."""
    for checkpointer in list(_checkpointers.values()):
        if checkpointer.pending() and checkpointer._pid == os.getpid():
            checkpointer.run_now()
