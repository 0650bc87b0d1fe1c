"""The presenter's participant count (scanengine.live): phones that are still there, not every phone that ever
joined, and nothing of it that pairs a phone with its answers or outlives the session."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, inspect, select

from scanengine import closing, live, rounds
from scanengine.models import LiveParticipant, LivePresence, Round
from tests.flow import make_round

T0 = 1_800_000_000.0  # a fixed clock: the count depends on time, the test must not


@pytest.fixture
def setup(database_url):
    return make_round(database_url, personal=0, k=3)


@pytest.fixture
def running(session, setup):
    return live.start(session, session.get(Round, setup.round_id), "test")


def phones(session, running, setup, n: int, now: float) -> list[str]:
    """``n`` phones joining at ``now``; their keys."""
    gid = rounds.groups_of(session, setup.round_id)[0].id
    return [live.join(session, live.resolve(session, running.code), gid, now=now) for _ in range(n)]


def count_at(session, running, setup, now: float) -> int:
    session.refresh(running)
    return live.page_view(session, running, setup.questionnaire, 3, now=now).participants


def test_a_phone_that_stops_asking_stops_counting(session, running, setup):
    keys = phones(session, running, setup, 3, T0)
    assert count_at(session, running, setup, T0) == 3
    # two phones keep polling (every second, as live.js does); the third was closed at T0
    for second in range(1, 61):
        for key in keys[:2]:
            live.seen(session, running.id, key, now=T0 + second)
        if second == 29:
            assert count_at(session, running, setup, T0 + second) == 3  # within PRESENT_SECONDS
        if second == 41:
            assert count_at(session, running, setup, T0 + second) == 2  # gone after at most 40 s
    assert count_at(session, running, setup, T0 + 60) == 2
    assert count(session, LiveParticipant) == 3  # it joined and may come back: its answers are kept
    live.seen(session, running.id, keys[2], now=T0 + 61)  # ... and it does
    assert count_at(session, running, setup, T0 + 61) == 3


def test_a_key_of_no_participant_counts_nothing(session, running, setup):
    phones(session, running, setup, 1, T0)
    for made_up in ("not-a-key", "x" * 32, live.presence_slot("not-a-key")):
        live.seen(session, running.id, made_up, now=T0 + 1)
    live.seen(session, running.id, None, now=T0 + 1)
    assert count_at(session, running, setup, T0 + 1) == 1
    assert count(session, LivePresence) == 1


def test_a_polling_phone_writes_its_slot_once_per_step(session, running, setup):
    (key,) = phones(session, running, setup, 1, T0)
    values = []
    for second in range(0, 35):
        live.seen(session, running.id, key, now=T0 + second)
        values.append(session.execute(select(LivePresence.seen)).scalar_one())
        session.rollback()
    step = live.PRESENCE_STEP
    assert sorted(set(values)) == [int(T0 + s) // step * step for s in range(0, 35, step)]


def test_the_slot_names_no_participant_and_goes_with_the_session(session, running, setup):
    keys = phones(session, running, setup, 2, T0)
    columns = {c["name"] for c in inspect(session.get_bind()).get_columns("live_presence")}
    assert columns == {"slot", "session_id", "seen"}  # no participant, group or answer
    slots = set(session.execute(select(LivePresence.slot)).scalars())
    hashes = set(session.execute(select(LiveParticipant.key_hash)).scalars())
    assert slots == {live.presence_slot(k) for k in keys} and not slots & hashes
    assert hashes == {live.hash_key(k) for k in keys}  # the control: both come from the same keys
    live.end(session, running)
    assert count(session, LivePresence) == 0 and count(session, LiveParticipant) == 0


def test_the_round_closing_ends_the_presence_too(session, running, setup):
    phones(session, running, setup, 2, T0)
    closing.close_round(session, session.get(Round, setup.round_id))
    session.commit()
    assert count(session, LivePresence) == 0


def count(session, model) -> int:
    session.rollback()
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_over_http_the_phones_own_requests_mark_it_and_a_made_up_cookie_does_not(
    app, session, running, setup
):
    """A phone that joins through the form is there at once; its poll and its page keep its slot; a poll with
    a cookie of no participant, or without one, adds nothing."""
    phone = app.test_client()
    html = phone.get(f"/j/{running.code}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    group = re.findall(r'name="group" id="group-(\d+)"', html)[0]
    assert (
        phone.post(f"/j/{running.code}/join", data={"csrf_token": token, "group": group}).status_code == 303
    )
    assert count(session, LivePresence) == 1
    assert phone.get(f"/j/{running.code}/state").status_code == 200
    assert phone.get(f"/j/{running.code}").status_code == 200
    stranger = app.test_client()
    stranger.set_cookie("scanengine_live", "made-up-key", path=f"/j/{running.code}")
    assert stranger.get(f"/j/{running.code}/state").status_code == 200
    assert app.test_client().get(f"/j/{running.code}/state").status_code == 200
    assert count(session, LivePresence) == 1
    session.refresh(running)
    assert live.page_view(session, running, setup.questionnaire, 3).participants == 1
