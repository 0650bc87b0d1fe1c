"""Question kinds: one module per kind, registered here by name (docs/kinds.md, "How to add a question kind").

``get(name)`` gives the kind, ``all()`` every kind in registration order. The definition builds its models from
the kinds, the codec packs their values, the form and the report look up their field and block by the same name.
"""

from __future__ import annotations

from scanengine.kinds.background import Background
from scanengine.kinds.base import AnswerError, Columns, Kind
from scanengine.kinds.choice import Choice
from scanengine.kinds.matrix import Matrix
from scanengine.kinds.number import Number
from scanengine.kinds.open import Open
from scanengine.kinds.points import Points
from scanengine.kinds.ranking import Ranking
from scanengine.kinds.statement import Statement

__all__ = ["AnswerError", "Columns", "Kind", "all", "get", "register"]

_registry: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind under its name; a name registered twice is an error (one place for each kind)."""
    if kind.name in _registry:
        raise ValueError(f"question kind {kind.name!r} registered twice")
    _registry[kind.name] = kind
    return kind


def get(name: str) -> Kind:
    """The kind registered as ``name``; a clear error for an unknown one."""
    try:
        return _registry[name]
    except KeyError:
        raise KeyError(f"unknown question kind {name!r} (known: {', '.join(_registry)})") from None


def all() -> list[Kind]:  # noqa: A001 - the registry's natural name, used as kinds.all()
    """Every registered kind, in registration order."""
    return list(_registry.values())


for _kind in (Background(), Statement(), Ranking(), Points(), Number(), Choice(), Matrix(), Open()):
    register(_kind)
