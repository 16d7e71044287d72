"""The Trend check (theorems.verdict.Trend) and its statistic (kernels.stats.rank_trend): Spearman's rho against
scipy's, the verdict on rising, falling, flat and constant data, its power against the opposite check, and its
stored evidence read back."""
from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats as sps

from kernels import stats
from kernels.errors import InputError
from theorems.evidence import TrendEvidence
from theorems.report import cells, figures
from theorems.verdict import CONFIRMED, INCONCLUSIVE, NOT_CHECKABLE, REFUTED, AllOf, Trend, Verdict

KS = [8, 16, 32, 64, 128]


def records(value, reps=6, seed=3):
    """One record per (K, rep); ``value(K, rep, rng)`` gives the measured y; a measured x "z" rides along."""
    rng = np.random.default_rng(seed)
    out = []
    for i, k in enumerate(KS):
        for r in range(reps):
            y = value(k, r, rng)
            out.append({"point": {"K": k}, "point_index": i, "rep": r,
                        "values": {"y": y, "z": None if y is None else y + 0.1 * rng.standard_normal()}})
    return out


def test_rank_trend_rho_is_scipys_spearman_and_the_interval_covers_it():
    rng = np.random.default_rng(0)
    x = np.repeat([1.0, 2, 3, 4], 5)
    y = np.round(x + rng.standard_normal(x.size))          # ties on both sides
    reps = np.tile(np.arange(5), 4)
    t = stats.rank_trend(x, y, reps, resamples=500)
    assert t.rho == pytest.approx(sps.spearmanr(x, y).statistic, rel=1e-12)
    assert t.lo <= t.rho <= t.hi and t.records == 20 and t.clusters == 5 and 0 < t.resamples_used <= 500
    assert stats.rank_trend(x, y, reps, resamples=500) == t          # deterministic
    with pytest.raises(InputError, match="y"):
        stats.rank_trend(x, np.ones_like(x), reps)
    with pytest.raises(InputError, match="clusters"):
        stats.rank_trend(x, y, np.zeros_like(reps))


def test_rising_falling_flat_and_constant():
    rising = records(lambda k, r, rng: float(np.log2(k) + 0.5 * rng.standard_normal()))
    v = Trend(y="y", x="K").evaluate("toy", rising)
    assert v.verdict == CONFIRMED and v.power["kind"] == "trend" and v.power["margin"] > 0
    assert not v.power["weak"] and v.check_evidence.fit["lo"] > 0
    assert Trend(y="y", x="K", sign=-1).evaluate("toy", rising).verdict == REFUTED      # what the power promised
    falling = records(lambda k, r, rng: float(-np.log2(k) + 0.5 * rng.standard_normal()))
    w = Trend(y="y", x="K").evaluate("toy", falling)
    assert w.verdict == REFUTED and "falls" in w.counterexample["values"]["explain"]
    assert Trend(y="y", x="K", sign=-1).evaluate("toy", falling).verdict == CONFIRMED
    flat = records(lambda k, r, rng: float(rng.standard_normal()), reps=3)
    assert Trend(y="y", x="K").evaluate("toy", flat).verdict == INCONCLUSIVE
    const = Trend(y="y", x="K").evaluate("toy", records(lambda k, r, rng: 5.0))
    assert const.verdict == INCONCLUSIVE and "single value" in const.reason
    missing = Trend(y="y", x="K").evaluate("toy", records(lambda k, r, rng: None if k == 8 else float(k)))
    assert missing.verdict == INCONCLUSIVE and "lack" in missing.reason


def test_measured_x_and_few_records_are_weak():
    recs = records(lambda k, r, rng: float(np.log2(k)), reps=4)
    v = Trend(y="y", x="z").evaluate("toy", recs)          # x read from the measured values
    assert v.verdict == CONFIRMED and v.power["weak"] is False and v.check_evidence.fit["records"] == 20
    few = [r for r in recs if r["rep"] < 2 and r["point"]["K"] <= 64]
    assert Trend(y="y", x="K").evaluate("toy", few).power["weak"]


def test_inapplicable_points_are_left_out():
    recs = records(lambda k, r, rng: float(k))
    for r in recs:
        r["values"]["inapplicable"] = "data violate the assumption"
    assert Trend(y="y", x="K").evaluate("toy", recs).verdict == NOT_CHECKABLE


def test_evidence_round_trip_and_report_rows():
    check = AllOf(checks=(Trend(y="y", x="K"),))
    v = check.evaluate("toy", records(lambda k, r, rng: float(np.log2(k) + rng.standard_normal())))
    stored = json.loads(json.dumps(v.as_dict()))
    back = Verdict.from_dict(stored, check)
    assert isinstance(back.check_evidence.parts[0], TrendEvidence)
    assert back.as_dict() == stored
    (row,) = cells.fit_rows(check, back)
    fit = stored["evidence"]["part1"]["fit"]
    assert row["fitted"].startswith(f"{fit['rho']:.3g}") and row["allowed"] == "> 0"
    assert cells.slacks(back) == [] and "rank correlation" in cells.power_cell(back)
    assert "Spearman" in cells.convention(check.checks[0])


def test_trend_figure_draws_every_record():
    check = Trend(y="y", x="K", where=None)
    recs = records(lambda k, r, rng: float(np.log2(k) + rng.standard_normal()))
    v = check.evaluate("toy", recs)
    (caption, fig), = figures.figures_for(check, recs, v.check_evidence)
    assert "rises with K" in caption
    (line,) = fig.axes[0].get_lines()
    assert len(line.get_xdata()) == len(recs)
    assert "<svg" in figures.to_svg(fig)
