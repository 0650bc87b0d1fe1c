"""Concurrent submissions, on whichever database SCANENGINE_TEST_DATABASE selects (each thread its own Session).

* 20 threads submitting the same personal link at once store exactly one response.
* Submissions racing the close of a round are either stored or refused (RoundClosed / HTTP 410); none is lost
  after it was acknowledged.
* Mixing steps racing each other and the submissions move every pooled submission into ``response`` once.
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select
from sqlmodel import Session

from scanengine import closing, db, participation, pool
from scanengine.models import DailyCount, LinkToken, PooledResponse, Response, Round
from scanengine.participation import LinkUsed, RoundClosed
from tests.flow import TEST_SECRET, csrf_token, make_round, path_of

THREADS = 20


def run_threads(n: int, target) -> list:
    """Run ``target(i)`` in ``n`` threads released together; returns each result or the exception raised."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def worker(i):
        barrier.wait()
        try:
            results[i] = target(i)
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def totals(database_url: str) -> tuple[int, int]:
    """Stored submissions (mixed into ``response`` or still in the pool) and the sum of the day counters."""
    with Session(db.get_engine(database_url)) as s:
        responses = s.execute(select(func.count()).select_from(Response)).scalar()
        responses += s.execute(select(func.count()).select_from(PooledResponse)).scalar()
        day = s.execute(select(func.coalesce(func.sum(DailyCount.count), 0))).scalar()
    return responses, day


def test_same_personal_link_twenty_threads_domain(database_url):
    setup = make_round(database_url, groups=("A",), personal=1)
    token = setup.links["A"][0].rsplit("/", 1)[1]
    with Session(db.get_engine(database_url)) as s:
        link = participation.resolve_link(s, token)

    def submit(i):
        with Session(db.get_engine(database_url)) as s:
            participation.submit(s, link, {"c1": str(1 + i % 4)}, secret=TEST_SECRET)
            return "stored"

    results = run_threads(THREADS, submit)
    ok = [r for r in results if isinstance(r, str)]
    assert len(ok) == 1, results
    assert all(isinstance(r, LinkUsed) for r in results if not isinstance(r, str)), results
    assert totals(database_url) == (1, 1)


def test_same_personal_link_twenty_clients_web(app, database_url):
    setup = make_round(database_url, groups=("A",), personal=1)
    link = setup.links["A"][0]
    clients = [app.test_client() for _ in range(THREADS)]
    pages = [c.get(path_of(link)).get_data(as_text=True) for c in clients]  # everyone has the form open

    def submit(i):
        resp = clients[i].post(
            path_of(link),
            data={"csrf_token": csrf_token(pages[i]), "page": "0", "action": "submit", "c1": str(1 + i % 4)},
        )
        return resp.status_code

    codes = run_threads(THREADS, submit)
    assert sorted(codes) == [200] + [410] * (THREADS - 1), codes
    assert totals(database_url) == (1, 1)


def test_submissions_racing_the_close_are_stored_or_refused(database_url):
    per_thread, n_threads = 6, 6
    setup = make_round(database_url, groups=("A",), personal=per_thread * n_threads + 1)
    with Session(db.get_engine(database_url)) as s:
        links = [participation.resolve_link(s, u.rsplit("/", 1)[1]) for u in setup.links["A"]]
    late = links.pop()
    some_stored = threading.Event()
    closed = threading.Event()

    def submitter(i):
        outcome = []
        with Session(db.get_engine(database_url)) as s:
            for link in links[i * per_thread : (i + 1) * per_thread]:
                try:
                    participation.submit(s, link, {"c1": "2", "i1": "3"}, secret=TEST_SECRET)
                    outcome.append("stored")
                    some_stored.set()
                except RoundClosed:
                    outcome.append("refused")
        return outcome

    def closer():
        some_stored.wait(60)
        with Session(db.get_engine(database_url)) as s:
            closing.close_round(s, s.get(Round, setup.round_id), secret=TEST_SECRET)
            s.commit()
        closed.set()
        return ["closer"]

    results = run_threads(n_threads + 1, lambda i: closer() if i == n_threads else submitter(i))
    assert not [r for r in results if isinstance(r, Exception)], results
    outcomes = [o for r in results[:n_threads] for o in r]
    assert len(outcomes) == len(links)
    stored = outcomes.count("stored")
    assert stored >= 1
    # every acknowledged submission is there, none more; refused ones left their link unused; the close moved
    # everything out of the pool
    assert totals(database_url) == (stored, stored)
    with Session(db.get_engine(database_url)) as s:
        assert s.execute(select(func.count()).select_from(PooledResponse)).scalar() == 0
    with Session(db.get_engine(database_url)) as s:
        used = s.execute(select(func.count()).select_from(LinkToken).where(LinkToken.used)).scalar()
        assert used == stored
        assert s.get(Round, setup.round_id).status == "closed"
    # after the close committed, a submission is always refused
    assert closed.is_set()
    with Session(db.get_engine(database_url)) as s:
        try:
            participation.submit(s, late, {"c1": "1"}, secret=TEST_SECRET)
            raise AssertionError("a submission after the close was stored")
        except RoundClosed:
            pass
    assert totals(database_url) == (stored, stored)


def test_web_submissions_racing_the_close(app, database_url):
    n = 12
    setup = make_round(database_url, groups=("A",), personal=n)
    links = setup.links["A"]
    clients = [app.test_client() for _ in range(n)]
    pages = [c.get(path_of(u)).get_data(as_text=True) for c, u in zip(clients, links, strict=True)]

    def act(i):
        if i == n:
            with Session(db.get_engine(database_url)) as s:
                closing.close_round(s, s.get(Round, setup.round_id), secret=TEST_SECRET)
                s.commit()
            return "closed"
        resp = clients[i].post(
            path_of(links[i]),
            data={"csrf_token": csrf_token(pages[i]), "page": "0", "action": "submit", "c1": "3"},
        )
        return (resp.status_code, "Bedankt" in resp.get_data(as_text=True))

    results = run_threads(n + 1, act)
    codes = results[:n]
    assert results[n] == "closed"
    assert all(c in ((200, True), (410, False)) for c in codes), codes
    assert totals(database_url)[0] == sum(1 for c in codes if c[0] == 200)


def test_mixing_steps_racing_each_other_move_each_submission_once(database_url):
    """Threads submit in one group with k = 3, so mixes start while others submit; then 8 mixers race for the
    rest. Every submission ends in ``response`` exactly once (markers in the open answers tell them apart)."""
    n = 24
    setup = make_round(database_url, groups=("A",), personal=n, k=3)
    with Session(db.get_engine(database_url)) as s:
        links = [participation.resolve_link(s, u.rsplit("/", 1)[1]) for u in setup.links["A"]]
        group_id = links[0].group_id

    def submit(i):
        with Session(db.get_engine(database_url)) as s:
            participation.submit(
                s, links[i], {"c1": "2", "improve": f"mix-marker-{i:02d}"}, secret=TEST_SECRET
            )
        return "stored"

    assert run_threads(n, submit) == ["stored"] * n

    def mix(_i):
        with Session(db.get_engine(database_url)) as s:
            return pool.mix_group(s, setup.round_id, group_id, 1, TEST_SECRET)

    moved = run_threads(8, mix)
    assert all(isinstance(m, int) for m in moved), moved
    with Session(db.get_engine(database_url)) as s:
        markers = sorted(r["improve"] for r in s.execute(select(Response.open_answers)).scalars())
        assert s.execute(select(func.count()).select_from(PooledResponse)).scalar() == 0
    assert markers == [f"mix-marker-{i:02d}" for i in range(n)]
    assert totals(database_url) == (n, n)
