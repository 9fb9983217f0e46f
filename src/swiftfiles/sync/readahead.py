"""Reading a stream a little ahead on a thread, so that waiting for the server overlaps the work on the other side.

A sync marches the local walk against the container listing. Read in line, every listing page stops the march for
as long as the server takes to produce it (about 30 ms per 1,000 names on a one-process Swift), and the walk and
the hash-cache lookups stop with it: a nothing-changed sync of 100,000 files spent half its wall time in
``recv_into``. ``read_ahead`` pulls the stream on its own thread into a short queue of batches, so the next page is
requested while the march works on the current one, and the result is the same stream, in the same order.

Memory stays bounded: at most ``depth`` batches of ``batch`` items wait, plus the page being read. The thread starts
on the first ``next()`` (an iterator never read starts nothing) and is stopped and joined when the consumer is
done, fails or closes the iterator early, so it never outlives the sync that uses the connection. An error in the
stream is raised to the consumer where the item would have been.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: How long the reader waits for room in the queue before it looks again whether the consumer has gone.
_POLL_S = 0.1


class _Done:
    """The end of the stream."""


def read_ahead(
    source: Iterable[T], *, batch: int = 1000, depth: int = 4, name: str = "swiftfiles-read-ahead"
) -> Iterator[T]:
    """The items of *source*, in order, read on a thread at most ``batch * depth`` items ahead of the consumer."""
    if batch < 1 or depth < 1:
        raise ValueError("batch and depth must be at least 1")
    return _consume(source, batch, depth, name)


def _consume(source: Iterable[T], batch: int, depth: int, name: str) -> Iterator[T]:
    slots: queue.Queue[list[T] | BaseException | _Done] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: list[T] | BaseException | _Done) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        iterator = iter(source)
        chunk: list[T] = []
        try:
            for item in iterator:
                chunk.append(item)
                if len(chunk) >= batch:
                    if not put(chunk):
                        return
                    chunk = []
            if chunk and not put(chunk):
                return
            put(_Done())
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            if not chunk or put(chunk):  # the items read before the error come first
                put(exc)
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()

    reader = threading.Thread(target=produce, name=name, daemon=True)
    reader.start()
    try:
        while True:
            got = slots.get()
            if isinstance(got, _Done):
                return
            if isinstance(got, BaseException):
                raise got
            yield from got
    finally:
        stop.set()
        reader.join()
