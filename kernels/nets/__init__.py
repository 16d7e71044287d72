"""Networks of the papers and their gradients. ``ghost`` holds the one per-example gradient Gram
Σ_l (B_l B_lᵀ) ⊙ (A_l A_lᵀ) and what derives from it (confusion, cosines, diversity); the others build networks
(mlp, deep_relu, linear, fixed_nets), train them (sgd, linear_training) or search them (adversary)."""
