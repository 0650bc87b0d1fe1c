"""Texts: definition — every problem the validator of a questionnaire definition can find, in two registers.

A problem (``scanengine.definition.Problem``) carries a key of this module and its parameters, never a sentence:

* :data:`TECHNICAL` is the sentence of ``file: json.path: sentence`` that ``scanengine validate``, the CLI and the
  logs print: English, with the JSON terms a person writing the file needs. Scripts and tests read it, so it is
  stable.
* :data:`CATALOGUE` is the same problem in plain words for a person who never sees the JSON (the questionnaire
  editor, the upload on the create-round page), in Dutch and English. It stands beside the field it concerns,
  so it does not repeat where; a parameter ending in ``_at`` holds a JSON path that the page writes in words
  (``first_at``: "stelling comp1 in dimensie 1").

A parameter given as ``{lang: text}`` is written in the reader's language (:func:`language_name` gives those for
language codes).
"""

from __future__ import annotations

TECHNICAL: dict[str, str] = {
    # reading the file
    "def_unreadable": "cannot read file: {reason}",
    "def_not_utf8": "not UTF-8 text ({reason} at byte {start})",
    "def_bad_json": "invalid JSON at line {line} column {column}: {reason}",
    "def_top_not_object": "the top level must be an object, got {got}",
    "def_not_found": "no such file or shipped questionnaire (shipped: {known})",
    # structure and types
    "def_missing": "required field is missing",
    "def_unknown_field": "unknown field",
    "def_type_string": "must be a string, got {got}",
    "def_type_int": "must be a whole number, got {got}",
    "def_type_float": "must be a number, got {got}",
    "def_type_bool": "must be true or false, got {got}",
    "def_type_list": "must be a list, got {got}",
    "def_type_object": "must be an object, got {got}",
    "def_whole_number": "must be a whole number",
    "def_too_short": "must have at least {min} entries",
    "def_unknown_kind": "unknown kind {kind!r} (known: {known})",
    "def_kind_missing": "required field is missing (one of: {known})",
    "def_invalid": "{reason}",
    "def_not_allowed": "input should be {expected}",
    # the rules of the document
    "def_nothing_asked": "needs at least one dimension (statements) or one section (other questions)",
    "def_bad_id": "bad id {value!r}: must match [a-z][a-z0-9_]{{0,39}}",
    "def_duplicate_id": "duplicate id {value!r} (first used at {first_at})",
    "def_duplicate_option": "duplicate {what} id {value!r} in question {question!r}",
    "def_empty": "must not be empty",
    "def_bad_language": "bad language code {lang!r}: use two lower-case letters such as 'nl' or 'en'",
    "def_dutch_required": "missing language 'nl' (Dutch is required)",
    "def_language_missing": "missing language {lang!r}",
    "def_language_undeclared": "language {lang!r} is not declared in title",
    "def_show_if_empty": "must name at least one background question",
    "def_show_if_question": "unknown background question {question!r}",
    "def_show_if_no_option": "must list at least one option",
    "def_unknown_option": "unknown option {option!r} of question {question!r}",
    "def_range": "must be between {min} and {max}, got {got}",
    "def_options_range": "must be between 1 and the number of options ({max}), got {got}",
    "def_labels_count": "has {count} labels, expected {points} (scale.points)",
    "def_band_range": "{value:g} is outside the scale range 1..{points}",
    "def_bands_unsorted": "bands must be sorted by descending min: {value:g} follows {previous:g}",
    "def_max_above_min": "must be larger than min ({min:g}), got {max:g}",
    "def_number_size": "must be smaller than 10^15 in size",
    "def_typical_range": "must lie between min and max ({min:g} to {max:g}), got {got:g}",
    "def_dk_column": '\'dk\' means "don\'t know" and cannot be a column id (use "dont_know": true)',
    "def_too_many_columns": "must have at most {max} entries, got {got}",
    # the businesscase block
    "def_bc_unknown": 'unknown question {question!r} (must name a number question with "estimate_for": "group")',
    "def_bc_kind": "question {question!r} is a {kind} question, must be a number question",
    "def_bc_per_group": 'question {question!r} must be estimated per organisation: give it "estimate_for": "group"',
    "def_bc_same": "must name another question than yearly ({question!r})",
    "def_horizon_range": "must be from {min} to {max}, got {got}",
    # the decision block
    "def_weights_unknown": "unknown question {question!r} (must name a points question)",
    "def_weights_kind": "question {question!r} is a {kind} question, must be a points question",
    "def_weights_missing": (
        "question {question!r} has no option for the criteria {criteria}; its options must be exactly the criteria"
    ),
    "def_weights_extra": (
        "question {question!r} has options that are no criterion: {options}; its options must be exactly the "
        "criteria"
    ),
    "def_unknown_alternative": "unknown alternative {alternative!r}",
    "def_not_scored": "alternative {alternative!r} is not scored (every alternative on every criterion)",
    "def_unknown_criterion": "unknown criterion {criterion!r}",
    "def_criterion_not_scored": "criterion {criterion!r} is not scored",
    "def_score_range": "must be from {min} to {max}, got {got}",
    "def_knockout_unknown": "unknown question {question!r} (must name a choice question)",
    "def_knockout_kind": "question {question!r} is a {kind} question, must be a choice question",
    # a sentence not (yet) in this module: printed as it is, a general sentence for people
    "def_unexplained": "{reason}",
}

CATALOGUE: dict = {
    "def_unreadable": {
        "nl": "Het bestand kan niet worden gelezen.",
        "en": "The file cannot be read.",
    },
    "def_not_utf8": {
        "nl": "Dit is geen tekstbestand in UTF-8; sla het op als UTF-8 en probeer het opnieuw.",
        "en": "This is not a UTF-8 text file; save it as UTF-8 and try again.",
    },
    "def_bad_json": {
        "nl": "Het bestand is geen geldige JSON: er gaat iets mis in regel {line}, teken {column}.",
        "en": "The file is not valid JSON: something is wrong in line {line}, character {column}.",
    },
    "def_top_not_object": {
        "nl": "Het bestand bevat geen vragenlijst (het moet met een accolade beginnen).",
        "en": "The file holds no questionnaire (it must start with a curly brace).",
    },
    "def_not_found": {
        "nl": "Deze vragenlijst bestaat niet.",
        "en": "This questionnaire does not exist.",
    },
    "def_missing": {"nl": "Dit ontbreekt nog.", "en": "This is still missing."},
    "def_unknown_field": {
        "nl": "Dit onderdeel kent het programma niet; haal het weg.",
        "en": "The program does not know this part; remove it.",
    },
    "def_type_string": {"nl": "Hier hoort tekst.", "en": "This must be text."},
    "def_type_int": {"nl": "Hier hoort een geheel getal.", "en": "This must be a whole number."},
    "def_type_float": {"nl": "Hier hoort een getal.", "en": "This must be a number."},
    "def_type_bool": {"nl": "Hier hoort ja of nee.", "en": "This must be yes or no."},
    "def_type_list": {"nl": "Hier hoort een lijst.", "en": "This must be a list."},
    "def_type_object": {
        "nl": "Dit onderdeel is onvolledig of verkeerd opgebouwd.",
        "en": "This part is incomplete or wrongly built.",
    },
    "def_whole_number": {"nl": "Hier hoort een geheel getal.", "en": "This must be a whole number."},
    "def_too_short": {
        "nl": {"one": "Hier hoort minstens één onderdeel.", "other": "Hier horen minstens {min} onderdelen."},
        "en": {
            "one": "At least one entry is needed here.",
            "other": "At least {min} entries are needed here.",
        },
    },
    "def_unknown_kind": {
        "nl": "Deze soort vraag bestaat niet: ‘{kind}’.",
        "en": "This kind of question does not exist: ‘{kind}’.",
    },
    "def_kind_missing": {
        "nl": "Kies de soort vraag.",
        "en": "Choose the kind of question.",
    },
    "def_invalid": {"nl": "Deze waarde klopt niet.", "en": "This value is not right."},
    "def_not_allowed": {
        "nl": "Deze waarde kan hier niet; kies een van de mogelijkheden.",
        "en": "This value is not possible here; choose one of the possibilities.",
    },
    "def_nothing_asked": {
        "nl": "De vragenlijst vraagt nog niets: voeg een dimensie met stellingen of een sectie met vragen toe.",
        "en": "The questionnaire asks nothing yet: add a dimension with statements or a section with questions.",
    },
    "def_bad_id": {
        "nl": "Een korte naam begint met een kleine letter en bevat verder alleen kleine letters, cijfers en "
        "liggende streepjes (hoogstens 40 tekens); ‘{value}’ kan dus niet.",
        "en": "A short name starts with a lower-case letter and holds only lower-case letters, digits and "
        "underscores (at most 40 characters); ‘{value}’ cannot be used.",
    },
    "def_duplicate_id": {
        "nl": "De korte naam ‘{value}’ is al in gebruik bij {first_at}; kies een andere.",
        "en": "The short name ‘{value}’ is already used by {first_at}; choose another.",
    },
    "def_duplicate_option": {
        "nl": "Twee {part} van deze vraag hebben dezelfde korte naam ‘{value}’; kies een andere.",
        "en": "Two {part} of this question have the same short name ‘{value}’; choose another.",
    },
    "def_empty": {"nl": "Vul dit in.", "en": "Please fill this in."},
    "def_bad_language": {
        "nl": "‘{lang}’ is geen taalcode; gebruik nl of en.",
        "en": "‘{lang}’ is not a language code; use nl or en.",
    },
    "def_dutch_required": {
        "nl": "De Nederlandse tekst is verplicht.",
        "en": "The Dutch text is required.",
    },
    "def_language_missing": {
        "nl": "De {language} tekst ontbreekt.",
        "en": "The {language} text is missing.",
    },
    "def_language_undeclared": {
        "nl": "Hier staat een {language} tekst, maar de vragenlijst heeft die taal niet; haal die tekst weg.",
        "en": "There is a {language} text here, but the questionnaire does not have that language; remove it.",
    },
    "def_show_if_empty": {
        "nl": "Kies bij welke antwoorden op een achtergrondvraag dit getoond wordt.",
        "en": "Choose the answers to a background question for which this is shown.",
    },
    "def_show_if_question": {
        "nl": "De voorwaarde noemt een achtergrondvraag die niet (meer) bestaat: ‘{question}’.",
        "en": "The condition names a background question that does not exist (any more): ‘{question}’.",
    },
    "def_show_if_no_option": {
        "nl": "Kies ten minste één antwoord van de achtergrondvraag.",
        "en": "Choose at least one answer of the background question.",
    },
    "def_unknown_option": {
        "nl": "Het antwoord ‘{option}’ van vraag ‘{question}’ bestaat niet (meer).",
        "en": "The answer ‘{option}’ of question ‘{question}’ does not exist (any more).",
    },
    "def_range": {
        "nl": "Kies een waarde van {min} tot en met {max}.",
        "en": "Choose a value from {min} to {max}.",
    },
    "def_options_range": {
        "nl": "Kies een aantal van 1 tot en met {max} (het aantal antwoorden van de vraag).",
        "en": "Choose a number from 1 to {max} (the number of answers of the question).",
    },
    "def_labels_count": {
        "nl": "Er zijn {count} antwoordlabels, maar de schaal heeft {points} punten: geef elk punt één label.",
        "en": "There are {count} answer labels, but the scale has {points} points: give every point one label.",
    },
    "def_band_range": {
        "nl": "Een ondergrens ligt op de schaal: van 1 tot en met {points}.",
        "en": "A lower bound lies on the scale: from 1 to {points}.",
    },
    "def_bands_unsorted": {
        "nl": "Zet de oordelen van de hoogste naar de laagste ondergrens, zonder twee keer dezelfde grens.",
        "en": "Put the verdicts from the highest to the lowest lower bound, without the same bound twice.",
    },
    "def_max_above_min": {
        "nl": "Het hoogste getal moet groter zijn dan het laagste.",
        "en": "The highest number must be larger than the lowest.",
    },
    "def_number_size": {
        "nl": "Dit getal is te groot.",
        "en": "This number is too large.",
    },
    "def_typical_range": {
        "nl": "Een gewone waarde ligt tussen het laagste en het hoogste getal van de vraag.",
        "en": "A usual value lies between the lowest and the highest number of the question.",
    },
    "def_dk_column": {
        "nl": "‘dk’ betekent ‘weet niet’ en kan geen korte naam van een kolom zijn; zet ‘weet niet’ aan bij de "
        "vraag.",
        "en": "‘dk’ means ‘don’t know’ and cannot be the short name of a column; switch ‘don’t know’ on for the "
        "question.",
    },
    "def_too_many_columns": {
        "nl": "Een matrix heeft hoogstens {max} kolommen.",
        "en": "A matrix has at most {max} columns.",
    },
    "def_bc_unknown": {
        "nl": "Kies een getalvraag die elke deelnemer voor de eigen organisatie schat.",
        "en": "Choose a number question that every participant estimates for their own organisation.",
    },
    "def_bc_kind": {
        "nl": "De vraag ‘{question}’ vraagt geen getal; kies een getalvraag.",
        "en": "The question ‘{question}’ does not ask for a number; choose a number question.",
    },
    "def_bc_per_group": {
        "nl": "De vraag ‘{question}’ moet per organisatie geschat worden: kies bij die vraag ‘Schatting: voor de "
        "eigen organisatie’.",
        "en": "The question ‘{question}’ must be estimated per organisation: choose ‘Estimate: for the own "
        "organisation’ for that question.",
    },
    "def_bc_same": {
        "nl": "Kies voor de eenmalige kosten een andere vraag dan voor de besparing per jaar.",
        "en": "Choose another question for the one-off cost than for the yearly saving.",
    },
    "def_horizon_range": {
        "nl": "Kies een aantal jaren van {min} tot en met {max}.",
        "en": "Choose a number of years from {min} to {max}.",
    },
    "def_weights_unknown": {
        "nl": "Kies de puntenvraag waarin de deelnemers de criteria wegen.",
        "en": "Choose the points question in which participants weigh the criteria.",
    },
    "def_weights_kind": {
        "nl": "De weging moet een puntenvraag zijn (punten verdelen over de criteria).",
        "en": "The weighing must be a points question (points spread over the criteria).",
    },
    "def_weights_missing": {
        "nl": "De puntenvraag ‘{question}’ heeft niet alle criteria als antwoord; haar antwoorden moeten precies de "
        "criteria zijn.",
        "en": "The points question ‘{question}’ does not have every criterion as an answer; its answers must be "
        "exactly the criteria.",
    },
    "def_weights_extra": {
        "nl": "De puntenvraag ‘{question}’ heeft antwoorden die geen criterium zijn; haar antwoorden moeten precies "
        "de criteria zijn.",
        "en": "The points question ‘{question}’ has answers that are no criterion; its answers must be exactly the "
        "criteria.",
    },
    "def_unknown_alternative": {
        "nl": "Het alternatief ‘{alternative}’ bestaat niet (meer).",
        "en": "The alternative ‘{alternative}’ does not exist (any more).",
    },
    "def_not_scored": {
        "nl": "Geef het alternatief ‘{alternative}’ een score op elk criterium.",
        "en": "Give the alternative ‘{alternative}’ a score on every criterion.",
    },
    "def_unknown_criterion": {
        "nl": "Het criterium ‘{criterion}’ bestaat niet (meer).",
        "en": "The criterion ‘{criterion}’ does not exist (any more).",
    },
    "def_criterion_not_scored": {
        "nl": "Geef een score op het criterium ‘{criterion}’.",
        "en": "Give a score on the criterion ‘{criterion}’.",
    },
    "def_score_range": {
        "nl": "Een score is een heel getal van {min} tot en met {max}.",
        "en": "A score is a whole number from {min} to {max}.",
    },
    "def_knockout_unknown": {
        "nl": "Kies de keuzevraag waarvan het antwoord alternatieven uitsluit.",
        "en": "Choose the choice question whose answer rules alternatives out.",
    },
    "def_knockout_kind": {
        "nl": "Een uitsluiting hoort bij een keuzevraag.",
        "en": "A rule-out belongs to a choice question.",
    },
    "def_unexplained": {
        "nl": "Dit onderdeel klopt nog niet.",
        "en": "This part is not right yet.",
    },
    # the languages named in the sentences above
    "def_language_nl": {"nl": "Nederlandse", "en": "Dutch"},
    "def_language_en": {"nl": "Engelse", "en": "English"},
    "def_language_other": {"nl": "‘{code}’-talige", "en": "‘{code}’"},
    # the lists of a question whose ids must differ (plural)
    "def_part_option": {"nl": "antwoorden", "en": "answers"},
    "def_part_row": {"nl": "rijen", "en": "rows"},
    "def_part_column": {"nl": "kolommen", "en": "columns"},
}

#: catalogue entries that are words inside the sentences above, not problems of their own
WORDS = frozenset(
    {
        "def_language_nl",
        "def_language_en",
        "def_language_other",
        "def_part_option",
        "def_part_row",
        "def_part_column",
    }
)

#: the languages a definition may be written in, with their names (the catalogue's languages)
NAMED_LANGUAGES = ("nl", "en")


def language_name(code: str) -> dict[str, str]:
    """A language code as words in each reader's language (``en`` -> "Engelse" / "English"): a parameter the
    plain sentences localise."""
    if code in NAMED_LANGUAGES:
        return dict(CATALOGUE[f"def_language_{code}"])
    other = CATALOGUE["def_language_other"]
    return {lang: template.format(code=code) for lang, template in other.items()}


def part_name(what: str) -> dict[str, str]:
    """A question's list whose ids must differ (``option``, ``row``, ``column``) as words in each reader's
    language (plural): a parameter of ``def_duplicate_option``."""
    return dict(CATALOGUE[f"def_part_{what}"])


def technical(key: str, params: dict) -> str | None:
    """The CLI's sentence of a problem (``file: json.path: sentence``), English; None for a problem that only a
    form finds (a number that is no number), which has no technical sentence."""
    template = TECHNICAL.get(key)
    if template is None:
        return None
    return template.format(**{k: (v.get("en", "") if isinstance(v, dict) else v) for k, v in params.items()})
