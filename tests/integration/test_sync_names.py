"""Which names a sync can carry, and how it reports the others (issue 10, items 6, 11 and 12), on the real Swift.

An object name maps to one local path and back, or it is left out and reported: never downloaded to another
path, deleted, downloaded again on every run, or renamed by the way back up.
"""

import os
import uuid

import pytest

from swiftfiles import NoSuchContainer, NotFound
from swiftfiles.exceptions import FolderNotFound

pytestmark = pytest.mark.integration

#: Names Swift stores as written but no local path can hold and give back.
ODD = {
    "dbl//slash.txt": b"double slash",
    "/leading-slash.txt": b"leading slash",
    "dot/./seg.txt": b"dot segment",
    "up/../dotdot.txt": b"dot-dot segment",
    "back\\slash.txt": b"backslash",
}
PLAIN = {"plain/ok.txt": b"fine", "top.txt": b"top"}


def tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def skips(result):
    """``{name: category}`` of what a sync left out (``Action.excluded``)."""
    return {a.name: a.excluded for a in result.skipped if a.excluded}


@pytest.fixture
def hashes(tmp_path):
    return str(tmp_path / "hashes.sqlite")


def test_names_without_a_local_path_are_skipped_never_deleted_or_renamed(client, container, tmp_path, hashes):
    for name, data in {**ODD, **PLAIN}.items():
        client.store_object(container, name, data)
    mirror = tmp_path / "mirror"

    first = client.sync_container_to_folder(container, str(mirror), delete=True, hash_cache=hashes)
    assert first.ok, first.errors
    assert sorted(first.transferred) == sorted(PLAIN) and first.deleted == []
    assert skips(first) == dict.fromkeys(ODD, "unsafe name")
    assert tree(mirror) == sorted(PLAIN)
    assert "skipped 5" in first.summary() and "5 unsafe name" in first.summary()

    second = client.sync_container_to_folder(container, str(mirror), delete=True, hash_cache=hashes)
    assert second.ok and second.transferred == [] and second.deleted == []
    assert skips(second) == dict.fromkeys(ODD, "unsafe name")
    assert tree(mirror) == sorted(PLAIN)

    up = client.sync_folder_to_container(str(mirror), container, delete=True, hash_cache=hashes)
    assert up.ok and up.transferred == [] and up.deleted == []
    assert skips(up) == dict.fromkeys(ODD, "unsafe name")
    assert sorted(client.list_container_object_names(container, full_listing=True)) == sorted({**ODD, **PLAIN})
    for name, data in ODD.items():
        assert client.fetch_object(container, name) == data


def test_skip_reasons_name_the_rule(client, container, tmp_path, hashes):
    client.store_object(container, "dbl//slash.txt", b"x")
    client.store_object(container, "dot/./seg.txt", b"x")
    result = client.sync_container_to_folder(container, str(tmp_path / "m"), dry_run=True, hash_cache=hashes)
    reasons = {a.name: a.reason for a in result.skipped}
    assert "empty path segment" in reasons["dbl//slash.txt"]
    assert "'.'" in reasons["dot/./seg.txt"]
    assert result.plan.transfers == []


def test_upward_hidden_filtered_and_unsafe_local_names_are_counted(client, container, tmp_path, hashes):
    folder = tmp_path / "src"
    for name in ["a.txt", ".hidden", "dir/.hidden-dir/x", "skip.pyc", "back\\slash.txt"]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"data")
    result = client.sync_folder_to_container(str(folder), container, ignore="*.pyc", hash_cache=hashes)
    assert result.ok and result.transferred == ["a.txt"]
    assert skips(result) == {
        ".hidden": "hidden",
        "dir/.hidden-dir/": "hidden",
        "skip.pyc": "filter",
        "back\\slash.txt": "unsafe name",
    }
    summary = result.summary()
    assert "skipped 4" in summary and "2 hidden" in summary and "1 filter" in summary and "1 unsafe name" in summary
    assert client.list_container_object_names(container) == ["a.txt"]

    shown = client.sync_folder_to_container(str(folder), container, include_hidden=True, hash_cache=hashes)
    assert sorted(shown.transferred) == [".hidden", "dir/.hidden-dir/x", "skip.pyc"]
    assert skips(shown) == {"back\\slash.txt": "unsafe name"}


def test_downward_hidden_and_filtered_objects_are_counted(client, container, tmp_path, hashes):
    for name in ["a.txt", ".env", "cfg/.secret", "x.pyc"]:
        client.store_object(container, name, b"data")
    mirror = tmp_path / "mirror"
    result = client.sync_container_to_folder(container, str(mirror), ignore="*.pyc", hash_cache=hashes)
    assert result.ok and result.transferred == ["a.txt"] and tree(mirror) == ["a.txt"]
    assert skips(result) == {".env": "hidden", "cfg/.secret": "hidden", "x.pyc": "filter"}
    assert "skipped 3" in result.summary() and "2 hidden" in result.summary()

    shown = client.sync_container_to_folder(
        container, str(mirror), include_hidden=True, ignore="*.pyc", hash_cache=hashes
    )
    assert sorted(shown.transferred) == [".env", "cfg/.secret"]
    assert tree(mirror) == [".env", "a.txt", "cfg/.secret"]


def test_upward_delete_keeps_objects_left_out(client, container, tmp_path, hashes):
    """Hidden and filtered objects are left out of the comparison, so delete=True cannot remove them."""
    for name in [".keep", "logs/x.log", "gone.txt"]:
        client.store_object(container, name, b"data")
    folder = tmp_path / "empty"
    folder.mkdir()
    result = client.sync_folder_to_container(str(folder), container, delete=True, ignore="*.log", hash_cache=hashes)
    assert result.deleted == ["gone.txt"]
    assert skips(result) == {".keep": "hidden", "logs/x.log": "filter"}
    assert sorted(client.list_container_object_names(container)) == [".keep", "logs/x.log"]


def test_folder_markers_are_counted_and_kept(client, container, tmp_path, hashes):
    client.store_object(container, "photos/", b"", content_type="application/directory")
    client.store_object(container, "photos/a.jpg", b"jpeg")
    mirror = tmp_path / "mirror"
    down = client.sync_container_to_folder(container, str(mirror), hash_cache=hashes)
    assert down.transferred == ["photos/a.jpg"] and skips(down) == {"photos/": "folder marker"}
    assert "1 folder marker" in down.summary()
    (mirror / "photos" / "a.jpg").unlink()
    up = client.sync_folder_to_container(str(mirror), container, delete=True, hash_cache=hashes)
    assert up.deleted == ["photos/a.jpg"] and skips(up) == {"photos/": "folder marker"}
    assert client.list_container_object_names(container) == ["photos/"]


# -- item 11: validate before changing anything ---------------------------------------------------------------------


def test_upward_sync_of_a_missing_folder_creates_no_container(client, tmp_path):
    name = f"never-created-{uuid.uuid4().hex[:8]}"
    with pytest.raises(FolderNotFound):
        client.sync_folder_to_container(str(tmp_path / "absent"), name)
    with pytest.raises(NotFound):
        client.get_container(name)


def test_downward_sync_of_a_missing_container_creates_no_folder(client, tmp_path):
    target = tmp_path / "not-yet" / "mirror"
    with pytest.raises(NoSuchContainer):
        client.sync_container_to_folder(f"no-such-{uuid.uuid4().hex[:8]}", str(target))
    assert not target.exists() and not os.path.exists(tmp_path / "not-yet")
