"""theorems.selftest: on NumPy vs NumPy every backend-generic kernel agrees (exit 0) and the report carries
the timing ratios; a seeded disagreement gives exit 1; bad input is a one-line error and exit 2."""
from __future__ import annotations

import json

import pytest

from theorems import selftest


def test_selftest_numpy_quick_agrees(capsys):
    assert selftest.main(["--backend", "numpy", "--quick", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["backend"] == "numpy"
    ag = rep["agreement"]
    assert ag["checked"] >= 90 and ag["failed"] == [] and ag["max_err"] <= selftest.TOL
    for k in ("empirical_gram", "gradient_gram", "train_step"):
        assert rep["timing"][k]["seconds"] > 0 and rep["timing"][k]["gemm_ratio"] > 0
    assert "full" not in rep


def test_selftest_reports_a_disagreement(monkeypatch, capsys):
    real = selftest.ghost.diversity
    calls = {"n": 0}

    def off_by_a_bit(G):
        calls["n"] += 1
        return real(G) * (1 + 1e-6) if calls["n"] % 2 == 1 else real(G)   # the backend call, not the reference
    monkeypatch.setattr(selftest.ghost, "diversity", off_by_a_bit)
    code, rep = selftest.run("numpy", quick=True, budget=1.0)     # too little budget for the timings
    assert code == 1
    assert {r["kernel"].split("[")[0] for r in rep["agreement"]["failed"]} == {"ghost.off_by_a_bit"}
    assert rep["timing"].startswith("skipped")


@pytest.mark.parametrize("argv,flag", [(["--backend", "cuda"], "--backend"), (["--budget", "-3"], "--budget"),
                                       (["--budget", "soon"], "--budget")])
def test_selftest_bad_input(argv, flag, capsys):
    assert selftest.main(argv + ["--quick"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {flag}: ")
