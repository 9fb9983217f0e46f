"""An ``AuthMethod`` whose first token the server does not accept, as after a revocation on the server.

It wraps a real method (tempauth against the session's Swift): the first ``authenticate`` returns a token Swift has
never issued, every later one a real token. A client built with ``StorageClient(auth=FirstTokenRevoked(...))``
therefore meets a 401 on its first request and must re-authenticate once and resend, exactly as with a token revoked
between two requests, without reaching into the client's private state.
"""

from __future__ import annotations

import dataclasses
import threading

from swiftfiles.auth.base import AuthMethod, AuthResult
from swiftfiles.auth.tempauth import TempAuth
from swiftfiles.http.client import HTTPClient


class FirstTokenRevoked(AuthMethod):
    def __init__(self, inner: AuthMethod) -> None:
        self.inner = inner
        self.calls = 0
        self._lock = threading.Lock()

    @classmethod
    def tempauth(cls, swift: object, user: str = "test:tester") -> FirstTokenRevoked:
        return cls(TempAuth(swift.auth_url, user, swift.users[user]))  # type: ignore[attr-defined]

    def authenticate(self, http: HTTPClient) -> AuthResult:
        result = self.inner.authenticate(http)
        with self._lock:
            self.calls += 1
            first = self.calls == 1
        return dataclasses.replace(result, token="AUTH_tkrevoked") if first else result
