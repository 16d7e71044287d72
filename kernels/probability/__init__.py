"""Exact probabilities (closed forms, exact lattice laws, quadrature with an error estimate): no Monte Carlo."""
