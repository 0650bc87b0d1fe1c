"""Texts: library — the refusals of the definitions kept in the database (scanengine.library)."""

from __future__ import annotations

CATALOGUE: dict = {
    "lib_not_found": {"nl": "Er is geen vragenlijst ‘{id}’.", "en": "There is no questionnaire '{id}'."},
    "lib_no_version": {
        "nl": "Vragenlijst ‘{id}’ heeft geen versie {number}.",
        "en": "Questionnaire '{id}' has no version {number}.",
    },
    "lib_shipped_id": {
        "nl": "‘{id}’ is de korte naam van een meegeleverde vragenlijst; geef uw vragenlijst een eigen korte "
        "naam (of maak een kopie van de meegeleverde).",
        "en": "'{id}' is the id of a shipped questionnaire; give yours an id of its own (or make a copy of the "
        "shipped one).",
    },
    "lib_id_taken": {
        "nl": "Er is al een vragenlijst met de korte naam ‘{id}’; kies een andere.",
        "en": "There is already a questionnaire with the id '{id}'; choose another.",
    },
    "lib_not_yours": {
        "nl": "De vragenlijst ‘{id}’ is van een collega: u kunt haar kopiëren, maar niet wijzigen.",
        "en": "The questionnaire '{id}' belongs to a colleague: you can copy it, but not change it.",
    },
    "lib_shipped_readonly": {
        "nl": "‘{id}’ is een meegeleverde vragenlijst; die wijzigt u in een kopie.",
        "en": "'{id}' is a shipped questionnaire; you change it in a copy.",
    },
    "lib_conflict": {
        "nl": "De vragenlijst ‘{id}’ is intussen gewijzigd (in een ander venster of door een collega); er is "
        "niets opgeslagen.",
        "en": "The questionnaire '{id}' was changed in the meantime (in another window or by a colleague); "
        "nothing was saved.",
    },
    "lib_id_changed": {
        "nl": "De korte naam van een vragenlijst blijft dezelfde; maak een kopie voor een andere korte naam.",
        "en": "The id of a questionnaire stays the same; make a copy for another id.",
    },
    "lib_unknown_ref": {
        "nl": "{ref}: geen bestand of meegeleverde vragenlijst, en geen vragenlijst met die korte naam in de "
        "database (meegeleverd: {shipped}; in de database: {kept})",
        "en": "{ref}: no such file or shipped questionnaire, nor one kept in the database (shipped: {shipped}; "
        "kept: {kept})",
    },
}
