"""The facilitator dashboard: rounds with their response rates, create, links, open, close, results, downloads.

A thin layer over :mod:`scanengine.rounds` (the same domain the CLI drives). Every round is looked up with the
logged-in user, so a facilitator who is not the owner gets the same 404 as for a round that does not exist; an
admin sees all. Every state change commits (with its audit entry) before the success page is shown. The
analysis, the report and the exports are written by teammates and imported lazily, so the dashboard keeps
working while one of them is missing.

It is longer than ~400 lines because the facilitator's blueprint holds every dashboard page of a round
(create, links, open, close, results, exports); the rules stay in the domain.
"""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from scanengine import audit, closing, definition, library, rounds
from scanengine.editing import places
from scanengine.models import STATUS_CLOSED, STATUS_DRAFT, STATUS_OPEN, Round, stored_id
from scanengine.web import charts_svg, i18n
from scanengine.web.auth import current_actor, current_user, logged_in_user, login_required
from scanengine.web.dbsession import get_session
from scanengine.web.facilitator_forms import UPLOAD, ActionForm, LinksForm, RoundCreateForm

log = logging.getLogger(__name__)
bp = Blueprint("facilitator", __name__)

UPLOAD_MAX_BYTES = (
    200 * 1024
)  # a large definition is ~100 KB, so the app-wide 256 KB body limit needs no raise


# -- helpers ---------------------------------------------------------------------------------------------------


def _round_or_404(round_id: int) -> Round:
    """The round if the current user may see it; a stranger's round is indistinguishable from a missing one."""
    try:
        return rounds.get_round(get_session(), round_id, current_user())
    except rounds.RoundNotFound:
        abort(404)


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def _rate_bars(status: rounds.RoundStatus, *, with_total: bool = True) -> list[charts_svg.Bar]:
    bars = []
    if with_total:
        bars.append(
            charts_svg.Bar(
                i18n.gettext("total"),
                status.rate,
                f"{status.responses}/{status.expected or '–'} ({_pct(status.rate)})",
                "bar total",
            )
        )
    for g in status.groups:
        base = g.expected or g.links
        bars.append(charts_svg.Bar(g.name, g.rate, f"{g.responses}/{base or '–'} ({_pct(g.rate)})"))
    return bars


def _analyse(rnd: Round):
    """The Results of a closed round. Summaries of benchmark rounds computed on the way are committed, so
    the next page does not compute them again."""
    from scanengine import analysis  # numpy/scipy: loaded on the first results page, not at start-up

    db = get_session()
    res = analysis.analyse(db, rnd)
    db.commit()
    return res


def _closed_round_or_404(round_id: int) -> Round:
    rnd = _round_or_404(round_id)
    if rnd.status != STATUS_CLOSED:
        abort(404)
    return rnd


# -- routes ----------------------------------------------------------------------------------------------------


@bp.get("/")
def home():
    """The site root: the dashboard (which sends anonymous visitors to the login page)."""
    return redirect(url_for("facilitator.index"))


@bp.get("/dashboard/")
@login_required
def index():
    """The user's rounds (all for an admin), each with its status and response rate per group as bars."""
    db = get_session()
    overview = []
    listed = rounds.rounds_for(db, current_user())
    statuses = rounds.round_statuses(db, listed)
    for rnd in listed:
        status = statuses[stored_id(rnd)]
        chart = charts_svg.hbars(_rate_bars(status), f"{i18n.gettext('rate_chart')}: {rnd.name}", marker=1.0)
        overview.append((rnd, status, chart))
    return render_template("facilitator/index.html", overview=overview, pct=_pct)


@bp.route("/dashboard/rounds/new", methods=["GET", "POST"])
@login_required
def create():
    """Create a draft round from a definition (shipped, or kept in the database: its latest version) or an
    uploaded file, which is then kept too. Nothing is chosen beforehand (``?questionnaire=ID`` when the
    facilitator chose one elsewhere); an uploaded file is checked even when another field is wrong, and its
    problems are shown beside it in the page's language."""
    form = RoundCreateForm()
    db = get_session()
    listed = library.listing(db, logged_in_user())
    form.source.choices = [
        (x.id, f"{i18n.localized(x.title)} ({x.id} {x.version_label})") for x in listed
    ] + [(UPLOAD, i18n.gettext("source_upload"))]
    asked = request.args.get("questionnaire")
    if request.method == "GET" and asked in {x.id for x in listed}:
        form.source.data = asked
    upload_errors: list[tuple[str, str]] = []
    if request.method == "POST":
        valid = form.validate_on_submit()  # every field's own check, the upload's below in any case
        raw, source = _upload(form)
        questionnaire = None
        if raw is not None:
            try:
                questionnaire = definition.loads(raw, source)
            except definition.DefinitionError as exc:
                upload_errors = places.file_problems(raw, exc.problems, i18n.current_lang())
        elif valid and form.source.data != UPLOAD:
            try:
                questionnaire = library.load(db, form.source.data)
            except library.LibraryError as exc:  # deleted since the page was shown
                form.source.errors = [exc.text(i18n.current_lang())]
        if valid and questionnaire is not None and not form.upload.errors:
            rnd = _create_round(form, raw, source, questionnaire)
            if rnd is not None:
                return redirect(url_for("facilitator.detail", round_id=rnd.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "facilitator/create.html", form=form, upload_errors=upload_errors, upload_value=UPLOAD
    ), status


def _upload(form: RoundCreateForm) -> tuple[bytes | None, str]:
    """The uploaded file when "upload" is chosen: its bytes and name, or None (with the field's error)."""
    if form.source.data != UPLOAD:
        return None, ""
    upload = form.upload.data
    raw = upload.read(UPLOAD_MAX_BYTES + 1) if upload else b""
    if not upload or not upload.filename:
        form.upload.errors = [i18n.gettext("err_upload_missing")]
        return None, ""
    if len(raw) > UPLOAD_MAX_BYTES:
        form.upload.errors = [i18n.gettext("err_upload_large", max=UPLOAD_MAX_BYTES // 1024)]
        return None, ""
    return raw, upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload.json"


def _create_round(form: RoundCreateForm, raw: bytes | None, source: str, questionnaire) -> Round | None:
    """The round (and an uploaded file kept in the database) in one transaction; None after a refusal, which
    the form then shows."""
    db = get_session()
    user = logged_in_user()
    try:
        if raw is not None:
            done = library.import_definition(db, raw, source, owner=user, editor=user, actor=current_actor())
            questionnaire = done.questionnaire
        rnd = rounds.create_round(
            db,
            questionnaire,
            name=form.name.data,
            cooperation=form.cooperation.data,
            groups=form.parsed_groups,
            min_group_size=form.min_group_size.data,
            owner=user,
            actor=current_actor(),
        )
    except library.LibraryError as exc:
        db.rollback()
        form.upload.errors = [exc.text(i18n.current_lang())]
        return None
    except rounds.RoundError as exc:
        db.rollback()
        flash(i18n.gettext("refused", reason=str(exc)), "error")
        return None
    db.commit()
    flash(i18n.gettext("created", id=rnd.id), "ok")
    return rnd


@bp.get("/dashboard/rounds/<int:round_id>")
@login_required
def detail(round_id: int):
    """One round: response rate per group (chart and table), responses per day, links, open and close."""
    rnd = _round_or_404(round_id)
    db = get_session()
    status = rounds.round_status(db, rnd)
    links_form = LinksForm()
    links_form.group.choices = [(g.name, g.name) for g in status.groups]
    return render_template(
        "facilitator/detail.html",
        rnd=rnd,
        status=status,
        pct=_pct,
        questionnaire=rounds.questionnaire_of(rnd),
        rate_chart=charts_svg.hbars(_rate_bars(status), i18n.gettext("rate_chart"), marker=1.0),
        daily_chart=charts_svg.columns(
            [(d.strftime("%d-%m"), n) for d, n in status.daily], i18n.gettext("daily")
        )
        if status.daily
        else None,
        links_form=links_form,
        action_form=ActionForm(),
        audit_entries=[
            (e, audit.describe(e, i18n.current_lang())) for e in audit.entries(db, rnd.id, limit=50)
        ],
    )


@bp.post("/dashboard/rounds/<int:round_id>/links")
@login_required
def issue_links(round_id: int):
    """Issue links for one group and hand them over once, as a ``group,link`` CSV download."""
    rnd = _round_or_404(round_id)
    db = get_session()
    form = LinksForm()
    form.group.choices = [(g.name, g.name) for g in rounds.groups_of(db, stored_id(rnd))]
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for err in errors:
                flash(i18n.message(err), "error")
        return redirect(url_for("facilitator.detail", round_id=rnd.id), code=303)
    base_url = current_app.config["BASE_URL"]
    try:
        if form.shared.data:
            urls = [
                rounds.issue_shared_link(
                    db, rnd, form.group.data, base_url, current_actor(), rotate=form.rotate.data
                )
            ]
        else:
            urls = rounds.issue_links(db, rnd, form.group.data, form.count.data, base_url, current_actor())
    except rounds.RoundError as exc:
        db.rollback()
        flash(i18n.gettext("refused", reason=str(exc)), "error")
        return redirect(url_for("facilitator.detail", round_id=rnd.id), code=303)
    db.commit()
    kind = "group-link" if form.shared.data else "links"
    return Response(
        rounds.links_csv(form.group.data, urls).encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="round-{rnd.id}-{kind}.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/dashboard/rounds/<int:round_id>/open")
@login_required
def open_(round_id: int):
    """Open a draft round."""
    rnd = _round_or_404(round_id)
    form = ActionForm()
    db = get_session()
    if form.validate_on_submit():
        try:
            rounds.open_round(db, rnd, current_actor())
        except rounds.RoundError as exc:
            db.rollback()
            flash(i18n.gettext("refused", reason=str(exc)), "error")
        else:
            db.commit()
            flash(i18n.gettext("opened"), "ok")
    return redirect(url_for("facilitator.detail", round_id=rnd.id), code=303)


@bp.route("/dashboard/rounds/<int:round_id>/close", methods=["GET", "POST"])
@login_required
def close(round_id: int):
    """GET: the confirmation page. POST: close for good, then keep the aggregates (``analysis.store_summary``)."""
    rnd = _round_or_404(round_id)
    form = ActionForm()
    db = get_session()
    if request.method == "POST" and form.validate_on_submit():
        try:
            closing.close_round(db, rnd, current_actor(), secret=current_app.config["SECRET_KEY"])
        except rounds.RoundError as exc:
            db.rollback()
            flash(i18n.gettext("refused", reason=str(exc)), "error")
            return redirect(url_for("facilitator.detail", round_id=rnd.id), code=303)
        db.commit()  # closing is durable before anything else can fail
        # summary kept, PDF written into the REPORTS_DIR setting; failures are only reported
        done = closing.after_close(db, rnd, current_app.config["REPORTS_DIR"])
        n = rounds.round_status(db, rnd).responses
        flash(i18n.gettext("closed_msg", n=n), "ok")
        if done.problems:
            flash(i18n.gettext("after_close_problem", reason="; ".join(done.problems)), "error")
        return redirect(url_for("facilitator.detail", round_id=rnd.id), code=303)
    if rnd.status != STATUS_OPEN:
        return redirect(url_for("facilitator.detail", round_id=rnd.id))
    status = rounds.round_status(db, rnd)
    outlook = closing.outlook(db, rnd, current_app.config["SECRET_KEY"])
    return render_template(
        "facilitator/close.html", rnd=rnd, status=status, form=form, pct=_pct, outlook=outlook
    )


@bp.get("/dashboard/rounds/<int:round_id>/results")
@login_required
def results(round_id: int):
    """The report of a closed round in the page's language: the same document as the PDF and the HTML report
    (docs/architecture.md#the-report), with the downloads above it."""
    from scanengine.report import compose, html  # the report's modules: loaded on the first results page

    rnd = _round_or_404(round_id)
    if rnd.status != STATUS_CLOSED:
        return render_template("facilitator/results_pending.html", rnd=rnd), 409
    res = _analyse(rnd)
    lang = _report_lang(res)
    return render_template(
        "facilitator/results.html",
        rnd=rnd,
        res=res,
        report=Markup(html.fragment(compose.build(res, lang))),
        report_langs=[code for code in REPORT_LANGS if code in res.questionnaire.languages],
        is_admin=logged_in_user().is_admin,
    )


REPORT_LANGS = ("nl", "en")


def _report_lang(res, asked: str | None = None) -> str:
    """The report's language: the one asked for, else the page's, when the definition has it; else Dutch."""
    lang = asked or i18n.current_lang()
    return lang if lang in REPORT_LANGS and lang in res.questionnaire.languages else "nl"


@bp.get("/dashboard/report.css")
def report_css():
    """The report's stylesheet (the one the HTML report carries inline), for the results page."""
    from scanengine.report import html

    return Response(html.stylesheet(), mimetype="text/css", headers={"Cache-Control": "max-age=3600"})


@bp.get("/dashboard/rounds/<int:round_id>/report.html")
@login_required
def report_html(round_id: int):
    """The accessible HTML report of a closed round (``?lang=en``): one self-contained page a municipality can
    publish. Its CSP allows exactly its own inline stylesheet (by hash) and nothing else."""
    from scanengine.report import compose, html

    rnd = _closed_round_or_404(round_id)
    res = _analyse(rnd)
    lang = _report_lang(res, request.args.get("lang"))
    page = html.render(compose.build(res, lang))
    return Response(
        page,
        mimetype="text/html",
        headers={
            "Content-Security-Policy": html.content_security_policy(),
            "Content-Disposition": f'inline; filename="round-{rnd.id}-{lang}.html"',
        },
    )


@bp.get("/dashboard/rounds/<int:round_id>/report.pdf")
@login_required
def report_pdf(round_id: int):
    """The PDF report of a closed round (``?pdf_lang=en`` for English)."""
    from scanengine.report import build_pdf  # matplotlib/ReportLab: loaded on the first download

    rnd = _closed_round_or_404(round_id)
    res = _analyse(rnd)
    lang = _report_lang(res, request.args.get("pdf_lang"))
    pdf = build_pdf(res, lang=lang)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="round-{rnd.id}-{lang}.pdf"'},
    )


@bp.get("/dashboard/rounds/<int:round_id>/export.<fmt>")
@login_required
def export(round_id: int, fmt: str):
    """Aggregated export (the JSON keys in docs/architecture.md, "Exports", or CSV), suppression applied by the export module."""
    if fmt not in ("json", "csv"):
        abort(404)
    from scanengine import export as exporter

    rnd = _closed_round_or_404(round_id)
    res = _analyse(rnd)
    if fmt == "json":
        body = exporter.to_json(res)
        if not isinstance(body, str | bytes):
            body = json.dumps(body, ensure_ascii=False, indent=2)
        mimetype = "application/json"
    else:
        body = exporter.to_csv(res, lang=i18n.current_lang())
        mimetype = "text/csv"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="round-{rnd.id}.{fmt}"'},
    )


@bp.get("/dashboard/rounds/<int:round_id>/raw.csv")
@login_required
def export_raw(round_id: int):
    """Anonymous raw rows (no token, no time): admins only, as in the CLI's ``export --raw``."""
    rnd = _closed_round_or_404(round_id)
    if not logged_in_user().is_admin:
        abort(404)
    from scanengine import export as exporter

    db = get_session()
    body = exporter.raw_csv(db, rnd)  # shuffled rows, group and option ids, one code per statement
    audit.record(db, current_actor(), "export.raw", rnd.id, params={"format": "CSV"})
    db.commit()
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="round-{rnd.id}-raw.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/dashboard/rounds/<int:round_id>/raw.sav")
@login_required
def export_sav(round_id: int):
    """The anonymous rows with labels for SPSS, R and pandas: admins only, as ``export --format sav``."""
    rnd = _closed_round_or_404(round_id)
    if not logged_in_user().is_admin:
        abort(404)
    from scanengine import export as exporter

    db = get_session()
    body = exporter.sav_bytes(db, rnd, lang=i18n.current_lang())
    audit.record(db, current_actor(), "export.raw", rnd.id, "sav", params={"format": "SPSS (.sav)"})
    db.commit()
    return Response(
        body,
        mimetype="application/x-spss-sav",
        headers={
            "Content-Disposition": f'attachment; filename="round-{rnd.id}-raw.sav"',
            "Cache-Control": "no-store",
        },
    )


STATUS_KEYS = {STATUS_DRAFT: "status_draft", STATUS_OPEN: "status_open", STATUS_CLOSED: "status_closed"}


@bp.app_template_filter("status_label")
def status_label(status: str) -> str:
    return i18n.gettext(STATUS_KEYS.get(status, status))
