"""Benchmark: one GD step of the two-layer DZPS network (kernels.nets.gd_two_layer) against BLAS, in one run.

    python bench/train.py [--n 50 --d 10 --m 200000] [--backend auto|numpy|cupy] [--steps 10] [--repeats 3]
                          [--json out.json]

What is compared (same n, d, m, float64, activation relu by default):

  GD step        ``TwoLayerGD.step``: one pass over chunks of neurons: the chunk's gradient at W(t), its update and
                 its contribution to u(t+1). Three (n x d) x (d x chunk)-sized products per chunk.
  BLAS           the nominal flops of a step, 4 n d m: a forward pass X @ W (n x d by d x m) and a gradient
                 X^T @ B (d x n by n x m), two products on precomputed distinct operands. Goal: step <= 2 x BLAS.

  seconds        best of ``--repeats`` of (time for ``--steps`` steps) / steps; the device is synchronized before the
                 clock stops on CuPy.
  memory         tracemalloc's peak (NumPy; CuPy: the memory pool's bytes) while running 1 step and 10 x ``--steps``
                 steps from the same state: flat in the number of steps when the two agree.

With CuPy (a GPU) the default width is the paper's m = 10^6 (004 Sec. 7).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._process import loadavg, sync_device  # noqa: E402
from kernels import backend as backends  # noqa: E402
from kernels import data  # noqa: E402
from kernels.nets.gd_two_layer import TwoLayerGD  # noqa: E402


def _best(fn, repeats: int, be) -> float:
    best = float("inf")
    for _ in range(repeats):
        sync_device(be)
        t = time.perf_counter()
        fn()
        sync_device(be)
        best = min(best, time.perf_counter() - t)
    return best


def _peak(be, fn) -> float:
    """Peak bytes allocated while ``fn`` runs (tracemalloc on NumPy, the memory pool on CuPy)."""
    if be.name == "cupy":
        pool = be.xp.get_default_memory_pool()
        fn()
        sync_device(be)
        return float(pool.total_bytes())
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return float(peak)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--d", type=int, default=10)
    p.add_argument("--m", type=int, default=None, help="width (default 2e5 on NumPy, 1e6 on CuPy)")
    p.add_argument("--activation", default="relu")
    p.add_argument("--backend", default="auto")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--json", default=None)
    args = p.parse_args(argv)
    be = backends.select(args.backend)
    m = args.m or (1_000_000 if be.name == "cupy" else 200_000)
    rng = np.random.default_rng(0)
    X = data.sphere(args.n, args.d, rng)
    y = np.sign(rng.standard_normal(args.n))
    net = TwoLayerGD(X, y, args.activation, m, rng, backend=be)
    net.step(1e-3)                                                    # warm-up: BLAS threads, device kernels
    step_s = _best(lambda: [net.step(1e-3) for _ in range(args.steps)], args.repeats, be) / args.steps

    xp = be.xp
    Xb = xp.asarray(X)
    W = xp.asarray(rng.standard_normal((args.d, m)))
    B = xp.asarray(rng.standard_normal((args.n, m)))
    _ = Xb @ W
    blas_s = _best(lambda: (Xb @ W, Xb.T @ B), args.repeats, be)
    W = B = None                                                     # free the baseline operands

    mem_1 = _peak(be, lambda: net.step(1e-3))
    mem_many = _peak(be, lambda: [net.step(1e-3) for _ in range(10 * args.steps)])
    flops = 4.0 * args.n * args.d * m
    out = {"backend": be.name, "device": be.device, "n": args.n, "d": args.d, "m": m, "activation": args.activation,
           "chunk": net.chunk, "step_seconds": step_s, "blas_seconds": blas_s, "ratio_step_over_blas": step_s / blas_s,
           "step_gflops": flops / step_s / 1e9, "blas_gflops": flops / blas_s / 1e9,
           "peak_bytes_1_step": mem_1, f"peak_bytes_{10 * args.steps}_steps": mem_many,
           "parameter_bytes": 2 * 8.0 * args.d * m, "loadavg_1min": loadavg()}
    print(f"GD step of the DZPS two-layer net: n={args.n} d={args.d} m={m} ({args.activation}) on {be.name} "
          f"({be.device}), chunk {net.chunk}")
    print(f"  GD step   {step_s * 1e3:9.2f} ms   {out['step_gflops']:7.2f} GFLOP/s (nominal 4 n d m)")
    print(f"  BLAS      {blas_s * 1e3:9.2f} ms   {out['blas_gflops']:7.2f} GFLOP/s (X @ W and X^T @ B)")
    print(f"  ratio     {out['ratio_step_over_blas']:.2f} (goal <= 2)")
    print(f"  peak memory: {mem_1 / 2**20:.1f} MiB for 1 step, {mem_many / 2**20:.1f} MiB for {10 * args.steps} "
          f"steps (parameters W, W(0): {out['parameter_bytes'] / 2**20:.1f} MiB, allocated before)")
    if out["loadavg_1min"] is not None and out["loadavg_1min"] > 1.5:
        print(f"  note: load average {out['loadavg_1min']:.1f}: other processes share the CPUs, timings are noisy")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
