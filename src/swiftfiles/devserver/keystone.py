"""A real OpenStack Keystone (identity v3) on loopback, for development and tests.

``KeystoneServer`` runs Keystone (PyPI ``keystone``, extra ``swiftfiles[keystone-server]``) in a child process
(``swiftfiles.devserver.keystone_run``) on 127.0.0.1, with a SQLite database and fernet tokens, all inside
its own state directory (a fresh temporary one by default, deleted on stop)::

    server = KeystoneServer()
    ks = server.start()                                  # a KeystoneInfo
    with DevServer(keystone=ks) as swift:                # Swift's proxy validates ks's tokens
        server.register_object_store(swift.base_url)     # the catalog points at that Swift
        client = StorageClient(auth_type="keystone", auth_url=ks.auth_url,
                               username=DEMO_USER, password=DEMO_PASSWORD, project_name=DEMO_PROJECT)
    server.stop()

Start-up cost: ``keystone-manage db_sync``/``fernet_setup``/``credential_setup``/``bootstrap`` and creating
the test users take 20 to 40 s, so they run once into a *template* directory, cached per user and Keystone
version (``~/.cache/swiftfiles/keystone-template-<version>-<format>``, see ``default_template_dir``); every
start copies the template (database and keys, under 1 MB) and only loads Keystone (about 2.3 s of CPU, most
of it importing Keystone). Builds are serialized with a file lock, so parallel sessions share one template.

What the template holds (all in the ``Default`` domain, ids in ``KeystoneInfo``):

* users ``admin`` (admin of project ``admin`` and of the system), ``swift`` (role ``service`` on project
  ``service``: the account Swift's authtoken validates tokens with), ``demo`` (``member`` of projects ``demo``
  and ``demo-alt``) and ``demo-reader`` (only ``reader`` on ``demo``: Swift's keystoneauth refuses it);
* an application credential of ``demo``, scoped to ``demo``, with a known secret;
* regions ``RegionOne`` and ``RegionTwo``; services ``keystone`` (identity) and ``swift`` (object-store).

Endpoints depend on ports. The identity endpoints (public, internal, admin in RegionOne) are in the template
with a placeholder URL, which the child replaces with its own in the database copy before Keystone opens it;
the object-store ones are registered through Keystone's API by ``KeystoneServer.register_object_store``
(or ``object_store_url=``): RegionOne public on the given URL,
RegionOne internal and RegionTwo public on the same Swift under another host name (``localhost``), so that
region and interface selection are observable; RegionTwo has no internal endpoint.

Tokens last ``token_expiration`` seconds (Keystone's ``[token] expiration``). Passwords are hashed with bcrypt
at its minimum cost (4 rounds), so authentication is fast. The parent side (this module) is stdlib only.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .server import DevServer, _child_env, _cleanup, _log_tail
from .statedir import make_state_dir

__all__ = [
    "ADMIN_PASSWORD",
    "ADMIN_PROJECT",
    "ADMIN_USER",
    "ALT_PROJECT",
    "APP_CREDENTIAL_NAME",
    "APP_CREDENTIAL_SECRET",
    "DEMO_PASSWORD",
    "DEMO_PROJECT",
    "DEMO_USER",
    "DOMAIN_ID",
    "DOMAIN_NAME",
    "READER_PASSWORD",
    "READER_USER",
    "REGION_ONE",
    "REGION_TWO",
    "SERVICE_PASSWORD",
    "SERVICE_PROJECT",
    "SERVICE_USER",
    "KeystoneInfo",
    "KeystoneServer",
    "KeystoneServerError",
    "default_template_dir",
    "ensure_template",
]

DOMAIN_ID = "default"
DOMAIN_NAME = "Default"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "keystone-admin-secret"
ADMIN_PROJECT = "admin"
SERVICE_PROJECT = "service"
SERVICE_USER = "swift"
SERVICE_PASSWORD = "swift-service-secret"
DEMO_USER = "demo"
DEMO_PASSWORD = "demo-secret"
DEMO_PROJECT = "demo"
ALT_PROJECT = "demo-alt"
READER_USER = "demo-reader"
READER_PASSWORD = "reader-secret"
APP_CREDENTIAL_NAME = "swiftfiles-test"
APP_CREDENTIAL_SECRET = "app-credential-secret"
REGION_ONE = "RegionOne"
REGION_TWO = "RegionTwo"

#: Bump when what the template holds changes: old templates are then ignored (and can be deleted).
TEMPLATE_FORMAT = 2

CONF_FILE = "keystone.conf"
DB_FILE = "keystone.db"
FERNET_KEYS = "fernet-keys"
CREDENTIAL_KEYS = "credential-keys"
MANIFEST = "manifest.json"
LAUNCH_FILE = "keystone-launch.json"
LOG_FILE = "keystone.log"

_TEMPLATE_CONTENT = (DB_FILE, FERNET_KEYS, CREDENTIAL_KEYS, MANIFEST)

#: The template's identity endpoints point here; the child rewrites them with its real URL before Keystone loads.
_IDENTITY_PLACEHOLDER = "http://127.0.0.1:5000/v3"


class KeystoneServerError(RuntimeError):
    """Keystone failed to start or to answer (the message ends with its log's tail when there is one)."""


@dataclass(frozen=True)
class KeystoneInfo:
    """Where a running Keystone listens, and the users, projects and credentials it holds."""

    host: str
    port: int
    #: The identity v3 URL clients authenticate at: ``http://127.0.0.1:<port>/v3``.
    auth_url: str
    token_expiration: int
    #: user name -> password (``admin``, ``swift``, ``demo``, ``demo-reader``).
    users: Mapping[str, str] = field(hash=False)
    #: user name -> id.
    user_ids: Mapping[str, str] = field(hash=False)
    #: project name -> id (``admin``, ``service``, ``demo``, ``demo-alt``).
    projects: Mapping[str, str] = field(hash=False)
    app_credential_id: str
    app_credential_secret: str = field(repr=False)
    app_credential_name: str
    regions: tuple[str, ...]
    state_dir: Path
    log_file: Path
    domain_id: str = DOMAIN_ID
    domain_name: str = DOMAIN_NAME
    pid: int = 0

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def project_id(self, name: str) -> str:
        if name not in self.projects:
            raise KeyError(f"unknown project {name!r}; known: {sorted(self.projects)}")
        return self.projects[name]

    def authtoken_options(self) -> dict[str, str]:
        """keystonemiddleware ``auth_token`` options for a Swift proxy validating this Keystone's tokens.

        ``DevServer(keystone=info)`` uses them; the service user is ``swift`` (role ``service``).
        """
        return {
            "auth_url": self.auth_url,
            "www_authenticate_uri": self.auth_url,
            "username": SERVICE_USER,
            "password": self.users[SERVICE_USER],
            "project_name": SERVICE_PROJECT,
            "user_domain_id": self.domain_id,
            "project_domain_id": self.domain_id,
            "region_name": REGION_ONE,
        }

    def env(self, user: str = DEMO_USER, project: str = DEMO_PROJECT) -> dict[str, str]:
        """``OS_*`` variables (identity v3, password) for ``user`` scoped to ``project``."""
        return {
            "OS_AUTH_TYPE": "password",
            "OS_AUTH_URL": self.auth_url,
            "OS_IDENTITY_API_VERSION": "3",
            "OS_USERNAME": user,
            "OS_PASSWORD": self.users[user],
            "OS_USER_DOMAIN_NAME": self.domain_name,
            "OS_PROJECT_NAME": project,
            "OS_PROJECT_DOMAIN_NAME": self.domain_name,
            "OS_REGION_NAME": REGION_ONE,
            "OS_INTERFACE": "public",
        }


# -- the template -------------------------------------------------------------------------------------------


def keystone_version() -> str:
    """The installed ``keystone`` distribution's version; KeystoneServerError when it is missing."""
    try:
        return importlib.metadata.version("keystone")
    except importlib.metadata.PackageNotFoundError:
        raise KeystoneServerError(
            "OpenStack Keystone is not installed: pip install 'swiftfiles[keystone-server]'"
        ) from None


def default_template_dir() -> Path:
    """``$CLOUDFILES_KEYSTONE_TEMPLATE``, else ``~/.cache/swiftfiles/keystone-template-<version>-<format>``.

    ``~/.cache`` is ``$XDG_CACHE_HOME`` when set; without a writable one, the system temp dir is used.
    """
    override = os.environ.get("CLOUDFILES_KEYSTONE_TEMPLATE")
    if override:
        return Path(override)
    name = f"keystone-template-{keystone_version()}-{TEMPLATE_FORMAT}"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "swiftfiles"
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        if os.access(cache, os.W_OK):
            return cache / name
    # No writable home (some CI containers): a per-user directory in the system temp dir.
    return Path(tempfile.gettempdir()) / f"swiftfiles-{os.getuid()}" / name


def ensure_template(template_dir: str | os.PathLike[str] | None = None, timeout: float = 300.0) -> Path:
    """Return a complete template directory, building it first if needed (once; concurrent callers wait)."""
    path = Path(template_dir) if template_dir is not None else default_template_dir()
    if (path / MANIFEST).is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (path / MANIFEST).is_file():
            return path
        build = Path(tempfile.mkdtemp(prefix=f".{path.name}.build-", dir=path.parent))
        try:
            _build_template(build, timeout)
            if path.exists():  # an incomplete leftover (no manifest)
                shutil.rmtree(path)
            os.rename(build, path)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
    return path


def _build_template(build: Path, timeout: float) -> None:
    """keystone-manage db_sync, fernet_setup, credential_setup, bootstrap; then users etc. over the API."""
    deadline = time.monotonic() + timeout
    _prepare_state_dir(build, token_expiration=3600)
    log_file = build / LOG_FILE

    def manage(*args: str) -> subprocess.Popen[bytes]:
        with log_file.open("ab") as log:
            return subprocess.Popen(
                _child_command("--manage", str(build / CONF_FILE), *args),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env=_child_env(),
                close_fds=True,
            )

    def finish(procs: list[subprocess.Popen[bytes]]) -> None:
        for proc in procs:
            try:
                code = proc.wait(max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                code = None
            if code != 0:
                raise KeystoneServerError(
                    f"keystone-manage {_command_name(proc)} failed ({code}) building the "
                    f"template in {build}; tail of {log_file}:\n{_log_tail(log_file)}"
                )

    # The three are independent: the database, and two key repositories.
    owner = ("--keystone-user", _user_name(), "--keystone-group", _group_name())
    finish([manage("db_sync"), manage("fernet_setup", *owner), manage("credential_setup", *owner)])
    finish(
        [
            manage(
                "bootstrap",
                "--bootstrap-username",
                ADMIN_USER,
                "--bootstrap-password",
                ADMIN_PASSWORD,
                "--bootstrap-project-name",
                ADMIN_PROJECT,
                "--bootstrap-role-name",
                "admin",
                "--bootstrap-region-id",
                REGION_ONE,
            )
        ]
    )
    child = _Child(build, "127.0.0.1", 0, max(5.0, deadline - time.monotonic()), 5.0, remove=None, identity=None)
    try:
        port = child.start()
        manifest = _populate(_Api(f"http://127.0.0.1:{port}"))
    finally:
        child.stop()
    for leftover in (CONF_FILE, LAUNCH_FILE, LOG_FILE):
        with contextlib.suppress(FileNotFoundError):
            (build / leftover).unlink()
    (build / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def _user_name() -> str:
    """The current user, as keystone-manage wants it for the owner of its key repositories."""
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return str(os.getuid())


def _group_name() -> str:
    import grp

    try:
        return grp.getgrgid(os.getgid()).gr_name
    except KeyError:
        return str(os.getgid())


def _populate(api: _Api) -> dict[str, Any]:
    """Create the test projects, users, roles, region, services and application credential."""
    admin = api.system_token(ADMIN_USER, ADMIN_PASSWORD)
    roles = {role["name"]: role["id"] for role in api.call("GET", "/v3/roles", token=admin)["roles"]}
    api.call("POST", "/v3/regions", {"region": {"id": REGION_TWO, "description": "second region"}}, token=admin)

    body: dict[str, Any]
    projects = {ADMIN_PROJECT: api.call("GET", f"/v3/projects?name={ADMIN_PROJECT}", token=admin)["projects"][0]["id"]}
    for name in (SERVICE_PROJECT, DEMO_PROJECT, ALT_PROJECT):
        body = {"project": {"name": name, "domain_id": DOMAIN_ID, "description": f"swiftfiles devserver {name}"}}
        projects[name] = api.call("POST", "/v3/projects", body, token=admin)["project"]["id"]

    users = {ADMIN_USER: ADMIN_PASSWORD, SERVICE_USER: SERVICE_PASSWORD, DEMO_USER: DEMO_PASSWORD}
    users[READER_USER] = READER_PASSWORD
    user_ids = {ADMIN_USER: api.call("GET", f"/v3/users?name={ADMIN_USER}", token=admin)["users"][0]["id"]}
    for name in (SERVICE_USER, DEMO_USER, READER_USER):
        body = {"user": {"name": name, "password": users[name], "domain_id": DOMAIN_ID, "enabled": True}}
        user_ids[name] = api.call("POST", "/v3/users", body, token=admin)["user"]["id"]

    grants = [
        (SERVICE_PROJECT, SERVICE_USER, "service"),
        (DEMO_PROJECT, DEMO_USER, "member"),
        (ALT_PROJECT, DEMO_USER, "member"),
        (DEMO_PROJECT, READER_USER, "reader"),
    ]
    for project, user, role in grants:
        path = f"/v3/projects/{projects[project]}/users/{user_ids[user]}/roles/{roles[role]}"
        api.call("PUT", path, token=admin)

    services: dict[str, str] = {}
    for service_type, name in (("identity", "keystone"), ("object-store", "swift")):
        body = {"service": {"type": service_type, "name": name, "enabled": True}}
        services[service_type] = api.call("POST", "/v3/services", body, token=admin)["service"]["id"]
    for interface in ("public", "internal", "admin"):
        endpoint = {"service_id": services["identity"], "region_id": REGION_ONE, "interface": interface}
        api.call("POST", "/v3/endpoints", {"endpoint": {**endpoint, "url": _IDENTITY_PLACEHOLDER}}, token=admin)

    demo = api.project_token(DEMO_USER, DEMO_PASSWORD, projects[DEMO_PROJECT])
    body = {
        "application_credential": {
            "name": APP_CREDENTIAL_NAME,
            "secret": APP_CREDENTIAL_SECRET,
            "description": "swiftfiles devserver test credential",
        }
    }
    credential = api.call("POST", f"/v3/users/{user_ids[DEMO_USER]}/application_credentials", body, token=demo)
    return {
        "format": TEMPLATE_FORMAT,
        "keystone_version": keystone_version(),
        "users": users,
        "user_ids": user_ids,
        "projects": projects,
        "services": services,
        "regions": [REGION_ONE, REGION_TWO],
        "app_credential": {
            "id": credential["application_credential"]["id"],
            "name": APP_CREDENTIAL_NAME,
            "secret": APP_CREDENTIAL_SECRET,
        },
    }


# -- configuration and the child process ------------------------------------------------------------------


def keystone_conf_text(state_dir: Path, token_expiration: int, debug: bool = False) -> str:
    """keystone.conf: SQLite, fernet tokens, key repositories and log inside ``state_dir``; in-memory cache."""
    sections: dict[str, dict[str, object]] = {
        "DEFAULT": {
            "log_file": state_dir / LOG_FILE,
            "use_stderr": "false",
            "debug": str(debug).lower(),
        },
        "database": {"connection": f"sqlite:///{state_dir / DB_FILE}"},
        "token": {"provider": "fernet", "expiration": int(token_expiration)},
        "fernet_tokens": {"key_repository": state_dir / FERNET_KEYS, "max_active_keys": 3},
        "fernet_receipts": {"key_repository": state_dir / FERNET_KEYS},
        "credential": {"key_repository": state_dir / CREDENTIAL_KEYS},
        # bcrypt's minimum cost: a password check takes about a millisecond instead of a quarter second.
        "identity": {"password_hash_rounds": 4},
        # Keystone's own cache, in this process's memory: three to five times fewer SQL queries per request.
        # One process owns the database, so its cache never goes stale (it invalidates on its own writes).
        "cache": {"enabled": "true", "backend": "dogpile.cache.memory"},
    }
    return "".join(
        f"[{name}]\n" + "".join(f"{key} = {value}\n" for key, value in options.items()) + "\n"
        for name, options in sections.items()
    )


def _prepare_state_dir(state_dir: Path, token_expiration: int, debug: bool = False) -> None:
    for keys in (FERNET_KEYS, CREDENTIAL_KEYS):
        (state_dir / keys).mkdir(mode=0o700, exist_ok=True)
    (state_dir / CONF_FILE).write_text(keystone_conf_text(state_dir, token_expiration, debug), encoding="utf-8")


# The child needs only the devserver subpackage (and Keystone): like the Swift child, it registers a bare
# ``swiftfiles`` package instead of running swiftfiles/__init__.py.
_CHILD_BOOTSTRAP = (
    "import sys, types\n"
    "pkg = types.ModuleType('swiftfiles')\n"
    "pkg.__path__ = [sys.argv[1]]\n"
    "sys.modules['swiftfiles'] = pkg\n"
    "from swiftfiles.devserver.keystone_run import main\n"
    "main(sys.argv[2:])\n"
)


def _child_command(*args: str) -> list[str]:
    package_dir = str(Path(__file__).resolve().parent.parent)
    return [sys.executable, "-c", _CHILD_BOOTSTRAP, package_dir, *args]


class _Child:
    """One Keystone server child on a prepared state directory."""

    def __init__(
        self,
        state_dir: Path,
        host: str,
        port: int,
        startup_timeout: float,
        stop_timeout: float,
        remove: Path | None,
        identity: str | None,
    ) -> None:
        self.state_dir = state_dir
        self.identity = identity
        self.host = host
        self.port = port
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.remove = remove
        self.log_file = state_dir / LOG_FILE
        self.proc: subprocess.Popen[bytes] | None = None
        self._finalizer: weakref.finalize[..., _Child] | None = None

    def start(self) -> int:
        """Launch the child; return its port once it answers ``GET /v3``."""
        launch = self.state_dir / LAUNCH_FILE
        spec = {
            "state_dir": str(self.state_dir),
            "host": self.host,
            "port": self.port,
            "parent_pid": os.getpid(),
            "remove_on_orphan": self.remove is not None,
            # The child points this service's endpoints at its own URL before Keystone opens the database.
            "identity_service_id": self.identity,
        }
        launch.write_text(json.dumps(spec), encoding="utf-8")
        with self.log_file.open("ab") as log:
            self.proc = subprocess.Popen(
                _child_command("--launch", str(launch)),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=log,
                env=_child_env(),
                start_new_session=True,
                close_fds=True,
            )
        self._finalizer = weakref.finalize(self, _cleanup, self.proc, self.remove, self.stop_timeout, os.getpid())
        try:
            return self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        finalizer, self._finalizer = self._finalizer, None
        self.proc = None
        if finalizer is not None:
            finalizer()

    def _wait_ready(self) -> int:
        assert self.proc is not None and self.proc.stdout is not None
        deadline = time.monotonic() + self.startup_timeout
        port = None
        pending = b""
        while port is None:
            line, pending = DevServer._read_line(self.proc.stdout.fileno(), pending, deadline)
            if not line:
                code = self.proc.poll()
                why = "timed out" if code is None else f"exited with status {code}"
                raise KeystoneServerError(f"Keystone {why} before it was ready; {self._tail()}")
            with contextlib.suppress(ValueError, TypeError, KeyError):
                port = int(json.loads(line)["port"])
        self.proc.stdout.close()
        api = _Api(f"http://{self.host}:{port}")
        last = ""
        while time.monotonic() < deadline:
            try:
                api.call("GET", "/v3")
                return port
            except (OSError, KeystoneServerError) as exc:
                last = str(exc)
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise KeystoneServerError(f"Keystone did not answer GET /v3 ({last}); {self._tail()}")

    def _tail(self) -> str:
        return f"tail of {self.log_file}:\n{_log_tail(self.log_file)}"


class _Api:
    """Just enough of Keystone's v3 API, over http.client (the parent imports no OpenStack code)."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, Any]:
        headers = {"Accept": "application/json", **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if token:
            headers["X-Auth-Token"] = token
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
        finally:
            conn.close()
        payload = json.loads(raw) if raw.strip() else None
        return response.status, response.headers, payload

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        status, _, payload = self.request(method, path, body, token)
        if status >= 300:
            raise KeystoneServerError(f"Keystone answered {status} to {method} {path}: {payload}")
        return payload

    def _token(self, user: str, password: str, scope: dict[str, Any]) -> str:
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {"user": {"name": user, "domain": {"id": DOMAIN_ID}, "password": password}},
                },
                "scope": scope,
            }
        }
        status, headers, payload = self.request("POST", "/v3/auth/tokens", body)
        token = headers.get("X-Subject-Token")
        if status != 201 or not token:
            raise KeystoneServerError(f"Keystone refused a token for {user!r} ({status}): {payload}")
        return token

    def system_token(self, user: str, password: str) -> str:
        return self._token(user, password, {"system": {"all": True}})

    def project_token(self, user: str, password: str, project_id: str) -> str:
        return self._token(user, password, {"project": {"id": project_id}})


def _with_host(url: str, host: str) -> str:
    parts = urlsplit(url)
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


# -- the server ---------------------------------------------------------------------------------------------


class KeystoneServer:
    """A real OpenStack Keystone (identity v3, SQLite, fernet tokens) on loopback, in a child process.

    ``with KeystoneServer() as info:`` starts it and yields a ``KeystoneInfo``; ``start()``/``stop()``
    do the same explicitly. Without ``state_dir`` a fresh temporary directory (on ``/dev/shm`` when
    possible) gets a copy of the template and is deleted on stop unless ``keep``; a given ``state_dir`` that
    already holds a database is reused as it is (the template is copied only into an empty one).

    token_expiration: Keystone's ``[token] expiration`` in seconds.
    object_store_url: a Swift's base URL (``http://127.0.0.1:8080``) to put in the catalog at start; or call
    ``register_object_store`` later.
    alias_host: the other host name of that Swift, for RegionOne's internal and RegionTwo's public endpoint.
    template_dir: where the template is (built there when missing); default ``default_template_dir``.
    """

    def __init__(
        self,
        state_dir: str | os.PathLike[str] | None = None,
        keep: bool = False,
        host: str = "127.0.0.1",
        port: int | None = None,
        token_expiration: int = 3600,
        object_store_url: str | None = None,
        alias_host: str = "localhost",
        template_dir: str | os.PathLike[str] | None = None,
        debug: bool = False,
        startup_timeout: float = 60.0,
        template_timeout: float = 300.0,
        stop_timeout: float = 5.0,
    ) -> None:
        if int(token_expiration) < 1:
            raise ValueError(f"token_expiration must be at least 1 second, not {token_expiration!r}")
        self._given_state_dir = Path(state_dir) if state_dir is not None else None
        self.keep = keep
        self.host = host
        self.port = port
        self.token_expiration = int(token_expiration)
        self.object_store_url = object_store_url
        self.alias_host = alias_host
        self.template_dir = Path(template_dir) if template_dir is not None else None
        self.debug = debug
        self.startup_timeout = startup_timeout
        self.template_timeout = template_timeout
        self.stop_timeout = stop_timeout
        self._child: _Child | None = None
        self._info: KeystoneInfo | None = None
        self._services: dict[str, str] = {}
        self._fresh = False
        self._registered: set[str] = set()
        #: ``(region, interface) -> URL`` of the object-store endpoints registered so far.
        self.object_store_endpoints: dict[tuple[str, str], str] = {}
        #: Seconds the last start took: ``template`` (0 when cached), ``launch`` (child ready), ``catalog``.
        self.timings: dict[str, float] = {}

    @property
    def info(self) -> KeystoneInfo:
        if self._info is None:
            raise RuntimeError("KeystoneServer is not running")
        return self._info

    @property
    def running(self) -> bool:
        return self._child is not None and self._child.proc is not None and self._child.proc.poll() is None

    def start(self) -> KeystoneInfo:
        """Copy the template (building it once), launch Keystone; register the object store if one was given."""
        if self._child is not None:
            raise RuntimeError("KeystoneServer already started")
        started = time.monotonic()
        template = ensure_template(self.template_dir, self.template_timeout)
        copied = time.monotonic()
        owned = self._given_state_dir is None
        state_dir = make_state_dir() if owned else self._given_state_dir
        assert state_dir is not None
        state_dir.mkdir(parents=True, exist_ok=True)
        state_dir = state_dir.resolve()
        remove = state_dir if owned and not self.keep else None
        #: A fresh copy of the template has no endpoints to replace.
        self._fresh = not (state_dir / DB_FILE).exists()
        try:
            if self._fresh:
                for name in _TEMPLATE_CONTENT:
                    source = template / name
                    if source.is_dir():
                        shutil.copytree(source, state_dir / name, dirs_exist_ok=True)
                    else:
                        shutil.copy2(source, state_dir / name)
            _prepare_state_dir(state_dir, self.token_expiration, self.debug)
            manifest = json.loads((state_dir / MANIFEST).read_text(encoding="utf-8"))
        except BaseException:
            if remove is not None:
                shutil.rmtree(remove, ignore_errors=True)
            raise
        self._services = dict(manifest["services"])
        self._child = _Child(
            state_dir,
            self.host,
            self.port or 0,
            self.startup_timeout,
            self.stop_timeout,
            remove,
            identity=self._services["identity"],
        )
        try:
            port = self._child.start()
            launched = time.monotonic()
            self._info = self._make_info(manifest, state_dir, port)
            if self.object_store_url:
                self.register_object_store(self.object_store_url)
        except BaseException:
            self.stop()
            raise
        self.timings = {
            "template": copied - started,
            "launch": launched - copied,
            "catalog": time.monotonic() - launched,
        }
        return self._info

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL) and remove a temporary state dir. Idempotent."""
        child, self._child = self._child, None
        self._info = None
        self.object_store_endpoints = {}
        self._registered = set()
        if child is not None:
            child.stop()

    def __enter__(self) -> KeystoneInfo:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- catalog -------------------------------------------------------
    def _make_info(self, manifest: Mapping[str, Any], state_dir: Path, port: int) -> KeystoneInfo:
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        credential = manifest["app_credential"]
        assert self._child is not None and self._child.proc is not None
        return KeystoneInfo(
            host=host,
            port=port,
            auth_url=f"http://{host}:{port}/v3",
            token_expiration=self.token_expiration,
            users=MappingProxyType(dict(manifest["users"])),
            user_ids=MappingProxyType(dict(manifest["user_ids"])),
            projects=MappingProxyType(dict(manifest["projects"])),
            app_credential_id=credential["id"],
            app_credential_secret=credential["secret"],
            app_credential_name=credential["name"],
            regions=tuple(manifest["regions"]),
            state_dir=state_dir,
            log_file=state_dir / LOG_FILE,
            pid=self._child.proc.pid,
        )

    def _admin(self) -> tuple[_Api, str]:
        api = _Api(self.info.base_url)
        return api, api.system_token(ADMIN_USER, self.info.users[ADMIN_USER])

    def _replace_endpoints(self, service_type: str, endpoints: Mapping[tuple[str, str], str]) -> None:
        api, token = self._admin()
        service = self._services[service_type]
        if not (self._fresh and service_type not in self._registered):
            for old in api.call("GET", f"/v3/endpoints?service_id={service}", token=token)["endpoints"]:
                api.call("DELETE", f"/v3/endpoints/{old['id']}", token=token)
        self._registered.add(service_type)
        for (region, interface), url in endpoints.items():
            body = {"endpoint": {"service_id": service, "region_id": region, "interface": interface, "url": url}}
            api.call("POST", "/v3/endpoints", body, token=token)

    def register_object_store(self, swift_base_url: str, alias_host: str | None = None) -> dict[tuple[str, str], str]:
        """Point the catalog's object-store endpoints at a Swift (``http://host:port``); replaces earlier ones.

        RegionOne public: ``<swift_base_url>/v1/AUTH_$(project_id)s``; RegionOne internal and RegionTwo
        public: the same with the host replaced by ``alias_host`` (default ``localhost``). Returns
        ``(region, interface) -> URL template`` (also kept in ``object_store_endpoints``).
        """
        base = swift_base_url.rstrip("/")
        alias = _with_host(base, alias_host or self.alias_host)
        suffix = "/v1/AUTH_$(project_id)s"
        endpoints = {
            (REGION_ONE, "public"): base + suffix,
            (REGION_ONE, "internal"): alias + suffix,
            (REGION_TWO, "public"): alias + suffix,
        }
        self._replace_endpoints("object-store", endpoints)
        self.object_store_endpoints = dict(endpoints)
        return dict(endpoints)

    def storage_url(self, project: str, region: str = REGION_ONE, interface: str = "public") -> str:
        """The storage URL the catalog gives for ``project`` (a name or id) at ``region``/``interface``."""
        template = self.object_store_endpoints[(region, interface)]
        project_id = self.info.projects.get(project, project)
        return template.replace("$(project_id)s", project_id)

    def token(self, user: str = DEMO_USER, project: str = DEMO_PROJECT) -> str:
        """A fresh project-scoped token for ``user`` (for tests that talk to Swift directly)."""
        return _Api(self.info.base_url).project_token(user, self.info.users[user], self.info.project_id(project))

    def admin_token(self) -> str:
        """A system-scoped token of the ``admin`` user (for tests that administer Keystone directly)."""
        return self._admin()[1]

    def revoke(self, token: str) -> None:
        """Revoke ``token`` (``DELETE /v3/auth/tokens``), as a logout or an administrator would."""
        api, admin = self._admin()
        status, _, payload = api.request("DELETE", "/v3/auth/tokens", token=admin, headers={"X-Subject-Token": token})
        if status != 204:
            raise KeystoneServerError(f"Keystone answered {status} to a token revocation: {payload}")


def _command_name(proc: subprocess.Popen[bytes]) -> str:
    """The keystone-manage subcommand a build step ran (for its error message)."""
    args = proc.args
    if isinstance(args, (list, tuple)) and len(args) > 6:
        return str(args[6])
    return str(args)
