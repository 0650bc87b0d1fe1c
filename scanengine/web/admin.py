"""The admin pages of the dashboard: accounts, password resets, purging a round's raw answers, the benchmark set.

Thin over the domain the CLI drives (:mod:`scanengine.accounts`, :mod:`scanengine.maintenance`,
:mod:`scanengine.benchmark`): the domain validates and audits, the view commits before it reports success and
rolls back on a refusal, so a refused form stores nothing. A facilitator who is not an admin gets the same 404 as
for any page that is not theirs: the admin area does not announce itself.
"""

from __future__ import annotations

import functools

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from scanengine import accounts, maintenance, rounds
from scanengine.models import STATUS_CLOSED, Round, stored_id
from scanengine.web import i18n
from scanengine.web.admin_forms import BenchmarkUploadForm, PasswordResetForm, UserCreateForm
from scanengine.web.auth import current_actor, current_user, logged_in_user, login_required
from scanengine.web.dbsession import get_session
from scanengine.web.facilitator_forms import ActionForm

bp = Blueprint("admin", __name__)


def admin_required(view):
    """Logged in (else the login page) and an admin (else 404, as for any page that is not the user's)."""

    @functools.wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not logged_in_user().is_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapper


# -- accounts --------------------------------------------------------------------------------------------------


def _render_users(form: UserCreateForm, account_error: str | None, status: int):
    db = get_session()
    owned = rounds.rounds_per_owner(db)
    users = accounts.all_users(db)
    return render_template(
        "admin/users.html",
        form=form,
        account_error=account_error,
        users=[(u, owned.get(stored_id(u), 0)) for u in users],
        min_password=accounts.MIN_PASSWORD,
        me=current_user(),
    ), status


@bp.route("/dashboard/admin/users", methods=["GET", "POST"])
@admin_required
def users():
    """The accounts with their number of rounds, and the form for a new one (refusals of the domain shown)."""
    form = UserCreateForm()
    account_error = None
    if form.validate_on_submit():
        db = get_session()
        try:
            user = accounts.create_user(
                db, form.email.data, form.password.data, admin=form.admin.data, actor=current_actor()
            )
        except accounts.AccountError as exc:
            db.rollback()
            account_error = i18n.gettext("account_refused", reason=str(exc))
        else:
            db.commit()
            flash(i18n.gettext("account_created", email=user.email), "ok")
            return redirect(url_for("admin.users"), code=303)
    status = 400 if request.method == "POST" else 200
    return _render_users(form, account_error, status)


@bp.route("/dashboard/admin/users/<int:user_id>/password", methods=["GET", "POST"])
@admin_required
def reset_password(user_id: int):
    """Set a new password for an account; its sessions made with the old one end (see ``web.auth``)."""
    db = get_session()
    user = accounts.get_user(db, user_id)
    if user is None:
        abort(404)
    form = PasswordResetForm()
    refused = None
    if form.validate_on_submit():
        try:
            accounts.set_password(db, user, form.password.data, current_actor())
        except accounts.AccountError as exc:
            db.rollback()
            refused = i18n.gettext("password_refused", reason=str(exc))
        else:
            db.commit()
            flash(i18n.gettext("password_reset_done", email=user.email), "ok")
            return redirect(url_for("admin.users"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "admin/password.html", form=form, user=user, refused=refused, min_password=accounts.MIN_PASSWORD
    ), status


# -- purge -----------------------------------------------------------------------------------------------------


@bp.route("/dashboard/admin/rounds/<int:round_id>/purge", methods=["GET", "POST"])
@admin_required
def purge(round_id: int):
    """GET: the confirmation page. POST: :func:`maintenance.purge_round` (which refuses an open or purged round)."""
    db = get_session()
    try:
        rnd = rounds.get_round(db, round_id)  # an admin's page: every round
    except rounds.RoundNotFound:
        abort(404)
    form = ActionForm()
    detail = url_for("facilitator.detail", round_id=rnd.id)
    if request.method == "POST" and form.validate_on_submit():
        try:
            result = maintenance.purge_round(db, rnd, actor=current_actor())
        except maintenance.PurgeError as exc:
            db.rollback()
            flash(i18n.gettext("refused", reason=str(exc)), "error")
        else:
            db.commit()
            flash(i18n.gettext("purged_msg", responses=result.responses, drafts=result.drafts), "ok")
        return redirect(detail, code=303)
    if rnd.status != STATUS_CLOSED or rnd.purged_at is not None:
        return redirect(detail)
    return render_template("admin/purge.html", rnd=rnd, form=form)


# -- benchmark set ---------------------------------------------------------------------------------------------


def _local_rounds() -> list[tuple[Round, int | None, bool]]:
    """Closed rounds with their n and whether they count in the benchmark (n >= k, from the stored summary;
    a missing summary is computed and kept, as the results page does)."""
    from scanengine import analysis  # numpy: loaded on this page only

    db = get_session()
    out = []
    for rnd in rounds.closed_rounds(db):
        summary = analysis.summary_of(db, rnd)
        out.append(
            (
                rnd,
                summary.n if summary else None,
                bool(summary and summary.counts_in_benchmark(rnd.min_group_size)),
            )
        )
    db.commit()
    return out


@bp.route("/dashboard/admin/benchmark", methods=["GET", "POST"])
@admin_required
def benchmark_set():
    """The imported aggregates and the local closed rounds; upload another installation's aggregate."""
    # imported here: it pulls in the analysis (numpy/scipy), which would slow every worker's start-up
    from scanengine import benchmark

    form = BenchmarkUploadForm()
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            upload = form.upload.data
            if not upload or not upload.filename:
                errors = [i18n.gettext("err_upload_missing")]
            else:
                source = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "benchmark.json"
                db = get_session()
                try:
                    row, created = benchmark.import_aggregate(
                        db, upload.read(benchmark.MAX_BYTES + 1), source
                    )
                except benchmark.BenchmarkError as exc:
                    db.rollback()
                    errors = str(exc).splitlines()
                else:
                    db.commit()
                    key = "benchmark_imported" if created else "benchmark_already"
                    flash(
                        i18n.gettext(
                            key, q=row.questionnaire_id, coop=row.cooperation, name=row.round_name, n=row.n
                        ),
                        "ok",
                    )
                    return redirect(url_for("admin.benchmark_set"), code=303)
    aggregates = benchmark.aggregates(get_session())
    return render_template(
        "admin/benchmark.html", form=form, errors=errors, aggregates=aggregates, local=_local_rounds()
    ), status
