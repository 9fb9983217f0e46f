"""Folder ↔ container sync against the real Swift."""

import hashlib
import logging
import os
import time

import pytest
from tests.conftest import make_client
from tests.support.trees import write_tree

from swiftfiles.exceptions import FolderNotFound, NoSuchContainer, TooManyDeletes
from swiftfiles.sync.hashcache import HashCache
from swiftfiles.transfer.config import TransferConfig

pytestmark = pytest.mark.integration

TREE = {
    "a.txt": b"alpha",
    "dir/b.txt": b"bravo",
    "dir/sub/c.bin": os.urandom(3000),
    "ünïcødé/ñame ✓.txt": b"unicode",
    ".hidden": b"secret",
    "dir/.hidden-dir/x": b"hidden too",
    "skip.pyc": b"compiled",
    "cache/__pycache__/m.pyc": b"cached",
}


def make_tree(root, files=TREE):
    return write_tree(root, files)


@pytest.fixture
def cache(tmp_path):
    return HashCache(tmp_path / "hashes.sqlite")


def names(client, container, prefix=None):
    return sorted(client.list_container_object_names(container, prefix=prefix, full_listing=True))


def test_first_sync_uploads_visible_files_with_mtime(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src")
    result = client.sync_folder_to_container(str(folder), container, ignore=["*.pyc", "__pycache__"], hash_cache=cache)
    assert result.ok and sorted(result.transferred) == ["a.txt", "dir/b.txt", "dir/sub/c.bin", "ünïcødé/ñame ✓.txt"]
    assert names(client, container) == sorted(result.transferred)
    stored = float(client.connection.head_object(container, "a.txt")["X-Object-Meta-Mtime"])
    assert stored == pytest.approx(os.stat(folder / "a.txt").st_mtime, abs=1e-5)
    assert client.fetch_object(container, "dir/sub/c.bin") == TREE["dir/sub/c.bin"]


def test_include_hidden(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src")
    client.sync_folder_to_container(str(folder), container, include_hidden=True, ignore="*.pyc", hash_cache=cache)
    assert ".hidden" in names(client, container) and "dir/.hidden-dir/x" in names(client, container)


def test_second_sync_changes_nothing_and_reads_nothing(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src")
    client.sync_folder_to_container(str(folder), container, hash_cache=cache)
    cache.hits = cache.misses = 0
    again = client.sync_folder_to_container(str(folder), container, hash_cache=cache)
    compared = [a for a in again.skipped if not a.excluded]
    assert again.transferred == [] and len(compared) == 6
    assert cache.misses == 0 and cache.hits == 6
    assert all("unchanged" in a.reason for a in compared)
    assert {a.name: a.excluded for a in again.excluded} == {".hidden": "hidden", "dir/.hidden-dir/": "hidden"}


def test_changed_file_uploaded_when_newer(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src")
    client.sync_folder_to_container(str(folder), container, hash_cache=cache)
    (folder / "a.txt").write_bytes(b"ALPHA")  # same size, new content, mtime now > upload time
    later = time.time() + 5
    os.utime(folder / "a.txt", (later, later))
    result = client.sync_folder_to_container(str(folder), container, hash_cache=cache)
    assert result.transferred == ["a.txt"] and client.fetch_object(container, "a.txt") == b"ALPHA"


def test_timestamps_decide_unless_ignored(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src", {"old.txt": b"local version"})
    client.store_object(container, "old.txt", b"remote version, newer")
    past = time.time() - 3600
    os.utime(folder / "old.txt", (past, past))
    kept = client.sync_folder_to_container(str(folder), container, hash_cache=cache)
    assert kept.transferred == [] and "remote copy is newer" in kept.skipped[0].reason
    forced = client.sync_folder_to_container(str(folder), container, ignore_timestamps=True, hash_cache=cache)
    assert forced.transferred == ["old.txt"] and client.fetch_object(container, "old.txt") == b"local version"


def test_object_prefix_and_delete_stay_under_the_prefix(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src", {"one.txt": b"1", "two.txt": b"2"})
    client.store_object(container, "elsewhere.txt", b"not ours")
    client.store_object(container, "imgFolder/stale.txt", b"stale")
    result = client.sync_folder_to_container(
        str(folder), container, object_prefix="imgFolder", delete=True, hash_cache=cache
    )
    assert sorted(result.transferred) == ["one.txt", "two.txt"] and result.deleted == ["stale.txt"]
    assert names(client, container) == ["elsewhere.txt", "imgFolder/one.txt", "imgFolder/two.txt"]


@pytest.mark.parametrize("use_slo", [True, False], ids=["slo", "dlo"])
def test_delete_takes_large_objects_with_their_segments(swift, client, container, tmp_path, cache, use_slo) -> None:
    folder = make_tree(tmp_path / "src", {"keep.txt": b"k"})
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(300 * 1024))
    config = TransferConfig(multipart_threshold=256 * 1024, segment_size=100 * 1024, use_slo=use_slo)
    with make_client(swift, transfer_config=config) as segmenting:
        segmenting.upload_file(container, str(big), obj_name="gone.bin")
    segments = f"{container}_segments"
    assert len(names(client, segments)) == 3
    result = client.sync_folder_to_container(str(folder), container, delete=True, hash_cache=cache)
    assert result.deleted == ["gone.bin"] and result.errors == []
    assert names(client, container) == ["keep.txt"]
    assert names(client, segments) == [], "no orphaned segments"


def test_delete_never_touches_filtered_names(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src", {"keep.txt": b"k"})
    client.store_object(container, "notes.pyc", b"ignored remotely too")
    client.store_object(container, ".profile", b"hidden")
    result = client.sync_folder_to_container(str(folder), container, delete=True, ignore="*.pyc", hash_cache=cache)
    assert result.deleted == [] and {"notes.pyc", ".profile"} <= set(names(client, container))


def test_max_delete_refuses_before_changing_anything(client, container, tmp_path, cache) -> None:
    for i in range(5):
        client.store_object(container, f"old-{i}", b"x")
    folder = make_tree(tmp_path / "src", {"new.txt": b"n"})
    with pytest.raises(TooManyDeletes, match="delete 5 items"):
        client.sync_folder_to_container(str(folder), container, delete=True, max_delete=3, hash_cache=cache)
    assert names(client, container) == [f"old-{i}" for i in range(5)]
    result = client.sync_folder_to_container(str(folder), container, delete=True, max_delete=5, hash_cache=cache)
    assert len(result.deleted) == 5 and names(client, container) == ["new.txt"]


def test_dry_run_changes_nothing(client, container, tmp_path, cache) -> None:
    client.store_object(container, "gone.txt", b"g")
    folder = make_tree(tmp_path / "src", {"new.txt": b"n"})
    result = client.sync_folder_to_container(str(folder), container, delete=True, dry_run=True, hash_cache=cache)
    assert [a.name for a in result.plan.transfers] == ["new.txt"]
    assert [a.name for a in result.plan.deletions] == ["gone.txt"]
    assert result.transferred == [] and names(client, container) == ["gone.txt"]
    assert "would transfer 1" in result.summary()


def test_verbose_logs_and_callback(client, container, tmp_path, cache, caplog) -> None:
    folder = make_tree(tmp_path / "src", {"v.txt": b"v"})
    seen = []
    with caplog.at_level(logging.INFO, logger="swiftfiles.sync"):
        client.sync_folder_to_container(
            str(folder),
            container,
            verbose=True,
            hash_cache=cache,
            callback=lambda action, error: seen.append((action.kind, action.name, error)),
        )
    assert seen == [("upload", "v.txt", None)] and "upload v.txt (new)" in caplog.text


def test_large_objects_compare_by_size_and_mtime(swift, container, tmp_path, cache) -> None:
    from swiftfiles.transfer.config import TransferConfig

    config = TransferConfig(multipart_threshold=100_000, segment_size=40_000)
    folder = make_tree(tmp_path / "src", {"big.bin": os.urandom(250_000)})
    with make_client(swift, transfer_config=config) as client:
        first = client.sync_folder_to_container(str(folder), container, hash_cache=cache)
        assert first.transferred == ["big.bin"]
        assert client.connection.head_object(container, "big.bin")["X-Static-Large-Object"] == "True"
        again = client.sync_folder_to_container(str(folder), container, hash_cache=cache)
        assert again.transferred == [] and "same size and mtime" in again.skipped[0].reason


def test_missing_folder(client, container, tmp_path) -> None:
    with pytest.raises(FolderNotFound):
        client.sync_folder_to_container(str(tmp_path / "absent"), container)


def test_sync_down_round_trip(client, container, tmp_path, cache) -> None:
    source = make_tree(tmp_path / "src")
    client.sync_folder_to_container(str(source), container, include_hidden=True, hash_cache=cache)
    target = tmp_path / "dst"
    down = client.sync_container_to_folder(container, str(target), include_hidden=True, hash_cache=cache)
    assert down.ok and len(down.transferred) == len(TREE)
    for name, data in TREE.items():
        assert (target / name).read_bytes() == data
    again = client.sync_container_to_folder(container, str(target), include_hidden=True, hash_cache=cache)
    assert again.transferred == [] and not list(target.rglob("*.sfpart"))
    (target / "extra.txt").write_bytes(b"local only")
    cleaned = client.sync_container_to_folder(
        container, str(target), include_hidden=True, delete=True, hash_cache=cache
    )
    assert cleaned.deleted == ["extra.txt"] and not (target / "extra.txt").exists()


def test_sync_down_refuses_escaping_names(client, container, tmp_path, cache) -> None:
    client.store_object(container, "fine.txt", b"ok")
    client.store_object(container, "a/../../escape.txt", b"evil")
    target = tmp_path / "dst"
    # A ".." segment has no local path that maps back to the name: left out and reported, hidden names or not.
    for include_hidden in (False, True):
        result = client.sync_container_to_folder(
            container, str(target), include_hidden=include_hidden, hash_cache=cache
        )
        assert result.errors == [] and [(a.name, a.excluded) for a in result.excluded] == [
            ("a/../../escape.txt", "unsafe name")
        ]
    assert sorted(p.name for p in target.rglob("*")) == ["fine.txt"]
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path.parent / "escape.txt").exists()


def test_sync_down_missing_container(client, tmp_path) -> None:
    with pytest.raises(NoSuchContainer):
        client.sync_container_to_folder("no-such-container-xyz", str(tmp_path / "d"))


def test_sync_down_md5_mismatch_replaces_when_remote_newer(client, container, tmp_path, cache) -> None:
    target = make_tree(tmp_path / "dst", {"f.txt": b"old local"})
    past = time.time() - 3600
    os.utime(target / "f.txt", (past, past))
    client.store_object(container, "f.txt", b"new remote")
    result = client.sync_container_to_folder(container, str(target), hash_cache=cache)
    assert result.transferred == ["f.txt"] and (target / "f.txt").read_bytes() == b"new remote"
    assert hashlib.md5(b"new remote").hexdigest() == cache.lookup(
        str(target / "f.txt"), 10, os.stat(target / "f.txt").st_mtime_ns
    )


def test_verbose_shows_each_action_without_logging_configured_and_print_gives_the_summary(swift, tmp_path) -> None:
    """``verbose=True`` is a user asking to see the actions: they appear on stderr even when the application set
    up no logging; ``print(result)`` is the summary, not the whole plan (issue 15, items 10 and 11)."""
    import subprocess
    import sys

    (tmp_path / "one.txt").write_text("1")
    code = (
        "import sys\n"
        "from swiftfiles import StorageClient\n"
        f"with StorageClient(auth_url={swift.auth_url!r}, username='test:tester', password='testing') as c:\n"
        f"    result = c.sync_folder_to_container({str(tmp_path)!r}, 'verbose-sync', verbose=True, hash_cache=False)\n"
        "    print(result)\n"
        "    print(repr(result))\n"
        "    c.delete('verbose-sync', del_objects=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert "upload one.txt" in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("transferred 1 (1 bytes)") and lines[1].startswith("<SyncResult transferred 1")


def test_a_user_with_write_access_from_the_acl_can_sync_into_the_container(swift, client, container, tmp_path) -> None:
    """The sync creates the container only when the listing says it is missing: a user whose write access comes
    from the container's ACL cannot PUT the container (tempauth answers 403), and nothing needed it to."""
    client.connection.post_container(
        container, headers={"X-Container-Write": "test:tester3", "X-Container-Read": "test:tester3"}
    )
    folder = tmp_path / "tree"
    make_tree(folder, {"a.txt": b"alpha", "dir/b.txt": b"bravo"})
    with make_client(swift, "test:tester3") as writer:
        first = writer.sync_folder_to_container(str(folder), container)
        assert first.transferred_count == 2 and not first.errors
        (folder / "a.txt").write_bytes(b"changed")
        again = writer.sync_folder_to_container(str(folder), container)
        assert again.transferred_count == 1 and not again.errors
    assert client.fetch_object(container, "a.txt") == b"changed"
