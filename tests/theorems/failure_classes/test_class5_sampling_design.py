"""Failure class 5 (issue 12): a sampling design that makes a decidable claim INCONCLUSIVE.

1. Common random numbers: y = delta^4 exp(s eps) fitted in delta. With eps drawn afresh at every delta the per-seed
   slopes scatter and the check is INCONCLUSIVE; with one eps per repetition shared across the sweep it decides.
   The thm-4.7 measure must draw its noise that way (same repetition, different delta: same noise).
2. Numerical route: lambda_min(G) for G = M^T M through the SVD of M (kernels.gmatrix.factor) resolves values the
   eigenvalues of G cannot (floor ~ n eps lambda_max), checked against an mpmath reference.
"""
import numpy as np
from mpmath import mp

from kernels import seeds
from kernels.crn import common_generator, root_and_rep
from kernels.gmatrix.empirical import empirical_gram
from kernels.gmatrix.factor import factor_spectrum, g0_factor
from kernels.gmatrix.spectrum import spectrum
from theorems.claims.activation import smoothed_data
from theorems.verdict import CONFIRMED, INCONCLUSIVE, Scaling

DELTAS = (0.0125, 0.025, 0.05, 0.1, 0.2, 0.4)
CHECK = Scaling(y="y", x="delta", printed=4.0, direction="lower_bound", limit="0")


def _records(shared: bool, reps=4, spread=1.5, seed=3):
    rng = np.random.default_rng(seed)
    out = []
    for r in range(reps):
        common = rng.standard_normal()
        for i, dl in enumerate(DELTAS):
            eps = common if shared else rng.standard_normal()
            out.append({"claim": "synthetic", "scale": "quick", "point_index": i, "point_key": f"p{i}",
                        "point": {"delta": dl}, "rep": r, "seconds": 0.0,
                        "values": {"y": dl ** 4 * np.exp(spread * eps)}})
    return out


def test_fresh_noise_per_delta_is_inconclusive():
    v = CHECK.evaluate("synthetic", _records(shared=False))
    assert v.verdict == INCONCLUSIVE, v.reason


def test_common_random_numbers_decide():
    v = CHECK.evaluate("synthetic", _records(shared=True))
    assert v.verdict == CONFIRMED, v.reason


def test_common_generator_keeps_root_and_rep_and_drops_the_point():
    a = seeds.generator(7, "activation/thm-4.7", "point-with-delta-0.1", 3)
    b = seeds.generator(7, "activation/thm-4.7", "point-with-delta-0.2", 3)
    assert root_and_rep(a) == (7, 3)
    x = common_generator(a, "activation/thm-4.7", "n=16").standard_normal(5)
    y = common_generator(b, "activation/thm-4.7", "n=16").standard_normal(5)
    np.testing.assert_array_equal(x, y)
    other_rep = common_generator(seeds.generator(7, "activation/thm-4.7", "p", 4), "activation/thm-4.7", "n=16")
    other_root = common_generator(seeds.generator(8, "activation/thm-4.7", "p", 3), "activation/thm-4.7", "n=16")
    assert not np.array_equal(x, other_rep.standard_normal(5))
    assert not np.array_equal(x, other_root.standard_normal(5))


def test_thm47_reuses_the_noise_across_delta(monkeypatch):
    """Same repetition, different delta: the smoothed data get generators in the same state (same noise)."""
    states = []
    real = smoothed_data.data.smoothed

    def spy(n, d, span, sigma, rng):
        states.append((rng.bit_generator.state["state"]["state"], sigma))
        return real(n, d, span, sigma, rng)

    monkeypatch.setattr(smoothed_data.data, "smoothed", spy)
    claim = smoothed_data.THM_47
    for dl, rep in ((0.2, 0), (0.4, 0), (0.2, 1)):
        p = {"sweep": "delta", "gamma": 0.5, "delta": dl, "n": 9, "max_kmax": 1024}
        claim.measure(p, seeds.generator(11, claim.id, f"key-{dl}", rep), None)
    (s02, sig02), (s04, sig04), (s_rep1, _) = states
    assert sig02 != sig04 and s02 == s04          # different delta, same noise
    assert s_rep1 != s02                           # another repetition, other noise


def test_svd_of_factor_resolves_what_eigenvalues_of_g_cannot():
    rng = np.random.default_rng(5)
    n, rows = 8, 20
    U, _ = np.linalg.qr(rng.standard_normal((rows, n)))
    V, _ = np.linalg.qr(rng.standard_normal((n, n)))
    M = U @ np.diag(np.logspace(0, -11, n)) @ V.T          # sigma_min ~ 1e-11: lambda_min ~ 1e-22
    with mp.workdps(60):                                    # exact reference: singular values of the float64 M
        ref = float(min(mp.svd_r(mp.matrix(M.tolist()), compute_uv=False)) ** 2)
    sp = spectrum(M.T @ M)
    assert not sp.lambda_min_resolved and sp.floor > 1e3 * ref      # eigenvalues of G: only "<= floor"
    fs = factor_spectrum(M)
    lo, hi = fs.lambda_min_interval()
    assert fs.lambda_min_resolved and lo <= ref <= hi and hi < 1.01 * ref


def test_factor_matches_the_streamed_gram():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((12, 5))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    for init in ("dzps", "fanin", "fanout"):
        M = g0_factor(X, "tanh", 40, np.random.default_rng(9), init=init)
        G = empirical_gram(X, "tanh", 40, np.random.default_rng(9), init=init)
        np.testing.assert_allclose(M.T @ M, G, rtol=1e-12, atol=1e-14)
