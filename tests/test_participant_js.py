"""The participant form with JavaScript, through the Flask test client: the whole questionnaire in the first
document, one submission with every answer (validated by the same checks as the path page by page), a
retried submission stored once for personal and group links, and the draft saved only when asked."""

from __future__ import annotations

import html as htmllib
import json
import re
import threading

import pytest
from sqlalchemy import func, inspect, select

from scanengine import closing, db, participation
from scanengine.models import Draft, PooledResponse, Response, Round, SubmissionId
from scanengine.responses import unpack_answers, unpack_background
from scanengine.texts import t as text
from tests.factories import AGENDA
from tests.flow import TEST_SECRET, close_and_settle, csrf_token, make_round, path_of

SID = "Zm9ybS1zdWJtaXNzaW9uLTE"  # what form.js sends: 16 random bytes, base64url
ALL = {
    "role": "raad",
    "c1": "4",
    "c2": "dk",
    "c3": "2",
    "i1": "1",
    "i2": "3",
    "improve": "Meer <b>overleg</b> & zo",
}


def count(session, model) -> int:
    """Rows of ``model``; for ``Response``, what was stored: in ``response`` or waiting in the pool (mixed into
    ``response`` k at a time, docs/architecture.md "Participation and submission")."""
    session.rollback()
    tables = (Response, PooledResponse) if model is Response else (model,)
    return sum(session.execute(select(func.count()).select_from(t)).scalar() for t in tables)


def form_data(page: str) -> dict:
    found = re.search(r'<div id="form-data" hidden data-form="([^"]*)"></div>', page)
    assert found, "no data block for the script"
    return json.loads(htmllib.unescape(found.group(1)))


def send(client, link: str, html: str, action: str, answers: dict, sid: str | None = SID, page: int = 0):
    form = {
        "csrf_token": csrf_token(html),
        "page": str(page),
        "lang": "nl",
        "action": action,
        "all_answers": "1",
        **answers,
    }
    if sid is not None:
        form["submission"] = sid
    return client.post(path_of(link), data=form)


@pytest.fixture
def rnd(database_url):
    return make_round(database_url, shared=True)


def test_the_first_document_carries_every_page(client, rnd):
    page = client.get(path_of(rnd.links["Gemeente A"][0])).get_data(as_text=True)
    data = form_data(page)
    assert data["page"] == 0 and data["answers"] == {}
    pages = re.findall(
        r'<div class="page" data-page-kind="(\w+)" data-page-key="(\w+)" hidden>', data["html"]
    )
    assert pages == [
        ("intro", "intro"),
        ("background", "background"),
        ("dimension", "competence"),
        ("dimension", "integrity"),
        ("open", "open"),
        ("review", "review"),
    ]
    # every statement, also the one shown to council members only, with what the script needs to apply show_if
    assert (
        re.findall(r'data-question="(\w+)"', data["html"]).count("c3") == 2
    )  # its field and its review line
    assert (
        'data-question="c3" data-fields="c3" data-show-if="{&#34;role&#34;:[&#34;raad&#34;]}"' in data["html"]
    )
    assert data["texts"]["p_offline"].startswith("Versturen is niet gelukt")
    assert len(set(re.findall(r'\bid="([^"]+)"', data["html"]))) == len(
        re.findall(r'\bid="([^"]+)"', data["html"])
    )
    assert '<script src="/static/form.js" defer></script>' in page


def test_one_submission_with_every_answer(client, rnd, session):
    link = rnd.links["Gemeente A"][0]
    page = client.get(path_of(link)).get_data(as_text=True)
    assert count(session, Draft) == 0
    resp = send(client, link, page, "submit", ALL)
    assert resp.status_code == 200 and "Bedankt voor uw deelname" in resp.get_data(as_text=True)
    close_and_settle(session, rnd.round_id)
    stored = session.execute(select(Response)).scalars().one()
    assert unpack_answers(rnd.questionnaire, stored.answers) == {
        "c1": 4,
        "c2": "dk",
        "c3": 2,
        "i1": 1,
        "i2": 3,
    }
    assert unpack_background(rnd.questionnaire, stored.background) == {"role": "raad"}
    assert stored.open_answers == {"improve": "Meer <b>overleg</b> & zo"}
    assert count(session, SubmissionId) == 1 and count(session, Draft) == 0


def test_a_refused_value_is_named_and_nothing_is_stored(client, rnd, session):
    link = rnd.links["Gemeente A"][0]
    page = client.get(path_of(link)).get_data(as_text=True)
    resp = send(client, link, page, "submit", {**ALL, "c1": "9", "role": "burgemeester"})
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]
    assert set(errors) == {"c1", "role"} and all(isinstance(m, str) and m for m in errors.values())
    assert count(session, Response) == 0 and count(session, SubmissionId) == 0
    unknown = send(client, link, page, "submit", {**ALL, "c9": "1"})
    assert unknown.status_code == 400 and count(session, Response) == 0
    for bad in ("", "short", "x" * 65, "not/a+valid=id!!!!"):
        assert send(client, link, page, "submit", ALL, sid=bad).status_code == 400
    assert send(client, link, page, "next", ALL).status_code == 400  # only save and submit post everything
    assert count(session, Response) == 0
    assert send(client, link, page, "submit", ALL).status_code == 200


def test_every_answer_replaces_a_saved_draft(app, rnd, session):
    """A draft saved on the server is replaced by the submission: a value cleared in the browser stays cleared."""
    link = rnd.links["Gemeente A"][1]
    one = app.test_client()
    page = one.get(path_of(link)).get_data(as_text=True)
    saved = send(one, link, page, "save", {"role": "college", "c1": "2", "i1": "4"}, sid=None, page=3)
    assert saved.status_code == 200 and saved.get_json()["message"].startswith(
        "Uw antwoorden zijn opgeslagen"
    )
    assert count(session, Draft) == 1

    other = app.test_client()  # another device with the same personal link
    page = other.get(path_of(link)).get_data(as_text=True)
    data = form_data(page)
    assert data["page"] == 3 and data["answers"] == {"role": "college", "c1": "2", "i1": "4"}
    resp = send(other, link, page, "submit", {"role": "college", "c1": "3"})  # i1 cleared in the browser
    assert resp.status_code == 200
    close_and_settle(session, rnd.round_id)
    stored = session.execute(select(Response)).scalars().one()
    assert unpack_answers(rnd.questionnaire, stored.answers) == {"c1": 3}
    assert count(session, Draft) == 0


def test_saving_refuses_a_bad_value_and_keeps_nothing(client, rnd, session):
    link = rnd.links["Gemeente A"][2]
    page = client.get(path_of(link)).get_data(as_text=True)
    resp = send(client, link, page, "save", {"c1": "0"}, sid=None)
    assert resp.status_code == 422 and set(resp.get_json()["errors"]) == {"c1"}
    assert count(session, Draft) == 0


def test_a_retried_submission_on_a_personal_link_is_stored_once(client, rnd, session, database_url):
    link = rnd.links["Gemeente B"][0]
    page = client.get(path_of(link)).get_data(as_text=True)
    assert send(client, link, page, "submit", ALL).status_code == 200
    again = send(client, link, page, "submit", ALL)  # the answer of the first one was lost on the way
    assert again.status_code == 200 and "Bedankt voor uw deelname" in again.get_data(as_text=True)
    assert count(session, Response) == 1
    other = send(client, link, page, "submit", ALL, sid="another-submission-id")
    assert other.status_code == 410 and count(session, Response) == 1  # the link is used: not by this one
    with db.session_scope(database_url) as s:
        closing.close_round(s, s.get(Round, rnd.round_id), secret=TEST_SECRET)
    late = send(client, link, page, "submit", ALL)  # stored before the close: still thanked, nothing stored
    assert late.status_code == 200 and count(session, Response) == 1


def test_a_retried_submission_on_a_group_link_is_stored_once(app, rnd, session):
    link = rnd.shared["Gemeente A"]
    alice, bob = app.test_client(), app.test_client()
    page_a = alice.get(path_of(link)).get_data(as_text=True)
    page_b = bob.get(path_of(link)).get_data(as_text=True)
    assert send(alice, link, page_a, "submit", ALL).status_code == 200
    assert send(alice, link, page_a, "submit", ALL).status_code == 200
    assert count(session, Response) == 1
    assert (
        send(bob, link, page_b, "submit", {"role": "college"}, sid="bobs-own-submission-id").status_code
        == 200
    )
    assert count(session, Response) == 2 and count(session, SubmissionId) == 2


def test_concurrent_copies_of_one_submission_store_one_response(rnd, database_url, session):
    """Two copies of one submission at the same moment (a retry racing the original), group and personal."""
    for token_link in (rnd.shared["Gemeente B"], rnd.links["Gemeente A"][0]):
        token = path_of(token_link).rsplit("/", 1)[1]
        before = count(session, Response)
        results, errors = [], []
        barrier = threading.Barrier(2)

        def one(token=token, barrier=barrier, results=results, errors=errors):
            try:
                with db.session_scope(database_url) as s:
                    link = participation.resolve_link(s, token)
                    barrier.wait()
                    results.append(
                        participation.submit_all(
                            s, link, token, SID, {"role": "ambtenaar", "c1": "1"}, secret=TEST_SECRET
                        )
                    )
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=one) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        assert sorted(results) == [False, True]  # one stored, the other told it was
        assert count(session, Response) == before + 1


def test_what_is_remembered_names_neither_link_nor_response(client, rnd, session):
    link = rnd.links["Gemeente A"][0]
    token = path_of(link).rsplit("/", 1)[1]
    page = client.get(path_of(link)).get_data(as_text=True)
    send(client, link, page, "submit", ALL)
    columns = {c["name"] for c in inspect(session.get_bind()).get_columns("submission_id")}
    assert columns == {"key_hash", "round_id"}
    key = session.execute(select(SubmissionId.key_hash)).scalar_one()
    close_and_settle(session, rnd.round_id)
    response_id = session.execute(select(Response.id)).scalar_one()
    assert key == participation.submission_key(token, SID)
    assert (
        key not in (participation.hash_secret(token), participation.hash_secret(SID))
        and response_id not in key
    )


def test_the_path_without_javascript_never_needs_the_script(client, rnd):
    """A POST without ``all_answers`` is the page-by-page path: its pages carry no data block, only the static
    script that keeps running sums current (this client runs no script, and the flow goes on)."""
    link = rnd.links["Gemeente A"][0]
    page = client.get(path_of(link)).get_data(as_text=True)
    nxt = client.post(path_of(link), data={"csrf_token": csrf_token(page), "page": "0", "action": "next"})
    assert nxt.status_code == 200
    body = nxt.get_data(as_text=True)
    assert 'id="form-data"' not in body and "Stap 2 van 6" in body
    assert re.findall(r"<script[^>]*>", body) == ['<script src="/static/form.js" defer>']


@pytest.fixture
def agenda(database_url, tmp_path):
    path = tmp_path / "agenda_test.json"
    path.write_text(json.dumps(AGENDA))
    return make_round(database_url, path)


GENERIC_RULES = ("whole", "count", "sum", "refuse", "alone", "decimal", "places", "range", "most", "required")
AGENDA_ANSWERS = {
    "role": "raad",
    "t1": "4",
    "themes_top.energie": "1",
    "themes_top.wonen": "2",
    "budget.wonen": "60",
    "budget.energie": "40",
    "savings": "12,5",
    "motive": "kosten",
}


def test_a_required_question_left_open_is_named_on_its_page(client, agenda, session):
    """The submission refuses what only the whole answer set shows (a required question left open) as 422 with
    the question's message, which the script shows on its page; nothing is stored. With it answered, stored."""
    link = agenda.links["Gemeente A"][0]
    page = client.get(path_of(link)).get_data(as_text=True)
    left_open = {k: v for k, v in AGENDA_ANSWERS.items() if k != "motive"}
    resp = send(client, link, page, "submit", left_open)
    assert resp.status_code == 422, resp.get_data(as_text=True)[-800:]
    assert resp.get_json() == {"errors": {"motive": "Deze vraag moet worden beantwoord."}}
    assert count(session, Response) == 0
    assert send(client, link, page, "submit", AGENDA_ANSWERS).status_code == 200
    assert count(session, Response) == 1


def test_each_question_carries_the_rules_its_step_checks(client, agenda):
    """The document's questions carry their kind's checks as data, with the server's messages in the page's
    language; the kind is not named (static/form.js applies the rules generically)."""
    link = agenda.links["Gemeente A"][0]
    for lang, total_message in (
        ("nl", "De punten moeten samen precies 100 zijn; u heeft er {value} verdeeld."),
        ("en", "The points must add up to exactly 100; you have given {value}."),
    ):
        data = form_data(client.get(f"{path_of(link)}?lang={lang}").get_data(as_text=True))
        rules = {
            qid: json.loads(htmllib.unescape(raw))
            for qid, raw in re.findall(r'data-question="(\w+)"[^>]*? data-rules="([^"]*)"', data["html"])
        }
        assert set(rules) == {"themes_top", "budget", "savings", "fte", "level", "motive"}
        assert [r["rule"] for r in rules["budget"]] == ["whole", "sum"]
        assert rules["budget"][1] == {"rule": "sum", "total": 100, "message": total_message}
        assert [r["rule"] for r in rules["themes_top"]] == ["whole", "count"]
        assert rules["themes_top"][0]["distinct"].count("{value}") == 1
        assert [r["rule"] for r in rules["savings"]] == ["alone", "decimal", "places", "range"]
        assert [r["rule"] for r in rules["fte"]] == ["refuse", "decimal", "places", "range"]
        assert [r["rule"] for r in rules["level"]] == ["alone", "most"]
        assert rules["motive"] == [
            {"rule": "required", "message": text(lang, "field_required")},
        ]
        # the rules name constraints, never a kind
        assert {r["rule"] for rs in rules.values() for r in rs} <= set(GENERIC_RULES)
