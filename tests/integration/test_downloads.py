"""Downloads of plain, SLO and DLO objects against the real Swift: parallel ranged GETs, resume, integrity,
``fetch_dlo``/``fetch_slo`` and deleting large objects with their segments.

Large objects are built over the wire here (segments with ``connection.put_object``, SLO manifests with
``?multipart-manifest=put``, DLO manifests with ``X-Object-Manifest``) so these tests do not depend on the upload
engine. Sizes are small; ``TransferConfig`` shrinks thresholds, parts and chunks to match.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import threading
import tracemalloc
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from tests.support.clients import through_proxy
from tests.support.faultproxy import RESPOND, TRUNCATE_RESPONSE, FaultProxy

from swiftfiles import StorageClient
from swiftfiles.exceptions import (
    ConnectionFailed,
    IntegrityError,
    NoSuchObject,
    NotFound,
    PreconditionFailed,
    TransferCancelled,
)
from swiftfiles.http.retry import RetryPolicy
from swiftfiles.swift.capabilities import Capabilities
from swiftfiles.swift.names import object_path
from swiftfiles.transfer.config import TransferConfig
from swiftfiles.transfer.download import download_to_path, execute_download, plan_download
from swiftfiles.transfer.fetch import NotALargeObject
from swiftfiles.transfer.futures import CancelToken
from swiftfiles.transfer.progress import BaseSubscriber, ByteCounter, TransferInfo

pytestmark = pytest.mark.integration

KiB = 1024
MiB = 1024 * KiB
USER = "test:tester"
FAST = RetryPolicy(total=3, backoff_factor=0.01)

#: Parallel: objects of 128 KiB and more are fetched in 64 KiB ranged parts by 4 workers, in 16 KiB reads.
PARALLEL = TransferConfig(
    concurrency=4,
    multipart_download_threshold=128 * KiB,
    download_part_size=64 * KiB,
    io_chunk_size=16 * KiB,
    resume_attempts=2,
)
#: Streamed: one GET whatever the size.
STREAMED = replace(PARALLEL, multipart_download_threshold=1 << 40)


def make(swift, config: TransferConfig = PARALLEL, **kwargs: Any) -> StorageClient:
    return StorageClient(
        auth_url=swift.auth_url, username=USER, password=swift.users[USER], transfer_config=config, **kwargs
    )


@pytest.fixture
def lo(swift) -> Iterator[Any]:
    """A client with small parallel-download settings and the large-object methods."""
    with make(swift) as c:
        yield c


@pytest.fixture
def segments(client: StorageClient, container: str) -> Iterator[str]:
    """``<container>_segments``, deleted with its objects afterwards."""
    name = f"{container}_segments"
    client.create_container(name)
    yield name
    with contextlib.suppress(NotFound):
        client.delete(name, del_objects=True)


@pytest.fixture
def proxy(swift) -> Iterator[FaultProxy]:
    with FaultProxy(swift.host, swift.port) as p:
        yield p


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def put_segments(client: StorageClient, seg_container: str, prefix: str, chunks: list[bytes]) -> list[str]:
    names = [f"{prefix}{i:04d}" for i in range(len(chunks))]
    for name, chunk in zip(names, chunks, strict=True):
        client.connection.put_object(seg_container, name, chunk)
    return names


def put_slo(client: StorageClient, container: str, name: str, entries: list[dict[str, Any]]) -> None:
    client.connection.put_object(container, name, json.dumps(entries).encode(), query={"multipart-manifest": "put"})


def make_slo(client: StorageClient, container: str, seg_container: str, name: str, chunks: list[bytes]) -> bytes:
    names = put_segments(client, seg_container, f"{name}/", chunks)
    put_slo(
        client,
        container,
        name,
        [
            {"path": f"/{seg_container}/{n}", "etag": md5(c), "size_bytes": len(c)}
            for n, c in zip(names, chunks, strict=True)
        ],
    )
    return b"".join(chunks)


def make_dlo(client: StorageClient, container: str, seg_container: str, name: str, chunks: list[bytes]) -> bytes:
    put_segments(client, seg_container, f"{name}/", chunks)
    client.connection.put_object(container, name, b"", headers={"X-Object-Manifest": f"{seg_container}/{name}/"})
    return b"".join(chunks)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".sfpart"))


def path_of(container: str, obj: str) -> str:
    return re.escape(object_path(container, obj)) + "$"


class Recorder(BaseSubscriber):
    """Records progress increments; optionally runs *action* once, on the first one."""

    def __init__(self, action: Any = None) -> None:
        self.lock = threading.Lock()
        self.increments: list[int] = []
        self.done: list[BaseException | None] = []
        self._action = action

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None:
        with self.lock:
            self.increments.append(nbytes)
            action, self._action = self._action, None
        if action is not None:
            action()

    def on_done(self, transfer: TransferInfo, error: BaseException | None) -> None:
        self.done.append(error)


# -- plain objects ------------------------------------------------------------------------------------------------


def test_parallel_download_of_a_plain_object(lo, client, container, tmp_path) -> None:
    data = os.urandom(1 * MiB + 12345)
    client.store_object(container, "plain.bin", data)
    counter = ByteCounter()
    target = tmp_path / "out" / "plain.bin"
    assert download_to_path(lo.engine, container, "plain.bin", target, subscribers=[counter]) == len(data)
    assert target.read_bytes() == data
    assert counter.bytes == len(data) and counter.done == 1 and not counter.errors
    assert leftovers(target.parent) == []


def test_parallel_gets_are_ranged_and_conditional(swift, client, container, proxy, tmp_path) -> None:
    data = os.urandom(300 * KiB + 7)
    client.store_object(container, "ranged.bin", data)
    etag = client.connection.head_object(container, "ranged.bin")["Etag"]
    with through_proxy(swift, proxy, PARALLEL) as pc:
        download_to_path(pc.engine, container, "ranged.bin", tmp_path / "ranged.bin")
    assert (tmp_path / "ranged.bin").read_bytes() == data
    planning, *part_gets = proxy.requests_matching("GET", path_of(container, "ranged.bin"))
    assert "range" not in planning.headers  # the first GET's headers plan the download (no separate HEAD)
    ranges = sorted(tuple(map(int, g.headers["range"].removeprefix("bytes=").split("-"))) for g in part_gets)
    parts = [(o, min(o + 64 * KiB, len(data)) - 1) for o in range(0, len(data), 64 * KiB)]
    assert ranges == parts  # one GET per part, nothing fetched twice
    assert {g.headers.get("if-match") for g in part_gets} == {etag}
    assert proxy.requests_matching("HEAD", path_of(container, "ranged.bin")) == []


def test_streamed_download_and_file_mode(swift, client, container, tmp_path) -> None:
    data = os.urandom(200 * KiB)
    client.store_object(container, "s.bin", data)
    with make(swift, STREAMED) as c:
        recorder = Recorder()
        download_to_path(c.engine, container, "s.bin", tmp_path / "s.bin", subscribers=[recorder])
    assert (tmp_path / "s.bin").read_bytes() == data
    assert sum(recorder.increments) == len(data) and max(recorder.increments) <= STREAMED.io_chunk_size
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "s.bin").stat().st_mode & 0o777 == 0o666 & ~umask  # as open(..., "wb") would create it


def test_empty_object(lo, client, container, tmp_path) -> None:
    client.store_object(container, "empty", b"")
    assert download_to_path(lo.engine, container, "empty", tmp_path / "empty") == 0
    assert (tmp_path / "empty").read_bytes() == b""


def test_missing_object_raises_before_creating_anything(lo, container, tmp_path) -> None:
    with pytest.raises(NoSuchObject):
        download_to_path(lo.engine, container, "absent", tmp_path / "absent")
    assert list(tmp_path.iterdir()) == []


# -- SLO and DLO --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("config", [PARALLEL, STREAMED], ids=["parallel", "streamed"])
def test_slo_download_is_byte_identical(swift, client, container, segments, tmp_path, config) -> None:
    data = make_slo(client, container, segments, "big", [os.urandom(n) for n in (100 * KiB, 3, 150 * KiB + 1, 77)])
    counter = ByteCounter()
    with make(swift, config) as c:
        assert download_to_path(c.engine, container, "big", tmp_path / "big", subscribers=[counter]) == len(data)
    assert (tmp_path / "big").read_bytes() == data
    assert counter.bytes == len(data)


@pytest.mark.parametrize("config", [PARALLEL, STREAMED], ids=["parallel", "streamed"])
def test_nested_slo_with_ranges_and_inline_data(swift, client, container, segments, tmp_path, config) -> None:
    chunks = [os.urandom(n) for n in (90 * KiB, 70 * KiB, 60 * KiB)]
    put_segments(client, segments, "n/", chunks)
    inline = b"inline bytes"
    put_slo(
        client,
        container,
        "inner",
        [
            {"path": f"/{segments}/n/0000"},
            {"path": f"/{segments}/n/0001", "range": "1000-40999"},
            {"data": base64.b64encode(inline).decode()},
        ],
    )
    inner = chunks[0] + chunks[1][1000:41000] + inline
    outer = [{"path": f"/{container}/inner", "range": "500-"}, {"path": f"/{segments}/n/0002"}]
    put_slo(client, container, "outer", outer)
    expected = inner[500:] + chunks[2]
    with make(swift, config) as c:
        download_to_path(c.engine, container, "outer", tmp_path / "outer")
        assert (tmp_path / "outer").read_bytes() == expected
        pieces = c.fetch_slo(container, "outer")
        assert [name for name, _ in pieces] == ["n/0000", "n/0001", "", "n/0002"]
        assert b"".join(b"".join(gen) for _, gen in pieces) == expected
        plan = plan_download(c.connection, container, "outer")
    # whole segments are checked by MD5 (inline data too), ranged ones (n/0000 is cut by the outer range) by length
    assert [check.md5 is not None for check in plan.checks] == [False, False, True, True]
    assert [check.length for check in plan.checks] == [90 * KiB - 500, 40_000, len(inline), 60 * KiB]


@pytest.mark.parametrize("config", [PARALLEL, STREAMED], ids=["parallel", "streamed"])
def test_dlo_download_is_byte_identical(swift, client, container, segments, tmp_path, config) -> None:
    data = make_dlo(client, container, segments, "dlo", [os.urandom(n) for n in (64 * KiB, 0, 100 * KiB + 5, 1)])
    counter = ByteCounter()
    with make(swift, config) as c:
        assert download_to_path(c.engine, container, "dlo", tmp_path / "dlo", subscribers=[counter]) == len(data)
    assert (tmp_path / "dlo").read_bytes() == data
    assert counter.bytes == len(data)


def test_dlo_without_segments_is_empty(lo, client, container, segments, tmp_path) -> None:
    client.connection.put_object(container, "none", b"", headers={"X-Object-Manifest": f"{segments}/nothing/"})
    assert download_to_path(lo.engine, container, "none", tmp_path / "none") == 0
    assert (tmp_path / "none").read_bytes() == b""


# -- integrity --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("config", [PARALLEL, STREAMED], ids=["parallel", "streamed"])
def test_tampered_segment_listing_raises_integrity_error(swift, client, container, segments, tmp_path, config) -> None:
    make_dlo(client, container, segments, "dlo", [os.urandom(n) for n in (90 * KiB, 90 * KiB, 90 * KiB)])
    target = tmp_path / "dlo"
    target.write_bytes(b"previous version")
    with make(swift, config) as c:
        plan = plan_download(c.connection, container, "dlo")
        assert plan.kind == "dlo" and len(plan.checks) == 3
        tampered = replace(plan, checks=(plan.checks[0], replace(plan.checks[1], md5="0" * 32), plan.checks[2]))
        with pytest.raises(IntegrityError, match=r"segment #1 .*dlo/0001.*MD5"):
            execute_download(c.engine, tampered, target, config=config)
    assert target.read_bytes() == b"previous version"
    assert leftovers(tmp_path) == []


def test_tampered_plain_etag_leaves_no_file(lo, client, container, tmp_path) -> None:
    client.store_object(container, "p", os.urandom(200 * KiB))
    plan = plan_download(lo.connection, container, "p")
    bad = replace(plan, checks=(replace(plan.checks[0], md5=md5(b"something else")),))
    with pytest.raises(IntegrityError, match="MD5"):
        execute_download(lo.engine, bad, tmp_path / "p")
    assert list(tmp_path.iterdir()) == []


def test_dlo_listing_must_reproduce_the_etag(lo, client, container, segments) -> None:
    make_dlo(client, container, segments, "dlo", [b"a" * 10, b"b" * 20])
    head = dict(client.connection.head_object(container, "dlo"))
    assert plan_download(lo.connection, container, "dlo", head).size == 30
    head["Etag"] = '"' + md5(b"another listing") + '"'
    with pytest.raises(IntegrityError, match="does not reproduce its ETag"):
        plan_download(lo.connection, container, "dlo", head)


def test_concurrent_overwrite_fails_cleanly(swift, client, container, tmp_path) -> None:
    client.store_object(container, "moving", os.urandom(1 * MiB))

    def overwrite() -> None:
        client.store_object(container, "moving", os.urandom(1 * MiB))

    recorder = Recorder(overwrite)
    # Throttled, so that the later parts are requested after the overwrite has landed (not a race).
    slow_config = replace(PARALLEL, max_bandwidth=256 * KiB)
    with make(swift, slow_config) as slow, pytest.raises(PreconditionFailed, match="changed on the server") as info:
        download_to_path(slow.engine, container, "moving", tmp_path / "moving", subscribers=[recorder])
    assert info.value.status == 412
    assert list(tmp_path.iterdir()) == []
    assert recorder.done == [info.value]


def test_cancellation_removes_the_temporary_file(lo, client, container, tmp_path) -> None:
    client.store_object(container, "c", os.urandom(1 * MiB))
    token = CancelToken()
    with pytest.raises(TransferCancelled):
        download_to_path(lo.engine, container, "c", tmp_path / "c", subscribers=[Recorder(token.cancel)], token=token)
    assert list(tmp_path.iterdir()) == []


def test_memory_stays_bounded(swift, client, container, tmp_path) -> None:
    data = os.urandom(20 * MiB)
    client.store_object(container, "big", data)
    del data
    config = TransferConfig(
        concurrency=2, multipart_download_threshold=1 * MiB, download_part_size=4 * MiB, io_chunk_size=1 * MiB
    )
    with make(swift, config) as c:
        recorder = Recorder()
        tracemalloc.start()
        try:
            download_to_path(c.engine, container, "big", tmp_path / "big", subscribers=[recorder])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert (tmp_path / "big").stat().st_size == 20 * MiB
    assert max(recorder.increments) <= config.io_chunk_size
    # urllib3 holds up to about two chunks per stream while handing one over, plus one chunk read back for the MD5:
    # some 6 MiB here, whatever the object's size (measured 6.1 MiB)
    assert peak < 10 * MiB, f"peak {peak / MiB:.1f} MiB for a 20 MiB download"


# -- faults: resume, re-authentication, server errors ------------------------------------------------------------


def test_dropped_stream_resumes_with_range_and_if_match(swift, client, container, proxy, tmp_path) -> None:
    data = os.urandom(300 * KiB)
    client.store_object(container, "r.bin", data)
    etag = client.connection.head_object(container, "r.bin")["Etag"]
    with through_proxy(swift, proxy, STREAMED) as pc:
        rule = proxy.truncate_response(100_000, method="GET", path=path_of(container, "r.bin"))
        counter = ByteCounter()
        download_to_path(pc.engine, container, "r.bin", tmp_path / "r.bin", subscribers=[counter])
    assert (tmp_path / "r.bin").read_bytes() == data
    assert rule.hits == 1 and counter.bytes == len(data)
    first, second = proxy.requests_matching("GET", path_of(container, "r.bin"))
    # The first GET is the one whose headers planned the download; the resume is pinned to its ETag.
    assert first.fault == TRUNCATE_RESPONSE and "range" not in first.headers and "if-match" not in first.headers
    assert second.headers["range"] == "bytes=100000-" and second.headers["if-match"] == etag


def test_dropped_part_resumes_where_it_stopped(swift, client, container, proxy, tmp_path) -> None:
    data = os.urandom(512 * KiB)
    client.store_object(container, "p.bin", data)
    with through_proxy(swift, proxy, PARALLEL) as pc:
        # The first GET only plans the (parallel) download and is closed unread; the second is a part.
        proxy.truncate_response(10_000, method="GET", path=path_of(container, "p.bin"), times=2)
        download_to_path(pc.engine, container, "p.bin", tmp_path / "p.bin")
    assert (tmp_path / "p.bin").read_bytes() == data
    gets = proxy.requests_matching("GET", path_of(container, "p.bin"))
    assert len(gets) == 1 + 8 + 1
    cut = next(g for g in gets if g.fault == TRUNCATE_RESPONSE and "range" in g.headers)
    start, end = map(int, cut.headers["range"].removeprefix("bytes=").split("-"))
    assert [g.headers.get("range") for g in gets].count(f"bytes={start + 10_000}-{end}") == 1


def test_resume_gives_up_after_resume_attempts(swift, client, container, proxy, tmp_path) -> None:
    client.store_object(container, "r.bin", os.urandom(200 * KiB))
    (tmp_path / "r.bin").write_bytes(b"old")
    with through_proxy(swift, proxy, STREAMED) as pc:
        rule = proxy.truncate_response(1000, method="GET", path=path_of(container, "r.bin"), times=10)
        with pytest.raises(ConnectionFailed):
            download_to_path(pc.engine, container, "r.bin", tmp_path / "r.bin")
    assert rule.hits == 1 + STREAMED.resume_attempts
    assert [p.name for p in tmp_path.iterdir()] == ["r.bin"] and (tmp_path / "r.bin").read_bytes() == b"old"


def test_token_expiry_and_server_errors_mid_download(swift, client, container, proxy, tmp_path) -> None:
    data = os.urandom(512 * KiB)
    client.store_object(container, "e.bin", data)
    injected = []

    class FaultsMidTransfer(BaseSubscriber):
        def on_progress(self, transfer, nbytes):
            if not injected:  # once the first bytes have arrived: the token dies and the server stumbles
                injected.append(True)
                proxy.respond(401, method="GET", path=path_of(container, "e.bin"))
                proxy.respond(503, {"Retry-After": "0"}, method="GET", path=path_of(container, "e.bin"), times=2)

    with through_proxy(swift, proxy, PARALLEL) as pc:
        download_to_path(pc.engine, container, "e.bin", tmp_path / "e.bin", subscribers=[FaultsMidTransfer()])
        assert pc.authenticator.auth_count == 2  # one re-authentication, mid-transfer
    assert (tmp_path / "e.bin").read_bytes() == data
    gets = proxy.requests_matching("GET", path_of(container, "e.bin"))
    assert sum(g.fault == RESPOND for g in gets) == 3 and len(gets) == 1 + 8 + 3


# -- fetch_dlo / fetch_slo ---------------------------------------------------------------------------------------


def test_fetch_dlo_streams_each_segment(lo, client, container, segments) -> None:
    chunks = [os.urandom(n) for n in (50_000, 1, 0, 70_000)]
    make_dlo(client, container, segments, "d", chunks)
    pieces = lo.fetch_dlo(container, "d", chunk_size=16 * KiB)
    assert [name for name, _ in pieces] == [f"d/{i:04d}" for i in range(4)]
    for (_, gen), chunk in zip(pieces, chunks, strict=True):
        parts = list(gen)
        assert b"".join(parts) == chunk and all(len(p) <= 16 * KiB for p in parts)


def test_fetch_dlo_generators_are_lazy_and_conditional(lo, client, container, segments, caplog) -> None:
    make_dlo(client, container, segments, "d", [b"a" * 100, b"b" * 100, b"c" * 100])
    with caplog.at_level("INFO", logger="swiftfiles"):
        pieces = lo.fetch_dlo(container, "d", verbose=True)
    assert "3 segments" in caplog.text
    client.delete_object(segments, "d/0001")  # after the listing, before any GET
    client.store_object(segments, "d/0002", b"C" * 100)
    assert b"".join(pieces[0][1]) == b"a" * 100
    with pytest.raises(NoSuchObject):
        b"".join(pieces[1][1])
    with pytest.raises(PreconditionFailed, match="changed on the server"):
        b"".join(pieces[2][1])


def test_fetch_dlo_and_fetch_slo_refuse_other_objects(lo, client, container, segments) -> None:
    client.store_object(container, "plain", b"x")
    make_slo(client, container, segments, "slo", [b"a" * 10])
    make_dlo(client, container, segments, "dlo", [b"a" * 10])
    for method, name in (
        (lo.fetch_dlo, "plain"),
        (lo.fetch_dlo, "slo"),
        (lo.fetch_slo, "dlo"),
        (lo.fetch_slo, "plain"),
    ):
        with pytest.raises(NotALargeObject) as info:
            method(container, name)
        assert isinstance(info.value, ValueError)


def test_fetch_dlo_accepts_handles(lo, client, container, segments) -> None:
    make_dlo(client, container, segments, "d", [b"xyz"])
    obj = lo.get_object(container, "d")
    pieces = lo.fetch_dlo(lo.get_container(container), obj)
    assert [(n, b"".join(g)) for n, g in pieces] == [("d/0000", b"xyz")]


# -- deleting with segments --------------------------------------------------------------------------------------


def test_delete_slo_with_segments(lo, client, container, segments) -> None:
    make_slo(client, container, segments, "inner", [b"1" * 10, b"2" * 10])
    make_slo(client, container, segments, "plainslo", [b"3" * 10])
    put_slo(client, container, "outer", [{"path": f"/{container}/inner"}, {"path": f"/{segments}/plainslo/0000"}])
    result = lo.delete_object_with_segments(container, "outer")
    assert result.ok and result.deleted == 5  # outer, inner, three segments
    assert client.list_container_object_names(segments) == []
    assert client.list_container_object_names(container) == ["plainslo"]


def test_delete_slo_with_a_segment_already_gone(lo, client, container, segments) -> None:
    make_slo(client, container, segments, "s", [b"1" * 10, b"2" * 10])
    client.delete_object(segments, "s/0001")
    result = lo.delete_object_with_segments(container, "s")
    assert result.ok and (result.deleted, result.not_found) == (2, 1)
    assert client.list_container_object_names(segments) == []


def test_delete_dlo_with_segments_by_bulk_delete(client, container, segments, proxy, swift) -> None:
    make_dlo(client, container, segments, "d", [os.urandom(10) for _ in range(5)])
    client.store_object(segments, "other", b"not part of the DLO")
    with through_proxy(swift, proxy, PARALLEL) as pc:
        result = pc.delete_object_with_segments(container, "d")
    assert result.ok and result.deleted == 6
    assert client.list_container_object_names(segments) == ["other"]
    assert client.list_container_object_names(container) == []
    assert len(proxy.requests_matching("POST", None)) == 1  # one bulk request for five segments


def test_delete_dlo_without_bulk_middleware(swift, client, container, segments) -> None:
    make_dlo(client, container, segments, "d", [os.urandom(10) for _ in range(7)])
    # a cluster without the bulk middleware: /info lacks "bulk_delete"
    raw = {k: v for k, v in client.capabilities.raw.items() if k != "bulk_delete"}
    with make(swift, capabilities=Capabilities(raw)) as no_bulk:
        result = no_bulk.delete_object_with_segments(container, "d")
    assert result.ok and result.deleted == 8
    assert client.list_container_object_names(segments) == []


def test_delete_dlo_in_small_bulk_batches(swift, client, container, segments) -> None:
    make_dlo(client, container, segments, "d", [os.urandom(10) for _ in range(5)])
    raw = dict(client.capabilities.raw)
    raw["bulk_delete"] = {**raw["bulk_delete"], "max_deletes_per_request": 2}
    with make(swift, capabilities=Capabilities(raw)) as small_batches:
        result = small_batches.delete_object_with_segments(container, "d")
    assert result.ok and result.deleted == 6
    assert client.list_container_object_names(segments) == []


def test_delete_self_prefixed_dlo(lo, client, container) -> None:
    """A DLO whose prefix matches its own name: the manifest is deleted once, not reported as missing."""
    for i in range(3):
        client.store_object(container, f"self{i}", b"x" * 5)
    client.connection.put_object(container, "self", b"", headers={"X-Object-Manifest": f"{container}/self"})
    result = lo.delete_object_with_segments(container, "self")
    assert result.ok and (result.deleted, result.not_found) == (4, 0)
    assert client.list_container_object_names(container) == []


@pytest.mark.parametrize("kind", ["slo", "dlo"])
def test_delete_object_takes_the_segments_unless_told_to_leave_them(swift, client, container, segments, kind) -> None:
    build = make_slo if kind == "slo" else make_dlo
    build(client, container, segments, "big", [b"1" * 10, b"2" * 10])
    client.delete_object(container, "big")
    assert client.list_container_object_names(container) == []
    assert client.list_container_object_names(segments) == [], "no orphaned segments"

    content = build(client, container, segments, "moved", [b"4" * 10, b"5" * 10])
    client.move_object(container, "moved", container, "plain-copy")
    assert client.fetch_object(container, "plain-copy") == content
    assert client.list_container_object_names(segments) == [], "a move leaves no orphaned segments either"

    build(client, container, segments, "kept", [b"3" * 10])
    with make(swift, TransferConfig(leave_segments=True)) as keeping:
        keeping.delete_object(container, "kept")
    assert client.list_container_object_names(container) == ["plain-copy"]
    assert client.list_container_object_names(segments) == ["kept/0000"]


def test_delete_plain_and_missing_objects(lo, client, container) -> None:
    client.store_object(container, "plain", b"x")
    assert lo.delete_object_with_segments(container, "plain").deleted == 1
    with pytest.raises(NoSuchObject):
        lo.delete_object_with_segments(container, "plain")


def test_unique_names_do_not_collide(lo, client, container, tmp_path) -> None:
    """Two downloads of the same object into the same folder at once: each uses its own temporary file."""
    data = os.urandom(300 * KiB)
    name = f"same-{uuid.uuid4().hex[:6]}"
    client.store_object(container, name, data)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            download_to_path(lo.engine, container, name, tmp_path / name)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and (tmp_path / name).read_bytes() == data and leftovers(tmp_path) == []


def test_longest_multibyte_file_name(lo, client, container, tmp_path) -> None:
    """A 255-byte UTF-8 file name (NAME_MAX) works: the temporary name is cut by bytes, not characters."""
    client.store_object(container, "o", b"data")
    target = tmp_path / ("€" * 85)  # 3 bytes each
    assert len(target.name.encode()) == 255
    download_to_path(lo.engine, container, "o", target)
    assert target.read_bytes() == b"data" and leftovers(tmp_path) == []
