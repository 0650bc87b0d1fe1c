"""The live workshop blueprint: the presenter's screen ``/live/<round>`` and the phones' ``/j/<code>``.

A thin shell over :mod:`scanengine.live`. HTTP interface:

* Presenter (logged in, the round's owner or an admin, an open round): ``GET /live/<round>`` the screen (a start
  button when no session runs); ``POST /live/<round>/start``; ``POST /live/<round>/action`` with ``action`` in
  ``previous|next|show|hide|end`` (303 back to the screen, or 204 for the script); ``GET /live/<round>/panel``
  the current page's panel as an HTML fragment, with an ETag (304 when unchanged).
* Phones: ``GET /j`` a form to type the code; ``GET /j/<code>`` the presenter's current page (or the group
  choice before joining); ``POST /j/<code>/join`` with ``group``; ``POST /j/<code>`` with ``page`` and the page's
  answer fields; ``GET /j/<code>/state`` ``{"version", "page", "ended"}`` with an ETag (304 when unchanged).
  Unknown code 404, ended session or closed round 410, an answer to a page the presenter has left 409, a refused
  value 422 (the page again with the message), missing CSRF 400.

Why polling and not server-sent events: with the sync gunicorn workers this app runs on, an open event stream
holds a worker for as long as the phone stays connected, so 100 phones would need 100 workers (or an async
worker class for this blueprint alone). A poll every second that is answered from one indexed row, and with 304
when nothing changed, costs a fraction of a millisecond of a worker and keeps the deployment as it is; the page
change reaches a phone within one poll interval (bench/live_load.py measures it). docs/architecture.md, "Live
workshop mode".
"""

from __future__ import annotations

import hashlib
from typing import Any

import segno
from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for
from markupsafe import Markup

from scanengine import live, rounds
from scanengine.kinds.base import AnswerError
from scanengine.models import STATUS_OPEN, stored_id
from scanengine.texts import Note, t
from scanengine.web.auth import current_actor, current_user, login_required
from scanengine.web.dbsession import get_raw_connection, get_session, release_raw_connection
from scanengine.web.errors import render_error
from scanengine.web.fields import formset
from scanengine.web.i18n import current_lang

bp = Blueprint("live", __name__)

KEY_COOKIE = "scanengine_live"
KEY_COOKIE_DAYS = 1
POLL_MS = 1000  #: how often a phone and the presenter's screen ask for changes
STATUS = {"unknown": 404, "ended": 410, "not_open": 409, "moved": 409, "not_joined": 403, "bad_group": 400}
_TEXTS = {
    "unknown": ("live_unknown_title", "live_unknown_text"),
    "ended": ("live_ended_title", "live_ended_text"),
    "not_open": ("live_not_open_title", "live_not_open_text"),
    "not_joined": ("live_not_joined_title", "live_not_joined_text"),
    "bad_group": ("live_bad_group_title", "live_bad_group_text"),
}


# -- texts ----------------------------------------------------------------------------------------------------------


class _Number(float):
    """A number that formats with the decimal comma in Dutch (``{mean:.1f}`` -> ``3,2``)."""

    lang = "nl"

    def __format__(self, spec: str) -> str:
        text = float.__format__(self, spec)
        return text.replace(".", ",") if self.lang == "nl" else text


def _localise(value: Any, lang: str) -> Any:
    if isinstance(value, float):
        number = _Number(value)
        number.lang = lang
        return number
    return value


@bp.app_template_global("lt")
def live_text(key: str | Note, **params: Any) -> str:
    """A text of the catalogue (or a :class:`Note`) in the page's language, numbers in its notation."""
    if isinstance(key, Note):
        params = {**key.params, **params}
        key = key.key
    lang = current_lang()
    return t(lang, key, **{k: _localise(v, lang) for k, v in params.items()})


@bp.app_template_global("title_of")
def title_of(title: Any) -> str:
    """A page title: a definition text (by language) or a :class:`Note`."""
    if isinstance(title, Note):
        return live_text(title)
    return title.get(current_lang()) or title.get("nl") or next(iter(title.values()), "")


def refused(exc: live.LiveError):
    title, text = _TEXTS.get(exc.reason, ("live_unknown_title", "live_unknown_text"))
    return render_error(STATUS.get(exc.reason, 400), live_text(title), live_text(text))


# -- the presenter ----------------------------------------------------------------------------------------------------


def _round(round_id: int):
    try:
        return rounds.get_round(get_session(), round_id, current_user())
    except rounds.RoundNotFound:
        abort(404)


def join_url(code: str) -> str:
    """The address a phone opens: ``<base>/j/<code>``."""
    return f"{current_app.config['BASE_URL'].rstrip('/')}/j/{code}"


def qr_svg(url: str) -> Markup:
    """The join address as a QR code, an SVG made on the server (segno; no script, no image request)."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(
        scale=8,
        dark="#000000",
        light="#ffffff",
        border=2,
        omitsize=True,
        svgclass="qr",
        lineclass=None,
        title=None,
    )
    return Markup(svg)


@bp.get("/live/<int:round_id>")
@login_required
def presenter(round_id: int):
    """The presenter's screen, or a start page when the round has no running session."""
    rnd = _round(round_id)
    if rnd.status != STATUS_OPEN:
        return refused(live.RoundNotOpen())
    db = get_session()
    session_ = live.running(db, rnd.id)
    if session_ is None:
        return render_template("live/start.html", rnd=rnd)
    q = rounds.questionnaire_of(rnd)
    view = live.page_view(db, session_, q, rnd.min_group_size)
    url = join_url(session_.code)
    return render_template(
        "live/presenter.html",
        rnd=rnd,
        live=session_,
        view=view,
        q=q,
        join_url=url,
        qr=qr_svg(url),
        poll_ms=POLL_MS,
    )


@bp.post("/live/<int:round_id>/start")
@login_required
def start(round_id: int):
    rnd = _round(round_id)
    try:
        live.start(get_session(), rnd, current_actor())
    except live.LiveError as exc:
        return refused(exc)
    return redirect(url_for("live.presenter", round_id=rnd.id), code=303)


@bp.post("/live/<int:round_id>/action")
@login_required
def action(round_id: int):
    """A presenter button: previous, next, show, hide or end."""
    rnd = _round(round_id)
    db = get_session()
    session_ = live.running(db, rnd.id)
    what = request.form.get("action", "")
    if session_ is None or rnd.status != STATUS_OPEN:
        return refused(live.SessionEnded())
    if what == "end":
        stored = live.end(db, session_, current_actor())
        return render_template("live/ended.html", rnd=rnd, stored=stored)
    if what not in live.ACTIONS:
        return render_error(400, live_text("live_bad_action_title"), live_text("live_bad_action_text"))
    try:
        live.navigate(db, session_, what, len(live.pages(rounds.questionnaire_of(rnd))))
    except live.LiveError as exc:
        return refused(exc)
    if request.headers.get("X-Requested-With") == "fetch":
        return "", 204
    return redirect(url_for("live.presenter", round_id=rnd.id), code=303)


@bp.get("/live/<int:round_id>/panel")
@login_required
def panel(round_id: int):
    """The current page's panel as a fragment for the screen's script; 304 when it has not changed."""
    rnd = _round(round_id)
    db = get_session()
    session_ = live.running(db, rnd.id) if rnd.status == STATUS_OPEN else None
    if session_ is None:
        return "", 410
    q = rounds.questionnaire_of(rnd)
    html = render_template("live/_panel.html", view=live.page_view(db, session_, q, rnd.min_group_size), q=q)
    etag = hashlib.sha256(html.encode()).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        return "", 304, {"ETag": f'"{etag}"'}
    return html, 200, {"ETag": f'"{etag}"', "Content-Type": "text/html; charset=utf-8"}


# -- phones -----------------------------------------------------------------------------------------------------------


def _key_cookie_path(code: str) -> str:
    return f"/j/{code}"


@bp.get("/j")
def enter_code():
    """A form to type the code; a typed code goes to its page."""
    typed = request.args.get("code")
    if typed is not None:
        norm = live.normalise_code(typed)
        if norm is not None:
            return redirect(url_for("live.phone", code=norm), code=303)
        return render_template("live/code.html", error=True), 404
    return render_template("live/code.html", error=False)


def _resolve(code: str) -> live.Joined:
    """The phone's session and participant, read on the request's raw connection (the phones' hot path); a
    phone that has joined is marked as there (the presenter's participant count, :func:`live.seen`)."""
    key = request.cookies.get(KEY_COOKIE)
    joined = live.resolve(get_raw_connection(), code, key)
    if joined.participant_id is not None:
        live.seen(get_raw_connection(), stored_id(joined.live), key)
    return joined


@bp.get("/j/<code>")
def phone(code: str):
    """The presenter's current page on a phone (the group choice first)."""
    try:
        joined = _resolve(code)
    except live.LiveError as exc:
        return refused(exc)
    if joined.participant_id is None:
        release_raw_connection()  # one pooled connection per request
        return render_template(
            "live/join.html",
            live=joined.live,
            q=joined.questionnaire,
            groups=live.groups(get_session(), joined.live.round_id),
        )
    return _phone_page(joined)


def _phone_page(
    joined: live.Joined,
    *,
    saved: bool = False,
    errors: dict | None = None,
    values: dict | None = None,
    moved: bool = False,
    status: int = 200,
):
    db = get_raw_connection()
    q = joined.questionnaire
    pages = live.pages(q)
    index = min(joined.live.page, len(pages) - 1)
    page = pages[index]
    assert joined.participant_id is not None  # the callers send a phone that has not joined to the join page
    given = live.answers_of(db, joined.participant_id)
    answers = dict(given.get(index, {}))
    if values:
        answers.update(values)
    background = live.background_of(q, given)
    fs = formset(q)
    kinds = [fs.kinds[e.question.id] for e in page.entries if q.is_shown(e.question, background)]
    return render_template(
        "live/phone.html",
        live=joined.live,
        q=q,
        page=page,
        index=index,
        total=len(pages),
        kinds=kinds,
        answers=answers,
        errors=errors or {},
        saved=saved,
        moved=moved,
        poll_ms=POLL_MS,
    ), status


@bp.post("/j/<code>/join")
def join(code: str):
    try:
        joined = _resolve(code)
        if joined.participant_id is not None:
            return redirect(url_for("live.phone", code=joined.live.code), code=303)
        raw = request.form.get("group", "")
        release_raw_connection()  # one pooled connection per request
        key = live.join(get_session(), joined, int(raw) if raw.isdigit() else None)
    except live.LiveError as exc:
        return refused(exc)
    response = redirect(url_for("live.phone", code=joined.live.code), code=303)
    response.set_cookie(
        KEY_COOKIE,
        key,
        max_age=KEY_COOKIE_DAYS * 86400,
        path=_key_cookie_path(joined.live.code),
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure,
    )
    return response


@bp.post("/j/<code>")
def answer(code: str):
    """Keep the answers to the current page (a script posts each change; without one, the save button)."""
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    try:
        joined = _resolve(code)
    except live.LiveError as exc:
        return ({"error": exc.reason}, STATUS[exc.reason]) if wants_json else refused(exc)
    if joined.participant_id is None:
        return (
            ({"error": "not_joined"}, 403) if wants_json else redirect(url_for("live.phone", code=code), 303)
        )
    q = joined.questionnaire
    page_raw = request.form.get("page", "")
    pages = live.pages(q)
    if not page_raw.isdigit() or int(page_raw) >= len(pages):
        return render_error(400, live_text("live_bad_action_title"), live_text("live_bad_action_text"))
    index = int(page_raw)
    names = set(request.form.keys()) - {"csrf_token", "page", "lang"}
    unknown = sorted(str(n) for n in names - pages[index].fields())  # a nameless multipart part is None
    if unknown:
        return render_error(
            400,
            live_text("live_bad_action_title"),
            live_text("live_bad_action_text"),
            ", ".join(n[:60] for n in unknown[:20]),
        )
    changes, errors = formset(q).validate(request.form, names)
    if errors:
        if wants_json:
            return {"error": "invalid", "fields": errors}, 422
        return _phone_page(joined, errors=errors, values={n: request.form.get(n) for n in names}, status=422)
    try:
        live.answer(get_raw_connection(), joined, index, changes)
    except live.PageMoved:
        if wants_json:
            return {"error": "moved"}, 409
        return _phone_page(_resolve(code), moved=True, status=409)
    except live.LiveError as exc:
        return ({"error": exc.reason}, STATUS[exc.reason]) if wants_json else refused(exc)
    except AnswerError as exc:
        if wants_json:
            return {"error": "invalid", "fields": {exc.field: exc.message(current_lang())}}, 422
        return _phone_page(joined, errors={exc.field: exc.message(current_lang())}, status=422)
    if wants_json:
        return {"saved": True}
    return _phone_page(joined, saved=True)


@bp.get("/j/<code>/state")
def state(code: str):
    """What a phone polls: the session's version and page, from one row; 304 while it is unchanged. The poll of
    a joined phone also keeps its presence slot (one more indexed read; a write once per ``live.PRESENCE_STEP``)."""
    db = get_raw_connection()
    found = live.phone_state(db, code)
    if found is None:
        return {"error": "unknown"}, 404
    if not found.ended:
        live.seen(db, found.session_id, request.cookies.get(KEY_COOKIE))
    etag = f"v{found.version}{'e' if found.ended else ''}"
    if request.if_none_match.contains(etag):
        return "", 304, {"ETag": f'"{etag}"'}
    body = {"version": found.version, "page": found.page, "ended": found.ended}
    return make_response(body, 200, {"ETag": f'"{etag}"'})
