"""One place that turns swiftfiles' exceptions into the builtin ones fsspec users catch.

pandas, pyarrow and Dask test for ``FileNotFoundError`` (a missing file), ``PermissionError`` (refused
credentials or a forbidden operation), ``FileExistsError`` (``mode="create"`` / ``"xb"``), and so on; they know
nothing of HTTP statuses. The original swiftfiles exception stays attached as ``__cause__`` so that the status and
Swift's transaction id (``trans_id``) are still there for an operator. Messages come from swiftfiles' own, which
never contain tokens or keys.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

from swiftfiles import (
    AuthenticationFailed,
    ClientException,
    Conflict,
    ContainerNotEmpty,
    Forbidden,
    NotFound,
    PreconditionFailed,
    RequestEntityTooLarge,
    SwiftFilesError,
    TransportError,
)


def translate(exc: SwiftFilesError, path: str) -> OSError | SwiftFilesError:
    """The builtin exception for *exc* about *path*, or *exc* itself when no builtin says it better.

    ``OSError`` subclasses are built with ``(errno, message, path)`` so ``.filename`` names the path, as the local
    filesystem's errors do.
    """
    if isinstance(exc, OSError):
        return exc  # FileNotFound, RequestTimeout, ConnectionFailed... already are builtins
    message = str(exc)
    if isinstance(exc, NotFound):
        return FileNotFoundError(errno.ENOENT, message, path)
    if isinstance(exc, (AuthenticationFailed, Forbidden)):
        return PermissionError(errno.EACCES, message, path)
    if isinstance(exc, ContainerNotEmpty):
        return OSError(errno.ENOTEMPTY, message, path)
    if isinstance(exc, PreconditionFailed):
        # If-None-Match: * refused the write: the object exists (mode="create", "xb")
        return FileExistsError(errno.EEXIST, message, path)
    if isinstance(exc, RequestEntityTooLarge):
        return OSError(errno.EFBIG, message, path)
    if isinstance(exc, Conflict):
        return OSError(errno.EBUSY, message, path)
    if isinstance(exc, (TransportError, ClientException)):
        return OSError(errno.EIO, message, path)
    return exc


@contextmanager
def translated(path: str) -> Iterator[None]:
    """Re-raise swiftfiles' exceptions inside the block as the builtin ones (see ``translate``)."""
    try:
        yield
    except SwiftFilesError as exc:
        mapped = translate(exc, path)
        if mapped is exc:
            raise
        raise mapped from exc
