"""swiftfiles.pyrax.utils: the pyrax.utils helpers Cloud Files scripts use."""

from __future__ import annotations

import hashlib
import io
import os
import string
import threading

import pytest

from swiftfiles.pyrax import exceptions as exc
from swiftfiles.pyrax import utils


def test_get_checksum_of_text_bytes_path_and_file_object(tmp_path) -> None:
    text = "unicode é, ü and ˚¬∆ç"
    expected = hashlib.md5(text.encode("utf-8")).hexdigest()
    assert utils.get_checksum(text) == expected
    assert utils.get_checksum(text.encode("utf-8")) == expected
    path = tmp_path / "f.txt"
    path.write_bytes(text.encode("utf-8") * 5000)  # several blocks
    big = hashlib.md5(text.encode("utf-8") * 5000).hexdigest()
    assert utils.get_checksum(str(path)) == big
    assert utils.get_checksum(path) == big
    stream = io.BytesIO(b"abc" * 10000)
    stream.seek(7)
    assert utils.get_checksum(stream, block_size=100) == hashlib.md5(b"abc" * 10000).hexdigest()
    assert stream.tell() == 7  # left where it was
    assert utils.get_checksum("latin é", encoding="latin-1") == hashlib.md5("latin é".encode("latin-1")).hexdigest()


def test_get_checksum_refuses_other_types() -> None:
    with pytest.raises(TypeError):
        utils.get_checksum(12345)


def test_random_names() -> None:
    name = utils.random_ascii(8)
    assert len(name) == 8 and set(name) <= set(string.ascii_letters)
    assert len(utils.random_ascii()) == 20
    uni = utils.random_unicode(50)
    assert len(uni) == 50 and all(32 <= ord(c) <= 1000 for c in uni)


def test_self_deleting_tempfile_and_directory() -> None:
    with utils.SelfDeletingTempfile() as path:
        assert os.path.isfile(path) and os.path.getsize(path) == 0
        with open(path, "w") as out:
            out.write("x")
    assert not os.path.exists(path)
    with utils.SelfDeletingTempDirectory() as folder:
        os.makedirs(os.path.join(folder, "sub"))
        with open(os.path.join(folder, "sub", "f"), "w") as out:
            out.write("x")
    assert not os.path.exists(folder)


def test_folder_size_ignores_patterns_and_needs_a_folder(tmp_path) -> None:
    for i in range(13):
        (tmp_path / f"file_{i}").write_text("This is some text")
    (tmp_path / "sub").mkdir()
    for i in range(7):
        (tmp_path / "sub" / f"subfile_{i}").write_text("This is some text. " * 100)
    assert utils.folder_size(tmp_path) == 13 * 17 + 7 * 1900
    assert utils.folder_size(tmp_path, ignore=["*2", "*6", "*0"]) == 8 * 17 + 4 * 1900
    assert utils.folder_size(str(tmp_path), ignore="*_1*") == 9 * 17 + 6 * 1900
    with pytest.raises(exc.FolderNotFound):
        utils.folder_size(tmp_path / "missing")


def test_coerce_to_list_and_match_pattern() -> None:
    assert utils.coerce_to_list(None) == []
    assert utils.coerce_to_list("*.py") == ["*.py"]
    assert utils.coerce_to_list(("a", "b")) == ["a", "b"]
    assert utils.match_pattern("x.pyc", ["*.txt", "*.pyc"]) and not utils.match_pattern("x.py", "*.pyc")


class Counter:
    """An object that changes when reloaded, like a container whose object count grows."""

    def __init__(self) -> None:
        self.object_count = 0

    def reload(self) -> Counter:
        self.object_count += 1
        return self


def test_wait_until_reloads_until_the_value_is_reached() -> None:
    obj = utils.wait_until(Counter(), "object_count", [3, 4], interval=0)
    assert obj.object_count == 3


def test_wait_until_stops_after_the_attempts() -> None:
    obj = utils.wait_until(Counter(), "object_count", 100, interval=0, attempts=2)
    assert obj.object_count == 2


def test_wait_until_with_a_callback_runs_on_a_thread() -> None:
    done = threading.Event()
    seen: list[int] = []

    def callback(obj: Counter) -> None:
        seen.append(obj.object_count)
        done.set()

    thread = utils.wait_until(Counter(), "object_count", 2, callback=callback, interval=0)
    assert isinstance(thread, threading.Thread)
    thread.join(10)
    assert done.is_set() and seen == [2]


def test_wait_until_needs_an_object_that_can_reload() -> None:
    with pytest.raises(exc.NoReloadError):
        utils.wait_until(object(), "status", "ACTIVE", interval=0)


def test_wait_for_build_with_an_explicit_attribute() -> None:
    assert utils.wait_for_build(Counter(), att="object_count", desired=[2], interval=0).object_count == 2


def test_get_name() -> None:
    class Named:
        name = "photos"

    assert utils.get_name("a") == "a" and utils.get_name(Named()) == "photos"
    with pytest.raises(exc.MissingName):
        utils.get_name(42)
