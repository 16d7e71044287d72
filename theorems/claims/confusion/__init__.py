"""Gradient confusion (Sankararaman et al.): 000 (ICML appendix, clean) and 002 (ICLR main text, OCR'd).

Gradient confusion (002 Def. 2.1): the set {f_i} has confusion bound η when <∇f_i, ∇f_j> >= −η for
all i ≠ j. Every inner product comes from the per-example gradient Gram of ``kernels.nets.ghost`` (never
from materialized per-example gradients, except in the small ball search of Cor. 5.1, where one gradient
per trial is needed as a direction). Claims (ids of ../shared/CLAIMS.md, section "confusion"), one module
per claim or family:

- tail_bounds: lemma-B.1 (near orthogonality of random unit vectors);
- sgd_bounds: thm-3.1, thm-3.2, thm-3.2/corrected (SGD bounds with explicit constants);
- app_c: app-C (gradient inner products near a common minimizer);
- lemma_d1: lemma-D.1 and lemma-D.1/zero-at-zero (the four bounds on nets of eq. 4 under Assumption 1; the
  variant adds the σ(0) = 0 that only the proof uses);
- concentration: thm-5.1, cor-5.1, thm-4.1 (failure probabilities of the confusion bound; tanh and sigmoid);
- fig1: fig-1 and fig-1/planted-labels (over-parameterized linear regression under the two label models);
- pooled: ``PooledRate``, a high-probability check on pooled trial counts (no claims).
"""
APP = "000_faae19e659337a38.txt"
MAIN = "002_a26379e51a4bac06.txt"
REL_TOL = 1e-9          # relative slack granted to deterministic inequalities (float64 rounding)
