"""Metadata prefixing, limits and encoding (pyrax's rules, Swift's limits)."""

import pytest

from swiftfiles.exceptions import MetadataError
from swiftfiles.swift import metadata as meta


def test_default_prefix_added_unless_present() -> None:
    headers = meta.prefixed_headers({"color": "red", "X-Object-Meta-Size": 3}, None, meta.OBJECT_PREFIX)
    assert headers == {"X-Object-Meta-color": "red", "X-Object-Meta-Size": "3"}


def test_empty_prefix_sends_keys_verbatim() -> None:
    assert meta.prefixed_headers({"X-Container-Read": ".r:*"}, "", meta.CONTAINER_PREFIX) == {
        "X-Container-Read": ".r:*"
    }


def test_unicode_values_round_trip_through_latin1_headers() -> None:
    value = meta.prefixed_headers({"k": "ünïcødé ✓"}, None, meta.OBJECT_PREFIX)["X-Object-Meta-k"]
    assert value.encode("latin-1") == "ünïcødé ✓".encode()
    assert meta.decode_value(value) == "ünïcødé ✓"


@pytest.mark.parametrize("bad", [{"": "x"}, {"a b": "x"}, {"k": "a\nb"}, {"under_score": "x"}])
def test_bad_keys_and_values(bad: dict) -> None:
    with pytest.raises(MetadataError):
        meta.prefixed_headers(bad, None, meta.OBJECT_PREFIX)


@pytest.mark.parametrize("bad", [{5: "v"}, {b"k": "v"}, {"k": None}, {"k": b"v"}, {"k": object()}])
def test_keys_and_values_that_are_not_text_are_type_errors(bad: dict) -> None:
    with pytest.raises(TypeError, match="metadata (key|value for)"):
        meta.prefixed_headers(bad, None, meta.OBJECT_PREFIX)


def test_limits_are_swift_s() -> None:
    limits = meta.MetadataLimits()
    ok = {f"X-Object-Meta-k{i:02d}": "v" * 40 for i in range(90)}  # 90 * (3 + 40) = 3870 bytes
    meta.check_limits(ok, meta.OBJECT_PREFIX, limits)
    with pytest.raises(MetadataError, match="91 metadata items"):
        meta.check_limits({**ok, "X-Object-Meta-extra": "v"}, meta.OBJECT_PREFIX, limits)
    with pytest.raises(MetadataError, match="257 bytes"):
        meta.check_limits({"X-Object-Meta-k": "v" * 257}, meta.OBJECT_PREFIX, limits)
    with pytest.raises(MetadataError, match="129 bytes"):
        meta.check_limits({"X-Object-Meta-" + "k" * 129: "v"}, meta.OBJECT_PREFIX, limits)
    big = {f"X-Object-Meta-k{i:02d}": "v" * 60 for i in range(70)}  # 70 * 63 = 4410 bytes
    with pytest.raises(MetadataError, match="4410 bytes"):
        meta.check_limits(big, meta.OBJECT_PREFIX, limits)


def test_extract_and_removal() -> None:
    headers = {"X-Container-Meta-A": "1", "X-Container-Read": "r", "Content-Length": "0"}
    assert meta.extract(headers, meta.CONTAINER_PREFIX) == {"x-container-meta-a": "1"}
    assert meta.removal_headers(["x-container-meta-a", "b"], "container") == {
        "X-Remove-Container-Meta-a": "x",
        "X-Remove-Container-Meta-b": "x",
    }


def test_post_keeps_expiry_manifest_and_encoding() -> None:
    current = {"x-delete-at": "99", "x-object-manifest": "c/p", "content-encoding": "gzip", "etag": "e"}
    assert meta.preserved_for_post(current) == {
        "Content-Encoding": "gzip",
        "X-Delete-At": "99",
        "X-Object-Manifest": "c/p",
    }
