"""axe-core audits (RGAA 4.1 follows WCAG 2.1 AA) and their summary for the team's notes."""

import tempfile
from collections import Counter
from pathlib import Path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
IMPACTS = ("critical", "serious", "moderate", "minor")
# /tmp/axe-summary.txt on Linux: the lead copies it into the team's notes.
SUMMARY_FILE = Path(tempfile.gettempdir()) / "axe-summary.txt"
# package.json pins it; `npm ci` installs it.
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Filled by ``audit``; printed at the end of the run (see conftest's terminal summary).
summary_lines: list[str] = []


def audit(page, name: str) -> list[dict]:
    """Runs axe-core on the page as it is, records a summary line, returns the violations."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = results["violations"]
    impacts = Counter(violation["impact"] for violation in violations)
    by_impact = ", ".join(f"{impact} {impacts[impact]}" for impact in IMPACTS)
    rules = ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in violations)
    # "Incomplete": what axe could not decide alone, for a person to review.
    to_review = ", ".join(item["id"] for item in results["incomplete"])
    summary_lines.append(
        f"{name:<14} {page.url}\n"
        f"    passes {len(results['passes'])}, violations {len(violations)}: {by_impact}"
        + (f"\n    rules: {rules}" if rules else "")
        + (f"\n    to review by hand: {to_review}" if to_review else "")
    )
    return violations


def describe(violations) -> str:
    """The blocking violations, with their elements, for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {n['target']} {n['failureSummary']}" for n in violation["nodes"])
    return "\n".join(lines)


def write_summary() -> str:
    text = "axe-core " + " ".join(WCAG_TAGS) + "\n" + "\n".join(summary_lines) + "\n"
    SUMMARY_FILE.write_text(text, encoding="utf-8")
    return text
