"""Transports: the only code that touches the network.

``Urllib3Transport`` sends one request over a shared urllib3 pool and converts every library error (urllib3,
socket, ssl) into a ``TransportError`` here and nowhere else. It never retries: that is ``HTTPClient``'s job.

``FunctionTransport`` answers requests with a plain function, for unit tests of pure logic (retry decisions, auth
flows over documented response shapes). Anything that talks to Swift is tested against the real local Swift.
"""

from __future__ import annotations

import http.client
import ssl
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from ..exceptions import CertificateRefused, ConfigurationError, ConnectionFailed, RequestTimeout, TransportError
from .models import RawResponse, Request, Response

DEFAULT_BLOCKSIZE = 1 << 20  # bytes per socket write when sending a file body: large writes cost less CPU

#: Swift allows 90 metadata items; with its standard headers a HEAD answer can carry well over 100 headers, and
#: http.client (under urllib3) refuses more than ``http.client._MAXHEADERS`` (100). That limit is a process-wide
#: module attribute with no per-connection setting, so the transport raises it (never lowers it).
MIN_RESPONSE_HEADERS = 1000

MAX_REMEMBERED_ORIGINS = 64  # parsed origins a transport keeps (a client uses one or two)


def allow_many_response_headers() -> None:
    """Let http.client parse responses with up to ``MIN_RESPONSE_HEADERS`` headers (see above)."""
    if getattr(http.client, "_MAXHEADERS", MIN_RESPONSE_HEADERS) < MIN_RESPONSE_HEADERS:
        http.client._MAXHEADERS = MIN_RESPONSE_HEADERS  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for a connection and for each read from the socket."""

    connect: float = 10.0
    read: float = 60.0


class Transport(Protocol):
    """Sends one request, returns the response with its body unread."""

    def send(self, request: Request) -> Response: ...

    def close(self) -> None: ...


def describe_target(request: Request) -> str:
    """``METHOD scheme://host/path`` without the query string, which may hold signatures."""
    return f"{request.method} {request.url.split('?', 1)[0]}"


class translate_errors:  # noqa: N801 - reads as the function it replaced: ``with translate_errors(request):``
    """Turn urllib3/socket/ssl errors raised while sending or reading into swiftfiles exceptions.

    A class rather than ``@contextlib.contextmanager``: it wraps every request and every body read, and a
    generator-based context manager costs several times more per use. The new exception is raised ``from None``
    while the original is being handled, so the original stays in ``__context__`` (``request_may_have_arrived``).
    """

    __slots__ = ("request",)

    def __init__(self, request: Request) -> None:
        self.request = request

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if exc is None:
            return
        target = describe_target(self.request)
        if isinstance(exc, NewConnectionError):  # urllib3 2 makes it a ConnectTimeoutError: a refusal is not one
            raise ConnectionFailed(f"{target}: connection failed: {_short(exc)}") from None
        if isinstance(exc, (TimeoutError, ConnectTimeoutError, ReadTimeoutError)):
            raise RequestTimeout(f"{target}: timed out ({type(exc).__name__})") from None
        if isinstance(exc, (SSLError, ssl.SSLError)):
            if _certificate_refused(exc):
                raise CertificateRefused(
                    f"{target}: the server's TLS certificate was refused ({_short(exc)}); pass "
                    "verify='<CA bundle>' to trust its issuer, or verify=False (not recommended)"
                ) from None
            raise ConnectionFailed(f"{target}: TLS error: {_short(exc)}") from None
        if isinstance(exc, (ProtocolError, ConnectionError)):
            raise ConnectionFailed(f"{target}: connection failed: {_short(exc)}") from None
        if isinstance(exc, HTTPError):
            raise TransportError(f"{target}: {type(exc).__name__}: {_short(exc)}") from None


def _certificate_refused(exc: BaseException) -> bool:
    """True when *exc* (or what it wraps) is a failed certificate check: permanent, unlike a dropped TLS stream."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(current):
            return True
        inner = next((a for a in current.args if isinstance(a, BaseException)), None)
        current = inner or current.__cause__ or current.__context__
    return False


def request_may_have_arrived(error: BaseException) -> bool:
    """False only when *error* (raised by ``Urllib3Transport``) shows the request never left: no connection could
    be made (refused, unresolvable host, connect timeout). Anything later (a reset, a dropped connection, a read
    timeout) may have come after the server received the request and acted on it, so its outcome is unknown.

    ``translate_errors`` raises the library's exceptions ``from None``: the urllib3 error stays in ``__context__``.
    """
    cause = error.__context__
    return not isinstance(cause, (NewConnectionError, ConnectTimeoutError))


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) < 300 else text[:300] + "..."


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int | None


def parse_origin(scheme_and_netloc: str) -> Origin:
    """The scheme, host and port of ``scheme://netloc``; ``ConfigurationError`` unless it is http(s)."""
    parts = urlsplit(scheme_and_netloc)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"not an http(s) URL: {scheme_and_netloc!r}")
    return Origin(parts.scheme, parts.hostname, parts.port)


def split_target(url: str) -> tuple[str, str]:
    """``(scheme://netloc, target)`` of an absolute URL, the target in origin form (``/path?query``).

    The target is sent as is: urllib3 would otherwise remove "." and ".." segments, and those can be legitimate
    parts of an object name. A fragment is dropped, as ``urlsplit`` does. Plain string splitting: a client sends
    every request to one or two origins, whose parsing ``Urllib3Transport`` keeps, and a full ``urlsplit`` per
    request was a visible share of the CPU per small object.
    """
    scheme, sep, rest = url.partition("#")[0].partition("://")
    if not sep:
        raise ConfigurationError(f"not an absolute http(s) URL: {url.split('?', 1)[0]!r}")
    netloc, slash, path = rest.partition("/")
    netloc, question, query = netloc.partition("?")  # "http://host?q" has no path
    return f"{scheme}://{netloc}", (slash + path if slash else "/" + question + query)


class Urllib3Transport:
    """HTTP(S) over one urllib3 ``PoolManager``, safe to share between threads.

    verify: True (system CAs), False (no verification: never the default), or the path of a CA bundle.
    cert: a client certificate file, or a (cert, key) pair.
    pool_maxsize: connections kept per host; size it to the number of threads that will share the client.
    """

    def __init__(
        self,
        *,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        timeouts: Timeouts = Timeouts(),
        pool_maxsize: int = 16,
        blocksize: int = DEFAULT_BLOCKSIZE,
    ) -> None:
        kwargs: dict[str, object] = {
            "num_pools": 8,
            "maxsize": pool_maxsize,
            "block": False,
            "retries": False,
            "timeout": urllib3.Timeout(connect=timeouts.connect, read=timeouts.read),
            "blocksize": blocksize,
        }
        if verify is False:
            kwargs["cert_reqs"] = "CERT_NONE"
            kwargs["assert_hostname"] = False
        else:
            kwargs["cert_reqs"] = "CERT_REQUIRED"
            if isinstance(verify, str):
                kwargs["ca_certs"] = verify
        if isinstance(cert, tuple):
            kwargs["cert_file"], kwargs["key_file"] = cert
        elif cert:
            kwargs["cert_file"] = cert
        allow_many_response_headers()
        self.verify = verify
        self.timeouts = timeouts
        self._pool = urllib3.PoolManager(**kwargs)  # type: ignore[arg-type]
        self._origins: dict[str, Origin] = {}  # "scheme://netloc" -> parsed, see split_target

    def send(self, request: Request) -> Response:
        where, target = split_target(request.url)
        origin = self._origins.get(where)
        if origin is None:
            if len(self._origins) >= MAX_REMEMBERED_ORIGINS:
                self._origins.clear()
            origin = self._origins[where] = parse_origin(where)
        with translate_errors(request):
            pool = self._pool.connection_from_host(origin.host, origin.port, scheme=origin.scheme)
            raw = pool.urlopen(
                request.method,
                target,
                body=request.body.value,  # type: ignore[arg-type]  # urllib3 reads any object with read()
                headers=dict(request.headers),
                retries=False,
                redirect=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=False,
                release_conn=False,
            )
        return Response(raw, request, wrap_errors=translate_errors)

    def close(self) -> None:
        self._pool.clear()


class _CannedRaw:
    """A complete in-memory response body shaped like urllib3's ``HTTPResponse``."""

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes, reason: str = "") -> None:
        self.status = status
        self.reason: str | None = reason
        self.headers = urllib3.HTTPHeaderDict(headers)
        self._body = body
        self._pos = 0

    @property
    def length_remaining(self) -> int | None:
        return len(self._body) - self._pos

    def read(self, amt: int | None = None) -> bytes:
        end = len(self._body) if amt is None else min(self._pos + amt, len(self._body))
        data, self._pos = self._body[self._pos : end], end
        return data

    def stream(self, amt: int | None = None) -> Iterator[bytes]:
        while chunk := self.read(amt or 65536):
            yield chunk

    def release_conn(self) -> None:
        pass

    def drain_conn(self) -> None:
        self._pos = len(self._body)

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class CannedResponse:
    """What a ``FunctionTransport`` handler returns."""

    status: int
    headers: Mapping[str, str] | None = None
    body: bytes = b""
    reason: str = ""


class FunctionTransport:
    """A transport that calls ``handler(request)``; raise a ``TransportError`` from it to simulate a failure."""

    def __init__(self, handler: Callable[[Request], CannedResponse]) -> None:
        self._handler = handler

    def send(self, request: Request) -> Response:
        canned = self._handler(request)
        raw: RawResponse = _CannedRaw(canned.status, canned.headers or {}, canned.body, canned.reason)
        return Response(raw, request)

    def close(self) -> None:
        pass
