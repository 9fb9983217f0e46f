"""Walking a local folder as a stream of entries in the order Swift lists names (UTF-8 byte order).

The walk holds one folder's entries at a time, never the whole tree: memory grows with the largest folder, not with
the number of files. Each folder's entries are sorted with a folder ``d`` keyed as ``d/``, so ``a.txt`` (``.`` is
0x2E) comes before everything under ``a/`` (``/`` is 0x2F), which comes before ``a0``: a depth-first walk in that
order yields relative names in exactly the order of a container listing, which is what the sync's march needs.
Python compares ``str`` by code point, and code-point order is UTF-8 byte order, so plain string comparison agrees
with Swift.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
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


@dataclass(frozen=True)
class UnreadableFolder:
    """A folder the walk could not list, yielded where its contents would be: ``name`` is its relative path with a
    trailing ``/`` (``""`` for the root). A sync must not take its missing files for deleted ones."""

    name: str
    path: str


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
    """``iter_folder`` collected into lists (for small trees and tests; a sync streams instead)."""
    scan = FolderScan()
    for entry in iter_folder(root, name_filter, for_sync=for_sync, on_unreadable=scan.unreadable.append):
        if isinstance(entry, LocalFile):
            scan.files.append(entry)
        elif isinstance(entry, ExcludedPath):
            scan.excluded.append(entry)
    return scan


def iter_folder(
    root: str | os.PathLike[str],
    name_filter: NameFilter,
    *,
    for_sync: bool = False,
    on_unreadable: Callable[[SkippedPath], None] | None = None,
) -> Iterator[LocalFile | ExcludedPath | UnreadableFolder]:
    """Every regular file under *root* the filter keeps, every name it leaves out, and every folder it could not
    list (``UnreadableFolder``, besides *on_unreadable*), in listing order.

    *for_sync* also leaves out names that no object name could give back one-to-one (``sync_exclusion``: a
    ``\\`` in a file name, say), so a sync never uploads a name it could not download to the same path.
    A hidden or ignored folder is yielded once, as an ``ExcludedPath`` named ``name/``, and not walked. Paths that
    cannot be used (unreadable, not UTF-8) go to *on_unreadable*.

    Symlinked files are followed (their content is uploaded); symlinked folders are not descended into, so a
    link loop cannot make the walk endless.
    """
    base = Path(root)
    if not base.is_dir():
        raise FolderNotFound(f"the folder {os.fspath(root)!r} does not exist")
    report = on_unreadable or (lambda skipped: None)
    return _walk(os.fspath(base), "", name_filter, for_sync, report)


def _walk(
    directory: str,
    rel_dir: str,
    name_filter: NameFilter,
    for_sync: bool,
    report: Callable[[SkippedPath], None],
) -> Iterator[LocalFile | ExcludedPath | UnreadableFolder]:
    try:
        with os.scandir(directory) as listing:
            # (sort key, name, is a folder, is a symlink): a folder sorts as "name/" (see the module docstring).
            entries: list[tuple[str, str, bool, bool]] = []
            for entry in listing:
                try:
                    is_dir = entry.is_dir()
                    is_link = is_dir and entry.is_symlink()
                except OSError:
                    is_dir = is_link = False
                entries.append((entry.name + "/" if is_dir else entry.name, entry.name, is_dir, is_link))
    except OSError as error:
        report(SkippedPath(directory, f"unreadable: {error.strerror}"))
        yield UnreadableFolder(rel_dir, directory)
        return
    entries.sort()
    for _key, filename, is_dir, is_link in entries:
        path = os.path.join(directory, filename)
        try:
            filename.encode("utf-8")
        except UnicodeEncodeError:
            report(SkippedPath(path, "the file name is not valid UTF-8"))
            continue
        name = rel_dir + filename
        if is_dir:
            excluded = name_filter.folder_exclusion(name, filename)
            if excluded is not None:
                yield ExcludedPath(name + "/", path, excluded)
            elif not is_link:
                yield from _walk(path, name + "/", name_filter, for_sync, report)
            continue
        excluded = sync_exclusion(name, name_filter) if for_sync else name_filter.file_exclusion(name, filename)
        if excluded is not None:
            yield ExcludedPath(name, path, excluded)
            continue
        try:
            stat = os.stat(path)
        except OSError as exc:
            report(SkippedPath(path, f"unreadable: {exc.strerror}"))
            continue
        if S_ISREG(stat.st_mode):
            yield LocalFile(name, path, stat.st_size, stat.st_mtime, stat.st_mtime_ns)
