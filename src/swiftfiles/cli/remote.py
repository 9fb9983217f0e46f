"""rclone-style commands on ``swift://`` paths: ``ls``, ``size``, ``cat``, ``rcat``, ``mkdir``, ``rmdir``, ``purge``."""

from __future__ import annotations

import sys

import click

from .common import failures_named, json_option, open_client, output
from .objects import delete_objects
from .output import CommandFailed, human_size, iso_time
from .paths import RemotePath, parse_remote


def remote_arg(text: str, *, object_needed: bool = False, prefix_allowed: bool = True) -> RemotePath:
    """A ``swift://`` command-line argument as a ``RemotePath``; ``click.UsageError`` (exit status 2) otherwise."""
    try:
        path = parse_remote(text)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if object_needed and (not path.prefix or path.prefix.endswith("/")):
        raise click.UsageError(f"{text!r} names no object; write swift://CONTAINER/OBJECT")
    if not prefix_allowed and path.prefix:
        raise click.UsageError(f"{text!r}: give only swift://CONTAINER (containers hold no real folders)")
    return path


@click.command(epilog="Examples: swiftfiles ls swift://photos; swiftfiles ls swift://photos/2024 --json")
@click.argument("path", metavar="swift://CONTAINER[/PREFIX]")
@json_option
def ls(path: str, json_: bool) -> None:
    """List every object under the path with its size (names relative to the path)."""
    where = remote_arg(path)
    out = output(json_)
    entries = []
    with open_client() as client, failures_named(str(where)):
        for obj in client.list_container_objects(
            where.container, prefix=where.folder_prefix or None, full_listing=True
        ):
            rel = obj.name[len(where.folder_prefix) :]
            if json_:
                entries.append(
                    {
                        "name": rel,
                        "bytes": obj.total_bytes,
                        "hash": obj.etag,
                        "last_modified": iso_time(obj.last_modified),
                    }
                )
            else:
                out.line(f"{obj.total_bytes:>12} {rel}")
    if json_:
        out.document(entries)


@click.command(epilog="Examples: swiftfiles size swift://backups; swiftfiles size swift://backups/2024 --json")
@click.argument("path", metavar="swift://CONTAINER[/PREFIX]")
@json_option
def size(path: str, json_: bool) -> None:
    """Count the objects under the path and their bytes."""
    where = remote_arg(path)
    count = total = 0
    with open_client() as client, failures_named(str(where)):
        for obj in client.list_container_objects(
            where.container, prefix=where.folder_prefix or None, full_listing=True
        ):
            count += 1
            total += obj.total_bytes
    out = output(json_)
    if json_:
        out.document({"count": count, "bytes": total})
    else:
        out.line(f"Total objects: {count}")
        out.line(f"Total size: {human_size(total)} ({total} bytes)")


@click.command(epilog="Examples: swiftfiles cat swift://logs/today.txt | grep ERROR")
@click.argument("path", metavar="swift://CONTAINER/OBJECT")
def cat(path: str) -> None:
    """Write an object to stdout, streamed (a plain object's MD5 is checked at the end: a mismatch exits 1)."""
    from .download import to_stdout

    where = remote_arg(path, object_needed=True)
    with open_client() as client, failures_named(f"{where.container}/{where.prefix}"):
        to_stdout(client, where.container, where.prefix)


@click.command(epilog="Examples: tar c ./site | swiftfiles rcat swift://backups/site.tar")
@click.argument("path", metavar="swift://CONTAINER/OBJECT")
def rcat(path: str) -> None:
    """Store stdin as an object: any length, in bounded memory (long streams become segmented objects)."""
    where = remote_arg(path, object_needed=True)
    with open_client() as client, failures_named(f"{where.container}/{where.prefix}"):
        client.create_container(where.container)
        client.store_object(where.container, where.prefix, sys.stdin.buffer, chunk_size=1 << 20)


@click.command(epilog="Examples: swiftfiles mkdir swift://photos")
@click.argument("path", metavar="swift://CONTAINER")
def mkdir(path: str) -> None:
    """Create a container (nothing happens when it exists)."""
    where = remote_arg(path, prefix_allowed=False)
    with open_client() as client, failures_named(where.container):
        client.create_container(where.container)


@click.command(epilog="Examples: swiftfiles rmdir swift://old-empty-container")
@click.argument("path", metavar="swift://CONTAINER")
def rmdir(path: str) -> None:
    """Delete an empty container (one that holds objects is refused: see purge)."""
    where = remote_arg(path, prefix_allowed=False)
    with open_client() as client, failures_named(where.container):
        client.delete(where.container)


@click.command(epilog="Examples: swiftfiles purge swift://scratch; swiftfiles purge swift://logs/2023")
@click.argument("path", metavar="swift://CONTAINER[/PREFIX]")
def purge(path: str) -> None:
    """Delete everything under the path; for a whole container, the container too.

    Large objects go with their segments, and an emptied CONTAINER_segments container is removed as well.
    """
    from swiftfiles import Conflict, NotFound

    where = remote_arg(path)
    with open_client() as client:
        with failures_named(str(where)):
            names = list(
                client.list_container_object_names(
                    where.container, prefix=where.folder_prefix or None, full_listing=True
                )
            )
        errors = delete_objects(client, where.container, names)
        if errors:
            raise CommandFailed(errors, f"{len(errors)} of {len(names)} deletions failed")
        if not where.prefix:
            with failures_named(where.container):
                client.delete(where.container)
            segments = where.container + client.transfer_config.segment_container_suffix
            try:
                if not client.list_container_object_names(segments, limit=1):
                    client.delete(segments)
            except (NotFound, Conflict):
                pass
