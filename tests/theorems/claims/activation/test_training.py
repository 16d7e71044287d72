"""activation/thm-4.6: the measurement's own guarantees (the triangle inequality between the two gaps, the
common data across the m sweep); the GD kernel itself is tested against independent references in
tests/kernels/nets/test_gd_two_layer.py."""
from __future__ import annotations

from kernels import backend, seeds
from theorems import registry


def _measure(point, rep=0):
    claim = registry.get("activation/thm-4.6")
    return claim.measure(point, seeds.generator(7, claim.id, "key-of-" + str(point["m"]), rep), backend.select("numpy"))


def test_eps_needed_never_exceeds_the_deviation_and_the_data_are_common_across_m():
    base = {"activation": "tanh", "n": 4, "d": 10, "steps": 60}
    a, b = _measure({**base, "m": 300}), _measure({**base, "m": 1200})
    for v in (a, b):
        assert 0 <= v["eps_needed"] <= v["deviation"] + 1e-12         # ||r|| - ||r_lin|| <= ||r - r_lin||
        assert v["residual_end"] < v["residual_start"] and "inapplicable" not in v
    assert a["data_separation"] == b["data_separation"]               # same X at both widths (common random numbers)
    c = _measure({**base, "m": 300}, rep=1)
    assert c["data_separation"] != a["data_separation"]               # another repetition draws other data
