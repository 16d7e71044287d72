"""The committed full-scale report (reports/full) stays true: every id it publishes exists, and its verdict is the
ledger's full-scale verdict (or the quick one, for a claim published at quick scale); every implemented claim is in
it; the README's findings table is generated from it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from theorems import ledger, registry

REPORT = Path(__file__).resolve().parents[2] / "reports" / "full"


@pytest.fixture(scope="module")
def published():
    path = REPORT / "verdicts.json"
    assert path.exists(), "reports/full/verdicts.json is missing: regenerate the report (reports/README.md)"
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_published_verdict_is_the_ledgers(published):
    led = ledger.load()
    impl = registry.implemented()
    for d in published:
        assert d["id"] in impl, f"{d['id']} is in the committed report but not implemented"
        expected = ledger.full_scale_verdict(led[d["id"]]) if d["scale"] == "full" else led[d["id"]]["verdict"]
        assert d["verdict"] == expected, (
            f"{d['id']} ({d['scale']} scale): the committed report says {d['verdict']}, the ledger {expected}; "
            f"regenerate reports/full or review the ledger")
    assert sorted(d["id"] for d in published) == sorted(impl), "the committed report lacks implemented claims"


def test_the_report_files_are_there_and_name_every_claim(published):
    html = (REPORT / "report.html").read_text(encoding="utf-8")
    md = (REPORT / "report.md").read_text(encoding="utf-8")
    assert html.index("What the papers get wrong") < html.index("All claims")
    for d in published:
        assert d["id"] in html and f"`{d['id']}`" in md
    assert (REPORT.parent / "README.md").exists()
