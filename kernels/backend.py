"""Array backend selection in one place: ``auto | numpy | cupy``.

Kernels take arrays and work in their namespace (``array_namespace``), so one
code path serves NumPy and CuPy. ``select`` picks the namespace for new arrays;
``describe`` says which one ran and on what device. A missing or unusable CuPy
never breaks the NumPy path: ``auto`` falls back to NumPy and says why.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import numpy as np

from .errors import InputError

BACKENDS = ("auto", "numpy", "cupy")


@dataclass(frozen=True)
class Backend:
    name: str            # "numpy" or "cupy"
    xp: ModuleType       # the array namespace
    device: str          # human-readable device description
    note: str = ""       # why auto chose what it chose

    def asarray(self, a, dtype=None):
        return self.xp.asarray(a, dtype=dtype)

    def to_numpy(self, a):
        return to_numpy(a)


def _cupy_or_reason():
    """Return (cupy module, "") if a GPU is usable, else (None, reason)."""
    try:
        import cupy  # noqa: PLC0415
    except Exception as exc:  # ImportError, or a broken CUDA install
        return None, f"cupy not importable ({type(exc).__name__}: {exc})"
    try:
        n = cupy.cuda.runtime.getDeviceCount()
        if n < 1:
            return None, "cupy imported but no CUDA device"
        cupy.zeros(1).sum().item()  # a real kernel launch, not just an import
    except Exception as exc:
        return None, f"cupy unusable ({type(exc).__name__}: {exc})"
    return cupy, ""


def _cupy_device_name(cupy) -> str:
    try:
        props = cupy.cuda.runtime.getDeviceProperties(cupy.cuda.Device().id)
        name = props["name"]
        return name.decode() if isinstance(name, bytes) else str(name)
    except Exception:
        return "CUDA device"


def select(name: str = "auto") -> Backend:
    """The backend for ``--backend name``; ``auto`` = CuPy when a GPU is usable, else NumPy."""
    if name not in BACKENDS:
        raise InputError("backend", f"must be one of {', '.join(BACKENDS)} (got {name!r})")
    if name == "numpy":
        return Backend("numpy", np, "cpu")
    cupy, reason = _cupy_or_reason()
    if cupy is not None:
        return Backend("cupy", cupy, _cupy_device_name(cupy))
    if name == "cupy":
        raise InputError("backend", f"cupy was requested but {reason}")
    return Backend("numpy", np, "cpu", note=f"auto chose numpy: {reason}")


def array_namespace(*arrays) -> ModuleType:
    """NumPy or CuPy, whichever the arrays live in (CuPy if any array is a CuPy array)."""
    for a in arrays:
        mod = type(a).__module__
        if mod.startswith("cupy"):
            import cupy  # noqa: PLC0415
            return cupy
    return np


def to_numpy(a):
    """A NumPy copy of a NumPy or CuPy array (scalars pass through)."""
    if type(a).__module__.startswith("cupy"):
        return a.get()
    return np.asarray(a)


def standard_normal(rng: np.random.Generator, shape, xp: ModuleType = np):
    """Standard normals of ``shape`` in namespace ``xp``, drawn from ``rng``.

    On CuPy the numbers come from a CuPy generator seeded from ``rng`` (so they
    are reproducible from the same seed, but differ from the NumPy stream).
    """
    if xp is np:
        return rng.standard_normal(shape)
    seed = int(rng.integers(0, 2**63 - 1))
    return xp.random.default_rng(seed).standard_normal(shape, dtype=xp.float64)


def chunk_sizes(total: int, per_item: float, budget: float = 2e7) -> list[int]:
    """Split ``total`` trials into batches of about ``budget / per_item`` (``per_item``: floats of working
    memory one trial needs); the sizes sum to ``total``, all but the last are equal."""
    size = max(1, int(budget // max(per_item, 1.0)))
    return [min(size, total - s) for s in range(0, total, size)]
