"""Folder upload and bulk deletion seed methods: ``upload_folder``, ``get_uploaded``, ``cancel_folder_upload``,
``bulk_delete``.

``upload_folder`` returns at once and uploads in the background, files concurrently, through the transfer engine.
Its status lives on the client instance (pyrax kept it in a class-wide dict shared by every client) in a
``FolderUpload`` handle that exposes bytes done, errors and a finished state, so a failure never stalls silently.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterable, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from typing import Any

from ..exceptions import TransferCancelled, exception_class_for
from ..swift.bulk import BulkDeleteResult
from ..sync.files import submit_upload
from ..sync.filters import NameFilter, normalize_patterns
from ..sync.local import SkippedPath, walk_folder
from ..transfer.deleting import delete_many
from ..transfer.manager import CancelToken, TransferFuture
from ..transfer.progress import ByteCounter, Subscriber
from ..transfer.put import Existing
from ..transfer.source import UploadSource
from .core import ClientCore


@dataclass
class FolderUpload:
    """A background folder upload: ``uploaded`` bytes of ``total_bytes``, ``errors``, ``finished``."""

    key: str
    container: str
    total_bytes: int
    file_count: int
    counter: ByteCounter = field(default_factory=ByteCounter)
    token: CancelToken = field(default_factory=CancelToken)
    unreadable: list[SkippedPath] = field(default_factory=list)
    _done: threading.Event = field(default_factory=threading.Event)
    _futures: list[TransferFuture[int]] = field(default_factory=list)

    @property
    def uploaded(self) -> int:
        return self.counter.bytes

    @property
    def errors(self) -> list[tuple[str, BaseException]]:
        """``(object name, error)`` for every file that failed (cancelled files included after a cancel)."""
        return [(info.name, error) for info, error in self.counter.errors]

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every file is done (or *timeout* seconds); True when finished."""
        return self._done.wait(timeout)

    def cancel(self) -> None:
        """Stop: queued files are not started, running ones stop within a chunk and clean up their segments."""
        self.token.cancel()
        for future in self._futures:
            future.cancel()


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


class FolderMixin(ClientCore):
    #: pyrax's class attribute; kept for compatibility (swiftfiles does not wait between bulk requests).
    bulk_delete_interval = 1

    _folder_uploads: dict[str, FolderUpload]

    def upload_folder(
        self,
        folder_path: str | os.PathLike[str],
        container: Any = None,
        ignore: str | Iterable[str] | None = None,
        ttl: int | None = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> tuple[str, int]:
        """Start uploading every file under *folder_path*; return ``(upload_key, total_bytes)`` at once.

        Objects are named by their path relative to the folder (``docs/install.html``). Without *container*, one
        named after the folder is created. *ignore* (one shell pattern or several) is matched against every
        folder and file name; hidden files are uploaded, as pyrax did. *ttl* makes every object expire after that
        many seconds. Files upload concurrently; large ones become segmented objects. Follow progress with
        ``get_uploaded(key)`` or the handle from ``get_folder_upload(key)`` (``errors``, ``finished``, ``wait()``);
        stop with ``cancel_folder_upload(key)``.
        """
        files, unreadable = walk_folder(folder_path, NameFilter(normalize_patterns(ignore), include_hidden=True))
        cname = self._cname(container if container is not None else os.path.basename(os.path.abspath(folder_path)))
        self.connection.put_container(cname)
        listed = self._listed_kinds(cname)
        handle = FolderUpload(
            key=str(uuid.uuid4()),
            container=cname,
            total_bytes=sum(f.size for f in files),
            file_count=len(files),
            unreadable=unreadable,
        )
        with self._key_lock:
            self._folder_uploads[handle.key] = handle
        extra = {"X-Delete-After": str(int(ttl))} if ttl is not None else None
        for local in files:
            handle._futures.append(
                submit_upload(
                    self._client,
                    cname,
                    local.name,
                    local,
                    existing=listed.get(local.name, "absent"),
                    extra_headers=extra,
                    subscribers=[handle.counter, *subscribers],
                    parent=handle.token,
                )
            )
        threading.Thread(target=self._finish_when_done, args=(handle,), daemon=True).start()
        return handle.key, handle.total_bytes

    @staticmethod
    def _finish_when_done(handle: FolderUpload) -> None:
        try:
            for future in handle._futures:
                try:
                    future.exception()  # errors of started transfers are recorded by the counter
                except CancelledError:  # cancelled before it started: no subscriber heard of it
                    handle.counter.on_done(future.info, TransferCancelled("cancelled before it started"))
        finally:
            handle._done.set()

    def _listed_kinds(self, cname: str) -> dict[str, Existing]:
        """What exists in *cname* already: "plain", or "unknown" for what may be a large object (its old segments
        must go when overwritten; a HEAD tells). One listing instead of a HEAD per file."""
        return {
            str(e["name"]): ("unknown" if "slo_etag" in e or not e.get("bytes") else "plain")
            for e in self._object_entries(cname)
            if "name" in e
        }

    def get_folder_upload(self, upload_key: str) -> FolderUpload:
        """The handle of a folder upload started by this client (``KeyError`` for an unknown key)."""
        with self._key_lock:
            return self._folder_uploads[upload_key]

    def get_uploaded(self, upload_key: str) -> int:
        """Bytes uploaded so far by the folder upload *upload_key*; equals its ``total_bytes`` when complete."""
        return self.get_folder_upload(upload_key).uploaded

    def cancel_folder_upload(self, upload_key: str) -> None:
        """Cancel the folder upload *upload_key*; nothing happens if there is no such upload in progress.

        Files already uploaded stay; it is up to you to keep or delete them.
        """
        with self._key_lock:
            handle = self._folder_uploads.get(upload_key)
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
        cname = self._cname(container)
        paths = [(cname, self._oname(name)) for name in list(object_names)]

        def run() -> dict[str, Any]:
            return results_dict(delete_many(self._client, paths))

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

        threading.Thread(target=background, daemon=True).start()
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
        document = json.loads(response.read() or b"{}")
        status = str(document.get("Response Status", f"{response.status} {response.reason}"))
        result = {
            "created": int(document.get("Number Files Created", 0) or 0),
            "status": status,
            "errors": [list(error) for error in document.get("Errors", [])],
        }
        code = status.split(" ", 1)[0]
        if code.isdigit() and int(code) >= 400:
            raise exception_class_for(int(code))(
                f"extract-archive into {cname!r} failed: {status} {document.get('Response Body', '')}".strip(),
                status=int(code),
                reason=status,
                body=str(document.get("Response Body", "")),
            )
        return result


def _archive_format(archive: Any) -> str:
    name = os.fspath(archive) if isinstance(archive, (str, os.PathLike)) else str(getattr(archive, "name", ""))
    for suffix, fmt in ((".tar.gz", "tar.gz"), (".tgz", "tar.gz"), (".tar.bz2", "tar.bz2"), (".tar", "tar")):
        if name.endswith(suffix):
            return fmt
    return "tar"
