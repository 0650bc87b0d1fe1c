"""One bounded cache for everything built from a definition (or a chart's data) and reused across requests.

Parsing a pinned definition, its list of pages, its form classes, the page skeletons and the rendered fields cost
far more CPU than a participant's request may (bench/participant_cpu.py), and they depend only on the definition's
content, the language and a few flags. So they are built once and kept here, in one LRU per *area* (each with its
own bound, because a chart weighs more than a list of pages), keyed by content: the definition's SHA-256 (never
``id()``), or for a chart the SHA-256 of its data. Two equal definitions share their entries; a changed one gets
new ones.

Who holds the instance: the web app owns one (``app.extensions``, made by ``create_app`` and handed to the domain
for each request with :func:`activate`); outside a request (CLI, scripts, tests driving the domain) the process
has one of its own. Domain code asks :func:`active` and never imports Flask. ``PAGE_CACHE=False`` (environment
``SCANENGINE_PAGE_CACHE=0``) turns caching off, so a changed template or definition shows at once while someone
works on them. See docs/architecture.md, "Page cache".
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any, TypeVar

T = TypeVar("T")

#: entries kept per area; a participant page needs a handful per definition, language and step
LIMITS: dict[str, int] = {
    "definition": 64,  # parsed pinned definitions, by SHA-256
    "pages": 4_096,  # page lists, by definition and background answers (show_if)
    "field_ids": 64,  # the answerable field names of a definition
    "formset": 64,  # the web form classes of a definition
    "skeleton": 8_192,  # participant pages split at their variable parts
    "field_html": 32_768,  # one rendered question, by definition, field, value and language
    "thanks": 256,  # the thank-you page, by definition and language
    "chart": 128,  # report charts (ReportLab drawings), by the SHA-256 of their data
    "stability": 64,  # the decision aid's stability (1,000 perturbations), by the SHA-256 of its inputs
}
SHA_MEMO = 256  # definitions whose hash is remembered (see PageCache.sha)

_MISSING = object()


class PageCache:
    """A thread-safe LRU per area, keyed by content; disabled, it builds every value afresh and keeps nothing."""

    def __init__(self, enabled: bool = True, limits: dict[str, int] | None = None):
        self.enabled = enabled
        self.limits = dict(LIMITS if limits is None else limits)
        self._areas: dict[str, OrderedDict[Hashable, Any]] = {area: OrderedDict() for area in self.limits}
        self._shas: OrderedDict[int, tuple[object, str]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = dict.fromkeys(self.limits, 0)
        self.misses = dict.fromkeys(self.limits, 0)

    def get(self, area: str, key: Hashable, build: Callable[[], T]) -> T:
        """The value of ``key`` in ``area``, built by ``build()`` (outside the lock) the first time."""
        if not self.enabled:
            return build()
        value = self.lookup(area, key)
        if value is _MISSING:
            value = build()
            self.put(area, key, value)
        return value

    def lookup(self, area: str, key: Hashable) -> Any:
        """The value, or the module's ``_MISSING`` marker (for callers that count hits themselves)."""
        if not self.enabled:
            return _MISSING
        store = self._areas[area]
        with self._lock:
            value = store.get(key, _MISSING)
            if value is _MISSING:
                self.misses[area] += 1
            else:
                store.move_to_end(key)
                self.hits[area] += 1
        return value

    def put(self, area: str, key: Hashable, value: Any) -> None:
        if not self.enabled:
            return
        store, limit = self._areas[area], self.limits[area]
        with self._lock:
            store[key] = value
            store.move_to_end(key)
            while len(store) > limit:
                store.popitem(last=False)

    def sha(self, q: Any) -> str:
        """The SHA-256 of definition ``q`` (its ``sha256``), the first part of every key built from it.

        Hashing a definition costs more than a request may, so the digest of each definition object in use is
        remembered: the memo holds the object itself, so its identity cannot pass to another object while the
        entry exists. Pinned definitions come with their digest (:meth:`note_sha`) and are never hashed here.
        """
        found = self._shas.get(id(q))
        if found is not None and found[0] is q:
            return found[1]
        digest = q.sha256
        self.note_sha(q, digest)
        return digest

    def note_sha(self, q: Any, digest: str) -> None:
        """Remember that definition ``q`` has the SHA-256 ``digest`` (it was loaded by that digest)."""
        if not self.enabled:
            return
        with self._lock:
            self._shas[id(q)] = (q, digest)
            self._shas.move_to_end(id(q))
            while len(self._shas) > SHA_MEMO:
                self._shas.popitem(last=False)

    def clear(self, area: str | None = None) -> None:
        with self._lock:
            for name, store in self._areas.items():
                if area is None or name == area:
                    store.clear()
            if area is None:
                self._shas.clear()

    def size(self, area: str) -> int:
        return len(self._areas[area])


def switch(value: object) -> bool:
    """A ``PAGE_CACHE`` setting as given (``True``, ``0``, ``"off"`` ...): on unless it says off."""
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


def enabled_by_env(environ: dict[str, str] | None = None) -> bool:
    """``SCANENGINE_PAGE_CACHE`` for work outside the app: on unless it is ``0``, ``false``, ``no`` or ``off``."""
    return switch((os.environ if environ is None else environ).get("SCANENGINE_PAGE_CACHE", "1"))


_current: ContextVar[PageCache | None] = ContextVar("scanengine_page_cache", default=None)
_process: PageCache | None = None
_process_lock = threading.Lock()


def process_cache() -> PageCache:
    """The cache of this process for work outside a web request (made on first use, switched by the env)."""
    global _process
    if _process is None:
        with _process_lock:
            if _process is None:
                _process = PageCache(enabled=enabled_by_env())
    return _process


def active() -> PageCache:
    """The cache handed in for this request (:func:`activate`), else the process's own."""
    return _current.get() or process_cache()


def activate(cache: PageCache) -> Token:
    """Hand ``cache`` to the domain code of the current context; undo with :func:`deactivate`."""
    return _current.set(cache)


def deactivate(token: Token) -> None:
    try:
        _current.reset(token)
    except ValueError:  # the token was made in another context (a request context pushed by hand): just clear
        _current.set(None)


@contextmanager
def using(cache: PageCache) -> Iterator[PageCache]:
    """``with using(cache):`` hands ``cache`` in for the block (a script, a test, a worker thread)."""
    token = activate(cache)
    try:
        yield cache
    finally:
        deactivate(token)
