"""The decision aid's chapter: the alternatives ranked with intervals, how firm the outcome is, who ruled what
out, where the groups differ, the criterion weights per group, and the score matrix with its sources, so that a
council sees the assumptions (docs/architecture.md#decision-aid).

The figures come from ``Results.decision`` (scanengine.analysis.decision), suppression already applied, and so
do the words for agreement and firmness (``agreement_key``, ``firmness_key``, which the conclusion uses too).
The order everywhere is by mean rank over all who weighed the criteria (SPEC 12): an alternative that many rule out
cannot come first because the few who keep it rate it highly; the mean value over those who kept it stays, as a
labelled column. Each caveat is said once: that the outcome is no legal advice, in the conclusion.
"""

from __future__ import annotations

from scanengine.analysis.decision import MAJORITY, agreement_key, firmness_key, ranked
from scanengine.analysis.results import GROUP_BREAKDOWN
from scanengine.report import decision_chart
from scanengine.report.blocks.base import Block, Conclusion
from scanengine.report.text import loc, pct, pct_against


def knockout_rules(q, lang: str) -> list[tuple[str, list[str], list[str]]]:
    """(question text, answer labels, labels of the alternatives ruled out) of every knock-out."""
    questions = {e.question.id: e.question for e in q.entries}
    out = []
    for ko in q.decision.knockouts:
        question = questions[ko.question]
        labels = {o.id: loc(o.label, lang) for o in question.options}
        out.append(
            (
                loc(question.text, lang),
                [labels[o] for o in ko.options],
                [loc(q.decision.alternative(a).label, lang) for a in ko.excludes],
            )
        )
    return out


class DecisionBlock(Block):
    """Not a question kind: the report places it after the sections when the definition has a decision block."""

    kind = "decision"
    part = "decision"

    def render(self, b, entries: list) -> None:
        r, q = b.r, b.q
        d = q.decision
        res = r.decision
        b.chapter(b.loc(d.title))
        if d.intro is not None:
            b.add(b.p(b.loc(d.intro)))
        if res is None:
            b.add(b.p(b.t("decision.purged" if r.status == "closed" and r.n else "decision.none")))
        elif res.n is None:
            b.add(b.p(b.t("decision.suppressed", k=r.k)))
        else:
            self._ranking(b, res)
            self._firmness(b, res)
            self._ruled_out(b, res)
            self._groups(b, res)
            self._weights(b, res)
        self._appendix(b)

    def conclude(self, b, entries: list) -> Conclusion:
        """The outcome by mean rank, the alternatives a majority rules out (never the outcome), how firm the top
        is and how far the respondents agree."""
        res, lang = b.r.decision, b.lang
        if res is None or res.n is None or not res.ranking:
            return Conclusion()
        order = res.ranked
        candidates = [a for a in order if not a.ruled_out_by_majority]
        sentences = []
        if candidates:
            top = candidates[0]
            rest = [f"{loc(a.label, lang)} ({b.num(a.mean_rank, 1)})" for a in candidates[1:3]]
            rest_text = rest[0] if len(rest) == 1 else b.t("decision.concl.and").join(rest)
            sentences.append(
                b.t(
                    "decision.concl.top",
                    n=res.n,
                    top=loc(top.label, lang),
                    rank=b.num(top.mean_rank, 1),
                    best=pct(top.share_best, lang),
                    rest=b.t("decision.concl.rest", rest=rest_text) if rest else "",
                )
            )
        else:
            sentences.append(b.t("decision.concl.all_out", n=res.n))
        out = res.ruled_out_by_majority
        if out:
            sentences.append(
                b.t(
                    "decision.concl.out",
                    alternatives="; ".join(
                        f"{loc(a.label, lang)} ({pct_against(a.share_ruled_out, MAJORITY, lang)})"
                        for a in out
                    ),
                    count=len(out),
                )
            )
        st = res.stability
        if st is not None and st.top is not None and st.share is not None:
            sentences.append(
                b.t(
                    "decision.concl.firm",
                    m=round(st.share * st.perturbations),
                    runs=st.perturbations,
                    top=b.loc(b.q.decision.alternative(st.top).label),
                )
                + " "
                + b.t(firmness_key(st.share))
            )
        if res.agreement is not None and res.agreement.w is not None:
            sentences.append(b.t(agreement_key(res.agreement.w), w=b.num(res.agreement.w)))
        sentences.append(b.t("decision.no_advice"))  # the caveat, once in the report
        return Conclusion([b.p(" ".join(sentences), "conclusion")], [self.ranking_table(b, res)])

    def _ranking(self, b, res) -> None:
        lang = b.lang
        order = res.ranked
        b.section(b.t("decision.ranking_h"))
        b.add(b.p(b.t("decision.how", n=res.n)))
        chart = decision_chart.ranking(
            [loc(a.label, lang) for a in order],
            [a.mean_rank for a in order],
            len(order),
            [a.ruled_out_by_majority for a in order],
            b.t("decision.axis"),
            lang,
        )
        table = self.ranking_table(b, res)
        alt = b.alt(b.t("decision.alt"), (f"{loc(a.label, lang)} {b.num(a.mean_rank, 1)}" for a in order))
        caption = b.t("decision.chart_caption") + (
            " " + b.t("decision.chart_muted") if res.ruled_out_by_majority else ""
        )
        b.add(
            b.figure(chart, b.t("decision.ranking_h"), alt, caption),
            table,
            b.p(b.t("decision.best_note", k=b.r.k), "caption"),
        )
        if res.agreement is not None and res.agreement.w is not None:
            b.add(b.p(b.t(agreement_key(res.agreement.w), w=b.num(res.agreement.w))))

    def ranking_table(self, b, res):
        """The alternatives by mean rank with the share for whom each is best, the share that ruled it out, and
        the mean value over those who kept it (labelled so): in the conclusion and in the chapter."""
        lang = b.lang
        rows = []
        for a in res.ranked:
            ci = f"{b.num(a.ci_low)}–{b.num(a.ci_high)}" if a.ci_low is not None else "–"
            rows.append(
                [
                    loc(a.label, lang),
                    b.num(a.mean_rank, 1),
                    pct(a.share_best, lang),
                    pct_against(a.share_ruled_out, MAJORITY, lang),
                    b.num(a.mean),
                    ci,
                ]
            )
        return b.table(
            b.t("decision.ranking_h"),
            [
                b.t("decision.col.alternative"),
                b.t("decision.col.mean_rank"),
                b.t("decision.col.best"),
                b.t("decision.col.out"),
                b.t("decision.col.mean"),
                b.t("decision.col.ci"),
            ],
            rows,
            [5.0, 2.1, 2.1, 2.3, 2.5, 3.0],
            numeric=(1, 2, 3, 4, 5),
        )

    def _firmness(self, b, res) -> None:
        st = res.stability
        if st is None or st.top is None or st.share is None:
            return
        top = b.loc(b.q.decision.alternative(st.top).label)
        b.section(b.t("decision.firm_h"))
        b.add(
            b.p(
                b.t("decision.firm", m=round(st.share * st.perturbations), runs=st.perturbations, top=top),
                "lead",
            ),
            b.p(b.t(firmness_key(st.share))),
            b.p(
                b.t(
                    "decision.firm.method",
                    runs=st.perturbations,
                    kappa=b.num(st.concentration, 0),
                    seed=st.seed,
                ),
                "caption",
            ),
        )

    def _ruled_out(self, b, res) -> None:
        lang, d = b.lang, b.q.decision
        b.section(b.t("decision.out_h"))
        if d.knockouts:
            b.add(b.p(b.t("decision.out_rules")))
            b.add(
                b.bullets(
                    [
                        b.t(
                            "decision.out_rule",
                            question=question,
                            answers=b.t("decision.or").join(f"'{x}'" for x in answers),
                            alternatives=", ".join(excluded),
                        )
                        for question, answers, excluded in knockout_rules(b.q, lang)
                    ]
                )
            )
        hit = [a for a in res.alternatives if a.share_ruled_out]
        if not hit:
            b.add(b.p(b.t("decision.out_none")))
            return
        rows = [
            [loc(a.label, lang), pct_against(a.share_ruled_out, MAJORITY, lang)]
            for a in sorted(hit, key=lambda a: -a.share_ruled_out)
        ]
        b.add(
            b.keep(
                b.p(b.t("decision.out_intro")),
                b.table(
                    b.t("decision.out_h"),
                    [b.t("decision.col.alternative"), b.t("decision.col.out")],
                    rows,
                    [6.4, 3.0],
                    numeric=(1,),
                    print_caption=False,
                ),
            )
        )

    def _groups(self, b, res) -> None:
        lang, k = b.lang, b.r.k
        by_breakdown: dict[str, list] = {}
        for g in res.groups:
            by_breakdown.setdefault(g.breakdown, []).append(g)
        if not by_breakdown:
            return
        b.section(b.t("decision.groups_h"))
        b.add(b.p(b.t("decision.groups_intro", k=k)))
        titles = dict(b.r.breakdowns)
        tops: dict[str, str] = {}
        for bid, groups in by_breakdown.items():
            if bid == GROUP_BREAKDOWN and len(groups) < 2:
                continue
            rows = []
            for g in groups:
                if g.suppressed:
                    rows.append([loc(g.label, lang), "–", b.t("decision.hidden", k=k), ""])
                    continue
                if not g.n:
                    continue
                order = [a for a in ranked(g.alternatives) if a.mean_rank is not None]
                cell = [f"{loc(a.label, lang)} ({b.num(a.mean_rank, 1)})" for a in order[:2]] + ["", ""]
                if order:
                    tops[loc(g.label, lang)] = loc(order[0].label, lang)
                rows.append([loc(g.label, lang), str(g.n), cell[0], cell[1]])
            if not rows:
                continue
            name = b.breakdown_title(titles.get(bid)) or b.t("decision.col.group")
            b.add(
                b.table(
                    b.t("decision.groups_table", breakdown=name),
                    [name, b.t("decision.col.n"), b.t("decision.col.top"), b.t("decision.col.second")],
                    rows,
                    [4.6, 1.2, 5.6, 5.6],
                    numeric=(1,),
                    print_caption=False,
                )
            )
        if len(set(tops.values())) > 1:
            listed = "; ".join(f"{group}: {top}" for group, top in tops.items())
            b.add(b.p(b.t("decision.groups_differ", tops=listed)))
        elif tops:
            b.add(b.p(b.t("decision.groups_same")))

    def _weights(self, b, res) -> None:
        lang, k = b.lang, b.r.k
        if res.weights is None:
            return
        b.section(b.t("decision.weights_h"))
        b.add(b.p(b.t("decision.weights_intro")))
        criteria = [loc(label, lang) for _, label in res.criteria]
        titles = dict(b.r.breakdowns)
        per_table = 5  # columns per table, so that the labels stay readable
        hidden = False
        for bid in dict.fromkeys(g.breakdown for g in res.groups):
            groups = [g for g in res.groups if g.breakdown == bid]
            hidden |= any(g.suppressed for g in groups)
            shown = [g for g in groups if not g.suppressed and g.weights is not None]
            if len(shown) < 2 and bid == GROUP_BREAKDOWN or not shown:
                continue
            columns = [(b.t("decision.col.all"), res.weights)] + [
                (loc(g.label, lang), g.weights) for g in shown
            ]
            name = b.breakdown_title(titles.get(bid))
            part = b.subsection(name)
            for start in range(0, len(columns), per_table):
                chunk = columns[start : start + per_table]
                rows = [[label] + [pct(w[c], lang) for _, w in chunk] for c, label in enumerate(criteria)]
                width = (17.0 - 5.0) / len(chunk)
                part.add(
                    b.table(
                        b.t("decision.weights_table", breakdown=name),
                        [b.t("decision.col.criterion")] + [n for n, _ in chunk],
                        rows,
                        [5.0] + [width] * len(chunk),
                        numeric=tuple(range(1, len(chunk) + 1)),
                        print_caption=False,
                    )
                )
            b.add(part)
        if hidden:
            b.add(b.p(b.t("decision.weights_hidden", k=k), "caption"))

    def _appendix(self, b) -> None:
        lang, d = b.lang, b.q.decision
        b.section(b.t("decision.matrix_h"), new_page=True)
        b.add(b.p(b.t("decision.matrix_intro")))
        # the criteria are numbered in the header (their labels are too long for narrow columns), with a legend
        marks = [b.t("decision.criterion_mark", i=i) for i in range(1, len(d.criteria) + 1)]
        rows = [
            [loc(a.label, lang)] + [str(s) for s in scores]
            for a, scores in zip(d.alternatives, d.score_matrix(), strict=True)
        ]
        width = min(2.0, (17.0 - 5.0) / len(marks))
        legend = "; ".join(f"{m} = {loc(c.label, lang)}" for m, c in zip(marks, d.criteria, strict=True))
        b.add(
            b.table(
                b.t("decision.matrix_h"),
                [b.t("decision.col.alternative")] + marks,
                rows,
                [5.0] + [width] * len(marks),
                numeric=tuple(range(1, len(marks) + 1)),
                print_caption=False,
            ),
            b.p(legend, "caption"),
        )
        for heading, entries in (
            ("decision.alternatives_h", d.alternatives),
            ("decision.criteria_h", d.criteria),
        ):
            described = [e for e in entries if e.description is not None]
            if described:
                b.add(
                    b.subsection(
                        b.t(heading),
                        b.table(
                            b.t(heading),
                            ["", ""],
                            [[loc(e.label, lang), loc(e.description, lang)] for e in described],
                            [5.0, 12.0],
                            show_header=False,
                            print_caption=False,
                        ),
                    )
                )
        if d.sources is not None:
            lines = [line for line in loc(d.sources, lang).split("\n") if line.strip()]
            b.add(b.subsection(b.t("decision.sources_h"), *[b.p(line) for line in lines]))
