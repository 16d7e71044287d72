"""Report figures with matplotlib: public functions a user can call from a notebook and restyle.

- ``scaling_figure(check, records, evidence)``: one small multiple per group of a ``Scaling`` check: the geometric
  mean over seeds with the range over seeds as bars, the fitted law with its 95% CI band (every exponent in
  the CI, pivoting at the centre of the x range), and the printed law (dashed) anchored at the point nearest
  the limit; log axes with ticks (a ``transform`` check plots against t(x) on a linear axis).
- ``bound_figure(check, evidence)``: one small multiple per group of a ``HighProbabilityBound``: the violation
  rate against the ``along`` axis with 95% Clopper-Pearson bars and the allowed rate.
- ``trend_figure(check, evidence)``: the (x, y) pairs behind a ``Trend`` check, one dot per record (jittered
  sideways on a grid x), with the rank correlation and its 95% interval in the title.
- ``figures_for(check, records, evidence)``: the figures of any check (an ``AllOf``'s parts in order), each with
  a caption that says what is drawn (not a repeat of the panel titles).
- ``to_svg(fig)``: the figure as SVG text (the report embeds it, so the HTML stays self-contained).

The legend sits below the panels, outside the data.
"""
from __future__ import annotations

import io
import math
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")                       # no display: figures are rendered to SVG text
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller SVG, selectable and searchable labels
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import ticker  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ..evidence import BoundEvidence, CheckEvidence, ScalingEvidence, TrendEvidence  # noqa: E402
from ..verdict import AllOf, HighProbabilityBound, Scaling, Trend, select  # noqa: E402

MAX_PANELS = 9                               # panels per figure; more groups make more figures
PANEL_W, PANEL_H = 3.4, 2.6                  # inches
COLORS = {"measured": "#1f4e79", "fit": "#c0392b", "printed": "#555555", "band": "#e6b0aa"}


def _grid(n: int) -> tuple[int, int]:
    cols = min(3, n)
    return math.ceil(n / cols), cols


def _new_figure(n: int) -> tuple[Figure, list]:
    rows, cols = _grid(n)
    fig, axes = plt.subplots(rows, cols, figsize=(PANEL_W * cols, PANEL_H * rows + 0.6), squeeze=False,
                             layout="constrained")
    flat = list(axes.ravel())
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def _finish(fig: Figure, axes: list) -> Figure:
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(2, len(labels)), fontsize=8, frameon=False)
    return fig


def _plain(v, _pos=None) -> str:
    """Tick labels as plain numbers: whole numbers below 10^7 written out (32000, not 3.2e+04), others to 3 digits."""
    if 1 <= abs(v) < 1e7 and float(v).is_integer():
        return str(int(v))
    return f"{v:.3g}"


def _log_ticks(axis, values=None) -> None:
    """Readable log ticks: at the measured values when there are few, else at 1, 2, 5 x 10^k; plain numbers."""
    axis.set_minor_formatter(ticker.NullFormatter())
    if values is not None and 1 < len(values) <= 8:
        axis.set_major_locator(ticker.FixedLocator(values))
    else:
        axis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0), numticks=8))
    axis.set_major_formatter(ticker.FuncFormatter(_plain))


def _label(key: tuple) -> str:
    return ", ".join(f"{k}={v}" for k, v in key) or "all"


def _positive(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0


def scaling_figure(check: Scaling, records: list[dict], evidence: ScalingEvidence,
                   groups: list[tuple] | None = None) -> Figure | None:
    """The measurements of a Scaling check with the fitted and the printed law, one panel per group (``groups``:
    the group keys to draw, default all of them in record order). None when nothing is positive to plot."""
    fits = {g.label: g for g in evidence.fits()}
    by_group = defaultdict(list)
    for r in select(records, check.where):
        by_group[tuple((k, r["point"].get(k)) for k in check.group_by)].append(r)
    keys = [k for k in (groups or list(by_group)) if k in by_group]
    panels = []
    for key in keys:
        by_x = defaultdict(list)
        for r in by_group[key]:
            if _positive(r["values"].get(check.y)):
                by_x[r["point"][check.x]].append(float(r["values"][check.y]))
        if by_x:
            panels.append((key, by_x))
    if not panels:
        return None
    fig, axes = _new_figure(len(panels))
    for ax, (key, by_x) in zip(axes, panels):
        xs = sorted(by_x)
        tx = (lambda x: float(x)) if check.transform is None else (lambda x, g=dict(key): float(check.transform(x, g)))
        t = np.array([tx(x) for x in xs])
        gm = np.array([math.exp(np.mean(np.log(by_x[x]))) for x in xs])
        lo = np.array([min(by_x[x]) for x in xs])
        hi = np.array([max(by_x[x]) for x in xs])
        ax.errorbar(t, gm, yerr=[np.maximum(gm - lo, 0), np.maximum(hi - gm, 0)], fmt="o", ms=4, color=COLORS["measured"], capsize=2,
                    label="measured: geometric mean, bars: range over seeds")
        fit = fits.get(_label(key))
        if fit is not None and fit.slope is not None and fit.intercept is not None and len(xs) >= 2:
            power_law = check.transform is None
            grid = np.geomspace(t.min(), t.max(), 60) if power_law else np.linspace(t.min(), t.max(), 60)
            u = np.log(grid) if power_law else grid              # the fit's abscissa: log x, or t(x)
            uc = float(np.mean(np.log(t) if power_law else t))
            centre = fit.intercept + fit.slope * uc
            band = np.array([centre + b * (u - uc) for b in (fit.lo, fit.hi)])
            ax.fill_between(grid, np.exp(band.min(axis=0)), np.exp(band.max(axis=0)), color=COLORS["band"],
                            alpha=0.6, lw=0, label="fitted law, band: exponents in the 95% CI")
            ax.plot(grid, np.exp(fit.intercept + fit.slope * u), color=COLORS["fit"], lw=1.5,
                    label="fitted law")
            j = -1 if check.limit == "inf" else 0
            anchor_u = np.log(t[j]) if power_law else t[j]
            ax.plot(grid, gm[j] * np.exp(check.printed * (u - anchor_u)), "--", color=COLORS["printed"], lw=1.2,
                    label="printed law, anchored at the point nearest the limit")
            title = f"{_label(key)}\nfit {fit.slope:.3g} [{fit.lo:.3g}, {fit.hi:.3g}], printed {check.printed:g}"
        else:
            title = _label(key)
        ax.set_yscale("log")
        _log_ticks(ax.yaxis)
        if check.transform is None:
            ax.set_xscale("log")
            _log_ticks(ax.xaxis, [float(x) for x in t])
        ax.set_xlabel(check.x if check.transform is None else f"t({check.x})", fontsize=8)
        ax.set_ylabel(check.y, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_title(title, fontsize=8)
    return _finish(fig, axes)


def bound_figure(check: HighProbabilityBound, evidence: BoundEvidence) -> Figure | None:
    """The violation rate of a HighProbabilityBound against its ``along`` axis, one panel per group, with 95%
    Clopper-Pearson bars and the largest rate a CONFIRMED allows (``max_rate``)."""
    groups = [g for g in evidence.groups if g.rows]
    if not groups:
        return None
    fig, axes = _new_figure(len(groups))
    for ax, g in zip(axes, groups):
        xs = np.array([float(r.x) for r in g.rows])
        rate = np.array([r.rate for r in g.rows])
        lo = np.array([r.rate_ci95[0] for r in g.rows])
        hi = np.array([r.rate_ci95[1] for r in g.rows])
        ax.errorbar(xs, rate, yerr=[np.maximum(rate - lo, 0), np.maximum(hi - rate, 0)], fmt="o", ms=4, color=COLORS["measured"], capsize=2,
                    label="violation rate, bars: 95% Clopper-Pearson")
        ax.axhline(check.max_rate, ls=":", color=COLORS["printed"], label="largest rate a CONFIRMED allows")
        if np.all(xs > 0) and len(xs) > 1:
            ax.set_xscale("log")
            _log_ticks(ax.xaxis, [float(x) for x in xs])
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel(check.along, fontsize=8)
        ax.set_ylabel("violation rate", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_title(g.label, fontsize=8)
    return _finish(fig, axes)


def trend_figure(check: Trend, evidence: TrendEvidence) -> Figure | None:
    """The records behind a Trend check as dots (x against y; log x when every x is positive); None when there are
    no pairs. Dots at one grid value of x are spread sideways by up to 3% so that repeated values stay visible."""
    pairs = [(float(x), float(y)) for x, y, _rep in evidence.pairs]
    if not pairs:
        return None
    fig, (ax,) = _new_figure(1)
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    log_x = bool(np.all(x > 0))
    spread = np.linspace(-0.03, 0.03, 7)[np.arange(x.size) % 7]
    xs = x * np.exp(spread) if log_x else x + spread * (np.ptp(x) or 1.0)
    ax.plot(xs, y, "o", ms=3.5, alpha=0.7, color=COLORS["measured"], label="one record (seed, grid point)")
    if log_x:
        ax.set_xscale("log")
        _log_ticks(ax.xaxis, sorted(set(x.tolist())))
    f = evidence.fit
    ax.set_title(f"rank correlation {f['rho']:.3g} [{f['lo']:.3g}, {f['hi']:.3g}]" if f else "not computed",
                 fontsize=8)
    ax.set_xlabel(check.x, fontsize=8)
    ax.set_ylabel(check.y, fontsize=8)
    ax.tick_params(labelsize=7)
    return _finish(fig, [ax])


def figures_for(check, records: list[dict], evidence: CheckEvidence) -> list[tuple[str, Figure]]:
    """(caption, figure) pairs for a check's evidence; an AllOf's parts in order; other checks have none."""
    if isinstance(check, AllOf):
        out = []
        for chk, part in zip(check.checks, evidence.parts):
            out += figures_for(chk, records, part)
        return out
    out = []
    if isinstance(check, Scaling):
        keys = []
        for r in select(records, check.where):
            k = tuple((g, r["point"].get(g)) for g in check.group_by)
            if k not in keys:
                keys.append(k)
        reps = len({r["rep"] for r in records}) or 1
        for start in range(0, max(1, len(keys)), MAX_PANELS):
            part = keys[start:start + MAX_PANELS]
            fig = scaling_figure(check, records, evidence, part)
            if fig is None:
                continue
            xs = sorted({r["point"][check.x] for r in select(records, check.where)})
            caption = (f"{check.y} against {check.x}"
                       + (f", one panel per {', '.join(check.group_by)}" if check.group_by else "")
                       + f": geometric mean of {reps} seed(s) at {len(xs)} values of {check.x} "
                         f"({xs[0]:g} to {xs[-1]:g}); the fit uses every seed.")
            out.append((caption, fig))
    elif isinstance(check, Trend):
        fig = trend_figure(check, evidence)
        if fig is not None:
            where = "" if not check.where else " (" + ", ".join(f"{k}={v}" for k, v in check.where.items()) + ")"
            word = "rises" if check.sign > 0 else "falls"
            caption = (f"{check.y} against {check.x}{where}, one dot per record: the check asks whether {check.y} "
                       f"{word} with {check.x} (Spearman's rank correlation).")
            out.append((caption, fig))
    elif isinstance(check, HighProbabilityBound):
        fig = bound_figure(check, evidence)
        if fig is not None:
            out.append((f"How often {check.lhs} {'<' if check.sense == '>=' else '>'} {check.rhs} (the bound fails) "
                        f"as {check.along} grows" + (f", one panel per {', '.join(check.group_by)}"
                                                     if check.group_by else "") + ".", fig))
    return out


def to_svg(fig: Figure) -> str:
    """The figure as standalone SVG text; the figure is closed."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]
