"""The fault-injection proxy itself, against a tiny in-process HTTP/1.1 server (no Swift needed)."""

from __future__ import annotations

import hashlib
import http.client
import http.server
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from tests.support.faultproxy import DROP_BEFORE_RESPONSE, DROP_RESPONSE, FLIP_REQUEST_BYTE, RESPOND, FaultProxy

from swiftfiles.devserver.tlscert import make_tls_files


class _Handler(http.server.BaseHTTPRequestHandler):
    """GET /bytes/N answers N bytes; PUT/POST answers the length and MD5 of the (plain or chunked) body."""

    protocol_version = "HTTP/1.1"  # keep-alive
    peers: list[tuple[str, int]] = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's signature
        pass

    def do_GET(self) -> None:
        self.peers.append(self.client_address)
        path = self.path.split("?", 1)[0]
        size = int(path.rsplit("/", 1)[-1]) if path.startswith("/bytes/") else 2
        self._answer(200, bytes(i % 251 for i in range(size)))

    def do_HEAD(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "1234")
        self.end_headers()

    def do_PUT(self) -> None:
        self.peers.append(self.client_address)
        if "chunked" in (self.headers.get("Transfer-Encoding") or ""):
            body = b""
            while size := int(self.rfile.readline().split(b";")[0], 16):
                body += self.rfile.read(size)
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(201, f"{len(body)} {hashlib.md5(body).hexdigest()}".encode())

    do_POST = do_PUT

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def upstream() -> Iterator[http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    _Handler.peers = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy(upstream) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", upstream.server_address[1]) as p:
        yield p


Connect = Callable[[], http.client.HTTPConnection]


@pytest.fixture
def connect(proxy: FaultProxy) -> Iterator[Connect]:
    """New client connections to the proxy, all closed when the test ends."""
    opened: list[http.client.HTTPConnection] = []

    def open_one() -> http.client.HTTPConnection:
        opened.append(_conn(proxy))
        return opened[-1]

    yield open_one
    for conn in opened:
        conn.close()


def _conn(proxy: FaultProxy) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)


def test_keep_alive_across_requests(proxy: FaultProxy) -> None:
    conn = _conn(proxy)
    for size in (10, 70_000):
        conn.request("GET", f"/bytes/{size}")
        response = conn.getresponse()
        assert response.status == 200 and len(response.read()) == size
    conn.request("HEAD", "/bytes/1")  # no body even though Content-Length says 1234
    assert conn.getresponse().read() == b""
    conn.request("GET", "/bytes/3")
    assert conn.getresponse().read() == bytes([0, 1, 2])
    conn.close()
    assert proxy.connections_accepted == 1
    assert len(set(_Handler.peers)) == 1, "the proxy should reuse one upstream connection"
    assert [(r.method, r.path) for r in proxy.requests] == [
        ("GET", "/bytes/10"),
        ("GET", "/bytes/70000"),
        ("HEAD", "/bytes/1"),
        ("GET", "/bytes/3"),
    ]


def test_chunked_upload_is_forwarded(proxy: FaultProxy, connect: Connect) -> None:
    chunks = [b"a" * 5, b"b" * 70_000, b"c"]
    conn = connect()
    conn.request("PUT", "/up", body=iter(chunks), encode_chunked=True)
    response = conn.getresponse()
    whole = b"".join(chunks)
    assert response.status == 201
    assert response.read() == f"{len(whole)} {hashlib.md5(whole).hexdigest()}".encode()
    seen = proxy.requests[0]
    assert seen.headers["transfer-encoding"] == "chunked" and seen.body_length == len(whole)
    conn.request("GET", "/bytes/4")  # the connection is still in step after a chunked body
    assert conn.getresponse().read() == bytes([0, 1, 2, 3])


def test_rules_apply_to_the_next_matching_requests_only(proxy: FaultProxy, connect: Connect) -> None:
    rule = proxy.respond(503, {"Retry-After": "0"}, b"busy", method="GET", path=r"^/bytes/5$", times=2)
    conn = connect()
    statuses = []
    for path in ("/bytes/6", "/bytes/5", "/bytes/5", "/bytes/5"):
        conn.request("GET", path)
        response = conn.getresponse()
        statuses.append((response.status, response.getheader("Retry-After"), response.read()))
    assert statuses == [
        (200, None, bytes(range(6))),
        (503, "0", b"busy"),
        (503, "0", b"busy"),
        (200, None, bytes(range(5))),
    ]
    assert rule.hits == 2 and rule.remaining == 0
    assert [r.fault for r in proxy.requests] == [None, RESPOND, RESPOND, None]
    assert len(_Handler.peers) == 2, "answered requests never reach the upstream"


def test_rules_can_require_a_query(proxy: FaultProxy, connect: Connect) -> None:
    """The path pattern never sees the query; ``query=`` tells ``/obj`` from ``/obj?multipart-manifest=get``."""
    rule = proxy.respond(503, method="GET", path=r"^/bytes/3$", query=r"(^|&)flavour=manifest(&|$)")
    conn = connect()
    answers = []
    for target in ("/bytes/3", "/bytes/3?flavour=plain", "/bytes/3?a=1&flavour=manifest", "/bytes/3?flavour=manifest"):
        conn.request("GET", target)
        response = conn.getresponse()
        answers.append((response.status, response.read()))
    assert answers == [(200, bytes(range(3))), (200, bytes(range(3))), (503, b""), (200, bytes(range(3)))]
    assert rule.hits == 1 and [r.fault for r in proxy.requests] == [None, None, RESPOND, None]


def test_drop_truncate_and_reset(proxy: FaultProxy, connect: Connect) -> None:
    proxy.drop_before_response(method="PUT")
    conn = connect()
    conn.request("PUT", "/x", body=b"12345")
    with pytest.raises(http.client.RemoteDisconnected):
        conn.getresponse()
    assert proxy.requests[-1].fault == DROP_BEFORE_RESPONSE and proxy.requests[-1].body_length == 5

    proxy.truncate_response(100, method="GET")
    conn = connect()
    conn.request("GET", "/bytes/1000")
    response = conn.getresponse()
    with pytest.raises(http.client.IncompleteRead) as info:
        response.read()
    assert len(info.value.partial) == 100

    proxy.reset_during_request_body(1000, method="PUT")
    conn = connect()
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        conn.request("PUT", "/x", body=b"z" * 4_000_000)
        conn.getresponse()
    assert proxy.requests[-1].body_length == 1000
    assert len(_Handler.peers) == 1  # only the truncated GET was forwarded


def test_dropped_response_after_the_server_answered(proxy: FaultProxy, connect: Connect) -> None:
    """``drop_response`` forwards the request (the server acts on it) but the client never sees the answer."""
    rule = proxy.drop_response(method="PUT", path=r"^/up$")
    conn = connect()
    conn.request("PUT", "/up", body=b"stored anyway")
    with pytest.raises(http.client.RemoteDisconnected):
        conn.getresponse()
    assert len(_Handler.peers) == 1, "the request reached the upstream"
    assert rule.hits == 1 and proxy.requests[-1].fault == DROP_RESPONSE and proxy.requests[-1].body_length == 13
    conn = connect()  # the rule is used up: the next request gets its answer, the upstream stays usable
    conn.request("PUT", "/up", body=b"again")
    assert conn.getresponse().read() == f"5 {hashlib.md5(b'again').hexdigest()}".encode()
    assert len(_Handler.peers) == 2


def test_flipped_bytes_in_either_direction(proxy: FaultProxy, connect: Connect) -> None:
    body = bytes(range(200))
    rule = proxy.flip_request_byte(7, method="PUT")
    conn = connect()
    conn.request("PUT", "/up", body=body)
    corrupted = body[:7] + bytes([body[7] ^ 0xFF]) + body[8:]
    assert conn.getresponse().read() == f"200 {hashlib.md5(corrupted).hexdigest()}".encode()
    conn.request("PUT", "/up", body=body)  # the rule was used up: the next body arrives intact
    assert conn.getresponse().read() == f"200 {hashlib.md5(body).hexdigest()}".encode()
    assert rule.hits == 1 and [r.fault for r in proxy.requests] == [FLIP_REQUEST_BYTE, None]

    proxy.flip_response_byte(70_000, method="GET")  # in the second block the proxy relays
    conn.request("GET", "/bytes/100000")
    received = conn.getresponse().read()
    expected = bytes(i % 251 for i in range(100_000))
    assert len(received) == len(expected)
    assert [i for i, (a, b) in enumerate(zip(received, expected, strict=True)) if a != b] == [70_000]
    assert received[70_000] == expected[70_000] ^ 0xFF


def test_delay_and_prompt_close(upstream) -> None:
    proxy = FaultProxy("127.0.0.1", upstream.server_address[1]).start()
    proxy.delay(0.3, method="GET")
    conn = _conn(proxy)
    started = time.monotonic()
    conn.request("GET", "/bytes/1")
    assert conn.getresponse().read() == b"\x00"
    assert time.monotonic() - started >= 0.3
    idle = socket.create_connection(("127.0.0.1", proxy.port))  # an idle keep-alive client must not block close
    time.sleep(0.05)
    started = time.monotonic()
    proxy.close()
    assert time.monotonic() - started < 1.5
    assert idle.recv(1) == b""
    assert not [t for t in threading.enumerate() if t.name.startswith(f"faultproxy-{proxy.port}-")]
    idle.close()
    conn.close()


def test_tls_termination(upstream, tmp_path) -> None:
    files = make_tls_files(tmp_path)
    context = ssl.create_default_context(cafile=str(files.ca_cert))
    with FaultProxy("127.0.0.1", upstream.server_address[1], tls=files.server_pair) as proxy:
        assert proxy.url.startswith("https://127.0.0.1:")
        conn = http.client.HTTPSConnection("127.0.0.1", proxy.port, context=context, timeout=5)
        untrusting = http.client.HTTPSConnection("127.0.0.1", proxy.port, timeout=5)
        try:
            conn.request("GET", "/bytes/7")
            assert conn.getresponse().read() == bytes(range(7))
            with pytest.raises(ssl.SSLCertVerificationError):
                untrusting.request("GET", "/bytes/7")
        finally:
            conn.close()
            untrusting.close()


def test_only_loopback_upstreams() -> None:
    with pytest.raises(ValueError):
        FaultProxy("192.0.2.1", 80)
