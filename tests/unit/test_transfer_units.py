"""Transfer engine pieces that need no server: bandwidth, stream cutting, readers, manager failure handling."""

import hashlib
import io
import random
import threading

import pytest

from swiftfiles.auth.base import Authenticator
from swiftfiles.auth.tempauth import PreAuthenticated
from swiftfiles.exceptions import TransferCancelled
from swiftfiles.http.client import HTTPClient
from swiftfiles.http.transport import CannedResponse, FunctionTransport
from swiftfiles.swift.capabilities import Capabilities
from swiftfiles.swift.connection import SwiftConnection
from swiftfiles.transfer.bandwidth import BandwidthLimiter
from swiftfiles.transfer.config import TransferConfig
from swiftfiles.transfer.engine import TransferEngine
from swiftfiles.transfer.futures import CancelToken
from swiftfiles.transfer.hashing import BACKGROUND_MIN_BYTES, BackgroundMD5
from swiftfiles.transfer.progress import ByteCounter, Progress, TransferInfo
from swiftfiles.transfer.readers import BufferReader, FileObjectReader, FileRangeReader, md5_of_file_range
from swiftfiles.transfer.segmented import read_segments


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_bandwidth_limit_long_run_rate() -> None:
    clock = FakeClock()
    limiter = BandwidthLimiter(1000, clock=clock.time, sleep=clock.sleep)
    for _ in range(10):
        limiter.consume(500)  # 5000 bytes at 1000 B/s: the first 1000 pass at once (burst), then 4 s
    assert clock.now == pytest.approx(4.0)


def test_read_segments_cuts_exactly() -> None:
    pieces = list(read_segments(iter([b"ab", b"cdefg", b"", b"h"]), 3))
    assert pieces == [b"abc", b"def", b"gh"]
    assert list(read_segments(io.BytesIO(b"x" * 10), 4, read_size=3)) == [b"xxxx", b"xxxx", b"xx"]
    assert list(read_segments(io.BytesIO(b""), 4)) == []
    assert list(read_segments(iter(["té"]), 10)) == ["té".encode()]


def test_file_range_reader_hashes_rewinds_and_reports(tmp_path) -> None:
    path = tmp_path / "f"
    path.write_bytes(bytes(range(256)) * 10)
    counter = ByteCounter()
    progress = Progress(TransferInfo("upload", "c", "o"), [counter])
    reader = FileRangeReader(str(path), 100, 1000, chunk_size=300, progress=progress)
    first = reader.read()
    assert len(first) == 300 and first[0] == 100
    reader.seek(0)
    data = b"".join(iter(lambda: reader.read(), b""))
    assert data == path.read_bytes()[100:1100] and counter.bytes == 1000 and reader.complete
    assert reader.hexdigest == md5_of_file_range(str(path), 100, 1000)
    with pytest.raises(OSError):
        reader.seek(5)
    reader.close()


def test_large_bodies_hash_on_a_background_thread_with_the_same_result(tmp_path) -> None:
    size = BACKGROUND_MIN_BYTES + 12345
    data = random.Random(7).randbytes(size)
    path = tmp_path / "big"
    path.write_bytes(data)
    before = {t.ident for t in threading.enumerate()}
    with FileRangeReader(str(path), 0, size, chunk_size=1 << 20) as inline:
        inline.read()  # segments (the default) hash in the sending thread
        assert not [t for t in threading.enumerate() if t.ident not in before and t.name == "swiftfiles-md5"]
    with FileRangeReader(str(path), 0, size, chunk_size=1 << 20, background_hash=True) as reader:
        reader.read()
        started = [t for t in threading.enumerate() if t.ident not in before and t.name == "swiftfiles-md5"]
        assert len(started) == 1  # the sender goes on while this thread hashes
        reader.seek(0)  # a resend: the partial hash is dropped, its thread stops
        assert not started[0].is_alive()
        while reader.read():
            pass
        assert reader.hexdigest == hashlib.md5(data).hexdigest()
    assert not [t for t in threading.enumerate() if t.ident not in before and t.name == "swiftfiles-md5"]


def test_background_md5_close_without_result_stops_its_thread() -> None:
    hasher = BackgroundMD5(max_pending=1)
    for _ in range(5):  # more chunks than the queue holds: update() waits instead of buffering without bound
        hasher.update(b"x" * 4096)
    hasher.close()
    assert not [t for t in threading.enumerate() if t.name == "swiftfiles-md5" and t.is_alive()]
    fresh = BackgroundMD5()
    fresh.update(b"abc")
    assert fresh.hexdigest() == hashlib.md5(b"abc").hexdigest() == fresh.hexdigest()
    with pytest.raises(ValueError):
        fresh.update(b"more")


def test_file_object_reader_starts_and_rewinds_at_the_handed_over_position() -> None:
    source = io.BytesIO(b"skip:" + b"payload" * 100)
    source.seek(5)
    counter = ByteCounter()
    reader = FileObjectReader(
        source, 700, chunk_size=64, progress=Progress(TransferInfo("upload", "c", "o"), [counter])
    )
    assert reader.read() == b"payload" * 9 + b"p"
    reader.seek(0)  # a resend: progress taken back, reading starts over at the handed-over position
    assert counter.bytes == 0
    assert b"".join(iter(reader.read, b"")) == b"payload" * 100 and counter.bytes == 700
    with pytest.raises(TypeError, match="binary mode"):
        FileObjectReader(io.StringIO("text"), 4).read()


def test_truncated_file_is_an_error_not_a_short_upload(tmp_path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"abc")
    reader = FileRangeReader(str(path), 0, 10)
    assert reader.read() == b"abc"
    with pytest.raises(OSError, match="ended 7 bytes early"):
        reader.read()


def test_readers_stop_when_cancelled() -> None:
    token = CancelToken()
    reader = BufferReader(b"x" * 100, chunk_size=10, token=token)
    reader.read()
    token.cancel()
    with pytest.raises(TransferCancelled):
        reader.read()


def test_child_token_sees_parent_cancel() -> None:
    parent = CancelToken()
    child = CancelToken(parent)
    parent.cancel()
    assert child.cancelled


def offline_engine(config: TransferConfig) -> TransferEngine:
    """An engine over a connection that refuses every request (these tests send none)."""

    def refuse(request: object) -> CannedResponse:
        raise AssertionError(f"no request expected: {request}")

    connection = SwiftConnection(
        Authenticator(PreAuthenticated("http://127.0.0.1:9/v1/AUTH_t", "t"), HTTPClient(FunctionTransport(refuse))),
        HTTPClient(FunctionTransport(refuse)),
        capabilities=Capabilities({}),
    )
    return TransferEngine(connection, config)


def test_run_parts_raises_first_error_after_all_parts_stop() -> None:
    finished = []
    release = threading.Event()

    def slow() -> int:
        release.wait(2)
        finished.append("slow")
        return 1

    def boom() -> int:
        release.set()
        raise ValueError("boom")

    with offline_engine(TransferConfig(concurrency=2)) as engine:
        token = CancelToken()
        with pytest.raises(ValueError, match="boom"):
            engine.run_parts([slow, boom], token)
        assert finished == ["slow"] and token.cancelled


def test_config_validation() -> None:
    with pytest.raises(ValueError):
        TransferConfig(concurrency=0)
    with pytest.raises(ValueError):
        TransferConfig(max_bandwidth=0)
