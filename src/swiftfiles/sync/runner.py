"""A whole sync, both directions: validate, walk, list, plan, check the delete limit, then execute.

The seed's ``sync_folder_to_container`` and its mirror ``sync_container_to_folder`` are thin calls into
``run_sync``. One listing of the container prefix instead of a request per object; sizes and MD5s compared from the
listing; local MD5s from a cache keyed by path, size and mtime, so unchanged files are not read again; large objects
compared by their real size and stored mtime (one HEAD), then by their segments' MD5s. A dry run returns the plan
and changes nothing. Nothing changes before the arguments are checked: a missing folder (upward) or container
(downward) raises before a container or folder is created.

Names are mapped one-to-one (``transfer.localpath.local_name_problem``): an object name that no local path gives
back (``a//b``, ``/a``, ``a/./b``...) and a file name that no object name could bring back are left out on both
sides, like hidden and ignored names, and reported as skips with their category, never transferred or deleted.

Transfers go through the engine's bounded queue, so the number of files in flight never exceeds
``TransferConfig.max_queued_transfers``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import ClientException, FolderNotFound, IntegrityError, NoSuchContainer, NotALargeObject, NotFound
from ..swift import bulk
from ..swift.etag import is_md5
from ..swift.largeobject import ManifestEntry
from ..transfer.deleting import delete_many, delete_with_segments
from ..transfer.engine import TransferEngine
from ..transfer.fetch import iter_dlo_segments, slo_segments
from ..transfer.futures import TransferFuture
from ..transfer.progress import Subscriber
from ..transfer.readers import md5_of_file_range
from ..transfer.upload import Existing
from .executor import Callback, Executor, SyncResult, check_delete_limit, delete_local_files
from .files import submit_download, submit_upload
from .filters import Exclusion, NameFilter, normalize_patterns, sync_exclusion
from .hashcache import HashCache
from .local import FolderScan, LocalFile, scan_folder
from .plan import Action, Comparison, Direction, make_plan
from .remote import RemoteHead, RemoteObject, to_remote

DEFAULT_MAX_DELETE = 1000


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
        self.name_filter = NameFilter(normalize_patterns(options.ignore), options.include_hidden)

    def run(self) -> SyncResult:
        opts = self.options
        if self.upward and not self.folder.is_dir():
            raise FolderNotFound(f"the folder to sync {os.fspath(self.folder)!r} does not exist")
        remote = self._remote_objects()
        if not opts.dry_run and self.upward:
            self.conn.put_container(self.cname)
        elif not opts.dry_run:
            self.folder.mkdir(parents=True, exist_ok=True)
        scan = scan_folder(self.folder, self.name_filter, for_sync=True) if self.folder.is_dir() else FolderScan()
        compare = Comparison(
            self._local_md5, self._remote_head, opts.ignore_timestamps, same_segments=self._same_segments
        )
        excluded_remote: list[tuple[RemoteObject, Exclusion]] = []
        plan = make_plan(
            scan.files,
            self._kept(remote, excluded_remote),
            compare,
            direction=self.direction,
            delete=opts.delete,
            excluded_local=[(e.name, e.exclusion) for e in scan.excluded],
            excluded_remote=excluded_remote,
        )
        check_delete_limit(plan, opts.max_delete)
        result = SyncResult(plan, opts.dry_run, unreadable=scan.unreadable)
        if opts.dry_run:
            return result
        window = self.engine.config.max_queued_transfers
        if self.upward:
            return Executor(self._upload, self._delete_remote, opts.callback, opts.verbose, window).run(plan, result)
        return Executor(self._download, delete_local_files, opts.callback, opts.verbose, window).run(plan, result)

    # -- the two sides ------------------------------------------------------------------------------------------

    def _remote_objects(self) -> Iterable[RemoteObject]:
        """The listing under the prefix, as it comes (``_kept`` sorts out what the sync leaves out).

        The first page is read here, so a missing container is known before anything changes: an error for a
        download, an empty side for an upload (which creates the container).
        """
        rows = self.conn.iter_objects(self.cname, prefix=self.prefix or None)
        try:
            first = next(rows, None)
        except NoSuchContainer:
            if not self.upward:
                raise
            return []
        if first is None:
            return []
        return (to_remote(row, self.prefix) for row in _chain_first(first, rows) if "name" in row)

    def _kept(
        self, remote: Iterable[RemoteObject], excluded: list[tuple[RemoteObject, Exclusion]]
    ) -> Iterable[RemoteObject]:
        """The objects the sync compares; the others go to *excluded* with the reason, as the march reaches them."""
        for obj in remote:
            marker = obj.size == 0 and (not obj.name or obj.name.endswith("/"))
            exclusion = sync_exclusion(obj.name, self.name_filter, folder_marker=marker)
            if exclusion is None:
                yield obj
            else:
                excluded.append((obj, exclusion))

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


def _chain_first(first: dict[str, object], rest: Iterable[dict[str, object]]) -> Iterable[dict[str, object]]:
    yield first
    yield from rest


def _existing(remote: RemoteObject | None) -> Existing:
    """What the listing says of an upload's target: absent, plain, or possibly large (then a HEAD finds out)."""
    if remote is None:
        return "absent"
    return "unknown" if remote.may_be_large else "plain"
