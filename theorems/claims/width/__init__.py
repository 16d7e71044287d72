"""Gradient diversity and width: the claims of 003 (Chen, Wang, Zhao, Papailiopoulos, Koutris,
*The effect of network width on the performance of large-batch training*), one module per claim family.

Objects (003 Sec. 3): linear nets ŷ = W_L ⋯ W_1 x, widths K_0 = d, K_1..K_{L-1}, K_L = 1, teacher
W* of the same shape, f_i = ½(W x_i − W* x_i)², gradient diversity Δ_S = Σ‖∇f_i‖² / ‖Σ∇f_i‖²
(Def. 1) and B_S = nΔ_S. Kernels: ``kernels.nets.linear`` (networks, signals for the ghost Gram,
diversity), ``kernels.nets.linear_moments`` (exact expectations by an integer recursion, by brute-force
Isserlis in sympy, and by Rao-Blackwellized Monte Carlo), ``kernels.nets.moment_comparison`` (printed
closed forms against those), ``kernels.nets.two_layer_nonlinear`` and ``kernels.nets.linear_training`` (SGD).

- ``identities``: Thms 6-10 (exact moments, App. C), printed closed form vs exact rational value.
- ``rho_bound``: Thm 3, the explicit lower bound on ρ = E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖².
- ``two_layer_moments``: Prop. A.1, Thms 4 and 5 (Θ rates of 2-layer LNN moments and variances); the catalog ids
  run every law the printed "bounded moments" admit (N(1,1) included), ``/zero-mean`` the proof's zero-mean laws.
- ``batch_bound``: Thm 1 (B_S of a draw of a 2-layer LNN), on every admitted law; ``thm-1/zero-mean`` the proof's.
- ``nonlinear``: Thm 2 (2-layer nonlinear networks).
- ``synthetic_regression``: Fig. 2 and Lemma 1 (SGD on the synthetic regression of Sec. 5; Lemma 1 under the
  cited theorem's small-step reading and, as ``lemma-1/any-step``, read literally).
"""
SOURCE = "003_ff22a8b96b446280.txt"
