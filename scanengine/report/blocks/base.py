"""The report block of a question kind and the registry of blocks by the kind's name (docs/kinds.md).

Apart from the package so that the blocks import it and the package imports the blocks, without a cycle (the
same shape as ``scanengine/kinds/base.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass
class Conclusion:
    """What a block puts first in the report: ``sentences`` that state the result (paragraphs a council member
    can quote) and ``details`` that back them (a table or chart, after all blocks' sentences)."""

    sentences: list = field(default_factory=list)
    details: list = field(default_factory=list)


class Block:
    """The report pages of one question kind. ``part`` says where in the report they go (``None``: the kind
    has no pages of its own, e.g. background questions, which appear as breakdowns of the other figures)."""

    kind: ClassVar[str]
    part: ClassVar[str | None] = None

    def render(self, b: Any, entries: list) -> None:
        """Add this kind's chapters for ``entries`` to the builder ``b``'s document."""

    def conclude(self, b: Any, entries: list) -> Conclusion:
        """The conclusion of this kind's questions (``entries``; none when the block is no question kind), for
        the report's first chapter. Most kinds say nothing there."""
        return Conclusion()


_registry: dict[str, Block] = {}


def register(block: Block) -> Block:
    if block.kind in _registry:
        raise ValueError(f"a report block for kind {block.kind!r} is registered twice")
    _registry[block.kind] = block
    return block


def get(kind: str) -> Block:
    """The block of the kind named ``kind``; a clear error when a kind has none."""
    try:
        return _registry[kind]
    except KeyError:
        raise KeyError(f"no report block for question kind {kind!r}") from None


def find(kind: str) -> Block | None:
    """The block of ``kind``, or None while the kind has none yet (its questions are then left out of the PDF)."""
    return _registry.get(kind)


def all() -> list[Block]:  # noqa: A001 - the registry's natural name, as kinds.all()
    return list(_registry.values())
