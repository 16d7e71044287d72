"""Common random numbers across a sweep: a generator keyed without the swept value.

A measurement's generator (kernels.seeds.generator(root, claim_id, point_key, rep), made by theorems.engine) is
keyed by the whole grid point, so two points of a delta sweep draw independent noise. Where a claim compares
the points of a sweep (an exponent in delta), independent noise per point adds its variance to every local
slope; the same noise reused across the sweep (common random numbers) cancels it. ``common_generator`` rebuilds
kernels.seeds.generator from the root seed and the repetition that the measurement's own generator carries (its
SeedSequence's entropy and last spawn-key word), with a key the caller chooses (the point without the swept
value). So the result depends on the run's root seed and repetition, never on the swept value.

The engine does not pass the root seed nor the repetition to ``measure``; they are read back from the generator
it passes. A generator not made by kernels.seeds (e.g. numpy.random.default_rng(s) in a test) is keyed by its own
entropy and spawn key (repetition 0).
"""
from __future__ import annotations

import numpy as np

from . import seeds

SEEDS_KEY_WORDS = 9          # kernels.seeds.seed_sequence: 4 words of the claim id, 4 of the point key, the rep


def root_and_rep(rng: np.random.Generator) -> tuple[int, int]:
    """(root seed, repetition) of a generator made by kernels.seeds.generator (else (entropy, 0))."""
    ss = rng.bit_generator.seed_seq
    entropy = int(ss.entropy) if not isinstance(ss.entropy, (list, tuple)) else int(sum(ss.entropy))
    key = tuple(ss.spawn_key)
    rep = int(key[-1]) if len(key) == SEEDS_KEY_WORDS else 0
    return entropy, rep


def common_generator(rng: np.random.Generator, claim_id: str, shared_key: str) -> np.random.Generator:
    """kernels.seeds.generator(root, claim_id, shared_key, rep) with root and rep those of ``rng``."""
    root, rep = root_and_rep(rng)
    return seeds.generator(root, claim_id, "crn:" + shared_key, rep)
