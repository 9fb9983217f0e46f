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
    MetadataError,
    MissingName,
    MissingTemporaryURLKey,
    NoContentSpecified,
    NoSuchContainer,
    NoSuchObject,
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
    UploadFailed,
)
from .facade.folders import FolderUpload
from .http.retry import RetryPolicy
from .resources import Container, StorageObject
from .swift.listing import LazyListing
from .sync.executor import SyncResult
from .sync.plan import Action, Plan
from .transfer.config import TransferConfig
from .transfer.manager import TransferFuture
from .transfer.progress import BaseSubscriber, Subscriber, TransferInfo

__all__ = [
    "Action",
    "AuthenticationFailed",
    "BaseSubscriber",
    "BodyNotRewindable",
    "ClientException",
    "ConfigurationError",
    "Conflict",
    "ConnectionFailed",
    "Container",
    "ContainerNotEmpty",
    "FileNotFound",
    "FolderNotFound",
    "FolderUpload",
    "Forbidden",
    "IntegrityError",
    "InvalidCDNMetadata",
    "InvalidName",
    "InvalidTemporaryURLMethod",
    "LazyListing",
    "MetadataError",
    "MissingName",
    "MissingTemporaryURLKey",
    "NoContentSpecified",
    "NoSuchContainer",
    "NoSuchObject",
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
    "TransferFuture",
    "TransferInfo",
    "TransportError",
    "UnprocessableEntity",
    "UnsafePath",
    "UploadFailed",
    "__version__",
]
