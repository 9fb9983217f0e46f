"""Segmented uploads against the real Swift, with small segments so multi-segment paths run fast."""

import hashlib
import io
import os

import pytest
from tests.conftest import make_client
from tests.support.clients import through_proxy
from tests.support.faultproxy import FaultProxy

from swiftfiles.exceptions import Forbidden, IntegrityError, NoSuchObject, TransferCancelled
from swiftfiles.transfer.config import TransferConfig
from swiftfiles.transfer.progress import ByteCounter

pytestmark = pytest.mark.integration

KiB = 1024
SMALL = TransferConfig(
    concurrency=4,
    multipart_threshold=256 * KiB,
    segment_size=100 * KiB,
    stream_segment_size=64 * KiB,
    io_chunk_size=16 * KiB,
)


@pytest.fixture
def lo_client(swift):
    with make_client(swift, transfer_config=SMALL) as c:
        yield c


def segments_of(client, container):
    try:
        return client.list_container_object_names(f"{container}_segments", full_listing=True)[:]
    except NoSuchObject:
        return []


def test_file_becomes_slo_and_round_trips(lo_client, container, tmp_path) -> None:
    payload = os.urandom(1_000_000)
    path = tmp_path / "big.bin"
    path.write_bytes(payload)
    counter = ByteCounter()
    obj = lo_client.upload_file(container, str(path), subscribers=[counter])
    headers = lo_client.connection.head_object(container, "big.bin")
    assert headers["X-Static-Large-Object"] == "True"
    assert int(headers["Content-Length"]) == len(payload) == obj.total_bytes
    assert lo_client.fetch_object(container, "big.bin") == payload
    assert len(segments_of(lo_client, container)) == 10
    assert counter.bytes == len(payload) and counter.done == 1 and not counter.errors
    segment_md5s = [hashlib.md5(payload[i : i + 100 * KiB]).hexdigest() for i in range(0, len(payload), 100 * KiB)]
    assert obj.etag == hashlib.md5("".join(segment_md5s).encode()).hexdigest()


def test_dlo_on_request(swift, container, tmp_path) -> None:
    config = TransferConfig(multipart_threshold=256 * KiB, segment_size=100 * KiB, use_slo=False)
    payload = os.urandom(300_000)
    path = tmp_path / "dlo.bin"
    path.write_bytes(payload)
    with make_client(swift, transfer_config=config) as client:
        client.upload_file(container, str(path))
        headers = client.connection.head_object(container, "dlo.bin")
        assert headers["X-Object-Manifest"].startswith(f"{container}_segments/")
        assert client.fetch_object(container, "dlo.bin") == payload


def test_unknown_length_stream_is_segmented_in_bounded_pieces(lo_client, container) -> None:
    block = os.urandom(10_000)
    chunks = (block for _ in range(50))  # 500,000 bytes from a generator: length unknown
    obj = lo_client.store_object(container, "stream.bin", chunks)
    assert obj.total_bytes == 500_000
    assert lo_client.connection.head_object(container, "stream.bin")["X-Static-Large-Object"] == "True"
    assert lo_client.fetch_object(container, "stream.bin") == block * 50
    assert len(segments_of(lo_client, container)) == 8  # ceil(500000 / 65536)


def test_short_stream_is_one_verified_put(lo_client, container) -> None:
    obj = lo_client.store_object(container, "short", iter([b"abc", b"def"]))
    headers = lo_client.connection.head_object(container, "short")
    assert "X-Static-Large-Object" not in headers and obj.etag == hashlib.md5(b"abcdef").hexdigest()


def test_overwrite_removes_old_segments(lo_client, container, tmp_path) -> None:
    path = tmp_path / "v.bin"
    path.write_bytes(os.urandom(500_000))
    lo_client.upload_file(container, str(path), obj_name="v")
    first = set(segments_of(lo_client, container))
    path.write_bytes(os.urandom(300_000))
    lo_client.upload_file(container, str(path), obj_name="v")
    second = set(segments_of(lo_client, container))
    assert len(first) == 5 and len(second) == 3 and not first & second
    lo_client.store_object(container, "v", b"small now")
    assert segments_of(lo_client, container) == []
    assert lo_client.fetch_object(container, "v") == b"small now"


def test_failed_upload_leaves_no_segments(lo_client, container, tmp_path) -> None:
    class Exploding(io.RawIOBase):
        """A stream that fails after 200 KB."""

        def __init__(self) -> None:
            self.sent = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            if self.sent >= 200_000:
                raise OSError("disk on fire")
            n = min(len(buffer), 10_000)
            buffer[:n] = b"x" * n
            self.sent += n
            return n

    with pytest.raises(OSError, match="disk on fire"):
        lo_client.store_object(container, "broken", Exploding(), chunk_size=10_000)
    assert segments_of(lo_client, container) == []
    with pytest.raises(NoSuchObject):
        lo_client.get_object(container, "broken")


def test_cancelled_upload_cleans_up(swift, lo_client, container, tmp_path) -> None:
    path = tmp_path / "c.bin"
    path.write_bytes(os.urandom(1_000_000))
    with make_client(swift, transfer_config=SMALL) as client:

        class CancelAfterFirstBytes(ByteCounter):
            def on_progress(self, transfer, nbytes):
                super().on_progress(transfer, nbytes)
                if self.bytes > 150_000:
                    client.engine.token.cancel()  # cancel everything this client's engine is doing

        with pytest.raises(TransferCancelled):
            client.upload_file(container, str(path), subscribers=[CancelAfterFirstBytes()])
    assert segments_of(lo_client, container) == []


def test_interrupted_upload_resumes_with_stored_segments(swift, container, tmp_path) -> None:
    payload = os.urandom(1_000_000)
    path = tmp_path / "r.bin"
    path.write_bytes(payload)
    keep = TransferConfig(
        concurrency=1, multipart_threshold=256 * KiB, segment_size=100 * KiB, keep_segments_on_failure=True
    )
    with make_client(swift, transfer_config=keep) as client:

        class StopHalfway(ByteCounter):
            def on_progress(self, transfer, nbytes):
                super().on_progress(transfer, nbytes)
                if self.bytes >= 600 * KiB:
                    raise ConnectionError("network went away")

        with pytest.raises(ConnectionError):
            client.upload_file(container, str(path), subscribers=[StopHalfway()])
        listing = {o.name: o.last_modified for o in client.list_container_objects(f"{container}_segments")}
        assert 4 <= len(listing) <= 6
        client.upload_file(container, str(path), resume=True)
        assert client.fetch_object(container, "r.bin") == payload
        after = {o.name: o.last_modified for o in client.list_container_objects(f"{container}_segments")}
        assert len(after) == 10
        assert {name: after[name] for name in listing} == listing  # stored segments were reused, not re-sent


def test_corrupted_segment_is_detected(swift, lo_client, container, tmp_path) -> None:
    """A byte flipped on its way to the server: the segment Swift stores does not match what was sent."""
    path = tmp_path / "x.bin"
    path.write_bytes(os.urandom(400_000))
    with FaultProxy(swift.host, swift.port) as proxy, through_proxy(swift, proxy, SMALL) as client:
        flipped = proxy.flip_request_byte(10, method="PUT", path=r"_segments/x\.bin/.*/00000002$")
        with pytest.raises(IntegrityError, match="00000002"):
            client.upload_file(container, str(path))
        assert flipped.hits == 1
    assert segments_of(lo_client, container) == []
    assert lo_client.list_container_object_names(container) == []


def test_stream_past_the_segment_limit_nests_manifests(swift, lo_client, container) -> None:
    from swiftfiles.swift.capabilities import Capabilities

    caps = lo_client.capabilities
    three = Capabilities({**caps.raw, "slo": {**caps.section("slo"), "max_manifest_segments": 3}})
    block = os.urandom(64 * KiB)
    with make_client(swift, transfer_config=SMALL, capabilities=three) as nesting:
        obj = nesting.store_object(container, "nested", (block for _ in range(10)))  # 10 segments > 3
    assert obj.total_bytes == 10 * 64 * KiB
    assert lo_client.fetch_object(container, "nested") == block * 10
    manifest = lo_client.connection.get_object(container, "nested", query={"multipart-manifest": "get"}, stream=False)
    assert len(manifest.json()) <= 3 and any(entry.get("sub_slo") for entry in manifest.json())
    lo_client.store_object(container, "nested", b"plain again")
    assert segments_of(lo_client, container) == []


def test_upload_outlives_its_token(tmp_path) -> None:
    from swiftfiles import StorageClient
    from swiftfiles.devserver import DevServer

    payload = os.urandom(800 * KiB)
    path = tmp_path / "slow.bin"
    path.write_bytes(payload)
    # 800 KiB at 250 KiB/s takes over 3 s; tokens live 2 s, so segment PUTs meet a 401 and re-authenticate.
    config = TransferConfig(
        concurrency=2, multipart_threshold=256 * KiB, segment_size=100 * KiB, max_bandwidth=250 * KiB
    )
    with DevServer(token_life=2) as short:
        client = StorageClient(  # expiry_margin=0: use each token until the server refuses it
            auth_url=short.auth_url, username="test:tester", password="testing", transfer_config=config, expiry_margin=0
        )
        client.create_container("c")
        client.upload_file("c", str(path))
        assert client.authenticator.auth_count >= 2
        assert client.fetch_object("c", "slow.bin") == payload
        client.close()


def test_deleting_a_container_with_its_objects_removes_large_objects_segments(swift, container, tmp_path) -> None:
    """``delete(container, del_objects=True)`` leaves no segments behind (issue 15, item 5); leave_segments keeps
    them."""
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(300_000))
    with make_client(swift, transfer_config=SMALL) as client:
        client.upload_file(container, str(path), obj_name="slo")
        client.store_object(container, "plain", b"x")
        removed = client.delete_all_objects(container)
        assert removed.deleted > 2  # the two objects and the SLO's segments
        assert client.list_container_object_names(container) == []
        assert f"{container}_segments" not in client.list_container_names()  # emptied, then removed

        client.upload_file(container, str(path), obj_name="kept")
        client.delete_all_objects(container, leave_segments=True)
        assert segments_of(client, container), "leave_segments=True keeps them"


def test_a_user_with_write_access_from_the_acls_uploads_a_large_object(swift, client, container, tmp_path) -> None:
    """tempauth refuses a container PUT to a user whose write access comes from ACLs, even when the container
    exists; the segment container the owner made (with the same ACLs) is used as it is."""
    acl = {"X-Container-Write": "test:tester3", "X-Container-Read": "test:tester3"}
    client.connection.post_container(container, headers=acl)
    client.connection.put_container(f"{container}_segments", headers=acl)
    payload = os.urandom(300_000)
    path = tmp_path / "big.bin"
    path.write_bytes(payload)
    with make_client(swift, "test:tester3", transfer_config=SMALL) as writer:
        writer.upload_file(container, str(path))
    assert client.connection.head_object(container, "big.bin")["X-Static-Large-Object"] == "True"
    assert client.fetch_object(container, "big.bin") == payload
    assert len(segments_of(client, container)) == 3


def test_a_segment_container_that_may_not_be_created_is_a_clear_refusal(swift, client, container, tmp_path) -> None:
    client.connection.post_container(
        container, headers={"X-Container-Write": "test:tester3", "X-Container-Read": "test:tester3"}
    )
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(300_000))
    with make_client(swift, "test:tester3", transfer_config=SMALL) as writer, pytest.raises(Forbidden):
        writer.upload_file(container, str(path))
    assert client.list_container_object_names(container) == []
