"""KeystoneAuth through keystoneauth1 against a small HTTP server speaking the documented Keystone v3 shapes.

The server is real HTTP on 127.0.0.1 (keystoneauth1 uses requests, so a FunctionTransport cannot stand in); it
implements only version discovery and ``POST /v3/auth/tokens``. A real Keystone is exercised elsewhere.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from swiftfiles.auth import Authenticator, KeystoneAuth
from swiftfiles.exceptions import AuthenticationFailed, ConfigurationError, ConnectionFailed, ServerError
from swiftfiles.http import CannedResponse, FunctionTransport, HTTPClient

PASSWORD = "s3cret-keystone-password"
APP_SECRET = "app-cred-secret-value"
USER_TOKEN = "gAAAAA-existing-user-token"
EXPIRES = "2031-02-03T04:05:06.000000Z"


class FakeKeystone(ThreadingHTTPServer):
    """Keystone v3 as far as a client authenticating for Swift can see it."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), KeystoneHandler)
        self.port = self.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.lock = threading.Lock()
        self.token_requests: list[dict[str, Any]] = []
        self.discovery_requests = 0
        self.issued = 0
        self.fail_with: int | None = None

    def catalog(self) -> list[dict[str, Any]]:
        return [
            {
                "type": "identity",
                "name": "keystone",
                "id": "id1",
                "endpoints": [
                    {
                        "id": "e0",
                        "interface": "public",
                        "region": "RegionOne",
                        "region_id": "RegionOne",
                        "url": f"{self.base}/v3",
                    }
                ],
            },
            {
                "type": "object-store",
                "name": "swift",
                "id": "os1",
                "endpoints": [
                    {
                        "id": "e1",
                        "interface": "public",
                        "region": "RegionOne",
                        "region_id": "RegionOne",
                        "url": "http://swift-one.example:8080/v1/AUTH_p1",
                    },
                    {
                        "id": "e2",
                        "interface": "internal",
                        "region": "RegionOne",
                        "region_id": "RegionOne",
                        "url": "http://swift-one.internal:8080/v1/AUTH_p1",
                    },
                    {
                        "id": "e3",
                        "interface": "public",
                        "region": "RegionTwo",
                        "region_id": "RegionTwo",
                        "url": "http://swift-two.example:8080/v1/AUTH_p1/",
                    },
                ],
            },
        ]

    def accepts(self, identity: dict[str, Any]) -> bool:
        methods = identity.get("methods", [])
        if "password" in methods:
            user = identity["password"]["user"]
            named = user.get("name") == "alice" and user.get("domain") in (
                {"name": "Default"},
                {"id": "default"},
            )
            return bool((named or user.get("id") == "u1") and user.get("password") == PASSWORD)
        if "application_credential" in methods:
            cred = identity["application_credential"]
            return bool(cred.get("id") == "ac1" and cred.get("secret") == APP_SECRET)
        if "token" in methods:
            return bool(identity["token"].get("id") == USER_TOKEN)
        return False


class KeystoneHandler(BaseHTTPRequestHandler):
    server: FakeKeystone

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.rstrip("/") in ("", "/v3"):
            with self.server.lock:
                self.server.discovery_requests += 1
            self._send(
                200,
                {
                    "version": {
                        "id": "v3.14",
                        "status": "stable",
                        "updated": "2020-04-07T00:00:00Z",
                        "links": [{"rel": "self", "href": f"{self.server.base}/v3/"}],
                        "media-types": [
                            {"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}
                        ],
                    }
                },
            )
        else:
            self._send(404, {"error": {"code": 404, "message": "not found", "title": "Not Found"}})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length))
        if self.path.split("?")[0] != "/v3/auth/tokens":
            self._send(404, {"error": {"code": 404, "message": "not found", "title": "Not Found"}})
            return
        server = self.server
        with server.lock:
            server.token_requests.append(body)
            server.issued += 1
            number = server.issued
        if server.fail_with:
            self._send(server.fail_with, {"error": {"code": server.fail_with, "message": "boom", "title": "Error"}})
            return
        identity = body["auth"]["identity"]
        if not server.accepts(identity):
            self._send(
                401,
                {
                    "error": {
                        "code": 401,
                        "title": "Unauthorized",
                        "message": "The request you have made requires authentication.",
                    }
                },
                {"X-Openstack-Request-Id": "req-abc", "WWW-Authenticate": "Keystone uri=..."},
            )
            return
        token = {
            "methods": identity["methods"],
            "expires_at": EXPIRES,
            "issued_at": "2031-02-02T04:05:06.000000Z",
            "audit_ids": ["a1"],
            "user": {
                "id": "u1",
                "name": "alice",
                "domain": {"id": "default", "name": "Default"},
                "password_expires_at": None,
            },
            "project": {"id": "p1", "name": "demo", "domain": {"id": "default", "name": "Default"}},
            "roles": [{"id": "r1", "name": "member"}],
            "catalog": server.catalog(),
        }
        self._send(201, {"token": token}, {"X-Subject-Token": f"tok-{number}"})


@pytest.fixture
def keystone(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeKeystone]:
    # requests honours proxy variables; a proxy must not stand between the test and 127.0.0.1.
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = FakeKeystone()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def http() -> HTTPClient:
    """KeystoneAuth ignores swiftfiles' HTTP client: this one fails the test if it is ever used."""

    def refuse(request: Any) -> CannedResponse:
        raise AssertionError("KeystoneAuth must not use swiftfiles' HTTPClient")

    return HTTPClient(FunctionTransport(refuse))


def test_password_with_project_name(keystone: FakeKeystone) -> None:
    method = KeystoneAuth(f"{keystone.base}/v3", username="alice", password=PASSWORD, project_name="demo")
    result = method.authenticate(http())
    sent = keystone.token_requests[0]["auth"]
    assert sent["identity"] == {
        "methods": ["password"],
        "password": {"user": {"name": "alice", "domain": {"name": "Default"}, "password": PASSWORD}},
    }
    assert sent["scope"] == {"project": {"name": "demo", "domain": {"name": "Default"}}}
    assert result.token == "tok-1"
    assert result.storage_url == "http://swift-one.example:8080/v1/AUTH_p1"
    assert result.region == "RegionOne"
    assert result.source == "keystone"
    assert result.cdn_url is None
    assert result.expires == datetime(2031, 2, 3, 4, 5, 6, tzinfo=timezone.utc)


@pytest.mark.parametrize("suffix", ["", "/", "/v3/"])
def test_auth_url_with_or_without_version(keystone: FakeKeystone, suffix: str) -> None:
    method = KeystoneAuth(keystone.base + suffix, user_id="u1", password=PASSWORD, project_id="p1")
    assert method.authenticate(http()).token == "tok-1"
    assert keystone.token_requests[0]["auth"]["scope"] == {"project": {"id": "p1"}}


def test_explicit_domains_are_sent(keystone: FakeKeystone) -> None:
    KeystoneAuth(
        keystone.base,
        username="alice",
        password=PASSWORD,
        user_domain_id="default",
        project_name="demo",
        project_domain_id="default",
    ).authenticate(http())
    sent = keystone.token_requests[0]["auth"]
    assert sent["identity"]["password"]["user"]["domain"] == {"id": "default"}
    assert sent["scope"]["project"]["domain"] == {"id": "default"}


def test_application_credential(keystone: FakeKeystone) -> None:
    method = KeystoneAuth(
        keystone.base,
        application_credential_id="ac1",
        application_credential_secret=APP_SECRET,
        project_name="ignored",
        domain_name="ignored too",
        username="alice",
        password="also ignored",
    )
    result = method.authenticate(http())
    sent = keystone.token_requests[0]["auth"]
    assert sent["identity"]["methods"] == ["application_credential"]
    assert sent["identity"]["application_credential"] == {"id": "ac1", "secret": APP_SECRET}
    assert "scope" not in sent
    assert result.token == "tok-1"
    assert APP_SECRET not in repr(method)


def test_token(keystone: FakeKeystone) -> None:
    method = KeystoneAuth(keystone.base, token=USER_TOKEN, project_name="demo", password="unused")
    assert method.authenticate(http()).token == "tok-1"
    sent = keystone.token_requests[0]["auth"]
    assert sent["identity"] == {"methods": ["token"], "token": {"id": USER_TOKEN}}
    assert USER_TOKEN not in repr(method)


def test_region_and_interface(keystone: FakeKeystone) -> None:
    two = KeystoneAuth(keystone.base, username="alice", password=PASSWORD, region="RegionTwo").authenticate(http())
    assert two.storage_url == "http://swift-two.example:8080/v1/AUTH_p1"
    assert two.region == "RegionTwo"
    internal = KeystoneAuth(
        keystone.base, username="alice", password=PASSWORD, region="RegionOne", interface="internalURL"
    ).authenticate(http())
    assert internal.storage_url == "http://swift-one.internal:8080/v1/AUTH_p1"


@pytest.mark.parametrize(
    ("region", "interface"), [("RegionThree", "public"), ("RegionTwo", "internal"), (None, "admin")]
)
def test_missing_endpoint(keystone: FakeKeystone, region: str | None, interface: str) -> None:
    method = KeystoneAuth(keystone.base, username="alice", password=PASSWORD, region=region, interface=interface)
    with pytest.raises(ConfigurationError) as info:
        method.authenticate(http())
    message = str(info.value)
    assert "object-store" in message and f"interface {interface!r}" in message
    if region:
        assert f"region {region!r}" in message
    assert "available: RegionOne (public, internal), RegionTwo (public)" in message


def test_missing_service_type(keystone: FakeKeystone) -> None:
    method = KeystoneAuth(keystone.base, username="alice", password=PASSWORD, service_type="image")
    with pytest.raises(ConfigurationError, match="no image endpoint"):
        method.authenticate(http())


def test_wrong_password(keystone: FakeKeystone, caplog: pytest.LogCaptureFixture) -> None:
    wrong = "not-the-password-xyz"
    method = KeystoneAuth(keystone.base, username="alice", password=wrong, project_name="demo")
    with caplog.at_level(logging.DEBUG), pytest.raises(AuthenticationFailed) as info:
        method.authenticate(http())
    error = info.value
    assert "Keystone refused the credentials for user 'alice'" in str(error)
    assert error.status == 401
    assert error.trans_id == "req-abc"
    assert error.__cause__ is None and error.__suppress_context__
    for text in (str(error), repr(error), repr(method), caplog.text):
        assert wrong not in text


def test_secrets_never_logged_on_success(keystone: FakeKeystone, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        KeystoneAuth(keystone.base, username="alice", password=PASSWORD).authenticate(http())
        KeystoneAuth(
            keystone.base, application_credential_id="ac1", application_credential_secret=APP_SECRET
        ).authenticate(http())
    assert PASSWORD not in caplog.text and APP_SECRET not in caplog.text


def test_invalidate_gets_a_new_token(keystone: FakeKeystone) -> None:
    method = KeystoneAuth(keystone.base, username="alice", password=PASSWORD)
    assert method.authenticate(http()).token == "tok-1"
    assert method.authenticate(http()).token == "tok-1"  # keystoneauth1 caches the token
    assert len(keystone.token_requests) == 1
    method.invalidate()
    assert method.authenticate(http()).token == "tok-2"
    assert len(keystone.token_requests) == 2


def test_authenticator_refresh_after_401(keystone: FakeKeystone) -> None:
    auth = Authenticator(KeystoneAuth(keystone.base, username="alice", password=PASSWORD), http())
    stale = auth.current()
    assert auth.refresh(stale).token == "tok-2"


def test_server_error(keystone: FakeKeystone) -> None:
    keystone.fail_with = 500
    with pytest.raises(ServerError) as info:
        KeystoneAuth(keystone.base, username="alice", password=PASSWORD).authenticate(http())
    assert info.value.status == 500 and PASSWORD not in str(info.value)


def test_connection_refused(keystone: FakeKeystone) -> None:
    base = keystone.base
    keystone.shutdown()
    keystone.server_close()
    with pytest.raises(ConnectionFailed) as info:
        KeystoneAuth(base, username="alice", password=PASSWORD).authenticate(http())
    assert base in str(info.value) and PASSWORD not in str(info.value)


def test_from_plugin_and_session(keystone: FakeKeystone) -> None:
    from keystoneauth1.identity import v3
    from keystoneauth1.session import Session

    plugin = v3.Password(f"{keystone.base}/v3", password=PASSWORD, user_id="u1", project_id="p1")
    method = KeystoneAuth.from_plugin(plugin, region="RegionTwo")
    result = method.authenticate(http())
    assert result.storage_url == "http://swift-two.example:8080/v1/AUTH_p1"
    assert method.plugin is plugin
    assert PASSWORD not in repr(method)

    session = Session(auth=v3.Password(f"{keystone.base}/v3", password=PASSWORD, user_id="u1"))
    via_session = KeystoneAuth.from_plugin(session, interface="internal")
    assert via_session.session is session
    assert via_session.authenticate(http()).storage_url == "http://swift-one.internal:8080/v1/AUTH_p1"

    with pytest.raises(ConfigurationError, match="no auth"):
        KeystoneAuth.from_plugin(Session())


def test_refused_through_from_plugin(keystone: FakeKeystone) -> None:
    from keystoneauth1.identity import v3

    method = KeystoneAuth.from_plugin(v3.Password(keystone.base, password="bad-pw-123", user_id="u1"))
    with pytest.raises(AuthenticationFailed) as info:
        method.authenticate(http())
    assert "Password plugin" in str(info.value) and "bad-pw-123" not in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({}, "needs credentials"),
        ({"username": "alice"}, "needs password"),
        ({"password": PASSWORD}, "needs username or user_id"),
        ({"application_credential_id": "ac1"}, "needs application_credential_secret"),
        (
            {"application_credential_secret": APP_SECRET},
            "application_credential_id or application_credential_name",
        ),
        (
            {"application_credential_name": "n", "application_credential_secret": APP_SECRET},
            "username or user_id",
        ),
        ({"username": "alice", "password": PASSWORD, "project_name": "p", "domain_name": "d"}, "not both"),
        ({"username": "alice", "password": PASSWORD, "interface": "private"}, "unknown endpoint interface"),
    ],
)
def test_configuration_errors(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ConfigurationError, match=match) as info:
        KeystoneAuth("http://127.0.0.1:1/v3", **kwargs)
    assert PASSWORD not in str(info.value) and APP_SECRET not in str(info.value)


def test_no_auth_url() -> None:
    with pytest.raises(ConfigurationError, match="auth_url"):
        KeystoneAuth("", username="alice", password=PASSWORD)


def test_repr() -> None:
    method = KeystoneAuth("http://k/v3", username="alice", password=PASSWORD, project_name="demo", region="R1")
    text = repr(method)
    assert PASSWORD not in text
    assert "alice" in text and "demo" in text and "R1" in text


def test_import_does_not_load_keystoneauth1() -> None:
    import subprocess
    import sys

    code = "import sys, swiftfiles.auth; print('keystoneauth1' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
