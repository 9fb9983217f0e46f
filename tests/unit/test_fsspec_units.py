"""Pure parts of ``swiftfiles.fsspec``: error translation, times, paths."""

from __future__ import annotations

import errno
from datetime import datetime, timezone

import pytest

pytest.importorskip("fsspec")

from swiftfiles import (  # noqa: E402
    AuthenticationFailed,
    ConnectionFailed,
    ContainerNotEmpty,
    Forbidden,
    IntegrityError,
    NoSuchContainer,
    NoSuchObject,
    PreconditionFailed,
    ServerError,
)
from swiftfiles.fsspec import SwiftFileSystem  # noqa: E402
from swiftfiles.fsspec.core import parse_time, split_path  # noqa: E402
from swiftfiles.fsspec.errors import translate  # noqa: E402


@pytest.mark.parametrize(
    ("error", "builtin", "code"),
    [
        (NoSuchObject("gone", status=404), FileNotFoundError, errno.ENOENT),
        (NoSuchContainer("gone", status=404), FileNotFoundError, errno.ENOENT),
        (AuthenticationFailed("refused", status=401), PermissionError, errno.EACCES),
        (Forbidden("no", status=403), PermissionError, errno.EACCES),
        (PreconditionFailed("exists", status=412), FileExistsError, errno.EEXIST),
        (ContainerNotEmpty("full", status=409), OSError, errno.ENOTEMPTY),
        (ServerError("boom", status=503), OSError, errno.EIO),
    ],
)
def test_errors_become_builtins_naming_the_path(error, builtin, code) -> None:
    mapped = translate(error, "c/k")
    assert type(mapped) is builtin
    assert isinstance(mapped, OSError) and mapped.errno == code and mapped.filename == "c/k"
    assert str(error) in str(mapped)


def test_builtin_and_integrity_errors_stay_as_they_are() -> None:
    dropped = ConnectionFailed("reset")
    assert translate(dropped, "c/k") is dropped  # already a ConnectionError
    mismatch = IntegrityError("md5")
    assert translate(mismatch, "c/k") is mismatch


def test_times_from_listings_and_heads_are_aware_utc() -> None:
    expected = datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)
    assert parse_time("2024-05-01T12:00:00.123456") == expected
    assert parse_time("Wed, 01 May 2024 12:00:00 GMT") == expected.replace(microsecond=0)
    assert parse_time(None) is None and parse_time("garbage") is None


def test_paths() -> None:
    strip = SwiftFileSystem._strip_protocol
    assert strip("swift://c/a/b/") == "c/a/b"
    assert strip("c/a") == "c/a" and strip("swift://") == "" and strip(["swift://c", "/d/"]) == ["c", "d"]
    assert split_path("c/a/b") == ("c", "a/b") and split_path("c") == ("c", "")


def test_a_transfer_config_can_be_given_as_a_mapping() -> None:
    from swiftfiles import TransferConfig
    from swiftfiles.fsspec.session import normalize

    settings = normalize({"username": "u", "transfer_config": {"concurrency": 3, "segment_size": 1 << 20}})
    assert settings == {"username": "u", "transfer_config": TransferConfig(concurrency=3, segment_size=1 << 20)}
    with pytest.raises(TypeError):
        normalize({"transfer_config": {"no_such_knob": 1}})
