"""A high-probability check on pooled trial counts (for claims whose records hold failure counts of many trials).

``theorems.verdict.HighProbabilityBound`` counts one draw per record; here each record already holds
``failures`` out of ``trials`` draws. The rule is the same: CONFIRMED when, at the largest ``along``, the 95%
Clopper-Pearson upper bound of the pooled failure rate (over repetitions) is <= ``max_rate``; REFUTED when its
lower bound exceeds 1/2 there; INCONCLUSIVE otherwise; NOT_CHECKABLE when no record matches ``where``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping

from kernels import stats

from ... import power as power_of
from ...evidence import BoundEvidence, RateGroup, RateRow
from ...verdict import CONFIRMED, INCONCLUSIVE, NOT_CHECKABLE, REFUTED, Verdict, combine, select, split_applicable

CLAIMS = []


@dataclass(frozen=True, kw_only=True)
class PooledRate:
    failures: str
    trials: str
    along: str
    group_by: tuple = ()
    max_rate: float = 0.05
    where: Mapping | None = None

    def evaluate(self, claim_id: str, records: list[dict]) -> Verdict:
        records, dropped = split_applicable(select(records, self.where))
        if not records:        # nothing selected at this scale (e.g. an activation run at full scale only)
            return Verdict(claim_id, NOT_CHECKABLE, f"no applicable records match {dict(self.where or {})}", "",
                           BoundEvidence(self.along, ()), inapplicable=dropped)
        counts = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for r in records:
            c = counts[tuple((k, r["point"][k]) for k in self.group_by)][r["point"][self.along]]
            c[0] += int(r["values"][self.failures])
            c[1] += int(r["values"][self.trials])
        outs, groups, tops = [], [], []
        counter = None
        for key, by_x in counts.items():
            rows = []
            for x in sorted(by_x):
                k, n = by_x[x]
                ci = stats.clopper_pearson(k, n)
                rows.append(RateRow(self.along, x, k, n, (ci.lo, ci.hi), float("nan")))
            top = rows[-1]
            outs.append(CONFIRMED if top.rate_ci95[1] <= self.max_rate else
                        REFUTED if top.rate_ci95[0] > 0.5 else INCONCLUSIVE)
            label = ", ".join(f"{k}={v}" for k, v in key) or "all"
            if outs[-1] == REFUTED and counter is None:      # the first refuting group, its record with most failures
                worst = max((r for r in records if tuple((k, r["point"][k]) for k in self.group_by) == key
                             and r["point"][self.along] == top.x), key=lambda r: int(r["values"][self.failures]))
                counter = {"point": worst["point"], "point_index": worst.get("point_index"), "rep": worst.get("rep"),
                           "values": {**worst["values"], "explain": f"{top.violations}/{top.trials} failures pooled "
                                      f"over repetitions at {self.along}={top.x} (95% CI {top.rate_ci95[0]:.3g} to "
                                      f"{top.rate_ci95[1]:.3g}), the bound fails in most draws"}}
            groups.append(RateGroup(label, tuple(rows)))
            tops.append({"label": label, "x": top.x, "trials": top.trials, "violations": top.violations,
                         "rate_ci95": top.rate_ci95, "lhs": [], "rhs": []})
        verdict = combine(outs)
        tail = "; ".join(f"{g.label}: {g.rows[-1].violations}/{g.rows[-1].trials} failures at {self.along}="
                         f"{g.rows[-1].x} (95% upper {g.rows[-1].rate_ci95[1]:.2g})" for g in groups)
        return Verdict(claim_id, verdict, f"pooled failure rate of {self.failures} at the largest {self.along} "
                                          f"(CONFIRMED when its 95% upper bound <= {self.max_rate}): {tail}",
                       "exact binomial (Clopper-Pearson) 95% intervals on pooled trials",
                       BoundEvidence(self.along, tuple(groups)), counter,
                       power=power_of.bound(tops, sense=">=", along=self.along) if verdict == CONFIRMED else None,
                       inapplicable=dropped)

    def read_evidence(self, d: dict) -> BoundEvidence:
        return BoundEvidence.from_dict(d, self.along)
