"""``TransferEngine``: uploads, downloads and deletions as futures, for anyone holding a ``SwiftConnection``.

The shape of s3transfer's ``TransferManager``: build it from the wire connection and a ``TransferConfig`` (never from
the ``StorageClient`` façade, so the CLI, the fsspec filesystem and users can drive it alone), call ``upload``,
``download`` or ``delete``, get a ``TransferFuture`` back at once, and hear progress through subscribers. It is a
context manager: leaving the ``with`` block waits for what is running, or cancels it when an exception escapes.
``close()`` is final. Cancelling one transfer (``future.cancel()``) stops only that transfer.

``StorageClient`` owns one (``client.engine``), shared by all its methods::

    with StorageClient.from_env() as client:
        futures = [client.engine.upload("backups", p.name, p, subscribers=[bar]) for p in paths]
        for f in futures:
            print(f.info.name, f.result().etag)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exceptions import NotFound
from ..swift import bulk
from ..swift.metadata import MTIME_HEADER, format_mtime
from ..swift.names import validate_container_name, validate_object_name
from .deleting import delete_many, delete_with_segments
from .download import execute_download, open_download
from .futures import CancelToken, TransferFuture
from .progress import Progress, Subscriber, TransferInfo
from .runtime import TransferRuntime
from .segmented import UploadResult
from .upload import UploadJob, guess_content_type, object_headers


@dataclass(frozen=True)
class DownloadResult:
    """What a download wrote: the object, the local file and its size in bytes (verified)."""

    container: str
    name: str
    path: Path
    size: int


class TransferEngine(TransferRuntime):
    """Bounded, cancellable transfers over one connection (see the module description). Thread-safe."""

    # -- names --------------------------------------------------------------------------------------------------

    def container_name(self, name: object) -> str:
        """*name* if Swift accepts it as a container name (``InvalidName`` otherwise), checked before any request."""
        return validate_container_name(name, self.capabilities.max_container_name_length)

    def object_name(self, name: object) -> str:
        """*name* if Swift accepts it as an object name (``InvalidName`` otherwise), checked before any request."""
        return validate_object_name(name, self.capabilities.max_object_name_length)

    # -- uploads ------------------------------------------------------------------------------------------------

    def prepare_upload(
        self,
        container: str,
        name: str,
        *,
        path: str | os.PathLike[str] | None = None,
        data: Any = None,
        content_type: str | None = None,
        content_encoding: str | None = None,
        ttl: int | None = None,
        metadata: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        etag: str | None = None,
        content_length: int | None = None,
        chunk_size: int | None = None,
        resume: bool = False,
    ) -> UploadJob:
        """Validate everything about an upload (names, metadata limits, the source) before any request.

        The source is a file *path*, or *data*: ``bytes``/``bytearray``/``memoryview``, ``str`` (sent as UTF-8), a
        binary file object or an iterable of ``bytes`` chunks. An upload from a *path* stores the file's
        modification time as ``X-Object-Meta-Mtime`` (as swift's CLI does, so ``swift upload --changed`` and
        downloads see it) unless *metadata* or *headers* already give one or ``TransferConfig.store_mtime`` is
        False.
        """
        cname, oname = self.container_name(container), self.object_name(name)
        object_type = content_type or guess_content_type(oname)
        described = object_headers(
            self.capabilities.metadata_limits,
            content_type=object_type,
            content_encoding=content_encoding,
            ttl=ttl,
            metadata=metadata,
            headers=headers,
        )
        if (
            path is not None
            and self.config.store_mtime
            and not any(k.lower() == MTIME_HEADER.lower() for k in described)
        ):
            with contextlib.suppress(OSError):  # a missing file is check_source's clear error below
                described[MTIME_HEADER] = format_mtime(os.stat(path).st_mtime)
        job = UploadJob(
            cname,
            oname,
            described,
            path=None if path is None else os.fspath(path),
            data=data,
            content_length=None if content_length is None else int(content_length),
            etag=etag,
            chunk_size=chunk_size,
            resume=resume,
        )
        job.check_source()
        return job

    def upload(
        self,
        container: str,
        name: str,
        source: Any,
        *,
        subscribers: Iterable[Subscriber] = (),
        **options: Any,
    ) -> TransferFuture[UploadResult]:
        """Start uploading *source* to *container*/*name*; returns at once with a future of the ``UploadResult``.

        *source* is a file path (``str`` or ``os.PathLike``: a ``str`` is always a path here; pass text encoded),
        or data: ``bytes``, a binary file object or an iterable of ``bytes`` chunks. *options* are
        ``prepare_upload``'s (content_type, content_encoding, ttl, metadata, headers, etag, content_length,
        chunk_size, resume). Large sources become verified segmented objects, as with
        ``StorageClient.upload_file``.
        """
        if isinstance(source, (str, os.PathLike)):
            job = self.prepare_upload(container, name, path=source, **options)
        else:
            job = self.prepare_upload(container, name, data=source, **options)
        return self.submit(job.info, lambda progress, token: job.run(self, progress, token), subscribers)

    def run_upload(self, job: UploadJob, subscribers: Iterable[Subscriber] = ()) -> UploadResult:
        """Carry out a prepared upload in the calling thread (what the synchronous API uses)."""
        return self.run(job.info, lambda progress, token: job.run(self, progress, token), subscribers)

    # -- downloads ----------------------------------------------------------------------------------------------

    def download(
        self,
        container: str,
        name: str,
        path: str | os.PathLike[str],
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> TransferFuture[DownloadResult]:
        """Start downloading *container*/*name* into the file *path*; returns at once with a future.

        The file appears under *path* only once its length and MD5 are verified (missing parent folders are
        created), with the object's stored ``X-Object-Meta-Mtime`` (else its ``Last-Modified``) as its
        modification time; large objects are fetched with parallel ranged GETs. ``path`` is used as given: map untrusted
        object names to local paths yourself, or use ``StorageClient.download_object`` which refuses names that
        would escape its folder.
        """
        cname, oname = self.container_name(container), self.object_name(name)
        target = Path(path)
        info = TransferInfo("download", cname, oname, None, os.fspath(target))

        def work(progress: Progress, token: CancelToken) -> DownloadResult:
            plan, response = open_download(self, cname, oname)
            size = execute_download(self, plan, target, progress=progress, token=token, response=response)
            return DownloadResult(cname, oname, target, size)

        return self.submit(info, work, subscribers)

    # -- deletions ----------------------------------------------------------------------------------------------

    def delete(
        self, container: str, names: Sequence[str], *, with_segments: bool | None = None
    ) -> TransferFuture[bulk.BulkDeleteResult]:
        """Start deleting *names* from *container*; the future gives the ``BulkDeleteResult`` (deleted, not found,
        errors).

        Plain objects go by bulk delete. *with_segments* (default: not ``TransferConfig.leave_segments``) also
        deletes the segments of large objects, one HEAD per name; without it the names alone are deleted.
        """
        if isinstance(names, (str, bytes)):
            raise TypeError("names must be a list of object names, not a single str")
        cname = self.container_name(container)
        paths = [(cname, self.object_name(n)) for n in names]
        segments = (not self.config.leave_segments) if with_segments is None else with_segments
        info = TransferInfo("delete", cname, f"{len(paths)} objects")

        def work(progress: Progress, token: CancelToken) -> bulk.BulkDeleteResult:
            if not segments:
                return delete_many(self, paths, token=token)
            result = bulk.BulkDeleteResult()
            for _, oname in paths:
                token.check()
                try:
                    result = result.merge(delete_with_segments(self, cname, oname))
                except NotFound:
                    result = result.merge(bulk.BulkDeleteResult(not_found=1))
            return result

        return self.submit(info, work)

    # -- lifecycle ----------------------------------------------------------------------------------------------

    def __enter__(self) -> TransferEngine:
        self.check_open()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(cancel=exc_type is not None)

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"concurrency={self.config.concurrency}"
        return f"<TransferEngine {state}>"
