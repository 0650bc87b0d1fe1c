"""No participant link in any log line: the rule, gunicorn's logger, the development server and the app's own
records. Each check has a control showing that the unprotected logger does write the link."""

from __future__ import annotations

import http.client
import io
import logging
import threading

import pytest
from gunicorn import glogging
from gunicorn.config import Config
from werkzeug.serving import WSGIRequestHandler, make_server

from scanengine import logsafe
from scanengine.deploy_gunicorn import Logger as SafeLogger
from scanengine.web.devserver import QuietRequestHandler

TOKEN = "Zt0kenZt0kenZt0kenZt0ken"


@pytest.mark.parametrize(
    "path",
    [
        f"/s/{TOKEN}",
        f"/s/{TOKEN}?lang=en",
        "/j/ABC234",
        "/j",
        "/j?code=ABC234",
        f"/%73/{TOKEN}",
        f"/S%2F{TOKEN}",
        f"//s/{TOKEN}",
        f"https://scan.example.nl/s/{TOKEN}",
        f"GET /s/{TOKEN} HTTP/1.1",
        f"/p/{TOKEN}",
        f"/%70/{TOKEN}?lang=en",
    ],
)
def test_participant_paths_in_every_spelling(path):
    assert logsafe.is_participant_request(path)
    if TOKEN in path:
        assert TOKEN not in logsafe.redact(f'request: "{path}", done')


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/dashboard/",
        "/static/style.css",
        "/static/js/x.js",
        "/live/3",
        "/login?next=/dashboard/",
        "/sx/1",
        "/dashboard/questionnaires/x/preview",
    ],
)
def test_other_paths_are_not_participant_paths(path):
    assert not logsafe.is_participant_request(path)
    assert logsafe.redact(f'"GET {path} HTTP/1.1"') == f'"GET {path} HTTP/1.1"'


def test_redact_cuts_the_secret_and_keeps_the_line():
    line = f'request: "POST /s/{TOKEN} HTTP/1.1", upstream: "http://127.0.0.1:8000/s/{TOKEN}"'
    assert logsafe.redact(line) == (
        'request: "POST /s/[redacted] HTTP/1.1", upstream: "http://127.0.0.1:8000/s/[redacted]"'
    )
    assert logsafe.redact("GET /j?code=ABC234 x") == "GET /j?[redacted] x"


@pytest.fixture
def plain_records():
    """Log records as a process makes them before ``logsafe.install()`` (which an earlier ``create_app`` of this
    test process ran): what gunicorn's master, or a library without the app, writes."""
    saved = logging.getLogRecordFactory()
    logging.setLogRecordFactory(logging.LogRecord)
    yield
    logging.setLogRecordFactory(saved)


# -- gunicorn's logger ---------------------------------------------------------------------------------------------


class _Resp:
    status = "200 OK"
    sent = 10
    headers: list = []


class _Req:
    def __init__(self, uri: str):
        self.uri = uri
        self.headers: list = []


def _gunicorn(logger_class, tmp_path, name: str):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / f"{name}-access.log"))
    cfg.set("errorlog", str(tmp_path / f"{name}-error.log"))
    return logger_class(cfg)


def _access(logger, raw: str, path: str) -> None:
    import datetime

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": raw, "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1"}
    logger.access(_Resp(), _Req(raw), environ, datetime.timedelta(milliseconds=3))


@pytest.mark.parametrize("logger_class", [glogging.Logger, SafeLogger])
def test_gunicorn_logger_leaves_participant_requests_out(logger_class, tmp_path, plain_records):
    """The control (gunicorn's own logger) writes the token into both logs; the product's writes it nowhere."""
    name = logger_class.__module__.split(".")[0]
    logger = _gunicorn(logger_class, tmp_path, name)
    try:
        _access(logger, f"/s/{TOKEN}", f"/s/{TOKEN}")
        _access(logger, f"/%73/{TOKEN}", f"/s/{TOKEN}")
        _access(logger, "/j/ABC234", "/j/ABC234")
        _access(logger, "/dashboard/", "/dashboard/")
        logger.exception("Error handling request %s", f"/s/{TOKEN}")
        logger.warning(f"Invalid request from ip=10.0.0.1: Invalid HTTP request line: 'GET /s/{TOKEN}'")
    finally:
        for handler in logger.error_log.handlers + logger.access_log.handlers:
            handler.flush()
    access = (tmp_path / f"{name}-access.log").read_text()
    errors = (tmp_path / f"{name}-error.log").read_text()
    assert "GET /dashboard/ HTTP/1.1" in access  # every other request is logged
    assert "Error handling request" in errors and "Invalid request" in errors
    if logger_class is glogging.Logger:
        assert TOKEN in access and "/j/ABC234" in access and TOKEN in errors
    else:
        assert TOKEN not in access and "/j/ABC234" not in access and "%73" not in access
        assert TOKEN not in errors and "/s/[redacted]" in errors


# -- the development server ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("handler", [WSGIRequestHandler, QuietRequestHandler])
def test_development_server_writes_no_participant_request_line(handler, plain_records):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    stream = io.StringIO()
    capture = logging.StreamHandler(stream)
    werkzeug_log = logging.getLogger("werkzeug")
    werkzeug_log.addHandler(capture)
    old_level = werkzeug_log.level
    werkzeug_log.setLevel(logging.INFO)
    server = make_server("127.0.0.1", 0, app, request_handler=handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for path in (f"/s/{TOKEN}", "/j/ABC234", "/dashboard/"):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
        raw = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        raw.connect()
        assert raw.sock is not None
        raw.sock.sendall(f"GET /s/{TOKEN} extra HTTP/1.1\r\n\r\n".encode())  # "Bad request syntax (...)"
        raw.sock.recv(1024)
        raw.close()
    finally:
        server.shutdown()
        thread.join(10)
        werkzeug_log.removeHandler(capture)
        werkzeug_log.setLevel(old_level)
    written = stream.getvalue()
    assert "GET /dashboard/ HTTP/1.1" in written
    if handler is WSGIRequestHandler:
        assert TOKEN in written and "/j/ABC234" in written
    else:
        assert TOKEN not in written and "/j/ABC234" not in written
        assert "[redacted]" in written  # the refused line is logged, without its token


# -- the app's own records -------------------------------------------------------------------------------------------


def test_an_exception_on_a_participant_page_is_logged_without_the_link(app, client, caplog):
    """Flask logs ``Exception on /s/<token>/... [GET]`` with the traceback; the message raised here names the link
    too. (A route of the test's own under /s/, so the check does not depend on how the form is written.)"""

    def broken(token):
        raise RuntimeError(f"cannot open /s/{token} right now")

    app.add_url_rule("/s/<token>/broken", "broken_for_test", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    caplog.set_level(logging.DEBUG)
    assert client.get(f"/s/{TOKEN}/broken").status_code == 500
    records = [r for r in caplog.records if r.name == app.logger.name]
    assert records and records[0].exc_text, "Flask's exception record with its traceback"
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "Exception on /s/[redacted] [GET]" in caplog.text
    assert "RuntimeError: cannot open /s/[redacted] right now" in text
    assert TOKEN not in text


def test_records_made_before_install_are_not_rewritten_but_after_are():
    """The control: a plain record factory keeps the link; the installed one cuts it, for every logger."""
    plain = logging.LogRecord("x", logging.INFO, __file__, 1, "GET %s", (f"/s/{TOKEN}",), None)
    assert TOKEN in plain.getMessage()
    logsafe.install()
    logsafe.install()  # once is enough; twice changes nothing
    made = logging.getLogger("some.library").makeRecord(
        "some.library", logging.INFO, __file__, 1, "GET %s", (f"/s/{TOKEN}",), None
    )
    assert made.getMessage() == "GET /s/[redacted]"
