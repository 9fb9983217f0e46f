"""What an upload reads from: bytes, text, a path, a file object or an iterable of chunks.

``UploadSource`` normalises all of them into something the HTTP layer can send and tells whether its length and
MD5 can be known *before* sending (so the server can verify the bytes against an ``ETag`` and refuse a corrupted
transfer with 422 before it replaces anything). The readers that send it (``readers``) hash the bytes as they go
out when the MD5 could not be known first, so the caller can compare with the ETag the server computed.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable
from typing import IO, Any

from ..exceptions import FileNotFound, NoContentSpecified
from ..swift.etag import md5

HASH_BLOCK = 1 << 20


def buffer_md5(data: bytes | memoryview) -> str:
    """Hex MD5 of an in-memory payload (a bytes object or a byte view), without copying it."""
    digest = md5()
    digest.update(data)
    return str(digest.hexdigest())


def file_md5(fileobj: IO[bytes], length: int | None = None) -> str:
    """Hex MD5 of the next *length* bytes (or to the end) of *fileobj*; the position is restored afterwards."""
    start = fileobj.tell()
    digest = md5()
    remaining = length
    while remaining is None or remaining > 0:
        block = fileobj.read(HASH_BLOCK if remaining is None else min(HASH_BLOCK, remaining))
        if not block:
            break
        digest.update(block)
        if remaining is not None:
            remaining -= len(block)
    fileobj.seek(start)
    return str(digest.hexdigest())


class UploadSource:
    """One upload's body, with its length and MD5 when they can be known up front.

    data: bytes, bytearray, memoryview (read in place, never copied), str (sent as UTF-8), a binary file object or
    an iterable of bytes chunks.
    path: a file on disk (opened and closed here).
    """

    def __init__(self, *, data: Any = None, path: str | os.PathLike[str] | None = None) -> None:
        self._owned: IO[bytes] | None = None
        self.path = os.fspath(path) if path is not None else None
        if self.path is not None:
            if not os.path.isfile(self.path):
                raise FileNotFound(f"no such file: {self.path!r}")
            self._owned = open(self.path, "rb")  # noqa: SIM115 - closed by close()
            data = self._owned
        if data is None:
            raise NoContentSpecified("nothing to upload: pass data or a file")
        if isinstance(data, str):
            data = data.encode("utf-8")
        self._view: memoryview | None = None
        if isinstance(data, (bytearray, memoryview)):
            # A flat byte view of the caller's buffer, not a copy: a large payload is cut into segments by slicing
            # it. (A non-contiguous view has no flat form without copying.)
            view = memoryview(data)
            data = self._view = view.cast("B") if view.c_contiguous else memoryview(view.tobytes())
        self.data: bytes | memoryview | IO[bytes] | Iterable[bytes] = data
        self.length: int | None = None
        #: Where reading starts in a file (its position when it was handed over).
        self.start = 0
        if isinstance(data, (bytes, memoryview)):
            self.length = len(data)
        elif hasattr(data, "read"):
            self.length = _remaining_length(data)
            if self.fileno() is not None:
                self.start = int(data.tell())

    def fileno(self) -> int | None:
        """The descriptor of a regular file on disk (read with ``pread``, in parallel), else None."""
        try:
            fd = int(self.data.fileno())  # type: ignore[union-attr]
            return fd if os.fstat(fd).st_mode & 0o170000 == 0o100000 else None
        except (AttributeError, OSError, io.UnsupportedOperation, ValueError):
            return None

    @property
    def buffer(self) -> memoryview | None:
        """The payload as a flat byte view when it is in memory (bytes, bytearray, memoryview), else None."""
        if isinstance(self.data, bytes):
            return memoryview(self.data)
        return self.data if isinstance(self.data, memoryview) else None

    @property
    def seekable(self) -> bool:
        return isinstance(self.data, (bytes, memoryview)) or _is_seekable(self.data)

    def precomputed_md5(self, length: int | None = None) -> str | None:
        """The MD5 of what will be sent, when it can be computed without consuming the source."""
        buffer = self.buffer
        if buffer is not None:
            return buffer_md5(buffer[:length] if length is not None else buffer)
        if self.seekable:
            return file_md5(self.data, length)  # type: ignore[arg-type]
        return None

    def close(self) -> None:
        if self._view is not None:
            with contextlib.suppress(BufferError):  # a view still exported elsewhere is released when collected
                self._view.release()
            self._view = None
        if self._owned is not None:
            self._owned.close()
            self._owned = None

    def __enter__(self) -> UploadSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_seekable(fileobj: Any) -> bool:
    try:
        return bool(fileobj.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _remaining_length(fileobj: Any) -> int | None:
    """Bytes left between the current position and the end, for regular files and seekable buffers."""
    try:
        fileno = fileobj.fileno()
        stat = os.fstat(fileno)
        if stat.st_mode & 0o170000 == 0o100000:  # regular file
            return max(stat.st_size - int(fileobj.tell()), 0)
        return None
    except (AttributeError, OSError, io.UnsupportedOperation, ValueError):
        pass
    try:
        if fileobj.seekable():
            here = fileobj.tell()
            end = fileobj.seek(0, io.SEEK_END)
            fileobj.seek(here)
            return int(end - here)
    except (AttributeError, OSError, ValueError):
        pass
    return None
