"""JSON paths of a definition as the validator writes them (``dimensions[2].items[0].text.nl``), as tuples of
keys and indexes, and the few operations the editor does on a document at a path.

The document is plain JSON data (dicts and lists), the shape of :meth:`Questionnaire.document`.
"""

from __future__ import annotations

import re
from typing import Any

from scanengine.definition import json_path

Path = tuple[str | int, ...]

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse(path: str) -> Path:
    """``dimensions[2].items[0].id`` -> ``("dimensions", 2, "items", 0, "id")``."""
    out: list[str | int] = []
    for key, index in _TOKEN.findall(path):
        out.append(int(index) if index else key)
    return tuple(out)


def text(path: Path) -> str:
    """The path as the validator writes it."""
    return json_path(path)


def get(doc: Any, path: Path, default: Any = None) -> Any:
    """The value at ``path``, or ``default`` where the path leads nowhere."""
    node = doc
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                return default
        elif not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def put(doc: Any, path: Path, value: Any) -> None:
    """Set the value at ``path`` (its parent must exist; an index one past the end appends)."""
    parent = get(doc, path[:-1])
    last = path[-1]
    if isinstance(last, int):
        if last == len(parent):
            parent.append(value)
        else:
            parent[last] = value
    else:
        parent[last] = value


def insert(doc: Any, path: Path, value: Any) -> None:
    """Insert ``value`` into the list at ``path[:-1]`` at index ``path[-1]`` (the list is made when missing)."""
    container = path[:-1]
    if get(doc, container) is None:
        put(doc, container, [])
    get(doc, container).insert(path[-1], value)


def remove(doc: Any, path: Path) -> Any:
    """Take the element at ``path`` out of its list (or its key out of its object) and return it."""
    parent = get(doc, path[:-1])
    return parent.pop(path[-1])


def move(items: list, index: int, step: int) -> bool:
    """Swap ``items[index]`` with its neighbour ``step`` (-1 up, +1 down); False when it is at that end."""
    other = index + step
    if not (0 <= index < len(items) and 0 <= other < len(items)):
        return False
    items[index], items[other] = items[other], items[index]
    return True


def startswith(path: Path, prefix: Path) -> bool:
    return path[: len(prefix)] == prefix
