"""The printed orthonormal Hermite polynomials of 004 App. F.3, eqs. 9-13.

Eqs. 9-10 print the normalizations [sqrt(pi) 2^k k!]^-1/2 and [sqrt(pi) k!]^-1/2 and claim
orthonormality under the Gaussian *probability* measures mu(x; 1/sqrt2), mu(x; 1) (004 App. F.3:
"mu(x; sigma) denotes the density function of a Gaussian"): ``eq-10`` checks exactly that, and
``eq-10/corrected`` the normalizations (2^k k!)^-1/2 and (k!)^-1/2. Integrals are exact (sympy,
kernels.symbolic.gaussian_inner_product); eq. 13 (H_m(x) = He_m(sqrt 2 x)) is checked beside them.
"""
from __future__ import annotations

import sympy as sp

from kernels import symbolic

from ...reading import Reading
from ...spec import Claim
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"


# ---- eqs. 9-12 -------------------------------------------------------------------------------

_x = sp.Symbol("x", real=True)


def _printed_H(k, corrected=False):
    """004 eq. 9 (physicists'): [sqrt(pi) 2^k k!]^-1/2 (-1)^k e^{x^2} d^k/dx^k e^{-x^2}."""
    norm = (2 ** k * sp.factorial(k)) if corrected else (sp.sqrt(sp.pi) * 2 ** k * sp.factorial(k))
    return sp.simplify(norm ** sp.Rational(-1, 2) * (-1) ** k * sp.exp(_x ** 2) * sp.diff(sp.exp(-_x ** 2), _x, k))


def _printed_He(k, corrected=False):
    """004 eq. 10 (probabilists'): [sqrt(pi) k!]^-1/2 (-1)^k e^{x^2/2} d^k/dx^k e^{-x^2/2}."""
    norm = sp.factorial(k) if corrected else (sp.sqrt(sp.pi) * sp.factorial(k))
    return sp.simplify(norm ** sp.Rational(-1, 2) * (-1) ** k * sp.exp(_x ** 2 / 2) * sp.diff(sp.exp(-_x ** 2 / 2), _x, k))


def _measure_eq10(point, rng, be, corrected=False):
    m, n, family = point["m"], point["n"], point["family"]
    if family == "H":
        f, g, sigma = _printed_H(m, corrected), _printed_H(n, corrected), 1 / sp.sqrt(2)
    else:
        f, g, sigma = _printed_He(m, corrected), _printed_He(n, corrected), sp.Integer(1)
    val = symbolic.gaussian_inner_product(f, g, _x, sigma)
    target = 1 if m == n else 0
    # eq. 13: H_m(x) = He_m(sqrt(2) x) with the printed normalizations
    eq13 = sp.simplify(_printed_H(m, corrected) - _printed_He(m, corrected).subs(_x, sp.sqrt(2) * _x)) == 0
    holds = sp.simplify(val - target) == 0
    return {"holds": bool(holds), "certain": True, "integral": str(val), "integral_value": float(val),
            "expected": target, "eq13_holds": bool(eq13),
            "explain": f"{family}_{m}, {family}_{n}: integral against mu = {val} (= {float(val):.6g}), "
                       f"orthonormality needs {target}"}


_EQ10_GRID = [{"family": fam, "m": m, "n": n} for fam in ("H", "He") for m in range(4) for n in range(m, 4)]
EQ_10 = Claim(
    id="activation/eq-10", source=f"{SOURCE} App. F.3, eqs. 9-13",
    statement="the printed normalized Hermite polynomials H_k (eq. 9), He_k (eq. 10) are orthonormal under "
              "mu(x; 1/sqrt 2), mu(x; 1) (eqs. 11, 12)",
    kind="identity", check=Predicate(summary_keys=("integral", "expected", "eq13_holds")),
    grid={"quick": _EQ10_GRID, "full": [{"family": fam, "m": m, "n": n} for fam in ("H", "He")
                                        for m in range(7) for n in range(m, 7)]},
    measure=_measure_eq10, notes="exact symbolic integrals (sympy)",
    reading=Reading(
        hypotheses="004 App. F.3 eqs. 9-12: H_k, He_k with the printed normalizations [sqrt(pi) 2^k k!]^-1/2, "
                   "[sqrt(pi) k!]^-1/2, orthonormal under mu(x; 1/sqrt 2), mu(x; 1); mu 'the density function of a "
                   "Gaussian' (a probability measure).",
        chosen="mu the Gaussian probability density (as the text defines it), exact sympy integrals; eq. 13 checked beside.",
        alternatives="The unnormalized weights e^{-x^2}, e^{-x^2/2} (the classical Hermite weights) would make the "
                     "sqrt(pi) factor right for H_k only ([sqrt(2 pi) k!] for He_k), contradicting the printed text; "
                     "the printed measures are explicit, so no variant; the normalization that works: "
                     "activation/eq-10/corrected.",
        edges="Degrees 0..3 (0..6 full), both families, all pairs m <= n (orthogonality and norms).",
        regime="Exact integrals: a single pair off by any amount decides; degrees beyond 3 add nothing to a "
               "constant-factor error."),
)
EQ_10_CORRECTED = Claim(
    id="activation/eq-10/corrected", source=f"{SOURCE} App. F.3, eqs. 9-12 without the sqrt(pi) factor",
    statement="[2^k k!]^-1/2 H^phys_k and [k!]^-1/2 He_k are orthonormal under mu(x; 1/sqrt 2), mu(x; 1)",
    kind="identity", check=EQ_10.check, grid=EQ_10.grid,
    measure=lambda p, rng, be: _measure_eq10(p, rng, be, corrected=True),
    reading=Reading(
        hypotheses="As activation/eq-10.",
        chosen="The printed families without the sqrt(pi) factor, under the same Gaussian probability measures, exact.",
        alternatives="The printed normalization: activation/eq-10.",
        edges="As activation/eq-10.",
        regime="As activation/eq-10."),
)

CLAIMS = [EQ_10, EQ_10_CORRECTED]
