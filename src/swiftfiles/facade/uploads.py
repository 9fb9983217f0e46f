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

import os
from collections.abc import Iterable, Mapping
from typing import Any

from ..exceptions import MissingName, NoContentSpecified
from ..resources import StorageObject
from ..transfer.manager import CancelToken
from ..transfer.progress import Progress, Subscriber, TransferInfo
from ..transfer.put import guess_content_type, object_headers, upload_source
from ..transfer.source import UploadSource
from ..transfer.upload import UploadResult
from .core import ClientCore


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
        headers_out = object_headers(
            self.capabilities.metadata_limits,
            content_type=content_type,
            content_encoding=content_encoding,
            ttl=ttl,
            metadata=metadata,
            headers=headers,
        )
        with source:
            if content_length is not None:
                source.length = int(content_length)
            info = TransferInfo("upload", handle.name, name, source.length, source.path)

            def work(progress: Progress, token: CancelToken) -> UploadResult:
                return upload_source(
                    self._client,
                    handle.name,
                    name,
                    source,
                    headers_out,
                    etag=etag,
                    chunk_size=chunk_size,
                    resume=resume,
                    progress=progress,
                    token=token,
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
