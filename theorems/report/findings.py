"""The findings that open the report (and the README): what the papers get wrong, then the confirmed claims
with how tight they are, then the rest.

- "What the papers get wrong": every REFUTED catalog id (a printed statement), one line on why, the decisive
  counterexample with its numbers, and the verdicts of its variants (the corrected statements or other
  readings, ids ``<id>/<suffix>``). REFUTED variants follow in their own table.
- "Confirmed, and how tight": every CONFIRMED id with its decisive fit (fitted vs printed) and its power.
- "The rest": INCONCLUSIVE and NOT_CHECKABLE ids with their reasons.

The one line on why is the reviewed ledger reason (``theorems/ledger.json``) where the ledger agrees with the
verdict at hand, else the first clause of the verdict's own reason.
"""
from __future__ import annotations

import html

from .. import catalog, ledger
from ..verdict import CONFIRMED, INCONCLUSIVE, NOT_CHECKABLE, REFUTED, Verdict
from .cells import counterexample_text, fit_cell, power_cell


def _why(v: Verdict) -> str:
    """The reviewed ledger reason (its full-scale entry first, where one is recorded) that matches the verdict,
    else the first clause of the verdict's own reason."""
    entry = ledger.load().get(v.id) or {}
    for e in (entry.get("full"), entry):
        if e and e.get("verdict") == v.verdict:
            return e["reason"]
    return v.reason.split(" | ")[0].split("; ")[0]


def findings(verdicts: list[Verdict], claims: dict) -> dict:
    """The findings as rows: {"wrong": [...], "wrong_readings": [...], "confirmed": [...], "rest": [...]}."""
    known = {e["id"] for e in catalog.load()}
    by_id = {v.id: v for v in verdicts}
    out = {"wrong": [], "wrong_readings": [], "confirmed": [], "rest": []}
    for v in verdicts:
        c = claims[v.id]
        if v.verdict == REFUTED:
            variants = [f"{w.id.split('/', 2)[-1]}: {w.verdict}" for w in verdicts
                        if w.id.startswith(v.id + "/")]
            row = {"id": v.id, "statement": c.statement, "why": _why(v),
                   "counterexample": counterexample_text(c.check, v), "variants": "; ".join(variants) or "none"}
            if v.id in known:
                out["wrong"].append(row)
            else:
                parent = v.id.rsplit("/", 1)[0]
                row["parent"] = f"{parent}: {by_id[parent].verdict}" if parent in by_id else parent
                out["wrong_readings"].append(row)
        elif v.verdict == CONFIRMED:
            out["confirmed"].append({"id": v.id, "fit": fit_cell(c.check, v) or "(no fitted rate)",
                                     "power": power_cell(v)})
        elif v.verdict in (INCONCLUSIVE, NOT_CHECKABLE):
            out["rest"].append({"id": v.id, "verdict": v.verdict, "why": v.reason})
    return out


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def findings_markdown(f: dict, heading: str = "##") -> list[str]:
    lines = [f"{heading} What the papers get wrong", ""]
    if f["wrong"]:
        lines += ["| printed statement | why it fails | decisive counterexample | variants |", "|---|---|---|---|"]
        lines += [f"| `{r['id']}`: {_md_cell(r['statement'])} | {_md_cell(r['why'])} | {_md_cell(r['counterexample'])} "
                  f"| {_md_cell(r['variants'])} |" for r in f["wrong"]]
    else:
        lines.append("No printed statement was refuted in this run.")
    if f["wrong_readings"]:
        lines += ["", "Readings and variants that fail (the printed id's own verdict is given beside each):", "",
                  "| variant | printed id | why it fails | decisive counterexample |", "|---|---|---|---|"]
        lines += [f"| `{r['id']}` | {_md_cell(r['parent'])} | {_md_cell(r['why'])} | {_md_cell(r['counterexample'])} |"
                  for r in f["wrong_readings"]]
    lines += ["", f"{heading} Confirmed, and how tight", "",
              "| id | decisive fit: fitted [95% CI] vs printed | power: what the same records would refute |",
              "|---|---|---|"]
    lines += [f"| `{r['id']}` | {_md_cell(r['fit'])} | {_md_cell(r['power'])} |" for r in f["confirmed"]]
    lines += ["", f"{heading} The rest", ""]
    if f["rest"]:
        lines += ["| id | verdict | why |", "|---|---|---|"]
        lines += [f"| `{r['id']}` | {r['verdict']} | {_md_cell(r['why'])} |" for r in f["rest"]]
    else:
        lines.append("Every claim was decided.")
    return lines + [""]


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def _link(cid: str, slug) -> str:
    return f'<a href="#{slug(cid)}"><code>{html.escape(cid)}</code></a>'


def findings_html(f: dict, slug) -> str:
    e = html.escape
    parts = ["<h2>What the papers get wrong</h2>"]
    if f["wrong"]:
        parts.append(_table(["printed statement", "why it fails", "decisive counterexample", "variants"],
                            [[f"{_link(r['id'], slug)}: {e(r['statement'])}", e(r["why"]), e(r["counterexample"]),
                              e(r["variants"])] for r in f["wrong"]]))
    else:
        parts.append("<p>No printed statement was refuted in this run.</p>")
    if f["wrong_readings"]:
        parts.append("<p>Readings and variants that fail (the printed id's own verdict is given beside each):</p>")
        parts.append(_table(["variant", "printed id", "why it fails", "decisive counterexample"],
                            [[_link(r["id"], slug), e(r["parent"]), e(r["why"]), e(r["counterexample"])]
                             for r in f["wrong_readings"]]))
    parts.append("<h2>Confirmed, and how tight</h2>")
    parts.append(_table(["id", "decisive fit: fitted [95% CI] vs printed", "power: what the same records would refute"],
                        [[_link(r["id"], slug), e(r["fit"]), e(r["power"])] for r in f["confirmed"]]))
    parts.append("<h2>The rest</h2>")
    parts.append(_table(["id", "verdict", "why"], [[_link(r["id"], slug), e(r["verdict"]), e(r["why"])]
                                                   for r in f["rest"]]) if f["rest"] else
                 "<p>Every claim was decided.</p>")
    return "".join(parts)
