"""Reproducible generators keyed by (claim id, grid point key, repetition).

Every measurement gets ``numpy.random.Generator(PCG64(SeedSequence(root, spawn_key=key)))`` where the
spawn key is the sha256 words of the claim id and of the point's content key (``theorems.spec.point_key``:
a hash of the point's parameters, not its position in the grid) followed by the repetition. Results
therefore do not depend on execution order nor on the other points of the grid, and a run replays from
its manifest.
"""
from __future__ import annotations

import hashlib

import numpy as np


def _words(text: str) -> tuple[int, ...]:
    """A stable (process-independent) tuple of four 32-bit words for a string key."""
    digest = hashlib.sha256(text.encode()).digest()[:16]
    return tuple(int.from_bytes(digest[i:i + 4], "little") for i in range(0, 16, 4))


def seed_sequence(root_seed: int, claim_id: str, point_key: str, repetition: int) -> np.random.SeedSequence:
    """The SeedSequence of one measurement."""
    if not isinstance(point_key, str):
        raise TypeError(f"point_key must be a str (the point's content key), got {type(point_key).__name__}")
    key = _words(claim_id) + _words(point_key) + (int(repetition),)
    return np.random.SeedSequence(int(root_seed), spawn_key=key)


def generator(root_seed: int, claim_id: str, point_key: str, repetition: int) -> np.random.Generator:
    """The generator of one measurement: same arguments, same numbers, on every machine."""
    return np.random.Generator(np.random.PCG64(seed_sequence(root_seed, claim_id, point_key, repetition)))
