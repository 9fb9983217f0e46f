"""Run one tool as a child process and measure it: wall time, client CPU, client peak RSS, server CPU."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from .serverlog import RequestCounts


@dataclass
class Measurement:
    ok: bool
    wall_s: float = 0.0
    cpu_s: float = 0.0  # user + sys of the child and the descendants it waited for
    rss_mib: float = 0.0  # peak resident set size (ru_maxrss of the child and its waited-for descendants)
    server_cpu_s: float = 0.0  # user + sys of the Swift dev server process over the run
    other_cpu_s: float = 0.0  # CPU the rest of the machine used meanwhile (other processes: noise)
    exit_code: int | None = None
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    requests: RequestCounts | None = None  # what the run asked of the server (from its access log)

    def why(self) -> str:
        if self.timed_out:
            return "timed out"
        tail = (self.stderr.strip() or self.stdout.strip()).splitlines()[-3:]
        return f"exit {self.exit_code}: " + " | ".join(line.strip()[:160] for line in tail)


def server_cpu(pid: int) -> float:
    """CPU seconds (user + sys, its own and reaped children's) that the server process has used so far."""
    try:
        t = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return float(t.user + t.system + t.children_user + t.children_system)


#: GNU time runs the tool as its own child, so ru_maxrss is the tool's alone. Started directly from the harness,
#: a child's ru_maxrss would include the RSS of the harness process it was forked from (Linux keeps the larger of
#: the pre-exec and post-exec peaks), i.e. a floor of ~35 MiB for every tool.
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (all CPUs, /proc/stat), or 0 when unknown."""
    try:
        with open("/proc/stat") as fh:
            fields = fh.readline().split()[1:]
    except OSError:
        return 0.0
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run_measured(
    argv: list[str], *, cwd: Path, env: dict[str, str], timeout: float, server_pid: int, log: Path
) -> Measurement:
    """Start ``argv``, wait for it with ``os.wait4`` and report its resource use; kill it after ``timeout``."""
    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    rss_path = log.with_suffix(".rss")
    rss_path.unlink(missing_ok=True)
    if GNU_TIME:
        argv = [GNU_TIME, "-q", "-f", "%M", "-o", str(rss_path), *argv]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        server_before = server_cpu(server_pid)
        busy_before = machine_busy()
        started = time.monotonic()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: the tool runs in its own session and would not get the SIGINT
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(proc.pid, 0)
            raise
        finally:
            timer.cancel()
        wall = time.monotonic() - started
        server_after = server_cpu(server_pid)
        busy_after = machine_busy()
        proc.returncode = os.waitstatus_to_exitcode(status)
        # Anything the tool left running in its session (there should be nothing) goes too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    rss_kib = float(usage.ru_maxrss)
    with contextlib.suppress(OSError, ValueError, IndexError):
        rss_kib = float(rss_path.read_text().split()[-1])
    cpu = usage.ru_utime + usage.ru_stime
    server = server_after - server_before
    return Measurement(
        ok=proc.returncode == 0 and not timed_out.is_set(),
        wall_s=wall,
        cpu_s=cpu,
        rss_mib=rss_kib / 1024.0,
        server_cpu_s=server,
        other_cpu_s=max(0.0, busy_after - busy_before - cpu - server),
        exit_code=proc.returncode,
        timed_out=timed_out.is_set(),
        stdout=stdout,
        stderr=stderr,
    )
