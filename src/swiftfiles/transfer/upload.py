"""One upload, start to finish: choose the path (single PUT, parallel segments, stream) and carry it out.

- **single PUT** (below ``TransferConfig.multipart_threshold``): the MD5 is known before sending (computed, or given
  by the caller, e.g. from sync's hash cache) and sent as ``ETag``, so Swift refuses a corrupted body (422 →
  ``IntegrityError``) before it replaces anything;
- **parallel segments** (a file or an in-memory payload at or above the threshold): see
  ``segmented.LargeObjectUploader.upload_file`` / ``upload_buffer`` (segments are slices of a payload in memory);
- **stream** (unknown length, or ``chunk_size`` given): read in ``stream_segment_size`` pieces; one piece becomes a
  single verified PUT, more become a segmented object with a bounded number of pieces in memory.

After a successful overwrite of a large object its old segments are deleted (``TransferConfig.leave_segments``
keeps them). Finding them costs one HEAD before the upload; callers that already know the object is plain or absent
(sync, from its listing) say so with ``existing=``.
"""

from __future__ import annotations

import contextlib
import itertools
import mimetypes
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..exceptions import (
    FileNotFound,
    IntegrityError,
    NoContentSpecified,
    NotFound,
    PreconditionFailed,
    UnprocessableEntity,
)
from ..swift import metadata as meta
from ..swift.etag import md5_bytes, response_etag
from .deleting import delete_many
from .progress import TransferInfo
from .readers import BufferReader, FileObjectReader, FileRangeReader
from .segmented import LargeObjectUploader, UploadResult, existing_segments, read_segments
from .source import UploadSource, buffer_md5

if TYPE_CHECKING:
    from .futures import CancelToken
    from .progress import Progress
    from .runtime import TransferRuntime


def guess_content_type(name: str) -> str | None:
    """A MIME type from the object name's extension, or None to let Swift decide."""
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed


def object_headers(
    limits: meta.MetadataLimits,
    *,
    content_type: str | None = None,
    content_encoding: str | None = None,
    ttl: int | None = None,
    metadata: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The headers that describe an object (not its body): type, encoding, expiry, metadata, extras."""
    result = meta.prefixed_headers(metadata or {}, None, meta.OBJECT_PREFIX)
    meta.check_limits(result, meta.OBJECT_PREFIX, limits)
    if content_type:
        result["Content-Type"] = content_type
    if content_encoding:
        result["Content-Encoding"] = content_encoding
    if ttl is not None:
        result["X-Delete-After"] = str(int(ttl))
    result.update(headers or {})
    return result


#: What the caller knows of the object being written: "unknown" (one HEAD finds out), "absent", or "plain"
#: (exists, not a large object). Sync and folder uploads know it from their listing and save the HEAD.
Existing = Literal["unknown", "absent", "plain"]


@dataclass
class UploadJob:
    """One upload, ready to run: where it goes, what it reads, the headers that describe the object.

    A path is opened only when the upload starts (a queue of thousands of jobs holds no open files).
    *content_length* caps what is read from a file object; *etag* is a known MD5 of the whole body (checked by
    Swift on single PUTs); *existing* is what the caller knows of the target (see ``Existing``).
    """

    container: str
    name: str
    headers: dict[str, str]
    path: str | None = None
    data: Any = None
    content_length: int | None = None
    etag: str | None = None
    chunk_size: int | None = None
    resume: bool = False
    existing: Existing = "unknown"

    @property
    def info(self) -> TransferInfo:
        size = os.path.getsize(self.path) if self.path is not None else self.content_length
        if size is None and isinstance(self.data, (bytes, bytearray, memoryview)):
            size = memoryview(self.data).nbytes  # bytes, not items, for a view of wider items
        return TransferInfo("upload", self.container, self.name, size, self.path)

    def check_source(self) -> None:
        """Refuse a missing file or an empty source before any request."""
        if self.path is not None and not os.path.isfile(self.path):
            raise FileNotFound(f"no such file: {self.path!r}")
        if self.path is None and self.data is None:
            raise NoContentSpecified("nothing to upload: pass data or a file")

    def run(self, runtime: TransferRuntime, progress: Progress, token: CancelToken) -> UploadResult:
        """Open the source and upload it by the path its size and kind call for."""
        with UploadSource(path=self.path) if self.path is not None else UploadSource(data=self.data) as source:
            if self.content_length is not None:
                source.length = self.content_length
            return upload_source(
                runtime,
                self.container,
                self.name,
                source,
                self.headers,
                etag=self.etag,
                chunk_size=self.chunk_size,
                resume=self.resume,
                existing=self.existing,
                progress=progress,
                token=token,
            )


def upload_source(
    runtime: TransferRuntime,
    cname: str,
    name: str,
    source: UploadSource,
    headers: dict[str, str],
    *,
    etag: str | None = None,
    chunk_size: int | None = None,
    resume: bool = False,
    existing: Existing = "unknown",
    progress: Progress,
    token: CancelToken,
) -> UploadResult:
    """Upload *source* to *cname*/*name* by the path its size and kind call for (see the module description)."""
    config = runtime.config
    threshold = min(config.multipart_threshold, runtime.capabilities.max_file_size)
    fd = source.fileno()

    def put(body: Any, md5: str | None, length: int | None = None) -> UploadResult:
        return single_put(runtime, cname, name, body, headers, md5, token, length=length, existing=existing)

    buffer = source.buffer
    if buffer is not None:
        # In memory already: no stream to read in pieces whatever chunk_size says. Segments are slices of it.
        if source.length is not None and source.length < len(buffer):
            buffer = buffer[: source.length]
        if len(buffer) >= threshold:
            uploader = LargeObjectUploader(runtime, progress, token)
            return uploader.upload_buffer(cname, name, buffer, headers)
        body = BufferReader(
            buffer,
            chunk_size=config.io_chunk_size,
            progress=progress,
            limiter=runtime.limiter,
            token=token,
            hashing=False,
        )
        return put(body, etag or buffer_md5(buffer))
    if chunk_size or source.length is None or (source.length >= threshold and fd is None):
        pieces = read_segments(source.data, config.stream_segment_size, chunk_size or config.io_chunk_size)  # type: ignore[arg-type]
        first = next(pieces, b"")
        second = next(pieces, None)
        if second is None:
            body = BufferReader(first, progress=progress, token=token, hashing=False)
            return put(body, etag or md5_bytes(first))
        uploader = LargeObjectUploader(runtime, progress, token)
        return uploader.upload_stream(cname, name, first, itertools.chain([second], pieces), headers)
    if fd is not None and source.length >= threshold:
        uploader = LargeObjectUploader(runtime, progress, token)
        return uploader.upload_file(cname, name, fd, source.length, headers, resume=resume, start=source.start)
    if fd is not None:
        reader = FileRangeReader(
            fd,
            source.start,
            source.length,
            chunk_size=config.io_chunk_size,
            progress=progress,
            limiter=runtime.limiter,
            token=token,
            background_hash=True,
        )
        with reader:
            return put(reader, etag)
    file_reader = FileObjectReader(
        source.data,  # type: ignore[arg-type]  # a seekable file object: bytes and descriptors were handled above
        source.length,
        chunk_size=config.io_chunk_size,
        progress=progress,
        limiter=runtime.limiter,
        token=token,
    )
    with file_reader:
        return put(file_reader, etag or source.precomputed_md5(source.length))


def single_put(
    runtime: TransferRuntime,
    cname: str,
    name: str,
    body: Any,
    headers: Mapping[str, str],
    etag: str | None,
    token: CancelToken,
    *,
    length: int | None = None,
    existing: Existing = "unknown",
) -> UploadResult:
    """One PUT with ``Content-Length``, verified by MD5; then the old version's segments go.

    With *etag* (known, or computed here from a file reader) Swift checks the bytes before it stores them, so a
    corrupted transfer never replaces the previous version. When the object does not exist there is no previous
    version to protect: the file is hashed while it is sent (one read instead of two) and the ETag Swift computed
    is compared afterwards; a mismatch deletes the object and raises ``IntegrityError``.
    """
    size = len(body) if length is None else length
    optimistic = (isinstance(body, FileRangeReader) and etag is None) or (isinstance(body, BufferReader) and etag)
    if existing == "unknown" and optimistic and size <= OPTIMISTIC_PUT_MAX:
        created = _create_if_absent(runtime, cname, name, body, headers, size, etag)
        if created is not None:
            return created
    current: Mapping[str, str] | None = None
    if existing == "unknown" and not runtime.config.leave_segments:
        current = head_or_none(runtime, cname, name)
        existing = "absent" if current is None else "plain"
    verify_after = etag is None and existing == "absent" and isinstance(body, FileRangeReader)
    if etag is None and not verify_after:
        etag = body.range_md5() if isinstance(body, FileRangeReader) else None
    if isinstance(body, FileRangeReader) and not verify_after:
        body.disable_hashing()
    previous = existing_segments(runtime, cname, name, headers=current) if current is not None else []
    put_headers = {**headers, "Content-Length": str(size)}
    if etag:
        put_headers["ETag"] = etag
    try:
        response = runtime.connection.put_object(cname, name, body, headers=put_headers)
    except UnprocessableEntity as exc:
        raise _refused(exc, cname, name, etag) from exc
    returned = response_etag(response.headers)
    if verify_after and returned != body.hexdigest:
        with contextlib.suppress(NotFound):
            runtime.connection.delete_object(cname, name)
        raise IntegrityError(
            f"{cname}/{name}: the server stored MD5 {returned or '(none)'} but {body.hexdigest} was sent; "
            "the object was deleted"
        )
    if previous:
        delete_many(runtime, previous, token=token)
    return UploadResult(returned or etag or "", size, 0, response.headers.get("Last-Modified"))


#: Small files and bytes to names whose existence is unknown are first PUT with ``If-None-Match: *``: a new name is
#: then stored in one request instead of a HEAD and a PUT (what makes many small uploads server-bound). An existing
#: name answers 412 and takes the careful path; up to this size the body sent for nothing costs less than a HEAD.
OPTIMISTIC_PUT_MAX = 1 << 20


def _create_if_absent(
    runtime: TransferRuntime,
    cname: str,
    name: str,
    body: FileRangeReader | BufferReader,
    headers: Mapping[str, str],
    size: int,
    etag: str | None,
) -> UploadResult | None:
    """PUT only if nothing has the name yet; None (body rewound) when something has.

    With *etag* (bytes in memory) Swift verifies the body before storing it; without (a file, hashed while sent)
    the returned ETag is compared afterwards and a mismatch deletes the object.
    """
    put_headers = {**headers, "Content-Length": str(size), "If-None-Match": "*"}
    if etag:
        put_headers["ETag"] = etag
    try:
        response = runtime.connection.put_object(cname, name, body, headers=put_headers)
    except PreconditionFailed:
        body.seek(0)
        return None
    except UnprocessableEntity as exc:
        raise _refused(exc, cname, name, etag) from exc
    returned = response_etag(response.headers)
    sent = etag or body.hexdigest
    if returned != sent:
        with contextlib.suppress(NotFound):
            runtime.connection.delete_object(cname, name)
        raise IntegrityError(
            f"{cname}/{name}: the server stored MD5 {returned or '(none)'} but {sent} was sent; the object was deleted"
        )
    return UploadResult(returned, size, 0, response.headers.get("Last-Modified"))


def _refused(exc: UnprocessableEntity, cname: str, name: str, etag: str | None) -> IntegrityError:
    """Swift's 422: the body it received does not match the ETag sent with it (nothing was stored)."""
    return IntegrityError(
        f"the server refused {cname}/{name}: the bytes it received do not match ETag {etag} [trans_id {exc.trans_id}]"
    )


def head_or_none(runtime: TransferRuntime, cname: str, name: str) -> Mapping[str, str] | None:
    """The object's headers, or None when it does not exist."""
    try:
        return runtime.connection.head_object(cname, name)
    except NotFound:
        return None
