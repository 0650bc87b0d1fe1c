"""The report's words and the number formats of each language.

A council member reads the report, not a statistician: every figure in the PDF is accompanied by a sentence
that says what it means. ReportLab makes no tagged PDF, so these sentences also carry the content of each chart
for screen readers and text search. The sentences themselves are in the text catalogue (``scanengine/texts/
report.py``, see docs/architecture.md, "Texts"), so a translator or editor works on the words without touching
ReportLab; this module keeps the helpers the layout code calls.
"""

from __future__ import annotations

import functools
import math
import re
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
    """A number the way a reader of ``lang`` writes it: ``3,42`` and ``12.500`` in Dutch, ``3.42`` and
    ``12,500`` in English (thousands grouped from 10,000 on, as both languages' style guides advise for text;
    four-digit numbers stay ungrouped so years and small counts read as usual)."""
    if missing(value):
        return t(lang, "none")
    assert value is not None
    s = f"{value:,.{digits}f}" if abs(value) >= 10_000 else f"{value:.{digits}f}"
    return s.translate(_DUTCH_MARKS) if lang == "nl" else s


_DUTCH_MARKS = str.maketrans(",.", ".,")


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


def pct_against(value: float | None, mark: float, lang: str) -> str:
    """A share beside a threshold it was judged against (a majority: more than 50%): a whole percentage, or one
    decimal where the whole one would equal the mark and hide which side the share is on (50,4%)."""
    if value is None or missing(value):
        return t(lang, "none")
    assert value is not None
    if round(value * 100) == round(mark * 100) and value != mark:
        return num(value * 100, lang, 1) + "%"
    return pct(value, lang)


def p_value(p: float | None, lang: str) -> str:
    """p as a reader expects it: ``p = 0,012``, and ``p < 0,001`` below that."""
    if p is None or missing(p):
        return "p = " + t(lang, "none")
    if p < 0.001:
        return "p < " + num(0.001, lang, 3)
    return "p = " + num(p, lang, 3)


def first_sentence(text: str) -> str:
    """A background question as a table heading: its first sentence, whole (it wraps; it is never cut short)."""
    text = text.strip()
    for mark in ("?", "."):
        cut = text.find(mark)
        if 0 < cut < len(text) - 1:
            return text[: cut + 1]
    return text


NBSP = "\u00a0"
_UNIT_AFTER = re.compile(r"(\d) (%|‰|k€|€|fte|jaar|years?|punten|points|keer|times)(?=\W|$)")
_SHORT_BRACKET = re.compile(r"\(([^()]{1,18})\)")


def glue(text: str) -> str:
    """No unit or bracket alone on a line: a number and its unit, and the words of a short bracket, are joined by
    no-break spaces (``12,5 k€``, ``(k€ per jaar)``, ``(n = 40)``) in both renderings."""
    text = _UNIT_AFTER.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    text = _SHORT_BRACKET.sub(lambda m: "(" + m.group(1).replace(" ", NBSP) + ")", text)
    return text.replace("n = ", "n" + NBSP + "=" + NBSP).replace(" – ", NBSP + "– ")


@functools.cache
def _hyphenator(lang: str):
    import pyphen

    return pyphen.Pyphen(lang={"nl": "nl_NL", "en": "en_GB"}[lang])


def hyphenator(lang: str):
    """The function ReportLab asks for a word's break points (``word -> [(start, rest), ...]``) in ``lang``."""
    return _hyphenator(lang).iterate


def hyphen_points(word: str, lang: str) -> list[int]:
    """Where ``word`` may be broken with a hyphen, by the language's hyphenation patterns (the LibreOffice
    dictionaries, through pyphen): ``samenwerkingsorganisatie`` -> after ``sa``, ``men``, ``wer``, ``kings``..."""
    return list(_hyphenator(lang).positions(word))


def wrap(text: str, width: int, lang: str) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words; only a word longer than a whole
    line is broken, at a hyphenation point of ``lang`` (with a hyphen), or not at all."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while True:
            candidate = f"{line} {word}" if line else word
            if len(candidate) <= width:
                line = candidate
                break
            if line:  # the word goes to the next line whole
                lines.append(line)
                line = ""
                continue
            cut = max((p for p in hyphen_points(word, lang) if p <= width - 1), default=0)
            if cut >= 2 and len(word) - cut >= 2:  # longer than a line: break at a hyphenation point
                lines.append(f"{word[:cut]}-")
                word = word[cut:]
                continue
            line = word  # no break point that fits: the word stands alone, whole
            break
    if line:
        lines.append(line)
    return lines or [text]


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
