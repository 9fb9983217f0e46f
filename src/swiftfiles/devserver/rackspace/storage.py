"""EMULATOR of the per-region Cloud Files storage endpoints: a pass-through in front of the real Swift.

Not Rackspace's code. Each region's public and internal ("ServiceNet") URL is a port of its own, so the
catalog holds distinct URLs and a test can tell which one a client picked; every one of them forwards to the
same real Swift account, streaming bodies both ways, keeping the client's ``Host`` (so URLs Swift builds point
back here) and leaving everything else (status, headers, body, TempURL and FormPOST signatures) untouched.

The only thing it changes is the token: an ``X-Auth-Token`` that the identity emulator issued is

* refused with Swift's own 401 once expired or revoked (this is how short ``token_life`` expiry is enforced,
  independent of the dev server's tempauth ``token_life``),
* otherwise swapped for a real tempauth token of the Swift user the Rackspace user maps to.

Any other token (a tempauth one, a wrong one) and requests without a token (TempURLs, public containers) go
to Swift unchanged, and Swift judges them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from .identity import TokenStore
from .wire import HOP_BY_HOP, Handler, SwiftBackend, SwiftError

__all__ = ["StorageProxyApp", "UNAUTHORIZED_HTML"]

#: Swift's (tempauth's) 401 body.
UNAUTHORIZED_HTML = (
    b"<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document "
    b"you requested.</p></html>"
)
_TOKEN_HEADERS = ("x-auth-token", "x-storage-token")


def _account_of(path: str) -> str:
    parts = path.split("?", 1)[0].split("/")
    return parts[2] if len(parts) > 2 and parts[1] == "v1" and parts[2] else "unknown"


class StorageProxyApp:
    """One region's public or internal storage endpoint."""

    def __init__(self, tokens: TokenStore, backend: SwiftBackend, region: str, interface: str) -> None:
        self.tokens = tokens
        self.backend = backend
        self.region = region
        self.interface = interface
        self._requests = 0
        self._lock = threading.Lock()

    @property
    def requests(self) -> int:
        """Requests received so far (tests can check which endpoint a client used)."""
        return self._requests

    def handle(self, request: Handler) -> None:
        with self._lock:
            self._requests += 1
        try:
            request.content_length  # noqa: B018 - validates the header before anything is forwarded
        except ValueError:
            request.close_connection = True
            request.reply(400, b"Invalid Content-Length\n")
            return
        headers = [(name, value) for name, value in request.headers.items() if name.lower() not in HOP_BY_HOP]
        token_id = request.header("X-Auth-Token") or request.header("X-Storage-Token")
        issued = self.tokens.find(token_id) if token_id else None
        swift_user: str | None = None
        if issued is not None:
            if not issued.valid():
                request.discard_body()
                realm = _account_of(request.path)
                request.reply(
                    401,
                    UNAUTHORIZED_HTML,
                    {"Www-Authenticate": f'Swift realm="{realm}"'},
                    content_type="text/html; charset=UTF-8",
                )
                return
            swift_user = issued.user.swift_user
            headers = [(name, value) for name, value in headers if name.lower() not in _TOKEN_HEADERS]
        body = _Body(request.body_chunks()) if request.has_body else None
        for attempt in (1, 2):
            sent = headers
            service_token = ""
            if swift_user is not None:
                try:
                    service_token = self.backend.token_for(swift_user)
                except SwiftError as exc:
                    request.discard_body()
                    request.reply(503, f"storage backend unavailable: {exc}\n".encode())
                    return
                sent = [*headers, ("X-Auth-Token", service_token)]
            try:
                conn, response = self.backend.send(
                    request.command, request.path, sent, body, chunked=request.chunked, keep_host=True
                )
            except (OSError, ValueError) as exc:
                request.close_connection = True
                request.reply(502, f"cannot reach Swift: {exc}\n".encode())
                return
            try:
                # A cached tempauth token can die under us when the dev server's token_life is short: log in
                # again, and resend when there was no body (a streamed body cannot be replayed).
                if response.status == 401 and swift_user is not None:
                    self.backend.forget(swift_user, service_token)
                    if body is None and attempt == 1:
                        response.read()
                        continue
                request.relay(response, response.getheaders())
                if body is not None and not body.done:
                    request.close_connection = True  # Swift answered before the whole body was read
                return
            finally:
                response.close()
                conn.close()


class _Body:
    """A request body stream that remembers whether it was read to the end."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self.done = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks
        self.done = True
