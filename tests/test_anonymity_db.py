"""The anonymity promise played as an attacker with a copy of the database but not the server's secret key.

Setting: a round with two groups and k = 8; 2·k participants answer through personal links (their order of
submission is known to the attacker, as a mail-merge list and a watch on the clock would give it), each first
saving a draft with a marker in the open question, then submitting a different text; two more participants leave
a saved draft behind. What the attacker tries, on whichever database SCANENGINE_TEST_DATABASE selects:

1. PostgreSQL: pair a link row with responses by transaction id (``xmin``/``xmax``): every value a link row
   carries must be shared by no response or by at least k of them.
2. PostgreSQL: read the submission order from the physical order (``ctid``) of the responses of a mixing batch.
3. Read drafts from the storage itself: the SQLite file, its WAL and a ``db backup``; PostgreSQL's relation
   files and its WAL (as a superuser, ``pg_read_binary_file``). No draft marker and no draft JSON may appear.
   SQLite also: what a purge deleted is no longer in the file, its WAL or a new backup.
4. The per-day counters still add up to the responses (so the dashboard's counts are right).

Each attack is first shown to work where it should (negative controls), so a pass means something.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlmodel import Session

from scanengine import db, maintenance, rounds
from scanengine.models import DailyCount, PooledResponse, Response, Round
from tests.flow import close_and_settle, make_round, path_of, post

K = 8  # a batch of 8 keeps "physical order = submission order" by chance at 1 in 40,320
GROUPS = ("Gemeente A", "Gemeente B")
PENDING = 2  # participants who only save a draft


@dataclass
class Scene:
    url: str
    round_id: int
    run: str  # random per test: markers from other tests never count
    order: list[int] = field(default_factory=list)  # participant numbers in submission order

    def draft_marker(self, i: int) -> bytes:
        return f"DRAFT-{self.run}-{i:02d}".encode()

    def submitted_marker(self, i: int) -> str:
        return f"SUBMITTED-{self.run}-{i:02d}"

    def pending_marker(self, i: int) -> bytes:
        return f"PENDING-{self.run}-{i:02d}".encode()

    def draft_secrets(self) -> list[bytes]:
        """The markers, and the markers as a draft's JSON holds them (this run's only: a database server's WAL
        also holds other tests' drafts)."""
        markers = [self.draft_marker(i) for i in range(2 * K)] + [
            self.pending_marker(i) for i in range(PENDING)
        ]
        return markers + [b'"improve": "' + m for m in markers]


def _html(resp) -> str:
    assert resp.status_code == 200, resp.status_code
    return resp.get_data(as_text=True)


@pytest.fixture
def scene(app, database_url) -> Scene:
    """2·k personal-link submissions in two groups, alternating; each saved a draft with a marker first."""
    setup = make_round(database_url, groups=GROUPS, personal=K + PENDING, k=K)
    sc = Scene(database_url, setup.round_id, secrets.token_hex(4))
    links = {g: list(setup.links[g]) for g in GROUPS}
    for n in range(2 * K):
        group, i = GROUPS[n % 2], n
        link = links[group].pop(0)
        client = app.test_client()
        page = _html(client.get(path_of(link)))
        page = _html(
            post(
                client,
                link,
                page,
                "save",
                {"role": "ambtenaar", "c1": str(1 + n % 4), "improve": sc.draft_marker(i).decode()},
            )
        )
        done = _html(
            post(
                client, link, page, "submit", {"c2": str(1 + (n // 4) % 4), "improve": sc.submitted_marker(i)}
            )
        )
        assert "Bedankt" in done
        sc.order.append(i)
    for i in range(PENDING):
        link = links[GROUPS[i % 2]].pop(0)
        client = app.test_client()
        page = _html(client.get(path_of(link)))
        _html(
            post(
                client,
                link,
                page,
                "save",
                {"role": "raad", "c1": "4", "improve": sc.pending_marker(i).decode()},
            )
        )
    return sc


def _number(open_answers) -> int:
    return int(re.search(r"SUBMITTED-\w+-(\d+)", open_answers["improve"]).group(1))


# -- 1, 2: transaction ids and physical order (PostgreSQL) -----------------------------------------------------------


def _postgres_only(url: str) -> None:
    if db.is_sqlite(url):
        pytest.skip("transaction ids and ctid are PostgreSQL's; SQLite is attacked through its files below")


def _xid_pairs(conn, round_id: int, k: int) -> list[tuple[str, int]]:
    """Every transaction id on a link row (or day counter) shared by at least one but fewer than k responses."""
    per_xid: dict[str, int] = {}
    for xmin, xmax in conn.execute(
        text("SELECT xmin::text, xmax::text FROM response WHERE round_id = :r"), {"r": round_id}
    ):
        for xid in {xmin, xmax} - {"0"}:
            per_xid[xid] = per_xid.get(xid, 0) + 1
    carried = set()
    for table in ("link_token", "daily_count"):
        for xmin, xmax in conn.execute(
            text(f"SELECT xmin::text, xmax::text FROM {table} WHERE round_id = :r"), {"r": round_id}
        ):
            carried |= {xmin, xmax} - {"0"}
    return [(xid, per_xid[xid]) for xid in sorted(carried) if 0 < per_xid.get(xid, 0) < k]


def test_the_xid_attack_works_on_the_old_way_of_storing(database_url):
    """Negative control: a link marked used in the transaction that inserts its response is found."""
    _postgres_only(database_url)
    setup = make_round(database_url, groups=("A",), personal=1, k=3)
    group_id, link_id = None, None
    with Session(db.get_engine(database_url)) as s:
        link_id, group_id = s.execute(
            text("SELECT id, group_id FROM link_token WHERE round_id = :r"), {"r": setup.round_id}
        ).one()
        s.execute(text("UPDATE link_token SET used = true WHERE id = :i"), {"i": link_id})
        s.add(Response(round_id=setup.round_id, group_id=group_id, answers=b"\x01", background=b"\x00"))
        s.commit()
    with db.get_engine(database_url).connect() as conn:
        assert len(_xid_pairs(conn, setup.round_id, 3)) == 1


def test_no_transaction_id_pairs_a_link_with_fewer_than_k_responses(scene):
    _postgres_only(scene.url)
    engine = db.get_engine(scene.url)
    with engine.connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM response WHERE round_id = :r"), {"r": scene.round_id}
        ).scalar()
        assert n == 2 * K  # both groups reached k: both batches are in response already
        assert _xid_pairs(conn, scene.round_id, K) == []
    with Session(engine) as s:
        close_and_settle(s, scene.round_id)
    with engine.connect() as conn:
        assert _xid_pairs(conn, scene.round_id, K) == []
        # after the close every response and link row carries the close's transaction id
        assert (
            conn.execute(
                text("SELECT count(DISTINCT xmin::text) FROM response WHERE round_id = :r"),
                {"r": scene.round_id},
            ).scalar()
            == 1
        )


def test_physical_order_of_a_mixing_batch_is_not_the_submission_order(scene):
    _postgres_only(scene.url)
    engine = db.get_engine(scene.url)
    rank = {i: n for n, i in enumerate(scene.order)}

    def batches() -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        with engine.connect() as conn:
            for xid, opens in conn.execute(
                text("SELECT xmin::text, open_answers FROM response WHERE round_id = :r ORDER BY ctid"),
                {"r": scene.round_id},
            ):
                out.setdefault(xid, []).append(rank[_number(opens)])
        return out

    before = batches()
    assert sorted(len(b) for b in before.values()) == [K, K]  # one batch per group, each of k responses
    for stored in before.values():
        assert stored != sorted(stored), stored
    with Session(engine) as s:
        close_and_settle(s, scene.round_id)
    (after,) = batches().values()  # one transaction id after the close
    assert len(after) == 2 * K and after != sorted(after)


# -- 3: the storage itself ------------------------------------------------------------------------------------------


def _sqlite_files(url: str, backup_to: Path) -> dict[str, bytes]:
    path = maintenance.sqlite_path(url)
    wal = Path(f"{path}-wal")
    maintenance.backup_sqlite(url, backup_to, overwrite=True)
    return {
        "file": path.read_bytes(),
        "wal": wal.read_bytes() if wal.exists() else b"",
        "backup": backup_to.read_bytes(),
    }


def _postgres_files(url: str, since: float) -> dict[str, bytes]:
    """The relation files of every table and index of the database, and the WAL written since ``since``."""
    out: dict[str, bytes] = {}
    with db.get_engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("CHECKPOINT")  # shared buffers to the relation files
        for name, path in conn.exec_driver_sql(
            "SELECT c.relname, pg_relation_filepath(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 't', 'i') AND pg_relation_filepath(c.oid) IS NOT NULL"
        ):
            out[name] = conn.execute(text("SELECT pg_read_binary_file(:p)"), {"p": path}).scalar()
        wal = b""
        for (name,) in conn.exec_driver_sql(
            "SELECT name FROM pg_ls_waldir() WHERE modification >= to_timestamp(%s) ORDER BY name",
            (since - 5,),
        ):
            wal += conn.execute(text("SELECT pg_read_binary_file(:p)"), {"p": f"pg_wal/{name}"}).scalar()
        out["pg_wal"] = wal
    return out


def _storage(url: str, tmp_path: Path, since: float) -> dict[str, bytes]:
    if db.is_sqlite(url):
        return _sqlite_files(url, tmp_path / "copy.sqlite")
    return _postgres_files(url, since)


def _found(files: dict[str, bytes], needles: list[bytes]) -> list[tuple[str, bytes]]:
    return [(where, needle) for where, data in files.items() for needle in needles if needle in data]


@pytest.fixture
def started() -> float:
    return time.time()


def test_the_file_attack_finds_what_is_stored_in_the_clear(scene, tmp_path, started):
    """Positive control: the submitted open answers (stored in ``response`` as they should be) are found in the
    copies the next test searches, so not finding the drafts there means something."""
    with Session(db.get_engine(scene.url)) as s:
        close_and_settle(s, scene.round_id)
    files = _storage(scene.url, tmp_path, started)
    wanted = [scene.submitted_marker(i).encode() for i in range(2 * K)]
    where = "backup" if db.is_sqlite(scene.url) else "response"
    assert {n for w, n in _found(files, wanted) if w == where} == set(wanted)


@pytest.fixture
def unsealed_drafts(monkeypatch):
    """Drafts stored in the clear, as before they were sealed (for the negative control below)."""
    from scanengine import sealing

    monkeypatch.setattr(sealing, "seal", lambda _key, data, _aad: data)
    monkeypatch.setattr(sealing, "unseal", lambda _key, blob, _aad: bytes(blob))


def test_the_draft_attack_finds_drafts_stored_in_the_clear(unsealed_drafts, scene, tmp_path, started):
    """Negative control: without sealing, the storage gives the drafts away (SQLite: the WAL; PostgreSQL: the
    old row versions and the WAL)."""
    assert _found(_storage(scene.url, tmp_path, started), scene.draft_secrets())


def test_no_draft_can_be_read_from_the_storage(scene, tmp_path, started):
    needles = scene.draft_secrets()
    assert _found(_storage(scene.url, tmp_path, started), needles) == []  # round open, two drafts pending
    with Session(db.get_engine(scene.url)) as s:
        close_and_settle(s, scene.round_id)
    assert _found(_storage(scene.url, tmp_path, started), needles) == []


def _purge_leaves(scene, tmp_path) -> list[tuple[str, bytes]]:
    """Close and purge the round; what of the submitted answers is still in the file, its WAL or a new backup."""
    if not db.is_sqlite(scene.url):
        pytest.skip("SQLite's secure_delete and checkpoint; PostgreSQL's old row versions go with VACUUM")
    with Session(db.get_engine(scene.url)) as s:
        close_and_settle(s, scene.round_id)
        rnd = s.get(Round, scene.round_id)
        rnd.summary = {"n": 2 * K}  # as the close's after-step would have stored it
        s.add(rnd)
        s.commit()
        submitted = [scene.submitted_marker(i).encode() for i in range(2 * K)]
        assert _found(
            _sqlite_files(scene.url, tmp_path / "before.sqlite"), submitted
        )  # there before the purge
        maintenance.purge_round(s, s.get(Round, scene.round_id))
        s.commit()
    return _found(_sqlite_files(scene.url, tmp_path / "after.sqlite"), submitted)


def test_a_purged_round_leaves_the_sqlite_file_its_wal_and_new_backups(scene, tmp_path):
    assert _purge_leaves(scene, tmp_path) == []


@pytest.fixture
def without_secure_delete(monkeypatch):
    original = db._sqlite_pragmas

    def pragmas(dbapi_connection, record):
        original(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA secure_delete = OFF")

    monkeypatch.setattr(db, "_sqlite_pragmas", pragmas)


def test_without_secure_delete_the_purged_answers_stay_in_the_file(without_secure_delete, scene, tmp_path):
    """Negative control: the purge test above fails when SQLite only unlinks deleted rows."""
    assert {where for where, _ in _purge_leaves(scene, tmp_path)} == {"file"}


# -- 4: the counts stay right ---------------------------------------------------------------------------------------


def test_day_counters_add_up_to_the_responses(scene):
    engine = db.get_engine(scene.url)
    with Session(engine) as s:

        def counted() -> tuple[int, int, int]:
            s.rollback()
            day = s.execute(
                select(func.coalesce(func.sum(DailyCount.count), 0)).where(
                    DailyCount.round_id == scene.round_id
                )
            ).scalar()
            mixed = s.execute(
                select(func.count()).select_from(Response).where(Response.round_id == scene.round_id)
            ).scalar()
            waiting = s.execute(
                select(func.count())
                .select_from(PooledResponse)
                .where(PooledResponse.round_id == scene.round_id)
            ).scalar()
            return day, mixed, waiting

        assert counted() == (2 * K, 2 * K, 0)
        status = rounds.round_status(s, s.get(Round, scene.round_id))
        assert status.responses == 2 * K and [g.responses for g in status.groups] == [K, K]
        close_and_settle(s, scene.round_id)
        assert counted() == (2 * K, 2 * K, 0)
