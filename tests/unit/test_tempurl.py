"""TempURL signing against Swift's published vectors, and URL construction."""

from urllib.parse import parse_qs, urlsplit

import pytest

from swiftfiles.exceptions import InvalidTemporaryURLMethod
from swiftfiles.swift.tempurl import TempURLRequest, build_temp_url, formpost_signature, temp_url_signature

PATH = "/v1/AUTH_account/container/object"


def test_sha256_published_vector() -> None:
    sig = temp_url_signature("mykey", "GET", 1512508563, PATH, digest="sha256")
    assert sig == "732fcac368abb10c78a4cbe95c3fab7f311584532bf779abd5074e13cbe8b88b"


def test_sha512_base64_published_vector() -> None:
    sig = temp_url_signature("mykey", "GET", 1516741234, PATH, digest="sha512", base64_form=True)
    assert sig == ("sha512:ZrSijn0GyDhsv1ltIj9hWUTrbAeE45NcKXyBaz7aPbSMvROQ4jtYH4nRAmm5ErY2X11Yc1Yhy2OMCyN3yueeXg==")


def test_sha1_is_forty_hex_chars_and_differs_by_method() -> None:
    get = temp_url_signature("k", "GET", 1, PATH, digest="sha1")
    put = temp_url_signature("k", "PUT", 1, PATH, digest="sha1")
    assert len(get) == 40 and get != put


def test_ip_range_and_prefix_change_the_signature() -> None:
    plain = temp_url_signature("k", "GET", 10, PATH)
    assert temp_url_signature("k", "GET", 10, PATH, ip_range="127.0.0.1") != plain
    assert temp_url_signature("k", "GET", 10, PATH, prefix=True) != plain


def test_unknown_digest_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown digest"):
        temp_url_signature("k", "GET", 1, PATH, digest="md5")


def test_url_quotes_the_path_but_signs_the_decoded_one() -> None:
    req = TempURLRequest("https://h.example/v1/AUTH_a", "c ont", "dir/ünï cødé?#%+.txt", seconds=100)
    url = build_temp_url("key", req, now=1000)
    parts = urlsplit(url)
    assert parts.path == "/v1/AUTH_a/c%20ont/dir/%C3%BCn%C3%AF%20c%C3%B8d%C3%A9%3F%23%25%2B.txt"
    query = parse_qs(parts.query)
    assert query["temp_url_expires"] == ["1100"]
    expected = temp_url_signature("key", "GET", 1100, "/v1/AUTH_a/c ont/dir/ünï cødé?#%+.txt")
    assert query["temp_url_sig"] == [expected]


def test_only_get_and_put_by_default() -> None:
    with pytest.raises(InvalidTemporaryURLMethod):
        build_temp_url("k", TempURLRequest("http://h/v1/AUTH_a", "c", "o", method="DELETE"))
    assert "temp_url_sig" in build_temp_url("k", TempURLRequest("http://h/v1/AUTH_a", "c", "o", method="put"))


def test_iso8601_expiry_and_filename() -> None:
    url = build_temp_url("k", TempURLRequest("http://h/v1/AUTH_a", "c", "o", iso8601=True, filename="x y.txt"), now=0)
    query = parse_qs(urlsplit(url).query)
    assert query["temp_url_expires"] == ["1970-01-01T01:00:00Z"]
    assert query["filename"] == ["x y.txt"]


def test_formpost_signature_is_hmac_of_documented_fields() -> None:
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"/v1/AUTH_a/c/\nhttp://r\n1024\n5\n99", hashlib.sha256).hexdigest()
    assert formpost_signature("k", "/v1/AUTH_a/c/", "http://r", 1024, 5, 99) == expected
