"""A local cache of file MD5s keyed by path, size and modification time.

Sync compares local files with remote objects by MD5; reading every file on every run would make a no-change sync
of a large tree as slow as an upload. An entry is valid only while the file's size and ``mtime_ns`` are unchanged,
which is the trust rclone and swift place in modification times too. The cache is a small SQLite file (default
``$XDG_CACHE_HOME/swiftfiles/hashes.sqlite``), safe to share between threads and processes; deleting it only costs
one re-read of each file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from ..transfer.readers import md5_of_file_range

#: Paths per query of ``cached_many`` (SQLite before 3.32 allows 999 parameters).
LOOKUP_BATCH = 500
#: New entries written per transaction. One transaction per file meant one WAL commit, with an fsync, per file:
#: minutes of a first sync of a large tree on a real disk went to that alone.
STORE_BATCH = 256


def default_cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "swiftfiles" / "hashes.sqlite"


class HashCache:
    """``md5(path, size, mtime_ns)``: from the cache when the file is unchanged, else read and remembered.

    path=None keeps the cache in memory for this object's lifetime only. New entries are written ``STORE_BATCH`` at
    a time (and at ``flush``/``close``), visible to this object at once; with ``synchronous=NORMAL`` a power cut may
    lose the last ones, which costs one more read of those files, never a wrong answer.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._lock = threading.Lock()
        target = ":memory:"
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            target = os.fspath(path)
        import sqlite3  # on first use: building a StorageClient should not load SQLite for syncs it may never run

        self._db = sqlite3.connect(target, check_same_thread=False, timeout=30, isolation_level=None)
        self._pending: dict[str, tuple[int, int, str]] = {}  # path -> (size, mtime_ns, md5), not yet written
        with self._lock:
            if path is not None:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")  # a cache: commits need not wait for the disk
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS md5 (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, md5 TEXT)"
            )
        self.hits = 0
        self.misses = 0

    def lookup(self, path: str, size: int, mtime_ns: int) -> str | None:
        with self._lock:
            pending = self._pending.get(path)
            if pending is not None:
                return pending[2] if pending[:2] == (size, mtime_ns) else None
            row = self._db.execute(
                "SELECT md5 FROM md5 WHERE path = ? AND size = ? AND mtime_ns = ?", (path, size, mtime_ns)
            ).fetchone()
        return None if row is None else str(row[0])

    def store(self, path: str, size: int, mtime_ns: int, md5: str) -> None:
        with self._lock:
            self._pending[path] = (size, mtime_ns, md5)
            if len(self._pending) >= STORE_BATCH:
                self._write_pending()

    def flush(self) -> None:
        """Write the entries not written yet."""
        with self._lock:
            self._write_pending()

    def _write_pending(self) -> None:
        """One transaction for every pending entry (the caller holds the lock)."""
        if not self._pending:
            return
        rows = [(path, size, mtime_ns, md5) for path, (size, mtime_ns, md5) in self._pending.items()]
        self._db.execute("BEGIN")
        try:
            self._db.executemany("INSERT OR REPLACE INTO md5 VALUES (?, ?, ?, ?)", rows)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        self._pending.clear()

    def cached(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The file's MD5 if the cache has it for this size and mtime (counted as a hit), else None; reads nothing."""
        found = self.lookup(os.path.abspath(path), size, mtime_ns)
        if found is not None:
            self.hits += 1
        return found

    def cached_many(self, files: Sequence[tuple[str, int, int]]) -> dict[str, str]:
        """``{path: md5}`` for those of *files* (``(absolute path, size, mtime_ns)``) whose entry matches, in one
        query per ``LOOKUP_BATCH`` paths (counted as hits); reads nothing. A sync looks up the next few hundred
        files of its march at once: one query per file costs more than the rest of a nothing-changed sync."""
        found: dict[str, str] = {}
        wanted = {path: (size, mtime_ns) for path, size, mtime_ns in files}
        paths = list(wanted)
        for start in range(0, len(paths), LOOKUP_BATCH):
            chunk = paths[start : start + LOOKUP_BATCH]
            query = f"SELECT path, size, mtime_ns, md5 FROM md5 WHERE path IN ({','.join('?' * len(chunk))})"
            with self._lock:
                rows = self._db.execute(query, chunk).fetchall()
                rows += [(p, *self._pending[p]) for p in chunk if p in self._pending]  # newer than the table
            for path, size, mtime_ns, digest in rows:
                if wanted.get(path) == (size, mtime_ns):
                    found[path] = str(digest)
        self.hits += len(found)
        return found

    def md5(self, path: str, size: int, mtime_ns: int) -> str:
        """The file's MD5, reading it only when the cache has no entry for this size and mtime."""
        abspath = os.path.abspath(path)
        cached = self.lookup(abspath, size, mtime_ns)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        digest = md5_of_file_range(abspath, 0, size)
        self.store(abspath, size, mtime_ns, digest)
        return digest

    def close(self) -> None:
        with self._lock:
            try:
                self._write_pending()
            finally:
                self._db.close()


class HashCaches:
    """The hash caches one client has opened, by file (shared by its syncs), closed together by ``close()``.

    A setting of True means the default file, a path that file, False an in-memory cache for one call, and a
    ``HashCache`` itself is used as given (and not closed here: its owner closes it).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, HashCache] = {}

    def get(self, setting: HashCache | str | os.PathLike[str] | bool) -> HashCache:
        if isinstance(setting, HashCache):
            return setting
        if setting is False:
            return HashCache(None)
        path = os.fspath(default_cache_path() if setting is True else setting)
        with self._lock:
            if path not in self._open:
                self._open[path] = HashCache(path)
            return self._open[path]

    def close(self) -> None:
        with self._lock:
            caches, self._open = list(self._open.values()), {}
        for cache in caches:
            cache.close()
