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


def test_symlink_deeper_in_the_name_pointing_outside_is_refused(tmp_path) -> None:
    outside, inside = tmp_path / "outside", tmp_path / "inside"
    outside.mkdir()
    (inside / "a" / "b").mkdir(parents=True)
    os.symlink(outside, inside / "a" / "b" / "link")
    with pytest.raises(UnsafePath, match="symlink"):
        safe_local_path(inside, "a/b/link/c/file")


def test_symlink_that_stays_inside_is_followed_but_one_that_leaves_later_is_not(tmp_path) -> None:
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    (inside / "real").mkdir(parents=True)
    outside.mkdir()
    os.symlink(inside / "real", inside / "alias")
    assert safe_local_path(inside, "alias/file") == inside.resolve() / "alias" / "file"
    os.symlink(outside, inside / "real" / "out")  # reached through the first link
    with pytest.raises(UnsafePath, match="symlink"):
        safe_local_path(inside, "alias/out/file")


def test_an_existing_symlink_is_never_replaced(tmp_path) -> None:
    os.symlink(tmp_path / "elsewhere", tmp_path / "file")
    with pytest.raises(UnsafePath, match="symlink"):
        safe_local_path(tmp_path, "file")


def test_target_folder_given_through_a_symlink(tmp_path) -> None:
    """The path stays under the folder as the caller named it, and lands in the folder the link points to."""
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "via")
    target = safe_local_path(tmp_path / "via", "a/b")
    assert target == tmp_path / "via" / "a" / "b"
    assert target.resolve() == (tmp_path / "real").resolve() / "a" / "b"


def test_a_target_folder_with_dotdot_through_a_symlink_is_resolved_like_the_file_system_does(tmp_path) -> None:
    """``link/..`` is the link target's parent for the file system, not the folder holding the link."""
    (tmp_path / "deep" / "real").mkdir(parents=True)
    (tmp_path / "top").mkdir()
    os.symlink(tmp_path / "deep" / "real", tmp_path / "top" / "via")
    target = safe_local_path(tmp_path / "top" / "via" / "..", "f")
    assert target == (tmp_path / "deep").resolve() / "f"
