"""``python -m theorems`` (console script ``nnclaims``): list claims, check them, write a summary.

Exit status: 0 when the checks ran (whatever the verdicts), 2 on bad input (one-line error).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kernels import backend as backends
from kernels.errors import InputError

from . import ledger, registry
from .engine import run_claim
from .report import write_summary
from .spec import SCALES
from .store import RunStore, make_manifest


class _Parser(argparse.ArgumentParser):
    def error(self, message):                 # argparse errors are bad input too: exit 2, one line
        raise InputError("arguments", message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m theorems", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ls = sub.add_parser("list", help="every catalog claim id with source, kind and status")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--markdown", action="store_true", help="the README's claims table")
    ck = sub.add_parser("check", help="run claims and print verdicts with evidence")
    ck.add_argument("ids", nargs="*", metavar="ID")
    ck.add_argument("--all", action="store_true", help="every implemented claim")
    ck.add_argument("--scale", default="quick", help="quick | full")
    ck.add_argument("--backend", default="auto", help="auto | numpy | cupy")
    ck.add_argument("--seed", default="20261123", help="root seed (integer)")
    ck.add_argument("--out", default=None, help="run directory (default reports/runs/<scale>-seed<seed>)")
    ck.add_argument("--json", action="store_true", help="print a JSON list of verdicts")
    ck.add_argument("--quiet", action="store_true", help="no progress lines")
    return p


def _cmd_list(args) -> int:
    rows = registry.entries()
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    if args.markdown:
        print(markdown_table(rows))
        return 0
    for r in rows:
        status = "implemented" if r["implemented"] else "-"
        print(f"{r['id']:<34} {r['kind'][:28]:<28} {status:<12} {r['source'][:60]}")
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


def _seed(text: str) -> int:
    try:
        s = int(text)
    except ValueError:
        raise InputError("--seed", f"must be a non-negative integer (got {text!r})") from None
    if s < 0:
        raise InputError("--seed", f"must be a non-negative integer (got {s})")
    return s


def _cmd_check(args) -> int:
    if args.scale not in SCALES:
        raise InputError("--scale", f"must be one of {', '.join(SCALES)} (got {args.scale!r})")
    seed = _seed(args.seed)
    if args.all and args.ids:
        raise InputError("ID", "give claim ids or --all, not both")
    if not args.all and not args.ids:
        raise InputError("ID", "give at least one claim id, or --all (see `python -m theorems list`)")
    claims = list(registry.implemented().values()) if args.all else [registry.get(i) for i in args.ids]
    be = backends.select(args.backend)
    out = Path(args.out) if args.out else Path("reports") / "runs" / f"{args.scale}-seed{seed}"
    store = RunStore(out, make_manifest(seed, args.scale, be))
    if not args.quiet:
        note = f" ({be.note})" if be.note else ""
        print(f"backend: {be.name} on {be.device}{note}; run directory: {out}", file=sys.stderr)
    verdicts = []
    for c in claims:
        t0 = time.monotonic()
        v = run_claim(c, args.scale, store, seed, be, quiet=args.quiet)
        verdicts.append(v)
        if not args.json:
            print(f"{v.verdict:<13} {c.id:<32} {time.monotonic() - t0:6.1f}s  {v.reason[:160]}")
    summary = write_summary(store, verdicts, registry.implemented())
    if args.json:
        print(json.dumps([v.as_dict() for v in verdicts], indent=1, ensure_ascii=False))
    elif not args.quiet:
        print(f"summary: {summary}", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    try:
        args = _parser().parse_args(argv)
        return {"list": _cmd_list, "check": _cmd_check}[args.command](args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: measurements so far are stored; rerun the same command to resume", file=sys.stderr)
        return 130
