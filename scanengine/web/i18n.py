"""Interface language: Dutch by default, English with ``?lang=en`` (kept in the session once chosen).

Texts of the questionnaire come from the definition; the interface's own texts live in ``MESSAGES``.
Use ``_('key')`` in templates and :func:`gettext` in views.
"""

from __future__ import annotations

from flask import Flask, g, request, session

LANGUAGES = ("nl", "en")
DEFAULT = "nl"

MESSAGES: dict[str, dict[str, str]] = {
    "app_name": {"nl": "Scanengine", "en": "Scanengine"},
    "skip_to_content": {"nl": "Naar de inhoud", "en": "Skip to content"},
    "not_found_title": {"nl": "Pagina niet gevonden", "en": "Page not found"},
    "not_found_text": {"nl": "Deze pagina bestaat niet (meer). Controleer het adres.",
                       "en": "This page does not exist (any more). Please check the address."},
    "bad_request_title": {"nl": "Ongeldig verzoek", "en": "Bad request"},
    "bad_request_text": {"nl": "Het verzoek kon niet worden verwerkt. Er is niets opgeslagen.",
                         "en": "The request could not be processed. Nothing was stored."},
    "csrf_title": {"nl": "Formulier verlopen", "en": "Form expired"},
    "csrf_text": {"nl": "Het formulier is verlopen of onvolledig verstuurd. Er is niets opgeslagen. Ga terug en probeer het opnieuw.",
                  "en": "The form expired or was sent incompletely. Nothing was stored. Please go back and try again."},
    "too_large_title": {"nl": "Te veel gegevens", "en": "Too much data"},
    "too_large_text": {"nl": "Het verstuurde formulier is te groot. Er is niets opgeslagen.",
                       "en": "The form you sent is too large. Nothing was stored."},
    "server_error_title": {"nl": "Er ging iets mis", "en": "Something went wrong"},
    "server_error_text": {"nl": "Er ging aan onze kant iets mis. Probeer het later opnieuw.",
                          "en": "Something went wrong on our side. Please try again later."},
    "too_many_title": {"nl": "Te veel pogingen", "en": "Too many attempts"},
    "too_many_text": {"nl": "Te veel pogingen. Wacht enkele minuten en probeer het opnieuw.",
                      "en": "Too many attempts. Please wait a few minutes and try again."},
    "method_title": {"nl": "Niet toegestaan", "en": "Not allowed"},
    "method_text": {"nl": "Deze handeling is hier niet toegestaan.", "en": "This action is not allowed here."},
}


def current_lang() -> str:
    return getattr(g, "lang", DEFAULT)


def gettext(key: str, **kwargs) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(current_lang()) or entry[DEFAULT]
    return text.format(**kwargs) if kwargs else text


def localized(text: dict | None) -> str:
    """A definition text in the current language (falling back to Dutch)."""
    if not text:
        return ""
    return text.get(current_lang()) or text.get(DEFAULT) or next(iter(text.values()))


def _select_language() -> None:
    asked = request.args.get("lang") or request.form.get("lang")
    if asked in LANGUAGES:
        g.lang = asked
        if session.get("lang") != asked and request.endpoint and not request.endpoint.startswith("static"):
            session["lang"] = asked
    else:
        g.lang = session.get("lang", DEFAULT) if session.get("lang") in LANGUAGES else DEFAULT


def init_app(app: Flask) -> None:
    app.before_request(_select_language)
    app.jinja_env.globals.update(_=gettext, localized=localized, current_lang=current_lang, LANGUAGES=LANGUAGES)
