"""The report's words and the number formats of each language.

A council member reads the report, not a statistician: every figure in the PDF is accompanied by a sentence
that says what it means. ReportLab makes no tagged PDF, so these sentences also carry the content of each chart
for screen readers and text search. The sentences themselves are in the text catalogue (``scanengine/texts/
report.py``, see docs/architecture.md, "Texts"), so a translator or editor works on the words without touching
ReportLab; this module keeps the helpers the layout code calls.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from scanengine import texts

LANGS = texts.LANGUAGES


def check_lang(lang: str) -> str:
    """The language, or a clear error (the report is written in Dutch and English only)."""
    if lang not in LANGS:
        raise ValueError(f"report language must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def t(lang: str, key: str, **values) -> str:
    """The message ``key`` in ``lang`` with ``values`` filled in (already formatted by the caller)."""
    return texts.t(check_lang(lang), key, **values)


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
        return t(lang, "none")
    s = f"{value:.{digits}f}"
    return s.replace(".", ",") if lang == "nl" else s


def signed(value: float | None, lang: str, digits: int = 2) -> str:
    """A change with its sign (``+0,30``, ``−0,12``), so a reader sees the direction at once."""
    if value is None or missing(value):
        return t(lang, "none")
    s = num(abs(value), lang, digits)
    return ("+" if value >= 0 else "−") + s


def pct(value: float | None, lang: str) -> str:
    """A share 0..1 as a whole percentage."""
    if value is None or missing(value):
        return t(lang, "none")
    return f"{round(value * 100):d}%"


def p_value(p: float | None, lang: str) -> str:
    """p as a reader expects it: ``p = 0,012``, and ``p < 0,001`` below that."""
    if p is None or missing(p):
        return "p = " + t(lang, "none")
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
    if isinstance(value, str):
        from datetime import datetime

        value = datetime.fromisoformat(value)
    return f"{value.day} {t(lang, f'month_{value.month}')} {value.year}"
