"""Definitions kept in the database (scanengine.library) and the ``scanengine questionnaire`` commands: versions
under the version rule, import and export byte for byte, ownership, copies, preview links, what ``round create``
takes. Runs on SQLite and PostgreSQL (``SCANENGINE_TEST_DATABASE``)."""

from __future__ import annotations

import copy
import json

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlmodel import select

from scanengine import db, definition, library, rounds
from scanengine.definition import DefinitionError
from scanengine.editing.places import render
from scanengine.models import AuditEntry, PreviewLink, QuestionnaireRecord, QuestionnaireVersion, Round
from tests import factories
from tests.auth_helpers import make_user


def _raw(data) -> bytes:
    return json.dumps(data).encode()


def _import(session, data, owner=None, editor=None, actor="test"):
    done = library.import_definition(session, _raw(data), "x.json", owner=owner, editor=editor, actor=actor)
    session.commit()
    return done


def _round(session, qid):
    rnd = rounds.create_round(
        session, library.load(session, qid), name="R", cooperation="C", groups=[("A", None)]
    )
    session.commit()
    return rnd


def test_versions_follow_the_rule_and_a_round_keeps_its_own(session):
    data = copy.deepcopy(factories.AGENDA)
    assert _import(session, data).saved.status == library.CREATED
    data["dimensions"][0]["items"][0]["text"]["nl"] = "Eerste versie, bijgewerkt."
    saved = library.save(session, "agenda_test", data, editor=None, actor="test")
    assert (saved.number, saved.status) == (1, library.REPLACED)  # no round uses version 1: replaced
    rnd = _round(session, "agenda_test")
    pinned = rnd.definition
    data["dimensions"][0]["items"][0]["text"]["nl"] = "Tweede versie."
    saved = library.save(session, "agenda_test", data, editor=None, actor="test")
    session.commit()
    assert (saved.number, saved.status) == (2, library.NEW_VERSION)
    assert [render("nl", c) for c in saved.changes] == ["stelling t1: tekst gewijzigd"]
    again = library.save(session, "agenda_test", data, editor=None, actor="test")
    assert again.status == library.UNCHANGED
    session.expire_all()
    assert session.get(Round, rnd.id).definition == pinned  # the round's copy never changes
    v1, v2 = library.versions(session, "agenda_test")
    assert v1.sha256 == rnd.definition_sha256 and v2.sha256 == library.load(session, "agenda_test").sha256
    detail = library.detail(session, "agenda_test", None)
    assert [v.number for v in detail.versions] == [1, 2] and [r.id for r in detail.versions[0].rounds] == [
        rnd.id
    ]
    assert [render("en", c) for c in detail.versions[1].changes] == ["statement t1: text changed"]
    saves = session.exec(select(AuditEntry).where(AuditEntry.action == "questionnaire.save")).all()
    assert len(saves) == 2 and all(e.questionnaire_id == "agenda_test" for e in saves)


def test_nothing_invalid_is_kept(session):
    data = copy.deepcopy(factories.AGENDA)
    _import(session, data)
    data["dimensions"][0]["items"][0]["id"] = "trust"  # the dimension's id
    with pytest.raises(DefinitionError):
        library.save(session, "agenda_test", data, editor=None, actor="test")
    session.rollback()
    with pytest.raises(DefinitionError):
        library.import_definition(session, b"{", "x.json", owner=None, editor=None, actor="test")
    session.rollback()
    assert len(library.versions(session, "agenda_test")) == 1
    assert library.load(session, "agenda_test").sha256 == definition.parse(factories.AGENDA).sha256


def test_export_import_export_is_identical_and_gives_the_same_definition(session, tmp_path):
    _import(session, factories.AGENDA)
    first = library.export_text(library.load(session, "agenda_test"))
    assert first.endswith("\n") and first.index('"id"') < first.index('"title"')  # the format's order
    assert first.index('"nl": "Agenda (test)"') < first.index('"en": "Agenda (test)"')  # Dutch first
    assert _import(session, json.loads(first)).saved.status == library.UNCHANGED
    second = library.export_text(library.load(session, "agenda_test"))
    assert first == second
    # into another instance: the same definition, the same hash as what a round pins
    session.execute(QuestionnaireVersion.__table__.delete())
    session.execute(QuestionnaireRecord.__table__.delete())
    session.commit()
    done = library.import_definition(
        session, first.encode(), "agenda_test.json", owner=None, editor=None, actor="t"
    )
    assert done.saved.status == library.CREATED
    assert library.export_text(library.load(session, "agenda_test")) == first
    assert done.questionnaire.sha256 == definition.parse(factories.AGENDA).sha256


def test_facilitators_edit_their_own_and_admins_all(session):
    alice, bob = make_user(session, "alice@x.nl"), make_user(session, "bob@x.nl")
    admin = make_user(session, "admin@x.nl", admin=True)
    _import(session, factories.AGENDA, owner=alice, editor=alice)
    data = copy.deepcopy(factories.AGENDA)
    data["title"]["nl"] = "Van Bob"
    with pytest.raises(library.LibraryError) as info:
        library.save(session, "agenda_test", data, editor=bob, actor=bob.email)
    assert info.value.note.key == "lib_not_yours"
    with pytest.raises(library.LibraryError):  # nor by importing a file with its id
        library.import_definition(session, _raw(data), "x.json", owner=bob, editor=bob, actor=bob.email)
    session.rollback()
    assert (
        library.save(session, "agenda_test", data, editor=admin, actor=admin.email).status == library.REPLACED
    )
    assert library.save(session, "agenda_test", factories.AGENDA, editor=alice, actor=alice.email).status
    session.commit()
    # everyone may copy
    copied = library.copy(session, "agenda_test", "agenda_bob", owner=bob, actor=bob.email)
    session.commit()
    assert copied.status == library.CREATED and library.record(session, "agenda_bob").owner_id == bob.id
    assert library.record(session, "agenda_bob").copied_from == "agenda_test v1"
    listed = {x.id: x for x in library.listing(session, bob)}
    assert listed["agenda_test"].editable is False and listed["agenda_bob"].editable is True
    assert listed["vertrouwensscan"].origin == library.SHIPPED and not listed["vertrouwensscan"].editable


def test_shipped_ids_are_reserved_but_their_own_file_is_fine(session, tmp_path):
    shipped = definition.shipped()["vertrouwensscan"]
    done = library.import_definition(
        session, shipped.read_bytes(), "v.json", owner=None, editor=None, actor="t"
    )
    assert done.saved is None and done.questionnaire.id == "vertrouwensscan"
    changed = json.loads(shipped.read_text())
    changed["title"]["nl"] = "Aangepast"
    with pytest.raises(library.LibraryError) as info:
        library.import_definition(session, _raw(changed), "v.json", owner=None, editor=None, actor="t")
    assert info.value.note.key == "lib_shipped_id"
    with pytest.raises(library.LibraryError):
        library.save(session, "vertrouwensscan", changed, editor=None, actor="t")
    with pytest.raises(library.LibraryError):
        library.copy(session, "evaluatie", "grip", owner=None, actor="t")
    session.rollback()
    assert session.exec(select(QuestionnaireRecord)).all() == []


def test_a_stale_page_does_not_undo_a_newer_save(session):
    _import(session, factories.AGENDA)
    base = library.latest(session, "agenda_test").sha256
    data = copy.deepcopy(factories.AGENDA)
    data["title"]["nl"] = "Eerst"
    library.save(session, "agenda_test", data, editor=None, actor="t", base_sha=base)
    session.commit()
    data["title"]["nl"] = "Later, van een oude pagina"
    with pytest.raises(library.LibraryError) as info:
        library.save(session, "agenda_test", data, editor=None, actor="t", base_sha=base)
    assert info.value.note.key == "lib_conflict"
    session.rollback()
    assert library.load(session, "agenda_test").title["nl"] == "Eerst"


def test_the_id_of_a_kept_definition_stays(session):
    _import(session, factories.AGENDA)
    data = copy.deepcopy(factories.AGENDA)
    data["id"] = "ander"
    with pytest.raises(library.LibraryError) as info:
        library.save(session, "agenda_test", data, editor=None, actor="t")
    assert info.value.note.key == "lib_id_changed"


def test_preview_links_are_hashes_that_reach_one_definition_and_die_with_it(session):
    alice, bob = make_user(session, "alice@x.nl"), make_user(session, "bob@x.nl")
    _import(session, factories.AGENDA, owner=alice, editor=alice)
    token = library.new_preview_link(session, "agenda_test", editor=alice, actor=alice.email)
    session.commit()
    assert len(token) >= 32 and token not in {p.token_hash for p in session.exec(select(PreviewLink))}
    assert library.preview_target(session, token).id == "agenda_test"
    assert library.preview_target(session, token[:-1]) is None and library.preview_target(session, "") is None
    with pytest.raises(library.LibraryError):
        library.new_preview_link(session, "agenda_test", editor=bob, actor=bob.email)
    session.rollback()
    assert library.revoke_preview_links(session, "agenda_test", editor=alice, actor=alice.email) == 1
    assert library.preview_target(session, token) is None
    token = library.new_preview_link(session, "agenda_test", editor=alice, actor=alice.email)
    library.delete_definition(session, "agenda_test", editor=alice, actor=alice.email)
    session.commit()
    assert library.preview_target(session, token) is None and library.record(session, "agenda_test") is None


def test_a_deleted_definition_leaves_its_rounds_alone(session):
    _import(session, factories.AGENDA)
    rnd = _round(session, "agenda_test")
    library.delete_definition(session, "agenda_test", editor=None, actor="t")
    session.commit()
    session.expire_all()
    assert rounds.questionnaire_of(session.get(Round, rnd.id)).id == "agenda_test"


def test_round_create_resolves_kept_shipped_and_paths(session, tmp_path):
    _import(session, factories.AGENDA)
    assert library.resolve_for_round(session, "agenda_test", owner=None, actor="t").id == "agenda_test"
    assert library.resolve_for_round(session, "grip", owner=None, actor="t").id == "grip"
    path = tmp_path / "water.json"
    data = copy.deepcopy(factories.AGENDA)
    data["id"] = "water"
    path.write_text(json.dumps(data))
    assert library.resolve_for_round(session, str(path), owner=None, actor="t").id == "water"
    assert library.record(session, "water") is not None  # the file was kept first
    with pytest.raises(library.LibraryError) as info:
        library.resolve_for_round(session, "nope", owner=None, actor="t")
    assert "no such file or shipped questionnaire" in str(info.value) and "kept: agenda_test, water" in str(
        info.value
    )


# -- the commands ------------------------------------------------------------------------------------------------


def test_questionnaire_commands(cli, tmp_path, mini_path, session):
    assert "mini version 1: kept as a new definition" in cli("questionnaire", "import", mini_path).output
    assert "mini version 1: unchanged" in cli("questionnaire", "import", mini_path).output
    listed = cli("questionnaire", "list").output
    assert "mini v1 (kept, 0 rounds): Mini-scan" in listed and "vertrouwensscan (shipped, 0 rounds)" in listed
    out = tmp_path / "mini-export.json"
    cli("questionnaire", "export", "mini", "-o", out)
    assert "unchanged" in cli("questionnaire", "import", out).output
    assert cli("questionnaire", "export", "mini").stdout_bytes == out.read_bytes()
    # a round of the kept definition, then an edited file makes version 2; the round keeps version 1
    rid = cli(
        "round", "create", "--questionnaire", "mini", "--name", "R", "--cooperation", "C", "--group", "A"
    )
    rid = rid.output.strip().splitlines()[-1]
    edited = json.loads(out.read_text())
    edited["intro"]["nl"] = "Nieuwe inleiding."
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(edited))
    assert "mini version 2: kept as a new version" in cli("questionnaire", "import", changed).output
    assert (
        json.loads(cli("questionnaire", "export", "mini", "--version", "1").output)["intro"]["nl"]
        != "Nieuwe inleiding."
    )
    assert json.loads(cli("questionnaire", "export", "mini").output)["intro"]["nl"] == "Nieuwe inleiding."
    session.expire_all()
    rnd = session.get(Round, int(rid))
    assert rnd.definition_sha256 == library.versions(session, "mini")[0].sha256
    rid2 = cli(
        "round", "create", "--questionnaire", "mini", "--name", "R2", "--cooperation", "C", "--group", "A"
    )
    assert (
        session.get(Round, int(rid2.output.split()[-1])).definition_sha256
        == library.versions(session, "mini")[1].sha256
    )
    # refusals: exit 1, one line each, nothing changed
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "mini", "version": "1"}')
    result = cli("questionnaire", "import", bad, code=1)
    assert f"{bad}: title: required field is missing" in result.output
    assert "no questionnaire 'nope'" in cli("questionnaire", "export", "nope", code=1).output
    assert "has no version 9" in cli("questionnaire", "export", "mini", "--version", "9", code=1).output
    assert len(library.versions(session, "mini")) == 2


def test_questionnaire_import_with_an_owner(cli, session, mini_path):
    make_user(session, "fac@x.nl")
    cli("questionnaire", "import", mini_path, "--owner", "fac@x.nl")
    session.expire_all()
    assert library.owner_of(session, library.record(session, "mini")).email == "fac@x.nl"
    assert "no account" in cli("questionnaire", "import", mini_path, "--owner", "x@y.nl", code=1).output


def test_migration_0007_keeps_the_audit_log_and_goes_back(empty_database_url):
    url = empty_database_url
    db.upgrade(url, "0006")
    with db.get_engine(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (at, actor, action, detail) VALUES (CURRENT_TIMESTAMP, 'cli', 'round.open', '')"
            )
        )
    db.upgrade(url)
    with db.get_engine(url).connect() as conn:
        assert conn.execute(text("SELECT action, params, questionnaire_id FROM audit_log")).one() == (
            "round.open",
            None,
            None,
        )
    db.dispose(url)
    assert {"questionnaire", "questionnaire_version", "preview_link"} <= set(
        inspect(db.get_engine(url)).get_table_names()
    )
    command.downgrade(db.alembic_config(url), "0006")
    db.dispose(url)
    assert not {"questionnaire", "preview_link"} & set(inspect(db.get_engine(url)).get_table_names())
    assert "params" not in {c["name"] for c in inspect(db.get_engine(url)).get_columns("audit_log")}
