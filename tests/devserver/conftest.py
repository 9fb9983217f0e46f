"""Fixtures for the devserver tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from swiftfiles.devserver import DevServer, ServerInfo


@pytest.fixture(scope="module")
def devserver() -> Iterator[ServerInfo]:
    """One server for the read-mostly tests of a module (starting one costs ~1 s)."""
    with DevServer() as info:
        yield info
