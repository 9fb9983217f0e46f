"""The authenticator: lazy auth, renewal before expiry, one re-authentication for many threads on 401."""

import threading
import time

import pytest

from swiftfiles.auth.base import Authenticator, AuthMethod, AuthResult, utc_from_timestamp
from swiftfiles.auth.tempauth import PreAuthenticated, TempAuth
from swiftfiles.exceptions import AuthenticationFailed, ServerError
from swiftfiles.http import CannedResponse, FunctionTransport, HTTPClient, RetryPolicy


class CountingMethod(AuthMethod):
    def __init__(self, lifetime: float | None = None) -> None:
        self.calls = 0
        self.lifetime = lifetime
        self.lock = threading.Lock()

    def authenticate(self, http):
        with self.lock:
            self.calls += 1
            n = self.calls
        time.sleep(0.05)  # slow identity service: other threads pile up behind the lock
        expires = utc_from_timestamp(time.time() + self.lifetime) if self.lifetime else None
        return AuthResult(token=f"tok{n}", storage_url="http://h/v1/AUTH_a", expires=expires)


def test_lazy_and_cached() -> None:
    method = CountingMethod()
    auth = Authenticator(method, HTTPClient(FunctionTransport(lambda r: CannedResponse(200))))
    assert method.calls == 0
    assert auth.current().token == "tok1" and auth.current().token == "tok1"
    assert method.calls == 1


def test_refresh_once_for_all_threads_holding_the_stale_token() -> None:
    method = CountingMethod()
    auth = Authenticator(method, HTTPClient(FunctionTransport(lambda r: CannedResponse(200))))
    stale = auth.current()
    results = []
    threads = [threading.Thread(target=lambda: results.append(auth.refresh(stale).token)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert method.calls == 2
    assert results == ["tok2"] * 8


def test_renews_before_expiry() -> None:
    method = CountingMethod(lifetime=30)
    auth = Authenticator(method, HTTPClient(FunctionTransport(lambda r: CannedResponse(200))), expiry_margin=60)
    auth.current()
    auth.current()
    assert method.calls == 2


def test_preauthenticated_cannot_refresh() -> None:
    auth = Authenticator(
        PreAuthenticated("http://h/v1/AUTH_a", "secret-token"),
        HTTPClient(FunctionTransport(lambda r: CannedResponse(200))),
    )
    stale = auth.current()
    with pytest.raises(AuthenticationFailed, match="fixed token") as info:
        auth.refresh(stale)
    assert "secret-token" not in str(info.value) and "secret-token" not in repr(auth)


def tempauth_http(status: int, headers=None):
    def handler(request):
        assert request.headers["X-Auth-User"] == "acct:user"
        return CannedResponse(status, headers or {})

    return HTTPClient(FunctionTransport(handler), RetryPolicy(total=0))


def test_tempauth_success_parses_expiry() -> None:
    http = tempauth_http(
        200,
        {
            "X-Auth-Token": "AUTH_tk1",
            "X-Storage-Url": "http://h/v1/AUTH_acct/",
            "X-Auth-Token-Expires": "120",
        },
    )
    result = TempAuth("http://h/auth/v1.0", "acct:user", "k3y").authenticate(http)
    assert result.storage_url == "http://h/v1/AUTH_acct"
    assert result.expires_within(121) and not result.expires_within(100)
    assert "AUTH_tk1" not in repr(result)


def test_tempauth_refused_without_leaking_the_key() -> None:
    method = TempAuth("http://h/auth/v1.0", "acct:user", "sup3r-s3cret")
    with pytest.raises(AuthenticationFailed) as info:
        method.authenticate(tempauth_http(401))
    assert info.value.status == 401
    assert "sup3r-s3cret" not in str(info.value) and "sup3r-s3cret" not in repr(method)


def test_tempauth_server_error_is_typed() -> None:
    with pytest.raises(ServerError):
        TempAuth("http://h/auth/v1.0", "acct:user", "k").authenticate(tempauth_http(503))
