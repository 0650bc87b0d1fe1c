"""The preview of a definition: the real participant form, storing nothing (docs/architecture.md, "Preview").

``/dashboard/questionnaires/<id>/preview`` (any version, for a facilitator) and ``/p/<token>`` (a preview
link: the latest version, no account) show the definition with the participant's templates, fields and checks
(:mod:`scanengine.web.participant`, :mod:`scanengine.web.fields`), with and without JavaScript, in every
language of the definition. Nothing is written: no round, no link, no draft, no response. Without JavaScript
the answers of the other pages travel with each page as hidden fields (the participant's path keeps them in a
draft instead); with JavaScript the script keeps them in the page and, told by ``data-no-store``, not in the
browser's storage either. "Submit" runs the submission's checks and says how far a participant would get.

A preview link reaches one definition's form and nothing else: no dashboard, no round, no answers; only the
SHA-256 of its secret is kept, and it stops working when revoked or when the definition is deleted. Its pages
ask search engines not to index them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from scanengine import library, participation
from scanengine.definition import Questionnaire
from scanengine.models import DEFAULT_K
from scanengine.participation import ResolvedLink
from scanengine.responses import AnswerError
from scanengine.web import participant
from scanengine.web.auth import login_required
from scanengine.web.dbsession import get_session
from scanengine.web.errors import render_error
from scanengine.web.fields import formset
from scanengine.web.i18n import current_lang, gettext

bp = Blueprint("preview", __name__)

ACTIONS = ("next", "back", "save", "submit")


@bp.after_request
def _private(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.route("/dashboard/questionnaires/<qid>/preview", methods=["GET", "POST"])
@login_required
def dashboard(qid: str):
    """A facilitator's preview of a definition (``?version=N`` for a kept definition's older version)."""
    number = request.args.get("version", type=int)
    try:
        q = library.load(get_session(), qid, number)
    except library.LibraryError:
        abort(404)
    args: dict[str, Any] = {"qid": qid, **({"version": number} if number else {})}
    return _run(q, functools.partial(url_for, "preview.dashboard", **args))


@bp.route("/p/<token>", methods=["GET", "POST"])
def shared(token: str):
    """The preview behind a preview link: the latest version of its definition, without an account."""
    q = library.preview_target(get_session(), token)
    if q is None:
        return render_error(404, gettext("ed_preview_gone_title"), gettext("ed_preview_gone_text"))
    return _run(q, functools.partial(url_for, "preview.shared", token=token))


def _link(q: Questionnaire) -> ResolvedLink:
    """What the participant's templates need of a link, for no round at all (the default k for its texts)."""
    return ResolvedLink(0, False, 0, 0, q, DEFAULT_K)


def carried(q: Questionnaire, answers: Mapping[str, Any], shown: set[str]) -> Iterator[tuple[str, str]]:
    """The answers of the pages not shown, as the form fields that post them again (an option's value of a
    ranking or points as ``<question>.<option>``, several choices as a repeated field)."""
    for e in q.entries:
        qid = e.question.id
        if qid in shown or qid not in answers:
            continue
        value = answers[qid]
        if isinstance(value, Mapping):
            yield from ((f"{qid}.{k}", str(v)) for k, v in value.items())
        elif isinstance(value, list | tuple):
            yield from ((qid, str(v)) for v in value)
        elif value is not None:
            yield qid, str(value)


def _run(q: Questionnaire, form_url):
    link = _link(q)
    if request.method == "GET":
        pages = participation.pages(q, {})
        asked = request.args.get("page", "")
        idx = min(int(asked), len(pages) - 1) if asked.isdigit() else 0
        return _page(link, {}, pages, idx, form_url, document=idx == 0)
    form = request.form
    names = set(form.keys())
    control = participant.CONTROL_FIELDS
    unknown = sorted(str(n) for n in names - control - participation.field_ids(q))
    action, page_raw = form.get("action", "next"), form.get("page", "0")
    if unknown or action not in ACTIONS or not page_raw.isdigit():
        return render_error(400, gettext("bad_request_title"), gettext("p_bad_control_text"))
    fs = formset(q)
    changes, errors = fs.validate(form, names - control)
    answers = participation.merge({}, changes)  # every answer travels with the form: nothing is kept here
    if form.get("all_answers") == "1":
        return _all(link, answers, errors, action)
    pages = participation.pages(q, answers)
    idx = min(int(page_raw), len(pages) - 1)
    if errors:
        shown = participation.merge(answers, fs.posted(form, errors))
        pages = participation.pages(q, shown)
        idx = participant.page_with_errors(pages, min(idx, len(pages) - 1), errors)
        return _page(link, shown, pages, idx, form_url, errors=errors, status=422)
    if action == "submit":
        try:
            participation.pack(q, answers)
        except AnswerError as exc:
            errors = {exc.field: exc.message(current_lang())}
            idx = participant.page_with_errors(pages, idx, errors)
            return _page(link, answers, pages, idx, form_url, errors=errors, status=422)
        return _done(q, form_url)
    step = {"next": 1, "back": -1}.get(action, 0)
    idx = max(0, min(idx + step, len(pages) - 1))
    return _page(link, answers, pages, idx, form_url, saved=action == "save")


def _all(link: ResolvedLink, answers: dict, errors: dict[str, str], action: str):
    """The form with JavaScript: a save says nothing is kept; a submission is checked as a real one."""
    if errors:
        return jsonify(errors=errors), 422
    if action == "save":
        return jsonify(message=gettext("ed_preview_saved"))
    if action != "submit":
        return render_error(400, gettext("bad_request_title"), gettext("p_bad_control_text"))
    try:
        participation.pack(link.questionnaire, answers)
    except AnswerError as exc:
        return jsonify(errors={exc.field: exc.message(current_lang())}), 422
    return _done(link.questionnaire, None)


def _page(link, answers, pages, idx, form_url, *, errors=None, saved=False, document=False, status=200):
    page = pages[idx]
    shown = set(page.fields)
    html = participant.render_for(
        link,
        answers,
        pages,
        idx,
        form_url=form_url,
        errors=errors,
        saved=saved,
        document=document,
        preview=True,
        carried=list(carried(link.questionnaire, answers, shown)),
    )
    return html, status


def _done(q: Questionnaire, form_url):
    """Where a participant's submission would end: the preview's own page (nothing was stored)."""
    again = form_url() if form_url is not None else request.path
    return render_template("editor/preview_done.html", q=q, again=again), 200
