"""The sync plan: march two sorted sequences and decide, per name, what to do. Pure: no I/O of its own.

``march`` pairs local files and remote objects by name (rclone's fs/march): only-local, only-remote, both. The
decision for a pair follows the seed's rules: equal MD5 → skip; different → transfer if the source is newer, or
always with ``ignore_timestamps``. Sizes are compared first, so a file of a different size is never hashed.
Large objects (whose listing hash is not a content MD5, and which may be DLO manifests listed as 0 bytes) cost one
HEAD each, for their real size and the ``X-Object-Meta-Mtime`` stored at upload; when the size matches but the
mtime does not, the local file is compared with the segments' MD5s (what ``swift upload --skip-identical`` does).
Names either side leaves out (hidden, filtered, or without a one-to-one local path) are skips with their
``excluded`` category, so they are counted and never transferred or deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from .filters import Category, Exclusion
from .local import LocalFile
from .remote import RemoteHead, RemoteObject

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
    #: For a name the sync left out: the rule (``hidden``, ``filter``, ``unsafe name``, ``folder marker``).
    excluded: Category | None = None

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


def _never_same(local: LocalFile, remote: RemoteObject, head: RemoteHead) -> bool:
    return False


@dataclass(frozen=True)
class Comparison:
    """How to compare a pair: the local MD5 (cached); for what may be a large object, one HEAD (``remote_head``,
    None when the object is gone) and, when only the mtime differs, a check of the file against its segments."""

    local_md5: Callable[[LocalFile], str]
    remote_head: Callable[[RemoteObject], RemoteHead | None]
    ignore_timestamps: bool = False
    same_segments: Callable[[LocalFile, RemoteObject, RemoteHead], bool] = _never_same


def _same_content(local: LocalFile, remote: RemoteObject, compare: Comparison) -> tuple[bool, str | None, str]:
    """``(same, local md5 if computed, reason)``."""
    if remote.may_be_large and (remote.large or local.size > 0):
        head = compare.remote_head(remote)
        if head is None:
            return False, None, "the object could not be read (HEAD)"
        if head.large:
            return _same_large(local, remote, head, compare)
        remote = replace(remote, size=head.size)  # a plain object after all: compare as one
    if local.size != remote.size:
        return False, None, f"size differs ({local.size} local, {remote.size} remote)"
    digest = compare.local_md5(local)
    if digest == remote.hash:
        return True, digest, "unchanged (same MD5)"
    return False, digest, "content differs (MD5)"


def _same_large(
    local: LocalFile, remote: RemoteObject, head: RemoteHead, compare: Comparison
) -> tuple[bool, str | None, str]:
    if local.size != head.size:
        return False, None, f"size differs ({local.size} local, {head.size} remote large object)"
    if head.mtime is not None and abs(head.mtime - local.mtime) < 0.001:
        return True, None, "large object with the same size and mtime"
    if compare.same_segments(local, remote, head):
        return True, None, "large object with the same content (segment MD5s)"
    return False, None, "large object with the same size but another mtime and content"


Direction = Literal["upload", "download"]


def make_plan(
    local: Iterable[LocalFile],
    remote: Iterable[RemoteObject],
    compare: Comparison,
    *,
    direction: Direction,
    delete: bool,
    excluded_local: Iterable[tuple[str, Exclusion]] = (),
    excluded_remote: Iterable[tuple[RemoteObject, Exclusion]] = (),
) -> Plan:
    """The plan for folder → container (``direction="upload"``) or container → folder (``"download"``).

    *excluded_local* (relative names) and *excluded_remote* are what each side left out: each name becomes one
    skip with its category, whichever side it came from.
    """
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
    left_out: dict[str, Action] = {}
    for robj, exclusion in excluded_remote:
        left_out[robj.name] = Action("skip", robj.name, exclusion.reason, None, robj, excluded=exclusion.category)
    for lname, exclusion in excluded_local:
        left_out.setdefault(lname, Action("skip", lname, exclusion.reason, excluded=exclusion.category))
    if left_out:
        plan.actions.extend(left_out.values())
        plan.actions.sort(key=lambda a: a.name)
    return plan
