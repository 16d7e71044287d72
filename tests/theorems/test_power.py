"""Power statements (theorems.power) against the checks themselves: the boundary a CONFIRMED states must be
where re-running the same check on the same records with a stronger statement flips to REFUTED."""
from __future__ import annotations

import numpy as np
import pytest

from theorems.verdict import CONFIRMED, NOT_CHECKABLE, REFUTED, GeometricRate, HighProbabilityBound, Predicate, Scaling

XS = [2, 4, 8, 16, 32, 64]


def records(points_values, reps=1):
    out = []
    for i, (point, values) in enumerate(points_values):
        for r in range(reps):
            out.append({"point": point, "point_index": i, "rep": r, "values": values(r, point)})
    return out


def noisy_power_law(exponent: float, reps: int = 6, noise: float = 0.05):
    rng = np.random.default_rng(7)
    table = {(x, r): x ** exponent * float(np.exp(noise * rng.standard_normal())) for x in XS for r in range(reps)}
    return records([({"x": x}, lambda r, p: {"y": table[(p["x"], r)]}) for x in XS], reps)


@pytest.mark.parametrize("direction,limit", [("lower_bound", "inf"), ("upper_bound", "inf"),
                                             ("lower_bound", "0"), ("both", "inf")])
def test_scaling_power_boundary_is_where_the_same_check_refutes(direction, limit):
    recs = noisy_power_law(-1.0)
    v = Scaling(y="y", x="x", printed=-1.5 if direction == "lower_bound" and limit == "inf" else -1.0,
                direction=direction, limit=limit).evaluate("toy", recs)
    assert v.verdict == CONFIRMED
    pw = v.power
    assert pw["kind"] == "scaling" and pw["sentence"]
    for side, step in (("refutes_above", +1), ("refutes_below", -1)):
        b = pw[side]
        if b is None:
            continue
        beyond = Scaling(y="y", x="x", printed=b + step * 0.02, direction=direction, limit=limit)
        inside = Scaling(y="y", x="x", printed=b - step * 0.02, direction=direction, limit=limit)
        assert beyond.evaluate("toy", recs).verdict == REFUTED
        assert inside.evaluate("toy", recs).verdict != REFUTED


def test_scaling_power_is_weak_when_the_exponent_is_poorly_resolved():
    v = Scaling(y="y", x="x", printed=-3, direction="lower_bound", max_ci_width=10).evaluate(
        "toy", noisy_power_law(-1.0, reps=3, noise=1.5))
    assert v.verdict == CONFIRMED and v.power["weak"] and "weak" in v.power["sentence"]
    strong = Scaling(y="y", x="x", printed=-1.5, direction="lower_bound").evaluate("toy", noisy_power_law(-1.0))
    assert not strong.power["weak"]


def test_bound_power_states_the_tightening_factors_the_check_would_refute():
    # lhs / rhs = 2 + k/100 for the k-th of 100 draws at the largest m: min ratio 2.0, median about 2.5
    recs = records([({"m": m}, lambda r, p: {"lhs": 2.0 + r / 100, "rhs": 1.0}) for m in (10, 100)], reps=100)
    v = HighProbabilityBound(lhs="lhs", rhs="rhs", along="m").evaluate("toy", recs)
    assert v.verdict == CONFIRMED
    pw = v.power
    assert pw["tightness"] == pytest.approx(2.0) and 2.5 < pw["refuting_factor"] < 2.7
    assert pw["rate_upper95"] == pytest.approx(0.0362, abs=1e-3)      # Clopper-Pearson 0/100, one-sided table value

    def tightened(c):
        return [{**r, "values": {**r["values"], "rhs": c}} for r in recs]
    chk = HighProbabilityBound(lhs="lhs", rhs="rhs", along="m")
    assert chk.evaluate("toy", tightened(pw["refuting_factor"] * 1.001)).verdict == REFUTED
    assert chk.evaluate("toy", tightened(pw["tightness"] * 0.999)).verdict == CONFIRMED
    assert chk.evaluate("toy", tightened(pw["refuting_factor"] * 0.98)).verdict != REFUTED


def test_bound_power_upper_sense_and_weak_with_few_draws():
    recs = records([({"m": m}, lambda r, p: {"lhs": 0.5 - r / 100, "rhs": 1.0}) for m in (10, 100)], reps=10)
    v = HighProbabilityBound(lhs="lhs", rhs="rhs", sense="<=", along="m", max_rate=0.5).evaluate("toy", recs)
    assert v.verdict == CONFIRMED and v.power["tightness"] == pytest.approx(0.5) and v.power["weak"]


def test_geometric_power_boundary():
    rho = 2.0
    recs = records([({"N": n}, lambda r, p: {"err": rho ** -p["N"], "bernstein_log_rho": np.log(rho)})
                    for n in (10, 20, 30, 40)])
    v = GeometricRate(y="err").evaluate("toy", recs)
    assert v.verdict == CONFIRMED
    b = v.power["refutes_above"]
    def with_rate(lr):
        return [{**r, "values": {**r["values"], "bernstein_log_rho": lr}} for r in recs]
    assert GeometricRate(y="err").evaluate("toy", with_rate(b * 1.01)).verdict == REFUTED
    assert GeometricRate(y="err").evaluate("toy", with_rate(b * 0.99)).verdict != REFUTED


def test_predicate_power_counts_applicable_records_and_inapplicable_ones_are_named():
    recs = records([({"i": i}, lambda r, p: {"holds": True, "margin": 0.1 * (p["i"] + 1),
                                             **({"inapplicable": "antipodal pair"} if p["i"] == 0 else {})})
                    for i in range(4)])
    v = Predicate().evaluate("toy", recs)
    assert v.verdict == CONFIRMED and v.power["checked"] == 3 and v.power["extremes"]["smallest margin"] == 0.2
    assert v.evidence["inapplicable"] == [{"point": {"i": 0}, "reason": "antipodal pair"}]


def test_all_points_inapplicable_is_not_checkable_with_the_reason():
    recs = records([({"x": x}, lambda r, p: {"y": 1.0, "inapplicable": "separation 0 < delta"}) for x in XS])
    for chk in (Scaling(y="y", x="x", printed=0, direction="both"),
                HighProbabilityBound(lhs="y", rhs="y", along="x")):
        v = chk.evaluate("toy", recs)
        assert v.verdict == NOT_CHECKABLE and "separation 0 < delta" in v.reason


def test_all_of_is_not_checkable_when_every_part_is():
    from theorems.verdict import AllOf
    recs = records([({"x": x}, lambda r, p: {"y": 1.0, "inapplicable": "separation 0"}) for x in XS])
    v = AllOf(checks=(Scaling(y="y", x="x", printed=0, direction="both"), Predicate())).evaluate("toy", recs)
    assert v.verdict == NOT_CHECKABLE
