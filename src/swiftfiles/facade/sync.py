"""Sync seed method ``sync_folder_to_container``, and the other direction, ``sync_container_to_folder``.

The work is in ``swiftfiles.sync.runner``; this part holds the client's hash caches (one per cache file, shared by
its syncs and closed with the client).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from ..logs import verbose_lines
from ..sync.executor import KEEP_ACTIONS, Callback, SyncResult
from ..sync.filters import normalize_patterns
from ..sync.hashcache import HashCache, HashCaches
from ..sync.plan import Direction
from ..sync.rules import FilterRules
from ..sync.runner import DEFAULT_MAX_DELETE, SyncOptions, run_sync
from ..transfer.engine import TransferEngine
from ..transfer.progress import Subscriber
from .core import Part


class SyncPart(Part):
    """Folder ↔ container syncs; owns the hash caches."""

    def __init__(self, engine: TransferEngine) -> None:
        super().__init__(engine)
        self.hash_caches = HashCaches()

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
        include: str | Iterable[str] | None = None,
        exclude: str | Iterable[str] | None = None,
        dry_run: bool = False,
        max_delete: int | None = DEFAULT_MAX_DELETE,
        callback: Callback | None = None,
        hash_cache: HashCache | str | os.PathLike[str] | bool = True,
        subscribers: Iterable[Subscriber] = (),
        plan_file: str | os.PathLike[str] | None = None,
        keep_actions: int | None = KEEP_ACTIONS,
    ) -> SyncResult:
        """Make the container (under *object_prefix*) hold every file of *folder_path*.

        A missing object is uploaded; an object whose MD5 differs is replaced when the local file is newer than
        the object's upload time, or always with ``ignore_timestamps``. Files and folders whose names start with
        ``.`` are left out unless ``include_hidden``; *ignore* (one shell pattern or several) is matched against
        every folder and file name; *include* and *exclude* are rclone-style globs matched against the whole
        relative path (``img/*.png``, ``/build/**``, ``**.tmp``; includes first, and with any include a path no
        rule matches is left out); a pattern that can never match is a ``ValueError`` before any request.
        ``delete=True`` removes objects under the prefix that have no local file (never objects the filters
        exclude), at most *max_delete* of them: more raises ``TooManyDeletes`` before anything changes (a first
        pass counts them, holding no plan). ``dry_run=True`` changes nothing and reports every action it would
        take to *callback* (with error None). ``verbose`` logs each action at INFO on
        ``swiftfiles.sync`` (on standard error when the application configured no logging); *callback(action,
        error)* hears every outcome. The modification time of each uploaded
        file is stored as ``X-Object-Meta-Mtime``; large objects (an SLO, or a DLO that the listing shows as 0 bytes)
        are compared by the size and mtime one HEAD gives, then, when only the mtime differs, by the whole-file MD5
        the upload stored (``X-Object-Meta-Md5``, against the hash cache) or, for large objects other tools wrote,
        their segments' MD5s, so a large object that already holds the file is not uploaded again. Returns a
        ``SyncResult``.

        Names are mapped one-to-one: an object whose name no local file could give back (``a//b``, ``/a``,
        ``a/./b``, ``a/../b``, a ``\\``, a trailing ``/``...) is left alone, and a file whose name no object
        could bring back is not uploaded. Every name left out (hidden, ignored, filtered, unsafe name, folder marker,
        or under a local folder that could not be read) is a skip whose ``excluded`` names the rule, counted in
        ``result.summary()``; ``delete=True`` never removes it.

        Memory does not grow with the number of files: the walk and the listing are streamed in name order and
        marched. The result counts everything but keeps only the first *keep_actions* actions (None: all); for a
        larger tree ``result.plan`` raises ``ValueError``: pass *plan_file* (every action written as one JSON
        object a line) or *callback* to see them all.
        """
        return self._sync(
            "upload",
            folder_path,
            container,
            hash_cache,
            SyncOptions(
                delete,
                include_hidden,
                ignore,
                ignore_timestamps,
                object_prefix,
                verbose,
                dry_run,
                max_delete,
                callback,
                subscribers,
                FilterRules.from_patterns(normalize_patterns(include), normalize_patterns(exclude)),
                plan_file,
                keep_actions,
            ),
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
        include: str | Iterable[str] | None = None,
        exclude: str | Iterable[str] | None = None,
        dry_run: bool = False,
        max_delete: int | None = DEFAULT_MAX_DELETE,
        callback: Callback | None = None,
        hash_cache: HashCache | str | os.PathLike[str] | bool = True,
        subscribers: Iterable[Subscriber] = (),
        plan_file: str | os.PathLike[str] | None = None,
        keep_actions: int | None = KEEP_ACTIONS,
    ) -> SyncResult:
        """Make *folder_path* hold every object of the container under *object_prefix* (the other direction).

        The same comparison rules apply with the roles swapped (an object replaces a differing local file when it
        was uploaded after the file's mtime). Files are written atomically, verified, and never outside the folder
        (symlinks that would lead out of it are reported as errors). Downloaded files get the mtime stored with the
        object (``X-Object-Meta-Mtime``), else its upload time. ``delete=True`` removes local files that have no
        object (at most *max_delete*). An object whose name has no local path that maps back to it (``a//b``,
        ``/a``, ``a/./b``, ``../x``...) is not downloaded: it is a skip with ``excluded="unsafe name"`` and its
        reason, like hidden (unless ``include_hidden``), ignored and filtered (*include*, *exclude*) names, and
        ``summary()`` counts them; such files are never deleted. *dry_run*, *max_delete*, *callback*, *plan_file*
        and *keep_actions* work as for ``sync_folder_to_container``; memory does not grow with the number of
        objects.
        """
        return self._sync(
            "download",
            folder_path,
            container,
            hash_cache,
            SyncOptions(
                delete,
                include_hidden,
                ignore,
                ignore_timestamps,
                object_prefix,
                verbose,
                dry_run,
                max_delete,
                callback,
                subscribers,
                FilterRules.from_patterns(normalize_patterns(include), normalize_patterns(exclude)),
                plan_file,
                keep_actions,
            ),
        )

    def _sync(
        self,
        direction: Direction,
        folder_path: str | os.PathLike[str],
        container: Any,
        hash_cache: HashCache | str | os.PathLike[str] | bool,
        options: SyncOptions,
    ) -> SyncResult:
        if options.keep_actions is not None and options.keep_actions < 0:
            raise ValueError(f"keep_actions must be 0 or more (or None for all), not {options.keep_actions}")
        cache = self.hash_caches.get(hash_cache)
        with verbose_lines("swiftfiles.sync", options.verbose):
            try:
                return run_sync(self.engine, direction, folder_path, self._cname(container), options, cache)
            finally:
                cache.flush()  # what this sync learnt is on disk when it returns, even if the cache stays open
