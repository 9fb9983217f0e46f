"""Carrying out a sync plan through the transfer engine, and what came of it.

Transfers run concurrently on the client's ``TransferManager``; deletions go in bulk. Every action's outcome is
reported to the optional ``callback(action, error)`` and logged on ``swiftfiles.sync`` (INFO with ``verbose``,
DEBUG otherwise): library code never prints. One failed file does not stop the others; its error is in
``SyncResult.errors``.
"""

from __future__ import annotations

import logging
import os
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..exceptions import TooManyDeletes
from ..transfer.futures import TransferFuture
from .filters import CATEGORIES
from .local import SkippedPath
from .plan import Action, Plan

log = logging.getLogger("swiftfiles.sync")

Callback = Callable[[Action, "BaseException | None"], None]


@dataclass(repr=False)
class SyncResult:
    """What a sync did (or, for a dry run, would do). ``print(result)`` gives its ``summary()``; ``result.plan``
    holds every action."""

    plan: Plan
    dry_run: bool = False
    transferred: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    bytes_transferred: int = 0
    errors: list[tuple[str, BaseException]] = field(default_factory=list)
    #: Local paths the walk could not use (unreadable, names that are not UTF-8).
    unreadable: list[SkippedPath] = field(default_factory=list)

    @property
    def skipped(self) -> list[Action]:
        """Every name not transferred: unchanged or newer on the other side, and the names left out (``excluded``
        says by which rule: hidden, filter, unsafe name, folder marker)."""
        return self.plan.skips

    @property
    def excluded(self) -> list[Action]:
        """The skips that were left out by a rule rather than compared."""
        return [a for a in self.plan.skips if a.excluded]

    @property
    def ok(self) -> bool:
        return not self.errors

    def _skip_counts(self) -> str:
        counts = Counter(a.excluded for a in self.excluded)
        if not counts:
            return ""
        return " (" + ", ".join(f"{counts[c]} {c}" for c in CATEGORIES if counts[c]) + ")"

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"<SyncResult {'dry run: ' if self.dry_run else ''}{self.summary()}>"

    def summary(self) -> str:
        """One line: what moved, what was skipped and why, what was deleted, what failed or could not be read."""
        unreadable = f", unreadable {len(self.unreadable)}" if self.unreadable else ""
        if self.dry_run:
            size = sum(a.size for a in self.plan.transfers)
            return (
                f"would transfer {len(self.plan.transfers)} ({size} bytes), skip {len(self.skipped)}"
                f"{self._skip_counts()}, delete {len(self.plan.deletions)}{unreadable}"
            )
        return (
            f"transferred {len(self.transferred)} ({self.bytes_transferred} bytes), skipped {len(self.skipped)}"
            f"{self._skip_counts()}, deleted {len(self.deleted)}, errors {len(self.errors)}{unreadable}"
        )


@dataclass
class Executor:
    """Runs the actions of a plan with callables for the I/O, so the policy here stays testable."""

    #: Starts one transfer and returns a future of the bytes it moved.
    submit: Callable[[Action], TransferFuture[int]]
    delete: Callable[[Sequence[Action]], list[tuple[Action, BaseException | None]]]
    callback: Callback | None = None
    verbose: bool = False
    #: How many transfers may be in flight before the oldest is waited for.
    window: int = 256

    def _collect(self, action: Action, future: TransferFuture[int], result: SyncResult) -> None:
        try:
            moved = future.result()
        except Exception as exc:  # noqa: BLE001 - one file's failure is reported, the others go on
            result.errors.append((action.name, exc))
            self.report(action, exc)
            return
        result.transferred.append(action.name)
        result.bytes_transferred += moved
        self.report(action, None)

    def report(self, action: Action, error: BaseException | None) -> None:
        level = logging.INFO if self.verbose else logging.DEBUG
        if error is None:
            log.log(level, "%s %s (%s)", action.kind, action.name, action.reason)
        else:
            log.warning("%s %s failed: %s", action.kind, action.name, error)
        if self.callback is not None:
            self.callback(action, error)

    def run(self, plan: Plan, result: SyncResult) -> SyncResult:
        for action in plan.skips:
            self.report(action, None)
        # Results are collected while later transfers are submitted: at most ``window`` futures are held.
        pending: deque[tuple[Action, TransferFuture[int]]] = deque()
        for action in plan.transfers:
            pending.append((action, self.submit(action)))
            if len(pending) > self.window:
                self._collect(*pending.popleft(), result)
        while pending:
            self._collect(*pending.popleft(), result)
        if plan.deletions:
            for action, error in self.delete(plan.deletions):
                if error is None:
                    result.deleted.append(action.name)
                else:
                    result.errors.append((action.name, error))
                self.report(action, error)
        return result


def check_delete_limit(plan: Plan, max_delete: int | None) -> None:
    """Refuse the whole sync, before it changes anything, when it would delete more than *max_delete* items."""
    count = len(plan.deletions)
    if max_delete is not None and count > max_delete:
        raise TooManyDeletes(
            f"the sync would delete {count} items, more than max_delete={max_delete}; nothing was changed "
            "(pass a higher max_delete, or max_delete=None, if that is intended)",
            plan,
        )


def delete_local_files(actions: Sequence[Action]) -> list[tuple[Action, BaseException | None]]:
    """Remove local files of a download-direction sync (paths come from the walk, so they are inside the folder)."""
    outcome: list[tuple[Action, BaseException | None]] = []
    for action in actions:
        assert action.local is not None
        try:
            os.unlink(action.local.path)
            outcome.append((action, None))
        except OSError as exc:
            outcome.append((action, exc))
    return outcome
