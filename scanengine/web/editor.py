"""The questionnaire editor: ``/dashboard/questionnaires`` (docs/architecture.md, "Questionnaire editor").

A thin layer: the pages and their reading are :mod:`scanengine.editing`'s, the definitions and their versions
:mod:`scanengine.library`'s, and every save runs the validator of ``scanengine validate``
(``definition.parse``); nothing it refuses is saved, and each of its problems is shown beside the field it
concerns, in the page's language. A page posts its whole form: *save*, or a button of a list (up, down, delete:
a delete waits for its confirmation, by the page that repeats the form, or by the script's dialog). Every page
carries the SHA-256 of the version it was made from, so a save over a change made meanwhile (another window, a
colleague) is refused instead of undoing it.

Everyone with an account sees, previews, exports and copies every definition; the owner and admins change one.
"""

from __future__ import annotations

import copy

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from scanengine import audit, definition, library
from scanengine.definition import DefinitionError, Problem
from scanengine.editing import fields as f
from scanengine.editing import pages, places
from scanengine.editing.parts import BLOCKS, section_kinds
from scanengine.texts import Note
from scanengine.web import i18n
from scanengine.web.auth import current_actor, logged_in_user, login_required
from scanengine.web.dbsession import get_session
from scanengine.web.editor_forms import ConfirmForm, CopyForm, ImportForm, page_form

bp = Blueprint("editor", __name__, url_prefix="/dashboard/questionnaires")


@bp.app_template_global("note")
def note(key: str, **params) -> Note:
    """A text of the catalogue still to be written (for ``words``)."""
    return Note(key, params)


@bp.app_template_global("here")
def here() -> str:
    """This page's address with its query (where a page's form posts back to)."""
    query = request.query_string.decode("utf-8", "replace")
    return request.path + (f"?{query}" if query else "")


UPLOAD_MAX_BYTES = 200 * 1024  # as the create-round page
CHANGES_SHOWN = 8  # changes listed in the message after a save (the versions list has them all)
CONTROL = frozenset({"csrf_token", "confirmed"})


def _lang() -> str:
    return i18n.current_lang()


def _say(key: str, **params) -> str:
    return places.render(_lang(), Note(key, params)) if params else i18n.gettext(key)


def _problems(doc: dict) -> list[Problem]:
    """The validator's problems with ``doc`` (none: it may be saved)."""
    try:
        definition.parse(doc, "<editor>")
    except DefinitionError as exc:
        return list(exc.problems)
    return []


def _flash_saved(saved: library.Saved) -> None:
    if saved.status == library.UNCHANGED:
        flash(_say("ed_unchanged"), "ok")
        return
    flash(
        _say("ed_saved_new_version", n=saved.number)
        if saved.status == library.NEW_VERSION
        else _say("ed_saved"),
        "ok",
    )
    shown = [places.render(_lang(), note) for note in saved.changes[:CHANGES_SHOWN]]
    if shown:
        flash("; ".join(shown) + (" …" if len(saved.changes) > CHANGES_SHOWN else ""), "ok")


# -- the list -------------------------------------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    """Shipped definitions (read-only) and the instance's own, with what the user may do; import and new."""
    return _index()


def _index(
    *, import_errors: list[tuple[str, str]] | None = None, import_refused: str | None = None, status=200
):
    db = get_session()
    listed = library.listing(db, logged_in_user())
    return render_template(
        "editor/index.html",
        shipped=[x for x in listed if x.origin == library.SHIPPED],
        kept=[x for x in listed if x.origin == library.KEPT],
        import_form=ImportForm(),
        import_errors=import_errors or [],
        import_refused=import_refused,
        words=places.render,
    ), status


@bp.post("/import")
@login_required
def import_file():
    """Keep an uploaded JSON file: a new definition, or the next content of one of the user's own."""
    form = ImportForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    raw = upload.read(UPLOAD_MAX_BYTES + 1) if upload else b""
    if not upload or not upload.filename:
        return _index(import_refused=_say("ed_upload_missing"), status=400)
    if len(raw) > UPLOAD_MAX_BYTES:
        return _index(import_refused=_say("ed_upload_large", max=UPLOAD_MAX_BYTES // 1024), status=400)
    source = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload.json"
    db = get_session()
    user = logged_in_user()
    try:
        done = library.import_definition(db, raw, source, owner=user, editor=user, actor=current_actor())
    except DefinitionError as exc:
        db.rollback()
        return _index(import_errors=places.file_problems(raw, exc.problems, _lang()), status=422)
    except library.LibraryError as exc:
        db.rollback()
        return _index(import_refused=exc.text(_lang()), status=422)
    db.commit()
    q, saved = done.questionnaire, done.saved
    if saved is None:
        flash(_say("ed_imported_shipped", id=q.id), "ok")
    elif saved.status == library.UNCHANGED:
        flash(_say("ed_imported_unchanged", id=q.id, n=saved.number), "ok")
    else:
        flash(_say("ed_imported", id=q.id, n=saved.number), "ok")
    return redirect(url_for("editor.overview", qid=q.id), code=303)


# -- one definition -------------------------------------------------------------------------------------------


def _listed(qid: str) -> library.Listed:
    try:
        return library.detail(get_session(), qid, logged_in_user())
    except library.LibraryError:
        abort(404)


def _doc(qid: str) -> tuple[dict, str]:
    """The latest version of a definition as JSON data, with its SHA-256."""
    db = get_session()
    try:
        q = library.load(db, qid)
    except library.LibraryError:
        abort(404)
    return q.document(), q.sha256


@bp.route("/<qid>/", methods=["GET", "POST"])
@login_required
def overview(qid: str):
    """The definition: its parts (moved and deleted here), versions with their changes, rounds, preview, log."""
    return _edit(qid, "")


@bp.route("/<qid>/edit/<path:part>", methods=["GET", "POST"])
@login_required
def edit(qid: str, part: str):
    """One page of the definition (see scanengine.editing.pages for the parts)."""
    return _edit(qid, part)


def _edit(qid: str, part: str):
    listed = _listed(qid)
    doc, sha = _doc(qid)
    if part and not listed.editable:
        flash(
            _say("lib_shipped_readonly" if listed.origin == library.SHIPPED else "lib_not_yours", id=qid),
            "error",
        )
        return redirect(url_for("editor.overview", qid=qid))
    try:
        pg = pages.page(doc, part, request.values.get("kind", ""))
    except pages.PageNotFound:
        abort(404)
    if request.method == "GET" or not listed.editable:
        return _show(listed, pg, doc, sha)
    if request.form.get("base") != sha:
        flash(_say("ed_conflict"), "error")
        return redirect(here(), code=303)
    action = f.Action.parse(request.form.get("action"), confirmed=request.form.get("confirmed") == "1")
    outcome = pages.read(pg, doc, request.form)
    problems = outcome.reading.problems + _problems(outcome.doc)
    if problems:
        return _show(
            listed, pg, outcome.doc, sha, posted=True, problems=problems, languages=outcome.languages
        )
    final = outcome.doc
    if action.verb != "save":
        final = copy.deepcopy(outcome.doc)
        done, what = pages.apply(final, action, outcome.reading)
        if action.verb == f.DELETE and not action.confirmed and what is not None:
            return _confirm(listed, pg, what)
        problems = _problems(final)
        if problems:
            return _show(
                listed, pg, outcome.doc, sha, posted=True, problems=problems, languages=outcome.languages
            )
    db = get_session()
    try:
        saved = library.save(db, qid, final, editor=logged_in_user(), actor=current_actor(), base_sha=sha)
    except library.LibraryError as exc:
        db.rollback()
        flash(exc.text(_lang()), "error")
        return redirect(here(), code=303)
    db.commit()
    _flash_saved(saved)
    return redirect(_after_save(qid, pg, action), code=303)


def _after_save(qid: str, pg: pages.Page, action: f.Action) -> str:
    """Where a save leads: a new element to its own page, a list's button back to its place, else the page."""
    if pg.saved_part and pg.panels[-1].new:
        return url_for("editor.edit", qid=qid, part=pg.saved_part)
    anchor = f"#{action.target}" if action.target else ""
    target = url_for("editor.edit", qid=qid, part=pg.part) if pg.part else url_for("editor.overview", qid=qid)
    return target + anchor


def _show(
    listed: library.Listed,
    pg: pages.Page,
    doc: dict,
    sha: str,
    *,
    posted: bool = False,
    problems: list[Problem] | None = None,
    languages: list[str] | None = None,
    new_link: str | None = None,
):
    """The page; after a refused save the posted values with each problem beside its field (422)."""
    lang = _lang()
    panels = pages.views(pg, doc, languages)
    elsewhere = pages.place_problems(panels, problems or [], lang, places.placer(doc, lang))
    form = page_form(panels, lang, formdata=request.form if posted else None, base=sha)
    context = {
        "listed": listed,
        "pg": pg,
        "panels": panels,
        "form": form,
        "elsewhere": elsewhere,
        "has_errors": bool(problems),
        "words": places.render,
        "kinds": section_kinds(),
        "doc": doc,
        "blocks": [(b, isinstance(doc.get(b.key), dict), b.possible(doc)) for b in BLOCKS.values()],
    }
    status = 422 if problems else 200
    if pg.part:
        return render_template("editor/edit.html", **context), status
    db = get_session()
    return render_template(
        "editor/overview.html",
        **context,
        log=audit.questionnaire_entries(db, listed.id),
        describe=audit.describe,
        preview_links=library.preview_link_count(db, listed.id) if listed.origin == library.KEPT else 0,
        new_link=new_link,
        confirm_form=ConfirmForm(),
        latest_in_use=bool(
            listed.versions and (listed.versions[-1].rounds or listed.versions[-1].other_rounds)
        ),
    ), status


def _confirm(listed: library.Listed, pg: pages.Page, what: f.Note):
    """The delete's confirmation: the page's whole form again, hidden, with ``confirmed``."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in CONTROL]
    return render_template(
        "editor/confirm.html",
        listed=listed,
        pg=pg,
        what=what,
        fields=fields,
        form=ConfirmForm(),
        words=places.render,
    )


# -- the parts that are not a page of fields ------------------------------------------------------------------


@bp.route("/<qid>/remove/<key>", methods=["GET", "POST"])
@login_required
def remove_block(qid: str, key: str):
    """Remove a block of the definition (the decision aid: ``parts.BLOCKS``), after a confirmation."""
    listed = _listed(qid)
    doc, sha = _doc(qid)
    if not listed.editable or key not in BLOCKS or key not in doc:
        abort(404)
    form = ConfirmForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_template(
            "editor/confirm.html",
            listed=listed,
            pg=None,
            what=Note(BLOCKS[key].noun),
            fields=[("base", sha)],
            form=form,
            words=places.render,
            action_url=url_for("editor.remove_block", qid=qid, key=key),
        )
    del doc[key]
    db = get_session()
    try:
        saved = library.save(
            db, qid, doc, editor=logged_in_user(), actor=current_actor(), base_sha=request.form.get("base")
        )
    except (library.LibraryError, DefinitionError) as exc:
        db.rollback()
        flash(
            exc.text(_lang()) if isinstance(exc, library.LibraryError) else _say("ed_errors_title"), "error"
        )
        return redirect(url_for("editor.overview", qid=qid), code=303)
    db.commit()
    _flash_saved(saved)
    return redirect(url_for("editor.overview", qid=qid), code=303)


@bp.get("/<qid>/export.json")
@login_required
def export(qid: str):
    """The definition as a JSON file (a kept one's latest version, or ``?version=N``)."""
    number = request.args.get("version", type=int)
    try:
        q = library.load(get_session(), qid, number)
    except library.LibraryError:
        abort(404)
    return Response(
        library.export_text(q).encode("utf-8"),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{library.export_name(qid, number)}"'},
    )


@bp.route("/<qid>/copy", methods=["GET", "POST"])
@login_required
def copy_definition(qid: str):
    """A copy of any definition under a new id, owned by the user."""
    listed = _listed(qid)
    db = get_session()
    form = CopyForm()
    errors: list[str] = []
    if request.method == "GET":
        form.new_id.data = library.free_id(db, f"{qid}_kopie" if _lang() == "nl" else f"{qid}_copy")
    elif form.validate_on_submit():
        new_id = (form.new_id.data or "").strip()
        wrong = definition.bad_id(new_id)
        if wrong is not None:
            errors.append(Problem("id", wrong).text(_lang()))
        else:
            try:
                library.copy(db, qid, new_id, owner=logged_in_user(), actor=current_actor())
            except library.LibraryError as exc:
                db.rollback()
                errors.append(exc.text(_lang()))
            else:
                db.commit()
                flash(_say("ed_created", id=new_id), "ok")
                return redirect(url_for("editor.overview", qid=new_id), code=303)
    return render_template(
        "editor/copy.html", listed=listed, form=form, errors=errors, words=places.render
    ), (422 if errors else 200)


@bp.route("/<qid>/delete", methods=["GET", "POST"])
@login_required
def delete(qid: str):
    """Delete a kept definition (after a confirmation); rounds keep their own copy."""
    listed = _listed(qid)
    if not listed.editable:
        abort(404)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        db = get_session()
        library.delete_definition(db, qid, editor=logged_in_user(), actor=current_actor())
        db.commit()
        flash(_say("ed_deleted", id=qid), "ok")
        return redirect(url_for("editor.index"), code=303)
    return render_template("editor/delete.html", listed=listed, form=form, words=places.render)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """A definition from scratch: first what it starts with, then its general texts and its first part."""
    start = request.values.get("start", "")
    if not start:
        kinds = [(k, Note(f"ed_kind_{k}")) for k in section_kinds()]
        return render_template("editor/new.html", kinds=kinds, start=pages.STATEMENTS, words=places.render)
    try:
        pg = pages.new_definition(start)
    except pages.PageNotFound:
        abort(404)
    if request.method == "GET":
        return _show_new(pg, {}, ["nl", "en"])
    db = get_session()
    outcome = pages.read(pg, {}, request.form, library.taken_ids(db))
    problems = outcome.reading.problems + _problems(outcome.doc)
    new_id = outcome.doc.get("id", "")
    if not problems and new_id in library.taken_ids(db):
        problems.append(
            Problem(
                "id", Note("lib_shipped_id" if library.is_shipped(new_id) else "lib_id_taken", {"id": new_id})
            )
        )
    if problems:
        return _show_new(pg, outcome.doc, outcome.languages, problems)
    try:
        library.create(db, outcome.doc, owner=logged_in_user(), actor=current_actor())
    except (library.LibraryError, DefinitionError):
        db.rollback()
        raise
    db.commit()
    flash(_say("ed_created", id=new_id), "ok")
    return redirect(url_for("editor.overview", qid=new_id), code=303)


def _show_new(pg: pages.Page, doc: dict, languages: list[str], problems: list[Problem] | None = None):
    lang = _lang()
    panels = pages.views(pg, doc, languages)
    elsewhere = pages.place_problems(panels, problems or [], lang, places.placer(doc, lang))
    form = page_form(panels, lang, formdata=request.form if problems is not None else None)
    return render_template(
        "editor/edit.html",
        listed=None,
        pg=pg,
        panels=panels,
        form=form,
        elsewhere=elsewhere,
        has_errors=bool(problems),
        words=places.render,
        kinds=section_kinds(),
        doc=doc,
        start=request.values.get("start", ""),
    ), (422 if problems else 200)


# -- preview links --------------------------------------------------------------------------------------------


@bp.post("/<qid>/preview-links")
@login_required
def make_preview_link(qid: str):
    """A new preview link, shown once on the page (never in a flash: that would put it in the session cookie)."""
    listed = _listed(qid)
    if not listed.editable or not ConfirmForm().validate_on_submit():
        abort(404)
    db = get_session()
    token = library.new_preview_link(db, qid, editor=logged_in_user(), actor=current_actor())
    db.commit()
    doc, sha = _doc(qid)
    return _show(
        listed, pages.page(doc, ""), doc, sha, new_link=url_for("preview.shared", token=token, _external=True)
    )


@bp.post("/<qid>/preview-links/revoke")
@login_required
def revoke_preview_links(qid: str):
    listed = _listed(qid)
    if not listed.editable or not ConfirmForm().validate_on_submit():
        abort(404)
    db = get_session()
    n = library.revoke_preview_links(db, qid, editor=logged_in_user(), actor=current_actor())
    db.commit()
    flash(_say("ed_preview_link_revoked", n=n), "ok")
    return redirect(url_for("editor.overview", qid=qid), code=303)
