"""The G-matrix of 004 eq. 2: its empirical form at initialization, its m -> infinity limit G∞, and their spectra
with an honest float64 floor (or in high precision)."""
