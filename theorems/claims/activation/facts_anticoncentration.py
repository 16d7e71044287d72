"""Anti-concentration of Gaussian polynomials, 004 App. C: Fact C.8 (Carbery & Wright 2001).

Statement: Q multilinear of degree d, Var(Q) = 1 under N(0, I_n): "for all t and eps > 0 there exists C > 0" with
Pr(|Q - t| <= eps) <= C d eps^{1/d}. C is not given and, read literally, may depend on t and eps (then the
statement is empty). What can be measured is the FORM with a universal C: Pr(|Q - t| <= eps) = O(eps^{1/d}) as
eps -> 0 for the multilinear Q = x_1 x_2 ... x_d (Var Q = 1), checked as a scaling statement; the implied C is
evidence. P(|x_1 ... x_d - t| <= eps) is computed by one-dimensional quadrature with its error estimate
(kernels.probability.exact_laws.gaussian_product_window). No fuzz property: C is unspecified.
"""
from __future__ import annotations

import numpy as np

from kernels.probability import exact_laws as ep

from ...spec import Claim, product
from ...verdict import AllOf, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"


def _measure_c8(point, rng, backend):
    d, t, eps = point["d"], point["t"], point["eps"]
    p, err = ep.gaussian_product_window(d, t, eps)
    return {"P": p, "quadrature_error": err, "eps_power": eps ** (1 / d), "implied_C": p / (d * eps ** (1 / d)),
            "d": d, "t": t, "eps": eps}


_C8_EPS_QUICK = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 1e-4]
_C8_EPS_FULL = np.geomspace(1e-8, 1e-1, 15).tolist()

FACT_C8 = Claim(
    id="activation/fact-C.8", source=f"{SOURCE} App. C, Fact C.8 (Carbery & Wright 2001; Anderson et al. 2014)",
    statement="Q multilinear of degree d, Var(Q) = 1 under N(0, I_n): forall t, eps > 0 there exists C > 0 with "
              "Pr(|Q(x) - t| <= eps) <= C d eps^{1/d}",
    kind="scaling",
    check=AllOf(checks=tuple(Scaling(y="P", x="eps", printed=1.0 / d, direction="upper_bound", limit="0",
                                     group_by=("t",), where={"d": d}) for d in (1, 2, 3))),
    grid={"quick": product(d=[1, 2, 3], t=[0.0, 0.5], eps=_C8_EPS_QUICK),
          "full": product(d=[1, 2, 3], t=[0.0, 0.1, 0.5, 1.0], eps=_C8_EPS_FULL)},
    measure=_measure_c8,
    notes="C is unspecified (and, read literally, chosen after t and eps: then the statement is empty); only the FORM "
          "Pr = O(eps^{1/d}) as eps -> 0 is checked, on Q = x_1...x_d, with the implied C as evidence",
)

CLAIMS = [FACT_C8]
