"""Rackspace identity v2.0 over documented response shapes (FunctionTransport, no network)."""

import json
import logging
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from swiftfiles.auth.rackspace import RackspaceAuth, parse_expires, tokens_url
from swiftfiles.exceptions import AuthenticationFailed, ConfigurationError, ServerError
from swiftfiles.http import CannedResponse, FunctionTransport, HTTPClient, Request, RetryPolicy

API_KEY = "0123456789abcdef-secret-api-key"
PASSWORD = "hunter2-secret-password"
TOKEN = "AAA-rackspace-token-id"


def access_body(
    *,
    default_region: str | None = "ORD",
    cdn: bool = True,
    storage: bool = True,
    expires: str = "2031-05-17T20:46:37.905Z",
) -> dict[str, Any]:
    """The documented shape of a Rackspace ``POST /v2.0/tokens`` answer."""
    catalog: list[dict[str, Any]] = [
        {
            "name": "cloudServersOpenStack",
            "type": "compute",
            "endpoints": [
                {
                    "region": "DFW",
                    "tenantId": "123",
                    "publicURL": "https://dfw.servers.api.rackspacecloud.com/v2/123",
                }
            ],
        },
    ]
    if storage:
        catalog.append(
            {
                "name": "cloudFiles",
                "type": "object-store",
                "endpoints": [
                    {
                        "region": region,
                        "tenantId": "MossoCloudFS_abc",
                        "publicURL": f"https://storage101.{region.lower()}1.clouddrive.com/v1/MossoCloudFS_abc",
                        "internalURL": f"https://snet-storage101.{region.lower()}1.clouddrive.com/v1/MossoCloudFS_abc",
                    }
                    for region in ("DFW", "ORD", "IAD")
                ],
            }
        )
    if cdn:
        catalog.append(
            {
                "name": "cloudFilesCDN",
                "type": "rax:object-cdn",
                "endpoints": [
                    {
                        "region": region,
                        "tenantId": "MossoCloudFS_abc",
                        "publicURL": f"https://cdn{n}.clouddrive.com/v1/MossoCloudFS_abc",
                    }
                    for n, region in enumerate(("DFW", "ORD"), start=1)
                ],
            }
        )
    user: dict[str, Any] = {"id": "172157", "name": "alice", "roles": []}
    if default_region is not None:
        user["RAX-AUTH:defaultRegion"] = default_region
    return {
        "access": {
            "token": {"id": TOKEN, "expires": expires, "tenant": {"id": "123", "name": "123"}},
            "user": user,
            "serviceCatalog": catalog,
        }
    }


class Identity:
    """Records requests and answers with a canned identity response."""

    def __init__(self, status: int = 200, body: Any = None) -> None:
        self.status = status
        self.body = access_body() if body is None else body
        self.requests: list[Request] = []
        self.sent: list[dict[str, Any]] = []

    def __call__(self, request: Request) -> CannedResponse:
        self.requests.append(request)
        payload = request.body.value
        assert isinstance(payload, bytes)
        self.sent.append(json.loads(payload))
        data = self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()
        return CannedResponse(self.status, {"Content-Type": "application/json"}, data)

    def client(self) -> HTTPClient:
        return HTTPClient(FunctionTransport(self), retry=RetryPolicy(total=0), sleep=lambda s: None)


def test_api_key_body_and_headers() -> None:
    identity = Identity()
    result = RackspaceAuth("alice", api_key=API_KEY).authenticate(identity.client())
    request = identity.requests[0]
    assert request.method == "POST"
    assert request.url == "https://identity.api.rackspacecloud.com/v2.0/tokens"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert identity.sent[0] == {"auth": {"RAX-KSKEY:apiKeyCredentials": {"username": "alice", "apiKey": API_KEY}}}
    assert result.token == TOKEN
    assert result.source == "rackspace"


def test_password_body_with_tenant() -> None:
    identity = Identity()
    RackspaceAuth("alice", password=PASSWORD, tenant_id="123", tenant_name="acme").authenticate(identity.client())
    assert identity.sent[0] == {
        "auth": {
            "passwordCredentials": {"username": "alice", "password": PASSWORD},
            "tenantId": "123",
            "tenantName": "acme",
        }
    }


@pytest.mark.parametrize(
    ("auth_url", "expected"),
    [
        (
            "https://lon.identity.api.rackspacecloud.com/v2.0",
            "https://lon.identity.api.rackspacecloud.com/v2.0/tokens",
        ),
        (
            "https://lon.identity.api.rackspacecloud.com/v2.0/",
            "https://lon.identity.api.rackspacecloud.com/v2.0/tokens",
        ),
        ("https://identity.example.com", "https://identity.example.com/v2.0/tokens"),
        ("https://identity.example.com/v2.0/tokens", "https://identity.example.com/v2.0/tokens"),
    ],
)
def test_tokens_url(auth_url: str, expected: str) -> None:
    assert tokens_url(auth_url) == expected


def test_default_region_from_token() -> None:
    result = RackspaceAuth("alice", api_key=API_KEY).authenticate(Identity().client())
    assert result.region == "ORD"
    assert result.storage_url == "https://storage101.ord1.clouddrive.com/v1/MossoCloudFS_abc"
    assert result.cdn_url == "https://cdn2.clouddrive.com/v1/MossoCloudFS_abc"


def test_explicit_region_wins_and_is_case_insensitive() -> None:
    result = RackspaceAuth("alice", api_key=API_KEY, region="dfw").authenticate(Identity().client())
    assert result.region == "DFW"
    assert result.storage_url == "https://storage101.dfw1.clouddrive.com/v1/MossoCloudFS_abc"
    assert result.cdn_url == "https://cdn1.clouddrive.com/v1/MossoCloudFS_abc"


def test_unknown_region() -> None:
    with pytest.raises(ConfigurationError) as info:
        RackspaceAuth("alice", api_key=API_KEY, region="SYD").authenticate(Identity().client())
    assert str(info.value) == "no object-store endpoint in region 'SYD'; available: DFW, IAD, ORD"


def test_no_region_and_no_default_region() -> None:
    with pytest.raises(ConfigurationError, match="set a region"):
        RackspaceAuth("alice", api_key=API_KEY).authenticate(Identity(body=access_body(default_region=None)).client())


def test_internal_url_for_servicenet() -> None:
    result = RackspaceAuth("alice", api_key=API_KEY, public=False).authenticate(Identity().client())
    assert result.storage_url == "https://snet-storage101.ord1.clouddrive.com/v1/MossoCloudFS_abc"
    # the CDN management API is public only
    assert result.cdn_url == "https://cdn2.clouddrive.com/v1/MossoCloudFS_abc"


def test_no_cdn_in_region_gives_none() -> None:
    result = RackspaceAuth("alice", api_key=API_KEY, region="IAD").authenticate(Identity().client())
    assert result.region == "IAD"
    assert result.cdn_url is None
    assert (
        RackspaceAuth("alice", api_key=API_KEY).authenticate(Identity(body=access_body(cdn=False)).client()).cdn_url
        is None
    )


def test_missing_object_store() -> None:
    with pytest.raises(ConfigurationError, match="no object-store service; available: compute, rax:object-cdn"):
        RackspaceAuth("alice", api_key=API_KEY).authenticate(Identity(body=access_body(storage=False)).client())


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials(status: int, caplog: pytest.LogCaptureFixture) -> None:
    body = {"unauthorized": {"code": status, "message": "Username or api key is invalid."}}
    method = RackspaceAuth("alice", api_key=API_KEY)
    with caplog.at_level(logging.DEBUG), pytest.raises(AuthenticationFailed) as info:
        method.authenticate(Identity(status, body).client())
    message = str(info.value)
    assert "'alice'" in message and "api key" in message
    assert "Username or api key is invalid." in message
    assert info.value.status == status
    assert API_KEY not in message and API_KEY not in repr(info.value)
    assert API_KEY not in caplog.text


def test_password_refused_does_not_leak() -> None:
    with pytest.raises(AuthenticationFailed) as info:
        RackspaceAuth("alice", password=PASSWORD).authenticate(Identity(401, b"").client())
    assert PASSWORD not in str(info.value)
    assert "password for user 'alice'" in str(info.value)


def test_server_error() -> None:
    with pytest.raises(ServerError):
        RackspaceAuth("alice", api_key=API_KEY).authenticate(Identity(503, {"error": "busy"}).client())


def test_malformed_answer() -> None:
    from swiftfiles.exceptions import ClientException

    with pytest.raises(ClientException, match="JSON"):
        RackspaceAuth("alice", api_key=API_KEY).authenticate(Identity(200, b"<html>").client())
    with pytest.raises(ClientException, match="access.token"):
        RackspaceAuth("alice", api_key=API_KEY).authenticate(Identity(200, {"access": {}}).client())


def test_expiry_parsed_into_aware_datetime() -> None:
    result = RackspaceAuth("alice", api_key=API_KEY).authenticate(Identity().client())
    assert result.expires == datetime(2031, 5, 17, 20, 46, 37, 905000, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2031-05-17T20:46:37Z", datetime(2031, 5, 17, 20, 46, 37, tzinfo=timezone.utc)),
        ("2031-05-17T20:46:37.905Z", datetime(2031, 5, 17, 20, 46, 37, 905000, tzinfo=timezone.utc)),
        ("2031-05-17T20:46:37.123456789Z", datetime(2031, 5, 17, 20, 46, 37, 123456, tzinfo=timezone.utc)),
        ("2031-05-17T15:46:37.000-05:00", datetime(2031, 5, 17, 20, 46, 37, tzinfo=timezone.utc)),
        ("2031-05-17T22:46:37+0200", datetime(2031, 5, 17, 20, 46, 37, tzinfo=timezone.utc)),
        ("2031-05-17T20:46:37", datetime(2031, 5, 17, 20, 46, 37, tzinfo=timezone.utc)),
        ("tomorrow", None),
        ("2031-13-40T20:46:37Z", None),
        (None, None),
    ],
)
def test_parse_expires(text: Any, expected: datetime | None) -> None:
    parsed = parse_expires(text)
    assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset() == timedelta(0)


def test_exactly_one_secret() -> None:
    with pytest.raises(ConfigurationError, match="exactly one of api_key, password or token"):
        RackspaceAuth("alice")
    with pytest.raises(ConfigurationError, match="api_key and password were given") as info:
        RackspaceAuth("alice", api_key=API_KEY, password=PASSWORD)
    assert API_KEY not in str(info.value) and PASSWORD not in str(info.value)
    with pytest.raises(ConfigurationError, match="username"):
        RackspaceAuth("", api_key=API_KEY)


def test_repr_hides_secrets() -> None:
    for method in (
        RackspaceAuth("alice", api_key=API_KEY, region="DFW"),
        RackspaceAuth("alice", password=PASSWORD),
    ):
        text = repr(method)
        assert API_KEY not in text and PASSWORD not in text
        assert "alice" in text
    assert "credential=api_key" in repr(RackspaceAuth("alice", api_key=API_KEY))


def test_token_credentials_trade_a_token_for_the_catalog() -> None:
    """An existing token is sent as ``{"auth": {"token": {"id": ...}}}`` and never needs a username."""
    identity = Identity()
    result = RackspaceAuth(None, token="an-existing-token", tenant_id="123").authenticate(identity.client())
    assert result.storage_url and result.endpoints  # the whole catalog comes back with it
    assert identity.sent[-1] == {"auth": {"token": {"id": "an-existing-token"}, "tenantId": "123"}}
