"""Walking a local folder into sorted ``LocalFile`` entries (the order Swift lists names in)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from ..exceptions import FolderNotFound
from .filters import Exclusion, NameFilter, sync_exclusion


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


@dataclass(frozen=True)
class ExcludedPath:
    """A file, or a folder (``name`` ending in ``/``, its contents not walked), that the rules left out."""

    name: str
    path: str
    exclusion: Exclusion


@dataclass
class FolderScan:
    """What a walk found: the files to use, the paths it could not read, and what the rules left out."""

    files: list[LocalFile] = field(default_factory=list)
    unreadable: list[SkippedPath] = field(default_factory=list)
    excluded: list[ExcludedPath] = field(default_factory=list)


def walk_folder(root: str | os.PathLike[str], name_filter: NameFilter) -> tuple[list[LocalFile], list[SkippedPath]]:
    """Every regular file under *root* that the filter keeps, sorted by name, plus the paths it could not read."""
    scan = scan_folder(root, name_filter)
    return scan.files, scan.unreadable


def scan_folder(root: str | os.PathLike[str], name_filter: NameFilter, *, for_sync: bool = False) -> FolderScan:
    """Every regular file under *root* that the filter keeps, sorted by name; what it could not read or left out.

    *for_sync* also leaves out names that no object name could give back one-to-one (``sync_exclusion``: a
    ``\\`` in a file name, say), so a sync never uploads a name it could not download to the same path.
    A hidden or ignored folder is reported once, as ``name/``, and not walked.

    Symlinked files are followed (their content is uploaded); symlinked folders are not descended into, so a
    link loop cannot make the walk endless. Names are compared as Swift sorts them (UTF-8 byte order, which is
    code-point order).
    """
    base = Path(root)
    if not base.is_dir():
        raise FolderNotFound(f"the folder {os.fspath(root)!r} does not exist")
    scan = FolderScan()
    files, skipped = scan.files, scan.unreadable

    def on_error(error: OSError) -> None:
        skipped.append(SkippedPath(str(error.filename), f"unreadable: {error.strerror}"))

    for directory, dirnames, filenames in os.walk(base, onerror=on_error, followlinks=False):
        rel_dir = os.path.relpath(directory, base)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        kept: list[str] = []
        for dirname in dirnames:
            excluded = name_filter.component_exclusion(dirname)
            if excluded is None:
                kept.append(dirname)
            else:
                scan.excluded.append(ExcludedPath(f"{rel_dir}{dirname}/", os.path.join(directory, dirname), excluded))
        dirnames[:] = kept
        for filename in filenames:
            path = os.path.join(directory, filename)
            name = rel_dir + filename
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                skipped.append(SkippedPath(path, "the file name is not valid UTF-8"))
                continue
            excluded = sync_exclusion(name, name_filter) if for_sync else name_filter.component_exclusion(filename)
            if excluded is not None:
                scan.excluded.append(ExcludedPath(name, path, excluded))
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
    scan.excluded.sort(key=lambda e: e.name)
    return scan
