"""The scaling report: built from a stored run without measuring, and rendered by a real headless browser."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from theorems.cli import main

CLAIMS = ["activation/thm-4.5", "activation/thm-K.1", "activation/thm-F.2"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    base = tmp_path_factory.mktemp("rep")
    run, out = base / "run", base / "report"
    assert main(["report", *CLAIMS, "--run-dir", str(run), "--out", str(out), "--quiet"]) == 0
    return run, out


def test_report_has_table_plots_and_markdown_twin(report):
    run, out = report
    html = (out / "report.html").read_text()
    md = (out / "report.md").read_text()
    for cid in CLAIMS:
        assert cid in html and f"`{cid}`" in md
    n_img = html.count("<img ")
    assert n_img >= 3 and n_img == len(list((out / "plots").glob("*.svg")))
    assert md.count("](plots/") == n_img
    assert "Reproduce:" in html and "--seed 20261123" in html
    # one labelled row per fit: fitted value with CI, printed value, direction allowed, the points behind it
    assert re.search(r"<td>-?\d[\d.e-]* \[-?[\d.e-]+, -?[\d.e-]+\]</td><td>-3</td><td>&gt;= -3</td><td>\d+ x \d+ seeds</td>",
                     html)
    body = html[html.index("<body"):]
    assert body.index("<h2>") == body.index("<h2>What the papers get wrong")          # the report opens with the findings
    assert body.index("What the papers get wrong") < body.index("What the verdicts mean") < body.index("All claims")
    assert html.count("Direction and slack:") == len(CLAIMS)
    assert html.count("<summary>Reading record</summary>") == len(CLAIMS)
    assert "Hypotheses as printed" in md


def test_report_rebuilds_from_a_stored_run_without_measuring(report, tmp_path):
    run, out = report
    before = (run / "results.jsonl").read_text()
    assert main(["report", "--from", str(run), "--out", str(tmp_path / "again")]) == 0
    assert (run / "results.jsonl").read_text() == before
    rows = lambda p: re.findall(r'class="v (\w+)">', p.read_text())  # noqa: E731
    assert rows(tmp_path / "again" / "report.html") == rows(out / "report.html")


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.skipif(_chromium() is None, reason="no headless Chromium on this machine (.ci/run installs it)")
def test_report_renders_in_headless_chromium(report, tmp_path):
    _, out = report
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom",
           (out / "report.html").resolve().as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body, "Chromium returned no DOM"
    attrs = dict(re.findall(r'(data-[\w-]+)="([^"]*)"', body.group(1)))
    assert attrs.get("data-render") == "ok", attrs
    assert int(attrs["data-images"]) >= 3 and attrs["data-broken-images"] == "0" and attrs["data-script-errors"] == "0"


def test_a_report_combines_runs_and_marks_each_claim_scale(report, tmp_path):
    """Two runs: each claim comes from the first run that holds all its records, and its scale is shown; the published
    verdicts (verdicts.json) carry the scale."""
    import json
    run, _ = report
    other = tmp_path / "other"
    assert main(["check", "activation/fact-C.1", "--scale", "full", "--out", str(other), "--quiet"]) == 0
    out = tmp_path / "combined"
    assert main(["report", "--from", str(run), "--from", str(other), "--out", str(out), "--quiet"]) == 0
    published = {d["id"]: d for d in json.loads((out / "verdicts.json").read_text())}
    assert set(published) == {*CLAIMS, "activation/fact-C.1"}
    assert [d["scale"] for d in published.values()].count("full") == 1 and published["activation/fact-C.1"]["scale"] == "full"
    html = (out / "report.html").read_text()
    assert html.count("runs: ") == 1 and html.count("Published at full scale") == 1
