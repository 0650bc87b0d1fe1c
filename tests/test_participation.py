"""The participant domain without Flask: link refusals, pages with show_if, drafts, and submission."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from scanengine import closing, db, definition, participation, pool, rounds, sealing
from scanengine.models import DailyCount, Draft, LinkToken, PooledResponse, Response, Round
from scanengine.participation import LinkUsed, RoundClosed, RoundNotOpen, UnknownLink
from scanengine.responses import AnswerError, unpack_answers, unpack_background
from tests.flow import TEST_SECRET, close_and_settle, make_round

SECRET = TEST_SECRET


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar()


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


@pytest.fixture
def setup(database_url):
    return make_round(database_url, shared=True)


def test_resolve_link_refusals(database_url, session):
    opened = make_round(database_url)
    draft = make_round(database_url, status="draft")
    closed = make_round(database_url, status="closed")
    link = participation.resolve_link(session, token_of(opened.links["Gemeente A"][0]))
    assert link.round_id == opened.round_id and not link.shared and link.questionnaire.id == "mini"
    with pytest.raises(UnknownLink):
        participation.resolve_link(session, "no-such-token")
    with pytest.raises(UnknownLink):
        participation.resolve_link(session, "")
    with pytest.raises(RoundNotOpen):
        participation.resolve_link(session, token_of(draft.links["Gemeente A"][0]))
    with pytest.raises(RoundClosed):
        participation.resolve_link(session, token_of(closed.links["Gemeente A"][0]))
    participation.submit(session, link, {"c1": "3"}, secret=SECRET)
    with pytest.raises(LinkUsed):
        participation.resolve_link(session, token_of(opened.links["Gemeente A"][0]))


def test_pages_follow_show_if(mini_path, tmp_path):
    data = json.loads(mini_path.read_text())
    data["dimensions"].append(
        {
            "id": "council",
            "title": {"nl": "Raad", "en": "Council"},
            "items": [{"id": "r1", "text": {"nl": "R1", "en": "R1"}, "show_if": {"role": ["raad"]}}],
        }
    )
    q = definition.parse(data)
    keys = [p.key for p in participation.pages(q, {})]
    assert keys == ["intro", "background", "competence", "integrity", "open", "review"]
    as_raad = participation.pages(q, {"role": "raad"})
    assert [p.key for p in as_raad] == [
        "intro",
        "background",
        "competence",
        "integrity",
        "council",
        "open",
        "review",
    ]
    assert as_raad[2].fields == ("c1", "c2", "c3")
    assert participation.pages(q, {"role": "college"})[2].fields == ("c1", "c2")


def test_pages_without_background_or_open_questions(mini_path):
    data = json.loads(mini_path.read_text())
    data["background"] = []
    data["open_questions"] = []
    del data["dimensions"][0]["items"][2]  # the show_if item needs the background question
    q = definition.parse(data)
    assert [p.kind for p in participation.pages(q, {})] == ["intro", "dimension", "dimension", "review"]


def test_pack_drops_hidden_statements_and_checks_values(mini_path):
    q = definition.load(mini_path)
    packed = participation.pack(
        q, {"role": "college", "c1": "4", "c3": "2", "i2": "dk", "improve": "  beter  "}
    )
    assert unpack_answers(q, packed.answers) == {"c1": 4, "i2": "dk"}  # c3 is for the council only
    assert unpack_background(q, packed.background) == {"role": "college"}
    assert packed.open_answers == {"improve": "beter"}
    assert participation.pack(q, {"role": "raad", "c3": "2"}).answers[2] == 2
    for bad in (
        {"c1": "5"},
        {"c1": "0"},
        {"c1": "x"},
        {"role": "wethouder"},
        {"nope": "1"},
        {"improve": "x" * 501},
    ):
        with pytest.raises(AnswerError):
            participation.pack(q, bad)


def test_valid_value(mini_path):
    q = definition.load(mini_path)
    assert [v for v in ("0", "1", "4", "5", "dk", "01", " 1", "") if participation.valid_value(q, v)] == [
        "1",
        "4",
        "dk",
    ]


def test_draft_save_load_and_submit(setup, session, database_url):
    link = participation.resolve_link(session, token_of(setup.links["Gemeente A"][0]))
    assert participation.load_draft(session, link) == participation.DraftState()
    state = participation.DraftState(answers={"role": "raad", "c1": "2"}, page=2, reached=2)
    participation.save_draft(session, link, state)
    state.answers["c2"] = "3"
    state.page = 1
    participation.save_draft(session, link, state)  # an upsert, not a second draft
    loaded = participation.load_draft(session, link)
    assert (
        loaded.answers == {"role": "raad", "c1": "2", "c2": "3"} and loaded.page == 1 and loaded.reached == 2
    )
    assert session.execute(select(func.count()).select_from(Draft)).scalar() == 1

    participation.submit(session, link, {"c3": "4", "c1": None}, secret=SECRET)
    assert count(session, Draft) == 0
    assert (count(session, PooledResponse), count(session, Response)) == (
        1,
        0,
    )  # waits for k = 3 of its group
    assert session.execute(select(LinkToken.used).where(LinkToken.id == link.token_id)).scalar() is True
    assert session.execute(select(DailyCount.count)).scalar() == 1
    assert rounds.round_status(session, session.get(Round, link.round_id)).groups[0].responses == 1
    with pytest.raises(LinkUsed):
        participation.submit(session, link, {}, secret=SECRET)
    assert count(session, PooledResponse) == 1
    assert session.execute(select(DailyCount.count)).scalar() == 1
    close_and_settle(session, link.round_id)
    resp = session.execute(select(Response)).scalars().one()
    assert unpack_answers(setup.questionnaire, resp.answers) == {"c2": 3, "c3": 4}
    assert count(session, PooledResponse) == 0


def test_group_link_drafts_are_kept_per_resume_key(setup, session):
    link = participation.resolve_link(session, token_of(setup.shared["Gemeente B"]))
    assert link.shared
    with pytest.raises(ValueError):
        participation.save_draft(session, link, participation.DraftState())
    one, two = participation.new_resume_key(), participation.new_resume_key()
    participation.save_draft(session, link, participation.DraftState(answers={"c1": "1"}, page=2), one)
    participation.save_draft(session, link, participation.DraftState(answers={"c1": "4"}, page=3), two)
    assert participation.load_draft(session, link, one).answers == {"c1": "1"}
    assert participation.load_draft(session, link, two).page == 3
    assert not participation.load_draft(session, link, None).exists
    assert not participation.load_draft(session, link, "forged").exists
    stored = session.execute(select(Draft.resume_hash)).scalars().all()
    assert one not in stored and participation.hash_secret(one) in stored  # only the hash is kept
    participation.submit(session, link, {}, one, secret=SECRET)
    participation.submit(
        session, link, {"i1": "2"}, secret=SECRET
    )  # without a draft: everything posted at once
    participation.submit(session, link, {}, two, secret=SECRET)
    # the third submission of the group (k = 3) mixed all three into response
    assert (count(session, Response), count(session, PooledResponse)) == (3, 0)
    assert session.execute(select(Draft.resume_hash)).scalars().all() == []
    assert session.execute(select(DailyCount.count)).scalar() == 3
    assert session.execute(select(LinkToken.used).where(LinkToken.id == link.token_id)).scalar() is False


def test_submit_refused_after_close_stores_nothing(setup, session, database_url):
    link = participation.resolve_link(session, token_of(setup.links["Gemeente A"][1]))
    participation.save_draft(session, link, participation.DraftState(answers={"c1": "2"}, page=2))
    with Session(db.get_engine(database_url)) as other:
        closing.close_round(other, other.get(Round, setup.round_id))  # nothing pooled: no key needed
        other.commit()
    with pytest.raises(RoundClosed):
        participation.submit(session, link, {"c2": "1"}, secret=SECRET)
    assert count(session, Response) + count(session, PooledResponse) == 0
    assert session.execute(select(LinkToken.used).where(LinkToken.id == link.token_id)).scalar() is False
    assert count(session, Draft) == 0  # the close deleted the unfinished draft
    assert count(session, DailyCount) == 0


def test_submit_with_bad_value_changes_nothing(setup, session):
    link = participation.resolve_link(session, token_of(setup.links["Gemeente A"][2]))
    with pytest.raises(AnswerError):
        participation.submit(session, link, {"c1": "9"}, secret=SECRET)
    assert session.execute(select(LinkToken.used).where(LinkToken.id == link.token_id)).scalar() is False
    assert count(session, Response) + count(session, PooledResponse) == 0
    assert session.execute(select(func.count()).select_from(DailyCount)).scalar() == 0


# -- anonymity at rest: sealed drafts, the pool and its mixing step ---------------------------------------------------


def test_drafts_are_sealed_with_a_key_only_the_link_gives(setup, session):
    token = token_of(setup.links["Gemeente A"][0])
    link = participation.resolve_link(session, token)
    marker = "draft-marker-7f3a"
    participation.save_draft(
        session, link, participation.DraftState(answers={"c1": "2", "improve": marker}, page=3, reached=3)
    )
    sealed, page, answers = session.execute(select(Draft.sealed, Draft.page, Draft.answers)).one()
    assert answers is None and page == 0  # nothing in the clear, not even how far the participant got
    assert marker.encode() not in sealed and b'"c1"' not in sealed and b"_reached" not in sealed
    # what the database holds (the link's hash) does not open it; a forged secret for the same row neither
    assert not participation.load_draft(
        session, link._replace(secret=participation.hash_secret(token))
    ).exists
    assert not participation.load_draft(session, link._replace(secret="x" * 24)).exists
    loaded = participation.load_draft(session, link)
    assert loaded.answers == {"c1": "2", "improve": marker} and loaded.page == 3 and loaded.exists


def test_a_draft_saved_before_sealing_is_read_once_and_sealed_by_the_next_save(setup, session):
    link = participation.resolve_link(session, token_of(setup.links["Gemeente B"][0]))
    session.add(
        Draft(
            round_id=link.round_id,
            token_id=link.token_id,
            group_id=link.group_id,
            page=2,
            answers={"c1": "4", participation.REACHED_KEY: 3},
        )
    )
    session.commit()
    state = participation.load_draft(session, link)
    assert (state.answers, state.page, state.reached) == ({"c1": "4"}, 2, 3)
    participation.save_draft(session, link, state)
    assert session.execute(select(Draft.answers, Draft.page)).one() == (None, 0)
    assert participation.load_draft(session, link).answers == {"c1": "4"}


def test_sealed_values_are_bound_to_their_row_and_padded():
    key = sealing.pool_key("one secret")
    blob = sealing.seal(key.aead, b"abc", b"pool:1:2")
    assert sealing.unseal(key.aead, blob, b"pool:1:2") == b"abc"
    with pytest.raises(sealing.SealError):
        sealing.unseal(key.aead, blob, b"pool:1:3")  # moved to another group
    with pytest.raises(sealing.SealError):
        sealing.unseal(sealing.pool_key("another secret").aead, blob, b"pool:1:2")
    assert sealing.pool_key("one secret").key_id != sealing.pool_key("another secret").key_id
    # lengths say little: anything up to the bucket size seals to the same length
    assert len(sealing.seal(key.aead, b"", b"")) == len(sealing.seal(key.aead, b"x" * 1000, b""))
    data = pool.encode(b"\x01\x02\xff", b"\x03", {"improve": "tekst met ĳ"})
    assert pool.decode(data) == (b"\x01\x02\xff", b"\x03", {"improve": "tekst met ĳ"})
    assert pool.decode(pool.encode(b"\x01", b"", None)) == (b"\x01", b"", None)


def _submit_all(session, setup, group: str, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        link = participation.resolve_link(session, token_of(setup.links[group][i]))
        participation.submit(
            session, link, {"c1": str(1 + i % 4), "improve": f"antwoord {group} {i}"}, secret=SECRET
        )


def test_submissions_wait_in_the_pool_until_k_of_the_group_can_be_mixed(database_url, session):
    setup = make_round(database_url, personal=8, k=4)
    _submit_all(session, setup, "Gemeente A", 3)
    _submit_all(session, setup, "Gemeente B", 2)
    assert (count(session, PooledResponse), count(session, Response)) == (5, 0)
    status = rounds.round_status(session, session.get(Round, setup.round_id))
    assert [g.responses for g in status.groups] == [3, 2]  # the dashboard counts what waits, too
    _submit_all(session, setup, "Gemeente A", 1, start=3)  # the 4th of group A: A's four are mixed
    groups = session.execute(select(Response.group_id)).scalars().all()
    assert len(groups) == 4 and len(set(groups)) == 1
    assert count(session, PooledResponse) == 2
    assert sum(d.count for d in session.execute(select(DailyCount)).scalars()) == 6
    close_and_settle(session, setup.round_id)  # everything else at close, whatever k
    assert (count(session, PooledResponse), count(session, Response)) == (0, 6)
    opens = sorted(r.open_answers["improve"] for r in session.execute(select(Response)).scalars())
    assert opens == sorted(
        [f"antwoord Gemeente A {i}" for i in range(4)] + [f"antwoord Gemeente B {i}" for i in range(2)]
    )


def test_close_without_the_right_key_changes_nothing(database_url, session):
    setup = make_round(database_url, personal=3)
    _submit_all(session, setup, "Gemeente A", 2)
    for secret in (None, "not the server's key"):
        session.rollback()
        with pytest.raises(rounds.RoundError, match="secret key"):
            closing.close_round(session, session.get(Round, setup.round_id), secret=secret)
        session.rollback()
        assert session.get(Round, setup.round_id).status == "open"
        assert count(session, PooledResponse) == 2 and count(session, Response) == 0
    close_and_settle(session, setup.round_id)
    assert count(session, Response) == 2


def test_a_failed_mix_leaves_the_acknowledged_submission_in_the_pool(
    database_url, session, monkeypatch, caplog
):
    setup = make_round(database_url, personal=3)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(pool, "mix_group", broken)
    _submit_all(session, setup, "Gemeente A", 3)  # the third would mix; the failure is logged, not raised
    assert "mixing the pool of round" in caplog.text
    assert (count(session, PooledResponse), count(session, Response)) == (3, 0)
    monkeypatch.undo()
    group_a = rounds.group_by_name(session, session.get(Round, setup.round_id), "Gemeente A").id
    assert pool.mix_group(session, setup.round_id, group_a, 3, SECRET) == 3
    assert pool.mix_group(session, setup.round_id, group_a, 3, SECRET) == 0  # each submission is moved once
    assert (count(session, PooledResponse), count(session, Response)) == (0, 3)
