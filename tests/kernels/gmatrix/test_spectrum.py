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
    assert np.allclose(sp.values[:r], ref, rtol=1e-12)


def test_spectrum_well_conditioned_resolved():
    rng = np.random.default_rng(19)
    Q, _ = np.linalg.qr(rng.standard_normal((30, 30)))
    lam = np.linspace(1.0, 0.01, 30)
    G = (Q * lam) @ Q.T
    G = (G + G.T) / 2
    sp = spectrum.spectrum(G)
    assert sp.lambda_min_resolved
    assert sp.rank() == 30
    assert abs(sp.lambda_min - 0.01) < 1e-13
    assert abs(sp.lambda_min - np.linalg.eigvalsh(G)[0]) < 1e-14
    assert np.all(np.diff(sp.values) <= 0)
    assert sp.lambda_k(1) == pytest.approx(1.0, abs=1e-13)
    assert "floor" not in sp.describe()
