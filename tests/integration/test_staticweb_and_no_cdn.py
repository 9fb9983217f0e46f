"""Static websites served by Swift's real staticweb middleware, and CDN methods on a cluster without a CDN."""

import urllib.error
import urllib.request

import pytest

from swiftfiles.exceptions import InvalidCDNMetadata, NotCDNEnabled

pytestmark = pytest.mark.integration


def anonymous_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_static_website_index_and_error_pages(client, container) -> None:
    client.store_object(container, "index.html", b"<h1>home</h1>")
    client.store_object(container, "docs/index.html", b"<h1>docs</h1>")
    client.store_object(container, "404error.html", b"<h1>not here</h1>")
    client.set_container_metadata(container, {"X-Container-Read": ".r:*,.rlistings"}, prefix="")
    client.set_container_web_index_page(container, "index.html")
    client.set_container_web_error_page(container, "error.html")
    base = f"{client.storage_url}/{container}"
    assert anonymous_get(f"{base}/") == (200, b"<h1>home</h1>")
    assert anonymous_get(f"{base}/docs/") == (200, b"<h1>docs</h1>")
    assert anonymous_get(f"{base}/missing.html") == (404, b"<h1>not here</h1>")


def test_cdn_methods_say_the_cluster_has_no_cdn(client, container) -> None:
    client.store_object(container, "o.txt", b"x")
    assert client.cdn_management_url == ""  # pyrax's value when the catalog has no CDN
    calls = [
        lambda: client.list_public_containers(),
        lambda: client.make_container_public(container, ttl=900),
        lambda: client.make_container_private(container),
        lambda: client.get_cdn_log_retention(container),
        lambda: client.set_cdn_log_retention(container, True),
        lambda: client.get_container_streaming_uri(container),
        lambda: client.get_container_ios_uri(container),
        lambda: client.purge_cdn_object(container, "o.txt"),
        lambda: client.get_container_cdn_metadata(container),
        lambda: client.set_container_cdn_metadata(container, {"X-TTL": 900}),
        lambda: client.cdn_request(f"/{container}", "HEAD"),
        lambda: client.change_object_content_type(container, "o.txt", None, guess=True),
    ]
    for call in calls:
        with pytest.raises(NotCDNEnabled, match="no CDN service"):
            call()
    cont = client.get_container(container)
    assert cont.cdn_enabled is False and cont.cdn_uri is None and cont.cdn_ttl is None


def test_cdn_metadata_is_checked_before_any_request(client, container) -> None:
    with pytest.raises(InvalidCDNMetadata, match="X-Container-Meta-Foo"):
        client.set_container_cdn_metadata(container, {"X-Container-Meta-Foo": "bar"})
    with pytest.raises(ValueError, match="between 900 and 31536000"):
        client.make_container_public(container, ttl=10)
