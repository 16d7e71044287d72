"""Property tests (Hypothesis) for every claim with a fuzz property, the fuzz/replay engine, and the App. C facts.

A property declared ``expect="holds"`` must hold on every drawn example; one declared ``expect="fails"``
(a statement known to be false as printed) must be broken by the fuzzer, and the recorded counterexample
must replay as REFUTED. Both directions fail the test when the numbers change. Example counts come from
the profile loaded in tests/conftest.py (HYPOTHESIS_PROFILE=ci|fuzz), lowered only for slow properties.
"""
from __future__ import annotations

import json
import math
import time

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, example, given, settings, target  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kernels import activations as acts  # noqa: E402
from kernels import backend as backends  # noqa: E402
from kernels import data  # noqa: E402
from kernels.errors import InputError  # noqa: E402
from theorems import ledger  # noqa: E402
from theorems.claims.activation import facts as activation_facts  # noqa: E402
from theorems.engine import run_claim  # noqa: E402
from theorems.fuzz import engine as fuzz
from theorems.fuzz import strategies as S  # noqa: E402
from theorems.store import RunStore, make_manifest  # noqa: E402
from theorems.verdict import INCONCLUSIVE, REFUTED, VERDICTS  # noqa: E402

pytestmark = pytest.mark.fuzz

PROPS = fuzz.properties()
HOLDS = sorted(c for c, p in PROPS.items() if p.expect == "holds")
FAILS = sorted(c for c, p in PROPS.items() if p.expect == "fails")
ISSUE_IDS = ["activation/fact-C.1", "activation/fact-C.2", "activation/fact-C.3", "activation/fact-C.4",
             "activation/fact-C.5", "activation/fact-C.6", "activation/fact-C.9", "activation/fact-C.10",
             "activation/fact-C.11", "activation/lemma-F.5", "activation/thm-F.2", "activation/lemma-I.1",
             "activation/thm-F.4", "activation/lemma-J.4", "overparam/claim-7.6", "confusion/app-C",
             "confusion/lemma-D.1"]     # fact-C.8 has no property: its constant C is unspecified
_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def _numbers(obj) -> list[float]:
    """Every finite number in a nested evidence structure."""
    if isinstance(obj, bool):
        return []
    if isinstance(obj, (int, float)):
        return [float(obj)] if math.isfinite(obj) else []
    if isinstance(obj, dict):
        return [x for v in obj.values() for x in _numbers(v)]
    if isinstance(obj, (list, tuple)):
        return [x for v in obj for x in _numbers(v)]
    return []


def _example_count(prop) -> int:
    n = settings.default.max_examples
    return min(n, prop.max_examples) if prop.max_examples else n


# ---- registry ------------------------------------------------------------------------------------------

def test_every_listed_claim_has_a_property():
    missing = [c for c in ISSUE_IDS if c not in PROPS]
    assert not missing, f"no fuzz property for {missing}"


def test_expectations_agree_with_the_ledger():
    led = ledger.load()
    for cid, prop in PROPS.items():
        v = led.get(cid, {}).get("verdict")
        if v == REFUTED:
            assert prop.expect == "fails", f"{cid}: ledger REFUTED but the property expects the statement to hold"
        elif v == "CONFIRMED":
            assert prop.expect == "holds", f"{cid}: ledger CONFIRMED but the property expects a counterexample"


def test_unknown_id_and_bad_arguments_are_input_errors(tmp_path):
    with pytest.raises(InputError) as e:
        fuzz.run_fuzz("activation/no-such-claim", out_dir=tmp_path)
    assert e.value.parameter == "ID"
    with pytest.raises(InputError) as e:
        fuzz.replay_verdict("activation/fact-C.8", tmp_path)
    assert e.value.parameter == "ID"
    for kw, param in (({"examples": 0}, "--examples"), ({"seconds": -1}, "--seconds"), ({"seed": -3}, "--seed")):
        with pytest.raises(InputError) as e:
            fuzz.run_fuzz("activation/fact-C.1", out_dir=tmp_path, **kw)
        assert e.value.parameter == param


# ---- the statements ------------------------------------------------------------------------------------

@pytest.mark.parametrize("claim_id", HOLDS)
def test_statement_holds(claim_id):
    prop = PROPS[claim_id]

    def check(**kw):
        holds, slack, details = fuzz.evaluate(prop, kw)
        target(-slack, label=claim_id)
        assert holds, f"{claim_id} violated: {details.get('explain', details)}"

    test = given(**prop.strategies())(check)
    for ex in reversed(prop.examples):
        test = example(**ex)(test)
    settings(max_examples=_example_count(prop), suppress_health_check=_RELAXED)(test)()


@pytest.mark.parametrize("claim_id", FAILS)
def test_fuzzing_finds_a_counterexample(claim_id, tmp_path):
    prop = PROPS[claim_id]
    res = fuzz.run_fuzz(claim_id, examples=_example_count(prop), seconds=60, out_dir=tmp_path, seed=0)
    assert res.found, f"{claim_id} is known to be false as printed, but {res.evaluations} examples found no violation"
    v = fuzz.replay_verdict(claim_id, tmp_path)
    assert v.verdict == REFUTED, v.reason
    assert v.counterexample["arguments"] == res.counterexample["arguments"]
    assert _numbers(v.counterexample["values"]), "the replayed counterexample carries no numbers"
    assert v.counterexample["values"]["slack"] < 0


def test_known_counterexamples_shrink_to_the_worst_case(tmp_path):
    """Lemma F.5 fails exactly where its proof's 2 eps + eps^2 <= 3 eps breaks: eps > 1, |f_i| = 1, aligned errors."""
    res = fuzz.run_fuzz("activation/lemma-F.5", examples=settings.default.max_examples, seconds=60,
                        out_dir=tmp_path, seed=0)
    args = res.counterexample["arguments"]
    assert args["eps"] > 1
    vals = res.counterexample["values"]
    assert vals["lhs"] == pytest.approx(2 * args["eps"] + args["eps"] ** 2, rel=1e-12)
    c2 = fuzz.run_fuzz("activation/fact-C.2", examples=20, seconds=30, out_dir=tmp_path, seed=0)
    assert c2.counterexample["values"]["lhs"] == 0.0 and c2.counterexample["values"]["rhs"] == -1.0   # t = 0


# ---- the engine: run_fuzz / replay / replay_verdict ------------------------------------------------------

@pytest.fixture
def toy_properties(monkeypatch):
    props = dict(fuzz.PROPERTIES)
    monkeypatch.setattr(fuzz, "PROPERTIES", props)

    def register(cid, fn, args, expect="holds"):
        fuzz.property_for(cid, args, expect=expect)(fn)
    return register


def test_a_false_property_records_a_shrunk_replayable_counterexample(tmp_path, toy_properties):
    def below_five(x, X):
        return x < 5, 5 - x, {"x": x, "norm": float(np.linalg.norm(X)), "explain": f"x = {x} >= 5"}
    toy_properties("toy/below-five", below_five,
                   lambda st, S: {"x": S.finite_floats(0.0, 10.0), "X": S.unit_vectors(n=2, d=3)}, "fails")
    res = fuzz.run_fuzz("toy/below-five", examples=100, seconds=20, out_dir=tmp_path, seed=3)
    assert res.found and res.counterexample["arguments"]["x"] == 5.0          # shrunk to the boundary
    lines = (tmp_path / fuzz.COUNTEREXAMPLES).read_text().splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["claim"] == "toy/below-five" and rec["hypothesis_seed"] == 3
    assert rec["values"]["holds"] is False and rec["values"]["slack"] == 0.0
    X = fuzz.decode(rec["arguments"]["X"])
    assert X.shape == (2, 3) and np.allclose(np.linalg.norm(X, axis=1), 1.0)
    records = fuzz.replay("toy/below-five", tmp_path)
    assert len(records) == 1 and records[0]["values"]["reproduced"] is True
    v = fuzz.replay_verdict("toy/below-five", tmp_path)
    assert v.verdict == REFUTED and v.counterexample["arguments"]["x"] == 5.0
    assert v.evidence["replayed"] == 1 and v.evidence["reproduced"] == 1
    fuzz.run_fuzz("toy/below-five", examples=100, seconds=20, out_dir=tmp_path, seed=4)      # append-only
    assert len((tmp_path / fuzz.COUNTEREXAMPLES).read_text().splitlines()) == 2
    assert fuzz.replay_verdict("toy/below-five", tmp_path).evidence["replayed"] == 2


def test_a_true_property_records_nothing(tmp_path, toy_properties):
    toy_properties("toy/square-nonneg", lambda x: (x * x >= 0, x * x, {"x": x}),
                   lambda st, S: {"x": S.finite_floats(-1e6, 1e6)})
    res = fuzz.run_fuzz("toy/square-nonneg", examples=50, seconds=20, out_dir=tmp_path, seed=0)
    assert not res.found and res.evaluations >= 50
    assert not (tmp_path / fuzz.COUNTEREXAMPLES).exists()
    runs = [json.loads(x) for x in (tmp_path / fuzz.FUZZ_RUNS).read_text().splitlines()]
    assert runs[-1]["found"] is False and runs[-1]["min_slack"] == 0.0
    v = fuzz.replay_verdict("toy/square-nonneg", tmp_path)
    assert v.verdict == INCONCLUSIVE and v.evidence["replayed"] == 0


def test_a_fixed_counterexample_no_longer_refutes(tmp_path, toy_properties):
    toy_properties("toy/flip", lambda x: (x < 5, 5 - x, {"x": x}), lambda st, S: {"x": S.finite_floats(0.0, 10.0)}, "fails")
    assert fuzz.run_fuzz("toy/flip", examples=100, seconds=20, out_dir=tmp_path, seed=0).found
    fuzz.PROPERTIES["toy/flip"] = fuzz.Property("toy/flip", lambda x: (True, 1.0, {"x": x}),
                                                lambda st, S: {"x": S.finite_floats(0.0, 10.0)})
    v = fuzz.replay_verdict("toy/flip", tmp_path)
    assert v.verdict == INCONCLUSIVE and v.evidence["reproduced"] == 0


def test_the_time_budget_ends_a_run(tmp_path, toy_properties):
    def slow(x):
        time.sleep(0.02)
        return True, 1.0, {}
    toy_properties("toy/slow", slow, lambda st, S: {"x": st.integers(0, 10 ** 9)})
    t0 = time.monotonic()
    res = fuzz.run_fuzz("toy/slow", examples=100_000, seconds=0.5, out_dir=tmp_path, seed=0)
    assert time.monotonic() - t0 < 10 and 0 < res.evaluations < 1000 and not res.found


# ---- strategies -----------------------------------------------------------------------------------------

@settings(max_examples=min(settings.default.max_examples, 15))
@given(S.jr_piecewise())
def test_random_jr_activations_have_a_unit_jump_at_the_declared_order(act):
    a = act.kink_location
    r = act.kink_order
    assert r in (1, 2, 3) and -1 < a < 1 and act.kink_jump == pytest.approx(1.0, abs=1e-12)
    assert act.dphi(np.array([a - 1e-9, a + 1e-9])).shape == (2,)
    same = fuzz.decode(json.loads(json.dumps(fuzz.encode(act))))
    z = np.linspace(-3, 3, 13)
    assert np.array_equal(same.dphi(z), act.dphi(z)) and same.kink_order == r


@given(S.activations(pieces=False), S.square_matrices(), S.matrices())
def test_encode_decode_round_trips(act, A, B):
    back = fuzz.decode(json.loads(json.dumps(fuzz.encode({"act": act, "A": A, "B": B, "k": np.int64(3)}))))
    z = np.linspace(-2, 2, 9)
    assert np.array_equal(back["act"].phi(z), act.phi(z))
    assert np.array_equal(back["A"], A) and back["A"].dtype == A.dtype and np.array_equal(back["B"], B)
    assert back["k"] == 3


@given(S.separated_data(), S.low_span_data(), S.datasets())
def test_data_strategies_are_valid(Xs, Xl, X):
    for Y in (Xs, Xl, X):
        assert np.allclose(np.linalg.norm(Y, axis=1), 1.0, atol=1e-12)
    assert data.separation(Xs) >= 0.04 - 1e-9 or Xs.shape[0] < 2
    assert data.span_dimension(Xl) <= 3


@given(st.shared(S.sizes(1, 5), key="h"), S.hermitian_matrices(st.shared(S.sizes(1, 5), key="h")))
def test_hermitian_strategy(n, H):
    assert H.shape == (n, n) and np.allclose(H, H.conj().T)


def test_registered_activation_names_exist():
    for name in S.FIXED_ACTIVATIONS:
        assert acts.get(name).phi(np.zeros(1)).shape == (1,)


# ---- the App. C facts: exact values against independent references --------------------------------------

def test_fact_values_match_independent_references():
    import mpmath
    from scipy import stats
    F = activation_facts
    v = F.c1_values(0.3 * 2.0, 2.0)
    assert v["lhs"] == pytest.approx(2 * stats.norm.sf(0.3), rel=1e-13)
    v = F.c1_values(0.2 * 2.0, 2.0, 0.7 * 2.0)
    assert v["P_complement"] == pytest.approx(stats.norm.cdf(0.9) - stats.norm.cdf(0.5), rel=1e-13)
    n, p, t = 20, 0.3, 0.12                      # Hoeffding, iid Bernoulli: the binomial law
    ref = sum(stats.binom.pmf(k, n, p) for k in range(n + 1) if abs(k / n - p) >= t)
    assert F.c3_values("two-point", t, ps=[p] * n, widths=[1] * n)["lhs"] == pytest.approx(ref, rel=1e-12)
    a = 0.3                                      # two uniforms: P(|U1 + U2 - 1| >= a) = (1 - a)^2
    assert F.c3_values("uniform", a / 2, n=2)["lhs"] == pytest.approx((1 - a) ** 2, rel=1e-14)
    v = F.c4_values([0.375] * 30, 0.25)          # iid, dyadic p: K < 0.75 * 11.25 = 8.4375, K > 14.0625
    assert v["P_low"] == pytest.approx(stats.binom.cdf(8, 30, 0.375), rel=1e-12)
    assert v["P_high"] == pytest.approx(stats.binom.sf(14, 30, 0.375), rel=1e-12)
    v = F.c5_values(7, 2.0, 1.5)
    thr = 2.0 * math.sqrt(math.log(7 * 1.5))
    assert v["lhs"] == pytest.approx((1 - 2 * stats.norm.sf(thr / 1.5)) ** 7, rel=1e-12)
    v = F.c6_values(10, 2.0)
    assert v["P_upper"] == pytest.approx(stats.chi2.sf(10 + 2 * math.sqrt(20) + 4, 10), rel=1e-10)
    assert v["P_lower"] == pytest.approx(stats.chi2.cdf(10 - 2 * math.sqrt(20), 10), rel=1e-10)
    p2, _ = F.c8_probability(2, 0.0, 0.01)       # P(|x1 x2| <= eps) = (2/pi) int_0^eps K_0
    assert p2 == pytest.approx(float(2 / mpmath.pi * mpmath.quad(lambda z: mpmath.besselk(0, z), [0, 0.01])), rel=1e-9)
    Q, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((6, 6)))
    v = F.c9_values(2.5 * Q[:, :4])              # orthogonal equal-norm columns: lhs = sigma_min / sqrt(m)
    assert v["sigma_min"] == pytest.approx(2.5, rel=1e-13) and v["lhs"] == pytest.approx(2.5 / 2, rel=1e-13)
    assert abs(F.c10_values(np.ones((5, 5)))["max_excess"]) < 1e-13      # eigenvalue 5 on the boundary of D(1, 4)
    v = F.c11_values(np.diag([3.0, 1.0, -2.0]), np.diag([2.0, 0.0, -1.0]))
    assert abs(v["min_margin"]) < 1e-14 and v["holds"]                   # equality: lambda_1(A+B) = 3 + 2


# ---- the App. C facts through the engine ---------------------------------------------------------------

@pytest.mark.parametrize("claim", activation_facts.CLAIMS, ids=lambda c: c.id)
def test_fact_claims_run_at_quick_scale(claim, tmp_path):
    be = backends.select("numpy")
    store = RunStore(tmp_path, make_manifest(7, "quick", be))
    v = run_claim(claim, "quick", store, 7, be, quiet=True)
    assert v.verdict in VERDICTS and v.reason
    recs = store.records(claim.id)
    assert len(recs) == len(claim.points("quick")) * claim.reps("quick")
    assert _numbers([r["values"] for r in recs]) and _numbers(v.evidence)
    if v.verdict == REFUTED:
        assert _numbers(v.counterexample["values"])
