"""Data safety under faults (issue 10, items 1-5), against the real Swift through ``FaultProxy``.

Each test breaks the conversation where a real network does (an answer lost after the server acted, a byte flipped,
a body cut short) and then checks what Swift really stored, through a client that talks to it directly: an upload
or a delete that "succeeded" while destroying or orphaning data cannot pass.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from tests.conftest import make_client
from tests.support.clients import FAST, through_proxy
from tests.support.faultproxy import DROP_RESPONSE, TRUNCATE_RESPONSE, FaultProxy

from swiftfiles import StorageClient
from swiftfiles.exceptions import ConnectionFailed, IntegrityError, NoSuchContainer, NoSuchObject
from swiftfiles.swift.names import object_path
from swiftfiles.transfer.config import TransferConfig

pytestmark = pytest.mark.integration

KiB = 1024
SEGMENT = 100 * KiB  # segments of files and in-memory payloads
STREAM_SEGMENT = 64 * KiB  # segments of file objects such as io.BytesIO (read as streams)
SMALL = TransferConfig(
    concurrency=4,
    multipart_threshold=256 * KiB,
    segment_size=SEGMENT,
    stream_segment_size=STREAM_SEGMENT,
    io_chunk_size=16 * KiB,
)
SMALL_DLO = TransferConfig(
    concurrency=4,
    multipart_threshold=256 * KiB,
    segment_size=SEGMENT,
    stream_segment_size=STREAM_SEGMENT,
    io_chunk_size=16 * KiB,
    use_slo=False,
)
CONFIGS = {"slo": SMALL, "dlo": SMALL_DLO}


def path_of(container: str, obj: str) -> str:
    """A rule/record pattern for exactly this object's URL path."""
    return re.escape(object_path(container, obj)) + "$"


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def slo_etag(data: bytes, segment: int = SEGMENT) -> str:
    return md5("".join(md5(data[i : i + segment]) for i in range(0, len(data), segment)).encode())


def segments_of(client: StorageClient, container: str) -> list[str]:
    try:
        return list(client.list_container_object_names(f"{container}_segments", full_listing=True))
    except (NoSuchContainer, NoSuchObject):
        return []


@pytest.fixture
def proxy(swift) -> Iterator[FaultProxy]:
    with FaultProxy(swift.host, swift.port) as p:
        yield p


@pytest.fixture(params=["slo", "dlo"])
def kind(request) -> str:
    return str(request.param)


@pytest.fixture
def direct(swift, kind) -> Iterator[StorageClient]:
    """A client straight to Swift (no faults) making large objects of the test's kind."""
    with make_client(swift, transfer_config=CONFIGS[kind]) as c:
        yield c


@pytest.fixture
def faulty(swift, proxy, kind) -> Iterator[StorageClient]:
    """The client under test: every request through the proxy, large objects of the test's kind."""
    with through_proxy(swift, proxy, CONFIGS[kind]) as c:
        yield c


def assert_large(client: StorageClient, container: str, name: str, kind: str) -> None:
    headers = client.connection.head_object(container, name)
    if kind == "slo":
        assert headers.get("X-Static-Large-Object") == "True"
    else:
        assert unquote(headers.get("X-Object-Manifest", "")).startswith(f"{container}_segments/")


# -- item 1: a lost manifest response -----------------------------------------------------------------------------


@pytest.mark.parametrize("then", ["retries-exhausted", "resend-refused"])
def test_lost_manifest_response_keeps_the_stored_object(direct, faulty, proxy, container, kind, then, tmp_path) -> None:
    """Swift stored the manifest but no answer came back, and the resends did not help (every answer lost too, or
    the resend refused with 409 as a cluster may once the first attempt landed): the upload checks what the name
    holds before cleaning up, finds its own manifest and succeeds; the overwritten version's segments still go,
    the new ones stay."""
    old = os.urandom(450_000)
    direct.store_object(container, "big.bin", io.BytesIO(old))
    old_segments = set(segments_of(direct, container))
    assert len(old_segments) == 7  # ceil(450,000 / STREAM_SEGMENT)

    new = os.urandom(300_000)
    source = tmp_path / "big.bin"
    source.write_bytes(new)
    manifest = path_of(container, "big.bin")
    if then == "retries-exhausted":
        lost = proxy.drop_response(method="PUT", path=manifest, times=FAST.total + 1)
    else:
        lost = proxy.drop_response(method="PUT", path=manifest)
        proxy.respond(409, body=b"conflict", method="PUT", path=manifest)
    obj = faulty.upload_file(container, str(source))

    assert lost.hits == lost.times, "the manifest PUT reached Swift and lost its answer"
    assert obj.total_bytes == len(new)
    if kind == "slo":
        assert obj.etag == slo_etag(new)
    assert_large(direct, container, "big.bin", kind)
    assert direct.fetch_object(container, "big.bin") == new
    remaining = set(segments_of(direct, container))
    assert len(remaining) == 3 and not remaining & old_segments


@pytest.mark.parametrize("kind", ["slo"])
def test_manifest_outcome_unknown_keeps_the_segments(direct, faulty, proxy, container, kind, tmp_path) -> None:
    """When the check itself fails (every HEAD answered 503) nobody can tell whether the manifest was stored:
    the upload fails, but its segments stay, and the object Swift did store is whole."""
    new = os.urandom(300_000)
    source = tmp_path / "big.bin"
    source.write_bytes(new)
    proxy.drop_response(method="PUT", path=path_of(container, "big.bin"), times=FAST.total + 1)
    proxy.delay(0, method="HEAD", path=path_of(container, "big.bin"))  # the HEAD that plans the upload passes
    proxy.respond(503, {"Retry-After": "0"}, method="HEAD", path=path_of(container, "big.bin"), times=100)
    with pytest.raises(ConnectionFailed):
        faulty.upload_file(container, str(source))
    assert direct.fetch_object(container, "big.bin") == new
    assert len(segments_of(direct, container)) == 3


def test_refused_manifest_still_removes_the_new_segments(direct, faulty, proxy, container, kind, tmp_path) -> None:
    """The control: a manifest Swift never stored (the proxy answers 400 itself) leaves the previous version
    intact, readable, and no segment of the failed upload behind."""
    old = os.urandom(450_000)
    direct.store_object(container, "big.bin", io.BytesIO(old))
    old_segments = set(segments_of(direct, container))
    proxy.respond(400, body=b"refused", method="PUT", path=path_of(container, "big.bin"))
    with pytest.raises(Exception, match="400"):
        faulty.store_object(container, "big.bin", io.BytesIO(os.urandom(300_000)))
    assert set(segments_of(direct, container)) == old_segments
    assert direct.fetch_object(container, "big.bin") == old


# -- item 2: large in-memory payloads -----------------------------------------------------------------------------


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview], ids=["bytes", "bytearray", "memoryview"])
@pytest.mark.parametrize("method", ["store_object", "store_object-chunk_size", "create_object"])
def test_large_in_memory_payload_becomes_a_verified_slo(swift, container, wrap, method) -> None:
    payload = os.urandom(1_000_000)
    with make_client(swift, transfer_config=SMALL) as client:
        if method == "store_object":
            obj = client.store_object(container, "mem.bin", wrap(payload))
        elif method == "store_object-chunk_size":  # a read size means nothing for data already in memory
            obj = client.store_object(container, "mem.bin", wrap(payload), chunk_size=65536)
        else:
            obj = client.create_object(container, data=wrap(payload), obj_name="mem.bin")
        assert obj.total_bytes == len(payload)
        assert obj.etag == slo_etag(payload)
        assert_large(client, container, "mem.bin", "slo")
        assert client.fetch_object(container, "mem.bin") == payload
        assert len(segments_of(client, container)) == 10


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview], ids=["bytes", "bytearray", "memoryview"])
def test_small_in_memory_payload_with_chunk_size_is_one_verified_put(client, container, wrap) -> None:
    obj = client.store_object(container, "small.bin", wrap(b"0123456789" * 100), chunk_size=64)
    assert obj.etag == md5(b"0123456789" * 100)
    assert client.fetch_object(container, "small.bin") == b"0123456789" * 100


def test_large_in_memory_payload_survives_a_resend_and_catches_corruption(swift, proxy, container) -> None:
    """Segments cut from the caller's buffer rewind for a resend, and each is checked against Swift's MD5."""
    payload = bytearray(os.urandom(500_000))
    with through_proxy(swift, proxy, SMALL) as client, make_client(swift) as direct:
        dropped = proxy.drop_before_response(method="PUT", path=r"_segments/mem\.bin/.*/00000001$")
        client.store_object(container, "mem.bin", payload)
        assert dropped.hits == 1
        assert direct.fetch_object(container, "mem.bin") == bytes(payload)

        flipped = proxy.flip_request_byte(10, method="PUT", path=r"_segments/bad\.bin/.*/00000003$")
        with pytest.raises(IntegrityError, match="00000003"):
            client.store_object(container, "bad.bin", memoryview(payload))
        assert flipped.hits == 1
        with pytest.raises(NoSuchObject):
            direct.get_object(container, "bad.bin")


# -- item 3: fetch_object of a whole large object is verified per segment -----------------------------------------


@pytest.mark.parametrize("mode", ["bytes", "chunks"])
def test_flipped_byte_in_a_large_object_fetch_is_caught(direct, faulty, proxy, container, kind, mode) -> None:
    data = os.urandom(500_000)
    direct.store_object(container, "lo.bin", io.BytesIO(data))
    assert_large(direct, container, "lo.bin", kind)
    bad = 2 * STREAM_SEGMENT + 1234  # in segment #2, which ends at 3 * STREAM_SEGMENT
    flipped = proxy.flip_response_byte(bad, method="GET", path=path_of(container, "lo.bin"), query=r"^$")
    received = 0
    with pytest.raises(IntegrityError, match="segment #2"):
        if mode == "bytes":
            faulty.fetch_object(container, "lo.bin")
        else:
            for chunk in faulty.fetch_object(container, "lo.bin", chunk_size=8 * KiB):
                received += len(chunk)
    assert flipped.hits == 1
    if mode == "chunks":
        assert bad < received < 3 * STREAM_SEGMENT, "raised by the end of the segment that held the bad byte"
    # Without the fault the same calls return the data; partial reads keep working.
    assert faulty.fetch_object(container, "lo.bin") == data
    assert b"".join(faulty.fetch_object(container, "lo.bin", chunk_size=8 * KiB)) == data
    assert faulty.fetch_object(container, "lo.bin", size=250_000) == data[:250_000]


# -- item 4: a lost DELETE response ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plain", "slo", "dlo"])
def test_lost_delete_response_reports_success(swift, proxy, container, kind) -> None:
    """The DELETE reached Swift, the answer was lost, the resend got 404: the delete succeeded, and a large
    object's segments are gone too."""
    config = CONFIGS.get(kind, SMALL)
    with make_client(swift, transfer_config=config) as direct, through_proxy(swift, proxy, config) as faulty:
        _lost_delete(direct, faulty, proxy, container, kind)


def _lost_delete(direct: StorageClient, faulty: StorageClient, proxy: FaultProxy, container: str, kind: str) -> None:
    direct.store_object(container, "doomed.bin", io.BytesIO(os.urandom(1000 if kind == "plain" else 300_000)))
    if kind != "plain":
        assert_large(direct, container, "doomed.bin", kind)
    lost = proxy.drop_response(method="DELETE", path=path_of(container, "doomed.bin"))
    assert faulty.delete_object(container, "doomed.bin") is True
    assert lost.hits == 1
    with pytest.raises(NoSuchObject):
        direct.get_object(container, "doomed.bin")
    assert segments_of(direct, container) == []


@pytest.mark.parametrize("kind", ["slo"])
def test_lost_delete_response_on_the_wire_operation_and_when_keeping_segments(
    swift, direct, proxy, container, kind
) -> None:
    """The rule lives in the connection: a bare DELETE and ``leave_segments`` deletes benefit as well, while a
    DELETE of a name that never existed, with no lost answer before, is still ``NoSuchObject``."""
    direct.store_object(container, "plain", b"x")
    direct.store_object(container, "manifest-only", io.BytesIO(os.urandom(300_000)))
    keep = TransferConfig(leave_segments=True)
    with through_proxy(swift, proxy, keep) as client:
        proxy.drop_response(method="DELETE", path=path_of(container, "plain"))
        client.connection.delete_object(container, "plain")
        proxy.drop_response(method="DELETE", path=path_of(container, "manifest-only"))
        assert client.delete_object(container, "manifest-only") is True
        assert [r.fault for r in proxy.requests_matching("DELETE")] == [DROP_RESPONSE, None, DROP_RESPONSE, None]
        with pytest.raises(NoSuchObject):
            client.connection.delete_object(container, "never-existed")
    assert direct.list_container_object_names(container) == []
    assert len(segments_of(direct, container)) == 5  # leave_segments: only the manifest went


# -- item 5: a body cut short while reading an SLO manifest ------------------------------------------------------


@pytest.mark.parametrize("kind", ["slo"])
@pytest.mark.parametrize("reader", ["download", "overwrite"])
def test_reset_inside_the_slo_manifest_body_is_retried(
    direct, faulty, proxy, container, kind, reader, tmp_path
) -> None:
    """A download plans from the manifest (pinned by the X-Manifest-Etag of its GET); an overwrite lists the old
    version's segments from it (no pin at first: the reread is pinned to the ETag of the first answer)."""
    data = os.urandom(500_000)
    direct.store_object(container, "lo.bin", io.BytesIO(data))
    old_segments = segments_of(direct, container)
    manifest = proxy.truncate_response(
        100, method="GET", path=path_of(container, "lo.bin"), query="multipart-manifest=get"
    )
    if reader == "download":
        assert faulty.download_object(container, "lo.bin", tmp_path).read_bytes() == data
    else:
        faulty.store_object(container, "lo.bin", b"small now")
        assert direct.fetch_object(container, "lo.bin") == b"small now"
        assert segments_of(direct, container) == [] and old_segments
    assert manifest.hits == 1
    reads = [r for r in proxy.requests_matching("GET", path_of(container, "lo.bin")) if "multipart" in r.target]
    assert [r.fault for r in reads] == [TRUNCATE_RESPONSE, None]
    assert reads[1].headers.get("if-match"), "the manifest is read again only in the version first seen"


@pytest.mark.parametrize("kind", ["slo"])
def test_a_manifest_body_that_keeps_breaking_off_is_given_up_on(
    direct, faulty, proxy, container, kind, tmp_path
) -> None:
    from swiftfiles.transfer.fetch import MANIFEST_READ_ATTEMPTS

    direct.store_object(container, "lo.bin", io.BytesIO(os.urandom(300_000)))
    proxy.truncate_response(
        100, method="GET", path=path_of(container, "lo.bin"), query="multipart-manifest=get", times=100
    )
    with pytest.raises(ConnectionFailed):
        faulty.download_object(container, "lo.bin", tmp_path)
    reads = [r for r in proxy.requests_matching("GET", path_of(container, "lo.bin")) if "multipart" in r.target]
    assert len(reads) == MANIFEST_READ_ATTEMPTS
    assert list(tmp_path.iterdir()) == []
