"""upload_folder / get_uploaded / cancel_folder_upload and bulk_delete against the real Swift."""

import contextlib
import os
import uuid

import pytest
from tests.conftest import make_client
from tests.support.trees import write_tree

from swiftfiles import FolderNotFound, NotFound, TransferConfig

pytestmark = pytest.mark.integration

FILES = {
    "index.html": b"<h1>hi</h1>",
    "docs/install.html": b"install",
    "docs/ünïcødé ✓.txt": b"unicode",
    ".hidden": b"hidden files are left out unless include_hidden=True, as in a sync",
    "build/out.pyc": b"ignored",
    "data/blob.bin": os.urandom(50_000),
}


def make_tree(root):
    return write_tree(root, FILES)


def test_upload_folder_in_the_background(client, container, tmp_path) -> None:
    folder = make_tree(tmp_path / "site")
    key, total = client.upload_folder(str(folder), container, ignore="*.pyc")
    expected = {n: d for n, d in FILES.items() if not n.endswith(".pyc") and not n.startswith(".")}
    assert total == sum(len(d) for d in expected.values())
    handle = client.get_folder_upload(key)
    assert handle.wait(30) and handle.finished and handle.errors == []
    assert dict(handle.excluded) == {"hidden": 1, "filter": 1} and handle.result().skipped == 2
    assert client.get_uploaded(key) == total
    assert sorted(client.list_container_object_names(container)) == sorted(expected)
    for name, data in expected.items():
        assert client.fetch_object(container, name) == data
    assert "X-Object-Meta-Mtime" in client.connection.head_object(container, "index.html")


def test_container_named_after_the_folder_and_ttl(client, tmp_path) -> None:
    folder = tmp_path / "auto-named-folder-5f3a"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"a")
    key, total = client.upload_folder(str(folder), ttl=600)
    try:
        assert client.get_folder_upload(key).wait(30) and total == 1
        assert client.list_container_object_names("auto-named-folder-5f3a") == ["a.txt"]
        assert "X-Delete-At" in client.connection.head_object("auto-named-folder-5f3a", "a.txt")
    finally:
        client.delete("auto-named-folder-5f3a", del_objects=True)


def test_a_user_with_write_access_from_the_acl_can_upload_a_folder(swift, client, container, tmp_path) -> None:
    """An existing container is not PUT again: tempauth refuses that PUT (403) to a user whose write access comes
    from the container's ACL, although every object PUT is allowed."""
    client.connection.post_container(
        container, headers={"X-Container-Write": "test:tester3", "X-Container-Read": "test:tester3"}
    )
    files = {"index.html": b"<html>", "css/site.css": b"body{}", "data/blob.bin": os.urandom(50_000)}
    folder = write_tree(tmp_path / "site", files)
    with make_client(swift, "test:tester3") as writer:
        key, total = writer.upload_folder(str(folder), container)
        outcome = writer.get_folder_upload(key).result(30)
    assert (outcome.files_uploaded, outcome.uploaded) == (3, total)
    assert sorted(client.list_container_object_names(container)) == sorted(files)
    for name, data in files.items():
        assert client.fetch_object(container, name) == data


def test_a_missing_container_is_created_for_files_uploaded_in_parallel(swift, tmp_path) -> None:
    cname = f"t-created-by-upload-folder-{uuid.uuid4().hex[:8]}"
    files = {f"f{i:02d}.bin": os.urandom(1000 + i) for i in range(12)}
    folder = write_tree(tmp_path / "many", files)
    with make_client(swift, transfer_config=TransferConfig(concurrency=4)) as client:
        try:
            key, total = client.upload_folder(str(folder), cname)
            outcome = client.get_folder_upload(key).result(30)
            assert (outcome.files_uploaded, outcome.uploaded, outcome.errors) == (12, total, [])
            assert client.list_container_object_names(cname) == sorted(files)
            for name, data in files.items():
                assert client.fetch_object(cname, name) == data
        finally:
            with contextlib.suppress(NotFound):
                client.delete(cname, del_objects=True)


def test_status_belongs_to_the_client(swift, client, container, tmp_path) -> None:
    folder = make_tree(tmp_path / "site")
    key, _ = client.upload_folder(str(folder), container)
    client.get_folder_upload(key).wait(30)
    with make_client(swift) as other, pytest.raises(KeyError):
        other.get_uploaded(key)


def test_failure_is_visible_not_silent(client, container, tmp_path) -> None:
    folder = make_tree(tmp_path / "site")
    deep = folder.joinpath(*["d" * 200] * 6)  # an object name over Swift's 1024 bytes: the server refuses it
    deep.mkdir(parents=True)
    (deep / "too-long.txt").write_bytes(b"refused")
    key, total = client.upload_folder(str(folder), container)
    handle = client.get_folder_upload(key)
    assert handle.wait(30) and handle.finished
    assert [name.rsplit("/", 1)[-1] for name, _ in handle.errors] == ["too-long.txt"]
    assert handle.errors[0][1].status == 400
    assert client.get_uploaded(key) == total - len(b"refused")
    assert len(client.list_container_object_names(container)) == len(FILES) - 1  # all but .hidden


def test_hidden_files_and_path_rules_as_in_a_sync(client, container, tmp_path) -> None:
    folder = make_tree(tmp_path / "site")
    (folder / ".well-known").mkdir()
    (folder / ".well-known" / "security.txt").write_bytes(b"contact")
    key, total = client.upload_folder(str(folder), container, include_hidden=True, exclude=["/build/**", "docs/*.txt"])
    outcome = client.get_folder_upload(key).result(timeout=30)
    uploaded = sorted(client.list_container_object_names(container))
    assert uploaded == [".hidden", ".well-known/security.txt", "data/blob.bin", "docs/install.html", "index.html"]
    assert outcome.excluded == {"filter": 2} and outcome.files_uploaded == 5
    assert total == sum(len(FILES[n]) for n in uploaded if n in FILES) + len(b"contact")
    only_html = client.upload_folder(str(folder), container + "-html", include="**.html")[0]
    try:
        html = client.get_folder_upload(only_html).result(timeout=30)
        assert sorted(client.list_container_object_names(container + "-html")) == ["docs/install.html", "index.html"]
        assert html.excluded == {"hidden": 2, "filter": 3}  # .hidden, .well-known/; the .txt, .pyc and .bin
    finally:
        client.delete(container + "-html", del_objects=True)


@pytest.mark.parametrize("pattern", ["build/", "a//b", ""])
def test_a_rule_that_can_never_match_is_refused_before_any_request(client, tmp_path, pattern) -> None:
    with pytest.raises(ValueError, match="filter pattern"):
        client.upload_folder(str(tmp_path), "never-created-by-this-test", exclude=pattern)
    assert "never-created-by-this-test" not in client.list_container_names()


def test_cancel_mid_upload(swift, container, tmp_path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"f{i:03d}").write_bytes(os.urandom(20_000))
    config = TransferConfig(concurrency=2, max_bandwidth=200_000)  # slow enough to cancel midway
    with make_client(swift, transfer_config=config) as client:
        key, total = client.upload_folder(str(folder), container)
        while client.get_uploaded(key) < 60_000:
            pass
        client.cancel_folder_upload(key)
        handle = client.get_folder_upload(key)
        assert handle.wait(30) and handle.cancelled
        assert client.get_uploaded(key) < total
        assert any(type(error).__name__ == "TransferCancelled" for _, error in handle.errors)
        assert len(client.list_container_object_names(container)) < 60
        client.cancel_folder_upload("no-such-key")  # no effect, no error


def test_missing_folder(client) -> None:
    with pytest.raises(FolderNotFound):
        client.upload_folder("/nonexistent/folder/xyz")


@pytest.fixture
def filled(client, container):
    names = [f"obj-{i:03d} ü" for i in range(25)]
    key, _ = client.upload_folder(_tree(names), container)
    client.get_folder_upload(key).wait(30)
    return names


def _tree(names):
    import tempfile
    from pathlib import Path

    root = Path(tempfile.mkdtemp())
    for n in names:
        (root / n).write_bytes(b"x")
    return str(root)


def test_bulk_delete_in_small_batches(swift, client, container, filled) -> None:
    from swiftfiles.swift.capabilities import Capabilities

    caps = Capabilities({**client.capabilities.raw, "bulk_delete": {"max_deletes_per_request": 7}})
    requested = [*filled[:20], "never-existed"]
    keep = list(requested)
    with make_client(swift, capabilities=caps) as small_batches:
        result = small_batches.bulk_delete(container, requested)
    assert requested == keep
    assert result == {"deleted": 20, "not_found": 1, "status": "200 OK", "errors": []}
    assert client.list_container_object_names(container) == filled[20:]


def test_bulk_delete_async(client, container, filled) -> None:
    deleter = client.bulk_delete(container, filled, async_=True)
    assert deleter.wait(30) and deleter.completed
    assert deleter.results["deleted"] == 25
    old_style = client.bulk_delete(container, ["gone"], **{"async": True})
    assert old_style.wait(30) and old_style.results["not_found"] == 1


def test_bulk_delete_without_the_middleware(swift, client, container, filled) -> None:
    from swiftfiles.swift.capabilities import Capabilities

    caps = Capabilities({k: v for k, v in client.capabilities.raw.items() if k != "bulk_delete"})
    with make_client(swift, capabilities=caps) as no_bulk:
        result = no_bulk.bulk_delete(container, [*filled[:5], "nope"])
    assert result == {"deleted": 5, "not_found": 1, "status": "200 OK", "errors": []}


def _tar(members: dict[str, bytes], mode: str = "w") -> bytes:
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_upload_archive_extracts_server_side(client, container, tmp_path) -> None:
    members = {f"dir/file-{i}.txt": f"content {i}".encode() for i in range(30)}
    path = tmp_path / "bundle.tar.gz"
    path.write_bytes(_tar(members, "w:gz"))
    result = client.upload_archive(container, str(path), prefix="unpacked")
    assert result["created"] == 30 and result["errors"] == [] and result["status"].startswith("201")
    assert client.fetch_object(container, "unpacked/dir/file-7.txt") == b"content 7"
    import io

    plain = client.upload_archive(container, io.BytesIO(_tar({"a.txt": b"a"})), "tar")
    assert plain["created"] == 1 and client.fetch_object(container, "a.txt") == b"a"
    with pytest.raises(ValueError, match="unsupported archive format"):
        client.upload_archive(container, str(path), "zip")


def test_delete_container_across_many_pages_and_batches(swift, tmp_path) -> None:
    from swiftfiles.swift.capabilities import Capabilities

    members = {f"o-{i:04d}": b"x" for i in range(260)}
    with make_client(swift) as probe:
        caps = Capabilities({**probe.capabilities.raw, "bulk_delete": {"max_deletes_per_request": 40}})
    with make_client(swift, listing_page_size=50, capabilities=caps) as client:
        client.create_container("big-delete")
        client.upload_archive("big-delete", __import__("io").BytesIO(_tar(members)), "tar")
        assert client.delete("big-delete", del_objects=True)
        assert "big-delete" not in client.list_container_names()
