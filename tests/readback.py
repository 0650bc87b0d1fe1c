"""Reading a report back as its reader sees it: the text of a PDF (pypdf) and of an HTML page (tags dropped,
entities decoded, soft hyphens removed), whitespace collapsed, so that tests can look for the same words and
figures in both renderings."""

from __future__ import annotations

import html
import io
import re

from pypdf import PdfReader

SHY = "\u00ad"


def pdf_text(pdf: bytes) -> str:
    """The text of every page, in order, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def pdf_pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def html_text(page: str, *, with_svg: bool = False) -> str:
    """The visible text of an HTML page (the charts' SVG left out unless ``with_svg``)."""
    body = page.split("<body", 1)[-1]
    body = re.sub(r"<style.*?</style>", " ", body, flags=re.S)
    if not with_svg:
        body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(body).replace(SHY, "").replace("\u00a0", " ").split())


def html_chapter(page: str, number: int) -> str:
    """The text of chapter ``number`` of an HTML report (from its h2 heading to the next chapter's)."""
    headings = list(re.finditer(r"<h2 id=\"[^\"]+\">(\d+)\s", page))
    starts = [m.start() for m in headings if m.group(1) == str(number)]
    assert starts, f"no chapter {number} in the page"
    later = [m.start() for m in headings if m.start() > starts[0]]
    return html_text("<body>" + page[starts[0] : later[0] if later else None])
