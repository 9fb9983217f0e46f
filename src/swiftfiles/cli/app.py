"""The click group: global options (credentials, ``-q``, ``--debug``, ``--version``) and lazily loaded commands.

Commands are listed here by module and imported only when one runs (or when ``--help`` lists them), so a
one-shot command pays for its own imports only, and ``--version`` for none of swiftfiles' client.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from .._version import __version__
from .credentials import ConnectionOptions, Session, credential_options

#: command name → "module:function" inside swiftfiles.cli (swift's commands, then rclone-style tree commands).
COMMANDS: dict[str, str] = {
    "stat": "account:stat",
    "list": "account:list_",
    "capabilities": "account:capabilities",
    "auth": "account:auth",
    "upload": "upload:upload",
    "download": "download:download",
    "delete": "objects:delete",
    "post": "objects:post",
    "copy": "objects:copy",
    "tempurl": "tempurl:tempurl",
    "sync": "tree:sync",
    "ls": "remote:ls",
    "size": "remote:size",
    "cat": "remote:cat",
    "rcat": "remote:rcat",
    "mkdir": "remote:mkdir",
    "rmdir": "remote:rmdir",
    "purge": "remote:purge",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"{__package__}.{module_name}")
        command = getattr(module, attr)
        assert isinstance(command, click.Command)
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
    epilog="Example: ST_AUTH=http://127.0.0.1:8080/auth/v1.0 ST_USER=test:tester ST_KEY=testing swiftfiles stat",
)
@click.version_option(__version__, "--version", prog_name="swiftfiles", message="%(prog)s %(version)s")
@click.option("-q", "--quiet", is_flag=True, help="Print no results or progress; errors still go to stderr.")
@click.option("-v", "--verbose", is_flag=True, help="More detail on stderr.")
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
