"""The open answers chapter: every answer verbatim (escaped), per question, identical answers once with a count.
Only answers of groups of at least k reach the results (scanengine.analysis)."""

from __future__ import annotations

from reportlab.platypus import PageBreak, Paragraph, Spacer

from scanengine.report.blocks.base import Block
from scanengine.report.text import loc


class OpenBlock(Block):
    kind = "open"
    part = "open"

    def render(self, b, entries: list) -> None:
        r, lang = b.r, b.lang
        questions = [e.question for e in entries]
        b.add(PageBreak(), b.heading(f"{b.chapter()} {b.t('open_h')}", 0))
        if not questions:
            b.add(b.p(b.t("open_no_questions")))
            return
        b.add(b.p(b.t("open_intro", k=r.k)))
        if r.open_answers_withheld:
            b.add(b.p(b.t("open_withheld", count=r.open_answers_withheld), "caption"))
        if not any(r.open_answers.get(oq.id) for oq in questions):
            b.add(b.p(b.t("open_none")))
            return
        repeats = False
        for oq in questions:
            b.add(b.heading(loc(oq.text, lang), 1))
            answers = r.open_answers.get(oq.id) or []
            if not answers:
                b.add(b.p(b.t("open_none_question")))
            counts: dict[str, int] = {}
            for answer in answers:  # already sorted; identical answers are printed once, with their count
                counts[answer] = counts.get(answer, 0) + 1
            for answer, count in counts.items():
                text = answer if count == 1 else b.t("open_repeat", text=answer, count=count)
                repeats |= count > 1
                b.add(Paragraph(b.esc(text), b.s["answer"], bulletText="–"))
        if repeats:
            b.add(Spacer(1, 4), b.p(b.t("open_repeat_note"), "caption"))
