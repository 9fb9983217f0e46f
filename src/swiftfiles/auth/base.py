"""The authentication flow shared by every auth method.

An ``AuthMethod`` knows how to obtain an ``AuthResult`` (token, storage URL, optional CDN URL, expiry) from one kind
of identity service. ``Authenticator`` owns the current result for a client: it authenticates lazily, renews a token
shortly before it expires, and on a 401 re-authenticates *once* for every thread that saw the same stale token: the
first thread does the work under a lock, the others find a fresh token waiting and resend.

Retries of transient failures are the HTTP layer's business; this module only decides *which token* to send.
"""

from __future__ import annotations

import abc
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..exceptions import AuthenticationFailed
from ..http.client import HTTPClient
from .catalog import CatalogEndpoint


@dataclass(frozen=True)
class AuthResult:
    """What a successful authentication yields. The token is kept out of ``repr`` on purpose."""

    token: str = field(repr=False)
    storage_url: str
    cdn_url: str | None = None
    expires: datetime | None = None
    #: Where the result came from (e.g. "tempauth", "keystone", "rackspace"), for diagnostics.
    source: str = ""
    #: The region the endpoints were chosen from (Keystone, Rackspace), when the service has regions.
    region: str | None = None
    #: The tenant / project the token is scoped to, when the identity service says (Keystone, Rackspace).
    tenant_id: str | None = None
    tenant_name: str | None = None
    #: Every endpoint of the service catalog (all services, regions and interfaces), when there is one.
    endpoints: tuple[CatalogEndpoint, ...] = ()

    def expires_within(self, seconds: float, now: float | None = None) -> bool:
        """True when the token expires in less than *seconds* (never, when the expiry is unknown)."""
        if self.expires is None:
            return False
        current = time.time() if now is None else now
        return self.expires.timestamp() - current < seconds


class AuthMethod(abc.ABC):
    """One way of obtaining a token. Implementations must not log or expose secrets in ``repr``."""

    #: False for methods that cannot get a new token by themselves (a pre-authenticated token).
    can_reauthenticate: bool = True

    @abc.abstractmethod
    def authenticate(self, http: HTTPClient) -> AuthResult:
        """Obtain a fresh token and endpoints; raise ``AuthenticationFailed`` when the credentials are refused."""

    def invalidate(self) -> None:  # noqa: B027 - optional hook, most methods cache nothing
        """Forget any token cached inside the method itself (keystoneauth1 caches its own)."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def utc_from_timestamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


class Authenticator:
    """Holds the current ``AuthResult`` for one client, thread-safe.

    expiry_margin: renew a token this many seconds before its stated expiry, so a request never starts with a
    token that dies in flight.
    """

    def __init__(self, method: AuthMethod, http: HTTPClient, *, expiry_margin: float = 60.0) -> None:
        self.method = method
        self._http = http
        self._margin = expiry_margin
        self._lock = threading.Lock()
        self._result: AuthResult | None = None
        #: How many times a token was obtained (useful in tests and diagnostics).
        self.auth_count = 0

    def current(self) -> AuthResult:
        """The token to use now, authenticating first when there is none or it is about to expire."""
        result = self._result
        if result is not None and not (self.method.can_reauthenticate and result.expires_within(self._margin)):
            return result
        with self._lock:
            result = self._result
            if result is None or (self.method.can_reauthenticate and result.expires_within(self._margin)):
                result = self._authenticate()
            return result

    def refresh(self, stale: AuthResult) -> AuthResult:
        """Called after a 401 with *stale*; returns a different, fresh result or raises ``AuthenticationFailed``.

        Only one thread re-authenticates: a thread arriving after the refresh gets the new result directly.
        """
        with self._lock:
            current = self._result
            if current is not None and current.token != stale.token:
                return current
            if not self.method.can_reauthenticate:
                raise AuthenticationFailed(
                    "the token was refused (401) and this client was given a fixed token, so it cannot get a new one",
                    status=401,
                    reason="Unauthorized",
                )
            self.method.invalidate()
            return self._authenticate()

    def _authenticate(self) -> AuthResult:
        result = self.method.authenticate(self._http)
        self._result = result
        self.auth_count += 1
        return result

    def __repr__(self) -> str:
        return f"<Authenticator method={self.method!r} authenticated={self._result is not None}>"
