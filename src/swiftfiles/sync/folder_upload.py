"""``upload_folder`` in the background: the walk, then every file through the engine's bounded queue.

The seed's ``upload_folder`` returns ``(key, total_bytes)`` at once, so a first walk counts the files and bytes
(and the names the filters leave out) before it returns, holding no list. The files are then fed to the engine by
a thread the engine owns: a second walk, streamed in listing order and marched against the container's listing (to
know which names exist already, and which may be large objects; a missing container is created when the listing
says so, never PUT up front), so memory does not grow with the tree; at most
``TransferConfig.max_queued_transfers`` files are queued at a time, and ``close()`` waits for (or cancels) the
upload. A file added between the two walks is uploaded too (``total_bytes`` was counted without it).

Hidden names are left out unless ``include_hidden``, as in a sync and as the seed's ``include_hidden`` says;
``ignore`` patterns and ``include``/``exclude`` rules apply as in a sync, and every name left out is counted by
rule in ``excluded``. Status lives in a ``FolderUpload`` handle held by the client's
``FolderUploads`` registry (pyrax kept it in a class-wide dict shared by every client).

A failed file never counts in ``uploaded``, so after a failure ``get_uploaded`` stops short of ``total_bytes`` for
good. ``wait()`` only says whether the upload has finished; ``result()`` is the call that cannot miss a failure: it
waits, then returns a ``FolderUploadResult`` or raises ``FolderUploadFailed`` naming every file that did not land.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass, field

from ..exceptions import FolderUploadFailed, NoSuchContainer, TransferCancelled
from ..swift.listing import first_fetched, may_be_large_row
from ..transfer.engine import TransferEngine
from ..transfer.futures import CancelToken, TransferFuture
from ..transfer.progress import ByteCounter, Subscriber, TransferInfo
from ..transfer.upload import Existing
from .files import submit_upload
from .filters import Category, NameFilter
from .local import ExcludedPath, LocalFile, SkippedPath, iter_folder
from .plan import march

#: How many failed files a ``FolderUploadFailed`` message lists by name (all of them are in its ``result``).
LISTED_FAILURES = 10


@dataclass(frozen=True)
class FolderUploadResult:
    """What a finished folder upload did: bytes and files uploaded, and every failure."""

    key: str
    container: str
    total_bytes: int
    uploaded: int
    file_count: int
    files_uploaded: int
    #: ``(object name, error)`` for every file that failed or was cancelled.
    errors: list[tuple[str, BaseException]]
    #: Paths the walk could not read (left out before the upload started).
    unreadable: list[SkippedPath]
    cancelled: bool = False
    #: Names left out, by rule (``hidden``, ``filter``): counted, never uploaded.
    excluded: dict[Category, int] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        """How many files and folders the filters left out (a folder counts once; its contents are not walked)."""
        return sum(self.excluded.values())

    @property
    def files_failed(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        """Every file of the folder landed: no failure, nothing cancelled, nothing the walk could not read."""
        return not self.errors and not self.unreadable and not self.cancelled

    def describe_failures(self) -> str:
        """One line per failed file or unreadable path (the first ``LISTED_FAILURES`` of each)."""
        lines = [f"{name}: {error}" for name, error in self.errors[:LISTED_FAILURES]]
        if len(self.errors) > LISTED_FAILURES:
            lines.append(f"... and {len(self.errors) - LISTED_FAILURES} more failed files")
        lines += [f"{skip.path}: {skip.reason}" for skip in self.unreadable[:LISTED_FAILURES]]
        if len(self.unreadable) > LISTED_FAILURES:
            lines.append(f"... and {len(self.unreadable) - LISTED_FAILURES} more unreadable paths")
        return "\n".join(lines)


def upload_failed(result: FolderUploadResult) -> FolderUploadFailed:
    """The error ``FolderUpload.result()`` raises: how many files did not land, then each with its error."""
    what = "was cancelled" if result.cancelled else "failed"
    counts = f"{result.files_failed} of {result.file_count} files {what}"
    if result.unreadable:
        counts += f", {len(result.unreadable)} paths could not be read"
    return FolderUploadFailed(
        f"folder upload {result.key} into {result.container!r}: {counts} "
        f"({result.uploaded} of {result.total_bytes} bytes uploaded)\n{result.describe_failures()}",
        result,
    )


@dataclass
class FolderUpload:
    """A background folder upload: ``uploaded`` bytes of ``total_bytes``, ``errors``, ``finished``.

    ``result()`` waits and raises ``FolderUploadFailed`` if any file failed; ``wait()`` only waits.
    """

    key: str
    container: str
    total_bytes: int
    file_count: int
    counter: ByteCounter = field(default_factory=ByteCounter)
    token: CancelToken = field(default_factory=CancelToken)
    unreadable: list[SkippedPath] = field(default_factory=list)
    #: Names left out, by rule (``hidden``, ``filter``), counted by the first walk.
    excluded: Counter[Category] = field(default_factory=Counter)
    _done: threading.Event = field(default_factory=threading.Event)

    @property
    def skipped(self) -> int:
        """How many files and folders the filters left out (a folder counts once)."""
        return sum(self.excluded.values())

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

    @property
    def ok(self) -> bool:
        """True once the upload has finished with every file uploaded; False while running or after a failure."""
        return self.finished and self.snapshot().ok

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every file is done (or *timeout* seconds); True when finished, whether or not every file
        landed: check ``errors``, or call ``result()``, which raises when one did not."""
        return self._done.wait(timeout)

    def snapshot(self) -> FolderUploadResult:
        """The counts and errors so far, without waiting."""
        errors = self.errors
        return FolderUploadResult(
            key=self.key,
            container=self.container,
            total_bytes=self.total_bytes,
            uploaded=self.uploaded,
            file_count=self.file_count,
            files_uploaded=self.counter.done - len(errors),
            errors=errors,
            unreadable=list(self.unreadable),
            cancelled=self.cancelled,
            excluded=dict(self.excluded),
        )

    def result(self, timeout: float | None = None) -> FolderUploadResult:
        """Wait for the upload to finish, then return what it did; raise ``FolderUploadFailed`` (listing every file
        that failed, with its error) if any file did not land, was cancelled, or could not be read.

        Raises ``TimeoutError`` when it is still running after *timeout* seconds (None: wait as long as it takes).
        """
        if not self._done.wait(timeout):
            raise TimeoutError(f"folder upload {self.key} is still running after {timeout} seconds")
        outcome = self.snapshot()
        if not outcome.ok:
            raise upload_failed(outcome)
        return outcome

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
    name_filter: NameFilter,
    ttl: int | None = None,
    subscribers: Iterable[Subscriber] = (),
) -> FolderUpload:
    """Count the files of *folder_path*, then upload them to *container* in the background; return the handle.

    *name_filter* says which names are left out (hidden ones unless it includes them, ``ignore`` patterns,
    include/exclude rules); each is counted in the handle's ``excluded``.
    """
    unreadable: list[SkippedPath] = []
    excluded: Counter[Category] = Counter()
    total_bytes = file_count = 0
    for entry in iter_folder(folder_path, name_filter, on_unreadable=unreadable.append):
        if isinstance(entry, LocalFile):
            total_bytes += entry.size
            file_count += 1
        elif isinstance(entry, ExcludedPath):
            excluded[entry.exclusion.category] += 1
    handle = FolderUpload(
        key=str(uuid.uuid4()),
        container=container,
        total_bytes=total_bytes,
        file_count=file_count,
        unreadable=unreadable,
        excluded=excluded,
    )
    extra = {"X-Delete-After": str(int(ttl))} if ttl is not None else None
    listeners = [handle.counter, *subscribers]

    def feed() -> None:
        pending: deque[TransferFuture[int]] = deque()
        files = (e for e in iter_folder(folder_path, name_filter) if isinstance(e, LocalFile))
        try:
            try:
                remote = _listed(engine, container)
            except Exception as exc:  # noqa: BLE001 - no listing, or no container to write into: no file can land
                _fail_unsent(handle, files, exc)
                return
            for local, listed in march(files, remote):
                if local is None:
                    continue
                if handle.token.cancelled:
                    _cancel_unsent(handle, local)
                    continue
                pending.append(
                    submit_upload(
                        engine,
                        container,
                        local.name,
                        local,
                        existing=listed.existing if listed is not None else "absent",
                        extra_headers=extra,
                        subscribers=listeners,
                        parent=handle.token,
                    )
                )
                while pending and pending[0].done():
                    _settle(handle, pending.popleft())
        except Exception as exc:  # noqa: BLE001 - the walk or the listing failed: an error of the upload, not lost
            handle.counter.on_done(TransferInfo("upload", container, "", 0), exc)
        finally:
            while pending:
                _settle(handle, pending.popleft())
            handle._done.set()

    engine.start_thread(feed, f"swiftfiles-folder-{handle.key[:8]}")
    return handle


def _settle(handle: FolderUpload, future: TransferFuture[int]) -> None:
    """Wait for one file; errors of started transfers are recorded by the counter already."""
    try:
        future.exception()
    except CancelledError:  # cancelled before it started: no subscriber heard of it
        handle.counter.on_done(future.info, TransferCancelled("cancelled before it started"))


def _cancel_unsent(handle: FolderUpload, local: LocalFile) -> None:
    info = TransferInfo("upload", handle.container, local.name, local.size, local.path)
    handle.counter.on_done(info, TransferCancelled("cancelled before it started"))


def _fail_unsent(handle: FolderUpload, files: Iterable[LocalFile], error: BaseException) -> None:
    """Nothing can be sent (the container could not be listed, or not created): every file fails with *error*, so
    ``result()`` counts them all and names the cause, and no file is tried in vain."""
    for local in files:
        handle.counter.on_done(TransferInfo("upload", handle.container, local.name, local.size, local.path), error)


@dataclass(frozen=True)
class _Listed:
    """A name the container holds already: "plain", or "unknown" for what may be a large object (its old segments
    must go when overwritten; a HEAD tells)."""

    name: str
    existing: Existing


def _listed(engine: TransferEngine, container: str) -> Iterator[_Listed]:
    """The container's listing as a stream in name order (one request per page instead of a HEAD per file).

    The first page is read here, before any file is sent: when it says the container is missing, the container is
    created (one PUT per upload, whatever the concurrency; pyrax's ``upload_folder`` created it too) and the listing
    is empty. An existing container is not PUT again: that would be a write to the account database on every upload,
    and a user whose write access comes from the container's ACL may not PUT it (tempauth answers 403).
    """
    try:
        rows = first_fetched(engine.connection.iter_objects(container))
    except NoSuchContainer:
        engine.connection.put_container(container)
        return iter(())
    return (
        _Listed(str(row["name"]), "unknown" if may_be_large_row(row) else "plain")
        for row in rows or ()
        if "name" in row
    )
