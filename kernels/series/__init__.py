"""Series expansions and one-dimensional maps: normalized Hermite coefficients (float64 and mpmath), Chebyshev
series, the bivariate normal CDF, the correlation map of deep tanh nets, and the functions they approximate."""
