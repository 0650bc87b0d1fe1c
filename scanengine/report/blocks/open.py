"""The open answers chapter: every answer verbatim (the writers escape it), per question, identical answers once
with a count. Only answers of groups of at least k reach the results (scanengine.analysis)."""

from __future__ import annotations

from scanengine.report.blocks.base import Block
from scanengine.report.document import Bullets


class OpenBlock(Block):
    kind = "open"
    part = "open"

    def render(self, b, entries: list) -> None:
        r = b.r
        questions = [e.question for e in entries]
        b.chapter(b.t("open_h"))
        if not questions:
            b.add(b.p(b.t("open_no_questions")))
            return
        b.add(b.p(b.t("open_intro", k=r.k)))
        if r.open_answers_withheld:
            b.add(b.p(b.t("open_withheld", count=r.open_answers_withheld), "caption"))
        if not any(r.open_answers.get(oq.id) for oq in questions):
            b.add(b.p(b.t("open_none")))
            return
        if any(len(set(a)) < len(a) for a in (r.open_answers.get(oq.id) or [] for oq in questions)):
            b.add(b.p(b.t("open_repeat_note"), "caption"))
        for oq in questions:
            b.section(b.loc(oq.text), numbered=False)
            answers = r.open_answers.get(oq.id) or []
            if not answers:
                b.add(b.p(b.t("open_none_question")))
                continue
            counts: dict[str, int] = {}
            for answer in answers:  # already sorted; identical answers are printed once, with their count
                counts[answer] = counts.get(answer, 0) + 1
            items = [a if n == 1 else b.t("open_repeat", text=a, count=n) for a, n in counts.items()]
            b.add(Bullets(items, "answer"))  # participants' words exactly as typed: not glued, not changed
