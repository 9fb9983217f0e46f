"""Every error swiftfiles raises, in one tree.

Callers catch the narrowest class they care about and never compare status codes::

    SwiftFilesError
    ├── ConfigurationError             bad or missing settings (no auth URL, unknown auth type, ...)
    ├── InvalidName                    container/object name Swift would refuse (empty, too long, '/' ...)
    │   └── MissingName                a name was required but not given
    ├── MetadataError                  metadata over the cluster's limits, or unusable keys/values
    ├── NoContentSpecified             neither data nor a file was given to an upload
    ├── FileNotFound                   (also FileNotFoundError) local file missing
    ├── FolderNotFound                 (also FileNotFoundError) local folder missing
    ├── NotAFile                       (also IsADirectoryError) a folder given where a file is expected
    ├── LocalPathConflict              (also NotADirectoryError) a download's folder exists as a file, or a
    │                                  name cannot be a local file name
    ├── UnsafePath                     an object name would write outside the target folder
    ├── InvalidTemporaryURLMethod      TempURL method other than the allowed ones
    ├── MissingTemporaryURLKey         no TempURL key set on the account
    ├── InvalidCDNMetadata             CDN metadata other than X-TTL / X-CDN-Enabled / X-Log-Retention
    ├── NotCDNEnabled                  the container is not CDN-enabled (or the cluster has no CDN)
    ├── IntegrityError                 bytes did not match the expected MD5 / length
    ├── NotALargeObject                (also ValueError) fetch_dlo on a plain object, fetch_slo on a DLO, ...
    ├── TransferCancelled              a transfer was cancelled; what it wrote was cleaned up
    ├── TooManyDeletes                 a sync would delete more than max_delete items; nothing changed
    ├── FolderUploadFailed             a folder upload finished with files that did not land
    ├── ClientClosed                   (also RuntimeError) the client or its transfer engine was closed
    ├── TransportError                 no usable HTTP response (connection refused/reset, TLS, timeout)
    │   ├── ConnectionFailed           (also ConnectionError) refused, reset, DNS failure: resent, may be transient
    │   │   └── CertificateRefused     the server's TLS certificate failed verification: never resent
    │   ├── RequestTimeout             (also the builtin TimeoutError)
    │   └── BodyNotRewindable          a retry was needed but the request body cannot be replayed
    └── ClientException                the server answered with an error status
        ├── AuthenticationFailed       401/403 from the identity service, or 401 after re-authenticating
        ├── Forbidden                  403
        ├── NotFound                   404
        │   ├── NoSuchContainer
        │   └── NoSuchObject
        ├── Conflict                   409 (e.g. deleting a non-empty container)
        │   └── ContainerNotEmpty
        ├── PreconditionFailed         412
        ├── RequestEntityTooLarge      413
        ├── UnprocessableEntity        422 (Swift: the ETag sent did not match the bytes received)
        ├── RateLimited                429 / 498
        └── ServerError                5xx after retries

``ClientException`` keeps python-swiftclient's and pyrax's name so existing ``except`` clauses keep working.

Error messages never contain tokens or keys: the transport strips auth headers before it builds an error, and
``headers`` on an exception is a redacted copy.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Header names whose values must never appear in an error, a log line or a repr.
SECRET_HEADERS = frozenset(
    {
        "x-auth-token",
        "x-storage-token",
        "x-subject-token",
        "x-auth-key",
        "x-storage-pass",
        "authorization",
        "x-account-meta-temp-url-key",
        "x-account-meta-temp-url-key-2",
        "x-container-meta-temp-url-key",
        "x-container-meta-temp-url-key-2",
        "x-service-token",
    }
)


def redact_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """Return a copy of *headers* with every secret value replaced by ``"<redacted>"``."""
    if not headers:
        return {}
    return {k: ("<redacted>" if k.lower() in SECRET_HEADERS else v) for k, v in headers.items()}


class SwiftFilesError(Exception):
    """Base class of every exception raised by swiftfiles."""


class ConfigurationError(SwiftFilesError):
    """Settings are missing or contradictory."""


class InvalidName(SwiftFilesError, ValueError):
    """A container or object name that Swift would refuse."""


class MissingName(InvalidName):
    """A name was required and none was given."""


class MetadataError(SwiftFilesError, ValueError):
    """Metadata exceeds the cluster's limits or has an unusable key or value."""


class NoContentSpecified(SwiftFilesError, ValueError):
    """An upload was asked for without data or a file."""


class FileNotFound(SwiftFilesError, FileNotFoundError):
    """A local file to upload does not exist."""


class FolderNotFound(SwiftFilesError, FileNotFoundError):
    """A local folder does not exist."""


class NotAFile(SwiftFilesError, IsADirectoryError):
    """A folder (or something else that is not a regular file) was given where a file is expected."""


class LocalPathConflict(SwiftFilesError, NotADirectoryError):
    """A download cannot land where its name says: a folder on the way exists as a file, or a path part is longer
    than the local file system allows."""


class UnsafePath(SwiftFilesError, ValueError):
    """An object name that would resolve outside the download folder (``../``, absolute paths, ...)."""


class InvalidTemporaryURLMethod(SwiftFilesError, ValueError):
    """A TempURL was asked for with a method other than the allowed ones."""


class MissingTemporaryURLKey(SwiftFilesError):
    """The account has no TempURL key, so no TempURL can be signed."""


class InvalidCDNMetadata(SwiftFilesError, ValueError):
    """CDN metadata other than the headers the CDN API accepts."""


class NotCDNEnabled(SwiftFilesError):
    """The container is not CDN-enabled, or the cluster has no CDN service."""


class IntegrityError(SwiftFilesError):
    """Received or sent bytes did not match the expected checksum or length."""


class NotALargeObject(SwiftFilesError, ValueError):
    """The object is not the kind of large object the operation needs (``fetch_dlo`` on an SLO or a plain object)."""


class TransferCancelled(SwiftFilesError):
    """The transfer was cancelled before it finished; what it wrote has been cleaned up."""


class TooManyDeletes(SwiftFilesError):
    """A sync would delete more than ``max_delete`` items; nothing was changed. Raise the limit to allow it.

    ``plan`` is the sync plan that was refused (``swiftfiles.sync.plan.Plan``).
    """

    def __init__(self, message: str, plan: object = None) -> None:
        super().__init__(message)
        self.plan = plan


class ClientClosed(SwiftFilesError, RuntimeError):
    """The ``StorageClient`` (or its ``TransferEngine``) was closed; create a new one to go on."""


class FolderUploadFailed(SwiftFilesError):
    """A folder upload finished with files that did not land (or was cancelled); ``result`` (a
    ``FolderUploadResult``) has every failure with its error."""

    def __init__(self, message: str, result: object = None) -> None:
        super().__init__(message)
        self.result = result


class TransportError(SwiftFilesError):
    """No usable HTTP response was received (after retries)."""

    #: Whether resending may help (the retry policy only resends what may): a refused certificate will be
    #: refused again.
    retryable = True


class ConnectionFailed(TransportError, ConnectionError):
    """The connection could not be made or was dropped."""


class CertificateRefused(ConnectionFailed):
    """The server's TLS certificate failed verification. Not resent: it would fail the same way."""

    retryable = False


class RequestTimeout(TransportError, TimeoutError):
    """Connecting or reading took longer than the configured timeout."""


class BodyNotRewindable(TransportError):
    """A request needed to be resent but its body is a one-shot stream that cannot be replayed."""


class ClientException(SwiftFilesError):
    """The server answered with an error status.

    Attributes: ``status`` (int), ``reason``, ``headers`` (redacted), ``trans_id`` (Swift's ``X-Trans-Id``, the
    value operators ask for), ``method``, ``path`` (URL path without query) and a short excerpt of the ``body``.
    """

    def __init__(
        self,
        message: str = "",
        *,
        status: int = 0,
        reason: str = "",
        headers: Mapping[str, str] | None = None,
        method: str = "",
        path: str = "",
        body: str = "",
    ) -> None:
        self.status = status
        self.reason = reason
        self.headers = redact_headers(headers)
        lowered = {k.lower(): v for k, v in self.headers.items()}
        self.trans_id = lowered.get("x-trans-id") or lowered.get("x-openstack-request-id") or ""
        self.method = method
        self.path = path
        self.body = body[:500]
        super().__init__(message or self._describe())

    def _describe(self) -> str:
        parts = [f"{self.method} {self.path}".strip(), f"{self.status} {self.reason}".strip()]
        text = ": ".join(p for p in parts if p) or "request failed"
        if self.body:
            text += f" ({self.body.strip()[:200]})"
        if self.trans_id:
            text += f" [trans_id {self.trans_id}]"
        return text

    @property
    def http_status(self) -> int:
        """python-swiftclient's name for ``status``."""
        return self.status


class AuthenticationFailed(ClientException):
    """The credentials were refused, or a fresh token was refused too."""


class Forbidden(ClientException):
    """403: the token is valid but not allowed to do this."""


class NotFound(ClientException):
    """404: the account, container or object does not exist."""


class NoSuchContainer(NotFound):
    """404 for a container."""


class NoSuchObject(NotFound):
    """404 for an object."""


class Conflict(ClientException):
    """409."""


class ContainerNotEmpty(Conflict):
    """409 on a container DELETE: it still holds objects."""


class PreconditionFailed(ClientException):
    """412: an ``If-Match``/``If-None-Match`` condition failed."""


class RequestEntityTooLarge(ClientException):
    """413: object, manifest or metadata above the cluster's limits."""


class UnprocessableEntity(ClientException):
    """422: the ETag sent with an upload did not match the bytes the server received."""


class RateLimited(ClientException):
    """429 or 498: the server asked us to slow down (raised once retries are exhausted)."""


class ServerError(ClientException):
    """5xx (raised once retries are exhausted)."""


_BY_STATUS: dict[int, type[ClientException]] = {
    401: AuthenticationFailed,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    412: PreconditionFailed,
    413: RequestEntityTooLarge,
    422: UnprocessableEntity,
    429: RateLimited,
    498: RateLimited,
}


def exception_class_for(status: int) -> type[ClientException]:
    """The most specific ``ClientException`` subclass for an HTTP status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ClientException)


__all__ = [
    "AuthenticationFailed",
    "BodyNotRewindable",
    "CertificateRefused",
    "ClientClosed",
    "ClientException",
    "ConfigurationError",
    "Conflict",
    "ConnectionFailed",
    "ContainerNotEmpty",
    "exception_class_for",
    "FileNotFound",
    "FolderNotFound",
    "FolderUploadFailed",
    "Forbidden",
    "IntegrityError",
    "InvalidCDNMetadata",
    "InvalidName",
    "InvalidTemporaryURLMethod",
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
    "PreconditionFailed",
    "RateLimited",
    "redact_headers",
    "RequestEntityTooLarge",
    "RequestTimeout",
    "SECRET_HEADERS",
    "ServerError",
    "SwiftFilesError",
    "TooManyDeletes",
    "TransferCancelled",
    "TransportError",
    "UnprocessableEntity",
    "UnsafePath",
]
