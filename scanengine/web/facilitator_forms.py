"""Flask-WTF forms of the facilitator pages (login, create round, links, confirmations).

Validator messages are keys of the text catalogue (``scanengine/texts/facilitator.py``); the templates pass
every error through ``message()``, so a message shows in the page's language and WTForms' own English texts still
show when no key matches.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from scanengine.models import DEFAULT_K, MIN_K
from scanengine.rounds import GROUP_NAME_MAX, MAX_LINKS_PER_CALL

UPLOAD = "_upload"
MAX_GROUPS = 200


class LoginForm(FlaskForm):
    email = StringField(validators=[DataRequired("err_required"), Length(max=254, message="err_too_long")])
    password = PasswordField(
        validators=[DataRequired("err_required"), Length(max=1024, message="err_too_long")]
    )


class ActionForm(FlaskForm):
    """A form without fields: only the CSRF token, for buttons that change state (open, close, log out)."""


class RoundCreateForm(FlaskForm):
    """A new round: a shipped definition or an uploaded file, name, cooperation, groups and k.

    ``groups`` is one invitation group per line, ``Name=expected size`` (the size may be left out);
    :meth:`validate_groups` leaves the parsed list in ``self.parsed_groups``.
    """

    source = RadioField(validators=[DataRequired("err_required")], validate_choice=True)
    upload = FileField()
    name = StringField(validators=[DataRequired("err_required"), Length(max=200, message="err_too_long")])
    cooperation = StringField(
        validators=[DataRequired("err_required"), Length(max=200, message="err_too_long")]
    )
    groups = TextAreaField(
        validators=[DataRequired("err_groups_required"), Length(max=20000, message="err_too_long")]
    )
    min_group_size = IntegerField(
        default=DEFAULT_K, validators=[DataRequired("err_k_min"), NumberRange(min=MIN_K, message="err_k_min")]
    )

    parsed_groups: list[tuple[str, int | None]]

    def validate_groups(self, field) -> None:
        """Each non-empty line is a group: a name (unique, at most 100 characters) and an optional size >= 1."""
        from scanengine.web.i18n import gettext

        parsed: list[tuple[str, int | None]] = []
        problems: list[str] = []
        for lineno, raw in enumerate(field.data.splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            name, sep, size = line.rpartition("=") if "=" in line else (line, "", "")
            name = name.strip()
            if not name:
                problems.append(gettext("err_group_name", line=lineno))
                continue
            if len(name) > GROUP_NAME_MAX:
                problems.append(gettext("err_group_name_long", line=lineno, max=GROUP_NAME_MAX))
                continue
            expected = None
            if sep:
                try:
                    expected = int(size.strip())
                except ValueError:
                    problems.append(gettext("err_group_size", line=lineno, size=size.strip()))
                    continue
                if expected < 1:
                    problems.append(gettext("err_group_size", line=lineno, size=size.strip()))
                    continue
            if any(name == seen for seen, _ in parsed):
                problems.append(gettext("err_group_dupe", line=lineno, name=name))
                continue
            parsed.append((name, expected))
        if not parsed and not problems:
            problems.append(gettext("err_groups_required"))
        if len(parsed) > MAX_GROUPS:
            problems.append(gettext("err_groups_many", max=MAX_GROUPS))
        if problems:
            field.errors[:] = []
            raise ValidationError("\n".join(problems))
        self.parsed_groups = parsed


class LinksForm(FlaskForm):
    """Issue links for one group: ``count`` personal links, or the shared group link (``rotate`` replaces it)."""

    group = SelectField(validators=[DataRequired("err_required")], validate_choice=True)
    count = IntegerField(
        validators=[Optional(), NumberRange(min=1, max=MAX_LINKS_PER_CALL, message="err_count")]
    )
    shared = BooleanField()
    rotate = BooleanField()

    def validate_count(self, field) -> None:
        if not self.shared.data and field.data is None:
            raise ValidationError("err_count")
