"""``TransferManager``: the one engine behind every upload and download path.

It receives a client and returns futures (s3transfer's shape). Two thread pools keep it deadlock-free: a whole
transfer (one file, one object) runs on a *coordinator* thread, and the requests it fans out (segments, ranged parts)
run on *worker* threads. A coordinator may wait on its workers; workers never wait on anything but the network. With
``concurrency`` N there are at most N requests in flight for parts, plus one per active coordinator.

Cancellation is cooperative: ``TransferFuture.cancel()`` (or leaving the manager's ``with`` block with an exception)
sets an event that every reader and writer checks between chunks, so in-flight work stops within one chunk, and the
failed upload's cleanup (deleting the segments it wrote) still runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..exceptions import TransferCancelled
from .bandwidth import BandwidthLimiter
from .config import TransferConfig
from .progress import Progress, Subscriber, TransferInfo

if TYPE_CHECKING:
    from ..client import StorageClient

T = TypeVar("T")


class CancelToken:
    """A cancellation flag shared by one transfer's threads (or a whole manager's)."""

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
        """Raise ``TransferCancelled`` if this transfer (or its manager) was cancelled."""
        if self.cancelled:
            raise TransferCancelled("the transfer was cancelled")


class TransferFuture(Generic[T]):
    """The result of one submitted transfer: ``result()``, ``done()``, ``cancel()``, ``exception()``."""

    def __init__(self, future: Future[T], token: CancelToken, info: TransferInfo) -> None:
        self._future = future
        self.token = token
        self.info = info

    def result(self, timeout: float | None = None) -> T:
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


class TransferManager:
    """Runs transfers for one client. Use as a context manager, or call ``shutdown()``.

    The client's own methods (``upload_file``, ``download_object``...) use a manager internally; create one yourself
    to run many transfers at once and collect futures.
    """

    def __init__(self, client: StorageClient, config: TransferConfig | None = None) -> None:
        self.client = client
        self.config = config or client.transfer_config
        self._workers = ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="swiftfiles-io")
        self._coordinators = ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="swiftfiles-xfer")
        self.token = CancelToken()
        self.limiter = BandwidthLimiter(self.config.max_bandwidth) if self.config.max_bandwidth else None

    # -- running work -------------------------------------------------------------------------------------------

    def submit(
        self,
        info: TransferInfo,
        work: Callable[[Progress, CancelToken], T],
        subscribers: Iterable[Subscriber] = (),
        *,
        parent: CancelToken | None = None,
    ) -> TransferFuture[T]:
        """Run ``work(progress, token)`` on a coordinator thread; subscribers hear queued/progress/done.

        *parent* groups transfers (a folder upload): cancelling it cancels each of them.
        """
        progress = Progress(info, subscribers)
        token = CancelToken(parent or self.token)
        progress.queued()

        def run() -> T:
            try:
                token.check()
                result = work(progress, token)
            except BaseException as exc:
                progress.done(exc)
                raise
            progress.done(None)
            return result

        return TransferFuture(self._coordinators.submit(run), token, info)

    def run(
        self,
        info: TransferInfo,
        work: Callable[[Progress, CancelToken], T],
        subscribers: Iterable[Subscriber] = (),
    ) -> T:
        """Like ``submit(...).result()``, but the coordinating runs in the calling thread (synchronous API calls)."""
        progress = Progress(info, subscribers)
        token = CancelToken(self.token)
        progress.queued()
        try:
            result = work(progress, token)
        except BaseException as exc:
            progress.done(exc)
            raise
        progress.done(None)
        return result

    def run_parts(self, tasks: Iterable[Callable[[], T]], token: CancelToken) -> list[T]:
        """Run leaf tasks on the worker pool; return their results in order.

        The first failure cancels the remaining tasks (through *token*) and is raised once every started task has
        stopped, so the caller's cleanup never races a task still writing.
        """
        futures = [self._workers.submit(self._guarded(task, token)) for task in tasks]
        results: list[T] = []
        first_error: BaseException | None = None
        for future in futures:
            try:
                results.append(future.result())
            except BaseException as exc:  # noqa: BLE001 - re-raised below, after every part has stopped
                if first_error is None:
                    first_error = exc
                    token.cancel()
        if first_error is not None:
            raise first_error
        return results

    def map_parts(self, fn: Callable[[Any], T], items: Iterable[Any], token: CancelToken) -> list[T]:
        """``run_parts`` over ``fn(item)`` for each item."""

        def bind(item: Any) -> Callable[[], T]:
            return lambda: fn(item)

        return self.run_parts([bind(item) for item in items], token)

    def submit_part(self, task: Callable[[], T]) -> Future[T]:
        """One leaf task on the worker pool, for producers that bound their own in-flight work.

        The task must check its cancel token itself (so it can release what its producer is waiting on).
        """
        return self._workers.submit(task)

    @staticmethod
    def _guarded(task: Callable[[], T], token: CancelToken) -> Callable[[], T]:
        def run() -> T:
            token.check()
            return task()

        return run

    # -- lifecycle ----------------------------------------------------------------------------------------------

    def shutdown(self, cancel: bool = False) -> None:
        """Wait for running transfers (or cancel them first) and stop the threads."""
        if cancel:
            self.token.cancel()
        self._coordinators.shutdown(wait=True, cancel_futures=cancel)
        self._workers.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> TransferManager:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.shutdown(cancel=exc_type is not None)
