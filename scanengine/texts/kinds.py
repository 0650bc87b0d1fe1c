"""Texts: kinds — the messages of a refused answer, shown at the form field (see scanengine.texts)."""

from __future__ import annotations

CATALOGUE: dict = {
    "field_invalid_choice": {"nl": "Kies een van de antwoorden in de lijst.",
                             "en": "Please choose one of the answers listed."},
    "field_scale_range": {"nl": "Kies een antwoord van 1 tot en met {points} of ‘{dk}’.",
                          "en": "Please choose an answer from 1 to {points} or ‘{dk}’."},
    "field_scale_range_nodk": {"nl": "Kies een antwoord van 1 tot en met {points}.",
                               "en": "Please choose an answer from 1 to {points}."},
    "field_too_long": {"nl": "Uw antwoord is {length} tekens lang; het maximum is {max}.",
                       "en": "Your answer is {length} characters long; the maximum is {max}."},
    "field_one_value": {"nl": "Er is meer dan één antwoord verstuurd; kies er één.",
                        "en": "More than one answer was sent; please choose one."},
    "field_not_text": {"nl": "Dit antwoord moet tekst zijn.", "en": "This answer must be text."},
    "field_unknown": {"nl": "Onbekend veld ‘{name}’.", "en": "Unknown field ‘{name}’."},
}
