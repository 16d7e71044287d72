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
higher working precision), never from the first alone. Results are cached on disk by
(function, derivative, precision); the cache file is written to a temporary name and renamed,
so concurrent writers and interrupted writes never leave a partial file.
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


def cache_dir() -> Path:
    return Path(os.environ.get("NNCLAIMS_CACHE", Path.home() / ".cache" / "nnclaims")) / "hermite"


def _label(act, derivative: int) -> str:
    return act.name + "'" * derivative if derivative <= 3 else f"{act.name}^({derivative})"


def _cache_key(act, derivative: int) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", act.name)
    if len(safe) > 60 or safe != act.name.replace(":", "_"):
        safe = safe[:40] + "_" + hashlib.sha256(act.name.encode()).hexdigest()[:12]
    return f"{safe}__d{derivative}"


def _cache_read(act, derivative: int, kmax: int, dps: int) -> HermiteCoefficients | None:
    d = cache_dir()
    if not d.exists():
        return None
    best = None
    for p in d.glob(_cache_key(act, derivative) + "__dps*.json"):
        try:
            data = json.loads(p.read_text())
            ok = (isinstance(data, dict) and data.get("name") == act.name and isinstance(data.get("dps"), int)
                  and isinstance(data.get("values"), list) and isinstance(data.get("errors"), list)
                  and len(data["values"]) == len(data["errors"]) and isinstance(data.get("method"), str))
        except (OSError, json.JSONDecodeError):
            continue                          # a cut or foreign file: recompute
        if not ok or data["dps"] < dps or len(data["values"]) <= kmax:
            continue
        if best is None or data["dps"] < best["dps"]:
            best = data
    if best is None:
        return None
    with mp.workdps(best["dps"] + 10):
        vals = [mpmath.mpf(v) for v in best["values"][: kmax + 1]]
        errs = [mpmath.mpf(v) for v in best["errors"][: kmax + 1]]
    return HermiteCoefficients(_label(act, derivative), vals, errs, dps, best["method"] + " (cached)")


def _cache_write(act, derivative: int, res: HermiteCoefficients) -> None:
    d = cache_dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
        path = d / f"{_cache_key(act, derivative)}__dps{res.dps}.json"
        with mp.workdps(res.dps + 10):
            data = {"name": act.name, "derivative": derivative, "dps": res.dps, "method": res.method,
                    "values": [mpmath.nstr(v, res.dps + 10) for v in res.values],
                    "errors": [mpmath.nstr(e, 5) for e in res.errors]}
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)                 # atomic: readers see the old file or the new one
    except OSError:
        pass                                  # a read-only home must not break a computation


def _recurrence_sums(kmax: int, nodes, sqrt_w, fvals) -> list:
    """c_k = sum_j g_k(x_j) sqrt(w_j) f(x_j) with g_k = sqrt(w) h_k by the orthonormal recurrence."""
    fw = [s * f for s, f in zip(sqrt_w, fvals)]
    g_prev = [mpmath.mpf(0)] * len(nodes)
    g = list(sqrt_w)
    out = [mpmath.fsum(a * b for a, b in zip(g, fw))]
    for k in range(kmax):
        sk, sk1 = mpmath.sqrt(k), mpmath.sqrt(k + 1)
        g, g_prev = [(x * gi - sk * gp) / sk1 for x, gi, gp in zip(nodes, g, g_prev)], g
        out.append(mpmath.fsum(a * b for a, b in zip(g, fw)))
    return out


def _pdf(x):
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def _trapezoid(f, kmax: int, digits: int, strip: float, refine: float):
    """Trapezoidal rule on [-X, X]; X from the Gaussian tail, h from the strip of analyticity."""
    X = 2 * math.sqrt((digits + 5) * math.log(10)) + refine      # the second computation reaches further
    a = min(strip, 3.0)
    # discretization error ~ exp(a^2/2 + a sqrt(2 kmax)) / (exp(2 pi a / h) - 1)
    need = (digits + 5) * math.log(10) + a * a / 2 + a * math.sqrt(2 * kmax + 1) + 5
    h = 2 * math.pi * a / need / refine
    J = int(math.ceil(X / h))
    hm = mpmath.mpf(h)
    nodes = [j * hm for j in range(-J, J + 1)]
    sqrt_w = [mpmath.sqrt(hm * _pdf(x)) for x in nodes]
    return _recurrence_sums(kmax, nodes, sqrt_w, [f(x) for x in nodes]), len(nodes)


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


def _split_tanh_sinh(f, bp: float, kmax: int, digits: int, refine: float):
    X = 2 * math.sqrt((digits + 5) * math.log(10)) + refine
    # resolve oscillations of h_k (frequency ~ sqrt(2k+1)) in the middle of each side
    h = min(0.05, 2.0 / (X * math.sqrt(2 * kmax + 1))) / refine
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
    return _recurrence_sums(kmax, nodes, sqrt_w, fvals), len(nodes)


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


def _compute(act, derivative: int, kmax: int, digits: int, refine: float):
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
        vals, n = _trapezoid(f, kmax, digits, strip, refine)
        return vals, f"trapezoidal rule on R (strip {strip:.3g})", n
    vals, n = _split_tanh_sinh(f, bp, kmax, digits, refine)
    return vals, f"tanh-sinh split at the kink {bp:g}", n


def coefficients(activation, kmax: int, dps: int = 50, derivative: int = 1,
                 use_cache: bool = True) -> HermiteCoefficients:
    """c̄_0..c̄_kmax of phi^(derivative) with ``dps`` significant digits sought, and error estimates."""
    if isinstance(kmax, bool) or not isinstance(kmax, int) or kmax < 0:
        raise InputError("kmax", f"must be a non-negative integer (got {kmax!r})")
    if isinstance(dps, bool) or not isinstance(dps, int) or not 15 <= dps <= 2000:
        raise InputError("dps", f"must be an integer in [15, 2000] (got {dps!r})")
    if isinstance(derivative, bool) or not isinstance(derivative, int) or not 0 <= derivative <= 4:
        raise InputError("derivative", f"must be an integer in [0, 4] (got {derivative!r})")
    act = acts.get(activation)
    if use_cache:
        hit = _cache_read(act, derivative, kmax, dps)
        if hit is not None:
            return hit
    strip = symbolic.singularity_distance(act)
    decay_digits = math.ceil(0.8 * math.sqrt(kmax + 1) / max(0.9 * (strip or 0.5), 0.5)) if strip != float("inf") else 0
    work = dps + 10 + decay_digits
    with mp.workdps(work):
        first, method, nodes = _compute(act, derivative, kmax, work, 1.0)
    if nodes == 0:                                   # exact or closed form: error is rounding only
        with mp.workdps(dps + 10):
            vals = [+v for v in first]
            errs = [abs(v) * mpmath.mpf(10) ** (-(dps + 5)) for v in vals]
        res = HermiteCoefficients(_label(act, derivative), vals, errs, dps, method)
    else:
        with mp.workdps(work + 10):
            second, _, nodes2 = _compute(act, derivative, kmax, work + 10, 1.25)
            errs = [abs(a - b) + mpmath.mpf(10) ** (-(work - 2)) for a, b in zip(first, second)]
        res = HermiteCoefficients(_label(act, derivative), second, errs, dps,
                                  f"{method}; {nodes} nodes at {work} digits, checked against "
                                  f"{nodes2} nodes at {work + 10} digits")
    if use_cache:
        _cache_write(act, derivative, res)
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
