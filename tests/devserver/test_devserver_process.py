"""The devserver seen from other processes: the CLI, and a parent that dies."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from devserver_helpers import http

pytestmark = pytest.mark.integration

CHILD_ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); treat it as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def _server_cli(*args: str) -> Iterator[subprocess.Popen[str]]:
    """``python -m swiftfiles.devserver ARGS`` running; killed on the way out if the test did not stop it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "swiftfiles.devserver", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=CHILD_ENV,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _banner_of(proc: subprocess.Popen[str]) -> list[str]:
    """The lines the CLI prints once the server is up (its exports and comments)."""
    assert proc.stdout is not None
    lines: list[str] = []
    while not (lines and lines[-1].startswith("# other users")):
        line = proc.stdout.readline()
        assert line, f"CLI ended early: {proc.wait()} {proc.stderr.read() if proc.stderr else ''}"
        lines.append(line.rstrip("\n"))
    return lines


def _exports(lines: list[str]) -> dict[str, str]:
    return dict(line[len("export ") :].split("=", 1) for line in lines if line.startswith("export "))


def test_cli_prints_exports_and_exits_0_on_sigterm() -> None:
    with _server_cli() as proc:
        lines = _banner_of(proc)
        exports = _exports(lines)
        assert {"ST_AUTH", "ST_USER", "ST_KEY", "OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD"} <= exports.keys()
        assert any(line.startswith("# storage URL: http://127.0.0.1:") for line in lines)
        state_dir = Path(lines[-1].rsplit("state dir: ", 1)[1])
        assert state_dir.is_dir()
        reply = http("GET", exports["ST_AUTH"], {"X-Auth-User": exports["ST_USER"], "X-Auth-Key": exports["ST_KEY"]})
        assert reply.status == 200
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert not state_dir.exists()


def test_cli_serves_https_with_a_throwaway_ca_it_exports() -> None:
    from swiftfiles import StorageClient
    from swiftfiles.exceptions import CertificateRefused

    with _server_cli("--tls") as proc:
        exports = _exports(_banner_of(proc))
        assert exports["ST_AUTH"].startswith("https://127.0.0.1:")
        ca_file = exports["OS_CACERT"]
        settings = {"auth_url": exports["ST_AUTH"], "username": exports["ST_USER"], "password": exports["ST_KEY"]}
        with StorageClient(**settings, verify=ca_file) as client:
            client.create_container("over-tls")
            assert "over-tls" in client.list_container_names()
        with StorageClient(**settings) as untrusting, pytest.raises(CertificateRefused):
            untrusting.list_container_names()  # the system's CAs do not know the throwaway one
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert not Path(ca_file).exists()  # the throwaway CA goes with the server


def test_cli_refuses_half_given_tls_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "swiftfiles.devserver", "--tls-cert", "cert.pem"],
        capture_output=True,
        text=True,
        env=CHILD_ENV,
        timeout=60,
    )
    assert result.returncode == 2 and "--tls-key" in result.stderr


_ORPHAN_SCRIPT = """
import json, sys
from swiftfiles.devserver import DevServer
info = DevServer().start()
print(json.dumps({"pid": info.pid, "state_dir": str(info.state_dir),
                  "eventlet": "eventlet" in sys.modules, "swift": "swift" in sys.modules}), flush=True)
sys.stdin.read()
"""


def test_server_dies_with_its_parent_and_parent_stays_eventlet_free() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=CHILD_ENV,
    )
    try:
        assert parent.stdout is not None
        report = json.loads(parent.stdout.readline())
    finally:
        parent.kill()  # no cleanup in the parent: the server must notice by itself
        parent.wait()
        for pipe in (parent.stdin, parent.stdout):
            if pipe is not None:
                pipe.close()
    assert report["eventlet"] is False and report["swift"] is False
    assert _wait_gone(report["pid"], 10), "server outlived its parent"
    deadline = time.monotonic() + 5
    while Path(report["state_dir"]).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(report["state_dir"]).exists()
