"""The helpers of ``pyrax.utils`` that Cloud Files scripts use, with pyrax's names and behaviour.

``get_checksum`` (MD5 hex of text, bytes, a file path or a file object), ``random_ascii``/``random_unicode``
(random names for tests), ``SelfDeletingTempfile``/``SelfDeletingTempDirectory`` (paths removed on exit),
``folder_size`` (bytes under a folder, minus ignored names), ``coerce_to_list``, ``match_pattern``, ``get_name``,
and ``wait_until``/``wait_for_build`` (reload an object until an attribute has a wanted value).

Departure: ``wait_until(verbose=True)`` logs each attempt on the ``swiftfiles.pyrax`` logger at INFO instead of
printing (library code does not print; ``logging.basicConfig(level=logging.INFO)`` shows the same lines).
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
import random
import shutil
import string
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from . import exceptions as exc

_log = logging.getLogger("swiftfiles.pyrax")


class SelfDeletingTempfile:
    """``with SelfDeletingTempfile() as path:`` a new empty file (created securely), removed on exit."""

    name: str | None = None

    def __enter__(self) -> str:
        fd, self.name = tempfile.mkstemp()
        os.close(fd)
        return self.name

    def __exit__(self, *exc_info: object) -> None:
        if self.name is not None and os.path.exists(self.name):
            os.unlink(self.name)


class SelfDeletingTempDirectory:
    """``with SelfDeletingTempDirectory() as path:`` a new private folder, removed with its contents on exit."""

    name: str | None = None

    def __enter__(self) -> str:
        self.name = tempfile.mkdtemp()
        return self.name

    def __exit__(self, *exc_info: object) -> None:
        if self.name is not None:
            shutil.rmtree(self.name, ignore_errors=True)


def get_checksum(content: Any, encoding: str = "utf8", block_size: int = 8192) -> str:
    """The MD5 hex digest of *content*: a path to an existing file, a file object, or text/bytes.

    Text is encoded with *encoding* first (Swift stores the UTF-8 bytes, so this equals the stored ETag). A file
    object is read from the start and left at the position it had, as pyrax did.
    """
    md5 = hashlib.md5(usedforsecurity=False)

    def update(chunk: str | bytes) -> None:
        md5.update(chunk.encode(encoding) if isinstance(chunk, str) else chunk)

    is_file = False
    if isinstance(content, (str, os.PathLike)):
        try:
            is_file = os.path.isfile(content)
        except (TypeError, ValueError):
            is_file = False
    if is_file:
        with open(os.fspath(content), "rb") as stream:
            while chunk := stream.read(block_size):
                update(chunk)
    elif hasattr(content, "read"):
        pos = content.tell()
        content.seek(0)
        while chunk := content.read(block_size):
            update(chunk)
        content.seek(pos)
    elif isinstance(content, (str, bytes)):
        update(content)
    else:
        raise TypeError(f"get_checksum needs text, bytes, a file path or a file object, not {type(content).__name__}")
    return md5.hexdigest()


def _join_chars(chars: str, length: int) -> str:
    """*length* characters drawn from *chars*."""
    return "".join(random.choice(chars) for _ in range(length))


def random_unicode(length: int = 20) -> str:
    """A random string of *length* characters with code points from 32 to 1000 (names for tests)."""
    return "".join(chr(random.randint(32, 1000)) for _ in range(length))


def random_ascii(length: int = 20, ascii_only: bool = False) -> str:
    """A random string of *length* ASCII letters (names for tests)."""
    return _join_chars(string.ascii_letters, length)


def coerce_to_list(value: Any) -> list[Any]:
    """A list from one value, a list/tuple, or nothing (pyrax's handling of ``ignore=`` arguments)."""
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def match_pattern(name: str, patterns: str | Iterable[str] | None) -> bool:
    """True when *name* matches one of the shell *patterns* (one string or several)."""
    return any(fnmatch.fnmatch(name, pattern) for pattern in coerce_to_list(patterns))


def folder_size(path: str | os.PathLike[str], ignore: str | Iterable[str] | None = None) -> int:
    """Total bytes of the files under *path*, leaving out files whose path matches *ignore*.

    ``FolderNotFound`` when *path* is not a folder. Broken symlinks are skipped; like pyrax, patterns are matched
    against the file's full (real) path, so ``"*2"`` skips names ending in 2.
    """
    if not os.path.isdir(path):
        raise exc.FolderNotFound(f"No such folder: '{os.fspath(path)}'")
    patterns = coerce_to_list(ignore)
    total = 0
    for root, _dirs, names in os.walk(path):
        for name in names:
            full = os.path.realpath(os.path.join(root, name))
            if os.path.exists(full) and not match_pattern(full, patterns):
                total += os.stat(full).st_size
    return total


def get_name(name_or_obj: Any) -> str:
    """The name of a container/object handle, or the string itself."""
    if isinstance(name_or_obj, str):
        return name_or_obj
    try:
        return str(name_or_obj.name)
    except AttributeError:
        raise exc.MissingName(name_or_obj) from None


def _reload(obj: Any) -> Any:
    for method in ("reload", "get"):
        func = getattr(obj, method, None)
        if callable(func):
            fresh = func()
            return obj if fresh is None or method == "get" else fresh
    raise exc.NoReloadError(f"The 'wait_until' method is not supported for '{type(obj).__name__}' objects.")


def _wait(
    obj: Any,
    att: str,
    desired: Any,
    interval: float,
    attempts: int,
    verbose: bool,
    verbose_atts: Any,
) -> Any:
    wanted = desired if isinstance(desired, (list, tuple)) else [desired]
    extra = coerce_to_list(verbose_atts)
    start = time.monotonic()
    attempt = 0
    while attempts == 0 or attempt < attempts:
        obj = _reload(obj)
        value = getattr(obj, att)
        if verbose:
            details = "".join(f"; {name}: {getattr(obj, name, None)}" for name in extra)
            _log.info(
                "Current value of %s: %s (elapsed: %4.1f seconds)%s", att, value, time.monotonic() - start, details
            )
        if value in wanted:
            return obj
        attempt += 1
        time.sleep(interval)
    return obj


def wait_until(
    obj: Any,
    att: str,
    desired: Any,
    callback: Callable[[Any], Any] | None = None,
    interval: float = 5,
    attempts: int = 0,
    verbose: bool = False,
    verbose_atts: Any = None,
) -> Any:
    """Reload *obj* every *interval* seconds until ``obj.<att>`` is *desired* (or one of several); return it.

    For object storage: a ``Container``/``StorageObject`` is reloaded with ``reload()`` (e.g. wait until a
    container's ``object_count`` reaches a number, or ``cdn_enabled`` is True). *attempts* 0 means no limit. With a
    *callback*, the wait runs on a thread, the callback gets the object at the end, and the thread is returned.
    """
    if callback is None:
        return _wait(obj, att, desired, interval, attempts, verbose, verbose_atts)

    def run() -> None:
        callback(_wait(obj, att, desired, interval, attempts, verbose, verbose_atts))

    thread = threading.Thread(target=run, name="pyrax-wait-until", daemon=True)
    thread.start()
    return thread


def wait_for_build(
    obj: Any,
    att: str | None = None,
    desired: Any = None,
    callback: Callable[[Any], Any] | None = None,
    interval: float | None = None,
    attempts: int | None = None,
    verbose: bool | None = None,
    verbose_atts: Any = None,
) -> Any:
    """pyrax's ``wait_until`` preset for servers (``status`` in ACTIVE/ERROR...), kept for scripts that call it.

    Cloud Files objects have no build status, so it is only useful with *att*/*desired* given.
    """
    return wait_until(
        obj,
        att or "status",
        desired or ["ACTIVE", "ERROR", "available", "COMPLETED"],
        callback=callback,
        interval=20 if interval is None else interval,
        attempts=attempts or 0,
        verbose=bool(verbose),
        verbose_atts=verbose_atts or "progress",
    )


__all__ = [
    "SelfDeletingTempDirectory",
    "SelfDeletingTempfile",
    "coerce_to_list",
    "folder_size",
    "get_checksum",
    "get_name",
    "match_pattern",
    "random_ascii",
    "random_unicode",
    "wait_for_build",
    "wait_until",
]
