"""Reports of a run: the scaling report (build), its SVG plots (plots) and the README claims table (readme)."""
