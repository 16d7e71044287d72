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
    assert np.allclose(out["eigenvalues"], ref, rtol=0, atol=1e-12)
    assert out["trace"] == pytest.approx(0.5 * len(X), abs=1e-12)


def test_gram_empirical_linear_is_scaled_data_gram(points, capsys):
    X, path = points
    assert main(["gram", "--data", path, "--activation", "linear", "--m", "50", "--seed", "4", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    a = np.random.default_rng(4)
    a.standard_normal((X.shape[1], 50))                  # W is drawn first (kernels.gmatrix.empirical.empirical_gram)
    scale = float(np.mean(a.standard_normal(50) ** 2))   # then a: G = mean(a^2) X X^T for phi' = 1
    ref = np.linalg.eigvalsh(scale * X @ X.T)[::-1]
    assert np.allclose(out["eigenvalues"], ref, rtol=0, atol=1e-12)


def test_gram_high_precision_route_reports_digits(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NNCLAIMS_CACHE", str(tmp_path / "cache"))
    X = data.low_span(14, 5, 2, np.random.default_rng(1))
    np.save(tmp_path / "low.npy", X)
    assert main(["gram", "--data", str(tmp_path / "low.npy"), "--activation", "poly:0,1,0,1", "--infinite",
                 "--dps", "30", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # phi' = 1 + 3x^2 on a 2-d span: G∞ = rho + 3 rho ⊙ ... has finite rank, so zero eigenvalues appear
    assert out["route"] in ("float64", "mpmath")
    assert "lambda_min" in out and len(out["eigenvalues_text"]) == 14


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
