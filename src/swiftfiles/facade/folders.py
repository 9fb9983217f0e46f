"""Folder upload and bulk deletion seed methods: ``upload_folder``, ``get_uploaded``, ``cancel_folder_upload``,
``bulk_delete``.

``upload_folder`` returns at once and uploads in the background, files concurrently, through the transfer engine
(``sync/folder_upload.py``). Its status lives in this part's registry (pyrax kept it in a class-wide dict shared by
every client) in a ``FolderUpload`` handle that exposes bytes done, errors and a finished state, and whose
``result()`` raises ``FolderUploadFailed`` when a file failed, so a failure never stalls silently.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..swift.bulk import BulkDeleteResult, parse_extract_archive_response
from ..sync.filters import NameFilter
from ..sync.folder_upload import FolderUpload, FolderUploads, start_folder_upload
from ..transfer.deleting import delete_many
from ..transfer.engine import TransferEngine
from ..transfer.progress import Subscriber
from ..transfer.source import UploadSource
from .core import Part


@dataclass(frozen=True)
class BulkDeleter:
    """What ``bulk_delete(..., async_=True)`` returns: ``completed`` turns True when ``results`` is filled."""

    _done: threading.Event
    _box: dict[str, Any]

    @property
    def completed(self) -> bool:
        return self._done.is_set()

    @property
    def results(self) -> dict[str, Any] | None:
        return self._box.get("results")

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)


def results_dict(result: BulkDeleteResult) -> dict[str, Any]:
    """pyrax's result shape: ``deleted``, ``not_found``, ``status`` ("200 OK"), ``errors`` ([path, status])."""
    return {
        "deleted": result.deleted,
        "not_found": result.not_found,
        "status": f"{result.status} {result.reason}".strip(),
        "errors": [list(error) for error in result.errors],
    }


class FoldersPart(Part):
    """Folder uploads (owns their registry), bulk deletion and archive extraction."""

    def __init__(self, engine: TransferEngine) -> None:
        super().__init__(engine)
        self.uploads = FolderUploads()

    def upload_folder(
        self,
        folder_path: str | os.PathLike[str],
        container: Any = None,
        ignore: str | Iterable[str] | None = None,
        ttl: int | None = None,
        *,
        include_hidden: bool = False,
        include: str | Iterable[str] | None = None,
        exclude: str | Iterable[str] | None = None,
        subscribers: Iterable[Subscriber] = (),
    ) -> tuple[str, int]:
        """Start uploading every file under *folder_path*; return ``(upload_key, total_bytes)`` at once.

        Objects are named by their path relative to the folder (``docs/install.html``). Without *container*, one named
        after the folder is used. A missing container is created; an existing one is not PUT again, so a user whose
        write access comes from the container's ACL can upload into it. *ignore* (one shell pattern or several) is
        matched against every folder and file name; *include* and *exclude* are rclone-style globs matched against the
        whole relative path (``img/*.png``, ``/build/**``), as in a sync (a pattern that can never match is a
        ``ValueError``). Files and folders whose names start with ``.`` are left out unless ``include_hidden``, as in a
        sync (the seed's rule). Every name left out is counted by rule in the handle's ``excluded`` (and ``skipped``).
        *ttl* makes every object expire after that many seconds. The folder is walked twice (once to count
        *total_bytes*, once to upload), never held in memory whole. Files upload concurrently; large ones become
        segmented objects. Follow progress with ``get_uploaded(key)`` or the handle from ``get_folder_upload(key)``;
        stop with ``cancel_folder_upload(key)``.

        A file that fails (refused by Swift, unreadable) does not stop the others, and its bytes never count, so
        ``get_uploaded(key)`` then stays below *total_bytes* for good: do not poll it alone. To learn the outcome,
        call ``get_folder_upload(key).result(timeout)``: it waits, returns the counts, and raises
        ``FolderUploadFailed`` naming every file that did not land (its ``result`` holds them all).
        ``handle.wait(timeout)`` only says whether the upload has finished (True even after a failure); then
        ``handle.errors`` lists ``(object name, error)`` and ``handle.ok`` says whether every file landed.
        """
        cname = self._cname(container if container is not None else os.path.basename(os.path.abspath(folder_path)))
        name_filter = NameFilter.build(ignore, include_hidden, include, exclude)
        handle = start_folder_upload(self.engine, folder_path, cname, name_filter, ttl, subscribers)
        self.uploads.add(handle)
        return handle.key, handle.total_bytes

    def get_folder_upload(self, upload_key: str) -> FolderUpload:
        """The handle of a folder upload started by this client (``KeyError`` for an unknown key)."""
        return self.uploads.get(upload_key)

    def get_uploaded(self, upload_key: str) -> int:
        """Bytes uploaded so far by the folder upload *upload_key*; equals its ``total_bytes`` when complete.

        A failed file's bytes never count: after a failure the value stops short of ``total_bytes``; the handle
        (``get_folder_upload(upload_key)``) has the ``errors``, and its ``result()`` raises ``FolderUploadFailed``.
        """
        return self.get_folder_upload(upload_key).uploaded

    def cancel_folder_upload(self, upload_key: str) -> None:
        """Cancel the folder upload *upload_key*; nothing happens if there is no such upload in progress.

        Files already uploaded stay; it is up to you to keep or delete them.
        """
        handle = self.uploads.find(upload_key)
        if handle is not None:
            handle.cancel()

    # -- bulk delete --------------------------------------------------------------------------------------------

    def bulk_delete(
        self, container: Any, object_names: Sequence[Any], async_: bool = False, **kwargs: Any
    ) -> dict[str, Any] | BulkDeleter:
        """Delete many objects of one container; returns ``{"deleted", "not_found", "status", "errors"}``.

        Uses the cluster's bulk middleware in batches sized from ``/info`` (concurrent single DELETEs when the
        cluster has none); the caller's list is not modified. ``async_=True`` (the seed's ``async``, a Python 3
        keyword: ``**{"async": True}`` is accepted too) returns at once an object whose ``completed`` turns True
        when its ``results`` dict is ready.
        """
        if "async" in kwargs:
            async_ = bool(kwargs.pop("async"))
        if kwargs:
            raise TypeError(f"bulk_delete() got unexpected keyword arguments {sorted(kwargs)}")
        if isinstance(object_names, (str, bytes, bytearray)):
            # A str is a sequence of one-character names: bulk_delete(c, "xt") would delete "x" and "t".
            raise TypeError(f"object_names must be a list of names, not a single {type(object_names).__name__}")
        cname = self._cname(container)
        paths = [(cname, self._oname(name)) for name in list(object_names)]

        def run() -> dict[str, Any]:
            return results_dict(delete_many(self.engine, paths))

        if not async_:
            return run()
        done = threading.Event()
        box: dict[str, Any] = {}

        def background() -> None:
            try:
                box["results"] = run()
            except Exception as exc:  # noqa: BLE001 - reported in the results instead of lost in a thread
                box["results"] = {"deleted": 0, "not_found": 0, "status": f"error: {exc}", "errors": [["*", str(exc)]]}
            finally:
                done.set()

        self.engine.start_thread(background, "swiftfiles-bulk-delete")
        return BulkDeleter(done, box)

    # -- archives -----------------------------------------------------------------------------------------------

    def upload_archive(
        self,
        container: Any,
        archive: str | os.PathLike[str] | Any,
        archive_format: str | None = None,
        *,
        prefix: str | None = None,
    ) -> dict[str, Any]:
        """Upload a tar archive that Swift unpacks server-side into objects (the bulk middleware's
        ``extract-archive``): one request instead of one per file.

        *archive* is a path or a binary file; *archive_format* is ``"tar"``, ``"tar.gz"`` or ``"tar.bz2"``
        (guessed from a path's extension when omitted). Members become ``<prefix>/<member path>``. Returns
        ``{"created": n, "status": "201 Created", "errors": [[name, status], ...]}``; raises the typed error when
        the server refuses the whole archive.
        """
        cname = self._cname(container)
        fmt = archive_format or _archive_format(archive)
        if fmt not in ("tar", "tar.gz", "tar.bz2"):
            raise ValueError(f"unsupported archive format {fmt!r}: use tar, tar.gz or tar.bz2")
        target = f"{prefix.strip('/')}" if prefix else None
        with UploadSource(
            **({"path": archive} if isinstance(archive, (str, os.PathLike)) else {"data": archive})
        ) as src:
            response = self.connection.request(
                "PUT",
                cname,
                target,
                query={"extract-archive": fmt},
                headers={"Accept": "application/json"},
                body=src.data,
            )
        result = parse_extract_archive_response(response.read(), response.status, response.reason)
        result.raise_for_status(f"extract-archive into {cname!r}")
        return result.as_dict()


def _archive_format(archive: Any) -> str:
    name = os.fspath(archive) if isinstance(archive, (str, os.PathLike)) else str(getattr(archive, "name", ""))
    for suffix, fmt in ((".tar.gz", "tar.gz"), (".tgz", "tar.gz"), (".tar.bz2", "tar.bz2"), (".tar", "tar")):
        if name.endswith(suffix):
            return fmt
    return "tar"
