"""Every Dutch and English text of the product in one shape, behind one :func:`t`.

A text is a catalogue entry ``key -> {lang: template}``; a template is a ``str.format`` string, or, where a sentence
depends on a count, ``{"one": ..., "other": ...}`` chosen by the parameter ``n``. The catalogues live in the
modules of this package, one per area (``web``, ``participant``, ``facilitator``, ``admin``, ``kinds``, ``analysis``,
``report`` ...); each exports ``CATALOGUE``. They are registered once by :func:`init` (called by ``create_app`` and,
lazily, by the first :func:`t` outside the app), never by updating a shared dict at import time.

Results carry :class:`Note` values (a key and its parameters), not sentences: the sentence is built at the edge, in
the reader's language. See docs/architecture.md, "Texts".
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT = "nl"

#: the catalogue modules of this package, registered in this order (a key may be defined once only)
AREAS = (
    "web",
    "participant",
    "facilitator",
    "admin",
    "kinds",
    "analysis",
    "report",
    "invitations",
    "live",
    "decision",
    "definition",
    "audit",
    "editor",
    "library",
    "closing",
)

Template = str | dict[str, str]
Catalogue = dict[str, dict[str, Template]]

_catalogue: Catalogue = {}
_lock = threading.Lock()
_loaded = False


class TextError(KeyError):
    """An unknown key, a missing language or a key defined twice."""


@dataclass(frozen=True)
class Note:
    """A sentence still to be written: the catalogue key and its parameters (rendered by :func:`render`)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return t(lang, self.key, **self.params)


def register(catalogue: Catalogue, source: str = "") -> None:
    """Add a catalogue; a key defined twice is an error (one place for each text)."""
    with _lock:
        for key, entry in catalogue.items():
            if key in _catalogue and _catalogue[key] is not entry:
                raise TextError(f"text key {key!r} defined twice ({source})")
            _catalogue[key] = entry


def init() -> None:
    """Register every area's catalogue once per process (idempotent, thread-safe)."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        modules = [importlib.import_module(f"{__name__}.{area}") for area in AREAS]
    for module in modules:
        register(module.CATALOGUE, module.__name__)
    _loaded = True


def catalogue() -> Catalogue:
    """All registered texts (for the completeness test and for translators)."""
    init()
    return _catalogue


def has(key: str) -> bool:
    init()
    return key in _catalogue


def t(lang: str, key: str, /, **params: Any) -> str:
    """The text ``key`` in ``lang`` (Dutch when ``lang`` is not one of ours) with ``params`` filled in.

    A plural entry picks ``one`` when ``params['n'] == 1`` and ``other`` otherwise.
    """
    if not _loaded:
        init()
    entry = _catalogue.get(key)
    if entry is None:
        raise TextError(f"unknown text key {key!r}")
    template = entry.get(lang) or entry[DEFAULT]
    if isinstance(template, dict):
        template = template["one" if params.get("n") == 1 else "other"]
    # a template is always a format string (``{{`` is a brace), also when it has no parameters
    return template.format(**params) if params or "{" in template else template


def render(lang: str, value: Note | str) -> str:
    """A :class:`Note` or an already written text in ``lang``."""
    return value.render(lang) if isinstance(value, Note) else value


def check_lang(lang: str) -> str:
    """The language, or a clear error naming the ones we have."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang
