"""``GET /healthz`` for load balancers and monitoring: 200 ``{"status": "ok"}`` when the database answers, 503
``{"status": "unavailable"}`` otherwise, and nothing more (no version, no database name, no error text).

It answers before every other request hook (language, page cache, session), so it is one ``SELECT 1`` on a pooled
connection, sets no cookie and works for a probe that calls it every few seconds.
"""

from __future__ import annotations

from flask import Flask, current_app, request

from scanengine import db

ENDPOINT = "healthz"


def healthz():
    if db.answers(current_app.config["DATABASE_URL"]):
        return {"status": "ok"}
    return {"status": "unavailable"}, 503


def _answer_first():
    if request.endpoint == ENDPOINT:
        return healthz()
    return None


def init_app(app: Flask) -> None:
    """Register the route and, first of all ``before_request`` hooks, the hook that answers it."""
    app.add_url_rule("/healthz", ENDPOINT, healthz, methods=["GET"])
    app.before_request_funcs.setdefault(None, []).insert(0, _answer_first)
