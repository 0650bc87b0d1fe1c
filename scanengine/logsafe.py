"""Participant links out of every log line (docs/deploy.md, "Logs"; SECURITY.md, "Web-server logs").

A log line that holds ``GET /s/<token>`` with an address and a time ties a participant to a link and a moment,
outside every protection of the database; a line with ``/j/<code>`` does the same for a phone in a live
workshop. A preview link (``/p/<secret>``) names no participant, but whoever reads the line can open the preview:
it is treated the same. So:

* a request to a participant path (:func:`is_participant_request`) gets no access-log line at all: not from
  gunicorn (:mod:`scanengine.deploy_gunicorn`), not from the development server (:mod:`scanengine.web.devserver`),
  not from the nginx site that ``scanengine deploy nginx`` prints (which uses :data:`PARTICIPANT_PATH` itself);
* every other log record of the process (:func:`install`) and of gunicorn's logs (:class:`RedactFilter`) is
  redacted: whatever follows a participant path is cut out of the message and its traceback (Flask's
  ``Exception on /s/<token> [POST]``, gunicorn's ``Error handling request /s/<token>``).

The rule matches the path as sent (``%73`` for ``s``, ``%2F`` for ``/``: Werkzeug decodes both and would serve the
form) and case-insensitively, so no spelling of a link that reaches the form is logged. Nothing here imports
Flask or gunicorn.
"""

from __future__ import annotations

import logging
import re

# One rule for the app, gunicorn and nginx (``map ... "~*<PARTICIPANT_PATH>"``): a segment ``s``, ``j`` or ``p`` (also
# percent-encoded), followed by a slash, a query, a space or the end. Plain PCRE and Python syntax alike.
PARTICIPANT_PATH = r"(?:/|%2f)(?:s|j|p|%73|%6a|%70)(?:/|%2f|\?|\s|$)"
_PARTICIPANT = re.compile(PARTICIPANT_PATH, re.IGNORECASE)
# In free text: keep the prefix, cut everything after it up to a space, a quote or an angle bracket.
_SECRET_AFTER = re.compile(r"((?:/|%2f)(?:s|j|p|%73|%6a|%70)(?:/|%2f|\?))[^\s\"'<>]+", re.IGNORECASE)
REDACTED = "[redacted]"


def is_participant_request(*paths: str | None) -> bool:
    """Whether any of ``paths`` (a decoded path, a raw URI, a request line) is a participant path."""
    return any(path and _PARTICIPANT.search(path) for path in paths)


def redact(text: str) -> str:
    """``text`` with every participant link cut: ``GET /s/abc HTTP/1.1`` becomes ``GET /s/[redacted] HTTP/1.1``."""
    if "/" not in text and "%" not in text:
        return text
    return _SECRET_AFTER.sub(lambda m: m.group(1) + REDACTED, text)


def redact_record(record: logging.LogRecord) -> None:
    """Rewrite ``record`` so that neither its message nor its traceback holds a participant link.

    The message is formatted here (``msg % args``) only when it holds a link; the traceback is rendered into
    ``exc_text``, which every ``logging.Formatter`` prints instead of formatting the exception again.
    """
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed call: keep its parts rather than lose the record
        message = f"{record.msg!r} {record.args!r}"
    safe = redact(message)
    if safe != message:
        record.msg, record.args = safe, None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class RedactFilter(logging.Filter):
    """:func:`redact_record` as a filter, for loggers of a process that may not have called :func:`install`
    (gunicorn's master, whose error log holds request lines too). The record is kept, never dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def protect(logger: logging.Logger) -> None:
    """Put the redacting filter on ``logger`` (once)."""
    if not any(isinstance(f, RedactFilter) for f in logger.filters):
        logger.addFilter(RedactFilter())


def install() -> None:
    """Redact every log record this process makes, whichever library makes it (Flask's ``Exception on /s/...``,
    Werkzeug, gunicorn's error log in a worker, SQLAlchemy, the package's own loggers).

    A filter sees only the records of the logger it is put on, and a module may create its logger after start-up;
    the record factory sees every record, and only records at an enabled level are made. Installed once per process
    by :func:`scanengine.web.create_app`.
    """
    current = logging.getLogRecordFactory()
    if getattr(current, "_scanengine_redacts", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = current(*args, **kwargs)
        redact_record(record)
        return record

    factory._scanengine_redacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
