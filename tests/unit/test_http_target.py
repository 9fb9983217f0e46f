"""Absolute URLs are split into the origin (parsed once per transport) and the target sent as is."""

import pytest

from swiftfiles.exceptions import ConfigurationError
from swiftfiles.http.transport import Origin, parse_origin, split_target


@pytest.mark.parametrize(
    ("url", "origin", "target"),
    [
        ("http://h:8080/v1/AUTH_a/c/o?x=1", Origin("http", "h", 8080), "/v1/AUTH_a/c/o?x=1"),
        ("https://h/", Origin("https", "h", None), "/"),
        ("https://h", Origin("https", "h", None), "/"),
        ("http://h?q=1", Origin("http", "h", None), "/?q=1"),
        ("http://[::1]:80/c/./../o", Origin("http", "::1", 80), "/c/./../o"),  # dot segments are object names
        ("http://h/a%23b", Origin("http", "h", None), "/a%23b"),
        ("http://h/a?b#frag", Origin("http", "h", None), "/a?b"),  # a fragment is never sent, as with urlsplit
    ],
)
def test_split(url: str, origin: Origin, target: str) -> None:
    where, got = split_target(url)
    assert (parse_origin(where), got) == (origin, target)


@pytest.mark.parametrize("url", ["ftp://h/x", "h/x", "http:///x", "file:///etc/passwd"])
def test_not_http_is_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigurationError):
        parse_origin(split_target(url)[0])
