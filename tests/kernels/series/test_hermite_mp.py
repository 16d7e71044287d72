"""High-precision Hermite coefficients (kernels.series.hermite_mp): closed forms, independent second
methods, two precisions, kinked functions, the disk cache, and the ``python -m kernels`` CLI.

Every reference here is computed independently of the code under test: mpmath.quad of the
defining integral E[f(z) He_k(z)/sqrt(k!)], exact He-basis algebra, or the float64 kernel.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import mpmath
import numpy as np
import pytest
from mpmath import mp

from kernels import activations as acts
from kernels.cli import main as cli_main
from kernels.series import hermite as hermite64
from kernels.series import hermite_mp as H

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """No test reads or writes the user's cache (~/.cache/nnclaims)."""
    monkeypatch.setenv("NNCLAIMS_CACHE", str(tmp_path / "cache"))


def _he_norm(k: int, x):
    """He_k(x)/sqrt(k!) from mpmath's physicists' H_k: He_k(x) = 2^{-k/2} H_k(x / sqrt 2)."""
    return mpmath.hermite(k, x / mpmath.sqrt(2)) * mpmath.mpf(2) ** (-mpmath.mpf(k) / 2) \
        / mpmath.sqrt(mpmath.factorial(k))


def _pdf(x):
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def _quad(f, k: int, lo, hi, dps: int):
    """E[f(z) He_k(z)/sqrt(k!) 1(lo < z < hi)] by mpmath.quad at ``dps`` digits."""
    with mp.workdps(dps):
        return mpmath.quad(lambda x: f(x) * _he_norm(k, x) * _pdf(x), [lo, 0, hi] if lo < 0 < hi else [lo, hi])


def _rel_digits(a, b) -> float:
    """Agreeing significant digits of a against the reference b."""
    with mp.workdps(80):
        if a == b:
            return float("inf")
        return float(-mpmath.log10(abs(a - b) / abs(b)))


# ---------------------------------------------------------------- (a) closed forms

def test_step_closed_form_matches_quadrature():
    """ReLU' = 1(z > 0): closed form vs mpmath.quad of the integral over (0, inf) at 30 digits."""
    res = H.coefficients("relu", 9, dps=30, use_cache=False)
    assert res.method.startswith("closed form")
    for k in range(10):
        ref = _quad(lambda x: 1, k, mpmath.mpf(0), mpmath.inf, 40)
        if k >= 2 and k % 2 == 0:                        # He_{k-1}(0) = 0 for odd k-1
            assert res.values[k] == 0 and abs(ref) < mpmath.mpf(10) ** -35
        else:
            assert _rel_digits(res.values[k], ref) >= 30, k
            assert res.digits(k) >= 30


def test_polynomial_is_exact():
    """phi = x^3, phi' = 3x^2 = 3 He_2 + 3: c̄_0 = 3, c̄_2 = 3 sqrt(2!), every other c̄_k = 0."""
    res = H.coefficients("poly:0,0,0,1", 6, dps=30, use_cache=False)
    assert res.method == "exact polynomial"
    with mp.workdps(60):
        assert res.values[0] == 3
        assert abs(res.values[2] - 3 * mpmath.sqrt(2)) <= mpmath.mpf(10) ** -38
    assert all(res.values[k] == 0 for k in (1, 3, 4, 5, 6))
    assert res.digits(0) >= 30 and res.digits(2) >= 30


# ---------------------------------------------------------------- (b) a second method

def test_tanh_matches_float64_kernel():
    res = H.coefficients("tanh", 100, dps=30, use_cache=False)
    # 800 Gauss-HermiteE nodes: the float64 kernel's default (2 kmax + 40 = 240) converges
    # slowly for sech^2 (poles at +-i pi/2) and is itself off by 1.2e-13 at k = 100
    c64 = hermite64.coefficients(acts.get("tanh").dphi, 100, nodes=800)
    mpv = np.array([float(v) for v in res.values])
    assert np.max(np.abs(mpv - c64)) < 1e-13


@pytest.mark.parametrize("k", [0, 2, 10, 30])
def test_tanh_matches_quadrature(k):
    res = H.coefficients("tanh", 30, dps=30, use_cache=False)
    ref = _quad(lambda x: mpmath.sech(x) ** 2, k, -mpmath.inf, mpmath.inf, 30)
    assert _rel_digits(res.values[k], ref) >= 25


# ---------------------------------------------------------------- (c) two precisions

@pytest.mark.parametrize("activation, derivative, kmax", [("tanh", 1, 60), ("elu", 1, 30)])
def test_two_precisions_agree_and_errors_are_honest(activation, derivative, kmax):
    lo = H.coefficients(activation, kmax, dps=20, derivative=derivative, use_cache=False)
    hi = H.coefficients(activation, kmax, dps=40, derivative=derivative, use_cache=False)
    nonzero = 0
    for k in range(kmax + 1):
        diff = abs(lo.values[k] - hi.values[k])
        # the dps=20 error estimate bounds its actual error (the dps=40 value is exact at this
        # scale); a factor 10 allows the estimate to be an order of magnitude optimistic
        assert diff <= 10 * lo.errors[k], (k, diff, lo.errors[k])
        if hi.is_zero(k):                                 # tanh' is even: odd c̄_k = 0
            assert lo.is_zero(k), k
            continue
        nonzero += 1
        assert _rel_digits(lo.values[k], hi.values[k]) >= 19, k
        assert lo.digits(k) >= 19
    assert nonzero >= kmax // 2


# ---------------------------------------------------------------- (d) kinked: ELU

def _elu_exact(kmax: int, derivative: int) -> list:
    """Exact c̄_k of ELU' (derivative 1) and ELU'' (derivative 2) at 60 digits.

    ELU' = e^z 1(z<0) + 1(z>=0), ELU'' = e^z 1(z<0). With e^z pdf(z) = e^{1/2} pdf(z-1),
    the Appell identity He_k(u+1) = sum_j C(k,j) He_j(u) and
    int_{-inf}^a He_j pdf = Phi(a) (j=0), -He_{j-1}(a) pdf(a) (j>=1):
      E[e^z He_k(z) 1(z<0)] = e^{1/2} [Phi(-1) - sum_{j=1}^k C(k,j) He_{j-1}(-1) pdf(-1)];
      E[He_k(z) 1(z>=0)]   = 1/2 (k=0), He_{k-1}(0) pdf(0) (k>=1).
    In particular c̄_0(ELU') = 1/2 + e^{1/2} Phi(-1).
    """
    with mp.workdps(60):
        he_m1 = [mpmath.mpf(1), mpmath.mpf(-1)]                 # He_j(-1)
        he_0 = [mpmath.mpf(1), mpmath.mpf(0)]                   # He_j(0)
        for n in range(1, kmax):
            he_m1.append(-he_m1[n] - n * he_m1[n - 1])
            he_0.append(-n * he_0[n - 1])
        out = []
        for k in range(kmax + 1):
            neg = mpmath.ncdf(-1) - sum(mpmath.binomial(k, j) * he_m1[j - 1] for j in range(1, k + 1)) * _pdf(-1)
            neg *= mpmath.exp(mpmath.mpf(1) / 2)
            pos = mpmath.mpf(1) / 2 if k == 0 else he_0[k - 1] * _pdf(0)
            out.append((neg + (pos if derivative == 1 else 0)) / mpmath.sqrt(mpmath.factorial(k)))
    return out


def test_elu_exact_reference_is_right():
    """The closed form above against mpmath.quad of the integral (guards the reference itself)."""
    exact = _elu_exact(8, 1)
    with mp.workdps(40):
        assert abs(exact[0] - (mpmath.mpf(1) / 2 + mpmath.exp(0.5) * mpmath.ncdf(-1))) < mpmath.mpf(10) ** -38
    for k in (0, 1, 2, 5, 8):
        ref = _quad(lambda x: mpmath.exp(x) if x < 0 else 1, k, -mpmath.inf, mpmath.inf, 40)
        assert _rel_digits(exact[k], ref) >= 35, k


@pytest.mark.parametrize("derivative", [1, 2])
def test_elu_against_exact(derivative):
    kmax = 30
    res = H.coefficients("elu", kmax, dps=30, derivative=derivative, use_cache=False)
    assert "kink" in res.method
    exact = _elu_exact(kmax, derivative)
    for k in range(kmax + 1):
        assert _rel_digits(res.values[k], exact[k]) >= 29, (k, res.values[k], exact[k])
        with mp.workdps(60):
            assert abs(res.values[k] - exact[k]) <= 10 * res.errors[k], k


# ---------------------------------------------------------------- (e) the disk cache

def _cache_files(d: Path) -> list[Path]:
    return sorted(p for p in d.iterdir() if not p.name.startswith("."))


def _same(a, b, digits: int) -> bool:
    with mp.workdps(digits + 20):
        return abs(a - b) <= abs(b) * mpmath.mpf(10) ** -digits


def _identical(a: H.HermiteCoefficients, b: H.HermiteCoefficients) -> None:
    """The same values and errors, bit for bit (mpf equality compares every bit)."""
    assert a.kmax == b.kmax and a.dps == b.dps and a.function == b.function
    for k in range(a.kmax + 1):
        assert a.values[k] == b.values[k], (k, a.values[k], b.values[k])
        assert a.errors[k] == b.errors[k], (k, a.errors[k], b.errors[k])


def test_cache_second_call_is_served_from_disk(tmp_path):
    first = H.coefficients("tanh", 20, dps=20)
    assert "(cached)" not in first.method
    files = _cache_files(tmp_path / "cache" / "hermite")
    assert [f.name for f in files] == ["tanh__d1__dps20__k32.json"]
    assert files[0] == H.cache_path("tanh", 1, 20, 20)
    second = H.coefficients("tanh", 20, dps=20)
    assert second.method == first.method + " (cached)"
    _identical(second, first)


def test_kmax_plan_buckets():
    assert [H.kmax_plan(k) for k in (0, 1, 15, 16, 17, 32, 33, 1000, 1024, 1025)] == \
        [16, 16, 16, 16, 32, 32, 64, 1024, 1024, 2048]


def test_exact_storage_round_trips():
    with mp.workdps(80):
        vals = [mpmath.pi / 7, -mpmath.e * mpmath.mpf(10) ** -60, mpmath.mpf(0), mpmath.mpf(3),
                mpmath.mpf(2) ** -3000, -mpmath.sqrt(2) * 10 ** 40]
    for v in vals:
        pair = json.loads(json.dumps(H._exact(v)))
        with mp.workdps(15):                              # the reader's context precision must not matter
            assert H._from_exact(pair) == v


def test_fewer_coefficients_in_the_same_plan_are_a_prefix_of_more():
    """kmax and kmax' with the same kmax_plan give the same c̄_k for k <= min: the rule depends on the plan."""
    a = H.coefficients("tanh", 20, dps=20, use_cache=False)
    b = H.coefficients("tanh", 30, dps=20, use_cache=False)
    assert H.kmax_plan(20) == H.kmax_plan(30)
    for k in range(21):
        assert a.values[k] == b.values[k] and a.errors[k] == b.errors[k], k


def test_cache_serves_only_what_a_cold_call_would_return():
    """Whatever the cache holds, a call returns exactly what a cold call (use_cache=False) returns."""
    big = H.coefficients("tanh", 30, dps=25)             # plan 32: 31 coefficients stored
    small = H.coefficients("tanh", 20, dps=25)           # same dps and plan: served from the file ...
    assert small.method.endswith("(cached)") and small.kmax == 20
    _identical(small, H.coefficients("tanh", 20, dps=25, use_cache=False))      # ... and equal to a cold call
    for k in range(21):
        assert small.values[k] == big.values[k]
    fewer_digits = H.coefficients("tanh", 20, dps=20)   # fewer digits: recomputed, never rounded from dps=25
    assert "(cached)" not in fewer_digits.method
    _identical(fewer_digits, H.coefficients("tanh", 20, dps=20, use_cache=False))
    other_plan = H.coefficients("tanh", 10, dps=25)     # plan 16: its own rule, recomputed
    assert "(cached)" not in other_plan.method
    _identical(other_plan, H.coefficients("tanh", 10, dps=25, use_cache=False))
    more = H.coefficients("tanh", 31, dps=25)           # more coefficients than stored: recomputed, file extended
    assert "(cached)" not in more.method and more.kmax == 31
    again = H.coefficients("tanh", 30, dps=25)
    assert again.method.endswith("(cached)")
    _identical(again, big)
    finer = H.coefficients("tanh", 10, dps=30)          # more digits than stored: recomputed
    assert "(cached)" not in finer.method


_COLD_WARM = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    from kernels.series import hermite_mp as H
    out = []
    for act, der, kmax, dps in [("tanh", 1, 20, 30), ("elu", 1, 12, 20), ("relu", 1, 9, 20), ("tanh", 1, 12, 30)]:
        res = H.coefficients(act, kmax, dps=dps, derivative=der)
        out.append({{"method": res.method, "values": [H._exact(v) for v in res.values],
                    "errors": [H._exact(e) for e in res.errors]}})
    print(json.dumps(out))
""")


def test_cold_and_warm_cache_are_bit_identical_across_processes(tmp_path):
    """A fresh cache (cold), then the same calls in a new process (warm, no in-memory memo): identical values
    and errors, as exact binary numbers and as the CLI's printed strings."""
    env = {**os.environ, "NNCLAIMS_CACHE": str(tmp_path / "fresh")}
    code = _COLD_WARM.format(root=str(ROOT))
    runs = []
    for _ in range(2):
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
        assert p.returncode == 0, p.stderr
        runs.append(json.loads(p.stdout))
    cold, warm = runs
    for c, w in zip(cold, warm):
        assert "(cached)" not in c["method"] and w["method"] == c["method"] + " (cached)"
        assert c["values"] == w["values"] and c["errors"] == w["errors"]
    # the fourth call (tanh, kmax 12, plan 16) was not served by the first (plan 32) in the cold run
    assert "(cached)" not in cold[3]["method"]
    cli = [sys.executable, "-m", "kernels", "hermite", "tanh", "--kmax", "12", "--dps", "30", "--json"]
    env2 = {**os.environ, "NNCLAIMS_CACHE": str(tmp_path / "cli")}
    outs = [subprocess.run(cli, capture_output=True, text=True, cwd=ROOT, env=env2) for _ in range(2)]
    assert all(o.returncode == 0 for o in outs), [o.stderr for o in outs]
    assert "(cached)" not in outs[0].stderr and "(cached)" in outs[1].stderr
    assert outs[0].stdout == outs[1].stdout                # every value and error string


def test_version_1_cache_file_is_never_read(tmp_path):
    """The old format (errors kept to 5 digits, file *__dps<D>.json) is ignored, even with the new name."""
    d = tmp_path / "cache" / "hermite"
    d.mkdir(parents=True)
    v1 = {"name": "tanh", "derivative": 1, "dps": 20, "method": "old", "values": ["1"] * 40, "errors": ["0"] * 40}
    (d / "tanh__d1__dps20.json").write_text(json.dumps(v1))
    H.cache_path("tanh", 1, 20, 20).write_text(json.dumps(v1))
    res = H.coefficients("tanh", 20, dps=20)
    assert "(cached)" not in res.method and "old" not in res.method


def test_progress_is_reported_and_changes_nothing():
    for act, kmax in (("tanh", 20), ("elu", 12)):
        calls = []
        res = H.coefficients(act, kmax, dps=20, use_cache=False, progress=lambda d, t: calls.append((d, t)))
        total = 2 * (kmax + 1)
        assert len(calls) > kmax and all(t == total for _, t in calls)
        done = [d for d, _ in calls]
        assert done == sorted(done) and done[0] >= 0 and done[-1] == total
        _identical(res, H.coefficients(act, kmax, dps=20, use_cache=False))
    calls = []                                             # a closed form, then a cache hit: one final call
    H.coefficients("relu", 9, dps=20, use_cache=False, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(20, 20)]
    H.coefficients("tanh", 5, dps=20)
    calls = []
    hit = H.coefficients("tanh", 5, dps=20, progress=lambda d, t: calls.append((d, t)))
    assert hit.method.endswith("(cached)") and calls == [(12, 12)]


_WRITER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from kernels import activations as acts
    from kernels.series import hermite_mp as H
    start = float(sys.argv[1])
    while time.time() < start:          # both writers start computing at the same moment
        time.sleep(0.005)
    res = H.coefficients("tanh", 30, dps=20)
    act = acts.get("tanh")
    for _ in range(100):                # then race on the rename many times
        H.write_cache(act, 1, res)
    print(res.method)
""")


def test_cache_concurrent_writers_leave_one_valid_file(tmp_path):
    cache = tmp_path / "cache"
    env = {**os.environ, "NNCLAIMS_CACHE": str(cache)}
    code = _WRITER.format(root=str(ROOT))
    start = time.time() + 4.0
    procs = [subprocess.Popen([sys.executable, "-c", code, repr(start)], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    ref = H.coefficients("tanh", 30, dps=20, use_cache=False)    # computed here, not cached
    target = cache / "hermite" / "tanh__d1__dps20__k32.json"
    seen_invalid = 0
    while any(p.poll() is None for p in procs):      # a reader racing the writers
        try:
            data = json.loads(target.read_text())
        except FileNotFoundError:
            time.sleep(0.002)
            continue
        except json.JSONDecodeError:
            seen_invalid += 1
            continue
        assert data["name"] == "tanh" and len(data["values"]) == 31
        time.sleep(0.002)
    for p in procs:
        _, err = p.communicate()
        assert p.returncode == 0, err
    assert seen_invalid == 0
    files = list((cache / "hermite").iterdir())
    assert [f.name for f in files] == [target.name], files        # no leftover .tmp-* files
    data = json.loads(target.read_text())
    assert data["name"] == "tanh" and data["dps"] == 20 and len(data["values"]) == 31
    hit = H.coefficients("tanh", 30, dps=20)
    assert hit.method.endswith("(cached)")
    _identical(hit, ref)


@pytest.mark.parametrize("content", [
    '{"name": "tanh", "derivative": 1, "dps": 20, "method": "x", "values": ["0.6057055',   # cut mid-write
    "",                                                                                 # empty (crash before flush)
])
def test_cache_interrupted_write_is_ignored(tmp_path, content):
    d = tmp_path / "cache" / "hermite"
    d.mkdir(parents=True)
    H.cache_path("tanh", 1, 20, 10).write_text(content)
    # a leftover temporary file, complete but wrong: it must never be read
    bogus = {"format": H.CACHE_FORMAT, "name": "tanh", "derivative": 1, "dps": 20, "kmax_plan": 16,
             "method": "bogus", "values": [["1", 0]] * 16, "errors": [["0", 0]] * 16}
    (d / ".tmp-abc123.json").write_text(json.dumps(bogus))
    res = H.coefficients("tanh", 10, dps=20)
    assert "(cached)" not in res.method and "bogus" not in res.method
    _identical(res, H.coefficients("tanh", 10, dps=20, use_cache=False))
    data = json.loads(H.cache_path("tanh", 1, 20, 10).read_text())    # recomputed and rewritten
    assert len(data["values"]) == 11
    assert H.coefficients("tanh", 10, dps=20).method.endswith("(cached)")


# ---------------------------------------------------------------- (f) the CLI

def test_cli_json(tmp_path):
    env = {**os.environ, "NNCLAIMS_CACHE": str(tmp_path / "cache")}
    p = subprocess.run([sys.executable, "-m", "kernels", "hermite", "tanh", "--kmax", "10", "--dps", "30", "--json"],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert len(rows) == 11 and [r["k"] for r in rows] == list(range(11))
    assert set(rows[0]) == {"k", "value", "error", "digits"}
    with mp.workdps(40):
        ref = H.coefficients("tanh", 10, dps=30, use_cache=False)
        assert _same(mpmath.mpf(rows[2]["value"]), ref.values[2], 29)
    assert rows[0]["digits"] >= 30
    assert "trapezoidal" in p.stderr


def test_cli_text(capsys):
    assert cli_main(["hermite", "relu", "--kmax", "5", "--dps", "20"]) == 0
    out = capsys.readouterr().out
    assert "closed form" in out
    assert "0.5" in out and len([ln for ln in out.splitlines() if ln.strip()[:1].isdigit()]) >= 6


@pytest.mark.parametrize("args, parameter", [
    (["hermite", "nope", "--kmax", "5"], "ACTIVATION"),
    (["hermite", "tanh", "--kmax", "-1"], "--kmax"),
    (["hermite", "tanh", "--kmax", "x"], "--kmax"),
    (["hermite", "tanh", "--kmax", "5", "--dps", "5"], "--dps"),
    (["hermite", "tanh", "--kmax", "5", "--dps", "3000"], "--dps"),
    (["hermite", "tanh", "--kmax", "5", "--derivative", "7"], "--derivative"),
    (["hermite", "tanh", "--kmax", "5", "--derivative", "-1"], "--derivative"),
    (["hermite", "tanh"], "--kmax"),
    (["frobnicate"], "COMMAND"),
])
def test_cli_bad_input_exits_2_with_one_line(args, parameter, capsys):
    assert cli_main(args) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith("error: ") and parameter in err and "\n" not in err
    assert "Traceback" not in captured.err and captured.out == ""


def test_cli_bad_input_subprocess_has_no_traceback():
    p = subprocess.run([sys.executable, "-m", "kernels", "hermite", "tanh", "--kmax", "-3"],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2
    assert p.stderr.strip().startswith("error: --kmax") and "\n" not in p.stderr.strip()


# A foreign-shaped cache file (another schema version, a hand edit) must be ignored, not crash.
@pytest.mark.parametrize("content", ['{"name": "tanh", "derivative": 1}', "[1, 2]",
                                     '{"format": 2, "name": "tanh", "derivative": 1, "dps": 20, "kmax_plan": 16, '
                                     '"method": "x", "values": [["a", 0]' + ', ["1", 0]' * 5 + '], '
                                     '"errors": [["1", "b"]' + ', ["1", 0]' * 5 + ']}'])
def test_cache_file_of_another_shape_is_ignored(tmp_path, content):
    d = tmp_path / "cache" / "hermite"
    d.mkdir(parents=True)
    H.cache_path("tanh", 1, 20, 5).write_text(content)
    res = H.coefficients("tanh", 5, dps=20)
    assert "(cached)" not in res.method
