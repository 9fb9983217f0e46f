"""The transfer engine as users drive it: futures, progress, cancellation, bounded queues; the client's lifecycle."""

from __future__ import annotations

import hashlib
import os
import threading

import pytest
from tests.conftest import make_client

from swiftfiles import (
    BaseSubscriber,
    ClientClosed,
    DownloadResult,
    StorageClient,
    TransferCancelled,
    TransferConfig,
    TransferEngine,
    TransferInfo,
    UploadResult,
)

pytestmark = pytest.mark.integration


class Recorder(BaseSubscriber):
    """Bytes and events per transfer, and the most transfers ever queued-or-running at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bytes: dict[str, int] = {}
        self.done: dict[str, BaseException | None] = {}
        self.open = 0
        self.most_open = 0

    def on_queued(self, transfer: TransferInfo) -> None:
        with self.lock:
            self.open += 1
            self.most_open = max(self.most_open, self.open)

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None:
        with self.lock:
            self.bytes[transfer.name] = self.bytes.get(transfer.name, 0) + nbytes

    def on_done(self, transfer: TransferInfo, error: BaseException | None) -> None:
        with self.lock:
            self.open -= 1
            self.done[transfer.name] = error


def test_upload_and_download_as_futures_with_progress(client: StorageClient, container: str, tmp_path) -> None:
    payloads = {f"f{i}.bin": os.urandom(50_000 + i) for i in range(6)}
    for name, data in payloads.items():
        (tmp_path / name).write_bytes(data)
    recorder = Recorder()
    uploads = [client.engine.upload(container, n, tmp_path / n, subscribers=[recorder]) for n in payloads]
    results = [f.result() for f in uploads]
    assert all(isinstance(r, UploadResult) for r in results)
    assert {f.info.name: r.etag for f, r in zip(uploads, results, strict=True)} == {
        n: hashlib.md5(d).hexdigest() for n, d in payloads.items()
    }
    assert recorder.bytes == {n: len(d) for n, d in payloads.items()}
    assert recorder.done == dict.fromkeys(payloads)

    target = tmp_path / "back" / "f3.bin"
    downloaded = client.engine.download(container, "f3.bin", target, subscribers=[recorder]).result()
    assert downloaded == DownloadResult(container, "f3.bin", target, len(payloads["f3.bin"]))
    assert target.read_bytes() == payloads["f3.bin"]

    deleted = client.engine.delete(container, ["f0.bin", "f1.bin", "never-there"]).result()
    assert (deleted.deleted, deleted.not_found) == (2, 1)
    assert sorted(client.list_container_object_names(container)) == [f"f{i}.bin" for i in range(2, 6)]


def test_an_engine_built_from_a_connection_alone(client: StorageClient, container: str) -> None:
    with TransferEngine(client.connection, TransferConfig(concurrency=2)) as engine:
        result = engine.upload(container, "standalone", b"from the engine").result()
    assert result.etag == hashlib.md5(b"from the engine").hexdigest()
    assert client.fetch_object(container, "standalone") == b"from the engine"
    with pytest.raises(ClientClosed):
        engine.upload(container, "late", b"x")


def test_cancelling_one_transfer_leaves_the_engine_usable(client: StorageClient, container: str) -> None:
    started = threading.Event()
    release = threading.Event()

    def slow_chunks():
        yield b"a" * 1000
        started.set()
        release.wait(10)
        yield b"b" * 1000

    future = client.engine.upload(container, "cancelled", slow_chunks(), chunk_size=1000)
    assert started.wait(10)
    future.cancel()
    release.set()
    with pytest.raises(TransferCancelled):
        future.result(10)
    assert client.engine.upload(container, "after", b"still works").result().size == len(b"still works")
    assert client.list_container_object_names(container) == ["after"]


def test_at_most_max_queued_transfers_are_queued_at_once(swift, container: str) -> None:
    recorder = Recorder()
    config = TransferConfig(concurrency=2, max_queued_transfers=3)
    with make_client(swift, transfer_config=config) as bounded:
        futures = [
            bounded.engine.upload(container, f"q{i}", os.urandom(2000), subscribers=[recorder]) for i in range(20)
        ]
        assert all(f.result().size == 2000 for f in futures)
    assert len(recorder.done) == 20 and recorder.most_open <= 3


def test_closed_client_refuses_every_call_with_one_exception(swift, container: str) -> None:
    client = make_client(swift)
    client.store_object(container, "o", b"x")
    client.close()
    client.close()  # closing twice does nothing
    for call in (
        lambda: client.get_account_info(),
        lambda: client.fetch_object(container, "o"),
        lambda: client.store_object(container, "p", b"y"),
        lambda: client.get_container(container),
        lambda: client.engine.upload(container, "q", b"z"),
    ):
        with pytest.raises(ClientClosed):
            call()
    assert "closed" in repr(client)


def test_close_waits_for_a_background_folder_upload(swift, container: str, tmp_path) -> None:
    for i in range(30):
        (tmp_path / f"file-{i:02d}.txt").write_bytes(os.urandom(5000))
    with make_client(swift, transfer_config=TransferConfig(concurrency=2)) as client:
        key, total = client.upload_folder(str(tmp_path), container)
        handle = client.get_folder_upload(key)
    assert handle.finished and handle.errors == [] and handle.uploaded == total
    with make_client(swift) as check:
        assert len(check.list_container_object_names(container)) == 30
