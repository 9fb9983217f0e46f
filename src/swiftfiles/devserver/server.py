"""Start and stop the development Swift from a normal (non-eventlet) process.

``DevServer`` runs ``swiftfiles.devserver.run`` as a child process,
so the caller (a pytest session, a CLI, a client under test) never imports
eventlet nor gets monkey-patched.  It waits for the child's one-line ready
report and for the proxy's ``/healthcheck``, and returns a ``ServerInfo``.
Only the standard library is imported here.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import selectors
import shutil
import signal
import ssl
import subprocess
import sys
import time
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

from .accounts import ADMIN_USER, DEFAULT_USERS, User
from .keystone_proxy import proxy_options
from .launch import LOG_FILE, LaunchSpec, ReadyReport
from .statedir import make_state_dir

__all__ = ["DevServer", "DevServerError", "ServerInfo"]

_LOG_TAIL_BYTES = 4000


class DevServerError(RuntimeError):
    """The development server failed to start (the message ends with its log's tail)."""


@dataclass(frozen=True)
class ServerInfo:
    """Where a running development server listens and how to log in to it."""

    host: str
    port: int
    auth_url: str
    #: Storage URL of the default admin user (``test:tester`` -> ``AUTH_test``).
    storage_url: str
    info_url: str
    #: ``"account:user" -> key`` for every tempauth user.
    users: Mapping[str, str] = field(hash=False)
    state_dir: Path
    log_file: Path
    #: True when objects live in Swift's in-memory object server (lost on stop).
    in_memory_objects: bool = False
    pid: int = 0
    #: ``"https"`` when the server was started with ``tls=`` (every URL above then starts with ``https://``).
    scheme: str = "http"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{_url_host(self.host)}:{self.port}"

    def account_of(self, user: str) -> str:
        """The Swift account (``AUTH_<account>``) that ``user`` ("account:user") logs in to."""
        if user not in self.users:
            raise KeyError(f"unknown devserver user {user!r}; known: {sorted(self.users)}")
        return "AUTH_" + user.split(":", 1)[0]

    def storage_url_for(self, user: str) -> str:
        """The storage URL tempauth hands to ``user``."""
        return f"{self.base_url}/v1/{self.account_of(user)}"

    def env(self, user: str = ADMIN_USER) -> dict[str, str]:
        """Shell variables for swift-style CLIs (v1 auth), for ``user``.

        ``ST_*`` are python-swiftclient's v1 variables; the ``OS_*`` ones
        carry the same values for tools that only read those.
        """
        key = self.users[user]
        return {
            "ST_AUTH": self.auth_url,
            "ST_USER": user,
            "ST_KEY": key,
            "ST_AUTH_VERSION": "1.0",
            "OS_AUTH_URL": self.auth_url,
            "OS_USERNAME": user,
            "OS_PASSWORD": key,
            "OS_AUTH_VERSION": "1",
        }


def _url_host(host: str) -> str:
    """The host to put in URLs: wildcard binds are reached via loopback, IPv6 gets brackets."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _log_tail(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - _LOG_TAIL_BYTES))
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return "(no log)"


def _interval(name: str, value: float) -> float:
    """A daemon interval in seconds: finite and >= 0 (0 = off)."""
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{name} must be a finite number of seconds >= 0 (0 = off), not {value!r}")
    return seconds


def _tls_pair(tls: tuple[str | os.PathLike[str], str | os.PathLike[str]] | None) -> tuple[str, str] | None:
    """``(cert, key)`` as absolute paths, checked to load as a pair now rather than fail inside the child."""
    if tls is None:
        return None
    cert, key = (str(Path(p).resolve()) for p in tls)
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"tls=(cert, key) must be a PEM certificate and its private key: {exc}") from exc
    return cert, key


def _terminate(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM, then SIGKILL if the child is still alive after ``timeout`` seconds."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def _cleanup(proc: subprocess.Popen[bytes], remove: Path | None, timeout: float, owner_pid: int) -> None:
    """Stop the child and delete a temporary state dir (also run at interpreter exit).

    Does nothing in a forked copy of the parent: only the process that
    started the server may stop it.
    """
    if os.getpid() != owner_pid:
        return
    _terminate(proc, timeout)
    if remove is not None:
        shutil.rmtree(remove, ignore_errors=True)


# The child needs only this subpackage.  Importing it the normal way would run
# swiftfiles/__init__.py, i.e. load the whole client library (urllib3,
# keystoneauth1, ...): slower start-up, and a server that breaks whenever
# unrelated client code does not import.  So the child registers a bare
# ``swiftfiles`` package module pointing at the package directory first.
_CHILD_BOOTSTRAP = (
    "import sys, types\n"
    "pkg = types.ModuleType('swiftfiles')\n"
    "pkg.__path__ = [sys.argv[1]]\n"
    "sys.modules['swiftfiles'] = pkg\n"
    "from swiftfiles.devserver.run import main\n"
    "main(sys.argv[2:])\n"
)


def _child_command(launch_file: Path) -> list[str]:
    package_dir = str(Path(__file__).resolve().parent.parent)
    return [sys.executable, "-c", _CHILD_BOOTSTRAP, package_dir, "--launch", str(launch_file)]


def _child_env() -> dict[str, str]:
    """The child's environment: no slow green DNS, unbuffered output."""
    env = dict(os.environ)
    # eventlet's greendns imports dnspython (~0.3 s); the server only uses IP addresses.
    env.setdefault("EVENTLET_NO_GREENDNS", "yes")
    env["PYTHONUNBUFFERED"] = "1"
    return env


class DevServer:
    """A real single-node OpenStack Swift on loopback, for development and tests.

    ``with DevServer() as info:`` starts it and yields a ``ServerInfo``;
    ``start()``/``stop()`` do the same explicitly.  Without ``state_dir`` a
    fresh temporary directory is used (on ``/dev/shm`` when possible, see
    ``swiftfiles.devserver.statedir``) and deleted on stop unless ``keep``.
    A caller-given ``state_dir`` is never deleted and can be reused: configs
    and rings are rewritten on each start, accounts, containers and (disk
    backend) objects persist.

    ``updater_interval`` and ``expirer_interval`` are the seconds between
    passes of Swift's container-updater (account object counts and bytes)
    and object-expirer (removes expired objects from listings); 0 turns one
    off.  The expirer finds its work through the updater, so it needs both.

    ``keystone``: a ``KeystoneInfo`` (or a mapping of keystonemiddleware
    ``auth_token`` options: ``auth_url``, ``username``, ``password``, ``project_name`` ...) makes the proxy
    validate that Keystone's tokens too (``authtoken`` + ``keystoneauth``, see
    ``swiftfiles.devserver.keystone_proxy``); tempauth users keep working.

    ``tls``: ``(cert_file, key_file)`` PEM paths make the proxy serve HTTPS only (Swift's own ``cert_file`` /
    ``key_file``), for clients that only speak ``https://`` or to test TLS end to end.  ``ServerInfo``'s URLs
    then start with ``https://`` and tempauth hands out ``https://`` storage URLs.  Throwaway files:
    ``swiftfiles.devserver.tlscert.make_tls_files(folder)`` writes a CA, and a certificate it signed for
    127.0.0.1/localhost; clients trust the CA (``StorageClient(..., verify=files.ca_cert)``), never
    ``verify=False``::

        files = make_tls_files(Path(tmp))
        with DevServer(tls=files.server_pair) as info:
            client = StorageClient(auth_url=info.auth_url, username=..., password=..., verify=str(files.ca_cert))
    """

    def __init__(
        self,
        state_dir: str | os.PathLike[str] | None = None,
        keep: bool = False,
        host: str = "127.0.0.1",
        port: int | None = None,
        extra_users: Iterable[User] = (),
        token_life: int = 86400,
        log_level: str = "WARNING",
        memory_objects: bool = False,
        startup_timeout: float = 30.0,
        stop_timeout: float = 5.0,
        updater_interval: float = 1.0,
        expirer_interval: float = 1.0,
        keystone: Any = None,
        tls: tuple[str | os.PathLike[str], str | os.PathLike[str]] | None = None,
    ) -> None:
        self._given_state_dir = Path(state_dir) if state_dir is not None else None
        self.keep = keep
        self.host = host
        self.port = port
        self.users: tuple[User, ...] = (*DEFAULT_USERS, *extra_users)
        if len({u.qualified for u in self.users}) != len(self.users):
            raise ValueError("duplicate tempauth user names")
        self.token_life = int(token_life)
        self.log_level = log_level
        self.memory_objects = memory_objects
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.updater_interval = _interval("updater_interval", updater_interval)
        self.expirer_interval = _interval("expirer_interval", expirer_interval)
        self.keystone = proxy_options(keystone)
        self.tls = _tls_pair(tls)
        self._proc: subprocess.Popen[bytes] | None = None
        self._finalizer: weakref.finalize[..., DevServer] | None = None
        self._info: ServerInfo | None = None

    # -- lifecycle -----------------------------------------------------
    @property
    def info(self) -> ServerInfo:
        if self._info is None:
            raise RuntimeError("DevServer is not running")
        return self._info

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> ServerInfo:
        """Launch the child and return once the proxy answers ``/healthcheck``."""
        if self._proc is not None:
            raise RuntimeError("DevServer already started")
        owned = self._given_state_dir is None
        state_dir = make_state_dir() if owned else self._given_state_dir
        assert state_dir is not None
        state_dir.mkdir(parents=True, exist_ok=True)
        state_dir = state_dir.resolve()
        log_file = state_dir / LOG_FILE
        spec = LaunchSpec(
            state_dir=str(state_dir),
            parent_pid=os.getpid(),
            host=self.host,
            port=self.port or 0,
            token_life=self.token_life,
            log_level=self.log_level,
            users=self.users,
            remove_on_orphan=owned and not self.keep,
            memory_objects=self.memory_objects,
            updater_interval=self.updater_interval,
            expirer_interval=self.expirer_interval,
            keystone=self.keystone,
            tls=self.tls,
        )
        launch_file = spec.write()
        with log_file.open("ab") as log:
            self._proc = subprocess.Popen(
                _child_command(launch_file),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=log,
                env=_child_env(),
                start_new_session=True,
                close_fds=True,
            )
        remove = state_dir if owned and not self.keep else None
        self._finalizer = weakref.finalize(self, _cleanup, self._proc, remove, self.stop_timeout, os.getpid())
        try:
            report = self._wait_ready(log_file)
        except BaseException:
            self.stop()
            raise
        users = MappingProxyType({u.qualified: u.key for u in self.users})
        scheme = "https" if self.tls is not None else "http"
        base = f"{scheme}://{_url_host(self.host)}:{report.port}"
        self._info = ServerInfo(
            host=self.host,
            port=report.port,
            auth_url=f"{base}/auth/v1.0",
            storage_url=f"{base}/v1/AUTH_{ADMIN_USER.split(':', 1)[0]}",
            info_url=f"{base}/info",
            users=users,
            state_dir=state_dir,
            log_file=log_file,
            in_memory_objects=report.in_memory_objects,
            pid=report.pid,
            scheme=scheme,
        )
        return self._info

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL) and remove a temporary state dir. Idempotent."""
        finalizer, self._finalizer = self._finalizer, None
        self._proc = None
        self._info = None
        if finalizer is not None:
            finalizer()

    def __enter__(self) -> ServerInfo:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- readiness -----------------------------------------------------
    def _wait_ready(self, log_file: Path) -> ReadyReport:
        assert self._proc is not None and self._proc.stdout is not None
        deadline = time.monotonic() + self.startup_timeout
        fd = self._proc.stdout.fileno()
        report: ReadyReport | None = None
        pending = b""
        while report is None:
            line, pending = self._read_line(fd, pending, deadline)
            if not line:
                code = self._proc.poll()
                why = "timed out" if code is None else f"exited with status {code}"
                raise DevServerError(
                    f"Swift dev server {why} before it was ready; tail of {log_file}:\n{_log_tail(log_file)}"
                )
            with contextlib.suppress(ValueError, TypeError):
                report = ReadyReport.from_line(line)
        self._proc.stdout.close()
        self._await_healthcheck(report.port, deadline, log_file)
        return report

    @staticmethod
    def _read_line(fd: int, pending: bytes, deadline: float) -> tuple[bytes, bytes]:
        """Return ``(line, rest)`` read from ``fd`` by ``deadline``; line is b'' on EOF or timeout."""
        data = pending
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in data:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not sel.select(remaining):
                    return b"", data
                chunk = os.read(fd, 4096)
                if not chunk:
                    return b"", data
                data += chunk
        line, _, rest = data.partition(b"\n")
        return line + b"\n", rest

    def _probe_context(self) -> ssl.SSLContext:
        """The readiness probe's TLS context: it trusts exactly the certificate the server was given.

        The probe knows no CA, only the server's own certificate file: that certificate is the one trust anchor
        (``VERIFY_X509_PARTIAL_CHAIN``), so the probe still verifies, and needs no hostname (the caller's
        certificate may name another host than the one bound).
        """
        assert self.tls is not None
        context = ssl.create_default_context(cafile=self.tls[0])
        context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
        context.check_hostname = False
        return context

    def _await_healthcheck(self, port: int, deadline: float, log_file: Path) -> None:
        host = _url_host(self.host).strip("[]")
        last_error = ""
        while time.monotonic() < deadline:
            timeout = max(0.1, deadline - time.monotonic())
            conn = (
                http.client.HTTPSConnection(host, port, timeout=timeout, context=self._probe_context())
                if self.tls is not None
                else http.client.HTTPConnection(host, port, timeout=timeout)
            )
            try:
                conn.request("GET", "/healthcheck")
                resp = conn.getresponse()
                resp.read()
                if resp.status == 200:
                    return
                last_error = f"HTTP {resp.status}"
            except OSError as exc:
                last_error = str(exc)
            finally:
                conn.close()
            if self._proc is None or self._proc.poll() is not None:
                break
            time.sleep(0.02)
        raise DevServerError(
            f"Swift dev server did not pass /healthcheck ({last_error}); tail of {log_file}:\n{_log_tail(log_file)}"
        )
