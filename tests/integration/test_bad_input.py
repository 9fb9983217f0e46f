"""Bad input as a careless user gives it: a precise error, before any request, and nothing changed (issue 10)."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator

import pytest
from tests.support.clients import through_proxy
from tests.support.faultproxy import FaultProxy

from swiftfiles import (
    ConnectionFailed,
    LocalPathConflict,
    NotAFile,
    RequestTimeout,
    StorageClient,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def proxy(swift) -> Iterator[FaultProxy]:
    with FaultProxy(swift.host, swift.port) as p:
        yield p


@pytest.fixture
def watched(swift, proxy: FaultProxy) -> Iterator[StorageClient]:
    """A client whose requests the proxy records (warm-up traffic cleared)."""
    with through_proxy(swift, proxy) as c:
        yield c


def test_a_single_name_is_not_a_list_of_names(client: StorageClient, container: str) -> None:
    for name in ("x", "t", "xt"):
        client.store_object(container, name, b"keep me")
    for wrong in ("xt", b"xt"):
        with pytest.raises(TypeError, match="list of names"):
            client.bulk_delete(container, wrong)  # type: ignore[arg-type]
    assert sorted(client.list_container_object_names(container)) == ["t", "x", "xt"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c, k: c.store_object(k, "o", b"x", ttl=-1), "ttl must not be negative"),
        (lambda c, k: c.delete_object_in_seconds(k, "kept", -1), "seconds must not be negative"),
        (lambda c, k: c.fetch_object(k, "kept", chunk_size=0), "chunk_size must be at least 1"),
        (lambda c, k: c.fetch_object(k, "kept", size=-1), "size must not be negative"),
        (lambda c, k: c.list_container_objects(k, limit=-1), "limit must not be negative"),
        (lambda c, k: c.list_containers_info(limit=-5), "limit must not be negative"),
        (lambda c, k: c.upload_file(k, io.BytesIO(b"x"), obj_name="o", content_length=-2), "content_length"),
    ],
)
def test_bad_numbers_are_refused_before_any_request(
    client: StorageClient, watched: StorageClient, proxy: FaultProxy, container: str, call, message: str
) -> None:
    client.store_object(container, "kept", b"still here")
    proxy.clear()
    with pytest.raises(ValueError, match=message):
        call(watched, container)
    assert proxy.requests == []
    assert client.list_container_object_names(container) == ["kept"]
    assert "X-Delete-At" not in client.connection.head_object(container, "kept")


@pytest.mark.parametrize(
    ("metadata", "named"),
    [({5: "v"}, "5"), ({b"k": "v"}, "b'k'"), ({"k": None}, "'k'"), ({"k": b"v"}, "'k'"), ({"k": ["v"]}, "'k'")],
)
def test_metadata_that_is_not_text_is_refused_naming_the_key(
    watched: StorageClient, proxy: FaultProxy, container: str, metadata: dict, named: str
) -> None:
    with pytest.raises(TypeError, match=f"metadata (key|value for) {named}"):
        watched.store_object(container, "m", b"x", metadata=metadata)
    with pytest.raises(TypeError, match=f"metadata (key|value for) {named}"):
        watched.set_container_metadata(container, metadata)
    assert proxy.requests == []


def test_a_refused_connection_is_not_a_timeout() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the socket is closed
    client = StorageClient(storage_url=f"http://127.0.0.1:{port}/v1/AUTH_x", token="t", retries=0)
    with client, pytest.raises(ConnectionFailed) as info:
        client.get_account_info()
    assert not isinstance(info.value, RequestTimeout)
    assert "connection failed" in str(info.value)


def test_messages_point_at_what_the_user_passed(client: StorageClient, container: str, tmp_path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(NotAFile, match="a-folder.* is a folder, not a file: use upload_folder"):
        client.upload_file(container, str(folder))
    with pytest.raises(TypeError, match="text mode"):
        client.upload_file(container, io.StringIO("text"), obj_name="t.txt")
    assert client.list_container_object_names(container) == []

    client.store_object(container, "a/b", b"nested")
    client.store_object(container, "x" * 300, b"long")
    target = tmp_path / "out"
    target.mkdir()
    (target / "a").write_bytes(b"a file where a folder would go")
    with pytest.raises(LocalPathConflict, match=r"cannot write .*/a/b to .*out/a/b': .*out/a' is a file, not a folder"):
        client.download_object(container, "a/b", str(target))
    synced = client.sync_container_to_folder(container, str(target), ignore=["x" * 300])
    [(name, error)] = synced.errors  # the same precise error through sync, for that object only
    assert name == "a/b" and isinstance(error, LocalPathConflict) and ".sfpart" not in str(error)
    with pytest.raises(LocalPathConflict, match="longer than the 255 bytes this file system allows"):
        client.download_object(container, "x" * 300, str(target))
    assert sorted(p.name for p in target.iterdir()) == ["a"]
