"""Where the development server keeps its files, and whether they can hold Swift metadata.

Swift's disk object server stores each object's metadata as one pickled
extended attribute (``user.swift.metadata``).  Metadata at Swift's limits
(90 items, 4096 bytes of names and values) pickles to about 6 KiB, which does
not fit in ext4's single-block xattr space (about 3.5 KiB), so such PUTs fail
there with 503/507.  tmpfs (``/dev/shm``) holds far larger xattrs, so a fresh
temporary directory there is the default.  This module is stdlib-only: the
parent process uses it to pick the directory, the server child to decide
between the disk object server and Swift's in-memory one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["XATTR_PROBE_BYTES", "default_parent_dir", "make_state_dir", "supports_large_xattrs"]

#: A filesystem must hold an xattr this large for the disk object server to be used.
XATTR_PROBE_BYTES = 8192

_SHM = Path("/dev/shm")


def supports_large_xattrs(directory: str | os.PathLike[str], size: int = XATTR_PROBE_BYTES) -> bool:
    """Return True when files in ``directory`` accept a ``size``-byte user xattr.

    Writes and removes one probe file; any OS error (no xattr support,
    ENOSPC from a too-small xattr block, read-only filesystem) means "no".
    """
    try:
        fd, probe = tempfile.mkstemp(prefix=".xattr-probe-", dir=os.fspath(directory))
    except OSError:
        return False
    try:
        os.setxattr(fd, "user.swiftfiles.probe", b"x" * size)
        os.setxattr(fd, "user.swiftfiles.probe1", b"y" * 64)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
        os.unlink(probe)


def default_parent_dir() -> Path | None:
    """``/dev/shm`` when it exists and holds large xattrs, else None (the system temp dir)."""
    if _SHM.is_dir() and os.access(_SHM, os.W_OK) and supports_large_xattrs(_SHM):
        return _SHM
    return None


def make_state_dir() -> Path:
    """Create a fresh private temporary state directory (on tmpfs when possible)."""
    parent = default_parent_dir()
    return Path(tempfile.mkdtemp(prefix="swiftfiles-swift-", dir=os.fspath(parent) if parent else None))
