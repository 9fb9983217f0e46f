"""A ready progress bar for transfers: ``ProgressBar``, a subscriber drawing rich bars on the terminal.

Pass it as a subscriber to any upload or download (``upload_file``, ``download_object``, ``fetch_object``,
``upload_folder``, both syncs, ``client.engine``)::

    from swiftfiles import ProgressBar

    with ProgressBar() as bar:
        client.upload_file("backups", "/data/db.dump", subscribers=[bar])
        client.sync_container_to_folder("photos", "/restore", subscribers=[bar])

It draws an overall bar (bytes, rate, time left) and one bar per transfer while it moves, redrawn in place. It uses
rich, the library the ``swiftfiles`` command line draws its ``-P`` bars with (they are this class), installed by
``pip install 'swiftfiles[progress]'`` (or ``[cli]``). rich is imported only when a bar is created, so
``import swiftfiles`` never loads it. The library calls subscribers from its worker threads: every method is
thread-safe (rich's ``Progress`` has its own lock; the task table has one of its own).
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any, TextIO

from .transfer.progress import BaseSubscriber, TransferInfo

if TYPE_CHECKING:
    from types import TracebackType

#: What to install when rich is missing.
INSTALL_HINT = "pip install 'swiftfiles[progress]'"


class ProgressBar(BaseSubscriber):
    """rich progress bars: an overall bar, and one bar per file while it moves.

    stream: where to draw (default ``sys.stderr``, so stdout stays clean for data). On a stream that is not a
    terminal, rich draws nothing until ``close()``, then the final state once.
    transient: remove the bars from the screen when closed (default: leave the final state visible).

    Totals grow as transfers are queued; call ``expect(nbytes, files)`` first when the whole amount is known in
    advance, so the overall bar and its time left are right from the first byte. Use it as a context manager, or
    call ``close()``: that draws the final state and gives the terminal back.
    """

    def __init__(self, stream: TextIO | None = None, *, transient: bool = False) -> None:
        try:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )
        except ImportError as exc:
            raise ImportError(
                f"swiftfiles' ProgressBar draws with rich, which is not installed: {INSTALL_HINT}"
            ) from exc

        self._progress = Progress(
            TextColumn("{task.description}", justify="left"),
            BarColumn(),
            DownloadColumn(binary_units=True),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream or sys.stderr),
            transient=transient,
        )
        self._lock = threading.Lock()
        self._overall = self._progress.add_task("total", total=0)
        self._tasks: dict[tuple[str, str, str], Any] = {}
        self._expected = 0
        self._announced = False
        self._closed = False
        self._progress.start()

    def expect(self, nbytes: int, files: int = 1) -> None:
        """Announce *nbytes* of work before it starts (the overall total then no longer grows as work is queued)."""
        with self._lock:
            self._announced = True
            self._expected += nbytes
            self._progress.update(self._overall, total=self._expected)

    def _task(self, transfer: TransferInfo) -> Any:
        key = (transfer.direction, transfer.container, transfer.name)
        with self._lock:
            task = self._tasks.get(key)
            if task is None:
                label = transfer.name if len(transfer.name) <= 40 else "…" + transfer.name[-39:]
                task = self._progress.add_task(label, total=transfer.size)
                self._tasks[key] = task
            return task

    def on_queued(self, transfer: TransferInfo) -> None:
        self._task(transfer)
        with self._lock:
            if not self._announced and transfer.size:  # nothing announced: totals grow as work is queued
                self._expected += transfer.size
                self._progress.update(self._overall, total=self._expected)

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None:
        self._progress.advance(self._task(transfer), nbytes)
        self._progress.advance(self._overall, nbytes)

    def on_done(self, transfer: TransferInfo, error: BaseException | None) -> None:
        key = (transfer.direction, transfer.container, transfer.name)
        with self._lock:
            task = self._tasks.pop(key, None)
        if task is not None:
            self._progress.remove_task(task)

    def close(self) -> None:
        """Draw the final state and release the terminal (closing twice does nothing)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._progress.stop()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


__all__ = ["INSTALL_HINT", "ProgressBar"]
