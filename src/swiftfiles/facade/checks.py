"""Argument checks shared by the parts: bad numbers are refused with ``ValueError`` before any request.

Swift would answer some of these with a 400 after a round trip, and others (a negative listing ``limit``, a zero
``chunk_size``) would be turned into something the caller did not ask for; both are refused here, naming the
argument.
"""

from __future__ import annotations


def non_negative(name: str, value: int | float | None) -> None:
    """*value* must be None or a number ≥ 0 (a TTL, a size, a listing limit)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")


def positive(name: str, value: int | None) -> None:
    """*value* must be None or an integer ≥ 1 (a chunk size)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
