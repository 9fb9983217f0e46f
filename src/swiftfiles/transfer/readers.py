"""Request bodies for the engine: a byte range of a file, a buffer or a file object, as a rewindable, hashing
file object.

All of them hash what they hand out unless the MD5 is already known (Swift returns the MD5 it computed; comparing
the two proves the body arrived intact), report progress, honour the bandwidth limit and the cancel token between
chunks, and can be rewound to their start for a resend, which takes the reported progress back.

``FileRangeReader`` reads with ``os.pread`` on its own descriptor, so parallel segments of one file share nothing and
memory stays at one chunk per reader whatever the segment size.
"""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING, Any

from ..exceptions import IntegrityError
from .hashing import Hasher, InlineMD5, hasher_for

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self is Python 3.11+

    from .bandwidth import BandwidthLimiter
    from .futures import CancelToken
    from .progress import Progress


class _MeteredReader:
    """Common bookkeeping: hashing, progress, bandwidth, cancellation, rewinding.

    hashing=False when the MD5 is already known (a single PUT sends it as ``ETag`` and Swift checks the bytes):
    hashing again would cost a second MD5 pass for nothing. background_hash=True (a single PUT: the only stream,
    so nothing else overlaps its MD5) hashes large bodies on a thread of their own (``hashing.hasher_for``) while
    the socket writes go on; ``close()`` releases it. Segments sent in parallel hash inline: the other workers
    already keep the cores busy, and a queue per segment would only add memory.
    """

    def __init__(
        self,
        size: int,
        chunk_size: int,
        progress: Progress | None,
        limiter: BandwidthLimiter | None,
        token: CancelToken | None,
        hashing: bool = True,
        background_hash: bool = False,
    ) -> None:
        self.size = size
        self._chunk = chunk_size
        self._progress = progress
        self._limiter = limiter
        self._token = token
        self._pos = 0
        self._hashing = hashing
        self._background = background_hash
        self._digest: Hasher = hasher_for(size, background_hash) if hashing else InlineMD5()

    def _fetch(self, offset: int, length: int) -> bytes:
        raise NotImplementedError

    def read(self, amt: int | None = -1) -> bytes:
        if self._token is not None:
            self._token.check()
        want = self._chunk if amt is None or amt < 0 else min(amt, self._chunk)
        want = min(want, self.size - self._pos)
        if want <= 0:
            return b""
        if self._limiter is not None:
            self._limiter.consume(want)
        data = self._fetch(self._pos, want)
        if not data:
            raise OSError(f"the source ended {self.size - self._pos} bytes early (was it truncated?)")
        self._pos += len(data)
        if self._hashing:
            self._digest.update(data)
        if self._progress is not None:
            self._progress.moved(len(data))
        return data

    def __len__(self) -> int:
        return self.size

    def disable_hashing(self) -> None:
        """Stop hashing (the MD5 is known and travels as ``ETag``); only before the first read."""
        if self._pos:
            raise ValueError("hashing can only be turned off before reading")
        self._hashing = False
        self._digest.close()

    @property
    def hexdigest(self) -> str:
        if not self._hashing:
            raise ValueError("this reader was created with hashing=False")
        return self._digest.hexdigest()

    @property
    def complete(self) -> bool:
        return self._pos == self.size

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        """Only rewinding to the start is supported (what a resend needs)."""
        if offset != 0 or whence != 0:
            raise OSError("a segment reader can only be rewound to its start")
        if self._progress is not None and self._pos:
            self._progress.moved(-self._pos)
        self._pos = 0
        self._digest.close()
        self._digest = hasher_for(self.size, self._background) if self._hashing else InlineMD5()
        return 0

    def close(self) -> None:
        """Release the hashing thread, if any (subclasses release their source too)."""
        self._digest.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FileRangeReader(_MeteredReader):
    """``size`` bytes of a file starting at *offset*; *path* is a file name or an open descriptor (not closed here:
    ``pread`` leaves the descriptor's position alone, so readers can share one)."""

    def __init__(
        self,
        path: str | int,
        offset: int,
        size: int,
        *,
        chunk_size: int = 1 << 20,
        progress: Progress | None = None,
        limiter: BandwidthLimiter | None = None,
        token: CancelToken | None = None,
        hashing: bool = True,
        background_hash: bool = False,
    ) -> None:
        super().__init__(size, chunk_size, progress, limiter, token, hashing, background_hash)
        self._offset = offset
        self._owned = not isinstance(path, int)
        self._fd = path if isinstance(path, int) else os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))

    def _fetch(self, offset: int, length: int) -> bytes:
        return os.pread(self._fd, length, self._offset + offset)

    def range_md5(self) -> str:
        """The MD5 of the whole range, read separately (the reader's position is not moved)."""
        return md5_of_file_range(self._fd, self._offset, self.size, self._chunk)

    def close(self) -> None:
        super().close()
        if self._owned and self._fd >= 0:
            os.close(self._fd)
        self._fd = -1


class BufferReader(_MeteredReader):
    """A segment already in memory: a piece of a stream of unknown length, or a slice of an in-memory payload
    (a ``memoryview``, so cutting a large payload into segments copies nothing)."""

    def __init__(
        self,
        data: bytes | memoryview,
        *,
        chunk_size: int = 1 << 20,
        progress: Progress | None = None,
        limiter: BandwidthLimiter | None = None,
        token: CancelToken | None = None,
        hashing: bool = True,
    ) -> None:
        super().__init__(len(data), chunk_size, progress, limiter, token, hashing)
        self._view = memoryview(data)

    def _fetch(self, offset: int, length: int) -> bytes:
        return bytes(self._view[offset : offset + length])

    def close(self) -> None:
        super().close()
        self._view.release()


class FileObjectReader(_MeteredReader):
    """*size* bytes of a seekable binary file object that has no descriptor to ``pread`` (``io.BytesIO``, a member
    of an archive, ...), from its position when handed over; rewinding seeks back there.

    Its MD5 is normally computed before sending (the object is seekable) and travels as ``ETag``, hence
    ``hashing=False`` by default; the reader still reports progress and honours the bandwidth limit and cancellation.
    """

    def __init__(
        self,
        fileobj: IO[bytes],
        size: int,
        *,
        chunk_size: int = 1 << 20,
        progress: Progress | None = None,
        limiter: BandwidthLimiter | None = None,
        token: CancelToken | None = None,
        hashing: bool = False,
    ) -> None:
        super().__init__(size, chunk_size, progress, limiter, token, hashing)
        self._file = fileobj
        self._start = fileobj.tell()

    def _fetch(self, offset: int, length: int) -> bytes:
        if self._file.tell() != self._start + offset:
            self._file.seek(self._start + offset)
        data: bytes | str = self._file.read(length)
        if isinstance(data, str):
            raise TypeError("upload file objects must be opened in binary mode ('rb'), not text mode")
        return bytes(data)


def md5_of_file_range(path: str | int, offset: int, size: int, chunk_size: int = 1 << 20) -> str:
    """Hex MD5 of a byte range (used to check which stored segments can be reused on resume)."""
    reader = FileRangeReader(path, offset, size, chunk_size=chunk_size)
    try:
        while reader.read(chunk_size):
            pass
        return reader.hexdigest
    finally:
        reader.close()


def hash_file_range(
    digest: Any, fd: int, offset: int, size: int, chunk_size: int = 1 << 20, token: CancelToken | None = None
) -> None:
    """Feed bytes ``[offset, offset + size)`` of the open file *fd* to *digest* (``pread``: the position stays).

    What a large upload's whole-file MD5 is built with, segment after segment in order, right after the workers read
    them (so from the page cache, normally)."""
    end = offset + size
    while offset < end:
        if token is not None:
            token.check()
        data = os.pread(fd, min(chunk_size, end - offset), offset)
        if not data:
            raise IntegrityError(f"the file ended at byte {offset} while {end} were expected (was it truncated?)")
        digest.update(data)
        offset += len(data)
