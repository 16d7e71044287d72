"""Reports of a run: ``summary.md`` (written by ``check``) and the scaling report
(``python -m theorems report``): one self-contained HTML page and a Markdown twin with a summary
table (id, source, kind, verdict, printed vs fitted rate with its CI, minimum slack, run time) and,
per claim, plots of the measurements with the fitted and the printed law, the evidence and the seed.

A report is rebuilt from a stored run directory without measuring anything again: the verdicts are
re-evaluated from the stored records by the same verdict engine. The numbers of the table and the plots
are read by name from the typed evidence records (``theorems.evidence``) the checks write.

Only the records of each claim's current grid are read (by point key); a claim with fewer records than
its grid holds (an interrupted run) is reported INCONCLUSIVE with the reason "incomplete run: N of M
measurements", never judged on the part that was measured. Seconds are the total measurement time of
the records.
"""
from __future__ import annotations

import base64
import html
import json
import math
import re
from collections import defaultdict
from pathlib import Path

import numpy as np

from kernels.errors import InputError

from ..engine import Progress, measured_seconds
from ..evidence import (
    AllOfEvidence,
    BoundEvidence,
    CheckEvidence,
    GeometricRateEvidence,
    PredicateSummary,
    ReplaySummary,
    ScalingEvidence,
    ScalingFit,
)
from ..reading import FIELDS, TITLES
from ..store import code_fingerprint, current_records, read_run
from ..verdict import INCONCLUSIVE, AllOf, HighProbabilityBound, Scaling, Verdict, select
from . import plots

# ---------------------------------------------------------------- table cells

SLACK_KEYS = ("min_slack", "margin")     # the measured values that are signed margins of a statement


def _leaves(v: Verdict) -> list[CheckEvidence]:
    return list(v.check_evidence.leaves()) if v.check_evidence is not None else []


def scaling_fits(v: Verdict) -> list[ScalingFit]:
    """The fitted exponents of every Scaling group of the verdict, in check and group order."""
    return [g for e in _leaves(v) if isinstance(e, ScalingEvidence) for g in e.fits()]


def fit_cell(v: Verdict) -> str:
    """The summary cell "fitted [95% CI] vs printed" of every Scaling group (the first four)."""
    def num(x):
        return "?" if x is None else f"{x:.3g}"
    cells = [f"{num(g.slope)} [{num(g.lo)}, {num(g.hi)}] vs {g.printed_exponent:g}"
             for g in scaling_fits(v) if g.slope is not None]
    return "; ".join(cells[:4]) + (" …" if len(cells) > 4 else "")


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _row_slacks(row) -> list[float]:
    """The slack values (``SLACK_KEYS``) of a measured row, at any depth of its nested values."""
    out = []
    if isinstance(row, dict):
        out += [float(row[k]) for k in SLACK_KEYS if _number(row.get(k))]
        for val in row.values():
            out += _row_slacks(val)
    elif isinstance(row, list):
        for val in row:
            out += _row_slacks(val)
    return out


def slacks(v: Verdict) -> list[float]:
    """Every signed slack of the verdict's evidence: the bound's smallest slack per rate row, the replayed
    counterexamples' smallest slack, and the slack/margin values among a predicate's measured rows."""
    vals = []
    for e in _leaves(v):
        if isinstance(e, BoundEvidence):
            vals += [float(r.min_slack) for g in e.groups for r in g.rows if _number(r.min_slack)]
        elif isinstance(e, ReplaySummary):
            vals += [float(e.min_slack)] if _number(e.min_slack) else []
        elif isinstance(e, PredicateSummary):
            vals += _row_slacks(list(e.rows))
        elif not isinstance(e, (ScalingEvidence, GeometricRateEvidence, AllOfEvidence)):
            raise TypeError(f"{v.id}: the report does not know the evidence {type(e).__name__}")
    return vals


def min_slack_cell(v: Verdict) -> str:
    """The summary cell: the smallest slack of ``slacks(v)``, blank when there is none."""
    vals = slacks(v)
    return f"{min(vals):.3g}" if vals else ""


def _power_short(p: dict) -> str:
    kind = p.get("kind")
    if kind == "all_of":
        return "; ".join(_power_short(q) for q in p.get("parts", ()))
    if kind == "scaling":
        sides = [f"> {p['refutes_above']:.3g}" if p.get("refutes_above") is not None else "",
                 f"< {p['refutes_below']:.3g}" if p.get("refutes_below") is not None else ""]
        return "refutes exponents " + " or ".join(x for x in sides if x)
    if kind == "bound":
        t = "" if p.get("tightness") is None else f"tightness {p['tightness']:.3g}, "
        return f"{t}failure rate <= {p['rate_upper95']:.3g}"
    if kind == "geometric":
        return f"refutes log rho > {p['refutes_above']:.3g}"
    if kind == "predicate":
        return f"{p['checked']} applicable records"
    return ""


def power_cell(v: Verdict) -> str:
    """The summary cell of a CONFIRMED's power (theorems.power): what the records would have refuted, short;
    "weak: ..." when they could not refute anything meaningfully stronger than the printed statement."""
    if not v.power:
        return ""
    short = _power_short(v.power)
    return f"weak: {short}" if v.power.get("weak") else short


def reading_html(reading) -> str:
    if reading is None:
        return ""
    items = "".join(f"<dt>{html.escape(TITLES[k])}</dt><dd>{html.escape(getattr(reading, k))}</dd>" for k in FIELDS)
    return f"<details><summary>Reading record</summary><dl>{items}</dl></details>"


def reading_md(reading) -> list[str]:
    if reading is None:
        return []
    return ["*Reading record:*", ""] + [f"- **{TITLES[k]}:** {getattr(reading, k)}" for k in FIELDS] + [""]


def inapplicable_lines(v: Verdict) -> list[str]:
    """One line per point left out because its data violate the claim's assumptions."""
    return [f"{json.dumps(row['point'], default=str)}: {row['reason']}" for row in v.inapplicable]


def write_summary(store, verdicts, claims) -> Path:
    m = store.manifest
    lines = [f"# Claims check: scale {m['scale']}, seed {m['root_seed']}", "",
             f"backend {m['backend']} on {m['device']}; version {m['version']}, commit {m['git_commit'][:12]}", "",
             "| id | source | kind | verdict | power | fitted vs printed exponent | seconds |",
             "|---|---|---|---|---|---|---|"]
    for v in verdicts:
        c = claims[v.id]
        lines.append(f"| `{v.id}` | {c.source} | {c.kind} | **{v.verdict}** | {power_cell(v)} | {fit_cell(v)} | "
                     f"{v.run.seconds if v.run else ''} |")
    lines.append("")
    for v in verdicts:
        lines += [f"## {v.id}: {v.verdict}", "", f"*Statement:* {claims[v.id].statement}", "",
                  f"*Why:* {v.reason}", "", f"*Confidence:* {v.confidence}", ""]
        if v.power:
            lines += [f"*Power:* {v.power['sentence']}", ""]
        if v.inapplicable:
            lines += ["*Points left out (data violate the assumptions):*", "",
                      *[f"- {x}" for x in inapplicable_lines(v)], ""]
        if v.counterexample:
            lines += ["*Counterexample:*", "", "```json", json.dumps(v.counterexample, indent=1, default=str)[:4000],
                      "```", ""]
    path = Path(store.dir) / "summary.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# ---------------------------------------------------------------- plots

def _group_key(point: dict, keys) -> tuple:
    return tuple((k, point.get(k)) for k in keys)


def _scaling_plots(chk: Scaling, records: list[dict], ev: ScalingEvidence) -> list[tuple[str, str]]:
    fits = {g.label: g for g in ev.fits()}
    groups = defaultdict(list)
    for r in records:
        groups[_group_key(r["point"], chk.group_by)].append(r)
    out = []
    for key, recs in groups.items():
        label = ", ".join(f"{k}={v}" for k, v in key) or "all"
        by_x = defaultdict(list)
        for r in recs:
            y = r["values"].get(chk.y)
            if isinstance(y, (int, float)) and not isinstance(y, bool) and y > 0 and math.isfinite(y):
                by_x[r["point"][chk.x]].append(float(y))
        xs = sorted(by_x)
        if not xs:
            continue
        tx = (lambda x: x) if chk.transform is None else (lambda x, g=dict(key): chk.transform(x, g))
        gm = [float(np.exp(np.mean(np.log(by_x[x])))) for x in xs]
        series = [{"label": f"measured ({chk.y}), bars: range over seeds", "x": [tx(x) for x in xs], "y": gm,
                   "lo": [min(by_x[x]) for x in xs], "hi": [max(by_x[x]) for x in xs], "kind": "points"}]
        fit = fits.get(label)
        if fit is not None and fit.slope is not None and fit.intercept is not None:
            grid = np.linspace(min(xs), max(xs), 50) if chk.transform is not None else \
                np.geomspace(min(xs), max(xs), 50)
            if chk.transform is None:
                law = lambda x, b: np.exp(fit.intercept) * x ** b  # noqa: E731
            else:
                law = lambda x, b: np.exp(fit.intercept + b * tx(x))  # noqa: E731
            series.append({"label": f"fitted exponent {fit.slope:.3g} [{fit.lo:.3g}, {fit.hi:.3g}]",
                           "x": [tx(x) for x in grid], "y": [float(law(x, fit.slope)) for x in grid], "kind": "line"})
            anchor = xs[-1] if chk.limit == "inf" else xs[0]
            a_y = gm[xs.index(anchor)]
            scale = a_y / float(law(anchor, chk.printed))
            series.append({"label": f"printed exponent {chk.printed:g} (anchored at x={anchor:g})",
                           "x": [tx(x) for x in grid], "y": [scale * float(law(x, chk.printed)) for x in grid],
                           "kind": "line", "dash": True})
        xlabel = chk.x if chk.transform is None else f"t = {chk.transform.__doc__ or 't(x)'} (x = {chk.x})"
        svg = plots.plot(series, f"{chk.y} vs {chk.x}: {label}", xlabel, chk.y,
                           xlog=chk.transform is None, ylog=True)
        out.append((f"{chk.y} vs {chk.x} ({label})", svg))
    return out


def _hpb_plots(chk: HighProbabilityBound, ev: BoundEvidence) -> list[tuple[str, str]]:
    out = []
    for group in ev.groups:
        rows, label = group.rows, group.label
        if not rows:
            continue
        xs = [r.x for r in rows]
        series = [{"label": "violation rate, bars: 95% Clopper-Pearson", "x": xs, "y": [r.rate for r in rows],
                   "lo": [r.rate_ci95[0] for r in rows], "hi": [r.rate_ci95[1] for r in rows], "kind": "points"}]
        out.append((f"violation rate vs {chk.along} ({label})",
                    plots.plot(series, f"P({chk.lhs} {'<' if chk.sense == '>=' else '>'} {chk.rhs}): {label}",
                                 chk.along, "violation rate", xlog=True, ylog=False)))
    return out


def plots_for(check, records: list[dict], evidence: CheckEvidence) -> list[tuple[str, str]]:
    """The plots of a check's evidence: a Scaling's measurements with the fitted and the printed law per group,
    a HighProbabilityBound's violation rates; an AllOf's parts in order. Other checks have none."""
    records = select(records, getattr(check, "where", None))
    if isinstance(check, Scaling):
        return _scaling_plots(check, records, evidence)
    if isinstance(check, HighProbabilityBound):
        return _hpb_plots(check, evidence)
    if isinstance(check, AllOf):
        out = []
        for chk, part in zip(check.checks, evidence.parts):
            out += plots_for(chk, records, part)
        return out
    return []


# ---------------------------------------------------------------- the report

def _slug(cid: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", cid).strip("-")


_CHECK_SCRIPT = """<script>
window.__errors = [];
window.addEventListener('error', function (e) { window.__errors.push(String(e.message || e)); });
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).length;
  document.body.setAttribute('data-images', String(imgs.length));
  document.body.setAttribute('data-broken-images', String(broken));
  document.body.setAttribute('data-script-errors', String(window.__errors.length));
  document.body.setAttribute('data-render', (broken === 0 && window.__errors.length === 0) ? 'ok' : 'broken');
});
</script>"""


INCOMPLETE = "incomplete run"


def judge_stored(claim, records: list[dict], scale: str, resume: str = "") -> tuple[Verdict, list[dict], bool]:
    """(verdict, records, complete) of a claim from the stored records of a run at ``scale``: only the
    records of the claim's current grid count; when some are missing the verdict is INCONCLUSIVE with the
    reason "incomplete run: N of M measurements" and no evidence (a part of a grid is neither judged nor
    fitted: a fit of the first points alone would read like a result)."""
    keys = claim.point_keys(scale)
    reps = claim.reps(scale)
    recs = current_records(records, {k: i for i, k in enumerate(keys)}, reps)
    expected = len(keys) * reps
    if len(recs) >= expected:
        return claim.check.evaluate(claim.id, recs), recs, True
    reason = (f"{INCOMPLETE}: {len(recs)} of {expected} measurements; not judged on the part measured"
              + (f" (resume with `{resume}`)" if resume else ""))
    return Verdict(claim.id, INCONCLUSIVE, reason, "none: the run was interrupted"), recs, False


def build_report(run_dir, claims: dict, ids=None, out_dir=None, *, quiet: bool = False, flag: str = "--from",
                 out_flag: str = "--out") -> tuple[Path, Path]:
    """Write report.html and report.md for a stored run; returns their paths.

    ``claims``: id -> Claim (the registry); ``ids``: the claims to report (default: every claim the run holds).
    Progress (claims done of total, the current claim, elapsed time) goes to stderr unless ``quiet``. A bad
    run directory is an ``InputError`` naming ``flag``; an output directory that cannot be written one naming
    ``out_flag``."""
    run_dir = Path(run_dir)
    manifest, all_records = read_run(run_dir, flag)
    records = defaultdict(list)
    for r in all_records:
        records[r["claim"]].append(r)
    wanted = set(ids) if ids else set(records) | set(manifest.get("claims") or {})
    ids = [i for i in claims if i in wanted]          # registry order, whatever the source
    out_dir = Path(out_dir) if out_dir else run_dir / "report"
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(out_flag, f"{out_dir} is a file; give a directory for the report")
    try:
        (out_dir / "plots").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out_flag, f"cannot create the report directory {out_dir}: {exc.strerror or exc}") from None
    scale = manifest["scale"]
    prog = Progress("report", len(ids), quiet=quiet, unit="claims")
    rows, sections_html, sections_md = [], [], []
    incomplete = 0
    for k, cid in enumerate(ids):
        prog.update(k, current=cid)
        c = claims[cid]
        repro = (f"python -m theorems check {cid} --scale {scale} --seed {manifest['root_seed']} "
                 f"--backend {manifest['backend']}")
        v, recs, complete = judge_stored(c, records[cid], scale, resume=f"{repro} --out {run_dir}")
        incomplete += not complete
        secs = measured_seconds(recs)
        if complete:
            rows.append((cid, c.source, c.kind, v.verdict, fit_cell(v), min_slack_cell(v), secs, power_cell(v)))
        else:             # no fitted rate nor slack of a part: the row says what is missing
            rows.append((cid, c.source, c.kind, v.verdict, v.reason.split(";")[0], "", secs, ""))
        plots = plots_for(c.check, recs, v.check_evidence) if complete else []
        imgs_html, imgs_md = [], []
        for j, (title, svg) in enumerate(plots):
            name = f"{_slug(cid)}-{j + 1}.svg"
            (out_dir / "plots" / name).write_text(svg, encoding="utf-8")
            b64 = base64.b64encode(svg.encode()).decode()
            imgs_html.append(f'<figure><img alt="{html.escape(title)}" src="data:image/svg+xml;base64,{b64}">'
                             f"<figcaption>{html.escape(title)}</figcaption></figure>")
            imgs_md.append(f"![{title}](plots/{name})")
        ev_json = json.dumps(v.as_dict()["evidence"], indent=1, default=str)
        if len(ev_json) > 20000:
            ev_json = ev_json[:20000] + "\n… (truncated; the full records are in results.jsonl)"
        ce = json.dumps(v.as_dict()["counterexample"], indent=1, default=str) if v.counterexample else ""
        sections_html.append(
            f'<section id="{_slug(cid)}"><h2>{html.escape(cid)}: <span class="v {v.verdict}">{v.verdict}</span></h2>'
            f"<p><b>Source:</b> {html.escape(c.source)}<br><b>Statement:</b> {html.escape(c.statement)}</p>"
            f"<p><b>Why:</b> {html.escape(v.reason)}</p><p><b>Confidence:</b> {html.escape(v.confidence)}</p>"
            + (f"<p><b>Power:</b> {html.escape(v.power['sentence'])}</p>" if v.power else "")
            + ("<details open><summary>Points left out (data violate the assumptions)</summary><ul>"
               + "".join(f"<li>{html.escape(x)}</li>" for x in inapplicable_lines(v)) + "</ul></details>"
               if v.inapplicable else "")
            + reading_html(c.reading)
            + "".join(imgs_html)
            + (f"<details open><summary>Counterexample</summary><pre>{html.escape(ce)}</pre></details>" if ce else "")
            + f"<p><b>Reproduce:</b> <code>{html.escape(repro)}</code></p>"
            f"<details><summary>Evidence</summary><pre>{html.escape(ev_json)}</pre></details></section>")
        sections_md.append("\n".join(
            [f"## {cid}: {v.verdict}", "", f"*Source:* {c.source}", "", f"*Statement:* {c.statement}", "",
             f"*Why:* {v.reason}", "", f"*Confidence:* {v.confidence}", ""]
            + ([f"*Power:* {v.power['sentence']}", ""] if v.power else [])
            + (["*Points left out (data violate the assumptions):*", "", *[f"- {x}" for x in inapplicable_lines(v)],
                ""] if v.inapplicable else [])
            + reading_md(c.reading) + [*imgs_md, ""]
            + (["*Counterexample:*", "", "```json", ce[:4000], "```", ""] if ce else [])
            + [f"*Reproduce:* `{repro}`", ""]))
    head = (f"scale {manifest['scale']}, root seed {manifest['root_seed']}, backend {manifest['backend']} on "
            f"{manifest['device']}, version {manifest['version']}, commit {str(manifest['git_commit'])[:12]}, "
            f"run {manifest.get('created', '')}")
    if manifest.get("code_fingerprint") != code_fingerprint():
        head += (f"; measured by code {str(manifest.get('code_fingerprint'))[:12]}, judged by the checks of code "
                 f"{code_fingerprint()[:12]}")
    counts = defaultdict(int)
    for r in rows:
        counts[r[3]] += 1
    tally = ", ".join(f"{k}: {counts[k]}" for k in ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE") if counts[k])
    if incomplete:
        tally += f" ({incomplete} of them not judged: incomplete run)"
    table_html = "".join(
        f'<tr><td><a href="#{_slug(r[0])}">{html.escape(r[0])}</a></td><td>{html.escape(r[1])}</td>'
        f'<td>{html.escape(r[2])}</td><td class="v {r[3]}">{r[3]}</td><td>{html.escape(r[7])}</td>'
        f"<td>{html.escape(r[4])}</td><td>{html.escape(r[5])}</td><td>{r[6]}</td></tr>" for r in rows)
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Claims report</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 6px;font-size:13px;vertical-align:top}}.v{{font-weight:bold}}
.CONFIRMED{{color:#1a7f37}}.REFUTED{{color:#cf222e}}.INCONCLUSIVE{{color:#9a6700}}.NOT_CHECKABLE{{color:#57606a}}
figure{{display:inline-block;margin:4px}}pre{{max-height:400px;overflow:auto;background:#f6f8fa;font-size:12px}}</style>
{_CHECK_SCRIPT}</head><body><h1>Claims report</h1><p>{html.escape(head)}</p><p>{html.escape(tally)}</p>
<table><tr><th>id</th><th>source</th><th>kind</th><th>verdict</th><th>power (what the records would refute)</th>
<th>fitted vs printed rate (95% CI)</th>
<th>min slack</th><th>seconds</th></tr>{table_html}</table>{''.join(sections_html)}</body></html>"""
    hpath = out_dir / "report.html"
    hpath.write_text(page, encoding="utf-8")
    md = ["# Claims report", "", head, "", tally, "",
          "| id | source | kind | verdict | power (what the records would refute) | fitted vs printed rate (95% CI) "
          "| min slack | seconds |",
          "|---|---|---|---|---|---|---|---|"]
    md += [f"| `{r[0]}` | {r[1]} | {r[2]} | **{r[3]}** | {r[7]} | {r[4]} | {r[5]} | {r[6]} |" for r in rows]
    md += ["", *sections_md]
    mpath = out_dir / "report.md"
    mpath.write_text("\n".join(md), encoding="utf-8")
    prog.update(len(ids))
    return hpath, mpath
