"""The sync plan: march two sorted sequences and decide, per name, what to do. Pure: no I/O of its own.

``march`` pairs local files and remote objects by name (rclone's fs/march): only-local, only-remote, both. The
decision for a pair follows the seed's rules: equal MD5 → skip; different → transfer if the source is newer, or
always with ``ignore_timestamps``. Sizes are compared first, so a file of a different size is never hashed.
Large objects (whose listing hash is not a content MD5, and which may be DLO manifests listed as 0 bytes) cost one
HEAD each, for their real size and the ``X-Object-Meta-Mtime`` stored at upload; when the size matches but the
mtime does not, the local file's MD5 (from the hash cache) is compared with the whole content's MD5 the upload stored
(``X-Object-Meta-Md5``), or, for large objects uploaded without one, with the segments' MD5s (what ``swift upload
--skip-identical`` does).
Names either side leaves out (hidden, filtered, or without a one-to-one local path) are skips with their
``excluded`` category, so they are counted and never transferred or deleted.

Everything streams: ``iter_plan`` marches two name-sorted iterators (the walk and the listing) and yields one
action per name, holding nothing but the two current entries; ``decide`` is the comparison of one pair, which the
runner may run on a checker thread. ``make_plan`` collects the same actions into a ``Plan`` for small inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol, TypeVar

from .filters import Category, Exclusion
from .local import ExcludedPath, LocalFile, UnreadableFolder
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


class Named(Protocol):
    @property
    def name(self) -> str: ...


L = TypeVar("L", bound=Named)
R = TypeVar("R", bound=Named)


def march(local: Iterable[L], remote: Iterable[R]) -> Iterator[tuple[L | None, R | None]]:
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


def _same_content(
    local: LocalFile, remote: RemoteObject, compare: Comparison, known_md5: str | None = None
) -> tuple[bool, str | None, str]:
    """``(same, local md5 if computed, reason)``; *known_md5* is the local MD5 when the caller has it already."""
    if remote.may_be_large and (remote.large or local.size > 0):
        head = compare.remote_head(remote)
        if head is None:
            return False, None, "the object could not be read (HEAD)"
        if head.large:
            return _same_large(local, remote, head, compare)
        remote = replace(remote, size=head.size)  # a plain object after all: compare as one
    if local.size != remote.size:
        return False, None, f"size differs ({local.size} local, {remote.size} remote)"
    digest = known_md5 or compare.local_md5(local)
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
    if head.content_md5 is not None:  # the whole content's MD5, stored by the upload: one hash-cache lookup
        digest = compare.local_md5(local)
        if digest == head.content_md5:
            return True, digest, "large object with the same content (stored MD5)"
        return False, digest, "large object whose content differs (stored MD5)"
    if compare.same_segments(local, remote, head):
        return True, None, "large object with the same content (segment MD5s)"
    return False, None, "large object with the same size but another mtime and content"


Direction = Literal["upload", "download"]


@dataclass(frozen=True)
class ExcludedRemote:
    """A listing row the sync leaves out, and why."""

    remote: RemoteObject
    exclusion: Exclusion

    @property
    def name(self) -> str:
        return self.remote.name


LocalEntry = LocalFile | ExcludedPath | UnreadableFolder
RemoteEntry = RemoteObject | ExcludedRemote


def decide(
    lfile: LocalFile, robj: RemoteObject, compare: Comparison, direction: Direction, known_md5: str | None = None
) -> Action:
    """The action for a name on both sides: skip when the content is the same, else transfer when the source is
    newer (or always with ``ignore_timestamps``)."""
    name = lfile.name
    same, digest, why = _same_content(lfile, robj, compare, known_md5)
    upward = direction == "upload"
    source_time, target_time = (lfile.mtime, robj.last_modified) if upward else (robj.last_modified, lfile.mtime)
    if same:
        return Action("skip", name, why, lfile, robj, digest)
    if compare.ignore_timestamps or source_time > target_time:
        return Action(direction, name, why, lfile, robj, digest)
    newer = "remote" if upward else "local"
    return Action("skip", name, f"{why}, but the {newer} copy is newer", lfile, robj, digest)


#: A pair on both sides, to be compared (by ``decide``) by whoever consumes ``iter_plan``.
Pair = tuple[LocalFile, RemoteObject]


def iter_plan(
    local: Iterable[LocalEntry],
    remote: Iterable[RemoteEntry],
    *,
    direction: Direction,
    delete: bool,
) -> Iterator[Action | Pair]:
    """March the two name-sorted streams: an ``Action`` for every name whose fate needs no comparison (new, to
    delete, left out), and the ``(local, remote)`` pair for names on both sides, in name order.

    A name left out on either side is one skip (the listing's reason first), never transferred or deleted. So is
    every object under a local folder the walk could not list (an ``UnreadableFolder``, which comes just before
    the names under it in the sorted streams): its files are unknown, not gone, and must not be deleted remotely
    (nor downloaded over).
    """
    upward = direction == "upload"
    blocked: UnreadableFolder | None = None
    for lentry, rentry in march(local, remote):
        if isinstance(lentry, UnreadableFolder):
            blocked, lentry = lentry, None
            if rentry is None:
                continue
        if blocked is not None and isinstance(rentry, RemoteObject) and rentry.name.startswith(blocked.name):
            reason = f"under the local folder {blocked.path!r}, which could not be read"
            yield Action("skip", rentry.name, reason, None, rentry, excluded="unreadable")
            continue
        if isinstance(rentry, ExcludedRemote):
            exclusion = rentry.exclusion
            yield Action("skip", rentry.name, exclusion.reason, None, rentry.remote, excluded=exclusion.category)
        elif isinstance(lentry, ExcludedPath):
            exclusion = lentry.exclusion
            yield Action("skip", lentry.name, exclusion.reason, None, rentry, excluded=exclusion.category)
        elif lentry is not None and rentry is not None:
            yield lentry, rentry
        elif (lentry if upward else rentry) is None:
            if delete:
                kind: Kind = "delete_remote" if upward else "delete_local"
                where = "the folder" if upward else "the container"
                name = (lentry or rentry).name  # type: ignore[union-attr]
                yield Action(kind, name, f"not in {where}", lentry, rentry)
        else:
            name = (lentry or rentry).name  # type: ignore[union-attr]
            yield Action(direction, name, "new", lentry, rentry)


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
    """The whole plan for folder → container (``direction="upload"``) or container → folder (``"download"``), in
    memory: ``iter_plan`` over name-sorted lists, each pair decided in turn. For small inputs and tests.

    *excluded_local* (relative names) and *excluded_remote* are what each side left out: each name becomes one
    skip with its category, whichever side it came from.
    """
    local_entries: list[LocalEntry] = [*local]
    local_entries += [ExcludedPath(name, "", exclusion) for name, exclusion in excluded_local]
    remote_entries: list[RemoteEntry] = [*remote]
    remote_entries += [ExcludedRemote(obj, exclusion) for obj, exclusion in excluded_remote]
    local_entries.sort(key=lambda e: e.name)
    remote_entries.sort(key=lambda e: e.name)
    plan = Plan()
    for item in iter_plan(local_entries, remote_entries, direction=direction, delete=delete):
        plan.actions.append(item if isinstance(item, Action) else decide(*item, compare, direction))
    return plan
