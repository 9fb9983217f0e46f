"""MD5 on a thread of its own, so that hashing a large body overlaps sending it.

A single verified PUT must hash every byte it sends (the ETag Swift returns is compared with it). Done in the
sending thread, the MD5 (OpenSSL's own speed, a few hundred MiB/s per core) and the socket writes take turns, and
one stream runs at the speed of both added up. ``hashlib`` releases the GIL while it hashes more than a
couple of kilobytes, so a second thread really runs in parallel: the sender hands each chunk over (``bytes`` are
immutable, nothing is copied) and goes on writing while this thread hashes it. At most ``max_pending`` chunks wait,
so memory stays bounded when the hash falls behind.

Only single PUTs ask for it (``readers``): segments uploaded in parallel already overlap each other's hashing.
Small bodies are hashed inline: starting a thread costs more than hashing a few megabytes.
"""

from __future__ import annotations

import queue
import threading
from typing import Any, Protocol

from ..swift.etag import md5

#: Bodies of at least this many bytes are hashed on a background thread.
BACKGROUND_MIN_BYTES = 8 << 20


class Hasher(Protocol):
    def update(self, data: bytes) -> None: ...

    def hexdigest(self) -> str: ...

    def close(self) -> None: ...


class InlineMD5:
    """MD5 in the caller's thread."""

    def __init__(self) -> None:
        self._digest: Any = md5()

    def update(self, data: bytes) -> None:
        self._digest.update(data)

    def hexdigest(self) -> str:
        return str(self._digest.hexdigest())

    def close(self) -> None:
        """Nothing to release."""


class BackgroundMD5:
    """MD5 fed through a bounded queue to a daemon thread started on the first ``update``.

    ``hexdigest`` waits for the queued chunks; ``close`` stops the thread without a result (an abandoned or
    rewound body). The thread is a daemon so that a caller who forgets ``close`` never keeps the interpreter alive.
    """

    _STOP = b""

    def __init__(self, max_pending: int = 2) -> None:
        self._digest: Any = md5()
        self._queue: queue.Queue[bytes] = queue.Queue(max_pending)
        self._thread: threading.Thread | None = None
        self._result: str | None = None

    def update(self, data: bytes) -> None:
        if not data:
            return
        if self._result is not None:
            raise ValueError("update() after hexdigest()")
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="swiftfiles-md5", daemon=True)
            self._thread.start()
        self._queue.put(data)

    def _run(self) -> None:
        while data := self._queue.get():
            self._digest.update(data)

    def _join(self) -> None:
        if self._thread is not None:
            self._queue.put(self._STOP)
            self._thread.join()
            self._thread = None

    def hexdigest(self) -> str:
        if self._result is None:
            self._join()
            self._result = str(self._digest.hexdigest())
        return self._result

    def close(self) -> None:
        self._join()


def hasher_for(size: int, background: bool) -> Hasher:
    """With *background*, a background MD5 for bodies of at least ``BACKGROUND_MIN_BYTES``; else an inline one."""
    return BackgroundMD5() if background and size >= BACKGROUND_MIN_BYTES else InlineMD5()
