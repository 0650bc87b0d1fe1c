"""Short names (ids) a facilitator need not invent: made from the text they name, unique where they must be.

Ids name form fields, export columns and conditions, so they follow the definition's pattern
(:data:`scanengine.definition.ID_PATTERN`) and never change by themselves once given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from scanengine.definition import ID_PATTERN

MAX_WORDS = 3
MAX_LENGTH = 30
#: words that say little in a short name ("Wat is uw rol?" -> "rol"); kept when a text has nothing else
STOP_WORDS = frozenset(
    "de het een en of van in op te is zijn wat wie hoe welke welk uw u je jij we wij er dat die dit deze "
    "met voor aan bij naar hebt heeft the a an and or of is are what who how which your you we to in on for "
    "with do does at by".split()
)


def slug(text: str, fallback: str) -> str:
    """``"Wonen & leefomgeving"`` -> ``"wonen_leefomgeving"``: lower-case ASCII words joined by ``_`` (without
    :data:`STOP_WORDS`), at most three words or 30 characters, starting with a letter (else ``fallback`` is put
    in front)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w]
    words = ([w for w in words if w not in STOP_WORDS] or words)[:MAX_WORDS]
    out = ""
    for word in words:
        candidate = f"{out}_{word}" if out else word
        if len(candidate) > MAX_LENGTH:
            break
        out = candidate
    if not out:
        out = words[0][:MAX_LENGTH] if words else ""
    if not out or not out[0].isalpha():
        out = f"{fallback}_{out}" if out else fallback
    return out[:40]


def unique(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base_2``, ``base_3`` ... whichever is not taken yet."""
    used = set(taken)
    if base not in used and ID_PATTERN.fullmatch(base):
        return base
    stem = base[:36]
    n = 2
    while f"{stem}_{n}" in used:
        n += 1
    return f"{stem}_{n}"
