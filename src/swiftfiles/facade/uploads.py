"""Upload seed methods: ``store_object``, ``upload_file``, ``create_object``.

Every upload is an ``UploadJob`` run by the engine in the calling thread, by one of three paths
(``transfer/upload.py``):

- **single PUT** (below ``TransferConfig.multipart_threshold``): the MD5 is computed first and sent as ``ETag``,
  so Swift refuses a corrupted body (422 → ``IntegrityError``) before it replaces anything;
- **parallel segments** (a file at or above the threshold): an SLO (or DLO) whose segments are read with ``pread``
  and sent concurrently, each verified by MD5 (``transfer/segmented.py``);
- **stream** (unknown length, or ``chunk_size`` given): read in ``stream_segment_size`` pieces; one piece becomes a
  single verified PUT, more become a segmented object with a bounded number of pieces in memory.

After a successful overwrite of a large object its old segments are deleted (``TransferConfig.leave_segments``
keeps them), which costs one HEAD before each upload.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..exceptions import MissingName, NoContentSpecified, NotAFile
from ..transfer.progress import Subscriber
from ..transfer.segmented import UploadResult
from .checks import non_negative, positive
from .core import Part


@dataclass(frozen=True)
class StoredObject:
    """What an upload stored, for the client to turn into a ``StorageObject``."""

    container: str
    name: str
    content_type: str | None
    result: UploadResult


class UploadsPart(Part):
    """Uploads through the engine (stateless)."""

    def create_object(
        self,
        container: Any,
        *,
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
        subscribers: Iterable[Subscriber] = (),
        resume: bool = False,
    ) -> StoredObject:
        """Create or replace an object from *data* or from *file_or_path* (a path or an open binary file).

        A caller-supplied *etag* is sent with single PUTs (the server checks it); large objects are verified
        segment by segment instead.
        """
        if file_or_path is None and data is None:
            raise NoContentSpecified("create_object needs file_or_path or data")
        non_negative("ttl", ttl)
        non_negative("content_length", content_length)
        positive("chunk_size", chunk_size)
        _check_source(file_or_path, data)
        path: str | os.PathLike[str] | None = None
        if data is not None:
            if not obj_name:
                raise MissingName("create_object with data needs obj_name")
        elif isinstance(file_or_path, (str, os.PathLike)):
            path = file_or_path
            obj_name = obj_name or os.path.basename(os.fspath(file_or_path))
        else:
            data = file_or_path
            obj_name = obj_name or os.path.basename(str(getattr(file_or_path, "name", "") or ""))
            if not obj_name:
                raise MissingName("the file object has no name; pass obj_name")
        job = self.engine.prepare_upload(
            self._cname(container),
            obj_name,
            path=path,
            data=data,
            content_type=content_type,
            content_encoding=content_encoding,
            ttl=ttl,
            metadata=metadata,
            headers=headers,
            etag=etag,
            content_length=content_length,
            chunk_size=chunk_size,
            resume=resume,
        )
        result = self.engine.run_upload(job, subscribers)
        return StoredObject(job.container, job.name, job.headers.get("Content-Type"), result)


def _check_source(file_or_path: Any, data: Any) -> None:
    """Refuse what would fail later with a confusing error: a folder given as a file, a text-mode file."""
    if isinstance(file_or_path, (str, os.PathLike)) and os.path.isdir(file_or_path):
        raise NotAFile(
            f"{os.fspath(file_or_path)!r} is a folder, not a file: use upload_folder() or sync_folder_to_container()"
        )
    if isinstance(data if data is not None else file_or_path, io.TextIOBase):
        raise TypeError(
            "the file object is open in text mode; open it in binary mode ('rb'), or pass its text as a str"
        )
