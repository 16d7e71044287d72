"""The verdict engine: one place that turns measurements into CONFIRMED / REFUTED /
INCONCLUSIVE / NOT_CHECKABLE, each with its evidence. It knows nothing about neural nets.

A record is ``{"point": {...}, "point_index": i, "rep": r, "values": {...}}``.
Checks:
- ``Predicate``: a deterministic statement evaluated per record (rank identities).
  Each record gives ``holds`` and ``certain`` (the margin is beyond the numerical floor).
- ``HighProbabilityBound``: ``lhs >= rhs`` (or <=) must hold w.h.p. as ``along`` grows;
  violation rates with exact Clopper-Pearson intervals.
- ``Scaling``: an O/Ω statement; fit the exponent of y in x per group with a CI and compare
  with the printed exponent in the direction the statement allows.
- ``GeometricRate``: y = O(r^-x) for every r < rho; ``Trend``: y rises (falls) with x, by rank correlation;
  ``AllOf``: several checks, their verdicts combined.

Each check's evidence is a typed record of ``theorems.evidence`` (``Verdict.check_evidence``); its JSON form
(``Verdict.evidence``, ``Verdict.as_dict()``) is what runs store, and ``check.read_evidence`` reads it back.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal, Mapping

import numpy as np

from kernels import stats

from . import power as power_of
from .evidence import (
    AllOfEvidence,
    BoundEvidence,
    CheckEvidence,
    FitError,
    GeometricFit,
    GeometricRateEvidence,
    PredicateSummary,
    RateGroup,
    RateRow,
    RunInfo,
    ScalingEvidence,
    ScalingFit,
    TrendEvidence,
)
from .jsonsafe import json_safe

VERDICTS = ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE")
CONFIRMED, REFUTED, INCONCLUSIVE, NOT_CHECKABLE = VERDICTS

MEANINGS = {
    CONFIRMED: "the measurements agree with the printed statement at 95% confidence, and its power says what "
               "the same measurements would have refuted",
    REFUTED: "the measurements contradict the printed statement beyond statistical and numerical error; a "
             "counterexample is attached",
    INCONCLUSIVE: "precision or range is not enough to decide either way; the reason says what would settle it",
    NOT_CHECKABLE: "no grid point falls where the statement applies (or every point's data violate its "
                   "assumptions)",
}


@dataclass
class Verdict:
    """A check's verdict on one claim: the reason, the confidence, the typed evidence of the check
    (``check_evidence``), a counterexample record when REFUTED, and ``run`` (set by the engine)."""
    id: str
    verdict: str
    reason: str
    confidence: str = ""
    check_evidence: CheckEvidence | None = None
    counterexample: dict | None = None
    run: RunInfo | None = None
    power: dict | None = None          # what the same records would have refuted (theorems.power); CONFIRMED only
    inapplicable: tuple = ()           # points left out because their data violate the claim's assumptions

    EXTRA_KEYS = ("power", "inapplicable")

    @property
    def evidence(self) -> dict:
        """The evidence as stored: the run info (when set), the check's record, then ``power`` and
        ``inapplicable`` when present, as a dict."""
        extra = {}
        if self.power:
            extra["power"] = self.power
        if self.inapplicable:
            extra["inapplicable"] = list(self.inapplicable)
        return {**(self.run.as_dict() if self.run else {}),
                **(self.check_evidence.as_dict() if self.check_evidence else {}), **extra}

    def as_dict(self) -> dict:
        return {"id": self.id, "verdict": self.verdict, "reason": self.reason,
                "confidence": self.confidence, "evidence": json_safe(self.evidence),
                "counterexample": json_safe(self.counterexample)}

    @classmethod
    def from_dict(cls, d: dict, check) -> Verdict:
        """A stored verdict (a line of ``verdicts.jsonl``) read back, its evidence typed by the claim's ``check``."""
        run, rest = RunInfo.split(d.get("evidence") or {})
        extra = {k: rest.pop(k) for k in cls.EXTRA_KEYS if k in rest}
        return cls(d["id"], d["verdict"], d["reason"], d.get("confidence", ""), check.read_evidence(rest),
                   d.get("counterexample"), run, extra.get("power"), tuple(extra.get("inapplicable", ())))


def _check_choice(owner: str, name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{owner}: {name} must be one of {', '.join(map(repr, allowed))} (got {value!r})")


def select(records: list[dict], where: Mapping | None) -> list[dict]:
    """The records whose grid point matches every key/value of ``where`` (all records when None)."""
    if not where:
        return list(records)
    return [r for r in records if all(r["point"].get(k) == v for k, v in where.items())]


def inapplicable_reason(record: dict) -> str | None:
    """Why a record's data violate the claim's assumptions (its ``values["inapplicable"]``), or None."""
    why = record["values"].get("inapplicable")
    return str(why) if why else None


def split_applicable(records: list[dict]) -> tuple[list[dict], tuple]:
    """(the records whose data satisfy the claim's assumptions, one row per left-out point with its reason).
    A measurement marks its point with ``values["inapplicable"] = "<reason>"`` (``kernels.data_assumptions``)."""
    kept, rows, seen = [], [], set()
    for r in records:
        why = inapplicable_reason(r)
        if why is None:
            kept.append(r)
        elif r["point_index"] not in seen:
            seen.add(r["point_index"])
            rows.append({"point": r["point"], "reason": why})
    return kept, tuple(rows)


def _none_applicable(claim_id: str, rows: tuple) -> Verdict:
    return Verdict(claim_id, NOT_CHECKABLE, f"every point's data violate the claim's assumptions; first: "
                                            f"{rows[0]['reason']}", "", None, None, inapplicable=rows)


def json_safe_key(row: dict) -> str:
    """A hashable key of an inapplicable row (its point and reason)."""
    return json.dumps(json_safe(row), sort_keys=True)


def combine(verdicts: list[str]) -> str:
    if REFUTED in verdicts:
        return REFUTED
    if INCONCLUSIVE in verdicts or not verdicts:
        return INCONCLUSIVE
    return CONFIRMED


@dataclass(frozen=True, kw_only=True)
class Predicate:
    """Deterministic statement per record. Records whose ``applies`` value is False are evidence only.

    ``when_none_applies``: the verdict when no grid point is applicable (NOT_CHECKABLE by default;
    INCONCLUSIVE where a larger grid would make the statement testable, with ``why_none`` saying how).
    """
    summary_keys: tuple = ()
    when_none_applies: str = NOT_CHECKABLE
    why_none: str = "no grid point falls where the statement applies"
    where: Mapping | None = None      # grid-point keys/values that select this check's records
    undecided: str = "lie within the numerical floor; higher precision would settle them"   # why "certain" is False

    def __post_init__(self):
        _check_choice("Predicate", "when_none_applies", self.when_none_applies, (NOT_CHECKABLE, INCONCLUSIVE))

    def evaluate(self, claim_id: str, records: list[dict]) -> Verdict:
        records = select(records, self.where)
        _, dropped = split_applicable(records)
        rel = [r for r in records if r["values"].get("applies", True) and inapplicable_reason(r) is None]
        if not rel:
            rows = [{"point": r["point"], "rep": r["rep"], **{k: r["values"].get(k) for k in self.summary_keys}}
                    for r in records]
            verdict, why = self.when_none_applies, self.why_none
            if dropped and len(dropped) == len({r["point_index"] for r in records}):
                verdict = NOT_CHECKABLE
                why = f"every point's data violate the claim's assumptions; first: {dropped[0]['reason']}"
            return Verdict(claim_id, verdict, why, "", PredicateSummary(tuple(rows)), inapplicable=dropped)
        certain_bad = [r for r in rel if not r["values"]["holds"] and r["values"].get("certain", True)]
        unsure_bad = [r for r in rel if not r["values"]["holds"] and not r["values"].get("certain", True)]
        rows = [{"point": r["point"], "rep": r["rep"],
                 **{k: r["values"].get(k) for k in ("holds", "certain", *self.summary_keys)}} for r in records]
        ev = PredicateSummary(tuple(rows), len(rel), len(certain_bad) + len(unsure_bad))
        if certain_bad:
            r = certain_bad[0]
            return Verdict(claim_id, REFUTED,
                           f"statement fails at {len(certain_bad)}/{len(rel)} points, beyond the numerical floor; "
                           f"first: {r['values'].get('explain', r['point'])}",
                           "deterministic: the violating margin exceeds the float64 floor", ev,
                           {"point": r["point"], "point_index": r["point_index"], "rep": r["rep"],
                            "values": r["values"]}, inapplicable=dropped)
        if unsure_bad:
            first = unsure_bad[0]["values"].get("explain", unsure_bad[0]["point"])
            return Verdict(claim_id, INCONCLUSIVE, f"{len(unsure_bad)} apparent violations {self.undecided}; first: {first}",
                           "undecided margins", ev, inapplicable=dropped)
        return Verdict(claim_id, CONFIRMED, f"statement holds at all {len(rel)} applicable points",
                       "deterministic, margins beyond the float64 floor", ev,
                       power=power_of.predicate(len(rel), len(records), self._extremes(rel)), inapplicable=dropped)

    def _extremes(self, rel: list[dict]) -> dict:
        """The smallest ``margin`` / ``slack`` the applicable records carry (the closest call), if they carry one."""
        out = {}
        for key in ("margin", "slack"):
            vals = [r["values"][key] for r in rel if isinstance(r["values"].get(key), (int, float))
                    and math.isfinite(r["values"][key])]
            if vals:
                out[f"smallest {key}"] = float(min(vals))
        return out

    def read_evidence(self, d: dict) -> PredicateSummary:
        return PredicateSummary.from_dict(d)


@dataclass(frozen=True, kw_only=True)
class HighProbabilityBound:
    """lhs (sense) rhs must hold with probability -> 1 as ``along`` grows.

    CONFIRMED: at the largest ``along`` the violation rate's 95% Clopper-Pearson upper bound
    is <= ``max_rate``. REFUTED: the lower bound exceeds 1/2 there (the bound fails more
    often than not where the statement promises high probability). Else INCONCLUSIVE.
    """
    lhs: str
    rhs: str
    sense: Literal[">=", "<="] = ">="
    along: str = "m"
    group_by: tuple = ()
    max_rate: float = 0.05
    where: Mapping | None = None      # grid-point keys/values that select this check's records

    def __post_init__(self):
        _check_choice("HighProbabilityBound", "sense", self.sense, (">=", "<="))

    def evaluate(self, claim_id: str, records: list[dict]) -> Verdict:
        records, dropped = split_applicable(select(records, self.where))
        if not records and dropped:
            return _none_applicable(claim_id, dropped)
        groups = defaultdict(lambda: defaultdict(list))
        for r in records:
            key = tuple((k, r["point"][k]) for k in self.group_by)
            v = r["values"]
            ok = v[self.lhs] >= v[self.rhs] if self.sense == ">=" else v[self.lhs] <= v[self.rhs]
            groups[key][r["point"][self.along]].append((ok, v[self.lhs] - v[self.rhs], r))
        outs, ev, tops = [], {}, []
        counter = None
        for key, by_x in groups.items():
            rows = []
            for x in sorted(by_x):
                res = by_x[x]
                k = sum(1 for ok, _, _ in res if not ok)
                ci = stats.clopper_pearson(k, len(res))
                rows.append(RateRow(self.along, x, k, len(res), (ci.lo, ci.hi), min(s for _, s, _ in res)))
            top = rows[-1]
            if top.rate_ci95[1] <= self.max_rate:
                outs.append(CONFIRMED)
            elif top.rate_ci95[0] > 0.5:
                outs.append(REFUTED)
                bad = [r for ok, _, r in by_x[max(by_x)] if not ok][0]
                counter = counter or {"point": bad["point"], "point_index": bad["point_index"], "rep": bad["rep"],
                                      "values": bad["values"]}
            else:
                outs.append(INCONCLUSIVE)
            label = ", ".join(f"{k}={v}" for k, v in key) or "all"
            ev[label] = RateGroup(label, tuple(rows))
            top_recs = [r for _, _, r in by_x[max(by_x)]]
            tops.append({"label": label, "x": top.x, "trials": top.trials, "violations": top.violations,
                         "rate_ci95": top.rate_ci95, "lhs": [r["values"][self.lhs] for r in top_recs],
                         "rhs": [r["values"][self.rhs] for r in top_recs]})
        verdict = combine(outs)
        reason = {CONFIRMED: f"violation rate at the largest {self.along} has 95% upper bound <= {self.max_rate}",
                  REFUTED: f"the bound fails in most draws at the largest {self.along}",
                  INCONCLUSIVE: f"violation rate at the largest {self.along} not yet below {self.max_rate}: "
                                f"a larger {self.along} or more repetitions would settle it"}[verdict]
        return Verdict(claim_id, verdict, reason, "exact binomial (Clopper-Pearson) 95% intervals",
                       BoundEvidence(self.along, tuple(ev.values())), counter,
                       power=power_of.bound(tops, sense=self.sense, along=self.along) if verdict == CONFIRMED else None,
                       inapplicable=dropped)

    def read_evidence(self, d: dict) -> BoundEvidence:
        return BoundEvidence.from_dict(d, self.along)


@dataclass(frozen=True, kw_only=True)
class Scaling:
    """y = Ω(x^a) (``direction="lower_bound"``), O(x^a) (``"upper_bound"``) or Θ (``"both"``) as x -> ``limit``,
    with a = ``printed``, the exponent as printed.

    A lower bound as x -> inf is contradicted by a fitted exponent significantly below a;
    as x -> 0 by one significantly above a (upper bounds the other way round). The exponent
    is fitted per group (other grid axes held fixed) over seeds with a t-interval. INCONCLUSIVE
    when the CI is wider than ``max_ci_width``, when y is unresolved (None/NaN) at a grid point,
    or when the fit on the half of the range nearest the limit drifts significantly the other way (its own
    t-interval over seeds clears the tolerance: finite-size drift).

    REFUTED needs the CI to clear the printed exponent by more than ``tolerance`` (0.1: smaller
    gaps are within the finite-size drift seen on closed forms, e.g. λ = cδ(1 + O(δ)) fits 1.01)
    AND the fit on the half of the range nearest the limit to agree.

    With ``transform`` the form is y = exp(b t(x)) instead (e.g. t = sqrt(k) for e^{-c sqrt k},
    t = n^{1/(2d')} for exp(-Ω(n^{1/2d'}))): b is fitted as the slope of log y against t.
    """
    y: str
    x: str
    printed: float
    direction: Literal["lower_bound", "upper_bound", "both"]
    limit: Literal["inf", "0"] = "inf"
    group_by: tuple = ()
    where: Mapping | None = None  # grid-point keys/values that select this check's records
    max_ci_width: float = 1.0
    tolerance: float = 0.1
    transform: object = None     # None: power law (log y vs log x); else t(x, group) -> log y vs t
    strict: bool = False         # CONFIRMED needs the CI strictly on the allowed side (an unknown constant > 0)

    def __post_init__(self):
        _check_choice("Scaling", "direction", self.direction, ("lower_bound", "upper_bound", "both"))
        _check_choice("Scaling", "limit", self.limit, ("inf", "0"))

    def _allowed_below(self) -> bool:
        """True when the statement allows exponents below the printed one (e.g. O(x^a) as x -> inf)."""
        return (self.direction == "lower_bound") != (self.limit == "inf")

    def _contradicts(self, lo: float, hi: float, tol: float = 0.0) -> bool:
        a_lo, a_hi = self.printed - tol, self.printed + tol
        below, above = hi < a_lo, lo > a_hi
        if self.direction == "both":
            return below or above
        lower_inf = (self.direction == "lower_bound") == (self.limit == "inf")
        return below if lower_inf else above

    def evaluate(self, claim_id: str, records: list[dict]) -> Verdict:
        records, dropped = split_applicable(select(records, self.where))
        if not records and dropped:
            return _none_applicable(claim_id, dropped)
        groups = defaultdict(list)
        for r in records:
            groups[tuple((k, r["point"][k]) for k in self.group_by)].append(r)
        outs, ev, counter, notes, confirmed = [], {}, None, [], []
        for key, recs in groups.items():
            xs = sorted({r["point"][self.x] for r in recs})
            reps = sorted({r["rep"] for r in recs})
            Y = np.full((len(reps), len(xs)), np.nan)
            for r in recs:
                val = r["values"].get(self.y)
                Y[reps.index(r["rep"]), xs.index(r["point"][self.x])] = np.nan if val is None else val
            label = ", ".join(f"{k}={v}" for k, v in key) or "all"
            unresolved = int(np.sum(~np.isfinite(Y) | (Y <= 0)))
            if len(xs) < 2:
                outs.append(NOT_CHECKABLE)
                continue
            try:
                if self.transform is None:
                    fit = stats.fit_power_law(np.asarray(xs, float), Y)
                else:
                    t = np.asarray([self.transform(x, dict(key)) for x in xs], float)
                    with np.errstate(divide="ignore", invalid="ignore"):
                        fit = stats.fit_slope(t, np.where(Y > 0, np.log(np.where(Y > 0, Y, 1.0)), np.nan))
            except ValueError as exc:
                outs.append(INCONCLUSIVE)
                ev[label] = FitError(label, str(exc))
                continue
            near = fit.slope_upper_half if self.limit == "inf" else fit.slope_lower_half
            # finite-size drift counts only when significant: the near-limit half's own t-interval over seeds
            # must clear the tolerance (a point estimate on half the points is too noisy to decide alone)
            near_ci = fit.upper_half_ci if self.limit == "inf" else fit.lower_half_ci
            g = ScalingFit(label, fit.as_dict(), self.printed, xs,
                           [float(np.exp(np.nanmean(np.log(np.where(Y[:, j] > 0, Y[:, j], np.nan)))))
                            if np.any(Y[:, j] > 0) else None for j in range(len(xs))], unresolved, near)
            if unresolved:
                outs.append(INCONCLUSIVE)
                notes.append(f"{label}: {unresolved} values unresolved (at or below the numerical floor of the "
                             f"computation); more precision would settle it")
            elif self._contradicts(fit.lo, fit.hi, self.tolerance) and (
                    near is None or self._contradicts(near, near, self.tolerance)):
                outs.append(REFUTED)
                notes.append(f"{label}: fitted exponent {fit.slope:.3g} [{fit.lo:.3g}, {fit.hi:.3g}] "
                             f"(near-limit half {near if near is None else round(near, 3)}) "
                             f"contradicts printed {self.printed:g}")
                worst = recs[-1] if self.limit == "inf" else recs[0]
                counter = counter or {"point": worst["point"], "point_index": worst["point_index"],
                                      "rep": worst["rep"], "values": worst["values"], "fit": fit.as_dict()}
            elif self._contradicts(fit.lo, fit.hi, self.tolerance):
                outs.append(INCONCLUSIVE)
                notes.append(f"{label}: exponent {fit.slope:.3g} [{fit.lo:.3g}, {fit.hi:.3g}] contradicts printed "
                             f"{self.printed:g} but the near-limit half ({near:.3g}) does not; a wider range would settle it")
            elif fit.hi - fit.lo > self.max_ci_width:
                outs.append(INCONCLUSIVE)
                notes.append(f"{label}: CI width {fit.hi - fit.lo:.3g} > {self.max_ci_width}; more seeds or range")
            elif near is not None and self._contradicts(*(near_ci or (near, near)), self.tolerance):
                outs.append(INCONCLUSIVE)
                ci_text = "" if near_ci is None else f" [{near_ci[0]:.3g}, {near_ci[1]:.3g}]"
                notes.append(f"{label}: the near-limit half fit {near:.3g}{ci_text} drifts past the printed "
                             f"exponent; a wider range would settle it")
            elif self.strict and not self._contradicts(fit.lo, fit.hi) and not (
                    (fit.hi < self.printed) if self._allowed_below() else (fit.lo > self.printed)):
                outs.append(INCONCLUSIVE)
                notes.append(f"{label}: exponent {fit.slope:.3g} [{fit.lo:.3g}, {fit.hi:.3g}] does not clear "
                             f"{self.printed:g}: no evidence yet of the promised rate; a wider range would settle it")
            else:
                outs.append(CONFIRMED)
                confirmed.append({"label": label, "slope": fit.slope, "lo": fit.lo, "hi": fit.hi, "near": near})
                within = f" (within tolerance {self.tolerance:g})" if self._contradicts(fit.lo, fit.hi) else ""
                notes.append(f"{label}: exponent {fit.slope:.3g} [{fit.lo:.3g}, {fit.hi:.3g}] "
                             f"consistent with printed {self.printed:g}{within}")
            ev[label] = g
        verdict = combine([o for o in outs if o != NOT_CHECKABLE]) if any(o != NOT_CHECKABLE for o in outs) \
            else NOT_CHECKABLE
        kind = {"lower_bound": "Ω", "upper_bound": "O", "both": "Θ"}[self.direction]
        form = f"{self.x}^{self.printed:g}" if self.transform is None else \
            f"exp({self.printed:g} t({self.x})), t = {getattr(self.transform, '__doc__', None) or 't'}"
        reason = f"{self.y} = {kind}({form}) as {self.x}->{self.limit}: " + "; ".join(notes)
        power = power_of.scaling(confirmed, printed=self.printed, direction=self.direction,
                                 allowed_below=self._allowed_below(), tolerance=self.tolerance,
                                 x=self.x, y=self.y) if verdict == CONFIRMED else None
        return Verdict(claim_id, verdict, reason,
                       "95% t-intervals over seeds on per-seed log-log slopes (mean of logs)",
                       ScalingEvidence(tuple(ev.values())), counter, power=power, inapplicable=dropped)

    def read_evidence(self, d: dict) -> ScalingEvidence:
        return ScalingEvidence.from_dict(d)


@dataclass(frozen=True, kw_only=True)
class Trend:
    """y rises (``sign=1``) or falls (``sign=-1``) with x: a qualitative monotone statement ("the largest batch
    that converges grows with the width") about values a power law cannot fit (discrete, or censored at the ends
    of a grid: "no batch of the grid converged" enters at its rank, below every batch of the grid).

    Statistic: Spearman's rank correlation of y with x over every applicable record; x may be a grid key or a
    measured value. Its 95% interval is a percentile bootstrap over repetitions (``kernels.stats.rank_trend``).
    CONFIRMED when the interval lies on the stated side of 0; REFUTED when it lies on the other side (a
    significant trend the other way); INCONCLUSIVE when it contains 0, or when x or y takes a single value.
    """
    y: str
    x: str
    sign: int = 1
    where: Mapping | None = None      # grid-point keys/values that select this check's records
    resamples: int = 2000

    def __post_init__(self):
        _check_choice("Trend", "sign", self.sign, (1, -1))

    def _value(self, r: dict, key: str):
        v = r["values"].get(key, r["point"].get(key))
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None

    def evaluate(self, claim_id: str, records: list[dict]) -> Verdict:
        records, dropped = split_applicable(select(records, self.where))
        if not records and dropped:
            return _none_applicable(claim_id, dropped)
        pairs = [(self._value(r, self.x), self._value(r, self.y), r["rep"]) for r in records]
        missing = sum(1 for p in pairs if None in p[:2])
        pairs = tuple(p for p in pairs if None not in p[:2])
        word = "rises" if self.sign > 0 else "falls"
        where = "" if not self.where else " (" + ", ".join(f"{k}={v}" for k, v in self.where.items()) + ")"
        head = f"{self.y} {word} with {self.x}{where}: "
        conf = f"95% percentile bootstrap over repetitions of Spearman's rank correlation ({self.resamples} resamples)"
        if missing:
            return Verdict(claim_id, INCONCLUSIVE, head + f"{missing} records lack a finite {self.x} or {self.y}",
                           conf, TrendEvidence(self.x, self.y, self.sign, None, pairs, "values missing"),
                           inapplicable=dropped)
        try:
            fit = stats.rank_trend([p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs],
                                   resamples=self.resamples)
        except ValueError as exc:
            return Verdict(claim_id, INCONCLUSIVE, head + f"{exc}; a wider range would settle it", conf,
                           TrendEvidence(self.x, self.y, self.sign, None, pairs, str(exc)), inapplicable=dropped)
        ev = TrendEvidence(self.x, self.y, self.sign, fit.as_dict(), pairs)
        text = (f"rank correlation {fit.rho:.3g} [{fit.lo:.3g}, {fit.hi:.3g}] over {fit.records} records, "
                f"{fit.clusters} seeds")
        near, far = (fit.lo, fit.hi) if self.sign > 0 else (-fit.hi, -fit.lo)
        if near > 0:
            return Verdict(claim_id, CONFIRMED, head + text + ": the interval excludes 0", conf, ev,
                           power=power_of.trend(fit.as_dict(), sign=self.sign, x=self.x, y=self.y),
                           inapplicable=dropped)
        if far < 0:
            counter = {"point": {}, "values": {"explain": f"{self.y} {'falls' if self.sign > 0 else 'rises'} with "
                                                          f"{self.x}: {text}"}}
            return Verdict(claim_id, REFUTED, head + text + ": a significant trend the other way", conf, ev, counter,
                           inapplicable=dropped)
        return Verdict(claim_id, INCONCLUSIVE, head + text + ": the interval contains 0; more seeds or a wider range "
                                                             "would settle it", conf, ev, inapplicable=dropped)

    def read_evidence(self, d: dict) -> TrendEvidence:
        return TrendEvidence.from_dict(d)


@dataclass(frozen=True, kw_only=True)
class AllOf:
    """Several checks on the same records (e.g. a scaling in n and one in delta); the verdict combines them.
    Each sub-check selects its own records with its ``where``."""
    checks: tuple

    def evaluate(self, claim_id: str, records: list[dict]) -> Verdict:
        parts = [chk.evaluate(claim_id, records) for chk in self.checks]
        decided = [p.verdict for p in parts if p.verdict != NOT_CHECKABLE]
        verdict = combine(decided) if decided else NOT_CHECKABLE
        counter = next((p.counterexample for p in parts if p.verdict == REFUTED), None)
        dropped = {json_safe_key(row): row for p in parts for row in p.inapplicable}
        return Verdict(claim_id, verdict, " | ".join(p.reason for p in parts),
                       "; ".join(sorted({p.confidence for p in parts})),
                       AllOfEvidence(tuple(p.check_evidence for p in parts)), counter,
                       power=power_of.combined([p.power for p in parts if p.power]) if verdict == CONFIRMED else None,
                       inapplicable=tuple(dropped.values()))

    def read_evidence(self, d: dict) -> AllOfEvidence:
        return AllOfEvidence(tuple(chk.read_evidence(d[f"part{i + 1}"]) for i, chk in enumerate(self.checks)))


@dataclass(frozen=True, kw_only=True)
class GeometricRate:
    """y = O(r^-x) for every r < rho (f analytic inside the Bernstein ellipse E_rho; 004 Thm H.1).

    Per group the decay rate a = -slope of log y against x is fitted with kernels.stats.fit_slope
    (one seed: OLS t-interval over the grid points), or, with ``precomputed``, read from a RateFit
    dict carried by the records (kernels.series.chebyshev.geometric_rate over all coefficients). The
    statement allows any a >= log rho (``rate`` names the record value holding log rho). It is
    contradicted when the CI lies below (1 - tolerance) log rho, and REFUTED only if the fit on the
    half of the range nearest x -> inf agrees: a pole of order q + 1 multiplies rho^-N by N^q, which
    lowers the finite-range rate by about q/N and fades as N grows (tolerance 0.05 covers q/N at the
    N log rho >= 20 used here). INCONCLUSIVE when a value is unresolved (at the noise floor), when the
    CI is wider than ``max_rel_ci`` log rho, or when only one of the two fits contradicts.
    """
    y: str
    x: str = "N"
    rate: str = "bernstein_log_rho"
    group_by: tuple = ()
    precomputed: str | None = None
    tolerance: float = 0.05
    max_rel_ci: float = 0.2
    where: Mapping | None = None      # grid-point keys/values that select this check's records

    def _fit(self, recs):
        """(rate, lo, hi, near-limit-half rate, fit dict, (x, mean y, fit with_power_factor) or None, unresolved)."""
        if self.precomputed:
            top = max(recs, key=lambda r: r["point"][self.x])
            fit = top["values"][self.precomputed]
            return fit["rate"], fit["lo"], fit["hi"], fit["rate_upper_half"], fit, None, 0
        xs = sorted({r["point"][self.x] for r in recs})
        reps = sorted({r["rep"] for r in recs})
        Y = np.full((len(reps), len(xs)), np.nan)
        bad = 0
        for r in recs:
            v = r["values"].get(self.y)
            ok = v is not None and v > 0 and r["values"].get("resolved", True)
            bad += not ok
            Y[reps.index(r["rep"]), xs.index(r["point"][self.x])] = math.log(v) if ok else np.nan
        fit = stats.fit_slope(np.asarray(xs, float), Y)
        up = None if fit.slope_upper_half is None else -fit.slope_upper_half
        ly = np.nanmean(Y, axis=0)
        return (-fit.slope, -fit.hi, -fit.lo, up, fit.as_dict(),
                (xs, [float(np.exp(v)) for v in ly], stats.geometric_rate_with_power_factor(np.asarray(xs, float), ly)),
                bad)

    def evaluate(self, claim_id: str, records: list[dict]) -> Verdict:
        records, dropped = split_applicable(select(records, self.where))
        if not records and dropped:
            return _none_applicable(claim_id, dropped)
        groups = defaultdict(list)
        for r in records:
            groups[tuple((k, r["point"][k]) for k in self.group_by)].append(r)
        outs, ev, notes, counter, confirmed = [], {}, [], None, []
        for key, recs in groups.items():
            label = ", ".join(f"{k}={v}" for k, v in key) or "all"
            expected = float(np.median([r["values"][self.rate] for r in recs]))
            if len({r["point"][self.x] for r in recs}) < 2 and not self.precomputed:
                outs.append(NOT_CHECKABLE)
                continue
            try:
                rate, lo, hi, near, fit, series, bad = self._fit(recs)
            except Exception as exc:          # noqa: BLE001 - a failed fit is reported, not raised
                outs.append(INCONCLUSIVE)
                ev[label] = FitError(label, str(exc))
                continue
            floor = expected * (1 - self.tolerance)
            xs, ys, pf = series or (None, None, None)
            ev[label] = GeometricFit(label, fit, rate, (lo, hi), near, expected, math.exp(expected), math.exp(rate),
                                     rate / expected, bad, series is None, xs, ys, pf)
            desc = (f"{label}: decay {rate:.4g} [{lo:.4g}, {hi:.4g}] per degree vs Bernstein log rho {expected:.4g} "
                    f"(ratio {rate / expected:.3f})")
            if pf:
                desc += f" [with an N^q factor fitted: {pf['rate']:.5g}, ratio {pf['rate'] / expected:.4f}, q={pf['q']:.2f}]"
            if bad:
                outs.append(INCONCLUSIVE)
                notes.append(f"{desc}; {bad} values unresolved")
            elif hi < floor and (near is None or near < floor):
                outs.append(REFUTED)
                notes.append(f"{desc}: decays slower than every r^-N with r < rho allows")
                top = max(recs, key=lambda r: r["point"][self.x])
                counter = counter or {"point": top["point"], "point_index": top["point_index"], "rep": top["rep"],
                                      "values": top["values"]}
            elif hi < floor:
                outs.append(INCONCLUSIVE)
                notes.append(f"{desc}; the near-limit half ({near:.4g}) does not confirm the slow decay")
            elif hi - lo > self.max_rel_ci * expected:
                outs.append(INCONCLUSIVE)
                notes.append(f"{desc}; CI wider than {self.max_rel_ci:g} log rho")
            else:
                outs.append(CONFIRMED)
                confirmed.append({"label": label, "rate": rate, "hi": hi, "near": near, "expected": expected})
                exact = lo <= expected * (1 + self.tolerance)
                notes.append(desc + ("; matches the ellipse rate" if exact else "; faster than the ellipse rate"))
        real = [o for o in outs if o != NOT_CHECKABLE]
        verdict = combine(real) if real else NOT_CHECKABLE
        what = self.precomputed or self.y
        return Verdict(claim_id, verdict, f"{what} = O(r^-{self.x}) for r < rho: " + "; ".join(notes),
                       f"95% t-interval of the geometric rate; tolerance {self.tolerance:g} for algebraic factors",
                       GeometricRateEvidence(tuple(ev.values())), counter,
                       power=power_of.geometric(confirmed, tolerance=self.tolerance) if verdict == CONFIRMED else None,
                       inapplicable=dropped)

    def read_evidence(self, d: dict) -> GeometricRateEvidence:
        return GeometricRateEvidence.from_dict(d)
