"""The Keystone child: ``keystone_run --launch <state>/keystone-launch.json`` or ``keystone_run --manage CONF ARGS``.

(``KeystoneServer`` starts it through the same kind of bootstrap as the
Swift child, which skips ``swiftfiles/__init__.py``; see ``keystone._CHILD_BOOTSTRAP``.)

``--launch``: load OpenStack Keystone's WSGI application (identity v3, the Flask app that
``keystone.server.wsgi.initialize_public_application`` builds) from the ``keystone.conf`` the parent wrote,
serve it with the standard library's ``wsgiref`` on a threaded server, write one JSON ready line
(``{"pid": ..., "port": ...}``) to stdout, then run until SIGTERM/SIGINT, or until the parent process is gone
(then also removing a temporary state directory), so no stray server outlives a crashed test run.

``--manage``: run one ``keystone-manage`` command (``db_sync``, ``fernet_setup``, ``bootstrap`` ...) with the
given config file; only used to build the template database and keys once.

Keystone's requests are handled one at a time (a lock around the application): the database is SQLite, and a
test server gains nothing from concurrent writers but "database is locked" errors.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import logging
import os
import shutil
import signal
import socketserver
import sqlite3
import sys
import threading
import time
import types
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

_POLL_SECONDS = 0.05
_PARENT_CHECK_SECONDS = 1.0

log = logging.getLogger("swiftfiles.devserver.keystone")


def _quiet_warnings() -> None:
    """Keystone's import chain warns about eventlet, pycadf ids and the like: noise in a test server's log."""
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", PendingDeprecationWarning)
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    warnings.filterwarnings("ignore", message="Invalid uuid")
    warnings.filterwarnings("ignore", message="Policy .* failed scope check")


def defer_saml_schemas() -> None:
    """Defer pysaml2's XML schema compilation (about 1 s at import) until a SAML document is validated.

    Keystone imports pysaml2 for its federation (SAML identity provider) API, whose module
    ``saml2.xml.schema`` builds an ``xmlschema`` validator at import time: a third of Keystone's start-up.
    The devserver never uses SAML, so this installs a stand-in module with the same public names
    (``XMLSchemaError``, ``validate``) that loads the real one on first use. Exceptions stay catchable: the
    real module is made to raise the stand-in's ``XMLSchemaError``.
    """
    name = "saml2.xml.schema"
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    loader = spec.loader
    shim = types.ModuleType(name)
    shim.__file__ = spec.origin
    shim.__path__ = list(spec.submodule_search_locations or [])

    class XMLSchemaError(Exception):
        """Generic error raised when the schema does not validate with a document"""

    XMLSchemaError.__module__ = name
    real_holder: list[types.ModuleType] = []

    def _real() -> types.ModuleType:
        if not real_holder:
            module = importlib.util.module_from_spec(spec)
            loader.exec_module(module)
            module.XMLSchemaError = XMLSchemaError  # type: ignore[attr-defined]
            real_holder.append(module)
        return real_holder[0]

    def validate(doc: Any, validator: Any = None) -> Any:
        return _real().validate(doc, validator)

    def __getattr__(attr: str) -> Any:  # PEP 562: anything else comes from the real module
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(_real(), attr)

    shim.XMLSchemaError = XMLSchemaError  # type: ignore[attr-defined]
    shim.validate = validate  # type: ignore[attr-defined]
    shim.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[name] = shim


class _StopRequest:
    def __init__(self) -> None:
        self.requested = threading.Event()

    def __call__(self, signum: int, frame: types.FrameType | None) -> None:
        self.requested.set()


class _Handler(WSGIRequestHandler):
    """wsgiref's handler, logging requests to the log file (not stderr) and without reverse DNS."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.debug("%s %s", self.client_address[0], format % args)

    def address_string(self) -> str:
        return str(self.client_address[0])


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # A second server on a taken port must fail, not share it.
    allow_reuse_address = False


def serialized(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """Run ``app`` for one request at a time, its response body read in full under the lock."""
    lock = threading.Lock()

    def wrapper(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        with lock:
            result = app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()

    return wrapper


def load_app(conf: Path) -> Callable[..., Iterable[bytes]]:
    """Keystone's public (identity v3) WSGI application, configured from ``conf`` only."""
    defer_saml_schemas()
    from keystone.server.flask import core

    # The stock entry point reads OS_KEYSTONE_CONFIG_* or /etc/keystone; name the file instead.
    app: Callable[..., Iterable[bytes]] = core.initialize_application("public", config_files=[str(conf)])
    # Logged at every password check, whatever the password's length.
    logging.getLogger("keystone.common.password_hashing").setLevel(logging.ERROR)
    return app


def point_identity_endpoints(database: Path, service_id: str, url: str) -> None:
    """Set the URL of every endpoint of the identity service, in Keystone's database, before Keystone runs.

    Keystone's own API would do it too, but only after the server is up and an admin has a token: a second
    or more per start. The ``endpoint`` table has had ``service_id`` and ``url`` since identity v3 began.
    """
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE endpoint SET url = ? WHERE service_id = ?", (url, service_id))


def _watch(stop: _StopRequest, parent_pid: int) -> bool:
    """Block until asked to stop; True when stopping because the parent process is gone."""
    last_check = 0.0
    while not stop.requested.wait(_POLL_SECONDS):
        now = time.monotonic()
        if now - last_check >= _PARENT_CHECK_SECONDS:
            last_check = now
            if os.getppid() != parent_pid:
                return True
    return False


def serve(spec: dict[str, Any]) -> None:
    state_dir = Path(spec["state_dir"])
    stop = _StopRequest()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    # Bind first: the identity endpoints in the catalog need the port.
    server = _ThreadingWSGIServer((spec["host"], int(spec["port"])), _Handler)
    port = server.server_address[1]
    if spec.get("identity_service_id"):
        host = "127.0.0.1" if spec["host"] in ("", "0.0.0.0") else spec["host"]
        point_identity_endpoints(state_dir / "keystone.db", spec["identity_service_id"], f"http://{host}:{port}/v3")
    server.set_app(serialized(load_app(state_dir / "keystone.conf")))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()

    sys.stdout.flush()
    os.write(1, (json.dumps({"pid": os.getpid(), "port": port}) + "\n").encode())
    os.dup2(2, 1)

    orphaned = _watch(stop, int(spec["parent_pid"]))
    if orphaned:
        log.warning("stopping: the parent process %d is gone", spec["parent_pid"])
    server.server_close()
    logging.shutdown()
    if orphaned and spec.get("remove_on_orphan"):
        shutil.rmtree(state_dir, ignore_errors=True)
    os._exit(0)


def manage(conf: Path, args: list[str]) -> None:
    """One ``keystone-manage`` command (the console script's ``main``, with our config file)."""
    from keystone.cmd import cli

    cli.main(argv=["keystone-manage", "--config-file", str(conf), *args])


def main(argv: list[str] | None = None) -> None:
    _quiet_warnings()
    parser = argparse.ArgumentParser(prog="swiftfiles.devserver.keystone_run")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--launch", type=Path, help="keystone-launch.json written by KeystoneServer")
    group.add_argument("--manage", type=Path, metavar="CONF", help="run keystone-manage with this config file")
    args, rest = parser.parse_known_args(argv)
    if args.manage is not None:
        manage(args.manage, rest)
        return
    if rest:
        parser.error(f"unexpected arguments: {rest}")
    # oslo.config parses sys.argv when Keystone configures itself: leave it nothing to misread.
    sys.argv = sys.argv[:1]
    serve(json.loads(args.launch.read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
