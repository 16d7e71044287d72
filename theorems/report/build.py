"""Reports of a run: ``summary.md`` (written by ``check``) and the scaling report (``python -m theorems report``):
one self-contained HTML page and a Markdown twin.

The report opens with the findings (``theorems.report.findings``: what the papers get wrong, the confirmed
claims with how tight they are, the rest), then what the verdicts mean, then a table of every claim (verdict,
power, the decisive fit labelled with its group and the direction allowed, minimum slack, run time), then
each claim: statement, reason, power, the direction and slack convention of its check, one labelled row per
fit with the number of points behind it (``theorems.report.cells``), the points left out, the reading record,
the matplotlib figures (``theorems.report.figures``, embedded as SVG), the counterexample and the command
that reproduces it.

A report is rebuilt from a stored run directory without measuring anything again: the verdicts are
re-evaluated from the stored records by the same verdict engine. The numbers are read by name from the typed
evidence records (``theorems.evidence``) the checks write.

Only the records of each claim's current grid are read (by point key); a claim with fewer records than
its grid holds (an interrupted run) is reported INCONCLUSIVE with the reason "incomplete run: N of M
measurements", never judged on the part that was measured. Seconds are the total measurement time of
the records.
"""
from __future__ import annotations

import base64
import html
import json
import re
from collections import defaultdict
from pathlib import Path

from kernels.errors import InputError

from ..engine import Progress, measured_seconds
from ..reading import FIELDS, TITLES
from ..store import code_fingerprint, current_records, read_run
from ..verdict import INCONCLUSIVE, MEANINGS, VERDICTS, Verdict
from .cells import (
    convention,
    fit_cell,
    fit_rows,
    inapplicable_lines,
    leaf_checks,
    min_slack_cell,
    power_cell,
)
from .figures import figures_for, to_svg
from .findings import findings, findings_html, findings_markdown

# ---------------------------------------------------------------- per-claim pieces

def reading_html(reading) -> str:
    if reading is None:
        return ""
    items = "".join(f"<dt>{html.escape(TITLES[k])}</dt><dd>{html.escape(getattr(reading, k))}</dd>" for k in FIELDS)
    return f"<details><summary>Reading record</summary><dl>{items}</dl></details>"


def reading_md(reading) -> list[str]:
    if reading is None:
        return []
    return ["*Reading record:*", ""] + [f"- **{TITLES[k]}:** {getattr(reading, k)}" for k in FIELDS] + [""]


def conventions(check) -> list[str]:
    """The direction and slack convention of each single check of ``check``, numbered when there are several."""
    chks = leaf_checks(check)
    return [(f"part {i}: " if len(chks) > 1 else "") + convention(c) for i, c in enumerate(chks, start=1)]


FIT_HEAD = ("part", "quantity", "group", "fitted [95% CI]", "printed", "allowed", "points")


def _fit_table_md(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    out = ["| " + " | ".join(FIT_HEAD) + " |", "|" + "---|" * len(FIT_HEAD)]
    out += ["| " + " | ".join(str(r.get(k, "")) for k in ("part", "quantity", "group", "fitted", "printed", "allowed",
                                                           "points")) + " |" for r in rows]
    return out + [""]


def _fit_table_html(rows: list[dict]) -> str:
    if not rows:
        return ""
    th = "".join(f"<th>{h}</th>" for h in FIT_HEAD)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r.get(k, '')))}</td>" for k in
                                    ("part", "quantity", "group", "fitted", "printed", "allowed", "points")) + "</tr>"
                   for r in rows)
    return f'<table class="fits"><tr>{th}</tr>{body}</table>'


VERDICT_DEFINITIONS = [f"**{v}**: {MEANINGS[v]}." for v in VERDICTS]


def write_summary(store, verdicts, claims) -> Path:
    m = store.manifest
    lines = [f"# Claims check: scale {m['scale']}, seed {m['root_seed']}", "",
             f"backend {m['backend']} on {m['device']}; version {m['version']}, commit {m['git_commit'][:12]}", "",
             "| id | source | kind | verdict | power | fitted vs printed exponent | seconds |",
             "|---|---|---|---|---|---|---|"]
    for v in verdicts:
        c = claims[v.id]
        lines.append(f"| `{v.id}` | {c.source} | {c.kind} | **{v.verdict}** | {power_cell(v)} | "
                     f"{fit_cell(c.check, v)} | {v.run.seconds if v.run else ''} |")
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


def _run_head(manifest: dict) -> str:
    head = (f"scale {manifest['scale']}, root seed {manifest['root_seed']}, backend {manifest['backend']} on "
            f"{manifest['device']}, version {manifest['version']}, commit {str(manifest['git_commit'])[:12]}, "
            f"run {manifest.get('created', '')}")
    if manifest.get("code_fingerprint") != code_fingerprint():
        head += (f"; measured by code {str(manifest.get('code_fingerprint'))[:12]}, judged by the checks of code "
                 f"{code_fingerprint()[:12]}")
    return head


def build_report(run_dir, claims: dict, ids=None, out_dir=None, *, quiet: bool = False, flag: str = "--from",
                 out_flag: str = "--out") -> tuple[Path, Path]:
    """Write report.html, report.md and verdicts.json for stored runs; returns the paths of the first two.

    ``run_dir``: a run directory, or a list of them (e.g. a full-scale run and a quick one for the claims whose full
    scale did not fit): each claim is reported from the first run that holds all its records at that run's scale
    (else from the first run that holds any), and its row and section name that scale. ``claims``: id -> Claim (the
    registry); ``ids``: the claims to report (default: every claim the runs hold). Progress goes to stderr unless
    ``quiet``. A bad run directory is an ``InputError`` naming ``flag``; an output directory that cannot be written
    one naming ``out_flag``."""
    run_dirs = [Path(p) for p in (run_dir if isinstance(run_dir, (list, tuple)) else [run_dir])]
    runs = []
    for path in run_dirs:
        manifest, all_records = read_run(path, flag)
        records = defaultdict(list)
        for r in all_records:
            records[r["claim"]].append(r)
        runs.append((path, manifest, records))
    wanted = set(ids) if ids else {cid for _, m, recs in runs for cid in (set(recs) | set(m.get("claims") or {}))}
    ids = [i for i in claims if i in wanted]          # registry order, whatever the source
    out_dir = Path(out_dir) if out_dir else run_dirs[0] / "report"
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(out_flag, f"{out_dir} is a file; give a directory for the report")
    try:
        (out_dir / "plots").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out_flag, f"cannot create the report directory {out_dir}: {exc.strerror or exc}") from None
    main_scale = runs[0][1]["scale"]
    prog = Progress("report", len(ids), quiet=quiet, unit="claims")
    rows, sections_html, sections_md, judged = [], [], [], []
    incomplete = 0
    published = []
    for k, cid in enumerate(ids):
        prog.update(k, current=cid)
        c = claims[cid]
        judged_runs = []
        for path, manifest, records in runs:
            if cid not in records and cid not in (manifest.get("claims") or {}):
                continue
            scale = manifest["scale"]
            repro = (f"python -m theorems check {cid} --scale {scale} --seed {manifest['root_seed']} "
                     f"--backend {manifest['backend']}")
            judged_runs.append((judge_stored(c, records[cid], scale, resume=f"{repro} --out {path}"), scale, repro))
        (v, recs, complete), scale, repro = next((j for j in judged_runs if j[0][2]), judged_runs[0])
        published.append({**v.as_dict(), "scale": scale})
        incomplete += not complete
        judged.append(v)
        secs = measured_seconds(recs)
        if complete:
            rows.append((cid, c.source, c.kind, v.verdict, fit_cell(c.check, v), min_slack_cell(v), secs,
                         power_cell(v), scale))
        else:             # no fitted rate nor slack of a part: the row says what is missing
            rows.append((cid, c.source, c.kind, v.verdict, v.reason.split(";")[0], "", secs, "", scale))
        figs = figures_for(c.check, recs, v.check_evidence) if complete and v.check_evidence is not None else []
        imgs_html, imgs_md = [], []
        for j, (caption, fig) in enumerate(figs):
            svg = to_svg(fig)
            name = f"{_slug(cid)}-{j + 1}.svg"
            (out_dir / "plots" / name).write_text(svg, encoding="utf-8")
            b64 = base64.b64encode(svg.encode()).decode()
            imgs_html.append(f'<figure><img alt="{html.escape(caption)}" src="data:image/svg+xml;base64,{b64}">'
                             f"<figcaption>Figure {j + 1}. {html.escape(caption)}</figcaption></figure>")
            imgs_md.append(f"![Figure {j + 1}. {caption}](plots/{name})")
        fits = fit_rows(c.check, v) if complete else []
        conv = conventions(c.check)
        ev_json = json.dumps(v.as_dict()["evidence"], indent=1, default=str)
        if len(ev_json) > 20000:
            ev_json = ev_json[:20000] + "\n… (truncated; the full records are in results.jsonl)"
        ce = json.dumps(v.as_dict()["counterexample"], indent=1, default=str) if v.counterexample else ""
        sections_html.append(
            f'<section id="{_slug(cid)}"><h3>{html.escape(cid)}: <span class="v {v.verdict}">{v.verdict}</span></h3>'
            + (f"<p><b>Published at {scale} scale</b> (this report's main scale is {main_scale}: the claim's "
               f"{main_scale}-scale run is not in the first run given).</p>" if scale != main_scale else "")
            + f"<p><b>Source:</b> {html.escape(c.source)}<br><b>Statement:</b> {html.escape(c.statement)}</p>"
            f"<p><b>Why:</b> {html.escape(v.reason)}</p><p><b>Confidence:</b> {html.escape(v.confidence)}</p>"
            + (f"<p><b>Power:</b> {html.escape(v.power['sentence'])}</p>" if v.power else "")
            + "<p><b>Direction and slack:</b> " + "<br>".join(html.escape(x) for x in conv) + "</p>"
            + _fit_table_html(fits)
            + ("<details open><summary>Points left out (data violate the assumptions)</summary><ul>"
               + "".join(f"<li>{html.escape(x)}</li>" for x in inapplicable_lines(v)) + "</ul></details>"
               if v.inapplicable else "")
            + reading_html(c.reading)
            + "".join(imgs_html)
            + (f"<details open><summary>Counterexample</summary><pre>{html.escape(ce)}</pre></details>" if ce else "")
            + f"<p><b>Reproduce:</b> <code>{html.escape(repro)}</code></p>"
            f"<details><summary>Evidence</summary><pre>{html.escape(ev_json)}</pre></details></section>")
        sections_md.append("\n".join(
            [f"### {cid}: {v.verdict}", ""]
            + ([f"**Published at {scale} scale** (this report's main scale is {main_scale}: the claim's "
                f"{main_scale}-scale run is not in the first run given).", ""] if scale != main_scale else [])
            + [f"*Source:* {c.source}", "", f"*Statement:* {c.statement}", "",
             f"*Why:* {v.reason}", "", f"*Confidence:* {v.confidence}", ""]
            + ([f"*Power:* {v.power['sentence']}", ""] if v.power else [])
            + ["*Direction and slack:* " + " ".join(conv), ""]
            + _fit_table_md(fits)
            + (["*Points left out (data violate the assumptions):*", "", *[f"- {x}" for x in inapplicable_lines(v)],
                ""] if v.inapplicable else [])
            + reading_md(c.reading) + [*imgs_md, ""]
            + (["*Counterexample:*", "", "```json", ce[:4000], "```", ""] if ce else [])
            + [f"*Reproduce:* `{repro}`", ""]))
    head = _run_head(runs[0][1]) if len(runs) == 1 else "runs: " + " | ".join(_run_head(m) for _, m, _ in runs)
    counts = defaultdict(int)
    for r in rows:
        counts[r[3]] += 1
    tally = ", ".join(f"{k}: {counts[k]}" for k in VERDICTS if counts[k])
    if incomplete:
        tally += f" ({incomplete} of them not judged: incomplete run)"
    found = findings([v for v in judged if not v.reason.startswith(INCOMPLETE)], claims)
    defs_html = "<ul>" + "".join(f"<li><b>{v}</b>: {html.escape(MEANINGS[v])}.</li>" for v in VERDICTS) + "</ul>"
    table_html = "".join(
        f'<tr><td><a href="#{_slug(r[0])}">{html.escape(r[0])}</a></td><td>{html.escape(r[1])}</td>'
        f'<td>{html.escape(r[2])}</td><td class="v {r[3]}">{r[3]}</td><td>{r[8]}</td><td>{html.escape(r[7])}</td>'
        f"<td>{html.escape(r[4])}</td><td>{html.escape(r[5])}</td><td>{r[6]}</td></tr>" for r in rows)
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Claims report</title>
<style>body{{font-family:sans-serif;max-width:1150px;margin:auto;padding:1em;line-height:1.35}}
table{{border-collapse:collapse;margin:0.5em 0}}
td,th{{border:1px solid #ccc;padding:3px 6px;font-size:13px;vertical-align:top;text-align:left}}.v{{font-weight:bold}}
.CONFIRMED{{color:#1a7f37}}.REFUTED{{color:#cf222e}}.INCONCLUSIVE{{color:#9a6700}}.NOT_CHECKABLE{{color:#57606a}}
figure{{margin:8px 0}}figure img{{max-width:100%}}figcaption{{font-size:13px;color:#333}}
section{{border-top:1px solid #ddd;margin-top:1.5em}}
pre{{max-height:400px;overflow:auto;background:#f6f8fa;font-size:12px}}</style>
{_CHECK_SCRIPT}</head><body><h1>Claims report</h1><p>{html.escape(head)}</p><p>{html.escape(tally)}</p>
{findings_html(found, _slug)}
<h2>What the verdicts mean</h2>{defs_html}
<p>Fits are 95% t-intervals over seeds of per-seed log-log slopes. A one-sided statement allows fits on one side
of the printed exponent: a looser fit is not a failure. Slack is lhs - rhs of a bound per draw (negative: that
draw violates it).</p>
<h2>All claims</h2>
<table><tr><th>id</th><th>source</th><th>kind</th><th>verdict</th><th>scale</th><th>power (what the records would refute)</th>
<th>decisive fit: fitted [95% CI] vs printed</th><th>min slack</th><th>seconds</th></tr>{table_html}</table>
<h2>Claim by claim</h2>{''.join(sections_html)}</body></html>"""
    hpath = out_dir / "report.html"
    hpath.write_text(page, encoding="utf-8")
    md = ["# Claims report", "", head, "", tally, "", *findings_markdown(found), "## What the verdicts mean", "",
          *[f"- {x}" for x in VERDICT_DEFINITIONS], "",
          "Fits are 95% t-intervals over seeds of per-seed log-log slopes. A one-sided statement allows fits on one "
          "side of the printed exponent: a looser fit is not a failure. Slack is lhs - rhs of a bound per draw "
          "(negative: that draw violates it).", "", "## All claims", "",
          "| id | source | kind | verdict | scale | power (what the records would refute) | decisive fit: fitted [95% CI] "
          "vs printed | min slack | seconds |",
          "|---|---|---|---|---|---|---|---|---|"]
    md += [f"| `{r[0]}` | {r[1]} | {r[2]} | **{r[3]}** | {r[8]} | {r[7]} | {r[4]} | {r[5]} | {r[6]} |" for r in rows]
    md += ["", "## Claim by claim", "", *sections_md]
    mpath = out_dir / "report.md"
    mpath.write_text("\n".join(md), encoding="utf-8")
    (out_dir / "verdicts.json").write_text(json.dumps(published, indent=1, ensure_ascii=False, default=str) + "\n",
                                           encoding="utf-8")
    prog.update(len(ids))
    return hpath, mpath
