"""What follows in a definition from a changed id, a new language or an empty id (the editor's document rules).

A definition refers to its own ids: ``show_if`` names background questions and their answers, the decision
block names questions, answers, alternatives and criteria. When a facilitator changes such an id on one page,
the references elsewhere follow (:func:`rename`), so a rename never breaks a page they did not open. A reference
to something deleted is left alone: the validator names it, beside the field, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import Any

from scanengine.editing import ids, paths
from scanengine.editing.fields import Rename
from scanengine.editing.paths import Path

#: what an id names, for :func:`rename` (``Rename.what``)
BACKGROUND_QUESTION, BACKGROUND_OPTION = "background_question", "background_option"
QUESTION, QUESTION_OPTION, ALTERNATIVE, CRITERION = "question", "question_option", "alternative", "criterion"

#: the list keys whose elements' ids share the definition's one namespace (the validator's rule)
DOCUMENT_IDS = ("background", "dimensions", "sections", "open_questions")
FALLBACK = {
    "background": "achtergrond",
    "dimensions": "dimensie",
    "items": "stelling",
    "sections": "sectie",
    "questions": "vraag",
    "open_questions": "open",
    "options": "optie",
    "alternatives": "alternatief",
    "criteria": "criterium",
}


def entries(doc: dict) -> Iterator[dict]:
    """Every question of the document that may carry ``show_if`` (statements and the questions of sections)."""
    for dim in doc.get("dimensions", []):
        yield from dim.get("items", [])
    for section in doc.get("sections", []):
        yield from section.get("questions", [])


def document_ids(doc: dict) -> set[str]:
    """Every id in the definition's shared namespace (containers and questions)."""
    out = set()
    for key in DOCUMENT_IDS:
        for node in doc.get(key, []):
            out.add(node.get("id", ""))
            for child in node.get("items", []) + node.get("questions", []):
                out.add(child.get("id", ""))
    out.discard("")
    return out


def _scope(doc: dict, path: Path) -> set[str]:
    """The ids an id at ``path`` must differ from."""
    if len(path) >= 3 and path[-3] == "options":
        return {o.get("id", "") for o in paths.get(doc, path[:-2], [])} - {""}
    if path and path[0] == "decision":
        decision = doc.get("decision") or {}
        return {n.get("id", "") for key in ("alternatives", "criteria") for n in decision.get(key, [])} - {""}
    return document_ids(doc)


def fill_ids(
    doc: dict, wanted: list[tuple[Path, str, str]], definition_ids: AbstractSet[str] = frozenset()
) -> None:
    """Give every empty id of ``wanted`` (its path, the key of the text it is made of, style) a short name: a
    statement the id of its dimension with its number, anything else the first words of its Dutch text;
    unique in its scope."""
    for path, key, style in wanted:
        if paths.get(doc, path):
            continue
        source = paths.get(doc, (*path[:-1], key))
        text = source.get("nl", "") if isinstance(source, dict) else str(source or "")
        if path == ("id",):
            taken = set(definition_ids)
            base = ids.slug(text, "vragenlijst")
        else:
            taken = _scope(doc, path)
            if style == "numbered":
                parent = paths.get(doc, path[:-3], {})
                base = f"{parent.get('id') or 'stelling'}_{int(path[-2]) + 1}"
            else:
                base = ids.slug(text, FALLBACK.get(str(path[-3]) if len(path) >= 3 else "", "id"))
        paths.put(doc, path, ids.unique(base, taken))


def rename(doc: dict, renames: list[Rename]) -> None:
    """Let every reference follow the ids changed on a page (questions first, so their answers' renames find
    the question under its new id)."""
    questions = {r.old: r.new for r in renames if r.what in (BACKGROUND_QUESTION, QUESTION)}
    found = doc.get("decision")
    decision: dict = found if isinstance(found, dict) else {}
    for r in renames:
        owner = questions.get(r.owner, r.owner)
        if r.what == BACKGROUND_QUESTION:
            for entry in entries(doc):
                show_if = entry.get("show_if")
                if isinstance(show_if, dict) and r.old in show_if:
                    entry["show_if"] = {r.new if k == r.old else k: v for k, v in show_if.items()}
        elif r.what == BACKGROUND_OPTION:
            for entry in entries(doc):
                values = (entry.get("show_if") or {}).get(owner)
                if isinstance(values, list):
                    entry["show_if"][owner] = _replace(values, r.old, r.new)
        elif r.what == QUESTION:
            bc = doc.get("businesscase")
            case: dict = bc if isinstance(bc, dict) else {}
            for key in ("yearly", "one_off"):
                if case.get(key) == r.old:
                    case[key] = r.new
            if decision.get("weights") == r.old:
                decision["weights"] = r.new
            for ko in decision.get("knockouts", []):
                if ko.get("question") == r.old:
                    ko["question"] = r.new
        elif r.what == QUESTION_OPTION:
            for ko in decision.get("knockouts", []):
                if ko.get("question") == owner:
                    ko["options"] = _replace(ko.get("options", []), r.old, r.new)
        elif r.what == ALTERNATIVE:
            scores = decision.get("scores") or {}
            if r.old in scores and r.new not in scores:
                scores[r.new] = scores.pop(r.old)
            for ko in decision.get("knockouts", []):
                ko["excludes"] = _replace(ko.get("excludes", []), r.old, r.new)
        elif r.what == CRITERION:
            for row in (decision.get("scores") or {}).values():
                if isinstance(row, dict) and r.old in row and r.new not in row:
                    row[r.new] = row.pop(r.old)


def _replace(values: list, old: str, new: str) -> list:
    return [new if v == old else v for v in values]


# -- languages --------------------------------------------------------------------------------------------------


def languages(doc: dict) -> list[str]:
    """The definition's languages: those of its title (Dutch first)."""
    title = doc.get("title")
    langs = list(title) if isinstance(title, dict) and title else ["nl"]
    return sorted(langs, key=lambda lang: (lang != "nl", lang))


def set_languages(doc: dict, wanted: list[str]) -> None:
    """Give every text of the definition exactly the languages ``wanted``: a new language starts as a copy of
    the Dutch text (to be translated), a language no longer wanted is removed."""
    for text in texts(doc):
        for lang in [lang for lang in text if lang not in wanted]:
            del text[lang]
        for lang in wanted:
            if lang not in text and "nl" in text:
                text[lang] = list(text["nl"]) if isinstance(text["nl"], list) else text["nl"]


def texts(doc: dict) -> Iterator[dict]:
    """Every ``{lang: text}`` of the document (and the scale's ``{lang: [labels]}``), to change in place."""
    return _texts(doc, ())


def _texts(node: Any, path: Path) -> Iterator[dict]:
    if isinstance(node, dict):
        if _is_text(node, path):
            yield node
            return
        for key, value in node.items():
            if key != "show_if":
                yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*path, i))


def _is_text(node: dict, path: Path) -> bool:
    if "nl" not in node or not all(isinstance(k, str) and len(k) == 2 for k in node):
        return False
    if path == ("scale", "labels"):
        return all(isinstance(v, list) for v in node.values())
    return all(isinstance(v, str) for v in node.values())
