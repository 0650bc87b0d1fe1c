"""The questionnaire editor's pages through the test client: building, editing a definition in use, the buttons
without JavaScript, every refusal (nothing saved, the problem beside its field in the page's language), the
preview that stores nothing and its link, exports and imports."""

from __future__ import annotations

import copy
import io
import json
import re

import pytest
from sqlalchemy import func
from sqlmodel import SQLModel, select

from scanengine import definition, library, rounds
from scanengine.models import AuditEntry, Round
from tests import factories
from tests.auth_helpers import login, make_user, post
from tests.editor_helpers import PageForm, page_form

B = "/dashboard/questionnaires"
JSON_PATH = re.compile(r"\b[a-z_]+\[\d+\]|\b(?:scale|title|intro|decision)\.[a-z]")


@pytest.fixture
def fac(client, session):
    make_user(session, "fac@gemeente.nl")
    login(client, "fac@gemeente.nl")
    return client


@pytest.fixture
def agenda(session, fac):
    """The test definition with every section kind, kept and owned by the logged-in facilitator."""
    user = session.exec(select(library.User).where(library.User.email == "fac@gemeente.nl")).one()
    library.import_definition(
        session, json.dumps(factories.AGENDA).encode(), "agenda.json", owner=user, editor=user, actor="test"
    )
    session.commit()
    return "agenda_test"


def _counts(session) -> dict[str, int]:
    return {
        t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in SQLModel.metadata.sorted_tables
    }


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1]


def _errors(html: str) -> list[str]:
    return re.findall(r'<p class="field-error">([^<]*)</p>', html)


def _save(client, path, form: PageForm, button="save", **extra):
    return client.post(path, data=form.data(button, **extra))


# -- making a definition ------------------------------------------------------------------------------------


def test_a_definition_from_scratch_refused_until_complete_then_kept(fac, session):
    path = f"{B}/new?start=statements"
    form = page_form(fac, path)
    form.set("p9-title-nl", "Proefscan").set("p9-title-en", "Trial scan")
    form.set("p0-title-nl", "Samenwerking")  # the English title and every statement missing
    resp = _save(fac, path, form)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Er is niets opgeslagen" in html
    assert _errors(html) == [
        "Hier hoort minstens één onderdeel."
    ]  # the structure first, as the validator does
    assert not JSON_PATH.search(_main(html).split("<form")[0]), "a JSON path on the Dutch page"
    assert library.records(session) == []
    form = PageForm(html)  # what was posted comes back
    assert dict((f[0], f[1]) for f in form.fields)["p9-title-nl"] == "Proefscan"
    form.set("p0-items-0-text-nl", "We werken goed samen.").set(
        "p0-items-0-text-en", "We work well together."
    )
    html = _save(fac, path, form).get_data(as_text=True)
    assert _errors(html) == ["Vul dit in."]  # the dimension's English title, beside it:
    m = re.search(r'<div class="field-errors" id="(e-[^"]+)">', html)
    assert m.group(1) == "e-p0-title-en" and 'aria-describedby="e-p0-title-en"' in html
    assert library.records(session) == []
    form = PageForm(html).set("p0-title-en", "Cooperation")
    resp = _save(fac, path, form)
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"{B}/proefscan/")
    q = library.load(session, "proefscan")
    assert (
        [i.id for i in q.items] == ["samenwerking_1"]
        and q.scale.points == 5
        and set(q.languages) == {"nl", "en"}
    )
    assert [b.min for b in q.bands] == [4, 3, 1]
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "questionnaire.create")).one()
    assert entry.actor == "fac@gemeente.nl" and entry.questionnaire_id == "proefscan"


@pytest.mark.parametrize("kind", ["ranking", "points", "number", "choice"])
def test_a_definition_that_starts_with_a_section(fac, session, kind):
    path = f"{B}/new?start={kind}"
    form = page_form(fac, path)
    form.set("p9-id", f"start_{kind}").set("p9-title-nl", "Agenda").set("p9-title-en", "Agenda")
    form.set("p1-title-nl", "Thema's").set("p1-title-en", "Themes")
    form.set("p0-text-nl", "Wat eerst?").set("p0-text-en", "What first?")
    if kind == "number":
        form.set("p0-max", "5000,5").set("p0-unit-nl", "k€").set("p0-unit-en", "k€")
    else:
        for i, (nl, en) in enumerate([("Wonen", "Housing"), ("Energie", "Energy")]):
            form.set(f"p0-options-{i}-label-nl", nl).set(f"p0-options-{i}-label-en", en)
    resp = _save(fac, path, form)
    assert resp.status_code == 303, _errors(resp.get_data(as_text=True))
    (question,) = library.load(session, f"start_{kind}").sections[0].questions
    assert question.kind == kind
    if kind == "number":
        assert question.max == 5000.5 and question.unit == {"nl": "k€", "en": "k€"}
    else:
        assert [o.id for o in question.options] == ["wonen", "energie"]


def test_the_id_of_a_new_definition_must_be_free(fac, session):
    path = f"{B}/new?start=choice"
    form = page_form(fac, path)
    form.set("p9-id", "grip").set("p9-title-nl", "X").set("p9-title-en", "X")
    form.set("p1-title-nl", "S").set("p1-title-en", "S").set("p0-text-nl", "V").set("p0-text-en", "V")
    form.set("p0-options-0-label-nl", "a").set("p0-options-0-label-en", "a")
    form.set("p0-options-1-label-nl", "b").set("p0-options-1-label-en", "b")
    html = _save(fac, path, form).get_data(as_text=True)
    assert "‘grip’ is de korte naam van een meegeleverde vragenlijst" in html
    form.set("p9-id", "Grip!")
    assert "‘Grip!’ kan dus niet" in _save(fac, path, form).get_data(as_text=True)
    assert library.records(session) == []


# -- every page, read-only and editable -------------------------------------------------------------------------


def _parts(doc: dict) -> list[str]:
    out = ["general", "open", "scale", "background/new", "dimensions/new"]
    out += ["decision"] if doc.get("decision") else ["decision (new)"]
    out += [f"background/{i}" for i in range(len(doc["background"]))]
    out += [f"dimensions/{i}" for i in range(len(doc["dimensions"]))]
    for s, section in enumerate(doc["sections"]):
        out += [f"sections/{s}"] + [f"sections/{s}/questions/{j}" for j in range(len(section["questions"]))]
        out += [f"sections/{s}/questions/new?kind=choice"]
    return [*out, "sections/new?kind=ranking"]


def test_every_page_shows_and_saves_unchanged_without_a_new_version(fac, session, agenda):
    doc = library.document(session, agenda)
    for part in _parts(doc):
        path = f"{B}/{agenda}/edit/{part.split()[0]}"
        html = fac.get(path).get_data(as_text=True)
        assert 'data-warn-unsaved="Er zijn wijzigingen die nog niet zijn opgeslagen."' in html, part
        assert 'style="' not in html and "<script>" not in html, part  # the CSP: no inline style or script
        if "new" in part:
            continue
        resp = _save(fac, path, PageForm(html))
        assert resp.status_code == 303, (part, _errors(resp.get_data(as_text=True)))
    assert len(library.versions(session, agenda)) == 1
    assert library.load(session, agenda).sha256 == definition.parse(factories.AGENDA).sha256


def test_a_shipped_definition_is_read_only(fac, session):
    html = fac.get(f"{B}/vertrouwensscan/").get_data(as_text=True)
    assert "Dit is een meegeleverde vragenlijst" in html and "/edit/" not in html
    resp = fac.get(f"{B}/vertrouwensscan/edit/general")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"{B}/vertrouwensscan/")
    before = _counts(session)
    resp = post(
        fac,
        f"{B}/vertrouwensscan/",
        {"action": "delete:p0-dimensions:0", "confirmed": "1"},
        token_from=f"{B}/",
    )
    assert resp.status_code == 200 and _counts(session) == before
    assert (
        fac.get(f"{B}/nope/").status_code == 404 and fac.get(f"{B}/agenda_x/edit/general").status_code == 404
    )


def test_a_colleague_sees_and_copies_but_does_not_change(client, session, agenda):
    make_user(session, "other@gemeente.nl")
    client.get("/logout")
    login(client, "other@gemeente.nl")
    html = client.get(f"{B}/{agenda}/").get_data(as_text=True)
    assert "Deze vragenlijst is van fac@gemeente.nl" in html
    assert client.get(f"{B}/{agenda}/edit/general").status_code == 302
    before = library.latest(session, agenda).sha256
    form = {
        "base": before,
        "p0-title-nl": "Overgenomen",
        "p0-title-en": "Taken",
        "p0-version": "9",
        "action": "save",
    }
    post(client, f"{B}/{agenda}/edit/general", form, token_from=f"{B}/")
    assert library.latest(session, agenda).sha256 == before
    assert client.get(f"{B}/{agenda}/delete").status_code == 404
    resp = post(client, f"{B}/{agenda}/copy", {"new_id": "mijn_agenda"}, token_from=f"{B}/{agenda}/copy")
    assert resp.status_code == 303
    assert library.owner_of(session, library.record(session, "mijn_agenda")).email == "other@gemeente.nl"


# -- editing a definition a round uses ----------------------------------------------------------------------


def test_editing_a_definition_in_use_makes_a_new_version(fac, session, agenda):
    owner = library.owner_of(session, library.record(session, agenda))
    rnd = rounds.create_round(
        session, library.load(session, agenda), name="Ronde", cooperation="C", groups=[("A", 5)], owner=owner
    )
    session.commit()
    pinned = rnd.definition
    path = f"{B}/{agenda}/edit/dimensions/0"
    html = fac.get(f"{B}/{agenda}/").get_data(as_text=True)
    assert "Versie 1 wordt gebruikt door een ronde" in html
    form = page_form(fac, path)
    form.set("p0-items-1-text-nl", "Een nieuwe tekst voor stelling twee.")
    resp = _save(fac, path, form)
    assert resp.status_code == 303
    overview = fac.get(f"{B}/{agenda}/").get_data(as_text=True)
    assert "Opgeslagen als versie 2" in overview and "stelling t2: tekst gewijzigd" in overview
    assert f'href="/dashboard/rounds/{rnd.id}">Ronde</a>' in overview  # version 1 used by the round
    session.expire_all()
    assert session.get(Round, rnd.id).definition == pinned
    assert [v.number for v in library.versions(session, agenda)] == [1, 2]
    # a second save replaces version 2 (no round uses it yet)
    form = page_form(fac, path)
    form.set("p0-items-0-text-en", "Statement one, reworded.")
    _save(fac, path, form)
    assert [v.number for v in library.versions(session, agenda)] == [1, 2]
    detail = library.detail(session, agenda, None)
    assert {c.params["what"].params["id"] for c in detail.versions[1].changes} == {"t1", "t2"}
    saves = session.exec(select(AuditEntry).where(AuditEntry.action == "questionnaire.save")).all()
    assert len(saves) == 2 and {e.params.get("variant") for e in saves} == {"new", None}


def test_the_log_of_a_definition_in_words(fac, session, agenda):
    path = f"{B}/{agenda}/edit/general"
    _save(fac, path, page_form(fac, path).set("p0-version", "2025.1"))
    html = fac.get(f"{B}/{agenda}/").get_data(as_text=True)
    log = html.split('id="log-title"')[1]
    assert (
        "Vragenlijst agenda_test versie 1 opgeslagen: 1 wijziging" in log and "questionnaire.save" not in log
    )


# -- buttons without JavaScript -----------------------------------------------------------------------------


def test_rows_move_and_delete_after_a_confirmation_page(fac, session, agenda):
    path = f"{B}/{agenda}/edit/sections/0/questions/0"
    form = page_form(fac, path)
    form.set("p0-text-nl", "Welke thema's eerst? (bijgewerkt)")
    resp = _save(fac, path, form, "down:p0-options:0")  # moves, and saves the page's other changes too
    assert resp.status_code == 303 and resp.headers["Location"].endswith("#p0-options")
    q = library.load(session, agenda).sections[0].questions[0]
    assert [o.id for o in q.options] == ["mobiliteit", "wonen", "energie"] and q.text["nl"].endswith(
        "(bijgewerkt)"
    )
    form = page_form(fac, path)
    resp = _save(fac, path, form, "delete:p0-options:2")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Wilt u Antwoord 3 ‘Energie’ verwijderen?" in html
    assert len(library.load(session, agenda).sections[0].questions[0].options) == 3  # not yet
    confirm = PageForm(html, action=path)
    resp = fac.post(path, data=confirm.data(None))
    assert resp.status_code == 303
    assert [o.id for o in library.load(session, agenda).sections[0].questions[0].options] == [
        "mobiliteit",
        "wonen",
    ]


def test_parts_move_and_go_from_the_overview(fac, session, agenda):
    path = f"{B}/{agenda}/"
    html = fac.get(path).get_data(as_text=True)
    form = PageForm(html)
    assert _save(fac, path, form, "down:p0-sections:0").status_code == 303
    assert [s.id for s in library.load(session, agenda).sections] == ["business", "agenda"]
    confirm = _save(fac, path, PageForm(fac.get(path).get_data(as_text=True)), "delete:p0-sections:0")
    assert "Wilt u Sectie 1 ‘Businesscase’ verwijderen?" in confirm.get_data(as_text=True)
    resp = fac.post(path, data=PageForm(confirm.get_data(as_text=True), action=path).data(None))
    assert resp.status_code == 303 and [s.id for s in library.load(session, agenda).sections] == ["agenda"]


def test_a_delete_that_breaks_another_page_is_refused_with_its_place(fac, session, agenda):
    path = f"{B}/{agenda}/edit/background/0"
    form = (
        page_form(fac, path)
        .set("p0-options-2-label-nl", "Ambtenaar")
        .set("p0-options-2-label-en", "Official")
    )
    assert _save(fac, path, form).status_code == 303  # a third answer, so that one can go
    form = page_form(fac, path)
    resp = _save(fac, path, form, "delete:p0-options:0", confirmed="1")  # "raad" is in a show_if
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Dit staat op een andere pagina, maar houdt het opslaan tegen:" in html
    assert "sectie 2 ‘Businesscase’ › vraag 3 ‘Op welk niveau?’ › voorwaarde op ‘Uw rol?’" in html
    assert "Het antwoord ‘raad’ van vraag ‘role’ bestaat niet (meer)." in html
    assert len(library.load(session, agenda).background[0].options) == 3


def test_a_renamed_answer_is_followed_where_it_is_used(fac, session, agenda):
    path = f"{B}/{agenda}/edit/background/0"
    form = page_form(fac, path).set("p0-id", "rol").set("p0-options-0-id", "gemeenteraad")
    assert _save(fac, path, form).status_code == 303
    q = library.load(session, agenda)
    assert q.sections[1].questions[2].show_if == {"rol": ["gemeenteraad"]}


@pytest.mark.parametrize(
    ("part", "changes", "message"),
    [
        ("general", {"p0-title-nl": ""}, "Vul dit in."),
        ("scale", {"p0-labels-0-label-en": ""}, "Vul dit in."),
        ("scale", {"p1-bands-0-min": "9"}, "Een ondergrens ligt op de schaal: van 1 tot en met 5."),
        ("sections/1/questions/0", {"p0-max": "-5"}, "Het hoogste getal moet groter zijn dan het laagste."),
        ("sections/1/questions/0", {"p0-decimals": "een"}, "‘een’ is geen geheel getal."),
        (
            "sections/0/questions/0",
            {"p0-top": "7"},
            "Kies een aantal van 1 tot en met 3 (het aantal antwoorden van de vraag).",
        ),
        ("sections/0/questions/1", {"p0-total": "0"}, "Kies een waarde van 1 tot en met 1000."),
        (
            "sections/0/questions/0",
            {"p0-options-1-id": "wonen"},
            "Twee antwoorden van deze vraag hebben dezelfde korte naam ‘wonen’; kies een andere.",
        ),
        (
            "dimensions/0",
            {"p0-items-0-id": "agenda"},
            "De korte naam ‘agenda’ is al in gebruik bij sectie 1 ‘Agenda’; kies een andere.",
        ),
        ("open", {"p0-open_questions-0-max_length": "20000"}, "Kies een waarde van 1 tot en met 10000."),
        (
            "sections/1/questions/2",
            {"p0-max_choices": "9"},
            "Kies een aantal van 1 tot en met 3 (het aantal antwoorden van de vraag).",
        ),
    ],
)
def test_every_refusal_stands_beside_its_field_and_saves_nothing(
    fac, session, agenda, part, changes, message
):
    path = f"{B}/{agenda}/edit/{part}"
    form = page_form(fac, path)
    for name, value in changes.items():
        form.set(name, value)
    before = _counts(session), library.latest(session, agenda).sha256
    resp = _save(fac, path, form)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and message in _errors(html), _errors(html)
    name = next(iter(changes))
    field_html = html.split(f'id="f-{name}"')[0].rsplit('<div class="ed-field', 1)[-1]
    assert message in field_html or message in html.split(f'id="f-{name}"')[0][-1500:], "not beside its field"
    assert not JSON_PATH.search(_main(html).split("<form")[0])
    assert (_counts(session), library.latest(session, agenda).sha256) == before
    english = fac.post(f"{path}{'&' if '?' in path else '?'}lang=en", data=form.data()).get_data(as_text=True)
    assert "Nothing was saved" in english and message not in english


def test_a_stale_page_is_refused(fac, session, agenda):
    path = f"{B}/{agenda}/edit/general"
    old = page_form(fac, path)
    _save(fac, path, page_form(fac, path).set("p0-version", "2"))
    resp = (
        _save(fac, path, old.set("p0-version", "3"), follow_redirects=True)
        if False
        else _save(fac, path, old.set("p0-version", "3"))
    )
    assert resp.status_code == 303
    assert "Deze vragenlijst is intussen gewijzigd" in fac.get(resp.headers["Location"]).get_data(
        as_text=True
    )
    assert library.load(session, agenda).version == "2"


def test_a_post_without_csrf_is_refused(fac, session, agenda):
    form = page_form(fac, f"{B}/{agenda}/edit/general").data()
    del form["csrf_token"]
    assert fac.post(f"{B}/{agenda}/edit/general", data=form).status_code == 400


def test_pages_that_do_not_exist(fac, agenda):
    for part in (
        "sections/9",
        "sections/0/questions/9",
        "sections/new?kind=matrixx",
        "nothing",
        "background/x",
    ):
        assert fac.get(f"{B}/{agenda}/edit/{part}").status_code == 404, part
    assert fac.get(f"{B}/new?start=nope").status_code == 404


# -- the decision block ---------------------------------------------------------------------------------------


def test_a_decision_block_built_in_the_editor(fac, session, agenda):
    path = f"{B}/{agenda}/edit/decision"
    form = page_form(fac, path)
    form.set("p0-title-nl", "Welke vorm?").set("p0-title-en", "Which form?")
    for i, (nl, en) in enumerate([("Openbaar lichaam", "Public body"), ("Convenant", "Covenant")]):
        form.set(f"p0-alternatives-{i}-label-nl", nl).set(f"p0-alternatives-{i}-label-en", en)
    for i, (nl, en) in enumerate([("Sturing", "Control"), ("Kosten", "Cost")]):
        form.set(f"p0-criteria-{i}-label-nl", nl).set(f"p0-criteria-{i}-label-en", en)
    form.set("p0-weights", "budget")
    resp = _save(fac, path, form)
    assert "Geef een score op het criterium ‘sturing’." in _errors(resp.get_data(as_text=True))
    form = PageForm(resp.get_data(as_text=True))
    for i in range(2):
        for j in range(2):
            form.set(f"p0-scores-{i}-{j}", str(2 + i + j))
    assert _save(fac, path, form).status_code == 303
    q = library.load(session, agenda)
    assert q.decision.scores == {
        "openbaar_lichaam": {"sturing": 2, "kosten": 3},
        "convenant": {"sturing": 3, "kosten": 4},
    }
    assert [o.id for o in q.sections[0].questions[1].options] == ["sturing", "kosten"]  # the weights question
    form = page_form(fac, path).set("p0-knockouts-0-question", "motive")
    resp = _save(fac, path, form)
    assert resp.status_code == 422  # the answers of the question appear now
    form = (
        PageForm(resp.get_data(as_text=True))
        .check("p0-knockouts-0-options", "kosten")
        .check("p0-knockouts-0-excludes", "convenant")
    )
    assert _save(fac, path, form).status_code == 303
    (ko,) = library.load(session, agenda).decision.knockouts
    assert (ko.question, ko.options, ko.excludes) == ("motive", ["kosten"], ["convenant"])
    resp = fac.get(f"{B}/{agenda}/remove/decision")
    assert "Wilt u de keuzehulp verwijderen?" in resp.get_data(as_text=True)
    resp = fac.post(
        f"{B}/{agenda}/remove/decision",
        data=PageForm(resp.get_data(as_text=True), action=f"{B}/{agenda}/remove/decision").data(None),
    )
    assert resp.status_code == 303 and library.load(session, agenda).decision is None


# -- languages ---------------------------------------------------------------------------------------------------


def test_english_switched_off_and_on(fac, session, agenda):
    path = f"{B}/{agenda}/edit/general"
    form = page_form(fac, path).check("p0-english", on=False)
    assert _save(fac, path, form).status_code == 303
    assert library.load(session, agenda).languages == ["nl"]
    assert "Engels" not in page_form(fac, f"{B}/{agenda}/edit/dimensions/0").labels.values()
    form = page_form(fac, path).check("p0-english")
    assert _save(fac, path, form).status_code == 303
    q = library.load(session, agenda)
    assert set(q.languages) == {"nl", "en"} and q.items[0].text["en"] == q.items[0].text["nl"]


# -- import, export, copy, delete ----------------------------------------------------------------------------


def test_import_and_export_through_the_pages(fac, session, mini_path):
    resp = post(
        fac,
        f"{B}/import",
        {"file": (io.BytesIO(mini_path.read_bytes()), "mini.json")},
        token_from=f"{B}/",
        content_type="multipart/form-data",
    )
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"{B}/mini/")
    exported = fac.get(f"{B}/mini/export.json")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="mini.json"'
    again = post(
        fac,
        f"{B}/import",
        {"file": (io.BytesIO(exported.data), "mini.json")},
        token_from=f"{B}/",
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "mini versie 1 had al precies deze inhoud" in again.get_data(as_text=True)
    assert fac.get(f"{B}/mini/export.json").data == exported.data
    assert fac.get(f"{B}/mini/export.json?version=1").data == exported.data
    assert fac.get(f"{B}/mini/export.json?version=7").status_code == 404
    shipped = fac.get(f"{B}/grip/export.json").data
    assert definition.loads(shipped).sha256 == definition.load(definition.shipped()["grip"]).sha256


def test_a_refused_import_in_the_page_language(fac, session, mini_path):
    bad = json.loads(mini_path.read_text())
    bad["dimensions"][0]["items"][0]["text"] = {"nl": "Alleen Nederlands"}
    resp = post(
        fac,
        f"{B}/import",
        {"file": (io.BytesIO(json.dumps(bad).encode()), "mini.json")},
        token_from=f"{B}/",
        content_type="multipart/form-data",
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "dimensie 1 ‘Bekwaamheid’ › stelling c1 › tekst" in html
    assert "De Engelse tekst ontbreekt." in html and "missing language" not in html
    assert library.records(session) == []
    nothing = post(fac, f"{B}/import", {}, token_from=f"{B}/", content_type="multipart/form-data")
    assert nothing.status_code == 400 and "Kies een bestand." in nothing.get_data(as_text=True)


def test_copy_and_delete(fac, session):
    page = fac.get(f"{B}/evaluatie/copy").get_data(as_text=True)
    assert 'value="evaluatie_kopie"' in page
    bad = post(fac, f"{B}/evaluatie/copy", {"new_id": "Mijn evaluatie"}, token_from=f"{B}/evaluatie/copy")
    assert bad.status_code == 422 and "‘Mijn evaluatie’ kan dus niet" in bad.get_data(as_text=True)
    taken = post(fac, f"{B}/evaluatie/copy", {"new_id": "grip"}, token_from=f"{B}/evaluatie/copy")
    assert "‘grip’ is de korte naam van een meegeleverde vragenlijst" in taken.get_data(as_text=True)
    assert (
        post(
            fac, f"{B}/evaluatie/copy", {"new_id": "evaluatie_regio"}, token_from=f"{B}/evaluatie/copy"
        ).status_code
        == 303
    )
    assert (
        library.load(session, "evaluatie_regio").sha256 != library.load(session, "evaluatie").sha256
    )  # its own id
    page = fac.get(f"{B}/evaluatie_regio/delete").get_data(as_text=True)
    assert "Wilt u vragenlijst evaluatie_regio met al haar versies verwijderen?" in page
    assert (
        post(fac, f"{B}/evaluatie_regio/delete", token_from=f"{B}/evaluatie_regio/delete").status_code == 303
    )
    assert library.record(session, "evaluatie_regio") is None


# -- preview ------------------------------------------------------------------------------------------------------


def test_the_preview_without_javascript_walks_the_form_and_stores_nothing(fac, session, agenda):
    before = _counts(session)
    path = f"{B}/{agenda}/preview"
    html = fac.get(path).get_data(as_text=True)
    assert "Voorbeeld van Agenda (test): antwoorden worden niet bewaard." in html and "data-no-store" in html
    answers = {
        "role": "raad",
        "t1": "4",
        "t2": "dk",
        "themes_top.wonen": "1",
        "themes_top.energie": "2",
        "budget.wonen": "60",
        "budget.energie": "40",
        "savings": "12,5",
        "fte": "3",
        "level": "regio",
        "motive": "kosten",
        "remarks": "Graag.",
    }
    page = 0
    seen = []
    for _ in range(12):  # through every page with "next", answering what is asked
        form = PageForm(html, action=path)
        for name, value in answers.items():
            shown = [f for f in form.fields if f[0] == name and f[2] != "hidden"]
            if shown and shown[0][2] in ("radio", "checkbox"):
                form.check(name, value)
            elif shown:
                form.set(name, value)
        seen.append(re.search(r"<h1[^>]*>([^<]*)</h1>", html.split('class="page"')[1]).group(1))
        if 'value="submit"' in html:
            resp = fac.post(path, data=form.data("submit"))
            break
        resp = fac.post(path, data=form.data("next"))
        assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
        html = resp.get_data(as_text=True)
        page += 1
    done = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Zo ver komt een deelnemer" in done, done[:2000]
    assert "Op welk niveau?" in "".join(seen) or "Businesscase" in seen
    assert _counts(session) == before


def test_the_preview_refuses_what_the_form_refuses(fac, session, agenda):
    path = f"{B}/{agenda}/preview"
    form = PageForm(fac.get(path).get_data(as_text=True), action=path)
    data = form.data("submit")  # the required "motive" left open
    resp = fac.post(path, data=data)
    assert resp.status_code == 422 and "Deze vraag moet worden beantwoord." in resp.get_data(as_text=True)
    data = form.data("next")
    data["fte"] = "veel"
    assert fac.post(path, data=data).status_code == 422
    js = fac.post(path, data={**form.data("save"), "all_answers": "1"})
    assert js.json == {
        "message": "In een voorbeeld wordt niets bewaard; een deelnemer kan hier later verdergaan."
    }
    js = fac.post(
        path, data={**form.data("submit"), "all_answers": "1", "motive": "kosten", "submission": "x" * 20}
    )
    assert js.status_code == 200 and "Zo ver komt een deelnemer" in js.get_data(as_text=True)
    unknown = fac.post(path, data={**form.data("next"), "nope": "1"})
    assert unknown.status_code == 400


def test_a_preview_link_works_without_an_account_and_reaches_nothing_else(client, fac, session, agenda):
    html = post(fac, f"{B}/{agenda}/preview-links", token_from=f"{B}/{agenda}/").get_data(as_text=True)
    link = re.search(r'<code class="preview-link">([^<]+)</code>', html).group(1)
    token = link.rsplit("/", 1)[1]
    assert link.startswith("http://localhost/p/") and token not in fac.get(f"{B}/{agenda}/").get_data(
        as_text=True
    )
    assert "Er is 1 voorbeeldlink." in fac.get(f"{B}/{agenda}/").get_data(as_text=True)
    stranger = client.application.test_client()
    resp = stranger.get(f"/p/{token}")
    assert resp.status_code == 200 and resp.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "Agenda (test)" in resp.get_data(as_text=True) and "Uitloggen" not in resp.get_data(as_text=True)
    assert stranger.get("/dashboard/").status_code == 302  # the link opens nothing but the preview
    assert stranger.get(f"{B}/{agenda}/preview").status_code == 302
    before = _counts(session)
    form = PageForm(resp.get_data(as_text=True), action=f"/p/{token}")
    assert stranger.post(f"/p/{token}", data=form.data("next")).status_code == 200
    assert _counts(session) == before
    assert stranger.get(f"/p/{token}x").status_code == 404
    post(fac, f"{B}/{agenda}/preview-links/revoke", token_from=f"{B}/{agenda}/")
    gone = stranger.get(f"/p/{token}")
    assert gone.status_code == 404 and "Deze voorbeeldlink werkt niet (meer)" in gone.get_data(as_text=True)


def test_the_preview_of_an_older_version(fac, session, agenda):
    rounds.create_round(session, library.load(session, agenda), name="R", cooperation="C", groups=[("A", 5)])
    session.commit()
    data = copy.deepcopy(factories.AGENDA)
    data["title"]["nl"] = "Agenda, versie twee"
    library.save(session, agenda, data, editor=None, actor="t")
    session.commit()
    assert "Agenda, versie twee" in fac.get(f"{B}/{agenda}/preview").get_data(as_text=True)
    old = fac.get(f"{B}/{agenda}/preview?version=1").get_data(as_text=True)
    assert "Agenda, versie twee" not in old and "Agenda (test)" in old


def test_a_matrix_and_a_business_case_in_the_editor(fac, session, agenda):
    path = f"{B}/{agenda}/edit/sections/0/questions/new?kind=matrix"
    form = page_form(fac, path)
    form.set("p0-text-nl", "Op welk niveau?").set("p0-text-en", "At which level?")
    for i, (nl, en) in enumerate([("Wonen", "Housing"), ("Zorg", "Care")]):
        form.set(f"p0-rows-{i}-label-nl", nl).set(f"p0-rows-{i}-label-en", en)
    for i, (nl, en) in enumerate([("Lokaal", "Local"), ("Regionaal", "Regional")]):
        form.set(f"p0-columns-{i}-label-nl", nl).set(f"p0-columns-{i}-label-en", en)
    assert _save(fac, path, form.check("p0-dont_know")).status_code == 303
    matrix = library.load(session, agenda).sections[0].questions[-1]
    assert (matrix.kind, [r.id for r in matrix.rows], [c.id for c in matrix.columns]) == (
        "matrix",
        ["wonen", "zorg"],
        ["lokaal", "regionaal"],
    )
    assert "Voor een businesscase zijn eerst twee getalvragen nodig" in fac.get(f"{B}/{agenda}/").get_data(
        as_text=True
    )
    for j in (0, 1):  # both numbers estimated per organisation
        qpath = f"{B}/{agenda}/edit/sections/1/questions/{j}"
        assert _save(fac, qpath, page_form(fac, qpath).set("p0-estimate_for", "group")).status_code == 303
    bpath = f"{B}/{agenda}/edit/businesscase"
    form = page_form(fac, bpath).set("p0-yearly", "savings").set("p0-one_off", "savings")
    resp = _save(fac, bpath, form)
    assert resp.status_code == 422 and "Kies voor de eenmalige kosten een andere vraag" in resp.get_data(
        as_text=True
    )
    assert _save(fac, bpath, form.set("p0-one_off", "fte").set("p0-horizon_years", "10")).status_code == 303
    case = library.load(session, agenda).businesscase
    assert (case.yearly, case.one_off, case.horizon_years) == ("savings", "fte", 10)
    confirm = fac.get(f"{B}/{agenda}/remove/businesscase")
    assert "Wilt u de businesscase verwijderen?" in confirm.get_data(as_text=True)
    url = f"{B}/{agenda}/remove/businesscase"
    assert (
        fac.post(url, data=PageForm(confirm.get_data(as_text=True), action=url).data(None)).status_code == 303
    )
    assert library.load(session, agenda).businesscase is None
