"""pytest options and the claims summary printed at the end of a run."""
from __future__ import annotations

import os

import pytest

try:  # Hypothesis profiles: a derandomized one for CI, a long one for fuzzing campaigns
    from hypothesis import settings

    settings.register_profile("ci", max_examples=50, derandomize=True, deadline=None)
    settings.register_profile("fuzz", max_examples=5000, deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover
    pass

CLAIM_RESULTS: list[tuple[str, str, str]] = []


def pytest_addoption(parser):
    parser.addoption("--scale", default="quick", choices=("quick", "full"),
                     help="grid scale for the claims (full runs long sweeps; also enables @slow tests)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--scale") == "full":
        return
    skip = pytest.mark.skip(reason="long sweep: run with --scale full")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not CLAIM_RESULTS:
        return
    tr = terminalreporter
    tr.section("claims of the papers (fresh verdicts)")
    for cid, verdict, ledger_verdict in CLAIM_RESULTS:
        flag = "" if verdict == ledger_verdict else f"   (ledger says {ledger_verdict})"
        tr.write_line(f"{verdict:<13} {cid}{flag}")
