"""Deciding the pairs of a march that need I/O on a bounded set of checker tasks, keeping name order.

A pair whose comparison needs no request and no file read (sizes differ, or the hash cache has the MD5) is decided
on the marching thread: a sync with nothing changed makes no thread hop per file. The others (a HEAD for what may
be a large object, the MD5 of a file the cache does not know) run on the engine's worker pool, at most ``window``
of them pending, and their actions come out in the order of the march, so the executor (and a ``plan_file``) sees
a name-sorted stream whatever finished first. rclone's ``--checkers`` do the same job.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future

from .plan import Action, Pair


def decided_in_order(
    items: Iterable[Action | Pair],
    quick: Callable[[Pair], Action | None],
    slow: Callable[[Pair], Action],
    submit: Callable[[Callable[[], Action]], Future[Action]],
    window: int,
) -> Iterator[Action]:
    """The actions of *items* in order: actions as they are, pairs through *quick* (None: it would need I/O) or
    *slow* run by *submit* on a checker thread, with at most *window* actions and checks waiting."""
    pending: deque[Action | Future[Action]] = deque()
    try:
        for item in items:
            decided = item if isinstance(item, Action) else quick(item)
            if decided is not None and not pending:
                yield decided
                continue
            if decided is not None:
                pending.append(decided)
            else:
                pair = item
                assert not isinstance(pair, Action)
                pending.append(submit(lambda pair=pair: slow(pair)))  # type: ignore[misc]
            while pending and (len(pending) > window or _ready(pending[0])):
                yield _resolve(pending.popleft())
        while pending:
            yield _resolve(pending.popleft())
    finally:
        for left in pending:
            if isinstance(left, Future):
                left.cancel()


def _ready(entry: Action | Future[Action]) -> bool:
    return not isinstance(entry, Future) or entry.done()


def _resolve(entry: Action | Future[Action]) -> Action:
    return entry.result() if isinstance(entry, Future) else entry
