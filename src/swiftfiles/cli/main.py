"""Entry point of the ``swiftfiles`` console script and of ``python -m swiftfiles``.

It turns outcomes into exit statuses: 0 success, 1 an operation failed (each failure one line on stderr, naming
the object and Swift's transaction id), 2 a usage or configuration error, 130 interrupted by Ctrl-C. Tracebacks
are shown only with ``--debug``. Without the ``cli`` extra it says how to install it and exits 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

INSTALL_HINT = "swiftfiles: the command line needs its extra: pip install 'swiftfiles[cli]'\n"


def main(argv: Sequence[str] | None = None, prog_name: str = "swiftfiles") -> None:
    """Run the command line and exit with its status (never returns)."""
    sys.exit(run(argv, prog_name))


def run(argv: Sequence[str] | None = None, prog_name: str = "swiftfiles") -> int:
    """Run the command line and return its exit status."""
    try:
        import click
    except ImportError:
        sys.stderr.write(INSTALL_HINT)
        return 2
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    from .app import cli
    from .output import CommandFailed, UsageProblem, error_line

    try:
        result = cli.main(args=args, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Abort:
        sys.stderr.write("swiftfiles: interrupted\n")
        return 130
    except KeyboardInterrupt:  # raised outside click's own handling (e.g. while closing the client)
        sys.stderr.write("swiftfiles: interrupted\n")
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except CommandFailed as exc:
        if debug:
            import traceback

            traceback.print_exception(exc)
        for line in exc.lines:
            sys.stderr.write(line + "\n")
        if exc.summary:
            sys.stderr.write(f"swiftfiles: {exc.summary}\n")
        return 1
    except UsageProblem as exc:
        sys.stderr.write(f"swiftfiles: error: {exc}\n")
        return 2
    except BrokenPipeError:  # `swiftfiles cat ... | head`: the reader left, which is not an error
        _silence_stdout()
        return 0
    except Exception as exc:
        if debug:
            raise
        from swiftfiles import ConfigurationError

        sys.stderr.write(error_line(exc) + "\n")
        return 2 if isinstance(exc, ConfigurationError) else 1
    return result if isinstance(result, int) else 0


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so Python's exit-time flush does not complain."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
