"""Tiny SVG plots for the report: points with error bars and lines, log or linear axes.

No plotting library: the report must be self-contained and the suite's dependencies small.
"""
from __future__ import annotations

import html
import math

W, H = 560, 360
ML, MR, MT, MB = 70, 20, 30, 50
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")


def _tr(v: float, log: bool) -> float:
    return math.log10(v) if log else v


def _ticks(lo: float, hi: float, log: bool) -> list[float]:
    if log:
        a, b = math.floor(lo), math.ceil(hi)
        step = max(1, (b - a) // 6)
        return [float(e) for e in range(a, b + 1, step)]
    span = hi - lo or 1.0
    raw = span / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = min((s * mag for s in (1, 2, 5, 10) if s * mag >= raw), default=raw)
    start = math.ceil(lo / step) * step
    return [start + i * step for i in range(int((hi - start) / step) + 1)]


def _fmt(t: float, log: bool) -> str:
    return f"1e{int(t)}" if log else f"{t:.3g}"


def plot(series: list[dict], title: str, xlabel: str, ylabel: str, xlog: bool = True, ylog: bool = True) -> str:
    """series: {"label", "x", "y", optional "lo"/"hi" (error bars), "kind": "points"|"line", optional "dash"}."""
    pts = [(x, y) for s in series for x, y in zip(s["x"], s["y"])
           if x is not None and y is not None and (not xlog or x > 0) and (not ylog or y > 0)]
    for s in series:
        for key in ("lo", "hi"):
            pts += [(x, v) for x, v in zip(s["x"], s.get(key) or []) if v is not None and (not ylog or v > 0)
                    and (not xlog or x > 0)]
    if not pts:
        return _empty(title)
    xs = [_tr(x, xlog) for x, _ in pts]
    ys = [_tr(y, ylog) for _, y in pts]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    if x1 == x0:
        x0, x1 = x0 - 0.5, x1 + 0.5
    if y1 == y0:
        y0, y1 = y0 - 0.5, y1 + 0.5
    padx, pady = 0.05 * (x1 - x0), 0.08 * (y1 - y0)
    x0, x1, y0, y1 = x0 - padx, x1 + padx, y0 - pady, y1 + pady

    def X(v):
        return ML + (W - ML - MR) * (_tr(v, xlog) - x0) / (x1 - x0)

    def Y(v):
        return H - MB - (H - MT - MB) * (_tr(v, ylog) - y0) / (y1 - y0)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="18" text-anchor="middle" font-size="13">{html.escape(title)}</text>',
           f'<line x1="{ML}" y1="{H - MB}" x2="{W - MR}" y2="{H - MB}" stroke="black"/>',
           f'<line x1="{ML}" y1="{MT}" x2="{ML}" y2="{H - MB}" stroke="black"/>']
    for t in _ticks(x0, x1, xlog):
        px = ML + (W - ML - MR) * (t - x0) / (x1 - x0)
        out.append(f'<line x1="{px:.1f}" y1="{H - MB}" x2="{px:.1f}" y2="{H - MB + 4}" stroke="black"/>'
                   f'<text x="{px:.1f}" y="{H - MB + 16}" text-anchor="middle">{_fmt(t, xlog)}</text>')
    for t in _ticks(y0, y1, ylog):
        py = H - MB - (H - MT - MB) * (t - y0) / (y1 - y0)
        out.append(f'<line x1="{ML - 4}" y1="{py:.1f}" x2="{ML}" y2="{py:.1f}" stroke="black"/>'
                   f'<text x="{ML - 6}" y="{py + 4:.1f}" text-anchor="end">{_fmt(t, ylog)}</text>')
    out.append(f'<text x="{(ML + W - MR) / 2}" y="{H - 12}" text-anchor="middle">{html.escape(xlabel)}</text>')
    out.append(f'<text x="14" y="{(MT + H - MB) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 14 {(MT + H - MB) / 2})">{html.escape(ylabel)}</text>')
    for i, s in enumerate(series):
        col = COLORS[i % len(COLORS)]
        good = [(x, y) for x, y in zip(s["x"], s["y"]) if x is not None and y is not None
                and (not xlog or x > 0) and (not ylog or y > 0)]
        if s.get("kind") == "line":
            if len(good) >= 2:
                d = " ".join(f"{X(x):.1f},{Y(y):.1f}" for x, y in good)
                dash = ' stroke-dasharray="6,4"' if s.get("dash") else ""
                out.append(f'<polyline points="{d}" fill="none" stroke="{col}" stroke-width="1.5"{dash}/>')
        else:
            for j, (x, y) in enumerate(zip(s["x"], s["y"])):
                if x is None or y is None or (xlog and x <= 0) or (ylog and y <= 0):
                    continue
                lo = (s.get("lo") or [None] * len(s["x"]))[j]
                hi = (s.get("hi") or [None] * len(s["x"]))[j]
                if lo is not None and hi is not None and (not ylog or lo > 0):
                    out.append(f'<line x1="{X(x):.1f}" y1="{Y(lo):.1f}" x2="{X(x):.1f}" y2="{Y(hi):.1f}" '
                               f'stroke="{col}"/>')
                out.append(f'<circle cx="{X(x):.1f}" cy="{Y(y):.1f}" r="3" fill="{col}"/>')
        ly = MT + 14 * i + 8
        out.append(f'<rect x="{W - MR - 250}" y="{ly - 8}" width="10" height="10" fill="{col}"/>'
                   f'<text x="{W - MR - 235}" y="{ly + 1}">{html.escape(str(s["label"])[:48])}</text>')
    out.append("</svg>")
    return "".join(out)


def _empty(title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="60"><text x="10" y="30" '
            f'font-family="sans-serif">{html.escape(title)}: no plottable values</text></svg>')
