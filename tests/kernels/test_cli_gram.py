"""``python -m kernels gram``: eigenvalues against independent references, and its error conventions."""
from __future__ import annotations

import json

import numpy as np
import pytest

from kernels import data
from kernels.cli import main


@pytest.fixture
def points(tmp_path):
    X = data.sphere(8, 4, np.random.default_rng(3))
    path = tmp_path / "x.npy"
    np.save(path, X)
    return X, str(path)


def test_gram_infinite_relu_matches_the_arccos_formula(points, capsys):
    X, path = points
    assert main(["gram", "--data", path, "--activation", "relu", "--infinite", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    R = np.clip(X @ X.T, -1, 1)
    np.fill_diagonal(R, 1.0)        # <x_i, x_i> = 1 exactly (arccos near 1 amplifies rounding to ~1e-8)
    ref = np.linalg.eigvalsh(R * (np.pi - np.arccos(R)) / (2 * np.pi))[::-1]   # Cho & Saul, written out here
    assert np.allclose([e["value"] for e in out["eigenvalues"]], ref, rtol=0, atol=1e-12)
    assert all(isinstance(e["value"], float) and e["resolved"] for e in out["eigenvalues"])
    assert out["lambda_min"] == out["eigenvalues"][-1] and "eigenvalues_text" not in out
    assert out["trace"] == pytest.approx(0.5 * len(X), abs=1e-12)


def test_gram_empirical_linear_is_scaled_data_gram(points, capsys):
    X, path = points
    assert main(["gram", "--data", path, "--activation", "linear", "--m", "50", "--seed", "4", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    a = np.random.default_rng(4)
    a.standard_normal((X.shape[1], 50))                  # W is drawn first (kernels.gmatrix.empirical.empirical_gram)
    scale = float(np.mean(a.standard_normal(50) ** 2))   # then a: G = mean(a^2) X X^T for phi' = 1
    ref = np.linalg.eigvalsh(scale * X @ X.T)[::-1]
    assert np.allclose([e["value"] for e in out["eigenvalues"]], ref, rtol=0, atol=1e-12)


def test_gram_high_precision_json_carries_every_correct_digit(tmp_path, capsys, monkeypatch):
    """phi = x + x^3, phi' = 1 + 3u^2: for (u, v) standard normal with correlation rho, E[phi'(u) phi'(v)] =
    1 + 3 + 3 + 9 E[u^2 v^2] = 16 + 18 rho^2 (Isserlis), so G∞_ij = rho_ij (16 + 18 rho_ij^2) (004 Eq. 3). On a
    2-d span that has rank 4 (the cubic forms in 2 variables; on the unit circle x = x |x|^2 lies among them):
    ten of the 14 eigenvalues are zero. --dps 30 must run mpmath (even though float64 resolves the four
    nonzero ones) and return decimal strings carrying every correct digit."""
    mpmath = pytest.importorskip("mpmath")
    monkeypatch.setenv("NNCLAIMS_CACHE", str(tmp_path / "cache"))
    X = data.low_span(14, 5, 2, np.random.default_rng(1))
    np.save(tmp_path / "low.npy", X)
    assert main(["gram", "--data", str(tmp_path / "low.npy"), "--activation", "poly:0,1,0,1", "--infinite",
                 "--dps", "30", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["route"] == "mpmath" and out["dps"] == 30 and "eigenvalues_text" not in out
    with mpmath.workdps(60):                     # the reference: the closed form on rows renormalized in mpmath
        rows = [[mpmath.mpf(float(v)) for v in x] for x in X]
        rows = [[v / mpmath.sqrt(sum(w * w for w in r)) for v in r] for r in rows]
        R = mpmath.matrix([[sum(a * b for a, b in zip(r, q)) for q in rows] for r in rows])
        G = mpmath.matrix(14, 14)
        for i in range(14):
            for j in range(14):
                G[i, j] = R[i, j] * (16 + 18 * R[i, j] ** 2)
        ref = sorted(mpmath.eigsy(G, eigvals_only=True), reverse=True)
        for e, lam in zip(out["eigenvalues"], ref):
            assert isinstance(e["value"], str) and isinstance(e["correct_digits"], int)
            err = mpmath.mpf(e["abs_error"])
            if e["resolved"]:
                mantissa = e["value"].split("e")[0].replace("-", "").replace(".", "").lstrip("0")
                assert len(mantissa) == e["correct_digits"] >= 20        # every correct digit, not a 6-digit display
                assert abs(mpmath.mpf(e["value"]) - lam) <= 2 * err + abs(lam) * mpmath.mpf(10) ** (1 - e["correct_digits"])
            else:
                assert e["value"] == "0" and abs(lam) <= 2 * err
        assert sum(not e["resolved"] for e in out["eigenvalues"]) == 10
    assert out["lambda_min"] == out["eigenvalues"][-1]


@pytest.mark.parametrize("args, parameter", [
    (["gram", "--data", "/nonexistent.npy", "--activation", "relu"], "--data"),
    (["gram", "--activation", "relu"], "--data"),
    (["gram", "--data", "X", "--activation", "relu", "--m", "many"], "--m"),
])
def test_gram_bad_input(args, parameter, capsys, points):
    _, path = points
    args = [path if a == "X" else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err
    if parameter:
        assert parameter in err


def test_gram_non_unit_rows_and_dps_without_infinite(tmp_path, points, capsys):
    np.save(tmp_path / "bad.npy", np.ones((3, 3)))
    assert main(["gram", "--data", str(tmp_path / "bad.npy"), "--activation", "relu"]) == 2
    assert "--data" in capsys.readouterr().err
    _, path = points
    assert main(["gram", "--data", path, "--activation", "tanh", "--dps", "30"]) == 2
    assert "--dps" in capsys.readouterr().err
