"""Segment planning, names and manifests (pure)."""

import hashlib
import json

import pytest

from swiftfiles.swift.etag import large_object_etag
from swiftfiles.swift.largeobject import (
    UploadedSegment,
    choose_segment_size,
    dlo_prefix,
    parse_slo_manifest,
    plan_segments,
    segment_name,
    segment_prefix,
    slo_manifest,
)

GiB = 1 << 30


def test_segment_size_grows_to_fit_the_segment_limit() -> None:
    assert choose_segment_size(10 * GiB, 64 << 20) == 64 << 20
    assert choose_segment_size(100 * GiB, 64 << 20) == 107374183  # ceil(100 GiB / 1000)
    assert choose_segment_size(10, 64 << 20, min_segment_size=1 << 20) == 64 << 20
    assert choose_segment_size(5, 1, min_segment_size=1 << 20) == 1 << 20
    with pytest.raises(ValueError, match="cannot fit"):
        choose_segment_size(1001 * 5 * GiB, 64 << 20)


def test_plan_covers_every_byte_once() -> None:
    plan = plan_segments(250, 100)
    assert [(s.index, s.offset, s.size) for s in plan] == [(0, 0, 100), (1, 100, 100), (2, 200, 50)]
    assert plan_segments(0, 100)[0].size == 0
    assert sum(s.size for s in plan_segments(10**9 + 7, 3 << 20)) == 10**9 + 7


def test_names_sort_in_upload_order() -> None:
    prefix = segment_prefix("dir/obj", "1700000000.000001-abcd1234")
    names = [segment_name(prefix, i) for i in (0, 9, 10, 999)]
    assert names == sorted(names) and names[0] == "dir/obj/1700000000.000001-abcd1234/00000000"


def test_manifest_and_its_etag() -> None:
    segs = [
        UploadedSegment("c_segments", "o/u/00000000", "a" * 32, 5),
        UploadedSegment("c_segments", "o/u/1", "b" * 32, 3),
    ]
    assert json.loads(slo_manifest(segs)) == [
        {"path": "/c_segments/o/u/00000000", "etag": "a" * 32, "size_bytes": 5},
        {"path": "/c_segments/o/u/1", "etag": "b" * 32, "size_bytes": 3},
    ]
    assert large_object_etag(s.etag for s in segs) == hashlib.md5(("a" * 32 + "b" * 32).encode()).hexdigest()


def test_parse_manifest_as_swift_returns_it() -> None:
    doc = [
        {"name": "/c_segments/o%20x/1", "hash": "h1", "bytes": 10, "content_type": "x"},
        {"name": "/c_segments/sub", "hash": "h2", "bytes": 20, "sub_slo": True},
        {"name": "/c/other", "hash": "h3", "bytes": 5, "range": "0-4"},
    ]
    entries = parse_slo_manifest(doc)
    assert [(e.container, e.name, e.size) for e in entries] == [
        ("c_segments", "o x/1", 10),
        ("c_segments", "sub", 20),
        ("c", "other", 5),
    ]
    assert entries[1].sub_slo and entries[2].range == "0-4"


def test_dlo_prefix() -> None:
    assert dlo_prefix("c_segments/dir%20a/obj/123/") == ("c_segments", "dir a/obj/123/")
