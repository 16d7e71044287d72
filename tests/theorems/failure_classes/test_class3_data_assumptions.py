"""Failure class 3 (issue 12): generated data that violate the paper's assumptions.

The case: 004 Sec. 7 / Figure 1 lifts an EVEN number of equally spaced circle points isometrically
(kernels.data.circle_lifted), which always holds antipodal pairs x_{i+n/2} = -x_i, whatever the seed: the
separation of 004 Assumption 2 is 0. The old fig-1 check counted those points and CONFIRMED the figure; now each
point carries its assumption record (kernels.data.assumption_values), is left out with its reason, and a check
whose every point violates is NOT_CHECKABLE. The antipodal pairs come from the construction, not the draw, so the
tests run the same under every seed (several root seeds, and the generator the engine derives from each).
"""
from __future__ import annotations

import numpy as np
import pytest

from kernels import data, seeds
from kernels.gmatrix.infinite import ginf_spectrum
from theorems.claims.activation import fig1
from theorems.engine import make_record
from theorems.verdict import CONFIRMED, NOT_CHECKABLE, REFUTED, Predicate

SEEDS = (0, 1, 7, 12345, 2 ** 31 - 1)


def _records(claim, root_seed):
    """Records as the engine makes them: the claim's measure under the content-keyed generator of each point."""
    out = []
    for i, (p, k) in enumerate(zip(claim.points("quick"), claim.point_keys("quick"))):
        values = claim.measure(dict(p), seeds.generator(root_seed, claim.id, k, 0), None)
        out.append(make_record(claim.id, "quick", i, k, p, 0, values, 0.0))
    return out


def _old(records):
    """The same records as the check saw them before issue 12: no assumption record, nothing left out."""
    return [{**r, "values": {k: v for k, v in r["values"].items() if k != "inapplicable"}} for r in records]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [2, 4, 10, 50])
def test_even_circle_lift_always_has_an_antipodal_pair(seed, n):
    X = data.circle_lifted(n, np.random.default_rng(seed), d=10)
    v = data.assumption_values(X)
    assert v["data_separation"] < data.SEPARATION_FLOOR
    assert "antipodal or repeated pair" in v["inapplicable"]
    odd = data.assumption_values(data.circle_lifted(n + 1, np.random.default_rng(seed), d=10))
    assert "inapplicable" not in odd and odd["data_separation"] == pytest.approx(np.sin(np.pi / (n + 1)), rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_fig1_paper_data_old_check_confirmed_new_check_not_checkable(seed):
    claim = fig1.FIG_1
    recs = _records(claim, seed)
    old = claim.check.evaluate(claim.id, _old(recs))
    new = claim.check.evaluate(claim.id, recs)
    assert old.verdict == CONFIRMED                      # the antipodal points were counted and confirmed it
    assert new.verdict == NOT_CHECKABLE
    assert len(new.inapplicable) == len(claim.points("quick"))
    assert all("antipodal" in row["reason"] for row in new.inapplicable)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_violating_point_is_left_out_and_listed_the_rest_decide(seed):
    """A generic check on mixed data: only the separated point decides; the antipodal one is listed with its reason.
    The statement 'G∞ of tanh is nonsingular' (which 004 proves under Assumption 2) holds on the separated set and
    fails on the antipodal ones (tanh' even: the column of -x is minus that of x), so the old check REFUTED it on
    data the statement's assumptions exclude."""
    def measure(point, rng, be):
        X = data.circle_lifted(point["n"], rng, d=10)
        sp, _ = ginf_spectrum(X, "tanh")
        return {"holds": bool(sp.values[-1] > 1e3 * sp.floor), "lambda_min": float(sp.values[-1]),
                **data.assumption_values(X)}

    check = Predicate(summary_keys=("lambda_min",))
    recs = []
    for i, n in enumerate((2, 3, 4)):       # n = 2 and 4: antipodal pairs; n = 3: separation sin(pi/3)
        values = measure({"n": n}, seeds.generator(seed, "class3", f"p{i}", 0), None)
        recs.append(make_record("class3", "quick", i, f"p{i}", {"n": n}, 0, values, 0.0))
    old = check.evaluate("class3", _old(recs))
    new = check.evaluate("class3", recs)
    assert old.verdict == REFUTED and old.counterexample["point"] == {"n": 2}
    assert new.verdict == CONFIRMED
    assert [row["point"] for row in new.inapplicable] == [{"n": 2}, {"n": 4}]
    assert new.power["checked"] == 1
