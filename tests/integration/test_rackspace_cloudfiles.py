"""Cloud Files as Rackspace users see it: identity v2.0 and the CDN API, against the project's EMULATORS of those
two services (no open-source server exists), which sit in front of the session's real Swift."""

import urllib.error
import urllib.request
import uuid

import pytest

from swiftfiles import StorageClient
from swiftfiles.exceptions import (
    AuthenticationFailed,
    ConfigurationError,
    InvalidCDNMetadata,
    NoSuchContainer,
    NotCDNEnabled,
    RateLimited,
)

pytestmark = pytest.mark.integration


def rax_client(rackspace, **kwargs) -> StorageClient:
    settings = {
        "auth_type": "rackspace",
        "auth_url": rackspace.info.identity_url,
        "username": "rackuser",
        "api_key": "rack-api-key",
    }
    settings.update(kwargs)
    return StorageClient(**settings)


def http_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture
def rax(rackspace):
    with rax_client(rackspace) as client:
        yield client


@pytest.fixture
def cdn_container(rax):
    name = f"cdn-{uuid.uuid4().hex[:10]}"
    rax.create_container(name)
    yield name
    rax.delete(name, del_objects=True)


# -- identity -------------------------------------------------------------------------------------------------


def test_api_key_auth_uses_the_default_region_and_reaches_swift(rackspace, rax, cdn_container) -> None:
    auth = rax.authenticator.current()
    assert auth.region == "DFW" and auth.source == "rackspace"
    assert auth.storage_url == rackspace.info.storage_url_for(region="DFW")
    assert rax.cdn_management_url == rackspace.info.cdn_management_url_for(region="DFW")
    rax.store_object(cdn_container, "o.txt", b"via the DFW endpoint")
    assert rax.fetch_object(cdn_container, "o.txt") == b"via the DFW endpoint"


def test_password_auth_region_choice_and_servicenet(rackspace) -> None:
    with rax_client(rackspace, api_key=None, password="rack-password", region="ORD", public=False) as client:
        assert client.storage_url == rackspace.info.storage_url_for(region="ORD", internal=True)
        endpoints = [(r, i) for r in ("DFW", "ORD") for i in ("public", "internal")]
        before = {e: rackspace.storage_requests(*e) for e in endpoints}
        client.list_container_names()
        after = {e: rackspace.storage_requests(*e) for e in endpoints}
        # /info, then the listing (one page, or two when the account has containers: the walk ends on an empty page)
        assert after[("ORD", "internal")] - before[("ORD", "internal")] in (2, 3)
        assert all(after[e] == before[e] for e in endpoints if e != ("ORD", "internal"))


def test_wrong_credentials_and_unknown_region(rackspace) -> None:
    with pytest.raises(AuthenticationFailed) as info:
        rax_client(rackspace, api_key="wrong-key-123").list_container_names()
    assert info.value.status == 401 and "wrong-key-123" not in str(info.value)
    with pytest.raises(ConfigurationError, match="DFW"):
        rax_client(rackspace, region="SYD").list_container_names()


def test_token_is_reused_then_renewed_after_expiry(rackspace, rax) -> None:
    rax.list_container_names()
    rax.list_container_names()
    assert rax.authenticator.auth_count == 1
    rackspace.expire_tokens("rackuser")  # the next request meets a 401
    rax.list_container_names()
    assert rax.authenticator.auth_count == 2


def test_from_env(rackspace) -> None:
    client = StorageClient.from_env(rackspace.info.env())
    assert client.authenticator.current().source == "rackspace"
    client.list_container_names()


# -- CDN --------------------------------------------------------------------------------------------------------


def test_make_public_serves_objects_through_the_cdn_uri(rax, cdn_container) -> None:
    rax.store_object(cdn_container, "hello.txt", b"hello from the edge")
    cont = rax.get_container(cdn_container)
    assert cont.cdn_enabled is False and cont.cdn_uri is None
    cont.make_public(ttl=900)
    assert cont.cdn_enabled and cont.cdn_ttl == 900 and cont.cdn_uri
    assert {cont.cdn_uri, cont.cdn_ssl_uri, cont.cdn_streaming_uri, cont.cdn_ios_uri} == {
        cont.cdn_uri,
        cont.cdn_ssl_uri,
        cont.cdn_streaming_uri,
        cont.cdn_ios_uri,
    } and len({cont.cdn_uri, cont.cdn_ssl_uri, cont.cdn_streaming_uri, cont.cdn_ios_uri}) == 4
    assert http_get(f"{cont.cdn_uri}/hello.txt") == (200, b"hello from the edge")
    assert cdn_container in rax.list_public_containers()
    assert rax.get_container_streaming_uri(cdn_container) == cont.cdn_streaming_uri
    assert rax.get_container_ios_uri(cdn_container) == cont.cdn_ios_uri
    cont.make_private()
    assert cont.cdn_enabled is False and cdn_container not in rax.list_public_containers()
    assert http_get(f"{cont.cdn_uri}/hello.txt")[0] == 404
    assert rax.get_container_streaming_uri(cdn_container) is None


def test_cdn_metadata_and_log_retention(rax, cdn_container) -> None:
    with pytest.raises(NotCDNEnabled):
        rax.get_container_cdn_metadata(cdn_container)  # never enabled: 404 on the CDN host
    rax.make_container_public(cdn_container)
    meta = rax.get_container_cdn_metadata(cdn_container)
    assert meta["x-cdn-enabled"] == "True" and meta["x-ttl"] == "259200" and "x-cdn-uri" in meta
    assert rax.get_cdn_log_retention(cdn_container) is False
    rax.set_cdn_log_retention(cdn_container, True)
    assert rax.get_cdn_log_retention(cdn_container) is True
    rax.set_container_cdn_metadata(cdn_container, {"X-TTL": 3600, "x-log-retention": False})
    assert rax.get_container_cdn_metadata(cdn_container)["x-ttl"] == "3600"
    with pytest.raises(InvalidCDNMetadata):
        rax.set_container_cdn_metadata(cdn_container, {"X-Container-Meta-Color": "red"})
    response, _ = rax.cdn_request(f"/{cdn_container}", "HEAD")
    assert response.status == 204 and response.headers["X-Cdn-Enabled"] == "True"


def test_cdn_errors_for_missing_and_private_containers(rax, cdn_container) -> None:
    with pytest.raises(NoSuchContainer):
        rax.get_container_cdn_metadata(f"missing-{uuid.uuid4().hex}")
    with pytest.raises(NotCDNEnabled):
        rax.set_cdn_log_retention(cdn_container, True)


def test_purge_with_emails(rackspace, rax, cdn_container) -> None:
    rax.store_object(cdn_container, "p.txt", b"p")
    rax.make_container_public(cdn_container)
    rax.purge_cdn_object(cdn_container, "p.txt", email_addresses=["a@example.com", "b@example.com"])
    record = rackspace.purges[-1]
    assert (record.container, record.object, record.emails) == (
        cdn_container,
        "p.txt",
        ("a@example.com", "b@example.com"),
    )


def test_purge_limit_is_rate_limited_without_retries(swift) -> None:
    from swiftfiles.devserver.rackspace import RackspaceEmulator

    with RackspaceEmulator(swift, purge_limit=2) as info:
        client = StorageClient(
            auth_type="rackspace", auth_url=info.identity_url, username="rackuser2", api_key="rack-api-key2"
        )
        client.create_container("purge-limit")
        client.store_object("purge-limit", "x", b"x")
        client.make_container_public("purge-limit")
        client.purge_cdn_object("purge-limit", "x")
        client.purge_cdn_object("purge-limit", "x")
        with pytest.raises(RateLimited) as caught:
            client.purge_cdn_object("purge-limit", "x")
        assert caught.value.status == 498
        client.delete("purge-limit", del_objects=True)


def test_content_type_guess_needs_a_cdn_container(rax, cdn_container) -> None:
    rax.store_object(cdn_container, "page.html", b"<p>", content_type="application/octet-stream")
    with pytest.raises(NotCDNEnabled):
        rax.change_object_content_type(cdn_container, "page.html", None, guess=True)
    rax.make_container_public(cdn_container)
    rax.change_object_content_type(cdn_container, "page.html", None, guess=True)
    assert rax.get_object(cdn_container, "page.html").content_type == "text/html"


def test_from_env_with_public_false_uses_servicenet(rackspace) -> None:
    """``from_env(..., public=False)`` chooses the internal URLs even though the environment names no interface."""
    with StorageClient.from_env(rackspace.info.env(), public=False) as client:
        assert client.storage_url == rackspace.info.storage_url_for(region="DFW", internal=True)
    with StorageClient.from_env(rackspace.info.env()) as client:
        assert client.storage_url == rackspace.info.storage_url_for(region="DFW")
