"""Benchmark: high-precision Hermite coefficients of tanh' against plain per-coefficient quadrature.

    python bench/hermite.py [--kmax 500] [--dps 40] [--sample-every 25] [--json out.json]

What is compared (c̄_k = E_{z~N(0,1)}[tanh'(z) He_k(z)/sqrt(k!)], k = 0..kmax, --dps digits):

  ours            ``kernels.series.hermite_mp.coefficients("tanh", kmax, dps=dps, use_cache=False)``:
                  one trapezoidal rule on R for all k at once (the orthonormal recurrence on the
                  nodes), plus its own second computation for the error estimates. Timed as one
                  call in a fresh subprocess (the sympy -> mpmath conversion of tanh' included).
  mpmath.quad     for each k separately, ``mpmath.quad`` (tanh-sinh, its defaults) of
                  sech(x)^2 He_k(x)/sqrt(k!) pdf(x) over [-inf, inf] at mp.dps = dps, with
                  He_k(x) = 2^{-k/2} H_k(x/sqrt 2) (``mpmath.hermite``, the physicists' H_k;
                  faster than the three-term recurrence in Python for k >= 50).
                  When the full run would exceed --quad-budget seconds (estimated from a sample
                  of every --sample-every-th k, kmax always included), only the sample is timed,
                  and the total for k = 0..kmax is EXTRAPOLATED: the per-k times are linearly
                  interpolated between the sampled k and summed.

Correct digits are measured, not taken from any error estimate: against a reference run of
OUR OWN METHOD at higher precision (--ref-dps, default dps + 20), which is cross-checked for a
few k (--check-k) against mpmath.quad at --ref-dps digits with the real line cut into many
subintervals ([-inf, -L, ..., L, inf], width --check-width). Even k: significant digits
-log10|v - ref|/|ref|, capped at the digits the reference itself claims (marked ">="). Odd k:
tanh' is even, so c̄_k = 0 exactly; the absolute error |v| is reported instead.

Each route runs in its own subprocess; mpmath here has no gmpy2 backend unless installed
(printed in the header), and everything is single-threaded Python: "one core".
Performance claims about kernels/series/hermite_mp.py come from this file, never from the tests.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:        # run as a script: make the repository's packages importable
    sys.path.insert(0, str(ROOT))

import mpmath  # noqa: E402
from _process import RESULT_TAG, loadavg, run_worker  # noqa: E402
from mpmath import mp  # noqa: E402

STR_DIGITS = 40                    # extra digits kept when values cross the process boundary


# ---------------------------------------------------------------- workers (one subprocess each)

def _w_ours(cfg: dict) -> dict:
    from kernels.series import hermite_mp  # noqa: PLC0415
    c0, t0 = time.process_time(), time.perf_counter()
    res = hermite_mp.coefficients("tanh", cfg["kmax"], dps=cfg["dps"], use_cache=False)
    t, c = time.perf_counter() - t0, time.process_time() - c0
    n = cfg["dps"] + STR_DIGITS
    with mp.workdps(n + 10):
        return {"seconds": t, "cpu_seconds": c, "method": res.method,
                "values": [mpmath.nstr(v, n) for v in res.values],
                "errors": [mpmath.nstr(e, 5) for e in res.errors],
                "claimed_digits": [res.digits(k) if res.digits(k) != float("inf") else None
                                   for k in range(res.kmax + 1)]}


def _quad_one(k: int, points, inv_norm):
    s2 = mpmath.sqrt(2)

    def f(x):
        return mpmath.sech(x) ** 2 * mpmath.hermite(k, x / s2) * mpmath.exp(-x * x / 2) * inv_norm
    return mpmath.quad(f, points, error=True)


def _w_quad(cfg: dict) -> dict:
    """Plain mpmath.quad per coefficient over [-inf, inf] (or given subintervals)."""
    mp.dps = cfg["dps"]
    out = {"k": [], "seconds": [], "values": [], "quad_error": []}
    c_all = time.process_time()
    for k in cfg["ks"]:
        t0 = time.perf_counter()
        if cfg.get("pieces"):
            L, n = cfg["half_width"], cfg["pieces"]
            points = [-mpmath.inf] + [mpmath.mpf(-L) + 2 * mpmath.mpf(L) * i / n for i in range(n + 1)] + [mpmath.inf]
        else:
            points = [-mpmath.inf, mpmath.inf]
        # He_k(x)/sqrt(k!) pdf(x) = H_k(x/sqrt 2) 2^{-k/2} / sqrt(k! 2 pi) exp(-x^2/2)
        inv_norm = mpmath.mpf(2) ** (-mpmath.mpf(k) / 2) / mpmath.sqrt(mpmath.factorial(k) * 2 * mpmath.pi)
        v, e = _quad_one(k, points, inv_norm)
        out["seconds"].append(time.perf_counter() - t0)
        out["k"].append(k)
        out["values"].append(mpmath.nstr(v, cfg["dps"] + STR_DIGITS))
        out["quad_error"].append(mpmath.nstr(e, 3))
    out["cpu_seconds"] = time.process_time() - c_all
    return out


WORKERS = {"ours": _w_ours, "quad": _w_quad}


def _run_worker(route: str, cfg: dict) -> dict:
    """One route in a fresh interpreter (bench/_process.run_worker); a failed route stops the benchmark."""
    res = run_worker(__file__, route, cfg)
    if "error" in res:
        raise RuntimeError(f"worker {route} failed: {res['error']}")
    return res


# ---------------------------------------------------------------- measuring digits

def _mpf(s: str):
    return mpmath.mpf(s)


def _digits_vs(values: dict, ref: dict, ref_claimed: dict, max_digits: float) -> dict:
    """Per k: correct significant digits (even k, capped at the reference's claimed digits)
    or absolute error (odd k). ``values`` and ``ref``: k -> mpf."""
    even, odd, capped = {}, {}, 0
    with mp.workdps(200):
        for k, v in values.items():
            r = ref[k]
            if k % 2:
                odd[k] = abs(v - r)
                continue
            cap = min(ref_claimed.get(k) or max_digits, max_digits)
            d = float("inf") if v == r else float(-mpmath.log10(abs(v - r) / abs(r)))
            if d >= cap:
                d, capped = cap, capped + 1
            even[k] = d
    return {"even": even, "odd": odd, "capped": capped}


def _summary(dig: dict) -> dict:
    ev = list(dig["even"].values())
    od = list(dig["odd"].values())
    return {"min_digits": min(ev) if ev else None, "median_digits": statistics.median(ev) if ev else None,
            "argmin_k": min(dig["even"], key=dig["even"].get) if ev else None,
            "max_abs_err_odd": float(max(od)) if od else None, "capped": dig["capped"], "n_even": len(ev),
            "n_odd": len(od)}


def _fmt(x, spec, none="-"):
    return none if x is None else format(x, spec)


def _extrapolate(ks: list, secs: list, kmax: int) -> float:
    """Sum over k = 0..kmax of the per-k time, linearly interpolated between sampled k of the
    same parity (odd k cost mpmath.quad almost nothing: the symmetric nodes cancel exactly)."""
    total = 0.0
    for parity in (0, 1):
        pairs = sorted((k, t) for k, t in zip(ks, secs) if k % 2 == parity)
        for k in range(parity, kmax + 1, 2):
            if not pairs:
                raise ValueError(f"no sampled k of parity {parity}")
            for (ka, ta), (kb, tb) in zip(pairs, pairs[1:]):
                if ka <= k <= kb:
                    total += ta + (tb - ta) * (k - ka) / (kb - ka)
                    break
            else:
                total += pairs[0][1] if k < pairs[0][0] else pairs[-1][1]
    return total


def _sample(kmax: int, every: int) -> list:
    """Every ``every``-th k and kmax, with both parities present (each is interpolated alone)."""
    ks = set(range(0, kmax + 1, every)) | {kmax}
    for parity in (0, 1):
        if kmax >= parity and not any(k % 2 == parity for k in ks):
            ks |= {k + 1 for k in ks if k + 1 <= kmax} or {parity}
    return sorted(ks)


# ---------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kmax", type=int, default=500)
    ap.add_argument("--dps", type=int, default=40)
    ap.add_argument("--sample-every", type=int, default=25, help="baseline sample stride in k")
    ap.add_argument("--quad-budget", type=float, default=180.0,
                    help="seconds: time the baseline at every k only if the estimate is below this")
    ap.add_argument("--ref-dps", type=int, default=None, help="reference precision (default dps + 20)")
    ap.add_argument("--check-k", default=None, help="k cross-checked by subdivided mpmath.quad (default 0,2,100,kmax)")
    ap.add_argument("--check-width", type=float, default=0.5, help="subinterval width of the cross-check")
    ap.add_argument("--check-dps", type=int, default=None,
                    help="digits of the cross-check quadrature (default ref-dps + 15: c̄_500 ~ 1e-14, and quad's "
                         "error is absolute)")
    ap.add_argument("--json", default=None, help="write the results here")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--cfg", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        res = WORKERS[args.worker](json.loads(args.cfg))
        print(RESULT_TAG + json.dumps(res), flush=True)
        return 0

    kmax, dps = args.kmax, args.dps
    if kmax < 0 or args.sample_every < 1 or not 15 <= dps <= 2000:
        ap.error("need kmax >= 0, --sample-every >= 1 and 15 <= dps <= 2000")
    ref_dps = args.ref_dps or dps + 20
    check_dps = args.check_dps or ref_dps + 15
    check_k = sorted({int(v) for v in args.check_k.split(",")} if args.check_k
                     else {k for k in (0, 2, 100, kmax) if k <= kmax})
    t_start = time.perf_counter()
    print(f"bench/hermite.py  c̄_0..c̄_{kmax} of tanh' at {dps} digits; reference: our method at {ref_dps} digits")
    print(f"host: {platform.node()} {platform.machine()} cpus={os.cpu_count()} python {platform.python_version()} "
          f"mpmath {mpmath.__version__} (backend {mpmath.libmp.BACKEND}); load average (1 min) "
          f"{_fmt(loadavg(), '.2f')}")
    print()

    rows = {}
    print(f"running: ours (hermite_mp, dps={dps}) ...", flush=True)
    rows["ours"] = _run_worker("ours", {"kmax": kmax, "dps": dps})
    print(f"running: reference (hermite_mp, dps={ref_dps}) ...", flush=True)
    rows["reference"] = _run_worker("ours", {"kmax": kmax, "dps": ref_dps})
    sample = _sample(kmax, args.sample_every)
    print(f"running: mpmath.quad per coefficient on the sample k = {sample[0]}, {sample[1] if len(sample) > 1 else ''}"
          f"... {kmax} ({len(sample)} values) ...", flush=True)
    q = _run_worker("quad", {"ks": sample, "dps": dps})
    est_total = _extrapolate(q["k"], q["seconds"], kmax)
    extrapolated = est_total > args.quad_budget and len(sample) < kmax + 1
    if not extrapolated and len(sample) < kmax + 1:
        rest = [k for k in range(kmax + 1) if k not in set(sample)]
        print(f"running: mpmath.quad on the other {len(rest)} k (estimated {est_total:.0f} s in all) ...", flush=True)
        q2 = _run_worker("quad", {"ks": rest, "dps": dps})
        for key in ("k", "seconds", "values", "quad_error"):
            q[key] = q[key] + q2[key]
        q["cpu_seconds"] += q2["cpu_seconds"]
    rows["quad"] = q
    # |h_k(x)| pdf(x) <= sqrt(pdf(x)) (orthonormality): beyond L the integrand is below 10^-(ref_dps+5)
    half_width = math.ceil(2 * math.sqrt((check_dps + 5) * math.log(10)))
    pieces = max(2, int(round(2 * half_width / args.check_width)))
    print(f"running: cross-check of the reference, mpmath.quad at {check_dps} digits on {pieces} subintervals "
          f"of [-{half_width:.1f}, {half_width:.1f}] plus the tails, k = {check_k} ...", flush=True)
    rows["check"] = _run_worker("quad", {"ks": check_k, "dps": check_dps, "pieces": pieces, "half_width": half_width})

    # ---------------- digits
    with mp.workdps(max(ref_dps, check_dps) + STR_DIGITS + 20):
        ref = {k: _mpf(s) for k, s in enumerate(rows["reference"]["values"])}
        ours = {k: _mpf(s) for k, s in enumerate(rows["ours"]["values"])}
        quadv = {k: _mpf(s) for k, s in zip(q["k"], q["values"])}
        chk = {k: _mpf(s) for k, s in zip(rows["check"]["k"], rows["check"]["values"])}
    ref_claimed = {k: d for k, d in enumerate(rows["reference"]["claimed_digits"]) if d is not None}
    cap = float(ref_dps)
    d_ours = _digits_vs(ours, ref, ref_claimed, cap)
    d_quad = _digits_vs(quadv, ref, ref_claimed, cap)
    d_ours_sample = _digits_vs({k: ours[k] for k in q["k"]}, ref, ref_claimed, cap)
    s_ours, s_quad, s_ours_sample = _summary(d_ours), _summary(d_quad), _summary(d_ours_sample)
    ours_claimed = [d for k, d in enumerate(rows["ours"]["claimed_digits"]) if d is not None and k % 2 == 0]

    # ---------------- table
    t_ours = rows["ours"]["seconds"]
    t_quad_meas = sum(q["seconds"])
    t_quad_total = est_total if extrapolated else t_quad_meas
    head = (f"{'method':<46} {'seconds':>9} {'coeffs':>6} {'min dig':>8} {'med dig':>8} "
            f"{'max|err| odd k':>14}  ratio")
    print()
    print(head)
    print("-" * len(head))

    def line(label, secs, n, s, ratio):
        mn = _fmt(s["min_digits"], ".1f") + ("*" if s["capped"] else " ")
        print(f"{label:<46} {secs:>9.2f} {n:>6} {mn:>8} {_fmt(s['median_digits'], '.1f'):>8} "
              f"{_fmt(s['max_abs_err_odd'], '.1e'):>14}  {ratio}")

    line(f"ours: hermite_mp (dps={dps})", t_ours, kmax + 1, s_ours, "1")
    if len(q["k"]) < kmax + 1:
        line("  same, digits on the baseline's k only", t_ours, len(q["k"]), s_ours_sample, "")
    line(f"mpmath.quad per k (dps={dps}), measured", t_quad_meas, len(q["k"]), s_quad,
         f"{t_quad_meas / t_ours:.1f}x ours (for {len(q['k'])} of {kmax + 1} k)")
    if extrapolated:
        print(f"{'mpmath.quad per k, all k: EXTRAPOLATED':<46} {t_quad_total:>9.1f} {kmax + 1:>6} {'-':>8} {'-':>8} "
              f"{'-':>14}  {t_quad_total / t_ours:.1f}x ours")
    print(f"{'reference: hermite_mp (dps=' + str(ref_dps) + ')':<46} {rows['reference']['seconds']:>9.2f} "
          f"{kmax + 1:>6}")
    print()
    print("digits: correct significant digits over even k, measured against the reference, which is OUR OWN "
          f"method at {ref_dps} digits (cross-checked below); * = some k agree to {ref_dps} digits or to what "
          "the reference claims for itself, and are capped there (the true figure may be higher). Odd k: "
          "c̄_k = 0 exactly (tanh' is even); the column gives max |value - reference|.")
    if s_ours["argmin_k"] is not None:
        where = ("every even k reached the cap" if s_ours["capped"] == s_ours["n_even"]
                 else f"fewest digits at k = {s_ours['argmin_k']}")
        print(f"ours: {where}; digits ours claims (from its error estimate), "
              f"even k: min {min(ours_claimed):.1f}, median {statistics.median(ours_claimed):.1f}; "
              f"cpu {rows['ours']['cpu_seconds']:.2f} s for {t_ours:.2f} s wall (single-threaded)")
        print(f"ours: {rows['ours']['method']}")
    if s_quad["argmin_k"] is not None:
        worst = [(k, round(d_quad["even"][k], 1)) for k in sorted(d_quad["even"])]
        print(f"mpmath.quad digits per sampled even k: {worst}")
    for parity, name in ((0, "even"), (1, "odd")):
        kt = sorted((k, t) for k, t in zip(q["k"], q["seconds"]) if k % 2 == parity)
        if kt:
            print(f"mpmath.quad seconds per {name} k (k:s): "
                  + ", ".join(f"{k}:{t:.2f}" for k, t in kt[:: max(1, len(kt) // 11)]))
    if extrapolated:
        print(f"EXTRAPOLATED: the full baseline (estimated {t_quad_total:.0f} s > --quad-budget "
              f"{args.quad_budget:.0f} s) was not run; its per-k times at the {len(q['k'])} sampled k were "
              f"interpolated linearly in k and summed over k = 0..{kmax}.")
    print()
    print(f"cross-check of the reference (hermite_mp at {ref_dps} digits) against mpmath.quad at {check_dps} "
          f"digits on {pieces} subintervals:")
    chk_rows = []
    with mp.workdps(max(ref_dps, check_dps) + STR_DIGITS + 20):
        for k, t, e in zip(rows["check"]["k"], rows["check"]["seconds"], rows["check"]["quad_error"]):
            v, r = chk[k], ref[k]
            if k % 2:
                agree = f"|quad| = {mpmath.nstr(abs(v), 3)}, |ref| = {mpmath.nstr(abs(r), 3)}"
                dd = None
            else:
                dd = float("inf") if v == r else float(-mpmath.log10(abs(v - r) / abs(r)))
                agree = f"agree to {dd:.1f} digits (reference claims {ref_claimed.get(k, float('nan')):.1f})"
            chk_rows.append({"k": k, "digits": dd, "seconds": t, "quad_error": e})
            print(f"  k={k:<4} c̄_k = {mpmath.nstr(r, 12):<22} {agree}; quad error estimate {e}; {t:.1f} s")
    wall = time.perf_counter() - t_start
    print()
    print(f"total wall time: {wall:.1f} s; load average (1 min) at end: {_fmt(loadavg(), '.2f')}")

    if args.json:
        out = {"config": {"kmax": kmax, "dps": dps, "ref_dps": ref_dps, "sample_every": args.sample_every,
                          "quad_budget": args.quad_budget, "check_k": check_k, "check_dps": check_dps, "check_pieces": pieces},
               "host": {"node": platform.node(), "cpus": os.cpu_count(), "python": platform.python_version(),
                        "mpmath": mpmath.__version__, "backend": mpmath.libmp.BACKEND},
               "ours": {"seconds": t_ours, "cpu_seconds": rows["ours"]["cpu_seconds"],
                        "method": rows["ours"]["method"], **s_ours,
                        "digits_even": {str(k): d for k, d in d_ours["even"].items()},
                        "abs_err_odd": {str(k): float(e) for k, e in d_ours["odd"].items()}},
               "quad": {"seconds_measured": t_quad_meas, "seconds_total": t_quad_total, "extrapolated": extrapolated,
                        "k": q["k"], "seconds": q["seconds"], "quad_error": q["quad_error"], **s_quad,
                        "digits_even": {str(k): d for k, d in d_quad["even"].items()},
                        "abs_err_odd": {str(k): float(e) for k, e in d_quad["odd"].items()}},
               "ratio_quad_over_ours": t_quad_total / t_ours,
               "reference": {"seconds": rows["reference"]["seconds"], "method": rows["reference"]["method"]},
               "crosscheck": chk_rows, "wall_s": wall}
        Path(args.json).write_text(json.dumps(out, indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
