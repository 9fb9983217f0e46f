"""``swiftfiles download [CONTAINER [OBJECT...]]``: swift's download, verified and atomic.

Each file appears under its final name only once its length and MD5 are verified (large objects are fetched with
parallel ranged GETs); an object name can never write outside the target folder. ``-o FILE`` downloads into a
temporary file beside FILE and renames it, ``-o -`` streams to stdout (verified at the end: a mismatch exits 1).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from typing import TYPE_CHECKING

import click

from .common import failures_named, open_client, output, refuse, run_pool, session
from .output import CommandFailed, error_line
from .progress import Display, display
from .transfer_options import SIZE, progress_option, transfer_config

if TYPE_CHECKING:
    from swiftfiles import StorageClient


def _local_md5(path: str) -> str | None:
    try:
        digest = hashlib.md5(usedforsecurity=False)
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def to_stdout(client: StorageClient, container: str, name: str) -> None:
    """Stream one object to stdout in bounded memory; the library checks the MD5 when the stream ends."""
    stream = sys.stdout.buffer
    for chunk in client.fetch_object(container, name, chunk_size=1 << 20):
        stream.write(chunk)
    stream.flush()


def to_file(client: StorageClient, container: str, name: str, target: str, bars: Display) -> str:
    """Download to exactly *target*: verified into a temporary folder beside it, then renamed into place."""
    folder = os.path.dirname(os.path.abspath(target))
    os.makedirs(folder, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".swiftfiles-", dir=folder) as tmp:
        written = client.download_object(container, name, tmp, structure=False, subscribers=[bars])
        os.replace(written, target)
    return target


@click.command(
    epilog="Examples: swiftfiles download photos; swiftfiles download photos cat.jpg -o /tmp/cat.jpg; "
    "swiftfiles download backups db.dump -o - | pg_restore; swiftfiles download --all -D /restore",
)
@click.argument("container", required=False)
@click.argument("objects", metavar="[OBJECT...]", nargs=-1)
@click.option("-o", "--output", "output_file", metavar="FILE", help="Write the one OBJECT to FILE ('-': stdout).")
@click.option("-D", "--output-dir", type=click.Path(file_okay=False), help="Download into this folder (created).")
@click.option("-p", "--prefix", help="Only objects whose names start with PREFIX.")
@click.option("-a", "--all", "all_", is_flag=True, help="Every container, each into a folder of its name.")
@click.option("--skip-identical", is_flag=True, help="Skip objects whose local file has the same MD5.")
@click.option("--no-download", is_flag=True, help="Read and verify the objects but write nothing.")
@click.option(
    "--object-threads", type=click.IntRange(1, 64), default=10, show_default=True, help="Objects downloaded at once."
)
@refuse("--remove-prefix", why="not offered yet; use --prefix with sync swift://C/PREFIX DIR instead")
@refuse("--ignore-checksum", why="every download is verified by MD5; that cannot be turned off")
@refuse("--header", "-H", flag=False, why="download requests take no extra headers in swiftfiles")
@refuse("--marker", flag=False, why="use -p/--prefix to choose objects")
@refuse("--container-threads", flag=False, why="the objects of every container share --object-threads")
@click.option("--bwlimit", type=SIZE, help="Bandwidth limit in bytes per second (K, M, G suffixes).")
@progress_option
def download(
    container: str | None,
    objects: tuple[str, ...],
    output_file: str | None,
    output_dir: str | None,
    prefix: str | None,
    all_: bool,
    skip_identical: bool,
    no_download: bool,
    object_threads: int,
    bwlimit: int | None,
    progress: bool,
) -> None:
    """Download objects: one, several, a whole container, or (--all) the whole account.

    Better than swift's: each file is verified (length and MD5) before it appears under its name, so an
    interrupted download never leaves a partial file behind, and names cannot escape the target folder.
    """
    if container is None and not all_:
        raise click.UsageError("give a CONTAINER, or --all for every container")
    if all_ and (container or objects):
        raise click.UsageError("--all downloads every container; give no CONTAINER or OBJECT with it")
    if output_file is not None and len(objects) != 1:
        raise click.UsageError("-o/--output needs exactly one OBJECT")
    out = output()
    errors: list[str] = []
    with open_client(transfer_config(bwlimit=bwlimit)) as client:
        if output_file == "-":
            with failures_named(f"{container}/{objects[0]}"):
                assert container is not None
                to_stdout(client, container, objects[0])
            return
        base = output_dir or "."
        jobs: list[tuple[str, str, str | None, int | None]] = []  # container, name, -o target, size
        if all_:
            with failures_named("account listing"):
                names = client.list_container_names()
            for cname in names:
                with failures_named(cname):
                    for obj in client.list_container_objects(cname, prefix=prefix, full_listing=True):
                        jobs.append((cname, obj.name, None, obj.total_bytes))
        elif objects:
            assert container is not None
            jobs = [(container, name, output_file, None) for name in objects]
        else:
            assert container is not None
            with failures_named(container):
                for obj in client.list_container_objects(container, prefix=prefix, full_listing=True):
                    jobs.append((container, obj.name, None, obj.total_bytes))

        with display(progress, session().quiet) as bars:
            for _, _, _, size in jobs:
                if size:
                    bars.expect(size)

            def one(job: tuple[str, str, str | None, int | None]) -> str | None:
                cname, name, target, _ = job
                folder = os.path.join(base, cname) if all_ else base
                try:
                    if no_download:
                        for _chunk in client.fetch_object(cname, name, chunk_size=1 << 20):
                            pass
                        return name
                    if skip_identical:
                        local = target or os.path.join(folder, name)
                        etag = client.get_object(cname, name).etag
                        if etag and _local_md5(local) == etag.strip('"'):
                            return None
                    if target is not None:
                        return to_file(client, cname, name, target, bars)
                    os.makedirs(folder, exist_ok=True)
                    client.download_object(cname, name, folder, subscribers=[bars])
                    return f"{cname}/{name}" if all_ else name
                except Exception as exc:  # noqa: BLE001 - one object's failure is reported, the others go on
                    errors.append(error_line(exc, f"{cname}/{name}"))
                    return None

            for done in run_pool(client, one, jobs, object_threads):
                if done is not None:
                    out.line(done)
    if errors:
        raise CommandFailed(errors, f"{len(errors)} of {len(jobs)} downloads failed")
