"""Common random numbers across a sweep: a generator keyed WITHOUT the swept parameter.

The engine (theorems.engine.measure_one) hands each measurement ``seeds.generator(root, claim_id, point_key,
rep)``; its SeedSequence carries the root seed (``entropy``) and the repetition (last word of ``spawn_key``).
``common(rng, claim_id, key)`` re-keys that stream by ``key`` (the point's parameters less the swept one), so
every point of a sweep at the same repetition draws the same data and weights: the fitted exponent then
sees the swept parameter, not fresh sampling noise at each point.

(kernels.crn.common_generator, written in parallel, does the same with a "crn:" key prefix; the lead may merge
the two.)
"""
from __future__ import annotations

import numpy as np

from . import seeds


def common(rng: np.random.Generator, claim_id: str, key: str, stream: str = "") -> np.random.Generator:
    """The generator of (root seed, claim_id, key + stream, repetition of ``rng``)."""
    ss = rng.bit_generator.seed_seq
    if not isinstance(ss, np.random.SeedSequence) or not ss.spawn_key:
        raise TypeError("common(): rng must come from kernels.seeds.generator (a keyed SeedSequence)")
    return seeds.generator(int(ss.entropy), claim_id, f"{key}|{stream}", int(ss.spawn_key[-1]))
