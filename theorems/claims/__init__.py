"""Claim modules, one per claim or small family. Each exposes ``CLAIMS``: a list of Claim."""
MODULES = (
    "activation_rank",
    "activation_kink",
    "activation_trace",
    "activation_fig1",
    "activation_hermite",
    "activation_cheb",
    "activation_smooth",
    "activation_facts",
    "activation_depth",
    "width",
    "confusion",
    "overparam",
)
