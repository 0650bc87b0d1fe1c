"""Interface language: Dutch by default, English with ``?lang=en`` (kept in the session once chosen).

Texts of the questionnaire come from the definition; the interface's own texts are in the catalogue
(:mod:`scanengine.texts`, see docs/architecture.md, "Texts"). Use ``_(key)`` in templates and :func:`gettext`
in views: both are :func:`scanengine.texts.t` in the request's language.
"""

from __future__ import annotations

from flask import Flask, g, request, session

from scanengine import texts
from scanengine.texts import DEFAULT, LANGUAGES


def current_lang() -> str:
    return getattr(g, "lang", DEFAULT)


def gettext(key: str, **kwargs) -> str:
    """The catalogue text ``key`` in the request's language (an unknown key is an error, not a silent key)."""
    return texts.t(current_lang(), key, **kwargs)


def message(text: str) -> str:
    """A form error: a catalogue key (our validators) or a text already written (WTForms' own, or sentences
    that :meth:`RoundCreateForm.validate_groups` has already put in the page's language)."""
    return texts.t(current_lang(), text) if texts.has(text) else text


def localized(text: dict | None) -> str:
    """A definition text in the current language (falling back to Dutch)."""
    if not text:
        return ""
    return text.get(current_lang()) or text.get(DEFAULT) or next(iter(text.values()))


def _select_language() -> None:
    asked = request.args.get("lang") or request.form.get("lang")
    if asked in LANGUAGES:
        g.lang = asked
        # Only a change is written: a session without a language already reads as Dutch, and writing it would
        # sign and send a new session cookie with every form post (the participant form posts its language).
        if (
            session.get("lang", DEFAULT) != asked
            and request.endpoint
            and not request.endpoint.startswith("static")
        ):
            session["lang"] = asked
    else:
        g.lang = session.get("lang", DEFAULT) if session.get("lang") in LANGUAGES else DEFAULT


def init_app(app: Flask) -> None:
    app.before_request(_select_language)
    app.jinja_env.globals.update(
        _=gettext, message=message, localized=localized, current_lang=current_lang, LANGUAGES=LANGUAGES
    )
