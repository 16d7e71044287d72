"""``python -m kernels``: every parameter of every subcommand, given a bad value, exits 2 with one line on stderr
that names the flag as the user typed it (never a traceback); the cost guards (memory, time cap, progress)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kernels import cli, data
from kernels.cli import main
from kernels.gmatrix import empirical

from ..cli_errors import assert_one_line_error

ROOT = Path(__file__).resolve().parents[2]
GIB = 2**30


@pytest.fixture
def files(tmp_path):
    """Named .npy (and other) files; 'X' is a valid (6, 3) set of unit rows."""
    X = data.sphere(6, 3, np.random.default_rng(0))
    paths = {}

    def save(name, array, **kw):
        paths[name] = str(tmp_path / f"{name}.npy")
        np.save(paths[name], array, **kw)

    save("X", X)
    save("strings", np.array([["a", "b"], ["c", "d"]]))
    save("complex", X.astype(complex) * (1 + 1j) / np.sqrt(2))
    save("objects", np.array([{"x": 1}, None], dtype=object))
    save("nonunit", np.ones((3, 3)))
    save("vector", X[0])
    save("cube", np.ones((2, 2, 2)) / 2)
    save("empty", np.zeros((0, 3)))
    save("nan", np.where(np.eye(3) > 0, np.nan, 0.0))
    save("big", np.ones((300_000, 1)))                 # unit rows in R^1: n^2 = 9e10 entries
    (tmp_path / "text.npy").write_text("0.6 0.8\n1 0\n")
    paths["text"] = str(tmp_path / "text.npy")
    np.savez(tmp_path / "arch.npz", X=X)
    paths["npz"] = str(tmp_path / "arch.npz")
    paths["dir"] = str(tmp_path)
    paths["missing"] = str(tmp_path / "missing.npy")
    return paths


def _args(args, files):
    return [files[a[1:]] if a.startswith("@") else a for a in args]


H = ["hermite", "tanh", "--kmax", "5", "--dps", "20"]          # a valid hermite call, to spoil one flag of
G = ["gram", "--data", "@X", "--activation", "relu"]            # a valid gram call

# (argv, the flag the error line must name). "@name" is the path of files[name].
CASES = [
    # the sub-command
    ([], "COMMAND"),
    (["frobnicate"], "COMMAND"),
    # hermite ACTIVATION
    (["hermite", "nope", "--kmax", "5"], "ACTIVATION"),
    (["hermite", "leaky_relu:2", "--kmax", "5"], "ACTIVATION"),
    (["hermite", "leaky_relu:x", "--kmax", "5"], "ACTIVATION"),
    (["hermite", "poly:a,b", "--kmax", "5"], "ACTIVATION"),
    (["hermite", "poly:", "--kmax", "5"], "ACTIVATION"),
    (["hermite", "--kmax", "5"], "ACTIVATION"),
    # hermite --derivative
    (H + ["--derivative", "7"], "--derivative"),
    (H + ["--derivative", "-1"], "--derivative"),
    (H + ["--derivative", "one"], "--derivative"),
    # hermite --kmax
    (["hermite", "tanh"], "--kmax"),
    (["hermite", "tanh", "--kmax", "-1"], "--kmax"),
    (["hermite", "tanh", "--kmax", "x"], "--kmax"),
    (["hermite", "tanh", "--kmax", "2.5"], "--kmax"),
    (["hermite", "tanh", "--kmax", "1000000"], "--kmax"),          # the issue: ~months, over the time cap
    (["hermite", "tanh", "--kmax", str(10**10)], "--kmax"),        # more memory than any machine has
    # hermite --dps
    (H[:4] + ["--dps", "5"], "--dps"),
    (H[:4] + ["--dps", "3000"], "--dps"),
    (H[:4] + ["--dps", "many"], "--dps"),
    # hermite flags without values
    (H + ["--json=1"], "--json"),
    (H + ["--no-cache=yes"], "--no-cache"),
    (H + ["--force=1"], "--force"),
    (H + ["--frobnicate"], "--frobnicate"),
    # gram --data
    (["gram", "--activation", "relu"], "--data"),
    (["gram", "--data", "@missing", "--activation", "relu"], "--data"),
    (["gram", "--data", "@dir", "--activation", "relu"], "--data"),
    (["gram", "--data", "@strings", "--activation", "relu"], "--data"),       # the issue: string dtype
    (["gram", "--data", "@complex", "--activation", "relu"], "--data"),       # the issue: complex
    (["gram", "--data", "@text", "--activation", "relu"], "--data"),          # the issue: a text file
    (["gram", "--data", "@objects", "--activation", "relu"], "--data"),
    (["gram", "--data", "@npz", "--activation", "relu"], "--data"),
    (["gram", "--data", "@nonunit", "--activation", "relu"], "--data"),
    (["gram", "--data", "@vector", "--activation", "relu"], "--data"),
    (["gram", "--data", "@cube", "--activation", "relu"], "--data"),
    (["gram", "--data", "@empty", "--activation", "relu"], "--data"),
    (["gram", "--data", "@nan", "--activation", "relu"], "--data"),
    (["gram", "--data", "@big", "--activation", "relu", "--m", "10"], "--data"),        # n^2 memory
    (["gram", "--data", "@big", "--activation", "relu", "--infinite"], "--data"),
    # gram --activation
    (["gram", "--data", "@X"], "--activation"),
    (["gram", "--data", "@X", "--activation", "nope"], "--activation"),
    (["gram", "--data", "@X", "--activation", "leaky_relu:5"], "--activation"),
    (["gram", "--data", "@X", "--activation", "poly:x"], "--activation"),
    # gram --m
    (G + ["--m", "0"], "--m"),
    (G + ["--m", "-5"], "--m"),
    (G + ["--m", "many"], "--m"),
    (G + ["--m", "1e6"], "--m"),
    (G + ["--m", str(10**15)], "--m"),                             # estimated > the time cap
    (G + ["--infinite", "--m", "100"], "--m"),
    # gram --init
    (G + ["--init", "xavier"], "--init"),
    (G + ["--infinite", "--init", "fanin"], "--init"),
    # gram --seed
    (G + ["--seed", "-1"], "--seed"),                              # the issue
    (G + ["--seed", "x"], "--seed"),
    (G + ["--infinite", "--seed", "3"], "--seed"),
    # gram --dps
    (G + ["--dps", "30"], "--dps"),                                # needs --infinite
    (G + ["--infinite", "--dps", "5"], "--dps"),
    (G + ["--infinite", "--dps", "x"], "--dps"),
    # gram flags without values
    (G + ["--infinite=1"], "--infinite"),
    (G + ["--json=1"], "--json"),
    (G + ["--force=no"], "--force"),
]


@pytest.fixture
def eight_gib(monkeypatch):
    """The memory guard sees 8 GiB available, whatever this machine has."""
    monkeypatch.setattr(cli, "available_memory", lambda: 8 * GIB)


@pytest.mark.parametrize("argv, flag", CASES, ids=[" ".join(a) or "(none)" for a, _ in CASES])
def test_bad_input_exits_2_with_one_line_naming_the_flag(argv, flag, files, capsys, eight_gib, tmp_path, monkeypatch):
    monkeypatch.setenv("NNCLAIMS_CACHE", str(tmp_path / "cache"))
    assert main(_args(argv, files)) == 2
    assert_one_line_error(capsys.readouterr(), flag)


def test_the_table_covers_every_parameter():
    parser = cli._parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    named = {flag for argv, flag in CASES}
    for name, p in sub.choices.items():
        for action in p._actions:
            if action.dest == "help":
                continue
            label = action.option_strings[0] if action.option_strings else action.metavar
            assert label in named, f"{name} {label} has no bad-input case"


def test_complex_data_is_refused_not_truncated(files, capsys):
    assert main(["gram", "--data", files["complex"], "--activation", "relu"]) == 2
    assert "complex values are not allowed" in capsys.readouterr().err


def test_text_file_as_npy_gets_a_clear_message(files, capsys):
    assert main(["gram", "--data", files["text"], "--activation", "relu"]) == 2
    err = capsys.readouterr().err
    assert "not a .npy file" in err and "pickle" not in err


def test_kernel_parameter_names_become_flags():
    exc = cli.as_flag(cli.InputError("m", "must be >= 1"), cli.FLAGS["gram"])
    assert (exc.parameter, str(exc)) == ("--m", "--m: must be >= 1")
    exc = cli.as_flag(cli.InputError("leaky_relu slope", "must be in [0, 1)"), cli.FLAGS["hermite"])
    assert str(exc) == "ACTIVATION: leaky_relu slope must be in [0, 1)"
    assert cli.as_flag(cli.InputError("other", "x"), cli.FLAGS["gram"]).parameter == "other"


@pytest.mark.parametrize("argv", [["gram", "--data", "@strings", "--activation", "relu"],
                                  ["gram", "--data", "@X", "--activation", "relu", "--seed", "-1"],
                                  ["hermite", "tanh", "--kmax", "1000000"]])
def test_subprocess_has_no_traceback(argv, files):
    p = subprocess.run([sys.executable, "-m", "kernels", *_args(argv, files)], capture_output=True, text=True,
                       cwd=ROOT, timeout=120)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert len(p.stderr.splitlines()) == 1 and p.stderr.startswith("error: --")


# ---------------------------------------------------------------- cost guards and progress

def test_time_cap_names_the_estimate_and_force():
    with pytest.raises(cli.InputError) as info:
        cli.guard(cli.Cost(1e7, 1.0, "--data", "--m", "--m", "G"), force=False)
    assert info.value.parameter == "--m" and "--force" in str(info.value) and "days" in str(info.value)


def test_force_lifts_the_time_cap_but_never_the_memory_check(monkeypatch, capsys):
    monkeypatch.setattr(cli, "available_memory", lambda: GIB)
    cli.guard(cli.Cost(1e7, 1.0, "--data", "--m", "--m", "G"), force=True)
    err = capsys.readouterr().err
    assert "estimated 116 days" in err and "Ctrl-C" in err
    with pytest.raises(cli.InputError) as info:
        cli.guard(cli.Cost(1.0, 2.0 * GIB, "--data", "--m", "the number of points", "G"), force=True)
    assert info.value.parameter == "--data" and "available" in str(info.value)


def test_unknown_available_memory_skips_only_the_memory_check(monkeypatch):
    monkeypatch.setattr(cli, "available_memory", lambda: None)
    cli.guard(cli.Cost(1.0, 1e30, "--data", "--m", "--m", "G"), force=False)


def test_available_memory_reads_the_machine():
    avail = cli.available_memory()
    assert avail is None or avail > 0


def test_estimates_grow_with_the_request():
    act = cli.acts.get("tanh")
    small, large = cli.hermite_cost(act, 100, 30, 1), cli.hermite_cost(act, 10_000, 30, 1)
    assert 0 < small.seconds < large.seconds and 0 < small.bytes < large.bytes
    assert cli.hermite_cost(act, 100, 30, 1).seconds < cli.hermite_cost(act, 100, 300, 1).seconds
    g1 = cli.gram_cost(50, 10, cli.acts.get("relu"), 10**6, False, None, None)
    g2 = cli.gram_cost(50, 10, cli.acts.get("relu"), 10**8, False, None, None)
    assert g2.seconds > 90 * g1.seconds and g1.bytes == g2.bytes      # memory does not grow with m (streamed)
    assert cli.gram_cost(5000, 10, cli.acts.get("relu"), 10**6, False, None, None).bytes > 10 * g1.bytes


def test_m_of_the_issue_shows_an_estimate_instead_of_refusing():
    cost = cli.gram_cost(5, 3, cli.acts.get("relu"), 10**11, False, None, None)
    assert cli.PROGRESS_AFTER_S < cost.seconds < cli.TIME_CAP_S       # announced and shown, not refused


def test_duration_text():
    assert [cli.duration(s) for s in (40, 600, 3 * 3600, 5 * 86400, 1e10)] == [
        "40 s", "10 min", "3 h", "5 days", "317 years"]


def test_progress_lines_every_few_seconds(monkeypatch):
    clock = iter([0.0, 1.0, 6.0, 7.0, 12.5, 13.0])
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))

    class Stream:
        def __init__(self):
            self.text = ""

        def write(self, s):
            self.text += s

        def flush(self):
            pass

    s = Stream()
    p = cli.Progress("G", "neurons", stream=s)      # t0 = 0
    for done in (10, 20, 30, 40, 50):               # at t = 1 (too early), 6, 7 (too soon), 12.5, 13 (done)
        p(done, 50)
    lines = s.text.splitlines()
    assert [ln.split(":")[1].split()[0] for ln in lines] == ["20/50", "40/50", "50/50"]
    assert "left" in lines[0] and "left" not in lines[-1]


def test_progress_callback_leaves_the_empirical_gram_bit_identical():
    X = data.sphere(7, 4, np.random.default_rng(2))
    seen = []
    a = empirical.empirical_gram(X, "tanh", 1000, np.random.default_rng(5), chunk=300)
    b = empirical.empirical_gram(X, "tanh", 1000, np.random.default_rng(5), chunk=300,
                                 progress=lambda done, total: seen.append((done, total)))
    assert np.array_equal(a, b)
    assert seen == [(300, 1000), (600, 1000), (900, 1000), (1000, 1000)]


def test_gram_and_hermite_announce_and_report_progress(files, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("NNCLAIMS_CACHE", str(tmp_path / "cache"))
    argv = ["gram", "--data", files["X"], "--activation", "relu", "--m", "3000", "--json"]
    assert main(argv) == 0
    quiet = capsys.readouterr()
    assert quiet.err == ""                                     # a short call prints nothing on stderr
    monkeypatch.setattr(cli, "PROGRESS_AFTER_S", 0.0)         # every call is "long" now
    assert main(argv) == 0
    loud = capsys.readouterr()
    assert json.loads(loud.out) == json.loads(quiet.out)
    assert "estimated" in loud.err and "Ctrl-C" in loud.err and "3000/3000 neurons" in loud.err
    assert main(["hermite", "tanh", "--kmax", "6", "--dps", "20", "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "estimated" in err and "14/14 evaluations" in err
