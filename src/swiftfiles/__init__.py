"""swiftfiles: a client for OpenStack Object Storage (Swift) and Rackspace Cloud Files.

Start with ``StorageClient`` (the pyrax-compatible API)::

    from swiftfiles import StorageClient

    with StorageClient.from_env() as client:
        cont = client.create_container("photos")
        cont.upload_file("cat.jpg")

Every name a user needs is importable from here: the client and its handles, ``TransferConfig`` and the progress
subscriber base class, the results of syncs and folder uploads, and every exception class (the tree is drawn in
``swiftfiles.exceptions``).
"""

from ._version import __version__
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
from .resources import Container, StorageObject
from .swift.bulk import BulkDeleteResult
from .swift.listing import LazyListing
from .sync.executor import SyncResult
from .sync.folder_upload import FolderUpload
from .sync.plan import Action, Plan
from .transfer.config import TransferConfig
from .transfer.engine import DownloadResult, TransferEngine
from .transfer.futures import TransferFuture
from .transfer.progress import BaseSubscriber, Subscriber, TransferInfo
from .transfer.segmented import UploadResult

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
