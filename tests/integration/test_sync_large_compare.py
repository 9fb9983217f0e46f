"""Sync compares large objects written by other tools by their real size and content (issue 10, item 7).

Swift lists a DLO manifest as 0 bytes; only a HEAD gives its size (and the ``X-Object-Meta-Mtime`` that swift and
rclone store). A DLO with the local file's content must not be uploaded again, whatever the local mtime says.
"""

import logging
import os
import time

import pytest
from tests.conftest import make_client

from swiftfiles import TransferConfig

pytestmark = pytest.mark.integration

PARTS = [os.urandom(70_000), os.urandom(70_000), os.urandom(12_345)]


def make_dlo(client, container, name, parts, mtime):
    """What ``swift upload --use-dlo`` leaves: segments in ``<c>_segments``, a 0-byte manifest with the mtime."""
    segments = f"{container}_segments"
    client.create_container(segments)
    for index, data in enumerate(parts):
        client.store_object(segments, f"{name}/seg/{index:08d}", data)
    client.connection.put_object(
        container,
        name,
        b"",
        headers={"X-Object-Manifest": f"{segments}/{name}/seg/", "X-Object-Meta-Mtime": f"{mtime:.6f}"},
    )


@pytest.fixture
def dlo(client, container, tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    path = folder / "big.bin"
    path.write_bytes(b"".join(PARTS))
    later = time.time() + 600  # the file is newer than the upload, as after a copy that kept its mtime
    os.utime(path, (later, later))
    make_dlo(client, container, "big.bin", PARTS, os.stat(path).st_mtime)
    etag = client.connection.head_object(container, "big.bin")["Etag"]
    yield folder, path, etag
    client.delete(f"{container}_segments", del_objects=True)


def test_a_dlo_with_the_same_size_and_mtime_is_not_uploaded(client, container, dlo, tmp_path) -> None:
    folder, _, etag = dlo
    result = client.sync_folder_to_container(str(folder), container, hash_cache=str(tmp_path / "h.sqlite"))
    assert result.ok and result.transferred == [] and [a.name for a in result.skipped] == ["big.bin"]
    head = client.connection.head_object(container, "big.bin")
    assert head["Etag"] == etag and "X-Object-Manifest" in head


def test_a_dlo_with_the_same_content_and_another_mtime_is_not_uploaded(client, container, dlo, tmp_path) -> None:
    folder, path, etag = dlo
    later = time.time() + 1200
    os.utime(path, (later, later))
    result = client.sync_folder_to_container(str(folder), container, hash_cache=str(tmp_path / "h.sqlite"))
    assert result.ok and result.transferred == [], result.plan.describe()
    head = client.connection.head_object(container, "big.bin")
    assert head["Etag"] == etag and "X-Object-Manifest" in head


def test_one_head_per_large_object_and_segments_read_once(client, container, dlo, tmp_path, caplog) -> None:
    folder, path, _ = dlo
    later = time.time() + 1200
    os.utime(path, (later, later))
    hashes = str(tmp_path / "h.sqlite")

    def requests(run):
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="swiftfiles.http"):
            result = run()
        assert result.ok and result.transferred == []
        return [r.getMessage().split(" -> ")[0] for r in caplog.records if " -> " in r.getMessage()]

    first = requests(lambda: client.sync_folder_to_container(str(folder), container, hash_cache=hashes))
    assert sum(line.startswith("HEAD ") and "big.bin" in line for line in first) == 1
    segments = f"/{container}_segments?"
    assert any(line.startswith("GET ") and segments in line for line in first)  # the segment listing
    again = requests(lambda: client.sync_folder_to_container(str(folder), container, hash_cache=hashes))
    assert sum(line.startswith("HEAD ") for line in again) == 1
    assert not any(segments in line for line in again)  # the match was remembered: nothing read again


def test_a_slo_touched_but_unchanged_is_not_uploaded_again(swift, container, tmp_path) -> None:
    config = TransferConfig(multipart_threshold=100_000, segment_size=40_000)
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "big.bin").write_bytes(os.urandom(250_000))
    hashes = str(tmp_path / "h.sqlite")
    with make_client(swift, transfer_config=config) as client:
        assert client.sync_folder_to_container(str(folder), container, hash_cache=hashes).transferred == ["big.bin"]
        etag = client.connection.head_object(container, "big.bin")["Etag"]
        later = time.time() + 1200
        os.utime(folder / "big.bin", (later, later))
        again = client.sync_folder_to_container(str(folder), container, hash_cache=hashes)
        assert again.ok and again.transferred == [] and "stored MD5" in again.skipped[0].reason  # one cache lookup
        assert client.connection.head_object(container, "big.bin")["Etag"] == etag


def test_a_slo_changed_in_place_is_uploaded_again(swift, container, tmp_path) -> None:
    config = TransferConfig(multipart_threshold=100_000, segment_size=40_000)
    folder = tmp_path / "src"
    folder.mkdir()
    path = folder / "big.bin"
    path.write_bytes(os.urandom(250_000))
    hashes = str(tmp_path / "h.sqlite")
    with make_client(swift, transfer_config=config) as client:
        client.sync_folder_to_container(str(folder), container, hash_cache=hashes)
        changed = bytearray(path.read_bytes())
        changed[123_456] ^= 0xFF  # same size, one byte different
        path.write_bytes(bytes(changed))
        later = time.time() + 1200
        os.utime(path, (later, later))
        again = client.sync_folder_to_container(str(folder), container, hash_cache=hashes)
        assert again.ok and again.transferred == ["big.bin"]
        assert client.fetch_object(container, "big.bin") == bytes(changed)


def test_a_dlo_whose_content_differs_is_replaced_when_the_file_is_newer(client, container, dlo, tmp_path) -> None:
    folder, path, _ = dlo
    changed = bytearray(path.read_bytes())
    changed[100_000] ^= 0xFF  # same size, one byte different, in the second segment
    path.write_bytes(bytes(changed))
    later = time.time() + 1200
    os.utime(path, (later, later))
    result = client.sync_folder_to_container(str(folder), container, hash_cache=str(tmp_path / "h.sqlite"))
    assert result.ok and result.transferred == ["big.bin"]
    assert client.fetch_object(container, "big.bin") == bytes(changed)


def test_sync_down_leaves_an_identical_file_alone(client, container, dlo, tmp_path) -> None:
    folder, path, _ = dlo
    past = time.time() - 3600  # older than the upload: only the content can tell that nothing needs fetching
    os.utime(path, (past, past))
    before = os.stat(path).st_mtime_ns
    result = client.sync_container_to_folder(container, str(folder), hash_cache=str(tmp_path / "h.sqlite"))
    assert result.ok and result.transferred == [] and os.stat(path).st_mtime_ns == before
