"""The claims of theorems/claims/activation/rank.py (004 Lemma F.1, Thm F.2, Thm F.3, Thm 4.3) and their readings.

Independent reference: the rank of G^(0) for phi' of degree q on data spanning d' dimensions is the number of
distinct monomials of degree 1..q+1 in d' variables, binom(d'+q+1, q+1) - 1 (the constraint count of the
proofs), which is computed here from an explicit monomial feature matrix, not from G.
"""
from __future__ import annotations

import itertools
import math
from math import comb

import numpy as np
import pytest

from kernels import activations, data
from kernels.gmatrix.empirical import g0_spectrum
from theorems.claims.activation import rank
from theorems.verdict import CONFIRMED, REFUTED

from ..quick_run import run_quick


def _monomial_rank(Z: np.ndarray, top: int) -> int:
    """Rank of the n x (#monomials of degree 1..top) matrix of the rows of Z (coordinates in the span)."""
    cols = [np.prod(Z[:, list(c)], axis=1) for deg in range(1, top + 1)
            for c in itertools.combinations_with_replacement(range(Z.shape[1]), deg)]
    return int(np.linalg.matrix_rank(np.stack(cols, axis=1)))


@pytest.mark.parametrize("p, span, n", [(2, 3, 30), (2, 5, 100), (3, 2, 32)])
def test_rank_of_g_is_the_monomial_count(p, span, n):
    rng = np.random.default_rng(1)
    X = data.low_span(n, span + 2, span, rng)
    Z = X @ np.linalg.svd(X, full_matrices=False)[2][:span].T          # coordinates in the span
    act = activations.polynomial_from_derivative(rng.standard_normal(p))   # phi' of degree p-1
    sp = g0_spectrum(X, act, 4096, rng, None)
    # unit rows add relations x_j (|x|^2 - 1) = 0 from degree 3 on, so the count is an upper bound there
    assert sp.rank() == _monomial_rank(Z, p) <= comb(span + p, p) - 1
    if p == 2:
        assert sp.rank() == min(comb(span + p, p) - 1, n)


def test_thm_43_grid_follows_the_coupling_past_the_failure():
    # n = 4 d'^p with d' growing; for p = 2 the monomial count overtakes ceil(n/d') - 1 at d' = 5
    pts = rank.THM_43.points("quick")
    assert all(p["n"] == 4 * p["span"] ** p["p"] for p in pts)
    assert any(p["p"] == 2 and comb(p["span"] + 2, 2) - 1 > math.ceil(p["n"] / p["span"]) - 1 for p in pts)


def test_thm_43_refuted_under_the_coupling_and_holds_for_bounded_span(tmp_path):
    v, _ = run_quick(rank.THM_43, tmp_path / "a", 3)
    assert v.verdict == REFUTED and v.counterexample["values"]["rank"] > v.counterexample["values"]["max_rank_claimed"]
    assert run_quick(rank.THM_43_BOUNDED, tmp_path / "b", 3)[0].verdict == CONFIRMED


def test_f3_readings_differ_exactly_at_the_edge():
    # phi' of degree p-1, p = 1, d' = 2: C = 2 constraints. n = d'C = 4 is admitted by C <= n/d' but the rank is 2
    # > ceil(4/2) - 1 = 1; n = 5 (C < ceil(n/d')) holds.
    rng = np.random.default_rng(0)
    at_edge = rank.THM_F3_RESTATED.measure({"p": 1, "span": 2, "n": 4}, rng, None)
    assert at_edge["applies"] and not at_edge["holds"] and at_edge["certain"]
    strict = rank.THM_F3.measure({"p": 1, "span": 2, "n": 4}, rng, None)
    assert not strict["applies"]
    after = rank.THM_F3.measure({"p": 1, "span": 2, "n": 5}, rng, None)
    assert after["applies"] and after["holds"]


def test_f2_degree_readings():
    rng = np.random.default_rng(0)
    pt = {"p": 1, "span": 2, "n": 3}               # the edge n = binom(d'+p, p)
    assert rank.THM_F2.measure(pt, rng, None)["holds"]
    printed = rank.THM_F2_PRINTED.measure(pt, rng, None)
    assert printed["applies"] and not printed["holds"] and printed["certain"]


@pytest.mark.parametrize("claim", rank.CLAIMS, ids=lambda c: c.id)
def test_every_claim_has_a_reading(claim):
    assert claim.reading is not None and claim.reading.chosen
