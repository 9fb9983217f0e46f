"""The server child: ``python -m swiftfiles.devserver.run --launch <state>/launch.json``.

(``DevServer`` starts it through a small
bootstrap that skips ``swiftfiles/__init__.py``; see ``server._CHILD_BOOTSTRAP``.)

Runs Swift's proxy, account, container and object servers in this one
process, each loaded with ``loadapp`` from its own config and served by
``eventlet.wsgi`` in a green thread, the way Swift's in-process functional
tests do.  One process starts in about half the time of four and needs no
supervision.  Everything eventlet (monkey-patching included) happens here,
never in the parent.  Once the servers listen, the container-updater and
the object-expirer run in green threads of their own, a single pass every
``updater_interval``/``expirer_interval`` seconds
(``swiftfiles.devserver.daemons``).

Protocol with the parent (``swiftfiles.devserver.server``): once every
socket listens and every app is loaded, write one ``ReadyReport`` JSON
line to stdout and point stdout at the log.  Stop on SIGTERM/SIGINT, or by
itself within a second when the parent process is gone (then also remove a
temporary state directory), so no stray server survives a crashed test run.
Errors go to stderr, which the parent connects to ``server.log``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sys
import time
import warnings
from pathlib import Path
from types import FrameType
from typing import Any

from .launch import LOG_FILE, LaunchSpec, ReadyReport

# How quickly a SIGTERM is noticed; waking the hub 20 times a second costs nothing measurable.
_POLL_SECONDS = 0.05
_PARENT_CHECK_SECONDS = 1.0


class _StopRequest:
    """Set from a signal handler; read by the main loop (no module-level state)."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True


def _listen(host: str, port: int) -> Any:
    import eventlet

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # No SO_REUSEPORT: a second server on a taken --port must fail, not share it.
    return eventlet.listen((host, port), family=family, backlog=1024, reuse_port=False)


def tls_context(cert_file: str, key_file: str) -> Any:
    """The proxy's server-side TLS context, made as Swift's ``get_socket`` makes it for ``cert_file``/``key_file``.

    Green (``eventlet.green.ssl``), so handshakes never block the other servers of this one process.
    """
    from eventlet.green import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.verify_mode = ssl.CERT_NONE  # no client certificates
    context.load_cert_chain(cert_file, key_file)
    return context


def _serve(spec: LaunchSpec) -> tuple[ReadyReport, list[Any]]:
    """Configure and start all four servers; return the report and the listening sockets."""
    import eventlet
    import eventlet.wsgi
    from swift.common import constraints, storage_policy, utils
    from swift.common.http_protocol import SwiftHttpProtocol
    from swift.common.wsgi import loadapp

    from . import config
    from .logsetup import reroute_existing_loggers
    from .statedir import supports_large_xattrs

    layout = config.Layout(Path(spec.state_dir))
    layout.create()
    in_memory = spec.memory_objects or not supports_large_xattrs(layout.devices)

    proxy_sock = _listen(spec.host, spec.port)
    if spec.tls is not None:
        proxy_sock = tls_context(*spec.tls).wrap_socket(proxy_sock, server_side=True)
    backend_socks = {name: _listen("127.0.0.1", 0) for name in config.BACKENDS}
    backend_ports = {name: s.getsockname()[1] for name, s in backend_socks.items()}
    proxy_port = proxy_sock.getsockname()[1]

    paths = config.write_all(
        layout,
        host=spec.host,
        proxy_port=proxy_port,
        backend_ports=backend_ports,
        log_level=spec.log_level,
        token_life=spec.token_life,
        users=spec.users,
        in_memory=in_memory,
        daemon_intervals={
            "container-updater": spec.updater_interval,
            "object-expirer": spec.expirer_interval,
        },
        keystone=spec.keystone,
        tls=spec.tls,
    )

    # Swift reads policies and constraints from SWIFT_CONF_FILE (default /etc/swift/swift.conf).
    utils.set_swift_dir(str(layout.etc))
    constraints.reload_constraints()
    storage_policy.reload_storage_policies()
    utils.disable_fallocate()

    warnings.filterwarnings("ignore", message="capitalize_response_headers is disabled")
    socks = [proxy_sock, *backend_socks.values()]
    for name, sock in zip(["proxy", *config.BACKENDS], socks, strict=True):
        app = loadapp(str(paths[name]), global_conf={"log_name": f"{name}-server"})
        eventlet.spawn_n(
            eventlet.wsgi.server,
            sock,
            app,
            utils.NullLogger(),
            custom_pool=eventlet.GreenPool(1024),
            protocol=SwiftHttpProtocol,
            socket_timeout=60.0,
            capitalize_response_headers=False,
            url_length_limit=constraints.MAX_REQUEST_LINE,
        )
    reroute_existing_loggers()
    report = ReadyReport(pid=os.getpid(), port=proxy_port, backend_ports=backend_ports, in_memory_objects=in_memory)
    return report, socks


def _announce(report: ReadyReport) -> None:
    """Tell the parent we are ready, then send later stdout writes to the log (stderr)."""
    sys.stdout.flush()
    os.write(1, report.to_line())
    os.dup2(2, 1)


def _wait(spec: LaunchSpec) -> bool:
    """Block until asked to stop; return True when stopping because the parent died."""
    import eventlet

    stop = _StopRequest()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    last_check = 0.0
    while not stop.requested:
        eventlet.sleep(_POLL_SECONDS)
        now = time.monotonic()
        if now - last_check >= _PARENT_CHECK_SECONDS:
            last_check = now
            if os.getppid() != spec.parent_pid:
                return True
    return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m swiftfiles.devserver.run")
    parser.add_argument("--launch", required=True, type=Path, help="launch.json written by DevServer")
    args = parser.parse_args(argv)
    spec = LaunchSpec.read(args.launch)

    # Like swift's run_server: fixed TZ avoids stat('/etc/localtime') per log line.
    os.environ["TZ"] = "UTC+0"
    time.tzset()
    from swift.common import utils

    utils.monkey_patch()
    from .logsetup import log_to_file

    log_to_file(Path(spec.state_dir) / LOG_FILE, spec.log_level)

    report, socks = _serve(spec)
    _announce(report)
    from .config import Layout
    from .daemons import start_daemons

    daemons = start_daemons(Layout(Path(spec.state_dir)), spec.updater_interval, spec.expirer_interval)
    orphaned = _wait(spec)

    for daemon in daemons:
        daemon.kill()
    for sock in socks:
        sock.close()
    import logging

    log = logging.getLogger("swiftfiles.devserver")
    if orphaned:
        log.warning("stopping: the parent process %d is gone", spec.parent_pid)
    else:
        log.info("stopping on signal")
    logging.shutdown()
    if orphaned and spec.remove_on_orphan:
        shutil.rmtree(spec.state_dir, ignore_errors=True)
    # Skip interpreter teardown: green threads and their sockets die with the process.
    os._exit(0)


if __name__ == "__main__":
    main()
