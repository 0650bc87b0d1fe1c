"""Flask-WTF forms of the questionnaire editor, composed per page from the inputs of :mod:`scanengine.editing`
(WTForms' "dynamic form composition"): each input becomes the WTForms field of its widget, named as the input.

The form takes the posted values out of the request, checks the CSRF token and shows the values again (the ones
posted, when a page comes back with its problems); what the values mean, and whether the result may be saved, is
the editing domain's and the validator's to say, so the fields carry no validators of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from scanengine.editing import fields as f
from scanengine.editing.pages import PanelView
from scanengine.editing.places import render


def inputs_of(panels: list[PanelView]) -> Iterator[f.Input]:
    """Every input of a page's panels, in order (row counts and origins included)."""
    for panel in panels:
        for block in panel.blocks:
            yield from block_inputs(block)


def block_inputs(block: Any) -> Iterator[f.Input]:
    if isinstance(block, f.FieldView):
        yield from block.inputs
    elif isinstance(block, f.RowsView):
        yield block.count
        for row in block.rows:
            yield from row.hidden
            for fv in row.fields:
                yield from fv.inputs
    elif isinstance(block, f.TableView):
        for _, cells in block.rows:
            yield from cells


def _field(inp: f.Input, lang: str) -> Field:
    choices = [SelectChoice(value, render(lang, label)) for value, label in inp.choices]
    if inp.widget == "checkbox":
        return BooleanField(default=bool(inp.value))
    if inp.widget == "select":
        return SelectField(choices=choices, validate_choice=False, default=inp.value)
    if inp.widget == "checks":
        return SelectMultipleField(choices=choices, validate_choice=False, default=inp.value or [])
    if inp.widget == "textarea":
        return TextAreaField(default=inp.value)
    if inp.widget == "hidden":
        return HiddenField(default=inp.value)
    return StringField(default=inp.value)


def page_form(panels: list[PanelView], lang: str, *, formdata: Any = None, base: str = "") -> FlaskForm:
    """The page's form: one field per input, and ``base`` (the SHA-256 of the version the page was made from).
    Without ``formdata`` it shows the inputs' values; with it (the posted form), what was posted."""
    attrs: dict[str, Any] = {inp.name: _field(inp, lang) for inp in inputs_of(panels)}
    attrs["base"] = HiddenField(default=base)
    cls = type("EditorPageForm", (FlaskForm,), attrs)
    if formdata is None:
        return cls(formdata=None)
    form = cls(formdata=formdata)
    for inp in inputs_of(panels):
        if inp.fixed:  # the rows the page shows now, however many were posted
            form[inp.name].data = inp.value
    return form


class ImportForm(FlaskForm):
    """A definition file to keep in the database."""

    file = FileField()


class CopyForm(FlaskForm):
    """The id of a copy."""

    new_id = StringField()


class ConfirmForm(FlaskForm):
    """A form without fields: the CSRF token of a button that changes something (delete, preview links)."""
