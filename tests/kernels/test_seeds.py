"""kernels.seeds: a stream is reproducible from its key, and every part of the key changes it."""
from __future__ import annotations

import numpy as np

from kernels import seeds


def test_seed_streams():
    def draw(*key):
        return seeds.generator(*key).standard_normal(8)

    base = (7, "claim.A", 3, 1)
    assert np.array_equal(draw(*base), draw(*base))
    variants = [(8, "claim.A", 3, 1), (7, "claim.B", 3, 1), (7, "claim.A", 4, 1), (7, "claim.A", 3, 2)]
    streams = [draw(*base)] + [draw(*v) for v in variants]
    for i in range(len(streams)):
        for j in range(i + 1, len(streams)):
            assert not np.allclose(streams[i], streams[j], rtol=0)
