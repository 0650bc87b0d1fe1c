"""Invitations and reminders by e-mail against a real SMTP server on loopback (aiosmtpd).

The promise under test: a facilitator invites a list, participants answer from the mails, a reminder reaches
exactly the others, nothing is sent twice, and after the close no address is left in the database file.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlmodel import Session

from scanengine import closing, db, invitations, mail
from scanengine.models import Invitation, InvitationTally, LinkToken, Round, utcnow
from tests.auth_helpers import login, make_user, post
from tests.flow import answer_round, make_round
from tests.smtp_helpers import SmtpServer

SECRET = "test-secret"  # the app fixture's SECRET_KEY: links made by the CLI and the dashboard agree
LINK_RE = re.compile(r"http://localhost/s/[A-Za-z0-9_-]{24}")
ADDRESSES = ["anna@gemeente-a.nl", "bram@gemeente-a.nl", "cees@gemeente-a.nl", "dirk@gemeente-a.nl"]


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_env(env, smtp, monkeypatch):
    """CLI environment with mail configured (the cli fixture passes ``env`` to every run)."""
    extra = {
        "SCANENGINE_SMTP_URL": smtp.url(),
        "SCANENGINE_MAIL_FROM": "Scanengine <scan@regio.example>",
        "SCANENGINE_SECRET_KEY": SECRET,
    }
    for k, v in extra.items():
        monkeypatch.setenv(k, v)
    env.update(extra)
    return env


@pytest.fixture
def mail_app(app, smtp):
    app.config.update(SMTP_URL=smtp.url(), MAIL_FROM="scan@regio.example", INVITE_TIME_LIMIT=60)
    return app


def _csv(
    tmp_path: Path, rows: list[str], header: str = "naam,email,afdeling", name: str = "lijst.csv"
) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _rows(addresses):
    return [f"Persoon {n},{a},Financiën" for n, a in enumerate(addresses)]


def _link(msg) -> str:
    links = set(LINK_RE.findall(msg.get_body(("plain",)).get_content()))
    assert len(links) == 1, links
    html_links = set(LINK_RE.findall(msg.get_body(("html",)).get_content()))
    assert html_links == links
    return links.pop()


def _answers(q) -> dict:
    return {"role": "raad", **{item.id: 2 for item in q.items}}


def _backdate(database_url: str, days: int = 2) -> None:
    """Pretend every mail went out ``days`` ago (the day between reminders, without waiting a day)."""
    with Session(db.get_engine(database_url)) as s:
        past = utcnow() - timedelta(days=days)
        s.execute(update(Invitation).where(Invitation.sent_at.is_not(None)).values(sent_at=past))
        s.execute(update(Invitation).where(Invitation.reminded_at.is_not(None)).values(reminded_at=past))
        s.commit()


# -- the CSV ------------------------------------------------------------------------------------------------------


def test_csv_other_columns_ignored_duplicates_once_case_folded():
    data = "Naam;E-mailadres;EMAIL\nAnna;x;Anna@Gemeente-A.nl\nBram;y;bram@gemeente-a.nl\n;;\nAnna;z;anna@gemeente-a.nl\n"
    got = invitations.read_addresses(("\ufeff" + data).encode("utf-8"), "lijst.csv")
    assert got.emails == ["anna@gemeente-a.nl", "bram@gemeente-a.nl"] and got.duplicates == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", ["lijst.csv: the file is empty."]),
        (b"  \n\n", ["lijst.csv: the file is empty."]),
        (
            b"naam,adres\nAnna,anna@example.org\n",
            ["lijst.csv: line 1: no 'email' column (the header has: naam, adres)."],
        ),
        (b"email\n", ["lijst.csv: no addresses below the header."]),
        (
            b"email,naam\nanna@example.org,A\nanna.example.org,B\n,C\nc@d@e.org,D\n",
            [
                "lijst.csv: line 3: 'anna.example.org' is not a valid e-mail address.",
                "lijst.csv: line 4: the e-mail address is missing.",
                "lijst.csv: line 5: 'c@d@e.org' is not a valid e-mail address.",
            ],
        ),
        (
            "email\nanna@voorbeeld.nl\n".encode("utf-16"),
            ["lijst.csv: the file is not UTF-8 text (save it as CSV UTF-8)."],
        ),
    ],
)
def test_bad_csv_is_refused_naming_the_line(data, expected):
    with pytest.raises(invitations.InvitationError) as exc:
        invitations.read_addresses(data, "lijst.csv")
    assert exc.value.lines("en") == expected
    assert exc.value.lines("nl")[0].startswith("lijst.csv: ")


def test_many_bad_lines_are_summarised():
    data = "email\n" + "\n".join(f"fout{n}" for n in range(30))
    with pytest.raises(invitations.InvitationError) as exc:
        invitations.read_addresses(data, "x.csv")
    lines = exc.value.lines("en")
    assert (
        len(lines) == 21 and lines[0].startswith("x.csv: line 2: 'fout0'") and "10 more errors" in lines[-1]
    )


# -- the message --------------------------------------------------------------------------------------------------


def _round(database_url, **kw) -> Round:
    setup = make_round(database_url, personal=0, **kw)
    with Session(db.get_engine(database_url), expire_on_commit=False) as s:
        return s.get(Round, setup.round_id)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        (
            "body_nl",
            "Klik op {url}",
            "Text (Dutch): unknown placeholder {url}; only {link} and {deadline} are allowed.",
        ),
        ("body_nl", "Klik {link} voor {0}", "unknown placeholder {0}"),
        ("body_nl", "Klik {link} {}", "unknown placeholder {}"),
        ("body_nl", "Klik {link!r}", "unknown placeholder {link}"),
        ("body_nl", "Klik {link:>40}", "unknown placeholder {link}"),
        ("body_nl", "Klik {link} {", "Text (Dutch): a single brace"),
        ("body_nl", "Geen link hier", "Text (Dutch): the text must contain {link}"),
        ("body_en", "No link", "Text (English): the text must contain {link}"),
        ("body_nl", "Tot {deadline}: {link}", "{deadline} is used but no closing date is set"),
        ("subject", "Uitnodiging {ronde}", "Subject: unknown placeholder {ronde}"),
        ("subject", "Twee\nregels", "Subject: the subject must be one line."),
    ],
)
def test_unknown_placeholders_and_bad_texts_are_refused_when_saved(
    database_url, session, field, text, message
):
    rnd = session.get(Round, _round(database_url).id)
    values = {"subject": None, "body_nl": "Hallo {link}", "body_en": None, "deadline": None, field: text}
    with pytest.raises(invitations.InvitationError) as exc:
        invitations.save_message(session, rnd, **values)
    assert any(message in line for line in exc.value.lines("en")), exc.value.lines("en")
    session.rollback()
    assert invitations.message_of(session, rnd).custom is False  # nothing was saved


def test_saved_texts_are_used_with_link_deadline_name_and_anonymity(database_url, session):
    rnd = session.get(Round, _round(database_url).id)
    deadline = date.today() + timedelta(days=10)
    invitations.save_message(
        session,
        rnd,
        subject="Doe mee vóór {deadline}",
        body_nl="Beste,\n\nKlik: {link}\n\nTot {deadline}.",
        body_en="Dear,\n\nClick: {link} <b>&</b>",
        deadline=deadline,
    )
    session.commit()
    texts = invitations.message_of(session, rnd)
    c = invitations.compose(rnd, texts, "http://localhost/s/abc")
    months_nl = (
        "januari februari maart april mei juni juli augustus september oktober november december".split()
    )
    nl_date = f"{deadline.day} {months_nl[deadline.month - 1]} {deadline.year}"
    assert c.subject == f"Doe mee vóór {nl_date}"
    assert "Klik: http://localhost/s/abc" in c.text and f"Tot {nl_date}." in c.text
    assert "Ronde: Testronde" in c.text and "Round: Testronde" in c.text
    assert "anoniem" in c.text and "anonymously" in c.text and f"De vragenlijst sluit na {nl_date}." in c.text
    assert '<a href="http://localhost/s/abc">http://localhost/s/abc</a>' in c.html
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in c.html and "<b>" not in c.html  # the facilitator's text is escaped
    r = invitations.compose(rnd, texts, "http://localhost/s/abc", reminder=True)
    assert r.subject.startswith("Herinnering / Reminder: ") and "nog niet ingestuurd" in r.text


def test_default_texts_with_a_brace_in_the_round_name(database_url, session):
    rnd = session.get(Round, _round(database_url).id)
    rnd.name = "Ronde {2026}"
    c = invitations.compose(rnd, invitations.message_of(session, rnd), "http://localhost/s/abc")
    assert c.subject == "Uitnodiging: Ronde {2026} | Invitation: Ronde {2026}"
    assert "mee te doen aan Ronde {2026}" in c.text and "http://localhost/s/abc" in c.text
    assert "English below" in c.text and "You are invited" in c.text


def test_dutch_only_when_the_english_text_is_left_empty(database_url, session):
    rnd = session.get(Round, _round(database_url).id)
    invitations.save_message(
        session, rnd, subject="Doe mee", body_nl="Hallo {link}", body_en="", deadline=None
    )
    c = invitations.compose(rnd, invitations.message_of(session, rnd), "http://localhost/s/abc")
    assert "Round:" not in c.text and "English" not in c.text and 'lang="en"' not in c.html


# -- the whole flow through the CLI -------------------------------------------------------------------------------


def test_invite_answer_remind_exactly_the_others_nothing_twice(
    mail_env, cli, smtp, app, database_url, tmp_path
):
    setup = make_round(database_url, personal=0)
    rid = setup.round_id
    csv_path = _csv(tmp_path, _rows(ADDRESSES + ["ANNA@gemeente-a.nl"]))
    out = cli("invite", rid, "--group", "Gemeente A", "--emails", csv_path)
    assert out.stdout.strip().splitlines()[-1] == "invitations: sent 4, refused 0, skipped 1"
    assert "/s/" not in out.output and "anna@" not in out.output  # never a link or an address
    assert sorted(m["To"] for m in smtp.received) == ADDRESSES
    links = {m["To"]: _link(m) for m in smtp.received}
    assert len(set(links.values())) == 4
    for m in smtp.received:
        assert m["Message-ID"] and m["Date"] and "Testronde" in m["Subject"]

    # two answer through the links in their mails (with the participant form, as a browser would)
    client = app.test_client()
    for address in ADDRESSES[:2]:
        resp = answer_round(client, links[address], _answers(setup.questionnaire))
        assert resp.status_code == 200 and "Bedankt" in resp.get_data(as_text=True)

    # a reminder right after the invitation: not due yet (at most once a day)
    out = cli("remind", rid)
    assert out.stdout.strip().splitlines()[-1] == "reminders: sent 0, refused 0, skipped 2"
    _backdate(database_url)
    smtp.received.clear()
    out = cli("remind", rid, "--group", "Gemeente A")
    assert out.stdout.strip().splitlines()[-1] == "reminders: sent 2, refused 0, skipped 0"
    assert sorted(m["To"] for m in smtp.received) == ADDRESSES[2:]  # exactly the others
    for m in smtp.received:
        assert _link(m) == links[m["To"]]  # the same link as in the invitation
        assert m["Subject"].strip().startswith("Herinnering")  # folded: "Subject:" CRLF SP "Herinnering..."
    # the reminded can answer with the link from the reminder
    resp = answer_round(client, _link(smtp.received[0]), _answers(setup.questionnaire))
    assert resp.status_code == 200

    # again at once: nobody (once a day); inviting the same list again: nobody (invited once)
    smtp.received.clear()
    assert cli("remind", rid).stdout.strip().splitlines()[-1] == "reminders: sent 0, refused 0, skipped 1"
    out = cli("invite", rid, "--group", "Gemeente B", "--emails", csv_path)
    assert out.stdout.strip().splitlines()[-1] == "invitations: sent 0, refused 0, skipped 5"
    assert smtp.received == []

    with Session(db.get_engine(database_url)) as s:
        counts = invitations.counts(s, s.get(Round, rid))
    a, b = counts.groups
    assert (a.invited, a.reminded, a.refused, a.waiting, a.answered) == (4, 2, 0, 0, 3)
    assert (b.invited, b.answered) == (0, 0)


def test_refused_address_is_counted_the_rest_go_and_a_later_run_retries_it(
    mail_env, cli, smtp, database_url, tmp_path
):
    rid = make_round(database_url, personal=0).round_id
    smtp.handler.refuse.add("bram@gemeente-a.nl")
    csv_path = _csv(tmp_path, _rows(ADDRESSES))
    out = cli("invite", rid, "--group", "Gemeente A", "--emails", csv_path)
    assert out.stdout.strip().splitlines()[-1] == "invitations: sent 3, refused 1, skipped 0"
    assert sorted(m["To"] for m in smtp.received) == [a for a in ADDRESSES if a != "bram@gemeente-a.nl"]
    with Session(db.get_engine(database_url)) as s:
        assert invitations.counts(s, s.get(Round, rid)).groups[0].refused == 1
    smtp.handler.refuse.clear()
    out = cli("invite", rid, "--group", "Gemeente A", "--emails", csv_path)
    assert out.stdout.strip().splitlines()[-1] == "invitations: sent 1, refused 0, skipped 3"
    assert sorted(m["To"] for m in smtp.received) == ADDRESSES


def test_an_interrupted_run_repeated_sends_nothing_twice(mail_env, smtp, database_url):
    rid = make_round(database_url, personal=0).round_id
    settings = mail.load_settings(smtp.url(), "scan@regio.example")
    many = [f"p{n}@gemeente-b.nl" for n in range(7)]
    with Session(db.get_engine(database_url), expire_on_commit=False) as s:
        rnd = s.get(Round, rid)
        invitations.add_invitations(s, rnd, "Gemeente B", invitations.AddressList(many, 0), secret=SECRET)
        s.commit()
        smtp.handler.accept_limit = 3  # then the server goes away for longer than the retries last
        with pytest.raises(mail.MailError), mail.Mailer(settings, retries=2, backoff=0.0) as mailer:
            invitations.send_invitations(s, rnd, mailer, secret=SECRET, base_url="http://localhost")
        assert len(smtp.received) == 3
        assert len(invitations.waiting(s, rnd)) == 4
        smtp.handler.accept_limit = None
        with mail.Mailer(settings) as mailer:
            report = invitations.send_invitations(s, rnd, mailer, secret=SECRET, base_url="http://localhost")
        assert (report.sent, report.refused) == (4, 0)
        with mail.Mailer(settings) as mailer:
            again = invitations.send_invitations(s, rnd, mailer, secret=SECRET, base_url="http://localhost")
        assert again.sent == 0
    assert sorted(m["To"] for m in smtp.received) == sorted(many)  # each exactly once


def test_a_dropped_connection_during_the_run_is_retried(
    mail_env, cli, smtp, database_url, tmp_path, monkeypatch
):
    monkeypatch.setattr(mail, "BACKOFF_SECONDS", 0.01)
    rid = make_round(database_url, personal=0).round_id
    smtp.handler.drops = 2
    out = cli("invite", rid, "--group", "Gemeente A", "--emails", _csv(tmp_path, _rows(ADDRESSES)))
    assert out.stdout.strip().splitlines()[-1] == "invitations: sent 4, refused 0, skipped 0"
    assert sorted(m["To"] for m in smtp.received) == ADDRESSES


def test_not_open_round_and_missing_settings_refused_with_one_line(
    mail_env, cli, smtp, database_url, tmp_path, session
):
    draft = make_round(database_url, personal=0, status="draft").round_id
    csv_path = _csv(tmp_path, _rows(ADDRESSES))
    out = cli("invite", draft, "--group", "Gemeente A", "--emails", csv_path, code=1)
    assert out.output.strip() == (
        f"Error: Round {draft} is draft: invitations and reminders are sent only while a round is open."
    )
    out = cli("remind", draft, code=1)
    assert out.output.strip().startswith(f"Error: Round {draft} is draft")
    opened = make_round(database_url, personal=0).round_id
    for args in (("invite", opened, "--group", "Gemeente A", "--emails", csv_path), ("remind", opened)):
        out = cli(*args, code=1, env={"SCANENGINE_SMTP_URL": ""})
        assert out.output.strip().splitlines() == ["Error: " + mail.NOT_CONFIGURED]
    assert session.execute(select(Invitation)).first() is None and smtp.received == []


def test_bad_csv_via_cli_names_the_line_and_sends_nothing(
    mail_env, cli, smtp, database_url, tmp_path, session
):
    rid = make_round(database_url, personal=0).round_id
    bad = _csv(tmp_path, ["Anna,anna@gemeente-a.nl,x", "Bram,bram(at)gemeente-a.nl,y"])
    out = cli("invite", rid, "--group", "Gemeente A", "--emails", bad, code=1)
    assert "lijst.csv: line 3: 'bram(at)gemeente-a.nl' is not a valid e-mail address." in out.output
    no_column = _csv(tmp_path, ["Anna,anna@gemeente-a.nl"], header="naam,adres", name="kolom.csv")
    out = cli("invite", rid, "--group", "Gemeente A", "--emails", no_column, code=1)
    assert "kolom.csv: line 1: no 'email' column" in out.output
    out = cli("invite", rid, "--group", "Nergens", "--emails", _csv(tmp_path, _rows(ADDRESSES)), code=1)
    assert "has no group 'Nergens'" in out.output
    assert session.execute(select(Invitation)).first() is None and smtp.received == []


# -- erasing the addresses ------------------------------------------------------------------------------------------


def _database_bytes(database_url: str) -> bytes:
    path = Path(database_url.split("///", 1)[1])
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_after_close_no_address_is_left_and_the_counts_stay(mail_env, cli, smtp, app, database_url, tmp_path):
    setup = make_round(database_url, personal=0)
    rid = setup.round_id
    cli("invite", setup.round_id, "--group", "Gemeente A", "--emails", _csv(tmp_path, _rows(ADDRESSES)))
    links = {m["To"]: _link(m) for m in smtp.received}
    answer_round(app.test_client(), links[ADDRESSES[0]], _answers(setup.questionnaire))
    if db.is_sqlite(database_url):  # negative control: before the close the addresses are in the files
        assert all(a.encode() in _database_bytes(database_url) for a in ADDRESSES)
    cli("round", "close", rid)
    with Session(db.get_engine(database_url)) as s:
        assert s.execute(select(Invitation)).first() is None
        counts = invitations.counts(s, s.get(Round, rid))
        assert counts.erased and (counts.groups[0].invited, counts.groups[0].answered) == (4, 1)
        assert s.execute(select(InvitationTally)).scalars().one().invited == 4
        assert s.execute(select(LinkToken)).all()  # the links' hashes stay, like every other link's
    db.dispose(database_url)  # every connection closed: what is left is what a copy of the files would hold
    if db.is_sqlite(database_url):
        data = _database_bytes(database_url)
        for address in ADDRESSES:
            assert address.encode() not in data and address.split("@")[0].encode() + b"@" not in data
        assert b"gemeente-a.nl" not in data


@pytest.mark.skipif(
    os.environ.get("SCANENGINE_TEST_DATABASE", "sqlite") != "sqlite", reason="SQLite's secure_delete"
)
def test_without_secure_delete_the_addresses_would_stay_in_the_file(
    mail_env, cli, smtp, database_url, tmp_path, monkeypatch
):
    """Negative control for the test above: with secure_delete off (the default of SQLite's own builds; Debian's
    turns it on), the checkpoint alone leaves the deleted rows in the file."""
    monkeypatch.setattr(
        invitations,
        "_secure_delete",
        lambda session: session.connection().exec_driver_sql("PRAGMA secure_delete = OFF"),
    )
    rid = make_round(database_url, personal=0).round_id
    cli("invite", rid, "--group", "Gemeente A", "--emails", _csv(tmp_path, _rows(ADDRESSES)))
    cli("round", "close", rid)
    db.dispose(database_url)
    data = _database_bytes(database_url)
    assert any(a.encode() in data for a in ADDRESSES)


def test_purge_erases_addresses_left_behind(mail_env, cli, smtp, database_url, tmp_path, session):
    from scanengine import maintenance

    rid = make_round(database_url, personal=0).round_id
    cli("invite", rid, "--group", "Gemeente A", "--emails", _csv(tmp_path, _rows(ADDRESSES)))
    rnd = session.get(Round, rid)
    closing.close_round(session, rnd)  # closed without the steps after the close (a crash right after it)
    session.commit()
    assert len(session.execute(select(Invitation)).all()) == 4
    maintenance.purge_round(session, rnd)
    session.commit()
    assert session.execute(select(Invitation)).first() is None
    assert invitations.counts(session, rnd).groups[0].invited == 4


def test_the_round_closing_during_a_run_stops_it(mail_env, smtp, database_url):
    rid = make_round(database_url, personal=0).round_id
    settings = mail.load_settings(smtp.url(), "scan@regio.example")
    engine = db.get_engine(database_url)
    with Session(engine, expire_on_commit=False) as s:
        rnd = s.get(Round, rid)
        invitations.add_invitations(
            s, rnd, "Gemeente A", invitations.AddressList(ADDRESSES, 0), secret=SECRET
        )
        s.commit()
        sent = []

        def close_after_two(_n):
            sent.append(1)
            if len(sent) == 2:
                with Session(engine) as other:
                    closing.close_round(other, other.get(Round, rid))
                    other.commit()

        with mail.Mailer(settings) as mailer:
            report = invitations.send_invitations(
                s, rnd, mailer, secret=SECRET, base_url="http://localhost", progress=close_after_two
            )
    assert report.sent == 2 and report.waiting == 2 and len(smtp.received) == 2
    assert report.problems[0].key == "inv_err_not_open"


# -- the dashboard -------------------------------------------------------------------------------------------------


def _owned_round(database_url, session, owner, **kw):
    setup = make_round(database_url, personal=0, **kw)
    session.execute(update(Round).where(Round.id == setup.round_id).values(owner_id=owner.id))
    session.commit()
    return setup


def test_dashboard_upload_preview_edit_send_remind_and_counts(mail_app, smtp, database_url, session):
    owner = make_user(session, "fac@regio.example")
    setup = _owned_round(database_url, session, owner)
    base = f"/dashboard/rounds/{setup.round_id}/invitations/"
    client = mail_app.test_client()
    login(client, "fac@regio.example")
    assert f'href="{base}"' in client.get(f"/dashboard/rounds/{setup.round_id}").get_data(as_text=True)
    page = client.get(base)
    assert page.status_code == 200 and "Uitnodigingen per e-mail" in page.get_data(as_text=True)

    # an unknown placeholder is refused when saved; a good text is saved and previewed
    r = post(
        client,
        base + "message",
        {"subject": "Doe mee", "body_nl": "Klik {url}", "body_en": ""},
        token_from=base,
        follow_redirects=True,
    )
    assert "onbekende plaatshouder {url}" in r.get_data(as_text=True)
    r = post(
        client,
        base + "message",
        {
            "subject": "Doe mee aan de scan",
            "body_nl": "Beste collega,\n\nKlik: {link}",
            "body_en": "Dear colleague,\n\nClick: {link}",
        },
        token_from=base,
        follow_redirects=True,
    )
    assert "De tekst is opgeslagen." in r.get_data(as_text=True)
    preview = client.get(base + "preview").get_data(as_text=True)
    assert (
        "Beste collega," in preview
        and "Dear colleague," in preview
        and "/s/voorbeeld-link-example" in preview
    )

    # a bad list: refused with its line, nothing stored or sent
    from io import BytesIO

    r = post(
        client,
        base + "upload",
        {"group": "Gemeente A", "emails": (BytesIO(b"email\nfout\n"), "lijst.csv")},
        token_from=base,
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "lijst.csv: regel 2: &#39;fout&#39; is geen geldig e-mailadres." in r.get_data(as_text=True)
    assert smtp.received == []

    data = ("email\n" + "\n".join(ADDRESSES) + "\n").encode()
    r = post(
        client,
        base + "upload",
        {"group": "Gemeente A", "emails": (BytesIO(data), "lijst.csv")},
        token_from=base,
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = r.get_data(as_text=True)
    assert "Uitnodigingen: 4 verstuurd, 0 geweigerd, 0 overgeslagen." in html
    assert sorted(m["To"] for m in smtp.received) == ADDRESSES
    assert smtp.received[0]["Subject"] == "Doe mee aan de scan"
    links = {m["To"]: _link(m) for m in smtp.received}
    answer_round(mail_app.test_client(), links[ADDRESSES[3]], _answers(setup.questionnaire))

    _backdate(database_url)
    smtp.received.clear()
    r = post(client, base + "remind", {"group": ""}, token_from=base, follow_redirects=True)
    assert "Herinneringen: 3 verstuurd, 0 geweigerd, 0 overgeslagen." in r.get_data(as_text=True)
    assert sorted(m["To"] for m in smtp.received) == ADDRESSES[:3]

    page = client.get(base).get_data(as_text=True)
    counts_row = re.search(r"<th scope=\"row\">Gemeente A</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r">(\d+)<", counts_row) == [
        "4",
        "3",
        "0",
        "0",
        "1",
    ]  # invited reminded refused waiting answered
    for address in ADDRESSES:  # never an address (or a link) on the page
        assert address not in page
    assert "/s/" not in page


def test_dashboard_needs_login_owner_and_csrf(mail_app, smtp, database_url, session):
    owner = make_user(session, "fac@regio.example")
    make_user(session, "ander@regio.example")
    setup = _owned_round(database_url, session, owner)
    base = f"/dashboard/rounds/{setup.round_id}/invitations/"
    client = mail_app.test_client()
    assert client.get(base).status_code == 302  # to the login page
    login(client, "ander@regio.example")
    assert client.get(base).status_code == 404
    assert client.get(base + "preview").status_code == 404
    assert post(client, base + "remind", {"group": ""}).status_code == 404
    other = mail_app.test_client()
    login(other, "fac@regio.example")
    assert other.post(base + "remind", data={"group": ""}).status_code == 400  # no CSRF token
    assert other.post(base + "message", data={"body_nl": "{link}"}).status_code == 400
    assert smtp.received == []


def test_dashboard_without_mail_settings_refuses_and_stores_nothing(app, database_url, session):
    from io import BytesIO

    owner = make_user(session, "fac@regio.example")
    setup = _owned_round(database_url, session, owner)
    base = f"/dashboard/rounds/{setup.round_id}/invitations/"
    client = app.test_client()
    login(client, "fac@regio.example")
    assert "E-mail is niet ingesteld" in client.get(base).get_data(as_text=True)
    r = post(
        client,
        base + "upload",
        {"group": "Gemeente A", "emails": (BytesIO(b"email\na@b.nl\n"), "l.csv")},
        token_from=base,
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "E-mail is niet ingesteld" in r.get_data(as_text=True)
    assert session.execute(select(Invitation)).first() is None


def test_dashboard_sends_in_slices_within_the_time_limit(mail_app, smtp, database_url, session):
    from io import BytesIO

    owner = make_user(session, "fac@regio.example")
    setup = _owned_round(database_url, session, owner)
    base = f"/dashboard/rounds/{setup.round_id}/invitations/"
    client = mail_app.test_client()
    login(client, "fac@regio.example")
    mail_app.config["INVITE_TIME_LIMIT"] = 0  # one message per request
    data = ("email\n" + "\n".join(ADDRESSES) + "\n").encode()
    r = post(
        client,
        base + "upload",
        {"group": "Gemeente B", "emails": (BytesIO(data), "lijst.csv")},
        token_from=base,
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "3 wachten nog" in r.get_data(as_text=True) and len(smtp.received) == 1
    mail_app.config["INVITE_TIME_LIMIT"] = 60
    r = post(client, base + "send", token_from=base, follow_redirects=True)
    assert "Uitnodigingen: 3 verstuurd" in r.get_data(as_text=True)
    assert sorted(m["To"] for m in smtp.received) == ADDRESSES


def test_a_changed_secret_key_still_mails_a_working_link(mail_env, smtp, app, database_url):
    setup = make_round(database_url, personal=0)
    settings = mail.load_settings(smtp.url(), "scan@regio.example")
    with Session(db.get_engine(database_url), expire_on_commit=False) as s:
        rnd = s.get(Round, setup.round_id)
        invitations.add_invitations(
            s, rnd, "Gemeente A", invitations.AddressList(ADDRESSES[:1], 0), secret="old key"
        )
        s.commit()
        with mail.Mailer(settings) as mailer:
            invitations.send_invitations(s, rnd, mailer, secret="new key", base_url="http://localhost")
    resp = answer_round(app.test_client(), _link(smtp.received[0]), _answers(setup.questionnaire))
    assert resp.status_code == 200 and "Bedankt" in resp.get_data(as_text=True)
