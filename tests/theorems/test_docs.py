"""README and CI stay in step with the code."""
from __future__ import annotations

import subprocess
from pathlib import Path

from theorems import catalog
from theorems.report import readme

ROOT = Path(__file__).resolve().parents[2]


def test_readme_claims_table_is_generated():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.render(text) == text, "README claims table is stale: run `python -m theorems.report.readme`"


def test_ci_runs_the_readme_test_command():
    out = subprocess.run(["awk", "/<!-- test-command -->/{getline; getline; print; exit}", "README.md"],
                         cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert "pytest" in out
    assert "README.md" in (ROOT / ".ci" / "run").read_text()


def test_catalog_matches_shared_claims_md():
    shared = ROOT.parent / "shared" / "CLAIMS.md"
    if not shared.exists():
        import pytest
        pytest.skip("../shared/CLAIMS.md not present")
    parsed = catalog.parse_claims_md(shared.read_text(encoding="utf-8"))
    assert [e["id"] for e in parsed] == [e["id"] for e in catalog.load()], \
        "catalog.json is stale: run `python -m theorems.catalog ../shared/CLAIMS.md`"
