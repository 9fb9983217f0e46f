"""The benchmark harness: ``python -m benchmarks [--quick] [--repeat N] [--only a,b]`` (``benchmarks/run.sh``).

Starts the local Swift (state on /dev/shm), generates the test data on /dev/shm, then for each workload runs every
tool (swiftfiles through ``cf_driver.py``, the swift CLI, rclone, curl as reference) as a measured child process,
alternating tools within each repetition. Every container a run creates is deleted right after it. Writes
``benchmarks/RESULTS.md`` and prints it. Nothing here asserts on timings.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import psutil

from swiftfiles.devserver import DevServer, ServerInfo

from . import broker_fill, tree
from .fs_driver import RANDOM_READ, random_offsets
from .measure import Measurement, run_measured
from .report import ToolResult, WorkloadResult, render
from .serverlog import ServerLog
from .swiftadmin import SwiftAdmin
from .workloads import (
    CF,
    CURL,
    DOWNLOAD_REF,
    FS_TOOLS,
    FULL,
    QUICK,
    RCLONE,
    SWIFT,
    SWIFTSPEC,
    WORKLOADS,
    MiB,
    Sizes,
    Workload,
    by_key,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DRIVER = HERE / "cf_driver.py"
FS_DRIVER = HERE / "fs_driver.py"
USER, KEY = "test:tester", "testing"
PREFIX = "bench-"
EXIT_PENDING = 3
PARQUET_FLOATS, PARQUET_INTS = 4, 4


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- local data ---------------------------------------------------------------------------------------------------


class LocalData:
    """Test files on tmpfs, made on first use and reused by every workload and tool."""

    def __init__(self, root: Path, sizes: Sizes, trees: Path) -> None:
        self.root = root
        self.sizes = sizes
        self.trees = trees
        root.mkdir(parents=True, exist_ok=True)

    def _random_file(self, path: Path, size: int) -> Path:
        if not path.exists() or path.stat().st_size != size:
            log(f"  generating {path} ({size / MiB:.0f} MiB of random bytes)")
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                left = size
                while left:
                    n = min(left, 8 * MiB)
                    fh.write(os.urandom(n))
                    left -= n
            tmp.rename(path)
        return path

    def big(self) -> Path:
        return self._random_file(self.root / "large.bin", self.sizes.big)

    def single(self) -> Path:
        return self._random_file(self.root / "single.bin", self.sizes.single)

    def parquet(self) -> Path:
        """About ``sizes.parquet`` bytes of Parquet: seeded random numbers, 4 float64 + 4 int64 columns, 64 bytes
        a row, no compression and no dictionary (so the size is predictable); row groups of 1 Mi rows."""
        rows = self.parquet_rows()
        path = self.root / f"table-{rows}.parquet"
        if not path.exists():
            import numpy as np
            import pandas as pd

            log(f"  generating {path} ({rows:,} rows)")
            rng = np.random.default_rng(2024)
            columns = {f"f{i}": rng.random(rows) for i in range(PARQUET_FLOATS)}
            columns.update({f"i{i}": rng.integers(0, 1 << 62, rows) for i in range(PARQUET_INTS)})
            tmp = path.with_suffix(".tmp")
            pd.DataFrame(columns).to_parquet(
                tmp, engine="pyarrow", compression=None, use_dictionary=False, row_group_size=1 << 20, index=False
            )
            del columns
            tmp.rename(path)
            log(f"  {path.name}: {path.stat().st_size / MiB:.1f} MiB")
        return path

    def parquet_rows(self) -> int:
        return max(1, self.sizes.parquet // (8 * (PARQUET_FLOATS + PARQUET_INTS)))

    def local_file(self, kind: str) -> Path:
        """The local input file of a workload whose ``local`` is "big", "single" or "parquet"."""
        return {"big": self.big, "single": self.single, "parquet": self.parquet}[kind]()

    def files(self) -> Path:
        folder = self.root / "files"
        expected = [f"f{i:05d}.bin" for i in range(self.sizes.files)]
        present = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        if present != expected:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            for name in expected:
                (folder / name).write_bytes(os.urandom(self.sizes.file_size))
        return folder

    def tree(self, count: int) -> Path:
        """The ``sync_million`` tree of *count* files (benchmarks/tree.py): kept between runs, beside the work dir."""
        return tree.ensure_tree(self.trees, count)

    def mutate(self, fraction: float) -> int:
        """Give new content (same size) to ``fraction`` of the small files, spread evenly; returns how many."""
        files = sorted(self.files().iterdir())
        count = max(1, math.ceil(len(files) * fraction))
        step = len(files) / count
        for i in range(count):
            files[int(i * step)].write_bytes(os.urandom(self.sizes.file_size))
        return count


# -- tools --------------------------------------------------------------------------------------------------------


class Tools:
    def __init__(self, info: ServerInfo, admin: SwiftAdmin, work: Path, ca_file: Path | None = None) -> None:
        self.info = info
        self.admin = admin
        swift = Path(sys.executable).parent / "swift"
        self.paths: dict[str, str | None] = {
            CF: sys.executable,
            SWIFT: str(swift) if swift.exists() else shutil.which("swift"),
            RCLONE: shutil.which("rclone"),
            CURL: shutil.which("curl"),
            SWIFTSPEC: sys.executable if importlib.util.find_spec("swiftspec") else None,
            DOWNLOAD_REF: sys.executable,
        }
        rclone_conf = work / "rclone.conf"
        rclone_conf.write_text("")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ST_", "RCLONE_"))}
        self.env.update(
            {
                "ST_AUTH": info.auth_url,
                "ST_USER": USER,
                "ST_KEY": KEY,
                "PYTHONDONTWRITEBYTECODE": "1",
                # caches the tools keep between runs (swiftfiles' sync hash cache, rclone's) stay in the work dir
                "XDG_CACHE_HOME": str(work / "cache"),
                "RCLONE_CONFIG": str(rclone_conf),
                "RCLONE_CONFIG_BENCH_TYPE": "swift",
                "RCLONE_CONFIG_BENCH_AUTH": info.auth_url,
                "RCLONE_CONFIG_BENCH_USER": USER,
                "RCLONE_CONFIG_BENCH_KEY": KEY,
                "RCLONE_CONFIG_BENCH_AUTH_VERSION": "1",
            }
        )
        if ca_file is not None:  # the HTTPS server of the fs_* workloads: every tool verifies its throwaway CA
            self.env["BENCH_CA_FILE"] = str(ca_file)
        self._has: dict[str, bool] = {}

    def env_for(self, tool: str) -> dict[str, str]:
        """The environment of a tool's runs. swiftspec cannot log in: it takes a token and storage URL (its
        ``OS_AUTH_TOKEN``/``OS_STORAGE_URL``), fetched by the harness (untimed) and given to it alone."""
        if tool != SWIFTSPEC:
            return self.env
        return {**self.env, "OS_AUTH_TOKEN": self.admin.token, "OS_STORAGE_URL": self.admin.storage_url}

    def missing(self, tool: str) -> str | None:
        if self.paths.get(tool):
            return None
        hint = {
            RCLONE: "apt-get install rclone",
            SWIFT: "pip install -e '.[bench]'",
            SWIFTSPEC: "pip install -e '.[bench]'",
        }.get(tool, "")
        return f"`{tool}` not found" + (f" ({hint})" if hint else "")

    def cf_has(self, name: str) -> bool:
        """Whether the installed swiftfiles' StorageClient has the method ``name`` (asked in a child, once)."""
        if name not in self._has:
            code = (
                "import sys, swiftfiles\n"
                f"sys.exit(0 if callable(getattr(swiftfiles.StorageClient, {name!r}, None)) else 1)"
            )
            self._has[name] = subprocess.run([sys.executable, "-c", code], env=self.env, check=False).returncode == 0
        return self._has[name]

    def prefix(self, tool: str) -> list[str]:
        exe = self.paths[tool]
        assert exe is not None
        if tool == CF:
            return [exe, str(DRIVER)]
        if tool == SWIFT:
            return [exe, "-A", self.info.auth_url, "-U", USER, "-K", KEY]
        if tool == CURL:
            return [exe, "-sS", "-f", "-H", f"X-Auth-Token: {self.admin.token}"]
        return [exe]


# -- the harness --------------------------------------------------------------------------------------------------


class Harness:
    def __init__(
        self,
        args: argparse.Namespace,
        info: ServerInfo,
        work: Path,
        ca_file: Path | None = None,
        log_counter: int = 0,
    ) -> None:
        self.args = args
        self.sizes: Sizes = args.sizes
        self.info = info
        self.work = work
        self.admin = SwiftAdmin(info.auth_url, USER, KEY, ca_file=str(ca_file) if ca_file else None)
        self.data = LocalData(work / "data", self.sizes, work.parent / tree.DEFAULT_PARENT.name)
        self.tools = Tools(info, self.admin, work, ca_file)
        self.logs = HERE / ".work" / "logs"
        if not log_counter:  # the first harness of the run; the HTTPS one (fs_* workloads) continues its logs
            shutil.rmtree(self.logs, ignore_errors=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        self.counter = log_counter
        self.server_log = ServerLog(info.log_file)
        self.filled: set[str] = set()  # containers whose listing broker_fill wrote

    # fields for the command templates
    def fields(self, w: Workload, container: str, out: Path) -> dict[str, str]:
        f = {"container": container, "out": str(out), "obj": "object.bin", "bytes": str(w.payload(self.sizes))}
        f.update(reads=str(self.sizes.reads))
        if w.local in ("big", "single", "parquet"):
            path = self.data.local_file(w.local)
            f.update(file=str(path), obj=path.name, bytes=str(path.stat().st_size), size=str(path.stat().st_size))
        elif w.local == "files":
            folder = self.data.files()
            f.update(dir=str(folder), dirname=folder.name, files=str(self.sizes.files))
        elif w.local == "tree":
            folder = self.data.tree(w.payload(self.sizes))
            f.update(dir=str(folder), dirname=folder.name, files=str(w.payload(self.sizes)))
        f["url"] = self.admin.url(container, f["obj"])
        return f

    def argv(self, w: Workload, tool: str, fields: dict[str, str]) -> list[str]:
        parts = [part.format(**fields) for part in shlex.split(w.commands[tool])]
        if tool == CF and parts and parts[0] == "@cli":  # the command line itself, not the driver
            return [str(Path(sys.executable).with_name("swiftfiles")), *parts[1:]]
        if parts and parts[0] == "@fs":  # the fsspec driver, for swiftfiles, swiftspec and the reference alike
            return [sys.executable, str(FS_DRIVER), *parts[1:]]
        return self.tools.prefix(tool) + parts

    def prepare_shared(self, w: Workload) -> str | None:
        """Containers that every run of a download workload reads; created once. Returns the container name."""
        if w.remote not in ("object", "objects", "broker"):
            return None
        container = f"{PREFIX}{w.key}-src"
        self.wipe(container)
        self.admin.put_container(container)
        if w.remote == "broker":
            count = w.payload(self.sizes)
            began = time.monotonic()
            self.data.tree(count)
            self.filled.add(container)
            made = broker_fill.fill(self.info.state_dir, self.account, container, tree.iter_rows(count))
            log(f"  wrote {made:,} listing rows into {container}'s database in {time.monotonic() - began:.1f} s")
            listed = self.object_count(container)
            if listed != count:
                raise RuntimeError(f"the container lists {listed} objects after the fill, expected {count}")
        elif w.remote == "object":
            path = self.data.local_file(w.local)
            self.admin.put_file(container, path.name, path)
        else:
            folder = self.data.files()
            made = self.admin.extract_tar(
                container, ((f"{folder.name}/{p.name}", p.read_bytes()) for p in sorted(folder.iterdir()))
            )
            if made != self.sizes.files:
                raise RuntimeError(f"extract-archive made {made} objects, expected {self.sizes.files}")
        return container

    def prepare_run(self, w: Workload, tool: str, container: str, fields: dict[str, str]) -> None:
        if w.remote in ("empty", "primed", "many"):
            self.admin.put_container(container)
        if w.remote == "many":
            payload = b"x" * 1024
            for start in range(0, self.sizes.many, 5000):
                names = range(start, min(start + 5000, self.sizes.many))
                self.admin.extract_tar(container, ((f"d/o{i:06d}", payload) for i in names))
        if w.remote in ("primed", "broker"):
            m = self.measure(w, tool, self.argv(w, tool, fields), tag="prime")
            if not m.ok:
                raise RuntimeError(f"priming run failed: {m.why()}")
            if w.mutate:
                changed = self.data.mutate(w.mutate)
                log(f"    changed {changed} local files")

    @property
    def account(self) -> str:
        return self.info.account_of(USER)

    def object_count(self, container: str) -> int:
        _, headers, _ = self.admin.request("HEAD", container)
        return int(headers.get("x-container-object-count", -1))

    def wipe(self, prefix: str) -> None:
        """``SwiftAdmin.wipe``, after emptying the listings that broker_fill wrote (a bulk delete of a million
        objects without bodies would take the one-process server hours)."""
        for container in sorted(self.filled):
            if container.startswith(prefix):
                with contextlib.suppress(FileNotFoundError):
                    broker_fill.empty(self.info.state_dir, self.account, container)
                self.filled.discard(container)
        self.admin.wipe(prefix)

    def check(self, w: Workload, fields: dict[str, str], m: Measurement, tool: str) -> str | None:
        """Why the run's result is wrong, or None (``m.extra``: the JSON line the driver printed)."""
        container, payload = fields["container"], w.payload(self.sizes)
        if w.check == "driver":
            return self.check_driver(w, fields, m.extra)
        if w.check == "unchanged":
            listed = self.object_count(container)
            if listed != payload:
                return f"container holds {listed} objects, expected {payload}"
            if tool == CF:
                got = {k: m.extra.get(k) for k in ("transferred", "deleted", "skipped", "errors")}
                want = {"transferred": 0, "deleted": 0, "skipped": payload, "errors": 0}
                return None if got == want else f"sync result {got}, expected {want}"
            if tool == RCLONE and "There was nothing to transfer" not in m.stderr:
                return "rclone did not say 'There was nothing to transfer'"
            return None
        if w.check == "remote_object":
            headers = self.admin.head_object(container, fields["obj"])
            got = int(headers.get("content-length", -1)) if headers else None
            return None if got == payload else f"object has {got} bytes, expected {payload}"
        if w.check == "remote_count":
            names = self.admin.names(container) or []
            return None if len(names) == payload else f"container holds {len(names)} objects, expected {payload}"
        if w.check == "remote_empty":
            names = self.admin.names(container)
            return None if not names else f"{len(names)} objects left"
        if w.check == "local_file":
            path = Path(fields["out"]) / fields["obj"]
            got = path.stat().st_size if path.exists() else None
            return None if got == payload else f"{path.name}: {got} bytes, expected {payload}"
        if w.check == "local_tree":
            found = [p for p in Path(fields["out"]).rglob("*") if p.is_file()]
            return None if len(found) == payload else f"{len(found)} files downloaded, expected {payload}"
        return None

    def check_driver(self, w: Workload, fields: dict[str, str], extra: dict[str, object]) -> str | None:
        """An fs_* run: what fs_driver.py reports it read, against the local data."""
        expected: dict[str, object]
        if w.key == "fs_cat_small":
            files = sorted(self.data.files().iterdir())
            crc = 0
            for path in files:
                crc = zlib.crc32(path.read_bytes(), crc)
            expected = {"files": len(files), "bytes": len(files) * self.sizes.file_size, "crc32": crc}
        elif w.key == "fs_read_seq":
            expected = {"bytes": int(fields["size"])}
        elif w.key == "fs_read_random":
            crc = 0
            with Path(fields["file"]).open("rb") as fh:
                for offset in random_offsets(int(fields["size"]), self.sizes.reads):
                    fh.seek(offset)
                    crc = zlib.crc32(fh.read(RANDOM_READ), crc)
            expected = {"bytes": self.sizes.reads * RANDOM_READ, "crc32": crc}
        elif w.key == "fs_read_parquet":
            expected = {"rows": self.data.parquet_rows(), "columns": PARQUET_FLOATS + PARQUET_INTS}
        else:
            return f"no driver check for {w.key}"
        wrong = [f"{k}={extra.get(k)!r} (expected {v!r})" for k, v in expected.items() if extra.get(k) != v]
        return "; ".join(wrong) or None

    def measure(self, w: Workload, tool: str, argv: list[str], tag: str) -> Measurement:
        self.counter += 1
        logfile = self.logs / f"{self.counter:03d}-{w.key}-{tool}-{tag}.log"
        logfile.write_text(shlex.join(argv) + "\n")
        m = run_measured(
            argv,
            cwd=self.data.root,
            env=self.tools.env_for(tool),
            timeout=w.timeout(self.sizes),
            server_pid=self.info.pid,
            log=logfile,
        )
        if tool == CF or tool in FS_TOOLS:
            for line in reversed(m.stdout.strip().splitlines()):
                with contextlib.suppress(ValueError):
                    m.extra = json.loads(line)
                    break
        return m

    def run_one(self, w: Workload, tool: str, rep: int, shared: str | None) -> Measurement:
        container = shared or f"{PREFIX}{w.key}-{tool}-{rep}"
        out = self.work / "out" / f"{w.key}-{tool}-{rep}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        fields = self.fields(w, container, out)
        m: Measurement | None = None
        try:
            self.prepare_run(w, tool, container, fields)
            mark = self.server_log.mark()
            m = self.measure(w, tool, self.argv(w, tool, fields), tag=f"rep{rep + 1}")
            if m.ok:
                problem = self.check(w, fields, m, tool)
                if problem:
                    m.ok = False
                    m.stderr += f"\nresult check failed: {problem}"
            return m
        except Exception as exc:  # a setup problem for this run: report it, go on
            return Measurement(ok=False, stderr=f"harness: {type(exc).__name__}: {exc}", exit_code=-1)
        finally:
            shutil.rmtree(out, ignore_errors=True)
            if shared is None:
                with contextlib.suppress(Exception):
                    self.admin.wipe(container)
            if m is not None:  # counted last: a tool's final access line may land just after it exits
                m.requests = self.server_log.count_since(mark)

    def run_workload(self, w: Workload, repeat: int) -> WorkloadResult:
        result = WorkloadResult(w, w.heading(self.sizes), w.payload(self.sizes))
        log(f"== {w.key}: {result.heading} ({repeat} repetition(s))")
        began = time.monotonic()
        order: list[str] = []
        for tool in (CF, SWIFT, RCLONE, CURL, *FS_TOOLS):
            if tool not in w.commands or (self.args.tools is not None and tool not in self.args.tools):
                continue
            tr = result.tools[tool] = ToolResult(tool)
            tr.unavailable = self.tools.missing(tool)
            if tool == CF and w.needs and not self.tools.cf_has(w.needs):
                tr.pending = f"needs StorageClient.{w.needs}"
            if not (tr.unavailable or tr.pending):
                order.append(tool)
        try:
            shared = self.prepare_shared(w)
        except Exception as exc:
            result.setup_error = f"{type(exc).__name__}: {exc}"
            log(f"  setup failed: {result.setup_error}")
            return result
        try:
            for rep in range(repeat):
                k = rep % len(order) if order else 0
                for tool in order[k:] + order[:k]:  # alternate, rotating who goes first
                    m = self.run_one(w, tool, rep, shared)
                    if tool == CF and m.exit_code == EXIT_PENDING and m.extra.get("pending"):
                        result.tools[tool].pending = str(m.extra["pending"])
                        order.remove(tool)
                        continue
                    result.tools[tool].runs.append(m)
                    status = (
                        f"{m.wall_s:7.2f} s  cpu {m.cpu_s:6.2f} s  rss {m.rss_mib:6.1f} MiB"
                        f"  server {m.server_cpu_s:6.2f} s"
                    )
                    log(f"  rep {rep + 1} {tool:10s} {status}" + ("" if m.ok else f"  FAILED: {m.why()}"))
        finally:
            if shared:
                with contextlib.suppress(Exception):
                    self.wipe(shared)
            log(f"  ({w.key} took {time.monotonic() - began:.0f} s with setup and clean-up)")
        return result


# -- machine and versions -----------------------------------------------------------------------------------------


def cpu_floor_per_gib(repeat: int = 3) -> float:
    """CPU seconds to MD5 one GiB and copy it once (memory to memory), best of *repeat*: the least any client that
    verifies what it moves spends per GiB (a socket read or a file write is at least one copy)."""
    block = os.urandom(8 * MiB)
    target = bytearray(len(block))
    best = math.inf
    for _ in range(repeat):
        started = time.process_time()
        digest = hashlib.md5(usedforsecurity=False)
        for _ in range(128):  # 128 x 8 MiB = 1 GiB
            target[:] = block
            digest.update(target)
        best = min(best, time.process_time() - started)
    return best


def _first_line(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    return out.strip().splitlines()[0] if out.strip() else "unknown"


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_info(info: ServerInfo) -> dict[str, str]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    distro = platform.platform()
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                distro = line.split("=", 1)[1].strip('"')
    shm = shutil.disk_usage("/dev/shm") if os.path.isdir("/dev/shm") else None
    return {
        "CPUs (nproc)": str(len(os.sched_getaffinity(0))),
        "CPU model": model,
        "RAM": f"{psutil.virtual_memory().total / (1 << 30):.1f} GiB",
        "kernel": platform.release(),
        "OS": distro,
        "/dev/shm": f"tmpfs, {shm.total / (1 << 30):.1f} GiB" if shm else "absent",
        "Swift server": f"swiftfiles.devserver (one process, {'in-memory' if info.in_memory_objects else 'disk'} "
        f"object server, state in {info.state_dir.parent})",
    }


def versions() -> dict[str, str]:
    import swiftfiles

    git = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "swiftfiles": f"{swiftfiles.__version__} (git {git}{', with uncommitted changes in src/' if dirty else ''})",
        "Swift (server)": _dist_version("swift"),
        "python-swiftclient": _dist_version("python-swiftclient"),
        "rclone": _first_line(["rclone", "version"]),
        "curl": " ".join(_first_line(["curl", "--version"]).split()[:2]),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "urllib3": _dist_version("urllib3"),
    }


# -- main ---------------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="scaled-down sizes for a smoke test (~1.5 minutes)")
    parser.add_argument("--repeat", type=int, help="repetitions per tool and workload (default 3; 1 with --quick)")
    parser.add_argument(
        "--only",
        metavar="W[:N],...",
        help="run only these workloads, optionally with their own repetitions (upload_files:1); known: "
        + ", ".join(w.key for w in WORKLOADS),
    )
    parser.add_argument(
        "--set",
        metavar="FIELD=VALUE",
        action="append",
        default=[],
        help="override a size (" + ", ".join(f.name for f in dataclasses.fields(Sizes)) + "), e.g. --set many=2000",
    )
    parser.add_argument(
        "--tools",
        metavar="T,...",
        help="run only these tools (" + ", ".join((CF, SWIFT, RCLONE, CURL)) + "); e.g. --tools swiftfiles for the "
        "memory figures of a long workload",
    )
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="where to write the results")
    parser.add_argument("--work-dir", type=Path, default=Path("/dev/shm"), help="tmpfs folder for test data")
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    known = by_key()
    args.workloads = [(w, args.repeat) for w in WORKLOADS]
    if args.only:
        args.workloads = []
        for item in (part.strip() for part in args.only.split(",")):
            if not item:
                continue
            key, _, count = item.partition(":")
            if key not in known:
                parser.error(f"unknown workload {key!r}; known: {', '.join(known)}")
            if count and (not count.isdigit() or int(count) < 1):
                parser.error(f"bad repetition count in {item!r}")
            args.workloads.append((known[key], int(count) if count else args.repeat))
    sizes = QUICK if args.quick else FULL
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in {f.name for f in dataclasses.fields(Sizes)} or not value.isdigit() or int(value) < 1:
            parser.error(f"bad --set {item!r}: expected FIELD=POSITIVE_INTEGER (bytes or counts)")
        sizes = dataclasses.replace(sizes, **{name: int(value)})
    args.sizes = sizes
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()] if args.tools else None
    unknown = set(args.tools or ()) - {CF, SWIFT, RCLONE, CURL}
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(sorted(unknown))}")
    return args


def run_over_tls(
    args: argparse.Namespace, work: Path, workloads: list[tuple[Workload, int]], log_counter: int
) -> list[WorkloadResult]:
    """The fs_* workloads: swiftspec only speaks https://, so they get a second dev server serving HTTPS (the
    other workloads keep plain HTTP, comparable with earlier results). Every tool verifies the throwaway CA."""
    from swiftfiles.devserver.tlscert import make_tls_files

    tls = make_tls_files(work / "tls")
    results: list[WorkloadResult] = []
    with DevServer(updater_interval=0, expirer_interval=0, tls=tls.server_pair, log_level="INFO") as info:
        log(f"HTTPS Swift dev server pid {info.pid} at {info.auth_url} (state {info.state_dir})")
        harness = Harness(args, info, work, ca_file=tls.ca_cert, log_counter=max(1, log_counter))
        harness.admin.wipe(PREFIX)
        for w, repeat in workloads:
            results.append(harness.run_workload(w, repeat))
        harness.admin.wipe(PREFIX)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    load_start = os.getloadavg()[0]
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    given = sys.argv[1:] if argv is None else argv
    command = " ".join(["bash benchmarks/run.sh", shlex.join(given)]).strip()
    work_parent = args.work_dir if args.work_dir.is_dir() else Path(tempfile.gettempdir())
    work = Path(tempfile.mkdtemp(prefix="swiftfiles-bench-", dir=work_parent))
    results: list[WorkloadResult] = []
    tool_versions = versions()  # before the runs: others may commit to src/ meanwhile
    floor = cpu_floor_per_gib()
    log(f"CPU floor (MD5 + one copy): {floor:.2f} s per GiB")
    plain = [(w, n) for w, n in args.workloads if not w.tls]
    over_tls = [(w, n) for w, n in args.workloads if w.tls]
    try:
        # INFO: the proxy's access log gives the request counts (serverlog.py); every tool pays its cost alike.
        with DevServer(updater_interval=0, expirer_interval=0, log_level="INFO") as info:
            log(f"Swift dev server pid {info.pid} at {info.auth_url} (state {info.state_dir}); data in {work}")
            harness = Harness(args, info, work)
            harness.wipe(PREFIX)
            for w, repeat in plain:
                results.append(harness.run_workload(w, repeat))
            harness.wipe(PREFIX)
            if over_tls:
                results += run_over_tls(args, work, over_tls, harness.counter)
            machine = machine_info(info)
            machine["load average (1 min) at start → end"] = f"{load_start:.2f} → {os.getloadavg()[0]:.2f}"
            if over_tls:
                machine["HTTPS"] = (
                    "fs_* workloads on a second dev server with DevServer(tls=...): throwaway CA and EC P-256 "
                    "certificate (swiftfiles.devserver.tlscert), every tool verifying that CA"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = render(
        results,
        sizes=args.sizes,
        quick=args.quick,
        repeat=args.repeat,
        machine=machine,
        versions=tool_versions,
        command=command,
        started=stamp,
        duration_s=time.monotonic() - started,
        floor=floor,
    )
    args.output.write_text(text)
    print(text)
    log(f"wrote {args.output}")
    return 0
