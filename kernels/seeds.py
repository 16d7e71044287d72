"""Reproducible generators keyed by (claim id, grid point, repetition).

Every measurement gets ``numpy.random.Generator(PCG64(SeedSequence(root, spawn_key=key)))``
so results do not depend on execution order, and a run replays from its manifest.
"""
from __future__ import annotations

import hashlib

import numpy as np


def _words(text: str) -> tuple[int, ...]:
    """A stable (process-independent) tuple of 32-bit words for a string key."""
    digest = hashlib.sha256(text.encode()).digest()[:16]
    return tuple(int.from_bytes(digest[i:i + 4], "little") for i in range(0, 16, 4))


def seed_sequence(root_seed: int, claim_id: str, point_index: int, repetition: int) -> np.random.SeedSequence:
    """The SeedSequence of one measurement."""
    key = _words(claim_id) + (int(point_index), int(repetition))
    return np.random.SeedSequence(int(root_seed), spawn_key=key)


def generator(root_seed: int, claim_id: str, point_index: int, repetition: int) -> np.random.Generator:
    """The generator of one measurement: same arguments, same numbers, on every machine."""
    return np.random.Generator(np.random.PCG64(seed_sequence(root_seed, claim_id, point_index, repetition)))
