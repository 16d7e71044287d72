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

``args(st, S)`` receives ``hypothesis.strategies`` and ``theorems.fuzz.strategies`` and returns name -> strategy;
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

from ..evidence import ReplaySummary
from ..jsonsafe import json_default, json_safe
from ..store import git_commit, read_jsonl
from ..verdict import INCONCLUSIVE, REFUTED, Verdict

COUNTEREXAMPLES = "counterexamples.jsonl"
FUZZ_RUNS = "fuzz_runs.jsonl"
SLACK_CAP = 1e300


@dataclass(frozen=True)
class Property:
    claim_id: str
    fn: Callable
    args: Callable                     # (hypothesis.strategies, theorems.fuzz.strategies) -> {name: strategy}
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


def from_measurement(values: dict, slack_key: str = "margin") -> tuple[bool, float, dict]:
    """(holds, slack, details) for theorems.fuzz.engine from a claim's measurement dict.

    Not applicable -> holds with slack 1; otherwise ``holds`` is False only for a violation that is certain
    (``values["certain"]``), and the slack is ``values[slack_key]`` (0 when absent or None).
    """
    if not values.get("applies", True):
        return True, 1.0, values
    holds = bool(values["holds"] or not values.get("certain", True))
    slack = values.get(slack_key)
    return holds, 0.0 if slack is None else float(slack), values


def _ensure_loaded() -> None:
    """Import every claim module so that properties registered there are known."""
    global _LOADED
    if not _LOADED:
        from .. import registry  # noqa: PLC0415
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
    return json.dumps(json_safe(obj), default=json_default, ensure_ascii=False)


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
        return json_safe({k: getattr(self, k) for k in ("claim_id", "found", "examples", "evaluations", "seconds",
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
    try:
        from importlib.metadata import version  # noqa: PLC0415
        ver = version("nnclaims")
    except Exception:  # noqa: BLE001
        ver = "unknown"
    return {"version": ver, "git_commit": git_commit(), "hypothesis": _hypothesis().__version__}


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
        values = {**json_safe(details), "holds": holds, "certain": not holds, "slack": slack,
                  "recorded_slack": rec.get("values", {}).get("slack"), "reproduced": not holds,
                  "arguments": rec["arguments"]}
        out.append({"claim": claim_id, "point": {"counterexample": i, "hypothesis_seed": rec.get("hypothesis_seed")},
                    "point_index": i, "rep": 0, "values": values})
    return out


@dataclass(frozen=True, kw_only=True)
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
        ev = ReplaySummary(len(records), len(bad), self.source, tuple(rows),
                           min((r["slack"] for r in rows), default=None))
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

    def read_evidence(self, d: dict) -> ReplaySummary:
        return ReplaySummary.from_dict(d)


def replay_verdict(claim_id: str, out_dir) -> Verdict:
    """Replay the recorded counterexamples of ``claim_id`` in ``out_dir`` and compute the verdict."""
    path = Path(out_dir) / COUNTEREXAMPLES
    return ReplayCheck(source=str(path)).evaluate(claim_id, replay(claim_id, out_dir))
