"""Where in a definition something is, in words: ``dimensions[1].items[2].text.en`` -> "dimensie 2
‘Integriteit’ › stelling integ3 › tekst (Engels)".

The validator names places by JSON path (for the CLI); a person reads the place in words, in their language,
next to the plain sentence of the problem. The words for the last key come from the texts of the fields
(``texts/editor.py``, ``ed_at_<key>``); a key without such a text is quoted as it stands in the file.
"""

from __future__ import annotations

import json
from typing import Any

from scanengine import texts
from scanengine.editing import paths
from scanengine.texts import Note

#: a list of the document -> the text that names one of its elements (``{n}`` its number, ``{name}`` its text)
ELEMENTS = {
    "background": "ed_at_background",
    "dimensions": "ed_at_dimension",
    "items": "ed_at_statement",
    "sections": "ed_at_section",
    "questions": "ed_at_question",
    "open_questions": "ed_at_open",
    "options": "ed_at_option",
    "bands": "ed_at_band",
    "alternatives": "ed_at_alternative",
    "criteria": "ed_at_criterion",
    "knockouts": "ed_at_knockout",
    "labels": "ed_at_point",
    "rows": "ed_at_row",
    "columns": "ed_at_column",
}
#: keys whose word is not ``ed_at_<key>`` (that text names an element of the list of the same name)
FIELD_WORDS = {"background": "ed_at_background_list", "question": "ed_at_question_of"}
NAME_KEYS = ("title", "text", "label")
MAX_NAME = 50
SEPARATOR = " › "


def render(lang: str, value: Any) -> str:
    """A :class:`Note` (its parameters rendered too: notes, ``{lang: text}``), a ``{lang: text}`` or a string in
    ``lang``."""
    if isinstance(value, Note):
        return texts.t(lang, value.key, **{k: render(lang, v) for k, v in value.params.items()})
    if isinstance(value, dict):
        return (
            value.get(lang) or value.get("nl") or next((v for v in value.values() if isinstance(v, str)), "")
        )
    return "" if value is None else str(value)


def name(node: Any, lang: str) -> str:
    """What names an element: its title, text or label in ``lang`` (shortened), else its id."""
    if not isinstance(node, dict):
        return ""
    for key in NAME_KEYS:
        value = node.get(key)
        if isinstance(value, dict) and any(isinstance(v, str) and v for v in value.values()):
            text = " ".join(render(lang, value).split())
            return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1].rstrip() + "…"
    return str(node.get("id") or "")


def describe(path: str, doc: dict, lang: str) -> str:
    """The place of ``path`` in ``doc`` in words, in ``lang``."""
    parts = paths.parse(path)
    if not parts:
        return texts.t(lang, "ed_at_file")
    words: list[str] = []
    node: Any = doc
    i = 0
    while i < len(parts):
        key = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(key, str) and key in ELEMENTS and isinstance(nxt, int):
            element = paths.get(node, (key, nxt))
            words.append(_element(key, nxt, element, lang, doc))
            node = element if element is not None else {}
            i += 2
            continue
        if key == "scores" and isinstance(node, dict):
            words.append(_score(node, parts[i + 1 :], lang))
            break
        if key == "show_if":
            words.append(_show_if(parts[i + 1 :], doc, lang))
            break
        if key in ("nl", "en") and words:
            words[-1] = texts.t(
                lang, "ed_at_lang", what=words[-1], language=texts.t(lang, f"ed_language_{key}")
            )
        elif isinstance(key, str):
            words.append(_field(key, lang))
        node = node.get(key) if isinstance(node, dict) else None
        i += 1
    return SEPARATOR.join(w for w in words if w)


def _element(key: str, index: int, element: Any, lang: str, doc: dict) -> str:
    label = name(element, lang)
    if key == "items":
        return texts.t(lang, "ed_at_statement", n=index + 1, name=(element or {}).get("id") or label)
    if key == "knockouts":
        return texts.t(lang, "ed_at_knockout", n=index + 1)
    text = texts.t(lang, ELEMENTS[key], n=index + 1, name=label)
    return text if label else texts.t(lang, f"{ELEMENTS[key]}_bare", n=index + 1)


def field_key(key: str) -> str | None:
    """The text that names the key ``key`` of a node (``text`` -> "tekst"), or None when there is none."""
    k = FIELD_WORDS.get(key, f"ed_at_{key}")
    return k if texts.has(k) else None


def _field(key: str, lang: str) -> str:
    k = field_key(key)
    return texts.t(lang, k) if k else f"‘{key}’"


def _score(decision: dict, rest: tuple, lang: str) -> str:
    if len(rest) < 2:
        alt = _find(decision.get("alternatives", []), rest[0]) if rest else None
        return texts.t(lang, "ed_at_scores_of", alternative=name(alt, lang) or (rest[0] if rest else ""))
    alt = _find(decision.get("alternatives", []), rest[0])
    crit = _find(decision.get("criteria", []), rest[1])
    return texts.t(
        lang,
        "ed_at_score",
        alternative=name(alt, lang) or str(rest[0]),
        criterion=name(crit, lang) or str(rest[1]),
    )


def _show_if(rest: tuple, doc: dict, lang: str) -> str:
    if not rest:
        return texts.t(lang, "ed_at_show_if")
    question = _find(doc.get("background", []), rest[0])
    return texts.t(lang, "ed_at_show_if_on", question=name(question, lang) or str(rest[0]))


def _find(items: list, ident: Any) -> dict | None:
    return next((x for x in items if isinstance(x, dict) and x.get("id") == ident), None)


def file_problems(raw: bytes | str, problems: list, lang: str) -> list[tuple[str, str]]:
    """A refused file's problems for a person: (place in words, plain sentence) in ``lang``, the places named
    from what the file holds (the import and the create-round page show them so)."""
    try:
        data = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except (UnicodeDecodeError, ValueError):
        data = {}
    place = placer(data if isinstance(data, dict) else {}, lang)
    return [(place(p.path), p.text(lang, place)) for p in problems]


def placer(doc: dict, lang: str):
    """``describe`` bound to a document and a language (what :meth:`Problem.text` takes as ``place``)."""
    return lambda path: describe(path, doc, lang)
