"""kernels.backend: a missing CuPy is an InputError; on a CuPy device, the CuPy kernels agree with NumPy
(empirical G against a replay of the CuPy draws, activation kernels value by value)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels import activations as acts
from kernels import backend
from kernels.backend import chunk_sizes
from kernels.gmatrix import empirical, infinite

from ._helpers import ACTIVATION_SPECS, assert_input_error, independent_sphere


def test_bad_backend_cupy_when_missing():
    try:
        import cupy  # noqa: F401, PLC0415
    except Exception:
        assert_input_error("backend", backend.select, "cupy")
    else:
        pytest.skip("cupy is importable")


# =========================================================================== NumPy vs CuPy

def _cupy_backend():
    be = backend.select("auto")
    if be.name != "cupy":
        pytest.skip(f"no usable CuPy device ({be.note})")
    return be


@pytest.mark.gpu
def test_cupy_empirical_gram_matches_numpy_replay():
    be = _cupy_backend()
    cp = be.xp
    n, d, m, chunk, seed = 6, 4, 37, 10, 26
    X = independent_sphere(n, d, np.random.default_rng(27))
    G = empirical.empirical_gram(X, "relu", m, np.random.default_rng(seed), chunk=chunk, backend=be)
    # replay: on CuPy each draw is a CuPy generator seeded by rng.integers(0, 2**63 - 1)
    rng = np.random.default_rng(seed)
    Ws, As = [], []
    for start in range(0, m, chunk):
        c = min(chunk, m - start)
        for shape, out in (((d, c), Ws), ((c,), As)):
            s = int(rng.integers(0, 2**63 - 1))
            out.append(cp.random.default_rng(s).standard_normal(shape, dtype=cp.float64).get())
    W, a = np.concatenate(Ws, axis=1), np.concatenate(As)
    assert np.allclose(G, empirical.gram_from_M(X, "relu", W, a), atol=1e-13, rtol=0)
    # both backends estimate the same G-infinity
    big = 200_000
    Ginf = infinite.infinite_gram(X, "relu").matrix
    for be_ in (be, backend.select("numpy")):
        Gb = empirical.empirical_gram(X, "relu", big, np.random.default_rng(28), backend=be_)
        assert np.max(np.abs(Gb - Ginf)) <= 5 * math.sqrt(3 / big)


@pytest.mark.gpu
def test_cupy_activation_kernels_match_numpy():
    be = _cupy_backend()
    cp = be.xp
    z = np.linspace(-4, 4, 101)
    for spec in ACTIVATION_SPECS:
        act = acts.get(spec)
        for f in (act.phi, act.dphi, act.ddphi):
            assert np.allclose(cp.asnumpy(f(cp.asarray(z))), f(z), atol=1e-13, rtol=1e-13)
        if act.ginf_kernel is not None:
            rho = np.linspace(-1, 1, 41)
            assert np.allclose(cp.asnumpy(act.ginf_kernel(cp.asarray(rho))), act.ginf_kernel(rho), atol=1e-14, rtol=0)


# chunk_sizes: batch sizes of Monte Carlo trials sized by working memory

@pytest.mark.parametrize("total,per_item,budget", [(1, 10, 100), (1000, 7, 100), (999, 1e9, 2e7), (10, 0.1, 3)])
def test_chunk_sizes_cover_the_trials(total, per_item, budget):
    sizes = chunk_sizes(total, per_item, budget)
    assert sum(sizes) == total and all(s >= 1 for s in sizes)
    size = max(1, int(budget // max(per_item, 1.0)))
    assert all(s == size for s in sizes[:-1]) and sizes[-1] <= size


def test_chunk_sizes_budget_default():
    assert chunk_sizes(5, 4e6) == [5]
    assert chunk_sizes(12, 4e6) == [5, 5, 2]
