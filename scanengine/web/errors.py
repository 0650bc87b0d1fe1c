"""Error pages in the participant's language; JSON for clients that ask for it. Nothing is stored on error."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from scanengine.web.i18n import gettext

_PAGES = {
    400: ("bad_request_title", "bad_request_text"),
    404: ("not_found_title", "not_found_text"),
    405: ("method_title", "method_text"),
    413: ("too_large_title", "too_large_text"),
    429: ("too_many_title", "too_many_text"),
    500: ("server_error_title", "server_error_text"),
}


def render_error(code: int, title: str, text: str, detail: str | None = None):
    if request.accept_mimetypes.best == "application/json":
        return {"error": title, "message": text, "detail": detail}, code
    return render_template("error.html", code=code, title=title, text=text, detail=detail), code


def _handle_http(exc: HTTPException):
    code = exc.code or 500
    title_key, text_key = _PAGES.get(code, ("bad_request_title", "bad_request_text"))
    detail = exc.description if code in (400, 410) and getattr(exc, "show_detail", False) else None
    return render_error(code, gettext(title_key), gettext(text_key), detail)


def _handle_csrf(exc: CSRFError):
    return render_error(400, gettext("csrf_title"), gettext("csrf_text"))


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(HTTPException, _handle_http)
