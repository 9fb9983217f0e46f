"""The sync plan: march two sorted sequences and decide, per name, what to do. Pure: no I/O of its own.

``march`` pairs local files and remote objects by name (rclone's fs/march): only-local, only-remote, both. The
decision for a pair follows the seed's rules: equal MD5 → skip; different → transfer if the source is newer, or
always with ``ignore_timestamps``. Sizes are compared first, so a file of a different size is never hashed.
Large objects (whose listing hash is not a content MD5) compare by size and the ``X-Object-Meta-Mtime`` stored at
upload, which costs one HEAD for each such object only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from .local import LocalFile
from .remote import RemoteObject

Kind = Literal["upload", "download", "skip", "delete_remote", "delete_local"]


@dataclass(frozen=True)
class Action:
    """One step of a plan: what, on which name, and why."""

    kind: Kind
    name: str
    reason: str
    local: LocalFile | None = None
    remote: RemoteObject | None = None
    #: The local file's MD5 when the comparison computed it (an upload reuses it as the ETag).
    md5: str | None = None

    @property
    def size(self) -> int:
        if self.kind in ("upload", "delete_local") and self.local is not None:
            return self.local.size
        return self.remote.size if self.remote is not None else 0


@dataclass
class Plan:
    """Every action of a sync, in name order; printable for a dry run."""

    actions: list[Action] = field(default_factory=list)

    def of(self, *kinds: Kind) -> list[Action]:
        return [a for a in self.actions if a.kind in kinds]

    @property
    def transfers(self) -> list[Action]:
        return self.of("upload", "download")

    @property
    def deletions(self) -> list[Action]:
        return self.of("delete_remote", "delete_local")

    @property
    def skips(self) -> list[Action]:
        return self.of("skip")

    def describe(self) -> list[str]:
        return [f"{a.kind:<13} {a.name}  ({a.reason})" for a in self.actions]


def march(
    local: Iterable[LocalFile], remote: Iterable[RemoteObject]
) -> Iterator[tuple[LocalFile | None, RemoteObject | None]]:
    """Merge two name-sorted sequences into pairs; one side is None when the name exists on the other only."""
    local_it, remote_it = iter(local), iter(remote)
    lcur, rcur = next(local_it, None), next(remote_it, None)
    while lcur is not None or rcur is not None:
        if rcur is None or (lcur is not None and lcur.name < rcur.name):
            yield lcur, None
            lcur = next(local_it, None)
        elif lcur is None or rcur.name < lcur.name:
            yield None, rcur
            rcur = next(remote_it, None)
        else:
            yield lcur, rcur
            lcur, rcur = next(local_it, None), next(remote_it, None)


@dataclass(frozen=True)
class Comparison:
    """How to compare a pair: the local MD5 (cached) and, for large objects, the stored mtime (a HEAD)."""

    local_md5: Callable[[LocalFile], str]
    remote_mtime: Callable[[RemoteObject], float | None]
    ignore_timestamps: bool = False


def _same_content(local: LocalFile, remote: RemoteObject, compare: Comparison) -> tuple[bool, str | None, str]:
    """``(same, local md5 if computed, reason)``."""
    if remote.large or (remote.size == 0 and local.size > 0):
        stored = compare.remote_mtime(remote)
        if stored is None:
            return False, None, "large object without a stored mtime"
        if local.size == remote.size and abs(stored - local.mtime) < 0.001:
            return True, None, "large object with the same size and mtime"
        return False, None, "large object with another size or mtime"
    if local.size != remote.size:
        return False, None, f"size differs ({local.size} local, {remote.size} remote)"
    digest = compare.local_md5(local)
    if digest == remote.hash:
        return True, digest, "unchanged (same MD5)"
    return False, digest, "content differs (MD5)"


Direction = Literal["upload", "download"]


def make_plan(
    local: Iterable[LocalFile],
    remote: Iterable[RemoteObject],
    compare: Comparison,
    *,
    direction: Direction,
    delete: bool,
) -> Plan:
    """The plan for folder → container (``direction="upload"``) or container → folder (``"download"``)."""
    upward = direction == "upload"
    plan = Plan()
    for lfile, robj in march(local, remote):
        source, target = (lfile, robj) if upward else (robj, lfile)
        name = (lfile or robj).name  # type: ignore[union-attr]
        if target is None:
            plan.actions.append(Action(direction, name, "new", lfile, robj))
        elif source is None:
            if delete:
                kind: Kind = "delete_remote" if upward else "delete_local"
                where = "the folder" if upward else "the container"
                plan.actions.append(Action(kind, name, f"not in {where}", lfile, robj))
        else:
            assert lfile is not None and robj is not None
            same, digest, why = _same_content(lfile, robj, compare)
            source_time, target_time = (
                (lfile.mtime, robj.last_modified) if upward else (robj.last_modified, lfile.mtime)
            )
            if same:
                plan.actions.append(Action("skip", name, why, lfile, robj, digest))
            elif compare.ignore_timestamps or source_time > target_time:
                plan.actions.append(Action(direction, name, why, lfile, robj, digest))
            else:
                newer = "remote" if upward else "local"
                plan.actions.append(Action("skip", name, f"{why}, but the {newer} copy is newer", lfile, robj, digest))
    return plan
