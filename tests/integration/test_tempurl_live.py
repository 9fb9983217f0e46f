"""TempURLs accepted by Swift's real tempurl middleware, fetched over plain HTTP without a token."""

import urllib.error
import urllib.request

import pytest
from tests.conftest import make_client

from swiftfiles.exceptions import InvalidTemporaryURLMethod, MissingTemporaryURLKey

pytestmark = pytest.mark.integration


def http(method: str, url: str, data: bytes | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture
def keyed(client):
    key = client.set_temp_url_key()
    yield client, key


@pytest.mark.parametrize("name", ["plain.txt", "ünï cødé/ä?#%+.txt", "/leading"])
@pytest.mark.parametrize("digest", [None, "sha1", "sha512"])
def test_get_url_works_over_http(keyed, container, name: str, digest) -> None:
    client, _ = keyed
    client.store_object(container, name, b"secret bytes")
    url = client.get_temp_url(container, name, 60, digest=digest)
    assert "temp_url_sig=" in url and "temp_url_expires=" in url
    if digest is None:
        sig = url.split("temp_url_sig=")[1].split("&")[0]
        assert len(sig) == 64  # sha256 is the default the cluster allows
    assert http("GET", url) == (200, b"secret bytes")
    assert http("PUT", url, b"nope")[0] == 401  # a GET signature does not allow PUT


def test_put_url_uploads(keyed, container) -> None:
    client, _ = keyed
    url = client.get_temp_url(container, "uploaded", 60, method="PUT")
    assert http("PUT", url, b"via tempurl")[0] == 201
    assert client.fetch_object(container, "uploaded") == b"via tempurl"


def test_expired_or_tampered_urls_are_refused(keyed, container) -> None:
    client, _ = keyed
    client.store_object(container, "o", b"x")
    url = client.get_temp_url(container, "o", 60)
    assert http("GET", url.replace("/o?", "/other?"))[0] == 401
    past = client.get_temp_url(container, "o", 60, key="wrong-key")
    assert http("GET", past)[0] == 401


def test_key_is_cached_and_refreshable(swift, keyed) -> None:
    client, key = keyed
    assert client.get_temp_url_key() == key
    calls = []
    original = client.connection.head_account
    client.connection.head_account = lambda: calls.append(1) or original()
    assert client.get_temp_url_key() == key and calls == []
    with make_client(swift) as other:
        other.set_temp_url_key("rotated")
    assert client.get_temp_url_key() == key and calls == []
    assert client.get_temp_url_key(cached=False) == "rotated" and calls == [1]


def test_missing_key_and_bad_method(swift, container) -> None:
    with make_client(swift, "test2:tester2") as other:
        other.delete_account_metadata()
        with pytest.raises(MissingTemporaryURLKey):
            other.get_temp_url("c", "o", 60)
    with make_client(swift) as client, pytest.raises(InvalidTemporaryURLMethod):
        client.get_temp_url(container, "o", 60, method="DELETE", key="k")


def test_storage_object_temp_url(keyed, container) -> None:
    client, _ = keyed
    obj = client.store_object(container, "via-object", b"obj")
    assert http("GET", obj.get_temp_url(30)) == (200, b"obj")
    assert http("GET", client.get_container(container).get_temp_url("via-object", 30)) == (200, b"obj")


def test_every_method_the_cluster_allows_prefixes_and_absolute_expiry(keyed, container) -> None:
    """``temp_url`` goes beyond the seed's GET/PUT: HEAD, POST, DELETE, prefix-based URLs, an absolute expiry."""
    import time

    client, _ = keyed
    client.store_object(container, "docs/a.txt", b"A")
    client.store_object(container, "docs/b.txt", b"B")
    assert http("HEAD", client.temp_url(container, "docs/a.txt", 60, "HEAD"))[0] == 200
    prefix_url = client.temp_url(container, "docs/", 60, prefix=True)
    base, query = prefix_url.split("?", 1)
    assert http("GET", f"{base}b.txt?{query}") == (200, b"B")  # any object under the prefix
    assert http("GET", base.replace("/docs/", "/other") + "?" + query)[0] == 401
    at = int(time.time()) + 120
    assert f"temp_url_expires={at}" in client.temp_url(container, "docs/a.txt", at, absolute=True)
    assert http("DELETE", client.temp_url(container, "docs/a.txt", 60, "DELETE"))[0] == 204
    assert client.list_container_object_names(container) == ["docs/b.txt"]
    with pytest.raises(InvalidTemporaryURLMethod):
        client.temp_url(container, "docs/b.txt", 60, "PATCH")


def test_key_rotation_keeps_old_urls_working_and_container_keys(keyed, container) -> None:
    client, first = keyed
    client.store_object(container, "r.txt", b"rotated")
    old_url = client.temp_url(container, "r.txt", 60)
    second = client.set_temp_url_key("the-new-key", second=True)
    new_url = client.temp_url(container, "r.txt", 60, key=second)
    assert http("GET", old_url) == (200, b"rotated") and http("GET", new_url) == (200, b"rotated")
    assert client.get_temp_url_key() == first  # the first key is untouched by a rotation
    own = client.set_container_temp_url_key(container, "container-only")
    assert http("GET", client.temp_url(container, "r.txt", 60, key=own)) == (200, b"rotated")
    client.set_account_metadata({"Temp-URL-Key-2": ""}, prefix="X-Account-Meta-")  # retire the second key
