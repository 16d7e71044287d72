"""``python -m theorems`` (console script ``nnclaims``): list claims, check them, write a report.
``python -m theorems selftest --backend numpy|cupy`` is the backend acceptance check (theorems.selftest).

Exit status: 0 when the checks ran (whatever the verdicts), 2 on bad input: one line "error: FLAG: message"
on stderr naming the flag as typed (``--out``, ``--seed``, ``ID``), never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path

from kernels import backend as backends
from kernels.cli import argparse_error, as_flag
from kernels.errors import InputError

from . import ledger, registry
from .engine import Progress
from .executor import EXECUTORS, DaskOptions, require_dask, run_claims
from .report.build import write_summary
from .spec import SCALES
from .store import RunStore, make_manifest
from .verdict import MEANINGS, VERDICTS


class _Parser(argparse.ArgumentParser):
    def error(self, message):                 # argparse errors are bad input too: exit 2, one line
        raise argparse_error(message)


# Parameter names raised below the CLI (kernels, store) -> the flag the user typed, per subcommand.
FLAGS = {
    "check": {"backend": "--backend", "scale": "--scale", "seed": "--seed", "out": "--out"},
    "report": {"backend": "--backend", "scale": "--scale", "seed": "--seed", "out": "--run-dir"},
    "fuzz": {"seed": "--seed", "out": "--out"},
}


DESCRIPTION = """Numerical checks of the claims of four deep-learning-theory papers.
Each claim has a stable id, paper/label (activation/thm-4.4); a family is the part before the slash
(activation, confusion, overparam, width)."""

SELECTION = """Claims are named by id (activation/thm-4.4), by family (activation, or --family activation) or by a
quoted shell glob over ids ('activation/*', '*/thm-4.*', 'width/thm-1*' for an id and its variants)."""

EXAMPLES = """examples:
  python -m theorems list activation                  the claims of one paper
  python -m theorems check activation/thm-4.4         one claim at quick scale, with its evidence
  python -m theorems check --family width --scale full
  python -m theorems check 'confusion/*' --json       verdicts as JSON
  python -m theorems check --all                      every claim; ends with a tally and the reasons
  python -m theorems report --all --scale quick       measure, then write report.html and report.md
  python -m theorems report --from reports/runs/quick-seed20261123
  python -m theorems report --from reports/runs/full --from reports/runs/quick --out reports/full
  python -m theorems fuzz activation/fact-C.1 --examples 500
  python -m theorems selftest --backend cupy          the GPU backend acceptance check"""


def verdict_meanings() -> str:
    """The verdict definitions as plain text, one per line (the --help epilog and the report use them)."""
    return "verdicts:\n" + "\n".join(textwrap.fill(MEANINGS[v], 100, initial_indent=f"  {v:<14} ",
                                                      subsequent_indent=" " * 17) for v in VERDICTS)


def _sub(sub, name: str, help_text: str, examples: str = "") -> argparse.ArgumentParser:
    epilog = "\n\n".join(x for x in (SELECTION if name in ("check", "list", "report") else "", examples,
                                       verdict_meanings() if name in ("check", "report") else "") if x)
    return sub.add_parser(name, help=help_text, description=help_text[:1].upper() + help_text[1:] + ".",
                          epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m theorems", description=DESCRIPTION,
                epilog=EXAMPLES + "\n\n" + verdict_meanings(), formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)
    ls = _sub(sub, "list", "every catalog claim id with source, kind and status",
              "examples:\n  python -m theorems list\n  python -m theorems list 'overparam/*' --json")
    ls.add_argument("ids", nargs="*", metavar="ID", help="ids, families or globs (default: every claim)")
    ls.add_argument("--family", action="append", default=[], metavar="NAME", help="every claim of a paper family")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--markdown", action="store_true", help="the README's claims table")
    ck = _sub(sub, "check", "run claims and print verdicts with evidence",
              "examples:\n  python -m theorems check activation/thm-4.4\n  python -m theorems check --family width\n"
              "  python -m theorems check --all --scale full --out reports/runs/full")
    ck.add_argument("ids", nargs="*", metavar="ID", help="ids, families or globs")
    ck.add_argument("--family", action="append", default=[], metavar="NAME", help="every claim of a paper family")
    ck.add_argument("--all", action="store_true", help="every implemented claim")
    ck.add_argument("--scale", default="quick", help="quick | full")
    ck.add_argument("--backend", default="auto", help="auto | numpy | cupy")
    ck.add_argument("--seed", default="20261123", help="root seed (integer)")
    ck.add_argument("--out", default=None, help="run directory (default reports/runs/<scale>-seed<seed>)")
    ck.add_argument("--json", action="store_true", help="print a JSON list of verdicts")
    ck.add_argument("--quiet", action="store_true", help="no progress lines")
    ck.add_argument("--replay", action="store_true",
                    help="re-evaluate counterexamples recorded by `fuzz` in --out (default reports/fuzz)")
    _executor_arguments(ck)
    fz = _sub(sub, "fuzz", "fuzz a claim's property with Hypothesis; violations are recorded for --replay",
              "examples:\n  python -m theorems fuzz activation/fact-C.1 --examples 500 --seconds 120\n"
              "  python -m theorems check activation/fact-C.1 --replay --out reports/fuzz")
    fz.add_argument("id", metavar="ID")
    fz.add_argument("--examples", default="200", help="examples to try (default 200)")
    fz.add_argument("--seconds", default="60", help="time budget for generation (default 60)")
    fz.add_argument("--seed", default="0", help="Hypothesis seed (integer)")
    fz.add_argument("--out", default="reports/fuzz", help="run directory for counterexamples (default reports/fuzz)")
    fz.add_argument("--json", action="store_true")
    rp = _sub(sub, "report", "scaling report (HTML + Markdown) of a run, measuring first unless --from",
              "examples:\n  python -m theorems report --all --scale quick --out reports/quick\n"
              "  python -m theorems report --from reports/runs/quick-seed20261123 --out /tmp/r")
    rp.add_argument("ids", nargs="*", metavar="ID", help="ids, families or globs")
    rp.add_argument("--family", action="append", default=[], metavar="NAME", help="every claim of a paper family")
    rp.add_argument("--all", action="store_true", help="every implemented claim")
    rp.add_argument("--scale", default="quick", help="quick | full")
    rp.add_argument("--backend", default="auto", help="auto | numpy | cupy")
    rp.add_argument("--seed", default="20261123", help="root seed (integer)")
    rp.add_argument("--from", dest="from_dir", action="append", default=None, metavar="RUN_DIR",
                    help="build the report from a stored run without measuring; repeat it to combine runs (each "
                         "claim from the first run holding all its records, its scale shown)")
    rp.add_argument("--out", default=None, help="report directory (default reports/<run name>)")
    rp.add_argument("--run-dir", default=None, help="where the measurements go when measuring (default reports/runs/...)")
    rp.add_argument("--quiet", action="store_true",
                    help="no progress lines (by default: claims done of total, the current claim, elapsed time)")
    _executor_arguments(rp)
    return p


def _executor_arguments(p) -> None:
    p.add_argument("--executor", default="serial",
                   help="serial (default) | dask: measurements as tasks on dask.distributed (pip install -e '.[dask]')")
    p.add_argument("--workers", default=None, help="with --executor dask: a local cluster of N worker processes "
                                                    "(default: one per CPU core)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --executor dask: the scheduler of an existing cluster, e.g. tcp://host:8786")


def _dask_options(args) -> DaskOptions | None:
    """The Dask options of a check/report namespace (None for the serial executor), checked before measuring."""
    executor = getattr(args, "executor", "serial")
    workers, scheduler = getattr(args, "workers", None), getattr(args, "scheduler", None)
    if executor not in EXECUTORS:
        raise InputError("--executor", f"must be one of {', '.join(EXECUTORS)} (got {executor!r})")
    if executor != "dask":
        for flag, value in (("--workers", workers), ("--scheduler", scheduler)):
            if value is not None:
                raise InputError(flag, "applies only with --executor dask")
        return None
    if workers is not None and scheduler is not None:
        raise InputError("--workers", "give --workers N (a local cluster) or --scheduler ADDRESS (an existing "
                                      "cluster), not both")
    n = _integer(workers, "--workers", 1) if workers is not None else None
    if scheduler is not None and not scheduler.strip():
        raise InputError("--scheduler", "must be a Dask scheduler address such as tcp://host:8786 (got '')")
    require_dask()
    return DaskOptions(workers=n or os.cpu_count() or 1, scheduler=scheduler)


def _writable_dir(path, flag: str) -> Path:
    """``path`` as a directory that exists (created if needed) and can be written, or an InputError naming ``flag``:
    checked before any measuring, so a bad output path fails at once, not after the measurements."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise InputError(flag, f"{out} is a file; give a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(flag, f"cannot create the directory {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise InputError(flag, f"cannot write to the directory {out} (permission denied)")
    return out


def _patterns(args) -> list[str]:
    """The claim patterns of a namespace: its ids plus one per --family (a family must exist)."""
    fams = registry.families()
    for f in args.family:
        if f not in fams:
            raise InputError("--family", f"must be one of {', '.join(fams)} (got {f!r})")
    return list(args.ids) + list(args.family)


def _cmd_report(args) -> int:
    from .report.build import build_report  # noqa: PLC0415
    claims = registry.implemented()
    patterns = _patterns(args)
    if args.all and patterns:
        raise InputError("ID", "give claim ids, families or --all, not more than one of them")
    selected = [c.id for c in registry.select(patterns)]   # unknown / unimplemented ids are bad input
    if args.from_dir:
        if args.run_dir:
            raise InputError("--run-dir", "is where measurements go; with --from nothing is measured (drop one)")
        for flag, value in (("--executor", args.executor != "serial"), ("--workers", args.workers is not None),
                            ("--scheduler", args.scheduler is not None)):
            if value:
                raise InputError(flag, "runs measurements; with --from nothing is measured (drop one)")
        run = [Path(p) for p in args.from_dir]
        out = _writable_dir(args.out, "--out") if args.out else Path("reports") / run[0].name
        ids = selected or None
    else:
        if not args.all and not patterns:
            raise InputError("ID", "give claim ids, families, or --all, or --from RUN_DIR")
        if args.out:
            out = _writable_dir(args.out, "--out")
        ck = argparse.Namespace(ids=selected, family=[], all=args.all, scale=args.scale, backend=args.backend, seed=args.seed,
                                out=args.run_dir, out_flag="--run-dir", json=False, quiet=args.quiet, replay=False,
                                executor=args.executor, workers=args.workers, scheduler=args.scheduler)
        progress = Progress("report: measuring", 0, quiet=args.quiet, unit="claims")
        run = _run_checks(ck, progress=progress)
        if not args.out:
            out = Path("reports") / run.name
        ids = selected or sorted(claims)
    html_path, md_path = build_report(run, claims, ids, out, quiet=args.quiet, flag="--from" if args.from_dir
                                      else "--run-dir", out_flag="--out")
    print(f"report: {html_path}\nmarkdown: {md_path}")
    return 0


def _cmd_list(args) -> int:
    rows = registry.entries()
    patterns = _patterns(args)
    if patterns:
        wanted = {c.id for c in registry.select(patterns)}
        rows = [r for r in rows if r["id"] in wanted]
    if args.json and args.markdown:
        raise InputError("--markdown", "give --json or --markdown, not both")
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    if args.markdown:
        print(markdown_table(rows))
        return 0
    wid = max((len(r["id"]) for r in rows), default=2)
    kind = max((len(r["kind"]) for r in rows), default=4)
    for r in rows:
        status = "implemented" if r["implemented"] else "-"
        print(f"{r['id']:<{wid}}  {r['kind']:<{kind}}  {status:<11}  {r['source']}")
    impl = sum(r["implemented"] for r in rows)
    print(f"\n{impl} of {len(rows)} claims implemented")
    return 0


def markdown_table(rows=None) -> str:
    rows = rows if rows is not None else registry.entries()
    led = ledger.load()
    out = ["| id | kind | status | ledger verdict (quick) |", "|---|---|---|---|"]
    for r in rows:
        st = "implemented" if r["implemented"] else "not yet"
        v = led.get(r["id"], {}).get("verdict", "")
        out.append(f"| `{r['id']}` | {r['kind']} | {st} | {v} |")
    return "\n".join(out)


def _integer(text: str, flag: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise InputError(flag, f"must be an integer >= {minimum} (got {text!r})") from None
    if value < minimum:
        raise InputError(flag, f"must be an integer >= {minimum} (got {value})")
    return value


def _seed(text: str) -> int:
    try:
        s = int(text)
    except ValueError:
        raise InputError("--seed", f"must be a non-negative integer (got {text!r})") from None
    if s < 0:
        raise InputError("--seed", f"must be a non-negative integer (got {s})")
    return s


def _run_checks(args, echo=None, progress: Progress | None = None) -> Path:
    """Run the claims of a ``check``-style namespace; returns the run directory. ``progress`` (an engine
    Progress) is told before each claim how many are done and which one runs."""
    if args.scale not in SCALES:
        raise InputError("--scale", f"must be one of {', '.join(SCALES)} (got {args.scale!r})")
    seed = _seed(args.seed)
    patterns = _patterns(args)
    if args.all and patterns:
        raise InputError("ID", "give claim ids, families or --all, not more than one of them")
    if not args.all and not patterns:
        raise InputError("ID", "give at least one claim id, family or glob, or --all (see `python -m theorems list`)")
    claims = list(registry.implemented().values()) if args.all else registry.select(patterns)
    dask = _dask_options(args)
    be = backends.select(args.backend)
    out = Path(args.out) if args.out else Path("reports") / "runs" / f"{args.scale}-seed{seed}"
    store = RunStore(out, make_manifest(seed, args.scale, be), flag=getattr(args, "out_flag", "--out"))
    if not args.quiet:
        note = f" ({be.note})" if be.note else ""
        print(f"backend: {be.name} on {be.device}{note}; run directory: {out}", file=sys.stderr)
    verdicts = run_claims(claims, args.scale, store, seed, be, executor="dask" if dask else "serial", dask=dask,
                          quiet=args.quiet, echo=echo, progress=progress)
    summary = write_summary(store, verdicts, registry.implemented())
    if args.json:
        print(json.dumps([v.as_dict() for v in verdicts], indent=1, ensure_ascii=False))
    elif echo is not None and len(verdicts) > 1:
        print(tally(verdicts))
    if not args.json and not args.quiet:
        print(f"summary: {summary}", file=sys.stderr)
    return out


def tally(verdicts) -> str:
    """The closing lines of a multi-claim check: the count per verdict, then each REFUTED and INCONCLUSIVE id
    with its reason in full."""
    counts = {v: sum(x.verdict == v for x in verdicts) for v in VERDICTS}
    lines = ["", f"tally: {len(verdicts)} claims: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])]
    for kind in ("REFUTED", "INCONCLUSIVE"):
        hit = [x for x in verdicts if x.verdict == kind]
        if hit:
            lines += ["", f"{kind}:"] + [f"  {x.id}: {x.reason}" for x in hit]
    return "\n".join(lines)


def _cmd_fuzz(args) -> int:
    from .fuzz import engine as fuzz  # noqa: PLC0415
    examples = _integer(args.examples, "--examples", 1)
    try:
        seconds = float(args.seconds)
    except ValueError:
        raise InputError("--seconds", f"must be a positive number of seconds (got {args.seconds!r})") from None
    if not 0 < seconds < float("inf"):
        raise InputError("--seconds", f"must be a positive number of seconds (got {args.seconds!r})")
    seed = _seed(args.seed)
    fuzz.get_property(args.id)                            # an id without a property: bad input before any work
    _writable_dir(args.out, "--out")
    res = fuzz.run_fuzz(args.id, examples=examples, seconds=seconds, out_dir=args.out, seed=seed)
    if args.json:
        print(json.dumps(res.as_dict(), indent=1, default=str))
    elif res.found:
        print(f"VIOLATION  {args.id}: counterexample recorded in {args.out}/counterexamples.jsonl; "
              f"replay with: python -m theorems check {args.id} --replay --out {args.out}")
    else:
        print(f"no violation of {args.id} in {res.evaluations} evaluations ({res.seconds:.1f}s); "
              f"smallest slack {res.min_slack}")
    return 0


def _cmd_replay(args) -> int:
    from .fuzz import engine as fuzz  # noqa: PLC0415
    if args.all or not args.ids:
        raise InputError("ID", "--replay needs explicit claim ids")
    for i in args.ids:
        fuzz.get_property(i)                              # unknown ids, or ids without a fuzz property
    out = Path(args.out or "reports/fuzz")
    where = "give the directory `python -m theorems fuzz --out DIR` recorded counterexamples in"
    if not out.exists():
        raise InputError("--out", f"{out} does not exist; {where}")
    if not out.is_dir():
        raise InputError("--out", f"{out} is a file; {where}")
    for i in args.ids:
        for n, rec in enumerate(fuzz.recorded(i, out), start=1):
            if "arguments" not in rec:
                raise InputError("--out", f"{out / fuzz.COUNTEREXAMPLES}: record {n} of {i} lacks its 'arguments' "
                                          "(edited or foreign file?); record it again with `python -m theorems fuzz`")
    verdicts = [fuzz.replay_verdict(i, out) for i in args.ids]
    if args.json:
        print(json.dumps([v.as_dict() for v in verdicts], indent=1, ensure_ascii=False))
    else:
        for v in verdicts:
            print(f"{v.verdict:<13}  {v.id:<{max(len(i) for i in args.ids)}}  {v.reason}")
    return 0


def _cmd_check(args) -> int:
    if args.replay:
        return _cmd_replay(args)

    width = max(len(i) for i in registry.implemented())

    def echo(v, c, secs):
        if not args.json:
            print(f"{v.verdict:<13}  {c.id:<{width}}  {secs:7.1f}s  {v.reason}")
    _run_checks(args, echo)
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["selftest"]:                  # the GPU acceptance command has its own parser
        from .selftest import main as selftest_main  # noqa: PLC0415
        return selftest_main(argv[1:])
    command = None
    try:
        args = _parser().parse_args(argv)
        command = args.command
        return {"list": _cmd_list, "check": _cmd_check, "report": _cmd_report,
                "fuzz": _cmd_fuzz}[command](args)
    except InputError as exc:
        exc = as_flag(exc, FLAGS.get(command, {}))
        print("error: " + " ".join(str(exc).split()), file=sys.stderr)       # one line, whatever the message
        return 2
    except KeyboardInterrupt:
        print("interrupted: measurements so far are stored; rerun the same command to resume", file=sys.stderr)
        return 130
