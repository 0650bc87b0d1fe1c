"""The analysis of a round: figures (:mod:`.compute`), the k rule (:mod:`.suppression`), the kept summary
(:mod:`.summary`), benchmark and trend (:mod:`.benchmark`), and the typed :class:`Results` every consumer reads
(:mod:`.results`, made by :func:`analyse` in :mod:`.presentation`).

The analysis imports nothing from the web layer, the report or the exports. See docs/architecture.md, "Analysis".
"""

from __future__ import annotations

from scanengine.analysis.benchmark import add_benchmark, add_trend, benchmark_sources, previous_round
from scanengine.analysis.compute import (
    BreakdownFigures,
    Computed,
    DimensionFigures,
    ItemFigures,
    RoundFigures,
    compute,
    figures,
    item_counts,
    shown_mask,
)
from scanengine.analysis.presentation import analyse, present
from scanengine.analysis.results import (
    GROUP_BREAKDOWN,
    TOP_GAPS,
    TOP_ITEMS,
    UNKNOWN_KEY,
    Benchmark,
    DimensionResult,
    Gap,
    GroupCount,
    GroupResult,
    ItemResult,
    Kruskal,
    Results,
    Text,
    Trend,
)
from scanengine.analysis.summary import SUMMARY_VERSION, RoundSummary, store_summary, summary_of
from scanengine.analysis.suppression import enough, suppress
from scanengine.responses import RoundData, load_round_data

__all__ = [
    "GROUP_BREAKDOWN",
    "SUMMARY_VERSION",
    "TOP_GAPS",
    "TOP_ITEMS",
    "UNKNOWN_KEY",
    "Benchmark",
    "BreakdownFigures",
    "Computed",
    "DimensionFigures",
    "DimensionResult",
    "Gap",
    "GroupCount",
    "GroupResult",
    "ItemFigures",
    "ItemResult",
    "Kruskal",
    "Results",
    "RoundData",
    "RoundFigures",
    "RoundSummary",
    "Text",
    "Trend",
    "add_benchmark",
    "add_trend",
    "analyse",
    "benchmark_sources",
    "compute",
    "enough",
    "figures",
    "item_counts",
    "load_round_data",
    "present",
    "previous_round",
    "shown_mask",
    "store_summary",
    "summary_of",
    "suppress",
]
