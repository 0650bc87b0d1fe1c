"""Flask-WTF forms of the admin pages (accounts, password reset, benchmark upload).

Only the shape is checked here (required, equal passwords, lengths); the rules of an account (a valid e-mail, the
minimum password length, no duplicates) stay in :mod:`scanengine.accounts`, so the CLI and the dashboard refuse
the same things with the same words. Validator messages are i18n keys, as in ``facilitator_forms``.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class UserCreateForm(FlaskForm):
    email = StringField(validators=[DataRequired("err_required"), Length(max=254, message="err_too_long")])
    password = PasswordField(
        validators=[DataRequired("err_required"), Length(max=1024, message="err_too_long")]
    )
    confirm = PasswordField(
        validators=[DataRequired("err_required"), EqualTo("password", message="err_password_mismatch")]
    )
    admin = BooleanField()


class PasswordResetForm(FlaskForm):
    password = PasswordField(
        validators=[DataRequired("err_required"), Length(max=1024, message="err_too_long")]
    )
    confirm = PasswordField(
        validators=[DataRequired("err_required"), EqualTo("password", message="err_password_mismatch")]
    )


class BenchmarkUploadForm(FlaskForm):
    upload = FileField()
