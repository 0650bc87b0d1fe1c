"""What changed between two versions of a definition, in words ("stelling comp2: tekst gewijzigd").

Computed from the two JSON documents, so it describes any two versions, however they were made (the editor,
an import, a file edited by hand). Elements of a list are matched by id (statements across dimensions, so a
statement moved to another dimension is one change); a text is compared in the languages both versions have, and
a language added or removed is one change. Each change is a :class:`~scanengine.texts.Note`, written in the
reader's language by :func:`scanengine.editing.places.render`.
"""

from __future__ import annotations

from typing import Any

from scanengine.editing import places
from scanengine.editing.refs import languages
from scanengine.texts import Note

#: the lists whose elements are compared one by one, with the text that names an element
THINGS = {
    "background": "ch_thing_background",
    "dimensions": "ch_thing_dimension",
    "items": "ch_thing_statement",
    "sections": "ch_thing_section",
    "questions": "ch_thing_question",
    "open_questions": "ch_thing_open",
    "options": "ch_thing_option",
    "alternatives": "ch_thing_alternative",
    "criteria": "ch_thing_criterion",
}
CHILD_LISTS = ("items", "questions", "options")
OPTION_HOLDERS = ("background", "questions")  #: the lists whose elements have answers (options)
GENERAL_KEYS = ("title", "intro", "version")


def field_word(key: str) -> Note:
    """The name of a key in the sentence (:func:`places.field_key`; the key quoted when it has none)."""
    k = places.field_key(key)
    return Note(k) if k else Note("ch_field_other", {"key": key})


def changes(old: dict, new: dict) -> list[Note]:
    """Every change from ``old`` to ``new``, in document order."""
    out: list[Note] = []
    common = [lang for lang in languages(new) if lang in languages(old)]
    for lang in languages(new):
        if lang not in common:
            out.append(Note("ch_language_added", {"language": Note(f"ed_language_{lang}")}))
    for lang in languages(old):
        if lang not in languages(new):
            out.append(Note("ch_language_removed", {"language": Note(f"ed_language_{lang}")}))
    for key in GENERAL_KEYS:
        if _differs(old.get(key), new.get(key), common):
            out.append(Note("ch_general", {"field": field_word(key)}))
    out += _scale(old, new, common)
    out += _list(old.get("background", []), new.get("background", []), "background", common, None)
    out += _list(old.get("dimensions", []), new.get("dimensions", []), "dimensions", common, None)
    out += _statements(old, new, common)
    out += _list(old.get("sections", []), new.get("sections", []), "sections", common, None)
    out += _list(_questions(old), _questions(new), "questions", common, None)
    out += _list(old.get("open_questions", []), new.get("open_questions", []), "open_questions", common, None)
    out += _decision(old.get("decision"), new.get("decision"), common)
    if old.get("businesscase") != new.get("businesscase"):
        out.append(Note("ch_businesscase"))
    return out


def _thing(key: str, node: dict, owner: Note | None) -> Note:
    params: dict[str, Any] = {"id": node.get("id", "")}
    if owner is not None:
        params["owner"] = owner
    return Note(THINGS[key], params)


def _differs(a: Any, b: Any, langs: list[str]) -> bool:
    """Whether two values differ; texts only in the languages both versions have."""
    if _is_text(a) and _is_text(b):
        return any(a.get(lang) != b.get(lang) for lang in langs)
    return a != b


def _is_text(value: Any) -> bool:
    return (
        isinstance(value, dict) and "nl" in value and all(isinstance(v, str | list) for v in value.values())
    )


def _by_id(items: list) -> dict[str, dict]:
    return {x["id"]: x for x in items if isinstance(x, dict) and x.get("id")}


def _moved(old_ids: list[str], new_ids: list[str]) -> set[str]:
    """The common ids outside a longest common subsequence of the two orders: those that moved."""
    common = set(old_ids) & set(new_ids)
    a = [i for i in old_ids if i in common]
    b = [i for i in new_ids if i in common]
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = (
                lengths[i + 1][j + 1] + 1 if a[i] == b[j] else max(lengths[i + 1][j], lengths[i][j + 1])
            )
    kept, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            kept.add(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return common - kept


def _list(old: list, new: list, key: str, langs: list[str], owner: Note | None) -> list[Note]:
    """Elements added, removed, moved and changed (their own keys; their child lists apart)."""
    out: list[Note] = []
    olds, news = _by_id(old), _by_id(new)
    moved = _moved(list(olds), list(news))
    for ident, node in news.items():
        thing = _thing(key, node, owner)
        if ident not in olds:
            out.append(Note("ch_added", {"what": thing}))
            continue
        before = olds[ident]
        if ident in moved:
            out.append(Note("ch_moved", {"what": thing}))
        for k in sorted(set(before) | set(node), key=_key_order):
            if k in ("id", *CHILD_LISTS):
                continue
            if _differs(before.get(k), node.get(k), langs):
                out.append(Note("ch_changed", {"what": thing, "field": field_word(k)}))
        if key in OPTION_HOLDERS:
            out += _list(before.get("options", []), node.get("options", []), "options", langs, thing)
    for ident, node in olds.items():
        if ident not in news:
            out.append(Note("ch_removed", {"what": _thing(key, node, owner)}))
    return out


_ORDER = ("kind", "title", "text", "label", "description")


def _key_order(key: str) -> tuple[int, str]:
    return (_ORDER.index(key) if key in _ORDER else len(_ORDER), key)


def _questions(doc: dict) -> list[dict]:
    return [q for s in doc.get("sections", []) for q in s.get("questions", [])]


def _statements(old: dict, new: dict, langs: list[str]) -> list[Note]:
    """Statements across the dimensions: one moved to another dimension says so; moves within a dimension and
    every other change as for any list."""
    out: list[Note] = []
    where_old = {
        i["id"]: d.get("id") for d in old.get("dimensions", []) for i in d.get("items", []) if i.get("id")
    }
    where_new = {
        i["id"]: d.get("id") for d in new.get("dimensions", []) for i in d.get("items", []) if i.get("id")
    }
    olds = {i["id"]: i for d in old.get("dimensions", []) for i in d.get("items", []) if i.get("id")}
    for dim in new.get("dimensions", []):
        before_order = [
            i["id"]
            for d in old.get("dimensions", [])
            if d.get("id") == dim.get("id")
            for i in d.get("items", [])
        ]
        here = [i for i in dim.get("items", []) if i.get("id")]
        moved = _moved(before_order, [i["id"] for i in here])
        for item in here:
            thing = _thing("items", item, None)
            ident = item["id"]
            if ident not in olds:
                out.append(Note("ch_added", {"what": thing}))
                continue
            if where_old.get(ident) != where_new.get(ident):
                out.append(
                    Note(
                        "ch_moved_to",
                        {"what": thing, "where": Note("ch_thing_dimension", {"id": dim.get("id")})},
                    )
                )
            elif ident in moved:
                out.append(Note("ch_moved", {"what": thing}))
            for k in sorted(set(olds[ident]) | set(item), key=_key_order):
                if k != "id" and _differs(olds[ident].get(k), item.get(k), langs):
                    out.append(Note("ch_changed", {"what": thing, "field": field_word(k)}))
    for ident, item in olds.items():
        if ident not in where_new:
            out.append(Note("ch_removed", {"what": _thing("items", item, None)}))
    return out


def _scale(old: dict, new: dict, langs: list[str]) -> list[Note]:
    out: list[Note] = []
    a, b = old.get("scale") or {}, new.get("scale") or {}
    if a.get("points") != b.get("points") and a and b:
        out.append(Note("ch_scale_points", {"old": a.get("points"), "new": b.get("points")}))
    elif _differs(a.get("labels"), b.get("labels"), langs):
        out.append(Note("ch_scale_labels"))
    if bool(a.get("dont_know")) != bool(b.get("dont_know")):
        out.append(Note("ch_scale_dont_know_on" if b.get("dont_know") else "ch_scale_dont_know_off"))
    elif _differs(a.get("dont_know"), b.get("dont_know"), langs):
        out.append(Note("ch_scale_dont_know"))
    if not a and b:
        out.append(Note("ch_scale_added"))
    if a and not b:
        out.append(Note("ch_scale_removed"))
    old_bands = [(x.get("min"), x.get("label")) for x in old.get("bands", [])]
    new_bands = [(x.get("min"), x.get("label")) for x in new.get("bands", [])]
    if len(old_bands) != len(new_bands) or any(
        m1 != m2 or _differs(l1, l2, langs) for (m1, l1), (m2, l2) in zip(old_bands, new_bands, strict=False)
    ):
        out.append(Note("ch_bands"))
    return out


def _decision(old: Any, new: Any, langs: list[str]) -> list[Note]:
    if not isinstance(old, dict) and not isinstance(new, dict):
        return []
    if not isinstance(old, dict):
        return [Note("ch_decision_added")]
    if not isinstance(new, dict):
        return [Note("ch_decision_removed")]
    out: list[Note] = []
    for key in ("title", "intro", "sources", "weights"):
        if _differs(old.get(key), new.get(key), langs):
            out.append(Note("ch_decision_field", {"field": field_word(key)}))
    out += _list(old.get("alternatives", []), new.get("alternatives", []), "alternatives", langs, None)
    out += _list(old.get("criteria", []), new.get("criteria", []), "criteria", langs, None)
    alternatives, criteria = _by_id(new.get("alternatives", [])), _by_id(new.get("criteria", []))
    before, after = old.get("scores") or {}, new.get("scores") or {}
    for aid, row in after.items():
        for cid, score in (row or {}).items():
            was = (before.get(aid) or {}).get(cid)
            if was is not None and was != score and aid in alternatives and cid in criteria:
                out.append(
                    Note(
                        "ch_score",
                        {
                            "alternative": alternatives[aid].get("label") or aid,
                            "criterion": criteria[cid].get("label") or cid,
                            "old": was,
                            "new": score,
                        },
                    )
                )
    if old.get("knockouts", []) != new.get("knockouts", []):
        out.append(Note("ch_knockouts"))
    return out
