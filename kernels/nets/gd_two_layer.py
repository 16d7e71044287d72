"""Full-batch gradient descent on the two-layer DZPS network of 004, streamed over chunks of neurons.

Network (004 Eq. 1, c_phi = 1):   u_i = F(x_i; a, W) = (1/sqrt m) sum_k a_k phi(w_k . x_i)
Loss (004 Sec. 2):                L(W) = 1/2 sum_i (u_i - y_i)^2, only W trained, a fixed
Gradient:                         dL/dw_k = (1/sqrt m) a_k sum_i (u_i - y_i) phi'(w_k . x_i) x_i
GD (004 Sec. 2):                  W(t+1) = W(t) - eta grad L(W(t))
G-matrix (004 Eq. 2):             G_ij(t) = (1/m) sum_k a_k^2 phi'(w_k(t) . x_i) phi'(w_k(t) . x_j) <x_i, x_j>

Initialization (004 Sec. 2, DZPS): w_k ~ N(0, I_d), a_k ~ N(0, 1); ``a_law="rademacher"`` draws a_k from
U{-1, +1} as in Du et al. (004 Thm 3.1, L.1).

Memory: W and W(0) (2 m d numbers, the parameters themselves) plus one chunk of pre-activations (chunk x n, see
``CHUNK_FLOATS``); the
m x n matrix of all pre-activations and the md x n matrix M are never formed. One step is one pass over the
chunks: the gradient of a chunk at W(t) (from the residual of u(t), known from the previous pass), its update,
and its contribution to u(t+1) from the updated weights: three (chunk x d) x (d x n) products per chunk,
1.5 times the 4 m n d flops of a forward pass plus a gradient.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

from .. import activations as acts
from ..backend import Backend, select, standard_normal, to_numpy
from ..data import as_points
from ..errors import InputError
from ..gmatrix.empirical import check_count

A_LAWS = ("gaussian", "rademacher")
# pre-activations held at once, chunk * n floats: on a CPU small enough to stay in cache (the step is memory-bound
# for small d: 1024 neurons x 50 points ran 8x faster than 84k x 50 on a 2-core VM); on a GPU large (launches)
CHUNK_FLOATS = {"numpy": 1 << 16, "cupy": 1 << 24}


@dataclass(frozen=True)
class Checkpoint:
    """The state after ``step`` steps: loss 1/2||u - y||^2, ||y - u||, ||W(t) - W(0)||_F, the residual y - u(t)
    itself and, when asked for, the eigenvalues of G(t) (ascending)."""
    step: int
    loss: float
    residual_norm: float
    distance_from_init: float
    residual: tuple = ()
    gram_eigenvalues: tuple | None = None

    @property
    def lambda_min(self) -> float | None:
        return None if self.gram_eigenvalues is None else self.gram_eigenvalues[0]


@dataclass
class Trajectory:
    eta: float
    checkpoints: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"eta": self.eta, "checkpoints": [asdict(c) for c in self.checkpoints]}

    def column(self, name: str) -> list:
        return [getattr(c, name) for c in self.checkpoints]


def default_chunk(m: int, n: int, backend_name: str = "numpy") -> int:
    return max(1, min(m, CHUNK_FLOATS.get(backend_name, CHUNK_FLOATS["numpy"]) // max(1, n)))


class TwoLayerGD:
    """The DZPS two-layer network on data ``X`` (n x d, rows x_i) with targets ``y``, trained by full-batch GD.

    ``backend``: NumPy or CuPy (``kernels.backend.select``); one code path for both. ``W`` and ``a`` (shapes
    (d, m) and (m,)) may be given instead of drawn, for tests."""

    def __init__(self, X, y, activation, m: int, rng: np.random.Generator | None = None, *, a_law: str = "gaussian",
                 chunk: int | None = None, backend: Backend | None = None, W=None, a=None):
        X = as_points(X)
        n, d = X.shape
        y = np.asarray(y, dtype=float)
        if y.shape != (n,) or not np.all(np.isfinite(y)):
            raise InputError("y", f"must be {n} finite targets, one per row of X (got shape {y.shape})")
        if a_law not in A_LAWS:
            raise InputError("a_law", f"must be one of {', '.join(A_LAWS)} (got {a_law!r})")
        self.act = acts.get(activation)
        self.m = check_count(m)
        self.be = backend or select("numpy")
        xp = self.xp = self.be.xp
        self.chunk = default_chunk(self.m, n, self.be.name) if chunk is None else check_count(chunk, "chunk", "the chunk size")
        self.X = xp.asarray(X)
        self.y = xp.asarray(y)
        if W is None or a is None:
            if rng is None:
                raise InputError("rng", "a generator is needed to draw W and a (or give both W and a)")
            W = standard_normal(rng, (d, self.m), xp)
            a = standard_normal(rng, (self.m,), xp)
            if a_law == "rademacher":
                a = xp.where(a >= 0, 1.0, -1.0)
        self.W = xp.asarray(W, dtype=xp.float64).copy()       # trained in place: never the caller's array
        self.a = xp.asarray(a, dtype=xp.float64).copy()
        if self.W.shape != (d, self.m) or self.a.shape != (self.m,):
            raise InputError("W", f"W must have shape ({d}, {self.m}) and a shape ({self.m},)")
        self.W0 = self.W.copy()
        self.steps = 0
        self.u = self.outputs()

    def _chunks(self):
        for start in range(0, self.m, self.chunk):
            yield slice(start, min(start + self.chunk, self.m))

    def outputs(self):
        """u_i = (1/sqrt m) sum_k a_k phi(w_k . x_i) at the current W (004 Eq. 1)."""
        u = self.xp.zeros(self.X.shape[0])
        for sl in self._chunks():
            u += self.act.phi(self.X @ self.W[:, sl]) @ self.a[sl]
        return u / math.sqrt(self.m)

    def gradient(self):
        """dL/dW (d x m) at the current W: column k is (1/sqrt m) a_k sum_i (u_i - y_i) phi'(w_k . x_i) x_i."""
        r = self.u - self.y
        g = self.xp.empty_like(self.W)
        for sl in self._chunks():
            g[:, sl] = self.X.T @ (self.act.dphi(self.X @ self.W[:, sl]) * r[:, None]) * self.a[sl]
        return g / math.sqrt(self.m)

    def step(self, eta: float) -> None:
        """One GD step W <- W - eta grad L(W), and u at the new W, in one pass over the chunks of neurons."""
        r = self.u - self.y
        scale = eta / math.sqrt(self.m)
        u_next = self.xp.zeros_like(self.u)
        for sl in self._chunks():
            Wc = self.W[:, sl]
            Wc -= scale * (self.X.T @ (self.act.dphi(self.X @ Wc) * r[:, None]) * self.a[sl])
            u_next += self.act.phi(self.X @ Wc) @ self.a[sl]
        self.u = u_next / math.sqrt(self.m)
        self.steps += 1

    def gram(self):
        """G(t) (004 Eq. 2) at the current W, accumulated over chunks: (1/m) (D^T D) ⊙ (X X^T), D_ki = a_k phi'."""
        n = self.X.shape[0]
        acc = self.xp.zeros((n, n))
        for sl in self._chunks():
            D = self.act.dphi(self.X @ self.W[:, sl]) * self.a[sl]
            acc += D @ D.T
        return acc * (self.X @ self.X.T) / self.m

    def checkpoint(self, with_gram: bool = False) -> Checkpoint:
        r = to_numpy(self.y - self.u)
        dist = float(to_numpy(self.xp.sqrt(self.xp.sum((self.W - self.W0) ** 2))))
        eig = tuple(float(v) for v in np.linalg.eigvalsh(to_numpy(self.gram()))) if with_gram else None
        return Checkpoint(self.steps, 0.5 * float(r @ r), float(np.linalg.norm(r)), dist, tuple(map(float, r)), eig)

    def run(self, eta: float, steps: int, checkpoints=None, gram_at=(), progress=None) -> Trajectory:
        """``steps`` GD steps at rate ``eta``; a checkpoint at step 0, at every step in ``checkpoints`` (default: 20
        roughly geometric steps) and at the end; G(t)'s eigenvalues at the steps in ``gram_at``. Memory does not
        grow with ``steps``. ``progress(done, total)`` is called after each checkpoint."""
        if not (isinstance(eta, (int, float)) and math.isfinite(eta) and eta > 0):
            raise InputError("eta", f"the learning rate must be a positive number (got {eta!r})")
        steps = int(steps)
        if steps < 0:
            raise InputError("steps", f"must be >= 0 (got {steps})")
        marks = set(checkpoints) if checkpoints is not None else {
            int(round(v)) for v in np.geomspace(1, max(steps, 1), 20)}
        marks = {s for s in marks if 0 < s <= steps} | {steps}
        gram_at = set(gram_at)
        traj = Trajectory(float(eta), [self.checkpoint(with_gram=self.steps in gram_at)])
        for _ in range(steps):
            self.step(eta)
            if self.steps in marks:
                traj.checkpoints.append(self.checkpoint(with_gram=self.steps in gram_at))
                if progress is not None:
                    progress(self.steps, steps)
        return traj


def linear_residuals(G0: np.ndarray, residual0: np.ndarray, eta: float, steps) -> np.ndarray:
    """The residuals (I - eta G^(0))^t (y - u(0)) of the linearized dynamics (004 Eq. 69 without tau), one row per t."""
    lam, V = np.linalg.eigh(np.asarray(G0, dtype=float))
    proj = V.T @ np.asarray(residual0, dtype=float)
    t = np.asarray(list(steps), dtype=float)[:, None]
    return ((1 - eta * lam[None, :]) ** t * proj[None, :]) @ V.T


def spectral_prediction(G0: np.ndarray, residual0: np.ndarray, eta: float, steps) -> np.ndarray:
    """004 Thm 4.6: (sum_i (1 - eta lambda_i)^{2t} (v_i^T (y - u(0)))^2)^{1/2} for each t in ``steps``, with
    (lambda_i, v_i) the eigenpairs of G^(0): the norm of the linearized residual (``linear_residuals``)."""
    return np.linalg.norm(linear_residuals(G0, residual0, eta, steps), axis=1)
