"""axe-core in the page under test: every page of both journeys must have no WCAG 2.1 A/AA violation.

axe-core comes from the npm registry (``package.json`` here pins it; ``npm install`` puts it in
``node_modules``). Playwright adds the script to the page itself; the browser context is opened with
``bypass_csp`` because the app's CSP (rightly) allows no script it did not serve.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))}));
}"""


def violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds in the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_RUN, list(WCAG_TAGS))


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page, where: str) -> None:
    found = violations(page)
    assert not found, f"axe-core: WCAG 2.1 A/AA violations on {where} ({page.url}):\n{describe(found)}"
