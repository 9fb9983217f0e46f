"""``swiftfiles-server``: run the development Swift until Ctrl-C or SIGTERM.

Prints shell exports for the admin user (``eval``-able lines such as
``export ST_AUTH=...``) and a comment with the storage and /info URLs, then
waits.  This is the only devserver code that prints.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import Any

from .accounts import ADMIN_USER
from .server import DevServer, DevServerError, ServerInfo

__all__ = ["main"]


class _Stop(Exception):
    """Raised from the SIGTERM handler to leave the wait loop."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="swiftfiles-server",
        description="Run a real single-node OpenStack Swift (tempauth) on loopback for development.",
    )
    parser.add_argument(
        "--state-dir",
        help="keep configs, logs and data in DIR (reused across runs); default: a temporary directory removed on exit",
        metavar="DIR",
    )
    parser.add_argument("--host", default="127.0.0.1", help="proxy bind address (default %(default)s)")
    parser.add_argument("--port", type=int, default=None, help="proxy port (default: any free port)")
    parser.add_argument(
        "--token-life",
        type=int,
        default=86400,
        metavar="SECONDS",
        help="tempauth token lifetime (default %(default)s)",
    )
    parser.add_argument("--log-level", default="WARNING", help="level for server.log (default %(default)s)")
    parser.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS with a throwaway CA and certificate for 127.0.0.1/localhost (exports OS_CACERT)",
    )
    parser.add_argument("--tls-cert", metavar="PEM", help="serve HTTPS with this certificate (with --tls-key)")
    parser.add_argument("--tls-key", metavar="PEM", help="the private key of --tls-cert")
    parser.add_argument(
        "--updater-interval",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="seconds between container-updater passes (account stats); 0 = off (default %(default)s)",
    )
    parser.add_argument(
        "--expirer-interval",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="seconds between object-expirer passes; 0 = off (default %(default)s)",
    )
    parser.add_argument(
        "--rackspace",
        action="store_true",
        help="also start the Rackspace identity v2.0 + Cloud Files CDN EMULATORS in front of Swift "
        "(prints their OS_* exports instead of the tempauth ST_* ones)",
    )
    parser.add_argument(
        "--rackspace-port",
        type=int,
        default=0,
        metavar="PORT",
        help="identity emulator port (default: any free port; the catalog lists the others)",
    )
    parser.add_argument(
        "--rackspace-token-life",
        type=float,
        default=86400.0,
        metavar="SECONDS",
        help="lifetime of emulator-issued tokens (default %(default)s)",
    )
    parser.add_argument(
        "--rackspace-purge-limit",
        type=int,
        default=25,
        metavar="N",
        help="CDN purges a day per account before 498 (default %(default)s)",
    )
    return parser


def _exports(info: ServerInfo, ca_file: str | None = None) -> str:
    lines = [f"export {name}={shlex.quote(value)}" for name, value in info.env(ADMIN_USER).items()]
    if ca_file:  # swiftfiles, swift's CLI and the OpenStack tools trust it through OS_CACERT
        lines.append(f"export OS_CACERT={shlex.quote(ca_file)}")
    lines.append(f"# storage URL: {info.storage_url}  info: {info.info_url}")
    others = ", ".join(f"{user} / {key}" for user, key in info.users.items() if user != ADMIN_USER)
    lines.append(f"# other users: {others}; state dir: {info.state_dir}")
    return "\n".join(lines) + "\n"


def _rackspace_exports(rax: Any, info: ServerInfo) -> str:
    lines = [f"export {k}={shlex.quote(v)}" for k, v in rax.env().items()]
    lines += [f"# {line}" for line in rax.summary()]
    lines.append(f"# tempauth still works (not exported, it would clash): {info.auth_url} test:tester / testing")
    return "\n".join(lines) + "\n"


def _tls(
    args: argparse.Namespace, parser: argparse.ArgumentParser, scratch: Path
) -> tuple[str, str, str | None] | None:
    """``(cert, key, CA file or None)`` for the HTTPS options, or None for plain HTTP."""
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    if args.tls and args.tls_cert:
        parser.error("--tls makes its own certificate; give either --tls or --tls-cert/--tls-key")
    if args.rackspace and (args.tls or args.tls_cert):
        parser.error("the Rackspace emulators speak plain HTTP; --rackspace does not go with --tls")
    if args.tls_cert:
        return args.tls_cert, args.tls_key, None
    if not args.tls:
        return None
    from .tlscert import make_tls_files  # needs the server extra's cryptography

    files = make_tls_files(scratch)  # removed on exit, like a state dir that was not given
    return str(files.cert), str(files.key), str(files.ca_cert)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="swiftfiles-server-tls-") as scratch:
        tls = _tls(args, parser, Path(scratch))
        try:
            server = DevServer(
                state_dir=args.state_dir,
                host=args.host,
                port=args.port,
                token_life=args.token_life,
                log_level=args.log_level,
                updater_interval=args.updater_interval,
                expirer_interval=args.expirer_interval,
                tls=tls[:2] if tls else None,
            )
        except ValueError as exc:
            sys.stderr.write(f"swiftfiles-server: {exc}\n")
            return 2
        return _serve(server, args, tls[2] if tls else None)


def _serve(server: DevServer, args: argparse.Namespace, ca_file: str | None) -> int:
    signal.signal(signal.SIGTERM, _raise_stop)
    status = 0
    emulator: Any = None
    try:
        info = server.start()
        if args.rackspace:
            from .rackspace import RackspaceEmulator

            emulator = RackspaceEmulator(
                info,
                token_life=args.rackspace_token_life,
                purge_limit=args.rackspace_purge_limit,
                host=args.host,
                identity_port=args.rackspace_port,
                state_dir=args.state_dir,
            )
            sys.stdout.write(_rackspace_exports(emulator.start(), info))
        else:
            sys.stdout.write(_exports(info, ca_file))
        sys.stdout.flush()
        while server.running:
            time.sleep(0.5)
        sys.stderr.write(f"swiftfiles-server: the server exited unexpectedly; see {info.log_file}\n")
        status = 1
    except (KeyboardInterrupt, _Stop):
        pass
    except (DevServerError, ValueError, OSError) as exc:
        sys.stderr.write(f"swiftfiles-server: {exc}\n")
        status = 1
    finally:
        # A second Ctrl-C/SIGTERM must not interrupt the cleanup.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if emulator is not None:
            emulator.stop()
        server.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
