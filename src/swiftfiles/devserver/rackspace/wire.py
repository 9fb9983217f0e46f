"""HTTP plumbing shared by the Rackspace EMULATORS: threaded stdlib servers, replies, streaming, the Swift side.

* ``Listener`` is a ``ThreadingHTTPServer`` bound to one loopback port that hands every request to an
  ``App`` (``app.handle(handler)``); ``Handler`` adds small helpers (query parsing, JSON/text replies,
  request-body streaming, relaying a Swift response without buffering it).
* ``SwiftBackend`` talks to the real Swift of the ``ServerInfo``: it logs in
  with tempauth (v1.0) for the emulators' own requests and caches those tokens until shortly before Swift
  says they expire.

Bodies are streamed in 64 KiB pieces both ways (``Content-Length`` or chunked); nothing buffers a whole object.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import socket
import string
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast
from urllib.parse import parse_qsl, quote, urlsplit

from ..server import ServerInfo

__all__ = [
    "CHUNK",
    "HOP_BY_HOP",
    "App",
    "Handler",
    "Listener",
    "SwiftBackend",
    "SwiftError",
    "allow_many_headers",
    "ascii_path",
    "trans_id",
]

logger = logging.getLogger("swiftfiles.devserver.rackspace")

CHUNK = 64 * 1024
#: Headers that describe one connection, never forwarded (RFC 9110 7.6.1), plus ``Expect`` (answered here).
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "expect",
    }
)
_PATH_SAFE = string.punctuation  # with letters and digits: every printable ASCII byte except space
_SERVER_NAME = "swiftfiles-rackspace-emulator"


def trans_id() -> str:
    """A transaction id shaped like Swift's (``tx<21 hex>-<hex time>``), for the emulators' own replies."""
    return f"tx{uuid.uuid4().hex[:21]}-{int(time.time()):010x}"


class App(Protocol):
    """One emulated service: answers every request that reaches its listener."""

    def handle(self, request: Handler) -> None: ...


class Handler(BaseHTTPRequestHandler):
    """Keep-alive HTTP/1.1 handler that delegates to ``server.app`` and offers reply helpers."""

    protocol_version = "HTTP/1.1"
    server_version = _SERVER_NAME
    sys_version = ""
    #: Idle keep-alive connections and stalled uploads are dropped after this many seconds.
    timeout = 120

    _started = False

    # -- plumbing ------------------------------------------------------
    @property
    def listener(self) -> Listener:
        return cast(Listener, self.server)

    def setup(self) -> None:
        super().setup()
        self.listener.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.listener.track(self.connection, False)

    def handle_expect_100(self) -> bool:
        # Answered by the app once it has decided to read the body (see ``continue_if_expected``).
        return True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        logger.debug("%s %s: " + format, self.listener.label, self.address_string(), *args)

    def _dispatch(self) -> None:
        self._started = False
        try:
            self.listener.app.handle(self)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:
            logger.exception("%s: error handling %s %s", self.listener.label, self.command, self.path)
            self.close_connection = True
            if not self._started:
                with contextlib.suppress(OSError):
                    self.reply(500, b"emulator error, see the log\n")

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = do_COPY = do_OPTIONS = do_PATCH = _dispatch

    # -- request -------------------------------------------------------
    @property
    def path_only(self) -> str:
        """The request path without the query string, still percent-encoded."""
        return self.path.split("?", 1)[0]

    @property
    def query(self) -> dict[str, str]:
        """Query parameters (last value wins, blank values kept)."""
        return dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name, default)

    @property
    def chunked(self) -> bool:
        return "chunked" in self.header("Transfer-Encoding").lower()

    @property
    def content_length(self) -> int:
        """The request's ``Content-Length`` (0 when absent); ValueError when it is not a number."""
        value = self.header("Content-Length").strip()
        length = int(value) if value else 0
        if length < 0:
            raise ValueError("negative Content-Length")
        return length

    @property
    def has_body(self) -> bool:
        try:
            return self.chunked or self.content_length > 0
        except ValueError:
            return True

    def continue_if_expected(self) -> None:
        """Send ``100 Continue`` when the client waits for it (call right before reading the body)."""
        if self.header("Expect").lower() == "100-continue" and self.request_version >= "HTTP/1.1":
            self.send_response_only(100)
            self.end_headers()

    def body_chunks(self) -> Iterator[bytes]:
        """The request body, piece by piece (de-chunked when ``Transfer-Encoding: chunked``)."""
        self.continue_if_expected()
        if self.chunked:
            yield from _read_chunked(self.rfile)
            return
        remaining = self.content_length
        while remaining > 0:
            data = self.rfile.read(min(CHUNK, remaining))
            if not data:
                raise ConnectionError("client closed the connection in the middle of the body")
            remaining -= len(data)
            yield data

    def read_body(self, limit: int = 1 << 20) -> bytes:
        """The whole (small) request body; ValueError beyond ``limit`` bytes."""
        data = bytearray()
        for chunk in self.body_chunks():
            data += chunk
            if len(data) > limit:
                raise ValueError(f"request body larger than {limit} bytes")
        return bytes(data)

    def discard_body(self) -> None:
        """Read and drop a body the app will not use, so the connection can serve the next request.

        A client that announced ``Expect: 100-continue`` never got the 100, so it sends no body: the
        connection is closed instead of waiting for one.
        """
        if not self.has_body:
            return
        if self.header("Expect").lower() == "100-continue":
            self.close_connection = True
            return
        try:
            for _ in self.body_chunks():
                pass
        except ValueError:
            self.close_connection = True

    # -- response ------------------------------------------------------
    def start(self, status: int, headers: Iterable[tuple[str, str]], reason: str | None = None) -> None:
        """Send the status line and headers as given (nothing added)."""
        self._started = True
        self.log_request(status)
        self.send_response_only(status, reason)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()

    def reply(
        self,
        status: int,
        body: bytes = b"",
        headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        *,
        content_type: str = "text/plain; charset=utf-8",
        reason: str | None = None,
    ) -> None:
        """A complete emulator-made response (``Date``, ``Server``, ``X-Trans-Id`` added; no body for HEAD)."""
        pairs = list(headers.items()) if isinstance(headers, Mapping) else list(headers)
        names = {name.lower() for name, _ in pairs}
        if body and "content-type" not in names:
            pairs.append(("Content-Type", content_type))
        pairs.append(("Content-Length", str(len(body))))
        if "x-trans-id" not in names:
            pairs.append(("X-Trans-Id", trans_id()))
        pairs += [("Date", formatdate(usegmt=True)), ("Server", _SERVER_NAME)]
        self.start(status, pairs, reason)
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def reply_json(self, status: int, payload: object, headers: Mapping[str, str] | None = None) -> None:
        body = json.dumps(payload, indent=2, sort_keys=True).encode("utf-8")
        self.reply(status, body, headers or {}, content_type="application/json")

    def relay(self, response: http.client.HTTPResponse, headers: Iterable[tuple[str, str]]) -> None:
        """Send ``response``'s status with ``headers`` and stream its body (re-chunked if it has no length)."""
        pairs = [(name, value) for name, value in headers if name.lower() not in HOP_BY_HOP]
        no_body = self.command == "HEAD" or response.status in (204, 304) or response.status < 200
        has_length = any(name.lower() == "content-length" for name, _ in pairs)
        if no_body or has_length:
            self.start(response.status, pairs, response.reason)
            if not no_body:
                _copy(response, self.wfile.write)
            return
        if self.request_version >= "HTTP/1.1":
            self.start(response.status, [*pairs, ("Transfer-Encoding", "chunked")], response.reason)
            _copy(response, lambda data: self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data)))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.start(response.status, [*pairs, ("Connection", "close")], response.reason)
            _copy(response, self.wfile.write)


def _copy(response: http.client.HTTPResponse, write: Any) -> None:
    while True:
        data = response.read(CHUNK)
        if not data:
            return
        write(data)


def _read_chunked(rfile: Any) -> Iterator[bytes]:
    """Decode a chunked body (RFC 9112 7.1), skipping chunk extensions and trailers."""
    while True:
        line = rfile.readline(1024)
        if not line:
            raise ConnectionError("client closed the connection in the middle of a chunked body")
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise ValueError(f"bad chunk size line {line[:40]!r}") from None
        if size == 0:
            while rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                pass
            return
        remaining = size
        while remaining > 0:
            data = rfile.read(min(CHUNK, remaining))
            if not data:
                raise ConnectionError("client closed the connection in the middle of a chunk")
            remaining -= len(data)
            yield data
        rfile.readline(1024)  # the CRLF after the chunk


class Listener(ThreadingHTTPServer):
    """One loopback port served from daemon threads; ``app`` answers its requests."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, port: int, label: str) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), Handler)
        self.label = label
        self.app: App = _NotReady()
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def track(self, sock: socket.socket, active: bool) -> None:
        with self._lock:
            if active:
                self._connections.add(sock)
            else:
                self._connections.discard(sock)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("%s: connection from %s failed", self.label, client_address, exc_info=True)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.1}, name=f"rax-{self.label}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, close the port and cut open keep-alive connections."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()
        with self._lock:
            connections = list(self._connections)
        for sock in connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _NotReady:
    def handle(self, request: Handler) -> None:
        request.reply(503, b"emulator starting\n")


class SwiftError(Exception):
    """The local Swift could not be reached or refused the emulator's own login."""


def ascii_path(path: str) -> str:
    """``path`` (as http.server decoded it, latin-1) with any non-ASCII or space byte percent-encoded."""
    if path.isascii() and " " not in path:
        return path
    return quote(path.encode("latin-1"), safe=_PATH_SAFE)


def allow_many_headers(minimum: int = 1000) -> None:
    """Let http.client parse up to ``minimum`` headers per message (never lowers the limit).

    Swift allows 90 metadata items, so requests and responses can carry more than http.client's default 100
    headers; the limit (``http.client._MAXHEADERS``) is process-wide and applies to http.server's request
    parsing too. swiftfiles' own transport raises it the same way.
    """
    if getattr(http.client, "_MAXHEADERS", minimum) < minimum:
        http.client._MAXHEADERS = minimum  # type: ignore[attr-defined]


class SwiftBackend:
    """The real Swift behind the emulators: raw requests, and cached tempauth tokens of its users."""

    #: Renew a cached tempauth token this many seconds before Swift said it expires.
    MARGIN = 2.0

    def __init__(self, swift: ServerInfo, timeout: float = 120.0) -> None:
        parts = urlsplit(swift.base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.auth_path = urlsplit(swift.auth_url).path
        self.keys = dict(swift.users)
        self.timeout = timeout
        self._tokens: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def send(
        self,
        method: str,
        path: str,
        headers: Iterable[tuple[str, str]],
        body: Iterable[bytes] | None = None,
        *,
        chunked: bool = False,
        keep_host: bool = False,
    ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        """Send one request (body streamed, re-chunked when ``chunked``); the caller closes both returned objects.

        ``keep_host``: the given headers carry the client's ``Host`` (so URLs Swift builds point back at the
        emulator); otherwise Swift's own address is sent.
        """
        conn = self.connect()
        try:
            conn.putrequest(method, ascii_path(path), skip_host=keep_host, skip_accept_encoding=True)
            for name, value in headers:
                conn.putheader(name, value)
            if chunked:
                conn.putheader("Transfer-Encoding", "chunked")
            conn.endheaders()
            if body is not None:
                try:
                    for data in body:
                        if data:
                            conn.send(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
                    if chunked:
                        conn.send(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    # Swift answered (401, 413...) and hung up before reading the whole body: return that
                    # answer if it can be read (the caller sees the body was not consumed).
                    pass
            return conn, conn.getresponse()
        except BaseException:
            conn.close()
            raise

    def call(self, method: str, path: str, headers: Mapping[str, str]) -> tuple[int, dict[str, str]]:
        """A body-less request whose answer body is not needed: ``(status, lower-cased headers)``."""
        conn, response = self.send(method, path, headers.items())
        try:
            response.read()
            return response.status, {name.lower(): value for name, value in response.getheaders()}
        finally:
            response.close()
            conn.close()

    def token_for(self, swift_user: str) -> str:
        """A valid tempauth token of ``swift_user`` ("account:user"), cached until shortly before it expires."""
        now = time.time()
        with self._lock:
            cached = self._tokens.get(swift_user)
            if cached is not None and cached[1] > now:
                return cached[0]
            token, life = self._login(swift_user)
            self._tokens[swift_user] = (token, now + max(0.0, life - self.MARGIN))
            return token

    def forget(self, swift_user: str, token: str) -> None:
        """Drop a cached token that Swift refused, so the next ``token_for`` logs in again."""
        with self._lock:
            if self._tokens.get(swift_user, ("",))[0] == token:
                del self._tokens[swift_user]

    def _login(self, swift_user: str) -> tuple[str, float]:
        key = self.keys.get(swift_user)
        if key is None:
            raise SwiftError(f"no tempauth user {swift_user!r} in the dev server")
        try:
            status, headers = self.call("GET", self.auth_path, {"X-Auth-User": swift_user, "X-Auth-Key": key})
        except OSError as exc:
            raise SwiftError(f"cannot reach Swift at {self.host}:{self.port}: {exc}") from exc
        token = headers.get("x-auth-token")
        if status // 100 != 2 or not token:
            raise SwiftError(f"tempauth refused {swift_user!r} with status {status}")
        try:
            life = float(headers.get("x-auth-token-expires", "60"))
        except ValueError:
            life = 60.0
        return token, life
