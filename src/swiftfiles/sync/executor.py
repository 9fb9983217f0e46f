"""Carrying out a stream of sync actions through the transfer engine, and what came of it.

Transfers run concurrently on the engine, at most ``window`` futures held (results are collected while later
transfers are submitted); deletions are buffered and go in bulk after the transfers (in batches when the sync has
no ``max_delete``). Every action's outcome is reported to the optional ``callback(action, error)`` and logged on
``swiftfiles.sync`` (INFO with ``verbose``, DEBUG otherwise): library code never prints. One failed file does not
stop the others; its error is in ``SyncResult.errors``.

``SyncResult`` holds counts and bytes, every error, and only the first ``keep_actions`` actions and names, so its
size does not grow with the tree: a sync of a million files keeps ten thousand actions at most by default.
"""

from __future__ import annotations

import logging
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass, field

from ..exceptions import TooManyDeletes
from ..transfer.futures import TransferFuture
from .filters import CATEGORIES, Category
from .local import SkippedPath
from .plan import Action, Plan

log = logging.getLogger("swiftfiles.sync")

Callback = Callable[[Action, "BaseException | None"], None]

#: How many actions (and transferred or deleted names) a ``SyncResult`` keeps by default.
KEEP_ACTIONS = 10_000

#: Deletions sent together when a sync has no ``max_delete`` (with one, they wait for the end, all at once).
DELETE_BATCH = 1000


@dataclass(repr=False)
class SyncResult:
    """What a sync did (or, for a dry run, would do). ``print(result)`` gives its ``summary()``.

    Counts and bytes cover every name; ``plan``, ``skipped``, ``excluded``, ``transferred`` and ``deleted`` hold
    the first ``keep_actions`` of them only (``complete`` says whether that is all of them), so a sync of any size
    returns a small result. ``errors`` and ``unreadable`` are complete. To see every action of a large sync, pass
    ``callback=`` (it hears each action as it is decided, a dry run included) or ``plan_file=``.
    """

    dry_run: bool = False
    #: How many actions and names are kept (None: all of them).
    keep_actions: int | None = KEEP_ACTIONS
    #: Names transferred (the first ``keep_actions``; ``transferred_count`` counts them all).
    transferred: list[str] = field(default_factory=list)
    #: Names deleted (the first ``keep_actions``; ``deleted_count`` counts them all).
    deleted: list[str] = field(default_factory=list)
    bytes_transferred: int = 0
    transferred_count: int = 0
    deleted_count: int = 0
    errors: list[tuple[str, BaseException]] = field(default_factory=list)
    #: Local paths the walk could not use (unreadable, names that are not UTF-8).
    unreadable: list[SkippedPath] = field(default_factory=list)
    #: Counts over the whole plan: actions by kind, bytes of the planned transfers, skips left out by each rule.
    planned: Counter[str] = field(default_factory=Counter)
    planned_bytes: int = 0
    excluded_counts: Counter[Category] = field(default_factory=Counter)
    _actions: list[Action] = field(default_factory=list, init=False)

    def record(self, action: Action) -> None:
        """Count one action of the plan (and keep it while under ``keep_actions``)."""
        self.planned[action.kind] += 1
        if action.kind in ("upload", "download"):
            self.planned_bytes += action.size
        elif action.excluded is not None:
            self.excluded_counts[action.excluded] += 1
        if self._room(self._actions):
            self._actions.append(action)

    def _room(self, kept: Sized) -> bool:
        return self.keep_actions is None or len(kept) < self.keep_actions

    def add_transferred(self, name: str, moved: int) -> None:
        self.transferred_count += 1
        self.bytes_transferred += moved
        if self._room(self.transferred):
            self.transferred.append(name)

    def add_deleted(self, name: str) -> None:
        self.deleted_count += 1
        if self._room(self.deleted):
            self.deleted.append(name)

    @property
    def complete(self) -> bool:
        """True when every action of the plan was kept (so ``plan`` is whole)."""
        return len(self._actions) == sum(self.planned.values())

    @property
    def plan(self) -> Plan:
        """Every action, in name order, when the sync had at most ``keep_actions`` of them; ``ValueError``
        otherwise (a partial plan would read as a whole one: use ``callback=`` or ``plan_file=`` instead)."""
        if not self.complete:
            raise ValueError(
                f"the sync had {sum(self.planned.values())} actions, more than keep_actions={self.keep_actions}: "
                "its whole plan was not kept; pass plan_file= or callback= to see every action, or a higher "
                "keep_actions"
            )
        return Plan(list(self._actions))

    @property
    def actions(self) -> list[Action]:
        """The kept actions (the first ``keep_actions``), in name order."""
        return list(self._actions)

    @property
    def skipped(self) -> list[Action]:
        """Names not transferred (the kept ones): unchanged or newer on the other side, and the names left out
        (``excluded`` says by which rule: hidden, filter, unsafe name, folder marker). ``skipped_count`` counts all."""
        return [a for a in self._actions if a.kind == "skip"]

    @property
    def skipped_count(self) -> int:
        return self.planned["skip"]

    @property
    def excluded(self) -> list[Action]:
        """The kept skips that were left out by a rule rather than compared (``excluded_counts`` counts all)."""
        return [a for a in self._actions if a.kind == "skip" and a.excluded]

    @property
    def ok(self) -> bool:
        return not self.errors

    def _skip_counts(self) -> str:
        counts = self.excluded_counts
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
            transfers = self.planned["upload"] + self.planned["download"]
            deletions = self.planned["delete_remote"] + self.planned["delete_local"]
            return (
                f"would transfer {transfers} ({self.planned_bytes} bytes), skip {self.skipped_count}"
                f"{self._skip_counts()}, delete {deletions}{unreadable}"
            )
        return (
            f"transferred {self.transferred_count} ({self.bytes_transferred} bytes), skipped {self.skipped_count}"
            f"{self._skip_counts()}, deleted {self.deleted_count}, errors {len(self.errors)}{unreadable}"
        )


@dataclass
class Executor:
    """Runs a stream of actions with callables for the I/O, so the policy here stays testable."""

    #: Starts one transfer and returns a future of the bytes it moved.
    submit: Callable[[Action], TransferFuture[int]]
    delete: Callable[[Sequence[Action]], list[tuple[Action, BaseException | None]]]
    callback: Callback | None = None
    verbose: bool = False
    #: How many transfers may be in flight before the oldest is waited for.
    window: int = 256
    #: Deletions allowed (the runner counted them before anything changed; this guards against a tree that grew
    #: more deletions since): over it, no deletion runs and ``TooManyDeletes`` is raised after the transfers.
    max_delete: int | None = None

    def _collect(self, action: Action, future: TransferFuture[int], result: SyncResult) -> None:
        try:
            moved = future.result()
        except Exception as exc:  # noqa: BLE001 - one file's failure is reported, the others go on
            result.errors.append((action.name, exc))
            self.report(action, exc)
            return
        result.add_transferred(action.name, moved)
        self.report(action, None)

    def report(self, action: Action, error: BaseException | None, *, dry_run: bool = False) -> None:
        level = logging.INFO if self.verbose else logging.DEBUG
        if error is None:
            log.log(level, "%s%s %s (%s)", "would " if dry_run else "", action.kind, action.name, action.reason)
        else:
            log.warning("%s %s failed: %s", action.kind, action.name, error)
        if self.callback is not None:
            self.callback(action, error)

    def dry_run(self, actions: Iterable[Action], result: SyncResult) -> SyncResult:
        """Count and report every action; change nothing."""
        for action in actions:
            result.record(action)
            self.report(action, None, dry_run=True)
        return result

    def run(self, actions: Iterable[Action], result: SyncResult) -> SyncResult:
        # Results are collected while later transfers are submitted: at most ``window`` futures are held.
        pending: deque[tuple[Action, TransferFuture[int]]] = deque()
        deletions: list[Action] = []
        refused = 0
        for action in actions:
            result.record(action)
            if action.kind == "skip":
                self.report(action, None)
            elif action.kind in ("upload", "download"):
                pending.append((action, self.submit(action)))
                if len(pending) > self.window:
                    self._collect(*pending.popleft(), result)
                while pending and pending[0][1].done():
                    self._collect(*pending.popleft(), result)
            elif self.max_delete is not None and len(deletions) >= self.max_delete:
                refused += 1
            else:
                deletions.append(action)
                if self.max_delete is None and len(deletions) >= DELETE_BATCH:
                    self._delete(deletions, result)
                    deletions = []
        while pending:
            self._collect(*pending.popleft(), result)
        if refused:
            raise TooManyDeletes(
                f"the sync would delete {len(deletions) + refused} items, more than max_delete={self.max_delete} "
                "(the tree changed while the sync ran); no item was deleted, the transfers were done",
                Plan(deletions),
            )
        if deletions:
            self._delete(deletions, result)
        return result

    def _delete(self, deletions: Sequence[Action], result: SyncResult) -> None:
        for action, error in self.delete(deletions):
            if error is None:
                result.add_deleted(action.name)
            else:
                result.errors.append((action.name, error))
            self.report(action, error)


def too_many_deletes(count: int, max_delete: int, first: list[Action]) -> TooManyDeletes:
    """The refusal of a whole sync, before it changes anything, that would delete more than *max_delete* items."""
    return TooManyDeletes(
        f"the sync would delete {count} items, more than max_delete={max_delete}; nothing was changed "
        "(pass a higher max_delete, or max_delete=None, if that is intended)",
        Plan(first),
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
