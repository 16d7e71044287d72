"""Typed evidence (theorems.evidence): what the checks write, its JSON round trip, and the report reading it by name.

The checks run on hand-made records with exactly known answers (y = x^-2 without noise fits the exponent -2
with a zero-width interval; y = e^{-aN} decays at rate a), so the typed fields are compared with the law that
produced the records, and ``Verdict.from_dict(json, check)`` must give back exactly the stored JSON.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from kernels import backend as backends
from theorems.engine import run_claim
from theorems.evidence import (
    AllOfEvidence,
    BoundEvidence,
    GeometricFit,
    GeometricRateEvidence,
    PredicateSummary,
    ReplaySummary,
    RunInfo,
    ScalingEvidence,
    ScalingFit,
)
from theorems.fuzz.engine import ReplayCheck
from theorems.jsonsafe import json_default, json_safe
from theorems.report.build import build_report, write_summary
from theorems.report.cells import fit_cell, min_slack_cell, scaling_fits
from theorems.spec import Claim, product
from theorems.store import VERDICTS, RunStore, make_manifest, read_jsonl
from theorems.verdict import (
    CONFIRMED,
    INCONCLUSIVE,
    NOT_CHECKABLE,
    REFUTED,
    AllOf,
    GeometricRate,
    HighProbabilityBound,
    Predicate,
    Scaling,
    Verdict,
)

XS = [2, 4, 8, 16, 32]


def records(points_values, reps=1):
    """Verdict-engine records from (point, values-function-of-rep) pairs, in grid order."""
    out = []
    for i, (point, values) in enumerate(points_values):
        for r in range(reps):
            out.append({"point": point, "point_index": i, "rep": r, "values": values(r)})
    return out


def power_records(reps=3):
    """y = d x^-2 exactly, for d = 1 and d = 3, with identical repetitions."""
    return records([({"x": x, "d": d}, lambda r, x=x, d=d: {"y": d * x ** -2.0}) for d in (1, 3) for x in XS], reps)


def roundtrip(v: Verdict, check) -> Verdict:
    """The verdict through its stored JSON and back; the JSON must come back identical."""
    stored = json.loads(json.dumps(v.as_dict(), default=json_default))
    back = Verdict.from_dict(stored, check)
    assert json.loads(json.dumps(back.as_dict(), default=json_default)) == stored
    assert json.dumps(back.as_dict(), default=json_default) == json.dumps(stored)        # key order too
    return back


def test_json_safe_cleans_numpy_and_non_finite_values():
    obj = {"a": np.float64("nan"), "b": (np.int64(3), np.bool_(True)), 1: np.array([1.0, np.inf]), "c": "s"}
    assert json_safe(obj) == {"a": None, "b": [3, True], "1": [1.0, None], "c": "s"}
    assert type(json_safe(np.float32(0.5))) is float and type(json_safe(np.int32(2))) is int
    kept = json_safe([np.float32("inf")], finite=False)[0]
    assert math.isinf(kept)
    assert json.dumps({"v": np.arange(3), "n": np.float32(1.5)}, default=json_default) == '{"v": [0, 1, 2], "n": 1.5}'
    assert json.dumps([np.float32("nan")], default=json_default) == "[NaN]"     # the store keeps NaN as NaN
    with pytest.raises(TypeError):
        json.dumps({"x": object()}, default=json_default)


def test_scaling_fit_of_an_exact_power_law_and_its_round_trip():
    check = Scaling(y="y", x="x", printed=-1.5, direction="upper_bound", limit="inf", group_by=("d",))
    v = check.evaluate("toy/power", power_records())
    assert v.verdict == CONFIRMED
    ev = v.check_evidence
    assert isinstance(ev, ScalingEvidence) and [g.label for g in ev.groups] == ["d=1", "d=3"]
    for g, d in zip(ev.fits(), (1, 3)):
        assert isinstance(g, ScalingFit)
        assert g.slope == pytest.approx(-2, abs=1e-12) and g.lo == pytest.approx(-2, abs=1e-12)
        assert g.hi == pytest.approx(-2, abs=1e-12) and g.slope_near_limit_half == pytest.approx(-2, abs=1e-12)
        assert g.intercept == pytest.approx(math.log(d), abs=1e-12)
        assert g.printed_exponent == -1.5 and g.x == XS and g.unresolved == 0
        assert g.y_geomean == pytest.approx([d * x ** -2.0 for x in XS], rel=1e-12)
    assert v.evidence["d=3"]["fit"]["slope"] == pytest.approx(-2)          # the JSON form, by the same names
    back = roundtrip(v, check)
    assert isinstance(back.check_evidence, ScalingEvidence)
    assert [g.slope for g in back.check_evidence.fits()] == [g.slope for g in ev.fits()]


def test_scaling_records_unresolved_values_and_skips_single_x_groups():
    recs = records([({"x": x, "d": 1}, lambda r, x=x: {"y": None if x == 8 else x ** 2.0}) for x in XS]
                   + [({"x": 2, "d": 2}, lambda r: {"y": 1.0})], reps=2)
    check = Scaling(y="y", x="x", printed=2, direction="both", group_by=("d",))
    v = check.evaluate("toy/unresolved", recs)
    assert v.verdict == INCONCLUSIVE
    (g,) = v.check_evidence.groups                     # d=2 has one x: no fit, no group
    assert g.label == "d=1" and g.unresolved == 2 and g.y_geomean[2] is None
    assert g.slope == pytest.approx(2, abs=1e-12)
    roundtrip(v, check)


def test_high_probability_bound_rate_rows():
    # lhs >= rhs fails in the first 30 of 80 draws at m = 10 and never at m = 1000
    recs = records([({"m": m}, lambda r, m=m: {"lhs": 1.0 - (r < 30 and m == 10) * 2.0 + r / 100, "rhs": 0.5})
                    for m in (10, 1000)], reps=80)
    check = HighProbabilityBound(lhs="lhs", rhs="rhs", along="m")
    v = check.evaluate("toy/hpb", recs)
    assert v.verdict == CONFIRMED
    ev = v.check_evidence
    assert isinstance(ev, BoundEvidence) and ev.along == "m"
    (grp,) = ev.groups
    low, high = grp.rows
    assert (low.x, low.violations, low.trials, high.x, high.violations) == (10, 30, 80, 1000, 0)
    assert low.min_slack == pytest.approx(-1.5) and high.min_slack == pytest.approx(0.5)
    assert low.rate == 30 / 80 and low.rate_ci95[0] < 30 / 80 < low.rate_ci95[1]
    assert v.evidence["all"][0] == {"m": 10, "violations": 30, "trials": 80, "rate_ci95": list(low.rate_ci95),
                                    "min_slack": low.min_slack}
    back = roundtrip(v, check)
    assert back.check_evidence.groups[0].rows[0].x == 10
    assert min_slack_cell(v) == "-1.5"


def test_predicate_summary_and_the_none_applicable_form():
    recs = records([({"n": n}, lambda r, n=n: {"holds": n != 3, "certain": True, "margin": 1.0 - n / 2,
                                               "explain": f"n={n}"}) for n in (1, 2, 3)])
    check = Predicate(summary_keys=("margin",))
    v = check.evaluate("toy/pred", recs)
    assert v.verdict == REFUTED and v.counterexample["point"] == {"n": 3}
    ev = v.check_evidence
    assert isinstance(ev, PredicateSummary) and (ev.checked, ev.violations) == (3, 1)
    assert [row["margin"] for row in ev.rows] == [0.5, 0.0, -0.5]
    assert list(v.evidence) == ["checked", "violations", "rows"]
    roundtrip(v, check)
    assert min_slack_cell(v) == "-0.5" and fit_cell(check, v) == ""
    none = Predicate(summary_keys=("margin",)).evaluate(
        "toy/none", records([({"n": 1}, lambda r: {"applies": False, "holds": True, "margin": 2.0})]))
    assert none.verdict == NOT_CHECKABLE and none.check_evidence.checked is None and list(none.evidence) == ["rows"]
    roundtrip(none, Predicate(summary_keys=("margin",)))


def test_geometric_rate_fitted_and_precomputed():
    a = 0.7
    ns = [4, 8, 12, 16, 20, 24]
    recs = records([({"N": n, "k": 1}, lambda r, n=n: {"err": math.exp(-a * n), "bernstein_log_rho": a,
                                                      "rate_fit": {"rate": a, "lo": a - 0.01, "hi": a + 0.01,
                                                                   "rate_upper_half": a}}) for n in ns])
    fitted = GeometricRate(y="err", group_by=("k",))
    v = fitted.evaluate("toy/geo", recs)
    assert v.verdict == CONFIRMED
    (g,) = v.check_evidence.fits()
    assert isinstance(v.check_evidence, GeometricRateEvidence) and isinstance(g, GeometricFit)
    assert not g.precomputed and g.x == ns and g.label == "k=1"
    assert g.decay_rate == pytest.approx(a, rel=1e-10) and g.ratio_to_bernstein == pytest.approx(1, rel=1e-10)
    assert g.ci[0] == pytest.approx(a, rel=1e-8) and g.ci[1] == pytest.approx(a, rel=1e-8)
    assert g.y == pytest.approx([math.exp(-a * n) for n in ns], rel=1e-10)
    assert isinstance(roundtrip(v, fitted).check_evidence.groups[0], GeometricFit)

    pre = GeometricRate(y="err", group_by=("k",), precomputed="rate_fit")
    w = pre.evaluate("toy/geo-pre", recs)
    (h,) = w.check_evidence.fits()
    assert w.verdict == CONFIRMED and h.precomputed and h.x is None and h.fit == recs[-1]["values"]["rate_fit"]
    assert "x" not in w.evidence["k=1"] and w.evidence["k=1"]["ci"] == [a - 0.01, a + 0.01]
    assert roundtrip(w, pre).check_evidence.groups[0].precomputed


def test_all_of_parts_keep_their_types_and_order():
    recs = (records([({"part": "s", "x": x}, lambda r, x=x: {"y": x ** -2.0}) for x in XS], reps=2)
            + records([({"part": "h", "m": m}, lambda r: {"lhs": 1.0, "rhs": 0.0}) for m in (10, 100)], reps=80)
            + records([({"part": "p"}, lambda r: {"holds": True, "margin": 0.25})]))
    check = AllOf(checks=(Scaling(y="y", x="x", printed=-2, direction="both", where={"part": "s"}),
                          HighProbabilityBound(lhs="lhs", rhs="rhs", along="m", where={"part": "h"}),
                          Predicate(summary_keys=("margin",), where={"part": "p"})))
    v = check.evaluate("toy/all", recs)
    assert v.verdict == CONFIRMED
    ev = v.check_evidence
    assert isinstance(ev, AllOfEvidence) and list(v.evidence) == ["part1", "part2", "part3", "power"]
    assert [p["kind"] for p in v.evidence["power"]["parts"]] == ["scaling", "bound", "predicate"]
    assert [type(p) for p in ev.leaves()] == [ScalingEvidence, BoundEvidence, PredicateSummary]
    back = roundtrip(v, check)
    assert back.power == json_safe(v.power)
    assert [type(p) for p in back.check_evidence.parts] == [ScalingEvidence, BoundEvidence, PredicateSummary]
    assert [g.slope for g in scaling_fits(back)] == pytest.approx([-2])
    assert fit_cell(check, back) == "-2 [-2, -2] vs -2 (allowed = -2)" and min_slack_cell(back) == "0.25"


def test_replay_summary():
    recs = [{"claim": "toy/r", "point": {"counterexample": i, "hypothesis_seed": 0}, "point_index": i, "rep": 0,
             "values": {"holds": i == 0, "certain": i != 0, "slack": 0.5 - i, "recorded_slack": -1.0,
                        "arguments": {"n": i}}} for i in range(2)]
    check = ReplayCheck(source="somewhere/counterexamples.jsonl")
    v = check.evaluate("toy/r", recs)
    assert v.verdict == REFUTED
    ev = v.check_evidence
    assert isinstance(ev, ReplaySummary) and (ev.replayed, ev.reproduced, ev.min_slack) == (2, 1, -0.5)
    assert isinstance(roundtrip(v, check).check_evidence, ReplaySummary)
    assert min_slack_cell(v) == "-0.5"


def test_report_reads_fitted_and_printed_exponents_from_the_typed_record():
    fit = {"slope": 0.512, "lo": 0.401, "hi": 0.623, "intercept": 0.0}
    v = Verdict("toy/hand", CONFIRMED, "", "",
                AllOfEvidence((PredicateSummary(()),
                               ScalingEvidence((ScalingFit("all", fit, 1.0, [1, 2], [1.0, 1.4], 0, 0.5),)))))
    check = AllOf(checks=(Predicate(), Scaling(y="y", x="x", printed=1, direction="lower_bound")))
    assert fit_cell(check, v) == "0.512 [0.401, 0.623] vs 1 (allowed >= 1)"
    assert min_slack_cell(v) == ""


def test_stored_run_round_trip_and_report_table(tmp_path):
    """A claim run through the engine and the store: the stored verdict reads back into the typed record
    (run info included), and the report and the summary show the fitted and the printed exponents."""
    check = Scaling(y="y", x="x", printed=-1.5, direction="upper_bound", limit="inf", group_by=("d",))
    claim = Claim(id="toy/power-law", source="test", statement="y = O(x^-1.5)", kind="scaling", check=check,
                  grid={"quick": product(d=[1, 3], x=XS), "full": product(d=[1, 3], x=XS)},
                  measure=lambda point, rng, backend: {"y": point["d"] * point["x"] ** -2.0},
                  repetitions={"quick": 2, "full": 2})
    be = backends.select("numpy")
    run = tmp_path / "run"
    store = RunStore(run, make_manifest(7, "quick", be))
    v = run_claim(claim, "quick", store, 7, be, quiet=True)
    assert v.verdict == CONFIRMED and isinstance(v.run, RunInfo) and v.run.root_seed == 7
    assert list(v.evidence)[:4] == list(RunInfo.KEYS)
    (line,) = read_jsonl(run / VERDICTS)
    back = Verdict.from_dict(line, check)
    assert back.run == v.run and {**back.as_dict(), "scale": "quick"} == line
    assert [g.slope for g in scaling_fits(back)] == pytest.approx([-2, -2])

    summary = write_summary(store, [v], {claim.id: claim}).read_text()
    decisive = "d=1: -2 [-2, -2] vs -1.5 (allowed <= -1.5) (1 of 2 fits)"       # one labelled fit, and how many
    assert decisive in summary and f"| {v.run.seconds} |" in summary
    _, md = build_report(run, {claim.id: claim}, out_dir=tmp_path / "report")
    row = next(x for x in md.read_text().splitlines() if x.startswith("| `toy/power-law`") and "**" in x)
    confirmed = next(x for x in md.read_text().splitlines() if x.startswith("| `toy/power-law`"))
    assert confirmed == f"| `toy/power-law` | {decisive} | refutes exponents < -2.1 |"      # findings: how tight
    assert f"| **CONFIRMED** | quick | refutes exponents < -2.1 | {decisive} |" in row
    text = md.read_text()
    assert text.count("](plots/") == 1                               # one figure, one panel per group
    for group in ("d=1", "d=3"):                                      # one labelled row per fit, with its points
        assert f"| 1 | exponent of y in x | {group} | -2 [-2, -2] | -1.5 | <= -1.5 | 5 x 2 seeds |" in text
    assert text.index("## What the papers get wrong") < text.index("## All claims") < text.index("### toy/power-law")
