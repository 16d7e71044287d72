"""Regenerate the claims table in README.md: ``python -m theorems.report.readme``."""
from __future__ import annotations

from pathlib import Path

from ..cli import markdown_table

START, END = "<!-- claims-table:start -->", "<!-- claims-table:end -->"


def render(text: str) -> str:
    i, j = text.index(START) + len(START), text.index(END)
    return text[:i] + "\n" + markdown_table() + "\n" + text[j:]


def main() -> int:
    path = Path(__file__).resolve().parents[2] / "README.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
