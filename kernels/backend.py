"""Array backend selection in one place: ``auto | numpy | cupy``.

Kernels take arrays and work in their namespace (``array_namespace``), so one
code path serves NumPy and CuPy. ``select`` picks the namespace for new arrays;
``describe`` says which one ran and on what device. A missing or unusable CuPy
never breaks the NumPy path: ``auto`` falls back to NumPy and says why.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import array_api_compat as _compat
import numpy as np

from .errors import InputError

_NP2 = tuple(int(v) for v in np.__version__.split(".")[:2]) >= (2, 1)   # np.astype, np.acos, ...

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


def _is_array(a) -> bool:
    return _compat.is_array_api_obj(a) and not isinstance(a, (bool, int, float, complex))


def array_namespace(*arrays) -> ModuleType:
    """The library the arrays live in: NumPy, CuPy (if any array is a CuPy array) or another array-API
    library (array-api-strict in the tests), via array-api-compat's ``array_namespace``; non-arrays
    (Python scalars, lists) are ignored, and NumPy is the answer when no array is given.

    The namespace is the library itself (``numpy``, ``cupy``), so NumPy/CuPy-only kernels keep working;
    backend-generic kernels use ``std_namespace`` instead."""
    arrs = [a for a in arrays if _is_array(a)]
    if not arrs:
        return np
    for a in arrs:
        if type(a).__module__.startswith("cupy"):
            import cupy  # noqa: PLC0415
            return cupy
    if all(isinstance(a, (np.ndarray, np.generic)) for a in arrs):
        return np
    return _compat.array_namespace(*arrs, use_compat=False)


def std_namespace(*arrays) -> ModuleType:
    """A namespace with the array API standard's names for the arrays' library: NumPy >= 2 itself
    (it implements the standard), array-api-compat's wrapper for CuPy and older NumPy, the library
    itself for others (array-api-strict). Backend-generic kernels call only standard functions on it,
    plus the helpers below for what the standard lacks."""
    xp = array_namespace(*arrays)
    if xp is np and _NP2:
        return np
    if xp is np:
        return _compat.array_namespace(np.zeros(0))
    if xp.__name__ == "cupy":
        return _compat.array_namespace(*[a for a in arrays if _is_array(a)])
    return xp


# ------------------------------------------------- what the standard lacks (one small function each)

def _native(xp) -> bool:
    """NumPy or CuPy (or array-api-compat's wrapper of either)."""
    name = getattr(xp, "__name__", "")
    return name in ("numpy", "cupy") or name.startswith("array_api_compat.")


def offdiag_upper(G):
    """The strict upper triangle of G (..., n, n) as (..., n(n-1)/2), row by row (``triu_indices`` order).

    The standard has no ``triu_indices`` and no multi-axis integer indexing: other libraries take
    the flat indices i*n + j from the flattened last two axes (the same entries in the same order)."""
    n = G.shape[-1]
    iu = np.triu_indices(n, 1)
    xp = array_namespace(G)
    if xp is np or xp.__name__ == "cupy":
        return G[..., iu[0], iu[1]]
    flat = xp.reshape(G, tuple(G.shape[:-2]) + (n * n,))
    return xp.take(flat, xp.asarray(iu[0] * n + iu[1]), axis=-1)


def eigvalsh(A):
    """Eigenvalues of symmetric A (..., n, n), ascending: ``linalg.eigvalsh`` (the standard's linalg
    extension; NumPy and CuPy have it)."""
    return std_namespace(A).linalg.eigvalsh(A)


def vector_norm(a, axis: int = -1):
    """The Euclidean norm along ``axis``: ``linalg.norm`` on NumPy/CuPy (unchanged results), the standard's
    ``linalg.vector_norm`` elsewhere."""
    xp = array_namespace(a)
    if xp is np or xp.__name__ == "cupy":
        return xp.linalg.norm(a, axis=axis)
    return xp.linalg.vector_norm(a, axis=axis)


def to_numpy(a):
    """A NumPy copy of a NumPy, CuPy or other array-API array (scalars pass through)."""
    if type(a).__module__.startswith("cupy"):
        return a.get()
    if isinstance(a, (np.ndarray, np.generic)) or not _is_array(a):
        return np.asarray(a)
    try:
        return np.from_dlpack(a)
    except Exception:
        return np.asarray(a.tolist())


def standard_normal(rng: np.random.Generator, shape, xp: ModuleType = np):
    """Standard normals of ``shape`` in namespace ``xp``, drawn from ``rng``.

    On CuPy the numbers come from a CuPy generator seeded from ``rng`` (so they
    are reproducible from the same seed, but differ from the NumPy stream).
    """
    if xp is np:
        return rng.standard_normal(shape)
    if getattr(xp, "__name__", "") != "cupy":     # another array-API library: the NumPy stream, moved
        return xp.asarray(rng.standard_normal(shape))
    seed = int(rng.integers(0, 2**63 - 1))
    return xp.random.default_rng(seed).standard_normal(shape, dtype=xp.float64)


def chunk_sizes(total: int, per_item: float, budget: float = 2e7) -> list[int]:
    """Split ``total`` trials into batches of about ``budget / per_item`` (``per_item``: floats of working
    memory one trial needs); the sizes sum to ``total``, all but the last are equal."""
    size = max(1, int(budget // max(per_item, 1.0)))
    return [min(size, total - s) for s in range(0, total, size)]
