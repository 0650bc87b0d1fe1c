"""The checkpoint after a mix (scanengine.checkpointer): a participant's request leaves it to the process's
checkpointer, which empties the SQLite WAL within a moment and lets the mixes of that moment share one
checkpoint; a Session (the CLI, scripts) still checkpoints in line."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlmodel import Session

from scanengine import checkpointer, db, participation, pool
from tests.flow import TEST_SECRET, csrf_token, make_round, path_of


@pytest.fixture
def sqlite_only(database_url):
    if not db.is_sqlite(database_url):
        pytest.skip("the checkpoint after a mix is SQLite's (PostgreSQL's old row versions go with VACUUM)")
    return database_url


def wal_size(database_url: str) -> int:
    wal = Path(database_url.split("///", 1)[1] + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def submit_js(client, link: str) -> None:
    page = client.get(path_of(link)).get_data(as_text=True)
    form = {
        "csrf_token": csrf_token(page),
        "page": "0",
        "lang": "nl",
        "action": "submit",
        "all_answers": "1",
        "submission": f"submission-of-{path_of(link)[-12:]}".replace("/", "_"),
        "role": "raad",
        "c1": "4",
        "i1": "2",
    }
    assert client.post(path_of(link), data=form).status_code == 200


def test_a_mix_through_the_form_empties_the_wal_within_a_moment(client, sqlite_only):
    """The k-th submission of a group mixes the pool; the WAL still holds its frames when the thank-you page
    comes back (the checkpoint waits DELAY seconds), and is empty once the checkpointer has run."""
    setup = make_round(sqlite_only, groups=("Gemeente A",), personal=3, k=3)
    for link in setup.links["Gemeente A"]:
        submit_js(client, link)
    with Session(db.get_engine(sqlite_only)) as s:
        assert pool.waiting(s, [setup.round_id]) == {}  # the three were mixed into ``response``
    assert wal_size(sqlite_only) > 0  # not yet: the control that the wait below means something
    assert checkpointer.for_engine(db.get_engine(sqlite_only)).wait(10)
    assert wal_size(sqlite_only) == 0


def test_mixes_close_together_share_one_checkpoint(sqlite_only, monkeypatch):
    ran = []
    monkeypatch.setattr(checkpointer, "checkpoint", lambda conn: ran.append(time.monotonic()) or True)
    cp = checkpointer.Checkpointer(db.get_engine(sqlite_only))
    asked = time.monotonic()
    for _ in range(20):
        cp.request()
    assert cp.wait(10) and len(ran) == 1 and ran[0] - asked >= checkpointer.DELAY
    cp.request()  # a later mix asks for a checkpoint of its own
    assert cp.wait(10) and len(ran) == 2


def test_a_busy_checkpoint_is_tried_again(sqlite_only, monkeypatch):
    answers = iter([False, False, True])  # a reader held an old snapshot twice
    ran = []
    monkeypatch.setattr(checkpointer, "checkpoint", lambda conn: ran.append(1) or next(answers))
    cp = checkpointer.Checkpointer(db.get_engine(sqlite_only))
    cp.request()
    assert cp.wait(10) and len(ran) == 3


def test_a_mix_asked_for_while_a_checkpoint_runs_gets_one_after_it(sqlite_only, monkeypatch):
    started, release = threading.Event(), threading.Event()
    ran = []

    def slow(conn):
        ran.append(1)
        if len(ran) == 1:
            started.set()
            release.wait(10)
        return True

    monkeypatch.setattr(checkpointer, "checkpoint", slow)
    cp = checkpointer.Checkpointer(db.get_engine(sqlite_only))
    cp.request()
    assert started.wait(10)
    cp.request()  # committed after the running checkpoint began: not covered by it
    release.set()
    assert cp.wait(10) and len(ran) == 2


def test_a_session_checkpoints_in_line(sqlite_only):
    """The CLI and scripts mix through a Session: the WAL is empty when mix_group returns."""
    setup = make_round(sqlite_only, groups=("Gemeente A",), personal=3, k=3)
    with Session(db.get_engine(sqlite_only)) as s:
        for link in setup.links["Gemeente A"]:
            resolved = participation.resolve_link(s, path_of(link).rsplit("/", 1)[1])
            participation.submit(s, resolved, {"c1": "3"}, secret=TEST_SECRET)
        assert pool.waiting(s, [setup.round_id]) == {}
    assert wal_size(sqlite_only) == 0
