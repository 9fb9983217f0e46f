"""pyrax's exception names, mapped onto swiftfiles' exception tree.

Old scripts write ``except pyrax.exceptions.NoSuchObject`` or ``except exc.ClientException``; those clauses must
catch what swiftfiles raises. So wherever pyrax and swiftfiles name the same situation, the pyrax name *is* the
swiftfiles class (``pyrax.exceptions.NoSuchObject is swiftfiles.NoSuchObject``), and ``PyraxException`` is
``SwiftFilesError``, the root of everything swiftfiles raises. Where pyrax had a finer HTTP class than swiftfiles
(``BadRequest`` for 400, ``HTTPNotImplemented`` for 501), it is a subclass of the swiftfiles class, and the drop-in's
client re-raises the library's error as that subclass (see ``translate``), so both the old and the new ``except``
clauses match. Errors only the module-level API can raise (settings, credential files, environments) are defined
here as subclasses of ``PyraxException``.

Exceptions of pyrax's other services (DNS, load balancers, databases...) are not defined: those services are not
provided (``ServiceNotAvailable``).
"""

from __future__ import annotations

from swiftfiles import (
    AuthenticationFailed,
    ClientException,
    ConfigurationError,
    FileNotFound,
    FolderNotFound,
    Forbidden,
    IntegrityError,
    InvalidCDNMetadata,
    InvalidTemporaryURLMethod,
    MissingName,
    MissingTemporaryURLKey,
    NoContentSpecified,
    NoSuchContainer,
    NoSuchObject,
    NotCDNEnabled,
    NotFound,
    RequestEntityTooLarge,
    ServerError,
    SwiftFilesError,
)

#: pyrax's base class: every error swiftfiles raises derives from it.
PyraxException = SwiftFilesError
#: pyrax raised ``Unauthorized`` for a 401 and ``AuthenticationFailed`` for refused credentials; swiftfiles has one.
Unauthorized = AuthenticationFailed
#: pyrax's name for 413.
OverLimit = RequestEntityTooLarge
#: pyrax raised ``UploadFailed`` when the server's checksum did not match what was sent; swiftfiles raises
#: ``IntegrityError`` (after deleting what it stored, or with the previous version untouched).
UploadFailed = IntegrityError
#: pyrax raised ``CDNFailed`` when a CDN call failed; the CDN errors swiftfiles raises are ``NotCDNEnabled`` and HTTP.
CDNFailed = NotCDNEnabled


class BadRequest(ClientException):
    """400 (pyrax's name); swiftfiles raises ``ClientException`` with ``status == 400``, re-raised as this."""


class InternalServerError(ServerError):
    """500 (pyrax's name); a ``ServerError`` with ``status == 500``."""


class HTTPNotImplemented(ServerError):
    """501 (pyrax's name); a ``ServerError`` with ``status == 501``."""


class NoUniqueMatch(ClientException):
    """pyrax's 400 for ambiguous ``find`` calls; never raised by Cloud Files, defined so ``except`` clauses work."""


# -- errors of the module-level API (settings, credentials, identity) --------------------------------------------


class EnvironmentNotFound(SwiftFilesError):
    """``set_environment`` / ``set_setting(env=...)`` named an environment ``~/.pyrax.cfg`` does not define."""


class InvalidSetting(SwiftFilesError):
    """``set_setting`` with a key pyrax does not know."""


class InvalidConfigurationFile(SwiftFilesError):
    """``~/.pyrax.cfg`` (or another configuration file) is not a readable INI file."""


class InvalidCredentialFile(SwiftFilesError):
    """A credential file is missing, unreadable or lacks the section/keys of the identity type."""


class IdentityClassNotDefined(SwiftFilesError):
    """An identity type other than ``rackspace`` and ``keystone`` was asked for."""


class MissingAuthSettings(SwiftFilesError):
    """Authentication was asked for without enough settings (no username, no key, no endpoint...)."""


class NotAuthenticated(SwiftFilesError):
    """A client was asked for before ``set_credentials``/``set_credential_file``/``authenticate`` succeeded."""


class KeyringModuleNotInstalled(SwiftFilesError):
    """``keyring_auth`` needs the ``keyring`` package."""


class KeyringUsernameMissing(SwiftFilesError):
    """``keyring_auth`` without a username and without ``keyring_username`` in the settings."""


class KeyringPasswordNotFound(SwiftFilesError):
    """The keyring holds no password for the username."""


class InvalidUploadID(SwiftFilesError, KeyError):
    """``get_uploaded``/``cancel_folder_upload`` with a key this client did not hand out."""


class NoSuchClient(SwiftFilesError):
    """pyrax's error for an unknown service client."""


class ServiceNotAvailable(SwiftFilesError, NotImplementedError):
    """A pyrax service other than Cloud Files: ``swiftfiles.pyrax`` provides only Cloud Files (object storage)."""


class NoEndpointForRegion(SwiftFilesError):
    """The service catalog has no Cloud Files endpoint in the requested region."""


class EndpointNotFound(SwiftFilesError):
    """No endpoint could be found for the service."""


class UnicodePathError(SwiftFilesError):
    """pyrax's error for undecodable local paths; kept for ``except`` clauses."""


class InvalidSize(SwiftFilesError, ValueError):
    """pyrax's error for an invalid size argument; kept for ``except`` clauses."""


class NoReloadError(SwiftFilesError):
    """``utils.wait_until`` was given an object that cannot be reloaded."""


#: HTTP statuses for which the drop-in re-raises the library's error as pyrax's finer class.
_FINER: dict[int, type[ClientException]] = {400: BadRequest, 500: InternalServerError, 501: HTTPNotImplemented}


def translate(error: ClientException) -> ClientException | None:
    """pyrax's finer class for *error* (a ``BadRequest`` for a plain 400 ``ClientException``), or None.

    The new exception carries the same status, reason, (already redacted) headers, method, path and body excerpt.
    """
    finer = _FINER.get(error.status)
    if finer is None or isinstance(error, finer) or not issubclass(finer, type(error)):
        return None
    return finer(
        str(error),
        status=error.status,
        reason=error.reason,
        headers=error.headers,
        method=error.method,
        path=error.path,
        body=error.body,
    )


__all__ = [
    "AuthenticationFailed",
    "BadRequest",
    "CDNFailed",
    "ClientException",
    "ConfigurationError",
    "EndpointNotFound",
    "EnvironmentNotFound",
    "FileNotFound",
    "FolderNotFound",
    "Forbidden",
    "HTTPNotImplemented",
    "IdentityClassNotDefined",
    "InternalServerError",
    "InvalidCDNMetadata",
    "InvalidConfigurationFile",
    "InvalidCredentialFile",
    "InvalidSetting",
    "InvalidSize",
    "InvalidTemporaryURLMethod",
    "InvalidUploadID",
    "KeyringModuleNotInstalled",
    "KeyringPasswordNotFound",
    "KeyringUsernameMissing",
    "MissingAuthSettings",
    "MissingName",
    "MissingTemporaryURLKey",
    "NoContentSpecified",
    "NoEndpointForRegion",
    "NoReloadError",
    "NoSuchClient",
    "NoSuchContainer",
    "NoSuchObject",
    "NoUniqueMatch",
    "NotAuthenticated",
    "NotCDNEnabled",
    "NotFound",
    "OverLimit",
    "PyraxException",
    "ServiceNotAvailable",
    "Unauthorized",
    "UnicodePathError",
    "UploadFailed",
    "translate",
]
