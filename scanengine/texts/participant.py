"""Texts of the participant's form (see scanengine.texts)."""

from __future__ import annotations

CATALOGUE: dict = {
    "p_step": {"nl": "Stap {n} van {total}", "en": "Step {n} of {total}"},
    "p_progress_label": {"nl": "Voortgang", "en": "Progress"},
    "p_next": {"nl": "Volgende", "en": "Next"},
    "p_start": {"nl": "Beginnen", "en": "Start"},
    "p_back": {"nl": "Vorige", "en": "Previous"},
    "p_save": {"nl": "Opslaan en later verder", "en": "Save and continue later"},
    "p_submit": {"nl": "Antwoorden versturen", "en": "Submit answers"},
    "p_saved": {
        "nl": "Uw antwoorden zijn opgeslagen. U kunt later verder via dezelfde link.",
        "en": "Your answers have been saved. You can continue later through the same link.",
    },
    "p_saved_group": {
        "nl": "Uw antwoorden zijn opgeslagen. U kunt later verder via dezelfde link, in deze browser.",
        "en": "Your answers have been saved. You can continue later through the same link, in this browser.",
    },
    "p_errors_title": {
        "nl": "Niet alle antwoorden konden worden verwerkt",
        "en": "Not all answers could be processed",
    },
    "p_errors_text": {
        "nl": "Er is niets opgeslagen. Pas de gemarkeerde vragen aan en probeer het opnieuw.",
        "en": "Nothing was stored. Please correct the marked questions and try again.",
    },
    "p_anonymous": {
        "nl": "Uw antwoorden worden anoniem opgeslagen: zonder uw naam, link, tijdstip of IP-adres.",
        "en": "Your answers are stored anonymously: without your name, link, time or IP address.",
    },
    "p_optional": {
        "nl": "U mag een stelling overslaan. Kies ‘{dk}’ als u het niet weet.",
        "en": "You may skip a statement. Choose ‘{dk}’ if you do not know.",
    },
    "p_optional_nodk": {"nl": "U mag een stelling overslaan.", "en": "You may skip a statement."},
    "p_background_title": {"nl": "Over uzelf", "en": "About you"},
    "p_background_text": {
        "nl": "Deze gegevens worden alleen gebruikt om groepen te vergelijken, nooit voor groepen kleiner dan {k} personen.",
        "en": "This is used only to compare groups, never for groups of fewer than {k} people.",
    },
    "p_open_title": {"nl": "Tot slot", "en": "Finally"},
    "p_max_chars": {"nl": "Maximaal {max} tekens.", "en": "At most {max} characters."},
    "p_review_title": {"nl": "Controleren en versturen", "en": "Review and submit"},
    "p_review_all": {"nl": "U heeft alle stellingen beantwoord.", "en": "You have answered all statements."},
    "p_review_missing": {
        "nl": "Deze stellingen heeft u nog niet beantwoord. Dat mag; u kunt ook teruggaan.",
        "en": "You have not answered these statements yet. That is allowed; you can also go back.",
    },
    "p_review_goto": {"nl": "Naar {title}", "en": "Go to {title}"},
    "p_review_after": {
        "nl": "Na het versturen kunt u uw antwoorden niet meer wijzigen.",
        "en": "After submitting you can no longer change your answers.",
    },
    "p_thanks_title": {"nl": "Bedankt voor uw deelname", "en": "Thank you for taking part"},
    "p_thanks_text": {
        "nl": "Uw antwoorden zijn anoniem opgeslagen. U kunt dit venster sluiten.",
        "en": "Your answers have been stored anonymously. You may close this window.",
    },
    "p_unknown_title": {"nl": "Onbekende link", "en": "Unknown link"},
    "p_unknown_text": {
        "nl": "Deze link is niet (meer) geldig. Controleer of u de volledige link uit uw uitnodiging heeft gebruikt.",
        "en": "This link is not valid (any more). Please check that you used the full link from your invitation.",
    },
    "p_used_title": {"nl": "Link al gebruikt", "en": "Link already used"},
    "p_used_text": {
        "nl": "Met deze persoonlijke link zijn de antwoorden al verstuurd. Elke persoonlijke link kan één keer worden gebruikt.",
        "en": "The answers for this personal link have already been submitted. Each personal link can be used once.",
    },
    "p_not_open_title": {"nl": "Nog niet geopend", "en": "Not open yet"},
    "p_not_open_text": {
        "nl": "Deze vragenlijst is nog niet geopend. Probeer het later opnieuw.",
        "en": "This questionnaire is not open yet. Please try again later.",
    },
    "p_closed_title": {"nl": "Vragenlijst gesloten", "en": "Questionnaire closed"},
    "p_closed_text": {
        "nl": "Deze vragenlijst is gesloten; er kunnen geen antwoorden meer worden verstuurd. Er is niets opgeslagen.",
        "en": "This questionnaire is closed; answers can no longer be submitted. Nothing was stored.",
    },
    "p_unknown_fields_title": {"nl": "Onbekende velden", "en": "Unknown fields"},
    "p_unknown_fields_text": {
        "nl": "Het formulier bevatte velden die deze vragenlijst niet kent. Er is niets opgeslagen.",
        "en": "The form contained fields this questionnaire does not have. Nothing was stored.",
    },
    "p_bad_control_text": {
        "nl": "Het formulier is onvolledig of ongeldig verstuurd. Er is niets opgeslagen.",
        "en": "The form was sent incomplete or invalid. Nothing was stored.",
    },
    "p_switch_lang": {"nl": "English", "en": "Nederlands"},
    "p_offline": {
        "nl": "Versturen is niet gelukt: er is geen verbinding. Uw antwoorden staan nog in deze browser. "
        "Probeer het opnieuw.",
        "en": "Sending failed: there is no connection. Your answers are still in this browser. Please try again.",
    },
    "p_sending": {"nl": "Bezig met versturen…", "en": "Sending…"},
}
