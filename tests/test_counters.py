"""The per-day counter: one function, the UTC day, used by the participant path and by ``simulate`` alike."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from scanengine import counters, participation
from scanengine.models import DailyCount, Round
from scanengine.simulate import simulate_round
from tests.flow import TEST_SECRET, make_round


@pytest.fixture
def far_time_zone(monkeypatch):
    """A local time zone whose calendar day differs from the UTC day right now (UTC+14 or UTC-12)."""
    zone = "Etc/GMT-14" if datetime.now(UTC).hour >= 10 else "Etc/GMT+12"  # POSIX signs are inverted
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    yield zone
    monkeypatch.undo()
    time.tzset()


def test_submissions_and_simulate_count_on_the_same_utc_day(database_url, session, far_time_zone):
    assert datetime.now().date() != datetime.now(UTC).date(), f"{far_time_zone} should move the local day"
    setup = make_round(database_url, shared=True)
    personal = participation.resolve_link(session, setup.links["Gemeente A"][0].rsplit("/", 1)[1])
    participation.submit(session, personal, {"c1": "3"}, secret=TEST_SECRET)
    group = participation.resolve_link(session, setup.shared["Gemeente B"].rsplit("/", 1)[1])
    participation.submit(session, group, {"c1": "4"}, secret=TEST_SECRET)
    participation.submit(session, group, {"c1": "1"}, secret=TEST_SECRET)
    rnd = session.get(Round, setup.round_id)
    simulate_round(session, rnd, 7, seed=3)
    session.commit()
    rows = session.exec(select(DailyCount).where(DailyCount.round_id == setup.round_id)).all()
    assert [(r.day, r.count) for r in rows] == [(datetime.now(UTC).date(), 10)]
    assert counters.today() == datetime.now(UTC).date()


def test_count_day_adds_n_and_refuses_nonsense(database_url, session):
    setup = make_round(database_url)
    counters.count_day(session, setup.round_id)
    counters.count_day(session, setup.round_id, 41)
    session.commit()
    assert session.get(DailyCount, (setup.round_id, counters.today())).count == 42
    with pytest.raises(ValueError, match="n >= 1"):
        counters.count_day(session, setup.round_id, 0)
    session.rollback()
    session.expire_all()
    assert session.get(DailyCount, (setup.round_id, counters.today())).count == 42
