"""Texts of every page: errors, the layout, login and logout (see scanengine.texts)."""

from __future__ import annotations

CATALOGUE: dict = {
    # -- layout and error pages
    "app_name": {"nl": "Scanengine", "en": "Scanengine"},
    "skip_to_content": {"nl": "Naar de inhoud", "en": "Skip to content"},
    "not_found_title": {"nl": "Pagina niet gevonden", "en": "Page not found"},
    "not_found_text": {
        "nl": "Deze pagina bestaat niet (meer). Controleer het adres.",
        "en": "This page does not exist (any more). Please check the address.",
    },
    "bad_request_title": {"nl": "Ongeldig verzoek", "en": "Bad request"},
    "bad_request_text": {
        "nl": "Het verzoek kon niet worden verwerkt. Er is niets opgeslagen.",
        "en": "The request could not be processed. Nothing was stored.",
    },
    "csrf_title": {"nl": "Formulier verlopen", "en": "Form expired"},
    "csrf_text": {
        "nl": "Het formulier is verlopen of onvolledig verstuurd. Er is niets opgeslagen. Ga terug en probeer het opnieuw.",
        "en": "The form expired or was sent incompletely. Nothing was stored. Please go back and try again.",
    },
    "too_large_title": {"nl": "Te veel gegevens", "en": "Too much data"},
    "too_large_text": {
        "nl": "Het verstuurde formulier is te groot. Er is niets opgeslagen.",
        "en": "The form you sent is too large. Nothing was stored.",
    },
    "server_error_title": {"nl": "Er ging iets mis", "en": "Something went wrong"},
    "server_error_text": {
        "nl": "Er ging aan onze kant iets mis. Probeer het later opnieuw.",
        "en": "Something went wrong on our side. Please try again later.",
    },
    "too_many_title": {"nl": "Te veel pogingen", "en": "Too many attempts"},
    "too_many_text": {
        "nl": "Te veel pogingen. Wacht enkele minuten en probeer het opnieuw.",
        "en": "Too many attempts. Please wait a few minutes and try again.",
    },
    "method_title": {"nl": "Niet toegestaan", "en": "Not allowed"},
    "method_text": {
        "nl": "Deze handeling is hier niet toegestaan.",
        "en": "This action is not allowed here.",
    },
    # -- login and logout
    "login_title": {"nl": "Inloggen", "en": "Log in"},
    "login_intro": {
        "nl": "Log in als facilitator om rondes te beheren.",
        "en": "Log in as a facilitator to manage rounds.",
    },
    "email": {"nl": "E-mailadres", "en": "E-mail address"},
    "password": {"nl": "Wachtwoord", "en": "Password"},
    "login_button": {"nl": "Inloggen", "en": "Log in"},
    "login_failed": {
        "nl": "Onbekend e-mailadres of onjuist wachtwoord.",
        "en": "Unknown e-mail address or wrong password.",
    },
    "logout": {"nl": "Uitloggen", "en": "Log out"},
    "logout_title": {"nl": "Uitloggen", "en": "Log out"},
    "logged_out": {"nl": "U bent uitgelogd.", "en": "You are logged out."},
    "login_needed": {"nl": "Log in om verder te gaan.", "en": "Please log in to continue."},
    "err_required": {"nl": "Dit veld is verplicht.", "en": "This field is required."},
    "err_too_long": {"nl": "Deze invoer is te lang.", "en": "This input is too long."},
    # -- shared by the facilitator pages and the report
    "cooperation": {"nl": "Samenwerkingsverband", "en": "Cooperation"},
    "round": {"nl": "Ronde", "en": "Round"},
    "closed_on": {"nl": "Gesloten op", "en": "Closed on"},
    "questionnaire": {"nl": "Vragenlijst", "en": "Questionnaire"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    # -- month names (report dates)
    "month_1": {"nl": "januari", "en": "January"},
    "month_2": {"nl": "februari", "en": "February"},
    "month_3": {"nl": "maart", "en": "March"},
    "month_4": {"nl": "april", "en": "April"},
    "month_5": {"nl": "mei", "en": "May"},
    "month_6": {"nl": "juni", "en": "June"},
    "month_7": {"nl": "juli", "en": "July"},
    "month_8": {"nl": "augustus", "en": "August"},
    "month_9": {"nl": "september", "en": "September"},
    "month_10": {"nl": "oktober", "en": "October"},
    "month_11": {"nl": "november", "en": "November"},
    "month_12": {"nl": "december", "en": "December"},
}
