"""``SwiftFile``: what ``SwiftFileSystem.open`` returns.

**rb**: seekable; reads go through fsspec's block cache (read-ahead by default), each miss one ``Range`` GET pinned
to the version opened (``If-Match``) and resumed if the connection drops (``ranges.ranged_get``).

**wb / xb**: streamed, in memory bounded by the block size whatever the file size. A file closed before its first
block is full is one MD5-verified PUT. A larger one is handed block by block, through a small bounded queue, to
``store_object(container, key, <generator>)`` running on a background thread; the library cuts that stream into
``TransferConfig.stream_segment_size`` segments, verifies each, and writes a static large object manifest at the
end. A write that fails, is ``discard()``-ed, or is left by an exception inside ``with fs.open(...)`` stores
nothing: the generator raises, and the library deletes the segments it had sent.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

from fsspec.spec import AbstractBufferedFile

from swiftfiles import StorageClient, SwiftFilesError

from .errors import translate, translated
from .ranges import ranged_get

T = TypeVar("T")


class FileSystemLike(Protocol):
    """What a file needs of its filesystem (``SwiftFileSystem``, which imports this module)."""

    @property
    def client(self) -> StorageClient: ...

    def _call(self, path: str, operation: Callable[[StorageClient], T]) -> T: ...


#: Blocks waiting between ``write()`` and the upload thread. With the block being filled and the one the library is
#: reading, at most ``_QUEUE_DEPTH + 2`` blocks of the file are in memory on this side of the library.
_QUEUE_DEPTH = 1
_POLL = 0.2


class _End:
    """Queue marker: the file is complete."""


class _Abort:
    """Queue marker: the write was abandoned; the upload must fail so the library cleans up its segments."""


class WriteAbandoned(Exception):
    """Raised inside the upload's data stream when the file is discarded; never seen by callers."""


class _StreamUpload:
    """One streamed ``store_object`` on a background thread, fed blocks through a bounded queue."""

    def __init__(self, client: StorageClient, container: str, key: str, piece_size: int, **options: Any) -> None:
        self._queue: queue.Queue[bytes | _End | _Abort] = queue.Queue(maxsize=_QUEUE_DEPTH)
        self._piece_size = piece_size
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(client, container, key, options), name=f"swift-write:{key[:40]}", daemon=True
        )
        self._thread.start()

    def _run(self, client: StorageClient, container: str, key: str, options: dict[str, Any]) -> None:
        try:
            client.store_object(container, key, self._blocks(), **options)
        except BaseException as exc:  # noqa: BLE001 - handed to the writing thread, which raises it
            self._error = exc

    def _blocks(self) -> Iterator[bytes]:
        while True:
            item = self._queue.get()
            if isinstance(item, _End):
                return
            if isinstance(item, _Abort):
                raise WriteAbandoned("the file was discarded before it was closed")
            yield item

    def _put(self, item: bytes | _End | _Abort) -> None:
        while True:
            self._raise_if_failed()
            try:
                self._queue.put(item, timeout=_POLL)
                return
            except queue.Full:
                continue

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._error
        if not self._thread.is_alive():
            raise RuntimeError("the upload thread stopped before the file was complete")

    def send(self, data: memoryview) -> None:
        """Queue a copy of *data* (in pieces of at most the block size), waiting while the queue is full."""
        for offset in range(0, len(data), self._piece_size):
            self._put(bytes(data[offset : offset + self._piece_size]))

    def finish(self) -> None:
        """Mark the end, wait for the manifest, and raise what the upload raised."""
        self._put(_End())
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        """Make the upload fail (the library then deletes its segments) and wait for it."""
        with contextlib.suppress(queue.Empty):
            while True:
                self._queue.get_nowait()
        with contextlib.suppress(queue.Full):
            self._queue.put(_Abort(), timeout=_POLL)
        while self._thread.is_alive():
            # the upload thread may be mid-request; keep the abort marker in front of it until it stops
            with contextlib.suppress(queue.Full):
                self._queue.put(_Abort(), timeout=_POLL)
            self._thread.join(_POLL)


class SwiftFile(AbstractBufferedFile):  # type: ignore[misc]  # fsspec is untyped
    """A file of a ``SwiftFileSystem`` (see the module description)."""

    closed: bool

    def __init__(
        self,
        fs: FileSystemLike,
        path: str,
        container: str,
        key: str,
        *,
        mode: str,
        block_size: int,
        cache_options: dict[str, Any] | None = None,
        details: dict[str, Any] | None = None,
        content_type: str | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.container = container
        self.key = key
        self._upload: _StreamUpload | None = None
        self._write_options: dict[str, Any] = {}
        if content_type:
            self._write_options["content_type"] = content_type
        if metadata:
            self._write_options["metadata"] = metadata
        cache_type = kwargs.pop("cache_type", "readahead")
        super().__init__(
            fs,
            path,
            mode=mode,
            block_size=block_size,
            cache_type=cache_type,
            cache_options=cache_options,
            size=details["size"] if details else None,
            **kwargs,
        )
        if details is not None:
            self.details = details
        etag = details.get("ETag") if details else None
        self._etag = f'"{etag}"' if etag else None

    # -- reading ------------------------------------------------------------------------------------------------

    def _fetch_range(self, start: int, end: int) -> bytes:
        end = min(end, self.size)
        if start >= end:
            return b""
        fs: FileSystemLike = self.fs
        return fs._call(self.path, lambda c: ranged_get(c, self.container, self.key, start, end, etag=self._etag))

    # -- writing ------------------------------------------------------------------------------------------------

    def _initiate_upload(self) -> None:
        """Nothing to do yet: whether this becomes one PUT or a stream is known at the first full block or close."""

    def _upload_chunk(self, final: bool = False) -> bool:
        fs: FileSystemLike = self.fs
        if self._upload is None and final:
            data = self.buffer.getvalue()
            headers = {"If-None-Match": "*"} if self.mode == "xb" else None

            fs._call(
                self.path,
                lambda c: c.store_object(self.container, self.key, data, headers=headers, **self._write_options),
            )
            return True
        try:
            if self._upload is None:
                # Fails early (and falls back from a refused carried token) before any byte is queued.
                fs._call(self.path, lambda c: c.get_container(self.container))
                self._upload = _StreamUpload(fs.client, self.container, self.key, self.blocksize, **self._write_options)
            with self.buffer.getbuffer() as view:  # no copy of the whole block: send() copies piece by piece
                self._upload.send(view)
            if final:
                self._upload.finish()
        except SwiftFilesError as exc:
            mapped = translate(exc, self.path)
            if mapped is exc:
                raise
            raise mapped from exc
        return True

    def discard(self) -> None:
        """Abandon a file being written: nothing is stored, and segments already sent are deleted."""
        if self.mode == "rb" or self.closed:
            return
        if self._upload is not None:
            self._upload.abort()
        self.buffer = io.BytesIO()
        self.forced = True
        self.closed = True

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        """An exception inside ``with fs.open(path, "wb")`` discards the file instead of storing half of it."""
        if exc_type is not None and self.writable():
            self.discard()
        else:
            self.close()

    def close(self) -> None:
        if self.closed:
            return
        if self.mode != "rb":
            try:
                super().close()
            except BaseException:
                if self._upload is not None:
                    self._upload.abort()
                raise
            return
        with translated(self.path):
            super().close()
