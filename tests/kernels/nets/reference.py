"""Independent references shared by the tests of kernels.nets: per-example gradients by an explicit loop
(plain chain rule, no batching) and small random networks."""
from __future__ import annotations

import math

import numpy as np

from kernels.nets import mlp


def loop_gradients(net, X, y, loss):
    """Per-example gradients by an explicit loop over examples and layers (plain chain rule, no batching):
    a second implementation of backprop, independent of kernels.nets.mlp.backward_signals."""
    act = net.activation
    out = []
    for x, t in zip(X, y):
        hs, zs = [x], []
        for p, W in enumerate(net.weights):
            z = W @ hs[-1] + (net.biases[p] if net.biases is not None else 0.0)
            zs.append(z)
            last = p == len(net.weights) - 1
            hs.append(act.phi(z) if (not last or net.output_activation) else z)
        g = float(hs[-1][0])
        if loss == "square":
            dg = g - t
        elif loss == "logistic":
            dg = -t / (1.0 + math.exp(t * g))
        else:
            dg = 1.0
        delta = np.array([dg]) * (act.dphi(zs[-1]) if net.output_activation else 1.0)
        grads = [None] * len(net.weights)
        for p in range(len(net.weights) - 1, -1, -1):
            gW = np.outer(delta, hs[p])
            grads[p] = (gW, delta.copy())
            if p:
                delta = (net.weights[p].T @ delta) * act.dphi(zs[p - 1])
        flat = []
        for gW, gb in grads:
            flat.append(gW.ravel())
            if net.biases is not None:
                flat.append(gb)
        out.append(np.concatenate(flat))
    return np.array(out)


def tiny_net(act="tanh", bias=False, depth=2, width=5, d=4, rng=None, output_activation=True):
    rng = rng or np.random.default_rng(0)
    net = mlp.init_mlp(d, width, depth, act, rng, scheme="he", bias=bias, output_activation=output_activation)
    if bias:
        net.biases = [rng.standard_normal(b.shape) * 0.3 for b in net.biases]
    return net
