"""Failures between the client and the real Swift, injected by ``FaultProxy``: retries, body replay, timeouts,
truncated downloads and 401s.

The client under test talks to the proxy; the ``client`` fixture (direct to Swift) sets objects up and checks what
Swift really stored, so a retry that "succeeded" with a corrupted body cannot go unnoticed.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.support.clients import through_proxy
from tests.support.faultproxy import (
    DROP_BEFORE_RESPONSE,
    RESET_DURING_REQUEST_BODY,
    RESPOND,
    TRUNCATE_RESPONSE,
    FaultProxy,
)

from swiftfiles import StorageClient
from swiftfiles.exceptions import (
    AuthenticationFailed,
    BodyNotRewindable,
    ConnectionFailed,
    IntegrityError,
    NoSuchObject,
    RateLimited,
    RequestTimeout,
    ServerError,
    TransportError,
)
from swiftfiles.http.retry import RetryPolicy
from swiftfiles.swift.names import object_path
from swiftfiles.transfer.config import TransferConfig

pytestmark = pytest.mark.integration

USER = "test:tester"
FAST = RetryPolicy(total=3, backoff_factor=0.01)


def path_of(container: str, obj: str) -> str:
    """A rule/record pattern for exactly this object's URL path."""
    return re.escape(object_path(container, obj)) + "$"


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


@pytest.fixture
def proxy(swift) -> Iterator[FaultProxy]:
    with FaultProxy(swift.host, swift.port) as p:
        yield p


@pytest.fixture
def pclient(swift, proxy: FaultProxy) -> Iterator[StorageClient]:
    with through_proxy(swift, proxy) as c:
        yield c


@pytest.fixture
def stored(client: StorageClient, container: str) -> tuple[str, bytes]:
    """An object stored directly (not through the proxy): its name and bytes."""
    data = os.urandom(150_000)
    client.store_object(container, "stored.bin", data)
    return "stored.bin", data


# -- retryable statuses -----------------------------------------------------------------------------------------


def test_two_503s_then_success(pclient, proxy, container, stored) -> None:
    name, data = stored
    rule = proxy.respond(503, {"Retry-After": "0"}, method="GET", path=path_of(container, name), times=2)
    assert pclient.fetch_object(container, name) == data
    assert rule.hits == 2
    assert [r.fault for r in proxy.requests_matching("GET", path_of(container, name))] == [RESPOND, RESPOND, None]


@pytest.mark.parametrize(
    ("status", "headers"),
    [(498, {"Retry-After": "0"}), (429, {"Retry-After": "0"}), (408, {})],
    ids=["498-rackspace-rate-limit", "429-too-many-requests", "408-request-timeout"],
)
def test_rate_limit_and_request_timeout_statuses_are_retried(
    pclient, proxy, container, stored, status, headers
) -> None:
    name, data = stored
    proxy.respond(status, headers, method="GET", path=path_of(container, name))
    assert pclient.fetch_object(container, name) == data
    assert len(proxy.requests_matching("GET", path_of(container, name))) == 2


def test_retries_exhausted_raise_server_error_with_trans_id(pclient, proxy, container, stored) -> None:
    name, _ = stored
    path = path_of(container, name)
    proxy.respond(503, {"Retry-After": "0", "X-Trans-Id": "tx-injected-503"}, b"busy", method="GET", path=path, times=4)
    with pytest.raises(ServerError) as info:
        pclient.fetch_object(container, name)
    assert info.value.status == 503
    assert info.value.trans_id == "tx-injected-503" and "tx-injected-503" in str(info.value)
    assert len(proxy.requests_matching("GET", path)) == FAST.total + 1


def test_exhausted_without_trans_id_still_has_the_attribute(pclient, proxy, container, stored) -> None:
    name, _ = stored
    proxy.respond(503, {"Retry-After": "0"}, method="HEAD", path=path_of(container, name), times=4)
    with pytest.raises(ServerError) as info:
        pclient.get_object(container, name)
    assert info.value.status == 503 and info.value.trans_id == ""


def test_rate_limit_exhausted_raises_rate_limited(pclient, proxy, container, stored) -> None:
    name, _ = stored
    proxy.respond(498, {"Retry-After": "0"}, method="GET", path=path_of(container, name), times=4)
    with pytest.raises(RateLimited) as info:
        pclient.fetch_object(container, name)
    assert info.value.status == 498


@pytest.mark.parametrize("fault", [RESPOND, DROP_BEFORE_RESPONSE])
def test_authentication_request_is_retried(swift, proxy, fault) -> None:
    if fault == RESPOND:
        proxy.respond(503, {"Retry-After": "0"}, method="GET", path=r"^/auth/v1\.0$")
    else:
        proxy.drop_before_response(method="GET", path=r"^/auth/v1\.0$")
    client = StorageClient(
        auth_url=proxy.rewrite(swift.auth_url), username=USER, password=swift.users[USER], retries=FAST
    )
    with client:
        assert client.authenticator.current().token
    assert [r.fault for r in proxy.requests_matching("GET", r"^/auth/")] == [fault, None]


def test_truncated_listing_is_read_again(pclient, client, proxy, container) -> None:
    """Non-streamed responses are read inside the retry loop, so a body cut short is simply requested again."""
    for i in range(5):
        client.store_object(container, f"item-{i:02d}", b"x")
    listing = re.escape(object_path(container)) + "$"
    proxy.truncate_response(100, method="GET", path=listing)
    assert pclient.list_container_object_names(container) == [f"item-{i:02d}" for i in range(5)]
    assert [r.fault for r in proxy.requests_matching("GET", listing)] == [TRUNCATE_RESPONSE, None]


# -- uploads: replaying the body --------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", [DROP_BEFORE_RESPONSE, RESET_DURING_REQUEST_BODY])
def test_bytes_upload_is_resent_intact(pclient, client, proxy, container, fault) -> None:
    payload = os.urandom(1_000_000)
    path = path_of(container, "bytes.bin")
    if fault == DROP_BEFORE_RESPONSE:
        proxy.drop_before_response(method="PUT", path=path)
    else:
        proxy.reset_during_request_body(65536, method="PUT", path=path)
    pclient.store_object(container, "bytes.bin", payload)
    puts = proxy.requests_matching("PUT", path)
    assert [p.fault for p in puts] == [fault, None]
    assert puts[1].body_length == len(payload)
    assert client.fetch_object(container, "bytes.bin") == payload  # read back directly from Swift


def _open_source(kind: str, payload: bytes, tmp_path) -> tuple[Any, bytes]:
    """A seekable source and the bytes an upload from it must store."""
    if kind == "bytesio":
        return io.BytesIO(payload), payload
    if kind == "bytesio-at-offset":  # an upload starts at the current position, and so must every resend
        source = io.BytesIO(b"HEADER-NOT-SENT" + payload)
        source.seek(len(b"HEADER-NOT-SENT"))
        return source, payload
    file_path = tmp_path / "upload.bin"
    file_path.write_bytes(payload)
    return open(file_path, "rb"), payload  # noqa: SIM115 - closed by the test


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        (DROP_BEFORE_RESPONSE, "bytesio"),
        (RESET_DURING_REQUEST_BODY, "bytesio"),
        (RESET_DURING_REQUEST_BODY, "bytesio-at-offset"),
        (DROP_BEFORE_RESPONSE, "open-file"),
    ],
)
def test_seekable_file_upload_is_resent_complete(pclient, client, proxy, container, tmp_path, kind, fault) -> None:
    source, expected = _open_source(kind, os.urandom(700_000), tmp_path)
    path = path_of(container, "file.bin")
    if fault == DROP_BEFORE_RESPONSE:
        proxy.drop_before_response(method="PUT", path=path)
    else:
        proxy.reset_during_request_body(100_000, method="PUT", path=path)
    with source:
        obj = pclient.store_object(container, "file.bin", source)
    puts = proxy.requests_matching("PUT", path)
    assert [p.fault for p in puts] == [fault, None]
    # The resend carried the whole body and the ETag Swift checked it against (a mismatch would be a 422).
    assert puts[1].body_length == len(expected)
    # A new object from a file is hashed while it is sent (no ETag header) and checked against the ETag Swift
    # returns; other bodies carry the ETag. Either way the resend must be complete and verified.
    assert puts[1].headers.get("etag") in (None, md5(expected))
    assert obj.etag == md5(expected)
    assert client.get_object(container, "file.bin").etag == md5(expected)
    assert client.fetch_object(container, "file.bin") == expected


@pytest.mark.parametrize("fault", [DROP_BEFORE_RESPONSE, RESET_DURING_REQUEST_BODY])
def test_upload_with_chunk_size_is_resent_complete(pclient, client, proxy, container, fault) -> None:
    expected = os.urandom(500_000)
    path = path_of(container, "chunked.bin")
    if fault == DROP_BEFORE_RESPONSE:
        proxy.drop_before_response(method="PUT", path=path)
    else:
        proxy.reset_during_request_body(100_000, method="PUT", path=path)
    obj = pclient.store_object(container, "chunked.bin", io.BytesIO(expected), chunk_size=65536)
    puts = proxy.requests_matching("PUT", path)
    assert [p.fault for p in puts] == [fault, None]
    assert puts[1].body_length == len(expected)
    assert obj.etag == md5(expected)
    assert client.get_object(container, "chunked.bin").etag == md5(expected)
    assert client.fetch_object(container, "chunked.bin") == expected


def one_shot() -> Iterator[bytes]:
    """A generator: its bytes can be read once, so a resend cannot repeat them."""
    return (bytes([i]) * 10_000 for i in range(20))


@pytest.mark.parametrize("fault", [RESPOND, DROP_BEFORE_RESPONSE])
def test_one_shot_stream_is_not_resent(pclient, client, proxy, container, fault) -> None:
    """A PUT whose body is a generator goes out once, chunked; when it needs a resend the retry loop refuses
    (``BodyNotRewindable``) instead of sending an empty or partial body."""
    path = path_of(container, "gen.bin")
    if fault == RESPOND:
        proxy.respond(503, {"Retry-After": "0"}, method="PUT", path=path)
    else:
        proxy.drop_before_response(method="PUT", path=path)
    with pytest.raises(BodyNotRewindable):
        pclient.connection.put_object(container, "gen.bin", one_shot())
    puts = proxy.requests_matching("PUT", path)
    assert len(puts) == 1
    assert puts[0].headers.get("transfer-encoding") == "chunked" and puts[0].body_length == 200_000
    with pytest.raises(NoSuchObject):
        client.get_object(container, "gen.bin")


@pytest.mark.parametrize("fault", [RESPOND, DROP_BEFORE_RESPONSE])
def test_store_object_buffers_a_one_shot_stream_so_it_can_be_resent(pclient, client, proxy, container, fault) -> None:
    """``store_object`` reads a stream into segment buffers before sending, so even a generator survives a resend
    (the one PUT here carries Content-Length and the ETag Swift verifies)."""
    path = path_of(container, "gen.bin")
    if fault == RESPOND:
        proxy.respond(503, {"Retry-After": "0"}, method="PUT", path=path)
    else:
        proxy.drop_before_response(method="PUT", path=path)
    pclient.store_object(container, "gen.bin", one_shot())
    expected = b"".join(one_shot())
    puts = proxy.requests_matching("PUT", path)
    assert [p.fault for p in puts] == [fault, None]
    assert puts[1].body_length == len(expected) and puts[1].headers.get("etag") == md5(expected)
    assert client.fetch_object(container, "gen.bin") == expected


# -- downloads cut short ----------------------------------------------------------------------------------------


def test_truncated_download_is_never_returned_short(pclient, proxy, container, stored, tmp_path) -> None:
    name, data = stored
    path = path_of(container, name)
    rule = proxy.truncate_response(1000, method="GET", path=path, times=100)
    resumes = TransferConfig().resume_attempts

    # Every resume (Range + If-Match) is cut again here, so after resume_attempts each call gives up with
    # ConnectionFailed: never short bytes, never a file under its final name, no leftover *.sfpart.
    with pytest.raises((IntegrityError, TransportError)) as info:
        pclient.fetch_object(container, name)
    assert type(info.value) is ConnectionFailed
    assert len(proxy.requests_matching("GET", path)) == 1 + resumes
    with pytest.raises(ConnectionFailed):
        b"".join(pclient.fetch_object(container, name, chunk_size=4096))
    with pytest.raises(ConnectionFailed):
        pclient.download_object(container, name, tmp_path)
    assert list(tmp_path.iterdir()) == []

    assert all(r.fault == TRUNCATE_RESPONSE for r in proxy.requests_matching("GET", path))
    assert rule.hits == 3 * (1 + resumes)
    proxy.clear()
    assert pclient.fetch_object(container, name) == data  # the pool recovered from the broken connections
    assert pclient.download_object(container, name, tmp_path).read_bytes() == data


@pytest.mark.parametrize("mode", ["bytes", "chunks", "first-bytes"])
def test_truncated_fetch_resumes_where_it_broke_off(pclient, proxy, container, stored, mode) -> None:
    name, data = stored
    proxy.truncate_response(50_000, method="GET", path=path_of(container, name))
    if mode == "bytes":
        assert pclient.fetch_object(container, name) == data
    elif mode == "chunks":
        assert b"".join(pclient.fetch_object(container, name, chunk_size=8192)) == data
    else:
        assert pclient.fetch_object(container, name, size=120_000) == data[:120_000]
    first, second = proxy.requests_matching("GET", path_of(container, name))
    lowered = {k.lower(): v for k, v in second.headers.items()}
    assert lowered["range"] == ("bytes=50000-119999" if mode == "first-bytes" else "bytes=50000-")
    assert lowered["if-match"].strip('"') == hashlib.md5(data).hexdigest()


def test_truncated_download_resumes_where_it_broke_off(pclient, proxy, container, stored, tmp_path) -> None:
    name, data = stored
    (tmp_path / name).write_bytes(b"previous version")
    proxy.truncate_response(50_000, method="GET", path=path_of(container, name))
    assert pclient.download_object(container, name, tmp_path).read_bytes() == data
    first, second = proxy.requests_matching("GET", path_of(container, name))
    assert "range" not in {k.lower() for k in first.headers}
    lowered = {k.lower(): v for k, v in second.headers.items()}
    assert lowered["range"] == "bytes=50000-" and lowered["if-match"]
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_truncated_download_keeps_an_existing_file(pclient, proxy, container, stored, tmp_path) -> None:
    name, _ = stored
    (tmp_path / name).write_bytes(b"previous version")
    proxy.truncate_response(1000, method="GET", path=path_of(container, name), times=100)  # every resume cut too
    with pytest.raises(ConnectionFailed):
        pclient.download_object(container, name, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert (tmp_path / name).read_bytes() == b"previous version"


# -- timeouts ---------------------------------------------------------------------------------------------------


def test_read_timeout_raises_request_timeout_after_retries(swift, proxy, container, stored) -> None:
    name, _ = stored
    path = path_of(container, name)
    with through_proxy(swift, proxy, timeout=(2, 0.5), retries=RetryPolicy(total=1, backoff_factor=0.01)) as slow:
        proxy.delay(1.5, method="GET", path=path, times=2)
        started = time.monotonic()
        with pytest.raises(RequestTimeout) as info:
            slow.fetch_object(container, name)
        elapsed = time.monotonic() - started
    assert isinstance(info.value, TimeoutError)
    assert len(proxy.requests_matching("GET", path)) == 2  # the first attempt and one retry
    assert 0.9 <= elapsed < 2.5, f"two 0.5 s read timeouts should take about 1 s, took {elapsed:.2f} s"


# -- 401: re-authentication -------------------------------------------------------------------------------------


def test_401_triggers_one_reauthentication(pclient, proxy, container, stored) -> None:
    name, data = stored
    path = path_of(container, name)
    proxy.respond(401, method="GET", path=path)
    assert pclient.fetch_object(container, name) == data
    assert pclient.authenticator.auth_count == 2
    obj = urlsplit(pclient.storage_url).path + object_path(container, name)
    assert [(r.method, r.path, r.fault) for r in proxy.requests] == [
        ("GET", obj, RESPOND),
        ("GET", "/auth/v1.0", None),  # tempauth, through the proxy
        ("GET", obj, None),
    ]


def test_401_on_upload_reauthenticates_and_resends_the_file(pclient, client, proxy, container) -> None:
    payload = os.urandom(300_000)
    path = path_of(container, "after-401.bin")
    proxy.respond(401, method="PUT", path=path)
    pclient.store_object(container, "after-401.bin", io.BytesIO(payload))
    puts = proxy.requests_matching("PUT", path)
    assert [p.body_length for p in puts] == [len(payload), len(payload)]
    assert client.fetch_object(container, "after-401.bin") == payload


def test_401_with_a_fixed_token_raises_authentication_failed(swift, client, proxy, container, stored) -> None:
    name, _ = stored
    token = client.authenticator.current().token
    fixed = StorageClient(storage_url=proxy.rewrite(swift.storage_url_for(USER)), token=token, retries=FAST)
    with fixed:
        fixed.connection.capabilities()
        proxy.clear()
        proxy.respond(401, method="GET", path=path_of(container, name))
        with pytest.raises(AuthenticationFailed) as info:
            fixed.fetch_object(container, name)
    assert info.value.status == 401
    assert token not in str(info.value) and token not in repr(info.value)
    assert len(proxy.requests) == 1, "a fixed token cannot be renewed: no auth request, no resend"


def test_failed_download_leaves_no_empty_folders(pclient, proxy, client, container, tmp_path) -> None:
    client.store_object(container, "a/b/deep.bin", os.urandom(20_000))
    proxy.truncate_response(1000, method="GET", path=path_of(container, "a/b/deep.bin"), times=100)
    with pytest.raises(ConnectionFailed):
        pclient.download_object(container, "a/b/deep.bin", tmp_path)
    assert list(tmp_path.iterdir()) == []
