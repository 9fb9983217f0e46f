"""The click group: global options (credentials, ``-q``, ``--debug``, ``--version``) and lazily loaded commands.

Commands are listed here by module and imported only when one runs (or when ``--help`` lists them), so a
one-shot command pays for its own imports only, and ``--version`` for none of swiftfiles' client.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

from .._version import __version__
from .credentials import ConnectionOptions, Session, credential_options

#: command name → ("module:function" inside swiftfiles.cli, the one-line help shown by ``swiftfiles --help``).
#: The help lines live here so that listing the commands imports none of them.
COMMANDS: dict[str, tuple[str, str]] = {
    "stat": ("account:stat", "Show the account, a container or an object."),
    "list": ("account:list_", "List containers, or the objects of a container."),
    "upload": ("upload:upload", "Upload files and folders (verified; large objects done right)."),
    "download": ("download:download", "Download objects (verified, atomic; -o FILE or - for stdout)."),
    "delete": ("objects:delete", "Delete objects, or a container with everything in it."),
    "post": ("objects:post", "Update metadata and ACLs of the account, a container or an object."),
    "copy": ("objects:copy", "Copy objects server-side (-d), or copy a tree (SRC DST, never deletes)."),
    "tempurl": ("tempurl:tempurl", "Sign a temporary URL (offline)."),
    "capabilities": ("account:capabilities", "Show the cluster's /info: limits and middleware."),
    "auth": ("account:auth", "Print shell exports of the storage URL and token."),
    "sync": ("tree:sync", "Make DST like SRC (local <-> swift://, swift:// -> swift://)."),
    "ls": ("remote:ls", "List objects under swift://CONTAINER[/PREFIX] with sizes."),
    "size": ("remote:size", "Count objects and bytes under swift://CONTAINER[/PREFIX]."),
    "cat": ("remote:cat", "Write an object to stdout."),
    "rcat": ("remote:rcat", "Store stdin as an object (any length, bounded memory)."),
    "mkdir": ("remote:mkdir", "Create a container."),
    "rmdir": ("remote:rmdir", "Delete an empty container."),
    "purge": ("remote:purge", "Delete everything under a path (segments included)."),
    "job": ("job:job", "Copy or verify a whole container as Dask tasks (swiftfiles[dask])."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attr = entry[0].split(":")
        module = importlib.import_module(f"{__package__}.{module_name}")
        command = getattr(module, attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the registry, without importing the commands."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_) for name, (_, help_) in COMMANDS.items()])


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
    epilog="Example: ST_AUTH=http://127.0.0.1:8080/auth/v1.0 ST_USER=test:tester ST_KEY=testing swiftfiles stat",
)
@click.version_option(__version__, "--version", prog_name="swiftfiles", message="%(prog)s %(version)s")
@click.option("-q", "--quiet", is_flag=True, help="Print no results or progress; errors still go to stderr.")
@click.option("-v", "--verbose", "--info", is_flag=True, help="Log the library's INFO lines to stderr.")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error.")
@credential_options
@click.pass_context
def cli(
    ctx: click.Context,
    /,
    quiet: bool,
    verbose: bool,
    debug: bool,
    insecure: bool | None,
    cacert: str | None,
    cert: str | None,
    cert_key: str | None,
    timeout: float | None,
    retries: int | None,
    snet: bool,
    **credentials: Any,
) -> None:
    """Work with OpenStack Swift and Rackspace Cloud Files: swift's commands, rclone-style tree commands.

    Credentials come from swift's options below, ST_AUTH/ST_USER/ST_KEY, the OS_* variables, or OS_CLOUD with
    clouds.yaml (an option wins over the environment). Remote trees are written swift://CONTAINER[/PREFIX].
    Exit status: 0 success, 1 an operation failed, 2 usage or configuration error, 130 interrupted.
    """
    if verbose or debug:
        _log_to_stderr(logging.DEBUG if debug else logging.INFO)
    ctx.obj = Session(
        credentials=credentials,
        connection=ConnectionOptions(
            insecure=bool(insecure),
            cacert=cacert,
            cert=cert,
            cert_key=cert_key,
            timeout=timeout,
            retries=retries,
            snet=snet,
        ),
        quiet=quiet,
        debug=debug,
        verbose=verbose,
    )


def _log_to_stderr(level: int) -> None:
    """``-v``: the library's INFO lines (each sync action, retries...) on stderr; ``--debug``: DEBUG too.

    The library's log lines never hold tokens, keys or signatures, so this is safe to paste into a bug report.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("swiftfiles: %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("swiftfiles")
    logger.addHandler(handler)
    logger.setLevel(level)
