"""Sync seed method ``sync_folder_to_container``, and the other direction, ``sync_container_to_folder``.

One listing of the container prefix instead of a request per object; sizes and MD5s compared from the listing;
local MD5s from a cache keyed by path, size and mtime, so unchanged files are not read again; large objects compared
by size and stored mtime. A dry run returns the plan and changes nothing. See ``swiftfiles.sync``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..exceptions import ClientException, NoSuchContainer, NotFound, exception_class_for
from ..swift import bulk
from ..sync.executor import Callback, Executor, SyncResult, check_delete_limit, delete_local_files
from ..sync.files import MTIME_HEADER, submit_download, submit_upload
from ..sync.filters import NameFilter, normalize_patterns
from ..sync.hashcache import HashCache, default_cache_path
from ..sync.local import LocalFile, walk_folder
from ..sync.plan import Action, Comparison, Direction, make_plan
from ..sync.remote import RemoteObject, container_fetcher, iter_remote
from ..transfer.deleting import delete_many
from ..transfer.manager import TransferFuture
from ..transfer.progress import Subscriber
from ..transfer.put import Existing
from .core import ClientCore

DEFAULT_MAX_DELETE = 1000


def _delete_error(what: str, status_text: str) -> ClientException:
    """A typed exception for one failed line of a bulk delete (``"409 Conflict"`` → ``Conflict``)."""
    code = status_text.strip().split(" ", 1)[0]
    status = int(code) if code.isdigit() else 0
    return exception_class_for(status)(f"{what}: {status_text}", status=status, reason=status_text)


def _existing(remote: RemoteObject | None) -> Existing:
    """What the listing says of an upload's target: absent, plain, or possibly large (then a HEAD finds out)."""
    if remote is None:
        return "absent"
    return "unknown" if remote.large or remote.size == 0 else "plain"


def normalize_prefix(object_prefix: str | None) -> str:
    """pyrax's ``object_prefix="imgFolder"`` means objects named ``imgFolder/...``."""
    prefix = (object_prefix or "").strip("/")
    return f"{prefix}/" if prefix else ""


class SyncMixin(ClientCore):
    def sync_folder_to_container(
        self,
        folder_path: str | os.PathLike[str],
        container: Any,
        delete: bool = False,
        include_hidden: bool = False,
        ignore: str | Iterable[str] | None = None,
        ignore_timestamps: bool = False,
        object_prefix: str = "",
        verbose: bool = False,
        *,
        dry_run: bool = False,
        max_delete: int | None = DEFAULT_MAX_DELETE,
        callback: Callback | None = None,
        hash_cache: HashCache | str | os.PathLike[str] | bool = True,
        subscribers: Iterable[Subscriber] = (),
    ) -> SyncResult:
        """Make the container (under *object_prefix*) hold every file of *folder_path*.

        A missing object is uploaded; an object whose MD5 differs is replaced when the local file is newer than
        the object's upload time, or always with ``ignore_timestamps``. Files and folders whose names start with
        ``.`` are left out unless ``include_hidden``; *ignore* (one shell pattern or several) is matched against
        every folder and file name. ``delete=True`` removes objects under the prefix that have no local file
        (never objects the filters exclude), at most *max_delete* of them: more raises ``TooManyDeletes`` before
        anything changes. ``dry_run=True`` only returns the plan. ``verbose`` logs each action at INFO on
        ``swiftfiles.sync``; *callback(action, error)* hears every outcome. The modification time of each uploaded
        file is stored as ``X-Object-Meta-Mtime``. Returns a ``SyncResult``.
        """
        return self._sync(
            "upload",
            folder_path,
            container,
            delete,
            include_hidden,
            ignore,
            ignore_timestamps,
            object_prefix,
            verbose,
            dry_run,
            max_delete,
            callback,
            hash_cache,
            subscribers,
        )

    def sync_container_to_folder(
        self,
        container: Any,
        folder_path: str | os.PathLike[str],
        delete: bool = False,
        include_hidden: bool = False,
        ignore: str | Iterable[str] | None = None,
        ignore_timestamps: bool = False,
        object_prefix: str = "",
        verbose: bool = False,
        *,
        dry_run: bool = False,
        max_delete: int | None = DEFAULT_MAX_DELETE,
        callback: Callback | None = None,
        hash_cache: HashCache | str | os.PathLike[str] | bool = True,
        subscribers: Iterable[Subscriber] = (),
    ) -> SyncResult:
        """Make *folder_path* hold every object of the container under *object_prefix* (the other direction).

        The same comparison rules apply with the roles swapped (an object replaces a differing local file when it
        was uploaded after the file's mtime). Files are written atomically, verified, and never outside the folder
        (names that would escape it are reported as errors). Downloaded files get the object's upload time as
        their mtime. ``delete=True`` removes local files that have no object (at most *max_delete*).
        """
        return self._sync(
            "download",
            folder_path,
            container,
            delete,
            include_hidden,
            ignore,
            ignore_timestamps,
            object_prefix,
            verbose,
            dry_run,
            max_delete,
            callback,
            hash_cache,
            subscribers,
        )

    def _sync(
        self,
        direction: Direction,
        folder_path: str | os.PathLike[str],
        container: Any,
        delete: bool,
        include_hidden: bool,
        ignore: str | Iterable[str] | None,
        ignore_timestamps: bool,
        object_prefix: str,
        verbose: bool,
        dry_run: bool,
        max_delete: int | None,
        callback: Callback | None,
        hash_cache: HashCache | str | os.PathLike[str] | bool,
        subscribers: Iterable[Subscriber],
    ) -> SyncResult:
        """Both directions: walk, list, plan, check the delete limit, then (unless a dry run) execute."""
        upward = direction == "upload"
        cname = self._cname(container)
        prefix = normalize_prefix(object_prefix)
        name_filter = NameFilter(normalize_patterns(ignore), include_hidden)
        folder = Path(folder_path)
        if not dry_run and upward:
            self.connection.put_container(cname)
        elif not dry_run:
            folder.mkdir(parents=True, exist_ok=True)
        files, unreadable = walk_folder(folder, name_filter) if upward or folder.is_dir() else ([], [])
        remote = self._remote_objects(cname, prefix, name_filter, required=not upward)
        cache = self._hash_cache(hash_cache)
        compare = self._comparison(cname, cache, ignore_timestamps)
        plan = make_plan(files, remote, compare, direction=direction, delete=delete)
        check_delete_limit(plan, max_delete)
        result = SyncResult(plan, dry_run, unreadable=unreadable)
        if dry_run:
            return result

        def upload(action: Action) -> TransferFuture[int]:
            assert action.local is not None
            return submit_upload(
                self._client,
                cname,
                prefix + action.name,
                action.local,
                md5=action.md5 or self._small_file_md5(action.local, cache),
                existing=_existing(action.remote),
                subscribers=subscribers,
            )

        def download(action: Action) -> TransferFuture[int]:
            assert action.remote is not None
            return submit_download(self._client, cname, action.remote, folder, cache=cache, subscribers=subscribers)

        def delete_remote(actions: Sequence[Action]) -> list[tuple[Action, BaseException | None]]:
            return self._delete_remote(cname, prefix, actions)

        if upward:
            return Executor(upload, delete_remote, callback, verbose).run(plan, result)
        return Executor(download, delete_local_files, callback, verbose).run(plan, result)

    # -- helpers ------------------------------------------------------------------------------------------------

    def _remote_objects(
        self, cname: str, prefix: str, name_filter: NameFilter, *, required: bool = False
    ) -> Iterable[RemoteObject]:
        """The listing under *prefix*, without folder markers and without names the filters exclude."""
        fetch = container_fetcher(self.connection, cname, prefix)
        try:
            first = fetch(None, 1)
        except NoSuchContainer:
            if required:
                raise
            return []
        if not first:
            return []
        return (
            obj
            for obj in iter_remote(fetch, prefix, self._page_size())
            if obj.name and not obj.name.endswith("/") and not name_filter.skips(obj.name)
        )

    def _comparison(self, cname: str, cache: HashCache, ignore_timestamps: bool) -> Comparison:
        def local_md5(local: LocalFile) -> str:
            return cache.md5(local.path, local.size, local.mtime_ns)

        def remote_mtime(remote: RemoteObject) -> float | None:
            try:
                value = self.connection.head_object(cname, remote.full_name).get(MTIME_HEADER)
                return float(value) if value else None
            except (NotFound, ValueError):
                return None

        return Comparison(local_md5, remote_mtime, ignore_timestamps)

    def _small_file_md5(self, local: LocalFile, cache: HashCache) -> str | None:
        """The MD5 for a single-PUT upload, through the cache (so the next sync need not read the file)."""
        if local.size >= self._client.transfer_config.multipart_threshold:
            return None
        return cache.md5(local.path, local.size, local.mtime_ns)

    def _hash_cache(self, setting: HashCache | str | os.PathLike[str] | bool) -> HashCache:
        """True: the shared default cache file; a path: that file; False: an in-memory cache for this call."""
        if isinstance(setting, HashCache):
            return setting
        if setting is False:
            return HashCache(None)
        path = os.fspath(default_cache_path() if setting is True else setting)
        with self._key_lock:
            if path not in self._hash_caches:
                self._hash_caches[path] = HashCache(path)
            return self._hash_caches[path]

    def _delete_remote(
        self, cname: str, prefix: str, actions: Sequence[Action]
    ) -> list[tuple[Action, BaseException | None]]:
        """Plain objects go by bulk delete; large ones (or what may be a DLO manifest) with their segments, one by
        one, unless ``TransferConfig.leave_segments``: a synced tree must not leave orphaned segments behind."""
        keep_segments = self._client.transfer_config.leave_segments
        with_segments: list[Action] = []
        plain: list[Action] = []
        for action in actions:
            large = not keep_segments and _existing(action.remote) == "unknown"
            (with_segments if large else plain).append(action)
        paths = [(cname, prefix + a.name) for a in plain]
        failed = dict(delete_many(self._client, paths).errors)
        errors: dict[str, BaseException | None] = {}
        for action, (container, name) in zip(plain, paths, strict=True):
            error = failed.get(bulk.bulk_delete_path(container, name))
            errors[action.name] = _delete_error(f"deleting {container}/{name}", error) if error else None
        for action in with_segments:
            try:
                self._client.delete_object_with_segments(cname, prefix + action.name)
                errors[action.name] = None
            except NotFound:
                errors[action.name] = None  # already gone: bulk delete does not count that as an error either
            except ClientException as exc:
                errors[action.name] = exc
        return [(action, errors[action.name]) for action in actions]
