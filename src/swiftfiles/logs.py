"""The library's loggers, and showing them to a user who asked for them.

Every module logs under ``swiftfiles`` (``swiftfiles.http`` requests and retries, ``swiftfiles.transfer``,
``swiftfiles.sync``, ``swiftfiles.largeobjects``, ``swiftfiles.pyrax``, ``swiftfiles.devserver``). The package
logger has a ``NullHandler``, as libraries should: an application that configures nothing sees nothing.

A seed method called with ``verbose=True`` is a user asking to see its lines, though: ``verbose_lines`` routes them
to standard error for the duration of the call when the application has not configured any handler that would
show them (with logging configured, they go where the application sends them, and nothing is added).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

ROOT = "swiftfiles"


def _shown(logger: logging.Logger) -> bool:
    """Whether a record of *logger* reaches a handler that does something (any but ``NullHandler``)."""
    current: logging.Logger | None = logger
    while current is not None:
        if any(not isinstance(h, logging.NullHandler) for h in current.handlers):
            return True
        if not current.propagate:
            return False
        current = current.parent
    return False


@contextlib.contextmanager
def verbose_lines(name: str, enabled: bool) -> Iterator[None]:
    """While *enabled*, INFO lines of logger *name* are shown on standard error if nothing else would show them."""
    logger = logging.getLogger(name)
    if not enabled or _shown(logger):
        yield
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
