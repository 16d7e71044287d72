"""The run store and the report reader on bad run directories (an InputError naming the user's flag, one
line), reports of incomplete runs ("incomplete run: N of M measurements", never judged), report progress."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kernels.backend import select
from kernels.errors import InputError
from theorems import engine
from theorems.engine import Progress, run_claim
from theorems.report.build import build_report
from theorems.spec import Claim, product
from theorems.store import MANIFEST, RESULTS, RunStore, make_manifest, read_run
from theorems.verdict import Scaling

BE = select("numpy")
SEED = 5
XS = [10, 20, 40, 80]


def power_claim(cid="toy/power"):
    """A Scaling claim (its INCONCLUSIVE reasons speak of ranges): y = x^-1 exactly, two repetitions."""
    return Claim(id=cid, source="test", statement="y = O(x^-1)", kind="scaling",
                 check=Scaling(y="y", x="x", printed=-1, direction="upper_bound", limit="inf"),
                 grid={"quick": product(x=XS), "full": product(x=XS)},
                 measure=lambda point, rng, backend: {"y": point["x"] ** -1.0 * (1 + 1e-3 * rng.random())},
                 repetitions={"quick": 2, "full": 2})


def measured(run, claims=None):
    claims = claims or [power_claim()]
    store = RunStore(run, make_manifest(SEED, "quick", BE))
    for c in claims:
        run_claim(c, "quick", store, SEED, BE, quiet=True)
    return {c.id: c for c in claims}


def one_line(exc: InputError, parameter: str) -> str:
    msg = f"error: {exc}"
    assert exc.parameter == parameter and msg.startswith(f"error: {parameter}: ") and "\n" not in msg
    return msg


# ---------------------------------------------------------------- bad run directories

@pytest.mark.parametrize("text", ['{"root_seed": 5, "scale": "qu', "[1, 2]", "", "null", '{"scale": "quick"}'])
def test_a_bad_manifest_is_an_input_error_naming_the_flag(tmp_path, text):
    run = tmp_path / "run"
    measured(run)
    (run / MANIFEST).write_text(text)
    with pytest.raises(InputError) as exc:
        RunStore(run, make_manifest(SEED, "quick", BE))
    assert "manifest.json" in one_line(exc.value, "--out")
    with pytest.raises(InputError) as exc:
        build_report(run, measured(tmp_path / "other"), out_dir=tmp_path / "rep", quiet=True)
    one_line(exc.value, "--from")


@pytest.mark.parametrize("bad", ['{"claim": "toy/power", "rep": 0}', '[1, 2, 3]', '"text"',
                                 '{"claim": "toy/power", "point": {}, "point_key": 3, "rep": 0, "values": {}}'])
def test_a_json_line_that_is_not_a_record_names_its_line_number(tmp_path, bad):
    run = tmp_path / "run"
    claims = measured(run)
    lines = (run / RESULTS).read_text().splitlines()
    lines.insert(3, bad)
    (run / RESULTS).write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as exc:
        RunStore(run, make_manifest(SEED, "quick", BE))
    assert "line 4" in one_line(exc.value, "--out")
    with pytest.raises(InputError) as exc:
        build_report(run, claims, out_dir=tmp_path / "rep", quiet=True)
    assert "line 4" in one_line(exc.value, "--from")


def test_out_is_an_existing_file(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(InputError) as exc:
        RunStore(f, make_manifest(SEED, "quick", BE))
    assert "is a file" in one_line(exc.value, "--out")


@pytest.mark.parametrize("where", ["/proc/nnclaims-run", "/proc/self/nnclaims/run", "FILE/below"])
def test_out_that_cannot_be_created_or_written(tmp_path, where):
    if where.startswith("FILE"):
        (tmp_path / "f").write_text("x")
        where = str(tmp_path / "f" / "below")
    if not Path("/proc").is_dir() and where.startswith("/proc"):
        pytest.skip("no /proc")
    with pytest.raises(InputError) as exc:
        RunStore(where, make_manifest(SEED, "quick", BE))
    one_line(exc.value, "--out")


def test_report_from_a_missing_or_non_run_directory(tmp_path):
    for d in (tmp_path / "missing", tmp_path):
        with pytest.raises(InputError) as exc:
            read_run(d)
        one_line(exc.value, "--from")


def test_report_out_unwritable_names_out(tmp_path):
    run = tmp_path / "run"
    claims = measured(run)
    (tmp_path / "f").write_text("x")
    for out in (tmp_path / "f", "/proc/nnclaims-report"):
        with pytest.raises(InputError) as exc:
            build_report(run, claims, out_dir=out, quiet=True)
        one_line(exc.value, "--out")


def test_a_line_cut_mid_write_is_no_error_and_is_remeasured(tmp_path):
    run = tmp_path / "run"
    claims = measured(run)
    text = (run / RESULTS).read_text()
    lines = text.splitlines()
    (run / RESULTS).write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:25])
    store = RunStore(run, make_manifest(SEED, "quick", BE))
    assert len(store._done) == len(lines) - 1
    run_claim(claims["toy/power"], "quick", store, SEED, BE, quiet=True)
    assert len(store.records("toy/power")) == len(lines)


# ---------------------------------------------------------------- incomplete runs

def test_report_of_an_incomplete_run_says_so_per_claim_and_does_not_judge(tmp_path):
    run = tmp_path / "run"
    claims = measured(run, [power_claim(), power_claim("toy/power-b")])
    lines = (run / RESULTS).read_text().splitlines()
    kept = [x for x in lines if json.loads(x)["claim"] == "toy/power"][:3]       # 3 of 8 of the first claim,
    (run / RESULTS).write_text("\n".join(kept) + "\n")                          # none of the second
    _, md = build_report(run, claims, out_dir=tmp_path / "rep", quiet=True)
    text = md.read_text()
    row_a = next(x for x in text.splitlines() if x.startswith("| `toy/power`"))
    row_b = next(x for x in text.splitlines() if x.startswith("| `toy/power-b`"))
    assert "**INCONCLUSIVE**" in row_a and "**INCONCLUSIVE**" in row_b
    assert "incomplete run: 3 of 8 measurements" in text and "incomplete run: 0 of 8 measurements" in text
    assert "wider range" not in text and "larger" not in text and "more seeds" not in text
    assert "INCONCLUSIVE: 2 (2 of them not judged: incomplete run)" in text
    # the complete run reads CONFIRMED, with the seconds of its records
    _, md = build_report(tmp_path / "full", measured(tmp_path / "full"), out_dir=tmp_path / "rep2", quiet=True)
    assert "**CONFIRMED**" in md.read_text()


def test_report_reads_only_the_current_grid(tmp_path):
    """Records of points no longer in the claim's grid are ignored; the report counts against the current grid."""
    run = tmp_path / "run"
    measured(run)
    grown = Claim(id="toy/power", source="test", statement="y = O(x^-1)", kind="scaling",
                  check=power_claim().check, grid={"quick": product(x=XS[1:] + [160]), "full": []},
                  measure=power_claim().measure, repetitions={"quick": 2, "full": 2})
    _, md = build_report(run, {"toy/power": grown}, out_dir=tmp_path / "rep", quiet=True)
    assert "incomplete run: 6 of 8 measurements" in md.read_text()


# ---------------------------------------------------------------- progress

def test_progress_line_shows_done_total_current_and_elapsed():
    out = io.StringIO()
    p = Progress("report", 3, stream=out, unit="claims")
    p.t0 -= 30                                             # as if 30 s had passed
    p.update(1, current="activation/eq-8")
    assert out.getvalue() == "[report] 1/3 claims, 30s, activation/eq-8\n"
    p.update(3)
    assert out.getvalue().splitlines()[-1] == "[report] 3/3 claims, 30s"
    quiet = io.StringIO()
    q = Progress("report", 3, stream=quiet, quiet=True)
    q.t0 -= 30
    q.update(1)
    assert quiet.getvalue() == ""


def test_build_report_prints_progress_unless_quiet(tmp_path, capsys, monkeypatch):
    run = tmp_path / "run"
    claims = measured(run, [power_claim(), power_claim("toy/power-b")])
    build_report(run, claims, out_dir=tmp_path / "rep", quiet=True)
    assert capsys.readouterr().err == ""
    ticks = iter(range(0, 10 ** 6, 20))                     # a clock that moves 20 s on every reading
    monkeypatch.setattr(engine, "time", type("T", (), {"monotonic": staticmethod(lambda: next(ticks))}))
    build_report(run, claims, out_dir=tmp_path / "rep", quiet=False)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("[report] 0/2 claims, ") and err[0].endswith(", toy/power")
    assert err[1].endswith(", toy/power-b") and err[-1].startswith("[report] 2/2 claims")
