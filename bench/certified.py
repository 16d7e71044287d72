"""Benchmark: certified Arb enclosures (kernels.gmatrix.spectrum_arb) vs the mpmath eigsy route, same G∞, same dps.

    python bench/certified.py [--sizes 50,100,200] [--dps 40] [--kmax 299] [--json out.json]

Matrix: G∞(tanh) from kernels.gmatrix.spectrum_mp.infinite_gram_mp, points on the sphere spanning 2
dimensions of R^32 (kernels.data.low_span, seed 0), c̄_0..c̄_kmax of tanh' from kernels.series.hermite_mp.
Routes, timed one after the other in this process (one core, the matrix built once and not timed):
  arb     spectrum_arb.enclose_eigenvalues(G, error_bound, dps): CERTIFIED digits from rigorous intervals.
  mpmath  spectrum_mp.eigenvalues_mp(G, dps, error_bound): two eigsy runs (dps, dps+20), ESTIMATED digits.
Digits are reported for lambda_max and lambda_min and as the minimum over the spectrum, with the
matrix's own entry error (truncation, coefficients) included in both routes.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from mpmath import mp  # noqa: E402

from kernels import data  # noqa: E402
from kernels.gmatrix import spectrum_arb as sa  # noqa: E402
from kernels.gmatrix import spectrum_mp as smp  # noqa: E402
from kernels.series import hermite_mp  # noqa: E402


def _solver_digits_arb(sp) -> int:
    """Certified digits of lambda_min for the computed matrix itself (the Weyl term for the series error removed)."""
    e = sp.lambda_min
    with mp.workdps(sp.dps + 40):
        return sa._digits(e.lo + sp.weyl, e.hi - sp.weyl, sp.dps)


def _solver_digits_mp(sp) -> int:
    e = sp.lambda_min
    with mp.workdps(sp.dps + 40):
        err = e.computation_error + e.precision_floor
        return int(min(sp.dps, max(0, mp.floor(mp.log10(abs(e.value) / err))))) if err else sp.dps


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50,100,200")
    ap.add_argument("--dps", type=int, default=40)
    ap.add_argument("--kmax", type=int, default=299)
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    sizes = [int(s) for s in a.sizes.split(",") if s]
    fl = sa.flint_module()
    print(f"python-flint {getattr(fl, '__version__', 'NOT INSTALLED')}, dps {a.dps}, kmax {a.kmax}")
    coeffs, tail = hermite_mp.provider("tanh")(a.kmax, a.dps)[:2]
    rows = []
    for n in sizes:
        X = data.low_span(n, 32, 2, np.random.default_rng(0))
        ig = smp.infinite_gram_mp(X, coeffs, tail, a.dps)
        t = time.perf_counter()
        cert = sa.enclose_eigenvalues(ig.matrix, ig.error_bound, a.dps)
        t_arb = time.perf_counter() - t
        t = time.perf_counter()
        est = smp.eigenvalues_mp(ig.matrix, a.dps, ig.error_bound)
        t_mp = time.perf_counter() - t
        row = {"n": n, "arb_s": round(t_arb, 3), "mpmath_s": round(t_mp, 3), "ratio": round(t_mp / t_arb, 2),
               "route": cert.route, "vectors": cert.vectors,
               "arb_digits": {"max": cert[0].correct_digits, "min": cert.lambda_min.correct_digits,
                              "worst": min(e.correct_digits for e in cert)},
               "mpmath_digits": {"max": est[0].correct_digits, "min": est.lambda_min.correct_digits,
                                 "worst": min(e.correct_digits for e in est)},
               "solver_only_digits_lambda_min": {"arb": _solver_digits_arb(cert), "mpmath": _solver_digits_mp(est)},
               "lambda_min": float(cert.lambda_min.value), "entry_error": float(ig.error_bound)}
        rows.append(row)
        print(f"n={n}: arb {t_arb:.2f} s ({cert.route}, {'certified' if cert.certified else 'estimated'} digits "
              f"max/min/worst {row['arb_digits']['max']}/{row['arb_digits']['min']}/{row['arb_digits']['worst']}), "
              f"mpmath {t_mp:.2f} s (estimated digits {row['mpmath_digits']['max']}/{row['mpmath_digits']['min']}/"
              f"{row['mpmath_digits']['worst']}), mpmath/arb = {t_mp / t_arb:.2f}x; lambda_min "
              f"{row['lambda_min']:.4g}, entry error {row['entry_error']:.2g}; lambda_min digits without the entry error: "
              f"arb {row['solver_only_digits_lambda_min']['arb']}, mpmath {row['solver_only_digits_lambda_min']['mpmath']}",
              flush=True)
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
