"""A Markdown summary of a run (``summary.md`` in the run directory): one row per claim, then evidence.

The full scaling report with plots (HTML + Markdown) belongs to issue 7; this page is the
minimal report the main job writes.
"""
from __future__ import annotations

import json
from pathlib import Path


def _fit_cells(v) -> str:
    cells = []
    def walk(ev):
        if isinstance(ev, dict):
            if "fit" in ev and "printed_exponent" in ev:
                f = ev["fit"]
                cells.append(f"{f['slope']:.3g} [{f['lo']:.3g}, {f['hi']:.3g}] vs {ev['printed_exponent']:g}")
            for val in ev.values():
                walk(val)
    walk(v.evidence)
    return "; ".join(cells[:4]) + (" …" if len(cells) > 4 else "")


def write_summary(store, verdicts, claims) -> Path:
    m = store.manifest
    lines = [f"# Claims check: scale {m['scale']}, seed {m['root_seed']}", "",
             f"backend {m['backend']} on {m['device']}; version {m['version']}, commit {m['git_commit'][:12]}", "",
             "| id | source | kind | verdict | fitted vs printed exponent | seconds |", "|---|---|---|---|---|---|"]
    for v in verdicts:
        c = claims[v.id]
        lines.append(f"| `{v.id}` | {c.source} | {c.kind} | **{v.verdict}** | {_fit_cells(v)} | "
                     f"{v.evidence.get('seconds', '')} |")
    lines.append("")
    for v in verdicts:
        lines += [f"## {v.id}: {v.verdict}", "", f"*Statement:* {claims[v.id].statement}", "",
                  f"*Why:* {v.reason}", "", f"*Confidence:* {v.confidence}", ""]
        if v.counterexample:
            lines += ["*Counterexample:*", "", "```json", json.dumps(v.counterexample, indent=1, default=str)[:4000],
                      "```", ""]
    path = Path(store.dir) / "summary.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
