"""``swiftfiles job OPERATION SRC [DST]``: copy or verify a whole container as Dask tasks (``swiftfiles.dask_jobs``).

For containers too big for one process. The command lists SRC once, cuts it into ranges of names, runs one Dask
task per range and prints the merged result. ``--scheduler`` says where the tasks run: threads of this process
(the default), worker processes of a ``LocalCluster`` started for the job (``local``), or a running Dask cluster
(its scheduler's address). Workers build their own client from the same credentials the command was given, reusing
its token until it expires. Needs ``swiftfiles[dask]``; Dask is imported only by this command.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import click

from .common import json_option, output, session
from .output import CommandFailed, UsageProblem, error_line
from .paths import RemotePath, is_remote
from .remote import remote_arg

#: The operations of ``swiftfiles.dask_jobs`` (spelled here so that ``--help`` does not import Dask).
OPERATIONS = ("copy-to-container", "copy-to-local", "verify-md5")
#: ``--scheduler`` values Dask understands by name; anything else is a distributed scheduler's address.
LOCAL_SCHEDULERS = ("sync", "threads", "processes")


def _targets(operation: str, src: str, dst: str | None) -> tuple[RemotePath, dict[str, Any]]:
    """SRC as a remote path, and ``run_job``'s destination keywords from DST; ``UsageProblem`` when they do not
    fit the operation."""
    source = remote_arg(src)
    if operation == "verify-md5":
        if dst is not None:
            raise UsageProblem("verify-md5 takes no DST")
        return source, {}
    if dst is None:
        wanted = "swift://CONTAINER[/PREFIX]" if operation == "copy-to-container" else "a local folder"
        raise UsageProblem(f"{operation} needs DST ({wanted})")
    if operation == "copy-to-container":
        if not is_remote(dst):
            raise UsageProblem(f"{dst!r}: copy-to-container copies to swift://CONTAINER[/PREFIX]")
        target = remote_arg(dst)
        return source, {"dest_container": target.container, "dest_prefix": target.folder_prefix}
    if is_remote(dst):
        raise UsageProblem(f"{dst!r}: copy-to-local copies to a local folder")
    return source, {"local_dir": dst}


@contextlib.contextmanager
def _dask_client(scheduler: str, workers: int | None) -> Iterator[tuple[Any, str | None]]:
    """``(distributed.Client or None, scheduler name or None)`` for ``run_job``; a LocalCluster is closed after."""
    if scheduler in LOCAL_SCHEDULERS:
        yield None, scheduler
        return
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, processes=True)  # type: ignore[no-untyped-call]
        with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client, None
    else:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client, None


@click.command(
    epilog="Examples: swiftfiles job verify-md5 swift://photos; "
    "swiftfiles job copy-to-container swift://photos swift://photos-backup --scheduler local --workers 4; "
    "swiftfiles job copy-to-local swift://photos/2024 /mnt/shared/photos --scheduler tcp://scheduler:8786",
)
@click.argument("operation", type=click.Choice(OPERATIONS))
@click.argument("src", metavar="swift://CONTAINER[/PREFIX]")
@click.argument("dst", required=False, metavar="[swift://CONTAINER[/PREFIX] | FOLDER]")
@click.option(
    "--scheduler",
    default="threads",
    show_default=True,
    help="threads, processes or sync (this machine, no cluster); local (a LocalCluster of worker processes); "
    "or a Dask scheduler's address, e.g. tcp://scheduler:8786.",
)
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes for --scheduler local.")
@click.option(
    "--objects-per-task",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Objects in each Dask task (a range of names).",
)
@json_option
def job(
    operation: str, src: str, dst: str | None, scheduler: str, workers: int | None, objects_per_task: int, json_: bool
) -> None:
    """Copy or verify every object under SRC as Dask tasks, for containers too big for one process.

    copy-to-container makes server-side copies (DST's prefix goes in front of each full name); copy-to-local makes
    verified downloads into FOLDER, which every worker must be able to write; verify-md5 reads every object and
    checks its MD5s (dynamic large objects have none: they are counted as skipped). Failed objects are listed on
    stderr and the exit status is 1. Needs swiftfiles[dask].
    """
    source, destination = _targets(operation, src, dst)
    if workers is not None and scheduler != "local":
        raise UsageProblem("--workers is for --scheduler local")
    try:
        from swiftfiles.dask_jobs import run_job
    except ImportError as exc:
        raise UsageProblem(f"swiftfiles job needs Dask: pip install 'swiftfiles[dask]' ({exc})") from None
    options = session().storage_options()
    with _dask_client(scheduler, workers) as (client, named):
        try:
            result = run_job(
                operation,
                source.container,
                storage_options=options,
                prefix=source.folder_prefix or None,
                objects_per_range=objects_per_task,
                client=client,
                scheduler=named,
                **destination,
            )
        except ValueError as exc:
            raise UsageProblem(str(exc)) from None
        except OSError as exc:  # the filesystem's builtins: a missing container, a refused login
            reason = exc.strerror or str(exc)  # without fsspec's "[Errno 2] ...: 'path'" framing
            raise CommandFailed([error_line(RuntimeError(reason), str(source))]) from exc
    out = output(json_)
    if json_:
        out.document(
            {
                "operation": result.operation,
                "objects": result.objects,
                "bytes": result.bytes,
                "skipped": result.skipped,
                "errors": [{"name": name, "error": message} for name, message in result.errors],
            }
        )
    else:
        out.line(result.summary())
    if result.errors:
        lines = [error_line(RuntimeError(message), f"{source.container}/{name}") for name, message in result.errors]
        raise CommandFailed(lines, f"{len(result.errors)} of {result.objects + len(result.errors)} objects failed")
