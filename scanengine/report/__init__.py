"""The council report (see docs/architecture.md#the-report): results -> document -> PDF and HTML.

:func:`scanengine.report.compose.build` turns a round's :class:`~scanengine.analysis.Results` into one document
(:mod:`scanengine.report.document`); :func:`build_pdf` and :func:`build_html` render it. ``write_report`` analyses
a round and writes a rendering, by default into the reports folder (``SCANENGINE_REPORTS_DIR``) as
``<cooperation-slug>-<round id>-<lang>.<pdf|html>``. The report reads only the results object, never the web
layer; the HTML writer and its charts never import ReportLab (the results page shows that rendering).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from scanengine.config import reports_dir_from_env
from scanengine.report import compose

__all__ = ["FORMATS", "build_html", "build_pdf", "write_report", "default_path", "slug"]

FORMATS = ("pdf", "html")


def build_pdf(results, lang: str = "nl", *, invariant: bool = False) -> bytes:
    """The report of ``results`` in ``lang`` as PDF bytes; ``invariant`` gives byte-identical output (tests)."""
    from scanengine.report import pdf  # ReportLab is loaded only when a PDF is made

    return pdf.render(compose.build(results, lang), invariant=invariant)


def build_html(results, lang: str = "nl") -> str:
    """The report of ``results`` in ``lang`` as one self-contained, accessible HTML page."""
    from scanengine.report import html

    return html.render(compose.build(results, lang))


def slug(text: str) -> str:
    """``"Regio Zuid-Holland Oost & Co"`` -> ``"regio-zuid-holland-oost-co"`` (ASCII, safe as a file name)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "round"


def reports_dir() -> Path:
    """Where reports land by default: the ``SCANENGINE_REPORTS_DIR`` setting (:mod:`scanengine.config`)."""
    return reports_dir_from_env()


def default_path(rnd, lang: str = "nl", folder: str | Path | None = None, fmt: str = "pdf") -> Path:
    """``<folder>/<cooperation-slug>-<round id>-<lang>.<fmt>``; ``folder`` defaults to :func:`reports_dir`."""
    base = Path(folder) if folder is not None else reports_dir()
    return base / f"{slug(rnd.cooperation)}-{rnd.id}-{lang}.{fmt}"


def write_report(
    session,
    rnd,
    path: str | Path | None = None,
    lang: str = "nl",
    *,
    invariant: bool = False,
    fmt: str = "pdf",
) -> Path:
    """Analyse ``rnd`` and write its report as ``fmt`` (``pdf`` or ``html``); returns the path written.

    The file is written next to its destination and renamed into place, so a reader never sees half a report
    and a failed build leaves an earlier one untouched.
    """
    from scanengine import analysis

    if fmt not in FORMATS:
        raise ValueError(f"report format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    results = analysis.analyse(session, rnd)
    data = (
        build_pdf(results, lang, invariant=invariant)
        if fmt == "pdf"
        else build_html(results, lang).encode("utf-8")
    )
    target = Path(path) if path is not None else default_path(rnd, lang, fmt=fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target
