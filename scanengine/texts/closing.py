"""Texts: closing — what the close's confirmation says the report will not show (scanengine.closing.outlook)."""

from __future__ import annotations

CATALOGUE: dict = {
    "close_too_few": {
        "nl": "Er zijn {n} antwoorden, minder dan de minimale groepsgrootte k = {k}: het rapport toont dan geen "
        "enkel cijfer.",
        "en": "There are {n} responses, fewer than the minimum group size k = {k}: the report then shows no figure "
        "at all.",
    },
    "close_hidden_intro": {
        "nl": "Deze groepen verdwijnen uit het rapport, omdat ze kleiner zijn dan k = {k} (of omdat een kleine "
        "groep anders uit het totaal is af te leiden):",
        "en": "These groups vanish from the report, because they are smaller than k = {k} (or because a small "
        "group could otherwise be worked out from the total):",
    },
    "close_hidden_n": {
        "nl": {"one": "{n} antwoord", "other": "{n} antwoorden"},
        "en": {"one": "{n} response", "other": "{n} responses"},
    },
    "close_hidden_beside": {
        "nl": "verborgen naast een kleine groep",
        "en": "hidden beside a small group",
    },
    "close_all_shown": {
        "nl": "Elke groep heeft nu minstens k = {k} antwoorden: het rapport toont ze allemaal.",
        "en": "Every group now has at least k = {k} responses: the report shows them all.",
    },
}
