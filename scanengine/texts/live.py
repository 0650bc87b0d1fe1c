"""Texts: live — the workshop's presenter screen and the phones (see scanengine.texts)."""

from __future__ import annotations

CATALOGUE: dict = {
    # figures of the kinds' live results (Kind.live_summary); numbers are formatted in the reader's notation
    "live_share": {"nl": "{pct:.0f}%", "en": "{pct:.0f}%"},
    "live_ranking_bar": {
        "nl": "{points:.1f} punten · gem. plaats {rank:.1f}",
        "en": "{points:.1f} points · mean rank {rank:.1f}",
    },
    "live_ranking_w": {
        "nl": "Eensgezindheid over de volgorde (Kendalls W): {w:.2f} (0 = geen, 1 = volledig)",
        "en": "Agreement on the order (Kendall's W): {w:.2f} (0 = none, 1 = complete)",
    },
    "live_points_bar": {"nl": "gemiddeld {mean:.1f} van {total}", "en": "{mean:.1f} of {total} on average"},
    "live_number": {
        "nl": "Mediaan {median:g}; de middelste helft tussen {q1:g} en {q3:g}",
        "en": "Median {median:g}; the middle half between {q1:g} and {q3:g}",
    },
    "live_statement_mean": {
        "nl": "Gemiddelde {mean:.1f} op een schaal van 1 tot {points}",
        "en": "Mean {mean:.1f} on a scale from 1 to {points}",
    },
    # pages that are not a container of the definition
    "live_page_background": {"nl": "Over uzelf", "en": "About you"},
    "live_page_open": {"nl": "Open vragen", "en": "Open questions"},
    "live_page_other": {"nl": "Vragen", "en": "Questions"},
    # the presenter
    "live_title": {"nl": "Live sessie", "en": "Live session"},
    "live_open_presenter": {"nl": "Live sessie (presentatiescherm)", "en": "Live session (presenter screen)"},
    "live_start_text": {
        "nl": "Toon de vragenlijst pagina voor pagina op een groot scherm; de deelnemers antwoorden "
        "op hun telefoon. Resultaten verschijnen pas als u ze toont en minstens {k} personen "
        "een pagina beantwoordden. Na afloop telt ieders antwoord als één anonieme respons.",
        "en": "Show the questionnaire page by page on a big screen; participants answer on their "
        "phones. Results appear only when you show them and at least {k} people answered a "
        "page. Afterwards each person's answers count as one anonymous response.",
    },
    "live_start": {"nl": "Live sessie starten", "en": "Start live session"},
    "live_back_to_round": {"nl": "Terug naar de ronde", "en": "Back to the round"},
    "live_previous": {"nl": "Vorige", "en": "Previous"},
    "live_next": {"nl": "Volgende", "en": "Next"},
    "live_show": {"nl": "Toon resultaten", "en": "Show results"},
    "live_hide": {"nl": "Verberg resultaten", "en": "Hide results"},
    "live_end": {"nl": "Beëindig", "en": "End"},
    "live_end_confirm": {
        "nl": "De sessie beëindigen? De antwoorden worden opgeslagen en de code vervalt.",
        "en": "End the session? The answers are stored and the code expires.",
    },
    "live_keys_hint": {
        "nl": "Pijltjestoetsen links en rechts: vorige en volgende pagina.",
        "en": "Left and right arrow keys: previous and next page.",
    },
    "live_join_title": {"nl": "Doe mee op uw telefoon", "en": "Join on your phone"},
    "live_qr_label": {"nl": "QR-code naar {url}", "en": "QR code for {url}"},
    "live_code_label": {"nl": "Code", "en": "Code"},
    "live_step": {"nl": "Pagina {n} van {total}", "en": "Page {n} of {total}"},
    "live_count": {
        "nl": {
            "one": "{n} antwoord · {participants} deelnemers",
            "other": "{n} antwoorden · {participants} deelnemers",
        },
        "en": {
            "one": "{n} answer · {participants} participants",
            "other": "{n} answers · {participants} participants",
        },
    },
    "live_below_k": {
        "nl": "Resultaten verschijnen zodra minstens {k} personen deze pagina beantwoordden.",
        "en": "Results appear once at least {k} people have answered this page.",
    },
    "live_question_below_k": {
        "nl": "Minder dan {k} antwoorden op deze vraag: geen resultaat.",
        "en": "Fewer than {k} answers to this question: no result.",
    },
    "live_results_label": {
        "nl": {"one": "Resultaat van {n} antwoord", "other": "Resultaat van {n} antwoorden"},
        "en": {"one": "Result of {n} answer", "other": "Result of {n} answers"},
    },
    "live_n": {"nl": "n = {n}", "en": "n = {n}"},
    "live_not_live": {
        "nl": "Antwoorden op deze vraag worden niet live getoond; ze staan in het rapport.",
        "en": "Answers to this question are not shown live; they appear in the report.",
    },
    "live_session_ended_title": {"nl": "Live sessie beëindigd", "en": "Live session ended"},
    "live_session_ended_text": {
        "nl": {
            "one": "{n} deelnemer is opgeslagen als anonieme respons.",
            "other": "{n} deelnemers zijn opgeslagen als anonieme respons.",
        },
        "en": {
            "one": "{n} participant was stored as an anonymous response.",
            "other": "{n} participants were stored as anonymous responses.",
        },
    },
    "live_bad_action_title": {"nl": "Ongeldig verzoek", "en": "Bad request"},
    "live_bad_action_text": {
        "nl": "Het verzoek is onvolledig of ongeldig verstuurd. Er is niets gewijzigd.",
        "en": "The request was sent incomplete or invalid. Nothing was changed.",
    },
    "live_not_open_title": {"nl": "Ronde niet open", "en": "Round not open"},
    "live_not_open_text": {
        "nl": "Een live sessie kan alleen bij een geopende ronde.",
        "en": "A live session needs an open round.",
    },
    # phones
    "live_switch_lang": {"nl": "English", "en": "Nederlands"},
    "live_code_title": {"nl": "Meedoen met een live sessie", "en": "Join a live session"},
    "live_code_go": {"nl": "Verder", "en": "Continue"},
    "live_unknown_title": {"nl": "Onbekende code", "en": "Unknown code"},
    "live_unknown_text": {
        "nl": "Deze code hoort bij geen live sessie. Controleer de code op het scherm "
        "(zes tekens) en probeer het opnieuw.",
        "en": "This code does not belong to a live session. Please check the code on the "
        "screen (six characters) and try again.",
    },
    "live_ended_title": {"nl": "Sessie afgelopen", "en": "Session over"},
    "live_ended_text": {
        "nl": "Deze live sessie is afgelopen; uw antwoorden zijn anoniem opgeslagen. "
        "U kunt dit venster sluiten.",
        "en": "This live session is over; your answers have been stored anonymously. "
        "You may close this window.",
    },
    "live_not_joined_title": {"nl": "Nog niet aangemeld", "en": "Not joined yet"},
    "live_not_joined_text": {
        "nl": "Open de code opnieuw om mee te doen.",
        "en": "Open the code again to join.",
    },
    "live_bad_group_title": {"nl": "Kies een groep", "en": "Choose a group"},
    "live_bad_group_text": {
        "nl": "Kies de groep waartoe u behoort en probeer het opnieuw.",
        "en": "Please choose the group you belong to and try again.",
    },
    "live_join_heading": {"nl": "Meedoen", "en": "Join"},
    "live_anonymous": {
        "nl": "Uw antwoorden worden anoniem opgeslagen: zonder naam, tijdstip of adres. Het scherm "
        "toont alleen wat de groep samen antwoordde.",
        "en": "Your answers are stored anonymously: without name, time or address. The screen "
        "only shows what the group answered together.",
    },
    "live_group_legend": {"nl": "Tot welke groep behoort u?", "en": "Which group do you belong to?"},
    "live_join": {"nl": "Meedoen", "en": "Join"},
    "live_moved": {
        "nl": "De presentator is al verder; uw antwoord op de vorige pagina is niet meer gewijzigd. "
        "Dit is de huidige pagina.",
        "en": "The presenter has moved on; your answer to the previous page was not changed. "
        "This is the current page.",
    },
    "live_saved": {
        "nl": "Uw antwoord is bewaard. U kunt het wijzigen tot de presentator verder gaat.",
        "en": "Your answer has been kept. You can change it until the presenter moves on.",
    },
    "live_saved_short": {"nl": "Bewaard", "en": "Kept"},
    "live_failed": {"nl": "Niet bewaard; probeer het opnieuw.", "en": "Not kept; please try again."},
    "live_errors": {
        "nl": "Niet alle antwoorden konden worden bewaard; zie de gemarkeerde vragen.",
        "en": "Not all answers could be kept; see the marked questions.",
    },
    "live_nothing_to_answer": {
        "nl": "Op deze pagina hoeft u niets te beantwoorden.",
        "en": "There is nothing for you to answer on this page.",
    },
    "live_save": {"nl": "Antwoord bewaren", "en": "Keep answer"},
    "live_refresh": {"nl": "Huidige pagina ophalen", "en": "Fetch the current page"},
}
