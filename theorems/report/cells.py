"""What the report says about one verdict, as plain text: the fit rows, the direction and slack conventions of
its check, the decisive fit, the power in short, the counterexample with its numbers.

Every number is read by name from the typed evidence records (``theorems.evidence``) the checks write.
"""
from __future__ import annotations

import json
import math

from ..evidence import (
    AllOfEvidence,
    BoundEvidence,
    CheckEvidence,
    GeometricRateEvidence,
    PredicateSummary,
    ReplaySummary,
    ScalingEvidence,
    ScalingFit,
    TrendEvidence,
)
from ..verdict import AllOf, GeometricRate, HighProbabilityBound, Predicate, Scaling, Trend, Verdict

SLACK_KEYS = ("min_slack", "margin")     # the measured values that are signed margins of a statement


def num(x) -> str:
    return "?" if x is None else f"{x:.3g}"


def leaves(v: Verdict) -> list[CheckEvidence]:
    return list(v.check_evidence.leaves()) if v.check_evidence is not None else []


def leaf_checks(check) -> list:
    """The single checks of a check, in the order of their evidence (``AllOf`` flattened)."""
    if isinstance(check, AllOf):
        return [c for part in check.checks for c in leaf_checks(part)]
    return [check]


def scaling_fits(v: Verdict) -> list[ScalingFit]:
    """The fitted exponents of every Scaling group of the verdict, in check and group order."""
    return [g for e in leaves(v) if isinstance(e, ScalingEvidence) for g in e.fits()]


# ---------------------------------------------------------------- conventions

def allowed_text(chk: Scaling) -> str:
    """Which fitted exponents the statement allows: "<= a", ">= a" or "= a"."""
    if chk.direction == "both":
        return f"= {chk.printed:g}"
    below = (chk.direction == "lower_bound") != (chk.limit == "inf")
    return f"{'<=' if below else '>='} {chk.printed:g}"


def convention(chk) -> str:
    """The direction and the slack convention of a single check, in one or two sentences."""
    if isinstance(chk, Scaling):
        kind = {"lower_bound": "Ω", "upper_bound": "O", "both": "Θ"}[chk.direction]
        form = f"{chk.x}^a" if chk.transform is None else f"exp(a t({chk.x}))"
        side = ("two-sided: exponents on either side of a contradict it" if chk.direction == "both" else
                f"one-sided: fitted exponents {allowed_text(chk)} are allowed (a looser fit is not a failure)")
        return (f"{chk.y} = {kind}({form}) with a = {chk.printed:g} as {chk.x} -> {chk.limit}; {side}. REFUTED needs "
                f"the 95% CI and the fit on the half of the range nearest the limit to clear a by {chk.tolerance:g} "
                f"on the forbidden side.")
    if isinstance(chk, HighProbabilityBound):
        op = chk.sense
        return (f"{chk.lhs} {op} {chk.rhs} with probability -> 1 as {chk.along} grows. Slack = "
                f"{'lhs - rhs' if op == '>=' else 'rhs - lhs'} per draw: negative means that draw violates the "
                f"bound, which a 'with high probability' statement allows in a few draws. CONFIRMED needs the 95% "
                f"upper bound of the violation rate at the largest {chk.along} <= {chk.max_rate:g}; REFUTED needs its "
                f"lower bound > 1/2.")
    if isinstance(chk, Predicate):
        return ("A deterministic statement checked at every applicable point. Margin: how far inside the "
                "statement a point is (negative: violated); a violation within the float64 floor is not a "
                "refutation but makes the verdict INCONCLUSIVE.")
    if isinstance(chk, Trend):
        word = "rises" if chk.sign > 0 else "falls"
        return (f"{chk.y} {word} with {chk.x} (qualitative). Spearman's rank correlation over every record, with a "
                f"95% bootstrap interval over seeds: CONFIRMED when it excludes 0 on the stated side, REFUTED when it "
                f"excludes 0 on the other side.")
    if isinstance(chk, GeometricRate):
        return (f"{chk.y} = O(r^-{chk.x}) for every r < rho: the fitted decay rate per unit of {chk.x} must reach "
                f"log rho (one-sided: faster decay is allowed); REFUTED needs the CI and the near-limit half below "
                f"(1 - {chk.tolerance:g}) log rho.")
    return "Replayed counterexamples: each is re-evaluated; one that still violates the statement refutes it."


# ---------------------------------------------------------------- fit rows

def fit_rows(check, v: Verdict) -> list[dict]:
    """One labelled row per fit: part, group, fitted value with its 95% CI, printed value, direction allowed,
    and the points behind it (x values x seeds)."""
    rows = []
    for i, (chk, ev) in enumerate(zip(leaf_checks(check), leaves(v)), start=1):
        if isinstance(ev, ScalingEvidence) and isinstance(chk, Scaling):
            for g in ev.groups:
                if not isinstance(g, ScalingFit):
                    rows.append({"part": i, "group": g.label, "fitted": f"fit failed: {g.error}", "printed": "",
                                 "allowed": "", "points": ""})
                    continue
                reps = g.fit.get("repetitions")
                rows.append({"part": i, "quantity": f"exponent of {chk.y} in {chk.x}", "group": g.label,
                             "fitted": f"{num(g.slope)} [{num(g.lo)}, {num(g.hi)}]", "printed": f"{chk.printed:g}",
                             "allowed": allowed_text(chk),
                             "points": f"{len(g.x)} x {reps} seed{'s' if reps != 1 else ''}"})
        elif isinstance(ev, GeometricRateEvidence):
            for g in ev.fits():
                rows.append({"part": i, "quantity": "decay rate per degree", "group": g.label,
                             "fitted": f"{num(g.decay_rate)} [{num(g.ci[0])}, {num(g.ci[1])}]",
                             "printed": f"log rho = {num(g.bernstein_log_rho)}",
                             "allowed": f">= {num(g.bernstein_log_rho)}",
                             "points": "all coefficients" if g.precomputed else f"{len(g.x or [])} degrees"})
        elif isinstance(ev, TrendEvidence):
            f = ev.fit
            rows.append({"part": i, "quantity": f"rank correlation of {ev.y} with {ev.x}", "group": "all",
                         "fitted": f"{num(f['rho'])} [{num(f['lo'])}, {num(f['hi'])}]" if f else f"not computed: "
                                                                                              f"{ev.error}",
                         "printed": "rises" if ev.sign > 0 else "falls", "allowed": "> 0" if ev.sign > 0 else "< 0",
                         "points": f"{f['records']} records x {f['clusters']} seeds" if f else ""})
    return rows


def decisive_fit(check, v: Verdict) -> dict | None:
    """The fit row nearest the forbidden side (smallest margin to the printed exponent, signed so that negative
    is on the forbidden side), or None when the verdict has no fit."""
    best, best_margin = None, math.inf
    for chk, ev in zip(leaf_checks(check), leaves(v)):
        if not (isinstance(chk, Scaling) and isinstance(ev, ScalingEvidence)):
            continue
        for g in ev.fits():
            if g.slope is None:
                continue
            if chk.direction == "both":
                margin = -abs(g.slope - chk.printed)
            else:
                below = (chk.direction == "lower_bound") != (chk.limit == "inf")
                margin = (chk.printed - g.slope) if below else (g.slope - chk.printed)
            if margin < best_margin:
                best_margin = margin
                best = {"group": g.label, "fitted": f"{num(g.slope)} [{num(g.lo)}, {num(g.hi)}]",
                        "printed": f"{chk.printed:g}", "allowed": allowed_text(chk), "y": chk.y, "x": chk.x}
    return best


def fit_cell(check, v: Verdict) -> str:
    """The summary cell: the decisive fit, labelled ("group: fitted [CI] vs printed (allowed ...)"), and how many
    fits there are in all."""
    d = decisive_fit(check, v)
    if d is None:
        return ""
    total = len(scaling_fits(v))
    more = f" (1 of {total} fits)" if total > 1 else ""
    group = "" if d["group"] == "all" else f"{d['group']}: "
    return f"{group}{d['fitted']} vs {d['printed']} (allowed {d['allowed']}){more}"


# ---------------------------------------------------------------- slack, power, counterexample

def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _row_slacks(row) -> list[float]:
    out = []
    if isinstance(row, dict):
        out += [float(row[k]) for k in SLACK_KEYS if _number(row.get(k))]
        for val in row.values():
            out += _row_slacks(val)
    elif isinstance(row, list):
        for val in row:
            out += _row_slacks(val)
    return out


def slacks(v: Verdict) -> list[float]:
    """Every signed slack of the verdict's evidence: the bound's smallest slack per rate row, the replayed
    counterexamples' smallest slack, and the slack/margin values among a predicate's measured rows."""
    vals = []
    for e in leaves(v):
        if isinstance(e, BoundEvidence):
            vals += [float(r.min_slack) for g in e.groups for r in g.rows if _number(r.min_slack)]
        elif isinstance(e, ReplaySummary):
            vals += [float(e.min_slack)] if _number(e.min_slack) else []
        elif isinstance(e, PredicateSummary):
            vals += _row_slacks(list(e.rows))
        elif not isinstance(e, (ScalingEvidence, GeometricRateEvidence, AllOfEvidence, TrendEvidence)):
            raise TypeError(f"{v.id}: the report does not know the evidence {type(e).__name__}")
    return vals


def min_slack_cell(v: Verdict) -> str:
    """The smallest slack of ``slacks(v)``, blank when there is none."""
    vals = slacks(v)
    return f"{min(vals):.3g}" if vals else ""


def power_short(p: dict) -> str:
    kind = p.get("kind")
    if kind == "all_of":
        return "; ".join(power_short(q) for q in p.get("parts", ()))
    if kind == "scaling":
        sides = [f"> {p['refutes_above']:.3g}" if p.get("refutes_above") is not None else "",
                 f"< {p['refutes_below']:.3g}" if p.get("refutes_below") is not None else ""]
        return "refutes exponents " + " or ".join(x for x in sides if x)
    if kind == "bound":
        t = "" if p.get("tightness") is None else f"tightness {p['tightness']:.3g}, "
        return f"{t}failure rate <= {p['rate_upper95']:.3g}"
    if kind == "geometric":
        return f"refutes log rho > {p['refutes_above']:.3g}"
    if kind == "trend":
        return f"refutes no trend (margin {p['margin']:.3g}) and |rank correlation| > {p['refutes_above']:.3g}"
    if kind == "predicate":
        return f"{p['checked']} applicable records"
    return ""


def power_cell(v: Verdict) -> str:
    """A CONFIRMED's power (theorems.power) in short: what the records would have refuted; "weak: ..." when they
    could not refute anything meaningfully stronger than the printed statement."""
    if not v.power:
        return ""
    short = power_short(v.power)
    return f"weak: {short}" if v.power.get("weak") else short


def counterexample_text(check, v: Verdict) -> str:
    """The decisive counterexample in one line: the grid point, then the numbers that decide it."""
    ce = v.counterexample
    if not ce:
        return ""
    point = ", ".join(f"{k}={val}" for k, val in (ce.get("point") or {}).items())
    values = ce.get("values") or {}
    parts = [point] if point else []
    if "fit" in ce:
        f = ce["fit"]
        d = decisive_fit(check, v)
        parts.append(f"fitted exponent {num(f.get('slope'))} [{num(f.get('lo'))}, {num(f.get('hi'))}]"
                     + (f" vs printed {d['printed']} (allowed {d['allowed']})" if d else ""))
    elif values.get("explain"):
        parts.append(str(values["explain"]))
    else:
        shown = [(k, val) for k, val in values.items() if _number(val) and k not in ("applies", "holds", "certain")]
        parts.append(", ".join(f"{k}={num(val)}" for k, val in shown[:6]))
    return "; ".join(p for p in parts if p)


def inapplicable_lines(v: Verdict) -> list[str]:
    """One line per point left out because its data violate the claim's assumptions."""
    return [f"{json.dumps(row['point'], default=str)}: {row['reason']}" for row in v.inapplicable]
