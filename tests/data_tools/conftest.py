"""Fixtures for the fsspec filesystem and the data tools: storage options for the session's real Swift."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

USER = "test:tester"


def options_for(swift, user: str = USER, **extra: Any) -> dict[str, Any]:
    """``storage_options`` that reach the session's Swift as *user* (what a pandas or Dask user would pass)."""
    return {"auth_url": swift.auth_url, "username": user, "password": swift.users[user], **extra}


@pytest.fixture
def storage_options(swift) -> dict[str, Any]:
    return options_for(swift)


@pytest.fixture
def opts(swift) -> Callable[..., dict[str, Any]]:
    """``opts(user=..., **extra)``: storage options for another user or with extra settings."""
    return lambda user=USER, **extra: options_for(swift, user, **extra)


@pytest.fixture
def fs(storage_options) -> Iterator[Any]:
    """A fresh ``SwiftFileSystem`` (not one cached by an earlier test)."""
    from swiftfiles.fsspec import SwiftFileSystem

    SwiftFileSystem.clear_instance_cache()
    filesystem = SwiftFileSystem(**storage_options)
    yield filesystem
    SwiftFileSystem.clear_instance_cache()
