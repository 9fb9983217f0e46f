"""In-memory payloads are read in place: an upload source views the caller's buffer instead of copying it."""

from __future__ import annotations

import hashlib

import pytest

from swiftfiles.http import RequestBody
from swiftfiles.transfer.readers import BufferReader
from swiftfiles.transfer.source import UploadSource


@pytest.mark.parametrize("kind", ["bytearray", "memoryview"])
def test_buffers_are_viewed_not_copied(kind) -> None:
    payload = bytearray(range(256)) * 40
    data = payload if kind == "bytearray" else memoryview(payload)
    with UploadSource(data=data) as source:
        view = source.buffer
        assert view is not None and view.obj is payload, "the source views the caller's buffer"
        assert source.length == len(payload)
        assert source.precomputed_md5() == hashlib.md5(payload).hexdigest()
        segment = view[1000:3000]  # a segment: a slice, still the caller's memory
        assert segment.obj is payload
        with BufferReader(segment, chunk_size=512) as reader:
            assert b"".join(iter(lambda: reader.read(512), b"")) == bytes(payload[1000:3000])
            assert reader.hexdigest == hashlib.md5(payload[1000:3000]).hexdigest()
        del view, segment
    if kind == "bytearray":
        payload.append(0)  # the source released its view: the caller's bytearray can be resized again


def test_a_multi_byte_or_strided_view_is_flattened() -> None:
    words = memoryview(bytearray(range(16))).cast("I")  # 4 items of 4 bytes
    with UploadSource(data=words) as source:
        assert source.length == 16 and bytes(source.buffer or b"") == bytes(range(16))
    strided = memoryview(bytes(range(16)))[::2]  # not contiguous: the one case that needs a copy
    with UploadSource(data=strided) as source:
        assert bytes(source.buffer or b"") == bytes(range(0, 16, 2))


def test_buffers_are_rewindable_request_bodies() -> None:
    for body in (b"abc", bytearray(b"abc"), memoryview(b"abc")):
        request_body = RequestBody(body)
        assert request_body.rewindable
        request_body.value  # noqa: B018 - "sending" it
        request_body.rewind()
