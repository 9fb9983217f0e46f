"""The sync plan without a server: march, decisions, filters, the hash cache."""

import hashlib
import os

import pytest

from swiftfiles.sync.filters import NameFilter, normalize_patterns
from swiftfiles.sync.hashcache import HashCache
from swiftfiles.sync.local import LocalFile, walk_folder
from swiftfiles.sync.plan import Comparison, make_plan, march
from swiftfiles.sync.remote import RemoteHead, RemoteObject, parse_last_modified, to_remote


def local(name, data=b"x", mtime=100.0):
    return LocalFile(name, f"/tmp/{name}", len(data), mtime, int(mtime * 1e9))


def remote(name, data=b"x", modified=100.0, large=False):
    return RemoteObject(name, name, len(data), hashlib.md5(data).hexdigest(), modified, large=large)


def compare(md5s=None, mtimes=None, ignore_timestamps=False):
    md5s = md5s or {}
    return Comparison(
        local_md5=lambda f: md5s.get(f.name, hashlib.md5(b"x").hexdigest()),
        remote_head=lambda r: RemoteHead(r.size, (mtimes or {}).get(r.name), None, slo=r.large),
        ignore_timestamps=ignore_timestamps,
    )


def test_march_pairs_sorted_names() -> None:
    pairs = list(march([local("a"), local("c"), local("d")], [remote("b"), remote("c"), remote("e")]))
    assert [(lf and lf.name, rf and rf.name) for lf, rf in pairs] == [
        ("a", None),
        (None, "b"),
        ("c", "c"),
        ("d", None),
        (None, "e"),
    ]


def test_upload_plan_rules() -> None:
    files = [
        local("new"),
        local("same"),
        local("bigger", b"xx", 200),
        local("older", b"y", 50),
        local("newer", b"y", 500),
    ]
    objs = [remote("gone"), remote("same"), remote("bigger"), remote("older", b"z", 100), remote("newer", b"z", 100)]
    md5s = {"older": hashlib.md5(b"y").hexdigest(), "newer": hashlib.md5(b"y").hexdigest()}
    plan = make_plan(
        sorted(files, key=lambda f: f.name),
        sorted(objs, key=lambda o: o.name),
        compare(md5s),
        direction="upload",
        delete=True,
    )
    kinds = {a.name: (a.kind, a.reason) for a in plan.actions}
    assert kinds["new"] == ("upload", "new")
    assert kinds["same"] == ("skip", "unchanged (same MD5)")
    assert kinds["bigger"][0] == "upload" and "size differs" in kinds["bigger"][1]
    assert kinds["older"] == ("skip", "content differs (MD5), but the remote copy is newer")
    assert kinds["newer"] == ("upload", "content differs (MD5)")
    assert kinds["gone"] == ("delete_remote", "not in the folder")
    forced = make_plan(
        [local("older", b"y", 50)],
        [remote("older", b"z", 100)],
        compare(md5s, ignore_timestamps=True),
        direction="upload",
        delete=False,
    )
    assert forced.actions[0].kind == "upload"


def test_size_difference_never_hashes() -> None:
    calls = []
    cmp = Comparison(lambda f: calls.append(f) or "", lambda r: None)
    make_plan([local("a", b"xx")], [remote("a", b"x")], cmp, direction="upload", delete=False)
    assert calls == []


def test_large_objects_compare_size_and_stored_mtime() -> None:
    big = remote("big", b"x" * 10, large=True)
    same = make_plan(
        [local("big", b"x" * 10, 123.0)], [big], compare(mtimes={"big": 123.0}), direction="upload", delete=False
    )
    assert same.actions[0].kind == "skip"
    unknown = make_plan([local("big", b"x" * 10, 999.0)], [big], compare(), direction="upload", delete=False)
    assert unknown.actions[0].kind == "upload"


def test_download_plan_is_the_mirror() -> None:
    plan = make_plan(
        [local("local-only"), local("stale", b"y", 50)],
        [remote("remote-only"), remote("stale", b"z", 99)],
        compare({"stale": hashlib.md5(b"y").hexdigest()}),
        direction="download",
        delete=True,
    )
    kinds = {a.name: a.kind for a in plan.actions}
    assert kinds == {"local-only": "delete_local", "remote-only": "download", "stale": "download"}
    assert [a.name for a in plan.deletions] == ["local-only"]


def test_filters() -> None:
    f = NameFilter(normalize_patterns(["*.pyc", "__pycache__"]))
    assert f.skips("a/b.pyc") and f.skips("pkg/__pycache__/m.py") and f.skips(".git/config") and f.skips("a/.x")
    assert not f.skips("a/b.py")
    assert not NameFilter((), include_hidden=True).skips(".env")
    assert normalize_patterns("*.tmp") == ("*.tmp",) and normalize_patterns(None) == ()


def test_walk_sorted_filtered_and_skips_symlinked_dirs(tmp_path) -> None:
    for name in ["b.txt", "a/z.txt", "a/b.txt", ".h", "c.pyc"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    os.symlink(tmp_path / "a", tmp_path / "loop")
    files, skipped = walk_folder(tmp_path, NameFilter(("*.pyc",)))
    assert [f.name for f in files] == ["a/b.txt", "a/z.txt", "b.txt"] and skipped == []


def test_hash_cache_reads_each_file_once(tmp_path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"hello")
    cache = HashCache(tmp_path / "db.sqlite")
    st = os.stat(path)
    assert cache.md5(str(path), st.st_size, st.st_mtime_ns) == hashlib.md5(b"hello").hexdigest()
    assert cache.md5(str(path), st.st_size, st.st_mtime_ns) == hashlib.md5(b"hello").hexdigest()
    assert (cache.misses, cache.hits) == (1, 1)
    cache.close()  # entries are written in batches, and at the latest when the cache is closed
    reopened = HashCache(tmp_path / "db.sqlite")
    assert reopened.lookup(str(path), st.st_size, st.st_mtime_ns) == hashlib.md5(b"hello").hexdigest()
    assert reopened.lookup(str(path), st.st_size, st.st_mtime_ns + 1) is None


def test_remote_rows() -> None:
    row = {
        "name": "p/x",
        "bytes": 3,
        "hash": "abc",
        "last_modified": "2024-05-01T12:00:00.500000",
        "content_type": "text/plain;charset=utf-8",
        "slo_etag": '"e"',
    }
    obj = to_remote(row, "p/")
    assert (obj.name, obj.full_name, obj.size, obj.large, obj.content_type) == ("x", "p/x", 3, True, "text/plain")
    assert parse_last_modified("2024-05-01T12:00:00.500000") == pytest.approx(1714564800.5)


def test_walk_yields_listing_order_one_folder_at_a_time(tmp_path) -> None:
    from swiftfiles.sync.local import ExcludedPath, iter_folder

    for name in ["a0.txt", "a/x.txt", "a.txt", "a/b/c", "ab", ".git/config", "z"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    entries = list(iter_folder(tmp_path, NameFilter()))
    assert [(e.name, isinstance(e, ExcludedPath)) for e in entries] == [
        (".git/", True),
        ("a.txt", False),
        ("a/b/c", False),
        ("a/x.txt", False),
        ("a0.txt", False),
        ("ab", False),
        ("z", False),
    ]
    assert [e.name for e in entries] == sorted(e.name for e in entries)  # what Swift's listing order is


def test_checkers_keep_the_march_order_and_decide_cheap_pairs_inline() -> None:
    from concurrent.futures import Future, ThreadPoolExecutor

    from swiftfiles.sync.checkers import decided_in_order
    from swiftfiles.sync.plan import Action, decide

    items = [Action("upload", "a", "new"), (local("b"), remote("b")), (local("c", b"cc"), remote("c"))]
    items += [(local(f"d{i}"), remote(f"d{i}")) for i in range(20)]
    submitted = []
    with ThreadPoolExecutor(4) as pool:

        def submit(task) -> Future:
            submitted.append(task)
            return pool.submit(task)

        def quick(pair):
            lf, rf = pair
            return decide(lf, rf, compare(), "upload") if lf.size != rf.size else None

        out = list(decided_in_order(items, quick, lambda p: decide(*p, compare(), "upload"), submit, window=3))
    assert [a.name for a in out] == ["a", "b", "c", *[f"d{i}" for i in range(20)]]
    assert len(submitted) == 21  # every same-size pair needed the (here: fake) MD5; "c" was decided inline
    assert out[1].reason == "unchanged (same MD5)" and out[2].reason.startswith("size differs")


def test_objects_under_an_unreadable_local_folder_are_never_deleted_nor_downloaded() -> None:
    from swiftfiles.sync.local import UnreadableFolder
    from swiftfiles.sync.plan import iter_plan

    objs = [remote("a.txt"), remote("locked/x"), remote("locked/y/z"), remote("lockedness"), remote("m")]
    walked = [local("a.txt"), UnreadableFolder("locked/", "/tmp/t/locked")]
    up = list(iter_plan(walked, objs, direction="upload", delete=True))
    decided = [(a.kind, a.name, a.excluded) for a in up if not isinstance(a, tuple)]
    assert decided == [
        ("skip", "locked/x", "unreadable"),
        ("skip", "locked/y/z", "unreadable"),
        ("delete_remote", "lockedness", None),
        ("delete_remote", "m", None),
    ]
    down = list(iter_plan(walked, objs, direction="download", delete=True))
    assert [(a.kind, a.name) for a in down if not isinstance(a, tuple)] == [
        ("skip", "locked/x"),
        ("skip", "locked/y/z"),
        ("download", "lockedness"),
        ("download", "m"),
    ]
    # The folder itself could not be listed: nothing on the other side is deleted.
    root = list(iter_plan([UnreadableFolder("", "/tmp/t")], objs, direction="upload", delete=True))
    assert {a.kind for a in root} == {"skip"} and len(root) == len(objs)


def test_a_folder_the_walk_cannot_list_is_reported_where_its_files_would_be(tmp_path) -> None:
    from swiftfiles.sync.local import UnreadableFolder, iter_folder

    # A real listing failure that root cannot bypass either: a folder whose full path is longer than PATH_MAX
    # (made one level at a time, relative to the parent's descriptor).
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "z.txt").write_text("z")
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        for _ in range(20):
            os.mkdir("d" * 250, dir_fd=fd)
            inner = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    unreadable = []
    entries = list(iter_folder(tmp_path, NameFilter(), on_unreadable=unreadable.append))
    assert [e.name for e in entries if not isinstance(e, UnreadableFolder)] == ["a.txt", "z.txt"]
    [blocked] = [e for e in entries if isinstance(e, UnreadableFolder)]
    assert blocked.name.startswith("d" * 250 + "/") and blocked.name.endswith("/") and len(unreadable) == 1
    assert entries.index(blocked) == 1  # between a.txt and z.txt: where the names under it sort


def test_a_listing_out_of_name_order_stops_the_sync_before_it_changes_anything(tmp_path) -> None:
    import json

    from swiftfiles.auth.base import Authenticator
    from swiftfiles.auth.tempauth import PreAuthenticated
    from swiftfiles.exceptions import SwiftFilesError
    from swiftfiles.http import CannedResponse, FunctionTransport, HTTPClient, RetryPolicy
    from swiftfiles.swift.connection import SwiftConnection
    from swiftfiles.sync.runner import SyncOptions, run_sync
    from swiftfiles.transfer.engine import TransferEngine

    rows = [{"name": n, "bytes": 1, "hash": "0" * 32, "last_modified": "2024-01-01T00:00:00"} for n in ("b", "a")]
    seen = []

    def handler(request):
        seen.append(request.method)
        first = "marker=" not in request.url
        return CannedResponse(200, {"Content-Type": "application/json"}, json.dumps(rows if first else []).encode())

    http = HTTPClient(FunctionTransport(handler), RetryPolicy(total=0), sleep=lambda s: None)
    conn = SwiftConnection(Authenticator(PreAuthenticated("http://swift.invalid/v1/AUTH_t", "tok"), http), http)
    (tmp_path / "a").write_text("a")
    cache = HashCache(None)
    with TransferEngine(conn) as engine, pytest.raises(SwiftFilesError, match="not in name order"):
        run_sync(engine, "upload", tmp_path, "c", SyncOptions(delete=True), cache)  # max_delete: a counting pass
    cache.close()
    assert set(seen) == {"GET"}  # no container PUT, no upload, no delete


def test_hash_cache_batches_its_writes_without_changing_an_answer(tmp_path) -> None:
    """Entries are written a few hundred per transaction (one commit per file was most of a first sync on a disk);
    this object answers from the unwritten ones at once, a newer entry replaces an older one, and closing writes
    them all."""
    from swiftfiles.sync.hashcache import STORE_BATCH

    cache = HashCache(tmp_path / "db.sqlite")
    count = STORE_BATCH * 2 + 7  # two full batches and a remainder
    for i in range(count):
        cache.store(f"/f{i}", i, 1, f"{i:032x}")
    cache.store("/f0", 0, 2, "1" * 32)  # the file changed: newer size/mtime, newer digest
    assert cache.lookup("/f0", 0, 2) == "1" * 32 and cache.lookup("/f0", 0, 1) is None
    assert cache.lookup(f"/f{count - 1}", count - 1, 1) == f"{count - 1:032x}"
    wanted = [(f"/f{i}", i, 1) for i in range(1, count)] + [("/f0", 0, 2)]
    assert len(cache.cached_many(wanted)) == count
    cache.close()
    reopened = HashCache(tmp_path / "db.sqlite")
    assert len(reopened.cached_many(wanted)) == count and reopened.lookup("/f0", 0, 1) is None
