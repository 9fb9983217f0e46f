"""``upload_folder`` in the background: the walk, then every file through the engine's bounded queue.

The seed's ``upload_folder`` returns ``(key, total_bytes)`` at once. The walk and one listing of the container (to
know which names exist already) run before it returns; the files are then fed to the engine by a thread the engine
owns, so at most ``TransferConfig.max_queued_transfers`` of them are queued at a time whatever the size of the tree,
and ``close()`` waits for (or cancels) the upload. Status lives in a ``FolderUpload`` handle held by the client's
``FolderUploads`` registry (pyrax kept it in a class-wide dict shared by every client).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import deque
from collections.abc import Iterable
from concurrent.futures import CancelledError
from dataclasses import dataclass, field

from ..exceptions import TransferCancelled
from ..swift.listing import may_be_large_row
from ..transfer.engine import TransferEngine
from ..transfer.futures import CancelToken, TransferFuture
from ..transfer.progress import ByteCounter, Subscriber, TransferInfo
from ..transfer.upload import Existing
from .files import submit_upload
from .filters import NameFilter, normalize_patterns
from .local import LocalFile, SkippedPath, walk_folder


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
        """Stop: files not started are not sent, running ones stop within a chunk and clean up their segments."""
        self.token.cancel()


class FolderUploads:
    """The folder uploads one client started, by key (``get_uploaded``, ``cancel_folder_upload``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._uploads: dict[str, FolderUpload] = {}

    def add(self, handle: FolderUpload) -> None:
        with self._lock:
            self._uploads[handle.key] = handle

    def get(self, key: str) -> FolderUpload:
        """The handle for *key* (``KeyError`` for a key this client did not hand out)."""
        with self._lock:
            return self._uploads[key]

    def find(self, key: str) -> FolderUpload | None:
        with self._lock:
            return self._uploads.get(key)


def start_folder_upload(
    engine: TransferEngine,
    folder_path: str | os.PathLike[str],
    container: str,
    ignore: str | Iterable[str] | None = None,
    ttl: int | None = None,
    subscribers: Iterable[Subscriber] = (),
) -> FolderUpload:
    """Walk *folder_path*, then upload its files to *container* in the background; return the handle at once.

    Hidden files are uploaded (as pyrax did); *ignore* patterns are matched against every folder and file name.
    """
    files, unreadable = walk_folder(folder_path, NameFilter(normalize_patterns(ignore), include_hidden=True))
    engine.connection.put_container(container)
    listed = _listed_kinds(engine, container)
    handle = FolderUpload(
        key=str(uuid.uuid4()),
        container=container,
        total_bytes=sum(f.size for f in files),
        file_count=len(files),
        unreadable=unreadable,
    )
    extra = {"X-Delete-After": str(int(ttl))} if ttl is not None else None
    listeners = [handle.counter, *subscribers]

    def feed() -> None:
        pending: deque[TransferFuture[int]] = deque()
        try:
            for index, local in enumerate(files):
                if handle.token.cancelled:
                    _cancel_unsent(handle, files[index:])
                    break
                pending.append(
                    submit_upload(
                        engine,
                        container,
                        local.name,
                        local,
                        existing=listed.get(local.name, "absent"),
                        extra_headers=extra,
                        subscribers=listeners,
                        parent=handle.token,
                    )
                )
                while pending and pending[0].done():
                    _settle(handle, pending.popleft())
            while pending:
                _settle(handle, pending.popleft())
        finally:
            handle._done.set()

    engine.start_thread(feed, f"swiftfiles-folder-{handle.key[:8]}")
    return handle


def _settle(handle: FolderUpload, future: TransferFuture[int]) -> None:
    """Wait for one file; errors of started transfers are recorded by the counter already."""
    try:
        future.exception()
    except CancelledError:  # cancelled before it started: no subscriber heard of it
        handle.counter.on_done(future.info, TransferCancelled("cancelled before it started"))


def _cancel_unsent(handle: FolderUpload, files: list[LocalFile]) -> None:
    for local in files:
        info = TransferInfo("upload", handle.container, local.name, local.size, local.path)
        handle.counter.on_done(info, TransferCancelled("cancelled before it started"))


def _listed_kinds(engine: TransferEngine, container: str) -> dict[str, Existing]:
    """What exists in *container* already: "plain", or "unknown" for what may be a large object (its old segments
    must go when overwritten; a HEAD tells). One listing instead of a HEAD per file."""
    return {
        str(e["name"]): ("unknown" if may_be_large_row(e) else "plain")
        for e in engine.connection.iter_objects(container)
        if "name" in e
    }
