"""Fully connected networks of the gradient-confusion paper, their initializations and losses.

Network (002 eq. 4, 000 App. D.3): ``g_W(x) = σ(W_β σ(W_{β-1} ... σ(W_1 σ(W_0 x))))`` with
``W_0 ∈ R^{ℓ×d}``, ``W_p ∈ R^{ℓ×ℓ}`` for ``p ∈ [β-1]``, ``W_β ∈ R^{1×ℓ}``: width ℓ, depth β,
β+1 weight matrices, σ applied after every layer including the last (eq. 4); an optional
bias per layer (000 App. A.1 adds biases) and an optional linear output.

Initializations:
- ``strategy4.1`` (002 Strategy 4.1, 000 footnote 7): ``W_0`` entries N(0, 1/(κ0 d)), ``W_p``
  entries N(0, 1/(κ ℓ_{p-1})); the OCR of 002 is garbled around the W_0 variance, footnote 7
  of 000 says "scaled by 1/d for W_0": κ0 defaults to κ (the reading most favourable to
  Assumption 1 when κ >= 1); pass ``kappa0=1`` for the literal 1/d.
- ``he`` N(0, 2/fan_in), ``glorot`` N(0, 2/(fan_in+fan_out)) (000 App. A.1), ``lecun`` N(0, 1/fan_in).
- ``orthogonal``: semi-orthogonal matrices (every singular value 1; Saxe et al. 2014): the
  boundary of Assumption 1 where no signal is lost, the worst case for the bounds of 000 App. D.
- ``opnorm``: Assumption 1 (002 Sec. 4, ``‖W_p‖ <= 1``): ``"clip"`` divides a matrix by
  max(1, ‖W‖₂), ``"unit"`` rescales it to ‖W‖₂ = 1 exactly (the boundary of the allowed set).

Losses (002 Sec. 4 (a)): square ``f = ½(C(x) − g)²`` and logistic ``f = log(1 + exp(−C(x) g))``;
``ζ_x(W) = ∂f/∂g`` (000 Lemma D.1): ``g − C`` and ``−C/(1 + exp(C g))``.
Labeling functions C with ``|C| <= 1``, ``‖∇C‖ <= 1`` on the unit ball (002 Sec. 4 (a)): a
realizable teacher network (σ with σ(0)=0 and |σ'| <= 1, all ‖W*_p‖ <= 1), and a random
Lipschitz function ``Σ_k c_k sin(v_kᵀx + φ_k)`` with ``‖v_k‖ = 1``, ``Σ|c_k| = 1``.

Every array may carry leading batch axes: weights ``(..., out, in)`` and inputs ``(..., n, d)``
broadcast, so one call evaluates many independent networks or data sets (NumPy or CuPy).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import activations as acts
from ..backend import array_namespace, eigvalsh, standard_normal, std_namespace, vector_norm
from ..errors import InputError

SCHEMES = ("strategy4.1", "he", "glorot", "lecun", "orthogonal")
OPNORMS = (None, "clip", "unit")
LOSSES = ("square", "logistic")


@dataclass
class MLP:
    """Weights ``W_0..W_β`` (shapes ``(..., out, in)``), optional biases ``(..., out)``, activation σ."""
    weights: list
    activation: acts.Activation
    biases: list | None = None
    output_activation: bool = True          # eq. 4 applies σ to the output too
    meta: dict = field(default_factory=dict)

    @property
    def depth(self) -> int:
        """β: the number of weight matrices minus one (002 eq. 4)."""
        return len(self.weights) - 1

    @property
    def width(self) -> int:
        """ℓ = max_p ℓ_p over the hidden layers."""
        return max(int(W.shape[-2]) for W in self.weights[:-1]) if self.depth else int(self.weights[0].shape[-2])

    @property
    def n_params(self) -> int:
        p = sum(int(W.shape[-1] * W.shape[-2]) for W in self.weights)
        if self.biases is not None:
            p += sum(int(b.shape[-1]) for b in self.biases)
        return p

    def with_weights(self, weights, biases=None) -> "MLP":
        return MLP(list(weights), self.activation, None if biases is None else list(biases),
                   self.output_activation, dict(self.meta))


def _swapT(a, xp):
    return xp.matrix_transpose(a)       # xp: a std_namespace


def spectral_norms(W):
    """‖W‖₂ over the last two axes (batched): sqrt of the top eigenvalue of the smaller Gram WᵀW or WWᵀ
    (cheap for the thin W_0 ∈ R^{ℓ×d}; the top eigenvalue is computed to full relative accuracy)."""
    xp = std_namespace(W)
    Gm = xp.matmul(_swapT(W, xp), W) if W.shape[-1] <= W.shape[-2] else xp.matmul(W, _swapT(W, xp))
    return xp.sqrt(xp.maximum(eigvalsh(Gm)[..., -1], 0.0))


def rescale_opnorm(W, mode: str | None):
    """Assumption 1 (002 Sec. 4): ``clip`` -> W / max(1, ‖W‖₂); ``unit`` -> W / ‖W‖₂."""
    if mode is None:
        return W
    if mode not in OPNORMS:
        raise InputError("opnorm", f"must be one of None, 'clip', 'unit' (got {mode!r})")
    s = spectral_norms(W)[..., None, None]
    xp = array_namespace(W)
    return W / (xp.maximum(s, 1.0) if mode == "clip" else s)


def layer_shapes(d: int, width: int, depth: int, out: int = 1) -> list[tuple[int, int]]:
    """(out, in) of W_0..W_β for eq. 4: ℓ×d, (β−1) times ℓ×ℓ, 1×ℓ (β = 0: a single 1×d layer)."""
    for name, v, lo in (("d", d, 1), ("width", width, 1), ("depth", depth, 0)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
            raise InputError(name, f"must be an integer >= {lo} (got {v!r})")
    if depth == 0:
        return [(out, d)]
    return [(width, d)] + [(width, width)] * (depth - 1) + [(out, width)]


def init_std(scheme: str, p: int, fan_out: int, fan_in: int, kappa: float, kappa0: float) -> float:
    """Standard deviation of the entries of W_p under ``scheme`` (see module doc)."""
    if scheme == "strategy4.1":
        return math.sqrt(1.0 / ((kappa0 if p == 0 else kappa) * fan_in))
    if scheme == "he":
        return math.sqrt(2.0 / fan_in)
    if scheme == "glorot":
        return math.sqrt(2.0 / (fan_in + fan_out))
    if scheme == "lecun":
        return math.sqrt(1.0 / fan_in)
    raise InputError("scheme", f"must be one of {', '.join(SCHEMES)} (got {scheme!r})")


def semi_orthogonal(rng: np.random.Generator, shape: tuple, xp=np):
    """A Haar-random matrix of ``shape`` (..., out, in) with all singular values 1 (QR of a Gaussian)."""
    out, inn = shape[-2], shape[-1]
    G = standard_normal(rng, tuple(shape[:-2]) + (max(out, inn), min(out, inn)), xp)
    Q, R = xp.linalg.qr(G)
    Q = Q * xp.sign(xp.diagonal(R, axis1=-2, axis2=-1))[..., None, :]     # Haar measure
    return Q if out >= inn else xp.swapaxes(Q, -1, -2)


def init_mlp(d: int, width: int, depth: int, activation, rng: np.random.Generator, *,
             scheme: str = "strategy4.1", kappa: float = 1.0, kappa0: float | None = None,
             opnorm: str | None = None, bias: bool = False, output_activation: bool = True,
             batch: tuple = (), xp=np) -> MLP:
    """A random network of eq. 4. ``batch`` prepends axes: that many independent networks."""
    if not (isinstance(kappa, (int, float)) and kappa > 0):
        raise InputError("kappa", f"must be > 0 (002 Strategy 4.1; got {kappa!r})")
    k0 = kappa if kappa0 is None else kappa0
    if not (isinstance(k0, (int, float)) and k0 > 0):
        raise InputError("kappa0", f"must be > 0 (got {kappa0!r})")
    if opnorm not in OPNORMS:
        raise InputError("opnorm", f"must be one of None, 'clip', 'unit' (got {opnorm!r})")
    act = acts.get(activation)
    batch = tuple(int(b) for b in batch)
    Ws, bs = [], ([] if bias else None)
    for p, (fo, fi) in enumerate(layer_shapes(d, width, depth)):
        if scheme == "orthogonal":
            W = semi_orthogonal(rng, batch + (fo, fi), xp)
        else:
            W = standard_normal(rng, batch + (fo, fi), xp) * init_std(scheme, p, fo, fi, kappa, k0)
        Ws.append(rescale_opnorm(W, opnorm))
        if bias:
            bs.append(xp.zeros(batch + (fo,)))      # 000 App. A.1: biases initialized to 0
    return MLP(Ws, act, bs, output_activation,
               {"scheme": scheme, "kappa": kappa, "kappa0": k0, "opnorm": opnorm, "d": d,
                "width": width, "depth": depth})


# ---------------------------------------------------------------- forward / backward

def forward(net: MLP, X):
    """g(x) for inputs X ``(..., n, d)``; returns ``(g (..., n), A, Z)`` with the inputs
    ``A[p] (..., n, in_p)`` and pre-activations ``Z[p] (..., n, out_p)`` of every layer."""
    xp = std_namespace(X, *net.weights)
    A, Z = [], []
    h = X
    L = len(net.weights)
    for p, W in enumerate(net.weights):
        A.append(h)
        z = xp.matmul(h, _swapT(W, xp))
        if net.biases is not None:
            z = z + net.biases[p][..., None, :]
        Z.append(z)
        h = net.activation.phi(z) if (p < L - 1 or net.output_activation) else z
    return h[..., 0], A, Z


def loss_value(loss: str, g, y):
    """f = ½(y − g)² (square) or log(1 + exp(−y g)) (logistic), 002 Sec. 4 (a)."""
    xp = std_namespace(g)
    if loss == "square":
        return 0.5 * (y - g) ** 2
    if loss == "logistic":
        return xp.logaddexp(0.0, -y * g)
    raise InputError("loss", f"must be one of {', '.join(LOSSES)} or None (got {loss!r})")


def loss_zeta(loss: str | None, g, y):
    """ζ = ∂f/∂g (000 Lemma D.1): g − y (square), −y/(1 + exp(y g)) (logistic), 1 (loss None: ∇g)."""
    xp = std_namespace(g)
    if loss is None:
        return xp.ones_like(g)
    if loss == "square":
        return g - y
    if loss == "logistic":
        return -y * 0.5 * (1.0 - xp.tanh(0.5 * y * g))      # −y σ(−y g), overflow-free
    raise InputError("loss", f"must be one of {', '.join(LOSSES)} or None (got {loss!r})")


def loss_dzeta(loss: str | None, g, y):
    """∂ζ/∂g: 1 (square), y² σ(yg)σ(−yg) (logistic), 0 (None)."""
    xp = std_namespace(g)
    if loss is None:
        return xp.zeros_like(g)
    if loss == "square":
        return xp.ones_like(g)
    if loss == "logistic":
        s = 0.5 * (1.0 + xp.tanh(0.5 * y * g))
        return y * y * s * (1.0 - s)
    raise InputError("loss", f"must be one of {', '.join(LOSSES)} or None (got {loss!r})")


def backward_signals(net: MLP, A, Z, zeta):
    """Per-example backprop signals ``B[p] = ∂f_i/∂z_p`` (..., n, out_p) given ζ_i = ∂f_i/∂g.

    000 App. D.3: g_β = σ'(H_β), g_p = (W_{p+1}ᵀ g_{p+1}) ⊙ σ'(z_p); ∇_{W_p} f_i = ζ_i g_p(x_i) a_{p-1}(x_i)ᵀ.
    """
    xp = std_namespace(zeta, *net.weights)
    L = len(net.weights)
    B = [None] * L
    top = net.activation.dphi(Z[-1]) if net.output_activation else xp.ones_like(Z[-1])
    B[-1] = top * zeta[..., None]
    for p in range(L - 2, -1, -1):
        B[p] = xp.matmul(B[p + 1], net.weights[p + 1]) * net.activation.dphi(Z[p])
    return B


def input_gradient(net: MLP, X, zeta=None):
    """∇_x f_i (or ∇_x g with ζ = 1), shape (..., n, d): B_0 W_0."""
    xp = std_namespace(X, *net.weights)
    g, A, Z = forward(net, X)
    z = xp.ones_like(g) if zeta is None else zeta
    B = backward_signals(net, A, Z, z)
    return xp.matmul(B[0], net.weights[0])


def layer_grad_norms(net: MLP, X, zeta=None):
    """‖∇_{W_p} f_i‖ for every layer p and example i, shape (L, ..., n): the gradient is the outer
    product b aᵀ (plus the bias b), so its Frobenius (= operator, for a rank one) norm is ‖b‖‖a‖."""
    xp = std_namespace(X, *net.weights)
    g, A, Z = forward(net, X)
    z = xp.ones_like(g) if zeta is None else zeta
    B = backward_signals(net, A, Z, z)
    out = []
    for a, b in zip(A, B):
        nb, na = vector_norm(b), vector_norm(a)
        out.append(nb * na)
    return xp.stack(out), B, A


# ---------------------------------------------------------------- labeling functions C

@dataclass
class Labels:
    """A labeling function C: R^d -> [-1, 1] with ‖∇C‖ <= 1 on the unit ball (002 Sec. 4 (a))."""
    kind: str
    fn: object
    lipschitz_bound: float
    sup_bound: float
    params: dict = field(default_factory=dict)

    def __call__(self, X):
        return self.fn(X)


def teacher(d: int, width: int, depth: int, rng: np.random.Generator, activation="tanh",
            xp=np) -> Labels:
    """Realizable labels: C = g_{W*} for a network of eq. 4 with ‖W*_p‖₂ = 1 (Assumption 1).

    σ(0) = 0 and |σ'| <= 1 give ‖a_p‖ <= ‖x‖ <= 1 layer by layer, so |C| <= 1 and ‖∇C‖ <= 1.
    """
    act = acts.get(activation)
    if abs(float(act.phi(np.zeros(1))[0])) > 0 or not act.lipschitz <= 1.0:
        raise InputError("activation", f"a teacher needs σ(0) = 0 and Lipschitz <= 1 (got {act.name})")
    net = init_mlp(d, width, depth, act, rng, scheme="lecun", opnorm="unit", xp=xp)
    return Labels("teacher", lambda X: forward(net, X)[0], 1.0, 1.0,
                  {"width": width, "depth": depth, "activation": act.name})


def random_lipschitz(d: int, rng: np.random.Generator, terms: int = 8, xp=np) -> Labels:
    """C(x) = Σ_k c_k sin(v_kᵀx + φ_k), ‖v_k‖ = 1, Σ|c_k| = 1: |C| <= 1 and ‖∇C‖ <= 1 everywhere."""
    V = rng.standard_normal((terms, d))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    c = rng.standard_normal(terms)
    c /= np.abs(c).sum()
    ph = rng.uniform(0, 2 * np.pi, terms)
    Vx, cx, px = xp.asarray(V), xp.asarray(c), xp.asarray(ph)

    def fn(X):
        return xp.sin(xp.matmul(X, Vx.T) + px) @ cx
    return Labels("random_lipschitz", fn, 1.0, 1.0, {"terms": terms})


def constant_labels(value: float = 1.0) -> Labels:
    """C ≡ value (|value| <= 1, ∇C = 0): allowed by 002 Sec. 4 (a)."""
    if not -1.0 <= value <= 1.0:
        raise InputError("value", f"a label must lie in [-1, 1] (got {value})")

    def fn(X):
        xp = array_namespace(X)
        return xp.full(X.shape[:-1], float(value))
    return Labels("constant", fn, 0.0, abs(value), {"value": value})
