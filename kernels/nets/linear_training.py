"""Mini-batch SGD on deep linear networks and the synthetic regression of 003 Sec. 5 (Fig. 2, Lemma 1).

``sgd`` trains G copies of a linear network at once (one per step size, or independent sample paths),
recording the full loss. On top of it: the synthetic problem of 003 Sec. 5 (N(0, I_d) inputs, labels of a
deep linear N(0,1) teacher), the width that matches a parameter count, the step-size unit (per-example
curvature), the largest converging batch size over a step-size grid (Fig. 2 (b)), gradient diversity
along a run (Fig. 2 (a)), and Lemma 1's comparison of serial SGD with mini-batch SGD under the
batch-size condition B ≤ δ nΔ_S + 1.

Array code is written once for NumPy and CuPy (namespace taken from the inputs).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..backend import array_namespace, to_numpy
from ..errors import InputError
from .linear import backward_rows, end_to_end, forward, init_weights, lnn_diversity_copies


def to_np_bool(a):
    """A NumPy bool array from a NumPy/CuPy array."""
    return np.asarray(a.get() if hasattr(a, "get") else a, dtype=bool)


def full_loss(Ws, X, y):
    """(1/n) Σ_i ½(ŷ_i − y_i)²; weights may carry a leading copy axis (G, K_ℓ, K_{ℓ-1}) -> shape (G,)."""
    xp = array_namespace(X)
    out = X
    for W in Ws:
        out = out @ (W.transpose(0, 2, 1) if W.ndim == 3 else W.T)
    e = out[..., 0] - y
    return 0.5 * xp.mean(e * e, axis=-1)


def sgd(Ws0, X, y, lrs, batch: int, rng, epochs: int | None = None, steps: int | None = None,
        reduce: str = "mean", sampling: str = "epoch", tol: float | None = None,
        diverge: float = 1e8, record_every: int | None = None, on_record=None):
    """Mini-batch SGD on f_i = ½(W x_i − y_i)² for G copies at once (one per entry of ``lrs``).

    Update (003 eq. 3.1): w ← w − γ g, g = Σ_{i∈batch} ∇f_i (``reduce="sum"``) or the batch mean
    (``"mean"``: the paper subsumes 1/B into γ). ``sampling``: "epoch" (shuffled passes without
    replacement, one permutation shared by the copies) or "replacement" (each copy draws its own
    indices uniformly with replacement, as in eq. 3.1: independent sample paths).
    Runs ``epochs`` passes of n // batch iterations, or exactly ``steps`` iterations; records the full
    loss every ``record_every`` iterations (default: once per pass) and calls ``on_record(t, Ws)``.
    A copy whose loss exceeds ``diverge`` × its initial loss (or is not finite) is frozen and marked
    diverged. With ``tol``, stops once every live copy has loss ≤ tol × initial loss.
    Returns {"losses": (records, G), "steps": [...], "reached": first record index with loss ≤ tol
    × initial (or -1), "diverged": (G,), "weights": final copies}."""
    xp = array_namespace(X)
    n = X.shape[0]
    if not 1 <= batch <= n:
        raise InputError("batch", f"must be in [1, n={n}] (got {batch})")
    if reduce not in ("mean", "sum"):
        raise InputError("reduce", f"must be 'mean' or 'sum' (got {reduce!r})")
    if sampling not in ("epoch", "replacement"):
        raise InputError("sampling", f"must be 'epoch' or 'replacement' (got {sampling!r})")
    lrs = xp.asarray(lrs, dtype=float).reshape(-1)
    G = lrs.shape[0]
    per_epoch = max(1, n // batch)
    total = int(steps) if steps is not None else int(epochs) * per_epoch
    every = int(record_every or per_epoch)
    Ws = [xp.broadcast_to(W, (G,) + W.shape).copy() for W in Ws0]
    loss0 = full_loss(Ws, X, y)
    losses, at = [loss0], [0]
    alive = xp.ones(G, dtype=bool)
    reached = np.full(G, -1)
    scale = 1.0 / batch if reduce == "mean" else 1.0
    order = None
    if on_record is not None:
        on_record(0, Ws)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(total):
            if sampling == "epoch":
                if t % per_epoch == 0:
                    order = rng.permutation(n)
                idx = order[(t % per_epoch) * batch:(t % per_epoch + 1) * batch]
                h = xp.broadcast_to(X[idx], (G, batch, X.shape[1]))
                yb = y[idx][None, :]
            else:
                idx = rng.integers(0, n, size=(G, batch))
                h, yb = X[idx], y[idx]
            hs = [h]
            for W in Ws:
                hs.append(hs[-1] @ W.transpose(0, 2, 1))
            delta = (hs[-1][..., 0] - yb)[..., None] * scale          # (G, B, 1)
            step = xp.where(alive, lrs, 0.0)[:, None, None]
            for ell in range(len(Ws) - 1, -1, -1):
                grad = delta.transpose(0, 2, 1) @ hs[ell]              # (G, K_ℓ, K_{ℓ-1})
                if ell:
                    delta = delta @ Ws[ell]
                Ws[ell] = Ws[ell] - step * grad
            if (t + 1) % every == 0 or t + 1 == total:
                cur = full_loss(Ws, X, y)
                bad = ~xp.isfinite(cur) | (cur > diverge * loss0)
                alive = alive & ~bad
                Ws = [xp.where(alive[:, None, None], W, 0.0) for W in Ws]
                losses.append(xp.where(alive, cur, xp.inf))
                at.append(t + 1)
                if on_record is not None:
                    on_record(t + 1, Ws)
                if tol is not None:
                    ok = to_np_bool(alive & (cur <= tol * loss0))
                    reached[ok & (reached < 0)] = len(losses) - 1
                    if bool(xp.all(~alive | (cur <= tol * loss0))):
                        break
    return {"losses": xp.stack(losses), "steps": at, "reached": reached, "diverged": ~to_np_bool(alive),
            "weights": Ws}


# ---- the synthetic regression of 003 Sec. 5 ---------------------------------------------------------

def width_for_parameters(hidden_layers: int, d: int, parameters: int) -> int:
    """The width K with d K + (h−1) K² + K ≈ ``parameters`` (003 Sec. 5: h hidden layers of width K, d_out = 1)."""
    a, b = hidden_layers - 1, d + 1
    return int(round(parameters / b)) if a == 0 else int(round((-b + math.sqrt(b * b + 4 * a * parameters)) / (2 * a)))


def regression_problem(n: int, d: int, teacher: tuple, rng):
    """Synthetic set of 003 Sec. 5: x ~ N(0, I_d), labels from a deep linear teacher of hidden widths ``teacher``
    with N(0,1) weights, scaled by 1/sqrt(Π K_teacher) so labels are O(‖x‖). Returns (X, y)."""
    X = rng.standard_normal((n, d))
    Wt = init_weights((d,) + tuple(teacher), rng)
    y = X @ end_to_end(Wt) / math.sqrt(math.prod(teacher))
    return X, y


def curvature(Ws, X) -> float:
    """mean_i ‖∇_w ŷ_i‖² (per-example curvature of the square loss): the step-size unit."""
    A = forward(Ws, X)
    rows = backward_rows(Ws)
    return float(np.mean(sum(np.sum(r * r) * np.sum(a * a, axis=1) for r, a in zip(rows, A[:-1]))))


@dataclass
class TunedBatch:
    """One batch size under 003 Sec. 5's protocol (``tuned_batch_run``)."""
    batch: int
    lr: float | None                        # η̂ (None: every step size diverged within the tuning passes)
    lr_at_grid_edge: bool                   # η̂ is the smallest or largest step size of the grid
    loss_after_tuning: float                # the full loss of η̂ after the tuning passes
    epochs_to_threshold: int | None         # first pass at whose end the loss is <= threshold (None: not within)
    final_loss: float
    diversity: list = field(default_factory=list)   # B_S = nΔ_S along η̂'s run while its loss is above threshold

    @property
    def converged(self) -> bool:
        return self.epochs_to_threshold is not None

    def as_dict(self) -> dict:
        return {"batch": self.batch, "lr": self.lr, "lr_at_grid_edge": self.lr_at_grid_edge,
                "loss_after_tuning": self.loss_after_tuning, "epochs_to_threshold": self.epochs_to_threshold,
                "final_loss": self.final_loss, "diversity_checkpoints": len(self.diversity)}


def step_size_grid(W0, X, lowest: float = 2.0 ** -3, highest: float = 2.0 ** 7, count: int = 11) -> np.ndarray:
    """The candidate step sizes: a geometric grid from ``lowest`` to ``highest`` in units of 1/``curvature(W0, X)``
    (003 Sec. 5 tunes over "a grid of candidate values" without printing it)."""
    return np.geomspace(lowest, highest, count) / curvature(W0, X)


def _checkpoint_every(per_pass: int, per_pass_checkpoints: int) -> int:
    """The largest spacing <= per_pass / per_pass_checkpoints that divides a pass (so pass ends are recorded)."""
    for q in range(max(1, per_pass_checkpoints), per_pass + 1):
        if per_pass % q == 0:
            return per_pass // q
    return 1


def tuned_batch_run(W0, X, y, batch: int, lrs, rng, *, tune_epochs: int = 2, epochs: int = 14,
                    threshold: float = 1e-12, diversity_per_pass: int = 0) -> TunedBatch:
    """003 Sec. 5 at one batch size: (i) run every step size of ``lrs`` for ``tune_epochs`` passes, (ii) keep η̂, the
    one with the lowest training loss after them, and continue its run to ``epochs`` passes in all; converged =
    the full loss is <= ``threshold`` at the end of some pass (Fig. 2 (b): loss 1e-12 within 14 epochs).
    Batch-mean gradients; a pass is n // batch iterations over a fresh permutation (the n mod batch points left
    over are in the next pass's permutation). With ``diversity_per_pass`` > 0 the gradient diversity B_S = nΔ_S
    of η̂'s run is recorded that many times per pass (and at the start) while its loss is above ``threshold``
    (003 Fig. 2 (a) averages it along training)."""
    xp = array_namespace(X)
    lrs = np.asarray(lrs, float).reshape(-1)
    per_pass = max(1, X.shape[0] // batch)
    every = _checkpoint_every(per_pass, diversity_per_pass) if diversity_per_pass else per_pass
    seen = []                                                           # (B_S per copy, loss per copy)

    def record(t, Ws):
        if diversity_per_pass:
            seen.append((np.asarray(to_numpy(lnn_diversity_copies(Ws, X, y)[1]), float),
                         np.asarray(to_numpy(full_loss(Ws, X, y)), float)))
    tune = sgd(W0, X, y, lrs, batch, rng, epochs=tune_epochs, record_every=every, on_record=record)
    at_pass = [i for i, t in enumerate(tune["steps"]) if t % per_pass == 0]
    losses = np.asarray(to_numpy(tune["losses"]), float)[at_pass]     # (passes + 1, copies)
    last = np.where(np.isfinite(losses[-1]), losses[-1], np.inf)
    if not np.isfinite(last).any():
        return TunedBatch(batch, None, False, math.inf, None, math.inf)
    j = int(np.argmin(last))
    edge = j in (0, lrs.size - 1)

    def along(rows, k):
        return [float(bs[k]) for bs, loss in rows if math.isfinite(loss[k]) and loss[k] > threshold
                and math.isfinite(bs[k])]
    diversity = along(seen, j)
    hit = np.flatnonzero(losses[1:, j] <= threshold)
    if hit.size or epochs <= tune_epochs:
        return TunedBatch(batch, float(lrs[j]), edge, float(last[j]), int(hit[0]) + 1 if hit.size else None,
                          float(last[j]), diversity)
    seen.clear()
    cont = sgd([W[j] for W in tune["weights"]], X, y, xp.asarray([lrs[j]]), batch, rng, epochs=epochs - tune_epochs,
               tol=threshold / float(last[j]), record_every=every, on_record=record)
    at_pass = [i for i, t in enumerate(cont["steps"]) if t % per_pass == 0 or i == len(cont["steps"]) - 1]
    more = np.asarray(to_numpy(cont["losses"]), float)[at_pass, 0]
    hit = np.flatnonzero(more[1:] <= threshold)
    return TunedBatch(batch, float(lrs[j]), edge, float(last[j]),
                      tune_epochs + int(hit[0]) + 1 if hit.size else None, float(more[-1]),
                      diversity + along(seen[1:], 0))


# ---- Lemma 1: serial vs mini-batch SGD under B ≤ δ nΔ_S + 1 -------------------------------------------

@dataclass
class SerialVsMinibatch:
    """Outcome of ``serial_vs_minibatch`` (losses are means over the independent paths, with standard errors)."""
    serial_diverged_paths: int = 0
    serial_loss: float = math.nan             # ε: mean final loss of serial SGD
    serial_loss_se: float = math.nan
    serial_initial_loss: float = math.nan
    serial_min_batch_bound: float = math.nan  # min B_S over the serial paths' recorded iterates
    tries: list = field(default_factory=list)  # {"B", "condition_held", "min_B_S_along_path"} per batch size tried
    batch: int | None = None                  # the batch size that met the condition (None: none did)
    minibatch_loss: float = math.nan
    minibatch_loss_se: float = math.nan
    minibatch_diverged_paths: int = 0

    def ratio_interval(self, z: float = 2.576) -> tuple[float, float, float]:
        """E[loss_B]/ε with its interval (delta method on the log; the two means are independent)."""
        ratio = self.minibatch_loss / self.serial_loss
        if not math.isfinite(ratio):
            return ratio, math.inf, math.inf
        sl = math.sqrt((self.minibatch_loss_se / self.minibatch_loss) ** 2
                       + (self.serial_loss_se / self.serial_loss) ** 2)
        return ratio, ratio * math.exp(-z * sl), ratio * math.exp(z * sl)


def _min_batch_bound(Ws, X, y) -> float:
    bs = lnn_diversity_copies(Ws, X, y)[1]
    return float(np.nanmin(bs)) if np.any(np.isfinite(bs)) else math.nan


def serial_vs_minibatch(W0, X, y, lr: float, delta: float, updates: int, paths: int, rng) -> SerialVsMinibatch:
    """003 Lemma 1 on one problem: ``paths`` independent serial SGD paths (B = 1, eq. 3.1 summed gradients, indices
    with replacement, ``updates`` steps) give ε; then B = ⌊δ·min B_S on the serial paths⌋ + 1, run for updates/B
    iterations and lowered to ⌊δ·min B_S on its own path⌋ + 1 until B ≤ δ nΔ_S + 1 holds at every recorded iterate
    (B_S recorded 8 times per run)."""
    out = SerialVsMinibatch()
    serial_bs = []
    ser = sgd(W0, X, y, np.full(paths, lr), 1, rng, steps=updates, reduce="sum", sampling="replacement",
              record_every=max(1, updates // 8), on_record=lambda t, Ws: serial_bs.append(_min_batch_bound(Ws, X, y)))
    loss_s = np.asarray(ser["losses"][-1])
    if not np.all(np.isfinite(loss_s)):
        out.serial_diverged_paths = int((~np.isfinite(loss_s)).sum())
        return out
    out.serial_loss, out.serial_loss_se = float(loss_s.mean()), float(loss_s.std(ddof=1) / math.sqrt(paths))
    out.serial_initial_loss = float(ser["losses"][0][0])
    out.serial_min_batch_bound = float(np.nanmin(serial_bs))
    B = int(math.floor(delta * out.serial_min_batch_bound)) + 1
    while B >= 2:
        path_bs = []

        def record(t, Ws):
            bs = lnn_diversity_copies(Ws, X, y)[1]
            if np.any(np.isfinite(bs)):
                path_bs.append(float(np.nanmin(bs)))
        iters = updates // B
        mb = sgd(W0, X, y, np.full(paths, lr), B, rng, steps=iters, reduce="sum", sampling="replacement",
                 record_every=max(1, iters // 8), on_record=record)
        cond = B <= delta * min(path_bs) + 1
        out.tries.append({"B": B, "condition_held": bool(cond), "min_B_S_along_path": min(path_bs)})
        if cond:
            break
        B = int(math.floor(delta * min(path_bs))) + 1
    if not out.tries or not out.tries[-1]["condition_held"]:
        return out
    out.batch = B
    loss_b = np.asarray(mb["losses"][-1])
    finite = np.isfinite(loss_b)
    out.minibatch_loss = float(loss_b.mean()) if finite.all() else math.inf
    out.minibatch_loss_se = float(loss_b.std(ddof=1) / math.sqrt(paths)) if finite.all() else math.inf
    out.minibatch_diverged_paths = int((~finite).sum())
    return out
