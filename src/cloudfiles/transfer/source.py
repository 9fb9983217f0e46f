"""What an upload reads from: bytes, text, a path, a file object or an iterable of chunks.

``UploadSource`` normalises all of them into something the HTTP layer can send, tells whether its length and MD5 can
be known *before* sending (so the server can verify the bytes against an ``ETag`` and refuse a corrupted transfer
with 422 before it replaces anything), and otherwise hashes the bytes as they go out so the caller can compare
with the ETag the server computed.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..exceptions import FileNotFound, NoContentSpecified

HASH_BLOCK = 1 << 20


def md5() -> Any:
    """An MD5 object for integrity checks (Swift's ETag), marked as not used for security where Python allows."""
    try:
        return hashlib.md5(usedforsecurity=False)
    except TypeError:  # pragma: no cover - Python builds without the keyword
        return hashlib.md5()


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


class HashingReader:
    """Wraps a binary file or an iterable of chunks; hashes and counts every byte handed to the HTTP layer.

    As a file-like object it lets urllib3 send with ``Content-Length`` or chunked encoding alike; ``chunk_size``
    bounds each read, so memory stays bounded whatever the stream's length.
    """

    def __init__(self, source: IO[bytes] | Iterable[bytes], chunk_size: int = 1 << 20) -> None:
        self._file: IO[bytes] | None = source if hasattr(source, "read") else None  # type: ignore[assignment]
        self._iter: Iterator[bytes] | None = None if self._file is not None else iter(source)
        self._chunk = chunk_size
        self._pending = b""
        self._start: int | None = None
        if self._file is not None and _is_seekable(self._file):
            self._start = self._file.tell()
        self.digest = md5()
        self.bytes_read = 0

    # A seekable source can be replayed by the retry loop: seeking back to the start resets the hash too.
    def seekable(self) -> bool:
        return self._start is not None

    def tell(self) -> int:
        if self._file is None or self._start is None:
            raise OSError("this upload source cannot be rewound")
        return self._file.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        if self._file is None or self._start is None or whence != 0 or offset != self._start:
            raise OSError("an upload source can only be rewound to where it started")
        self.digest = md5()
        self.bytes_read = 0
        return self._file.seek(offset)

    def read(self, amt: int = -1) -> bytes:
        size = self._chunk if amt is None or amt < 0 else min(amt, self._chunk)
        data = self._file.read(size) if self._file is not None else self._next_from_iter(size)
        if data:
            if isinstance(data, str):
                data = data.encode("utf-8")
            self.digest.update(data)
            self.bytes_read += len(data)
        return bytes(data)

    def _next_from_iter(self, size: int) -> bytes:
        assert self._iter is not None
        while not self._pending:
            try:
                chunk = next(self._iter)
            except StopIteration:
                return b""
            self._pending = chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def __iter__(self) -> Iterator[bytes]:
        while block := self.read(self._chunk):
            yield block

    @property
    def hexdigest(self) -> str:
        return str(self.digest.hexdigest())


class UploadSource:
    """One upload's body, with its length and MD5 when they can be known up front.

    data: bytes, str (sent as UTF-8), a binary file object or an iterable of bytes chunks.
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
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        self.data: bytes | IO[bytes] | Iterable[bytes] = data
        self.length: int | None = None
        #: Where reading starts in a file (its position when it was handed over).
        self.start = 0
        if isinstance(data, bytes):
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
    def seekable(self) -> bool:
        return isinstance(self.data, bytes) or _is_seekable(self.data)

    def precomputed_md5(self, length: int | None = None) -> str | None:
        """The MD5 of what will be sent, when it can be computed without consuming the source."""
        if isinstance(self.data, bytes):
            return str(md5_bytes(self.data[:length] if length is not None else self.data))
        if self.seekable:
            return file_md5(self.data, length)  # type: ignore[arg-type]
        return None

    def close(self) -> None:
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


def md5_bytes(data: bytes) -> str:
    digest = md5()
    digest.update(data)
    return str(digest.hexdigest())


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
