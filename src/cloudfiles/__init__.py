"""cloudfiles: a client for OpenStack Object Storage (Swift) and Rackspace Cloud Files.

Start with ``StorageClient`` (the pyrax-compatible API)::

    from cloudfiles import StorageClient

    client = StorageClient.from_env()
    cont = client.create_container("photos")
    cont.upload_file("cat.jpg")

Every exception is in ``cloudfiles.exceptions`` and re-exported here.
"""

from ._version import __version__
from .client import StorageClient
from .exceptions import (
    AuthenticationFailed,
    ClientException,
    CloudFilesError,
    ConfigurationError,
    ContainerNotEmpty,
    FileNotFound,
    FolderNotFound,
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
    TransportError,
    UnsafePath,
    UploadFailed,
)
from .http.retry import RetryPolicy
from .resources import Container, StorageObject
from .swift.listing import LazyListing

__all__ = [
    "AuthenticationFailed",
    "ClientException",
    "CloudFilesError",
    "ConfigurationError",
    "Container",
    "ContainerNotEmpty",
    "FileNotFound",
    "FolderNotFound",
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
    "RetryPolicy",
    "StorageClient",
    "StorageObject",
    "TransportError",
    "UnsafePath",
    "UploadFailed",
    "__version__",
]
