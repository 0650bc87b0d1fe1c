"""Texts of the PDF report (see scanengine.texts; shared words such as 'round' are in ``web``).

It is longer than ~400 lines because it is data: the report's sentences in both languages, kept together for a
translator.
"""

from __future__ import annotations

CATALOGUE: dict = {
    "report_kind": {"nl": "Benchmarkrapport", "en": "Benchmark report"},
    "report_kind_plain": {"nl": "Rapport", "en": "Report"},
    "cover_facts": {"nl": "Gegevens van de ronde", "en": "About this round"},
    "summary_table": {"nl": "Gemiddelde per dimensie", "en": "Mean per dimension"},
    "overview_title": {"nl": "Gemiddelde per dimensie", "en": "Mean per dimension"},
    "overview_alt": {
        "nl": "Gemiddelde per dimensie op de schaal, van hoog naar laag te lezen in de tabel eronder:",
        "en": "Mean per dimension on the scale, also in the table below:",
    },
    "heatmap_hidden_cells": {
        "nl": "{count} cel(len) zijn grijs met 'niet getoond': minder dan {k} respondenten van die groep hebben een score op die dimensie, of de cel is verborgen om terugrekenen te voorkomen.",
        "en": "{count} cell(s) are grey and marked 'not shown': fewer than {k} respondents of that group have a score on that dimension, or the cell is hidden to prevent recalculation.",
    },
    "heatmap_left_out": {
        "nl": "{count} groep(en) staan niet in de figuur: minder dan {k} respondenten, of verborgen tegen terugrekenen.",
        "en": "{count} group(s) are left out of the figure: fewer than {k} respondents, or hidden against recalculation.",
    },
    "items_table": {"nl": "Antwoorden per stelling: {dimension}", "en": "Answers per statement: {dimension}"},
    "items_alt": {
        "nl": "Verdeling van de antwoorden per stelling (aandelen per antwoord in de tabel bij de figuur). Gemiddelden:",
        "en": "Distribution of the answers per statement (shares per answer in the table with the figure). Means:",
    },
    "items_alt_one": {"nl": "{statement}: {mean}", "en": "{statement}: {mean}"},
    "groups_table": {"nl": "Groepen op {dimension}", "en": "Groups on {dimension}"},
    "sec_groups_table": {"nl": "Groepen: {question}", "en": "Groups: {question}"},
    "ranking_table": {"nl": "Rangorde van de opties", "en": "Ranking of the options"},
    "ranking_alt": {
        "nl": "Punten per optie (bij {n} opties krijgt plaats 1 {n} punten, niet gerangschikt 0) en gemiddelde plaats:",
        "en": "Points per option (with {n} options place 1 earns {n} points, unranked 0) and mean place:",
    },
    "ranking_alt_one": {
        "nl": "{option} {points} punten, gemiddelde plaats {rank}",
        "en": "{option} {points} points, mean place {rank}",
    },
    "points_table": {"nl": "Verdeelde punten per optie", "en": "Points given per option"},
    "points_alt": {
        "nl": "Gemiddeld aantal punten per optie (van {total}), met het aandeel van alle punten:",
        "en": "Mean points per option (of {total}), with the share of all points:",
    },
    "points_alt_one": {"nl": "{option} {mean} ({share})", "en": "{option} {mean} ({share})"},
    "choice_table": {"nl": "Gekozen opties", "en": "Options chosen"},
    "choice_alt": {"nl": "Aandeel dat elke optie koos:", "en": "Share that chose each option:"},
    "choice_alt_one": {"nl": "{option} {share} ({count})", "en": "{option} {share} ({count})"},
    "matrix_divided": {"nl": "verdeeld", "en": "divided"},
    "matrix_row_mark": {"nl": "R{i}", "en": "R{i}"},
    "col_matrix_row": {"nl": "Onderwerp", "en": "Subject"},
    "col_dk": {"nl": "Weet niet", "en": "Don't know"},
    "matrix_table": {"nl": "Keuze per onderwerp: {question}", "en": "Choice per subject: {question}"},
    "matrix_read": {
        "nl": "Per onderwerp (rij) het deel van wie die rij beantwoordde dat elke kolom koos; n is het aantal dat de rij beantwoordde, 'weet niet' meegeteld. Een rij waarin geen keuze {share} haalt, heet in de conclusie 'verdeeld'.",
        "en": "Per subject (row) the share of those who answered the row that chose each column; n is the number who answered the row, 'don't know' included. A row where no choice reaches {share} is called 'divided' in the conclusion.",
    },
    "matrix_rows_below_k": {
        "nl": "{count} rij(en) zonder cijfers: minder dan {k} antwoorden.",
        "en": "{count} row(s) without figures: fewer than {k} answers.",
    },
    "bc.h": {"nl": "Businesscase", "en": "Business case"},
    "bc.intro": {
        "nl": "Elke respondent schatte de besparing en de eenmalige kosten voor de eigen organisatie. Het cijfer van een partner is de mediaan van de schattingen uit die organisatie; het totaal is de som van de medianen van de partners, dus nooit een optelling van alle respondenten. Terugverdientijd is eenmalige kosten gedeeld door de besparing per jaar; netto is {horizon} keer de besparing per jaar min de eenmalige kosten.",
        "en": "Each respondent estimated the saving and the one-off cost for their own organisation. A partner's figure is the median of the estimates from that organisation; the total is the sum of the partners' medians, never an addition over all respondents. Payback is the one-off cost divided by the yearly saving; net is {horizon} times the yearly saving minus the one-off cost.",
    },
    "bc.none": {
        "nl": "Er zijn geen cijfers voor de businesscase: de ruwe antwoorden zijn verwijderd of er zijn geen schattingen.",
        "en": "There are no business case figures: the raw answers were deleted or there are no estimates.",
    },
    "bc.partners_h": {"nl": "Per partner en in totaal", "en": "Per partner and in total"},
    "bc.scenarios_h": {"nl": "Drie scenario's", "en": "Three scenarios"},
    "bc.scenarios_read": {
        "nl": "De scenario's tellen per partner een voorzichtige, een middelste en een gunstige schatting op: voorzichtig is het eerste kwartiel van de besparing met het derde kwartiel van de kosten, gunstig andersom, het midden de medianen.",
        "en": "The scenarios add up a cautious, a middle and a favourable estimate per partner: cautious is the first quartile of the saving with the third quartile of the cost, favourable the other way round, the middle the medians.",
    },
    "bc.scenario.cautious": {"nl": "Voorzichtig", "en": "Cautious"},
    "bc.scenario.middle": {"nl": "Midden", "en": "Middle"},
    "bc.scenario.favourable": {"nl": "Gunstig", "en": "Favourable"},
    "bc.col.partner": {"nl": "Partner", "en": "Partner"},
    "bc.col.scenario": {"nl": "Scenario", "en": "Scenario"},
    "bc.col.yearly": {"nl": "Besparing per jaar", "en": "Saving a year"},
    "bc.col.one_off": {"nl": "Eenmalige kosten", "en": "One-off cost"},
    "bc.col.payback": {"nl": "Terugverdiend in", "en": "Pays back in"},
    "bc.col.net": {"nl": "Netto over {horizon} jaar", "en": "Net over {horizon} years"},
    "bc.total_row": {"nl": "Totaal ({groups} partners)", "en": "Total ({groups} partners)"},
    "bc.years": {"nl": "{years} jaar", "en": "{years} years"},
    "bc.never": {"nl": "verdient zich niet terug", "en": "does not pay back"},
    "bc.outcome": {
        "nl": "een besparing van {yearly} per jaar tegen {one_off} aan eenmalige kosten; terugverdientijd: {payback}; netto over {horizon} jaar: {net}.",
        "en": "a saving of {yearly} a year against {one_off} of one-off cost; payback: {payback}; net over {horizon} years: {net}.",
    },
    "bc.outcome_own_units": {
        "nl": "een besparing van {yearly} tegen {one_off}; terugverdientijd: {payback}; netto over {horizon} jaar: {net}.",
        "en": "a saving of {yearly} against {one_off}; payback: {payback}; net over {horizon} years: {net}.",
    },
    "bc.concl_total": {
        "nl": "Samen verwachten de {groups} partners met genoeg schattingen (middelste scenario)",
        "en": "Together the {groups} partners with enough estimates expect (middle scenario)",
    },
    "bc.concl_scenarios": {
        "nl": "Voorzichtig gerekend is het netto {cautious_net} ({cautious_payback}), gunstig gerekend {favourable_net} ({favourable_payback}).",
        "en": "Counted cautiously the net is {cautious_net} ({cautious_payback}), counted favourably {favourable_net} ({favourable_payback}).",
    },
    "bc.concl_partners": {
        "nl": "Per partner loopt het netto over {horizon} jaar uiteen van {worst_net} ({worst}) tot {best_net} ({best}).",
        "en": "Per partner the net over {horizon} years ranges from {worst_net} ({worst}) to {best_net} ({best}).",
    },
    "bc.left_out": {
        "nl": "{count} partner(s) staan niet in het totaal: minder dan {k} schattingen, of verborgen tegen terugrekenen.",
        "en": "{count} partner(s) are not in the total: fewer than {k} estimates, or hidden against recalculation.",
    },
    "bc.partial": {
        "nl": "* Van deze partner is maar één van de twee schattingen te tonen; hij telt niet mee in het totaal.",
        "en": "* Only one of the two estimates of this partner can be shown; it is not counted in the total.",
    },
    "bc.no_total": {
        "nl": "Geen enkele partner heeft van beide schattingen minstens {k} antwoorden; daarom is er geen totaal.",
        "en": "No partner has at least {k} answers to both estimates, so there is no total.",
    },
    "number_total": {
        "nl": "Iedereen schatte voor de eigen organisatie; opgeteld over de {groups} organisaties met genoeg schattingen (de som van hun medianen) is dat {value} {unit}.",
        "en": "Everyone estimated for their own organisation; added up over the {groups} organisations with enough estimates (the sum of their medians) that is {value} {unit}.",
    },
    "number_total_left_out": {
        "nl": "{count} organisatie(s) tellen niet mee: minder dan {k} schattingen, of verborgen tegen terugrekenen.",
        "en": "{count} organisation(s) are not counted: fewer than {k} estimates, or hidden against recalculation.",
    },
    "number_total_none": {
        "nl": "Geen organisatie heeft minstens {k} schattingen; daarom is er geen totaal over de organisaties.",
        "en": "No organisation has at least {k} estimates, so there is no total over the organisations.",
    },
    "html_figure_data": {"nl": "De cijfers bij deze figuur", "en": "The figures of this chart"},
    "not_closed": {
        "nl": "De ronde is nog niet gesloten: dit is een tussenstand.",
        "en": "The round is not closed yet: these are interim figures.",
    },
    "respondents": {"nl": "Respondenten", "en": "Respondents"},
    "response_rate": {"nl": "Respons", "en": "Response rate"},
    "rate_unknown": {
        "nl": "onbekend (geen verwachte aantallen opgegeven)",
        "en": "unknown (no expected group sizes given)",
    },
    "rate_value": {"nl": "{rate} van {expected} genodigden", "en": "{rate} of {expected} invited"},
    "how_to_read_h": {"nl": "Zo leest u dit rapport", "en": "How to read this report"},
    "how_to_read": {
        "nl": "Deelnemers gaven bij elke stelling aan in hoeverre zij het ermee eens zijn, op een schaal van 1 ({low}) tot {points} ({high}). Per dimensie berekenen we een gemiddelde; hoger is steeds positiever. De conclusie staat voorop, daarna volgt per dimensie de uitslag met de stellingen, de eensgezindheid en de verschillen tussen groepen. Achterin staat hoe alles berekend is. Groepen met minder dan {k} respondenten worden nooit getoond, zodat niemand herkenbaar is.",
        "en": "For each statement participants said how far they agree, on a scale from 1 ({low}) to {points} ({high}). For each dimension we compute an average; higher is always more positive. The conclusion comes first; then each dimension's result with its statements, how much the participants agree with each other and how groups differ. The method appendix explains every calculation. Groups of fewer than {k} respondents are never shown, so nobody can be recognised.",
    },
    "toc": {"nl": "Inhoud", "en": "Contents"},
    "page": {"nl": "Pagina {n}", "en": "Page {n}"},
    "summary_h": {"nl": "Samenvatting", "en": "Summary"},
    "summary_intro": {
        "nl": "{n} mensen vulden de vragenlijst in{rate_part}.",
        "en": "{n} people completed the questionnaire{rate_part}.",
    },
    "conclusion_h": {"nl": "Conclusie", "en": "Conclusion"},
    "summary_details_h": {"nl": "De dimensies op een rij", "en": "The dimensions at a glance"},
    "concl.and": {"nl": " en ", "en": " and "},
    "concl.dims": {
        "nl": "Op een schaal van 1 tot {points} scoort {best} het hoogst ({best_mean}, '{best_band}') en {worst} het laagst ({worst_mean}, '{worst_band}') van de {count} dimensies.",
        "en": "On a scale from 1 to {points}, {best} scores highest ({best_mean}, '{best_band}') and {worst} lowest ({worst_mean}, '{worst_band}') of the {count} dimensions.",
    },
    "concl.one_dim": {
        "nl": "{dimension} scoort {mean} op een schaal van 1 tot {points} ('{band}').",
        "en": "{dimension} scores {mean} on a scale from 1 to {points} ('{band}').",
    },
    "concl.lowest_band": {
        "nl": "In de categorie '{band}' vallen: {dims}.",
        "en": "In the category '{band}': {dims}.",
    },
    "concl.statements": {
        "nl": "De hoogst gewaardeerde stelling is '{top}' ({top_mean}); de laagst gewaardeerde '{bottom}' ({bottom_mean}).",
        "en": "The highest rated statement is '{top}' ({top_mean}); the lowest rated '{bottom}' ({bottom_mean}).",
    },
    "concl.gap": {
        "nl": "Het grootste verschil tussen groepen zit bij {dimension}: {high} ({high_mean}) scoort {diff} punt hoger dan {low} ({low_mean}).",
        "en": "The largest difference between groups is on {dimension}: {high} ({high_mean}) scores {diff} points higher than {low} ({low_mean}).",
    },
    "concl.bench": {
        "nl": "Vergeleken met {rounds} andere rondes met deze vragenlijst scoort deze ronde op {above} van de {count} dimensies boven de mediaan; relatief het best op {best} (percentiel {best_p}), het minst op {worst} (percentiel {worst_p}).",
        "en": "Compared with {rounds} other rounds of this questionnaire, this round scores above the median on {above} of the {count} dimensions; relatively best on {best} (percentile {best_p}), least on {worst} (percentile {worst_p}).",
    },
    "concl.no_bench": {
        "nl": "Er is nog geen benchmark: geen andere afgesloten rondes met deze vragenlijst om mee te vergelijken.",
        "en": "There is no benchmark yet: no other closed rounds of this questionnaire to compare with.",
    },
    "concl.trend": {
        "nl": "Sinds de vorige ronde ({name}) steeg de score op {up} en daalde hij op {down} van de {count} dimensies{significance}.",
        "en": "Since the previous round ({name}) the score rose on {up} and fell on {down} of the {count} dimensions{significance}.",
    },
    "concl.trend_sig": {
        "nl": "; statistisch significant veranderd: {changes}",
        "en": "; statistically significant changes: {changes}",
    },
    "concl.trend_not_sig": {
        "nl": "; geen van die veranderingen is statistisch significant",
        "en": "; none of these changes is statistically significant",
    },
    "concl.trend_untested": {
        "nl": " (niet getoetst: de antwoorden van de vorige ronde zijn verwijderd)",
        "en": " (not tested: the previous round's answers have been deleted)",
    },
    "concl.ranking": {
        "nl": "Bij '{question}' staan bovenaan, naar de gemiddelde plaats over alle {n} respondenten die rangschikten: {top}.",
        "en": "For '{question}' the top options, by their mean place over all {n} respondents who ranked, are: {top}.",
    },
    "concl.ranking_agreement_strong": {
        "nl": "De partners zijn het sterk eens over die volgorde (W = {w}).",
        "en": "The partners strongly agree on that order (W = {w}).",
    },
    "concl.ranking_agreement_moderate": {
        "nl": "De partners zijn het matig eens over die volgorde (W = {w}).",
        "en": "The partners moderately agree on that order (W = {w}).",
    },
    "concl.ranking_agreement_weak": {
        "nl": "Over die volgorde zijn de partners het nauwelijks eens (W = {w}): de top is geen gedeelde keuze.",
        "en": "The partners hardly agree on that order (W = {w}): the top is not a shared choice.",
    },
    "concl.points_beside": {
        "nl": "Van de verdeelde punten krijgen zij (met 95%-interval): {shares}.",
        "en": "Of the points given, they receive (with 95% interval): {shares}.",
    },
    "concl.points_differ": {
        "nl": "Let op: naar de punten staat {points_top} bovenaan ({share} van de punten), niet {rank_top}; wie punten verdeelt, legt aan de top een ander accent dan wie rangschikt.",
        "en": "Note: by the points {points_top} comes first ({share} of the points), not {rank_top}; the points put a different accent at the top than the ranking.",
    },
    "concl.ranking_table": {
        "nl": "Volgorde naar gemiddelde plaats: {question}",
        "en": "Order by mean place: {question}",
    },
    "concl.matrix": {
        "nl": "{question} Per onderwerp het meest gekozen (of 'verdeeld' als geen keuze {share} haalt): {rows}.",
        "en": "{question} Per subject the choice most made (or 'divided' when none reaches {share}): {rows}.",
    },
    "concl.no_trend": {
        "nl": "Er is geen eerdere ronde van dit samenwerkingsverband om mee te vergelijken.",
        "en": "There is no earlier round of this cooperation to compare with.",
    },
    "summary_intro_rate": {"nl": " ({rate} van de genodigden)", "en": " ({rate} of those invited)"},
    "summary_no_data": {
        "nl": "Er zijn nog geen antwoorden; daarom bevat dit rapport geen scores.",
        "en": "There are no responses yet, so this report contains no scores.",
    },
    "round_suppressed": {
        "nl": "Deze ronde heeft minder dan {k} respondenten. Om de anonimiteit te beschermen toont dit rapport geen cijfers.",
        "en": "This round has fewer than {k} respondents. To protect anonymity this report shows no figures.",
    },
    "legend_round": {"nl": "Deze ronde", "en": "This round"},
    "legend_bench": {"nl": "Benchmark (mediaan)", "en": "Benchmark (median)"},
    "legend_prev": {"nl": "Vorige ronde", "en": "Previous round"},
    "no_previous_short": {"nl": "geen vorige ronde", "en": "no previous round"},
    "radar_caption": {
        "nl": "De figuur toont per dimensie het gemiddelde van deze ronde (blauwe lijn). Hoe verder naar buiten, hoe positiever. Het hoogst scoort {best} ({best_mean}), het laagst {worst} ({worst_mean}).",
        "en": "The figure shows the average of this round per dimension (blue line). The further out, the more positive. The highest is {best} ({best_mean}), the lowest {worst} ({worst_mean}).",
    },
    "bars_caption": {
        "nl": "De figuur toont per dimensie het gemiddelde van deze ronde (blauwe balk); hoe langer, hoe positiever. Het hoogst scoort {best} ({best_mean}), het laagst {worst} ({worst_mean}).",
        "en": "The figure shows the average of this round per dimension (blue bar); the longer, the more positive. The highest is {best} ({best_mean}), the lowest {worst} ({worst_mean}).",
    },
    "radar_bench": {
        "nl": " De grijze stippellijn is de mediaan van {rounds} andere rondes met deze vragenlijst.",
        "en": " The grey dotted line is the median of {rounds} other rounds with this questionnaire.",
    },
    "radar_no_bench": {
        "nl": " Er is nog geen benchmark: er zijn geen andere gesloten rondes met deze vragenlijst.",
        "en": " There is no benchmark yet: no other closed rounds use this questionnaire.",
    },
    "radar_prev": {
        "nl": " De oranje lijn is de vorige ronde van dit samenwerkingsverband ({name}).",
        "en": " The orange line is the previous round of this cooperation ({name}).",
    },
    "radar_no_prev": {
        "nl": " Er is geen vorige ronde van dit samenwerkingsverband om mee te vergelijken.",
        "en": " There is no previous round of this cooperation to compare with.",
    },
    "col_dimension": {"nl": "Dimensie", "en": "Dimension"},
    "col_mean": {"nl": "Gemiddelde", "en": "Mean"},
    "col_band": {"nl": "Oordeel", "en": "Rating"},
    "col_change": {"nl": "Verschil met vorige ronde", "en": "Change since previous round"},
    "col_percentile": {"nl": "Percentiel in benchmark", "en": "Benchmark percentile"},
    "col_n": {"nl": "n", "en": "n"},
    "col_group": {"nl": "Groep", "en": "Group"},
    "col_ci": {"nl": "95%-interval", "en": "95% interval"},
    "col_mean_short": {"nl": "Gem.", "en": "Mean"},
    "col_statement": {"nl": "Stelling", "en": "Statement"},
    "col_responses": {"nl": "Respons", "en": "Responses"},
    "col_expected": {"nl": "Verwacht", "en": "Expected"},
    "col_rate": {"nl": "Responspercentage", "en": "Response rate"},
    "table_caption": {
        "nl": "Oordeel: de categorie waarin het gemiddelde valt (zie de verantwoording).",
        "en": "Rating: the category the mean falls in (see the method appendix).",
    },
    "table_caption_change": {
        "nl": " Verschil: het gemiddelde nu min dat van de vorige ronde; een plus is een verbetering.",
        "en": " Change: the mean now minus that of the previous round; a plus is an improvement.",
    },
    "table_caption_percentile": {
        "nl": " Percentiel: het deel van de vergelijkbare rondes dat lager scoorde; 80 betekent dat deze ronde hoger scoort dan 80% van de benchmark.",
        "en": " Percentile: the share of comparable rounds that scored lower; 80 means this round scores higher than 80% of the benchmark.",
    },
    "strongest_h": {"nl": "Sterkste stellingen", "en": "Strongest statements"},
    "weakest_h": {"nl": "Zwakste stellingen", "en": "Weakest statements"},
    "statements_intro": {
        "nl": "Gemiddelde score per stelling. Bij omgekeerd geformuleerde stellingen is de score eerst omgedraaid, zodat hoger steeds positiever is.",
        "en": "Mean score per statement. Negatively worded statements are reversed first, so higher is always more positive.",
    },
    "gaps_h": {"nl": "Grootste verschillen tussen groepen", "en": "Largest differences between groups"},
    "gap_sentence": {
        "nl": "{dimension}: {high} ({high_mean}) scoort {diff} punt hoger dan {low} ({low_mean}).",
        "en": "{dimension}: {high} ({high_mean}) scores {diff} points higher than {low} ({low_mean}).",
    },
    "no_gaps": {
        "nl": "Er zijn geen groepen met genoeg respondenten om met elkaar te vergelijken.",
        "en": "There are no groups with enough respondents to compare.",
    },
    "participation_none": {
        "nl": "Geen enkele groep heeft minstens {k} respondenten; daarom staan de aantallen per groep hier niet, zodat niemand herkenbaar is.",
        "en": "No group has at least {k} respondents, so the numbers per group are not shown here, and nobody can be recognised.",
    },
    "participation_h": {"nl": "Respons per organisatie", "en": "Responses per organisation"},
    "participation_caption": {
        "nl": "Aantal ingevulde vragenlijsten per organisatie, tegenover het verwachte aantal deelnemers.",
        "en": "Completed questionnaires per organisation, against the expected number of participants.",
    },
    "dimensions_h": {"nl": "Resultaten per dimensie", "en": "Results per dimension"},
    "dimensions_intro": {
        "nl": "Per dimensie: de gemiddelde score met de onzekerheid daarvan, de antwoorden op elke stelling, hoe eensgezind de deelnemers zijn, hoe goed de stellingen samen de dimensie meten, en de verschillen tussen groepen.",
        "en": "For each dimension: the mean score and its uncertainty, the answers to each statement, how much the participants agree with each other, how well the statements measure the dimension together, and the differences between groups.",
    },
    "dim_mean": {
        "nl": "Gemiddelde score: {mean} op een schaal van 1 tot {points} (n = {n}). Het echte gemiddelde ligt met 95% zekerheid tussen {lo} en {hi}. Dat is de categorie '{band}'.",
        "en": "Mean score: {mean} on a scale from 1 to {points} (n = {n}). With 95% confidence the true mean lies between {lo} and {hi}. That is the category '{band}'.",
    },
    "dim_mean_no_ci": {
        "nl": "Gemiddelde score: {mean} op een schaal van 1 tot {points} (n = {n}). Dat is de categorie '{band}'.",
        "en": "Mean score: {mean} on a scale from 1 to {points} (n = {n}). That is the category '{band}'.",
    },
    "dim_no_data": {
        "nl": "Voor deze dimensie zijn te weinig antwoorden om een score te geven.",
        "en": "There are too few answers for this dimension to give a score.",
    },
    "dim_bench": {
        "nl": "Vergeleken met {rounds} andere rondes (mediaan {median}; de middelste helft ligt tussen {q1} en {q3}) scoort deze ronde hoger dan {percentile}% daarvan.",
        "en": "Compared with {rounds} other rounds (median {median}; the middle half lies between {q1} and {q3}) this round scores higher than {percentile}% of them.",
    },
    "dim_no_bench": {
        "nl": "Er is geen benchmark voor deze dimensie.",
        "en": "There is no benchmark for this dimension.",
    },
    "dim_trend": {
        "nl": "Vorige ronde ({name}): {previous}. Het verschil is {diff}: {significance}.",
        "en": "Previous round ({name}): {previous}. The change is {diff}: {significance}.",
    },
    "trend_sig": {
        "nl": "dat is een statistisch significant verschil ({p})",
        "en": "a statistically significant difference ({p})",
    },
    "trend_not_sig": {
        "nl": "dat is geen statistisch significant verschil ({p}), het kan op toeval berusten",
        "en": "not a statistically significant difference ({p}); it may be chance",
    },
    "trend_untested": {
        "nl": "niet getoetst, omdat de ruwe antwoorden van de vorige ronde al verwijderd zijn",
        "en": "not tested, because the raw answers of the previous round have been purged",
    },
    "dim_no_trend": {
        "nl": "Er is geen vorige ronde om mee te vergelijken.",
        "en": "There is no previous round to compare with.",
    },
    "items_caption": {
        "nl": "Per stelling de verdeling van de antwoorden, van '{low}' (links, rood) tot '{high}' (rechts, blauw){dk}. Het hoogst scoort '{top}' ({top_mean}), het laagst '{bottom}' ({bottom_mean}).",
        "en": "The distribution of answers per statement, from '{low}' (left, red) to '{high}' (right, blue){dk}. The highest is '{top}' ({top_mean}), the lowest '{bottom}' ({bottom_mean}).",
    },
    "items_caption_dk": {"nl": "; grijs is '{dk}'", "en": "; grey is '{dk}'"},
    "items_caption_one": {
        "nl": "De verdeling van de antwoorden, van '{low}' (links, rood) tot '{high}' (rechts, blauw){dk}; gemiddelde {top_mean}.",
        "en": "The distribution of answers, from '{low}' (left, red) to '{high}' (right, blue){dk}; mean {top_mean}.",
    },
    "reverse_mark": {"nl": "(omgekeerd geformuleerd)", "en": "(reverse-worded)"},
    "reverse_colours": {
        "nl": "Bij een omgekeerd geformuleerde stelling is instemmen ongunstig: daar lopen de kleuren andersom (eens is rood), en het gemiddelde is omgerekend zodat hoger ook daar gunstiger is.",
        "en": "For a reverse-worded statement agreeing is unfavourable: its colours run the other way (agree is red), and its mean is recoded so that higher is more favourable there too.",
    },
    "shown_note": {
        "nl": "Stellingen met een * zijn alleen voorgelegd aan een deel van de deelnemers.",
        "en": "Statements marked * were shown to some participants only.",
    },
    "rwg": {
        "nl": "Eensgezindheid (rwg(j) = {value}): {meaning}",
        "en": "Agreement (rwg(j) = {value}): {meaning}",
    },
    "rwg_none": {
        "nl": "Eensgezindheid: niet te berekenen voor deze dimensie.",
        "en": "Agreement: cannot be computed for this dimension.",
    },
    "rwg_0": {
        "nl": "geen overeenstemming; de deelnemers denken hier heel verschillend over.",
        "en": "no agreement; participants see this very differently.",
    },
    "rwg_1": {
        "nl": "zwakke overeenstemming; de meningen lopen behoorlijk uiteen.",
        "en": "weak agreement; opinions differ considerably.",
    },
    "rwg_2": {"nl": "redelijke overeenstemming.", "en": "moderate agreement."},
    "rwg_3": {
        "nl": "sterke overeenstemming; de deelnemers oordelen grotendeels gelijk.",
        "en": "strong agreement; participants largely judge alike.",
    },
    "rwg_4": {
        "nl": "zeer sterke overeenstemming; vrijwel iedereen oordeelt gelijk.",
        "en": "very strong agreement; nearly everyone judges alike.",
    },
    "alpha": {
        "nl": "Betrouwbaarheid (Cronbachs alfa = {value}, over {n} volledige antwoordreeksen): {meaning}",
        "en": "Reliability (Cronbach's alpha = {value}, over {n} complete answer sets): {meaning}",
    },
    "alpha_none": {
        "nl": "Betrouwbaarheid: niet te berekenen (de dimensie heeft één stelling of te weinig volledige antwoordreeksen).",
        "en": "Reliability: cannot be computed (one statement, or too few complete answer sets).",
    },
    "alpha_0": {
        "nl": "laag; de stellingen meten niet goed hetzelfde, kijk vooral naar de afzonderlijke stellingen.",
        "en": "low; the statements do not measure the same thing well, look at the statements one by one.",
    },
    "alpha_1": {
        "nl": "matig; lees de score met enige voorzichtigheid.",
        "en": "questionable; read the score with some caution.",
    },
    "alpha_2": {
        "nl": "voldoende; de stellingen meten samen hetzelfde.",
        "en": "acceptable; the statements measure the same thing.",
    },
    "alpha_3": {
        "nl": "goed; de stellingen meten samen duidelijk hetzelfde.",
        "en": "good; the statements clearly measure the same thing.",
    },
    "groups_h": {"nl": "Groepen vergeleken", "en": "Groups compared"},
    "groups_spread": {
        "nl": "het hoogst scoort {high} ({high_mean}), het laagst {low} ({low_mean}); ",
        "en": "the highest is {high} ({high_mean}), the lowest {low} ({low_mean}); ",
    },
    "tests_intro": {
        "nl": "Verschillen tussen groepen (Kruskal-Wallis):",
        "en": "Differences between groups (Kruskal-Wallis):",
    },
    "test_sentence": {
        "nl": "{significance} (H = {H}; {p}; ε² = {eps}, {size}).",
        "en": "{significance} (H = {H}; {p}; ε² = {eps}, {size}).",
    },
    "test_sig": {
        "nl": "de verschillen zijn statistisch significant",
        "en": "the differences are statistically significant",
    },
    "test_not_sig": {
        "nl": "de verschillen zijn niet statistisch significant",
        "en": "the differences are not statistically significant",
    },
    "test_none": {
        "nl": "minder dan twee groepen met genoeg respondenten, dus niet getoetst.",
        "en": "fewer than two groups with enough respondents, so not tested.",
    },
    "eps_0": {"nl": "verwaarloosbaar", "en": "negligible"},
    "eps_1": {"nl": "klein", "en": "weak"},
    "eps_2": {"nl": "middelgroot", "en": "moderate"},
    "eps_3": {"nl": "vrij groot", "en": "relatively strong"},
    "eps_4": {"nl": "groot", "en": "strong"},
    "eps_5": {"nl": "zeer groot", "en": "very strong"},
    "icc": {
        "nl": "De organisatie verklaart {share} van de verschillen tussen deelnemers (ICC(1)).",
        "en": "The organisation explains {share} of the differences between participants (ICC(1)).",
    },
    "groups_all_suppressed": {
        "nl": "Geen enkele groep heeft minstens {k} respondenten; daarom worden er geen groepscijfers getoond.",
        "en": "No group has at least {k} respondents, so no group figures are shown.",
    },
    "suppressed_note": {
        "nl": "{count} groep(en) niet getoond (minder dan {k} respondenten, of verborgen tegen terugrekenen).",
        "en": "{count} group(s) not shown (fewer than {k} respondents, or hidden against recalculation).",
    },
    "unknown_group": {"nl": "Onbekend", "en": "Unknown"},
    "heatmap_h": {"nl": "Groepen en dimensies", "en": "Groups and dimensions"},
    "heatmap_caption": {
        "nl": "Elke cel is het gemiddelde van een groep op een dimensie; blauw is hoger, rood is lager.",
        "en": "Each cell is the mean of a group on a dimension; blue is higher, red is lower.",
    },
    "heatmap_extremes": {
        "nl": " De hoogste cel is {hi_group} op {hi_dim} ({hi}), de laagste {lo_group} op {lo_dim} ({lo}).",
        "en": " The highest cell is {hi_group} on {hi_dim} ({hi}), the lowest {lo_group} on {lo_dim} ({lo}).",
    },
    "heatmap_none": {
        "nl": "Geen enkele groep heeft minstens {k} respondenten. Alle cellen zijn daarom verborgen en er is geen figuur.",
        "en": "No group has at least {k} respondents. All cells are therefore hidden and there is no figure.",
    },
    "heatmap_suppressed": {"nl": "niet getoond", "en": "not shown"},
    "open_h": {"nl": "Open antwoorden", "en": "Open answers"},
    "open_intro": {
        "nl": "De antwoorden staan letterlijk zoals ze zijn ingetypt, in alfabetische volgorde zodat de volgorde niets verraadt. Alleen antwoorden uit groepen met minstens {k} respondenten zijn opgenomen.",
        "en": "The answers are printed exactly as typed, in alphabetical order so that the order reveals nothing. Only answers from groups of at least {k} respondents are included.",
    },
    "open_withheld": {
        "nl": "{count} antwoord(en) zijn weggelaten omdat ze uit een te kleine groep komen.",
        "en": "{count} answer(s) were left out because they come from a group that is too small.",
    },
    "open_none": {"nl": "Er zijn geen open antwoorden gegeven.", "en": "No open answers were given."},
    "open_none_question": {"nl": "Geen antwoorden op deze vraag.", "en": "No answers to this question."},
    "open_repeat": {"nl": "{text} ({count}×)", "en": "{text} ({count}×)"},
    "open_repeat_note": {
        "nl": "Antwoorden die meer dan eens precies zo zijn gegeven, staan er één keer, met het aantal (bijvoorbeeld 3×).",
        "en": "Answers given more than once in exactly the same words are printed once, with the count (for example 3×).",
    },
    "open_no_questions": {
        "nl": "Deze vragenlijst heeft geen open vragen.",
        "en": "This questionnaire has no open questions.",
    },
    "method_h": {"nl": "Verantwoording", "en": "Method"},
    "method_scale_h": {"nl": "Schaal", "en": "Scale"},
    "method_scale": {
        "nl": "De stellingen worden beantwoord op een schaal van {points} punten: {labels}.",
        "en": "Statements are answered on a {points}-point scale: {labels}.",
    },
    "method_dk": {"nl": " Daarnaast kan men '{dk}' kiezen.", "en": " Participants may also choose '{dk}'."},
    "method_scoring_h": {"nl": "Scoring", "en": "Scoring"},
    "method_scoring": {
        "nl": "Omgekeerd geformuleerde stellingen worden omgerekend (score = {p1} min het antwoord), zodat een hogere score steeds positiever is. De score van een deelnemer op een dimensie is het gemiddelde van de beantwoorde stellingen, als minstens de helft van de stellingen die deze deelnemer kreeg is beantwoord.",
        "en": "Negatively worded statements are reversed (score = {p1} minus the answer), so a higher score is always more positive. A participant's score on a dimension is the mean of the answered statements, when at least half of the statements shown to that participant were answered.",
    },
    "method_reverse": {
        "nl": " Omgekeerd geformuleerd zijn: {items}.",
        "en": " Reversed statements: {items}.",
    },
    "method_missing_h": {"nl": "Ontbrekende antwoorden", "en": "Missing answers"},
    "method_missing": {
        "nl": "'Weet niet' en overgeslagen stellingen tellen niet mee in de gemiddelden; het aandeel 'weet niet' staat wel in de figuren. Stellingen die alleen aan sommige deelnemers zijn voorgelegd (bijvoorbeeld alleen aan raadsleden) tellen alleen mee voor wie ze kreeg.",
        "en": "'Don't know' and skipped statements do not count in the means; the share of 'don't know' is shown in the figures. Statements shown only to some participants (for example only to council members) count only for those who saw them.",
    },
    "method_bands_h": {"nl": "Oordelen", "en": "Ratings"},
    "method_band": {"nl": "'{label}': gemiddelde vanaf {min}", "en": "'{label}': mean of {min} or more"},
    "method_anonymity_h": {"nl": "Anonimiteit", "en": "Anonymity"},
    "method_anonymity": {
        "nl": "Groepen met minder dan {k} respondenten worden nooit getoond (k = {k}). Als een kleine groep uit de totalen terug te rekenen zou zijn, wordt ook een tweede groep verborgen. Open antwoorden komen alleen uit groepen van minstens {k}. Antwoorden worden opgeslagen zonder naam, link, tijdstip of IP-adres.",
        "en": "Groups of fewer than {k} respondents are never shown (k = {k}). Where a small group could be recalculated from the totals, a second group is hidden as well. Open answers come only from groups of at least {k}. Answers are stored without name, link, time or IP address.",
    },
    "method_tests_h": {"nl": "Toetsen", "en": "Tests"},
    "method_tests": {
        "nl": "Betrouwbaarheidsinterval: gemiddelde ± t(0,975; n−1) · SD / √n. Verschillen tussen groepen: Kruskal-Wallis-toets over groepen met minstens k respondenten (geen aanname van een normale verdeling), met effectgrootte ε² (verwaarloosbaar onder 0,01, klein tot 0,04, middelgroot tot 0,16, vrij groot tot 0,36, groot tot 0,64). Verschil met de vorige ronde: Mann-Whitney-toets. Een verschil heet statistisch significant als p kleiner is dan 0,05: dan is het onwaarschijnlijk dat het door toeval ontstaat.",
        "en": "Confidence interval: mean ± t(0.975; n−1) · SD / √n. Differences between groups: Kruskal-Wallis test over groups of at least k respondents (no normal distribution assumed), with effect size ε² (negligible below 0.01, weak to 0.04, moderate to 0.16, relatively strong to 0.36, strong to 0.64). Change since the previous round: Mann-Whitney test. A difference is called statistically significant when p is below 0.05: it is then unlikely to be due to chance.",
    },
    "method_definitions_h": {"nl": "Begrippen", "en": "Definitions"},
    "def_mean": {
        "nl": "Gemiddelde: de som van de scores gedeeld door het aantal deelnemers met een score.",
        "en": "Mean: the sum of the scores divided by the number of participants with a score.",
    },
    "def_sd": {
        "nl": "Standaardafwijking (SD): hoe ver scores gemiddeld van het gemiddelde liggen.",
        "en": "Standard deviation (SD): how far scores lie from the mean on average.",
    },
    "def_rwg": {
        "nl": "Eensgezindheid rwg(j): vergelijkt de spreiding van de antwoorden met de spreiding als iedereen willekeurig zou antwoorden; 0 is geen overeenstemming, 1 volledige (vanaf 0,70 spreken we van sterk).",
        "en": "Agreement rwg(j): compares the spread of the answers with the spread if everyone answered at random; 0 is no agreement, 1 complete agreement (0.70 and above is called strong).",
    },
    "def_alpha": {
        "nl": "Cronbachs alfa: of de stellingen van een dimensie samen hetzelfde meten; vanaf 0,70 voldoende, vanaf 0,80 goed.",
        "en": "Cronbach's alpha: whether the statements of a dimension measure the same thing; 0.70 acceptable, 0.80 good.",
    },
    "def_icc": {
        "nl": "ICC(1): welk deel van de verschillen tussen deelnemers samenhangt met de organisatie waar ze bij horen.",
        "en": "ICC(1): the share of the differences between participants that goes with the organisation they belong to.",
    },
    "def_percentile": {
        "nl": "Benchmark en percentiel: de gemiddelden van andere gesloten rondes met dezelfde vragenlijst; het percentiel is het deel daarvan dat lager scoort dan deze ronde.",
        "en": "Benchmark and percentile: the means of other closed rounds with the same questionnaire; the percentile is the share of them that scores lower than this round.",
    },
    "method_notes_h": {"nl": "Opmerkingen bij deze ronde", "en": "Notes on this round"},
    "none": {"nl": "–", "en": "–"},
    "no_benchmark_short": {"nl": "geen benchmark", "en": "no benchmark"},
    # -- questions of sections (report/blocks/sections.py and one block per kind; the results page too) ----------
    "sec_no_answers": {"nl": "Niemand beantwoordde deze vraag.", "en": "Nobody answered this question."},
    "sec_answered": {
        "nl": {
            "one": "1 respondent beantwoordde deze vraag.",
            "other": "{n} respondenten beantwoordden deze vraag.",
        },
        "en": {
            "one": "1 respondent answered this question.",
            "other": "{n} respondents answered this question.",
        },
    },
    "sec_shown": {
        "nl": {
            "one": "De vraag werd aan 1 respondent gesteld (alleen aan bepaalde groepen).",
            "other": "De vraag werd aan {n} respondenten gesteld (alleen aan bepaalde groepen).",
        },
        "en": {
            "one": "The question was put to 1 respondent (to some groups only).",
            "other": "The question was put to {n} respondents (to some groups only).",
        },
    },
    "sec_dk": {
        "nl": {
            "one": "1 antwoordde 'weet niet'; dat telt niet mee in de cijfers.",
            "other": "{n} antwoordden 'weet niet'; dat telt niet mee in de cijfers.",
        },
        "en": {
            "one": "1 answered 'don't know', which does not count in the figures.",
            "other": "{n} answered 'don't know', which does not count in the figures.",
        },
    },
    "sec_below_k": {
        "nl": "Dat zijn minder dan {k}: om de anonimiteit te beschermen tonen we geen cijfers.",
        "en": "That is fewer than {k}: to protect anonymity no figures are shown.",
    },
    "sec_groups_none": {
        "nl": "Geen groep heeft genoeg antwoorden (minimaal {k}) om apart te tonen.",
        "en": "No group has enough answers (at least {k}) to be shown on its own.",
    },
    "sec_all": {"nl": "Wie", "en": "Who"},
    "sec_all_respondents": {"nl": "Alle respondenten", "en": "All respondents"},
    "col_option": {"nl": "Optie", "en": "Option"},
    "col_points": {"nl": "Punten", "en": "Points"},
    "col_mean_rank": {"nl": "Gem. rang", "en": "Mean rank"},
    "col_share_first": {"nl": "Op 1", "en": "Ranked first"},
    "col_share_top": {"nl": "In top {top}", "en": "In top {top}"},
    "col_group_top": {"nl": "Hoogst geplaatst (punten), top {n}", "en": "Ranked highest (points), top {n}"},
    "col_w": {"nl": "W", "en": "W"},
    "col_mean_points": {"nl": "Gem. punten", "en": "Mean points"},
    "col_sd": {"nl": "SD", "en": "SD"},
    "col_share_points": {"nl": "Deel van alle punten", "en": "Share of all points"},
    "col_group_points": {"nl": "Meeste punten (gemiddeld), top {n}", "en": "Most points (mean), top {n}"},
    "col_share_chosen": {"nl": "Deel dat koos", "en": "Share who chose"},
    "col_group_choice": {"nl": "Meest gekozen, top {n}", "en": "Chosen most, top {n}"},
    "col_median": {"nl": "Mediaan", "en": "Median"},
    "col_quartiles": {"nl": "Middelste helft", "en": "Middle half"},
    "ranking_bar": {"nl": "{points} punten · gem. rang {rank}", "en": "{points} points · mean rank {rank}"},
    "ranking_axis": {
        "nl": "Gemiddelde punten (rang 1 = {n} punten, niet gerangschikt = 0)",
        "en": "Mean points (rank 1 = {n} points, not ranked = 0)",
    },
    "ranking_caption": {
        "nl": "{best} staat bovenaan met {best_points} punten ({best_first} zette het op 1); {worst} staat onderaan met {worst_points} punten.",
        "en": "{best} comes first with {best_points} points ({best_first} ranked it first); {worst} comes last with {worst_points} points.",
    },
    "ranking_agreement_strong": {
        "nl": "De partners zijn het sterk eens over de volgorde",
        "en": "The partners strongly agree on the order",
    },
    "ranking_agreement_moderate": {
        "nl": "De partners zijn het matig eens over de volgorde",
        "en": "The partners moderately agree on the order",
    },
    "ranking_agreement_weak": {
        "nl": "De partners zijn het nauwelijks eens over de volgorde",
        "en": "The partners hardly agree on the order",
    },
    "ranking_chance_yes": {"nl": "meer dan toeval", "en": "more than chance"},
    "ranking_chance_no": {"nl": "niet duidelijk meer dan toeval", "en": "not clearly more than chance"},
    "ranking_agreement": {
        "nl": "{words} (Kendalls W = {w}; χ² = {chi2}, df = {df}, {p}: {chance}). W loopt van 0 (geen overeenstemming) tot 1 (iedereen dezelfde volgorde); vanaf {strong} noemen we de overeenstemming sterk, vanaf {moderate} matig en daaronder nauwelijks (naar Schmidt, 1997).",
        "en": "{words} (Kendall's W = {w}; χ² = {chi2}, df = {df}, {p}: {chance}). W runs from 0 (no agreement) to 1 (everyone the same order); from {strong} we call the agreement strong, from {moderate} moderate, and below that hardly any (after Schmidt, 1997).",
    },
    "ranking_agreement_none": {
        "nl": "De overeenstemming over de volgorde is niet te berekenen (te weinig rangschikkingen).",
        "en": "The agreement on the order cannot be computed (too few rankings).",
    },
    "points_bar": {"nl": "{mean} ({share})", "en": "{mean} ({share})"},
    "points_axis": {
        "nl": "Gemiddeld aantal punten van de {total}, met 95%-interval",
        "en": "Mean points of the {total}, with 95% interval",
    },
    "points_caption": {
        "nl": "{best} kreeg de meeste punten (gemiddeld {best_mean}, {best_share} van het totaal), {worst} de minste (gemiddeld {worst_mean}).",
        "en": "{best} received the most points (on average {best_mean}, {best_share} of the total), {worst} the fewest (on average {worst_mean}).",
    },
    "choice_bar": {"nl": "{share} ({count})", "en": "{share} ({count})"},
    "choice_axis": {
        "nl": "Deel van de respondenten, met 95%-interval (Wilson)",
        "en": "Share of respondents, with 95% interval (Wilson)",
    },
    "choice_caption": {
        "nl": "Het vaakst gekozen: {best}, door {share} (interval {lo} tot {hi}).",
        "en": "Chosen most often: {best}, by {share} (interval {lo} to {hi}).",
    },
    "ranking_read": {
        "nl": "De balken tonen per optie de gemiddelde punten: rang 1 van {n} opties is {n} punten waard, rang 2 één minder, enzovoort; een optie die iemand niet in zijn top {top} zette telt als 0. De gemiddelde rang telt niet-gerangschikte opties mee op de gedeelde plaatsen die overblijven.",
        "en": "The bars show each option's mean points: rank 1 of {n} options is worth {n} points, rank 2 one less, and so on; an option someone left out of their top {top} counts as 0. The mean rank counts options that were not ranked as sharing the places left.",
    },
    "points_read": {
        "nl": "Iedere respondent verdeelde {total} punten. De balken tonen per optie het gemiddelde met het 95%-betrouwbaarheidsinterval (de streep); tussen haakjes het deel van alle gegeven punten.",
        "en": "Each respondent spread {total} points. The bars show each option's mean with its 95% confidence interval (the whisker); in brackets the share of all points given.",
    },
    "choice_read": {
        "nl": "De balken tonen per optie het deel van de respondenten dat haar koos, met het 95%-betrouwbaarheidsinterval (Wilson) als streep en tussen haakjes het aantal.",
        "en": "The bars show, for each option, the share of respondents who chose it, with the 95% confidence interval (Wilson) as a whisker and the count in brackets.",
    },
    "choice_multiple": {
        "nl": "Respondenten konden tot {n} opties kiezen, dus de percentages tellen op tot meer dan 100%.",
        "en": "Respondents could choose up to {n} options, so the percentages add up to more than 100%.",
    },
    "number_caption": {
        "nl": "Gemiddeld noemden de {n} respondenten {mean} {unit}; de helft noemde {median} of minder, de middelste helft lag tussen {q1} en {q3}. Een kleinste of grootste waarde tonen we niet: dat is het antwoord van één persoon.",
        "en": "On average the {n} respondents gave {mean} {unit}; half gave {median} or less, and the middle half lay between {q1} and {q3}. We show no smallest or largest value: that would be one person's answer.",
    },
}
