"""Cancellation and results of transfers: ``CancelToken`` and ``TransferFuture``.

Cancellation is cooperative: a token is a flag that every reader and writer checks between chunks, so in-flight
work stops within one chunk and the failed upload's cleanup (deleting the segments it wrote) still runs. Tokens form
a tree (engine → folder upload → transfer → its parts): cancelling a node cancels everything below it and nothing
beside it, so one cancelled transfer never makes the engine unusable.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

from ..exceptions import TransferCancelled
from .progress import TransferInfo

T = TypeVar("T")


class CancelToken:
    """A cancellation flag shared by one transfer's threads (or a whole engine's)."""

    def __init__(self, parent: CancelToken | None = None) -> None:
        self._event = threading.Event()
        self._parent = parent

    def child(self) -> CancelToken:
        """A token cancelled with this one (and on its own)."""
        return CancelToken(self)

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set() or (self._parent is not None and self._parent.cancelled)

    def check(self) -> None:
        """Raise ``TransferCancelled`` if this transfer (or anything above it) was cancelled."""
        if self.cancelled:
            raise TransferCancelled("the transfer was cancelled")


class TransferFuture(Generic[T]):
    """The result of one submitted transfer: ``result()``, ``done()``, ``cancel()``, ``exception()``.

    ``info`` says what moves (container, name, size, local path).
    """

    def __init__(self, future: Future[T], token: CancelToken, info: TransferInfo) -> None:
        self._future = future
        self.token = token
        self.info = info

    def result(self, timeout: float | None = None) -> T:
        """The transfer's result; raises its error (``TransferCancelled`` after ``cancel()``)."""
        return self._future.result(timeout)

    def exception(self, timeout: float | None = None) -> BaseException | None:
        return self._future.exception(timeout)

    def done(self) -> bool:
        return self._future.done()

    def cancel(self) -> None:
        """Stop the transfer as soon as possible (it then fails with ``TransferCancelled``)."""
        self._future.cancel()
        self.token.cancel()

    def add_done_callback(self, fn: Callable[[TransferFuture[T]], None]) -> None:
        self._future.add_done_callback(lambda _: fn(self))

    def __repr__(self) -> str:
        state = "done" if self.done() else "running"
        return f"<TransferFuture {self.info.direction} {self.info.container}/{self.info.name} {state}>"
