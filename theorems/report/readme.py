"""Regenerate the generated parts of README.md: ``python -m theorems.report.readme``.

- the findings table (what the papers get wrong), from the committed report ``reports/full/verdicts.json``;
- the claims table (every catalog id, its status and ledger verdict).
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import registry
from ..cli import markdown_table
from ..verdict import Verdict
from .findings import findings, findings_markdown

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "reports" / "full" / "verdicts.json"
START, END = "<!-- claims-table:start -->", "<!-- claims-table:end -->"
F_START, F_END = "<!-- findings:start -->", "<!-- findings:end -->"


def published_verdicts(path: Path = PUBLISHED) -> list[tuple[Verdict, str]]:
    """The committed report's verdicts, typed by each claim's check, with the scale each was published at."""
    claims = registry.implemented()
    return [(Verdict.from_dict(d, claims[d["id"]].check), d["scale"])
            for d in json.loads(path.read_text(encoding="utf-8"))]


def findings_table(path: Path = PUBLISHED) -> str:
    """The "What the papers get wrong" part of the committed report's findings, as Markdown."""
    if not path.exists():
        return "(no committed report yet: see reports/README.md)"
    found = findings([v for v, _ in published_verdicts(path)], registry.implemented())
    lines = findings_markdown(found, heading="###")
    return "\n".join(lines[:lines.index("### Confirmed, and how tight")]).rstrip()


def _replace(text: str, start: str, end: str, body: str) -> str:
    i, j = text.index(start) + len(start), text.index(end)
    return text[:i] + "\n" + body + "\n" + text[j:]


def render(text: str) -> str:
    text = _replace(text, START, END, markdown_table())
    if F_START in text:
        text = _replace(text, F_START, F_END, findings_table())
    return text


def main() -> int:
    path = ROOT / "README.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
