"""``TransferRuntime``: what every transfer task runs on.

It holds the wire connection, the ``TransferConfig``, two bounded thread pools, the bandwidth limiter and the
engine-wide cancel token, and nothing else: the tasks in ``upload``, ``segmented``, ``download`` and ``deleting``
receive it, and ``TransferEngine`` (``engine.py``) adds the public verbs on top of it.

Two pools keep it deadlock-free: a whole transfer (one file, one object) runs on a *coordinator* thread, and the
requests it fans out (segments, ranged parts, deletions) run on *worker* threads. A coordinator may wait on its
workers; workers never wait on anything but the network.

Everything is bounded, so memory does not grow with the size of a job: ``submit`` blocks while
``TransferConfig.max_queued_transfers`` transfers are queued or running (a sync of a million files holds that many,
not a million), and one transfer keeps at most ``concurrency`` of its parts in flight (``run_parts``), so a big
transfer's parts interleave with everyone else's instead of queueing ahead of them.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from ..exceptions import ClientClosed
from ..swift.capabilities import Capabilities
from ..swift.connection import SwiftConnection
from .bandwidth import BandwidthLimiter
from .config import TransferConfig
from .futures import CancelToken, TransferFuture
from .progress import Progress, Subscriber, TransferInfo

T = TypeVar("T")


class TransferRuntime:
    """Pools, limiter and cancellation for transfers over one ``SwiftConnection``. Thread-safe."""

    def __init__(self, connection: SwiftConnection, config: TransferConfig | None = None) -> None:
        self.connection = connection
        self.config = config or TransferConfig()
        self.limiter = BandwidthLimiter(self.config.max_bandwidth) if self.config.max_bandwidth else None
        #: Cancelled by ``close(cancel=True)``: every transfer's token descends from it.
        self.token = CancelToken()
        self._workers = ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="swiftfiles-io")
        self._coordinators = ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="swiftfiles-xfer")
        self._queue_slots = threading.BoundedSemaphore(self.config.max_queued_transfers)
        self._lock = threading.Lock()
        self._threads: set[threading.Thread] = set()
        self._closing = False
        self._closed = False

    @property
    def capabilities(self) -> Capabilities:
        """The cluster's ``/info`` (fetched once per connection)."""
        return self.connection.capabilities()

    @property
    def closed(self) -> bool:
        return self._closed

    def check_open(self) -> None:
        """Raise ``ClientClosed`` once ``close()`` has been called."""
        if self._closed:
            raise ClientClosed("this transfer engine is closed")

    # -- whole transfers ----------------------------------------------------------------------------------------

    def submit(
        self,
        info: TransferInfo,
        work: Callable[[Progress, CancelToken], T],
        subscribers: Iterable[Subscriber] = (),
        *,
        parent: CancelToken | None = None,
    ) -> TransferFuture[T]:
        """Run ``work(progress, token)`` on a coordinator thread; subscribers hear queued/progress/done.

        Blocks while ``max_queued_transfers`` transfers are queued or running. *parent* groups transfers (a
        folder upload): cancelling it cancels each of them.
        """
        self.check_open()
        progress = Progress(info, subscribers)
        token = CancelToken(parent or self.token)
        self._queue_slots.acquire()
        try:
            self.check_open()
            progress.queued()

            def run() -> T:
                try:
                    return self._execute(work, progress, token)
                finally:
                    self._queue_slots.release()

            future = self._coordinators.submit(run)
        except BaseException:
            self._queue_slots.release()
            raise
        return TransferFuture(future, token, info)

    def run(
        self,
        info: TransferInfo,
        work: Callable[[Progress, CancelToken], T],
        subscribers: Iterable[Subscriber] = (),
    ) -> T:
        """Like ``submit(...).result()``, but the coordinating runs in the calling thread (the synchronous API): no
        thread hop per small object, and Ctrl-C in the caller stops the transfer and runs its cleanup."""
        self.check_open()
        progress = Progress(info, subscribers)
        progress.queued()
        return self._execute(work, progress, CancelToken(self.token))

    @staticmethod
    def _execute(work: Callable[[Progress, CancelToken], T], progress: Progress, token: CancelToken) -> T:
        try:
            token.check()
            result = work(progress, token)
        except BaseException as exc:
            progress.done(exc)
            raise
        progress.done(None)
        return result

    # -- parts of one transfer ----------------------------------------------------------------------------------

    def run_parts(
        self,
        tasks: Iterable[Callable[[], T]],
        token: CancelToken,
        on_result: Callable[[T], None] | None = None,
    ) -> list[T]:
        """Run leaf tasks on the worker pool, at most ``concurrency`` at a time; return their results in order.

        The first failure cancels the remaining tasks (through *token*) and is raised once every started task has
        stopped, so the caller's cleanup never races a task still writing. *on_result* sees each result in task
        order on the calling thread, while later tasks run (an upload hashes its whole file in order this way); an
        error it raises fails the run like a task's.
        """
        window = self.config.concurrency
        results: list[T] = []
        in_flight: deque[Future[T]] = deque()
        first_error: BaseException | None = None

        def collect(future: Future[T]) -> None:
            nonlocal first_error
            try:
                result = future.result()
                if first_error is None and on_result is not None:
                    on_result(result)
                results.append(result)
            except BaseException as exc:  # noqa: BLE001 - re-raised below, after every part has stopped
                if first_error is None:
                    first_error = exc
                    token.cancel()

        for task in tasks:
            if first_error is not None:
                break
            in_flight.append(self.submit_part(self._guarded(task, token)))
            if len(in_flight) >= window:
                collect(in_flight.popleft())
        while in_flight:
            collect(in_flight.popleft())
        if first_error is not None:
            raise first_error
        return results

    def map_parts(
        self,
        fn: Callable[[Any], T],
        items: Iterable[Any],
        token: CancelToken,
        on_result: Callable[[T], None] | None = None,
    ) -> list[T]:
        """``run_parts`` over ``fn(item)`` for each item."""

        def bind(item: Any) -> Callable[[], T]:
            return lambda: fn(item)

        return self.run_parts((bind(item) for item in items), token, on_result)

    def submit_part(self, task: Callable[[], T]) -> Future[T]:
        """One leaf task on the worker pool, for producers that bound their own in-flight work.

        The task must check its cancel token itself (so it can release what its producer is waiting on).
        """
        self.check_open()
        return self._workers.submit(task)

    @staticmethod
    def _guarded(task: Callable[[], T], token: CancelToken) -> Callable[[], T]:
        def run() -> T:
            token.check()
            return task()

        return run

    # -- background work ----------------------------------------------------------------------------------------

    def start_thread(self, target: Callable[[], None], name: str) -> threading.Thread:
        """Run *target* on a thread the engine owns: ``close()`` waits for it (or cancels it first).

        For work that must return at once and go on in the background (``upload_folder`` feeding its files to
        the bounded queue, ``bulk_delete(async_=True)``).
        """

        def run() -> None:
            try:
                target()
            finally:
                with self._lock:
                    self._threads.discard(thread)

        thread = threading.Thread(target=run, name=name, daemon=True)
        with self._lock:
            self.check_open()
            self._threads.add(thread)
        thread.start()
        return thread

    # -- lifecycle ----------------------------------------------------------------------------------------------

    def close(self, cancel: bool = False) -> None:
        """Wait for running transfers and background work (or cancel them first), then stop the threads.

        Final: any later call raises ``ClientClosed``. Calling it again does nothing.
        """
        with self._lock:
            if self._closing:
                return
            self._closing = True
            threads = list(self._threads)
        if cancel:
            self.token.cancel()
        for thread in threads:  # background work may still submit: the engine closes once it has stopped
            if thread is not threading.current_thread():
                thread.join()
        self._closed = True
        self._coordinators.shutdown(wait=True, cancel_futures=cancel)
        self._workers.shutdown(wait=True, cancel_futures=cancel)
