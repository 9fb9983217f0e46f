"""End-to-end tests of the development Swift: a real server, no mocks."""

from __future__ import annotations

import http.client as http_client
import os
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from devserver_helpers import http, login, token_and_url

from swiftfiles.devserver import (
    ADMIN_KEY,
    ADMIN_USER,
    TEST2_ADMIN_USER,
    TEST_READER_USER,
    DevServer,
    DevServerError,
    ServerInfo,
    User,
)
from swiftfiles.devserver.statedir import default_parent_dir, supports_large_xattrs

pytestmark = pytest.mark.integration

MIDDLEWARES = (
    "slo",
    "bulk_delete",
    "bulk_upload",
    "tempurl",
    "staticweb",
    "formpost",
    "symlink",
    "versioned_writes",
    "tempauth",
)


def _metadata_near_limit() -> dict[str, str]:
    """90 items (Swift's max count) whose names + values total 4050 of the 4096 allowed bytes."""
    headers = {f"X-Object-Meta-M{i:02d}": f"{i:02d}" + "v" * 40 for i in range(90)}
    assert sum(len(k) - len("X-Object-Meta-") + len(v) for k, v in headers.items()) == 4050
    return headers


@pytest.fixture(autouse=True)
def _many_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    """http.client (so urllib and urllib3 too) refuses responses with over 100 headers;
    90 metadata items plus Swift's own headers exceed that."""
    monkeypatch.setattr(http_client, "_MAXHEADERS", 1000)


def _put_and_head_big_metadata(info: ServerInfo) -> None:
    token, url = token_and_url(info, ADMIN_USER)
    auth = {"X-Auth-Token": token}
    container = f"meta-{uuid.uuid4().hex[:8]}"
    assert http("PUT", f"{url}/{container}", auth).status == 201
    meta = _metadata_near_limit()
    put = http("PUT", f"{url}/{container}/obj", {**auth, **meta}, data=b"payload")
    assert put.status == 201, put
    head = http("HEAD", f"{url}/{container}/obj", auth)
    assert head.status == 200
    got = {k: v for k, v in head.headers.items() if k.startswith("x-object-meta-")}
    assert got == {k.lower(): v for k, v in meta.items()}
    # One more byte than allowed is rejected by Swift's constraints, not by the filesystem.
    too_big = {**meta, "X-Object-Meta-M00": meta["X-Object-Meta-M00"] + "v" * 47}
    assert http("PUT", f"{url}/{container}/obj2", {**auth, **too_big}, data=b"x").status == 400


# -- shared server ------------------------------------------------------------------------------


def test_info_fields(devserver: ServerInfo) -> None:
    base = f"http://127.0.0.1:{devserver.port}"
    assert devserver.auth_url == f"{base}/auth/v1.0"
    assert devserver.storage_url == f"{base}/v1/AUTH_test"
    assert devserver.info_url == f"{base}/info"
    assert devserver.users[ADMIN_USER] == ADMIN_KEY
    assert devserver.storage_url_for(TEST2_ADMIN_USER) == f"{base}/v1/AUTH_test2"
    env = devserver.env()
    assert env["ST_AUTH"] == devserver.auth_url
    assert (env["ST_USER"], env["ST_KEY"]) == ("test:tester", "testing")
    assert (env["OS_USERNAME"], env["OS_PASSWORD"], env["OS_AUTH_URL"]) == (
        "test:tester",
        "testing",
        devserver.auth_url,
    )
    assert devserver.env(TEST_READER_USER)["ST_KEY"] == "testing3"
    assert devserver.log_file.is_file()


@pytest.mark.parametrize(
    "user, account",
    [
        ("test:tester", "AUTH_test"),
        ("test:tester3", "AUTH_test"),
        ("test2:tester2", "AUTH_test2"),
    ],
)
def test_tempauth_login(devserver: ServerInfo, user: str, account: str) -> None:
    reply = login(devserver, user)
    assert reply.status == 200
    assert reply.headers["x-auth-token"].startswith("AUTH_tk")
    assert reply.headers["x-storage-url"] == f"http://127.0.0.1:{devserver.port}/v1/{account}"


def test_wrong_key_is_401(devserver: ServerInfo) -> None:
    assert login(devserver, ADMIN_USER, "wrong").status == 401
    assert login(devserver, "nobody:here", "x").status == 401


def test_non_admin_cannot_create_containers(devserver: ServerInfo) -> None:
    token, url = token_and_url(devserver, TEST_READER_USER)
    assert http("PUT", f"{url}/reader-{uuid.uuid4().hex[:6]}", {"X-Auth-Token": token}).status == 403


def test_container_and_object_roundtrip(devserver: ServerInfo) -> None:
    token, url = token_and_url(devserver, ADMIN_USER)
    auth = {"X-Auth-Token": token}
    assert http("PUT", f"{url}/roundtrip", auth).status in (201, 202)
    put = http("PUT", f"{url}/roundtrip/dir/hello.txt", {**auth, "Content-Type": "text/plain"}, data=b"hello world")
    assert put.status == 201
    got = http("GET", f"{url}/roundtrip/dir/hello.txt", auth)
    assert (got.status, got.body, got.headers["content-type"]) == (200, b"hello world", "text/plain")
    listing = http("GET", f"{url}/roundtrip?format=json", auth)
    assert [o["name"] for o in listing.json()] == ["dir/hello.txt"]  # type: ignore[union-attr]
    # The other account cannot read it.
    token2, _ = token_and_url(devserver, TEST2_ADMIN_USER)
    assert http("GET", f"{url}/roundtrip/dir/hello.txt", {"X-Auth-Token": token2}).status == 403


def test_info_lists_middlewares(devserver: ServerInfo) -> None:
    info = http("GET", devserver.info_url).json()
    assert isinstance(info, dict)
    for name in MIDDLEWARES:
        assert name in info, name
    assert {"sha1", "sha256", "sha512"} <= set(info["tempurl"]["allowed_digests"])
    assert info["swift"]["max_meta_overall_size"] == 4096
    assert info["swift"]["max_meta_count"] == 90


def test_healthcheck(devserver: ServerInfo) -> None:
    reply = http("GET", f"http://127.0.0.1:{devserver.port}/healthcheck")
    assert (reply.status, reply.body) == (200, b"OK")


def test_metadata_near_limit(devserver: ServerInfo) -> None:
    _put_and_head_big_metadata(devserver)


# -- servers of their own -----------------------------------------------------------------------


def test_start_stop_removes_temp_state_dir() -> None:
    server = DevServer()
    started = time.monotonic()
    info = server.start()
    elapsed = time.monotonic() - started
    try:
        assert server.running
        assert elapsed < 10, f"start-to-ready took {elapsed:.2f}s"
        assert info.state_dir.is_dir()
        assert (info.state_dir / "etc" / "swift.conf").is_file()
        if default_parent_dir() is not None:
            assert info.state_dir.parent == Path("/dev/shm")
            assert not info.in_memory_objects
    finally:
        server.stop()
    assert not server.running
    assert not info.state_dir.exists()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", info.port), timeout=1):
        pass
    server.stop()  # idempotent


def test_keep_leaves_state_dir() -> None:
    with DevServer(keep=True) as info:
        pass
    try:
        assert (info.state_dir / "server.log").is_file()
    finally:
        shutil.rmtree(info.state_dir)


@pytest.fixture
def shm_or_tmp_dir(tmp_path: Path) -> Iterator[Path]:
    """A caller-owned state dir, on tmpfs when possible so objects persist on disk."""
    parent = default_parent_dir()
    if parent is None:
        yield tmp_path
        return
    path = Path(tempfile.mkdtemp(prefix="swiftfiles-test-", dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def test_caller_state_dir_persists_across_starts(shm_or_tmp_dir: Path) -> None:
    with DevServer(state_dir=shm_or_tmp_dir) as info:
        token, url = token_and_url(info, ADMIN_USER)
        assert http("PUT", f"{url}/kept", {"X-Auth-Token": token}).status == 201
        assert http("PUT", f"{url}/kept/obj", {"X-Auth-Token": token}, data=b"still here").status == 201
        first_port = info.port
    assert shm_or_tmp_dir.is_dir()
    with DevServer(state_dir=shm_or_tmp_dir) as info:
        token, url = token_and_url(info, ADMIN_USER)
        listing = http("GET", f"{url}?format=json", {"X-Auth-Token": token}).json()
        assert [c["name"] for c in listing] == ["kept"]  # type: ignore[union-attr,index]
        if not info.in_memory_objects:
            assert http("GET", f"{url}/kept/obj", {"X-Auth-Token": token}).body == b"still here"
    assert first_port > 0
    assert shm_or_tmp_dir.is_dir()


def test_small_xattr_filesystem_uses_memory_objects(tmp_path: Path) -> None:
    """On ext4 (pytest's tmp_path here) the server falls back to mem_object; big metadata still works."""
    with DevServer(state_dir=tmp_path) as info:
        assert info.in_memory_objects == (not supports_large_xattrs(tmp_path))
        _put_and_head_big_metadata(info)


def test_memory_objects_can_be_forced() -> None:
    with DevServer(memory_objects=True) as info:
        assert info.in_memory_objects
        _put_and_head_big_metadata(info)


def test_token_life_and_extra_users() -> None:
    extra = User("dev", "me_too", "s3cret", admin=True)
    with DevServer(token_life=1, extra_users=[extra]) as info:
        assert info.users["dev:me_too"] == "s3cret"
        token, url = token_and_url(info, "dev:me_too")
        assert url.endswith("/v1/AUTH_dev")
        assert http("HEAD", url, {"X-Auth-Token": token}).status in (200, 204)  # autocreated account
        time.sleep(1.6)
        assert http("HEAD", url, {"X-Auth-Token": token}).status == 401


def test_port_in_use_raises_with_log_tail() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(DevServerError, match="Address already in use"):
            DevServer(port=port, startup_timeout=20).start()


def test_explicit_port(devserver: ServerInfo) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with DevServer(port=port) as info:
        assert info.port == port
        assert login(info, ADMIN_USER).status == 200
    assert os.path.exists(devserver.state_dir)  # other servers are independent
