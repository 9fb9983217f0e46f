"""Modification times survive a round trip through the real Swift (issue 15, item 2).

Uploads from a path store the file's mtime as ``X-Object-Meta-Mtime`` with 6 decimals (what swift's CLI writes, so
``swift upload --changed`` sees an unchanged file as unchanged); downloads give the file that time back, or the
object's ``Last-Modified`` when it has none.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.conftest import make_client

from swiftfiles import StorageClient, TransferConfig
from swiftfiles.swift.times import parse_time

pytestmark = pytest.mark.integration

KiB = 1024
#: An old time with a fraction, far from "now" so that a download time can never pass for it.
OLD = 1_000_000_000.25


def old_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    os.utime(path, (OLD, OLD))
    return path


def test_upload_file_stores_the_mtime_and_every_download_restores_it(
    client: StorageClient, container: str, tmp_path: Path
) -> None:
    source = old_file(tmp_path / "report.txt", b"quarterly numbers\n")
    client.upload_file(container, source)
    assert client.get_object_metadata(container, "report.txt")["x-object-meta-mtime"] == f"{OLD:.6f}"

    by_name = client.download_object(container, "report.txt", tmp_path / "a")
    to_file = client.download_object(container, "report.txt", None, to=tmp_path / "b" / "renamed.txt")
    engine = client.engine.download(container, "report.txt", tmp_path / "c" / "report.txt").result().path
    for path in (by_name, to_file, engine):
        assert path.read_bytes() == b"quarterly numbers\n"
        assert os.stat(path).st_mtime == pytest.approx(OLD, abs=1e-6), path


def test_a_large_object_keeps_its_mtime(swift, container: str, tmp_path: Path) -> None:
    config = TransferConfig(multipart_threshold=64 * KiB, segment_size=32 * KiB, io_chunk_size=16 * KiB)
    source = old_file(tmp_path / "big.bin", os.urandom(100 * KiB))
    with make_client(swift, transfer_config=config) as client:
        stored = client.upload_file(container, source)
        assert stored is not None
        assert client.get_object_metadata(container, "big.bin")["x-object-meta-mtime"] == f"{OLD:.6f}"
        path = client.download_object(container, "big.bin", tmp_path / "down")
    assert path.read_bytes() == source.read_bytes()
    assert os.stat(path).st_mtime == pytest.approx(OLD, abs=1e-6)


def test_the_callers_mtime_wins(client: StorageClient, container: str, tmp_path: Path) -> None:
    source = old_file(tmp_path / "given.txt", b"x")
    client.upload_file(container, source, metadata={"Mtime": "1234567890.000000"})
    client.upload_file(container, source, obj_name="header.txt", headers={"x-object-meta-mtime": "1500000000.5"})
    assert client.get_object_metadata(container, "given.txt")["x-object-meta-mtime"] == "1234567890.000000"
    assert client.get_object_metadata(container, "header.txt")["x-object-meta-mtime"] == "1500000000.5"
    path = client.download_object(container, "header.txt", tmp_path / "down")
    assert os.stat(path).st_mtime == pytest.approx(1_500_000_000.5, abs=1e-6)


def test_data_uploads_store_no_mtime_and_download_with_last_modified(
    client: StorageClient, container: str, tmp_path: Path
) -> None:
    """Bytes have no file time: nothing is invented on upload, and the download gets the object's upload time."""
    client.store_object(container, "note.txt", b"from memory")
    assert "x-object-meta-mtime" not in client.get_object_metadata(container, "note.txt")
    modified = parse_time(client.get_object(container, "note.txt").last_modified)
    assert modified is not None
    path = client.download_object(container, "note.txt", tmp_path)
    assert os.stat(path).st_mtime == pytest.approx(modified.timestamp(), abs=1.0)


def test_store_mtime_false_is_swifts_ignore_mtime(swift, container: str, tmp_path: Path) -> None:
    source = old_file(tmp_path / "plain.txt", b"x")
    with make_client(swift, transfer_config=TransferConfig(store_mtime=False)) as client:
        client.upload_file(container, source)
        assert "x-object-meta-mtime" not in client.get_object_metadata(container, "plain.txt")


def test_sync_down_restores_the_stored_mtime(client: StorageClient, container: str, tmp_path: Path) -> None:
    """A sync from the container gives files their stored mtime too (not the listing's upload time), so syncing
    the folder back up changes nothing."""
    up = tmp_path / "up"
    up.mkdir()
    old_file(up / "a.txt", b"alpha")
    client.sync_folder_to_container(str(up), container, hash_cache=False)
    down = tmp_path / "down"
    client.sync_container_to_folder(container, str(down), hash_cache=False)
    assert os.stat(down / "a.txt").st_mtime == pytest.approx(OLD, abs=1e-5)
    again = client.sync_folder_to_container(str(down), container, hash_cache=False)
    assert again.transferred_count == 0
