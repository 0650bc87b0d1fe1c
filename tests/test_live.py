"""The live workshop domain (scanengine.live) on the test database: codes, joining, answers per page, the k rule
of live results, and the end of a session (or the round's close) storing every participant exactly once."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from scanengine import analysis, closing, db, live, participation, rounds, stats
from scanengine.kinds.base import AnswerError
from scanengine.models import DailyCount, LiveAnswer, LiveParticipant, LiveSession, Response, Round
from scanengine.rawsql import RawConnection
from scanengine.responses import unpack_answers, unpack_background
from tests.flow import make_round

# pages of tests/fixtures/mini.json: background, competence (c1, c2, c3 for raad), integrity (i1, i2), open
BACKGROUND, COMPETENCE, INTEGRITY, OPEN = range(4)


@pytest.fixture
def setup(database_url):
    return make_round(database_url, personal=0, k=3)


@pytest.fixture
def running(session, setup):
    rnd = session.get(Round, setup.round_id)
    return live.start(session, rnd, "test")


def joined(session, code, group_id=None):
    """A phone that joins: (its key, its Joined)."""
    key = live.join(session, live.resolve(session, code), group_id)
    return key, live.resolve(session, code, key)


def group_ids(session, setup):
    return [g.id for g in rounds.groups_of(session, setup.round_id)]


def goto(session, live_session, page, q):
    while live_session.page < page:
        live.navigate(session, live_session, "next", len(live.pages(q)))
    while live_session.page > page:
        live.navigate(session, live_session, "previous", len(live.pages(q)))


def count(session, model, *where):
    return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


# -- codes and pages ----------------------------------------------------------------------------------------------------


def test_code_has_six_characters_without_look_alikes(running):
    assert len(running.code) == live.CODE_LENGTH
    assert set(running.code) <= set(live.CODE_ALPHABET)
    assert not set(live.CODE_ALPHABET) & set("0O1IL2Z5S8B6G")
    codes = {live.new_code() for _ in range(2000)}
    assert len(codes) > 1990  # random, not a counter


def test_typed_code_is_normalised(running):
    typed = running.code.lower()[:3] + " " + running.code.lower()[3:]
    assert live.normalise_code(typed) == running.code
    assert live.normalise_code("ABC") is None and live.normalise_code("O0O0O0") is None


def test_pages_follow_the_form(setup):
    pages = live.pages(setup.questionnaire)
    assert [p.key for p in pages] == ["background", "competence", "integrity", "open"]
    assert pages[COMPETENCE].fields() == {"c1", "c2", "c3"}
    assert pages[COMPETENCE].title == setup.questionnaire.dimensions[0].title


def test_start_needs_an_open_round_and_returns_the_running_session(session, database_url):
    draft = make_round(database_url, personal=0, status="draft")
    with pytest.raises(live.RoundNotOpen):
        live.start(session, session.get(Round, draft.round_id))
    opened = make_round(database_url, personal=0)
    rnd = session.get(Round, opened.round_id)
    first = live.start(session, rnd)
    assert live.start(session, rnd).code == first.code


def test_unknown_and_expired_codes(session, running, setup):
    other = next(c for c in iter(live.new_code, None) if c != running.code)
    with pytest.raises(live.UnknownCode):
        live.resolve(session, other)
    with pytest.raises(live.UnknownCode):
        live.resolve(session, "not a code")
    live.end(session, running)
    with pytest.raises(live.SessionEnded):
        live.resolve(session, running.code)
    assert live.phone_state(session, running.code).ended
    # a new start gives a new code; the old one stays expired
    again = live.start(session, session.get(Round, setup.round_id))
    assert again.code != running.code or again.version > 1
    assert live.resolve(session, again.code).live.id == again.id


def test_closing_the_round_expires_the_code(session, running, setup):
    closing.close_round(session, session.get(Round, setup.round_id))
    session.commit()
    with pytest.raises(live.SessionEnded):
        live.resolve(session, running.code)


# -- joining and answering -------------------------------------------------------------------------------------------


def test_join_needs_a_group_of_the_round_when_there_are_several(session, running, setup):
    with pytest.raises(live.BadGroup):
        live.join(session, live.resolve(session, running.code), None)
    with pytest.raises(live.BadGroup):
        live.join(session, live.resolve(session, running.code), 10_000)
    gid = group_ids(session, setup)[1]
    key, phone = joined(session, running.code, gid)
    assert phone.participant_id and phone.group_id == gid
    stored = session.execute(select(LiveParticipant)).scalars().one()
    assert stored.key_hash == live.hash_key(key) and key not in (stored.key_hash, stored.id)


def test_one_group_is_chosen_for_the_phone(session, database_url):
    one = make_round(database_url, personal=0, groups=("Iedereen",))
    code = live.start(session, session.get(Round, one.round_id)).code
    _, phone = joined(session, code)
    assert phone.group_id == group_ids(session, one)[0]


def test_answers_are_kept_per_page_and_changeable_until_the_presenter_moves_on(session, running, setup):
    q = setup.questionnaire
    _, phone = joined(session, running.code, group_ids(session, setup)[0])
    goto(session, running, COMPETENCE, q)
    assert live.answer(session, phone, COMPETENCE, {"c1": "2"}) == {"c1": "2"}
    assert live.answer(session, phone, COMPETENCE, {"c1": "4", "c2": "dk"}) == {"c1": "4", "c2": "dk"}
    assert live.answer(session, phone, COMPETENCE, {"c2": None}) == {"c1": "4"}
    goto(session, running, INTEGRITY, q)
    with pytest.raises(live.PageMoved):
        live.answer(session, phone, COMPETENCE, {"c1": "1"})
    assert live.answers_of(session, phone.participant_id) == {COMPETENCE: {"c1": "4"}}


def test_bad_values_and_fields_of_other_pages_store_nothing(session, running, setup):
    _, phone = joined(session, running.code, group_ids(session, setup)[0])
    goto(session, running, COMPETENCE, setup.questionnaire)
    for changes in ({"c1": "5"}, {"c1": "0"}, {"i1": "2"}, {"nope": "1"}):
        with pytest.raises(AnswerError):
            live.answer(session, phone, COMPETENCE, changes)
    assert count(session, LiveAnswer) == 0


def test_answering_without_joining_or_after_the_end(session, running, setup):
    with pytest.raises(live.NotJoined):
        live.answer(session, live.resolve(session, running.code), 0, {"role": "raad"})
    _, phone = joined(session, running.code, group_ids(session, setup)[0])
    live.end(session, running)
    with pytest.raises(live.SessionEnded):
        live.answer(session, phone, 0, {"role": "raad"})


# -- live results and the k rule ---------------------------------------------------------------------------------------


def _room(session, running, setup, c1_answers, page=COMPETENCE):
    """One phone per answer in ``c1_answers`` answering c1 on the competence page."""
    gids = group_ids(session, setup)
    goto(session, running, page, setup.questionnaire)
    phones = []
    for i, value in enumerate(c1_answers):
        _, phone = joined(session, running.code, gids[i % 2])
        live.answer(session, phone, page, {"c1": value})
        phones.append(phone)
    return phones


def view(session, running, setup, k=3):
    session.refresh(running)
    return live.page_view(session, running, setup.questionnaire, k)


def test_results_hidden_until_shown(session, running, setup):
    _room(session, running, setup, ["4", "3", "4", "dk"])
    v = view(session, running, setup)
    assert v.answered == 4 and v.participants == 4 and not v.shown
    assert all(r.summary is None and r.reason == "hidden" for r in v.questions)


def test_results_below_k_are_withheld(session, running, setup):
    _room(session, running, setup, ["4", "3"])
    live.navigate(session, running, "show", 4)
    v = view(session, running, setup)
    assert v.shown and v.below_k
    assert all(r.summary is None for r in v.questions)


def test_results_at_k_show_the_distribution_computed_by_stats(session, running, setup):
    answers = ["4", "3", "4", "dk", "1"]
    _room(session, running, setup, answers)
    live.navigate(session, running, "show", 4)
    v = view(session, running, setup, k=5)
    c1 = next(r for r in v.questions if r.entry.question.id == "c1")
    assert c1.reason is None and c1.summary.n == 5
    # an independent count: shares of 1..4 and don't know over the five answers
    expected = [answers.count(str(p)) / 5 for p in range(1, 5)] + [answers.count("dk") / 5]
    assert [b.fraction for b in c1.summary.bars] == pytest.approx(expected)
    assert [b.label["nl"] for b in c1.summary.bars] == [
        "Oneens",
        "Eerder oneens",
        "Eerder eens",
        "Eens",
        "Weet niet",
    ]
    assert c1.summary.note.params["mean"] == pytest.approx(np.mean([4, 3, 4, 1]))
    assert c1.summary.note.params["mean"] == pytest.approx(stats.describe(np.array([4, 3, 4, 1.0])).mean)
    # c2 and c3 had no answers: below k per question, never a result of fewer than k
    assert all(
        r.summary is None and r.reason == "below_k" for r in v.questions if r.entry.question.id != "c1"
    )


def test_one_more_than_k_minus_one_is_needed(session, running, setup):
    _room(session, running, setup, ["4", "3", "4"])
    live.navigate(session, running, "show", 4)
    assert view(session, running, setup, k=4).below_k
    shown = view(session, running, setup, k=3)
    assert not shown.below_k and shown.questions[0].summary is not None


def test_hiding_and_turning_the_page_hide_results(session, running, setup):
    q = setup.questionnaire
    _room(session, running, setup, ["4", "3", "4"])
    live.navigate(session, running, "show", 4)
    assert view(session, running, setup).questions[0].summary is not None
    live.navigate(session, running, "hide", 4)
    assert view(session, running, setup).questions[0].summary is None
    live.navigate(session, running, "show", 4)
    goto(session, running, INTEGRITY, q)
    assert not running.show_results
    goto(session, running, COMPETENCE, q)
    assert view(session, running, setup).questions[0].summary is None  # shown again only when asked


def test_open_answers_never_appear_live(session, running, setup):
    gids = group_ids(session, setup)
    goto(session, running, OPEN, setup.questionnaire)
    for i in range(4):
        _, phone = joined(session, running.code, gids[0])
        live.answer(session, phone, OPEN, {"improve": f"meer overleg {i}"})
    live.navigate(session, running, "show", 4)
    v = view(session, running, setup)
    assert v.answered == 4
    assert [(r.summary, r.reason) for r in v.questions] == [(None, "not_live")]


def test_every_action_moves_the_version(session, running):
    seen = [running.version]
    for action in ("next", "show", "hide", "previous"):
        live.navigate(session, running, action, 4)
        seen.append(live.phone_state(session, running.code).version)
    assert seen == sorted(set(seen))


# -- the end of a session -----------------------------------------------------------------------------------------------


def _workshop(session, running, setup):
    """Six phones: background, competence, integrity and open answers; one phone that answered nothing."""
    q = setup.questionnaire
    gids = group_ids(session, setup)
    phones = [joined(session, running.code, gids[i % 2])[1] for i in range(7)]
    given = [dict() for _ in phones]
    for page, per_phone in (
        (BACKGROUND, lambda i: {"role": ["raad", "college", "ambtenaar"][i % 3]}),
        (
            COMPETENCE,
            lambda i: {"c1": str(1 + i % 4), "c3": "3"} if i % 2 == 0 else {"c1": str(1 + i % 4), "c2": "dk"},
        ),
        (INTEGRITY, lambda i: {"i1": str(4 - i % 4)}),
        (OPEN, lambda i: {"improve": f"idee {i}"} if i < 2 else {}),
    ):
        goto(session, running, page, q)
        for i, phone in enumerate(phones[:6]):
            changes = per_phone(i)
            if changes:
                live.answer(session, phone, page, changes)
                given[i].update(changes)
    return phones, given[:6]


def test_end_stores_each_participant_once_as_a_form_response(session, running, setup):
    q = setup.questionnaire
    phones, given = _workshop(session, running, setup)
    stored = live.end(session, running)
    assert stored == 6  # the seventh phone answered nothing: no empty response
    rows = session.execute(select(Response).where(Response.round_id == setup.round_id)).scalars().all()
    assert len(rows) == 6
    # exactly what the form would store for the same answers (participation.pack), in any order
    expected = sorted(
        (
            participation.pack(q, a).answers,
            participation.pack(q, a).background,
            str(participation.pack(q, a).open_answers),
        )
        for a in given
    )
    assert sorted((r.answers, r.background, str(r.open_answers)) for r in rows) == expected
    by_group = sorted(r.group_id for r in rows)
    gids = group_ids(session, setup)
    assert by_group == sorted([gids[i % 2] for i in range(6)])
    # c3 (shown only to the council) is stored for those who said raad, dropped for the others
    for r in rows:
        bg, ans = unpack_background(q, r.background), unpack_answers(q, r.answers)
        assert "c3" not in ans or bg.get("role") == "raad"
    assert sum("c3" in a for a in given) == 3 and sum("c3" in unpack_answers(q, r.answers) for r in rows) == 1
    # the live state is gone, the session has ended, the day is counted once per response
    assert count(session, LiveParticipant) == 0 and count(session, LiveAnswer) == 0
    assert session.execute(select(LiveSession.ended)).scalar_one()
    assert session.execute(select(func.sum(DailyCount.count))).scalar_one() == 6
    # the round's analysis counts them
    rnd = session.get(Round, setup.round_id)
    assert analysis.analyse(session, rnd, include_benchmark=False).n == 6
    assert rounds.round_status(session, rnd).responses == 6
    # ending twice stores nothing more
    assert live.end(session, running) == 0
    assert count(session, Response) == 6


def test_response_rows_carry_nothing_of_the_join(session, running, setup):
    _workshop(session, running, setup)
    participant_ids = set(session.execute(select(LiveParticipant.id)).scalars())
    live.end(session, running)
    ids = set(session.execute(select(Response.id)).scalars())
    assert not ids & participant_ids
    assert set(Response.__table__.columns.keys()) == {
        "round_id",
        "id",
        "group_id",
        "answers",
        "background",
        "open_answers",
    }


def test_closing_the_round_stores_the_live_answers(session, running, setup):
    _, given = _workshop(session, running, setup)
    rnd = session.get(Round, setup.round_id)
    closing.close_round(session, rnd)
    session.commit()
    assert count(session, Response) == len(given)
    assert count(session, LiveParticipant) == 0
    assert analysis.analyse(session, rnd, include_benchmark=False).n == len(given)


@pytest.mark.parametrize("handle", ["session", "raw"])
def test_answers_racing_the_end_are_either_stored_or_refused(database_url, setup, handle):
    """Phones keep answering while the presenter ends the session: every acknowledged answer is in a response
    (through a Session, and through the raw connection the web layer uses)."""
    engine = db.get_engine(database_url)
    with Session(engine, expire_on_commit=False) as s:
        running = live.start(s, s.get(Round, setup.round_id))
        goto(s, running, COMPETENCE, setup.questionnaire)
        gids = group_ids(s, setup)
        phones = [joined(s, running.code, gids[i % 2])[1] for i in range(8)]
    acknowledged: dict[str, str] = {}
    start = threading.Barrier(len(phones) + 1)

    def phone_loop(phone, i):
        handle_ = Session(engine, expire_on_commit=False) if handle == "session" else RawConnection(engine)
        try:
            start.wait()
            for n in range(30):
                value = str(1 + (i + n) % 4)
                try:
                    live.answer(handle_, phone, COMPETENCE, {"c1": value})
                except live.SessionEnded:
                    return
                acknowledged[phone.participant_id] = value
        finally:
            handle_.close()

    threads = [threading.Thread(target=phone_loop, args=(p, i)) for i, p in enumerate(phones)]
    for t in threads:
        t.start()
    start.wait()
    with Session(engine, expire_on_commit=False) as s:
        live.end(s, s.get(LiveSession, running.id))
    for t in threads:
        t.join()
    with Session(engine) as s:
        stored = sorted(
            unpack_answers(setup.questionnaire, a)["c1"]
            for a in s.execute(select(Response.answers)).scalars()
        )
    assert stored == sorted(int(v) for v in acknowledged.values())


def test_two_screens_pressing_next_together_turn_one_page(database_url, session, running):
    with Session(db.get_engine(database_url), expire_on_commit=False) as other:
        stale = other.get(
            LiveSession, running.id
        )  # the second screen read the session before the first pressed
        live.navigate(session, running, "next", 4)
        assert live.navigate(other, stale, "next", 4).page == 1
        live.navigate(other, stale, "show", 4)
    session.refresh(running)
    assert running.page == 1 and running.show_results
