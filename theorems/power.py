"""Power: what the same records would have refuted. Every CONFIRMED verdict carries one (``evidence.power``).

A confirmation means something only if the data could have said no. Each check states, in its own terms,
the strongest statement its records would still confirm and the first one they would refute, using the
same decision rule as the check (``theorems.verdict``):

- ``Scaling``: the boundary exponent. A printed exponent beyond it, in the direction the statement forbids,
  would have been refuted (the CI and the near-limit half both clear it by the tolerance).
- ``HighProbabilityBound``: the tightness of the bound, min (or max) lhs/rhs at the largest ``along``: a
  bound tightened by a larger factor would see violations, and the factor at which the violations would
  be a majority (the check's REFUTED rule) is stated too; and the failure rate the binomial interval excludes.
- ``GeometricRate``: the largest ellipse rate log rho the records would still confirm.
- ``Trend``: the opposite trend and no trend, and any rank correlation beyond the interval's far end.
- ``Predicate``: the number of applicable points at which any violation beyond the floor would have refuted it.

``weak`` is True when the records could not refute anything meaningfully stronger than the printed
statement (a resolution wider than ``WEAK_EXPONENT`` in an exponent, fewer than ``WEAK_TRIALS`` draws
behind a rate, or fewer than ``WEAK_POINTS`` applicable points behind a predicate); the sentence says so.
"""
from __future__ import annotations

import math

from kernels import stats

WEAK_EXPONENT = 0.5     # an exponent resolution wider than this cannot tell x^a from x^(a +- 1/2)
WEAK_TRIALS = 20        # fewer draws cannot bound a failure rate below 1/7 (Clopper-Pearson, 0 failures)
WEAK_POINTS = 3         # a predicate confirmed at one or two points has barely been tried


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def scaling(fits: list[dict], *, printed: float, direction: str, allowed_below: bool, tolerance: float,
            x: str, y: str) -> dict:
    """The power of a Scaling check: ``fits`` are per-group dicts with label, slope, lo, hi, near (the near-limit
    half slope or None). A printed exponent a' is refuted by a group when its CI and near-limit half both clear
    a' by ``tolerance`` in the forbidden direction; across groups one refuting group suffices."""
    rows = []
    for f in fits:
        near = f["near"]
        if direction == "both" or not allowed_below:     # forbidden below: a' above max(hi, near) + tol refuted
            up = max(f["hi"], near if near is not None else f["hi"]) + tolerance
        else:
            up = None
        if direction == "both" or allowed_below:         # forbidden above: a' below min(lo, near) - tol refuted
            down = min(f["lo"], near if near is not None else f["lo"]) - tolerance
        else:
            down = None
        rows.append({"group": f["label"], "slope": f["slope"], "refutes_above": up, "refutes_below": down,
                     "resolution": max(abs(b - f["slope"]) for b in (up, down) if b is not None)})
    if not rows:
        return {}
    up = min((r["refutes_above"] for r in rows if r["refutes_above"] is not None), default=None)
    down = max((r["refutes_below"] for r in rows if r["refutes_below"] is not None), default=None)
    resolution = max(r["resolution"] for r in rows)
    weak = resolution > WEAK_EXPONENT
    if direction == "both":
        sentence = (f"these records would refute a printed exponent of {y} in {x} above {_fmt(up)} or below "
                    f"{_fmt(down)} (printed {printed:g})")
        margin = min(up - printed, printed - down)
    elif up is not None:
        sentence = (f"these records would refute any exponent above {_fmt(up)} in place of the printed {printed:g} "
                    f"(a stronger bound by more than {_fmt(up - printed)})")
        margin = up - printed
    else:
        sentence = (f"these records would refute any exponent below {_fmt(down)} in place of the printed {printed:g} "
                    f"(a stronger bound by more than {_fmt(printed - down)})")
        margin = printed - down
    if weak:
        sentence += (f"; weak: the exponent is resolved only to +-{_fmt(resolution)}, so nothing within that of the "
                     f"fit could have been refuted")
    return {"kind": "scaling", "sentence": sentence, "refutes_above": up, "refutes_below": down,
            "margin_to_printed": margin, "resolution": resolution, "weak": weak, "groups": rows}


def _majority_count(n: int) -> int | None:
    """The fewest failures out of n whose 95% Clopper-Pearson lower bound exceeds 1/2 (the REFUTED rule)."""
    for k in range(n + 1):
        if stats.clopper_pearson(k, n).lo > 0.5:
            return k
    return None


def bound(top_rows: list[dict], *, sense: str, along: str) -> dict:
    """The power of a HighProbabilityBound check. ``top_rows`` per group: label, x (the largest ``along``),
    lhs and rhs lists of the records there, violations, trials, rate_ci95.

    Tightness: for lhs >= rhs the ratios r = lhs/rhs (rhs > 0); the bound c * rhs fails at a record when r < c,
    so min r is the factor of the first violation and the k-th smallest ratio, k the majority count, the factor
    at which the check would REFUTE. For lhs <= rhs the same with max and c < 1."""
    rows = []
    for t in top_rows:
        pairs = [(a, b) for a, b in zip(t["lhs"], t["rhs"]) if b is not None and a is not None
                 and math.isfinite(a) and math.isfinite(b) and b > 0 and a >= 0]
        ratios = sorted(a / b for a, b in pairs)
        n = t["trials"]
        k_maj = _majority_count(len(ratios)) if ratios else None
        if ratios and sense == ">=":
            first, refute = ratios[0], (ratios[k_maj - 1] if k_maj else None)
        elif ratios:
            first, refute = ratios[-1], (ratios[-k_maj] if k_maj else None)
        else:
            first = refute = None
        rows.append({"group": t["label"], along: t["x"], "trials": n, "violations": t["violations"],
                     "rate_upper95": t["rate_ci95"][1], "tightness": first, "refuting_factor": refute,
                     "ratios_defined": len(ratios)})
    if not rows:
        return {}
    word = "raised" if sense == ">=" else "lowered"
    tight = [r["tightness"] for r in rows if r["tightness"] is not None]
    refute = [r["refuting_factor"] for r in rows if r["refuting_factor"] is not None]
    rate_hi = max(r["rate_upper95"] for r in rows)
    trials = min(r["trials"] for r in rows)
    weak = trials < WEAK_TRIALS
    parts = []
    if tight:
        t0 = min(tight) if sense == ">=" else max(tight)
        r0 = (min(refute) if sense == ">=" else max(refute)) if refute else None
        parts.append(f"tightness {('min' if sense == '>=' else 'max')} lhs/rhs = {_fmt(t0)} at the largest {along}: "
                     f"the bound {word} by a factor beyond {_fmt(t0)} would see violations"
                     + (f", and beyond {_fmt(r0)} it would fail in most draws and be refuted" if r0 is not None else ""))
    else:
        t0 = r0 = None
        parts.append("lhs/rhs is not a positive ratio here, so no tightening factor is stated")
    parts.append(f"the records exclude failure rates above {_fmt(rate_hi)} (95%, {trials} draws per group)")
    sentence = "; ".join(parts)
    if weak:
        sentence += f"; weak: {trials} draws cannot exclude failure rates below {_fmt(rate_hi)}"
    return {"kind": "bound", "sentence": sentence, "tightness": t0, "refuting_factor": r0,
            "rate_upper95": rate_hi, "trials": trials, "weak": weak, "groups": rows}


def geometric(fits: list[dict], *, tolerance: float) -> dict:
    """The power of a GeometricRate check: a claimed ellipse rate log rho' is refuted when the CI's upper end and
    the near-limit half both lie below (1 - tolerance) log rho', i.e. for log rho' > max(hi, near) / (1 - tol)."""
    rows = [{"group": f["label"], "rate": f["rate"], "bernstein_log_rho": f["expected"],
             "refutes_above": max(f["hi"], f["near"] if f["near"] is not None else f["hi"]) / (1 - tolerance)}
            for f in fits]
    if not rows:
        return {}
    worst = min(rows, key=lambda r: r["refutes_above"] / r["bernstein_log_rho"])
    ratio = worst["refutes_above"] / worst["bernstein_log_rho"]
    weak = ratio > 1 + WEAK_EXPONENT
    sentence = (f"these records would refute a claimed decay rate log rho above {_fmt(worst['refutes_above'])} "
                f"({worst['group']}; {_fmt(ratio)} x the Bernstein rate {_fmt(worst['bernstein_log_rho'])})")
    if weak:
        sentence += "; weak: only a rate far beyond the ellipse's would have been refuted"
    return {"kind": "geometric", "sentence": sentence, "refutes_above": worst["refutes_above"],
            "ratio_to_bernstein": ratio, "weak": weak, "groups": rows}


def predicate(checked: int, total: int, extremes: dict | None = None) -> dict:
    """The power of a Predicate: any violation beyond the floor at one of ``checked`` applicable records (of
    ``total``) would have refuted it; ``extremes`` (optional) names the smallest margins seen."""
    weak = checked < WEAK_POINTS
    sentence = (f"a violation beyond the numerical floor at any of the {checked} applicable records "
                f"(of {total}) would have refuted it")
    if extremes:
        sentence += "; " + ", ".join(f"{k} = {_fmt(v)}" for k, v in extremes.items())
    if weak:
        sentence += f"; weak: only {checked} applicable records"
    return {"kind": "predicate", "sentence": sentence, "checked": checked, "total": total,
            "extremes": extremes or {}, "weak": weak}


def trend(fit: dict, *, sign: int, x: str, y: str) -> dict:
    """The power of a Trend check: its interval excludes a trend the other way and none (rho on the wrong side of
    0), by the margin of the interval's near end; it would also refute any claimed rank correlation beyond its far
    end (a perfectly monotone dependence, |rho| = 1, when that end is below 1)."""
    near, far = (fit["lo"], fit["hi"]) if sign > 0 else (-fit["hi"], -fit["lo"])
    weak = fit["records"] < WEAK_TRIALS
    word = "decrease" if sign > 0 else "increase"
    sentence = (f"these records would refute no trend or a {word} of {y} with {x} (rank correlation "
                f"{_fmt(fit['rho'])}, 95% interval [{_fmt(fit['lo'])}, {_fmt(fit['hi'])}], {fit['records']} records "
                f"over {fit['clusters']} seeds), and any claimed |rank correlation| above {_fmt(far)}")
    if weak:
        sentence += f"; weak: only {fit['records']} records"
    return {"kind": "trend", "sentence": sentence, "rho": fit["rho"], "margin": near, "refutes_above": far,
            "weak": weak}


def combined(parts: list[dict]) -> dict:
    """The power of an AllOf: its parts' statements, weak when any confirming part is weak."""
    parts = [p for p in parts if p]
    if not parts:
        return {}
    return {"kind": "all_of", "sentence": " | ".join(p["sentence"] for p in parts),
            "weak": any(p.get("weak") for p in parts), "parts": parts}
