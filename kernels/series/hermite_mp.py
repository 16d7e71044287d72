"""High-precision normalized Hermite coefficients c̄_k = E_{z~N(0,1)}[f(z) He_k(z)/sqrt(k!)] (mpmath).

f is phi^(derivative) of a registered activation (kernels.symbolic gives its mpmath form).
Methods (004 App. F.3, eqs. 10-12 define the normalization):
- the step function (ReLU', leaky ReLU'): closed form c̄_0 = 1/2, c̄_k = pdf(0) He_{k-1}(0)/sqrt(k!);
- polynomials: exact conversion to the He basis;
- analytic f: the trapezoidal rule on R with step h, which converges like exp(-2 pi a / h) for
  an integrand analytic in the strip |Im z| < a (Trefethen & Weideman, SIAM Rev. 2014); a is set
  inside the nearest singularity of f (tanh: pi/2);
- piecewise-smooth f (a kink at alpha): tanh-sinh (double-exponential) rules on each side.
The recurrence runs on g_k(x_j) = sqrt(w_j) h_k(x_j), |g_k| <= 1, so the sums never overflow
and their terms are O(1): the absolute error is ~ nodes * 10^-working_dps. The working precision
adds guard digits for the decay of c̄_k (e^{-c sqrt k}), so the relative digits survive.

Every coefficient comes with an error estimate from a second computation (finer rule and
higher working precision), never from the first alone.

Results do not depend on the cache state. The rule (step, range, working digits) is planned for
the power-of-two bucket kmax_plan(kmax) >= kmax, not for kmax itself, and c̄_k depends only on the
rule and k, so a call for kmax returns exactly the first kmax + 1 entries of a call for any kmax' in
the same bucket with the same dps. The disk cache (under $NNCLAIMS_CACHE, one file per (function,
derivative, dps, bucket), see ``cache_path``) stores every value and error exactly (binary mantissa
and exponent), and serves a request only from the file of its own dps and bucket that holds at least
kmax + 1 coefficients: a warm call returns the same values and errors, bit for bit, as a cold one
(only ``method`` gains " (cached)"). A request for fewer digits is recomputed, never rounded from a
finer file. The file is written to a temporary name and renamed, so concurrent writers and
interrupted writes never leave a partial file.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import mpmath
from mpmath import mp

from .. import activations as acts
from .. import symbolic
from ..errors import InputError


@dataclass(frozen=True)
class HermiteCoefficients:
    function: str            # e.g. "tanh'" 
    values: list             # mpf, c̄_0..c̄_kmax
    errors: list             # mpf, estimated absolute error of each value
    dps: int                 # requested digits
    method: str

    @property
    def kmax(self) -> int:
        return len(self.values) - 1

    def digits(self, k: int) -> float:
        """Correct significant digits of c̄_k implied by its error estimate (inf for exact values)."""
        v, e = abs(self.values[k]), abs(self.errors[k])
        if e == 0:
            return float("inf")
        if v == 0:
            return 0.0
        return max(0.0, float(-mpmath.log10(e / v)))

    def is_zero(self, k: int) -> bool:
        """c̄_k indistinguishable from 0 (|value| <= error)."""
        return abs(self.values[k]) <= abs(self.errors[k])


CACHE_FORMAT = 2                 # version 1 (files *__dps<D>.json) kept errors to 5 digits: never read


def cache_dir() -> Path:
    return Path(os.environ.get("NNCLAIMS_CACHE", Path.home() / ".cache" / "nnclaims")) / "hermite"


def kmax_plan(kmax: int) -> int:
    """The power of two (at least 16) >= kmax that the quadrature rule is planned for."""
    return max(16, 1 << (int(kmax) - 1).bit_length()) if kmax > 0 else 16


def _label(act, derivative: int) -> str:
    return act.name + "'" * derivative if derivative <= 3 else f"{act.name}^({derivative})"


def _cache_key(act, derivative: int) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", act.name)
    if len(safe) > 60 or safe != act.name.replace(":", "_"):
        safe = safe[:40] + "_" + hashlib.sha256(act.name.encode()).hexdigest()[:12]
    return f"{safe}__d{derivative}"


def cache_path(activation, derivative: int, dps: int, kmax: int) -> Path:
    """The cache file that serves (activation, derivative, dps, kmax): one per dps and kmax_plan(kmax)."""
    act = acts.get(activation)
    return cache_dir() / f"{_cache_key(act, derivative)}__dps{int(dps)}__k{kmax_plan(kmax)}.json"


def _exact(v) -> list:
    """An mpf as [mantissa (decimal string), binary exponent]: exact, independent of any precision."""
    if not isinstance(v, mpmath.mpf):                # mpmath.mpf(v) of an mpf would round it to mp.prec
        raise TypeError(f"expected an mpf, got {type(v).__name__}")
    sign, man, exp, _ = v._mpf_                      # (sign, odd mantissa, exponent, bit count)
    if man == 0 and exp != 0:
        raise ValueError(f"not a finite number: {v}")
    return [str(-int(man) if sign else int(man)), int(exp)]


def _from_exact(pair):
    man, exp = int(pair[0]), pair[1]
    if isinstance(exp, bool) or not isinstance(exp, int):
        raise TypeError("exponent")
    with mp.workprec(max(abs(man).bit_length(), 1) + 2):
        return mpmath.mpf((man, exp))                 # exact: the precision holds every bit of man


def _cache_read(act, derivative: int, kmax: int, dps: int) -> HermiteCoefficients | None:
    path = cache_path(act, derivative, dps, kmax)
    try:
        data = json.loads(path.read_text())
        ok = (isinstance(data, dict) and data.get("format") == CACHE_FORMAT and data.get("name") == act.name
              and data.get("derivative") == derivative and data.get("dps") == dps
              and data.get("kmax_plan") == kmax_plan(kmax) and isinstance(data.get("values"), list)
              and isinstance(data.get("errors"), list) and len(data["values"]) == len(data["errors"])
              and isinstance(data.get("method"), str))
        if not ok or len(data["values"]) <= kmax:
            return None
        vals = [_from_exact(v) for v in data["values"][: kmax + 1]]
        errs = [_from_exact(e) for e in data["errors"][: kmax + 1]]
    except (OSError, ValueError, TypeError, IndexError, KeyError):
        return None                                   # missing, cut, or foreign: recompute
    return HermiteCoefficients(_label(act, derivative), vals, errs, dps, data["method"] + " (cached)")


def write_cache(activation, derivative: int, res: HermiteCoefficients) -> Path | None:
    """Store ``res`` (a result of ``coefficients(activation, res.kmax, res.dps, derivative)``) exactly in its
    cache file, atomically (temporary file + rename); returns the path, or None where the cache is not writable
    (a read-only home must not break a computation)."""
    act = acts.get(activation)
    method = res.method[: -len(" (cached)")] if res.method.endswith(" (cached)") else res.method
    d = cache_dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
        path = cache_path(act, derivative, res.dps, res.kmax)
        data = {"format": CACHE_FORMAT, "name": act.name, "derivative": derivative, "dps": res.dps,
                "kmax_plan": kmax_plan(res.kmax), "method": method,
                "values": [_exact(v) for v in res.values], "errors": [_exact(e) for e in res.errors]}
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)                 # atomic: readers see the old file or the new one
        return path
    except OSError:
        return None


def _recurrence_sums(kmax: int, nodes, sqrt_w, fvals, tick=None) -> list:
    """c_k = sum_j g_k(x_j) sqrt(w_j) f(x_j) with g_k = sqrt(w) h_k by the orthonormal recurrence;
    ``tick(n)`` after the n-th coefficient."""
    fw = [s * f for s, f in zip(sqrt_w, fvals)]
    g_prev = [mpmath.mpf(0)] * len(nodes)
    g = list(sqrt_w)
    out = [mpmath.fsum(a * b for a, b in zip(g, fw))]
    if tick is not None:
        tick(1)
    for k in range(kmax):
        sk, sk1 = mpmath.sqrt(k), mpmath.sqrt(k + 1)
        g, g_prev = [(x * gi - sk * gp) / sk1 for x, gi, gp in zip(nodes, g, g_prev)], g
        out.append(mpmath.fsum(a * b for a, b in zip(g, fw)))
        if tick is not None:
            tick(k + 2)
    return out


def _pdf(x):
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def _trapezoid(f, kmax: int, digits: int, strip: float, refine: float, plan: int, tick=None):
    """Trapezoidal rule on [-X, X]; X from the Gaussian tail, h from the strip of analyticity (planned for
    ``plan`` >= kmax coefficients)."""
    X = 2 * math.sqrt((digits + 5) * math.log(10)) + refine      # the second computation reaches further
    a = min(strip, 3.0)
    # discretization error ~ exp(a^2/2 + a sqrt(2 kmax)) / (exp(2 pi a / h) - 1)
    need = (digits + 5) * math.log(10) + a * a / 2 + a * math.sqrt(2 * plan + 1) + 5
    h = 2 * math.pi * a / need / refine
    J = int(math.ceil(X / h))
    hm = mpmath.mpf(h)
    nodes = [j * hm for j in range(-J, J + 1)]
    sqrt_w = [mpmath.sqrt(hm * _pdf(x)) for x in nodes]
    return _recurrence_sums(kmax, nodes, sqrt_w, [f(x) for x in nodes], tick), len(nodes)


def _tanh_sinh_nodes(lo, hi, h, tmax):
    """Nodes and weights of the tanh-sinh rule on [lo, hi] (Takahasi & Mori 1974)."""
    c, r = (hi + lo) / 2, (hi - lo) / 2
    xs, ws = [], []
    n = int(math.ceil(tmax / h))
    half_pi = mpmath.pi / 2
    for j in range(-n, n + 1):
        t = j * mpmath.mpf(h)
        u = half_pi * mpmath.sinh(t)
        ch = mpmath.cosh(u)
        xs.append(c + r * mpmath.tanh(u))
        ws.append(r * half_pi * mpmath.cosh(t) / (ch * ch) * mpmath.mpf(h))
    return xs, ws


def _split_tanh_sinh(f, bp: float, kmax: int, digits: int, refine: float, plan: int, tick=None):
    X = 2 * math.sqrt((digits + 5) * math.log(10)) + refine
    # resolve oscillations of h_k (frequency ~ sqrt(2k+1)) in the middle of each side
    h = min(0.05, 2.0 / (X * math.sqrt(2 * plan + 1))) / refine
    # endpoint gap 1 - tanh(pi/2 sinh t) ~ 2 exp(-pi sinh t) must fall below 10^-(digits+10)
    tmax = math.asinh((digits + 10) * math.log(10) / math.pi) + 0.2 * refine
    nodes, sqrt_w, fvals = [], [], []
    for lo, hi, side in ((-X, bp, "left"), (bp, X, "right")):
        xs, ws = _tanh_sinh_nodes(mpmath.mpf(lo), mpmath.mpf(hi), h, tmax)
        for x, w in zip(xs, ws):
            if x == lo or x == hi or w == 0:
                continue
            nodes.append(x)
            sqrt_w.append(mpmath.sqrt(w * _pdf(x)))
            # the kink value is taken from the side being integrated
            fvals.append(f(x) if side == "right" or x < bp else f(mpmath.mpf(bp) - mpmath.mpf(10) ** (-digits - 10)))
    return _recurrence_sums(kmax, nodes, sqrt_w, fvals, tick), len(nodes)


def _step(kmax: int):
    """Closed form for the step 1(z > 0)."""
    out = [mpmath.mpf(1) / 2]
    for k in range(1, kmax + 1):
        if k % 2 == 0:
            out.append(mpmath.mpf(0))
            continue
        j = k - 1                                       # He_j(0) = (-1)^{j/2} (j-1)!!
        dfact = mpmath.fac2(j - 1) if j > 0 else mpmath.mpf(1)
        out.append((-1) ** (j // 2) * dfact / mpmath.sqrt(mpmath.factorial(k)) / mpmath.sqrt(2 * mpmath.pi))
    return out


def _poly(power_coeffs, kmax: int):
    """Exact He-basis coefficients of a polynomial, normalized: c̄_k = he_k sqrt(k!)."""
    c = [mpmath.mpf(v) for v in power_coeffs]
    deg = len(c) - 1
    he = [mpmath.mpf(0)] * (deg + 1)
    # x^n = sum_{m} n! / (m! 2^m (n-2m)!) He_{n-2m}
    for n, cn in enumerate(c):
        for m_ in range(n // 2 + 1):
            he[n - 2 * m_] += cn * mpmath.factorial(n) / (mpmath.factorial(m_) * 2 ** m_ * mpmath.factorial(n - 2 * m_))
    out = [he[k] * mpmath.sqrt(mpmath.factorial(k)) if k <= deg else mpmath.mpf(0) for k in range(kmax + 1)]
    return out


def _compute(act, derivative: int, kmax: int, digits: int, refine: float, plan: int, tick=None):
    base = act.name.split(":")[0]
    if derivative == 1 and base == "relu":
        return _step(kmax), "closed form (step)", 0
    if derivative == 1 and base == "leaky_relu":
        s = mpmath.mpf(act.params["slope"])
        st = _step(kmax)
        return [s + (1 - s) * st[0]] + [(1 - s) * v for v in st[1:]], "closed form (slope + step)", 0
    p = symbolic.pieces(act)
    if p.breakpoint is None and base in ("linear", "poly"):
        import sympy as sp  # noqa: PLC0415
        e = sp.Poly(sp.diff(p.left, symbolic.X, derivative), symbolic.X)
        coeffs = [sp.Rational(v) for v in reversed(e.all_coeffs())] or [sp.Integer(0)]
        return _poly([mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in coeffs], kmax), "exact polynomial", 0
    f, bp = symbolic.mp_function(act, derivative)
    if bp is None:
        strip = symbolic.singularity_distance(act)
        strip = 0.5 if strip is None else 0.9 * strip
        vals, n = _trapezoid(f, kmax, digits, strip, refine, plan, tick)
        return vals, f"trapezoidal rule on R (strip {strip:.3g})", n
    vals, n = _split_tanh_sinh(f, bp, kmax, digits, refine, plan, tick)
    return vals, f"tanh-sinh split at the kink {bp:g}", n


def coefficients(activation, kmax: int, dps: int = 50, derivative: int = 1, use_cache: bool = True,
                 progress: Callable[[int, int], None] | None = None) -> HermiteCoefficients:
    """c̄_0..c̄_kmax of phi^(derivative) with ``dps`` significant digits sought, and error estimates.

    ``progress(done, total)``, if given, is called with nondecreasing ``done`` up to ``total`` = 2 (kmax + 1)
    coefficient evaluations (the value and its check); closed forms and cache hits report (total, total) once.
    It never affects the result, which is the same, bit for bit, whatever the cache holds (module docstring).
    """
    if isinstance(kmax, bool) or not isinstance(kmax, int) or kmax < 0:
        raise InputError("kmax", f"must be a non-negative integer (got {kmax!r})")
    if isinstance(dps, bool) or not isinstance(dps, int) or not 15 <= dps <= 2000:
        raise InputError("dps", f"must be an integer in [15, 2000] (got {dps!r})")
    if isinstance(derivative, bool) or not isinstance(derivative, int) or not 0 <= derivative <= 4:
        raise InputError("derivative", f"must be an integer in [0, 4] (got {derivative!r})")
    act = acts.get(activation)
    total = 2 * (kmax + 1)
    if use_cache:
        hit = _cache_read(act, derivative, kmax, dps)
        if hit is not None:
            if progress is not None:
                progress(total, total)
            return hit
    plan = kmax_plan(kmax)                           # every choice below depends on plan, never on kmax
    strip = symbolic.singularity_distance(act)
    decay_digits = math.ceil(0.8 * math.sqrt(plan + 1) / max(0.9 * (strip or 0.5), 0.5)) if strip != float("inf") else 0
    work = dps + 10 + decay_digits

    def ticker(offset: int):
        return None if progress is None else (lambda n: progress(offset + n, total))

    with mp.workdps(work):
        first, method, nodes = _compute(act, derivative, kmax, work, 1.0, plan, ticker(0))
    if nodes == 0:                                   # exact or closed form: error is rounding only
        with mp.workdps(dps + 10):
            vals = [+v for v in first]
            errs = [abs(v) * mpmath.mpf(10) ** (-(dps + 5)) for v in vals]
        res = HermiteCoefficients(_label(act, derivative), vals, errs, dps, method)
    else:
        with mp.workdps(work + 10):
            second, _, nodes2 = _compute(act, derivative, kmax, work + 10, 1.25, plan, ticker(kmax + 1))
            errs = [abs(a - b) + mpmath.mpf(10) ** (-(work - 2)) for a, b in zip(first, second)]
        res = HermiteCoefficients(_label(act, derivative), second, errs, dps,
                                  f"{method}; {nodes} nodes at {work} digits, checked against "
                                  f"{nodes2} nodes at {work + 10} digits")
    if progress is not None:
        progress(total, total)
    if use_cache:
        write_cache(act, derivative, res)
    return res


def norm2(activation, derivative: int = 1, dps: int = 50):
    """E[(phi^(derivative))(z)^2] by mpmath.quad, split at the kink; returns (value, error estimate)."""
    act = acts.get(activation)
    f, bp = symbolic.mp_function(act, derivative)
    with mp.workdps(dps + 10):
        pts = [-mpmath.inf, -8, 0 if bp is None else mpmath.mpf(bp), 8, mpmath.inf]
        g = lambda x: f(x) ** 2 * mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)  # noqa: E731
        v, e = mpmath.quad(g, pts, error=True, maxdegree=10)
    return v, e


@lru_cache(maxsize=None)
def memoized_coefficients(activation: str, kmax: int, dps: int) -> HermiteCoefficients:
    """coefficients(activation, kmax, dps=dps) of phi', computed once per process for each (name, kmax, dps).

    The returned object is shared between callers: do not modify its lists."""
    return coefficients(activation, kmax, dps=dps)


@lru_cache(maxsize=None)
def norm2_reference(activation: str, dps: int):
    """E[phi'(z)^2] by mpmath.quad on [-inf, -5, 0, 5, inf] at dps + 10 digits, with its error estimate: a second
    integral, split differently from ``norm2``, that a tail computed from it can be checked against."""
    f, _ = symbolic.mp_function(activation, 1)
    with mpmath.workdps(dps + 10):
        g = lambda x: f(x) ** 2 * mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)  # noqa: E731
        return mpmath.quad(g, [-mpmath.inf, -5, 0, 5, mpmath.inf], error=True)


@dataclass(frozen=True)
class TailEnergy:
    value: object            # mpf: the energy
    error: object            # mpf: bound on its absolute error
    resolved: bool           # value > 10 * error: at least one digit is known


def tail_energy(coeffs: HermiteCoefficients, p: int, norm2_value, norm2_error, dps: int,
                keep_constant: bool = False) -> TailEnergy:
    """sum_{k>p} c̄_k^2 = E[f^2] - sum_{k<=p} c̄_k^2 (004 App. F.3, Cor. F.7.2) at dps + 10 digits, with an error
    bound (the error of E[f^2] plus sum 2|c̄_k| err_k). ``keep_constant`` adds c̄_0^2 back: the energy of
    f - sum_{k=1}^p c̄_k He_k, whose sum starts at k = 1."""
    with mpmath.workdps(dps + 10):
        head = mpmath.fsum(v * v for v in coeffs.values[: p + 1])
        err = norm2_error + mpmath.fsum(2 * abs(v) * e for v, e in zip(coeffs.values[: p + 1], coeffs.errors[: p + 1]))
        tail = norm2_value - head
        energy = tail + (coeffs.values[0] ** 2 if keep_constant else 0)
        resolved = bool(energy > 10 * err)
    return TailEnergy(energy, err, resolved)


def provider(activation, derivative: int = 1):
    """A coefficient provider for kernels.gmatrix.spectrum_mp: (kmax, dps) -> (c̄_0..c̄_kmax, tail, coeff_error).

    tail = E[f^2] - sum c̄_a^2 (exact up to coeff_error, so ``tail_is_exact=True`` is right);
    coeff_error bounds |sum c̄_a^2 - sum ĉ_a^2| plus the quadrature error of E[f^2].
    """
    act = acts.get(activation)

    def get(kmax: int, dps: int):
        c = coefficients(act, int(kmax), dps=int(dps), derivative=derivative)
        nv, ne = norm2(act, derivative, int(dps))
        with mp.workdps(int(dps) + 10):
            s = mpmath.fsum(v * v for v in c.values)
            err = ne + mpmath.fsum(2 * abs(v) * e + e * e for v, e in zip(c.values, c.errors))
            return c.values, max(nv - s, mpmath.mpf(0)), err
    return get
