"""Depth helps for tanh, the layer norms: 004 App. J, Lemma J.1.

Statement (004 Lemma J.1): for the App. J network (kernels.nets.deep_normalized) and a small constant eps > 0, if
m >= Ω(max(2^L log^2 m / eps^2 · log nL, (nL)^{2/7})), then w.p. >= 1 - e^{-Ω(m eps^2 / 2^L log^2 m)} - nL/m^{3.5},
||x_i^(l)|| ∈ (1 - eps, 1 + eps) for all i in [n] and l in {0, ..., L-1}.

Solved for eps at given m and L, the condition reads eps = O(2^{L/2} log m sqrt(log nL) / sqrt m): the largest
deviation max_{i, l < L} | ||x_i^(l)|| - 1 | must shrink at least like log m / sqrt m in m, and may grow at most
like 2^{L/2} in L. We fit the exponent of deviation / log m in m against -1/2, and the slope of log(deviation) in L
against (log 2)/2, both as upper bounds.
"""
from __future__ import annotations

import math

import numpy as np

from kernels import data
from kernels.crn_streams import common
from kernels.nets.deep_normalized import layer_outputs

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
CLAIM_ID = "activation/lemma-J.1"


def _layer_index(L, group):
    """t = L: the deviation is fitted as exp(b L), b against (log 2)/2."""
    return float(L)


def _measure(point, rng, be):
    n, d, m, L = point["n"], point["d"], point["m"], point["L"]
    # common random numbers: the data are the same at every m and L of a repetition
    X = data.sphere(n, d, common(rng, CLAIM_ID, f"{point['activation']}|n={n}|d={d}", "data"))
    outs = layer_outputs(X, point["activation"], m, L - 1, rng, be) if L > 1 else []
    norms = np.array([np.linalg.norm(h, axis=1) for h in outs]) if outs else np.ones((1, n))
    dev = float(np.max(np.abs(norms - 1.0)))
    return {"deviation": dev, "deviation_over_log_m": dev / math.log(m),
            "per_layer_max_deviation": np.max(np.abs(norms - 1.0), axis=1).tolist(),
            "printed_scale": 2 ** (L / 2) * math.log(m) * math.sqrt(math.log(n * L)) / math.sqrt(m),
            **data.assumption_values(X)}


def _grid(ms, Ls, m_fixed, L_fixed):
    base = {"activation": "tanh", "n": 8, "d": 10}
    return ([{**base, "sweep": "m", "m": m, "L": L_fixed} for m in ms]
            + [{**base, "sweep": "L", "m": m_fixed, "L": L} for L in Ls])


_layer_index.__doc__ = "L"

LEMMA_J1 = Claim(
    id=CLAIM_ID, source=f"{SOURCE} App. J, Lemma J.1",
    statement="App. J deep net (x^(l) = c_phi phi(W^(l) x^(l-1))/sqrt m): ||x_i^(l)|| ∈ (1-eps, 1+eps) for all i, l < L "
              "w.h.p. if m >= Ω(max(2^L log^2 m/eps^2 · log nL, (nL)^{2/7}))",
    kind="scaling",
    check=AllOf(checks=(
        Scaling(y="deviation_over_log_m", x="m", printed=-0.5, direction="upper_bound", limit="inf",
                group_by=("L",), where={"sweep": "m"}),
        Scaling(y="deviation", x="L", printed=math.log(2) / 2, direction="upper_bound", limit="inf",
                transform=_layer_index, group_by=("m",), where={"sweep": "L"}))),
    grid={"quick": _grid([125, 250, 500, 1000, 2000], [2, 3, 4, 6, 8], 500, 4),
          "full": _grid([125, 250, 500, 1000, 2000, 4000, 8000], [2, 3, 4, 6, 8, 12, 16], 2000, 6)},
    repetitions={"quick": 4, "full": 8}, measure=_measure,
    notes="the deviation at l = 0 is 0 by Assumption 1; layers 1..L-1 are measured",
    reading=Reading(
        hypotheses="004 App. J: phi(0) = 0, E phi(z) = 0, phi alpha-Lipschitz (tanh), W^(l) entries N(0, 1), "
                   "c_phi = (E phi(z)^2)^{-1/2}, unit inputs (Assumption 1); m >= Ω(max(2^L log^2 m/eps^2 log nL, (nL)^{2/7})).",
        chosen="Solved for eps: the largest norm deviation over points and layers 1..L-1 is O(2^{L/2} log m sqrt(log nL)"
               "/sqrt m): its exponent in m (divided by log m) must be <= -1/2, its growth rate in L <= (log 2)/2 per layer.",
        alternatives="Fixing eps and checking the probability would need the unspecified constants of the Ω; the "
                     "solved form is the only reading the printed symbols decide.",
        edges="tanh, the activation of Thm 4.8; depth up to 8 (16 at full); widths from 125.",
        regime="quick: m = 125..2000 at L = 4 and L = 2..8 at m = 500, n = 8, 4 seeds; full: m to 8000, L to 16. A "
               "deviation shrinking slower than log m/sqrt m, or growing faster than 2^{L/2}, would refute it."),
)

CLAIMS = [LEMMA_J1]
