"""Walking a local folder into sorted ``LocalFile`` entries (the order Swift lists names in)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from ..exceptions import FolderNotFound
from .filters import NameFilter


@dataclass(frozen=True)
class LocalFile:
    """A regular file: ``name`` is its path relative to the folder with ``/`` separators."""

    name: str
    path: str
    size: int
    mtime: float
    mtime_ns: int


@dataclass(frozen=True)
class SkippedPath:
    """A path the walk could not use, and why (unreadable folder, name that is not valid UTF-8...)."""

    path: str
    reason: str


def walk_folder(root: str | os.PathLike[str], name_filter: NameFilter) -> tuple[list[LocalFile], list[SkippedPath]]:
    """Every regular file under *root* that the filter keeps, sorted by name, plus the paths that were skipped.

    Symlinked files are followed (their content is uploaded); symlinked folders are not descended into, so a
    link loop cannot make the walk endless. Names are compared as Swift sorts them (UTF-8 byte order, which is
    code-point order).
    """
    base = Path(root)
    if not base.is_dir():
        raise FolderNotFound(f"the folder {os.fspath(root)!r} does not exist")
    files: list[LocalFile] = []
    skipped: list[SkippedPath] = []

    def on_error(error: OSError) -> None:
        skipped.append(SkippedPath(str(error.filename), f"unreadable: {error.strerror}"))

    for directory, dirnames, filenames in os.walk(base, onerror=on_error, followlinks=False):
        rel_dir = os.path.relpath(directory, base)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        dirnames[:] = [d for d in dirnames if not name_filter.skips_component(d)]
        for filename in filenames:
            if name_filter.skips_component(filename):
                continue
            path = os.path.join(directory, filename)
            name = rel_dir + filename
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                skipped.append(SkippedPath(path, "the file name is not valid UTF-8"))
                continue
            try:
                stat = os.stat(path)
            except OSError as exc:
                skipped.append(SkippedPath(path, f"unreadable: {exc.strerror}"))
                continue
            if not S_ISREG(stat.st_mode):
                continue
            files.append(LocalFile(name, path, stat.st_size, stat.st_mtime, stat.st_mtime_ns))
    files.sort(key=lambda f: f.name)
    return files, skipped
