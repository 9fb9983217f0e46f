"""``-P/--progress``: subscribers that show bytes, rate and ETA while transfers run.

On a terminal, rich draws bars redrawn in place (overall, and one per file in flight); elsewhere (a log, a pipe)
a plain line is written at most every few seconds; with ``-q`` or without ``-P`` nothing is shown. Output goes
to stderr so stdout stays clean for data (``download -o -``, ``cat``). The library calls subscribers from its
worker threads: every method here is thread-safe (rich's ``Progress`` has its own lock; the plain form keeps a
lock of its own). The bars are the library's ``swiftfiles.ProgressBar``; rich is imported only when bars are drawn.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING, TextIO

from swiftfiles import BaseSubscriber, ProgressBar, TransferInfo

from .output import human_size

if TYPE_CHECKING:
    from types import TracebackType


class Display(BaseSubscriber):
    """No display: what ``-q`` or no ``-P`` gets. Also the interface the others implement."""

    def expect(self, nbytes: int, files: int = 1) -> None:
        """Announce work before it starts so the overall total (and ETA) is right from the first byte."""

    def __enter__(self) -> Display:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Draw the final state and release the terminal."""


class Lines(Display):
    """Plain periodic lines for logs and pipes: ``progress: 12.0M/40.0M (30%), 3/10 files, 5.1M/s``."""

    def __init__(self, stream: TextIO | None = None, interval: float = 2.0) -> None:
        self._stream = stream or sys.stderr
        self._interval = interval
        self._lock = threading.Lock()
        self._announced = False
        self._total = 0
        self._files = 0
        self._done = 0
        self._moved = 0
        self._started = time.monotonic()
        self._last = self._started

    def expect(self, nbytes: int, files: int = 1) -> None:
        with self._lock:
            self._announced = True
            self._total += nbytes
            self._files += files

    def on_queued(self, transfer: TransferInfo) -> None:
        """Without ``expect`` (a library sync plans its own work), totals grow as transfers are queued."""
        with self._lock:
            if not self._announced:
                self._total += transfer.size or 0
                self._files += 1

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None:
        with self._lock:
            self._moved += nbytes
            now = time.monotonic()
            if now - self._last >= self._interval:
                self._last = now
                self._write(now)

    def on_done(self, transfer: TransferInfo, error: BaseException | None) -> None:
        with self._lock:
            self._done += 1

    def _write(self, now: float) -> None:
        rate = self._moved / max(now - self._started, 1e-6)
        total = f"/{human_size(self._total)}" if self._total else ""
        pct = f" ({100 * self._moved // self._total}%)" if self._total else ""
        files = f", {self._done}/{self._files} files" if self._files > 1 else ""
        self._stream.write(f"progress: {human_size(self._moved)}{total}{pct}{files}, {human_size(rate)}/s\n")
        self._stream.flush()

    def close(self) -> None:
        with self._lock:
            self._write(time.monotonic())


class Bars(ProgressBar, Display):
    """rich progress bars on the terminal: the library's ``swiftfiles.ProgressBar`` (an overall bar, and one bar per
    file while it moves), as a ``Display``."""

    def __enter__(self) -> Bars:
        return self


def display(enabled: bool, quiet: bool, stream: TextIO | None = None) -> Display:
    """The display for ``-P`` (*enabled*) and ``-q``: bars on a terminal, lines elsewhere, else nothing."""
    if not enabled or quiet:
        return Display()
    target = stream or sys.stderr
    if target.isatty():
        return Bars(target)
    return Lines(target)
