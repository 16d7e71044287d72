"""Activation registry: name -> phi, phi', phi'' (vectorized, NumPy or CuPy) and metadata.

Definitions follow 004 App. B. Metadata: kink order r and location alpha of condition J_r
(004 Sec. 4.1 / Def. K.1), smoothness, Lipschitz constant, and closed forms where they
exist (the G-infinity kernel E[phi'(u) phi'(v)] of correlated standard normals).

Spec strings accepted by ``get``: ``relu``, ``leaky_relu`` or ``leaky_relu:0.2`` (slope),
``selu``, ``elu``, ``linear``, ``tanh``, ``sigmoid``, ``swish`` (alias ``silu``),
``softsign``, ``arctan``, ``poly:c0,c1,...`` (phi(x) = sum c_k x^k).
User-supplied piecewise activations: ``piecewise(phi1, phi2, alpha)`` with sympy expressions.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

from .backend import std_namespace
from .errors import InputError

Fn = Callable[[object], object]


@dataclass(frozen=True)
class Activation:
    name: str
    phi: Fn
    dphi: Fn
    ddphi: Fn
    lipschitz: float
    smoothness: str                      # "analytic", "C^1", "C^0 (kink)", "polynomial"
    kink_order: Optional[int] = None     # r of J_r (jump in the r-th derivative), None if smooth
    kink_location: Optional[float] = None
    kink_jump: Optional[float] = None    # |phi1^(r)(alpha) - phi2^(r)(alpha)| (J_r fixes it to 1)
    dphi_poly: Optional[tuple] = None    # power-basis coefficients of phi' when phi is a polynomial
    dphi_even: bool = False              # phi' even: m_{-x} = -m_x exactly
    ginf_kernel: Optional[Fn] = None     # rho -> E[phi'(u)phi'(v)], corr(u,v)=rho (closed form)
    notes: str = ""
    params: dict = field(default_factory=dict)

    def describe(self) -> dict:
        return {
            "name": self.name, "lipschitz": self.lipschitz, "smoothness": self.smoothness,
            "kink_order": self.kink_order, "kink_location": self.kink_location,
            "kink_jump": self.kink_jump, "closed_form_ginf": self.ginf_kernel is not None,
            "notes": self.notes, **({"params": self.params} if self.params else {}),
        }


def _xp(z):
    return std_namespace(z)     # the standard's names (acos, astype, ...) on NumPy, CuPy and the rest


def _arccos_step_kernel(rho):
    """E[1(u>0)1(v>0)] = (pi - arccos rho)/(2 pi) (Cho & Saul 2009, arc-cosine kernel of order 0)."""
    xp = _xp(rho)
    return (math.pi - xp.acos(xp.clip(rho, -1.0, 1.0))) / (2 * math.pi)


def _relu() -> Activation:
    return Activation(
        "relu",
        phi=lambda z: _xp(z).maximum(z, 0.0),
        dphi=lambda z: _xp(z).astype(z > 0, _xp(z).float64),
        ddphi=lambda z: _xp(z).zeros_like(z, dtype=_xp(z).float64),
        lipschitz=1.0, smoothness="C^0 (kink)", kink_order=1, kink_location=0.0, kink_jump=1.0,
        ginf_kernel=_arccos_step_kernel,
        notes="004 App. B; phi'(0) taken as 0; J_1 with alpha=0",
    )


def _leaky_relu(slope: float) -> Activation:
    if not (0.0 <= slope < 1.0):
        raise InputError("leaky_relu slope", f"must be in [0, 1) (004 App. B: a constant less than 1); got {slope}")
    s = float(slope)

    def kernel(rho):
        # phi' = s + (1-s) 1(z>0)  =>  E = s + (1-s)^2 (pi - arccos rho)/(2pi)
        return s + (1 - s) ** 2 * _arccos_step_kernel(rho)

    return Activation(
        f"leaky_relu:{s:g}",
        phi=lambda z: _xp(z).where(z > 0, z, s * z),
        dphi=lambda z: _xp(z).where(z > 0, _xp(z).ones_like(z), s),
        ddphi=lambda z: _xp(z).zeros_like(z, dtype=_xp(z).float64),
        lipschitz=1.0, smoothness="C^0 (kink)", kink_order=1, kink_location=0.0, kink_jump=1 - s,
        ginf_kernel=kernel, params={"slope": s},
        notes="004 App. B: max(x,0) + slope*min(x,0); J_1 jump is 1-slope (J_1 fixes it to 1)",
    )


SELU_LAMBDA = 1.0507009873554805   # Klambauer et al. 2017
SELU_ALPHA = 1.6732632423543772


def _selu() -> Activation:
    lam, al = SELU_LAMBDA, SELU_ALPHA

    def phi(z):
        xp = _xp(z)
        return xp.where(z > 0, lam * z, lam * al * xp.expm1(xp.minimum(z, 0.0)))

    def dphi(z):
        xp = _xp(z)
        return xp.where(z > 0, lam, lam * al * xp.exp(xp.minimum(z, 0.0)))

    def ddphi(z):
        xp = _xp(z)
        return xp.where(z > 0, 0.0, lam * al * xp.exp(xp.minimum(z, 0.0)))

    return Activation(
        "selu", phi, dphi, ddphi, lipschitz=lam * al, smoothness="C^0 (kink)",
        kink_order=1, kink_location=0.0, kink_jump=lam * (al - 1),
        params={"alpha1": lam, "alpha2": lam * al},
        notes="Klambauer et al. constants; 004 App. B prints alpha2*min(x,0)*(e^x-1), read as alpha2*(e^min(x,0)-1)",
    )


def _elu_kernel(rho):
    """E[elu'(u) elu'(v)], corr rho: elu' = 1(z>0) + e^z 1(z<=0); Gaussian tilting E[e^v g(u,v)] =
    e^{1/2} E[g(u+rho, v+1)] gives P(u>0,v>0) + 2 e^{1/2}[Φ(-1) - Φ2(-rho,-1;rho)] + e^{1+rho} Φ2(-1-rho,-1-rho;rho)."""
    import numpy as np  # noqa: PLC0415
    from scipy.special import ndtr  # noqa: PLC0415

    from .series.bivariate import phi2  # noqa: PLC0415
    r = np.clip(np.asarray(rho, dtype=float), -1.0, 1.0)
    return (_arccos_step_kernel(r) + 2 * np.exp(0.5) * (ndtr(-1.0) - phi2(-r, -1.0, r))
            + np.exp(1 + r) * phi2(-1 - r, -1 - r, r))


def _elu() -> Activation:
    def phi(z):
        xp = _xp(z)
        return xp.where(z > 0, z, xp.expm1(xp.minimum(z, 0.0)))

    def dphi(z):
        xp = _xp(z)
        return xp.where(z > 0, 1.0, xp.exp(xp.minimum(z, 0.0)))

    def ddphi(z):
        xp = _xp(z)
        return xp.where(z > 0, 0.0, xp.exp(xp.minimum(z, 0.0)))

    return Activation(
        "elu", phi, dphi, ddphi, lipschitz=1.0, smoothness="C^1", kink_order=2,
        kink_location=0.0, kink_jump=1.0, ginf_kernel=_elu_kernel,
        notes="standard ELU (e^x-1 for x<=0); 004 App. B prints min(x,0)(e^x-1), which would be J_1, "
              "while 004 Sec. 4.1 classes ELU as J_2: we follow the standard definition",
    )


def _linear() -> Activation:
    return Activation(
        "linear", phi=lambda z: z * 1.0, dphi=lambda z: _xp(z).ones_like(z, dtype=_xp(z).float64),
        ddphi=lambda z: _xp(z).zeros_like(z, dtype=_xp(z).float64), lipschitz=1.0, smoothness="polynomial",
        dphi_poly=(1.0,), dphi_even=True, ginf_kernel=lambda rho: _xp(rho).ones_like(rho),
    )


def _tanh() -> Activation:
    def dphi(z):
        return 1.0 / _xp(z).cosh(z) ** 2

    def ddphi(z):
        xp = _xp(z)
        return -2.0 * xp.tanh(z) / xp.cosh(z) ** 2

    return Activation("tanh", lambda z: _xp(z).tanh(z), dphi, ddphi, lipschitz=1.0,
                      smoothness="analytic", dphi_even=True,
                      notes="tanh' = sech^2 has poles at +-i pi/2")


def _sigmoid_np(z):
    xp = _xp(z)
    return 0.5 * (1.0 + xp.tanh(0.5 * z))   # overflow-free form of 1/(1+e^-z)


def _sigmoid() -> Activation:
    def dphi(z):
        s = _sigmoid_np(z)
        return s * (1 - s)

    def ddphi(z):
        s = _sigmoid_np(z)
        return s * (1 - s) * (1 - 2 * s)

    return Activation("sigmoid", _sigmoid_np, dphi, ddphi, lipschitz=0.25, smoothness="analytic",
                      dphi_even=True)


def _swish() -> Activation:
    def phi(z):
        return z * _sigmoid_np(z)

    def dphi(z):
        s = _sigmoid_np(z)
        return s + z * s * (1 - s)

    def ddphi(z):
        s = _sigmoid_np(z)
        return s * (1 - s) * (2 + z * (1 - 2 * s))

    return Activation("swish", phi, dphi, ddphi, lipschitz=1.0998393194444, smoothness="analytic",
                      notes="004 Sec. 2: x/(1+e^-x) (SiLU); Lipschitz = max swish' = 1.0998...")


def _softsign() -> Activation:
    def dphi(z):
        return 1.0 / (1.0 + _xp(z).abs(z)) ** 2

    def ddphi(z):
        xp = _xp(z)
        return -2.0 * xp.sign(z) / (1.0 + xp.abs(z)) ** 3

    return Activation("softsign", lambda z: z / (1.0 + _xp(z).abs(z)), dphi, ddphi, lipschitz=1.0,
                      smoothness="C^1", kink_order=2, kink_location=0.0, kink_jump=4.0,
                      dphi_even=True, notes="phi'' jumps from +2 to -2 at 0 (J_2-type, jump 4)")


def _arctan() -> Activation:
    def dphi(z):
        return 1.0 / (1.0 + z * z)

    def ddphi(z):
        return -2.0 * z / (1.0 + z * z) ** 2

    return Activation("arctan", lambda z: _xp(z).atan(z), dphi, ddphi, lipschitz=1.0,
                      smoothness="analytic", dphi_even=True)


def polynomial(coefficients) -> Activation:
    """phi(x) = sum_k c_k x^k (power basis, lowest degree first)."""
    c = np.asarray([float(v) for v in coefficients], dtype=float)
    if c.ndim != 1 or c.size == 0 or not np.all(np.isfinite(c)):
        raise InputError("coefficients", "must be a non-empty list of finite numbers (lowest degree first)")
    dc = np.polynomial.polynomial.polyder(c) if c.size > 1 else np.zeros(1)
    ddc = np.polynomial.polynomial.polyder(dc) if dc.size > 1 else np.zeros(1)
    while dc.size > 1 and dc[-1] == 0:
        dc = dc[:-1]

    def horner(coef):
        def f(z):
            out = _xp(z).zeros_like(z, dtype=_xp(z).float64) + float(coef[-1])
            for a in coef[-2::-1]:
                out = out * z + float(a)
            return out
        return f

    lip = float("inf") if dc.size > 1 else abs(float(dc[0]))
    even = bool(np.all(dc[1::2] == 0))
    return Activation(
        "poly:" + ",".join(f"{v:g}" for v in c), horner(c), horner(dc), horner(ddc),
        lipschitz=lip, smoothness="polynomial", dphi_poly=tuple(float(v) for v in dc),
        dphi_even=even, params={"coefficients": [float(v) for v in c]},
        notes=f"phi' has degree {dc.size - 1}",
    )


def polynomial_from_derivative(dphi_coefficients) -> Activation:
    """The polynomial phi with phi(0) = 0 and phi' = sum_l c_l x^l (power basis, lowest degree first)."""
    phi = [0.0] + [float(c) / (l + 1) for l, c in enumerate(dphi_coefficients)]
    return polynomial(phi)


def piecewise(phi1: str, phi2: str, alpha: float = 0.0, name: Optional[str] = None) -> Activation:
    """User-supplied phi = phi1 on x < alpha, phi2 on x >= alpha (004 Def. K.1).

    ``phi1``/``phi2`` are sympy-parsable expressions in ``x``. Derivatives come from sympy;
    the kink order r is the first derivative order whose one-sided values at alpha differ.
    """
    import sympy as sp  # noqa: PLC0415

    if not (-1.0 <= float(alpha) <= 1.0):
        raise InputError("alpha", f"kink location must lie in [-1, 1] (004 Sec. 4.1); got {alpha}")
    x = sp.Symbol("x", real=True)
    try:
        e1, e2 = sp.sympify(phi1, locals={"x": x}), sp.sympify(phi2, locals={"x": x})
    except (sp.SympifyError, TypeError, SyntaxError) as exc:
        raise InputError("phi1/phi2", f"must be sympy expressions in x ({exc})") from None
    if (e1.free_symbols | e2.free_symbols) - {x}:
        raise InputError("phi1/phi2", "may use only the variable x")
    a = sp.nsimplify(alpha)
    kink, jump = None, None
    for r in range(0, 6):
        v1, v2 = sp.diff(e1, x, r).subs(x, a), sp.diff(e2, x, r).subs(x, a)
        diff = sp.N(v1 - v2, 30)
        if abs(diff) > 1e-25:
            kink, jump = r, float(abs(diff))
            break
    if kink == 0:
        raise InputError("phi1/phi2", f"phi must be continuous at alpha={alpha} (jump {jump:g} in phi itself)")

    def make(expr):
        f_np = sp.lambdify(x, expr, "numpy")

        def f(z):
            xp = _xp(z)
            if xp is np:
                return np.broadcast_to(np.asarray(f_np(z), dtype=float), np.shape(z)).copy()
            return xp.asarray(sp.lambdify(x, expr, "cupy")(z), dtype=float) + 0 * z
        return f

    pieces = [(make(sp.diff(e1, x, k)), make(sp.diff(e2, x, k))) for k in range(3)]

    def glue(k):
        f1, f2 = pieces[k]
        return lambda z: _xp(z).where(z < float(alpha), f1(z), f2(z))

    return Activation(
        name or f"piecewise[{phi1}|{phi2}@{alpha:g}]", glue(0), glue(1), glue(2),
        lipschitz=float("nan"), smoothness=f"C^{kink - 1}" if kink else "smooth at alpha",
        kink_order=kink, kink_location=float(alpha), kink_jump=jump,
        params={"phi1": str(e1), "phi2": str(e2), "alpha": float(alpha)},
        notes="user-supplied (004 Def. K.1); kink order found symbolically",
    )


_FIXED = {
    "relu": _relu, "selu": _selu, "elu": _elu, "linear": _linear, "tanh": _tanh,
    "sigmoid": _sigmoid, "swish": _swish, "silu": _swish, "softsign": _softsign, "arctan": _arctan,
}
NAMES = ("relu", "leaky_relu", "selu", "elu", "linear", "tanh", "sigmoid", "swish", "softsign",
         "arctan", "poly")


def get(spec) -> Activation:
    """An Activation from a spec string (see module doc) or an Activation (returned as is)."""
    if isinstance(spec, Activation):
        return spec
    if not isinstance(spec, str) or not spec:
        raise InputError("activation", f"must be one of {', '.join(NAMES)} or an Activation; got {spec!r}")
    name, _, arg = spec.partition(":")
    name = name.strip().lower()
    if name in _FIXED and not arg:
        return _FIXED[name]()
    if name in ("leaky_relu", "lrelu"):
        try:
            slope = float(arg) if arg else 0.1
        except ValueError:
            raise InputError("activation", f"leaky_relu slope must be a number (got {arg!r})") from None
        return _leaky_relu(slope)
    if name == "poly":
        try:
            coeffs = [float(v) for v in arg.split(",") if v.strip()]
        except ValueError:
            raise InputError("activation", f"poly coefficients must be numbers, e.g. poly:0,1,0.5 (got {arg!r})") from None
        return polynomial(coeffs)
    raise InputError("activation", f"unknown {spec!r}; allowed: {', '.join(NAMES)} (leaky_relu:SLOPE, poly:c0,c1,...)")
