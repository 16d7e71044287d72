"""Hypothesis fuzzing: the engine (property registry, run, record, replay) and the strategies it draws from.
Properties live beside the claims they check (``@property_for`` in the claim modules)."""
