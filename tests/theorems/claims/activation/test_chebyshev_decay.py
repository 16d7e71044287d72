"""The claim of theorems/claims/activation/chebyshev_decay.py (004 Thm H.1).

Run at quick scale: the geometric-rate fits of the analytic part must be finite, inside their intervals and
compared against a positive Bernstein rate with every point resolved; the exponent fits of the algebraic part
must be finite and inside their intervals.
"""
from __future__ import annotations

import math

from theorems.claims.activation import chebyshev_decay

from ..quick_run import run_quick


def test_thm_h1_runs_at_quick_scale(tmp_path):
    v, _ = run_quick(chebyshev_decay.THM_H1, tmp_path, 7)
    assert v.verdict in ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE")
    assert v.reason
    part = v.evidence["part1"]
    assert set(part) == {"k=1.0", "k=4.0"}
    for g in part.values():
        assert math.isfinite(g["decay_rate"]) and g["ci"][0] <= g["decay_rate"] <= g["ci"][1]
        assert g["bernstein_log_rho"] > 0 and g["unresolved"] == 0
    for key in ("part4", "part5"):
        fit = v.evidence[key]["all"]["fit"]
        assert math.isfinite(fit["slope"]) and fit["lo"] <= fit["slope"] <= fit["hi"]
