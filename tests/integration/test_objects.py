"""Objects: uploads, fetches, downloads, copy/move, metadata and expiry against the real Swift."""

import hashlib
import io
import os
import time

import pytest
from tests.support.clients import through_proxy
from tests.support.faultproxy import FaultProxy

from swiftfiles import StorageObject
from swiftfiles.exceptions import (
    FileNotFound,
    FolderNotFound,
    IntegrityError,
    InvalidName,
    MissingName,
    NoContentSpecified,
    NoSuchContainer,
    NoSuchObject,
    NotCDNEnabled,
    UnsafePath,
)

pytestmark = pytest.mark.integration

NAMES = [
    "plain.txt",
    "sp ace.txt",
    "q?u#e%r+y&x=1;.bin",
    "ünï/cødé ✓.txt",
    "/leading/slash",
    "a/../b",
    "dir/",
]


@pytest.mark.parametrize("name", NAMES)
def test_names_round_trip(client, container, name: str) -> None:
    client.store_object(container, name, name.encode())
    assert client.fetch_object(container, name) == name.encode()
    assert client.list_container_object_names(container) == [name]
    assert client.get_object(container, name).name == name
    client.delete_object(container, name)
    assert client.list_container_object_names(container) == []


def test_store_object_kinds_of_data(client, container) -> None:
    obj = client.store_object(container, "bytes", b"\x00\x01")
    assert isinstance(obj, StorageObject) and obj.total_bytes == 2 and obj.etag == hashlib.md5(b"\x00\x01").hexdigest()
    client.store_object(container, "text", "grüße")
    assert client.fetch_object(container, "text") == "grüße".encode()
    client.store_object(container, "file", io.BytesIO(b"from a file"))
    assert client.fetch_object(container, "file") == b"from a file"
    client.store_object(container, "gen", (bytes([i]) * 1000 for i in range(50)))
    assert client.fetch_object(container, "gen") == b"".join(bytes([i]) * 1000 for i in range(50))
    assert client.store_object(container, "none", b"x", return_none=True) is None


def test_chunked_streaming_upload(client, container) -> None:
    payload = os.urandom(300_000)
    obj = client.store_object(container, "stream.bin", io.BytesIO(payload), chunk_size=65536)
    assert obj.etag == hashlib.md5(payload).hexdigest() and obj.total_bytes == len(payload)
    assert client.fetch_object(container, "stream.bin") == payload


def test_content_type_guessed_or_given(client, container) -> None:
    client.store_object(container, "page.html", b"<p>")
    client.store_object(container, "data.json", b"{}", content_type="application/x-custom")
    assert client.get_object(container, "page.html").content_type == "text/html"
    assert client.get_object(container, "data.json").content_type == "application/x-custom"


def test_wrong_etag_is_refused_and_nothing_is_stored(client, container) -> None:
    with pytest.raises(IntegrityError, match="do not match"):
        client.store_object(container, "bad", b"data", etag="0" * 32)
    with pytest.raises(NoSuchObject):
        client.get_object(container, "bad")


def test_etag_given_by_caller_is_checked(client, container) -> None:
    obj = client.store_object(container, "good", b"data", etag=hashlib.md5(b"data").hexdigest())
    assert obj.etag == hashlib.md5(b"data").hexdigest()


def test_upload_file_by_path_and_file_object(client, container, tmp_path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"a,b\n1,2\n")
    obj = client.upload_file(container, str(path))
    assert obj.name == "report.csv" and obj.content_type == "text/csv"
    with open(path, "rb") as handle:
        client.upload_file(container, handle, obj_name="renamed.csv")
    assert client.fetch_object(container, "renamed.csv") == b"a,b\n1,2\n"
    with pytest.raises(FileNotFound):
        client.upload_file(container, str(tmp_path / "missing"))


def test_create_object_variants(client, container, tmp_path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("file body")
    assert client.create_object(container, file_or_path=str(path)).name == "f.txt"
    assert client.create_object(container, data=b"raw", obj_name="d").total_bytes == 3
    with pytest.raises(MissingName):
        client.create_object(container, data=b"raw")
    with pytest.raises(NoContentSpecified):
        client.create_object(container)
    with pytest.raises(NoContentSpecified):
        client.store_object(container, "x", None)


def test_ttl_and_metadata_on_upload(client, container) -> None:
    client.store_object(container, "t", b"x", ttl=3, metadata={"owner": "me"}, content_encoding="identity")
    headers = client.connection.head_object(container, "t")
    assert headers["X-Object-Meta-Owner"] == "me" and "X-Delete-At" in headers
    time.sleep(4.1)
    with pytest.raises(NoSuchObject):
        client.get_object(container, "t")


def test_missing_container_or_object(client, container) -> None:
    with pytest.raises(NoSuchObject) as info:
        client.fetch_object(container, "nope")
    assert info.value.status == 404 and "nope" in str(info.value)
    with pytest.raises(NoSuchContainer):
        client.store_object(container + "-missing", "x", b"1")
    with pytest.raises(NoSuchObject):
        client.delete_object(container, "nope")


def test_fetch_variants(client, container) -> None:
    payload = bytes(range(256)) * 100
    client.store_object(container, "p", payload, metadata={"k": "v"})
    assert client.fetch_object(container, "p", size=10) == payload[:10]
    assert client.fetch_partial(container, "p", 300) == payload[:300]
    assert client.fetch_partial(container, "p", 10**9) == payload
    headers, data = client.fetch_object(container, "p", include_meta=True)
    assert data == payload and headers["x-object-meta-k"] == "v" and headers["etag"]
    gen = client.fetch_object(container, "p", chunk_size=1000)
    chunks = list(gen)
    assert max(len(c) for c in chunks) <= 1000 and b"".join(chunks) == payload
    obj = client.get_object(container, "p")
    assert obj.get(chunk_size=4096) is not None and obj.fetch() == payload


def test_download_object(client, container, tmp_path) -> None:
    client.store_object(container, "nested/dir/file.txt", b"content")
    path = client.download_object(container, "nested/dir/file.txt", str(tmp_path))
    assert path == tmp_path / "nested/dir/file.txt" and path.read_bytes() == b"content"
    flat = client.download_object(container, "nested/dir/file.txt", str(tmp_path / "nested"), structure=False)
    assert flat == tmp_path / "nested/file.txt"
    assert not [p for p in tmp_path.rglob("*.sfpart")]
    # Folders are created as needed, as swift and rclone do; a download that fails leaves none behind.
    made = client.download_object(container, "nested/dir/file.txt", str(tmp_path / "absent" / "deeper"))
    assert made == tmp_path / "absent/deeper/nested/dir/file.txt" and made.read_bytes() == b"content"
    with pytest.raises(NoSuchObject):
        client.download_object(container, "missing.txt", str(tmp_path / "never"))
    assert not (tmp_path / "never").exists()
    (tmp_path / "a-file").write_bytes(b"x")
    with pytest.raises(FolderNotFound, match="is a file, not a folder"):
        client.download_object(container, "nested/dir/file.txt", str(tmp_path / "a-file"))


def test_download_to_a_name_of_your_choosing(client, container, tmp_path) -> None:
    client.store_object(container, "report.csv", b"a,b\n")
    chosen = client.download_object(container, "report.csv", None, to=tmp_path / "out" / "2024" / "r.csv")
    assert chosen == tmp_path / "out/2024/r.csv" and chosen.read_bytes() == b"a,b\n"
    with pytest.raises(TypeError, match="either a directory or to="):
        client.download_object(container, "report.csv", str(tmp_path), to=tmp_path / "x")


@pytest.mark.parametrize("evil", ["../escape.txt", "a/../../escape.txt", "..", "a/../../../etc/x"])
def test_download_refuses_names_escaping_the_folder(client, container, tmp_path, evil: str) -> None:
    client.store_object(container, evil, b"evil")
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(UnsafePath):
        client.download_object(container, evil, str(target))
    assert [p.name for p in tmp_path.rglob("*")] == ["target"]


def test_copy_move_and_content_type(client, container) -> None:
    client.store_object(container, "src", b"payload", metadata={"k": "v"})
    etag = client.copy_object(container, "src", container, "copy", content_type="text/x-copy")
    assert etag == hashlib.md5(b"payload").hexdigest()
    copy = client.get_object(container, "copy")
    assert copy.content_type == "text/x-copy" and client.get_object_metadata(container, "copy") == {
        "x-object-meta-k": "v"
    }
    with pytest.raises(InvalidName):
        client.copy_object(container, "src", container)
    moved = client.move_object(container, "copy", container, "moved", new_reference=True)
    assert isinstance(moved, StorageObject) and moved.name == "moved"
    with pytest.raises(NoSuchObject):
        client.get_object(container, "copy")
    assert client.move_object(container, "moved", container, "moved2") == etag
    client.change_object_content_type(container, "moved2", "application/x-new")
    assert client.get_object(container, "moved2").content_type == "application/x-new"
    assert client.get_object_metadata(container, "moved2") == {"x-object-meta-k": "v"}
    with pytest.raises(NotCDNEnabled):
        client.change_object_content_type(container, "moved2", None, guess=True)


def test_object_metadata_merge_clear_remove(client, container) -> None:
    client.store_object(container, "m", b"x", metadata={"a": "1"}, content_encoding="gzip")
    client.set_object_metadata(container, "m", {"b": "2"})
    assert client.get_object_metadata(container, "m") == {"x-object-meta-a": "1", "x-object-meta-b": "2"}
    extra: dict = {}
    client.set_object_metadata(container, "m", {"c": "ünï"}, clear=True, extra_info=extra)
    assert extra["status"] == 202
    assert client.get_object_metadata(container, "m") == {"x-object-meta-c": "ünï"}
    client.remove_object_metadata_key(container, "m", "c")
    client.remove_object_metadata_key(container, "m", "never-set")
    assert client.get_object_metadata(container, "m") == {}
    assert client.connection.head_object(container, "m")["Content-Encoding"] == "gzip"


def test_delete_in_seconds_keeps_metadata(client, container) -> None:
    client.store_object(container, "e", b"x", metadata={"keep": "me"})
    started = time.monotonic()
    client.delete_object_in_seconds(container, "e", 3)  # long enough for the HEAD below on a busy machine
    assert client.get_object_metadata(container, "e") == {"x-object-meta-keep": "me"}
    time.sleep(max(0.0, started + 4.1 - time.monotonic()))
    with pytest.raises(NoSuchObject):
        client.fetch_object(container, "e")


def test_object_metadata_at_the_limits(client, container) -> None:
    items = {f"k{i:02d}": "v" * 42 for i in range(89)}
    used = sum(len(k) + len(v) for k, v in items.items())
    items["last"] = "w" * (4096 - used - 4)
    client.store_object(container, "full", b"x", metadata=items)
    assert len(client.get_object_metadata(container, "full")) == 90
    client.set_object_metadata(container, "full", {"last": "short"})
    assert client.get_object_metadata(container, "full")["x-object-meta-last"] == "short"


def test_storage_object_methods(client, container, tmp_path) -> None:
    obj = client.store_object(container, "o.txt", b"obj")
    obj.set_metadata({"x": "1"})
    assert obj.get_metadata() == {"x-object-meta-x": "1"}
    assert obj.download(str(tmp_path)).read_bytes() == b"obj"
    assert obj.copy(container, "o2.txt")
    obj.change_content_type("text/x-o")
    assert obj.reload().content_type == "text/x-o"
    obj.delete()
    assert client.list_container_object_names(container) == ["o2.txt"]


def test_new_object_is_verified_after_and_deleted_on_mismatch(swift, client, container, tmp_path) -> None:
    """A new name is sent without a precomputed ETag (hashed while sent): a byte flipped in transit shows in the ETag
    Swift returns, and the corrupted object is deleted."""
    path = tmp_path / "f.bin"
    path.write_bytes(os.urandom(10_000))
    with FaultProxy(swift.host, swift.port) as proxy, through_proxy(swift, proxy) as flaky:
        flipped = proxy.flip_request_byte(5000, method="PUT", path=r"/f\.bin$")
        with pytest.raises(IntegrityError, match="was deleted"):
            flaky.upload_file(container, str(path))
        assert flipped.hits == 1
    with pytest.raises(NoSuchObject):
        client.get_object(container, "f.bin")


def test_overwrite_is_verified_before_it_replaces_anything(swift, client, container, tmp_path) -> None:
    """An existing name is sent with its ETag: Swift refuses a body corrupted in transit (422) and keeps the old
    version."""
    client.store_object(container, "keep.bin", b"the good version")
    path = tmp_path / "keep.bin"
    path.write_bytes(b"a corrupted new version")
    with FaultProxy(swift.host, swift.port) as proxy, through_proxy(swift, proxy) as flaky:
        proxy.flip_request_byte(3, method="PUT", path=r"/keep\.bin$", times=5)
        with pytest.raises(IntegrityError, match="do not match"):
            flaky.upload_file(container, str(path))
    assert client.fetch_object(container, "keep.bin") == b"the good version"


def test_small_new_file_is_one_request_and_existing_names_are_still_protected(client, container, tmp_path) -> None:
    sent: list[tuple[str, str | None]] = []
    original = client.http.send

    def counting(request, **kwargs):
        sent.append((request.method, request.headers.get("If-None-Match")))
        return original(request, **kwargs)

    client.http.send = counting
    path = tmp_path / "note.txt"
    path.write_bytes(b"first")
    client.upload_file(container, str(path))
    assert sent == [("PUT", "*")]  # created in one request: no HEAD first
    sent.clear()
    path.write_bytes(b"second version")
    client.upload_file(container, str(path))
    # The name exists: 412, then the careful path (HEAD, PUT with the ETag Swift verifies before storing).
    assert [m for m, _ in sent] == ["PUT", "HEAD", "PUT"] and sent[0][1] == "*" and sent[2][1] is None
    assert client.fetch_object(container, "note.txt") == b"second version"


def test_small_new_bytes_are_one_verified_request(client, container) -> None:
    sent: list[tuple[str, str | None, str | None]] = []
    original = client.http.send

    def counting(request, **kwargs):
        sent.append((request.method, request.headers.get("If-None-Match"), request.headers.get("ETag")))
        return original(request, **kwargs)

    client.http.send = counting
    client.store_object(container, "n.txt", b"first")
    # One request, and Swift checks the body against the ETag sent with it.
    assert sent == [("PUT", "*", hashlib.md5(b"first").hexdigest())]
    sent.clear()
    client.store_object(container, "n.txt", b"second version")
    assert [m for m, _, _ in sent] == ["PUT", "HEAD", "PUT"] and sent[2][1] is None
    assert client.fetch_object(container, "n.txt") == b"second version"
