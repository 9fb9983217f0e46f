"""Session fixtures: one real OpenStack Swift on loopback for the whole run, a fresh container per test."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest

from swiftfiles import StorageClient
from swiftfiles.exceptions import NotFound


@pytest.fixture(scope="session")
def swift():
    """The local Swift (``swiftfiles.devserver``): real proxy, account, container and object servers."""
    from swiftfiles.devserver import DevServer

    with DevServer() as info:
        yield info


def make_client(swift, user: str = "test:tester", **kwargs) -> StorageClient:
    return StorageClient(auth_url=swift.auth_url, username=user, password=swift.users[user], **kwargs)


@pytest.fixture
def client(swift) -> Iterator[StorageClient]:
    with make_client(swift) as c:
        yield c


@pytest.fixture
def container(client: StorageClient, request) -> Iterator[str]:
    """A uniquely named, empty container, deleted with its objects after the test."""
    name = f"t-{request.node.name[:60]}-{uuid.uuid4().hex[:8]}".replace("/", "_").replace("[", "(").replace("]", ")")
    client.create_container(name)
    yield name
    with contextlib.suppress(NotFound):
        client.delete(name, del_objects=True)


@pytest.fixture(scope="session")
def keystone():
    """A real OpenStack Keystone (identity v3, SQLite, fernet tokens) on loopback, for the whole session.

    The ``KeystoneServer`` itself (``.info`` is its ``KeystoneInfo``): tests use its ``register_object_store``,
    ``storage_url`` and ``token`` helpers. Started only when a test asks for it.
    """
    from swiftfiles.devserver.keystone import KeystoneServer

    server = KeystoneServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def keystone_swift(keystone):
    """A second local Swift whose proxy validates the ``keystone`` fixture's tokens (tempauth users still work).

    The Keystone catalog's object-store endpoints point at it (see ``KeystoneServer.register_object_store``).
    """
    from swiftfiles.devserver import DevServer

    with DevServer(keystone=keystone.info) as info:
        keystone.register_object_store(info.base_url)
        yield info


@pytest.fixture(scope="session")
def rackspace(swift):
    """EMULATED Rackspace identity v2.0 and Cloud Files CDN in front of the session's real Swift."""
    from swiftfiles.devserver.rackspace import RackspaceEmulator

    emulator = RackspaceEmulator(swift)
    emulator.start()
    try:
        yield emulator  # .info (RackspaceInfo), .expire_tokens(), .purges
    finally:
        emulator.stop()
