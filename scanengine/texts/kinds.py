"""Texts: kinds (see scanengine.texts)."""

from __future__ import annotations

CATALOGUE: dict = {}
