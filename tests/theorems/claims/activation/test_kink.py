"""The claims of theorems/claims/activation/kink.py (004 Thm K.1, Thm 4.1 = K.4, Thm 4.2 = L.2).

What changed in issue 12 and is pinned here: K.1 and 4.1 are decided on lambda_min(G^(0)) at the printed
threshold width (not on G-infinity), SELU is run, every point records the data assumptions, the draws are
common across each sweep, and the check can refute (a synthetic delta^1.5 law is REFUTED, violating data is
left out).
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels import data, seeds
from kernels.crn import common_generator as common
from theorems.claims.activation import kink
from theorems.verdict import CONFIRMED, NOT_CHECKABLE, REFUTED


def test_threshold_widths_follow_the_printed_formulas():
    # K.1: m >= n^3/delta log(n/delta^{1/4}); K.4: max(n^3/delta log(n/delta), n^2/delta log d), constants 1
    assert kink.m_k1(8, 0.2) == math.ceil(512 / 0.2 * math.log(8 / 0.2 ** 0.25))
    assert kink.m_k4(8, 0.01) == math.ceil(max(512 / 0.01 * math.log(800), 64 / 0.01 * math.log(kink.D)))
    for p in kink.THM_K1.points("quick"):      # the widths double as delta halves: the coupling is followed
        assert p["activation"] in kink.K1_ACTS
    assert {p["activation"] for p in kink.THM_K1.points("quick")} == {"relu", "leaky_relu:0.1", "selu"}


def test_common_random_numbers_ignore_the_swept_parameter():
    a = seeds.generator(3, "c/x", "point-delta-0.01", 2)
    b = seeds.generator(3, "c/x", "point-delta-0.02", 2)
    assert a.standard_normal() != b.standard_normal()            # the engine's streams differ per point
    a = seeds.generator(3, "c/x", "point-delta-0.01", 2)
    b = seeds.generator(3, "c/x", "point-delta-0.02", 2)
    x, y = common(a, "c/x", "k"), common(b, "c/x", "k")      # kernels.crn (built by another audit helper)
    assert np.array_equal(x.standard_normal(5), y.standard_normal(5))   # the common stream does not
    other = common(seeds.generator(3, "c/x", "point-delta-0.01", 1), "c/x", "k")
    assert not np.array_equal(common(a, "c/x", "k").standard_normal(5), other.standard_normal(5))


def test_measure_is_g0_at_threshold_with_assumptions():
    p = {"sweep": "delta", "activation": "selu", "data": "arc", "n": 6, "delta": 0.05}
    out = kink.THM_K1.measure(p, seeds.generator(0, kink.K1_ID, "k", 0), None)
    assert out["m_g0"] == kink.m_k1(6, 0.05)
    assert "inapplicable" not in out and out["data_separation"] == pytest.approx(0.05, rel=1e-9)
    assert out["lambda_min_g0"] > 0 and "lambda_min_ginf" not in out          # SELU: no closed-form G-inf
    # ReLU: G^(0) at the threshold is close to the closed-form G-infinity (sampling error of a finite width)
    p["activation"] = "relu"
    out = kink.THM_K1.measure(p, seeds.generator(0, kink.K1_ID, "k", 0), None)
    assert out["lambda_min_g0"] == pytest.approx(out["lambda_min_ginf"], rel=0.25)


def test_violating_data_is_marked_inapplicable(monkeypatch):
    def repeated(family, n, delta, rng):          # a repeated pair: separation 0 < delta
        X = data.separated(n, kink.D, delta, rng)
        X[1] = X[0]
        return X
    monkeypatch.setattr(kink, "_data", repeated)
    p = {"sweep": "n", "activation": "relu", "data": "random", "n": 6, "delta": 0.2}
    out = kink.THM_K1.measure(p, seeds.generator(0, kink.K1_ID, "k", 0), None)
    assert "Assumption" in out["inapplicable"] or "delta" in out["inapplicable"]


def _records(law, deltas=(0.01, 0.02, 0.04, 0.08), ns=(6, 12, 24), extra=None):
    recs, i = [], 0
    for rep in range(3):
        for n in ns:
            v = {"lambda0_over_delta": n ** -0.3 * (1 + 0.01 * rep), **(extra or {})}
            recs.append({"point": {"sweep": "n", "activation": "relu", "data": "random", "n": n, "delta": 0.2},
                         "point_index": i, "rep": rep, "values": v})
            i += 1
        for d in deltas:
            v = {"lambda_min_g0": law(d) * (1 + 0.01 * rep), **(extra or {})}
            recs.append({"point": {"sweep": "delta", "activation": "relu", "data": "arc", "n": 8, "delta": d},
                         "point_index": i, "rep": rep, "values": v})
            i += 1
    return recs


def test_check_refutes_a_faster_law_and_leaves_out_violating_points():
    check = kink.THM_K1.check
    assert check.evaluate(kink.K1_ID, _records(lambda d: 0.1 * d)).verdict == CONFIRMED
    assert check.evaluate(kink.K1_ID, _records(lambda d: 0.1 * d ** 1.5)).verdict == REFUTED
    bad = _records(lambda d: 0.1 * d, extra={"inapplicable": "data violate the assumptions"})
    assert all(part.evaluate(kink.K1_ID, bad).verdict == NOT_CHECKABLE for part in check.checks)
    assert check.evaluate(kink.K1_ID, bad).verdict != CONFIRMED     # (AllOf of two NOT_CHECKABLE parts)


def test_common_generator_rekeys_by_root_and_repetition_only():
    from kernels.crn import common_generator as rekey
    a = rekey(seeds.generator(3, "c/x", "p1", 2), "c/x", "k")
    b = rekey(seeds.generator(3, "c/x", "p2", 2), "c/x", "k")
    assert np.array_equal(a.standard_normal(4), b.standard_normal(4))       # the point key is dropped
    c = rekey(seeds.generator(3, "c/x", "p1", 1), "c/x", "k")
    assert not np.array_equal(rekey(seeds.generator(3, "c/x", "p1", 2), "c/x", "k").standard_normal(4),
                              c.standard_normal(4))                          # the repetition is kept
