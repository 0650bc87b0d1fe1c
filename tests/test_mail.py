"""The mail module against a real SMTP server on loopback (aiosmtpd): settings, message, TLS, login, refusals,
dropped connections."""

from __future__ import annotations

import pytest

from scanengine import mail
from tests.smtp_helpers import SmtpServer, client_context, free_port, self_signed_cert


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    made = self_signed_cert(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    return made


def _settings(url: str) -> mail.SmtpSettings:
    return mail.load_settings(url, "Scanengine <scan@gemeente.example>")


def _message(settings, to="a@example.org"):
    return mail.make_message(
        settings, to, "Uitnodiging: Testronde", "Hallo\n\nhttp://localhost/s/x\n", "<p>Hallo</p>"
    )


# -- settings -----------------------------------------------------------------------------------------------------


def test_settings_are_parsed_with_defaults_and_percent_decoding():
    s = mail.load_settings("smtp://mailer:p%40ss%3Aword@mail.example.org", "scan@example.org")
    assert (s.scheme, s.host, s.port, s.username, s.password) == (
        "smtp",
        "mail.example.org",
        587,
        "mailer",
        "p@ss:word",
    )
    assert "p@ss" not in s.safe_url and s.safe_url == "smtp://mailer@mail.example.org:587"
    assert mail.load_settings("smtps://relay.example.org", "scan@example.org").port == 465
    assert mail.load_settings("smtp://127.0.0.1:2525", "scan@example.org").username is None


@pytest.mark.parametrize(
    ("url", "sender", "message"),
    [
        (None, "scan@example.org", "e-mail is not configured"),
        ("smtp://h:25", None, "e-mail is not configured"),
        ("", "", "e-mail is not configured"),
        ("http://h:25", "scan@example.org", "must start with smtp:// or smtps://"),
        ("smtp://h:port", "scan@example.org", "port that is not a number"),
        ("smtp://:25", "scan@example.org", "names no host"),
        ("smtp://h:25", "not an address", "not an e-mail address"),
    ],
)
def test_unusable_settings_are_refused_with_one_line(url, sender, message):
    with pytest.raises(mail.MailConfigError) as exc:
        mail.load_settings(url, sender)
    assert message in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("address", ["a@example.org", "first.last+tag@sub.example.nl", "o'brien@example.ie"])
def test_valid_addresses(address):
    assert mail.is_valid_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "",
        "plain",
        "a@b",
        "a@@example.org",
        "a b@example.org",
        "a@example..org",
        "<a@example.org>",
        "a@example.org\nBcc: x@example.org",
        ".a@example.org",
        "a@-example.org",
        "a@example.123",
        "Jan <jan@example.org>",
        "a,b@example.org",
    ],
)
def test_malformed_addresses(address):
    assert not mail.is_valid_address(address)


# -- messages over a real server ------------------------------------------------------------------------------------


def test_message_has_id_date_text_and_html_and_arrives(smtp):
    settings = _settings(smtp.url())
    with mail.Mailer(settings) as mailer:
        assert mailer.send(_message(settings)) is True
        assert mailer.send(_message(settings, "b@example.org")) is True
    first, second = smtp.received
    assert first["Message-ID"] and first["Message-ID"] != second["Message-ID"]
    assert first["Message-ID"].endswith("@gemeente.example>")
    assert first["Date"] and first["From"] == "Scanengine <scan@gemeente.example>"
    assert first["To"] == "a@example.org" and first["Subject"] == "Uitnodiging: Testronde"
    assert first.get_body(("plain",)).get_content().startswith("Hallo")
    assert first.get_body(("html",)).get_content().strip() == "<p>Hallo</p>"
    assert smtp.handler.envelopes[0] == ("scan@gemeente.example", ["a@example.org"])


def test_refused_recipient_is_reported_and_the_rest_go_on(smtp):
    smtp.handler.refuse.add("nobody@example.org")
    settings = _settings(smtp.url())
    with mail.Mailer(settings) as mailer:
        results = [
            mailer.send(_message(settings, to))
            for to in ("a@example.org", "nobody@example.org", "c@example.org")
        ]
    assert results == [True, False, True]
    assert [m["To"] for m in smtp.received] == ["a@example.org", "c@example.org"]


def test_dropped_connection_is_retried_with_back_off_and_nothing_arrives_twice(smtp):
    smtp.handler.drops = 2
    settings = _settings(smtp.url())
    waits: list[float] = []
    with mail.Mailer(settings, backoff=0.01, sleep=waits.append) as mailer:
        assert mailer.send(_message(settings)) is True
        assert mailer.send(_message(settings, "b@example.org")) is True
    assert waits == [0.01, 0.02]  # exponential back-off
    assert [m["To"] for m in smtp.received] == ["a@example.org", "b@example.org"]


def test_a_server_that_stays_away_ends_the_run_with_a_clear_error():
    port = free_port()  # nothing listens here
    settings = _settings(f"smtp://127.0.0.1:{port}")
    waits: list[float] = []
    with pytest.raises(mail.MailError) as exc:
        mail.Mailer(settings, retries=3, backoff=0.5, sleep=waits.append).connect()
    assert f"127.0.0.1:{port} could not be reached after 4 attempts" in str(exc.value)
    assert waits == [0.5, 1.0, 2.0]


def test_a_server_dropping_every_message_fails_after_the_retries(smtp):
    smtp.handler.accept_limit = 0
    settings = _settings(smtp.url())
    with mail.Mailer(settings, retries=2, backoff=0.0) as mailer, pytest.raises(mail.MailError):
        mailer.send(_message(settings))
    assert smtp.received == []


# -- TLS and login ------------------------------------------------------------------------------------------------


def test_starttls_is_used_when_offered_and_login_works(cert):
    server = SmtpServer(tls="starttls", cert=cert, login=("mailer", "geheim wachtwoord")).start()
    try:
        settings = _settings(server.url("mailer", "geheim%20wachtwoord"))
        with mail.Mailer(settings, tls_context=client_context(cert[0])) as mailer:
            assert mailer._smtp.sock.version().startswith("TLS")  # upgraded before the login
            assert mailer.send(_message(settings)) is True
        assert len(server.received) == 1
        wrong = _settings(server.url("mailer", "wrong"))
        with pytest.raises(mail.MailError, match="refused the login"):
            mail.Mailer(wrong, tls_context=client_context(cert[0])).connect()
    finally:
        server.stop()


def test_a_certificate_that_does_not_verify_is_refused(cert):
    server = SmtpServer(tls="starttls", cert=cert).start()
    try:
        settings = _settings(server.url())
        waits: list[float] = []
        with pytest.raises(
            mail.MailError, match="could not be verified"
        ):  # not trusted by the default context
            mail.Mailer(settings, sleep=waits.append).connect()
        assert waits == []  # not retried: waiting does not make a certificate valid
        assert server.received == []
    finally:
        server.stop()


def test_implicit_tls_with_smtps(cert):
    server = SmtpServer(tls="implicit", cert=cert).start()
    try:
        settings = _settings(server.url())
        assert settings.scheme == "smtps"
        with mail.Mailer(settings, tls_context=client_context(cert[0])) as mailer:
            assert mailer.send(_message(settings)) is True
        assert len(server.received) == 1
    finally:
        server.stop()


def test_no_password_over_an_unencrypted_connection(smtp):
    settings = _settings(smtp.url("mailer", "secret"))  # this server offers no STARTTLS
    with pytest.raises(mail.MailError, match="offers no STARTTLS"):
        mail.Mailer(settings).connect()


def test_socket_timeout_counts_as_a_drop(monkeypatch, smtp):
    settings = _settings(smtp.url())
    calls = {"n": 0}
    mailer = mail.Mailer(settings, backoff=0.0)
    mailer.connect()
    real = mailer._smtp.send_message

    def flaky(msg):
        calls["n"] += 1
        if calls["n"] == 1:
            raise TimeoutError("timed out")
        return real(msg)

    monkeypatch.setattr(mailer._smtp, "send_message", flaky)
    assert mailer.send(_message(settings)) is True
    mailer.close()
    assert mailer.reconnects == 1 and len(smtp.received) == 1
