"""swiftfiles: a client for OpenStack Object Storage (Swift) and Rackspace Cloud Files.

Start with ``StorageClient`` (the pyrax-compatible API)::

    from swiftfiles import StorageClient

    with StorageClient.from_env() as client:
        cont = client.create_container("photos")
        cont.upload_file("cat.jpg")

Every name a user needs is importable from here: the client and its handles, ``TransferConfig``, the progress
subscriber base class and a ready ``ProgressBar`` (rich, imported only when a bar is created), the results of syncs
and folder uploads, and every exception class (the tree is drawn in ``swiftfiles.exceptions``).

The names are imported on first use (PEP 562), so ``import swiftfiles`` costs almost nothing: a command-line
``--version``, or a program that only needs the exceptions, does not load the HTTP stack.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from ._version import __version__

# A library logs and lets the application decide what to show (see ``swiftfiles.logs`` for the logger names).
logging.getLogger("swiftfiles").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from .client import StorageClient
    from .exceptions import (
        AuthenticationFailed,
        BodyNotRewindable,
        CertificateRefused,
        ClientClosed,
        ClientException,
        ConfigurationError,
        Conflict,
        ConnectionFailed,
        ContainerNotEmpty,
        FileNotFound,
        FolderNotFound,
        FolderUploadFailed,
        Forbidden,
        IntegrityError,
        InvalidCDNMetadata,
        InvalidName,
        InvalidTemporaryURLMethod,
        LocalPathConflict,
        MetadataError,
        MissingName,
        MissingTemporaryURLKey,
        NoContentSpecified,
        NoSuchContainer,
        NoSuchObject,
        NotAFile,
        NotALargeObject,
        NotCDNEnabled,
        NotFound,
        PreconditionFailed,
        RateLimited,
        RequestEntityTooLarge,
        RequestTimeout,
        ServerError,
        SwiftFilesError,
        TooManyDeletes,
        TransferCancelled,
        TransportError,
        UnprocessableEntity,
        UnsafePath,
    )
    from .http.retry import RetryPolicy
    from .progress import ProgressBar
    from .resources import (
        Container,
        StorageObject,
    )
    from .swift.bulk import BulkDeleteResult
    from .swift.listing import LazyListing
    from .sync.executor import SyncResult
    from .sync.folder_upload import FolderUpload, FolderUploadResult
    from .sync.plan import (
        Action,
        Plan,
    )
    from .transfer.config import TransferConfig
    from .transfer.engine import (
        DownloadResult,
        TransferEngine,
    )
    from .transfer.futures import TransferFuture
    from .transfer.progress import (
        BaseSubscriber,
        Subscriber,
        TransferInfo,
    )
    from .transfer.segmented import UploadResult

#: Where each public name lives (imported when first asked for).
_MODULES = {
    "StorageClient": ".client",
    "AuthenticationFailed": ".exceptions",
    "BodyNotRewindable": ".exceptions",
    "CertificateRefused": ".exceptions",
    "ClientClosed": ".exceptions",
    "ClientException": ".exceptions",
    "ConfigurationError": ".exceptions",
    "Conflict": ".exceptions",
    "ConnectionFailed": ".exceptions",
    "ContainerNotEmpty": ".exceptions",
    "FileNotFound": ".exceptions",
    "FolderNotFound": ".exceptions",
    "Forbidden": ".exceptions",
    "IntegrityError": ".exceptions",
    "InvalidCDNMetadata": ".exceptions",
    "InvalidName": ".exceptions",
    "InvalidTemporaryURLMethod": ".exceptions",
    "LocalPathConflict": ".exceptions",
    "MetadataError": ".exceptions",
    "MissingName": ".exceptions",
    "MissingTemporaryURLKey": ".exceptions",
    "NoContentSpecified": ".exceptions",
    "NoSuchContainer": ".exceptions",
    "NoSuchObject": ".exceptions",
    "NotAFile": ".exceptions",
    "NotALargeObject": ".exceptions",
    "NotCDNEnabled": ".exceptions",
    "NotFound": ".exceptions",
    "PreconditionFailed": ".exceptions",
    "RateLimited": ".exceptions",
    "RequestEntityTooLarge": ".exceptions",
    "RequestTimeout": ".exceptions",
    "ServerError": ".exceptions",
    "SwiftFilesError": ".exceptions",
    "TooManyDeletes": ".exceptions",
    "TransferCancelled": ".exceptions",
    "TransportError": ".exceptions",
    "UnprocessableEntity": ".exceptions",
    "UnsafePath": ".exceptions",
    "RetryPolicy": ".http.retry",
    "ProgressBar": ".progress",
    "Container": ".resources",
    "StorageObject": ".resources",
    "BulkDeleteResult": ".swift.bulk",
    "LazyListing": ".swift.listing",
    "SyncResult": ".sync.executor",
    "FolderUpload": ".sync.folder_upload",
    "Action": ".sync.plan",
    "Plan": ".sync.plan",
    "TransferConfig": ".transfer.config",
    "DownloadResult": ".transfer.engine",
    "TransferEngine": ".transfer.engine",
    "TransferFuture": ".transfer.futures",
    "BaseSubscriber": ".transfer.progress",
    "Subscriber": ".transfer.progress",
    "TransferInfo": ".transfer.progress",
    "UploadResult": ".transfer.segmented",
    "FolderUploadFailed": ".exceptions",
    "FolderUploadResult": ".sync.folder_upload",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'swiftfiles' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # the next access is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "Action",
    "AuthenticationFailed",
    "BaseSubscriber",
    "BodyNotRewindable",
    "BulkDeleteResult",
    "CertificateRefused",
    "ClientClosed",
    "ClientException",
    "ConfigurationError",
    "Conflict",
    "ConnectionFailed",
    "Container",
    "ContainerNotEmpty",
    "DownloadResult",
    "FileNotFound",
    "FolderNotFound",
    "FolderUpload",
    "FolderUploadFailed",
    "FolderUploadResult",
    "Forbidden",
    "IntegrityError",
    "InvalidCDNMetadata",
    "InvalidName",
    "InvalidTemporaryURLMethod",
    "LazyListing",
    "LocalPathConflict",
    "MetadataError",
    "MissingName",
    "MissingTemporaryURLKey",
    "NoContentSpecified",
    "NoSuchContainer",
    "NoSuchObject",
    "NotAFile",
    "NotALargeObject",
    "NotCDNEnabled",
    "NotFound",
    "Plan",
    "PreconditionFailed",
    "ProgressBar",
    "RateLimited",
    "RequestEntityTooLarge",
    "RequestTimeout",
    "RetryPolicy",
    "ServerError",
    "StorageClient",
    "StorageObject",
    "Subscriber",
    "SwiftFilesError",
    "SyncResult",
    "TooManyDeletes",
    "TransferCancelled",
    "TransferConfig",
    "TransferEngine",
    "TransferFuture",
    "TransferInfo",
    "TransportError",
    "UnprocessableEntity",
    "UnsafePath",
    "UploadResult",
    "__version__",
]
