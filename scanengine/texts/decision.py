"""Texts: the decision aid, in the report and on the results page (see scanengine.texts)."""

from __future__ import annotations

CATALOGUE: dict = {
    "decision.ranking_h": {"nl": "De alternatieven op volgorde", "en": "The alternatives in order"},
    "decision.alt": {
        "nl": "Gemiddelde plaats per alternatief over alle respondenten (1 is het best), beste eerst:",
        "en": "Mean place per alternative over all respondents (1 is best), best first:",
    },
    "decision.groups_table": {
        "nl": "Voorkeur per groep: {breakdown}",
        "en": "Preference per group: {breakdown}",
    },
    "decision.weights_table": {
        "nl": "Gewicht per criterium: {breakdown}",
        "en": "Weight per criterion: {breakdown}",
    },
    "decision.no_advice": {
        "nl": "Deze uitkomst ondersteunt het gesprek tussen de partners; het is geen juridisch advies.",
        "en": "This outcome supports the conversation between the partners; it is no legal advice.",
    },
    "decision.how": {
        "nl": "{n} respondenten verdeelden punten over de criteria. Voor elke respondent krijgt elk alternatief een gewogen waarde: zijn beoordeling op elk criterium (1 tot 5, zie de bijlage) gewogen met de punten van die respondent; zo zet elke respondent de alternatieven op volgorde, en wat iemand uitsloot komt voor die respondent onderaan. De volgorde hieronder is die van de gemiddelde plaats over alle respondenten (1 is het best). De gemiddelde waarde staat erbij, over wie het alternatief niet uitsloot.",
        "en": "{n} respondents divided points over the criteria. For each respondent every alternative gets a weighted value: its rating on each criterion (1 to 5, see the appendix) weighted by that respondent's points; so each respondent puts the alternatives in order, and what someone ruled out comes last for them. The order below is that of the mean place over all respondents (1 is best). The mean value is given beside it, over those who did not rule the alternative out.",
    },
    "decision.none": {
        "nl": "Nog niemand heeft de criteria gewogen; daarom zijn er geen uitkomsten.",
        "en": "Nobody has weighed the criteria yet, so there are no results.",
    },
    "decision.suppressed": {
        "nl": "Minder dan {k} respondenten wogen de criteria. Om de anonimiteit te beschermen tonen we geen uitkomsten.",
        "en": "Fewer than {k} respondents weighed the criteria. To protect anonymity no results are shown.",
    },
    "decision.purged": {
        "nl": "De ruwe antwoorden van deze ronde zijn verwijderd; de uitkomsten van de keuzehulp zijn daardoor niet "
        "meer beschikbaar.",
        "en": "The raw answers of this round have been purged, so the results of the decision aid are no longer "
        "available.",
    },
    "decision.axis": {
        "nl": "Gemiddelde plaats over alle respondenten (1 = het best)",
        "en": "Mean place over all respondents (1 = best)",
    },
    "decision.col.alternative": {"nl": "Alternatief", "en": "Alternative"},
    "decision.col.mean": {"nl": "Gem. waarde (wie het hield)", "en": "Mean value (who kept it)"},
    "decision.col.mean_rank": {"nl": "Gem. plaats", "en": "Mean place"},
    "decision.chart_caption": {
        "nl": "Hoe langer de balk, hoe beter de gemiddelde plaats; het getal is de gemiddelde plaats.",
        "en": "The longer the bar, the better the mean place; the figure is the mean place.",
    },
    "decision.chart_muted": {
        "nl": "Grijs: door meer dan de helft van de respondenten uitgesloten.",
        "en": "Grey: ruled out by more than half of the respondents.",
    },
    "decision.concl.top": {
        "nl": "{n} respondenten wogen de criteria. Naar de gemiddelde plaats over alle respondenten komt {top} als eerste uit de weging (gemiddelde plaats {rank}; de beste keuze voor {best} van de respondenten){rest}.",
        "en": "{n} respondents weighed the criteria. By the mean place over all respondents {top} comes first (mean place {rank}; the best choice for {best} of the respondents){rest}.",
    },
    "decision.concl.rest": {"nl": ", gevolgd door {rest}", "en": ", followed by {rest}"},
    "decision.concl.and": {"nl": " en ", "en": " and "},
    "decision.concl.all_out": {
        "nl": "{n} respondenten wogen de criteria, maar elk alternatief wordt door meer dan de helft van hen uitgesloten: geen enkel alternatief is de uitkomst.",
        "en": "{n} respondents weighed the criteria, but every alternative is ruled out by more than half of them: no alternative is the outcome.",
    },
    "decision.concl.out": {
        "nl": "Door meer dan de helft van de respondenten uitgesloten, en daarom niet de uitkomst, hoe hoog wie het wel overwoog het ook waardeert: {alternatives}.",
        "en": "Ruled out by more than half of the respondents, and so not the outcome, however highly those who kept it value it: {alternatives}.",
    },
    "decision.concl.firm": {
        "nl": "In {m} van de {runs} varianten met een iets andere weging blijft {top} bovenaan.",
        "en": "In {m} of {runs} variants with slightly different weights {top} stays on top.",
    },
    "decision.col.ci": {"nl": "95%-interval", "en": "95% interval"},
    "decision.col.best": {"nl": "Beste voor", "en": "Best for"},
    "decision.col.out": {"nl": "Uitgesloten door", "en": "Ruled out by"},
    "decision.col.group": {"nl": "Groep", "en": "Group"},
    "decision.col.n": {"nl": "n", "en": "n"},
    "decision.col.top": {"nl": "Bovenaan", "en": "On top"},
    "decision.col.second": {"nl": "Tweede", "en": "Second"},
    "decision.col.criterion": {"nl": "Criterium", "en": "Criterion"},
    "decision.criterion_mark": {"nl": "K{i}", "en": "C{i}"},
    "decision.col.all": {"nl": "Iedereen", "en": "Everyone"},
    "decision.best_note": {
        "nl": "'Beste voor': het aandeel respondenten voor wie dit alternatief de hoogste waarde heeft (bij een "
        "gelijke stand telt elk voor een deel). Een alternatief dat minder dan {k} respondenten niet uitsloten, "
        "krijgt geen gemiddelde.",
        "en": "'Best for': the share of respondents for whom this alternative has the highest value (a tie counts "
        "for each in part). An alternative that fewer than {k} respondents kept gets no mean.",
    },
    "decision.firm_h": {"nl": "Hoe stevig is de uitkomst?", "en": "How firm is the outcome?"},
    "decision.firm": {
        "nl": "In {m} van de {runs} varianten blijft {top} bovenaan.",
        "en": "In {m} of {runs} variants {top} stays on top.",
    },
    "decision.firm.strong": {
        "nl": "De uitkomst is stevig: ook als de partners hun punten iets anders hadden verdeeld, blijft dezelfde "
        "vorm bovenaan.",
        "en": "The outcome is firm: had the partners divided their points somewhat differently, the same form "
        "would stay on top.",
    },
    "decision.firm.moderate": {
        "nl": "De uitkomst is redelijk stevig: een iets andere weging kan een ander alternatief bovenaan brengen.",
        "en": "The outcome is fairly firm: a slightly different weighting can bring another alternative to the top.",
    },
    "decision.firm.weak": {
        "nl": "De uitkomst is wankel: kleine verschuivingen in de weging veranderen wat bovenaan staat. Bespreek de "
        "alternatieven die dicht bij elkaar liggen.",
        "en": "The outcome is fragile: small shifts in the weights change what comes out on top. Discuss the "
        "alternatives that lie close together.",
    },
    "decision.firm.method": {
        "nl": "Zo berekend: elke respondent kreeg {runs} keer een willekeurig iets andere verdeling van zijn of haar "
        "punten (Dirichlet-verdeling rond de eigen weging, concentratie {kappa}; vaste startwaarde {seed}, dus "
        "steeds dezelfde uitkomst); we tellen hoe vaak hetzelfde alternatief de beste gemiddelde rangplaats houdt.",
        "en": "How: each respondent's points were redistributed slightly at random {runs} times (a Dirichlet "
        "distribution around their own weights, concentration {kappa}; fixed seed {seed}, so the result is "
        "always the same); we count how often the same alternative keeps the best mean rank.",
    },
    "decision.agreement.strong": {
        "nl": "De respondenten zijn het sterk eens over de volgorde van de alternatieven (Kendalls W = {w}).",
        "en": "The respondents agree strongly on the order of the alternatives (Kendall's W = {w}).",
    },
    "decision.agreement.moderate": {
        "nl": "De respondenten zijn het matig eens over de volgorde van de alternatieven (Kendalls W = {w}).",
        "en": "The respondents agree moderately on the order of the alternatives (Kendall's W = {w}).",
    },
    "decision.agreement.weak": {
        "nl": "De respondenten zijn het nauwelijks eens over de volgorde van de alternatieven (Kendalls W = {w}).",
        "en": "The respondents hardly agree on the order of the alternatives (Kendall's W = {w}).",
    },
    "decision.out_h": {"nl": "Wie sloot wat uit?", "en": "Who ruled what out?"},
    "decision.out_rules": {
        "nl": "Sommige antwoorden sluiten een alternatief uit, ongeacht de weging:",
        "en": "Some answers rule an alternative out, whatever the weights:",
    },
    "decision.out_rule": {
        "nl": "{answers} op '{question}' sluit uit: {alternatives}.",
        "en": "{answers} to '{question}' rules out: {alternatives}.",
    },
    "decision.out_intro": {
        "nl": "Het aandeel respondenten dat elk alternatief zo uitsloot:",
        "en": "The share of respondents who ruled each alternative out this way:",
    },
    "decision.out_none": {
        "nl": "Niemand sloot een alternatief uit.",
        "en": "Nobody ruled an alternative out.",
    },
    "decision.or": {"nl": " of ", "en": " or "},
    "decision.groups_h": {"nl": "Waar verschillen de groepen?", "en": "Where do the groups differ?"},
    "decision.groups_intro": {
        "nl": "Per groep het alternatief met de beste gemiddelde plaats en het tweede, met hun gemiddelde plaats. Groepen met minder dan {k} respondenten worden niet getoond.",
        "en": "Per group the alternative with the best mean place and the second, with their mean places. Groups of fewer than {k} respondents are not shown.",
    },
    "decision.groups_same": {
        "nl": "Alle getoonde groepen zetten hetzelfde alternatief bovenaan.",
        "en": "Every group shown puts the same alternative on top.",
    },
    "decision.groups_differ": {
        "nl": "De groepen zetten niet hetzelfde alternatief bovenaan: {tops}.",
        "en": "The groups do not put the same alternative on top: {tops}.",
    },
    "decision.hidden": {"nl": "niet getoond (minder dan {k})", "en": "not shown (fewer than {k})"},
    "decision.weights_h": {
        "nl": "Het gewicht van de criteria per groep",
        "en": "The weight of the criteria per group",
    },
    "decision.weights_intro": {
        "nl": "Het aandeel van alle gegeven punten dat naar elk criterium ging.",
        "en": "The share of all points given that went to each criterion.",
    },
    "decision.weights_hidden": {
        "nl": "Groepen met minder dan {k} respondenten (en een groep waaruit zij af te leiden zouden zijn) zijn niet "
        "getoond.",
        "en": "Groups of fewer than {k} respondents (and a group they could be derived from) are not shown.",
    },
    "decision.matrix_h": {
        "nl": "Bijlage: de beoordeling van de alternatieven",
        "en": "Appendix: the rating of the alternatives",
    },
    "decision.matrix_intro": {
        "nl": "De uitkomst hangt af van deze vaste beoordeling van elk alternatief op elk criterium (1 = zwak, 5 = "
        "sterk), een oordeel van de makers van de vragenlijst. Zo ziet u op welke aannames de uitkomst rust; "
        "wie een score anders ziet, kan dat in het gesprek inbrengen.",
        "en": "The outcome depends on this fixed rating of each alternative on each criterion (1 = weak, 5 = "
        "strong), a judgement of the authors of the questionnaire. It shows the assumptions the outcome rests "
        "on; whoever sees a score differently can bring that into the conversation.",
    },
    "decision.criteria_h": {"nl": "De criteria", "en": "The criteria"},
    "decision.alternatives_h": {"nl": "De alternatieven", "en": "The alternatives"},
    "decision.sources_h": {"nl": "Bronnen", "en": "Sources"},
}
