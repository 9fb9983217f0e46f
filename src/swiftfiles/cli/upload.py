"""``swiftfiles upload CONTAINER FILE_OR_DIR...``: swift's upload, verified, with large objects done right.

Object names follow swift: the path as given without a leading ``/`` or ``./`` (``dir`` uploads ``dir/...``);
``--object-name`` renames one file, or replaces the folder part of a directory. Every file's modification time
is stored as ``X-Object-Meta-Mtime`` (swift's convention, what ``--changed`` compares). Every upload is verified
by MD5 (segment by segment for large objects), and replacing a large object removes its old segments unless
``--leave-segments``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from .common import failures_named, open_client, output, parse_pairs, refuse, run_pool, session
from .output import CommandFailed, UsageProblem, error_line
from .progress import display
from .transfer_options import SIZE, progress_option, transfer_config

if TYPE_CHECKING:
    from swiftfiles import StorageClient, StorageObject


@dataclass(frozen=True)
class LocalFile:
    path: str
    name: str
    size: int
    mtime: float


def object_base(path: str) -> str:
    """swift's object name for a path given on the command line: normalised, no leading ``/`` or ``./``."""
    norm = os.path.normpath(path).replace(os.sep, "/")
    name = norm.lstrip("/")
    if name in ("", ".") or name == ".." or name.startswith("../"):
        raise UsageProblem(f"{path!r} gives no object name of its own; upload from its folder or use --object-name")
    return name


def walk(path: str, object_name: str | None) -> Iterator[LocalFile]:
    """The files to upload for one command-line path, with their object names."""
    if os.path.isdir(path):
        base = object_name.strip("/") if object_name is not None else object_base(path)
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for fname in sorted(files):
                full = os.path.join(root, fname)
                rel = os.path.relpath(full, path).replace(os.sep, "/")
                st = os.stat(full)
                yield LocalFile(full, f"{base}/{rel}" if base else rel, st.st_size, st.st_mtime)
    else:
        st = os.stat(path)
        yield LocalFile(path, object_name if object_name is not None else object_base(path), st.st_size, st.st_mtime)


def _md5(path: str) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _unchanged(
    client: StorageClient,
    container: str,
    item: LocalFile,
    listed: StorageObject | None,
    changed: bool,
    skip_identical: bool,
) -> bool:
    """Whether --changed / --skip-identical let *item* be skipped (one HEAD for --changed when sizes agree)."""
    if listed is None or listed.total_bytes != item.size:
        return False
    if skip_identical and listed.etag and listed.etag.strip('"') == _md5(item.path):
        return True
    if changed:
        stored = client.get_object_metadata(container, item.name).get("x-object-meta-mtime")
        try:
            return stored is not None and abs(float(stored) - item.mtime) < 1e-3
        except ValueError:
            return False
    return False


def _create_when_missing(client: StorageClient, container: str) -> None:
    """Create *container* only when a HEAD says it is missing. An existing container is not PUT again: that would
    be a write to the account database on every upload, and a user whose write access comes from the container's
    ACL may not PUT it (tempauth answers 403). A user who may not even read it (a write-only ACL) is refused the
    HEAD: the uploads go on, and say for each file whether it may be written."""
    from swiftfiles import Forbidden, NoSuchContainer

    try:
        client.get_container(container)
    except NoSuchContainer:
        client.create_container(container)
    except Forbidden:
        pass


@click.command(
    epilog="Examples: swiftfiles upload photos cat.jpg; swiftfiles upload -P -S 1G backups db.dump; "
    "swiftfiles upload --changed -m Owner:me www ./site",
)
@click.argument("container")
@click.argument("paths", metavar="FILE_OR_DIR...", nargs=-1, required=True)
@click.option("-S", "--segment-size", type=SIZE, help="Files larger than SIZE become large objects of SIZE segments.")
@click.option("--use-slo/--use-dlo", default=True, help="Static (default) or dynamic large objects.")
@click.option("--object-name", help="Object name for the one FILE, or the folder part for the one DIR.")
@click.option("--changed", is_flag=True, help="Only files whose size or modification time changed.")
@click.option("--skip-identical", is_flag=True, help="Skip files whose MD5 matches the object's.")
@click.option("-H", "--header", "headers", multiple=True, metavar="NAME:VALUE", help="Extra header (repeatable).")
@click.option("-m", "--meta", "metas", multiple=True, metavar="NAME:VALUE", help="Metadata item (repeatable).")
@click.option("--leave-segments", is_flag=True, help="Keep the old segments of a large object being replaced.")
@click.option(
    "--object-threads", type=click.IntRange(1, 64), default=10, show_default=True, help="Files uploaded at once."
)
@click.option("--segment-threads", type=click.IntRange(1, 64), help="Segments in flight (the transfer engine's).")
@click.option("--ignore-mtime", is_flag=True, help="Do not store X-Object-Meta-Mtime.")
@click.option("--skip-container-put", is_flag=True, help="Do not create the container (it must exist).")
@click.option("--checksum", is_flag=True, hidden=True, help="Always on: every upload is verified.")
@refuse("--ignore-checksum", why="every upload is verified by MD5; that cannot be turned off")
@refuse("--segment-container", flag=False, why="segments always go to CONTAINER_segments")
@refuse("--object-name-prefix", "--segment-prefix", flag=False, why="not offered; use --object-name")
@refuse("--leave-segments-on-failure", why="a failed upload always removes what it wrote")
@click.option("--bwlimit", type=SIZE, help="Bandwidth limit in bytes per second (K, M, G suffixes).")
@progress_option
def upload(
    container: str,
    paths: tuple[str, ...],
    segment_size: int | None,
    use_slo: bool,
    object_name: str | None,
    changed: bool,
    skip_identical: bool,
    headers: tuple[str, ...],
    metas: tuple[str, ...],
    leave_segments: bool,
    object_threads: int,
    segment_threads: int | None,
    ignore_mtime: bool,
    skip_container_put: bool,
    checksum: bool,
    bwlimit: int | None,
    progress: bool,
) -> None:
    """Upload files and folders to CONTAINER (created when missing).

    Better than swift's: every byte is verified by MD5 (large objects segment by segment), a replaced large
    object's old segments are removed, and a failed or interrupted upload leaves no orphaned segments.
    """
    header_map = parse_pairs(headers, ":", "NAME:VALUE")
    meta_map = parse_pairs(metas, ":", "NAME:VALUE")
    if object_name is not None and len(paths) > 1:
        raise click.UsageError("--object-name needs exactly one FILE_OR_DIR")
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise CommandFailed([f"swiftfiles: error: {p}: no such file or folder" for p in missing])
    items = [item for p in paths for item in walk(p, object_name)]
    config = transfer_config(
        segment_size=segment_size,
        use_slo=use_slo,
        leave_segments=leave_segments,
        concurrency=segment_threads,
        bwlimit=bwlimit,
        store_mtime=not ignore_mtime,
    )
    out = output()
    errors: list[str] = []
    with open_client(config) as client:
        if not skip_container_put:
            with failures_named(container):
                _create_when_missing(client, container)
        listed: dict[str, Any] = {}
        if changed or skip_identical:
            with failures_named(container):
                prefix = os.path.commonprefix([i.name for i in items]) if items else ""
                for obj in client.list_container_objects(container, prefix=prefix or None, full_listing=True):
                    listed[obj.name] = obj

        with display(progress, session().quiet) as bars:

            def one(item: LocalFile) -> str | None:
                try:
                    if _unchanged(client, container, item, listed.get(item.name), changed, skip_identical):
                        return None
                    meta = dict(meta_map)
                    if not ignore_mtime:
                        meta.setdefault("Mtime", f"{item.mtime:.6f}")
                    bars.expect(item.size)
                    client.upload_file(
                        container,
                        item.path,
                        obj_name=item.name,
                        headers=header_map or None,
                        metadata=meta,
                        subscribers=[bars],
                    )
                    return item.name
                except Exception as exc:  # noqa: BLE001 - one file's failure is reported, the others go on
                    errors.append(error_line(exc, f"{container}/{item.name}"))
                    return None

            for done in run_pool(client, one, items, object_threads):
                if done is not None:
                    out.line(done)
    if errors:
        raise CommandFailed(errors, f"{len(errors)} of {len(items)} uploads failed")
