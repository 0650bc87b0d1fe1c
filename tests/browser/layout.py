"""What a person would see wrong on a page that axe-core does not check: a page wider than the phone, text too
small to read on it, a keyboard focus without a visible outline."""

from __future__ import annotations

MIN_PHONE_TEXT_PX = (
    14  # smaller body text on a 360 px phone is hard to read; the charts' labels are SVG, not here
)

# Measured against the device width, not innerWidth: a mobile browser zooms out to fit an overflowing page, and
# then innerWidth grows with it. Lists the outermost elements that stick out.
_OVERFLOW = """(width) => {
  const extra = document.documentElement.scrollWidth - width;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  if (extra > 0) {
    for (const el of document.querySelectorAll('body *')) {
      const parent = el.parentElement;
      if (el.getBoundingClientRect().right > width + 0.5 && !clipped(el)
          && !(parent && parent !== document.body && parent.getBoundingClientRect().right > width + 0.5)) {
        out.push(el.outerHTML.slice(0, 120));
      }
    }
  }
  return {extra, out: out.slice(0, 10)};
}"""

_SMALL_TEXT = """(minPx) => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('svg')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // not rendered (the skip link is off screen, not hidden)
    if (box.right < 0 || box.bottom < 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minPx) small.push(`${el.tagName.toLowerCase()}.${el.className}: ${size}px "${node.textContent.trim().slice(0, 40)}"`);
  }
  return small;
}"""

_FOCUS_RING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // a radio's ring is drawn on its label (the input itself is small); anything else carries its own
  const target = (el.type === 'radio' && el.labels && el.labels[0]) ? el.labels[0] : el;
  const style = getComputedStyle(target);
  return {tag: el.tagName.toLowerCase(), style: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def assert_fits_phone(page, where: str) -> None:
    width = page.viewport_size["width"]
    found = page.evaluate(_OVERFLOW, width)
    assert found["extra"] <= 0, (
        f"{where}: the page is {found['extra']} px wider than the {width} px screen: {found['out']}"
    )
    small = page.evaluate(_SMALL_TEXT, MIN_PHONE_TEXT_PX)
    assert not small, f"{where}: text below {MIN_PHONE_TEXT_PX} px on a phone:\n" + "\n".join(small[:10])


def assert_focus_visible(page, where: str) -> None:
    ring = page.evaluate(_FOCUS_RING)
    assert ring is not None, f"{where}: nothing has the keyboard focus"
    assert ring["style"] not in ("none", "hidden") and ring["width"] >= 2, (
        f"{where}: the focused {ring['tag']} shows no focus outline ({ring})"
    )
