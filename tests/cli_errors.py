"""The contract of both command-line tools on bad input, shared by their test tables."""
from __future__ import annotations


def assert_one_line_error(captured, flag: str) -> None:
    """Nothing on stdout, no traceback, exactly one stderr line, and that line names ``flag``."""
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"error: {flag}: "), lines[0]
    assert captured.out == ""
