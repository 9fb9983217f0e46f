"""Upload seed methods: ``store_object``, ``upload_file``, ``create_object``.

Every upload runs through the client's transfer engine and takes one of three paths:

- **single PUT** (below ``TransferConfig.multipart_threshold``): the MD5 is computed first and sent as ``ETag``,
  so Swift refuses a corrupted body (422 → ``IntegrityError``) before it replaces anything;
- **parallel segments** (a file at or above the threshold): an SLO (or DLO) whose segments are read with ``pread``
  and sent concurrently, each verified by MD5 (``transfer/upload.py``);
- **stream** (unknown length, or ``chunk_size`` given): read in ``stream_segment_size`` pieces; one piece becomes a
  single verified PUT, more become a segmented object with a bounded number of pieces in memory.

After a successful overwrite of a large object its old segments are deleted (``TransferConfig.leave_segments``
keeps them), which costs one HEAD before each upload.
"""

from __future__ import annotations

import itertools
import mimetypes
import os
from collections.abc import Iterable, Mapping
from typing import Any

from ..exceptions import IntegrityError, MissingName, NoContentSpecified, UnprocessableEntity
from ..resources import StorageObject
from ..swift import metadata as meta
from ..transfer.manager import CancelToken
from ..transfer.progress import Progress, Subscriber, TransferInfo
from ..transfer.readers import BufferReader, FileRangeReader, md5_of_file_range
from ..transfer.source import HashingReader, UploadSource, md5_bytes
from ..transfer.upload import LargeObjectUploader, UploadResult, delete_objects, existing_segments, read_segments
from .core import ClientCore


def guess_content_type(name: str) -> str | None:
    """A MIME type from the object name's extension, or None to let Swift decide."""
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed


class UploadMixin(ClientCore):
    def store_object(
        self,
        container: Any,
        obj_name: str,
        data: Any,
        content_type: str | None = None,
        etag: str | None = None,
        content_encoding: str | None = None,
        ttl: int | None = None,
        return_none: bool = False,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> StorageObject | None:
        """Create or replace *obj_name* with *data* (bytes, str, a binary file or an iterable of bytes).

        With *chunk_size* the data is treated as a stream and read in pieces of that size, never held whole.
        Large data becomes a segmented object (see the module description). *subscribers* receive progress.
        """
        if obj_name is None or obj_name == "":
            raise MissingName("store_object needs obj_name")
        if data is None:
            raise NoContentSpecified("store_object needs data")
        return self.create_object(
            container,
            data=data,
            obj_name=obj_name,
            content_type=content_type,
            etag=etag,
            content_encoding=content_encoding,
            ttl=ttl,
            chunk_size=chunk_size,
            metadata=metadata,
            headers=headers,
            return_none=return_none,
            subscribers=subscribers,
        )

    def upload_file(
        self,
        container: Any,
        file_or_path: Any,
        obj_name: str | None = None,
        content_type: str | None = None,
        etag: str | None = None,
        content_encoding: str | None = None,
        ttl: int | None = None,
        content_length: int | None = None,
        return_none: bool = False,
        headers: Mapping[str, str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
        resume: bool = False,
    ) -> StorageObject | None:
        """Upload a file given as a path or an open binary file; the object is named after the file by default.

        Files at or above ``TransferConfig.multipart_threshold`` become segmented large objects uploaded in
        parallel. ``resume=True`` re-uses the segments of an earlier failed upload of the same object whose MD5
        still matches the file (keep them with ``TransferConfig(keep_segments_on_failure=True)``).
        """
        return self.create_object(
            container,
            file_or_path=file_or_path,
            obj_name=obj_name,
            content_type=content_type,
            etag=etag,
            content_encoding=content_encoding,
            content_length=content_length,
            ttl=ttl,
            headers=headers,
            metadata=metadata,
            return_none=return_none,
            subscribers=subscribers,
            resume=resume,
        )

    def create_object(
        self,
        container: Any,
        file_or_path: Any = None,
        data: Any = None,
        obj_name: str | None = None,
        content_type: str | None = None,
        etag: str | None = None,
        content_encoding: str | None = None,
        content_length: int | None = None,
        ttl: int | None = None,
        chunk_size: int | None = None,
        metadata: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        return_none: bool = False,
        *,
        subscribers: Iterable[Subscriber] = (),
        resume: bool = False,
    ) -> StorageObject | None:
        """Create or replace an object from *data* or from *file_or_path* (a path or an open binary file).

        A caller-supplied *etag* is sent with single PUTs (the server checks it); large objects are verified
        segment by segment instead.
        """
        if file_or_path is None and data is None:
            raise NoContentSpecified("create_object needs file_or_path or data")
        if data is not None:
            if not obj_name:
                raise MissingName("create_object with data needs obj_name")
            source = UploadSource(data=data)
        elif isinstance(file_or_path, (str, os.PathLike)):
            source = UploadSource(path=file_or_path)
            obj_name = obj_name or os.path.basename(os.fspath(file_or_path))
        else:
            source = UploadSource(data=file_or_path)
            obj_name = obj_name or os.path.basename(str(getattr(file_or_path, "name", "") or ""))
            if not obj_name:
                raise MissingName("the file object has no name; pass obj_name")
        handle = self._container_handle(container)
        name = self._oname(obj_name)
        content_type = content_type or guess_content_type(name)
        object_headers = self._object_headers(content_type, content_encoding, ttl, metadata, headers)
        with source:
            if content_length is not None:
                source.length = int(content_length)
            info = TransferInfo("upload", handle.name, name, source.length, source.path)

            def work(progress: Progress, token: CancelToken) -> UploadResult:
                return self._upload(
                    handle.name, name, source, object_headers, etag, chunk_size, resume, progress, token
                )

            result = self._client.transfers.run(info, work, subscribers)
        if return_none:
            return None
        return StorageObject(
            self._client,
            handle,
            name,
            total_bytes=result.size,
            etag=result.etag,
            content_type=content_type,
            last_modified=result.last_modified,
        )

    # -- the three paths ----------------------------------------------------------------------------------------

    def _object_headers(
        self,
        content_type: str | None,
        content_encoding: str | None,
        ttl: int | None,
        metadata: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
    ) -> dict[str, str]:
        """The headers that describe the object (not its body): type, encoding, expiry, metadata, extras."""
        result = meta.prefixed_headers(metadata or {}, None, meta.OBJECT_PREFIX)
        meta.check_limits(result, meta.OBJECT_PREFIX, self.capabilities.metadata_limits)
        if content_type:
            result["Content-Type"] = content_type
        if content_encoding:
            result["Content-Encoding"] = content_encoding
        if ttl is not None:
            result["X-Delete-After"] = str(int(ttl))
        result.update(headers or {})
        return result

    def _upload(
        self,
        cname: str,
        name: str,
        source: UploadSource,
        headers: dict[str, str],
        etag: str | None,
        chunk_size: int | None,
        resume: bool,
        progress: Progress,
        token: CancelToken,
    ) -> UploadResult:
        config = self._client.transfer_config
        threshold = min(config.multipart_threshold, self.capabilities.max_file_size)
        fd = source.fileno()
        if chunk_size or source.length is None or (source.length >= threshold and fd is None):
            pieces = read_segments(source.data, config.stream_segment_size, chunk_size or config.io_chunk_size)  # type: ignore[arg-type]
            first = next(pieces, b"")
            second = next(pieces, None)
            if second is None:
                return self._single_put(
                    cname,
                    name,
                    BufferReader(first, progress=progress, token=token),
                    headers,
                    etag or md5_bytes(first),
                    progress,
                    token,
                )
            uploader = LargeObjectUploader(self._client, self._client.transfers, config, progress, token)
            return uploader.upload_stream(cname, name, first, itertools.chain([second], pieces), headers)
        if fd is not None and source.length >= threshold:
            uploader = LargeObjectUploader(self._client, self._client.transfers, config, progress, token)
            return uploader.upload_file(cname, name, fd, source.length, headers, resume=resume, start=source.start)
        if fd is not None:
            expected = etag or md5_of_file_range(fd, source.start, source.length, config.io_chunk_size)
            reader = FileRangeReader(
                fd,
                source.start,
                source.length,
                chunk_size=config.io_chunk_size,
                progress=progress,
                limiter=self._client.transfers.limiter,
                token=token,
            )
            with reader:
                return self._single_put(cname, name, reader, headers, expected, progress, token)
        if isinstance(source.data, bytes):
            reader_b = BufferReader(
                source.data,
                chunk_size=config.io_chunk_size,
                progress=progress,
                limiter=self._client.transfers.limiter,
                token=token,
            )
            return self._single_put(cname, name, reader_b, headers, etag or md5_bytes(source.data), progress, token)
        unknown_md5 = etag or source.precomputed_md5(source.length)
        return self._single_put(
            cname,
            name,
            HashingReader(source.data, config.io_chunk_size),
            headers,
            unknown_md5,
            progress,
            token,
            length=source.length,
        )

    def _single_put(
        self,
        cname: str,
        name: str,
        body: Any,
        headers: Mapping[str, str],
        etag: str | None,
        progress: Progress,
        token: CancelToken,
        *,
        length: int | None = None,
    ) -> UploadResult:
        """One PUT with ``Content-Length`` and the ``ETag`` Swift verifies; then the old version's segments go."""
        size = len(body) if length is None else length
        previous = [] if self._client.transfer_config.leave_segments else existing_segments(self._client, cname, name)
        put_headers = {**headers, "Content-Length": str(size)}
        if etag:
            put_headers["ETag"] = etag
        try:
            response = self.connection.put_object(cname, name, body, headers=put_headers)
        except UnprocessableEntity as exc:
            raise IntegrityError(
                f"the server refused {cname}/{name}: the bytes it received do not match ETag {etag} "
                f"[trans_id {exc.trans_id}]"
            ) from exc
        returned = (response.headers.get("Etag") or "").strip('"')
        if previous:
            delete_objects(self._client, self._client.transfers, previous, token)
        return UploadResult(returned or etag or "", size, 0, response.headers.get("Last-Modified"))
