"""Report blocks: one per question kind, registered by the kind's name (docs/kinds.md).

A block lays out the questions of its kind in the report document. The composition (scanengine.report.compose)
walks its outline and, at each part of the definition (``dimensions``, ``sections``, ``open``), asks the blocks of
the kinds found there for their chapters, and every block for its part of the conclusion; it never names a kind. A block gets the report's builder (its language, helpers and the
:class:`~scanengine.analysis.Results`) and the definition entries of its kind.
"""

from __future__ import annotations

from scanengine.report.blocks.background import BackgroundBlock
from scanengine.report.blocks.base import Block, Conclusion, all, find, get, register
from scanengine.report.blocks.businesscase import BusinesscaseBlock
from scanengine.report.blocks.choice import ChoiceBlock
from scanengine.report.blocks.decision import DecisionBlock
from scanengine.report.blocks.matrix import MatrixBlock
from scanengine.report.blocks.number import NumberBlock
from scanengine.report.blocks.open import OpenBlock
from scanengine.report.blocks.points import PointsBlock
from scanengine.report.blocks.ranking import RankingBlock
from scanengine.report.blocks.statement import StatementBlock

__all__ = ["Block", "Conclusion", "all", "find", "get", "register"]

_BUILTIN: tuple[Block, ...] = (
    BackgroundBlock(),
    StatementBlock(),
    OpenBlock(),
    DecisionBlock(),
    BusinesscaseBlock(),
)
for _block in (
    *_BUILTIN,
    RankingBlock(),
    PointsBlock(),
    NumberBlock(),
    ChoiceBlock(),
    MatrixBlock(),
):  # then the sections'
    register(_block)
