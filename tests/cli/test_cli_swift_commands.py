"""swift's commands through the ``swiftfiles`` command line, against the real local Swift."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import urllib.request
import uuid

import pytest
from tests.cli.helpers import clean_env, run, run_bytes, swift_env
from tests.conftest import make_client

from swiftfiles import NotFound

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cont(swift):
    """One container for the module (most tests use their own object names in it)."""
    name = f"cli-{uuid.uuid4().hex[:8]}"
    with make_client(swift) as client:
        client.create_container(name)
        yield name
        for leftover in (name, name + "_segments"):
            with contextlib.suppress(NotFound):
                client.delete(leftover, del_objects=True)


def test_version_and_help_need_no_credentials() -> None:
    version = run(["--version"], clean_env())
    assert version.returncode == 0 and version.stdout.startswith("swiftfiles ")
    helped = run(["upload", "--help"], clean_env())
    assert helped.returncode == 0 and "Examples:" in helped.stdout and "--segment-size" in helped.stdout


def test_every_command_has_an_example_in_its_help() -> None:
    from swiftfiles.cli.app import COMMANDS

    for name in COMMANDS:
        result = run([name, "--help"], clean_env())
        assert result.returncode == 0, name
        assert "Example" in result.stdout and "swiftfiles " in result.stdout.split("Example", 1)[1], name


def test_stat_account_container_object_and_json(env, cont, client) -> None:
    client.store_object(cont, "stat/me.txt", b"hello", metadata={"Color": "blue"})
    account = run(["stat"], env)
    assert account.returncode == 0 and "Account: AUTH_test" in account.stdout and "Containers:" in account.stdout
    container = run(["stat", cont], env)
    assert container.returncode == 0 and f"Container: {cont}" in container.stdout
    obj = run(["stat", cont, "stat/me.txt", "--json"], env)
    doc = json.loads(obj.stdout)
    assert doc["bytes"] == 5 and doc["etag"] == hashlib.md5(b"hello").hexdigest()
    assert doc["metadata"] == {"Meta Color": "blue"}


def test_stat_missing_container_names_it_with_trans_id(env) -> None:
    result = run(["stat", "no-such-container-xyz"], env)
    assert result.returncode == 1 and result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "no-such-container-xyz" in line and "trans_id tx" in line
    assert "Traceback" not in result.stderr


def test_list_containers_objects_prefix_delimiter_long_totals(env, cont, client) -> None:
    for name in ("list/a.txt", "list/sub/b.txt", "list/sub/c.txt"):
        client.store_object(cont, name, b"12345")
    assert cont in run(["list"], env).stdout.split()
    assert run(["list", cont, "-p", "list/"], env).stdout.split() == ["list/a.txt", "list/sub/b.txt", "list/sub/c.txt"]
    rolled = run(["list", cont, "-p", "list/", "-d", "/"], env).stdout.split()
    assert rolled == ["list/a.txt", "list/sub/"]
    totals = run(["list", cont, "-p", "list/", "-l", "-t"], env).stdout.split()
    assert totals == ["3", "15"]
    entries = json.loads(run(["list", cont, "-p", "list/sub/", "--json"], env).stdout)
    assert [e["name"] for e in entries] == ["list/sub/b.txt", "list/sub/c.txt"] and entries[0]["bytes"] == 5


def test_upload_file_and_folder_names_like_swift(env, cont, client, tmp_path) -> None:
    (tmp_path / "site" / "css").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_bytes(b"<html>")
    (tmp_path / "site" / "css" / "a.css").write_bytes(b"body{}")
    (tmp_path / "one.txt").write_bytes(b"one")
    result = run(["upload", cont, "site", "one.txt", "-m", "Owner:me"], env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == ["one.txt", "site/css/a.css", "site/index.html"]
    assert client.fetch_object(cont, "site/css/a.css") == b"body{}"
    meta = client.get_object_metadata(cont, "one.txt")
    assert meta["x-object-meta-owner"] == "me"
    assert float(meta["x-object-meta-mtime"]) == pytest.approx(os.stat(tmp_path / "one.txt").st_mtime, abs=1e-3)
    renamed = run(["upload", cont, str(tmp_path / "one.txt"), "--object-name", "renamed/1.txt"], env)
    assert renamed.returncode == 0 and client.fetch_object(cont, "renamed/1.txt") == b"one"
    ignored = run(["upload", cont, "one.txt", "--object-name", "no-mtime.txt", "--ignore-mtime"], env, cwd=tmp_path)
    assert ignored.returncode == 0, ignored.stderr
    assert "x-object-meta-mtime" not in client.get_object_metadata(cont, "no-mtime.txt")


def test_upload_changed_and_skip_identical_skip_unchanged_files(env, cont, tmp_path) -> None:
    (tmp_path / "same.txt").write_bytes(b"same")
    first = run(["upload", cont, "same.txt"], env, cwd=tmp_path)
    assert first.stdout.split() == ["same.txt"]
    assert run(["upload", cont, "same.txt", "--changed"], env, cwd=tmp_path).stdout == ""
    assert run(["upload", cont, "same.txt", "--skip-identical"], env, cwd=tmp_path).stdout == ""
    (tmp_path / "same.txt").write_bytes(b"different")
    assert run(["upload", cont, "same.txt", "--changed"], env, cwd=tmp_path).stdout.split() == ["same.txt"]


def test_upload_large_object_replaced_without_leaving_segments(env, cont, client, tmp_path) -> None:
    data = os.urandom(300_000)
    (tmp_path / "big.bin").write_bytes(data)
    first = run(["upload", cont, "big.bin", "-S", "100K"], env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    segments = cont + "_segments"
    before = set(client.list_container_object_names(segments, full_listing=True))
    assert len(before) == 3
    (tmp_path / "big.bin").write_bytes(data[::-1])
    assert run(["upload", cont, "big.bin", "-S", "100K"], env, cwd=tmp_path).returncode == 0
    after = set(client.list_container_object_names(segments, full_listing=True))
    assert len(after) == 3 and not (before & after)  # the old segments are gone
    assert client.fetch_object(cont, "big.bin") == data[::-1]
    assert run(["delete", cont, "big.bin"], env).returncode == 0
    assert list(client.list_container_object_names(segments, full_listing=True)) == []


def test_upload_missing_local_file_fails_before_any_request(env, tmp_path) -> None:
    result = run(["upload", "never-created-container", str(tmp_path / "nope.txt")], env)
    assert result.returncode == 1 and "nope.txt: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr
    with_client = run(["stat", "never-created-container"], env)
    assert with_client.returncode == 1  # the container was not created


@pytest.mark.parametrize(
    "acl",
    [
        {"X-Container-Write": "test:tester3", "X-Container-Read": "test:tester3"},
        {"X-Container-Write": "test:tester3"},  # write-only: the HEAD is refused too, the uploads go on
    ],
    ids=["read-write", "write-only"],
)
def test_upload_by_a_user_with_write_access_from_the_acl(swift, client, acl, tmp_path) -> None:
    """The container exists, so upload does not PUT it: tempauth refuses that PUT to an ACL writer (403)."""
    cname = f"cli-acl-{uuid.uuid4().hex[:8]}"
    client.create_container(cname, headers=acl)
    try:
        (tmp_path / "one.txt").write_bytes(b"one")
        result = run(["upload", cname, "one.txt"], swift_env(swift, "test:tester3"), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["one.txt"] and client.fetch_object(cname, "one.txt") == b"one"
    finally:
        client.delete(cname, del_objects=True)


def test_download_object_container_output_file_and_stdout(env, cont, client, tmp_path) -> None:
    client.store_object(cont, "dl/a.txt", b"alpha")
    client.store_object(cont, "dl/sub/b.txt", b"bravo")
    one = run(["download", cont, "dl/a.txt", "-o", str(tmp_path / "new" / "dir" / "x.txt")], env)
    assert one.returncode == 0, one.stderr
    assert (tmp_path / "new" / "dir" / "x.txt").read_bytes() == b"alpha"
    assert os.listdir(tmp_path / "new" / "dir") == ["x.txt"]  # no temporary file left behind
    piped = run_bytes(["download", cont, "dl/sub/b.txt", "-o", "-"], env)
    assert piped.returncode == 0 and piped.stdout == b"bravo"
    tree = run(["download", cont, "-p", "dl/", "-D", str(tmp_path / "out")], env)
    assert tree.returncode == 0 and sorted(tree.stdout.split()) == ["dl/a.txt", "dl/sub/b.txt"]
    assert (tmp_path / "out" / "dl" / "sub" / "b.txt").read_bytes() == b"bravo"
    again = run(["download", cont, "-p", "dl/", "-D", str(tmp_path / "out"), "--skip-identical"], env)
    assert again.returncode == 0 and again.stdout == ""


def test_download_missing_object_exits_1_naming_it(env, cont, tmp_path) -> None:
    result = run(["download", cont, "no/such.txt", "-D", str(tmp_path)], env)
    assert result.returncode == 1
    assert f"{cont}/no/such.txt" in result.stderr and "404" in result.stderr and "trans_id" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_delete_objects_prefix_and_whole_container(env, client) -> None:
    name = f"cli-del-{uuid.uuid4().hex[:6]}"
    client.create_container(name)
    for obj in ("a", "p/b", "p/c"):
        client.store_object(name, obj, b"x")
    assert run(["delete", name, "a"], env).stdout.split() == ["a"]
    assert sorted(run(["delete", name, "-p", "p/"], env).stdout.split()) == ["p/b", "p/c"]
    client.store_object(name, "last", b"x")
    assert run(["delete", name], env).returncode == 0
    assert name not in client.list_container_names()
    missing = run(["delete", name, "ghost"], env)
    assert missing.returncode == 1 and f"{name}/ghost" in missing.stderr


def test_post_metadata_acl_and_object_merge(env, cont, client) -> None:
    fresh = f"cli-post-{uuid.uuid4().hex[:6]}"
    try:
        created = run(["post", fresh, "-r", ".r:*,.rlistings", "-m", "Team:ops"], env)
        assert created.returncode == 0, created.stderr
        assert client.get_container_metadata(fresh)["x-container-meta-team"] == "ops"
        anonymous = urllib.request.urlopen(f"{client.storage_url}/{fresh}?format=json")  # the read ACL works
        assert anonymous.status == 200
    finally:
        client.delete(fresh, del_objects=True)
    client.store_object(cont, "post.txt", b"x", metadata={"Keep": "yes"})
    assert run(["post", cont, "post.txt", "-m", "Added:1", "-H", "Content-Type:text/x-test"], env).returncode == 0
    meta = client.get_object_metadata(cont, "post.txt")
    assert meta["x-object-meta-keep"] == "yes" and meta["x-object-meta-added"] == "1"
    assert client.get_object(cont, "post.txt").content_type == "text/x-test"
    refused = run(["post", cont, "post.txt", "-H", "X-Something:1"], env)
    assert refused.returncode == 2 and "X-Something" in refused.stderr


def test_copy_swift_form(env, cont, client) -> None:
    client.store_object(cont, "copy/src.txt", b"copied")
    result = run(["copy", cont, "copy/src.txt", "-d", f"/{cont}/copy/dst.txt", "-m", "Copied:yes"], env)
    assert result.returncode == 0, result.stderr
    assert client.fetch_object(cont, "copy/dst.txt") == b"copied"
    assert client.get_object_metadata(cont, "copy/dst.txt")["x-object-meta-copied"] == "yes"
    missing = run(["copy", cont, "copy/none.txt", "-d", f"/{cont}/x"], env)
    assert missing.returncode == 1 and f"{cont}/copy/none.txt" in missing.stderr


def test_capabilities_and_auth(env, client) -> None:
    caps = run(["capabilities"], env)
    assert caps.returncode == 0 and "Core: swift" in caps.stdout and "Additional middleware: slo" in caps.stdout
    assert "max_file_size" in json.loads(run(["capabilities", "--json"], env).stdout)["swift"]
    exports = run(["auth"], env)
    assert exports.returncode == 0
    lines = dict(line.removeprefix("export ").split("=", 1) for line in exports.stdout.splitlines())
    assert lines["OS_STORAGE_URL"] == client.storage_url
    # the printed token works without further authentication
    preauth = clean_env({"OS_STORAGE_URL": lines["OS_STORAGE_URL"], "OS_AUTH_TOKEN": lines["OS_AUTH_TOKEN"]})
    assert run(["stat"], preauth).returncode == 0


def test_tempurl_signed_offline_is_accepted_by_swift(env, cont, client) -> None:
    key = "cli-secret-key"
    assert run(["post", "-m", "Temp-URL-Key:" + key], env).returncode == 0
    client.store_object(cont, "temp/ü file.txt", b"temporary")
    path = f"{client.storage_url.split('://', 1)[1].split('/', 1)[1]}"
    origin = client.storage_url[: -len(path) - 1]
    for extra in ([], ["--digest", "sha512"], ["--digest", "sha1", "--iso8601"]):
        signed = run(["tempurl", "GET", "60", f"/{path}/{cont}/temp/ü file.txt", key, *extra], clean_env())
        assert signed.returncode == 0, signed.stderr
        with urllib.request.urlopen(origin + signed.stdout.strip()) as response:
            assert response.read() == b"temporary"
    prefix = run(["tempurl", "GET", "60", f"/{path}/{cont}/temp/", key, "--prefix-based"], clean_env())
    with urllib.request.urlopen(origin + prefix.stdout.strip().replace("/temp/?", "/temp/%C3%BC%20file.txt?")) as r:
        assert r.read() == b"temporary"
    bad = run(["tempurl", "GET", "60", "/not/a/path", key], clean_env())
    assert bad.returncode == 2 and "/v1/ACCOUNT/CONTAINER/OBJECT" in bad.stderr
    stat = run(["stat", "--json"], env)
    assert key not in stat.stdout  # the key is never printed back


def test_bad_credentials_exit_1_with_one_line(swift) -> None:
    env = clean_env({"ST_AUTH": swift.auth_url, "ST_USER": "test:tester", "ST_KEY": "wrong-key"})
    result = run(["stat"], env)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "authentication refused" in result.stderr and "wrong-key" not in result.stderr
    assert "Traceback" not in result.stderr


def test_refused_connection_exit_1(swift) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = clean_env({"ST_AUTH": f"http://127.0.0.1:{port}/auth/v1.0", "ST_USER": "u:u", "ST_KEY": "k"})
    result = run(["--retries", "0", "stat"], env)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "swiftfiles: error:" in result.stderr and "Traceback" not in result.stderr


def test_no_credentials_is_a_configuration_error() -> None:
    result = run(["stat"], clean_env())
    assert result.returncode == 2 and "ST_AUTH" in result.stderr


def test_command_line_options_win_over_environment(swift) -> None:
    env = clean_env({"ST_AUTH": swift.auth_url, "ST_USER": "test:tester", "ST_KEY": "wrong-key"})
    result = run(["-K", swift.users["test:tester"], "stat"], env)
    assert result.returncode == 0, result.stderr


def test_debug_shows_the_traceback(swift) -> None:
    env = clean_env({"ST_AUTH": swift.auth_url, "ST_USER": "test:tester", "ST_KEY": "wrong-key"})
    result = run(["--debug", "stat"], env)
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_unsupported_swift_options_are_refused(env, cont) -> None:
    for args in (
        ["--os-service-type", "object-store", "stat"],
        ["upload", cont, "x", "--ignore-checksum"],
        ["upload", cont, "x", "--segment-container", "other"],
        ["delete", "--all", cont],
    ):
        result = run(args, env)
        assert result.returncode == 2 and "not supported by swiftfiles" in result.stderr, args


def test_leave_segments_keeps_them(env, cont, client, tmp_path) -> None:
    (tmp_path / "keep.bin").write_bytes(os.urandom(250_000))
    assert run(["upload", cont, "keep.bin", "-S", "100K"], env, cwd=tmp_path).returncode == 0
    segments = cont + "_segments"
    stored = set(client.list_container_object_names(segments, prefix="keep.bin", full_listing=True))
    assert run(["delete", cont, "keep.bin", "--leave-segments"], env).returncode == 0
    assert set(client.list_container_object_names(segments, prefix="keep.bin", full_listing=True)) == stored
    client.bulk_delete(segments, sorted(stored))


def test_os_cloud_with_clouds_yaml(swift, tmp_path) -> None:
    config = tmp_path / "home" / ".config" / "openstack"
    config.mkdir(parents=True)
    (config / "clouds.yaml").write_text(
        "clouds:\n"
        "  local:\n"
        "    auth_type: tempauth\n"
        f"    auth: {{auth_url: '{swift.auth_url}', username: 'test:tester'}}\n"
    )
    (config / "secure.yaml").write_text(f"clouds: {{local: {{auth: {{password: '{swift.users['test:tester']}'}}}}}}\n")
    home = clean_env({"HOME": str(tmp_path / "home")})
    assert run(["stat"], {**home, "OS_CLOUD": "local"}, cwd=tmp_path).returncode == 0
    by_option = run(["--os-cloud", "local", "stat", "--json"], home, cwd=tmp_path)
    assert by_option.returncode == 0 and json.loads(by_option.stdout)["account"] == "AUTH_test"
    unknown = run(["--os-cloud", "nope", "stat"], home, cwd=tmp_path)
    assert unknown.returncode == 2 and "no cloud named 'nope'" in unknown.stderr


def test_rackspace_options_region_and_servicenet(rackspace) -> None:
    """EMULATED Rackspace identity v2.0 (swiftfiles.devserver.rackspace) in front of the real Swift."""
    info = rackspace.info
    base = ["--os-auth-type", "rackspace", "--os-auth-url", info.identity_url, "--os-username", "rackuser"]
    env = clean_env({"OS_API_KEY": "rack-api-key"})
    public = run([*base, "--os-region-name", "ORD", "auth", "--json"], env)
    assert public.returncode == 0, public.stderr
    assert json.loads(public.stdout)["storage_url"] == info.storage_url_for(region="ORD")
    internal = run([*base, "-s", "auth", "--json"], env)
    assert json.loads(internal.stdout)["storage_url"] == info.storage_url_for(internal=True)
    assert run([*base, "stat"], env).returncode == 0
    wrong = run([*base, "--os-api-key", "wrong", "stat"], env)
    assert wrong.returncode == 1 and "wrong" not in wrong.stderr


def test_download_all_and_no_download(swift, client, tmp_path) -> None:
    env = swift_env(swift, "test2:tester2")  # a second account, so --all sees only this test's containers
    with make_client(swift, "test2:tester2") as other:
        for name in other.list_container_names():
            other.delete(name, del_objects=True)
        other.create_container("first")
        other.create_container("second")
        other.store_object("first", "a.txt", b"a")
        other.store_object("second", "d/b.txt", b"b")
        everything = run(["download", "--all", "-D", str(tmp_path / "all")], env)
        assert everything.returncode == 0, everything.stderr
        assert (tmp_path / "all" / "first" / "a.txt").read_bytes() == b"a"
        assert (tmp_path / "all" / "second" / "d" / "b.txt").read_bytes() == b"b"
        checked = run(["download", "second", "--no-download", "-D", str(tmp_path / "none")], env)
        assert checked.returncode == 0 and checked.stdout.split() == ["d/b.txt"]
        assert not (tmp_path / "none").exists() or list((tmp_path / "none").iterdir()) == []
        for name in ("first", "second"):
            other.delete(name, del_objects=True)


def test_upload_headers_dlo_and_human_sizes(env, cont, client, tmp_path) -> None:
    (tmp_path / "typed.dat").write_bytes(b"x" * 2048)
    typed = run(["upload", cont, "typed.dat", "-H", "Content-Type:text/x-custom"], env, cwd=tmp_path)
    assert typed.returncode == 0, typed.stderr
    assert client.get_object(cont, "typed.dat").content_type == "text/x-custom"
    assert "2.0K" in run(["stat", cont, "typed.dat", "--lh"], env).stdout
    data = os.urandom(220_000)
    (tmp_path / "dlo.bin").write_bytes(data)
    dlo = run(["upload", cont, "dlo.bin", "-S", "100K", "--use-dlo"], env, cwd=tmp_path)
    assert dlo.returncode == 0, dlo.stderr
    parts = client.fetch_dlo(cont, "dlo.bin")  # NotALargeObject unless it is a DLO
    assert len(parts) == 3 and b"".join(b"".join(chunks) for _, chunks in parts) == data
    assert run(["delete", cont, "dlo.bin"], env).returncode == 0
    assert list(client.list_container_object_names(cont + "_segments", prefix="dlo.bin", full_listing=True)) == []


def test_invalid_names_and_metadata_are_usage_errors(env, cont) -> None:
    bad_meta = run(["post", cont, "-m", "bad_key:1"], env)
    assert bad_meta.returncode == 2 and "'_'" in bad_meta.stderr and cont in bad_meta.stderr
    bad_name = run(["stat", "a/b"], env)  # a container name with '/' cannot exist
    assert bad_name.returncode == 2 and "a/b" in bad_name.stderr
