"""``FaultProxy``: an HTTP/1.1-aware TCP proxy on loopback that injects network and server faults.

Why: the retry loop, body rewinding, re-authentication and download verification only matter when the network or
the server misbehaves, and the local Swift never does. Mocking the library would test the mocks; this proxy sits
between the real client and the real Swift and breaks the conversation at a chosen point instead, so every layer
(urllib3, the transport's error mapping, the retry loop, the façade) runs for real.

It parses just enough HTTP/1.1 to find where each request and response ends (``Content-Length``, chunked
transfer coding, no body for HEAD / 1xx / 204 / 304, or end of stream), so keep-alive connections work and a fault
hits exactly the request it was meant for. Request bodies are buffered before forwarding (test bodies are small):
that lets a request be read completely before it is refused or dropped, and resent on a fresh upstream connection
when the server closed an idle keep-alive one.

Usage::

    with FaultProxy("127.0.0.1", swift.port) as proxy:
        proxy.respond(503, {"Retry-After": "0"}, method="GET", path=r"/obj$", times=2)
        client = StorageClient(storage_url=proxy.rewrite(real_storage_url), token=token)
        ...
        assert len(proxy.requests_matching("GET", r"/obj$")) == 3

Rules are tried in the order they were added; the first one matching a request's method, path (a regular
expression searched in the percent-encoded path, query excluded) and, when given, query (a regular expression
searched in the query string, e.g. ``multipart-manifest=get``) with uses left applies to it and loses one use.
Requests no rule claims are forwarded untouched. Only loopback upstreams are accepted.
"""

from __future__ import annotations

import contextlib
import http
import re
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol
from urllib.parse import urlsplit, urlunsplit

_MAX_LINE = 65536
_COPY_BLOCK = 65536
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

#: Fault kinds, as stored in ``Rule.action`` and ``SeenRequest.fault``.
RESPOND = "respond"
DROP_BEFORE_RESPONSE = "drop_before_response"
DROP_RESPONSE = "drop_response"
TRUNCATE_RESPONSE = "truncate_response"
DELAY = "delay"
RESET_DURING_REQUEST_BODY = "reset_during_request_body"
FLIP_REQUEST_BYTE = "flip_request_byte"
FLIP_RESPONSE_BYTE = "flip_response_byte"


class _Closed(Exception):
    """The peer closed the connection (or sent something unparseable): end this connection quietly."""


@dataclass
class Rule:
    """One fault, applied to the next ``times`` requests matching ``method`` (None: any) and ``path`` (None: any).

    ``hits`` counts the requests it was applied to, so a test can check a fault really fired.
    """

    action: str
    times: int = 1
    method: str | None = None
    path: re.Pattern[str] | None = None
    status: int = 0
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0
    after_bytes: int = 0
    hits: int = 0
    query: re.Pattern[str] | None = None

    @property
    def remaining(self) -> int:
        return self.times - self.hits

    def matches(self, method: str, path: str, query: str = "") -> bool:
        if self.remaining <= 0:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.query is not None and self.query.search(query) is None:
            return False
        return self.path is None or self.path.search(path) is not None


@dataclass(frozen=True)
class SeenRequest:
    """A request as the proxy received it.

    headers: lower-cased names (repeated headers joined with ", ").
    body_length: payload bytes received (for a chunked body, the decoded length; for a request reset mid-body,
    the bytes received before the reset).
    fault: the ``Rule.action`` applied to it, or None when it was forwarded untouched.
    """

    method: str
    target: str
    headers: Mapping[str, str]
    body_length: int
    fault: str | None = None

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


@dataclass
class _RequestHead:
    method: str
    target: str
    version: str
    fields: list[tuple[str, str]]

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.fields if k.lower() == name]
        return ", ".join(values) if values else None

    def encode(self) -> bytes:
        lines = [f"{self.method} {self.target} {self.version}"] + [f"{k}: {v}" for k, v in self.fields]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class _Upstream:
    """One connection to the upstream server, reused for consecutive requests of one client connection."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader: BinaryIO = sock.makefile("rb")


class FaultProxy:
    """A threaded proxy from ``127.0.0.1:<free port>`` to a loopback upstream, with fault rules.

    tls: ``(certfile, keyfile)`` to accept HTTPS on the listening side (the upstream is still plain HTTP).
    idle_timeout: a client connection silent for this long is closed, so no thread can outlive a forgotten test.
    """

    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        *,
        tls: tuple[str, str] | None = None,
        idle_timeout: float = 10.0,
    ) -> None:
        if upstream_host not in _LOOPBACK:
            raise ValueError(f"FaultProxy only forwards to loopback, not {upstream_host!r}")
        self.upstream_host = upstream_host
        self.upstream_port = upstream_port
        self.idle_timeout = idle_timeout
        self._tls: ssl.SSLContext | None = None
        if tls is not None:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(*tls)
        self._lock = threading.Lock()
        self._rules: list[Rule] = []
        self._requests: list[SeenRequest] = []
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self._listener: socket.socket | None = None
        self.port = 0
        #: Client connections accepted so far (keep-alive tests compare it with the number of requests).
        self.connections_accepted = 0

    # -- lifecycle ----------------------------------------------------------------------------------------------

    @property
    def scheme(self) -> str:
        return "https" if self._tls is not None else "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        listener = socket.create_server(("127.0.0.1", 0))
        # accept() wakes up every 0.1 s to notice close(); that is what bounds close() to well under a second.
        listener.settimeout(0.1)
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._spawn(self._accept_loop, f"faultproxy-{self.port}-accept")
        return self

    def close(self) -> None:
        """Stop accepting, cut every open connection and wait (at most about a second) for the threads."""
        self._stop.set()
        if self._listener is not None:  # on Linux this wakes accept() at once; the 0.1 s timeout is the fallback
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
        with self._lock:
            sockets = list(self._sockets)
            threads = list(self._threads)
        for sock in sockets:
            # socket.socket.shutdown, not SSLSocket.shutdown: wake a blocked reader without touching TLS state
            # that another thread is using.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
        deadline = time.monotonic() + 1.0
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0.0))
        if self._listener is not None:
            _close_quietly(self._listener)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rewrite(self, url: str) -> str:
        """*url* with the upstream's scheme and address replaced by the proxy's (path and query unchanged)."""
        parts = urlsplit(url)
        if parts.hostname not in _LOOPBACK or parts.port != self.upstream_port:
            raise ValueError(f"{url!r} does not point at the upstream {self.upstream_host}:{self.upstream_port}")
        return urlunsplit((self.scheme, f"127.0.0.1:{self.port}", parts.path, parts.query, parts.fragment))

    # -- fault rules --------------------------------------------------------------------------------------------

    def respond(
        self,
        status: int,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
        *,
        method: str | None = None,
        path: str | None = None,
        query: str | None = None,
        times: int = 1,
    ) -> Rule:
        """Answer matching requests with *status* without forwarding them (the upstream never sees them)."""
        return self._add(
            Rule(
                RESPOND,
                times,
                method,
                _compile(path),
                query=_compile(query),
                status=status,
                headers=dict(headers or {}),
                body=body,
            )
        )

    def drop_before_response(
        self, *, method: str | None = None, path: str | None = None, query: str | None = None, times: int = 1
    ) -> Rule:
        """Read the whole request, then close the client connection without answering (nothing is forwarded)."""
        return self._add(Rule(DROP_BEFORE_RESPONSE, times, method, _compile(path), query=_compile(query)))

    def drop_response(
        self, *, method: str | None = None, path: str | None = None, query: str | None = None, times: int = 1
    ) -> Rule:
        """Forward the request, read the server's whole answer, then close the client connection without relaying
        any of it: the request took effect, but the client cannot know (a response lost on the way back)."""
        return self._add(Rule(DROP_RESPONSE, times, method, _compile(path), query=_compile(query)))

    def truncate_response(
        self,
        after_bytes: int,
        *,
        method: str | None = None,
        path: str | None = None,
        query: str | None = None,
        times: int = 1,
    ) -> Rule:
        """Forward, relay the response head and the first *after_bytes* body bytes (as on the wire), then close."""
        return self._add(
            Rule(TRUNCATE_RESPONSE, times, method, _compile(path), query=_compile(query), after_bytes=after_bytes)
        )

    def delay(
        self,
        seconds: float,
        *,
        method: str | None = None,
        path: str | None = None,
        query: str | None = None,
        times: int = 1,
    ) -> Rule:
        """Wait *seconds* after reading the request, then forward it (a slow server, for timeout tests)."""
        return self._add(Rule(DELAY, times, method, _compile(path), query=_compile(query), seconds=seconds))

    def reset_during_request_body(
        self,
        after_bytes: int,
        *,
        method: str | None = None,
        path: str | None = None,
        query: str | None = None,
        times: int = 1,
    ) -> Rule:
        """Reset the client connection (TCP RST) once *after_bytes* of the request body arrived; nothing forwarded."""
        return self._add(
            Rule(
                RESET_DURING_REQUEST_BODY, times, method, _compile(path), query=_compile(query), after_bytes=after_bytes
            )
        )

    def flip_request_byte(
        self,
        offset: int,
        *,
        method: str | None = None,
        path: str | None = None,
        query: str | None = None,
        times: int = 1,
    ) -> Rule:
        """Forward the request with byte *offset* of its body inverted (bits flipped in transit): the server receives
        and may store corrupted data. Bodies shorter than *offset* + 1 pass unchanged (``Rule.hits`` still counts)."""
        return self._add(
            Rule(FLIP_REQUEST_BYTE, times, method, _compile(path), query=_compile(query), after_bytes=offset)
        )

    def flip_response_byte(
        self,
        offset: int,
        *,
        method: str | None = None,
        path: str | None = None,
        query: str | None = None,
        times: int = 1,
    ) -> Rule:
        """Forward, then relay the response with byte *offset* of its body inverted (a ``Content-Length`` body)."""
        return self._add(
            Rule(FLIP_RESPONSE_BYTE, times, method, _compile(path), query=_compile(query), after_bytes=offset)
        )

    def clear(self) -> None:
        """Forget all rules and recorded requests (e.g. after a test's warm-up traffic)."""
        with self._lock:
            self._rules.clear()
            self._requests.clear()

    @property
    def rules(self) -> list[Rule]:
        with self._lock:
            return list(self._rules)

    @property
    def requests(self) -> list[SeenRequest]:
        """A snapshot of every request received, in arrival order."""
        with self._lock:
            return list(self._requests)

    def requests_matching(self, method: str | None = None, path: str | None = None) -> list[SeenRequest]:
        pattern = _compile(path)
        return [
            r
            for r in self.requests
            if (method is None or r.method == method.upper()) and (pattern is None or pattern.search(r.path))
        ]

    def _add(self, rule: Rule) -> Rule:
        with self._lock:
            self._rules.append(rule)
        return rule

    def _take_rule(self, method: str, target: str) -> Rule | None:
        path, _, query = target.partition("?")
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path, query):
                    rule.hits += 1
                    return rule
        return None

    def _record(self, head: _RequestHead, body_length: int, rule: Rule | None) -> None:
        headers: dict[str, str] = {}
        for name, value in head.fields:
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        seen = SeenRequest(head.method, head.target, headers, body_length, rule.action if rule else None)
        with self._lock:
            self._requests.append(seen)

    # -- threads and sockets ------------------------------------------------------------------------------------

    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _track(self, sock: socket.socket) -> bool:
        with self._lock:
            if self._stop.is_set():
                return False
            self._sockets.add(sock)
            return True

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        _close_quietly(sock)

    def _close_upstream(self, upstream: _Upstream | None) -> None:
        if upstream is not None:
            with contextlib.suppress(OSError):
                upstream.reader.close()
            self._untrack(upstream.sock)

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections_accepted += 1
            self._spawn(self._serve_client, f"faultproxy-{self.port}-conn-{self.connections_accepted}", conn)

    def _serve_client(self, conn: socket.socket) -> None:
        client: socket.socket = conn
        upstream: _Upstream | None = None
        reader: BinaryIO | None = None
        if not self._track(conn):
            _close_quietly(conn)
            return
        try:
            if self._tls is not None:
                # wrap_socket detaches conn: track the TLS socket before the handshake, so close() can cut it.
                client = self._tls.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
                if not self._track(client):
                    return
                client.settimeout(5.0)  # a client that never finishes the handshake must not hold the thread
                client.do_handshake()
            client.settimeout(self.idle_timeout)
            reader = client.makefile("rb")
            while not self._stop.is_set():
                head = _read_request_head(reader)
                if head is None:
                    return
                upstream, keep_alive = self._handle(head, reader, client, upstream)
                if not keep_alive:
                    return
        except (_Closed, OSError):  # includes ssl.SSLError: a client refusing our certificate ends up here
            return
        finally:
            self._close_upstream(upstream)
            if reader is not None:
                with contextlib.suppress(OSError):
                    reader.close()
            self._untrack(client)
            self._untrack(conn)

    def _handle(
        self, head: _RequestHead, reader: BinaryIO, client: socket.socket, upstream: _Upstream | None
    ) -> tuple[_Upstream | None, bool]:
        """Serve one request; returns the upstream connection to reuse and whether the client connection stays."""
        rule = self._take_rule(head.method, head.target)
        if (head.header("expect") or "").lower() == "100-continue":
            # Answer the interim response ourselves, so the body can be read (and possibly refused) here.
            client.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            head.fields = [(k, v) for k, v in head.fields if k.lower() != "expect"]
        if rule is not None and rule.action == RESET_DURING_REQUEST_BODY:
            received = _read_some_body(reader, head, rule.after_bytes)
            self._record(head, received, rule)
            _reset(client)
            return upstream, False
        raw_body, body_length = _read_body(reader, head)
        self._record(head, body_length, rule)
        client_wants_close = "close" in (head.header("connection") or "").lower()
        if rule is not None and rule.action == RESPOND:
            client.sendall(_canned_response(head.method, rule.status, rule.headers, rule.body))
            return upstream, not client_wants_close
        if rule is not None and rule.action == DROP_BEFORE_RESPONSE:
            return upstream, False
        if rule is not None and rule.action == DELAY and self._stop.wait(rule.seconds):
            return upstream, False
        if rule is not None and rule.action == FLIP_REQUEST_BYTE and _body_kind(head.fields)[0] == "length":
            raw_body = _flipped(raw_body, rule.after_bytes)
        upstream, status_line = self._send_upstream(upstream, head.encode() + raw_body)
        if rule is not None and rule.action == DROP_RESPONSE:
            # Read the answer to its end, so the server finished the request (a streamed answer such as a bulk or
            # SLO delete keeps working while it writes), then hang up on the client without a byte of it.
            if not _relay_response(status_line, upstream.reader, _Discard(), head.method, None):
                self._close_upstream(upstream)
                upstream = None
            return upstream, False
        truncate = rule.after_bytes if rule is not None and rule.action == TRUNCATE_RESPONSE else None
        flip = rule.after_bytes if rule is not None and rule.action == FLIP_RESPONSE_BYTE else None
        keep_alive = _relay_response(status_line, upstream.reader, client, head.method, truncate, flip)
        if not keep_alive:
            self._close_upstream(upstream)
            return None, False
        return upstream, not client_wants_close

    def _send_upstream(self, upstream: _Upstream | None, data: bytes) -> tuple[_Upstream, bytes]:
        """Send a whole request upstream and return the connection and the response's status line.

        A reused connection the server has closed in the meantime (its keep-alive timeout) fails before any
        response byte: then the request is sent once more on a fresh connection, as any HTTP client would.
        """
        for _ in range(2):
            fresh = upstream is None
            if upstream is None:
                sock = socket.create_connection((self.upstream_host, self.upstream_port), timeout=self.idle_timeout)
                if not self._track(sock):
                    _close_quietly(sock)
                    raise _Closed("proxy closing")
                upstream = _Upstream(sock)
            try:
                upstream.sock.sendall(data)
                status_line = upstream.reader.readline(_MAX_LINE)
            except OSError:
                status_line = b""
            if status_line:
                return upstream, status_line
            self._close_upstream(upstream)
            upstream = None
            if fresh:
                break
        raise _Closed("upstream closed the connection without answering")


# -- HTTP/1.1 framing -------------------------------------------------------------------------------------------


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern is not None else None


def _readline(reader: BinaryIO) -> bytes:
    line = reader.readline(_MAX_LINE + 1)
    if len(line) > _MAX_LINE:
        raise _Closed("line too long")
    return line


def _read_exact(reader: BinaryIO, n: int) -> bytes:
    data = reader.read(n)
    if len(data) != n:
        raise _Closed("connection closed mid-message")
    return data


def _read_fields(reader: BinaryIO) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    while True:
        line = _readline(reader)
        if not line:
            raise _Closed("connection closed in the headers")
        if line in (b"\r\n", b"\n"):
            return fields
        name, sep, value = line.decode("latin-1").partition(":")
        if not sep:
            raise _Closed(f"malformed header line {line!r}")
        fields.append((name.strip(), value.strip()))


def _read_request_head(reader: BinaryIO) -> _RequestHead | None:
    """The next request line and headers, or None when the client closed the connection between requests."""
    line = _readline(reader)
    while line in (b"\r\n", b"\n"):  # tolerated before a request line (RFC 9112 2.2)
        line = _readline(reader)
    if not line:
        return None
    parts = line.decode("latin-1").split()
    if len(parts) != 3:
        raise _Closed(f"malformed request line {line!r}")
    method, target, version = parts
    return _RequestHead(method.upper(), target, version, _read_fields(reader))


def _body_kind(fields: list[tuple[str, str]]) -> tuple[str, int]:
    """("chunked", 0), ("length", n) or ("none", 0) from the message headers."""
    lowered = {k.lower(): v for k, v in fields}
    if "chunked" in lowered.get("transfer-encoding", "").lower():
        return "chunked", 0
    if "content-length" in lowered:
        try:
            return "length", int(lowered["content-length"])
        except ValueError:
            raise _Closed("bad Content-Length") from None
    return "none", 0


def _copy_chunked(reader: BinaryIO, emit: Callable[[bytes], bool]) -> int:
    """Pass a chunked body through *emit* piece by piece, as on the wire; returns the decoded length.

    Stops early (returning -1) when *emit* returns False.
    """
    decoded = 0
    while True:
        size_line = _readline(reader)
        if not size_line:
            raise _Closed("connection closed in a chunked body")
        if not emit(size_line):
            return -1
        try:
            size = int(size_line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise _Closed(f"bad chunk size {size_line!r}") from None
        if size == 0:
            while True:  # trailer fields, then the final empty line
                trailer = _readline(reader)
                if not trailer:
                    raise _Closed("connection closed in the chunked trailer")
                if not emit(trailer):
                    return -1
                if trailer in (b"\r\n", b"\n"):
                    return decoded
        remaining = size + 2  # the chunk and its CRLF
        while remaining:
            piece = _read_exact(reader, min(remaining, _COPY_BLOCK))
            remaining -= len(piece)
            if not emit(piece):
                return -1
        decoded += size


def _read_body(reader: BinaryIO, head: _RequestHead) -> tuple[bytes, int]:
    """A request body as received (wire form) and its payload length."""
    kind, length = _body_kind(head.fields)
    if kind == "length":
        return _read_exact(reader, length), length
    if kind == "chunked":
        pieces: list[bytes] = []

        def keep(piece: bytes) -> bool:
            pieces.append(piece)
            return True

        decoded = _copy_chunked(reader, keep)
        return b"".join(pieces), decoded
    return b"", 0


def _read_some_body(reader: BinaryIO, head: _RequestHead, limit: int) -> int:
    """Read up to *limit* body bytes (wire form) and return how many arrived."""
    kind, length = _body_kind(head.fields)
    wanted = min(limit, length) if kind == "length" else limit if kind == "chunked" else 0
    received = 0
    while received < wanted:
        piece = reader.read1(wanted - received)  # type: ignore[attr-defined]
        if not piece:
            break
        received += len(piece)
    return received


def _flipped(data: bytes, offset: int) -> bytes:
    """*data* with byte *offset* inverted (unchanged when it is shorter)."""
    if offset >= len(data):
        return data
    return data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1 :]


class _Sink(Protocol):
    """Where a relayed response goes: the client socket, or ``_Discard``."""

    def sendall(self, data: bytes, /) -> object: ...


class _Discard:
    """A sink that swallows a response (``drop_response``)."""

    def sendall(self, data: bytes, /) -> None:
        pass


def _relay_response(
    status_line: bytes,
    upstream: BinaryIO,
    client: _Sink,
    method: str,
    truncate: int | None,
    flip: int | None = None,
) -> bool:
    """Copy one response (and any 1xx before it) to the client; True when both connections can be reused.

    With *truncate*, only that many body bytes are passed on and False is returned (the caller closes). With
    *flip*, body byte *flip* of a ``Content-Length`` body is inverted on its way through.
    """
    while True:
        parts = status_line.decode("latin-1").split(None, 2)
        if len(parts) < 2 or not parts[1].isdigit():
            raise _Closed(f"malformed status line {status_line!r}")
        version, status = parts[0], int(parts[1])
        fields = _read_fields(upstream)
        head = status_line + b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in fields) + b"\r\n"
        client.sendall(head)
        if 100 <= status < 200 and status != 101:
            status_line = _readline(upstream)
            if not status_line:
                raise _Closed("upstream closed after an interim response")
            continue
        break
    budget = truncate

    def emit(data: bytes) -> bool:
        nonlocal budget
        if budget is not None:
            data = data[:budget]
            budget -= len(data)
        if data:
            client.sendall(data)
        return budget is None or budget > 0

    lowered = {k.lower(): v.lower() for k, v in fields}
    keep_alive = "close" not in lowered.get("connection", "") and (
        version != "HTTP/1.0" or "keep-alive" in lowered.get("connection", "")
    )
    kind, length = _body_kind(fields)
    if method == "HEAD" or status in (204, 304) or status == 101:
        pass
    elif kind == "chunked":
        if _copy_chunked(upstream, emit) < 0:
            return False
    elif kind == "length":
        remaining = length
        while remaining:
            piece = _read_exact(upstream, min(remaining, _COPY_BLOCK))
            position = length - remaining
            if flip is not None and position <= flip < position + len(piece):
                piece = _flipped(piece, flip - position)
            remaining -= len(piece)
            if not emit(piece):
                return False
    else:  # delimited by the end of the connection
        while piece := upstream.read1(_COPY_BLOCK):  # type: ignore[attr-defined]
            if not emit(piece):
                break
        return False
    return keep_alive and truncate is None


def _canned_response(method: str, status: int, headers: Mapping[str, str], body: bytes) -> bytes:
    try:
        reason = http.HTTPStatus(status).phrase
    except ValueError:
        reason = "Injected Fault"
    lines = [f"HTTP/1.1 {status} {reason}"]
    names = {k.lower() for k in headers}
    no_body = method == "HEAD" or status in (204, 304)
    if "content-length" not in names and status not in (204, 304):
        lines.append(f"Content-Length: {len(body)}")
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (b"" if no_body else body)


def _reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0, so the peer sees a TCP reset (ECONNRESET) rather than an orderly close."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    _close_quietly(sock)


def _close_quietly(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.close()
