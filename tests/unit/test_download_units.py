"""Pure helpers of the download engine: segment ranges and slicing, the in-order verifier, download plans' checks,
bulk-delete bodies and results; plus ``read_range``/``segment_chunks`` against a misbehaving server, which the real
Swift never is (a ``FunctionTransport`` answers with canned responses)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable

import pytest

from swiftfiles.auth.base import Authenticator
from swiftfiles.auth.tempauth import PreAuthenticated
from swiftfiles.exceptions import (
    ClientException,
    Conflict,
    IntegrityError,
    PreconditionFailed,
    ServerError,
)
from swiftfiles.http import CannedResponse, FunctionTransport, HTTPClient, Request, RetryPolicy
from swiftfiles.swift.bulk import (
    BulkDeleteResult,
    batched,
    bulk_delete_path,
    encode_bulk_delete_body,
    parse_bulk_delete_response,
)
from swiftfiles.swift.connection import SwiftConnection
from swiftfiles.swift.etag import is_md5, large_object_etag, normalize_etag
from swiftfiles.swift.largeobject import (
    InlineSegment,
    ManifestEntry,
    parse_segment_range,
    segment_length,
    slice_segments,
)
from swiftfiles.transfer.fetch import changed_on_server, read_range, segment_chunks
from swiftfiles.transfer.verify import RangeVerifier, SegmentCheck, checks_for_segments


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


# -- segment ranges -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "size", "expected"),
    [
        ("0-9", 100, (0, 10)),
        ("10-", 100, (10, 100)),
        ("-10", 100, (90, 100)),
        ("-1000", 100, (0, 100)),
        ("90-1000", 100, (90, 100)),
        ("bytes=5-5", 100, (5, 6)),
    ],
)
def test_parse_segment_range(spec: str, size: int, expected: tuple[int, int]) -> None:
    assert parse_segment_range(spec, size) == expected


@pytest.mark.parametrize("spec", ["", "-", "5", "a-b", "100-", "1-2,4-5", "9-3"])
def test_parse_segment_range_refuses(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_segment_range(spec, 100)


def entry(name: str, size: int, rng: str | None = None, etag: str | None = "0" * 32) -> ManifestEntry:
    return ManifestEntry("segs", name, etag, size, range=rng)


def test_segment_length_uses_the_range() -> None:
    assert segment_length(entry("a", 1000)) == 1000
    assert segment_length(entry("a", 1000, "100-199")) == 100


def test_slice_segments_cuts_and_keeps() -> None:
    inline = InlineSegment("", "", md5(b"0123456789"), 10, data=b"0123456789")
    entries = [entry("a", 100), entry("b", 1000, "500-599"), inline, entry("c", 50)]
    # concatenation: a[0:100] | b[500:600] | inline[0:10] | c[0:50]  (260 bytes)
    assert slice_segments(entries, 0, 260) == entries
    cut = slice_segments(entries, 50, 205)
    assert [(e.name, e.range) for e in cut] == [("a", "50-99"), ("b", "500-599"), ("", None)]
    assert isinstance(cut[2], InlineSegment) and cut[2].data == b"01234"
    assert cut[2].size == 5 and cut[2].etag == md5(b"01234")
    assert slice_segments(entries, 150, 160)[0].range == "550-559"
    assert slice_segments(entries, 210, 260) == [entries[3]]
    assert slice_segments(entries, 260, 300) == []


def test_dlo_etag_is_md5_of_concatenated_etags() -> None:
    etags = [md5(b"a"), md5(b"b")]
    entries = [ManifestEntry("c", "s1", etags[0], 1), ManifestEntry("c", "s2", etags[1], 1)]
    assert large_object_etag(e.etag for e in entries) == md5("".join(etags).encode())
    assert large_object_etag([]) == md5(b"")


def test_etag_helpers() -> None:
    assert normalize_etag('"ABCDEF"') == "abcdef"
    assert normalize_etag("") is None and normalize_etag(None) is None
    assert is_md5(md5(b"x")) and not is_md5(None) and not is_md5("z" * 32) and not is_md5("a" * 31)


# -- checks and the verifier ----------------------------------------------------------------------------------------


def test_checks_for_segments() -> None:
    inline = InlineSegment("", "", md5(b"xy"), 2, data=b"xy")
    segments = [entry("a", 10, etag=md5(b"a" * 10)), entry("b", 100, "0-4"), inline, entry("d", 3, etag=None)]
    checks = checks_for_segments(segments)
    assert [(c.offset, c.length) for c in checks] == [(0, 10), (10, 5), (15, 2), (17, 3)]
    assert [c.md5 for c in checks] == [md5(b"a" * 10), None, md5(b"xy"), None]
    assert "segs/a" in checks[0].label and "range 0-4" in checks[1].label and "inline" in checks[2].label


def two_checks(first: bytes, second: bytes) -> list[SegmentCheck]:
    return [
        SegmentCheck(0, len(first), md5(first), "segment one"),
        SegmentCheck(len(first), 0, md5(b""), "empty one"),
        SegmentCheck(len(first), len(second), md5(second), "segment two"),
    ]


@pytest.mark.parametrize("step", [1, 3, 7, 100])
def test_verifier_accepts_the_right_bytes_in_any_chunking(step: int) -> None:
    data = b"first segment" + b"second segment!"
    verifier = RangeVerifier("c/o", two_checks(b"first segment", b"second segment!"), len(data))
    for i in range(0, len(data), step):
        verifier.feed(data[i : i + step])
    verifier.finish()
    assert verifier.position == len(data)


def test_verifier_names_the_bad_segment() -> None:
    verifier = RangeVerifier("c/o", two_checks(b"aaaa", b"bbbb"), 8)
    verifier.feed(b"aaaa")
    with pytest.raises(IntegrityError, match="c/o: segment two: MD5"):
        verifier.feed(b"bbbX")


def test_verifier_length_errors() -> None:
    verifier = RangeVerifier("c/o", two_checks(b"aaaa", b"bbbb"), 8)
    with pytest.raises(IntegrityError, match="more than the expected 8"):
        verifier.feed(b"aaaabbbbc")
    short = RangeVerifier("c/o", two_checks(b"aaaa", b"bbbb"), 8)
    short.feed(b"aaaa")
    with pytest.raises(IntegrityError, match="received 4 bytes, expected 8"):
        short.finish()


def test_verifier_empty_object() -> None:
    verifier = RangeVerifier("c/o", [SegmentCheck(0, 0, md5(b""), "all")], 0)
    verifier.finish()
    bad = RangeVerifier("c/o", [SegmentCheck(0, 0, md5(b"x"), "all")], 0)
    with pytest.raises(IntegrityError):
        bad.finish()


def test_verifier_refuses_checks_that_do_not_tile_the_object() -> None:
    with pytest.raises(ValueError, match="gap at byte 5"):
        RangeVerifier("c/o", [SegmentCheck(0, 5, None, "a"), SegmentCheck(6, 4, None, "b")], 10)
    with pytest.raises(ValueError, match="cover 5 bytes"):
        RangeVerifier("c/o", [SegmentCheck(0, 5, None, "a")], 10)


def test_verifier_reads_back_only_what_needs_hashing(tmp_path) -> None:
    data = os.urandom(5000)
    path = tmp_path / "f"
    path.write_bytes(data)
    checks = [
        SegmentCheck(0, 1000, None, "ranged"),
        SegmentCheck(1000, 0, md5(b""), "empty"),
        SegmentCheck(1000, 1500, md5(data[1000:2500]), "ends where a part ends"),
        SegmentCheck(2500, 0, md5(b""), "empty too"),
        SegmentCheck(2500, 2500, md5(data[2500:]), "whole"),
    ]
    fd = os.open(path, os.O_RDONLY)
    try:
        verifier = RangeVerifier("c/o", checks, 5000)
        verifier.feed_file(fd, 0, 2500, 512)
        verifier.feed_file(fd, 2500, 2500, 512)
        verifier.finish()
        with pytest.raises(ValueError, match="verifier at byte"):
            RangeVerifier("c/o", checks, 5000).feed_file(fd, 10, 10, 512)
    finally:
        os.close(fd)
    nothing_to_hash = RangeVerifier("c/o", [SegmentCheck(0, 5000, None, "ranged")], 5000)
    assert not nothing_to_hash.hashing
    nothing_to_hash.feed_file(-1, 0, 5000, 512)  # never reads: an invalid descriptor is fine
    nothing_to_hash.finish()


def test_verifier_catches_a_bad_byte_or_a_short_file_read_back(tmp_path) -> None:
    """What a parallel download wrote is read back and hashed in order: one flipped byte names its segment, and a
    file shorter than the range is an error, not a short check."""
    data = bytearray(os.urandom(3 * 4096 + 123))
    first, second = bytes(data[:5000]), bytes(data[5000:])
    checks = [SegmentCheck(0, 5000, md5(first), "first"), SegmentCheck(5000, len(second), md5(second), "second")]
    data[7000] ^= 1
    path = tmp_path / "f"
    path.write_bytes(bytes(data))
    fd = os.open(path, os.O_RDONLY)
    try:
        verifier = RangeVerifier("c/o", checks, len(data))
        verifier.feed_file(fd, 0, 5000, 1024)  # the first segment is intact
        with pytest.raises(IntegrityError, match="second"):
            verifier.feed_file(fd, 5000, len(second), 1024)
        os.truncate(path, 6000)
        short = RangeVerifier("c/o", checks, len(data))
        short.feed_file(fd, 0, 5000, 1024)
        with pytest.raises(IntegrityError, match="temporary file ends"):
            short.feed_file(fd, 5000, len(second), 1024)
    finally:
        os.close(fd)


# -- bulk delete ----------------------------------------------------------------------------------------------------


def test_bulk_delete_body_is_percent_encoded_one_path_per_line() -> None:
    body = encode_bulk_delete_body([("c", "a b/ü"), ("c", "line\nbreak"), ("c", "100%"), ("empty", None)])
    assert body == b"/c/a%20b/%C3%BC\n/c/line%0Abreak\n/c/100%25\n/empty"
    assert bulk_delete_path("c o", "x?y#z") == "/c%20o/x%3Fy%23z"


def test_batched() -> None:
    assert list(batched(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(batched([], 3)) == []
    with pytest.raises(ValueError):
        list(batched([1], 0))


def test_parse_json_result_with_leading_whitespace() -> None:
    body = (
        b"   \n "
        + json.dumps(
            {
                "Number Deleted": 3,
                "Number Not Found": 1,
                "Response Status": "400 Bad Request",
                "Response Body": "",
                "Errors": [["/c/o1", "409 Conflict"], ["/c/o 2", "403 Forbidden"]],
            }
        ).encode()
    )
    result = parse_bulk_delete_response(body)
    assert (result.deleted, result.not_found, result.status, result.reason) == (3, 1, 400, "Bad Request")
    assert result.errors == (("/c/o1", "409 Conflict"), ("/c/o 2", "403 Forbidden"))
    assert not result.ok


def test_parse_plain_text_result() -> None:
    body = (
        "Number Deleted: 5\nNumber Not Found: 2\nResponse Body: \nResponse Status: 400 Bad Request\n"
        "Errors:\n/c/a, b, 409 Conflict\n/c/x, 401 Unauthorized\n"
    )
    result = parse_bulk_delete_response(body)
    assert (result.deleted, result.not_found, result.status) == (5, 2, 400)
    assert result.errors == (("/c/a, b", "409 Conflict"), ("/c/x", "401 Unauthorized"))
    ok = parse_bulk_delete_response(
        "Number Deleted: 5\nNumber Not Found: 0\nResponse Body: \nResponse Status: 200 OK\nErrors:\n"
    )
    assert ok.ok and ok.deleted == 5


@pytest.mark.parametrize("body", [b"", b"  ", b"<html>oops</html>", b"[1, 2]"])
def test_parse_refuses_other_documents(body: bytes) -> None:
    with pytest.raises(ValueError):
        parse_bulk_delete_response(body)


def test_merge_and_raise_for_errors() -> None:
    good = BulkDeleteResult(deleted=2)
    bad = BulkDeleteResult(deleted=1, status=400, reason="Bad Request", errors=(("/c/o", "409 Conflict"),))
    merged = good.merge(bad).merge(BulkDeleteResult(not_found=4))
    assert (merged.deleted, merged.not_found, merged.status, merged.errors) == (3, 4, 400, bad.errors)
    good.raise_for_errors("x")
    with pytest.raises(ClientException, match=r"x: 1 deletion\(s\) failed: /c/o \(409 Conflict\)") as info:
        merged.raise_for_errors("x")
    assert info.value.status == 400
    # a 200 status with per-path errors raises for the first error's status
    with pytest.raises(Conflict):
        BulkDeleteResult(errors=(("/c/o", "409 Conflict"),)).raise_for_errors("x")
    with pytest.raises(ServerError):
        BulkDeleteResult(status=503, reason="Service Unavailable").raise_for_errors("x")


# -- read_range / segment_chunks against a misbehaving server -------------------------------------------------------

Handler = Callable[[Request], CannedResponse]


def connection(handler: Handler) -> SwiftConnection:
    http = HTTPClient(FunctionTransport(handler), RetryPolicy(total=0), sleep=lambda s: None)
    return SwiftConnection(Authenticator(PreAuthenticated("http://swift.invalid/v1/AUTH_t", "tok"), http), http)


def test_read_range_skips_what_a_server_ignoring_range_sends() -> None:
    data = bytes(range(256)) * 4
    seen: list[str | None] = []

    def handler(request: Request) -> CannedResponse:
        seen.append(request.headers.get("Range"))
        return CannedResponse(200, {"Content-Length": str(len(data)), "Etag": md5(data)}, data)

    chunks = list(read_range(connection(handler), "c", "o", start=100, end=300, chunk_size=64))
    assert b"".join(chunks) == data[100:300] and all(len(c) <= 64 for c in chunks)
    assert seen == ["bytes=100-299"]


def test_read_range_resumes_a_short_body_and_gives_up() -> None:
    data = os.urandom(1000)
    requests: list[dict[str, str]] = []

    def handler(request: Request) -> CannedResponse:
        requests.append(dict(request.headers))
        first = int(request.headers["Range"].split("=")[1].split("-")[0]) if "Range" in request.headers else 0
        body = data[first : first + 300]  # every answer breaks off after 300 bytes
        headers = {"Content-Length": str(len(data) - first), "Etag": "e"}
        if "Range" in request.headers:
            headers["Content-Range"] = f"bytes {first}-{len(data) - 1}/{len(data)}"
        return CannedResponse(206 if first else 200, headers, body)

    got = b"".join(read_range(connection(handler), "c", "o", if_match="e", resume_attempts=3))
    assert got == data
    assert [r.get("Range") for r in requests] == [None, "bytes=300-", "bytes=600-", "bytes=900-"]
    assert all(r["If-Match"] == "e" for r in requests)

    requests.clear()
    with pytest.raises(Exception, match="ended at byte 600"):
        b"".join(read_range(connection(handler), "c", "o", resume_attempts=1))


def test_read_range_reports_a_changed_object() -> None:
    def handler(request: Request) -> CannedResponse:
        return CannedResponse(412, {"X-Trans-Id": "tx123"}, b"")

    with pytest.raises(PreconditionFailed, match=r"c/o changed on the server.*ETag abc.*tx123"):
        list(read_range(connection(handler), "c", "o", if_match="abc"))
    original = PreconditionFailed(status=412, headers={"X-Trans-Id": "tx9"})
    assert changed_on_server(original, "c", "o", None).trans_id == "tx9"


def test_segment_chunks_checks_the_md5_at_the_end() -> None:
    listed = md5(b"the listed content")

    def handler(request: Request) -> CannedResponse:
        assert request.headers["If-Match"] == listed
        return CannedResponse(200, {"Content-Length": "18", "Etag": listed}, b"a different conten")

    gen = segment_chunks(connection(handler), ManifestEntry("c", "s", listed, 18), chunk_size=5)
    first = next(gen)  # streaming: the bytes are handed out before the check
    assert first == b"a dif"
    with pytest.raises(IntegrityError, match="segment c/s: MD5"):
        list(gen)


def test_segment_chunks_checks_the_length_of_ranged_segments() -> None:
    def handler(request: Request) -> CannedResponse:
        assert request.headers["Range"] == "bytes=10-19"
        return CannedResponse(206, {"Content-Length": "10", "Content-Range": "bytes 10-19/100"}, b"0123456789")

    ranged = ManifestEntry("c", "s", md5(b"whole"), 100, range="10-19")
    assert b"".join(segment_chunks(connection(handler), ranged)) == b"0123456789"
    inline = InlineSegment("", "", md5(b"abcdef"), 6, data=b"abcdef")
    assert list(segment_chunks(connection(handler), inline, chunk_size=4)) == [b"abcd", b"ef"]
