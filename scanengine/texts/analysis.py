"""Texts: analysis (see scanengine.texts). The notes a :class:`scanengine.analysis.Results` carries, and the fixed
labels it gives to groups the definition does not name."""

from __future__ import annotations

CATALOGUE: dict = {
    # labels
    "analysis.group_breakdown": {"nl": "Organisatie", "en": "Organisation"},
    "analysis.unknown_group": {"nl": "Niet ingevuld", "en": "Not answered"},
    "analysis.sav.dont_know": {"nl": "Weet niet", "en": "Don't know"},
    # notes (params: n, k)
    "analysis.note.too_few": {
        "nl": "Er zijn {n} reacties, minder dan de minimale groepsgrootte van {k}: daarom worden geen uitkomsten "
        "getoond.",
        "en": "There are {n} responses, fewer than the minimum group size of {k}: no results are shown.",
    },
    "analysis.note.purged": {
        "nl": "De ruwe antwoorden van deze ronde zijn verwijderd; alleen bewaarde totalen zijn beschikbaar.",
        "en": "The raw answers of this round have been purged; only the kept totals are available.",
    },
    "analysis.note.groups_below_k": {
        "nl": {
            "one": "{n} groep met minder dan {k} respondenten is niet getoond.",
            "other": "{n} groepen met minder dan {k} respondenten zijn niet getoond.",
        },
        "en": {
            "one": "{n} group with fewer than {k} respondents is not shown.",
            "other": "{n} groups with fewer than {k} respondents are not shown.",
        },
    },
    "analysis.note.groups_complement": {
        "nl": {
            "one": "{n} groep is ook niet getoond, zodat een verborgen groep niet uit het totaal kan worden "
            "afgeleid.",
            "other": "{n} groepen zijn ook niet getoond, zodat een verborgen groep niet uit het totaal kan worden "
            "afgeleid.",
        },
        "en": {
            "one": "{n} further group is not shown, so that a hidden group cannot be derived from the total.",
            "other": "{n} further groups are not shown, so that a hidden group cannot be derived from the total.",
        },
    },
    "analysis.note.cells_hidden": {
        "nl": "Waar minder dan {k} respondenten een score op een dimensie hebben, is die cel niet getoond.",
        "en": "Where fewer than {k} respondents have a score on a dimension, that cell is not shown.",
    },
    "analysis.note.open_withheld": {
        "nl": {
            "one": "{n} open antwoord uit groepen die niet getoond worden is weggelaten.",
            "other": "{n} open antwoorden uit groepen die niet getoond worden zijn weggelaten.",
        },
        "en": {
            "one": "{n} open answer from groups that are not shown was left out.",
            "other": "{n} open answers from groups that are not shown were left out.",
        },
    },
    "analysis.note.no_benchmark": {
        "nl": "Er zijn nog geen andere afgesloten rondes van deze vragenlijst om mee te vergelijken.",
        "en": "There are no other closed rounds of this questionnaire to compare with yet.",
    },
}
