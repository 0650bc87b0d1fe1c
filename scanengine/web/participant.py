"""The participant blueprint: ``GET/POST /s/<token>``, a thin shell over :mod:`scanengine.participation`.

HTTP interface (fixed; outside clients use it):

* ``GET /s/<token>`` shows the page where the draft is; ``?page=N`` goes back to a page already reached.
* ``POST /s/<token>`` with ``csrf_token``, ``page`` (index of the page posted), ``action`` in
  ``next|back|save|submit`` and any answer fields of ANY page (statement id -> ``1..points`` or ``dk``,
  background question id -> option id, open question id -> text). ``lang`` may be posted or given as ``?lang=``.
* With JavaScript (``static/form.js``) the first ``GET`` carries every page of the questionnaire as JSON in the
  ``data-form`` attribute of ``#form-data`` (``page``, ``answers``, ``html``, ``texts``) and the pages turn in the browser. The script
  posts only when asked: ``action=save`` or ``action=submit`` with ``all_answers=1`` and every answer of the form
  (a field not posted is cleared), and for a submission ``submission``, a random id (16-64 characters of
  ``A-Za-z0-9_-``) kept for retries: a submission stored before is answered with the thank-you page again, even
  when the link is used or the round closed since. Refused values (and a required question the submission
  finds open) answer 422 with JSON ``{"errors": {question id: message}}``; a save answers 200 with JSON
  ``{"message": ...}``; a submission the thank-you page. Each question of the pages carries its checks as
  ``data-rules`` (web/fields.py ``FieldKind.rules``), which the script applies before a step moves on.
* Status codes: unknown field names 400 (listed), bad ``action``/``page`` 400, invalid values 422 (the page
  again with the error next to each field; nothing stored), unknown link 404, round not yet open 403, link
  already used 410 (Gone: a personal link's one use is spent, like a closed round), round closed 410, body too
  large 413 (app-wide limit), missing CSRF 400 (app-wide handler). Success pages are 200 and are sent only
  after the change is committed.

Pages are rendered straight from the POST (no redirect) to keep the flow at about one request per page.
Participant pages are never cached (``Cache-Control: no-store``, set on every page but static files by
:mod:`scanengine.web.security`).

It is longer than ~400 lines because both paths of the form (page by page, and the whole form with JavaScript)
share its request handling, caches and refusals; splitting them would duplicate those.
"""

from __future__ import annotations

import functools
import json
import re
import secrets

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from scanengine import cache, participation
from scanengine.participation import DraftState, LinkRefused, Page, ResolvedLink
from scanengine.responses import AnswerError
from scanengine.web.dbsession import get_raw_connection
from scanengine.web.errors import render_error
from scanengine.web.fields import FieldKind, formset
from scanengine.web.i18n import current_lang, gettext
from scanengine.web.security import LINK_PATH

bp = Blueprint("participant", __name__)

RESUME_COOKIE = "scanengine_resume"
RESUME_COOKIE_DAYS = 90
ACTIONS = ("next", "back", "save", "submit")
CONTROL_FIELDS = frozenset({"csrf_token", "page", "action", "lang", "all_answers", "submission"})

# status code per refusal reason (see the module doc)
REFUSAL_STATUS = {"unknown": 404, "used": 410, "not_open": 403, "closed": 410}

_REFUSAL_TEXT = {
    "unknown": ("p_unknown_title", "p_unknown_text"),
    "used": ("p_used_title", "p_used_text"),
    "not_open": ("p_not_open_title", "p_not_open_text"),
    "closed": ("p_closed_title", "p_closed_text"),
}


def refused(exc: LinkRefused):
    title, text = _REFUSAL_TEXT.get(exc.reason, ("bad_request_title", "bad_request_text"))
    return render_error(REFUSAL_STATUS.get(exc.reason, 400), gettext(title), gettext(text))


@bp.route(f"{LINK_PATH}<token>", methods=["GET", "POST"])
def form(token: str):
    """One step of the questionnaire behind a link (see the module doc for the interface)."""
    db = get_raw_connection()
    try:
        link = participation.resolve_link(db, token)
    except LinkRefused as exc:
        if (
            request.method == "POST"
        ):  # a retried submission that was stored before: thank again, store nothing
            q = participation.submitted(db, token, request.form.get("submission", ""))
            if q is not None:
                return _thanks_page(q)
        return refused(exc)
    resume_key = request.cookies.get(RESUME_COOKIE) if link.shared else None
    if request.method == "POST" and request.form.get("all_answers") == "1":
        # the whole form at once: what a draft held does not count (a save replaces it, a submission deletes it)
        return _post(db, token, link, DraftState(), resume_key)
    state = participation.load_draft(db, link, resume_key)
    if not state.exists:
        resume_key = None
    if request.method == "GET":
        return _show(token, link, state)
    return _post(db, token, link, state, resume_key)


def _show(token: str, link: ResolvedLink, state: DraftState):
    pages = participation.pages(link.questionnaire, state.answers)
    idx = state.page
    asked = request.args.get("page", "")
    if asked.isdigit() and int(asked) <= state.reached:
        idx = int(asked)
    return _render_page(token, link, state.answers, pages, min(idx, len(pages) - 1), document=True)


def _post(db, token: str, link: ResolvedLink, state: DraftState, resume_key: str | None):
    q = link.questionnaire
    form = request.form
    names = set(form.keys())
    unknown = sorted(
        str(n) for n in names - CONTROL_FIELDS - participation.field_ids(q)
    )  # a nameless part is None
    if unknown:
        listed = ", ".join(n[:60] for n in unknown[:20]) + (" …" if len(unknown) > 20 else "")
        return render_error(400, gettext("p_unknown_fields_title"), gettext("p_unknown_fields_text"), listed)
    action = form.get("action", "next")
    page_raw = form.get("page", str(state.page))
    if action not in ACTIONS or not page_raw.isdigit() or len(form.getlist("action")) > 1:
        return render_error(400, gettext("bad_request_title"), gettext("p_bad_control_text"))

    fs = formset(q)
    changes, errors = fs.validate(form, names - CONTROL_FIELDS)
    if form.get("all_answers") == "1":
        return _post_all(db, token, link, changes, errors, resume_key)
    old_pages = participation.pages(q, state.answers)
    idx = min(int(page_raw), len(old_pages) - 1)
    if errors:
        shown = participation.merge(state.answers, changes)
        shown.update(fs.posted(form, errors))
        pages = participation.pages(q, shown)
        idx = page_with_errors(pages, min(idx, len(pages) - 1), errors)
        return _render_page(token, link, shown, pages, idx, errors=errors, status=422)

    if action == "submit":
        try:
            participation.submit(db, link, changes, resume_key, secret=current_app.config["SECRET_KEY"])
        except LinkRefused as exc:
            return refused(exc)
        except AnswerError as exc:  # e.g. a required question left open: its page again, with the message
            answers = participation.merge(state.answers, changes)
            pages = participation.pages(q, answers)
            errors = {exc.field: exc.message(current_lang())}
            return _render_page(
                token, link, answers, pages, page_with_errors(pages, idx, errors), errors=errors, status=422
            )
        response = current_app.make_response((_thanks_page(q), 200))
        if link.shared:
            response.delete_cookie(RESUME_COOKIE, path=_cookie_path(token))
        return response

    answers = participation.merge(state.answers, changes)
    pages = participation.pages(q, answers)
    step = {"next": 1, "back": -1}.get(action, 0)
    new = max(0, min(idx + step, len(pages) - 1))
    new_key = resume_key
    if link.shared and not new_key:
        new_key = participation.new_resume_key()
    draft = DraftState(answers=answers, page=new, reached=max(state.reached, new))
    participation.save_draft(db, link, draft, new_key)
    response = current_app.make_response(
        _render_page(token, link, answers, pages, new, saved=action == "save")
    )
    _set_resume_cookie(response, token, link, new_key, resume_key)
    return response


def _post_all(
    db, token: str, link: ResolvedLink, changes: dict, errors: dict[str, str], resume_key: str | None
):
    """A save or a submission from the form with JavaScript: every answer at once (see the module doc)."""
    form = request.form
    action = form.get("action")
    page_raw = form.get("page", "0")
    if action not in ("save", "submit") or not page_raw.isdigit():
        return render_error(400, gettext("bad_request_title"), gettext("p_bad_control_text"))
    if errors:
        return jsonify(errors=errors), 422
    if action == "submit":
        try:
            participation.submit_all(
                db,
                link,
                token,
                form.get("submission", ""),
                changes,
                resume_key,
                secret=current_app.config["SECRET_KEY"],
            )
        except AnswerError as exc:  # e.g. a required question left open: the script shows it on its page
            return jsonify(errors={exc.field: exc.message(current_lang())}), 422
        except ValueError:  # a malformed submission id (AnswerError is a ValueError too: caught above)
            return render_error(400, gettext("bad_request_title"), gettext("p_bad_control_text"))
        except LinkRefused as exc:
            return refused(exc)
        response = current_app.make_response((_thanks_page(link.questionnaire), 200))
        if link.shared:
            response.delete_cookie(RESUME_COOKIE, path=_cookie_path(token))
        return response
    answers = participation.merge({}, changes)
    pages = participation.pages(link.questionnaire, answers)
    page = min(int(page_raw), len(pages) - 1)
    new_key = resume_key or (participation.new_resume_key() if link.shared else None)
    participation.save_draft(db, link, DraftState(answers=answers, page=page, reached=page), new_key)
    response = jsonify(message=gettext("p_saved_group") if link.shared else gettext("p_saved"))
    _set_resume_cookie(response, token, link, new_key, resume_key)
    return response


def _set_resume_cookie(
    response, token: str, link: ResolvedLink, new_key: str | None, old_key: str | None
) -> None:
    if link.shared and new_key != old_key:
        response.set_cookie(
            RESUME_COOKIE,
            new_key,
            max_age=RESUME_COOKIE_DAYS * 86400,
            path=_cookie_path(token),
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure,
        )


def _thanks_page(q) -> str:
    """The thank-you page depends only on the definition and the language: rendered once for each."""
    store = cache.active()
    return store.get(
        "thanks",
        (store.sha(q), current_lang(), request.script_root),
        lambda: render_template("participant/thanks.html", q=q),
    )


def _cookie_path(token: str) -> str:
    """The link's pages, under the app's script root: the path of its cookies (the language cookie of
    web/security.py's LinkSession has the same)."""
    return f"{request.script_root}{LINK_PATH}{token}"


def page_with_errors(pages: list[Page], idx: int, errors: dict[str, str]) -> int:
    """The posted page if it shows an error, else the first page that does (a client may post every page)."""
    if any(f in errors for f in pages[idx].fields):
        return idx
    for i, page in enumerate(pages):
        if any(f in errors for f in page.fields):
            return i
    return idx


def field_html(kind: FieldKind, value, error: str | None) -> Markup:
    """One question rendered by its kind's macro in ``participant/_fields.html``.

    Without an error the HTML depends only on (definition, field, value, language), so it is rendered once and
    kept in the page cache: rendering the radio groups was the largest cost of a page (bench/submit_load.py).
    Pages with errors are rendered fresh.
    """
    if isinstance(value, _FieldMark):
        return Markup(f"\x00{_FIELD_OP}{kind.id}\x00")
    if error is None and kind.cacheable:
        store = cache.active()
        return store.get(
            "field_html",
            (store.sha(kind.q), kind.id, value, current_lang()),
            lambda: _render_field(kind, value, None),
        )
    return _render_field(kind, value, error)


def _render_field(kind: FieldKind, value, error: str | None) -> Markup:
    """The kind's macro inside an element carrying the question's data attributes (read by static/form.js)."""
    macro = getattr(current_app.jinja_env.get_template("participant/_fields.html").module, kind.macro)
    attrs = "".join(f' data-{name}="{escape(value)}"' for name, value in kind.data_attributes().items())
    return Markup(f'<div class="question"{attrs}>') + Markup(macro(kind, value, error)) + Markup("</div>")


bp.add_app_template_global(field_html, "field_html")


def _render_page(
    token: str,
    link: ResolvedLink,
    answers: dict,
    pages: list[Page],
    idx: int,
    *,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    status: int = 200,
    document: bool = False,
):
    """A page of the form; ``document``: with the whole questionnaire for the script (the first GET)."""
    if not errors and pages[idx].kind != participation.PAGE_REVIEW and _PLAIN_TOKEN.fullmatch(token):
        html = _from_skeleton(token, link, answers, pages, idx, saved, document)
        if html is not None:
            return html, status
    form_data = Markup(_form_data(link, answers, idx)) if document else None
    return _render_template(
        token, link, answers, pages, idx, errors=errors, saved=saved, form_data=form_data
    ), status


def _attr_json(value) -> str:
    """JSON escaped for an HTML attribute value (the data block is an attribute: the CSP allows no inline script)."""
    return str(escape(json.dumps(value, ensure_ascii=False, separators=(",", ":"))))


def _form_data(link: ResolvedLink, answers: dict, idx: int) -> str:
    """The data block of the whole questionnaire: the participant's page and answers (a draft saved on the
    server) around every page rendered once per definition, language and link kind (the page cache)."""
    static, _ = _document(link)
    return f"{{&#34;page&#34;:{idx},&#34;answers&#34;:{_attr_json(answers)},{static}}}"


def _form_data_bytes(link: ResolvedLink, answers: dict, idx: int) -> bytes:
    """:func:`_form_data` encoded, from the static part kept encoded (encoding its ~95 KB for each request
    was avoidable work: the text is not ASCII)."""
    _, static = _document(link)
    head = f"{{&#34;page&#34;:{idx},&#34;answers&#34;:{_attr_json(answers)},"
    return b"".join((head.encode(), static, b"}"))


def _document(link: ResolvedLink) -> tuple[str, bytes]:
    """The data block's static part for the link's definition, language and link kind, from the page cache."""
    store = cache.active()
    key = (
        "document",
        store.sha(link.questionnaire),
        current_lang(),
        link.shared,
        link.min_group_size,
        request.script_root,
    )
    return store.get("skeleton", key, lambda: _document_parts(link))


def _document_parts(link: ResolvedLink) -> tuple[str, bytes]:
    """Every page of :func:`participation.document_pages` as a fragment, and the texts the script shows (the
    data block's static part, as text and encoded)."""
    pages = participation.document_pages(link.questionnaire)
    html = "".join(
        _render_template("", link, {}, pages, j, fragment=True, title_id=f"page-title-{j}")
        for j in range(len(pages))
    )
    html = re.sub(r"\s+", " ", html)  # the templates' indentation; no pre, and textareas are empty here
    texts = {key: gettext(key) for key in ("p_errors_title", "p_errors_text", "p_offline", "p_sending")}
    static = f"&#34;html&#34;:{_attr_json(html)},&#34;texts&#34;:{_attr_json(texts)}"
    return static, static.encode()


def _render_template(
    token: str,
    link: ResolvedLink,
    answers,
    pages: list[Page],
    idx: int,
    *,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    **extra,
) -> str:
    """The page rendered by its template: the source of truth for every page and the only way for pages with
    errors and the review page (whose content depends on every answer)."""
    q = link.questionnaire
    page = pages[idx]
    fs = formset(q)
    dimension = q.dimensions[page.dimension_index] if page.dimension_index is not None else None
    review = []
    if page.kind == participation.PAGE_REVIEW:
        by_id = {item.id: item for item in q.items}
        if extra.get("fragment"):  # the script hides what is answered
            missing = [
                (i, p, list(p.fields)) for i, p in enumerate(pages) if p.kind == participation.PAGE_DIMENSION
            ]
        else:
            missing = participation.unanswered(q, answers)
        for i, p, fields in missing:
            assert p.dimension_index is not None  # the review lists dimension pages only
            review.append((i, q.dimensions[p.dimension_index], [by_id[f] for f in fields]))
    extra.setdefault("title_id", "page-title")
    extra.setdefault("form_url", functools.partial(url_for, "participant.form", token=token))
    return render_template(
        f"participant/{page.kind}.html",
        q=q,
        token=token,
        page=page,
        idx=idx,
        pages=pages,
        total=len(pages),
        answers=answers,
        kinds=fs.page_kinds(page),
        errors=errors or {},
        saved=saved,
        shared=link.shared,
        error_list=[
            (fid, kind.obj.text, errors[fid]) for fid, kind in fs.kinds.items() if errors and fid in errors
        ],
        dimension=dimension,
        review=review,
        lang=current_lang(),
        k=link.min_group_size,
        **extra,
    )


def render_for(
    link: ResolvedLink,
    answers: dict,
    pages: list[Page],
    idx: int,
    *,
    form_url,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    document: bool = False,
    **extra,
) -> str:
    """A page of the form rendered in full by its template for a caller other than a participant's link (the
    questionnaire editor's preview): ``form_url(**args)`` is where the page posts and links to; ``extra`` reaches
    the templates (``preview``, ``carried``). The page skeletons are not used: they belong to links."""
    form_data = Markup(_form_data(link, answers, idx)) if document else None
    return _render_template(
        "",
        link,
        answers,
        pages,
        idx,
        errors=errors,
        saved=saved,
        form_data=form_data,
        form_url=form_url,
        **extra,
    )


# -- page skeletons ---------------------------------------------------------------------------------------------------
#
# Rendering a page with Jinja was the largest part of a request's CPU (BENCHMARKS.md section 1). Apart from the
# link token, the CSRF token and the fields' values, a page without errors is the same for every participant
# with the same pages, step, language and flags. So each such page is rendered ONCE by its template, with
# markers in place of those three, split at the markers, and later filled in: the token verbatim (only tokens
# that url_for and HTML escaping leave unchanged take this path), the CSRF token from Flask-WTF, and each field
# from field_html's cache. The templates stay the only description of a page; tests/test_participant.py checks
# that every page filled in this way equals the template rendered in full.

_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,200}")
_MARK = secrets.token_hex(8)  # letters and digits: url_for and escaping leave it as it is
_TOKEN_MARK, _CSRF_MARK, _DATA_MARK = f"t{_MARK}t", f"c{_MARK}c", f"d{_MARK}d"
_TOKEN_OP, _CSRF_OP, _DATA_OP, _FIELD_OP = "T", "C", "D", "F"
_TOKEN_SLOT, _CSRF_SLOT, _DATA_SLOT = object(), object(), object()


class _FieldMark:
    """A field's value while a skeleton is rendered: field_html writes a marker for it."""

    __slots__ = ("fid",)

    def __init__(self, fid: str):
        self.fid = fid


class _MarkedAnswers:
    """Stands in for the answers in a skeleton: every value a marker; truthy when the real answers are."""

    def __init__(self, any_answer: bool):
        self.any_answer = any_answer

    def get(self, fid, default=None):
        return _FieldMark(fid)

    def __bool__(self):
        return self.any_answer


def _skeleton(link: ResolvedLink, any_answer: bool, pages: list[Page], idx: int, saved: bool, document: bool):
    """The page split at its markers: even entries are HTML, odd ones the token, the CSRF token or a field kind.
    None when the markers cannot be told apart from the page (a definition text with a NUL character)."""
    html = _render_template(
        _TOKEN_MARK,
        link,
        _MarkedAnswers(any_answer),
        pages,
        idx,
        saved=saved,
        csrf_token=lambda: _CSRF_MARK,
        form_data=_DATA_MARK if document else None,
    )
    parts: list = (
        html.replace(_TOKEN_MARK, f"\x00{_TOKEN_OP}\x00")
        .replace(_CSRF_MARK, f"\x00{_CSRF_OP}\x00")
        .replace(_DATA_MARK, f"\x00{_DATA_OP}\x00")
        .split("\x00")
    )
    kinds = formset(link.questionnaire).kinds
    for i in range(0, len(parts), 2):  # the page's own HTML, encoded once (see _from_skeleton)
        parts[i] = parts[i].encode()
    for i in range(1, len(parts), 2):
        op = parts[i]
        if op == _TOKEN_OP:
            parts[i] = _TOKEN_SLOT
        elif op == _CSRF_OP:
            parts[i] = _CSRF_SLOT
        elif op == _DATA_OP:
            parts[i] = _DATA_SLOT
        else:
            kind = kinds.get(op[1:]) if op.startswith(_FIELD_OP) else None
            if kind is None:
                return None
            parts[i] = kind
    return parts if len(parts) % 2 == 1 else None


def _from_skeleton(
    token: str,
    link: ResolvedLink,
    answers: dict,
    pages: list[Page],
    idx: int,
    saved: bool,
    document: bool = False,
) -> bytes | None:
    """The page from its skeleton, as the encoded response body (its static parts are kept encoded: encoding
    the whole questionnaire's text for each request cost a fifth of the form page's CPU)."""
    store = cache.active()
    key = (
        store.sha(link.questionnaire),
        tuple(pages),
        idx,
        current_lang(),
        saved,
        link.shared,
        link.min_group_size,
        bool(answers),
        request.script_root,
        document,
    )
    parts = store.get("skeleton", key, lambda: _skeleton(link, bool(answers), pages, idx, saved, document))
    if parts is None:
        return None
    out = parts.copy()
    for i in range(1, len(out), 2):
        op = out[i]
        if op is _TOKEN_SLOT:
            out[i] = token.encode()
        elif op is _CSRF_SLOT:
            out[i] = generate_csrf().encode()
        elif op is _DATA_SLOT:
            out[i] = _form_data_bytes(link, answers, idx)
        else:
            out[i] = field_html(op, answers.get(op.id), None).encode()
    return b"".join(out)
