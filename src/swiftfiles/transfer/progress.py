"""Progress reporting: subscribers receive byte counts; library code never prints.

A subscriber implements any of ``on_queued(transfer)``, ``on_progress(transfer, nbytes)`` and
``on_done(transfer, error)``. ``transfer`` is a ``TransferInfo`` (what moves, how many bytes in all when known).
Callbacks run on worker threads: keep them quick and thread-safe (a CLI updates a progress bar; an application
adds to a counter under a lock).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TransferInfo:
    """What a transfer moves: ``direction`` is "upload" or "download"; ``size`` is None when unknown."""

    direction: str
    container: str
    name: str
    size: int | None = None
    path: str | None = None


class Subscriber(Protocol):
    def on_queued(self, transfer: TransferInfo) -> None: ...

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None: ...

    def on_done(self, transfer: TransferInfo, error: BaseException | None) -> None: ...


class BaseSubscriber:
    """A subscriber that ignores everything; subclass and override what you need."""

    def on_queued(self, transfer: TransferInfo) -> None:
        """The transfer was accepted and will start when a worker is free."""

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None:
        """*nbytes* more bytes moved (negative when bytes are taken back: a part resent, a transfer failed)."""

    def on_done(self, transfer: TransferInfo, error: BaseException | None) -> None:
        """The transfer finished; *error* is None on success."""


class ByteCounter(BaseSubscriber):
    """Counts bytes moved and transfers finished, thread-safely (what ``get_uploaded`` reports)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.bytes = 0
        self.done = 0
        self.errors: list[tuple[TransferInfo, BaseException]] = []

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None:
        with self._lock:
            self.bytes += nbytes

    def on_done(self, transfer: TransferInfo, error: BaseException | None) -> None:
        with self._lock:
            self.done += 1
            if error is not None:
                self.errors.append((transfer, error))


class Progress:
    """Fans one transfer's events out to its subscribers; the handle the engine passes around.

    A transfer that fails takes its progress back (one negative ``on_progress``) before ``on_done``, so summed
    progress always means bytes that actually landed.
    """

    def __init__(self, info: TransferInfo, subscribers: Iterable[Subscriber] = ()) -> None:
        self.info = info
        self._subscribers: Sequence[Subscriber] = tuple(subscribers)
        self._lock = threading.Lock()
        self._total = 0

    def queued(self) -> None:
        for sub in self._subscribers:
            sub.on_queued(self.info)

    def moved(self, nbytes: int) -> None:
        if nbytes:
            with self._lock:
                self._total += nbytes
            for sub in self._subscribers:
                sub.on_progress(self.info, nbytes)

    def done(self, error: BaseException | None = None) -> None:
        if error is not None and self._total:
            self.moved(-self._total)
        for sub in self._subscribers:
            sub.on_done(self.info, error)
