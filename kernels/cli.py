"""``python -m kernels``: the numerical kernels from the command line.

    python -m kernels hermite ACTIVATION [--derivative K] --kmax N [--dps D] [--json] [--no-cache]
    python -m kernels gram --data FILE.npy --activation NAME [--infinite] [--dps D] [--m M] [--json]

``hermite`` prints c̄_0..c̄_N of phi^(K) (c̄_k = E[f(z) He_k(z)/sqrt(k!)], kernels.series.hermite_mp)
with D significant digits, the estimated absolute error of each (from a second, finer
computation) and the correct digits that estimate implies, then the method. With --json,
stdout is a JSON list of {"k", "value" (string, D digits), "error" (string), "digits"
(number; null for an exact zero)} and the method goes to stderr.

Exit status: 0 when it ran, 2 on bad input (one line "error: PARAM: message" on stderr).
Subcommands are registered in ``COMMANDS`` (name -> (add_arguments, run)); add new ones there.
"""
from __future__ import annotations

import argparse
import json
import math
import sys

import mpmath
from mpmath import mp

from . import activations as acts
from .errors import InputError
from .series import hermite_mp


class _Parser(argparse.ArgumentParser):
    def error(self, message):                 # argparse errors are bad input too: exit 2, one line
        raise InputError("arguments", message)


def _int(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(option, f"must be an integer (got {text!r})") from None


# ---------------------------------------------------------------- hermite

def _add_hermite(p: argparse.ArgumentParser) -> None:
    p.add_argument("activation", metavar="ACTIVATION",
                   help=f"one of {', '.join(acts.NAMES)} (leaky_relu:SLOPE, poly:c0,c1,...)")
    p.add_argument("--derivative", default="1", metavar="K", help="coefficients of phi^(K), K in [0, 4] (default 1)")
    p.add_argument("--kmax", required=True, metavar="N", help="last index: prints c̄_0..c̄_N")
    p.add_argument("--dps", default="50", metavar="D", help="significant digits sought, in [15, 2000] (default 50)")
    p.add_argument("--json", action="store_true", help="print a JSON list of {k, value, error, digits}")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the disk cache")


def _digits(res, k: int):
    d = res.digits(k)
    return None if math.isinf(d) else round(d, 2)


def _cmd_hermite(args) -> int:
    act = acts.get(args.activation)                              # InputError("activation", ...)
    kmax = _int(args.kmax, "--kmax")
    dps = _int(args.dps, "--dps")
    derivative = _int(args.derivative, "--derivative")
    try:
        res = hermite_mp.coefficients(act, kmax, dps=dps, derivative=derivative, use_cache=not args.no_cache)
    except InputError as exc:                                    # name the option, not the argument
        if exc.parameter in ("kmax", "dps", "derivative"):
            raise InputError("--" + exc.parameter, str(exc).split(": ", 1)[1]) from None
        raise
    with mp.workdps(dps + 10):
        rows = [{"k": k, "value": mpmath.nstr(res.values[k], dps, strip_zeros=False),
                 "error": mpmath.nstr(res.errors[k], 3), "digits": _digits(res, k)}
                for k in range(res.kmax + 1)]
    if args.json:
        print(json.dumps(rows, indent=1))
        print(f"{res.function}: c̄_0..c̄_{res.kmax}, {dps} digits; method: {res.method}", file=sys.stderr)
        return 0
    width = max(len(r["value"]) for r in rows)
    print(f"{res.function}: normalized Hermite coefficients c̄_k = E[f(z) He_k(z)/sqrt(k!)], "
          f"k = 0..{res.kmax}, {dps} digits sought")
    head = f"{'k':>5}  {'value':<{width}}  {'error':>10}  digits"
    print(head)
    print("-" * len(head))
    for r in rows:
        k = r["k"]
        if r["digits"] is None:
            note = "exact"
        elif res.is_zero(k):
            note = "0 (|value| <= error: zero)"
        else:
            note = f"{r['digits']:.1f}"
        print(f"{k:>5}  {r['value']:<{width}}  {r['error']:>10}  {note}")
    print(f"method: {res.method}")
    return 0


# ---------------------------------------------------------------- gram

def _add_gram(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, metavar="FILE.npy", help="(n, d) array of unit rows (one point per row)")
    p.add_argument("--activation", required=True, metavar="NAME", help=f"one of {', '.join(acts.NAMES)}")
    p.add_argument("--infinite", action="store_true", help="G∞ (m -> inf) instead of the empirical G^(0)")
    p.add_argument("--m", default="10000", metavar="M", help="neurons of the empirical G^(0) (default 10000)")
    p.add_argument("--init", default="dzps", metavar="INIT", help="dzps | fanin | fanout (empirical G only)")
    p.add_argument("--seed", default="0", metavar="S", help="seed of the weights (empirical G only)")
    p.add_argument("--dps", default=None, metavar="D",
                   help="with --infinite: eigenvalues below the float64 floor in mpmath at D digits")
    p.add_argument("--json", action="store_true", help="print JSON: eigenvalues, lambda_min, trace, floor, route")


def _load_points(path: str):
    import numpy as np  # noqa: PLC0415

    from . import data  # noqa: PLC0415
    try:
        X = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise InputError("--data", f"cannot read {path!r} as a .npy array ({exc})") from None
    try:
        return data.require_unit(data.as_points(X, "--data"), "--data")
    except InputError as exc:
        raise InputError("--data", str(exc).split(": ", 1)[1]) from None


def _cmd_gram(args) -> int:
    import numpy as np  # noqa: PLC0415

    from .gmatrix import empirical, infinite, spectrum, spectrum_mp  # noqa: PLC0415
    act = acts.get(args.activation)
    X = _load_points(args.data)
    n = X.shape[0]
    if args.dps is not None and not args.infinite:
        raise InputError("--dps", "high precision needs --infinite (the empirical G is a float64 sample)")
    if args.infinite:
        ig = infinite.infinite_gram(X, act)
        sp = spectrum.spectrum(ig.matrix, ig.error_bound)
        trace = float(np.trace(ig.matrix))
        what = f"G∞ ({ig.method})"
        if args.dps is not None:
            dps = _int(args.dps, "--dps")
            try:
                res = spectrum_mp.resolve_spectrum(X, hermite_mp.provider(act), activation=act, needs="all",
                                                   dps=dps, float64=sp)
            except InputError as exc:
                raise InputError("--dps" if exc.parameter == "dps" else exc.parameter,
                                 str(exc).split(": ", 1)[1]) from None
            rows = [res.describe(k) for k in range(1, n + 1)]
            vals = [str(res.value(k).value) if res.mp is not None else float(res.value(k)) for k in range(1, n + 1)]
            out = {"matrix": what, "n": n, "route": res.route, "reason": res.reason, "eigenvalues": vals,
                   "eigenvalues_text": rows, "lambda_min": rows[-1], "trace": trace, "float64_floor": sp.floor}
            return _print_gram(out, args.json)
    else:
        m, seed = _int(args.m, "--m"), _int(args.seed, "--seed")
        G = empirical.empirical_gram(X, act, m, np.random.default_rng(seed), init=args.init)
        sp = spectrum.spectrum(G, error_bound=np.finfo(float).eps * m ** 0.5 * float(np.abs(G).max()))
        trace = float(np.trace(G))
        what = f"empirical G^(0), m={m}, init={args.init}, seed={seed}"
    rows = [sp.describe(k) for k in range(1, n + 1)]
    out = {"matrix": what, "n": n, "route": "float64", "eigenvalues": [float(v) for v in sp.values],
           "eigenvalues_text": rows, "lambda_min": rows[-1], "trace": trace, "float64_floor": sp.floor}
    return _print_gram(out, args.json)


def _print_gram(out: dict, as_json: bool) -> int:
    if as_json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"{out['matrix']}: n={out['n']}, route {out['route']}, float64 floor {out['float64_floor']:.3g}")
    for k, text in enumerate(out["eigenvalues_text"], start=1):
        print(f"  lambda_{k:<4} {text}")
    print(f"lambda_min: {out['lambda_min']}")
    print(f"trace: {out['trace']:.12g}")
    return 0


# ---------------------------------------------------------------- dispatch

COMMANDS = {
    "hermite": (_add_hermite, _cmd_hermite,
                "normalized Hermite coefficients of phi^(K) to many digits, with error estimates"),
    "gram": (_add_gram, _cmd_gram, "the G-matrix of a data set: eigenvalues (with the float64 floor), "
                                   "lambda_min and trace; --infinite for G∞, --dps for high precision"),
}


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m kernels", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, (add_arguments, _, help_text) in COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return p


def main(argv=None) -> int:
    try:
        args = _parser().parse_args(argv)
        return COMMANDS[args.command][1](args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
