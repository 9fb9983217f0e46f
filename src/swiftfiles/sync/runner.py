"""A whole sync, both directions: validate, walk, list, plan, check the delete limit, then execute.

The seed's ``sync_folder_to_container`` and its mirror ``sync_container_to_folder`` are thin calls into
``run_sync``. One listing of the container prefix instead of a request per object; sizes and MD5s compared from the
listing; local MD5s from a cache keyed by path, size and mtime, so unchanged files are not read again; large objects
compared by their real size and stored mtime (one HEAD), then by their segments' MD5s. A dry run counts and reports
the plan and changes nothing. Nothing changes before the arguments are checked: a missing folder (upward) or container
(downward) raises before a container or folder is created.

Names are mapped one-to-one (``transfer.localpath.local_name_problem``): an object name that no local path gives
back (``a//b``, ``/a``, ``a/./b``...) and a file name that no object name could bring back are left out on both
sides, like hidden and ignored names, and reported as skips with their category, never transferred or deleted.

Memory does not grow with the number of files: the walk (``local.iter_folder``) and the listing
(``SwiftConnection.iter_objects``) are streams in the same name order, ``plan.iter_plan`` marches them, pairs whose
comparison needs a request or a file read are decided by checker tasks (``checkers``, at most a window of them
pending), transfers go through the engine's bounded queue (at most ``TransferConfig.max_queued_transfers`` files in
flight) and the result keeps counts, errors and the first ``keep_actions`` actions only.

``max_delete`` must refuse before anything changes, yet no plan is held: when a sync may delete (``delete=True``
with a limit), a first pass marches the walk and the listing by name only (no comparison, no hashing, nothing
kept but a count) and raises ``TooManyDeletes`` before the container or folder is created or anything moves. It
costs a second walk and listing, only for such syncs. Should the tree change between the two passes so that more
deletions appear, the executor deletes nothing and raises after the transfers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO

from ..exceptions import (
    ClientException,
    FolderNotFound,
    IntegrityError,
    NoSuchContainer,
    NotALargeObject,
    NotFound,
    SwiftFilesError,
)
from ..swift import bulk
from ..swift.etag import is_md5
from ..swift.largeobject import ManifestEntry
from ..swift.listing import first_fetched
from ..transfer.deleting import delete_many, delete_with_segments
from ..transfer.engine import TransferEngine
from ..transfer.fetch import iter_dlo_segments, slo_segments
from ..transfer.futures import TransferFuture
from ..transfer.progress import Subscriber
from ..transfer.readers import md5_of_file_range
from ..transfer.upload import Existing
from .checkers import decided_in_order
from .executor import KEEP_ACTIONS, Callback, Executor, SyncResult, delete_local_files, too_many_deletes
from .files import submit_download, submit_upload
from .filters import NameFilter, normalize_patterns, sync_exclusion
from .hashcache import HashCache
from .local import LocalFile, SkippedPath, iter_folder
from .plan import Action, Comparison, Direction, ExcludedRemote, LocalEntry, Pair, RemoteEntry, decide, iter_plan
from .readahead import read_ahead
from .remote import RemoteHead, RemoteObject, to_remote
from .rules import FilterRules

DEFAULT_MAX_DELETE = 1000
#: Listing rows read ahead of the march: two pages of Swift's default 10,000, so the next page is requested as soon
#: as the current one has been read, not when the march nears its end (about 5 MB of ``RemoteObject`` at most).
LISTING_AHEAD = 20_000
#: Items of the march whose hash-cache entries are read with one query (``HashCache.cached_many``).
CACHE_AHEAD = 256


@dataclass(frozen=True)
class SyncOptions:
    """Everything a sync is asked to do besides which folder and container (the seed's arguments and ours)."""

    delete: bool = False
    include_hidden: bool = False
    ignore: str | Iterable[str] | None = None
    ignore_timestamps: bool = False
    object_prefix: str = ""
    verbose: bool = False
    dry_run: bool = False
    max_delete: int | None = DEFAULT_MAX_DELETE
    callback: Callback | None = None
    subscribers: Iterable[Subscriber] = ()
    rules: FilterRules = FilterRules()
    #: Where to write every action of the plan, one JSON object a line (None: nowhere).
    plan_file: str | os.PathLike[str] | None = None
    keep_actions: int | None = KEEP_ACTIONS


def normalize_prefix(object_prefix: str | None) -> str:
    """pyrax's ``object_prefix="imgFolder"`` means objects named ``imgFolder/...``."""
    prefix = (object_prefix or "").strip("/")
    return f"{prefix}/" if prefix else ""


def run_sync(
    engine: TransferEngine,
    direction: Direction,
    folder_path: str | os.PathLike[str],
    container: str,
    options: SyncOptions,
    cache: HashCache,
) -> SyncResult:
    """Make the container (``upload``) or the folder (``download``) like the other side; see ``SyncOptions``."""
    return _Sync(engine, direction, Path(folder_path), container, options, cache).run()


class _Sync:
    """One sync's state: the two sides, the filters, the hash cache."""

    def __init__(
        self,
        engine: TransferEngine,
        direction: Direction,
        folder: Path,
        container: str,
        options: SyncOptions,
        cache: HashCache,
    ) -> None:
        self.engine = engine
        self.conn = engine.connection
        self.upward = direction == "upload"
        self.direction: Direction = direction
        self.folder = folder
        self.cname = container
        self.options = options
        self.cache = cache
        self.prefix = normalize_prefix(options.object_prefix)
        self.name_filter = NameFilter(normalize_patterns(options.ignore), options.include_hidden, options.rules)
        self._abs_root = os.path.join(os.path.abspath(folder), "")
        self._known: dict[str, str] = {}
        self._container_missing = False  # set by _remote_entries from the listing's answer
        self.compare = Comparison(
            self._local_md5, self._remote_head, options.ignore_timestamps, same_segments=self._same_segments
        )

    def run(self) -> SyncResult:
        opts = self.options
        if self.upward and not self.folder.is_dir():
            raise FolderNotFound(f"the folder to sync {os.fspath(self.folder)!r} does not exist")
        remote = self._remote_entries()
        if opts.delete and opts.max_delete is not None:
            self._check_delete_limit(remote, opts.max_delete)
            remote = self._remote_entries()
        if not opts.dry_run and self.upward and self._container_missing:
            # Only when the listing said it is missing: a PUT on an existing container is a write to the account
            # database on every sync, and a user whose write access comes from the container's ACL may not PUT it.
            self.conn.put_container(self.cname)
        elif not opts.dry_run:
            self.folder.mkdir(parents=True, exist_ok=True)
        result = SyncResult(dry_run=opts.dry_run, keep_actions=opts.keep_actions)
        marched = self._cache_ahead(
            iter_plan(
                self._local_entries(result.unreadable.append), remote, direction=self.direction, delete=opts.delete
            )
        )
        window = self.engine.config.max_queued_transfers
        checkers = max(1, self.engine.config.concurrency)
        actions = decided_in_order(marched, self._quick, self._check, self.engine.submit_part, 4 * checkers)
        with _plan_writer(opts.plan_file) as write:
            if write is not None:
                actions = _written(actions, write)
            if self.upward:
                executor = Executor(self._upload, self._delete_remote, opts.callback, opts.verbose, window)
            else:
                executor = Executor(self._download, delete_local_files, opts.callback, opts.verbose, window)
            if opts.dry_run:
                return executor.dry_run(actions, result)
            executor.max_delete = opts.max_delete
            return executor.run(actions, result)

    def _check_delete_limit(self, remote: Iterable[RemoteEntry], max_delete: int) -> None:
        """The first pass: count the deletions by name alone (keeping the first few for the error), and refuse the
        whole sync, before anything changes, when there are more than *max_delete*."""
        count, first = 0, list[Action]()
        for item in iter_plan(self._local_entries(None), remote, direction=self.direction, delete=True):
            if isinstance(item, Action) and item.kind in ("delete_remote", "delete_local"):
                count += 1
                if len(first) < min(max_delete + 1, KEEP_ACTIONS):
                    first.append(item)
        if count > max_delete:
            raise too_many_deletes(count, max_delete, first)

    # -- the two sides ------------------------------------------------------------------------------------------

    def _local_entries(self, on_unreadable: Callable[[SkippedPath], None] | None) -> Iterator[LocalEntry]:
        if not self.folder.is_dir():
            return iter(())
        return iter_folder(self.folder, self.name_filter, for_sync=True, on_unreadable=on_unreadable)

    def _remote_entries(self) -> Iterable[RemoteEntry]:
        """The listing under the prefix, as a stream, each row kept or left out (with the reason).

        The first page is read here, so a missing container is known before anything changes: an error for a
        download, an empty side for an upload (which creates the container). The next pages are read ahead on a
        thread (``readahead``), so the march does not wait for each page in turn.
        """
        try:
            rows = first_fetched(self.conn.iter_objects(self.cname, prefix=self.prefix or None))
        except NoSuchContainer:
            if not self.upward:
                raise
            self._container_missing = True
            return []
        if rows is None:
            return []
        objects = (to_remote(row, self.prefix) for row in rows if "name" in row)
        return self._kept(read_ahead(objects, batch=1000, depth=LISTING_AHEAD // 1000, name="swiftfiles-listing"))

    def _kept(self, remote: Iterable[RemoteObject]) -> Iterator[RemoteEntry]:
        """Each object as it comes, or, for what the sync leaves out, the object with the reason.

        The march relies on the listing's order (UTF-8 bytes, as Swift sorts): a listing out of order would pair
        the wrong names (a delete and an upload for one name), so it stops the sync instead.
        """
        previous: str | None = None
        for obj in remote:
            if previous is not None and obj.name <= previous:
                raise SwiftFilesError(
                    f"the listing of {self.cname!r} is not in name order ({previous!r} came before {obj.name!r}): "
                    "the sync stops rather than mistake one name for another"
                )
            previous = obj.name
            marker = obj.size == 0 and (not obj.name or obj.name.endswith("/"))
            exclusion = sync_exclusion(obj.name, self.name_filter, folder_marker=marker)
            yield obj if exclusion is None else ExcludedRemote(obj, exclusion)

    def _cache_ahead(self, items: Iterable[Action | Pair]) -> Iterator[Action | Pair]:
        """The march as it is, with the hash cache looked up for the next ``CACHE_AHEAD`` items at once (into
        ``self._known``, which ``_quick`` reads) instead of one query per file."""
        iterator = iter(items)
        while True:
            chunk = list(islice(iterator, CACHE_AHEAD))
            if not chunk:
                return
            wanted = [
                (self._cache_key(item[0]), item[0].size, item[0].mtime_ns)
                for item in chunk
                if not isinstance(item, Action) and item[0].size == item[1].size and not item[1].may_be_large
            ]
            self._known = self.cache.cached_many(wanted) if wanted else {}
            yield from chunk

    def _cache_key(self, local: LocalFile) -> str:
        """``os.path.abspath(local.path)`` (the hash cache's key), without normalizing every path: the walk joins
        the folder with clean names (no ``.``, ``..`` or empty segments), so the folder's absolute path is enough."""
        return self._abs_root + (local.name if os.sep == "/" else local.name.replace("/", os.sep))

    def _quick(self, pair: Pair) -> Action | None:
        """The decision for a pair when it needs no request and no file read; None when it does."""
        local, remote = pair
        if remote.may_be_large and (remote.large or local.size > 0):
            return None  # one HEAD
        known = None
        if local.size == remote.size:
            known = self._known.get(self._cache_key(local))
            if known is None:
                return None  # the file must be read (or the cache asked again, on a checker)
        return decide(local, remote, self.compare, self.direction, known)

    def _check(self, pair: Pair) -> Action:
        """The decision for a pair on a checker thread (a HEAD, a file read)."""
        self.engine.token.check()
        return decide(*pair, self.compare, self.direction)

    def _local_md5(self, local: LocalFile) -> str:
        return self.cache.md5(local.path, local.size, local.mtime_ns)

    def _remote_head(self, remote: RemoteObject) -> RemoteHead | None:
        """The one HEAD a row that may be a large object costs: real size, stored mtime, kind."""
        try:
            return RemoteHead.from_headers(self.conn.head_object(self.cname, remote.full_name))
        except NotFound:
            return None

    def _same_segments(self, local: LocalFile, remote: RemoteObject, head: RemoteHead) -> bool:
        """Whether *local* holds the large object's content: the MD5 of each stretch of the file against its
        segment's (one manifest GET or listing, one read of the file). A match is remembered in the hash cache
        against the object's ETag, so the next sync of the same file and object reads nothing."""
        key = large_match_key(local.path)
        if head.etag is not None and self.cache.lookup(key, local.size, local.mtime_ns) == head.etag:
            return True
        try:
            if head.slo:
                segments: Iterable[ManifestEntry] = slo_segments(self.conn, self.cname, remote.full_name)
            else:
                assert head.manifest is not None
                page = self.conn.capabilities().container_listing_limit
                exclude = (self.cname, remote.full_name)
                segments = iter_dlo_segments(self.conn, head.manifest, page_size=page, exclude=exclude)
            offset = 0
            for segment in segments:
                if segment.range or not is_md5(segment.etag) or offset + segment.size > local.size:
                    return False  # a ranged or nested segment's MD5 is not that of the bytes it gives
                if md5_of_file_range(local.path, offset, segment.size) != segment.etag:
                    return False
                offset += segment.size
        except (NotFound, NotALargeObject, IntegrityError, OSError):
            return False
        if offset != local.size:
            return False
        if head.etag is not None:
            self.cache.store(key, local.size, local.mtime_ns, head.etag)
        return True

    # -- actions ------------------------------------------------------------------------------------------------

    def _upload(self, action: Action) -> TransferFuture[int]:
        assert action.local is not None
        return submit_upload(
            self.engine,
            self.cname,
            self.prefix + action.name,
            action.local,
            md5=action.md5 or self._small_file_md5(action.local),
            existing=_existing(action.remote),
            subscribers=self.options.subscribers,
        )

    def _download(self, action: Action) -> TransferFuture[int]:
        assert action.remote is not None
        return submit_download(
            self.engine, self.cname, action.remote, self.folder, cache=self.cache, subscribers=self.options.subscribers
        )

    def _small_file_md5(self, local: LocalFile) -> str | None:
        """The MD5 for a single-PUT upload, through the cache (so the next sync need not read the file)."""
        if local.size >= self.engine.config.multipart_threshold:
            return None
        return self.cache.md5(local.path, local.size, local.mtime_ns)

    def _delete_remote(self, actions: Sequence[Action]) -> list[tuple[Action, BaseException | None]]:
        """Plain objects go by bulk delete; large ones (or what may be a DLO manifest) with their segments, one by
        one, unless ``TransferConfig.leave_segments``: a synced tree must not leave orphaned segments behind."""
        keep_segments = self.engine.config.leave_segments
        with_segments: list[Action] = []
        plain: list[Action] = []
        for action in actions:
            large = not keep_segments and _existing(action.remote) == "unknown"
            (with_segments if large else plain).append(action)
        paths = [(self.cname, self.prefix + a.name) for a in plain]
        failed = dict(delete_many(self.engine, paths).errors)
        errors: dict[str, BaseException | None] = {}
        for action, (container, name) in zip(plain, paths, strict=True):
            error = failed.get(bulk.bulk_delete_path(container, name))
            errors[action.name] = bulk.status_error(f"deleting {container}/{name}", error) if error else None
        for action in with_segments:
            try:
                delete_with_segments(self.engine, self.cname, self.prefix + action.name)
                errors[action.name] = None
            except NotFound:
                errors[action.name] = None  # already gone: bulk delete does not count that as an error either
            except ClientException as exc:
                errors[action.name] = exc
        return [(action, errors[action.name]) for action in actions]


def large_match_key(path: str) -> str:
    """The hash cache key under which a file's match with a large object's ETag is kept: not an absolute path, so
    never the key of a file's own MD5."""
    return "large-object-match:" + os.path.abspath(path)


@contextmanager
def _plan_writer(path: str | os.PathLike[str] | None) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle


def _written(actions: Iterable[Action], out: IO[str]) -> Iterator[Action]:
    """Each action as it passes, also written to *out* as one JSON object a line."""
    for action in actions:
        record = {"kind": action.kind, "name": action.name, "reason": action.reason, "bytes": action.size}
        if action.excluded:
            record["excluded"] = action.excluded
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        yield action


def _existing(remote: RemoteObject | None) -> Existing:
    """What the listing says of an upload's target: absent, plain, or possibly large (then a HEAD finds out)."""
    if remote is None:
        return "absent"
    return "unknown" if remote.may_be_large else "plain"
