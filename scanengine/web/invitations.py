"""The dashboard's invitations page: upload a list, edit and preview the message, send, remind, and counts.

A thin layer over :mod:`scanengine.invitations` (the same functions as ``scanengine invite`` and ``remind``),
with the facilitator pages' login and ownership rules: a round is looked up with the logged-in user, so a round
of someone else is a 404. The page shows counts per group only; no address and no link ever appears in a page,
a flash message or the audit log.

Sending happens in the request, for at most ``INVITE_TIME_LIMIT`` seconds (default 20, below gunicorn's
30-second worker timeout); what is left waits and the page says so, and pressing send again continues. Each
message is recorded as sent as soon as the server took it, so a request cut off halfway loses nothing and
sends nothing twice.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from scanengine import invitations, mail, rounds, texts
from scanengine.models import STATUS_OPEN, Round, stored_id
from scanengine.web import i18n
from scanengine.web.auth import current_actor, login_required
from scanengine.web.dbsession import get_session
from scanengine.web.facilitator import _round_or_404
from scanengine.web.facilitator_forms import ActionForm

bp = Blueprint("invitations", __name__, url_prefix="/dashboard/rounds/<int:round_id>/invitations")

UPLOAD_MAX_BYTES = 200 * 1024  # about 6,000 addresses; the app-wide body limit is 256 KB
DEFAULT_TIME_LIMIT = 20.0


@bp.app_template_global("tx")
def tx(key: str, **params) -> str:
    """A catalogue text in the page's language (``scanengine.texts``)."""
    return texts.t(i18n.current_lang(), key, **params)


class UploadForm(FlaskForm):
    group = SelectField(validate_choice=True)
    emails = FileField()


class RemindForm(FlaskForm):
    group = SelectField(validate_choice=True)


class MessageForm(FlaskForm):
    subject = StringField(validators=[Optional()])
    body_nl = TextAreaField(validators=[Optional()])
    body_en = TextAreaField(validators=[Optional()])
    deadline = DateField(validators=[Optional()])


def _mail_settings() -> mail.SmtpSettings | None:
    try:
        return mail.load_settings(current_app.config.get("SMTP_URL"), current_app.config.get("MAIL_FROM"))
    except mail.MailConfigError:
        return None


def _back(rnd: Round):
    return redirect(url_for("invitations.index", round_id=rnd.id), code=303)


def _refused(exc: Exception) -> None:
    lang = i18n.current_lang()
    lines = exc.lines(lang) if isinstance(exc, invitations.InvitationError) else [str(exc)]
    for line in lines:
        flash(texts.t(lang, "inv_refused", reason=line), "error")


def _report(what: str, report: invitations.SendReport, skipped: int = 0) -> None:
    lang = i18n.current_lang()
    flash(
        texts.t(
            lang,
            "inv_result",
            what=texts.t(lang, what),
            sent=report.sent,
            refused=report.refused,
            skipped=report.skipped + skipped,
        ),
        "ok",
    )
    if report.waiting:
        flash(texts.t(lang, "inv_result_waiting", n=report.waiting), "error")
    for note in report.problems:
        flash(invitations.render(note, lang), "error")


def _group_choices(rnd: Round, *, all_groups: bool = False) -> list[tuple[str, str]]:
    choices = [(g.name, g.name) for g in rounds.groups_of(get_session(), stored_id(rnd))]
    return ([("", texts.t(i18n.current_lang(), "inv_all_groups"))] if all_groups else []) + choices


def _send(rnd: Round, action) -> invitations.SendReport | None:
    """Run ``action(mailer, secret, time_limit)`` against the configured server; ``None`` after a refusal."""
    settings = _mail_settings()
    if settings is None:
        flash(texts.t(i18n.current_lang(), "inv_not_configured"), "error")
        return None
    time_limit = float(current_app.config.get("INVITE_TIME_LIMIT", DEFAULT_TIME_LIMIT))
    try:
        # fewer and shorter retries than the CLI: a request must end well within gunicorn's worker timeout
        with mail.Mailer(
            settings, retries=2, timeout=10, tls_context=current_app.config.get("SMTP_TLS_CONTEXT")
        ) as mailer:
            return action(mailer, current_app.config["SECRET_KEY"], time_limit)
    except mail.MailError as exc:
        flash(texts.t(i18n.current_lang(), "inv_mail_failed", reason=str(exc)), "error")
    except rounds.RoundError as exc:
        get_session().rollback()
        _refused(exc)
    return None


# -- pages --------------------------------------------------------------------------------------------------------


@bp.get("/")
@login_required
def index(round_id: int):
    """Counts per group, the upload form, the message editor, send and remind."""
    rnd = _round_or_404(round_id)
    db = get_session()
    texts_now = invitations.message_of(db, rnd)
    upload_form, remind_form = UploadForm(), RemindForm()
    upload_form.group.choices = _group_choices(rnd)
    remind_form.group.choices = _group_choices(rnd, all_groups=True)
    message_form = MessageForm(
        data={
            "subject": texts_now.subject,
            "body_nl": texts_now.body_nl,
            "body_en": texts_now.body_en or "",
            "deadline": texts_now.deadline,
        }
    )
    return render_template(
        "invitations/index.html",
        rnd=rnd,
        counts=invitations.counts(db, rnd),
        configured=_mail_settings() is not None,
        is_open=rnd.status == STATUS_OPEN,
        upload_form=upload_form,
        remind_form=remind_form,
        message_form=message_form,
        action_form=ActionForm(),
        custom=texts_now.custom,
    )


@bp.post("/upload")
@login_required
def upload(round_id: int):
    """Check the whole list, store the new addresses with their links, and mail them (nothing on any error)."""
    rnd = _round_or_404(round_id)
    db = get_session()
    form = UploadForm()
    form.group.choices = _group_choices(rnd)
    lang = i18n.current_lang()
    if not form.validate_on_submit():
        flash(texts.t(lang, "inv_upload_missing"), "error")
        return _back(rnd)
    if _mail_settings() is None:
        flash(texts.t(lang, "inv_not_configured"), "error")
        return _back(rnd)
    file = form.emails.data
    raw = file.read(UPLOAD_MAX_BYTES + 1) if file else b""
    if not file or not file.filename:
        flash(texts.t(lang, "inv_upload_missing"), "error")
        return _back(rnd)
    if len(raw) > UPLOAD_MAX_BYTES:
        flash(texts.t(lang, "inv_upload_large", max=UPLOAD_MAX_BYTES // 1024), "error")
        return _back(rnd)
    source = file.filename.replace("\\", "/").rsplit("/", 1)[-1][:100] or "upload.csv"
    try:
        addresses = invitations.read_addresses(raw, source)
        added = invitations.add_invitations(
            db,
            rnd,
            form.group.data,
            addresses,
            secret=current_app.config["SECRET_KEY"],
            actor=current_actor(),
        )
    except rounds.RoundError as exc:
        db.rollback()
        _refused(exc)
        return _back(rnd)
    db.commit()
    report = _send(
        rnd,
        lambda mailer, secret, limit: invitations.send_invitations(
            db,
            rnd,
            mailer,
            secret=secret,
            base_url=current_app.config["BASE_URL"],
            group_name=form.group.data,
            time_limit=limit,
            actor=current_actor(),
        ),
    )
    if report is not None:
        _report("inv_result_invite", report, added.skipped)
    return _back(rnd)


@bp.post("/send")
@login_required
def send(round_id: int):
    """Mail the invitations still waiting (after an interruption, a refusal, or the time limit)."""
    rnd = _round_or_404(round_id)
    db = get_session()
    if ActionForm().validate_on_submit():
        report = _send(
            rnd,
            lambda mailer, secret, limit: invitations.send_invitations(
                db,
                rnd,
                mailer,
                secret=secret,
                base_url=current_app.config["BASE_URL"],
                time_limit=limit,
                actor=current_actor(),
            ),
        )
        if report is not None:
            _report("inv_result_invite", report)
    return _back(rnd)


@bp.post("/remind")
@login_required
def remind(round_id: int):
    """A reminder to every unused link that had no mail for a day; the system chooses, the page shows counts."""
    rnd = _round_or_404(round_id)
    db = get_session()
    form = RemindForm()
    form.group.choices = _group_choices(rnd, all_groups=True)
    if form.validate_on_submit():
        report = _send(
            rnd,
            lambda mailer, secret, limit: invitations.send_reminders(
                db,
                rnd,
                mailer,
                secret=secret,
                base_url=current_app.config["BASE_URL"],
                group_name=form.group.data or None,
                time_limit=limit,
                actor=current_actor(),
            ),
        )
        if report is not None:
            _report("inv_result_remind", report)
    return _back(rnd)


@bp.post("/message")
@login_required
def message(round_id: int):
    """Save the subject, bodies and closing date (an unknown placeholder is refused); ``reset`` restores the
    default texts."""
    rnd = _round_or_404(round_id)
    db = get_session()
    form = MessageForm()
    lang = i18n.current_lang()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for err in errors:
                flash(texts.t(lang, "inv_refused", reason=err), "error")
        return _back(rnd)
    reset = request.form.get("reset") == "1"
    try:
        invitations.save_message(
            db,
            rnd,
            subject=None if reset else form.subject.data,
            body_nl=None if reset else form.body_nl.data,
            body_en=None if reset else form.body_en.data,
            deadline=form.deadline.data,
            actor=current_actor(),
        )
    except rounds.RoundError as exc:
        db.rollback()
        _refused(exc)
        return _back(rnd)
    db.commit()
    flash(texts.t(lang, "inv_saved"), "ok")
    return _back(rnd)


@bp.get("/preview")
@login_required
def preview(round_id: int):
    """The invitation (or ``?reminder=1`` the reminder) as it will be sent, with an example link."""
    rnd = _round_or_404(round_id)
    reminder = request.args.get("reminder") == "1"
    composed = invitations.preview(get_session(), rnd, current_app.config["BASE_URL"], reminder=reminder)
    return render_template("invitations/preview.html", rnd=rnd, composed=composed, reminder=reminder)
