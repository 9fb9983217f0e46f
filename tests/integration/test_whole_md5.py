"""Large objects carry their whole content's MD5 (issue 15, item 3), against the real Swift.

A large object's ETag is the MD5 of its segments' MD5s, so nothing checked its bytes end to end. swiftfiles' large
uploads (from a file, from memory, from a stream; SLO or DLO) store ``X-Object-Meta-Md5``, and every download of a
large object that has one verifies it besides the segments.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

import pytest
from tests.conftest import make_client

from swiftfiles import BaseSubscriber, IntegrityError, StorageClient, TransferConfig, TransferInfo

pytestmark = pytest.mark.integration

KiB = 1024
#: Uploads of 64 KiB and more become 32 KiB segments; downloads of 64 KiB and more go in parallel 24 KiB parts
#: (not aligned with the segments, so a part spans two of them).
SMALL = TransferConfig(
    concurrency=4,
    multipart_threshold=64 * KiB,
    segment_size=32 * KiB,
    stream_segment_size=32 * KiB,
    multipart_download_threshold=64 * KiB,
    download_part_size=24 * KiB,
    io_chunk_size=8 * KiB,
)


@pytest.fixture
def lo_client(swift):
    with make_client(swift, transfer_config=SMALL) as c:
        yield c


def stored_md5(client: StorageClient, container: str, name: str) -> str | None:
    return client.get_object_metadata(container, name).get("x-object-meta-md5")


@pytest.mark.parametrize("use_slo", [True, False], ids=["slo", "dlo"])
def test_large_uploads_store_the_whole_md5(swift, container: str, tmp_path: Path, use_slo: bool) -> None:
    config = replace(SMALL, use_slo=use_slo)
    data = os.urandom(200 * KiB + 123)
    expected = hashlib.md5(data).hexdigest()
    (tmp_path / "big.bin").write_bytes(data)
    with make_client(swift, transfer_config=config) as client:
        client.upload_file(container, tmp_path / "big.bin")
        client.store_object(container, "buffer.bin", data)
        client.store_object(container, "stream.bin", iter([data[:50_000], data[50_000:]]))
        for name in ("big.bin", "buffer.bin", "stream.bin"):
            assert stored_md5(client, container, name) == expected, name
            assert client.get_object(container, name).etag != expected  # the ETag is not the content's MD5
            assert client.fetch_object(container, name) == data


def test_small_objects_store_none(client: StorageClient, container: str, tmp_path: Path) -> None:
    """A plain object's ETag is its MD5 already."""
    (tmp_path / "small.txt").write_bytes(b"small")
    client.upload_file(container, tmp_path / "small.txt")
    assert stored_md5(client, container, "small.txt") is None


def test_downloads_verify_the_whole_md5(swift, lo_client: StorageClient, container: str, tmp_path: Path) -> None:
    data = os.urandom(150 * KiB)
    lo_client.store_object(container, "big.bin", data)
    path = lo_client.download_object(container, "big.bin", tmp_path / "good")
    assert path.read_bytes() == data

    # The segments are intact; only the whole does not match what the object says it holds.
    lo_client.set_object_metadata(container, "big.bin", {"Md5": hashlib.md5(b"other").hexdigest()})
    with pytest.raises(IntegrityError, match="X-Object-Meta-Md5"):
        lo_client.download_object(container, "big.bin", tmp_path / "bad")  # parallel ranged parts
    assert not (tmp_path / "bad" / "big.bin").exists()
    with pytest.raises(IntegrityError, match="X-Object-Meta-Md5"):
        lo_client.fetch_object(container, "big.bin")
    with pytest.raises(IntegrityError, match="X-Object-Meta-Md5"):
        b"".join(lo_client.fetch_object(container, "big.bin", chunk_size=16 * KiB))
    serial = make_client(swift, transfer_config=TransferConfig(concurrency=1))
    with serial, pytest.raises(IntegrityError, match="X-Object-Meta-Md5"):
        serial.download_object(container, "big.bin", tmp_path / "serial")  # one streamed GET
    # A partial read cannot be checked against the whole: it still works.
    assert lo_client.fetch_object(container, "big.bin", size=1000) == data[:1000]


class TouchOnFirstBytes(BaseSubscriber):
    """Changes the file's mtime while its upload runs, as a writer touching the file would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.touched = False

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None:
        if not self.touched and nbytes > 0:
            self.touched = True
            os.utime(self.path, (1_000_000_000, 1_000_000_000))


def test_a_file_changed_during_its_upload_gets_no_md5(lo_client: StorageClient, container: str, tmp_path: Path) -> None:
    source = tmp_path / "moving.bin"
    source.write_bytes(os.urandom(150 * KiB))
    toucher = TouchOnFirstBytes(source)
    lo_client.upload_file(container, source, subscribers=[toucher])
    assert toucher.touched
    assert stored_md5(lo_client, container, "moving.bin") is None
    assert lo_client.fetch_object(container, "moving.bin") == source.read_bytes()
