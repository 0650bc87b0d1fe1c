"""The participant domain without Flask: link refusals, pages with show_if, drafts, and submission."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from scanengine import db, definition, participation, rounds
from scanengine.models import DailyCount, Draft, LinkToken, Response, Round
from scanengine.participation import LinkUsed, RoundClosed, RoundNotOpen, UnknownLink
from scanengine.responses import AnswerError, unpack_answers, unpack_background
from tests.flow import make_round


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
    participation.submit(session, link, {"c1": "3"})
    with pytest.raises(LinkUsed):
        participation.resolve_link(session, token_of(opened.links["Gemeente A"][0]))


def test_pages_follow_show_if(mini_path, tmp_path):
    data = json.loads(mini_path.read_text())
    data["dimensions"].append({"id": "council", "title": {"nl": "Raad", "en": "Council"},
                               "items": [{"id": "r1", "text": {"nl": "R1", "en": "R1"}, "show_if": {"role": ["raad"]}}]})
    q = definition.parse(data)
    keys = [p.key for p in participation.pages(q, {})]
    assert keys == ["intro", "background", "competence", "integrity", "open", "review"]
    as_raad = participation.pages(q, {"role": "raad"})
    assert [p.key for p in as_raad] == ["intro", "background", "competence", "integrity", "council", "open", "review"]
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
    packed = participation.pack(q, {"role": "college", "c1": "4", "c3": "2", "i2": "dk", "improve": "  beter  "})
    assert unpack_answers(q, packed.answers) == {"c1": 4, "i2": "dk"}  # c3 is for the council only
    assert unpack_background(q, packed.background) == {"role": "college"}
    assert packed.open_answers == {"improve": "beter"}
    assert participation.pack(q, {"role": "raad", "c3": "2"}).answers[2] == 2
    for bad in ({"c1": "5"}, {"c1": "0"}, {"c1": "x"}, {"role": "wethouder"}, {"nope": "1"}, {"improve": "x" * 501}):
        with pytest.raises(AnswerError):
            participation.pack(q, bad)


def test_valid_value(mini_path):
    q = definition.load(mini_path)
    assert [v for v in ("0", "1", "4", "5", "dk", "01", " 1", "") if participation.valid_value(q, v)] == ["1", "4", "dk"]


def test_draft_save_load_and_submit(setup, session, database_url):
    link = participation.resolve_link(session, token_of(setup.links["Gemeente A"][0]))
    assert participation.load_draft(session, link) == participation.DraftState()
    state = participation.DraftState(answers={"role": "raad", "c1": "2"}, page=2, reached=2)
    participation.save_draft(session, link, state)
    state.answers["c2"] = "3"
    state.page = 1
    participation.save_draft(session, link, state)  # an upsert, not a second draft
    loaded = participation.load_draft(session, link)
    assert loaded.answers == {"role": "raad", "c1": "2", "c2": "3"} and loaded.page == 1 and loaded.reached == 2
    assert session.execute(select(func.count()).select_from(Draft)).scalar() == 1

    rid = participation.submit(session, link, {"c3": "4", "c1": None})
    assert session.execute(select(func.count()).select_from(Draft)).scalar() == 0
    resp = session.get(Response, (link.round_id, rid))
    assert unpack_answers(setup.questionnaire, resp.answers) == {"c2": 3, "c3": 4}
    assert session.execute(select(LinkToken.used).where(LinkToken.id == link.token_id)).scalar() is True
    assert session.execute(select(DailyCount.count)).scalar() == 1
    with pytest.raises(LinkUsed):
        participation.submit(session, link, {})
    assert session.execute(select(func.count()).select_from(Response)).scalar() == 1
    assert session.execute(select(DailyCount.count)).scalar() == 1


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
    participation.submit(session, link, {}, one)
    participation.submit(session, link, {"i1": "2"})  # without a draft: everything posted at once
    participation.submit(session, link, {}, two)
    assert session.execute(select(func.count()).select_from(Response)).scalar() == 3
    assert session.execute(select(Draft.resume_hash)).scalars().all() == []
    assert session.execute(select(DailyCount.count)).scalar() == 3
    assert session.execute(select(LinkToken.used).where(LinkToken.id == link.token_id)).scalar() is False


def test_submit_refused_after_close_stores_nothing(setup, session, database_url):
    link = participation.resolve_link(session, token_of(setup.links["Gemeente A"][1]))
    participation.save_draft(session, link, participation.DraftState(answers={"c1": "2"}, page=2))
    with Session(db.get_engine(database_url)) as other:
        rounds.close_round(other, other.get(Round, setup.round_id))
        other.commit()
    with pytest.raises(RoundClosed):
        participation.submit(session, link, {"c2": "1"})
    assert session.execute(select(func.count()).select_from(Response)).scalar() == 0
    assert session.execute(select(LinkToken.used).where(LinkToken.id == link.token_id)).scalar() is False
    assert session.execute(select(func.count()).select_from(Draft)).scalar() == 1  # nothing changed
    assert session.execute(select(func.count()).select_from(DailyCount)).scalar() == 0


def test_submit_with_bad_value_changes_nothing(setup, session):
    link = participation.resolve_link(session, token_of(setup.links["Gemeente A"][2]))
    with pytest.raises(AnswerError):
        participation.submit(session, link, {"c1": "9"})
    assert session.execute(select(LinkToken.used).where(LinkToken.id == link.token_id)).scalar() is False
    assert session.execute(select(func.count()).select_from(Response)).scalar() == 0
    assert session.execute(select(func.count()).select_from(DailyCount)).scalar() == 0
