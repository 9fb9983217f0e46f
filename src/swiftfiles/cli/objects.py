"""swift's changing commands on containers and objects: ``delete``, ``post`` and ``copy``.

``copy`` also takes rclone's form, ``copy SRC DST`` with ``swift://`` paths (see ``tree``): with ``-d`` it is
swift's server-side copy of objects, without it a tree copy that never deletes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .common import failures_named, open_client, output, parse_pairs, refuse, run_pool
from .output import CommandFailed, error_line
from .transfer_options import transfer_config
from .tree import TreeOptions, run_tree, tree_options

if TYPE_CHECKING:
    from swiftfiles import StorageClient


def delete_objects(client: StorageClient, container: str, names: list[str], threads: int = 10) -> list[str]:
    """Delete *names* (large objects with their segments, unless the client's config leaves them); error lines."""
    errors: list[str] = []

    def one(name: str) -> str | None:
        try:
            client.delete_object(container, name)
            return name
        except Exception as exc:  # noqa: BLE001 - one object's failure is reported, the others go on
            errors.append(error_line(exc, f"{container}/{name}"))
            return None

    deleted = [n for n in run_pool(client, one, names, threads) if n is not None]
    out = output()
    for name in deleted:
        out.line(name)
    return errors


@click.command(
    epilog="Examples: swiftfiles delete photos cat.jpg; swiftfiles delete photos -p 2023/; "
    "swiftfiles delete photos   # every object, then the container",
)
@click.argument("container")
@click.argument("objects", metavar="[OBJECT...]", nargs=-1)
@click.option("-p", "--prefix", help="Delete only objects whose names start with PREFIX (the container stays).")
@click.option("--leave-segments", is_flag=True, help="Keep the segments of deleted large objects.")
@click.option(
    "--object-threads", type=click.IntRange(1, 64), default=10, show_default=True, help="Objects deleted at once."
)
@refuse("-a", "--all", why="delete containers one by one (swiftfiles purge swift://CONTAINER)")
@refuse("--version-id", flag=False, why="object versions are not addressed by the CLI yet")
@refuse("--container-threads", flag=False, why="one container is deleted at a time; use --object-threads")
def delete(
    container: str, objects: tuple[str, ...], prefix: str | None, leave_segments: bool, object_threads: int
) -> None:
    """Delete objects, or a whole container with everything in it.

    Better than swift's: deleting a large object deletes its segments (unless --leave-segments), so nothing is
    left stored and billed with nothing pointing at it.
    """
    if objects and prefix:
        raise click.UsageError("give OBJECTs or -p/--prefix, not both")
    config = transfer_config(leave_segments=leave_segments)
    with open_client(config) as client:
        if objects:
            names = list(objects)
        else:
            with failures_named(container):
                names = list(client.list_container_object_names(container, prefix=prefix, full_listing=True))
        errors = delete_objects(client, container, names, object_threads)
        if errors:
            raise CommandFailed(errors, f"{len(errors)} of {len(names)} deletions failed")
        if not objects and not prefix:
            with failures_named(container):
                client.delete(container)
            output().line(container)


@click.command(
    epilog="Examples: swiftfiles post photos -r '.r:*,.rlistings'; swiftfiles post photos cat.jpg -m Owner:me; "
    "swiftfiles post -m Quota-Bytes:0",
)
@click.argument("container", required=False)
@click.argument("obj", metavar="[OBJECT]", required=False)
@click.option("-m", "--meta", "metas", multiple=True, metavar="NAME:VALUE", help="Metadata item (repeatable).")
@click.option("-H", "--header", "headers", multiple=True, metavar="NAME:VALUE", help="Header (repeatable).")
@click.option("-r", "--read-acl", help="Container read ACL, e.g. '.r:*,.rlistings'.")
@click.option("-w", "--write-acl", help="Container write ACL, e.g. 'account:user'.")
@refuse("-t", "--sync-to", "-k", "--sync-key", flag=False, why="container sync is not offered by swiftfiles")
def post(
    container: str | None,
    obj: str | None,
    metas: tuple[str, ...],
    headers: tuple[str, ...],
    read_acl: str | None,
    write_acl: str | None,
) -> None:
    """Update metadata of the account, a container (created when missing) or an object.

    Unlike swift's, an object POST keeps the object's other metadata (swiftfiles merges), so the stored
    modification time survives.
    """
    meta = parse_pairs(metas, ":", "NAME:VALUE")
    extra = parse_pairs(headers, ":", "NAME:VALUE")
    if (read_acl or write_acl) and (container is None or obj is not None):
        raise click.UsageError("-r/--read-acl and -w/--write-acl apply to a container")
    with open_client() as client:
        if container is None:
            with failures_named("account"):
                if meta:
                    client.set_account_metadata(meta)
                if extra:
                    client.set_account_metadata(extra, prefix="")
        elif obj is None:
            _post_container(client, container, meta, extra, read_acl, write_acl)
        else:
            _post_object(client, container, obj, meta, extra)


def _post_container(
    client: StorageClient,
    container: str,
    meta: dict[str, str],
    extra: dict[str, str],
    read_acl: str | None,
    write_acl: str | None,
) -> None:
    from swiftfiles import NoSuchContainer

    if read_acl is not None:
        extra["X-Container-Read"] = read_acl
    if write_acl is not None:
        extra["X-Container-Write"] = write_acl
    with failures_named(container):
        try:
            client.get_container(container)
        except NoSuchContainer:
            client.create_container(container)
        if meta:
            client.set_container_metadata(container, meta)
        if extra:
            client.set_container_metadata(container, extra, prefix="")


def _post_object(client: StorageClient, container: str, obj: str, meta: dict[str, str], extra: dict[str, str]) -> None:
    content_type: str | None = None
    delete_after: int | None = None
    for name, value in extra.items():
        low = name.lower()
        if low.startswith("x-object-meta-"):
            meta[name[len("x-object-meta-") :]] = value
        elif low == "content-type":
            content_type = value
        elif low == "x-delete-after":
            delete_after = int(value)
        else:
            raise click.UsageError(
                f"header {name!r}: object posts take X-Object-Meta-*, Content-Type and X-Delete-After"
            )
    with failures_named(f"{container}/{obj}"):
        if meta:
            client.set_object_metadata(container, obj, meta)
        if content_type:
            client.change_object_content_type(container, obj, content_type)
        if delete_after is not None:
            client.delete_object_in_seconds(container, obj, delete_after)
        if not (meta or content_type or delete_after is not None):
            client.get_object(container, obj)  # swift's post with nothing to set still checks the object exists


@click.command(
    epilog="Examples: swiftfiles copy photos cat.jpg -d /archive/cat-2024.jpg; "
    "swiftfiles copy ./site swift://www (rclone form: never deletes)",
)
@click.argument("args", metavar="CONTAINER OBJECT... -d /CONTAINER[/OBJECT] | SRC DST", nargs=-1, required=True)
@click.option("-d", "--destination", metavar="/CONTAINER[/OBJECT]", help="swift form: where to copy to.")
@click.option("-m", "--meta", "metas", multiple=True, metavar="NAME:VALUE", help="swift form: metadata to add.")
@refuse("--fresh-metadata", why="copies keep the source's metadata; add more with -m")
@refuse("-H", "--header", flag=False, why="use -m for metadata")
@tree_options
def copy(args: tuple[str, ...], destination: str | None, metas: tuple[str, ...], **tree: Any) -> None:
    """Copy objects server-side (swift's form, with -d), or copy a tree (rclone's form, swift:// paths).

    The rclone form makes DST hold everything of SRC and deletes nothing; see `swiftfiles sync --help`.
    """
    if destination is None:
        if len(args) != 2:
            raise click.UsageError("give CONTAINER OBJECT -d /CONTAINER/OBJECT, or SRC DST (swift:// paths)")
        run_tree(args[0], args[1], TreeOptions(delete=False, **tree))
        return
    if len(args) < 2:
        raise click.UsageError("give CONTAINER and at least one OBJECT with -d")
    container, names = args[0], args[1:]
    dest_container, _, dest_name = destination.lstrip("/").partition("/")
    if not dest_container:
        raise click.UsageError("-d needs /CONTAINER or /CONTAINER/OBJECT")
    if dest_name and len(names) > 1:
        raise click.UsageError("-d /CONTAINER/OBJECT needs exactly one OBJECT; give -d /CONTAINER for several")
    meta = parse_pairs(metas, ":", "NAME:VALUE")
    errors: list[str] = []
    with open_client() as client:
        for name in names:
            new_name = dest_name or name
            try:
                client.copy_object(container, name, dest_container, new_name)
                if meta:
                    client.set_object_metadata(dest_container, new_name, meta)
                output().line(f"{container}/{name} copied to {dest_container}/{new_name}")
            except Exception as exc:  # noqa: BLE001 - reported per object
                errors.append(error_line(exc, f"{container}/{name}"))
    if errors:
        raise CommandFailed(errors, f"{len(errors)} of {len(names)} copies failed")
