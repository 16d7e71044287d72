"""kernels.gmatrix.spectrum (eigenvalues with a float64 floor) against numpy's SVD and eigvalsh."""
from __future__ import annotations

import numpy as np
import pytest

from kernels.gmatrix import spectrum


def test_spectrum_rank_deficient_reports_floor():
    rng = np.random.default_rng(18)
    n, r = 50, 5
    B = rng.standard_normal((n, r))
    sp = spectrum.spectrum(B @ B.T)
    assert sp.rank() == r
    assert not sp.lambda_min_resolved
    assert "floor" in sp.describe()
    assert sp.lambda_min_upper() >= 0.0
    ref = np.linalg.svd(B, compute_uv=False) ** 2
    # both routes are backward stable: each within the floor n eps ||G|| of the eigenvalues of B B^T
    assert np.max(np.abs(sp.values[:r] - ref)) <= 2 * sp.floor


def test_spectrum_well_conditioned_resolved():
    rng = np.random.default_rng(19)
    Q, _ = np.linalg.qr(rng.standard_normal((30, 30)))
    lam = np.linspace(1.0, 0.01, 30)
    G = (Q * lam) @ Q.T
    G = (G + G.T) / 2
    sp = spectrum.spectrum(G)
    assert sp.lambda_min_resolved
    assert sp.rank() == 30
    # the floor n eps ||G|| bounds the eigensolver; building G = Q diag(lam) Q^T (Q orthogonal to O(n eps), three
    # rounded products) moves its eigenvalues by a few floors more
    assert sp.floor < 1e-12
    assert abs(sp.lambda_min - 0.01) <= 10 * sp.floor
    assert abs(sp.lambda_min - np.linalg.eigvalsh(G)[0]) <= 2 * sp.floor
    assert np.all(np.diff(sp.values) <= 0)
    assert sp.lambda_k(1) == pytest.approx(1.0, abs=10 * sp.floor)
    assert "floor" not in sp.describe()
