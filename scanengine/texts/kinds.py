"""Texts: kinds — the messages of a refused answer, shown at the form field (see scanengine.texts)."""

from __future__ import annotations

CATALOGUE: dict = {
    "field_invalid_choice": {
        "nl": "Kies een van de antwoorden in de lijst.",
        "en": "Please choose one of the answers listed.",
    },
    "field_scale_range": {
        "nl": "Kies een antwoord van 1 tot en met {points} of ‘{dk}’.",
        "en": "Please choose an answer from 1 to {points} or ‘{dk}’.",
    },
    "field_scale_range_nodk": {
        "nl": "Kies een antwoord van 1 tot en met {points}.",
        "en": "Please choose an answer from 1 to {points}.",
    },
    "field_too_long": {
        "nl": "Uw antwoord is {length} tekens lang; het maximum is {max}.",
        "en": "Your answer is {length} characters long; the maximum is {max}.",
    },
    "field_one_value": {
        "nl": "Er is meer dan één antwoord verstuurd; kies er één.",
        "en": "More than one answer was sent; please choose one.",
    },
    "field_not_text": {"nl": "Dit antwoord moet tekst zijn.", "en": "This answer must be text."},
    "field_unknown": {"nl": "Onbekend veld ‘{name}’.", "en": "Unknown field ‘{name}’."},
}

CATALOGUE.update(
    {
        "field_required": {
            "nl": "Deze vraag moet worden beantwoord.",
            "en": "This question must be answered.",
        },
        "ranking_rank_range": {
            "nl": "Geef elke rang van 1 tot en met {top}.",
            "en": "Use ranks from 1 to {top}.",
        },
        "ranking_rank_twice": {
            "nl": "Rang {rank} is meer dan eens gegeven; geef elke rang één keer.",
            "en": "Rank {rank} was given more than once; use each rank once.",
        },
        "ranking_count": {
            "nl": {
                "one": "Kies precies {top} optie, of laat de vraag leeg.",
                "other": "Rangschik precies {top} opties (elke rang één keer), of laat de vraag leeg.",
            },
            "en": {
                "one": "Choose exactly {top} option, or leave the question empty.",
                "other": "Rank exactly {top} options (each rank once), or leave the question empty.",
            },
        },
        "points_whole": {
            "nl": "Geef per onderdeel een heel aantal punten van 0 tot en met {total}.",
            "en": "Give each item a whole number of points from 0 to {total}.",
        },
        "points_total": {
            "nl": "De punten moeten samen precies {total} zijn; u heeft er {spent} verdeeld.",
            "en": "The points must add up to exactly {total}; you have given {spent}.",
        },
        "number_invalid": {
            "nl": "Vul een getal in, bijvoorbeeld 12 of 12,5.",
            "en": "Please enter a number, for example 12 or 12.5.",
        },
        "number_no_dk": {
            "nl": "Vul een getal in; ‘weet niet’ is bij deze vraag niet mogelijk.",
            "en": "Please enter a number; ‘don't know’ is not offered for this question.",
        },
        "number_or_dk": {
            "nl": "Vul een getal in of kies ‘weet niet’, niet allebei.",
            "en": "Enter a number or choose ‘don't know’, not both.",
        },
        "number_decimals": {
            "nl": {
                "one": "Gebruik ten hoogste {decimals} cijfer achter de komma.",
                "other": "Gebruik ten hoogste {decimals} cijfers achter de komma.",
            },
            "en": {
                "one": "Use at most {decimals} decimal place.",
                "other": "Use at most {decimals} decimal places.",
            },
        },
        "number_range": {
            "nl": "Vul een getal in van {min} tot en met {max}.",
            "en": "Please enter a number from {min} to {max}.",
        },
        "choice_dk_alone": {
            "nl": "Kies ‘weet niet’ of een of meer antwoorden, niet allebei.",
            "en": "Choose ‘don't know’ or one or more answers, not both.",
        },
        "choice_too_many": {
            "nl": {"one": "Kies ten hoogste {max} antwoord.", "other": "Kies ten hoogste {max} antwoorden."},
            "en": {"one": "Choose at most {max} answer.", "other": "Choose at most {max} answers."},
        },
        "matrix_every_row": {
            "nl": "Beantwoord deze vraag voor elke regel.",
            "en": "Please answer this question for every row.",
        },
        # the form's own words for the kinds of sections
        "kinds_dk": {"nl": "Weet niet", "en": "Don't know"},
        "kinds_not_ranked": {"nl": "—", "en": "—"},
        "kinds_rank_hint": {
            "nl": {
                "one": "Kies de beste optie (1).",
                "other": "Geef uw top {top}: 1 is de belangrijkste. Elke rang één keer.",
            },
            "en": {
                "one": "Choose the best option (1).",
                "other": "Give your top {top}: 1 is the most important. Each rank once.",
            },
        },
        "kinds_rank_label": {"nl": "Rang voor {option}", "en": "Rank for {option}"},
        "kinds_points_hint": {
            "nl": "Verdeel {total} punten; de punten moeten samen {total} zijn.",
            "en": "Spread {total} points; together they must add up to {total}.",
        },
        "kinds_points_status": {
            "nl": "Verdeeld: {spent} van {total}. Nog te verdelen: {left}.",
            "en": "Given: {spent} of {total}. Left to give: {left}.",
        },
        "kinds_number_hint": {
            "nl": "Een getal van {min} tot en met {max}.",
            "en": "A number from {min} to {max}.",
        },
        "kinds_choice_hint": {
            "nl": {"one": "Kies één antwoord.", "other": "Kies ten hoogste {max} antwoorden."},
            "en": {"one": "Choose one answer.", "other": "Choose at most {max} answers."},
        },
        "kinds_matrix_hint": {
            "nl": "Kies per regel één antwoord.",
            "en": "Choose one answer for each row.",
        },
        "kinds_required": {"nl": "verplicht", "en": "required"},
        "kinds_optional": {
            "nl": "U mag een vraag overslaan, tenzij ze verplicht is (*).",
            "en": "You may skip a question unless it is required (*).",
        },
    }
)
