"""``python -m kernels``: the numerical kernels from the command line.

    python -m kernels hermite ACTIVATION [--derivative K] --kmax N [--dps D] [--json] [--no-cache] [--force]
    python -m kernels gram --data FILE.npy --activation NAME [--infinite [--dps D] | --m M --init I --seed S]
                           [--json] [--force]

``hermite`` prints c̄_0..c̄_N of phi^(K) (c̄_k = E[f(z) He_k(z)/sqrt(k!)], kernels.series.hermite_mp)
with D significant digits, the estimated absolute error of each (from a second, finer
computation) and the correct digits that estimate implies, then the method. With --json,
stdout is a JSON list of {"k", "value" (string, D digits), "error" (string), "digits"
(number; null for an exact zero)} and the method goes to stderr.

``gram`` prints the eigenvalues of G∞ (--infinite) or of an empirical G^(0), and lambda_min and the trace. With
--dps D the high-precision route runs at D digits, even where float64 could answer. With --json, stdout is an
object of numbers and decimal strings: each eigenvalue is {"k", "value", "resolved"} (float64: "value" a JSON
number) or {"k", "value", "correct_digits", "abs_error", "resolved"} (--dps: "value" a decimal string with every
correct digit, "0" when no digit is known; "abs_error" the bound), beside "route", "dps", "float64_floor".

Exit status: 0 when it ran, 2 on bad input (one line "error: FLAG: message" on stderr, naming the flag as
typed). Before a call starts its time and memory are estimated from the arguments (``guard``): a call that
needs more memory than is available is refused, one estimated above 24 h is refused unless --force, and
one estimated above a few seconds prints its estimate and then progress on stderr.
Subcommands are registered in ``COMMANDS`` (name -> (add_arguments, run)); add new ones there.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from dataclasses import dataclass

import mpmath
from mpmath import mp

from . import activations as acts
from .errors import InputError
from .series import hermite_mp


class _Parser(argparse.ArgumentParser):
    def error(self, message):                 # argparse errors are bad input too: exit 2, one line
        raise argparse_error(message)


def argparse_error(message: str) -> InputError:
    """argparse's message as an InputError naming the option it is about ("argument --m: ..." -> "--m")."""
    m = re.match(r"argument ([^:]+): (.*)", message, re.S)
    if m:
        name = m.group(1).split("/")[0]
        return InputError("COMMAND" if name == "command" else name, m.group(2))
    m = re.match(r"the following arguments are required: ([^,]+)$", message)
    if m:
        return InputError(m.group(1), "this argument is required")
    m = re.match(r"unrecognized arguments: (.*)", message, re.S)
    if m:
        return InputError(m.group(1).split()[0], f"unrecognized argument ({m.group(1).strip()}); see --help")
    return InputError("arguments", message)


def _int(text: str, option: str, minimum: int | None = None) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise InputError(option, f"must be an integer (got {text!r})") from None
    if minimum is not None and value < minimum:
        raise InputError(option, f"must be an integer >= {minimum} (got {value})")
    return value


# Kernel parameter names (InputError.parameter raised inside kernels/) -> the flag the user typed, per subcommand.
# An entry (flag, words) keeps the kernel's words in the message ("--activation: leaky_relu slope must be ...").
FLAGS = {
    "hermite": {"activation": "ACTIVATION", "leaky_relu slope": ("ACTIVATION", "leaky_relu slope"),
                "coefficients": ("ACTIVATION", "poly coefficients"), "kmax": "--kmax", "dps": "--dps",
                "derivative": "--derivative"},
    "gram": {"activation": "--activation", "leaky_relu slope": ("--activation", "leaky_relu slope"),
             "coefficients": ("--activation", "poly coefficients"), "X": "--data", "m": "--m", "init": "--init",
             "seed": "--seed", "dps": "--dps", "kmax": "--dps", "max_kmax": "--dps"},
}


def as_flag(exc: InputError, table: dict) -> InputError:
    """``exc`` re-addressed to the flag its kernel parameter came from (unchanged when the table has none)."""
    entry = table.get(exc.parameter)
    if entry is None:
        return exc
    flag, words = entry if isinstance(entry, tuple) else (entry, None)
    message = str(exc)[len(exc.parameter) + 2:]
    return InputError(flag, f"{words} {message}" if words else message)


# ---------------------------------------------------------------- cost guards
#
# Before a call starts its time and memory are estimated from the arguments. The time constants are rough
# per-operation costs measured on a 2-core VM (OpenBLAS, mpmath's pure-Python backend), rounded up, so the
# estimate is an upper-ish guess on such a machine; the progress lines then report the measured rate.
# Memory beyond what the machine has available (MemAvailable) is refused, naming the flag to lower; a call
# estimated to take more than TIME_CAP_S is refused unless --force; one over PROGRESS_AFTER_S shows its
# estimate up front and progress on stderr while it runs.

TIME_CAP_S = 24 * 3600.0
PROGRESS_AFTER_S = 5.0
_GEMM_S = 0.25e-9          # per multiply-add of X W and D D^T (n d + n^2 per neuron)
_ELEMENT_S = 30e-9         # per drawn normal and per phi' evaluation (n + d per neuron)
_NEURON_S = 100e-9         # per neuron, fixed
_EIGH_S = 5e-9             # float64 eigvalsh, per n^3
_SERIES_S = 2e-9           # float64 Horner step of G∞, per entry and term
_MP_OP_S = 12e-6           # one mpmath recurrence step per node and coefficient, at 200 working digits
_MP_EIG_S = 12e-6          # mpmath eigsy, per n^3 (each of the two precisions)
_MP_INT_S = 0.3e-6         # fixed-point Horner of G∞ in Python integers, per entry and term at 100 digits
_STEP_S = 500e-6           # closed-form Hermite coefficient of the step function (factorials), per k


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (MemAvailable of /proc/meminfo), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def _size(nbytes: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if nbytes >= scale:
            return f"{nbytes / scale:.3g} {unit}"
    return f"{nbytes / 2**10:.3g} KiB"


def duration(seconds: float) -> str:
    """A short human duration: 40 s, 12 min, 3.1 h, 5.2 days, 317 years."""
    def num(x):
        return f"{x:.2g}" if x < 10 or x >= 1e5 else f"{x:.0f}"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{num(seconds / 3600)} h"
    if seconds < 365 * 86400:
        return f"{num(seconds / 86400)} days"
    return f"{num(seconds / (365.25 * 86400))} years"


@dataclass(frozen=True)
class Cost:
    seconds: float
    bytes: float
    memory_flag: str        # the flag that lowers the memory
    time_flag: str          # the flag that lowers the time
    lower: str              # what to lower, in words ("--kmax or --dps")
    what: str               # what runs, for the messages


def guard(cost: Cost, force: bool, announce: bool = True) -> None:
    """Refuse a call that cannot fit in memory, or (unless ``force``) one estimated to exceed TIME_CAP_S;
    announce the estimate of a long one on stderr (if ``announce``)."""
    avail = available_memory()
    if avail is not None and cost.bytes > avail:
        raise InputError(cost.memory_flag, f"{cost.what} needs about {_size(cost.bytes)} of memory, more than the "
                                           f"{_size(avail)} available; lower {cost.lower}")
    if cost.seconds > TIME_CAP_S and not force:
        raise InputError(cost.time_flag, f"{cost.what} is estimated to take {duration(cost.seconds)} (more than "
                                         f"{duration(TIME_CAP_S)}); lower {cost.lower}, or pass --force to run it")
    if announce and cost.seconds > PROGRESS_AFTER_S:
        print(f"{cost.what}: estimated {duration(cost.seconds)}, {_size(cost.bytes)} of memory; Ctrl-C to stop",
              file=sys.stderr, flush=True)


class Progress:
    """progress(done, total) -> "what: done/total unit, elapsed, about T left" on stderr: nothing in the first
    PROGRESS_AFTER_S seconds, then at most every 5 s (every second, in place, on a terminal)."""

    def __init__(self, what: str, unit: str, stream=None):
        self.what, self.unit = what, unit
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.t0 = time.monotonic()
        self.last = self.t0
        self.width = 0
        self.shown = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == self.shown or now - self.t0 < PROGRESS_AFTER_S or (
                now - self.last < (1.0 if self.tty else 5.0) and done < total):
            return
        self.last, self.shown = now, done
        elapsed = now - self.t0
        msg = f"{self.what}: {done}/{total} {self.unit}, {duration(elapsed)} elapsed"
        if 0 < done < total:
            msg += f", about {duration(elapsed * (total - done) / done)} left"
        if self.tty:
            pad = " " * max(0, self.width - len(msg))
            self.width = len(msg)
            self.stream.write("\r" + msg + pad + ("\n" if done >= total else ""))
        else:
            self.stream.write(msg + "\n")
        self.stream.flush()


def _mpf_bytes(digits: float) -> float:
    return 120 + digits / 2.4           # an mpf object with its mantissa (pure-Python backend)


def hermite_cost(act, kmax: int, dps: int, derivative: int, cached: bool = False) -> Cost:
    """Time and memory of hermite_mp.coefficients(act, kmax, dps, derivative) and of printing its rows.

    Mirrors the rule planning of kernels.series.hermite_mp (working digits, nodes of the trapezoidal and
    tanh-sinh rules for kmax_plan(kmax)); each pass costs kmax x nodes recurrence steps."""
    from . import symbolic  # noqa: PLC0415
    plan = hermite_mp.kmax_plan(kmax)
    base = act.name.split(":")[0]
    strip = symbolic.singularity_distance(act)
    decay = math.ceil(0.8 * math.sqrt(plan + 1) / max(0.9 * (strip or 0.5), 0.5)) if strip != float("inf") else 0
    work = dps + 10 + decay
    rows = (kmax + 1) * (900 + 3 * dps)                          # the printed rows and their strings
    what = f"c̄_0..c̄_{kmax} at {dps} digits"
    lower = "--kmax or --dps"
    if cached:
        return Cost((kmax + 1) * 40e-6, rows + (kmax + 1) * 2 * _mpf_bytes(dps + 10), "--kmax", "--kmax", lower, what)
    if derivative == 1 and base in ("relu", "leaky_relu"):
        return Cost((kmax + 1) * _STEP_S, rows + (kmax + 1) * 4 * _mpf_bytes(work), "--kmax", "--kmax", lower, what)
    breakpoint = symbolic.pieces(act).breakpoint
    if breakpoint is None and base in ("linear", "poly"):
        return Cost((kmax + 1) * 50e-6, rows + (kmax + 1) * 4 * _mpf_bytes(work), "--kmax", "--kmax", lower, what)
    seconds, nodes_max = 0.0, 0
    for digits, refine in ((work, 1.0), (work + 10, 1.25)):
        X = 2 * math.sqrt((digits + 5) * math.log(10)) + refine
        if breakpoint is None:
            a = min(0.5 if strip is None else 0.9 * strip, 3.0)
            need = (digits + 5) * math.log(10) + a * a / 2 + a * math.sqrt(2 * plan + 1) + 5
            nodes = 2 * math.ceil(X / (2 * math.pi * a / need / refine)) + 1
        else:
            h = min(0.05, 2.0 / (X * math.sqrt(2 * plan + 1))) / refine
            tmax = math.asinh((digits + 10) * math.log(10) / math.pi) + 0.2 * refine
            nodes = 2 * (2 * math.ceil(tmax / h) + 1)
        nodes_max = max(nodes_max, nodes)
        seconds += (kmax + 1) * nodes * _MP_OP_S * (1 + digits / 200) + nodes * 20 * _MP_OP_S
    memory = rows + (kmax + 1) * 4 * _mpf_bytes(work + 10) + nodes_max * 6 * _mpf_bytes(work + 10)
    return Cost(seconds, memory, "--kmax", "--kmax", lower, what)


def gram_cost(n: int, d: int, act, m: int | None, infinite: bool, dps: int | None, r: float | None) -> Cost:
    """Time and memory of a ``gram`` call on n points in R^d (``r``: max |<x_i, x_j>|, i != j, for --dps)."""
    eig = _EIGH_S * n ** 3
    dense = 8.0 * (2 * n * d + 7 * n * n)                      # X, XX^T, G, its copies and eigvalsh's workspace
    if not infinite:
        from .gmatrix import empirical  # noqa: PLC0415
        chunk = min(m, empirical.default_chunk(n, d))
        per = _GEMM_S * (n * d + n * n) + _ELEMENT_S * (n + d) + _NEURON_S
        return Cost(m * per + eig, dense + 4 * 8.0 * chunk * (n + d), "--data", "--m",
                    "--m (or the number of points in --data)", f"empirical G^(0) of {n} points, m={m}")
    series = 0 if act.ginf_kernel is not None or act.dphi_poly is not None else 3000
    seconds = eig + _SERIES_S * n * n * series + (2.0 if series else 0.0)
    memory = dense + 8.0 * 3 * n * n
    what = f"G∞ of {n} points"
    if dps is None:
        return Cost(seconds, memory, "--data", "--data", "the number of points in --data", what)
    # the mpmath route (taken only when float64 cannot resolve an eigenvalue): series long enough for
    # r^kmax < 10^-dps (at most 4000 terms), its coefficients, G∞ in fixed point, eigsy at dps and dps + 20
    kmax = 4000 if r is None or r >= 1 else min(4000, max(64, math.ceil(dps * math.log(10) / -math.log(max(r, 1e-300)))))
    coeff = hermite_cost(act, kmax, dps, 1, cached=hermite_mp.cache_path(act, 1, dps, kmax).exists())
    seconds += (coeff.seconds + n * n / 2 * kmax * _MP_INT_S * (1 + dps / 100)
                + 2 * _MP_EIG_S * n ** 3 * (1 + dps / 400))
    memory += coeff.bytes + n * n * 4 * _mpf_bytes(dps + 30)
    return Cost(seconds, memory, "--data", "--dps", "--dps or the number of points in --data",
                f"G∞ of {n} points at {dps} digits (mpmath)")


# ---------------------------------------------------------------- hermite

def _add_hermite(p: argparse.ArgumentParser) -> None:
    p.add_argument("activation", metavar="ACTIVATION",
                   help=f"one of {', '.join(acts.NAMES)} (leaky_relu:SLOPE, poly:c0,c1,...)")
    p.add_argument("--derivative", default="1", metavar="K", help="coefficients of phi^(K), K in [0, 4] (default 1)")
    p.add_argument("--kmax", required=True, metavar="N", help="last index: prints c̄_0..c̄_N")
    p.add_argument("--dps", default="50", metavar="D", help="significant digits sought, in [15, 2000] (default 50)")
    p.add_argument("--json", action="store_true", help="print a JSON list of {k, value, error, digits}")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the disk cache")
    p.add_argument("--force", action="store_true",
                   help=f"run even when the estimated time exceeds {duration(TIME_CAP_S)} (memory is always checked)")


def _digits(res, k: int):
    d = res.digits(k)
    return None if math.isinf(d) else round(d, 2)


def _cmd_hermite(args) -> int:
    kmax = _int(args.kmax, "--kmax", 0)
    dps = _int(args.dps, "--dps")
    derivative = _int(args.derivative, "--derivative")
    if not 15 <= dps <= 2000:
        raise InputError("--dps", f"must be an integer in [15, 2000] (got {dps})")
    if not 0 <= derivative <= 4:
        raise InputError("--derivative", f"must be an integer in [0, 4] (got {derivative})")
    act = acts.get(args.activation)                              # InputError("activation", ...) -> ACTIVATION
    cached = not args.no_cache and hermite_mp.cache_path(act, derivative, dps, kmax).exists()
    cost = hermite_cost(act, kmax, dps, derivative, cached)
    guard(cost, args.force)
    label = act.name + "'" * derivative if derivative <= 3 else f"{act.name}^({derivative})"
    progress = Progress(f"c̄_k of {label}", "evaluations (value and check)")
    res = hermite_mp.coefficients(act, kmax, dps=dps, derivative=derivative, use_cache=not args.no_cache,
                                  progress=progress if cost.seconds > PROGRESS_AFTER_S else None)
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
    p.add_argument("--m", default=None, metavar="M", help="neurons of the empirical G^(0) (default 10000)")
    p.add_argument("--init", default=None, metavar="INIT",
                   help="dzps | fanin | fanout (empirical G only; default dzps)")
    p.add_argument("--seed", default=None, metavar="S",
                   help="seed of the weights, an integer >= 0 (empirical G only; default 0)")
    p.add_argument("--dps", default=None, metavar="D",
                   help="with --infinite: eigenvalues below the float64 floor in mpmath at D digits (>= 15)")
    p.add_argument("--json", action="store_true", help="print JSON: eigenvalues, lambda_min, trace, floor, route")
    p.add_argument("--force", action="store_true",
                   help=f"run even when the estimated time exceeds {duration(TIME_CAP_S)} (memory is always checked)")


_NPY_MAGIC = b"\x93NUMPY"


def _open_points(path: str):
    """The array of a .npy file, memory-mapped (nothing read but the header), with a numeric dtype."""
    import numpy as np  # noqa: PLC0415
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_NPY_MAGIC))
    except OSError as exc:
        raise InputError("--data", f"cannot read {path!r}: {exc.strerror or exc}") from None
    if head.startswith(b"PK"):
        raise InputError("--data", f"{path!r} is a .npz archive; give one (n, d) array saved with numpy.save (.npy)")
    if head != _NPY_MAGIC:
        raise InputError("--data", f"{path!r} is not a .npy file (no NumPy header: text or another format?); "
                                   "save the (n, d) array with numpy.save")
    try:
        X = np.load(path, mmap_mode="r", allow_pickle=False)
    except ValueError as exc:
        if "pickle" in str(exc) or "object" in str(exc):
            raise InputError("--data", f"{path!r} holds Python objects (dtype object); "
                                       "give an array of real numbers") from None
        raise InputError("--data", f"cannot read {path!r} as a .npy array ({exc})") from None
    except OSError as exc:
        raise InputError("--data", f"cannot read {path!r} as a .npy array ({exc})") from None
    kind = X.dtype.kind
    if kind == "c":
        raise InputError("--data", "complex values are not allowed; give real (n, d) points")
    if kind not in "biuf":
        raise InputError("--data", f"must hold real numbers (got dtype {X.dtype} in {path!r})")
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise InputError("--data", f"must be a 2-d array of shape (n, d), one point per row (got shape {X.shape})")
    return X


def _load_points(X):
    """The (n, d) float64 unit rows of the opened array, or an InputError naming --data."""
    import numpy as np  # noqa: PLC0415

    from . import data  # noqa: PLC0415
    try:
        return data.require_unit(data.as_points(np.array(X, dtype=float), "--data"), "--data")
    except InputError as exc:
        raise as_flag(exc, {exc.parameter: "--data"}) from None


def _max_offdiag(X) -> float | None:
    import numpy as np  # noqa: PLC0415
    n = X.shape[0]
    if n < 2:
        return None
    R = np.abs(np.clip(X @ X.T, -1.0, 1.0))
    np.fill_diagonal(R, 0.0)
    return float(R.max())


def _cmd_gram(args) -> int:
    import numpy as np  # noqa: PLC0415

    from .gmatrix import empirical, infinite, spectrum, spectrum_mp  # noqa: PLC0415
    act = acts.get(args.activation)
    if args.infinite:
        for flag, value in (("--m", args.m), ("--init", args.init), ("--seed", args.seed)):
            if value is not None:
                raise InputError(flag, "sets the empirical G^(0) only; drop it with --infinite")
        dps = None if args.dps is None else _int(args.dps, "--dps", spectrum_mp.MIN_DPS)
        m = seed = init = None
    else:
        if args.dps is not None:
            raise InputError("--dps", "high precision needs --infinite (the empirical G is a float64 sample)")
        m = _int("10000" if args.m is None else args.m, "--m", 1)
        seed = _int("0" if args.seed is None else args.seed, "--seed", 0)
        init = "dzps" if args.init is None else args.init
        if init not in empirical.INITS:
            raise InputError("--init", f"must be one of {', '.join(empirical.INITS)} (got {init!r})")
        dps = None
    Xmap = _open_points(args.data)
    n, d = Xmap.shape
    guard(gram_cost(n, d, act, m, args.infinite, None, None), force=True, announce=False)   # before loading
    X = _load_points(Xmap)
    cost = gram_cost(n, d, act, m, args.infinite, dps, _max_offdiag(X) if dps is not None else None)
    guard(cost, args.force)
    if args.infinite:
        ig = infinite.infinite_gram(X, act)
        sp = spectrum.spectrum(ig.matrix, ig.error_bound)
        trace = float(np.trace(ig.matrix))
        what = f"G∞ ({ig.method})"
        if dps is not None:        # the user asked for dps digits: mpmath runs even where float64 could answer
            res = spectrum_mp.resolve_spectrum(X, hermite_mp.provider(act), activation=act, needs="all",
                                               dps=dps, float64=sp, min_digits=dps)
            rows = [res.describe(k) for k in range(1, n + 1)]
            vals = [_mp_eigenvalue_json(k, res.value(k)) for k in range(1, n + 1)]
            out = {"matrix": what, "n": n, "route": res.route, "reason": res.reason, "dps": dps, "kmax": res.kmax,
                   "eigenvalues": vals, "lambda_min": vals[-1], "trace": trace, "float64_floor": sp.floor}
            return _print_gram(out, args.json, rows)
    else:
        progress = Progress("empirical G^(0)", "neurons") if cost.seconds > PROGRESS_AFTER_S else None
        G = empirical.empirical_gram(X, act, m, np.random.default_rng(seed), init=init, progress=progress)
        sp = spectrum.spectrum(G, error_bound=np.finfo(float).eps * m ** 0.5 * float(np.abs(G).max()))
        trace = float(np.trace(G))
        what = f"empirical G^(0), m={m}, init={init}, seed={seed}"
    rows = [sp.describe(k) for k in range(1, n + 1)]
    vals = [{"k": k, "value": float(v), "resolved": bool(abs(v) > sp.floor)} for k, v in enumerate(sp.values, 1)]
    out = {"matrix": what, "n": n, "route": "float64", "eigenvalues": vals, "lambda_min": vals[-1], "trace": trace,
           "float64_floor": sp.floor}
    return _print_gram(out, args.json, rows)


def _mp_eigenvalue_json(k: int, ev) -> dict:
    """lambda_k of the high-precision route as JSON: the value as a decimal string carrying every correct digit
    (mpmath's EigenvalueMP or the Arb enclosure's), the count of correct digits, the absolute error bound; a value
    with no correct digit is "0" with the bound it lies within."""
    digits = int(ev.correct_digits)
    certified = getattr(ev, "certified", None)
    if digits >= 1:
        value = mpmath.nstr(ev.value, digits, strip_zeros=False, min_fixed=1, max_fixed=0)
    else:
        value = "0"
    err = ev.abs_error if hasattr(ev, "abs_error") else max(abs(ev.value - ev.lo), abs(ev.hi - ev.value))
    out = {"k": k, "value": value, "correct_digits": digits, "abs_error": mpmath.nstr(err, 3), "resolved": digits >= 1}
    if certified is not None:
        out["certified"] = bool(certified)
    return out


def _print_gram(out: dict, as_json: bool, rows: list[str]) -> int:
    """The gram result: JSON of numbers and decimal strings (``out``), or aligned text with one display line per
    eigenvalue (``rows``)."""
    if as_json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"{out['matrix']}: n={out['n']}, route {out['route']}, float64 floor {out['float64_floor']:.3g}")
    for k, text in enumerate(rows, start=1):
        print(f"  lambda_{k:<4} {text}")
    print(f"lambda_min: {rows[-1]}")
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
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)
    for name, (add_arguments, _, help_text) in COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return p


def main(argv=None) -> int:
    command = None
    try:
        args = _parser().parse_args(argv)
        command = args.command
        return COMMANDS[command][1](args)
    except InputError as exc:
        exc = as_flag(exc, FLAGS.get(command, {}))
        print("error: " + " ".join(str(exc).split()), file=sys.stderr)       # one line, whatever the message
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
