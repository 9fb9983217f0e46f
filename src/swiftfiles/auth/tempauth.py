"""Swift's v1.0 authentication (tempauth, swauth, and the Rackspace legacy v1.0 endpoint).

``GET <auth_url>`` with ``X-Auth-User`` / ``X-Auth-Key``; the answer's headers carry ``X-Storage-Url``,
``X-Auth-Token`` and (tempauth) ``X-Auth-Token-Expires`` in seconds.
"""

from __future__ import annotations

import time

from ..exceptions import AuthenticationFailed, ClientException, exception_class_for
from ..http.client import HTTPClient
from ..http.models import Request
from .base import AuthMethod, AuthResult, utc_from_timestamp


class TempAuth(AuthMethod):
    """v1.0 auth. *storage_url* overrides the URL the server returns (e.g. to reach it through another host)."""

    def __init__(self, auth_url: str, user: str, key: str, *, storage_url: str | None = None) -> None:
        self.auth_url = auth_url
        self.user = user
        self._key = key
        self.storage_url_override = storage_url

    def authenticate(self, http: HTTPClient) -> AuthResult:
        request = Request("GET", self.auth_url, {"X-Auth-User": self.user, "X-Auth-Key": self._key})
        response = http.send(request)
        if response.status in (401, 403):
            raise AuthenticationFailed(
                f"v1.0 authentication refused for user {self.user!r}",
                status=response.status,
                reason=response.reason,
                headers=response.headers,
                method="GET",
                path=self.auth_url,
            )
        if not response.ok:
            raise exception_class_for(response.status)(
                status=response.status,
                reason=response.reason,
                headers=response.headers,
                method="GET",
                path=self.auth_url,
                body=response.text(),
            )
        token = response.headers.get("X-Auth-Token") or response.headers.get("X-Storage-Token")
        storage_url = self.storage_url_override or response.headers.get("X-Storage-Url")
        if not token or not storage_url:
            raise ClientException(
                "v1.0 auth answered without X-Auth-Token or X-Storage-Url",
                status=response.status,
                reason=response.reason,
                headers=response.headers,
                method="GET",
                path=self.auth_url,
            )
        expires = None
        lifetime = response.headers.get("X-Auth-Token-Expires")
        if lifetime:
            try:
                expires = utc_from_timestamp(time.time() + float(lifetime))
            except ValueError:
                expires = None
        return AuthResult(token=token, storage_url=storage_url.rstrip("/"), expires=expires, source="tempauth")

    def __repr__(self) -> str:
        return f"<TempAuth {self.auth_url} user={self.user!r}>"


class PreAuthenticated(AuthMethod):
    """A storage URL and token obtained elsewhere. It cannot renew itself: a 401 raises ``AuthenticationFailed``."""

    can_reauthenticate = False

    def __init__(self, storage_url: str, token: str, *, cdn_url: str | None = None) -> None:
        self.storage_url = storage_url.rstrip("/")
        self._token = token
        self.cdn_url = cdn_url

    def authenticate(self, http: HTTPClient) -> AuthResult:
        return AuthResult(token=self._token, storage_url=self.storage_url, cdn_url=self.cdn_url, source="preauth")

    def __repr__(self) -> str:
        return f"<PreAuthenticated {self.storage_url}>"
