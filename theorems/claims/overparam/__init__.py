"""Claims of 001 (Allen-Zhu, Li, Song: a convergence theory for deep learning via over-parameterization), one
module per statement or small family: forward_norms (Lemma 7.1), masked_gaussian_law (Fact 7.2),
product_norms (Lemma 7.3), backward_norms (Lemma 7.4), separation (Lemma 7.5), relu_pair_bound and
relu_pair_closed_forms (Claim 7.6 and its proof), gradient_bounds (Lemma 9.3), ntk_gradient_bounds
(Theorem 3), ntk_linearization (Theorem 5).

Network, initialization and data as in 001 Sec. 2 / Definition 2.3 (kernels.nets.deep_relu): A, W_ℓ ~ N(0, 2/m),
B ~ N(0, 1/d) with d the OUTPUT dimension (001 writes 𝔡 for the input dimension; D_IN here), data unit with
last coordinate 1/sqrt2. Every statement is implemented as printed; ``…/corrected`` variants sit next to
the two whose printed form is wrong (Fact 7.2 at h + q = 0; the closed forms in the proof of Claim 7.6).
A statement "for all i, ℓ" is measured as the max or min over i, ℓ.
"""
from __future__ import annotations

SOURCE = "001_8899e8ddccc39226.txt"
D_IN = 8


def sweep(name: str, fixed: dict, axis: str, values) -> list[dict]:
    """Grid points of one sweep: ``fixed`` with ``axis`` running over ``values``, tagged ``sweep=name``."""
    return [{"sweep": name, **fixed, axis: v} for v in values]
