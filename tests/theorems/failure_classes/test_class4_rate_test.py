"""Failure class 4 (issue 12): a rate test too weak for the printed rate.

004 Thm 4.4 / G.3 print lambda <= exp(-Ω(n^{1/(2d')})). The old check fitted log lambda against
t = n^{1/(2d')} and accepted any negative slope, which a polynomial decay lambda = n^-3 also has. The new check
(theorems.claims.activation.small_eigenvalues._rate_check) fits the exponent of -log lambda in n, which the
statement bounds from below by 1/(2d'); a polynomial decay has exponent 1/log n -> 0 and is refuted on a range
wide enough (here n = 1e3-1e6), while the printed stretched exponential is confirmed.
"""
import math

import numpy as np

from theorems.claims.activation.small_eigenvalues import _rate_check
from theorems.verdict import CONFIRMED, REFUTED, Scaling

SPAN = 2
NS = [10 ** k for k in (3, 3.5, 4, 4.5, 5, 5.5, 6)]


def _t(n, group=None):
    return n ** (1 / (2 * SPAN))


def _records(law, reps=4, seed=0):
    """Synthetic records: lambda = law(n) times a log-normal factor (1% spread) per repetition."""
    rng = np.random.default_rng(seed)
    out = []
    for i, n in enumerate(NS):
        for r in range(reps):
            lam = law(n) * math.exp(0.01 * rng.standard_normal())
            out.append({"claim": "synthetic", "scale": "quick", "point_index": i, "point_key": f"p{i}",
                        "point": {"span": SPAN, "n": n}, "rep": r, "seconds": 0.0,
                        "values": {"lambda": lam, "neg_log_lambda": -math.log(lam)}})
    return out


def polynomial(n):
    return n ** -3.0


def stretched(n):
    return math.exp(-2.0 * _t(n))


OLD = Scaling(y="lambda", x="n", printed=0.0, direction="upper_bound", limit="inf", group_by=("span",),
              transform=_t, strict=True, max_ci_width=200.0)


def test_old_check_confirms_polynomial_decay():
    assert OLD.evaluate("synthetic", _records(polynomial)).verdict == CONFIRMED


def test_new_check_refutes_polynomial_decay():
    v = _rate_check("neg_log_lambda", SPAN).evaluate("synthetic", _records(polynomial))
    assert v.verdict == REFUTED, v.reason


def test_new_check_confirms_the_printed_rate():
    v = _rate_check("neg_log_lambda", SPAN).evaluate("synthetic", _records(stretched))
    assert v.verdict == CONFIRMED, v.reason


def test_old_check_also_confirms_the_printed_rate():
    assert OLD.evaluate("synthetic", _records(stretched)).verdict == CONFIRMED
