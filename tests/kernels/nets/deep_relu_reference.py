"""Dense references for the tests of kernels.nets.deep_relu*: the weights as explicit matrices, a forward pass
and the masked products W_b D_{i,b-1} ⋯ D_{i,a} W_a by plain NumPy products (the kernels never form them),
and a small random net with Allen-Zhu data."""
from __future__ import annotations

import numpy as np

from kernels.nets import deep_relu as dr


def dense_weights(net):
    """(A, [W_1, ..., W_L], B) as explicit arrays."""
    return net.A, [net.weight(layer) for layer in range(1, net.L + 1)], net.B


def dense_forward(net, X):
    """(h_0..h_L stacked (L+1, n, m), masks (L+1, n, m)) by explicit products."""
    A, Ws, _ = dense_weights(net)
    H = np.maximum(X @ A.T, 0.0)
    hs, masks = [H], [X @ A.T >= 0]
    for W in Ws:
        G = H @ W.T
        masks.append(G >= 0)
        H = np.maximum(G, 0.0)
        hs.append(H)
    return np.array(hs), np.array(masks)


def dense_product(net, masks, i, a, b):
    """W_b D_{i,b-1} W_{b-1} ... D_{i,a} W_a as an explicit m x m matrix."""
    _, Ws, _ = dense_weights(net)
    M = Ws[a - 1]
    for layer in range(a, b):
        M = Ws[layer] @ (masks[layer, i][:, None] * M)
    return M


def dense_back(net, masks, i, a):
    """Back_{i,a} = B D_{i,L} W_L ⋯ D_{i,a} W_a (001 Def. 2.5) as an explicit d_out x m matrix."""
    _, Ws, B = dense_weights(net)
    ref = B
    for layer in range(net.L, a - 1, -1):
        ref = (ref * masks[layer, i][None, :]) @ Ws[layer - 1]
    return ref


def small_net(seed=0, m=14, L=4, d_in=6, d_out=3, n=5, delta=0.3):
    """(rng, net, X): a small net and n arc points at consecutive distance delta."""
    rng = np.random.default_rng(seed)
    net = dr.init(m, L, d_in, d_out, rng)
    X = dr.allen_zhu_arc(n, d_in, delta, rng)
    return rng, net, X
