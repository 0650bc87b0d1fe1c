"""The report's sentences in Dutch and English, and the number formats of each language.

A council member reads the report, not a statistician: every figure in the PDF is accompanied by a sentence
that says what it means. ReportLab makes no tagged PDF, so these sentences also carry the content of each chart
for screen readers and text search. Keeping them here (not in the layout code) lets a translator or editor work
on the words without touching ReportLab.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

LANGS = ("nl", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "report_kind": "Benchmarkrapport",
        "cooperation": "Samenwerkingsverband",
        "round": "Ronde",
        "closed_on": "Gesloten op",
        "not_closed": "De ronde is nog niet gesloten: dit is een tussenstand.",
        "respondents": "Respondenten",
        "response_rate": "Respons",
        "rate_unknown": "onbekend (geen verwachte aantallen opgegeven)",
        "rate_value": "{rate} van {expected} genodigden",
        "questionnaire": "Vragenlijst",
        "how_to_read_h": "Zo leest u dit rapport",
        "how_to_read": (
            "Deelnemers gaven bij elke stelling aan in hoeverre zij het ermee eens zijn, op een schaal van 1 "
            "({low}) tot {points} ({high}). Per dimensie van vertrouwen berekenen we een gemiddelde; hoger is "
            "steeds positiever. De samenvatting geeft het totaalbeeld, daarna volgt per dimensie een pagina met de "
            "stellingen, de eensgezindheid en de verschillen tussen groepen. Achterin staat hoe alles berekend is. "
            "Groepen met minder dan {k} respondenten worden nooit getoond, zodat niemand herkenbaar is."
        ),
        "toc": "Inhoud",
        "page": "Pagina {n}",
        "summary_h": "Samenvatting",
        "summary_intro": (
            "{n} mensen vulden de vragenlijst in{rate_part}. Over alle dimensies samen is de gemiddelde score "
            "{mean} op een schaal van 1 tot {points}."
        ),
        "summary_intro_rate": " ({rate} van de genodigden)",
        "summary_no_data": "Er zijn nog geen antwoorden; daarom bevat dit rapport geen scores.",
        "round_suppressed": (
            "Deze ronde heeft minder dan {k} respondenten. Om de anonimiteit te beschermen toont dit rapport geen "
            "cijfers."
        ),
        "legend_round": "Deze ronde",
        "legend_bench": "Benchmark (mediaan)",
        "legend_prev": "Vorige ronde",
        "no_previous_short": "geen vorige ronde",
        "radar_caption": (
            "De figuur toont per dimensie het gemiddelde van deze ronde (blauwe lijn). Hoe verder naar buiten, hoe "
            "positiever. Het hoogst scoort {best} ({best_mean}), het laagst {worst} ({worst_mean})."
        ),
        "bars_caption": (
            "De figuur toont per dimensie het gemiddelde van deze ronde (blauwe balk); hoe langer, hoe positiever. "
            "Het hoogst scoort {best} ({best_mean}), het laagst {worst} ({worst_mean})."
        ),
        "radar_bench": " De grijze stippellijn is de mediaan van {rounds} andere rondes met deze vragenlijst.",
        "radar_no_bench": " Er is nog geen benchmark: er zijn geen andere gesloten rondes met deze vragenlijst.",
        "radar_prev": " De oranje lijn is de vorige ronde van dit samenwerkingsverband ({name}).",
        "radar_no_prev": " Er is geen vorige ronde van dit samenwerkingsverband om mee te vergelijken.",
        "col_dimension": "Dimensie",
        "col_mean": "Gemiddelde",
        "col_band": "Oordeel",
        "col_change": "Verschil met vorige ronde",
        "col_percentile": "Percentiel in benchmark",
        "col_n": "n",
        "col_group": "Groep",
        "col_ci": "95%-interval",
        "col_mean_short": "Gem.",
        "col_statement": "Stelling",
        "col_responses": "Respons",
        "col_expected": "Verwacht",
        "col_rate": "Responspercentage",
        "table_caption": (
            "Oordeel: de categorie waarin het gemiddelde valt (zie de verantwoording). Verschil: het gemiddelde nu "
            "min dat van de vorige ronde; een plus is een verbetering. Percentiel: het deel van de vergelijkbare "
            "rondes dat lager scoorde; 80 betekent dat deze ronde hoger scoort dan 80% van de benchmark."
        ),
        "strongest_h": "Sterkste stellingen",
        "weakest_h": "Zwakste stellingen",
        "statements_intro": (
            "Gemiddelde score per stelling. Bij omgekeerd geformuleerde stellingen is de score eerst omgedraaid, "
            "zodat hoger steeds positiever is."
        ),
        "gaps_h": "Grootste verschillen tussen groepen",
        "gap_sentence": "{dimension}: {high} ({high_mean}) scoort {diff} punt hoger dan {low} ({low_mean}).",
        "no_gaps": "Er zijn geen groepen met genoeg respondenten om met elkaar te vergelijken.",
        "participation_h": "Respons per organisatie",
        "participation_caption": (
            "Aantal ingevulde vragenlijsten per organisatie, tegenover het verwachte aantal deelnemers."
        ),
        "dimensions_h": "Resultaten per dimensie",
        "dimensions_intro": (
            "Per dimensie: de gemiddelde score met de onzekerheid daarvan, de antwoorden op elke stelling, hoe "
            "eensgezind de deelnemers zijn, hoe goed de stellingen samen de dimensie meten, en de verschillen tussen "
            "groepen."
        ),
        "dim_mean": (
            "Gemiddelde score: {mean} op een schaal van 1 tot {points} (n = {n}). Het echte gemiddelde ligt met 95% "
            "zekerheid tussen {lo} en {hi}. Dat is de categorie '{band}'."
        ),
        "dim_mean_no_ci": "Gemiddelde score: {mean} op een schaal van 1 tot {points} (n = {n}). Dat is de categorie '{band}'.",
        "dim_no_data": "Voor deze dimensie zijn te weinig antwoorden om een score te geven.",
        "dim_bench": (
            "Vergeleken met {rounds} andere rondes (mediaan {median}; de middelste helft ligt tussen {q1} en {q3}) "
            "scoort deze ronde hoger dan {percentile}% daarvan."
        ),
        "dim_no_bench": "Er is geen benchmark voor deze dimensie.",
        "dim_trend": "Vorige ronde ({name}): {previous}. Het verschil is {diff}: {significance}.",
        "trend_sig": "dat is een statistisch significant verschil ({p})",
        "trend_not_sig": "dat is geen statistisch significant verschil ({p}), het kan op toeval berusten",
        "trend_untested": "niet getoetst, omdat de ruwe antwoorden van de vorige ronde al verwijderd zijn",
        "dim_no_trend": "Er is geen vorige ronde om mee te vergelijken.",
        "items_caption": (
            "Per stelling de verdeling van de antwoorden, van '{low}' (links, rood) tot '{high}' (rechts, blauw){dk}. "
            "Het hoogst scoort '{top}' ({top_mean}), het laagst '{bottom}' ({bottom_mean})."
        ),
        "items_caption_dk": "; grijs is '{dk}'",
        "items_caption_one": (
            "De verdeling van de antwoorden, van '{low}' (links, rood) tot '{high}' (rechts, blauw){dk}; "
            "gemiddelde {top_mean}."
        ),
        "reverse_mark": "(omgekeerd)",
        "shown_note": "Stellingen met een * zijn alleen voorgelegd aan een deel van de deelnemers.",
        "rwg": "Eensgezindheid (rwg(j) = {value}): {meaning}",
        "rwg_none": "Eensgezindheid: niet te berekenen voor deze dimensie.",
        "rwg_0": "geen overeenstemming; de deelnemers denken hier heel verschillend over.",
        "rwg_1": "zwakke overeenstemming; de meningen lopen behoorlijk uiteen.",
        "rwg_2": "redelijke overeenstemming.",
        "rwg_3": "sterke overeenstemming; de deelnemers oordelen grotendeels gelijk.",
        "rwg_4": "zeer sterke overeenstemming; vrijwel iedereen oordeelt gelijk.",
        "alpha": "Betrouwbaarheid (Cronbachs alfa = {value}, over {n} volledige antwoordreeksen): {meaning}",
        "alpha_none": (
            "Betrouwbaarheid: niet te berekenen (de dimensie heeft één stelling of te weinig volledige "
            "antwoordreeksen)."
        ),
        "alpha_0": "laag; de stellingen meten niet goed hetzelfde, kijk vooral naar de afzonderlijke stellingen.",
        "alpha_1": "matig; lees de score met enige voorzichtigheid.",
        "alpha_2": "voldoende; de stellingen meten samen hetzelfde.",
        "alpha_3": "goed; de stellingen meten samen duidelijk hetzelfde.",
        "groups_h": "Groepen vergeleken",
        "tests_intro": "Verschillen tussen groepen (Kruskal-Wallis):",
        "test_sentence": "{significance} (H = {H}; {p}; ε² = {eps}, {size}).",
        "test_sig": "de verschillen zijn statistisch significant",
        "test_not_sig": "de verschillen zijn niet statistisch significant",
        "test_none": "minder dan twee groepen met genoeg respondenten, dus niet getoetst.",
        "eps_0": "verwaarloosbaar",
        "eps_1": "klein",
        "eps_2": "middelgroot",
        "eps_3": "vrij groot",
        "eps_4": "groot",
        "eps_5": "zeer groot",
        "icc": "De organisatie verklaart {share} van de verschillen tussen deelnemers (ICC(1)).",
        "groups_all_suppressed": (
            "Geen enkele groep heeft minstens {k} respondenten; daarom worden er geen groepscijfers getoond."
        ),
        "suppressed_note": "{count} groep(en) niet getoond (minder dan {k} respondenten, of verborgen tegen terugrekenen).",
        "unknown_group": "Onbekend",
        "heatmap_h": "Groepen en dimensies",
        "heatmap_caption": (
            "Elke cel is het gemiddelde van een groep op een dimensie; blauw is hoger, rood is lager. "
            "Grijze cellen met 'niet getoond' zijn verborgen: de groep heeft minder dan {k} respondenten, of is "
            "verborgen om terugrekenen te voorkomen."
        ),
        "heatmap_extremes": " De hoogste cel is {hi_group} op {hi_dim} ({hi}), de laagste {lo_group} op {lo_dim} ({lo}).",
        "heatmap_none": (
            "Geen enkele groep heeft minstens {k} respondenten. Alle cellen zijn daarom verborgen en er is geen "
            "figuur."
        ),
        "heatmap_suppressed": "niet getoond",
        "open_h": "Open antwoorden",
        "open_intro": (
            "De antwoorden staan letterlijk zoals ze zijn ingetypt, in alfabetische volgorde zodat de volgorde niets "
            "verraadt. Alleen antwoorden uit groepen met minstens {k} respondenten zijn opgenomen."
        ),
        "open_withheld": "{count} antwoord(en) zijn weggelaten omdat ze uit een te kleine groep komen.",
        "open_none": "Er zijn geen open antwoorden gegeven.",
        "open_none_question": "Geen antwoorden op deze vraag.",
        "open_repeat": "{text} ({count}×)",
        "open_repeat_note": "Antwoorden die meer dan eens precies zo zijn gegeven, staan er één keer, met het aantal (bijvoorbeeld 3×).",
        "open_no_questions": "Deze vragenlijst heeft geen open vragen.",
        "method_h": "Verantwoording",
        "method_scale_h": "Schaal",
        "method_scale": "De stellingen worden beantwoord op een schaal van {points} punten: {labels}.",
        "method_dk": " Daarnaast kan men '{dk}' kiezen.",
        "method_scoring_h": "Scoring",
        "method_scoring": (
            "Omgekeerd geformuleerde stellingen worden omgerekend (score = {p1} min het antwoord), zodat een hogere "
            "score steeds positiever is. De score van een deelnemer op een dimensie is het gemiddelde van de "
            "beantwoorde stellingen, als minstens de helft van de stellingen die deze deelnemer kreeg is beantwoord."
        ),
        "method_reverse": " Omgekeerd geformuleerd zijn: {items}.",
        "method_missing_h": "Ontbrekende antwoorden",
        "method_missing": (
            "'Weet niet' en overgeslagen stellingen tellen niet mee in de gemiddelden; het aandeel 'weet niet' staat "
            "wel in de figuren. Stellingen die alleen aan sommige deelnemers zijn voorgelegd (bijvoorbeeld alleen "
            "aan raadsleden) tellen alleen mee voor wie ze kreeg."
        ),
        "method_bands_h": "Oordelen",
        "method_band": "'{label}': gemiddelde vanaf {min}",
        "method_anonymity_h": "Anonimiteit",
        "method_anonymity": (
            "Groepen met minder dan {k} respondenten worden nooit getoond (k = {k}). Als een kleine groep uit de "
            "totalen terug te rekenen zou zijn, wordt ook een tweede groep verborgen. Open antwoorden komen alleen "
            "uit groepen van minstens {k}. Antwoorden worden opgeslagen zonder naam, link, tijdstip of IP-adres."
        ),
        "method_tests_h": "Toetsen",
        "method_tests": (
            "Betrouwbaarheidsinterval: gemiddelde ± t(0,975; n−1) · SD / √n. Verschillen tussen groepen: "
            "Kruskal-Wallis-toets over groepen met minstens k respondenten (geen aanname van een normale verdeling), "
            "met effectgrootte ε² (verwaarloosbaar onder 0,01, klein tot 0,04, middelgroot tot 0,16, vrij groot tot "
            "0,36, groot tot 0,64). Verschil met de vorige ronde: Mann-Whitney-toets. Een verschil heet statistisch "
            "significant als p kleiner is dan 0,05: dan is het onwaarschijnlijk dat het door toeval ontstaat."
        ),
        "method_definitions_h": "Begrippen",
        "def_mean": "Gemiddelde: de som van de scores gedeeld door het aantal deelnemers met een score.",
        "def_sd": "Standaardafwijking (SD): hoe ver scores gemiddeld van het gemiddelde liggen.",
        "def_rwg": (
            "Eensgezindheid rwg(j): vergelijkt de spreiding van de antwoorden met de spreiding als iedereen "
            "willekeurig zou antwoorden; 0 is geen overeenstemming, 1 volledige (vanaf 0,70 spreken we van sterk)."
        ),
        "def_alpha": (
            "Cronbachs alfa: of de stellingen van een dimensie samen hetzelfde meten; vanaf 0,70 voldoende, vanaf "
            "0,80 goed."
        ),
        "def_icc": (
            "ICC(1): welk deel van de verschillen tussen deelnemers samenhangt met de organisatie waar ze bij horen."
        ),
        "def_percentile": (
            "Benchmark en percentiel: de gemiddelden van andere gesloten rondes met dezelfde vragenlijst; het "
            "percentiel is het deel daarvan dat lager scoort dan deze ronde."
        ),
        "method_notes_h": "Opmerkingen bij deze ronde",
        "yes": "ja",
        "no": "nee",
        "none": "–",
        "no_benchmark_short": "geen benchmark",
    },
    "en": {
        "report_kind": "Benchmark report",
        "cooperation": "Cooperation",
        "round": "Round",
        "closed_on": "Closed on",
        "not_closed": "The round is not closed yet: these are interim figures.",
        "respondents": "Respondents",
        "response_rate": "Response rate",
        "rate_unknown": "unknown (no expected group sizes given)",
        "rate_value": "{rate} of {expected} invited",
        "questionnaire": "Questionnaire",
        "how_to_read_h": "How to read this report",
        "how_to_read": (
            "For each statement participants said how far they agree, on a scale from 1 ({low}) to {points} "
            "({high}). For each dimension of trust we compute an average; higher is always more positive. The "
            "summary gives the overall picture; then each dimension has a page with its statements, how much the "
            "participants agree with each other and how groups differ. The method appendix explains every "
            "calculation. Groups of fewer than {k} respondents are never shown, so nobody can be recognised."
        ),
        "toc": "Contents",
        "page": "Page {n}",
        "summary_h": "Summary",
        "summary_intro": (
            "{n} people completed the questionnaire{rate_part}. Over all dimensions the average score is {mean} on a "
            "scale from 1 to {points}."
        ),
        "summary_intro_rate": " ({rate} of those invited)",
        "summary_no_data": "There are no responses yet, so this report contains no scores.",
        "round_suppressed": (
            "This round has fewer than {k} respondents. To protect anonymity this report shows no figures."
        ),
        "legend_round": "This round",
        "legend_bench": "Benchmark (median)",
        "legend_prev": "Previous round",
        "no_previous_short": "no previous round",
        "radar_caption": (
            "The figure shows the average of this round per dimension (blue line). The further out, the more "
            "positive. The highest is {best} ({best_mean}), the lowest {worst} ({worst_mean})."
        ),
        "bars_caption": (
            "The figure shows the average of this round per dimension (blue bar); the longer, the more positive. "
            "The highest is {best} ({best_mean}), the lowest {worst} ({worst_mean})."
        ),
        "radar_bench": " The grey dotted line is the median of {rounds} other rounds with this questionnaire.",
        "radar_no_bench": " There is no benchmark yet: no other closed rounds use this questionnaire.",
        "radar_prev": " The orange line is the previous round of this cooperation ({name}).",
        "radar_no_prev": " There is no previous round of this cooperation to compare with.",
        "col_dimension": "Dimension",
        "col_mean": "Mean",
        "col_band": "Rating",
        "col_change": "Change since previous round",
        "col_percentile": "Benchmark percentile",
        "col_n": "n",
        "col_group": "Group",
        "col_ci": "95% interval",
        "col_mean_short": "Mean",
        "col_statement": "Statement",
        "col_responses": "Responses",
        "col_expected": "Expected",
        "col_rate": "Response rate",
        "table_caption": (
            "Rating: the category the mean falls in (see the method appendix). Change: the mean now minus that of the "
            "previous round; a plus is an improvement. Percentile: the share of comparable rounds that scored lower; "
            "80 means this round scores higher than 80% of the benchmark."
        ),
        "strongest_h": "Strongest statements",
        "weakest_h": "Weakest statements",
        "statements_intro": (
            "Mean score per statement. Negatively worded statements are reversed first, so higher is always more "
            "positive."
        ),
        "gaps_h": "Largest differences between groups",
        "gap_sentence": "{dimension}: {high} ({high_mean}) scores {diff} points higher than {low} ({low_mean}).",
        "no_gaps": "There are no groups with enough respondents to compare.",
        "participation_h": "Responses per organisation",
        "participation_caption": "Completed questionnaires per organisation, against the expected number of participants.",
        "dimensions_h": "Results per dimension",
        "dimensions_intro": (
            "For each dimension: the mean score and its uncertainty, the answers to each statement, how much the "
            "participants agree with each other, how well the statements measure the dimension together, and the "
            "differences between groups."
        ),
        "dim_mean": (
            "Mean score: {mean} on a scale from 1 to {points} (n = {n}). With 95% confidence the true mean lies "
            "between {lo} and {hi}. That is the category '{band}'."
        ),
        "dim_mean_no_ci": "Mean score: {mean} on a scale from 1 to {points} (n = {n}). That is the category '{band}'.",
        "dim_no_data": "There are too few answers for this dimension to give a score.",
        "dim_bench": (
            "Compared with {rounds} other rounds (median {median}; the middle half lies between {q1} and {q3}) this "
            "round scores higher than {percentile}% of them."
        ),
        "dim_no_bench": "There is no benchmark for this dimension.",
        "dim_trend": "Previous round ({name}): {previous}. The change is {diff}: {significance}.",
        "trend_sig": "a statistically significant difference ({p})",
        "trend_not_sig": "not a statistically significant difference ({p}); it may be chance",
        "trend_untested": "not tested, because the raw answers of the previous round have been purged",
        "dim_no_trend": "There is no previous round to compare with.",
        "items_caption": (
            "The distribution of answers per statement, from '{low}' (left, red) to '{high}' (right, blue){dk}. "
            "The highest is '{top}' ({top_mean}), the lowest '{bottom}' ({bottom_mean})."
        ),
        "items_caption_dk": "; grey is '{dk}'",
        "items_caption_one": (
            "The distribution of answers, from '{low}' (left, red) to '{high}' (right, blue){dk}; mean {top_mean}."
        ),
        "reverse_mark": "(reversed)",
        "shown_note": "Statements marked * were shown to some participants only.",
        "rwg": "Agreement (rwg(j) = {value}): {meaning}",
        "rwg_none": "Agreement: cannot be computed for this dimension.",
        "rwg_0": "no agreement; participants see this very differently.",
        "rwg_1": "weak agreement; opinions differ considerably.",
        "rwg_2": "moderate agreement.",
        "rwg_3": "strong agreement; participants largely judge alike.",
        "rwg_4": "very strong agreement; nearly everyone judges alike.",
        "alpha": "Reliability (Cronbach's alpha = {value}, over {n} complete answer sets): {meaning}",
        "alpha_none": "Reliability: cannot be computed (one statement, or too few complete answer sets).",
        "alpha_0": "low; the statements do not measure the same thing well, look at the statements one by one.",
        "alpha_1": "questionable; read the score with some caution.",
        "alpha_2": "acceptable; the statements measure the same thing.",
        "alpha_3": "good; the statements clearly measure the same thing.",
        "groups_h": "Groups compared",
        "tests_intro": "Differences between groups (Kruskal-Wallis):",
        "test_sentence": "{significance} (H = {H}; {p}; ε² = {eps}, {size}).",
        "test_sig": "the differences are statistically significant",
        "test_not_sig": "the differences are not statistically significant",
        "test_none": "fewer than two groups with enough respondents, so not tested.",
        "eps_0": "negligible",
        "eps_1": "weak",
        "eps_2": "moderate",
        "eps_3": "relatively strong",
        "eps_4": "strong",
        "eps_5": "very strong",
        "icc": "The organisation explains {share} of the differences between participants (ICC(1)).",
        "groups_all_suppressed": "No group has at least {k} respondents, so no group figures are shown.",
        "suppressed_note": "{count} group(s) not shown (fewer than {k} respondents, or hidden against recalculation).",
        "unknown_group": "Unknown",
        "heatmap_h": "Groups and dimensions",
        "heatmap_caption": (
            "Each cell is the mean of a group on a dimension; blue is higher, red is lower. Grey cells marked 'not "
            "shown' are hidden: the group has fewer than {k} respondents, or is hidden to prevent recalculation."
        ),
        "heatmap_extremes": " The highest cell is {hi_group} on {hi_dim} ({hi}), the lowest {lo_group} on {lo_dim} ({lo}).",
        "heatmap_none": "No group has at least {k} respondents. All cells are therefore hidden and there is no figure.",
        "heatmap_suppressed": "not shown",
        "open_h": "Open answers",
        "open_intro": (
            "The answers are printed exactly as typed, in alphabetical order so that the order reveals nothing. Only "
            "answers from groups of at least {k} respondents are included."
        ),
        "open_withheld": "{count} answer(s) were left out because they come from a group that is too small.",
        "open_none": "No open answers were given.",
        "open_none_question": "No answers to this question.",
        "open_repeat": "{text} ({count}×)",
        "open_repeat_note": "Answers given more than once in exactly the same words are printed once, with the count (for example 3×).",
        "open_no_questions": "This questionnaire has no open questions.",
        "method_h": "Method",
        "method_scale_h": "Scale",
        "method_scale": "Statements are answered on a {points}-point scale: {labels}.",
        "method_dk": " Participants may also choose '{dk}'.",
        "method_scoring_h": "Scoring",
        "method_scoring": (
            "Negatively worded statements are reversed (score = {p1} minus the answer), so a higher score is always "
            "more positive. A participant's score on a dimension is the mean of the answered statements, when at "
            "least half of the statements shown to that participant were answered."
        ),
        "method_reverse": " Reversed statements: {items}.",
        "method_missing_h": "Missing answers",
        "method_missing": (
            "'Don't know' and skipped statements do not count in the means; the share of 'don't know' is shown in the "
            "figures. Statements shown only to some participants (for example only to council members) count only "
            "for those who saw them."
        ),
        "method_bands_h": "Ratings",
        "method_band": "'{label}': mean of {min} or more",
        "method_anonymity_h": "Anonymity",
        "method_anonymity": (
            "Groups of fewer than {k} respondents are never shown (k = {k}). Where a small group could be recalculated "
            "from the totals, a second group is hidden as well. Open answers come only from groups of at least {k}. "
            "Answers are stored without name, link, time or IP address."
        ),
        "method_tests_h": "Tests",
        "method_tests": (
            "Confidence interval: mean ± t(0.975; n−1) · SD / √n. Differences between groups: Kruskal-Wallis test "
            "over groups of at least k respondents (no normal distribution assumed), with effect size ε² (negligible "
            "below 0.01, weak to 0.04, moderate to 0.16, relatively strong to 0.36, strong to 0.64). Change since the "
            "previous round: Mann-Whitney test. A difference is called statistically significant when p is below "
            "0.05: it is then unlikely to be due to chance."
        ),
        "method_definitions_h": "Definitions",
        "def_mean": "Mean: the sum of the scores divided by the number of participants with a score.",
        "def_sd": "Standard deviation (SD): how far scores lie from the mean on average.",
        "def_rwg": (
            "Agreement rwg(j): compares the spread of the answers with the spread if everyone answered at random; 0 "
            "is no agreement, 1 complete agreement (0.70 and above is called strong)."
        ),
        "def_alpha": "Cronbach's alpha: whether the statements of a dimension measure the same thing; 0.70 acceptable, 0.80 good.",
        "def_icc": "ICC(1): the share of the differences between participants that goes with the organisation they belong to.",
        "def_percentile": (
            "Benchmark and percentile: the means of other closed rounds with the same questionnaire; the percentile is "
            "the share of them that scores lower than this round."
        ),
        "method_notes_h": "Notes on this round",
        "yes": "yes",
        "no": "no",
        "none": "–",
        "no_benchmark_short": "no benchmark",
    },
}


def check_lang(lang: str) -> str:
    """The language, or a clear error (the report is written in Dutch and English only)."""
    if lang not in MESSAGES:
        raise ValueError(f"report language must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def t(lang: str, key: str, **values) -> str:
    """The message ``key`` in ``lang`` with ``values`` filled in (already formatted by the caller)."""
    return MESSAGES[lang][key].format(**values)


def loc(text: Mapping[str, str] | str | None, lang: str) -> str:
    """A text from the definition or the results ({lang: text}) in ``lang``, falling back to Dutch."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get("nl") or next(iter(text.values()), "")


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def num(value: float | None, lang: str, digits: int = 2) -> str:
    """A number the way a reader of ``lang`` writes it: ``3,42`` in Dutch, ``3.42`` in English."""
    if missing(value):
        return MESSAGES[lang]["none"]
    s = f"{value:.{digits}f}"
    return s.replace(".", ",") if lang == "nl" else s


def signed(value: float | None, lang: str, digits: int = 2) -> str:
    """A change with its sign (``+0,30``, ``−0,12``), so a reader sees the direction at once."""
    if missing(value):
        return MESSAGES[lang]["none"]
    s = num(abs(value), lang, digits)
    return ("+" if value >= 0 else "−") + s


def pct(value: float | None, lang: str) -> str:
    """A share 0..1 as a whole percentage."""
    if missing(value):
        return MESSAGES[lang]["none"]
    return f"{round(value * 100):d}%"


def p_value(p: float | None, lang: str) -> str:
    """p as a reader expects it: ``p = 0,012``, and ``p < 0,001`` below that."""
    if missing(p):
        return "p = " + MESSAGES[lang]["none"]
    if p < 0.001:
        return "p < " + num(0.001, lang, 3)
    return "p = " + num(p, lang, 3)


def short_title(text: str, limit: int = 60) -> str:
    """A background question as a table heading: its first sentence, at most ``limit`` characters."""
    text = text.strip()
    for mark in ("?", "."):
        cut = text.find(mark)
        if 0 < cut < len(text) - 1:
            text = text[: cut + 1]
            break
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rwg_meaning(value: float, lang: str) -> str:
    """LeBreton & Senter (2008) bands for interrater agreement: .30 / .50 / .70 / .90."""
    level = sum(value > cut for cut in (0.30, 0.50, 0.70, 0.90))
    return t(lang, f"rwg_{level}")


def alpha_meaning(value: float, lang: str) -> str:
    """The usual reading of Cronbach's alpha (Nunnally): below .60 low, .60 questionable, .70 acceptable, .80 good."""
    level = sum(value >= cut for cut in (0.60, 0.70, 0.80))
    return t(lang, f"alpha_{level}")


def epsilon_meaning(value: float, lang: str) -> str:
    """Rea & Parker's (1992) reading of ε² as used by Tomczak & Tomczak (2014): .01/.04/.16/.36/.64."""
    level = sum(value >= cut for cut in (0.01, 0.04, 0.16, 0.36, 0.64))
    return t(lang, f"eps_{level}")


def date_text(value, lang: str) -> str:
    """A date written out (``3 maart 2025`` / ``3 March 2025``) so it cannot be misread as month/day."""
    if value is None:
        return ""
    months = {
        "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
               "november", "december"],
        "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"],
    }[lang]
    if isinstance(value, str):
        from datetime import datetime

        value = datetime.fromisoformat(value)
    return f"{value.day} {months[value.month - 1]} {value.year}"
