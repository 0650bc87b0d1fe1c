"""Texts of the admin pages: accounts, retention, benchmark import (see scanengine.texts)."""

from __future__ import annotations

CATALOGUE: dict = {
    "admin_area": {"nl": "Beheer", "en": "Administration"},
    "accounts": {"nl": "Accounts", "en": "Accounts"},
    "new_account": {"nl": "Nieuw account", "en": "New account"},
    "password_again": {"nl": "Wachtwoord (nogmaals)", "en": "Password (again)"},
    "password_help": {"nl": "Minimaal {n} tekens.", "en": "At least {n} characters."},
    "is_admin": {"nl": "Beheerder", "en": "Admin"},
    "admin_rights": {"nl": "Rechten", "en": "Rights"},
    "admin_checkbox": {
        "nl": "Beheerder (ziet alle rondes en deze beheerpagina's)",
        "en": "Admin (sees all rounds and these admin pages)",
    },
    "rounds_owned": {"nl": "Rondes", "en": "Rounds"},
    "create_account": {"nl": "Account aanmaken", "en": "Create account"},
    "account_created": {"nl": "Account {email} is aangemaakt.", "en": "Account {email} was created."},
    "account_refused": {
        "nl": "Het account is niet aangemaakt: {reason}",
        "en": "The account was not created: {reason}",
    },
    "err_password_mismatch": {
        "nl": "De twee wachtwoorden zijn niet gelijk.",
        "en": "The two passwords differ.",
    },
    "reset_password": {"nl": "Wachtwoord opnieuw instellen", "en": "Reset password"},
    "reset_password_for": {"nl": "Nieuw wachtwoord voor {email}", "en": "New password for {email}"},
    "reset_help": {
        "nl": "Alle bestaande sessies van dit account worden beëindigd; geef het nieuwe wachtwoord via een veilig kanaal door.",
        "en": "Every existing session of this account ends; pass the new password on through a safe channel.",
    },
    "new_password": {"nl": "Nieuw wachtwoord", "en": "New password"},
    "password_reset_done": {
        "nl": "Het wachtwoord van {email} is opnieuw ingesteld.",
        "en": "The password of {email} was reset.",
    },
    "password_refused": {
        "nl": "Het wachtwoord is niet gewijzigd: {reason}",
        "en": "The password was not changed: {reason}",
    },
    "back_to_accounts": {"nl": "Terug naar de accounts", "en": "Back to the accounts"},
    "purge_round": {"nl": "Ruwe antwoorden verwijderen", "en": "Purge raw answers"},
    "purge_title": {
        "nl": "Ruwe antwoorden definitief verwijderen?",
        "en": "Delete the raw answers for good?",
    },
    "purge_warning": {
        "nl": "Alle afzonderlijke antwoorden en tussentijds bewaarde formulieren van deze ronde worden verwijderd (AVG-bewaartermijn). De geaggregeerde resultaten, het rapport en de benchmarkcijfers blijven bewaard. Dit kan niet ongedaan worden gemaakt.",
        "en": "Every individual answer and saved draft of this round is deleted (GDPR retention period). The aggregated results, the report and the benchmark figures are kept. This cannot be undone.",
    },
    "purge_confirm": {"nl": "Ja, ruwe antwoorden verwijderen", "en": "Yes, purge the raw answers"},
    "purged_msg": {
        "nl": "{responses} antwoorden en {drafts} concepten verwijderd; de geaggregeerde resultaten zijn bewaard.",
        "en": "{responses} responses and {drafts} drafts deleted; the aggregated results are kept.",
    },
    "purged_at": {"nl": "Ruwe antwoorden verwijderd", "en": "Raw answers purged"},
    "benchmark_set": {"nl": "Benchmarkset", "en": "Benchmark set"},
    "benchmark_intro": {
        "nl": "Een ronde wordt vergeleken met de andere gesloten rondes van dezelfde vragenlijst en met geïmporteerde cijfers van andere installaties.",
        "en": "A round is compared with the other closed rounds of the same questionnaire and with aggregates imported from other installations.",
    },
    "imported_aggregates": {"nl": "Geïmporteerde cijfers", "en": "Imported aggregates"},
    "no_imported": {
        "nl": "Er zijn nog geen cijfers geïmporteerd.",
        "en": "No aggregates have been imported yet.",
    },
    "local_rounds": {
        "nl": "Gesloten rondes van deze installatie",
        "en": "Closed rounds of this installation",
    },
    "no_local": {"nl": "Er zijn nog geen gesloten rondes.", "en": "There are no closed rounds yet."},
    "counts_in_benchmark": {"nl": "Telt mee", "en": "Counts"},
    "counts_help": {
        "nl": "Een ronde telt mee als ze minstens k respondenten heeft.",
        "en": "A round counts when it has at least k respondents.",
    },
    "imported_at": {"nl": "Geïmporteerd", "en": "Imported"},
    "upload_benchmark": {"nl": "Cijfers importeren", "en": "Import aggregates"},
    "benchmark_file": {
        "nl": "Benchmarkbestand (JSON, van scanengine benchmark export)",
        "en": "Benchmark file (JSON, from scanengine benchmark export)",
    },
    "import_button": {"nl": "Importeren", "en": "Import"},
    "benchmark_imported": {
        "nl": "Geïmporteerd: {q} / {coop} / {name} (n={n}).",
        "en": "Imported: {q} / {coop} / {name} (n={n}).",
    },
    "benchmark_already": {
        "nl": "Dit bestand was al geïmporteerd ({q} / {coop} / {name}); er is niets gewijzigd.",
        "en": "This file was imported before ({q} / {coop} / {name}); nothing was changed.",
    },
    "benchmark_errors": {"nl": "Het bestand is niet geïmporteerd:", "en": "The file was not imported:"},
}
