"""The benchmark report for the council (see docs/architecture.md#the-report): results -> PDF.

``build_pdf`` lays out a :class:`scanengine.analysis.Results`; ``write_report`` analyses a round and writes its
PDF, by default into the reports folder (``SCANENGINE_REPORTS_DIR``) as
``<cooperation-slug>-<round id>-<lang>.pdf``. The report reads only the
results object, never the web layer.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from scanengine.config import reports_dir_from_env
from scanengine.report.pdf import build_pdf

__all__ = ["build_pdf", "write_report", "default_path", "slug"]


def slug(text: str) -> str:
    """``"Regio Zuid-Holland Oost & Co"`` -> ``"regio-zuid-holland-oost-co"`` (ASCII, safe as a file name)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "round"


def reports_dir() -> Path:
    """Where reports land by default: the ``SCANENGINE_REPORTS_DIR`` setting (:mod:`scanengine.config`)."""
    return reports_dir_from_env()


def default_path(rnd, lang: str = "nl", folder: str | Path | None = None) -> Path:
    """``<folder>/<cooperation-slug>-<round id>-<lang>.pdf``; ``folder`` defaults to :func:`reports_dir`."""
    base = Path(folder) if folder is not None else reports_dir()
    return base / f"{slug(rnd.cooperation)}-{rnd.id}-{lang}.pdf"


def write_report(
    session, rnd, path: str | Path | None = None, lang: str = "nl", *, invariant: bool = False
) -> Path:
    """Analyse ``rnd`` and write its report; returns the path written.

    The file is written next to its destination and renamed into place, so a reader never sees half a PDF
    and a failed build leaves an earlier report untouched.
    """
    from scanengine import analysis

    results = analysis.analyse(session, rnd)
    data = build_pdf(results, lang, invariant=invariant)
    target = Path(path) if path is not None else default_path(rnd, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target
