"""Downloaded names can never write outside the target folder."""

import os

import pytest

from swiftfiles.exceptions import UnsafePath
from swiftfiles.transfer.localpath import safe_local_path


@pytest.mark.parametrize(
    "name", ["../x", "a/../../x", "a/..", "..", "C:/x", "c:\\x", "a\\..\\..\\x", "a\x00b", "/", ""]
)
def test_escapes_are_refused(tmp_path, name: str) -> None:
    with pytest.raises(UnsafePath):
        safe_local_path(tmp_path, name)


def test_nested_and_leading_slash(tmp_path) -> None:
    assert safe_local_path(tmp_path, "a/b/c.txt") == tmp_path.resolve() / "a" / "b" / "c.txt"
    assert safe_local_path(tmp_path, "/abs/file") == tmp_path.resolve() / "abs" / "file"
    assert safe_local_path(tmp_path, "a/./b") == tmp_path.resolve() / "a" / "b"
    assert safe_local_path(tmp_path, "a/b/c.txt", structure=False) == tmp_path.resolve() / "c.txt"


def test_symlinked_folder_pointing_outside_is_refused(tmp_path) -> None:
    outside = tmp_path / "outside"
    inside = tmp_path / "inside"
    outside.mkdir()
    inside.mkdir()
    os.symlink(outside, inside / "link")
    with pytest.raises(UnsafePath, match="symlink"):
        safe_local_path(inside, "link/file")
