"""rclone-style tree commands: ``sync SRC DST`` (make DST like SRC) and ``copy SRC DST`` (never deletes).

Directions: local folder → ``swift://C[/PREFIX]``, ``swift://...`` → local folder (both through the library's
sync: one listing, MD5s compared, a hash cache, verified atomic downloads), and ``swift://...`` →
``swift://...`` (server-side copies, compared by size and listing hash). DST always ends up like SRC whichever
side is newer, as with rclone (the library's ``ignore_timestamps``); hidden files take part, as with rclone.

``--include``/``--exclude`` are rclone's globs (``swiftfiles.sync.rules.FilterRules``), checked before connecting;
local ↔ swift:// passes them to the library's sync (``include=``, ``exclude=``), swift:// → swift:// applies them
itself. Excluded names are never transferred and never deleted on DST.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .common import json_option, open_client, output, run_pool, session
from .output import CommandFailed, Output, error_line
from .paths import RemotePath, is_remote, parse_remote
from .progress import Display, display
from .transfer_options import SIZE, progress_option, transfer_config

if TYPE_CHECKING:
    from swiftfiles import StorageClient
    from swiftfiles.sync.rules import FilterRules

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class TreeOptions:
    delete: bool = True
    dry_run: bool = False
    max_delete: int = 1000
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    checksum: bool = False
    transfers: int | None = None
    bwlimit: int | None = None
    json_: bool = False
    progress: bool = False


class PlanPrinter:
    """Prints a dry run's plan while it is made, so that the plan of a million names never sits in memory.

    Text: one line per action. ``--json``: the document's ``plan`` array is written item by item, and its other keys
    follow once the run is over (``finish``), so stdout is still one JSON document, with ``plan`` first.
    """

    def __init__(self, out: Output) -> None:
        self.out = out
        self.count = 0

    def add(self, item: dict[str, Any]) -> None:
        if not self.out.json:
            self.out.line(f"{item['kind']:<13} {item['name']}  ({item['reason']})")
            return
        self.out.out.write(
            ('{\n  "plan": [\n    ' if self.count == 0 else ",\n    ") + json.dumps(item, sort_keys=True)
        )
        self.count += 1

    def finish(self, rest: dict[str, Any]) -> None:
        """Close the ``--json`` document with the keys besides ``plan``."""
        if not self.out.json:
            return
        self.out.out.write('{\n  "plan": [' if self.count == 0 else "\n  ")
        body = json.dumps(rest, indent=2, sort_keys=True, default=str)
        self.out.out.write("],\n" + body[2:] + "\n")  # body[2:] drops the opening "{\n"


@dataclass
class Report:
    """What a tree command did, for the summary line and ``--json``. A dry run's plan goes to ``printer``."""

    dry_run: bool
    printer: PlanPrinter | None = None
    transferred: int = 0
    bytes: int = 0
    skipped: int = 0
    deleted: int = 0
    errors: list[str] = field(default_factory=list)

    def planned(self, kind: str, name: str, reason: str, size: int) -> None:
        if self.printer is not None:
            self.printer.add({"kind": kind, "name": name, "reason": reason, "bytes": size})

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "transferred": self.transferred,
            "bytes": self.bytes,
            "skipped": self.skipped,
            "deleted": self.deleted,
            "errors": self.errors,
        }

    def summary(self) -> str:
        verb = "would transfer" if self.dry_run else "transferred"
        return (
            f"{verb} {self.transferred} ({self.bytes} bytes), skipped {self.skipped}, "
            f"{'would delete' if self.dry_run else 'deleted'} {self.deleted}, errors {len(self.errors)}"
        )


def tree_options(func: F) -> F:
    """Options shared by ``sync`` and the rclone form of ``copy``."""
    decorators = (
        click.option("--dry-run", "-n", is_flag=True, help="Print the plan; change nothing."),
        click.option(
            "--max-delete",
            type=click.IntRange(0),
            default=1000,
            show_default=True,
            help="Refuse (changing nothing) to delete more than N items.",
        ),
        click.option("--include", multiple=True, metavar="GLOB", help="Only names matching GLOB (rclone's rules)."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out names matching GLOB."),
        click.option(
            "--checksum",
            "-c",
            is_flag=True,
            help="Compare by size and MD5 (always done: swiftfiles never trusts times alone).",
        ),
        click.option("--transfers", type=click.IntRange(1, 64), help="Transfers in flight (default 8)."),
        click.option("--bwlimit", type=SIZE, help="Bandwidth limit in bytes per second (K, M, G suffixes)."),
        json_option,
        progress_option,
    )
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


@click.command(
    epilog="Examples: swiftfiles sync ./site swift://www; swiftfiles sync swift://backups/2024 /restore "
    "--dry-run; swiftfiles sync ./photos swift://photos --exclude '*.tmp' --exclude '/cache/**' -P",
)
@click.argument("src")
@click.argument("dst")
@click.option("--delete/--no-delete", default=True, show_default=True, help="Delete what DST has and SRC has not.")
@tree_options
def sync(src: str, dst: str, delete: bool, **opts: Any) -> None:
    """Make DST like SRC: local ↔ swift://CONTAINER[/PREFIX], or swift:// → swift:// (server-side copies).

    Better than rclone's and swift's: downloads are verified and atomic, local MD5s are cached so an unchanged
    tree reads no file, and replaced or deleted large objects take their segments with them.
    """
    run_tree(src, dst, TreeOptions(delete=delete, **opts))


def run_tree(src: str, dst: str, opts: TreeOptions) -> None:
    """Run a sync (``opts.delete``) or copy between two paths and report it; raises ``CommandFailed`` on errors."""
    from swiftfiles.sync.rules import FilterRules

    try:
        rules = FilterRules.from_patterns(opts.include, opts.exclude)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--include/--exclude") from None
    if not is_remote(src) and not is_remote(dst):
        raise click.UsageError("one of SRC and DST must be swift://CONTAINER[/PREFIX]")
    try:
        src_path = parse_remote(src) if is_remote(src) else src
        dst_path = parse_remote(dst) if is_remote(dst) else dst
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if isinstance(src_path, str) and not os.path.isdir(src_path):
        raise CommandFailed([f"swiftfiles: error: {src}: no such folder"])
    config = transfer_config(concurrency=opts.transfers, bwlimit=opts.bwlimit)
    out = output(opts.json_)
    report = Report(dry_run=opts.dry_run, printer=PlanPrinter(out) if opts.dry_run else None)
    try:
        with open_client(config) as client, display(opts.progress, session().quiet or opts.json_) as bars:
            if isinstance(src_path, RemotePath) and isinstance(dst_path, RemotePath):
                _remote_to_remote(client, src_path, dst_path, rules, opts, report)
            else:
                _with_library(client, src_path, dst_path, opts, bars, report)
    except CommandFailed as exc:
        if report.printer is not None and report.printer.count:  # a --json plan is half written: close it
            report.printer.finish({**report.as_dict(), "errors": list(exc.lines)})
        raise
    if report.printer is not None:
        report.printer.finish(report.as_dict())
    elif opts.json_:
        out.document(report.as_dict())
    if not opts.json_:
        out.line(report.summary())
    if report.errors:
        raise CommandFailed(report.errors, f"{len(report.errors)} operations failed")


def _with_library(
    client: StorageClient,
    src: RemotePath | str,
    dst: RemotePath | str,
    opts: TreeOptions,
    bars: Display,
    report: Report,
) -> None:
    """Local ↔ swift:// through the library's sync, rules included: it streams the walk and the listing, and a dry
    run's plan is printed as it comes (``PlanPrinter``). Names the rules leave out are not counted as skipped (as
    rclone)."""
    from swiftfiles import Action, SwiftFilesError, TooManyDeletes

    upward = isinstance(dst, RemotePath)
    remote = dst if isinstance(dst, RemotePath) else src
    folder = src if isinstance(src, str) else dst
    assert isinstance(remote, RemotePath) and isinstance(folder, str)

    def planned(action: Action, error: BaseException | None) -> None:
        if action.excluded != "filter":
            report.planned(action.kind, action.name, action.reason, action.size)

    kwargs: dict[str, Any] = {
        "delete": opts.delete,
        "include_hidden": True,
        "ignore_timestamps": True,
        "object_prefix": remote.prefix,
        "include": opts.include,
        "exclude": opts.exclude,
        "dry_run": opts.dry_run,
        "max_delete": opts.max_delete,
        "subscribers": [bars],
        "callback": planned if opts.dry_run else None,
        "keep_actions": 0,
    }
    try:
        if upward:
            result = client.sync_folder_to_container(folder, remote.container, **kwargs)
        else:
            result = client.sync_container_to_folder(remote.container, folder, **kwargs)
    except TooManyDeletes as exc:
        raise CommandFailed([error_line(exc, str(dst))]) from exc
    except SwiftFilesError as exc:
        raise CommandFailed([error_line(exc, str(remote))]) from exc
    report.skipped = result.skipped_count - result.excluded_counts["filter"]
    report.errors = [f"swiftfiles: error: {skipped.path}: {skipped.reason}" for skipped in result.unreadable]
    if opts.dry_run:
        report.transferred = result.planned["upload"] + result.planned["download"]
        report.bytes = result.planned_bytes
        report.deleted = result.planned["delete_remote"] + result.planned["delete_local"]
    else:
        report.transferred, report.bytes = result.transferred_count, result.bytes_transferred
        report.deleted = result.deleted_count
        report.errors += [error_line(exc, _where(remote, name)) for name, exc in result.errors]


def _where(remote: RemotePath, name: str) -> str:
    return f"{remote.container}/{remote.child(name)}"


def _remote_to_remote(
    client: StorageClient, src: RemotePath, dst: RemotePath, rules: FilterRules, opts: TreeOptions, report: Report
) -> None:
    """Server-side copies from one container prefix to another, compared by size and listing hash."""
    if src.container == dst.container and (
        src.folder_prefix.startswith(dst.folder_prefix) or dst.folder_prefix.startswith(src.folder_prefix)
    ):
        raise click.UsageError("SRC and DST overlap; choose prefixes that do not contain each other")

    def listing(path: RemotePath, required: bool) -> dict[str, Any]:
        from swiftfiles import NoSuchContainer

        entries: dict[str, Any] = {}
        try:
            for obj in client.list_container_objects(
                path.container, prefix=path.folder_prefix or None, full_listing=True
            ):
                rel = obj.name[len(path.folder_prefix) :]
                if rel and not rel.endswith("/") and rules.included(rel):
                    entries[rel] = obj
        except NoSuchContainer:
            if required:
                raise
        return entries

    try:
        source = listing(src, True)
        target = listing(dst, False)
    except Exception as exc:  # noqa: BLE001
        raise CommandFailed([error_line(exc, str(src))]) from exc
    copies, removals = [], []
    for rel in sorted(set(source) | set(target)):
        s, d = source.get(rel), target.get(rel)
        if s is None:
            if opts.delete:
                removals.append(rel)
                report.planned("delete_remote", rel, "not in source", 0)
        elif d is not None and d.total_bytes == s.total_bytes and d.etag == s.etag:
            report.skipped += 1
            report.planned("skip", rel, "same size and hash", s.total_bytes)
        else:
            copies.append(rel)
            why = "missing" if d is None else "differs"
            report.planned("copy", rel, why, s.total_bytes)
    if len(removals) > opts.max_delete:
        raise CommandFailed(
            [
                f"swiftfiles: error: {dst}: would delete {len(removals)} objects, more than "
                f"--max-delete {opts.max_delete}; nothing was changed"
            ]
        )
    if opts.dry_run:
        report.transferred, report.deleted = len(copies), len(removals)
        report.bytes = sum(source[r].total_bytes for r in copies)
        return
    if copies:
        client.create_container(dst.container)

    def copy_one(rel: str) -> str | None:
        try:
            client.copy_object(src.container, src.child(rel), dst.container, dst.child(rel))
            return None
        except Exception as exc:  # noqa: BLE001
            return error_line(exc, f"{src.container}/{src.child(rel)}")

    def delete_one(rel: str) -> str | None:
        try:
            client.delete_object(dst.container, dst.child(rel))
            return None
        except Exception as exc:  # noqa: BLE001
            return error_line(exc, f"{dst.container}/{dst.child(rel)}")

    threads = opts.transfers or 8
    for rel, err in zip(copies, run_pool(client, copy_one, copies, threads), strict=True):
        if err:
            report.errors.append(err)
        else:
            report.transferred += 1
            report.bytes += source[rel].total_bytes
    for err in run_pool(client, delete_one, removals, threads):
        if err:
            report.errors.append(err)
        else:
            report.deleted += 1
