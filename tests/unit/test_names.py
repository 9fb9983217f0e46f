"""Name validation and percent-encoding."""

import pytest

from swiftfiles.exceptions import InvalidName, MissingName
from swiftfiles.swift.names import object_path, quote_name, validate_container_name, validate_object_name


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("a b", "a%20b"),
        ("q?x", "q%3Fx"),
        ("h#x", "h%23x"),
        ("p%x", "p%25x"),
        ("plus+x", "plus%2Bx"),
        ("dir/file", "dir/file"),
        ("/leading", "/leading"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("../x", "../x"),
    ],
)
def test_quote_name(name: str, quoted: str) -> None:
    assert quote_name(name) == quoted


def test_object_path_keeps_slashes_only_in_object_names() -> None:
    assert object_path("cont", "/x/y z") == "/cont//x/y%20z"
    assert quote_name("a/b", keep_slash=False) == "a%2Fb"


def test_container_names() -> None:
    assert validate_container_name("ok name") == "ok name"
    with pytest.raises(MissingName):
        validate_container_name("")
    with pytest.raises(InvalidName, match="contains '/'"):
        validate_container_name("a/b")
    with pytest.raises(InvalidName, match="257 bytes"):
        validate_container_name("x" * 257)
    with pytest.raises(InvalidName, match="NUL"):
        validate_container_name("a\x00b")
    with pytest.raises(InvalidName, match="must be a str"):
        validate_container_name(12)


def test_object_name_length_counts_utf8_bytes() -> None:
    assert validate_object_name("é" * 512) == "é" * 512
    with pytest.raises(InvalidName, match="1026 bytes"):
        validate_object_name("é" * 513)
    with pytest.raises(MissingName):
        validate_object_name(None)
