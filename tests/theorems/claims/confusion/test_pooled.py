"""theorems.claims.confusion.pooled.PooledRate on synthetic records: counts pooled over repetitions, the decision
rule of HighProbabilityBound (95% Clopper-Pearson bounds at the largest ``along``), NOT_CHECKABLE when empty."""
from __future__ import annotations

from theorems.claims.confusion.pooled import PooledRate
from theorems.verdict import AllOf

CHECK = PooledRate(failures="k", trials="T", along="d", group_by=("g",), where={"act": "s"})


def records(k_at_top, T=1000, reps=3):
    out = []
    for i, d in enumerate((8, 16, 32)):
        for r in range(reps):
            k = k_at_top if d == 32 else T // 2
            out.append({"point": {"d": d, "g": 0, "act": "s"}, "point_index": i, "rep": r,
                        "values": {"k": k, "T": T}})
    return out


def test_rule_on_pooled_counts():
    assert CHECK.evaluate("x", records(0)).verdict == "CONFIRMED"            # 0/3000: upper 0.0012
    assert CHECK.evaluate("x", records(900)).verdict == "REFUTED"           # 2700/3000
    assert CHECK.evaluate("x", records(200)).verdict == "INCONCLUSIVE"      # 0.2
    v = CHECK.evaluate("x", records(10))                                     # 30/3000 = 0.01: upper < 0.05
    assert v.verdict == "CONFIRMED" and "30/3000" in v.reason


def test_empty_selection_is_not_checkable_inside_all_of():
    other = [{**r, "point": {**r["point"], "act": "t"}} for r in records(0)]
    assert CHECK.evaluate("x", other).verdict == "NOT_CHECKABLE"
    both = AllOf(checks=(CHECK, PooledRate(failures="k", trials="T", along="d", where={"act": "t"})))
    assert both.evaluate("x", other).verdict == "CONFIRMED"


def test_refuted_names_the_group_and_its_pooled_counts():
    v = CHECK.evaluate("x", records(900))
    ce = v.counterexample
    assert ce["point"] == {"d": 32, "g": 0, "act": "s"} and ce["values"]["k"] == 900
    assert "2700/3000 failures" in ce["values"]["explain"]
    assert CHECK.evaluate("x", records(0)).counterexample is None
