"""``SwiftFileSystem`` against the session's real Swift: listing, reading, writing, copying, deleting, signing,
errors and pickling, as fsspec users (and the tools built on fsspec) call them."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from tests.support.faultproxy import TRUNCATE_RESPONSE, FaultProxy

from swiftfiles import StorageClient, TransferConfig
from swiftfiles.fsspec import SwiftFileSystem

pytestmark = pytest.mark.integration

MiB = 1 << 20
#: Small sizes so that a few MiB make a real static large object.
SMALL = TransferConfig(multipart_threshold=2 * MiB, segment_size=1 * MiB, stream_segment_size=1 * MiB)


def segments_of(client: StorageClient, container: str) -> list[str]:
    segment_container = container + client.transfer_config.segment_container_suffix
    try:
        return list(client.list_container_object_names(segment_container, full_listing=True))
    except Exception:  # noqa: BLE001 - no segment container: no segments
        return []


# -- registration, imports -----------------------------------------------------------------------------------------


def test_a_fresh_interpreter_finds_swift_urls_through_the_entry_point(opts, client, container) -> None:
    client.store_object(container, "dir/hello.txt", b"hello")
    script = f"""
import json, sys, fsspec
opts = json.loads(sys.argv[1])
fs = fsspec.filesystem("swift", **opts)
with fsspec.open("swift://{container}/dir/hello.txt", "rb", **opts) as f:
    data = f.read()
print(json.dumps([type(fs).__module__, fs.ls("{container}/dir", detail=False), data.decode()]))
"""
    out = subprocess.run([sys.executable, "-c", script, json.dumps(opts())], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == ["swiftfiles.fsspec.core", [f"{container}/dir/hello.txt"], "hello"]


def test_import_swiftfiles_does_not_import_the_data_tools() -> None:
    tools = ("fsspec", "dask", "distributed", "pandas", "pyarrow")
    script = f"import sys, swiftfiles; print(sorted(m for m in {tools!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- listing and info ----------------------------------------------------------------------------------------------


@pytest.fixture
def tree(client, container) -> str:
    for name, data in {
        "a/b.txt": b"hello",
        "a/c/d.txt": b"world!",
        "top.csv": b"x,y\n1,2\n",
    }.items():
        client.store_object(container, name, data)
    return container


def test_ls_lists_containers_at_the_root_and_pseudo_directories_below(fs, tree) -> None:
    assert tree in fs.ls("", detail=False)
    assert fs.ls(tree, detail=False) == [f"{tree}/a", f"{tree}/top.csv"]
    assert fs.ls(f"swift://{tree}/a/", detail=False) == [f"{tree}/a/b.txt", f"{tree}/a/c"]
    detail = {e["name"]: e for e in fs.ls(f"{tree}/a")}
    assert detail[f"{tree}/a/c"]["type"] == "directory"
    entry = detail[f"{tree}/a/b.txt"]
    assert (entry["type"], entry["size"], entry["ETag"]) == ("file", 5, hashlib.md5(b"hello").hexdigest())
    assert entry["last_modified"].tzinfo is not None
    assert fs.ls(f"{tree}/a/b.txt", detail=False) == [f"{tree}/a/b.txt"]  # a file lists as itself


def test_info_of_files_directories_and_containers(fs, tree) -> None:
    info = fs.info(f"{tree}/a/c/d.txt")
    assert info["type"] == "file" and info["size"] == 6
    assert info["ETag"] == hashlib.md5(b"world!").hexdigest()
    assert abs(info["last_modified"] - datetime.now(timezone.utc)).total_seconds() < 600
    assert fs.info(f"{tree}/a/c")["type"] == "directory"
    container_info = fs.info(tree)
    assert container_info["type"] == "directory"
    assert fs.isdir(tree) and fs.isfile(f"{tree}/top.csv") and not fs.isdir(f"{tree}/top.csv")
    with pytest.raises(FileNotFoundError):
        fs.info(f"{tree}/a/nothing")
    with pytest.raises(FileNotFoundError):
        fs.info("no-such-container-anywhere")


def test_find_glob_du_exists(fs, tree) -> None:
    assert fs.find(tree) == [f"{tree}/a/b.txt", f"{tree}/a/c/d.txt", f"{tree}/top.csv"]
    assert fs.find(f"{tree}/a", withdirs=True) == [f"{tree}/a", f"{tree}/a/b.txt", f"{tree}/a/c", f"{tree}/a/c/d.txt"]
    assert fs.find(f"{tree}/a", maxdepth=1) == [f"{tree}/a/b.txt"]
    assert fs.find(f"{tree}/top.csv") == [f"{tree}/top.csv"]
    assert fs.glob(f"swift://{tree}/**/*.txt") == [f"{tree}/a/b.txt", f"{tree}/a/c/d.txt"]
    assert fs.glob(f"{tree}/*.csv") == [f"{tree}/top.csv"]
    assert fs.du(tree) == 5 + 6 + 8
    assert fs.exists(f"{tree}/a") and fs.exists(f"{tree}/a/b.txt") and not fs.exists(f"{tree}/b")


def test_find_walks_every_page_of_a_listing(opts, client, container) -> None:
    names = [f"p/{i:03d}" for i in range(25)]
    for name in names:
        client.store_object(container, name, b"")
    paged = SwiftFileSystem(**opts(listing_page_size=7), skip_instance_cache=True)
    assert paged.find(container) == [f"{container}/{n}" for n in names]


# -- reading -------------------------------------------------------------------------------------------------------


def test_cat_file_with_ranges_and_cat_of_many_paths(fs, tree) -> None:
    path = f"{tree}/a/c/d.txt"  # b"world!"
    assert fs.cat_file(path) == b"world!"
    assert fs.cat_file(path, 1, 3) == b"or"
    assert fs.cat_file(path, start=2) == b"rld!"
    assert fs.cat_file(path, start=-2) == b"d!"
    assert fs.cat_file(path, 1, -1) == b"orld"
    assert fs.cat_file(path, 10) == b""
    assert fs.cat_file(path, 4, 2) == b""
    assert fs.cat([f"{tree}/a/b.txt", path]) == {f"{tree}/a/b.txt": b"hello", path: b"world!"}
    assert fs.cat(f"{tree}/a", recursive=True) == {f"{tree}/a/b.txt": b"hello", path: b"world!"}
    assert fs.cat_ranges([path, path], [0, 3], [2, 6]) == [b"wo", b"ld!"]
    some, missing = fs.cat_ranges([path, f"{tree}/missing"], 1, 3)
    assert some == b"or" and isinstance(missing, FileNotFoundError)
    with pytest.raises(FileNotFoundError):
        fs.cat_file(f"{tree}/missing")
    assert isinstance(fs.cat([path, f"{tree}/missing"], on_error="return")[f"{tree}/missing"], FileNotFoundError)


def test_open_rb_is_seekable_and_reads_ranges(fs, client, container) -> None:
    data = os.urandom(3 * MiB + 123)
    client.store_object(container, "blob", data)
    with fs.open(f"{container}/blob", "rb", block_size=MiB) as f:
        assert f.size == len(data)
        assert f.read(10) == data[:10]
        f.seek(2 * MiB + 5)
        assert f.read(MiB) == data[2 * MiB + 5 : 3 * MiB + 5]
        f.seek(-7, 2)
        assert f.read() == data[-7:]
        f.seek(0)
        assert f.read() == data


def test_reads_of_a_large_object(opts, client, container) -> None:
    big = SwiftFileSystem(**opts(transfer_config=SMALL), skip_instance_cache=True)
    data = os.urandom(5 * MiB + 17)
    with big.open(f"{container}/slo.bin", "wb", block_size=MiB) as f:
        f.write(data)
    assert big.info(f"{container}/slo.bin")["large"] is True
    assert big.cat_file(f"{container}/slo.bin", MiB - 3, 3 * MiB + 9) == data[MiB - 3 : 3 * MiB + 9]
    with big.open(f"{container}/slo.bin", "rb", block_size=MiB) as f:
        f.seek(4 * MiB)
        assert f.read() == data[4 * MiB :]


def test_a_file_changed_while_open_is_not_read_as_a_mix(fs, client, container) -> None:
    client.store_object(container, "moving", b"a" * 1000)
    with fs.open(f"{container}/moving", "rb", block_size=100, cache_type="none") as f:
        assert f.read(10) == b"a" * 10
        client.store_object(container, "moving", b"b" * 1000)
        with pytest.raises(Exception, match="changed while it was being read"):
            f.read(10)


# -- writing -------------------------------------------------------------------------------------------------------


def test_pipe_and_create_mode(fs, client, container) -> None:
    path = f"{container}/p/one"
    fs.pipe(path, b"data")
    assert client.fetch_object(container, "p/one") == b"data"
    with pytest.raises(FileExistsError):
        fs.pipe_file(path, b"other", mode="create")
    fs.pipe({f"{container}/p/two": b"2", f"swift://{container}/p/three": b"3"})
    expected = {"one": b"data", "three": b"3", "two": b"2"}
    assert fs.cat(f"{container}/p/*") == {f"{container}/p/{n}": v for n, v in expected.items()}


def test_pipe_of_bytes_above_the_multipart_threshold_becomes_a_large_object(opts, client, container) -> None:
    big = SwiftFileSystem(**opts(transfer_config=SMALL), skip_instance_cache=True)
    data = os.urandom(3 * MiB)
    big.pipe_file(f"{container}/big", data)
    assert big.info(f"{container}/big")["large"] is True
    assert client.fetch_object(container, "big") == data


def test_open_wb_small_file_is_one_object(fs, client, container) -> None:
    with fs.open(f"{container}/small.txt", "wb") as f:
        f.write(b"abc")
        f.write(b"def")
    assert client.fetch_object(container, "small.txt") == b"abcdef"
    assert fs.info(f"{container}/small.txt")["large"] is False
    with pytest.raises(FileExistsError):
        fs.open(f"{container}/small.txt", "xb")
    with fs.open(f"{container}/new.txt", "xb") as f:
        f.write(b"x")
    assert fs.cat_file(f"{container}/new.txt") == b"x"


def test_open_wb_streams_a_large_file_into_a_verified_slo(opts, client, container) -> None:
    big = SwiftFileSystem(**opts(transfer_config=SMALL), skip_instance_cache=True)
    digest = hashlib.md5()
    with big.open(f"{container}/stream.bin", "wb", block_size=MiB // 2) as f:
        for i in range(9):
            piece = bytes([i]) * (MiB // 2 + 1000)
            digest.update(piece)
            f.write(piece)
    info = big.info(f"{container}/stream.bin")
    assert info["large"] is True and info["size"] == 9 * (MiB // 2 + 1000)
    assert hashlib.md5(client.fetch_object(container, "stream.bin")).hexdigest() == digest.hexdigest()
    assert len(segments_of(client, container)) >= 4


@pytest.mark.parametrize("how", ["exception", "discard"])
def test_an_abandoned_write_leaves_no_object_and_no_segments(opts, client, container, how) -> None:
    big = SwiftFileSystem(**opts(transfer_config=SMALL), skip_instance_cache=True)
    path = f"{container}/abandoned.bin"
    if how == "exception":
        with pytest.raises(KeyboardInterrupt), big.open(path, "wb", block_size=MiB // 2) as f:
            f.write(os.urandom(3 * MiB))
            raise KeyboardInterrupt
    else:
        f = big.open(path, "wb", block_size=MiB // 2)
        f.write(os.urandom(3 * MiB))
        f.discard()
        assert f.closed
    assert not big.exists(path)
    assert segments_of(client, container) == []


def test_a_failed_write_raises_and_leaves_nothing(fs, container) -> None:
    with pytest.raises(FileNotFoundError), fs.open(f"no-such-container-{container}/x", "wb", block_size=1024) as f:
        f.write(b"z" * 5000)
    with pytest.raises(FileNotFoundError):
        fs.pipe_file(f"no-such-container-{container}/x", b"z")


def test_put_and_get_files_and_trees(fs, client, container, tmp_path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    files = {"one.txt": b"1", "sub/two.txt": b"22", "sub/three.bin": os.urandom(100_000)}
    for name, data in files.items():
        (src / name).write_bytes(data)
    fs.put(str(src), f"{container}/up", recursive=True)
    assert sorted(client.list_container_object_names(container, full_listing=True)) == sorted(f"up/{n}" for n in files)
    fs.put_file(str(src / "one.txt"), f"{container}/single.txt")
    assert client.fetch_object(container, "single.txt") == b"1"

    dest = tmp_path / "dest"
    fs.get(f"{container}/up", str(dest), recursive=True)
    for name, data in files.items():
        assert (dest / name).read_bytes() == data
    fs.get_file(f"{container}/single.txt", str(tmp_path / "single.txt"))
    assert (tmp_path / "single.txt").read_bytes() == b"1"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".swiftfiles")] == []


def test_put_of_a_large_file_is_a_segmented_object(opts, client, container, tmp_path) -> None:
    big = SwiftFileSystem(**opts(transfer_config=SMALL), skip_instance_cache=True)
    data = os.urandom(5 * MiB)
    (tmp_path / "big.bin").write_bytes(data)
    big.put_file(str(tmp_path / "big.bin"), f"{container}/big.bin")
    assert big.info(f"{container}/big.bin")["large"] is True
    big.get_file(f"{container}/big.bin", str(tmp_path / "back.bin"))
    assert (tmp_path / "back.bin").read_bytes() == data


# -- copies, moves, deletes, containers ----------------------------------------------------------------------------


def test_cp_and_mv_are_server_side_and_take_large_objects(opts, client, container) -> None:
    big = SwiftFileSystem(**opts(transfer_config=SMALL), skip_instance_cache=True)
    data = os.urandom(3 * MiB)
    big.pipe_file(f"{container}/src/large", data)
    big.pipe_file(f"{container}/src/small", b"s")
    big.cp_file(f"{container}/src/small", f"{container}/copy/small")
    assert client.fetch_object(container, "copy/small") == b"s"
    big.mv(f"{container}/src", f"{container}/moved", recursive=True)
    assert big.find(container) == [f"{container}/copy/small", f"{container}/moved/large", f"{container}/moved/small"]
    assert client.fetch_object(container, "moved/large") == data
    assert segments_of(client, container) == []  # the moved SLO's segments went with it


def test_rm_recursive_deletes_large_objects_with_their_segments(opts, client, container) -> None:
    big = SwiftFileSystem(**opts(transfer_config=SMALL), skip_instance_cache=True)
    big.pipe_file(f"{container}/d/large", os.urandom(3 * MiB))
    for i in range(12):
        big.pipe_file(f"{container}/d/sub/{i}", b"x")
    big.pipe_file(f"{container}/keep", b"k")
    assert segments_of(client, container) != []
    with pytest.raises(IsADirectoryError):
        big.rm(f"{container}/d")
    big.rm(f"{container}/d", recursive=True)
    assert big.find(container) == [f"{container}/keep"]
    assert segments_of(client, container) == []
    big.rm(f"{container}/keep")
    with pytest.raises(FileNotFoundError):
        big.rm(f"{container}/keep")


def test_mkdir_rmdir_and_rm_of_a_whole_container(fs, container) -> None:
    name = f"{container}-extra"
    fs.mkdir(name)
    assert fs.isdir(name)
    with pytest.raises(FileExistsError):
        fs.makedirs(name)
    fs.makedirs(f"{name}/deep/er", exist_ok=True)  # pseudo-directories need nothing
    fs.pipe(f"{name}/f", b"1")
    with pytest.raises(OSError, match="not empty"):
        fs.rmdir(name)
    fs.rm(name, recursive=True)
    assert not fs.exists(name)
    with pytest.raises(FileNotFoundError):
        fs.rmdir(name)


def test_sign_makes_a_tempurl_that_needs_no_token(fs, client, container) -> None:
    client.set_temp_url_key()
    client.store_object(container, "shared.txt", b"shared")
    url = fs.sign(f"swift://{container}/shared.txt", expiration=60)
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the local Swift
        assert response.read() == b"shared"


# -- errors --------------------------------------------------------------------------------------------------------


def test_refused_credentials_and_forbidden_containers_are_permission_errors(opts, fs, container) -> None:
    wrong = SwiftFileSystem(**{**opts(), "password": "wrong"}, skip_instance_cache=True)
    with pytest.raises(PermissionError):
        wrong.ls("")
    outsider = SwiftFileSystem(**opts("test2:tester2"), skip_instance_cache=True)
    with pytest.raises((PermissionError, FileNotFoundError)):
        outsider.ls(container)  # another account: the container is not there for it
    reader = SwiftFileSystem(**opts("test:tester3"), skip_instance_cache=True)
    with pytest.raises(PermissionError):
        reader.pipe_file(f"{container}/nope", b"x")
    with pytest.raises(IsADirectoryError):
        fs.cat_file(container)
    with pytest.raises(NotImplementedError):
        fs.open(f"{container}/x", "ab")


# -- pickling ------------------------------------------------------------------------------------------------------


def test_a_pickled_filesystem_reuses_the_token(opts, fs, tree) -> None:
    fs.ls(tree)  # authenticated once
    token = fs.client.authenticator.current().token
    blob = pickle.dumps(fs)
    SwiftFileSystem.clear_instance_cache()  # as in a fresh worker process
    copy = pickle.loads(blob)
    assert copy is not fs
    assert copy.cat_file(f"{tree}/a/b.txt") == b"hello"
    assert copy.client.authenticator.current().token == token
    assert "PreAuthenticated" in repr(copy.client.authenticator.method)


def test_a_refused_carried_token_falls_back_to_the_settings(opts, tree) -> None:
    settings = opts()
    storage_url = StorageClient(**settings).storage_url
    carried = SwiftFileSystem(**settings, _carried_auth=(storage_url, "AUTH_tk-refused"), skip_instance_cache=True)
    assert carried.cat_file(f"{tree}/a/b.txt") == b"hello"
    assert carried.client.authenticator.current().token != "AUTH_tk-refused"


def test_an_unused_filesystem_pickles_without_authenticating(opts) -> None:
    fresh = SwiftFileSystem(**opts(), skip_instance_cache=True)
    blob = pickle.dumps(fresh)
    assert b"_carried_auth" not in blob
    assert fresh.client.authenticator.auth_count == 0


# -- a dropped connection ------------------------------------------------------------------------------------------


@pytest.fixture
def proxy(swift) -> Iterator[FaultProxy]:
    with FaultProxy(swift.host, swift.port) as p:
        yield p


def test_a_range_read_resumes_a_dropped_connection(swift, opts, proxy, client, container) -> None:
    data = os.urandom(300_000)
    client.store_object(container, "blob", data)
    through = SwiftFileSystem(
        **opts(
            auth_url=proxy.rewrite(swift.auth_url),
            storage_url=proxy.rewrite(swift.storage_url_for("test:tester")),
            retries=2,
        ),
        skip_instance_cache=True,
    )
    path = re.escape(f"/{container}/blob") + "$"
    proxy.truncate_response(50_000, method="GET", path=path)
    assert through.cat_file(f"{container}/blob", 100, 250_000) == data[100:250_000]
    assert [r.fault for r in proxy.requests_matching("GET", path)] == [TRUNCATE_RESPONSE, None]

    proxy.truncate_response(10_000, method="GET", path=path)
    with through.open(f"{container}/blob", "rb", block_size=100_000) as f:
        f.seek(150_000)
        assert f.read(100_000) == data[150_000:250_000]
    assert [r.fault for r in proxy.requests_matching("GET", path)][-2:] == [TRUNCATE_RESPONSE, None]


def test_names_with_spaces_unicode_and_dot_dot(fs, client, container, tmp_path) -> None:
    fs.pipe(f"{container}/dir with space/été.txt", "déjà".encode())
    assert fs.ls(f"{container}/dir with space", detail=False) == [f"{container}/dir with space/été.txt"]
    assert fs.cat_file(f"swift://{container}/dir with space/été.txt") == "déjà".encode()
    fs.get(f"{container}/dir with space", str(tmp_path / "out"), recursive=True)
    assert (tmp_path / "out" / "été.txt").read_bytes() == "déjà".encode()

    client.store_object(container, "x/../../evil", b"evil")  # a legal Swift name
    with pytest.raises(ValueError):  # UnsafePath (or fsspec's own check, where it has one)
        fs.get(f"{container}/x", str(tmp_path / "down") + "/", recursive=True)
    assert not (tmp_path / "evil").exists()
    with pytest.raises(ValueError):
        fs.get([f"{container}/x/../../evil"], str(tmp_path / "down2") + "/")
    assert not (tmp_path / "evil").exists()


def test_put_and_get_report_progress_to_fsspec_callbacks(fs, container, tmp_path) -> None:
    from fsspec.callbacks import Callback

    data = os.urandom(300_000)
    (tmp_path / "up.bin").write_bytes(data)
    up, down = Callback(), Callback()
    fs.put_file(str(tmp_path / "up.bin"), f"{container}/p.bin", callback=up)
    fs.get_file(f"{container}/p.bin", str(tmp_path / "down.bin"), callback=down)
    assert (tmp_path / "down.bin").read_bytes() == data
    assert (up.size, up.value) == (len(data), len(data))
    assert (down.size, down.value) == (len(data), len(data))


def test_recursive_rm_bulk_deletes_plain_objects(opts, swift, container) -> None:
    """Plain objects of a recursive rm go by bulk delete (many per request), large ones one by one with their
    segments: counted on the server's side through a fault proxy that records every request."""
    from tests.support.clients import through_proxy
    from tests.support.faultproxy import FaultProxy

    with FaultProxy(swift.host, swift.port) as proxy, through_proxy(swift, proxy) as client:
        fs = SwiftFileSystem(
            auth_url=proxy.rewrite(swift.auth_url),
            username="test:tester",
            password=swift.users["test:tester"],
            storage_url=proxy.rewrite(swift.storage_url_for("test:tester")),
            skip_instance_cache=True,
        )
        for i in range(40):
            client.store_object(container, f"tree/{i:02d}.txt", b"x")
        proxy.clear()
        fs.rm(f"{container}/tree", recursive=True)
        assert client.list_container_object_names(container) == []
        assert (
            len(proxy.requests_matching("DELETE")) == 0 and len(proxy.requests_matching("POST", "^/v1/AUTH_test$")) >= 1
        )
