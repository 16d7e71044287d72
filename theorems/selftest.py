"""``python -m theorems.selftest --backend numpy|cupy|auto [--full] [--quick]``: the GPU acceptance command.

1. Agreement: every backend-generic kernel (activations, mlp forward/backward and losses, the ghost
   per-example Gram and its statistics, the streamed empirical G-matrix) on the chosen backend against
   NumPy, in float64, to 1e-10 (max |a - b| / (1 + max |b|)). The empirical G-matrix draws its weights
   on the backend (CuPy draws differ from NumPy's), so its reference replays the same draws in NumPy.
2. Timing: the G-matrix (``empirical_gram``), the per-example Gram (``ghost.gradient_gram``) and one
   training-like step (mlp forward + backward + weight gradients) against the device's GEMM rate
   (a timed matmul of similar size): ratio = kernel time / (its GEMM flops / GEMM rate).
3. With ``--full``: the heaviest claims at full scale (``python -m theorems check ID --scale full``), each
   with its wall time, stopped at the budget.

Everything runs within ``--budget`` seconds (default 480 = 8 minutes); a part that would exceed it is
skipped and says so. Exit 0 when everything agrees, 1 when an agreement check fails, 2 on bad input.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from kernels import activations as acts
from kernels import backend as bk
from kernels.errors import InputError
from kernels.gmatrix import empirical
from kernels.nets import ghost, mlp

TOL = 1e-10
HEAVY = ("confusion/cor-5.1", "confusion/thm-5.1", "activation/thm-4.5", "overparam/lemma-7.5")
SPECS = ("relu", "leaky_relu:0.2", "selu", "elu", "linear", "tanh", "sigmoid", "swish", "softsign", "arctan",
         "poly:0,1,0.5,-0.25")


def _sync(xp):
    if getattr(xp, "__name__", "") == "cupy":
        xp.cuda.Device().synchronize()


def _err(a, b) -> float:
    a, b = bk.to_numpy(a), np.asarray(bk.to_numpy(b))
    if a.shape != b.shape:
        return float("inf")
    if not np.array_equal(np.isnan(a), np.isnan(b)):
        return float("inf")
    ok = ~np.isnan(b)
    if not ok.any():
        return 0.0
    return float(np.max(np.abs(a[ok] - b[ok])) / (1.0 + np.max(np.abs(b[ok]))))


def agreement(be: bk.Backend) -> list[dict]:
    """[{kernel, err, ok}] for every backend-generic kernel, backend vs NumPy."""
    xp = be.xp
    D = be.asarray
    rows = []

    def add(name, got, ref):
        e = _err(got, ref)
        rows.append({"kernel": name, "err": e, "ok": e <= TOL})

    z = np.linspace(-4, 4, 401)
    for spec in SPECS:
        act = acts.get(spec)
        for k in ("phi", "dphi", "ddphi"):
            add(f"activations.{spec}.{k}", getattr(act, k)(D(z)), getattr(act, k)(z))
        if act.ginf_kernel is not None and spec != "elu":      # elu's kernel is NumPy/SciPy only
            rho = np.linspace(-1, 1, 41)
            add(f"activations.{spec}.ginf_kernel", act.ginf_kernel(D(rho)), act.ginf_kernel(rho))
    rng = np.random.default_rng(16)
    for spec, bias, loss, oa in (("tanh", False, "square", True), ("relu", True, "logistic", False),
                                 ("swish", True, None, True)):
        net = mlp.init_mlp(8, 32, 3, spec, np.random.default_rng(1), bias=bias, output_activation=oa)
        dnet = net.with_weights([D(W) for W in net.weights], None if net.biases is None else [D(b) for b in net.biases])
        X, y = rng.standard_normal((40, 8)), np.sign(rng.standard_normal(40))
        tag = f"{spec},bias={bias},loss={loss}"
        g, A, Z = mlp.forward(net, X)
        gd, Ad, Zd = mlp.forward(dnet, D(X))
        add(f"mlp.forward[{tag}]", gd, g)
        zeta, zd = mlp.loss_zeta(loss, g, y), mlp.loss_zeta(loss, gd, D(y))
        add(f"mlp.loss_zeta[{tag}]", zd, zeta)
        add(f"mlp.loss_dzeta[{tag}]", mlp.loss_dzeta(loss, gd, D(y)), mlp.loss_dzeta(loss, g, y))
        add(f"mlp.loss_value[{tag}]", mlp.loss_value(loss or "square", gd, D(y)), mlp.loss_value(loss or "square", g, y))
        for p, (a, b) in enumerate(zip(mlp.backward_signals(dnet, Ad, Zd, zd), mlp.backward_signals(net, A, Z, zeta))):
            add(f"mlp.backward_signals[{tag}][{p}]", a, b)
        add(f"mlp.input_gradient[{tag}]", mlp.input_gradient(dnet, D(X)), mlp.input_gradient(net, X))
        add(f"mlp.layer_grad_norms[{tag}]", mlp.layer_grad_norms(dnet, D(X))[0], mlp.layer_grad_norms(net, X)[0])
        W = np.stack(net.weights[1:-1])
        add(f"mlp.spectral_norms[{tag}]", mlp.spectral_norms(D(W)), mlp.spectral_norms(W))
        G = ghost.gradient_gram(net, X, y, loss)
        add(f"ghost.gradient_gram[{tag}]", ghost.gradient_gram(dnet, D(X), D(y), loss), G)
        add(f"ghost.gradient_gram(block=16)[{tag}]", ghost.gradient_gram(dnet, D(X), D(y), loss, block=16), G)
        sig = ghost.layer_signals(net, X, y, loss)[0]
        dsig = [(D(a), D(b)) for a, b in sig]
        add(f"ghost.layer_term[{tag}]", ghost.layer_term(*dsig[0], bias=bias), ghost.layer_term(*sig[0], bias=bias))
        add(f"ghost.signal_gram[{tag}]", ghost.signal_gram(dsig, bias=bias), ghost.signal_gram(sig, bias=bias))
        for f in (ghost.offdiag, ghost.min_offdiag, ghost.confusion, ghost.cosines, ghost.min_cosine, ghost.diversity):
            add(f"ghost.{f.__name__}[{tag}]", f(D(G)), f(G))
    Xs = rng.standard_normal((12, 5))
    Xs /= np.linalg.norm(Xs, axis=1, keepdims=True)
    for spec in ("relu", "tanh", "swish"):
        m, chunk = 3000, 700
        Gd = empirical.empirical_gram(Xs, spec, m, np.random.default_rng(9), chunk=chunk, backend=be)
        # replay: the same calls to standard_normal on the same backend give the same weights
        r = np.random.default_rng(9)
        Ws, As = [], []
        for s in range(0, m, chunk):
            c = min(chunk, m - s)
            Ws.append(bk.to_numpy(bk.standard_normal(r, (5, c), xp)))
            As.append(bk.to_numpy(bk.standard_normal(r, (c,), xp)))
        add(f"empirical.empirical_gram[{spec}]", Gd,
            empirical.gram_from_M(Xs, spec, np.concatenate(Ws, axis=1), np.concatenate(As)))
    return rows


def _best(fn, xp, reps: int = 3) -> float:
    fn()
    _sync(xp)
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        _sync(xp)
        best = min(best, time.perf_counter() - t0)
    return best


def timing(be: bk.Backend, quick: bool) -> dict:
    """Kernel times against the device GEMM rate (flops/s of a square matmul of similar size)."""
    xp = be.xp
    n = 256 if quick else 2048
    A = bk.standard_normal(np.random.default_rng(0), (n, n), xp)
    t = _best(lambda: xp.matmul(A, A), xp)
    rate = 2.0 * n ** 3 / t
    out = {"gemm": {"n": n, "seconds": t, "gflops": rate / 1e9}}

    n_g, d, m = (200, 16, 20_000) if quick else (2000, 64, 200_000)
    X = np.random.default_rng(1).standard_normal((n_g, d))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    t = _best(lambda: empirical.empirical_gram(X, "relu", m, np.random.default_rng(2), backend=be), xp, 2)
    flops = 2.0 * m * (n_g * d + n_g * n_g)
    out["empirical_gram"] = {"n": n_g, "d": d, "m": m, "seconds": t, "gemm_ratio": t / (flops / rate)}

    n_s, width, depth = (128, 64, 3) if quick else (2048, 512, 4)
    net = mlp.init_mlp(32, width, depth, "tanh", np.random.default_rng(3), bias=True, xp=xp)
    Xn = bk.standard_normal(np.random.default_rng(4), (n_s, 32), xp)
    yn = xp.sign(bk.standard_normal(np.random.default_rng(5), (n_s,), xp))
    mac = sum(int(W.shape[-1] * W.shape[-2]) for W in net.weights)
    io = sum(int(W.shape[-1] + W.shape[-2]) for W in net.weights)
    t = _best(lambda: ghost.gradient_gram(net, Xn, yn, "square"), xp, 2)
    flops = 2.0 * n_s * mac * 2 + 2.0 * n_s * n_s * io
    out["gradient_gram"] = {"n": n_s, "width": width, "depth": depth, "seconds": t, "gemm_ratio": t / (flops / rate)}

    def step():
        g, As, Zs = mlp.forward(net, Xn)
        Bs = mlp.backward_signals(net, As, Zs, mlp.loss_zeta("square", g, yn))
        return [xp.matmul(xp.swapaxes(b, -1, -2), a) for a, b in zip(As, Bs)]     # weight gradients
    t = _best(step, xp)
    out["train_step"] = {"n": n_s, "width": width, "depth": depth, "seconds": t,
                         "gemm_ratio": t / (3 * 2.0 * n_s * mac / rate)}
    return out


def full_claims(backend_name: str, budget: float) -> list[dict]:
    rows, t_end = [], time.monotonic() + budget
    env = dict(os.environ)
    for cid in HEAVY:
        left = t_end - time.monotonic()
        if left < 5:
            rows.append({"claim": cid, "status": "skipped: budget spent"})
            continue
        with tempfile.TemporaryDirectory() as out:
            t0 = time.monotonic()
            try:
                r = subprocess.run([sys.executable, "-m", "theorems", "check", cid, "--scale", "full", "--backend",
                                    backend_name, "--out", out, "--quiet"], capture_output=True, text=True,
                                   timeout=left, env=env)
                line = (r.stdout.strip().splitlines() or [r.stderr.strip()[-200:]])[0]
                rows.append({"claim": cid, "seconds": time.monotonic() - t0, "rc": r.returncode,
                             "status": " ".join(line.split()[:1]) or "?"})
            except subprocess.TimeoutExpired:
                rows.append({"claim": cid, "seconds": time.monotonic() - t0, "status": "stopped at budget"})
    return rows


def run(backend_name: str, *, full: bool = False, quick: bool = False, budget: float = 480.0) -> tuple[int, dict]:
    be = bk.select(backend_name)
    t0 = time.monotonic()
    report = {"backend": be.name, "device": be.device, "note": be.note, "tolerance": TOL}
    rows = agreement(be)
    report["agreement"] = {"checked": len(rows), "failed": [r for r in rows if not r["ok"]],
                           "max_err": max(r["err"] for r in rows), "seconds": time.monotonic() - t0}
    left = budget - (time.monotonic() - t0)
    if left > (10 if quick else 60):
        report["timing"] = timing(be, quick)
    else:
        report["timing"] = f"skipped: {left:.0f} s of the budget left"
    if full:
        report["full"] = full_claims(be.name, budget - (time.monotonic() - t0))
    report["seconds"] = time.monotonic() - t0
    return (1 if report["agreement"]["failed"] else 0), report


def _print(rep: dict) -> None:
    ag = rep["agreement"]
    print(f"backend {rep['backend']} ({rep['device']}){'; ' + rep['note'] if rep['note'] else ''}")
    print(f"agreement with NumPy (float64, tol {rep['tolerance']:g}): {ag['checked'] - len(ag['failed'])}/"
          f"{ag['checked']} kernels agree, max err {ag['max_err']:.2e} ({ag['seconds']:.1f} s)")
    for r in ag["failed"]:
        print(f"  DISAGREE {r['kernel']}: err {r['err']:.3e}")
    tm = rep["timing"]
    if isinstance(tm, str):
        print(f"timing: {tm}")
    else:
        print(f"GEMM rate: {tm['gemm']['gflops']:.1f} GFLOP/s (n = {tm['gemm']['n']})")
        for k in ("empirical_gram", "gradient_gram", "train_step"):
            v = tm[k]
            size = ", ".join(f"{a}={v[a]}" for a in v if a not in ("seconds", "gemm_ratio"))
            print(f"  {k:15s} {v['seconds'] * 1e3:10.2f} ms  {v['gemm_ratio']:6.2f}x its GEMM time  ({size})")
    for r in rep.get("full", []):
        secs = f"{r['seconds']:.1f} s" if "seconds" in r else ""
        print(f"  full {r['claim']:24s} {r['status']:12s} {secs}")
    print(f"total {rep['seconds']:.1f} s")


def _message(exc: InputError) -> str:
    text = str(exc)
    prefix = f"{exc.parameter}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m theorems selftest", description=__doc__.split("\n")[0])
    ap.add_argument("--backend", default="auto", help="auto | numpy | cupy")
    ap.add_argument("--full", action="store_true", help="also run the heaviest claims at full scale")
    ap.add_argument("--quick", action="store_true", help="small timing sizes (CPU tests)")
    ap.add_argument("--budget", default="480", help="seconds for everything (default 480)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    try:
        try:
            budget = float(args.budget)
        except ValueError:
            raise InputError("--budget", f"must be a number of seconds > 0 (got {args.budget!r})") from None
        if not budget > 0 or budget != budget:
            raise InputError("--budget", f"must be a number of seconds > 0 (got {args.budget!r})")
        try:
            code, rep = run(args.backend, full=args.full, quick=args.quick, budget=budget)
        except InputError as exc:
            if exc.parameter == "backend":
                raise InputError("--backend", _message(exc)) from None
            raise
    except InputError as exc:
        print(f"error: {exc.parameter}: {_message(exc)}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(rep, indent=1, default=float))
    else:
        _print(rep)
    return code


if __name__ == "__main__":
    sys.exit(main())
