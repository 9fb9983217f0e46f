"""Where a downloaded object may be written: never outside the target folder.

Object names are remote input. ``safe_local_path`` maps a name to a path inside a folder and refuses anything that
would land elsewhere: ``..`` segments, absolute names, drive letters, NUL bytes, and symlinked folders that point
out of the tree. Leading slashes are dropped (``/a/b`` is stored as ``a/b``), as swift and rclone do.

That lenient mapping suits a single download, but a sync needs the mapping to be one-to-one: a file it writes must
walk back to the object it came from, or the next run deletes it, downloads it again, or uploads it under another
name. ``local_name_problem`` says which object names have such a local path; a sync leaves the others out.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..exceptions import LocalPathConflict, UnsafePath

#: The longest file or folder name the common file systems accept (``NAME_MAX``: ext4, XFS, APFS, NTFS), in bytes.
MAX_NAME_BYTES = 255

_WINDOWS_FORBIDDEN = frozenset('<>:"|?*') | frozenset(chr(code) for code in range(32))
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))]
)


def local_name_problem(name: str, *, windows: bool = os.name == "nt") -> str | None:
    """Why the object name *name* has no local relative file path that maps back to the same name; None if it has.

    A local path gives back its name through a folder walk, which never yields an empty, ``.`` or ``..`` segment,
    a leading or trailing ``/``, or a ``\\`` (a separator on Windows, turned into ``/`` by ``safe_local_path``).
    Names must also fit the file system: no NUL, no segment over ``MAX_NAME_BYTES`` bytes, no drive letter, and on
    Windows (*windows*) none of ``<>:"|?*``, control characters, reserved device names or a trailing dot or space.
    Pure: the same answer for the same name on every run.
    """
    if not name:
        return "the name is empty (a folder marker for the synced prefix)"
    if "\x00" in name:
        return "it contains a NUL byte"
    if "\\" in name:
        return "it contains a backslash (a folder separator on Windows)"
    if name.startswith("/"):
        return "it starts with '/'"
    if name.endswith("/"):
        return "it ends with '/' (a folder marker, not a file)"
    segments = name.split("/")
    if len(segments[0]) >= 2 and segments[0][1] == ":" and segments[0][0].isalpha():
        return f"it starts with a drive letter ({segments[0][:2]!r})"
    for segment in segments:
        if segment == "":
            return "it has an empty path segment ('//')"
        if segment in (".", ".."):
            return f"it has a {segment!r} path segment"
        try:
            size = len(segment.encode("utf-8"))
        except UnicodeEncodeError:
            return "it is not valid Unicode"
        if size > MAX_NAME_BYTES:
            return f"a path segment is {size} bytes long; file systems allow {MAX_NAME_BYTES}"
        if windows:
            if any(char in _WINDOWS_FORBIDDEN for char in segment):
                return f"the segment {segment!r} has a character Windows refuses"
            if segment.endswith((".", " ")):
                return f"the segment {segment!r} ends with a dot or a space, which Windows drops"
            if segment.split(".")[0].upper() in _WINDOWS_RESERVED:
                return f"the segment {segment!r} is a reserved device name on Windows"
    return None


def safe_local_path(directory: str | os.PathLike[str], name: str, *, structure: bool = True) -> Path:
    """The file path for object *name* under *directory*; raises ``UnsafePath`` if it would escape it.

    structure=False keeps only the last path segment (pyrax's ``structure=False``).
    """
    if "\x00" in name:
        raise UnsafePath(f"object name {name!r} contains a NUL byte")
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts:
        raise UnsafePath(f"object name {name!r} does not name a file")
    if any(p == ".." for p in parts) or (len(parts[0]) >= 2 and parts[0][1] == ":"):
        raise UnsafePath(f"object name {name!r} would write outside the target folder")
    if not structure:
        parts = parts[-1:]
    # os.path on strings, not pathlib, one lstat per folder level of the name, and the folder itself resolved only
    # when a level is a symlink: this runs once per downloaded object, and resolving the whole path every time was
    # a visible share of a small-file download's CPU.
    given = os.fspath(directory)
    # abspath folds "link/.." textually, where the file system would follow the link: resolve those.
    base = os.path.realpath(given) if ".." in given else os.path.abspath(given)
    real_base: str | None = None
    folder = base
    for part in parts[:-1]:
        folder = os.path.join(folder, part)
        if os.path.islink(folder):
            if real_base is None:
                real_base = os.path.realpath(base)
            resolved = os.path.realpath(folder)
            if resolved != real_base and not resolved.startswith(real_base.rstrip(os.sep) + os.sep):
                raise UnsafePath(f"object name {name!r} resolves outside {base!r} (through a symlink?)")
            folder = resolved
    target = os.path.join(base, *parts)
    if os.path.islink(target):
        raise UnsafePath(f"refusing to replace the symlink {target!r} for object {name!r}")
    return Path(target)


def make_parents(target: Path, what: str = "") -> list[Path]:
    """Create *target*'s missing parent folders; return the ones created (outermost first) for ``remove_empty``.

    ``LocalPathConflict`` (naming *what* is being written) when a folder on the way exists as a file.
    """
    parent = target.parent
    if os.path.isdir(parent):  # the common case, in one stat
        return []
    missing: list[Path] = []
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    if not parent.is_dir():
        raise LocalPathConflict(
            f"cannot write {what or 'the file'} to {str(target)!r}: {str(parent)!r} is a file, not a folder"
        )
    missing.reverse()
    for folder in missing:
        folder.mkdir(exist_ok=True)
    return missing


def remove_empty(created: list[Path]) -> None:
    """Undo ``make_parents`` after a failed download: remove the folders it created, deepest first, if empty."""
    for folder in reversed(created):
        try:
            folder.rmdir()
        except OSError:
            return
