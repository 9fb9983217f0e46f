"""fsspec's own shared backend test suite (``fsspec.tests.abstract``) against the real local Swift.

The same classes every fsspec backend derives (s3fs does in ``s3fs/tests/derived``): copy, get, put, open and pipe,
with fixtures that point them at a fresh container of the session's Swift. Swift has no empty directories (a
pseudo-directory exists through the objects under it), which the suite is told with
``supports_empty_directories``.
"""

from __future__ import annotations

import contextlib
import posixpath
import uuid
from collections.abc import Iterator
from typing import Any

import fsspec.tests.abstract as abstract
import pytest

from swiftfiles import NotFound, StorageClient
from swiftfiles.fsspec import SwiftFileSystem

pytestmark = pytest.mark.integration


class SwiftFixtures(abstract.AbstractFixtures):
    @pytest.fixture
    def fs(self, storage_options: dict[str, Any]) -> Iterator[SwiftFileSystem]:
        SwiftFileSystem.clear_instance_cache()
        yield SwiftFileSystem(**storage_options)
        SwiftFileSystem.clear_instance_cache()

    @pytest.fixture
    def fs_path(self, client: StorageClient) -> Iterator[str]:
        """A fresh container (named without the glob characters test ids contain: the suite globs below it)."""
        name = f"fsspec-suite-{uuid.uuid4().hex[:12]}"
        client.create_container(name)
        yield name
        with contextlib.suppress(NotFound):
            client.delete(name, del_objects=True)

    @pytest.fixture
    def fs_join(self) -> Any:
        return posixpath.join

    @pytest.fixture
    def supports_empty_directories(self) -> bool:
        return False


class TestSwiftCopy(abstract.AbstractCopyTests, SwiftFixtures):
    pass


class TestSwiftGet(abstract.AbstractGetTests, SwiftFixtures):
    pass


class TestSwiftPut(abstract.AbstractPutTests, SwiftFixtures):
    pass


class TestSwiftOpen(abstract.AbstractOpenTests, SwiftFixtures):
    pass


class TestSwiftPipe(abstract.AbstractPipeTests, SwiftFixtures):
    pass
