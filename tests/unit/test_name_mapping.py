"""The one-to-one mapping of object names to local paths, and how a plan reports what it leaves out."""

import hashlib

import pytest

from swiftfiles.sync.filters import Exclusion, NameFilter, sync_exclusion
from swiftfiles.sync.local import scan_folder
from swiftfiles.sync.plan import Comparison, make_plan
from swiftfiles.sync.remote import RemoteHead, RemoteObject
from swiftfiles.transfer.localpath import local_name_problem, safe_local_path

UNMAPPABLE = [
    "",
    "dbl//slash.txt",
    "/leading-slash.txt",
    "dot/./seg.txt",
    "./a",
    "a/..",
    "up/../x",
    "folder/",
    "back\\slash.txt",
    "nul\x00byte",
    "C:/x",
    "x" * 256,
    "d/" + "é" * 128,  # 256 bytes in UTF-8
]


@pytest.mark.parametrize("name", UNMAPPABLE)
def test_names_without_a_one_to_one_local_path(name) -> None:
    assert local_name_problem(name, windows=False)


@pytest.mark.parametrize("name", ["a.txt", "a/b/c.txt", ".hidden", "a/.x/y", "..a", "a..", "ünï ✓/ñ.txt", "x" * 255])
def test_names_that_map_back_to_themselves(tmp_path, name) -> None:
    assert local_name_problem(name, windows=False) is None
    assert safe_local_path(tmp_path, name).relative_to(tmp_path.resolve()).as_posix() == name


@pytest.mark.parametrize("name", ["a<b", "q?", "con.txt", "dir/NUL", "trailing.", "space ", "tab\tname", "ab:c"])
def test_windows_names(name) -> None:
    assert local_name_problem(name, windows=False) is None
    assert local_name_problem(name, windows=True)


def test_unsafe_comes_before_hidden_and_markers_have_their_own_category() -> None:
    keep_all = NameFilter((), include_hidden=True)
    assert sync_exclusion("a/./b", NameFilter()) == Exclusion("unsafe name", sync_exclusion("a/./b", keep_all).reason)
    assert sync_exclusion(".env", NameFilter()).category == "hidden"
    assert sync_exclusion("x.pyc", NameFilter(("*.pyc",))).category == "filter"
    assert sync_exclusion("dir/", keep_all, folder_marker=True).category == "folder marker"
    assert sync_exclusion("ok.txt", NameFilter()) is None


def test_scan_reports_hidden_folders_once_and_unsafe_file_names(tmp_path) -> None:
    for name in ["a.txt", ".git/config", ".git/HEAD", "b\\c.txt", "x.pyc"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"1")
    scan = scan_folder(tmp_path, NameFilter(("*.pyc",)), for_sync=True)
    assert [f.name for f in scan.files] == ["a.txt"]
    assert [(e.name, e.exclusion.category) for e in scan.excluded] == [
        (".git/", "hidden"),
        ("b\\c.txt", "unsafe name"),
        ("x.pyc", "filter"),
    ]


def obj(name, data=b"x", modified=100.0, large=False):
    return RemoteObject(name, name, len(data), hashlib.md5(data).hexdigest(), modified, large=large)


def test_left_out_names_are_one_skip_each_and_never_deleted() -> None:
    cmp = Comparison(lambda f: "", lambda r: None)
    odd = obj("a//b")
    plan = make_plan(
        [],
        [],
        cmp,
        direction="upload",
        delete=True,
        excluded_local=[(".env", Exclusion("hidden", "h"))],
        excluded_remote=[(odd, Exclusion("unsafe name", "u")), (obj(".env"), Exclusion("hidden", "h"))],
    )
    assert [(a.kind, a.name, a.excluded) for a in plan.actions] == [
        ("skip", ".env", "hidden"),
        ("skip", "a//b", "unsafe name"),
    ]
    assert plan.deletions == [] and plan.actions[1].remote == odd


def large_compare(head, same_segments=False, calls=None):
    def segments(local, remote, h):
        if calls is not None:
            calls.append(local.name)
        return same_segments

    return Comparison(lambda f: "", lambda r: head, same_segments=segments)


def local_file(name, size, mtime):
    from swiftfiles.sync.local import LocalFile

    return LocalFile(name, f"/tmp/{name}", size, mtime, int(mtime * 1e9))


def test_a_dlo_listed_as_zero_bytes_compares_by_its_real_size_mtime_then_segments() -> None:
    dlo = obj("big", b"", modified=50.0)
    newer = [local_file("big", 1000, 200.0)]
    manifest = "c_segments/big/"

    def kind(head, same_segments=False, calls=None):
        plan = make_plan(newer, [dlo], large_compare(head, same_segments, calls), direction="upload", delete=False)
        return plan.actions[0].kind, plan.actions[0].reason

    assert kind(RemoteHead(1000, 200.0, "e", manifest=manifest)) == (
        "skip",
        "large object with the same size and mtime",
    )
    calls: list[str] = []
    assert kind(RemoteHead(1000, 150.0, "e", manifest=manifest), True, calls)[0] == "skip" and calls == ["big"]
    assert kind(RemoteHead(1000, 150.0, "e", manifest=manifest), False)[0] == "upload"
    calls = []
    assert kind(RemoteHead(999, 200.0, "e", manifest=manifest), True, calls)[0] == "upload" and calls == []
    # A plain empty object after all: compared as one (sizes differ).
    assert "size differs" in kind(RemoteHead(0, None, "d41d8cd98f00b204e9800998ecf8427e"))[1]
