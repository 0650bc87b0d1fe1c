"""Texts: audit — every action of the audit log in words (see scanengine.audit.describe).

``audit_<action>`` (dots become underscores) is the entry written with its parameters; a ``variant`` parameter
picks ``audit_<action>_<variant>``. ``audit_<action>_name`` is the action's name alone, for entries written
before their parameters were kept (their English detail follows it).
"""

from __future__ import annotations

CATALOGUE: dict = {
    # rounds
    "audit_round_create": {
        "nl": "Ronde aangemaakt: {name} ({cooperation}), vragenlijst {questionnaire} {version}",
        "en": "Round created: {name} ({cooperation}), questionnaire {questionnaire} {version}",
    },
    "audit_round_create_name": {"nl": "Ronde aangemaakt", "en": "Round created"},
    "audit_round_open": {"nl": "Ronde geopend", "en": "Round opened"},
    "audit_round_open_name": {"nl": "Ronde geopend", "en": "Round opened"},
    "audit_round_close": {"nl": "Ronde gesloten", "en": "Round closed"},
    "audit_round_close_name": {"nl": "Ronde gesloten", "en": "Round closed"},
    "audit_round_purge": {
        "nl": "Ruwe antwoorden verwijderd: {responses} antwoorden en {drafts} tussenstanden; de samengevatte "
        "resultaten blijven",
        "en": "Raw answers deleted: {responses} responses and {drafts} drafts; the aggregated results are kept",
    },
    "audit_round_purge_name": {"nl": "Ruwe antwoorden verwijderd", "en": "Raw answers deleted"},
    "audit_round_simulate": {
        "nl": {
            "one": "{n} gesimuleerd antwoord toegevoegd (startgetal {seed})",
            "other": "{n} gesimuleerde antwoorden toegevoegd (startgetal {seed})",
        },
        "en": {
            "one": "{n} synthetic response added (seed {seed})",
            "other": "{n} synthetic responses added (seed {seed})",
        },
    },
    "audit_round_simulate_name": {
        "nl": "Gesimuleerde antwoorden toegevoegd",
        "en": "Synthetic responses added",
    },
    # links
    "audit_links_issue": {
        "nl": {
            "one": "{n} persoonlijke link uitgegeven voor groep {group}",
            "other": "{n} persoonlijke links uitgegeven voor groep {group}",
        },
        "en": {
            "one": "{n} personal link issued for group {group}",
            "other": "{n} personal links issued for group {group}",
        },
    },
    "audit_links_issue_name": {"nl": "Persoonlijke links uitgegeven", "en": "Personal links issued"},
    "audit_links_shared": {"nl": "Groepslink gemaakt voor {group}", "en": "Group link made for {group}"},
    "audit_links_shared_name": {"nl": "Groepslink gemaakt", "en": "Group link made"},
    "audit_links_shared_rotate": {
        "nl": "Groepslink vervangen voor {group} (de oude werkt niet meer)",
        "en": "Group link replaced for {group} (the old one no longer works)",
    },
    "audit_links_shared_rotate_name": {"nl": "Groepslink vervangen", "en": "Group link replaced"},
    # exports
    "audit_export_raw": {
        "nl": "Ruwe antwoorden geëxporteerd ({format})",
        "en": "Raw answers exported ({format})",
    },
    "audit_export_raw_name": {"nl": "Ruwe antwoorden geëxporteerd", "en": "Raw answers exported"},
    # live
    "audit_live_start": {"nl": "Live sessie gestart", "en": "Live session started"},
    "audit_live_start_name": {"nl": "Live sessie gestart", "en": "Live session started"},
    "audit_live_end": {
        "nl": {
            "one": "Live sessie beëindigd: {n} antwoord bewaard",
            "other": "Live sessie beëindigd: {n} antwoorden bewaard",
        },
        "en": {
            "one": "Live session ended: {n} response stored",
            "other": "Live session ended: {n} responses stored",
        },
    },
    "audit_live_end_name": {"nl": "Live sessie beëindigd", "en": "Live session ended"},
    # invitations
    "audit_invitations_add": {
        "nl": {
            "one": "{n} nieuw adres voor groep {group}; al uitgenodigd: {known}",
            "other": "{n} nieuwe adressen voor groep {group}; al uitgenodigd: {known}",
        },
        "en": {
            "one": "{n} new address for group {group}; already invited: {known}",
            "other": "{n} new addresses for group {group}; already invited: {known}",
        },
    },
    "audit_invitations_add_name": {"nl": "Adressen toegevoegd", "en": "Addresses added"},
    "audit_invitations_message_saved": {
        "nl": "Tekst van de uitnodiging opgeslagen",
        "en": "Invitation text saved",
    },
    "audit_invitations_message_reset": {
        "nl": "Tekst van de uitnodiging teruggezet naar de standaardtekst",
        "en": "Invitation text reset to the default",
    },
    "audit_invitations_message_name": {"nl": "Tekst van de uitnodiging", "en": "Invitation text"},
    "audit_invitations_send": {
        "nl": "Uitnodigingen verstuurd: {sent}, geweigerd: {refused}",
        "en": "Invitations sent: {sent}, refused: {refused}",
    },
    "audit_invitations_send_name": {"nl": "Uitnodigingen verstuurd", "en": "Invitations sent"},
    "audit_invitations_remind": {
        "nl": "Herinneringen verstuurd: {sent}, geweigerd: {refused}",
        "en": "Reminders sent: {sent}, refused: {refused}",
    },
    "audit_invitations_remind_name": {"nl": "Herinneringen verstuurd", "en": "Reminders sent"},
    "audit_invitations_erase": {
        "nl": "{n} e-mailadressen gewist; de aantallen blijven",
        "en": "{n} e-mail addresses erased; the counts are kept",
    },
    "audit_invitations_erase_name": {"nl": "E-mailadressen gewist", "en": "E-mail addresses erased"},
    # accounts and logins
    "audit_user_create_name": {"nl": "Account aangemaakt", "en": "Account created"},
    "audit_user_password_name": {"nl": "Wachtwoord gewijzigd", "en": "Password changed"},
    "audit_login_name": {"nl": "Ingelogd", "en": "Logged in"},
    "audit_logout_name": {"nl": "Uitgelogd", "en": "Logged out"},
    "audit_login_failed_name": {"nl": "Inloggen mislukt", "en": "Login failed"},
    "audit_login_blocked_name": {"nl": "Inloggen geblokkeerd", "en": "Login blocked"},
    "audit_demo_seed_name": {"nl": "Demo klaargezet", "en": "Demo set up"},
    # definitions kept in the database (the questionnaire editor)
    "audit_questionnaire_create": {
        "nl": "Vragenlijst {questionnaire} gemaakt (versie {number})",
        "en": "Questionnaire {questionnaire} made (version {number})",
    },
    "audit_questionnaire_create_name": {"nl": "Vragenlijst gemaakt", "en": "Questionnaire made"},
    "audit_questionnaire_copy": {
        "nl": "Vragenlijst {questionnaire} gemaakt als kopie van {source}",
        "en": "Questionnaire {questionnaire} made as a copy of {source}",
    },
    "audit_questionnaire_copy_name": {"nl": "Vragenlijst gekopieerd", "en": "Questionnaire copied"},
    "audit_questionnaire_import": {
        "nl": "Vragenlijst {questionnaire} ingelezen uit {source} (versie {number})",
        "en": "Questionnaire {questionnaire} imported from {source} (version {number})",
    },
    "audit_questionnaire_import_name": {"nl": "Vragenlijst ingelezen", "en": "Questionnaire imported"},
    "audit_questionnaire_save": {
        "nl": {
            "one": "Vragenlijst {questionnaire} versie {number} opgeslagen: {n} wijziging",
            "other": "Vragenlijst {questionnaire} versie {number} opgeslagen: {n} wijzigingen",
        },
        "en": {
            "one": "Questionnaire {questionnaire} version {number} saved: {n} change",
            "other": "Questionnaire {questionnaire} version {number} saved: {n} changes",
        },
    },
    "audit_questionnaire_save_new": {
        "nl": {
            "one": "Vragenlijst {questionnaire}: nieuwe versie {number} (de vorige is in gebruik), {n} wijziging",
            "other": "Vragenlijst {questionnaire}: nieuwe versie {number} (de vorige is in gebruik), "
            "{n} wijzigingen",
        },
        "en": {
            "one": "Questionnaire {questionnaire}: new version {number} (the previous one is in use), {n} change",
            "other": "Questionnaire {questionnaire}: new version {number} (the previous one is in use), "
            "{n} changes",
        },
    },
    "audit_questionnaire_save_name": {"nl": "Vragenlijst opgeslagen", "en": "Questionnaire saved"},
    "audit_questionnaire_delete": {
        "nl": "Vragenlijst {questionnaire} verwijderd (rondes houden hun eigen kopie)",
        "en": "Questionnaire {questionnaire} deleted (rounds keep their own copy)",
    },
    "audit_questionnaire_delete_name": {"nl": "Vragenlijst verwijderd", "en": "Questionnaire deleted"},
    "audit_questionnaire_preview_link": {
        "nl": "Voorbeeldlink gemaakt voor {questionnaire}",
        "en": "Preview link made for {questionnaire}",
    },
    "audit_questionnaire_preview_link_name": {"nl": "Voorbeeldlink gemaakt", "en": "Preview link made"},
    "audit_questionnaire_preview_revoke": {
        "nl": "Voorbeeldlinks van {questionnaire} ingetrokken",
        "en": "Preview links of {questionnaire} revoked",
    },
    "audit_questionnaire_preview_revoke_name": {
        "nl": "Voorbeeldlinks ingetrokken",
        "en": "Preview links revoked",
    },
}
