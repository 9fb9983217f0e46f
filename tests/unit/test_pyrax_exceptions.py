"""pyrax's exception names catch what swiftfiles raises."""

from __future__ import annotations

import pytest

import swiftfiles
from swiftfiles.pyrax import exceptions as exc


@pytest.mark.parametrize(
    "name",
    [
        "ClientException",
        "AuthenticationFailed",
        "Forbidden",
        "NotFound",
        "NoSuchContainer",
        "NoSuchObject",
        "FileNotFound",
        "FolderNotFound",
        "InvalidCDNMetadata",
        "InvalidTemporaryURLMethod",
        "MissingName",
        "MissingTemporaryURLKey",
        "NoContentSpecified",
        "NotCDNEnabled",
    ],
)
def test_shared_names_are_the_library_classes(name: str) -> None:
    assert getattr(exc, name) is getattr(swiftfiles, name)


def test_pyrax_names_for_library_classes() -> None:
    assert exc.PyraxException is swiftfiles.SwiftFilesError
    assert exc.Unauthorized is swiftfiles.AuthenticationFailed
    assert exc.OverLimit is swiftfiles.RequestEntityTooLarge
    assert exc.UploadFailed is swiftfiles.IntegrityError


def test_pyrax_exception_catches_everything_the_library_raises() -> None:
    for error in (swiftfiles.NoSuchObject(status=404), swiftfiles.IntegrityError("md5"), swiftfiles.ConnectionFailed()):
        with pytest.raises(exc.PyraxException):
            raise error


def test_module_level_errors_are_pyrax_exceptions() -> None:
    for cls in (exc.EnvironmentNotFound, exc.InvalidSetting, exc.InvalidCredentialFile, exc.NotAuthenticated):
        assert issubclass(cls, exc.PyraxException)
    assert issubclass(exc.ServiceNotAvailable, NotImplementedError)
    assert issubclass(exc.InvalidUploadID, KeyError)


@pytest.mark.parametrize(
    ("library_error", "finer"),
    [
        (swiftfiles.ClientException(status=400, reason="Bad Request", method="PUT", path="/v1/a/c"), exc.BadRequest),
        (swiftfiles.ServerError(status=500, reason="Internal Server Error"), exc.InternalServerError),
        (swiftfiles.ServerError(status=501, reason="Not Implemented"), exc.HTTPNotImplemented),
    ],
)
def test_finer_http_classes_keep_the_library_class_and_details(library_error, finer) -> None:
    translated = exc.translate(library_error)
    assert isinstance(translated, finer) and isinstance(translated, type(library_error))
    assert (translated.status, translated.reason, translated.path) == (
        library_error.status,
        library_error.reason,
        library_error.path,
    )
    assert str(translated) == str(library_error)


def test_errors_already_precise_are_not_translated() -> None:
    assert exc.translate(swiftfiles.NoSuchObject(status=404)) is None
    assert exc.translate(swiftfiles.Conflict(status=409)) is None
