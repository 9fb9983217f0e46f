"""Request and response values passed between the wire layer and a transport.

A ``Request`` is immutable apart from its body's read position; ``RequestBody`` knows whether that body can be
replayed, which is what lets the retry loop resend safely or refuse clearly (``BodyNotRewindable``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Protocol, Union

from ..exceptions import BodyNotRewindable, redact_headers
from .retry import Attempt


#: What an upload may send: nothing, bytes, a binary file object, or an iterable of byte chunks.
class Readable(Protocol):
    """Anything with ``read(amt)`` returning bytes: files, and the transfer engine's segment readers."""

    def read(self, amt: int = -1, /) -> bytes: ...


BodyType = Union[bytes, bytearray, memoryview, IO[bytes], Readable, Iterable[bytes], None]  # noqa: UP007 - a runtime alias on Python 3.10


class RequestBody:
    """Wraps a request body and remembers how to rewind it for a resend.

    bytes (and other buffers) and seekable files can be replayed; generators and pipes cannot. ``rewind()`` raises
    ``BodyNotRewindable`` for those once anything has been sent, so a retry never sends a truncated body.
    """

    def __init__(self, body: BodyType) -> None:
        self._body = body
        self._start: int | None = None
        self.rewindable = True
        if body is None or isinstance(body, (bytes, bytearray, memoryview)):
            return
        if hasattr(body, "read"):
            file_like: Any = body
            try:
                if file_like.seekable():
                    self._start = file_like.tell()
                    return
            except (AttributeError, OSError, ValueError):
                pass
        self.rewindable = False
        self._sent = False

    @property
    def value(self) -> BodyType:
        """The object to hand to the HTTP library."""
        if not self.rewindable:
            self._sent = True
        return self._body

    def rewind(self) -> None:
        """Prepare the body to be sent again from its original start."""
        if self._start is not None:
            self._body.seek(self._start)  # type: ignore[union-attr]
        elif not self.rewindable and getattr(self, "_sent", False):
            raise BodyNotRewindable(
                "the body is a one-shot stream that cannot be replayed; pass bytes or a seekable file to allow resends"
            )


@dataclass(frozen=True)
class Request:
    """One HTTP request. ``url`` is absolute and already percent-encoded."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: RequestBody = field(default_factory=lambda: RequestBody(None))

    def __repr__(self) -> str:
        return f"Request({self.method} {self.url.split('?')[0]}, headers={redact_headers(self.headers)})"


class RawResponse(Protocol):
    """What a transport must return: enough of urllib3's ``HTTPResponse`` for ``Response``."""

    status: int
    reason: str | None

    @property
    def headers(self) -> Mapping[str, str]: ...

    def read(self, amt: int | None = None) -> bytes: ...

    def stream(self, amt: int | None = None) -> Iterator[bytes]: ...

    def release_conn(self) -> None: ...

    def drain_conn(self) -> None: ...

    def close(self) -> None: ...

    @property
    def length_remaining(self) -> int | None: ...


class Response:
    """An HTTP response whose body may still be on the wire.

    Use ``read()`` for small bodies, ``iter_bytes()`` to stream; always ``close()`` a streamed response (or use it as
    a context manager) so the connection goes back to the pool.
    """

    def __init__(self, raw: RawResponse, request: Request, wrap_errors: Any = None) -> None:
        self._raw = raw
        self.request = request
        self.status: int = raw.status
        self.reason: str = raw.reason or ""
        self.headers: Mapping[str, str] = raw.headers
        self._wrap_errors = wrap_errors
        self._content: bytes | None = None
        self._exhausted = False
        self._closed = False
        #: The failed attempts of the same request before this response (set by ``HTTPClient.send``).
        self.attempts: tuple[Attempt, ...] = ()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def outcome_unknown_before(self) -> bool:
        """True when an earlier attempt of this request may have been carried out without an answer saying so
        (its response was lost): a 404 to a resent DELETE then means that attempt deleted the object."""
        return any(attempt.outcome_unknown for attempt in self.attempts)

    @property
    def trans_id(self) -> str:
        return self.headers.get("X-Trans-Id") or self.headers.get("X-Openstack-Request-Id") or ""

    def read(self) -> bytes:
        """Read (once) and return the whole body, then release the connection."""
        if self._content is None:
            try:
                self._content = self._call(self._raw.read)
                self._exhausted = True
            finally:
                self.close()
        return self._content

    def text(self) -> str:
        return self.read().decode("utf-8", errors="replace")

    def json(self) -> Any:
        data = self.read()
        return json.loads(data) if data.strip() else None

    def iter_bytes(self, chunk_size: int = 65536) -> Iterator[bytes]:
        """Yield the body in chunks of at most *chunk_size* bytes, releasing the connection at the end."""
        try:
            stream = self._raw.stream(chunk_size)
            while True:
                chunk = self._call(next, stream, None)
                if chunk is None:
                    self._exhausted = True
                    break
                if chunk:
                    yield chunk
        finally:
            self.close()

    def close(self) -> None:
        """Give the connection back to the pool.

        A body read to its end leaves a reusable connection. An unread remainder is drained only when it is known
        to be small; otherwise the connection is discarded, so abandoning a multi-gigabyte GET costs nothing.
        """
        if self._closed:
            return
        self._closed = True
        raw = self._raw
        if not self._exhausted:
            remaining = raw.length_remaining
            try:
                if remaining is not None and remaining <= 65536:
                    raw.drain_conn()
                else:
                    raw.close()
            except Exception:  # noqa: BLE001 - a broken connection is simply discarded by the pool
                raw.close()
        raw.release_conn()

    def _call(self, fn: Any, *args: Any) -> Any:
        if self._wrap_errors is None:
            return fn(*args)
        with self._wrap_errors(self.request):
            return fn(*args)

    def __enter__(self) -> Response:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Response {self.status} {self.reason} for {self.request.method} {self.request.url.split('?')[0]}>"
