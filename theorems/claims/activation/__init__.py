"""The activation paper (004_6e6dc5d0f10611ce.txt): how the minimum eigenvalue of the G-matrix depends on the
activation's kink or smoothness, and the Hermite/Chebyshev facts behind it. One module per claim or family:

- kink: thm-K.1, thm-4.2, thm-4.1 (lower bounds for J_1 / J_2 activations);  trace: thm-4.5;
- fig1: fig-1 (+ /separated, /odd-n: the spectra half);  fig1_training: fig-1/training (+ -separated: the loss curves);
- anticoncentration: claim-K.2;  training: thm-4.6 (GD against its spectral prediction);
- rank: lemma-F.1, thm-F.2, thm-F.3, thm-4.3 (+ readings: exact rank deficiency for polynomial phi');
- small_eigenvalues: thm-4.4, thm-G.3, thm-F.8, thm-F.11-F.12, thm-F.9;  smoothed_data: lemma-I.2, thm-4.7;
- hermite_decay, hermite_polynomials, ginf_lower_bound: Hermite coefficient decay, eqs. 9-12, lemma-I.1;
- approximation_degree, product_perturbation, chebyshev_decay: thm-F.4, eq. 8, thm-G.1, lemma-F.5, thm-H.1;
- facts_gaussian, facts_sums, facts_anticoncentration, facts_matrices: the App. C facts;
- depth: lemma-J.4;  deep_tanh: lemma-J.1, lemma-J.2, thm-4.8 (depth helps for tanh).
"""
