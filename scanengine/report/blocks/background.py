"""Background questions have no pages of their own: they are the breakdowns of the other kinds' figures."""

from __future__ import annotations

from scanengine.report.blocks.base import Block


class BackgroundBlock(Block):
    kind = "background"
    part = None
