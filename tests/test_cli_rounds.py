"""The round commands of the CLI: create, open, close, status, links, users."""

from __future__ import annotations

import csv

from sqlmodel import select

from scanengine.models import AuditEntry, LinkToken, Round


def test_round_lifecycle(cli, session, mini_path, tmp_path):
    out = cli(
        "round",
        "create",
        "--questionnaire",
        mini_path,
        "--name",
        "Voorjaar 2026",
        "--cooperation",
        "Regio Noord",
        "--group",
        "Gemeente A=12",
        "--group",
        "Gemeente B=8",
    ).output
    rid = out.strip().splitlines()[-1]
    assert rid.isdigit()
    rnd = session.get(Round, int(rid))
    assert rnd.status == "draft" and rnd.min_group_size == 5 and len(rnd.definition_sha256) == 64

    links = cli("links", rid, "--group", "Gemeente A", "--count", "3").output.splitlines()
    assert links[0] == "group,link" and len(links) == 4
    assert all(line.startswith("Gemeente A,http://localhost/s/") for line in links[1:])
    token = links[1].rsplit("/", 1)[1]
    stored = session.exec(select(LinkToken.token_hash)).all()
    assert token not in stored and len(stored) == 3  # only hashes

    csv_path = tmp_path / "b.csv"
    cli("links", rid, "--group", "Gemeente B", "--count", "2", "--csv", csv_path)
    rows = list(csv.reader(csv_path.open()))
    assert rows[0] == ["group", "link"] and len(rows) == 3

    shared = cli("links", rid, "--group", "Gemeente B", "--shared").output
    assert "/s/" in shared
    again = cli("links", rid, "--group", "Gemeente B", "--shared", code=1).output
    assert "already has a group link" in again
    cli("links", rid, "--group", "Gemeente B", "--shared", "--rotate")

    cli("round", "open", rid)
    assert "only a draft round can be opened" in cli("round", "open", rid, code=1).output
    status = cli("round", "status", rid).output
    assert "Gemeente A" in status and "12" in status and "open" in status
    assert "closed with 0 responses" in cli("round", "close", rid).output
    assert "no new links" in cli("links", rid, "--group", "Gemeente A", "--count", "1", code=1).output
    actions = [a.action for a in session.exec(select(AuditEntry).order_by(AuditEntry.id))]
    # the file is imported into the database first (a path names a definition to keep)
    assert actions[:3] == ["questionnaire.import", "round.create", "links.issue"] and "round.close" in actions


def test_round_create_refusals(cli, mini_path, session):
    base = ["round", "create", "--questionnaire", mini_path, "--name", "R", "--cooperation", "C"]
    assert "at least 3" in cli(*base, "--group", "A", "--min-group-size", "2", code=1).output
    assert "duplicate group" in cli(*base, "--group", "A", "--group", "A", code=1).output
    assert "not a whole number" in cli(*base, "--group", "A=ten", code=1).output
    assert (
        "no such file or shipped questionnaire"
        in cli(
            "round",
            "create",
            "--questionnaire",
            "nope",
            "--name",
            "R",
            "--cooperation",
            "C",
            "--group",
            "A",
            code=1,
        ).output
    )
    assert "no account" in cli(*base, "--group", "A", "--owner", "x@y.nl", code=1).output
    assert session.exec(select(Round)).all() == []


def test_round_create_by_shipped_id(cli):
    out = cli(
        "round",
        "create",
        "--questionnaire",
        "vertrouwensscan",
        "--name",
        "R",
        "--cooperation",
        "C",
        "--group",
        "A=5",
    ).output
    assert out.strip().splitlines()[-1].isdigit()


def test_unknown_round(cli):
    assert "no round 99" in cli("round", "status", "99", code=1).output
    assert "no round 'x'" in cli("round", "open", "x", code=1).output


def test_user_create(cli):
    assert (
        "created admin a@b.nl"
        in cli(
            "user", "create", "--email", "A@b.nl", "--admin", env={"SCANENGINE_PASSWORD": "long-enough"}
        ).output
    )
    assert (
        "already exists"
        in cli(
            "user", "create", "--email", "a@b.nl", env={"SCANENGINE_PASSWORD": "long-enough"}, code=1
        ).output
    )
    assert (
        "at least 8"
        in cli("user", "create", "--email", "c@b.nl", env={"SCANENGINE_PASSWORD": "short"}, code=1).output
    )


def test_db_upgrade(cli, database_url):
    from alembic.script import ScriptDirectory

    from scanengine import db

    head = ScriptDirectory.from_config(db.alembic_config(database_url)).get_current_head()
    assert f"schema at revision {head}" in cli("db", "upgrade").output
