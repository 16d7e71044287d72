"""Hypothesis fuzzing of the deterministic (or exactly computable) claims, and replay of what it finds.

A *property* is a function of Hypothesis-drawn arguments that evaluates a claim's statement and returns
``(holds, slack, details)``: ``holds`` is False only for a violation CERTAIN beyond the numerical floor;
``slack`` is a signed margin (< 0 on the violating side; an apparent violation within the floor has
``holds`` True and ``slack`` <= 0); ``details`` is a JSON-able dict of the numbers (with an ``explain`` line).

Registering one (claim modules can do this too; importing this module does not need Hypothesis)::

    @property_for("confusion/app-C", args=lambda st, S: {"n": S.sizes(2, 8), "X": S.datasets()})
    def _app_c(n, X):
        ...
        return holds, slack, {"lhs": ..., "rhs": ..., "explain": "..."}

``args(st, S)`` receives ``hypothesis.strategies`` and ``theorems.strategies`` and returns name -> strategy;
``expect`` ("holds" | "fails") says what the statement as printed is known to do (the property tests assert it);
``max_examples`` lowers the example count for slow properties; ``examples`` are explicit known worst cases.

``run_fuzz`` runs a property outside pytest (settings max_examples, deadline=None, database=None, a time
budget, ``target(-slack)`` to climb toward violations) and appends the SHRUNK counterexample to
``OUT/counterexamples.jsonl`` (one summary line per run goes to ``OUT/fuzz_runs.jsonl``); ``replay``
re-evaluates the recorded counterexamples, and ``replay_verdict`` turns them into a Verdict (a replayed
violation is REFUTED, with the example as evidence).
"""
from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from kernels import activations as acts
from kernels.errors import InputError

from .store import _default, read_jsonl
from .verdict import INCONCLUSIVE, REFUTED, Verdict, _clean

COUNTEREXAMPLES = "counterexamples.jsonl"
FUZZ_RUNS = "fuzz_runs.jsonl"
SLACK_CAP = 1e300


@dataclass(frozen=True)
class Property:
    claim_id: str
    fn: Callable
    args: Callable                     # (hypothesis.strategies, theorems.strategies) -> {name: strategy}
    expect: str = "holds"              # "holds" | "fails": the statement as printed, as far as known
    max_examples: int | None = None    # a lower example count for slow properties
    examples: tuple = ()               # explicit known worst cases (kwargs dicts)
    doc: str = ""

    def strategies(self) -> dict:
        from hypothesis import strategies as st  # noqa: PLC0415

        from . import strategies as S  # noqa: PLC0415
        return self.args(st, S)


PROPERTIES: dict[str, Property] = {}


def property_for(claim_id: str, args: Callable, *, expect: str = "holds", max_examples: int | None = None,
                 examples=()) -> Callable:
    """Decorator: register ``fn`` as the fuzz property of ``claim_id`` (see the module docstring)."""
    if expect not in ("holds", "fails"):
        raise ValueError(f"{claim_id}: expect must be 'holds' or 'fails' (got {expect!r})")

    def deco(fn):
        old = PROPERTIES.get(claim_id)
        if old is not None and (old.fn.__module__, old.fn.__qualname__) != (fn.__module__, fn.__qualname__):
            raise RuntimeError(f"fuzz property for {claim_id} registered twice ({old.fn.__module__} and {fn.__module__})")
        PROPERTIES[claim_id] = Property(claim_id, fn, args, expect, max_examples, tuple(examples),
                                        (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else "")
        return fn
    return deco


_LOADED = False


def _ensure_loaded() -> None:
    """Import every claim module so that properties registered there are known."""
    global _LOADED
    if not _LOADED:
        from . import registry  # noqa: PLC0415
        registry.implemented()
        _LOADED = True


def properties() -> dict[str, Property]:
    _ensure_loaded()
    return dict(sorted(PROPERTIES.items()))


def get_property(claim_id: str) -> Property:
    props = properties()
    if claim_id not in props:
        raise InputError("ID", f"no fuzz property for {claim_id!r}; properties exist for: {', '.join(props)}")
    return props[claim_id]


# ---- JSON encoding of drawn arguments -------------------------------------------------------------------

def encode(value):
    """A JSON-able form of a drawn argument that ``decode`` rebuilds exactly (floats round-trip through repr)."""
    if isinstance(value, acts.Activation):
        p = value.params
        if "phi1" in p:
            return {"__activation__": {"piecewise": [p["phi1"], p["phi2"], p["alpha"]]}}
        if "coefficients" in p:
            return {"__activation__": {"polynomial": list(p["coefficients"])}}
        if "slope" in p:
            return {"__activation__": {"spec": f"leaky_relu:{p['slope']!r}"}}
        return {"__activation__": {"spec": value.name}}
    if isinstance(value, np.ndarray):
        if np.iscomplexobj(value):
            return {"__ndarray__": {"real": value.real.tolist(), "imag": value.imag.tolist()},
                    "dtype": "complex128", "shape": list(value.shape)}
        return {"__ndarray__": value.tolist(), "dtype": str(value.dtype), "shape": list(value.shape)}
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def decode(value):
    if isinstance(value, dict):
        if "__activation__" in value:
            a = value["__activation__"]
            if "piecewise" in a:
                return acts.piecewise(*a["piecewise"])
            if "polynomial" in a:
                return acts.polynomial(a["polynomial"])
            return acts.get(a["spec"])
        if "__ndarray__" in value:
            raw, shape = value["__ndarray__"], tuple(value["shape"])
            if value["dtype"].startswith("complex"):
                arr = np.asarray(raw["real"], float) + 1j * np.asarray(raw["imag"], float)
            else:
                arr = np.asarray(raw, dtype=value["dtype"])
            return arr.reshape(shape)
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def _json(obj) -> str:
    return json.dumps(_clean(obj), default=_default, ensure_ascii=False)


def _finite(x) -> float:
    x = float(x)
    if math.isnan(x):
        return 0.0
    return max(-SLACK_CAP, min(SLACK_CAP, x))


def evaluate(prop: Property, kwargs: dict) -> tuple[bool, float, dict]:
    holds, slack, details = prop.fn(**kwargs)
    return bool(holds), _finite(slack), dict(details)


# ---- running --------------------------------------------------------------------------------------------

class _Violation(Exception):
    pass


@dataclass
class FuzzResult:
    claim_id: str
    found: bool
    examples: int                      # the example budget asked for
    evaluations: int                   # property calls, shrinking included
    seconds: float
    seed: int
    min_slack: float | None
    counterexample: dict | None = None  # the record appended to counterexamples.jsonl
    out_dir: str = ""
    notes: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return _clean({k: getattr(self, k) for k in ("claim_id", "found", "examples", "evaluations", "seconds",
                                                      "seed", "min_slack", "counterexample", "out_dir", "notes")})


def _check_run_args(examples, seconds, seed):
    if isinstance(examples, bool) or not isinstance(examples, (int, np.integer)) or examples < 1:
        raise InputError("--examples", f"must be an integer >= 1 (got {examples!r})")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not (0 < float(seconds) < math.inf):
        raise InputError("--seconds", f"must be a positive number of seconds (got {seconds!r})")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("--seed", f"must be a non-negative integer (got {seed!r})")


def _hypothesis():
    try:
        import hypothesis  # noqa: PLC0415
    except ImportError:
        raise InputError("fuzz", "fuzzing needs Hypothesis, a test extra: pip install -e '.[test]'") from None
    return hypothesis


def _append(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(_json(record) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _provenance() -> dict:
    from .store import _git_commit  # noqa: PLC0415
    try:
        from importlib.metadata import version  # noqa: PLC0415
        ver = version("nnclaims")
    except Exception:  # noqa: BLE001
        ver = "unknown"
    return {"version": ver, "git_commit": _git_commit(), "hypothesis": _hypothesis().__version__}


def run_fuzz(claim_id: str, examples: int = 200, seconds: float = 60.0, out_dir="reports/fuzz", seed: int = 0,
             shrink_seconds: float | None = None) -> FuzzResult:
    """Fuzz ``claim_id``'s property with Hypothesis; record the shrunk counterexample, if any, in ``out_dir``.

    Generation stops after ``examples`` valid examples or ``seconds`` seconds, whichever comes first;
    once a violation is found, shrinking gets ``shrink_seconds`` more (default max(10, seconds)) and the
    smallest violation seen so far is what is recorded. Deterministic for a given ``seed``.
    """
    prop = get_property(claim_id)
    _check_run_args(examples, seconds, seed)
    hyp = _hypothesis()
    from hypothesis import HealthCheck, Phase, Verbosity, given, reject, settings, target  # noqa: PLC0415
    from hypothesis.errors import Unsatisfiable  # noqa: PLC0415

    shrink_seconds = max(10.0, float(seconds)) if shrink_seconds is None else float(shrink_seconds)
    out = Path(out_dir)
    t0 = time.monotonic()
    state = {"calls": 0, "min_slack": None, "fail": None, "found_at": None}

    def test(**kw):
        now = time.monotonic()
        if state["found_at"] is None and now - t0 > seconds:
            reject()                               # out of generation time: end the run quietly
        if state["found_at"] is not None and now - state["found_at"] > shrink_seconds:
            reject()                               # out of shrinking time: keep the smallest so far
        state["calls"] += 1
        holds, slack, details = evaluate(prop, kw)
        state["min_slack"] = slack if state["min_slack"] is None else min(state["min_slack"], slack)
        target(-slack, label=claim_id)
        if not holds:
            state["fail"] = (kw, slack, details)
            if state["found_at"] is None:
                state["found_at"] = time.monotonic()
            raise _Violation(claim_id)

    strategies = prop.strategies()
    wrapped = given(**strategies)(test)
    for ex in reversed(prop.examples):
        wrapped = hyp.example(**ex)(wrapped)
    wrapped = settings(max_examples=int(examples), deadline=None, database=None, derandomize=False,
                       verbosity=Verbosity.quiet, report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
                       phases=(Phase.explicit, Phase.generate, Phase.target, Phase.shrink))(wrapped)
    wrapped = hyp.seed(int(seed))(wrapped)
    notes = []
    try:
        wrapped()
    except _Violation:
        pass
    except Unsatisfiable:
        notes.append("no valid example within the time budget")
    except Exception as exc:  # noqa: BLE001 - e.g. a flaky replay after the shrink budget ran out
        if state["fail"] is None:
            raise
        notes.append(f"hypothesis ended with {type(exc).__name__}; recorded the smallest violation seen")
    elapsed = time.monotonic() - t0
    record = None
    if state["fail"] is not None:
        kw, slack, details = state["fail"]
        record = {"claim": claim_id, "arguments": encode(kw), "values": {**details, "holds": False, "slack": slack},
                  "hypothesis_seed": int(seed), "examples": int(examples), "evaluations": state["calls"],
                  "found_after_s": round(state["found_at"] - t0, 3), "seconds": round(elapsed, 3),
                  "recorded": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **_provenance()}
        _append(out / COUNTEREXAMPLES, record)
        record = json.loads(_json(record))
    summary = {"claim": claim_id, "found": record is not None, "hypothesis_seed": int(seed), "examples": int(examples),
               "evaluations": state["calls"], "seconds": round(elapsed, 3), "min_slack": state["min_slack"],
               "notes": notes, "recorded": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    _append(out / FUZZ_RUNS, summary)
    return FuzzResult(claim_id, record is not None, int(examples), state["calls"], round(elapsed, 3), int(seed),
                      state["min_slack"], record, str(out), notes)


# ---- replay and verdict ---------------------------------------------------------------------------------

def recorded(claim_id: str, out_dir) -> list[dict]:
    """The counterexamples recorded for ``claim_id`` in ``out_dir`` (oldest first)."""
    return [r for r in read_jsonl(Path(out_dir) / COUNTEREXAMPLES) if r.get("claim") == claim_id]


def replay(claim_id: str, out_dir) -> list[dict]:
    """Re-evaluate every recorded counterexample of ``claim_id``; verdict-engine records, one per example.

    ``values`` holds the fresh numbers of the property (``holds``, ``certain``, ``slack``, its details),
    the recorded slack, and the arguments.
    """
    prop = get_property(claim_id)
    out = []
    for i, rec in enumerate(recorded(claim_id, out_dir)):
        kw = decode(rec["arguments"])
        holds, slack, details = evaluate(prop, kw)
        values = {**_clean(details), "holds": holds, "certain": not holds, "slack": slack,
                  "recorded_slack": rec.get("values", {}).get("slack"), "reproduced": not holds,
                  "arguments": rec["arguments"]}
        out.append({"claim": claim_id, "point": {"counterexample": i, "hypothesis_seed": rec.get("hypothesis_seed")},
                    "point_index": i, "rep": 0, "values": values})
    return out


@dataclass(frozen=True)
class ReplayCheck:
    """Verdict from replayed counterexamples: REFUTED when one still violates the statement (a deterministic
    re-evaluation beyond the numerical floor); INCONCLUSIVE when none is recorded or none reproduces (a fuzz
    run that finds nothing does not confirm a claim: the claim's own grid check does)."""
    source: str = ""

    def evaluate(self, claim_id: str, records: list[dict]) -> Verdict:
        rows = [{"counterexample": r["point_index"], "hypothesis_seed": r["point"].get("hypothesis_seed"),
                 "holds": r["values"]["holds"], "slack": r["values"]["slack"],
                 "recorded_slack": r["values"].get("recorded_slack")} for r in records]
        bad = [r for r in records if not r["values"]["holds"]]
        ev = {"replayed": len(records), "reproduced": len(bad), "source": self.source, "rows": rows,
              "min_slack": min((r["slack"] for r in rows), default=None)}
        if bad:
            r = bad[0]
            explain = r["values"].get("explain", r["values"]["arguments"])
            return Verdict(claim_id, REFUTED,
                           f"{len(bad)}/{len(records)} recorded counterexamples replay as violations; first: {explain}",
                           "deterministic replay of a shrunk Hypothesis counterexample, beyond the numerical floor", ev,
                           {"point": r["point"], "point_index": r["point_index"], "rep": 0,
                            "arguments": r["values"]["arguments"], "values": r["values"]})
        if records:
            return Verdict(claim_id, INCONCLUSIVE,
                           f"none of the {len(records)} recorded counterexamples violates the statement any more "
                           "(the code or the numbers changed): fuzz again", "deterministic replay", ev)
        return Verdict(claim_id, INCONCLUSIVE,
                       f"no counterexample recorded for {claim_id}: run `python -m theorems fuzz {claim_id}` first "
                       "(finding none does not confirm the claim)", "", ev)


def replay_verdict(claim_id: str, out_dir) -> Verdict:
    """Replay the recorded counterexamples of ``claim_id`` in ``out_dir`` and compute the verdict."""
    path = Path(out_dir) / COUNTEREXAMPLES
    return ReplayCheck(str(path)).evaluate(claim_id, replay(claim_id, out_dir))


# ---- built-in properties ------------------------------------------------------------------------------------
# Each cites the statement it evaluates; the numbers come from the claim modules' own functions.

from .claims import activation_facts as F  # noqa: E402


def _from_values(v: dict, slack_key: str = "margin") -> tuple[bool, float, dict]:
    """(holds, slack, details) from a claim module's measurement dict (holds False only when certain)."""
    if not v.get("applies", True):
        return True, 1.0, v
    holds = bool(v["holds"] or not v.get("certain", True))
    s = v.get(slack_key)
    return holds, 0.0 if s is None else float(s), v


@property_for("activation/fact-C.1", args=lambda st, S: {
    "part": st.sampled_from([1, 2]), "s": S.finite_floats(0.0, 1.0, exclude_min=True, exclude_max=True),
    "sigma": S.finite_floats(1e-3, 1e3), "a_frac": S.finite_floats(0.0, 1.0)})
def _fact_c1(part, s, sigma, a_frac):
    """004 Fact C.1, exact: part 1 at t = s sigma; part 2 at t = s sigma / 2, a = a_frac sigma."""
    if part == 1:
        return _from_values(F.c1_values(s * sigma, sigma))
    return _from_values(F.c1_values(s * sigma / 2, sigma, a_frac * sigma))


def _c2_args(st, S):
    return {"s": S.finite_floats(0.0, 30.0), "mu": S.finite_floats(-10.0, 10.0), "sigma": S.finite_floats(1e-2, 1e2)}


@property_for("activation/fact-C.2", args=_c2_args, expect="fails")
def _fact_c2(s, mu, sigma):
    """004 Fact C.2 as printed, exact, at t = s sigma >= 0."""
    return _from_values(F.c2_values(s * sigma, mu, sigma))


@property_for("activation/fact-C.2/corrected", args=_c2_args)
def _fact_c2_corrected(s, mu, sigma):
    """004 Fact C.2 with the inequality reversed (the Gaussian tail bound), exact."""
    return _from_values(F.c2_values(s * sigma, mu, sigma, corrected=True))


@property_for("activation/fact-C.3", args=lambda st, S: {
    "family": st.sampled_from(["two-point", "uniform"]),
    "ps": st.lists(S.finite_floats(0.0, 1.0), min_size=1, max_size=25),
    "widths": st.lists(st.integers(1, 4), min_size=1, max_size=25),
    "t": S.finite_floats(1e-4, 2.0), "scale": S.finite_floats(0.1, 10.0)})
def _fact_c3(family, ps, widths, t, scale):
    """004 Fact C.3 (Hoeffding), exact law: two-point variables of widths scale*w_i, or n = len(ps) uniforms."""
    if family == "uniform":
        return _from_values(F.c3_values("uniform", t, scale=scale, n=len(ps)))
    ws = [widths[i % len(widths)] for i in range(len(ps))]
    return _from_values(F.c3_values("two-point", t, ps=ps, widths=ws, scale=scale))


@property_for("activation/fact-C.4", args=lambda st, S: {
    "ps": st.lists(S.finite_floats(0.0, 1.0), min_size=1, max_size=40),
    "t": S.finite_floats(0.0, 1.0, exclude_min=True, exclude_max=True)})
def _fact_c4(ps, t):
    """004 Fact C.4 as printed (E(x̄) in the exponent), exact Poisson-binomial law."""
    return _from_values(F.c4_values(ps, t))


def _c5_args(st, S):
    return {"n": st.integers(1, 10 ** 6), "k": S.finite_floats(0.05, 5.0), "sigma": S.finite_floats(1e-3, 1e3)}


@property_for("activation/fact-C.5", args=_c5_args, expect="fails")
def _fact_c5(n, k, sigma):
    """004 Fact C.5 as printed, threshold k sqrt(log(n sigma)), independent x_i, exact."""
    return _from_values(F.c5_values(n, k, sigma))


@property_for("activation/fact-C.5/corrected", args=_c5_args)
def _fact_c5_corrected(n, k, sigma):
    """004 Fact C.5 with threshold k sigma sqrt(log n), exact."""
    return _from_values(F.c5_values(n, k, sigma, corrected=True))


@property_for("activation/fact-C.6", args=lambda st, S: {"k": st.integers(1, 5000), "t": S.finite_floats(0.0, 300.0)})
def _fact_c6(k, t):
    """004 Fact C.6 (Laurent-Massart), exact chi-square tails."""
    return _from_values(F.c6_values(k, t))


@property_for("activation/fact-C.9", args=lambda st, S: {"A": S.adversarial_matrices()})
def _fact_c9(A):
    """004 Fact C.9 (Rudelson-Vershynin) on a drawn matrix, float64 backward-error tolerance."""
    return _from_values(F.c9_values(A))


@property_for("activation/fact-C.10", args=lambda st, S: {"A": S.square_matrices()},
              examples=({"A": np.ones((4, 4))}, {"A": np.array([[0.0, 1.0], [1.0, 0.0]])}))
def _fact_c10(A):
    """004 Fact C.10 (Gershgorin) on a drawn complex matrix, float64 backward-error tolerance."""
    return _from_values(F.c10_values(A))


def _c11_args(st, S):
    n = st.shared(S.sizes(1, 6), key="fact-C.11 n")
    return {"A": S.hermitian_matrices(n), "B": S.hermitian_matrices(n)}


@property_for("activation/fact-C.11", args=_c11_args,
              examples=({"A": np.diag([3.0, 1.0, -2.0]), "B": np.diag([2.0, 0.0, -1.0])},))
def _fact_c11(A, B):
    """004 Fact C.11 (Weyl, eigenvalues descending) on drawn Hermitian pairs."""
    return _from_values(F.c11_values(A, B))


def _f5_args(st, S):
    unit = st.one_of(st.sampled_from([-1.0, 1.0]), S.finite_floats(-1.0, 1.0))    # the extremes come up often
    vals = st.lists(unit, min_size=1, max_size=8)
    return {"eps": S.finite_floats(1e-6, 4.0), "f1": vals, "f2": vals, "u1": vals, "u2": vals}


@property_for("activation/lemma-F.5", expect="fails", args=_f5_args)
def _lemma_f5(eps, f1, f2, u1, u2):
    """004 Lemma F.5 on functions given by their values at points of I: |f_i| <= 1, g_i = f_i + eps u_i
    (|u_i| <= 1, moved by ulps so that |g_i - f_i| <= eps holds in float64); sup |f1 f2 - g1 g2| <= 3 eps."""
    from .claims.activation_cheb import U, _within  # noqa: PLC0415
    n = min(len(f1), len(f2), len(u1), len(u2))
    f = np.array([f1[:n], f2[:n]], dtype=float)
    g = np.stack([_within(f[i] + eps * np.asarray((u1, u2)[i][:n], float), f[i], eps) for i in range(2)])
    hyp = bool(np.max(np.abs(g - f)) <= eps)
    lhs = float(np.max(np.abs(f[0] * f[1] - g[0] * g[1])))
    rhs = 3 * eps
    floor = 8 * U * (1 + eps) ** 2
    holds = (not hyp) or lhs <= rhs + floor
    return holds, (rhs - lhs) / rhs, {
        "eps": eps, "lhs": lhs, "rhs": rhs, "worst_case": 2 * eps + eps * eps, "hypotheses_hold": hyp,
        "explain": f"eps={eps!r}: sup|f1f2 - g1g2| = {lhs!r} > 3 eps = {rhs!r} (worst case 2eps + eps^2)"}


@property_for("activation/thm-F.2", expect="fails", args=lambda st, S: {
    "p": st.integers(1, 3), "span": st.integers(1, 3), "extra": st.integers(0, 4),
    "coeffs": st.lists(S.finite_floats(-2.0, 2.0), min_size=4, max_size=4), "seed": S.seeds()})
def _thm_f2(p, span, extra, coeffs, seed):
    """004 Thm F.2 as printed: phi' = sum_{l<=p} c_l x^l, n = binom(d'+p, p) + extra (so binom(d'+p,p) < n+1),
    data on a random d'-dimensional subspace: lambda_min(G^(0)) must be 0 (at most the float64 floor)."""
    from kernels import data  # noqa: PLC0415

    from .claims._gmatrix import binom, certain, g0_spectrum  # noqa: PLC0415
    from .claims.activation_rank import _m_for, _poly_activation  # noqa: PLC0415
    n = binom(span + p, p) + extra
    act = _poly_activation(coeffs[: p + 1])
    rng = np.random.default_rng(seed)
    X = data.low_span(n, span + 2, span, rng)
    sp = g0_spectrum(X, act, _m_for(n), rng, None)
    lam, top = sp.lambda_min, float(sp.values[0])
    violated = sp.lambda_min_resolved and certain(lam, sp.floor)
    return not violated, (sp.floor - lam) / (abs(top) or 1.0), {
        "p": p, "span": span, "n": n, "lambda_min": lam, "floor": sp.floor, "rank": sp.rank(),
        "condition": f"binom({span}+{p},{p}) = {binom(span + p, p)} < {n + 1}",
        "explain": f"p={p}, d'={span}, n={n}, phi' coefficients {list(coeffs[:p + 1])}: binom(d'+p,p) = "
                   f"{binom(span + p, p)} < n+1 but lambda_min(G) = {lam:.3g} > floor {sp.floor:.2g}"}


I1_KMAX = 64


@property_for("activation/lemma-I.1", max_examples=20, args=lambda st, S: {
    "act": S.activations(), "r": st.integers(0, 6), "X": S.datasets(n=S.sizes(2, 8), d=S.sizes(2, 6))})
def _lemma_i1(act, r, X):
    """004 Lemma I.1: lambda_min(G∞) >= c̄_r(phi')^2 lambda_min((X X^T)^{⊙(r+1)}); G∞ by closed form or a
    Hermite series of I1_KMAX terms whose truncation and quadrature errors enter the floor."""
    from kernels import gram, spectrum  # noqa: PLC0415
    gi = gram.infinite_gram(X, act, kmax=I1_KMAX)
    lhs = spectrum.spectrum(gi.matrix, gi.error_bound)
    c, _, _ = gram.hermite_coefficients_of_derivative(act, max(r, 10))
    K = np.clip(X @ X.T, -1, 1) ** (r + 1)
    rsp = spectrum.spectrum(K)
    rhs = float(c[r] ** 2) * rsp.lambda_min
    margin = lhs.lambda_min - rhs
    tol = lhs.floor + float(c[r] ** 2) * rsp.floor
    scale = abs(lhs.lambda_min) + abs(rhs) + tol
    return bool(margin >= -tol), margin / scale if scale > 0 else 0.0, {
        "activation": act.name, "r": r, "n": X.shape[0], "lambda_min_ginf": lhs.lambda_min, "floor": lhs.floor,
        "rhs": rhs, "margin": margin, "method": gi.method,
        "explain": f"{act.name}, r={r}, n={X.shape[0]}: lambda_min(G∞) = {lhs.describe()} < c̄_r^2 lambda_min = {rhs:.3g}"}


@property_for("activation/thm-F.4", max_examples=15, args=lambda st, S: {
    "k": S.finite_floats(0.0, 12.0), "eps": S.finite_floats(1e-10, 1.0)})
def _thm_f4(k, eps):
    """004 Thm F.4: the printed degree p(k, eps) reaches eps for sigma(kx) on [-1, 1] (Chebyshev truncation in
    34 digits; a violation is certain only through the de la Vallee Poussin lower bound)."""
    from .claims.activation_cheb import _degree_measure, printed_degree_f4  # noqa: PLC0415
    v = _degree_measure("sigmoid(kx)", printed_degree_f4, "k")({"k": k, "eps": eps}, None, None)
    err = v["error_at_printed_upper"]
    slack = 20.0 if err <= 0 else max(-20.0, min(20.0, math.log10(eps / err)))
    holds, _, v = _from_values(v)
    return holds, slack, v


@property_for("overparam/claim-7.6", expect="holds", args=lambda st, S: {
    "alpha": S.finite_floats(-20.0, 20.0), "delta": S.finite_floats(0.0, 1.0 / 6.0)},
    examples=({"alpha": 1.0, "delta": 1.0 / 6.0}, {"alpha": 0.0, "delta": 0.0}))
def _claim_76(alpha, delta):
    """001 Claim 7.6: g1, g2 ~ N(0, 2), alpha in R, delta in [0, 1/6]:
    E[(phi(g1) - phi(alpha g1 + delta g2))^2] >= delta^2 (1 - delta). The expectation comes from the
    arc-cosine closed form (kernels.deep_relu, checked against mpmath quadrature in tests/test_overparam.py)."""
    from kernels.deep_relu import relu_pair_expectation  # noqa: PLC0415
    lhs = relu_pair_expectation(alpha, delta)
    rhs = delta * delta * (1 - delta)
    floor = 64 * np.finfo(float).eps * (1 + alpha * alpha)
    return lhs >= rhs - floor, lhs - rhs, {
        "alpha": alpha, "delta": delta, "lhs": lhs, "rhs": rhs,
        "explain": f"alpha={alpha!r}, delta={delta!r}: E = {lhs!r} < delta^2(1-delta) = {rhs!r}"}


@property_for("confusion/app-C", args=lambda st, S: {
    "family": st.sampled_from(["cubic", "arctan", "tight"]), "D": st.integers(1, 12), "rank": st.integers(1, 4),
    "seed": S.seeds(), "log10_radius": S.finite_floats(-6.0, 3.0),
    "direction": st.one_of(st.none(), st.lists(S.finite_floats(-1.0, 1.0), min_size=12, max_size=12))},
    examples=({"family": "tight", "D": 3, "rank": 1, "seed": 0, "log10_radius": 0.5, "direction": None},))
def _app_c(family, D, rank, seed, log10_radius, direction):
    """000 App. C: |<∇f_1, ∇f_2>| <= ‖w‖²‖H_1‖‖H_2‖ + ½L_H‖w‖³(‖H_1‖+‖H_2‖) + ¼L_H²‖w‖⁴ for a drawn pair minimized
    at 0 with an exactly known Hessian Lipschitz constant L_H (cubic ridges, arctan ridges, or the pair that attains
    equality), at w of norm 10^log10_radius along a drawn direction (the family's adversarial one when None)."""
    from .claims.confusion import appc_at  # noqa: PLC0415
    rank = min(rank, D)
    vec = None if direction is None else direction[:D]
    return _from_values(appc_at(family, D, rank, seed, 10.0 ** log10_radius, vec))


@property_for("confusion/lemma-D.1", expect="fails", max_examples=40, args=lambda st, S: {
    "activation": st.sampled_from(["sigmoid", "tanh", "relu"]), "width": st.integers(1, 256),
    "depth": st.integers(1, 3), "d": st.integers(1, 16),
    "construction": st.sampled_from(["random", "orthogonal_last", "positive"]), "seed": S.seeds()})
def _lemma_d1(activation, width, depth, d, construction, seed):
    """000 Lemma D.1 on one network of eq. 4 with semi-orthogonal weights (‖W_p‖ = 1), ‖x‖ = 1, labels ±1:
    ‖∇_{W_p} g‖ <= 1, |ζ| <= 2, ‖∇_x ζ‖ and ‖∇_W ζ‖ <= 2√β (square and logistic loss); slack is the smallest
    relative margin over the bounds."""
    from .claims.confusion import d1_at  # noqa: PLC0415
    return _from_values(d1_at(activation, width, depth, d, construction, seed))


@property_for("activation/lemma-J.4", args=lambda st, S: {
    "a": S.finite_floats(0.0, 0.5, exclude_min=True, exclude_max=True),
    "log10_inv_delta": S.finite_floats(1e-6, 300.0),
    "log10_inv_eps": S.finite_floats(1e-6, 300.0),
    "b": S.finite_floats(1e-4, 0.25)})
def _lemma_j4(a, log10_inv_delta, log10_inv_eps, b):
    """004 Lemma J.4 with the constants of its proof: from 1 − δ, f(ρ) = aρ + (1−a)ρ² reaches ε within
    ⌈(2/(1−a)) ln(b/δ)⌉ + ⌈(1/(b(1−a))) ln((1−b)/ε)⌉ steps for a small constant b (drawn in [1e-4, ¼]); each phase
    counted in whole steps (a phase already done counts 0). The count is exact (two-chart float64 iteration)."""
    from kernels.correlation_map import proof_bound, steps_to_reach  # noqa: PLC0415
    delta, eps = 10.0 ** -log10_inv_delta, 10.0 ** -log10_inv_eps
    n = steps_to_reach(a, delta, eps)
    p1, p2 = proof_bound(a, delta, eps, b)
    bound = math.ceil(p1) + math.ceil(p2)
    return n <= bound, (bound - n) / max(bound, 1), {
        "a": a, "delta": delta, "eps": eps, "b": b, "steps": n, "bound": bound, "phase1": p1, "phase2": p2,
        "explain": f"a={a!r}, delta={delta!r}, eps={eps!r}, b={b!r}: {n} steps > proof bound {bound}"}
