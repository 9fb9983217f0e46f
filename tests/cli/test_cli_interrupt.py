"""Ctrl-C stops cleanly: exit 130, no partial file under a final name, no orphaned segments (real Swift)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from tests.cli.helpers import swift_env

from swiftfiles import NotFound

pytestmark = pytest.mark.integration


@pytest.fixture
def cname(client):
    name = f"cli-int-{uuid.uuid4().hex[:8]}"
    client.create_container(name)
    yield name
    for leftover in (name, name + "_segments"):
        with contextlib.suppress(NotFound):
            client.delete(leftover, del_objects=True)


def start(args, env, cwd):
    return subprocess.Popen(
        [sys.executable, "-m", "swiftfiles", *args], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the transfer never started"
        time.sleep(0.05)


def segments(client, cname):
    try:
        return list(client.list_container_object_names(cname + "_segments", full_listing=True))
    except NotFound:
        return []


def test_ctrl_c_during_a_segmented_upload_leaves_no_segments(swift, client, cname, tmp_path) -> None:
    (tmp_path / "big.bin").write_bytes(os.urandom(4 << 20))
    proc = start(["upload", cname, "big.bin", "-S", "256K", "--bwlimit", "512K"], swift_env(swift), tmp_path)
    wait_until(lambda: len(segments(client, cname)) >= 1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err.decode() and b"Traceback" not in err
    assert list(client.list_container_object_names(cname, full_listing=True)) == []
    wait_until(lambda: segments(client, cname) == [], timeout=10)  # listings lag deletes slightly


def test_ctrl_c_during_a_download_leaves_no_file(swift, client, cname, tmp_path) -> None:
    client.store_object(cname, "dl.bin", os.urandom(4 << 20))
    out = tmp_path / "out"
    proc = start(["download", cname, "dl.bin", "-D", str(out), "--bwlimit", "512K", "-P"], swift_env(swift), tmp_path)
    wait_until(lambda: proc.stderr is not None and out.exists())
    time.sleep(1.0)  # some bytes are on their way
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert [p.name for p in out.rglob("*")] == []  # neither the final name nor a temporary file
