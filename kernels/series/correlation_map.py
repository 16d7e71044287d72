"""Fixed-point iteration of the layer-to-layer correlation map f(ρ) = aρ + (1−a)ρ² (004 App. J, Lemma J.4).

Starting at ρ_0 = 1 − δ, ``steps_to_reach(a, δ, ε)`` is the least t with ρ_t <= ε. δ may be far below
float64's spacing near 1 (1 − 1e-20 rounds to 1.0), so the iteration runs in two charts, both free of
cancellation:
- near 1, in u = 1 − ρ:  u ↦ 1 − f(1 − u) = (2 − a)u − (1 − a)u²   (exact algebra of f; 004 App. J);
- once u >= ½, in ρ itself: ρ ↦ ρ(a + (1 − a)ρ).
Each step then has a relative rounding error of a few ulps, so a count can differ from the exact one
only where an iterate lands within ~1e-15 (relatively) of ε. ``steps_to_reach_mp`` iterates ρ in
mpmath with enough digits to hold 1 − δ, as an independent reference.
"""
from __future__ import annotations

import math

from ..errors import InputError

DEFAULT_MAX_STEPS = 1_000_000


def _check(a, delta, eps) -> tuple[float, float, float]:
    for name, v in (("a", a), ("delta", delta), ("eps", eps)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(float(v)):
            raise InputError(name, f"must be a finite real number (got {v!r})")
    a, delta, eps = float(a), float(delta), float(eps)
    if not 0.0 <= a < 1.0:
        raise InputError("a", f"must lie in [0, 1) so that 0 is the attracting fixed point (got {a!r})")
    if not 0.0 < delta <= 1.0:
        raise InputError("delta", f"must lie in (0, 1]: the start 1 − delta must be below the fixed point 1 (got {delta!r})")
    if not 0.0 < eps < 1.0:
        raise InputError("eps", f"must lie in (0, 1): the target must be above the fixed point 0 (got {eps!r})")
    return a, delta, eps


def steps_to_reach(a: float, delta: float, eps: float, max_steps: int = DEFAULT_MAX_STEPS) -> int:
    """Least t >= 0 with f^t(1 − δ) <= ε for f(ρ) = aρ + (1−a)ρ², a in [0, 1) (two-chart float64)."""
    a, delta, eps = _check(a, delta, eps)
    u, rho, t = delta, None, 0
    if delta >= 0.5:
        rho = 1.0 - delta
    while True:
        if rho is not None:
            if rho <= eps:
                return t
        elif u >= 1.0 - eps:          # ρ = 1 − u <= ε while u < ½ (only when ε > ½)
            return t
        if t >= max_steps:
            raise InputError("max_steps", f"the iteration did not reach eps={eps!r} within {max_steps} steps")
        if rho is None:
            u = (2.0 - a) * u - (1.0 - a) * u * u
            if u >= 0.5:
                rho = 1.0 - u        # exact enough: u in [½, 1), so 1 − u has no cancellation beyond 1 ulp of u
        else:
            rho = rho * (a + (1.0 - a) * rho)
        t += 1


def steps_to_reach_mp(a, delta, eps, max_steps: int = DEFAULT_MAX_STEPS, guard_digits: int = 30) -> int:
    """The same count with ρ iterated directly in mpmath, with enough digits to hold 1 − δ and ε.

    ``delta`` and ``eps`` may be anything ``mpmath.mpf`` reads (e.g. the string "1e-2048"), so they can lie
    below float64's range."""
    import mpmath  # noqa: PLC0415

    a_f = _check(a, 0.5, 0.5)[0]
    with mpmath.workdps(30):
        try:
            d_m, e_m = mpmath.mpf(delta), mpmath.mpf(eps)
        except (TypeError, ValueError) as exc:
            raise InputError("delta/eps", f"must be real numbers mpmath can read (got {delta!r}, {eps!r})") from exc
        if not 0 < d_m <= 1:
            raise InputError("delta", f"must lie in (0, 1] (got {delta!r})")
        if not 0 < e_m < 1:
            raise InputError("eps", f"must lie in (0, 1) (got {eps!r})")
        digits = guard_digits + int(max(0, -mpmath.log10(d_m))) + int(max(0, -mpmath.log10(e_m)))
    with mpmath.workdps(digits):
        am, target = mpmath.mpf(a_f), mpmath.mpf(eps)
        rho = 1 - mpmath.mpf(delta)
        t = 0
        while rho > target:
            if t >= max_steps:
                raise InputError("max_steps", f"the iteration did not reach eps={eps!r} within {max_steps} steps")
            rho = am * rho + (1 - am) * rho * rho
            t += 1
        return t


def steps_for_a_zero(delta: float, eps: float) -> int:
    """Closed form at a = 0: f^t(1 − δ) = (1 − δ)^(2^t), so t = ⌈log2(log ε / log(1 − δ))⌉ (0 if 1 − δ <= ε)."""
    _, delta, eps = _check(0.0, delta, eps)
    if 1.0 - delta <= eps:
        return 0
    ratio = math.log(eps) / math.log1p(-delta)
    return max(0, math.ceil(math.log2(ratio)))


def proof_bound(a: float, delta: float, eps: float, b: float) -> tuple[float, float]:
    """The two phases of the proof of Lemma J.4 (004 App. J), as real numbers (phase 1, phase 2):
    1 − δ -> 1 − b takes at most (2/(1−a)) log(b/δ) steps, 1 − b -> ε at most (1/(b(1−a))) log((1−b)/ε);
    a phase that is already done (δ >= b, or ε >= 1 − b) counts 0."""
    a, delta, eps = _check(a, delta, eps)
    if not 0.0 < b < 1.0:
        raise InputError("b", f"must lie in (0, 1) (got {b!r})")
    p1 = 2.0 / (1.0 - a) * math.log(b / delta) if delta < b else 0.0
    p2 = 1.0 / (b * (1.0 - a)) * math.log((1.0 - b) / eps) if eps < 1.0 - b else 0.0
    return p1, p2
