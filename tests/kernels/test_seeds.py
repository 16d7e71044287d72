"""kernels.seeds: a stream is reproducible from its key (claim, point content key, repetition), and every
part of the key changes it."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import seeds


def draw(*key):
    return seeds.generator(*key).standard_normal(8)


def test_same_key_same_stream_every_part_changes_it():
    base = (7, "claim.A", "a1b2c3", 1)
    assert np.array_equal(draw(*base), draw(*base))
    variants = [(8, "claim.A", "a1b2c3", 1), (7, "claim.B", "a1b2c3", 1), (7, "claim.A", "a1b2c4", 1),
                (7, "claim.A", "a1b2c3-1", 1), (7, "claim.A", "a1b2c3", 2)]
    streams = [draw(*base)] + [draw(*v) for v in variants]
    for i in range(len(streams)):
        for j in range(i + 1, len(streams)):
            assert not np.allclose(streams[i], streams[j], rtol=0)


def test_spawn_key_is_claim_words_point_words_and_repetition():
    """The documented construction, spelled out independently: sha256 words of the claim id and of the point key."""
    import hashlib

    def words(text):
        d = hashlib.sha256(text.encode()).digest()[:16]
        return tuple(int.from_bytes(d[i:i + 4], "little") for i in range(0, 16, 4))

    ss = seeds.seed_sequence(5, "c/x", "k", 3)
    assert ss.entropy == 5 and ss.spawn_key == words("c/x") + words("k") + (3,)
    ref = np.random.Generator(np.random.PCG64(np.random.SeedSequence(5, spawn_key=words("c/x") + words("k") + (3,))))
    assert np.array_equal(ref.random(4), seeds.generator(5, "c/x", "k", 3).random(4))


def test_point_key_must_be_a_string():
    with pytest.raises(TypeError, match="point_key"):
        seeds.generator(1, "c", 3, 0)
