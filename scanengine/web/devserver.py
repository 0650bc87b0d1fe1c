"""Flask's development server (``scanengine serve``, ``scanengine demo --serve``) without participant request
lines: Werkzeug writes ``127.0.0.1 - - [time] "GET /s/<token> HTTP/1.1" 200`` for every request, which is the
pairing of an address, a time and a link that :mod:`scanengine.logsafe` keeps out of every log.
"""

from __future__ import annotations

from werkzeug.serving import WSGIRequestHandler

from scanengine import logsafe


class QuietRequestHandler(WSGIRequestHandler):
    """No line for a participant request; every other line (errors included) with links redacted."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if logsafe.is_participant_request(getattr(self, "path", None), getattr(self, "requestline", None)):
            return
        super().log_request(code, size)

    def log(self, type: str, message: str, *args) -> None:
        try:
            text = message % args if args else message
        except (TypeError, ValueError):
            text = f"{message} {args!r}"
        super().log(type, "%s", logsafe.redact(text))
