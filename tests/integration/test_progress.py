"""Progress on every transfer path, against the real Swift (issue 15, item 1).

Each public upload and download path takes ``subscribers=`` and reports exactly the bytes it moved: ``on_queued``
once, ``on_progress`` increments that add up to the object's size, ``on_done`` once (with the error, if any).
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from tests.conftest import make_client

from swiftfiles import BaseSubscriber, StorageClient, TransferCancelled, TransferConfig, TransferInfo

pytestmark = pytest.mark.integration

KiB = 1024


class Recorder(BaseSubscriber):
    """Every event, per object name; thread-safe (callbacks come from worker threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.queued: dict[str, int] = defaultdict(int)
        self.moved: dict[str, int] = defaultdict(int)
        self.done: dict[str, list[BaseException | None]] = defaultdict(list)
        self.directions: set[str] = set()

    def on_queued(self, transfer: TransferInfo) -> None:
        with self.lock:
            self.queued[transfer.name] += 1
            self.directions.add(transfer.direction)

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None:
        with self.lock:
            self.moved[transfer.name] += nbytes

    def on_done(self, transfer: TransferInfo, error: BaseException | None) -> None:
        with self.lock:
            self.done[transfer.name].append(error)

    def completed(self, name: str, size: int) -> bool:
        return self.queued[name] == 1 and self.moved[name] == size and self.done[name] == [None]


def test_fetch_object_reports_bytes(client: StorageClient, container: str) -> None:
    data = os.urandom(300 * KiB)
    client.store_object(container, "blob", data)
    rec = Recorder()
    assert client.fetch_object(container, "blob", subscribers=[rec]) == data
    assert rec.completed("blob", len(data)) and rec.directions == {"download"}

    partial = Recorder()
    assert client.fetch_object(container, "blob", size=1000, subscribers=[partial]) == data[:1000]
    assert partial.completed("blob", 1000)


def test_a_fetch_generator_reports_as_it_is_consumed(client: StorageClient, container: str) -> None:
    data = os.urandom(100 * KiB)
    client.store_object(container, "blob", data)
    rec = Recorder()
    chunks = client.fetch_object(container, "blob", chunk_size=10 * KiB, subscribers=[rec])
    first = next(chunks)
    assert rec.queued["blob"] == 1 and rec.moved["blob"] == len(first) and not rec.done["blob"]
    rest = b"".join(chunks)
    assert first + rest == data
    assert rec.completed("blob", len(data))

    early = Recorder()
    chunks = client.fetch_object(container, "blob", chunk_size=10 * KiB, subscribers=[early])
    next(chunks)
    chunks.close()
    assert len(early.done["blob"]) == 1 and isinstance(early.done["blob"][0], TransferCancelled)
    assert early.moved["blob"] == 0  # a cancelled transfer takes its bytes back


def test_uploads_and_downloads_report_bytes(swift, container: str, tmp_path: Path) -> None:
    config = TransferConfig(multipart_threshold=128 * KiB, segment_size=64 * KiB, io_chunk_size=16 * KiB)
    small, large = os.urandom(10 * KiB), os.urandom(200 * KiB)
    (tmp_path / "small.bin").write_bytes(small)
    (tmp_path / "large.bin").write_bytes(large)
    with make_client(swift, transfer_config=config) as client:
        rec = Recorder()
        client.upload_file(container, tmp_path / "small.bin", subscribers=[rec])
        client.upload_file(container, tmp_path / "large.bin", subscribers=[rec])  # a segmented object
        client.store_object(container, "stored", small, subscribers=[rec])
        client.store_object(container, "streamed", iter([large[:100_000], large[100_000:]]), subscribers=[rec])
        assert rec.completed("small.bin", len(small)) and rec.completed("large.bin", len(large))
        assert rec.completed("stored", len(small)) and rec.completed("streamed", len(large))
        assert rec.directions == {"upload"}

        down = Recorder()
        client.download_object(container, "large.bin", tmp_path / "down", subscribers=[down])
        client.engine.download(container, "small.bin", tmp_path / "eng" / "small.bin", subscribers=[down]).result()
        assert down.completed("large.bin", len(large)) and down.completed("small.bin", len(small))
        assert down.directions == {"download"}


def test_folder_upload_and_both_syncs_report_bytes(client: StorageClient, container: str, tmp_path: Path) -> None:
    folder = tmp_path / "src"
    (folder / "sub").mkdir(parents=True)
    files = {"a.txt": b"a" * 1000, "sub/b.txt": b"b" * 3000}
    for name, content in files.items():
        (folder / name).write_bytes(content)

    rec = Recorder()
    key, total = client.upload_folder(folder, container, subscribers=[rec])
    client.get_folder_upload(key).wait()
    assert all(rec.completed(name, len(content)) for name, content in files.items())

    (folder / "a.txt").write_bytes(b"A" * 1500)
    os.utime(folder / "a.txt", (2_000_000_000, 2_000_000_000))  # newer than the object
    up = Recorder()
    client.sync_folder_to_container(folder, container, subscribers=[up], hash_cache=False)
    assert up.completed("a.txt", 1500) and "sub/b.txt" not in up.queued

    down = Recorder()
    client.sync_container_to_folder(container, tmp_path / "copy", subscribers=[down], hash_cache=False)
    assert down.completed("a.txt", 1500) and down.completed("sub/b.txt", 3000)
