"""Benchmark: the streamed empirical G-matrix against its baselines, in one run.

    python bench/gram.py [--n 500 --d 100 --m 20000] [--backend auto|numpy|cupy]
                         [--repeats 3] [--json out.json]

What is compared (same n, d, m, float64, activation relu by default):

  streamed G      ``kernels.gmatrix.empirical.empirical_gram``: draws the neurons chunk by chunk and
                  accumulates D D^T (D_ik = a_k phi'(w_k.x_i)); G = (X X^T) ⊙ (D D^T) / m.
                  Memory O(chunk*(n+d) + n^2), whatever m is. The timing includes its own
                  random draws (d*m + m normals).
  M route         the paper's route (004 Sec. 2), ``kernels.gmatrix.empirical.gram_from_M``: build
                  M in R^{md x n}, G = M^T M / m. Memory O(m d n) (8 GB at the defaults).
                  W and a are drawn before the clock starts. On CuPy the same three lines
                  run on the device (``_gram_from_M_xp``); on NumPy the kernel function
                  itself is timed. If M does not fit (``--mroute-max-gib``, 80% of the free
                  memory), it is timed at the largest m that fits and its time is scaled
                  linearly in m: such a row is marked "extrapolated".
  BLAS GEMM       one matrix product (n, k) @ (k, n) of distinct operands with
                  k = m (n + d) / n, i.e. exactly the nominal flop count of the streamed
                  route, 2 n d m (X W) + 2 n^2 m (D D^T). Stands for "peak BLAS".
  BLAS calls      the BLAS calls the streamed route makes, unchunked, on precomputed
                  operands: X @ W and D @ D.T (NumPy dispatches A @ A.T to SYRK, which
                  does half the flops of a GEMM). The floor of the streamed route.

How to read the table:

  seconds         best of ``--repeats`` (time.perf_counter; the device is synchronized
                  before the clock stops on CuPy).
  GFLOP/s         nominal flops / seconds, with A A^T counted as a full GEMM (2 n^2 k).
                  Because NumPy/CuPy compute D D^T and M^T M with SYRK (half the work),
                  the streamed route and the M route can beat the GEMM baseline: a ratio
                  streamed/GEMM below 1 is not an error.
  peak MiB        peak resident-set increment of the route, measured in a fresh
                  subprocess: ru_maxrss at the end minus ru_maxrss after the imports and a
                  BLAS warm-up (inputs included). On CuPy a second column gives the bytes the
                  CuPy memory pool holds afterwards (about the device peak).
  others%         CPU time other processes used while the route ran, in % of all CPUs
                  (/proc/stat minus the worker's own CPU time). Above 10% the run is flagged:
                  on a shared 2-core machine a concurrent job easily makes timings 5x worse.
  ratio           streamed / GEMM and streamed / BLAS calls: how close the streamed route
                  is to the BLAS it is built on (1.0 = at BLAS speed); M route / streamed:
                  the speed-up of streaming over forming M.

The first repeat of a route that touches fresh memory can be several times slower than the
next ones (page faults; on a VM the host backs guest memory lazily: the 8 GB of M took 30 s
the first time and 8 s afterwards on the 2-core VM this was written on), hence best-of-repeats.

The streamed route is also run at ``--m-big`` (default 10 m = 2e5) to show that its
peak memory does not grow with m, and two agreement checks are printed: a small case
(n=50, d=10, m=2000: M route vs the direct formula (X X^T) ⊙ (D D^T) / m, and the
streamed kernel vs the M route on the same draws), and at full size the streamed G
vs the M-route G built from the same draws (the M worker replays the kernel's chunked
draw order; skipped when the M route was extrapolated).

Performance claims about the G-matrix kernels come from this file, never from the tests:
tests check values, this file measures time and memory, and its numbers hold only for
the machine, BLAS and load they were taken on (printed in the header).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import kernels  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from _process import (  # noqa: E402
    RESULT_TAG,
    cpu_busy_s,
    loadavg,
    maxrss_mib,
    mem_available_bytes,
    run_worker,
    sync_device,
)

from kernels import activations as acts  # noqa: E402
from kernels.backend import select, standard_normal, to_numpy  # noqa: E402
from kernels.data import sphere  # noqa: E402
from kernels.gmatrix.empirical import default_chunk, empirical_gram, gram_from_M, init_scheme  # noqa: E402

AGREE_RTOL = 1e-9          # max|ΔG| / max|G| allowed in the agreement checks
NOISE_SHARE = 0.10         # other processes' CPU share above which timings are flagged


# ---------------------------------------------------------------- measuring helpers

def _warmup(be) -> None:
    """Start BLAS threads / the CUDA context so their buffers fall into the baseline."""
    xp = be.xp
    A = xp.ones((256, 256))
    (A @ A.T).sum()
    (A @ xp.ones((256, 64))).sum()
    sync_device(be)
    if be.name == "cupy":
        xp.get_default_memory_pool().free_all_blocks()


def _time(fn, repeats: int, be) -> tuple[list[float], object]:
    times, out = [], None
    for _ in range(repeats):
        sync_device(be)
        t0 = time.perf_counter()
        out = fn()
        sync_device(be)
        times.append(time.perf_counter() - t0)
    return times, out


def _replay_draws(rng, m: int, d: int, n: int, chunk: int, xp):
    """W (d, m), a (m,) drawn in the order empirical_gram draws them (init dzps: no bias)."""
    Ws, As = [], []
    for start in range(0, m, chunk):
        c = min(chunk, m - start)
        Ws.append(standard_normal(rng, (d, c), xp))
        As.append(standard_normal(rng, (c,), xp))
    return xp.concatenate(Ws, axis=1), xp.concatenate(As)


def _gram_from_M_xp(X, activation, W, a, xp):
    """The three lines of kernels.gmatrix.empirical.gram_from_M in namespace xp (for CuPy)."""
    act = acts.get(activation)
    n, d = X.shape
    m = W.shape[1]
    S = act.dphi(X @ W) * a
    M = (S.T[:, None, :] * X.T[None, :, :]).reshape(m * d, n)
    return M.T @ M / m


# ---------------------------------------------------------------- workers (one per subprocess)

def _worker(route: str, cfg: dict) -> dict:
    be = select(cfg["backend"])
    xp = be.xp
    _warmup(be)
    base = maxrss_mib()
    n, d, m, reps = cfg["n"], cfg["d"], cfg["m"], cfg["repeats"]
    act, seed = cfg["activation"], cfg["seed"]
    res: dict = {"route": route, "m": m, "backend": be.name, "device": be.device}
    pool = xp.get_default_memory_pool() if be.name == "cupy" else None

    if route == "streamed":
        X = sphere(n, d, np.random.default_rng(seed))
        rngs = [np.random.default_rng(seed + 1) for _ in range(reps)]   # same draws each repeat
        it = iter(rngs)
        times, G = _time(lambda: empirical_gram(X, act, m, next(it), backend=be,
                                                chunk=cfg["chunk"]), reps, be)
        res["flops"] = 2.0 * n * d * m + 2.0 * n * n * m
        res["chunk"] = cfg["chunk"] or default_chunk(n, d)

    elif route == "mroute":
        X = sphere(n, d, np.random.default_rng(seed))
        per_neuron = 8.0 * (d * n + 4 * n + d + 1)          # M, X@W / mask / S, W, a
        limit = cfg["mroute_max_gib"] * 2**30
        if be.name == "cupy":
            free, _total = xp.cuda.Device().mem_info
            limit = min(limit, 0.8 * free)
        else:
            limit = min(limit, 0.8 * mem_available_bytes())
        m_eff = m if per_neuron * m <= limit else max(1, int(limit // per_neuron) // 100 * 100)
        chunk = cfg["chunk"] or default_chunk(n, d)
        sc = init_scheme("dzps", m_eff, d)
        W, a = _replay_draws(np.random.default_rng(seed + 1), m_eff, d, n, chunk, xp)
        W, a = W * sc.w_std, a * sc.a_std
        Xb = xp.asarray(X)
        if be.name == "numpy":
            fn = lambda: gram_from_M(X, act, W, a)            # noqa: E731
        else:
            fn = lambda: _gram_from_M_xp(Xb, act, W, a, xp)   # noqa: E731
        times, G = _time(fn, reps, be)
        res.update(m_eff=m_eff, extrapolated=m_eff != m, est_full_gib=per_neuron * m / 2**30)
        if m_eff != m:
            times = [t * m / m_eff for t in times]
        res["flops"] = 2.0 * n * n * m * d      # M^T M, nominal (GEMM count)

    elif route == "gemm":
        k = int(round(m * (n + d) / n))
        rng = np.random.default_rng(seed)
        A = xp.asarray(rng.standard_normal((n, k)))
        B = xp.asarray(rng.standard_normal((k, n)))
        times, G = _time(lambda: A @ B, reps, be)
        res.update(k=k, flops=2.0 * n * n * k)
        G = None

    elif route == "blascalls":
        rng = np.random.default_rng(seed)
        Xb = xp.asarray(sphere(n, d, rng))
        W = xp.asarray(rng.standard_normal((d, m)))
        D = acts.get(act).dphi(Xb @ W) * xp.asarray(rng.standard_normal(m))

        def fn():
            Z = Xb @ W
            return Z, D @ D.T
        times, G = _time(fn, reps, be)
        res["flops"] = 2.0 * n * d * m + 2.0 * n * n * m
        G = None
    else:
        raise SystemExit(f"unknown route {route!r}")

    res["times"] = times
    res["peak_mib"] = maxrss_mib() - base
    if pool is not None:
        res["gpu_pool_mib"] = pool.total_bytes() / 2**20
    if G is not None and cfg.get("save"):
        np.save(cfg["save"], to_numpy(G))
    return res


# ---------------------------------------------------------------- agreement checks

def _small_checks(be, activation: str, seed: int) -> dict:
    """n=50, d=10, m=2000: M route vs direct formula, and streamed kernel vs M route (same draws)."""
    n, d, m, chunk = 50, 10, 2000, 300
    rng = np.random.default_rng(seed)
    X = sphere(n, d, rng)
    W = rng.standard_normal((d, m))
    a = rng.standard_normal(m)
    act = acts.get(activation)
    G_M = gram_from_M(X, act, W, a)
    D = act.dphi(X @ W) * a
    G_direct = (X @ X.T) * (D @ D.T) / m
    out = {"case": {"n": n, "d": d, "m": m},
           "mroute_vs_direct": float(np.max(np.abs(G_M - G_direct))),
           "scale": float(np.max(np.abs(G_direct)))}
    # the kernel itself, on the same draws (replaying its chunked draw order)
    Wr, ar = _replay_draws(np.random.default_rng(seed + 7), m, d, n, chunk, be.xp)
    G_s = empirical_gram(X, act, m, np.random.default_rng(seed + 7), chunk=chunk, backend=be)
    G_Mr = gram_from_M(X, act, to_numpy(Wr), to_numpy(ar))
    out["streamed_vs_mroute"] = float(np.max(np.abs(G_s - G_Mr)))
    return out


# ---------------------------------------------------------------- main

def _best(r):
    return min(r["times"]) if "times" in r else float("nan")


def _fmt(x, spec):
    return "—" if x is None or (isinstance(x, float) and not math.isfinite(x)) else format(x, spec)


def _blas_info() -> str:
    try:
        cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{cfg.get('name')} {cfg.get('version')}"
    except Exception:
        return "unknown"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--d", type=int, default=100)
    ap.add_argument("--m", type=int, default=20000)
    ap.add_argument("--m-big", type=int, default=None, help="m of the memory-scaling run (default 10 m)")
    ap.add_argument("--activation", default="relu")
    ap.add_argument("--backend", default="auto", choices=("auto", "numpy", "cupy"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--mroute-repeats", type=int, default=None,
                    help="repeats of the (slow) M route; default --repeats")
    ap.add_argument("--mroute-max-gib", type=float, default=18.0,
                    help="largest M route working set to run at full m (else extrapolate)")
    ap.add_argument("--chunk", type=int, default=None, help="neurons per chunk (default: the kernel's)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", default=None, help="write the results here")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--cfg", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        res = _worker(args.worker, json.loads(args.cfg))
        print(RESULT_TAG + json.dumps(res), flush=True)
        return 0

    t_start = time.perf_counter()
    be = select(args.backend)
    acts.get(args.activation)                       # fail early on a bad spec
    n, d, m = args.n, args.d, args.m
    m_big = args.m_big or 10 * m
    cfg = dict(n=n, d=d, m=m, activation=args.activation, backend=be.name, repeats=args.repeats,
               chunk=args.chunk, seed=args.seed, mroute_max_gib=args.mroute_max_gib, save=None)

    print(f"bench/gram.py  n={n} d={d} m={m} activation={args.activation} float64 "
          f"repeats={args.repeats}")
    print(f"backend: {be.name} on {be.device}" + (f"  ({be.note})" if be.note else ""))
    print(f"host: {platform.node()} {platform.machine()} cpus={os.cpu_count()} python "
          f"{platform.python_version()} numpy {np.__version__} BLAS {_blas_info()}")
    print(f"streamed chunk: {args.chunk or default_chunk(n, d)} neurons")
    load0 = loadavg()
    b0, c0, w0 = cpu_busy_s(), time.process_time(), time.perf_counter()
    time.sleep(0.5)
    b1, c1, w1 = cpu_busy_s(), time.process_time(), time.perf_counter()
    busy = None if b0 is None else max(0.0, (b1 - b0) - (c1 - c0)) / ((w1 - w0) * (os.cpu_count() or 1))
    print(f"load average (1 min) at start: {_fmt(load0, '.2f')} on {os.cpu_count()} cpus; CPU used by "
          f"other processes just before the run: {_fmt(None if busy is None else 100 * busy, '.0f')}%")
    print()

    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        g_s, g_m = os.path.join(tmp, "streamed.npy"), os.path.join(tmp, "mroute.npy")
        print("running: streamed ...", flush=True)
        rows["streamed"] = run_worker(__file__, "streamed", {**cfg, "save": g_s}, "m")
        print(f"running: streamed at m={m_big} (memory scaling, 1 repeat) ...", flush=True)
        rows["streamed_big"] = run_worker(__file__, "streamed", {**cfg, "m": m_big, "repeats": 1}, "m")
        print("running: BLAS GEMM ...", flush=True)
        rows["gemm"] = run_worker(__file__, "gemm", cfg, "m")
        print("running: BLAS calls of the streamed route ...", flush=True)
        rows["blascalls"] = run_worker(__file__, "blascalls", cfg, "m")
        print("running: M route (forms M: slow, large) ...", flush=True)
        rows["mroute"] = run_worker(__file__, "mroute", {**cfg, "save": g_m,
                                                         "repeats": args.mroute_repeats or args.repeats}, "m")
        full = {}
        if os.path.exists(g_s) and os.path.exists(g_m) and not rows["mroute"].get("extrapolated"):
            Gs, Gm = np.load(g_s), np.load(g_m)
            full = {"max_abs_diff": float(np.max(np.abs(Gs - Gm))), "scale": float(np.max(np.abs(Gm)))}
    small = _small_checks(be, args.activation, args.seed)

    # ---------------- table
    ts = _best(rows["streamed"])
    gpu = be.name == "cupy"
    head = f"{'route':<34} {'m':>7} {'seconds':>9} {'GFLOP/s':>8} {'peak MiB':>9}"
    head += f" {'GPU MiB':>8}" if gpu else ""
    head += f" {'others%':>7}  ratio"
    print()
    print(head)
    print("-" * len(head))
    labels = {
        "streamed": "streamed G (empirical_gram)",
        "streamed_big": "streamed G, memory scaling",
        "gemm": "BLAS GEMM, equal nominal flops",
        "blascalls": "BLAS calls only (X@W + D@D.T)",
        "mroute": "M route (gram_from_M)" if be.name == "numpy" else "M route (gram_from_M on device)",
    }
    noisy = False
    for key in ("streamed", "streamed_big", "gemm", "blascalls", "mroute"):
        r = rows[key]
        label = labels[key]
        if "error" in r:
            print(f"{label:<34} {r['m']:>7}  FAILED: {r['error']}")
            continue
        t = _best(r)
        gf = r["flops"] / t / 1e9 if r.get("flops") else None
        if key == "mroute" and r.get("extrapolated"):
            label = f"M route, extrapolated from m={r['m_eff']}"
        ratio = ""
        if key in ("gemm", "blascalls"):
            ratio = f"streamed/this = {ts / t:.2f}"
        elif key == "mroute":
            ratio = f"this/streamed = {t / ts:.1f}x"
        elif key == "streamed_big":
            ratio = f"time/streamed = {t / ts:.1f} (m x{r['m'] / m:g})"
        line = f"{label:<34} {r['m']:>7} {t:>9.3f} {_fmt(gf, '8.1f'):>8} {r['peak_mib']:>9.0f}"
        if gpu:
            line += f" {_fmt(r.get('gpu_pool_mib'), '8.0f'):>8}"
        fc = r.get("foreign_cpu")
        noisy |= fc is not None and fc > NOISE_SHARE
        line += f" {_fmt(None if fc is None else 100 * fc, '7.0f'):>7}"
        print(line + "  " + ratio)
    print()
    print("others% = CPU time used by other processes while the route ran, in % of all CPUs")
    if noisy or (busy is not None and busy > NOISE_SHARE):
        print(f"WARNING: other processes used more than {100 * NOISE_SHARE:.0f}% of the CPUs during the "
              "run: the timings are not clean; rerun on a quiet machine")
    if rows["gemm"].get("k"):
        print(f"GEMM shape: ({n}, {rows['gemm']['k']}) @ ({rows['gemm']['k']}, {n}), "
              f"{rows['gemm']['flops'] / 1e9:.1f} GFLOP; streamed nominal "
              f"{rows['streamed'].get('flops', float('nan')) / 1e9:.1f} GFLOP "
              f"(D@D.T runs as SYRK: half its nominal flops)")
    mr = rows["mroute"]
    if "error" not in mr:
        print(f"M route: M is {m}x{d} by {n} = {8.0 * m * d * n / 2**30:.2f} GiB; working set "
              f"estimate {mr['est_full_gib']:.2f} GiB; "
              + (f"timed at m={mr['m_eff']} and scaled x{m / mr['m_eff']:.2f} (EXTRAPOLATED; "
                 f"its peak MiB is the one at m={mr['m_eff']})"
                 if mr["extrapolated"] else "measured at full m")
              + f"; repeats {len(mr['times'])}")
    sb, s0 = rows["streamed_big"], rows["streamed"]
    if "error" not in sb and "error" not in s0:
        print(f"streamed peak memory: {s0['peak_mib']:.0f} MiB at m={m}, {sb['peak_mib']:.0f} MiB at "
              f"m={m_big} (O(chunk*(n+d) + n^2): should not grow with m)")
    ok = True
    print()
    print("agreement (max |ΔG|; tolerance "
          f"{AGREE_RTOL:g} x max|G|):")
    tol = AGREE_RTOL * max(1.0, small["scale"])
    for name in ("mroute_vs_direct", "streamed_vs_mroute"):
        good = small[name] <= tol
        ok &= good
        what = {"mroute_vs_direct": "M route vs (XX^T)*(DD^T)/m",
                "streamed_vs_mroute": "streamed kernel vs M route, same draws"}[name]
        print(f"  n=50 d=10 m=2000  {what:<40} {small[name]:.3e}  {'ok' if good else 'MISMATCH'}")
    if full:
        good = full["max_abs_diff"] <= AGREE_RTOL * max(1.0, full["scale"])
        ok &= good
        print(f"  n={n} d={d} m={m}  {'streamed vs M route, same draws':<40} "
              f"{full['max_abs_diff']:.3e}  {'ok' if good else 'MISMATCH'}")
    else:
        print(f"  n={n} d={d} m={m}  full-size comparison skipped (M route extrapolated or failed)")
    wall = time.perf_counter() - t_start
    print()
    print(f"total wall time: {wall:.1f} s; load average (1 min) at end: {_fmt(loadavg(), '.2f')}")

    if args.json:
        out = {"config": {k: v for k, v in cfg.items() if k != "save"} | {"m_big": m_big},
               "backend": {"name": be.name, "device": be.device, "note": be.note},
               "host": {"node": platform.node(), "cpus": os.cpu_count(), "numpy": np.__version__,
                        "blas": _blas_info()},
               "load_start": load0, "load_end": loadavg(), "others_cpu_share_start": busy,
               "routes": rows, "agreement": {"small": small, "full": full, "ok": ok},
               "wall_s": wall}
        Path(args.json).write_text(json.dumps(out, indent=2))
        print(f"wrote {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
