"""rclone-style tree commands (swift:// paths) and -P progress in a real pseudo-terminal, against the real Swift."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import uuid

import pytest
from tests.cli.helpers import run, run_bytes
from tests.support.terminal import run_in_pty as run_on_terminal
from tests.support.trees import write_tree as make_tree

from swiftfiles import NotFound

pytestmark = pytest.mark.integration


@pytest.fixture
def cname(client):
    name = f"cli-tree-{uuid.uuid4().hex[:8]}"
    yield name
    for leftover in (name, name + "_segments", name + "-copy"):
        with contextlib.suppress(NotFound):
            client.delete(leftover, del_objects=True)


TREE = {"a.txt": b"alpha", "img/x.png": b"png", "img/deep/y.png": b"png2", "build/out.o": b"obj", ".hidden": b"h"}


def names(client, container, prefix=None):
    return sorted(client.list_container_object_names(container, prefix=prefix, full_listing=True))


def test_sync_up_dry_run_json_then_real_then_delete(env, client, cname, tmp_path) -> None:
    src = make_tree(tmp_path / "src", TREE)
    dry = run(["sync", str(src), f"swift://{cname}/site", "--dry-run", "--json"], env)
    assert dry.returncode == 0, dry.stderr
    doc = json.loads(dry.stdout)
    assert doc["dry_run"] and doc["transferred"] == 5 and {a["name"] for a in doc["plan"]} == set(TREE)
    assert cname not in client.list_container_names()  # nothing changed
    real = run(["sync", str(src), f"swift://{cname}/site"], env)
    assert real.returncode == 0 and "transferred 5" in real.stdout
    assert names(client, cname) == sorted(f"site/{n}" for n in TREE)
    (src / "a.txt").unlink()
    (src / "img" / "x.png").write_bytes(b"changed png")
    again = json.loads(run(["sync", str(src), f"swift://{cname}/site", "--json"], env).stdout)
    assert again["transferred"] == 1 and again["deleted"] == 1 and again["skipped"] == 3
    assert client.fetch_object(cname, "site/img/x.png") == b"changed png"
    copy_only = run(["copy", str(tmp_path / "src"), f"swift://{cname}/other"], env)
    assert copy_only.returncode == 0 and len(names(client, cname, "other/")) == 4


def test_sync_filters_follow_rclone_rules(env, client, cname, tmp_path) -> None:
    src = make_tree(tmp_path / "src", TREE)
    result = run(["sync", str(src), f"swift://{cname}", "--exclude", "/build/**", "--exclude", "img/*.png"], env)
    assert result.returncode == 0, result.stderr
    assert names(client, cname) == [".hidden", "a.txt", "img/deep/y.png"]
    client.store_object(cname, "build/remote-only.o", b"keep me")  # excluded: never deleted on DST
    only_png = run(["sync", str(src), f"swift://{cname}", "--include", "**.png"], env)
    assert only_png.returncode == 0, only_png.stderr
    assert names(client, cname) == [".hidden", "a.txt", "build/remote-only.o", "img/deep/y.png", "img/x.png"]
    never = run(["sync", str(src), f"swift://{cname}", "--exclude", "build/"], env)
    assert never.returncode == 2 and "never a file" in never.stderr


def test_sync_down_and_container_to_container(env, client, cname, tmp_path) -> None:
    client.create_container(cname)
    for name, data in TREE.items():
        client.store_object(cname, f"p/{name}", data)
    down = run(["sync", f"swift://{cname}/p", str(tmp_path / "dst")], env)
    assert down.returncode == 0, down.stderr
    got = {str(p.relative_to(tmp_path / "dst")): p.read_bytes() for p in (tmp_path / "dst").rglob("*") if p.is_file()}
    assert got == TREE
    (tmp_path / "dst" / "stray.txt").write_bytes(b"stray")
    assert run(["sync", f"swift://{cname}/p", str(tmp_path / "dst")], env).returncode == 0
    assert not (tmp_path / "dst" / "stray.txt").exists()
    other = cname + "-copy"
    server_side = run(["sync", f"swift://{cname}/p", f"swift://{other}", "--json"], env)
    assert json.loads(server_side.stdout)["transferred"] == 5
    assert names(client, other) == sorted(TREE)
    assert json.loads(run(["sync", f"swift://{cname}/p", f"swift://{other}", "--json"], env).stdout)["skipped"] == 5


def test_max_delete_refuses_and_changes_nothing(env, client, cname, tmp_path) -> None:
    client.create_container(cname)
    for i in range(3):
        client.store_object(cname, f"old{i}", b"x")
    (tmp_path / "empty").mkdir()
    result = run(["sync", str(tmp_path / "empty"), f"swift://{cname}", "--max-delete", "2"], env)
    assert result.returncode == 1 and "max" in result.stderr.lower()
    assert len(names(client, cname)) == 3


def test_dry_run_plan_is_printed_as_made_and_stays_one_json_document(env, client, cname, tmp_path) -> None:
    """The plan streams out (a million names never sit in memory), yet --json still prints one valid document:
    with a plan, with an empty plan, and when the run stops half way (--max-delete)."""
    src = make_tree(tmp_path / "src", TREE)
    text = run(["sync", str(src), f"swift://{cname}", "--dry-run"], env)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert sorted(line.split()[1] for line in lines[:-1]) == sorted(TREE)
    assert all(line.startswith("upload") for line in lines[:-1]) and lines[-1].startswith("would transfer 5")
    (tmp_path / "empty").mkdir()
    empty = json.loads(run(["sync", str(tmp_path / "empty"), f"swift://{cname}", "--dry-run", "--json"], env).stdout)
    assert empty["plan"] == [] and empty["transferred"] == 0 and empty["dry_run"]
    client.create_container(cname)
    for i in range(3):
        client.store_object(cname, f"old{i}", b"x")
    refused = run(
        ["sync", str(tmp_path / "empty"), f"swift://{cname}", "--dry-run", "--json", "--max-delete", "2"], env
    )
    assert refused.returncode == 1 and "max" in refused.stderr.lower()
    assert refused.stdout == ""  # refused before any of the plan was printed
    assert len(names(client, cname)) == 3


def test_ls_size_cat_rcat_mkdir_rmdir_purge(env, client, cname, tmp_path) -> None:
    assert run(["mkdir", f"swift://{cname}"], env).returncode == 0
    payload = os.urandom(200_000)
    stored = run_bytes(["rcat", f"swift://{cname}/dir/stream.bin"], env, input=payload)
    assert stored.returncode == 0, stored.stderr
    assert run_bytes(["cat", f"swift://{cname}/dir/stream.bin"], env).stdout == payload
    client.store_object(cname, "dir/b.txt", b"bb")
    assert run(["ls", f"swift://{cname}/dir"], env).stdout.split() == ["2", "b.txt", "200000", "stream.bin"]
    assert json.loads(run(["size", f"swift://{cname}", "--json"], env).stdout) == {"count": 2, "bytes": 200_002}
    not_empty = run(["rmdir", f"swift://{cname}"], env)
    assert not_empty.returncode == 1 and cname in not_empty.stderr
    (tmp_path / "big.bin").write_bytes(os.urandom(250_000))
    assert run(["upload", cname, "big.bin", "-S", "100K"], env, cwd=tmp_path).returncode == 0
    assert run(["purge", f"swift://{cname}"], env).returncode == 0
    containers = client.list_container_names()
    assert cname not in containers and cname + "_segments" not in containers
    missing = run(["cat", f"swift://{cname}/dir/b.txt"], env)
    assert missing.returncode == 1 and f"{cname}/dir/b.txt" in missing.stderr
    usage = run(["ls", "not-a-remote"], env)
    assert usage.returncode == 2 and "swift://" in usage.stderr


def run_in_pty(args, env, cwd) -> tuple[int, str]:
    """Run the command line on a new pseudo-terminal; its exit status and everything it drew."""
    return run_on_terminal([sys.executable, "-m", "swiftfiles", *args], env, cwd)


def test_progress_bars_in_a_pseudo_terminal(env, client, cname, tmp_path) -> None:
    (tmp_path / "p.bin").write_bytes(os.urandom(3 << 20))
    status, text = run_in_pty(["upload", "-P", "--object-threads", "1", cname, "p.bin"], env, tmp_path)
    assert status == 0, text
    assert "\x1b[" in text or "\r" in text  # redrawn in place: cursor control, not new lines
    assert "3.0/3.0 MiB" in text and "p.bin" in text and "total" in text
    assert client.get_object(cname, "p.bin").total_bytes == 3 << 20


def test_sync_progress_has_an_overall_bar_and_one_per_file(env, client, cname, tmp_path) -> None:
    src = make_tree(tmp_path / "src", {"one.bin": os.urandom(1 << 20), "two.bin": os.urandom(1 << 20)})
    status, text = run_in_pty(["sync", "-P", str(src), f"swift://{cname}"], env, tmp_path)
    assert status == 0, text
    assert "one.bin" in text and "two.bin" in text and "2.0/2.0 MiB" in text  # per file, then the whole tree
    assert names(client, cname) == ["one.bin", "two.bin"]


def test_progress_without_terminal_is_plain_lines_and_quiet_is_silent(env, cname, tmp_path) -> None:
    (tmp_path / "q.bin").write_bytes(os.urandom(1 << 20))
    plain = run(["upload", "-P", cname, "q.bin"], env, cwd=tmp_path)
    assert plain.returncode == 0 and "progress: 1.0M/1.0M (100%)" in plain.stderr and "\x1b[" not in plain.stderr
    synced = run(["sync", "-P", str(tmp_path), f"swift://{cname}/tree"], env)
    assert synced.returncode == 0 and "progress: 1.0M/1.0M (100%)" in synced.stderr
    quiet = run(["-q", "upload", "-P", cname, "q.bin"], env, cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_sync_failures_name_what_is_missing(env, cname, tmp_path) -> None:
    no_folder = run(["sync", str(tmp_path / "absent"), f"swift://{cname}"], env)
    assert no_folder.returncode == 1 and "absent: no such folder" in no_folder.stderr
    no_container = run(["sync", f"swift://{cname}-never", str(tmp_path / "dst")], env)
    assert no_container.returncode == 1 and f"{cname}-never" in no_container.stderr
    assert "trans_id" in no_container.stderr and "Traceback" not in no_container.stderr
    both_local = run(["sync", str(tmp_path), str(tmp_path / "x")], env)
    assert both_local.returncode == 2 and "swift://" in both_local.stderr
