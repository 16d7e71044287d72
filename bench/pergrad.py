"""Benchmark: the per-example gradient Gram without per-example gradients, against the naive route, in one run.

    python bench/pergrad.py [--n 1000 --d 512 --width 512 --depth 4] [--backend auto|numpy|cupy]
                            [--repeats 3] [--naive-max-gib 10] [--json out.json]

What is compared (same network of 002 eq. 4, tanh, He init, square loss with random labels, float64):

  ours            ``kernels.nets.ghost.gradient_gram``: one forward/backward pass for the layer inputs A_l and
                  backprop signals B_l, then G = Σ_l (B_l B_lᵀ) ⊙ (A_l A_lᵀ), streamed over blocks of
                  ``--block`` samples (memory O(block·width·(β+1) + n²)); flops O(n² Σ_l (in_l + out_l)).
  ours, width x2  the same at twice the width (3.5x the parameters here): its peak memory does not follow
                  the parameter count.
  naive           explicit per-example gradients, then their Gram: the same forward/backward pass, the
                  n × P matrix J of flattened per-example gradients filled layer by layer (b_i a_iᵀ),
                  then G = J Jᵀ. Memory O(nP) (8.4 GB at the defaults), flops 2n²P. If J does not fit
                  (``--naive-max-gib``, or 50% of the available memory), the route is timed at the largest
                  n that fits, and its time is extrapolated: the J-filling part linearly in n, the J Jᵀ part
                  quadratically; such a row is marked EXTRAPOLATED.

Every route runs in a fresh subprocess; peak memory is ru_maxrss at the end minus ru_maxrss after the
imports, a BLAS warm-up and the inputs (the network and X). Timings are best-of-repeats; "others%" is the CPU
time other processes used meanwhile (on a shared 2-core machine a busy neighbour makes timings worse;
the run is flagged above 10%). The two routes' G are compared at a small size (n=64) and, when the naive route
ran at full size, at full size too.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if importlib.util.find_spec("kernels") is None:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from _process import RESULT_TAG, loadavg, maxrss_mib, mem_available_bytes, run_worker, sync_device  # noqa: E402

from kernels.backend import select, to_numpy  # noqa: E402
from kernels.nets import ghost, mlp  # noqa: E402

NOISE_SHARE = 0.10
AGREE_RTOL = 1e-10


def _problem(cfg, be):
    rng = np.random.default_rng(cfg["seed"])
    net = mlp.init_mlp(cfg["d"], cfg["width"], cfg["depth"], "tanh", rng, scheme="he", xp=be.xp)
    X = rng.standard_normal((cfg["n"], cfg["d"]))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    y = rng.uniform(-1, 1, cfg["n"])
    return net, be.xp.asarray(X), be.xp.asarray(y)


def naive_gram(net, X, y, loss="square"):
    """Explicit per-example gradients J (n × P), filled layer by layer without concatenation, then J Jᵀ."""
    sig, _, _, xp = ghost.layer_signals(net, X, y, loss)
    n = X.shape[0]
    P = sum(int(A.shape[-1] * B.shape[-1]) for A, B in sig)
    J = xp.empty((n, P))
    k = 0
    for A, B in sig:
        size = A.shape[-1] * B.shape[-1]
        J[:, k:k + size].reshape(n, B.shape[-1], A.shape[-1])[...] = B[:, :, None] * A[:, None, :]
        k += size
    t_fill = time.perf_counter()
    G = J @ J.T
    return G, t_fill


def _worker(route: str, cfg: dict) -> dict:
    be = select(cfg["backend"])
    xp = be.xp
    A = xp.ones((256, 256))
    (A @ A.T).sum()
    net, X, y = _problem(cfg, be)
    sync_device(be)
    base = maxrss_mib()
    res = {"route": route, "n": cfg["n"], "width": cfg["width"], "depth": cfg["depth"], "d": cfg["d"],
           "params": net.n_params, "backend": be.name, "device": be.device}
    times, parts = [], []
    G = None
    for _ in range(cfg["repeats"]):
        sync_device(be)
        t0 = time.perf_counter()
        if route == "ours":
            G = ghost.gradient_gram(net, X, y, "square", block=cfg["block"])
            sync_device(be)
            t1 = time.perf_counter()
            parts.append((t1 - t0, 0.0))
        else:
            G, t_fill = naive_gram(net, X, y)
            sync_device(be)
            t1 = time.perf_counter()
            parts.append((t_fill - t0, t1 - t_fill))
        times.append(t1 - t0)
        if route == "naive":
            G = to_numpy(G)
    res["times"] = times
    res["parts"] = parts                # naive: (forming J, J Jᵀ)
    res["peak_mib"] = maxrss_mib() - base
    if be.name == "cupy":
        res["gpu_pool_mib"] = xp.get_default_memory_pool().total_bytes() / 2**20
    if cfg.get("save") and G is not None:
        np.save(cfg["save"], to_numpy(G))
    return res


def _naive_bytes(n: int, params: int) -> float:
    return 8.0 * n * params + 8.0 * n * n


def _small_check(be) -> dict:
    cfg = dict(n=64, d=20, width=32, depth=3, seed=5)
    net, X, y = _problem(cfg, be)
    Go = to_numpy(ghost.gradient_gram(net, X, y, "square", block=16))
    Gn = to_numpy(naive_gram(net, X, y)[0])
    return {"case": cfg, "max_abs_diff": float(np.max(np.abs(Go - Gn))), "scale": float(np.max(np.abs(Gn)))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--d", type=int, default=512)
    ap.add_argument("--width", type=int, default=512)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--block", type=int, default=256, help="samples per block of the streamed route")
    ap.add_argument("--backend", default="auto", choices=("auto", "numpy", "cupy"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--naive-repeats", type=int, default=1)
    ap.add_argument("--naive-max-gib", type=float, default=10.0,
                    help="largest J (n × P float64) the naive route may form at full n (else extrapolate)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", default=None)
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--cfg", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(RESULT_TAG + json.dumps(_worker(args.worker, json.loads(args.cfg))), flush=True)
        return 0

    t_start = time.perf_counter()
    be = select(args.backend)
    cfg = dict(n=args.n, d=args.d, width=args.width, depth=args.depth, block=args.block, backend=be.name,
               repeats=args.repeats, seed=args.seed, save=None)
    params = sum(o * i for o, i in mlp.layer_shapes(args.d, args.width, args.depth))
    print(f"bench/pergrad.py  n={args.n} d={args.d} width={args.width} depth={args.depth} (β+1 = {args.depth + 1} "
          f"weight matrices, P = {params:,} parameters) tanh, square loss, float64, repeats={args.repeats}")
    print(f"backend: {be.name} on {be.device}" + (f"  ({be.note})" if be.note else ""))
    load = loadavg()
    print(f"host: {platform.node()} {platform.machine()} cpus={os.cpu_count()} python {platform.python_version()} "
          f"numpy {np.__version__}; load average {'—' if load is None else format(load, '.2f')}")
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        g_o, g_n = os.path.join(tmp, "ours.npy"), os.path.join(tmp, "naive.npy")
        print("running: ours ...", flush=True)
        rows["ours"] = run_worker(__file__, "ours", {**cfg, "save": g_o}, "n")
        print("running: ours at twice the width ...", flush=True)
        rows["ours_wide"] = run_worker(__file__, "ours", {**cfg, "width": 2 * args.width, "repeats": 1}, "n")
        avail = mem_available_bytes()
        limit = min(args.naive_max_gib * 2**30, 0.5 * avail)
        n_naive = args.n
        while _naive_bytes(n_naive, params) > limit and n_naive > 16:
            n_naive = n_naive // 2
        print(f"running: naive at n={n_naive} (J = {8.0 * n_naive * params / 2**30:.2f} GiB) ...", flush=True)
        rows["naive"] = run_worker(__file__, "naive", {**cfg, "n": n_naive, "repeats": args.naive_repeats,
                                                       "save": g_n if n_naive == args.n else None}, "n")
        full = {}
        if n_naive == args.n and os.path.exists(g_o) and os.path.exists(g_n):
            Go, Gn = np.load(g_o), np.load(g_n)
            full = {"max_abs_diff": float(np.max(np.abs(Go - Gn))), "scale": float(np.max(np.abs(Gn)))}
    small = _small_check(be)

    ours, nv = rows["ours"], rows["naive"]
    t_ours = min(ours["times"]) if "times" in ours else float("nan")
    t_naive, extrap = float("nan"), False
    if "times" in nv:
        k = int(np.argmin(nv["times"]))
        fill, gram = nv["parts"][k]
        s = args.n / nv["n"]
        extrap = nv["n"] != args.n
        t_naive = fill * s + gram * s * s if extrap else nv["times"][k]
    print()
    head = f"{'route':<40} {'n':>6} {'seconds':>10} {'peak MiB':>10} {'others%':>8}  ratio"
    print(head)
    print("-" * len(head))
    noisy = False
    for key, label in (("ours", "ours (ghost Gram, streamed)"), ("ours_wide", "ours, width x2"),
                       ("naive", "naive (per-example grads, J Jᵀ)")):
        r = rows[key]
        if "error" in r:
            print(f"{label:<40} {r['n']:>6}  FAILED: {r['error']}")
            continue
        t = min(r["times"])
        fc = r.get("foreign_cpu")
        noisy |= fc is not None and fc > NOISE_SHARE
        ratio = ""
        if key == "naive":
            label = label + (f", EXTRAPOLATED to n={args.n}" if extrap else "")
            ratio = f"naive/ours = {t_naive / t_ours:.1f}x" + (" (extrapolated)" if extrap else "")
            t = t_naive
        elif key == "ours_wide":
            ratio = f"time/ours = {t / t_ours:.1f}, params x{r['params'] / ours['params']:.2f}"
        fcs = "—" if fc is None else f"{100 * fc:.0f}"
        print(f"{label:<40} {r['n']:>6} {t:>10.3f} {r['peak_mib']:>10.0f} {fcs:>8}  {ratio}")
    if "times" in nv:
        k = int(np.argmin(nv["times"]))
        print(f"naive at n={nv['n']}: forming J {nv['parts'][k][0]:.2f} s, J Jᵀ {nv['parts'][k][1]:.2f} s; "
              f"peak {nv['peak_mib']:.0f} MiB (J alone {8.0 * nv['n'] * params / 2**20:.0f} MiB)"
              + (f"; at n={args.n}: J would be {8.0 * args.n * params / 2**30:.2f} GiB, time scaled "
                 f"(J part x{args.n / nv['n']:.2f}, J Jᵀ part x{(args.n / nv['n']) ** 2:.2f})" if extrap else ""))
    if "peak_mib" in ours and "peak_mib" in rows["ours_wide"]:
        print(f"ours: peak {ours['peak_mib']:.0f} MiB at P = {ours['params']:,}, {rows['ours_wide']['peak_mib']:.0f} MiB "
              f"at P = {rows['ours_wide']['params']:,} (O(block·width·(β+1) + n²): grows with width, not with P)")
    if noisy:
        print(f"WARNING: other processes used more than {100 * NOISE_SHARE:.0f}% of the CPUs during a route: "
              "timings are not clean")
    ok = small["max_abs_diff"] <= AGREE_RTOL * max(1.0, small["scale"])
    print()
    print(f"agreement: n=64 width=32 depth=3: max|ΔG| = {small['max_abs_diff']:.2e} (scale {small['scale']:.3g}) "
          f"{'ok' if ok else 'MISMATCH'}")
    if full:
        good = full["max_abs_diff"] <= AGREE_RTOL * max(1.0, full["scale"])
        ok &= good
        print(f"agreement at full size: max|ΔG| = {full['max_abs_diff']:.2e} (scale {full['scale']:.3g}) "
              f"{'ok' if good else 'MISMATCH'}")
    print(f"total wall time {time.perf_counter() - t_start:.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({"config": cfg, "routes": rows, "ratio_naive_over_ours": t_naive / t_ours,
                                               "naive_extrapolated": extrap, "agreement": {"small": small, "full": full},
                                               "backend": be.name, "device": be.device}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
