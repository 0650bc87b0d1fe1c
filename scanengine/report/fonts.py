"""DejaVu Sans for the PDF and its charts.

ReportLab's standard fonts are Latin-1 only, so the Dutch ``ĳ`` (and ``€`` in some viewers) would not print.
matplotlib ships DejaVu Sans with full Latin coverage; registering those same files with ReportLab means the
text and the charts use one typeface, embedded (subset) in the PDF, without a new dependency.
"""

from __future__ import annotations

import functools
from pathlib import Path

FAMILY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"


def font_dir() -> Path:
    """matplotlib's bundled TrueType folder (found without importing matplotlib itself, which is slow)."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed; it provides the DejaVu fonts of the report")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


@functools.cache
def register() -> str:
    """Register the DejaVu Sans family with ReportLab once per process; returns the family name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = font_dir()
    for name in (FAMILY, BOLD, ITALIC, BOLD_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    return FAMILY
