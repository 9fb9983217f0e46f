"""Where a downloaded object may be written: never outside the target folder.

Object names are remote input. ``safe_local_path`` maps a name to a path inside a folder and refuses anything that
would land elsewhere: ``..`` segments, absolute names, drive letters, NUL bytes, and symlinked folders that point
out of the tree. Leading slashes are dropped (``/a/b`` is stored as ``a/b``), as swift and rclone do.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from ..exceptions import UnsafePath


def safe_local_path(directory: str | os.PathLike[str], name: str, *, structure: bool = True) -> Path:
    """The file path for object *name* under *directory*; raises ``UnsafePath`` if it would escape it.

    structure=False keeps only the last path segment (pyrax's ``structure=False``).
    """
    if "\x00" in name:
        raise UnsafePath(f"object name {name!r} contains a NUL byte")
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("/", "", ".")]
    if not parts:
        raise UnsafePath(f"object name {name!r} does not name a file")
    if any(p == ".." for p in parts) or (len(parts[0]) >= 2 and parts[0][1] == ":"):
        raise UnsafePath(f"object name {name!r} would write outside the target folder")
    if not structure:
        parts = parts[-1:]
    base = Path(directory).resolve()
    target = base.joinpath(*parts)
    resolved_parent = target.parent.resolve()
    if resolved_parent != base and base not in resolved_parent.parents:
        raise UnsafePath(f"object name {name!r} resolves outside {str(base)!r} (through a symlink?)")
    if target.is_symlink():
        raise UnsafePath(f"refusing to replace the symlink {str(target)!r} for object {name!r}")
    return target


def make_parents(target: Path) -> list[Path]:
    """Create *target*'s missing parent folders; return the ones created (outermost first) for ``remove_empty``."""
    missing: list[Path] = []
    parent = target.parent
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
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
