"""swift's read-only commands: ``stat``, ``list``, ``capabilities`` and ``auth``."""

from __future__ import annotations

import shlex
from typing import Any
from urllib.parse import unquote, urlsplit

import click

from .common import failures_named, json_option, open_client, output, refuse
from .output import http_time, human_size, iso_time

#: Metadata whose value is a secret: shown as set, never printed (the library never logs these either).
SECRET_KEYS = ("temp-url-key", "temp-url-key-2")


def _meta_rows(metadata: dict[str, str], prefix: str) -> dict[str, str]:
    rows = {}
    for key, value in sorted(metadata.items()):
        short = key[len(prefix) :] if key.lower().startswith(prefix) else key
        shown = "<redacted>" if short.lower() in SECRET_KEYS else value
        rows[f"Meta {short.title()}"] = shown
    return rows


def _account_name(storage_url: str) -> str:
    return unquote(urlsplit(storage_url).path.rstrip("/").rsplit("/", 1)[-1])


@click.command(epilog="Examples: swiftfiles stat; swiftfiles stat photos; swiftfiles stat photos cat.jpg --json")
@click.argument("container", required=False)
@click.argument("obj", metavar="[OBJECT]", required=False)
@json_option
@click.option("--lh", is_flag=True, help="Sizes in human units (K, M, G).")
@refuse("--version-id", why="object versions are not addressed by the CLI yet", flag=False)
@refuse("-H", "--header", why="stat sends no extra headers in swiftfiles", flag=False)
def stat(container: str | None, obj: str | None, json_: bool, lh: bool) -> None:
    """Show the account, a container or an object: counts, sizes, metadata."""
    out = output(json_)
    size = human_size if lh else str
    target = f"{container}/{obj}" if obj else container
    with open_client() as client, failures_named(target):
        doc: dict[str, Any]
        if container is None:
            from swiftfiles.swift.metadata import ACCOUNT_PREFIX, account_details, extract

            headers = client.connection.head_account()  # one HEAD for the counts and the metadata
            details = account_details(headers)
            doc = {
                "account": _account_name(client.storage_url),
                "containers": details.get("container_count", 0),
                "objects": details.get("object_count", 0),
                "bytes": details.get("bytes_used", 0),
                "metadata": _meta_rows(extract(headers, ACCOUNT_PREFIX), "x-account-meta-"),
            }
            rows = {
                "Account": doc["account"],
                "Containers": doc["containers"],
                "Objects": doc["objects"],
                "Bytes": size(doc["bytes"]),
            }
        elif obj is None:
            cont = client.get_container(container)
            meta = client.get_container_metadata(container)
            doc = {
                "account": _account_name(client.storage_url),
                "container": cont.name,
                "objects": cont.object_count,
                "bytes": cont.total_bytes,
                "metadata": _meta_rows(meta, "x-container-meta-"),
            }
            rows = {
                "Account": doc["account"],
                "Container": cont.name,
                "Objects": cont.object_count,
                "Bytes": size(cont.total_bytes),
            }
        else:
            sobj = client.get_object(container, obj)
            meta = client.get_object_metadata(container, obj)
            doc = {
                "account": _account_name(client.storage_url),
                "container": container,
                "object": sobj.name,
                "content_type": sobj.content_type,
                "bytes": sobj.total_bytes,
                "last_modified": iso_time(sobj.last_modified),
                "etag": sobj.etag,
                "metadata": _meta_rows(meta, "x-object-meta-"),
            }
            rows = {
                "Account": doc["account"],
                "Container": container,
                "Object": sobj.name,
                "Content Type": sobj.content_type,
                "Content Length": size(sobj.total_bytes),
                "Last Modified": http_time(sobj.last_modified),
                "ETag": sobj.etag,
            }
    if json_:
        out.document(doc)
    else:
        out.table({**rows, **doc["metadata"]})


@click.command(
    "list",
    epilog="Examples: swiftfiles list; swiftfiles list photos -p 2024/ -d /; swiftfiles list photos --lh -t",
)
@click.argument("container", required=False)
@click.option("-p", "--prefix", help="Only names starting with PREFIX.")
@click.option("-d", "--delimiter", help="Roll up names at DELIMITER (pseudo-folders), e.g. '/'.")
@click.option("-l", "--long", "long_", is_flag=True, help="Long listing: counts or sizes, dates, content types.")
@click.option("--lh", is_flag=True, help="Long listing with human sizes.")
@click.option("-t", "--totals", is_flag=True, help="With -l or --lh: only the totals.")
@json_option
@refuse("-H", "--header", why="list sends no extra headers in swiftfiles", flag=False)
@refuse("--versions", why="object versions are not listed by the CLI yet")
def list_(
    container: str | None, prefix: str | None, delimiter: str | None, long_: bool, lh: bool, totals: bool, json_: bool
) -> None:
    """List the containers of the account, or the objects of CONTAINER."""
    out = output(json_)
    size = human_size if lh else str
    long_ = long_ or lh
    entries: list[dict[str, Any]] = []
    total_count = total_bytes = 0
    with open_client() as client, failures_named(container or "account listing"):
        if container is None:
            if delimiter:
                raise click.UsageError("-d/--delimiter applies to object listings (give a CONTAINER)")
            for cont in client.iter_containers(prefix=prefix):
                total_count += cont.object_count
                total_bytes += cont.total_bytes
                if json_:
                    entries.append({"name": cont.name, "count": cont.object_count, "bytes": cont.total_bytes})
                elif long_ and not totals:
                    out.line(f"{cont.object_count:>12} {size(cont.total_bytes):>12} {cont.name}")
                elif not totals:
                    out.line(cont.name)
        else:
            listing = client.list_container_objects(container, prefix=prefix, delimiter=delimiter, full_listing=True)
            for item in listing:
                is_dir = item.content_type == "application/directory" and item.etag is None
                total_count += 0 if is_dir else 1
                total_bytes += item.total_bytes
                if json_:
                    entry: dict[str, Any] = (
                        {"subdir": item.name}
                        if is_dir
                        else {
                            "name": item.name,
                            "bytes": item.total_bytes,
                            "hash": item.etag,
                            "content_type": item.content_type,
                            "last_modified": iso_time(item.last_modified),
                        }
                    )
                    entries.append(entry)
                elif long_ and not totals:
                    when = item.last_modified.strftime("%Y-%m-%d %H:%M:%S") if item.last_modified else ""
                    out.line(f"{size(item.total_bytes):>12} {when:>19} {item.content_type or '':>24} {item.name}")
                elif not totals:
                    out.line(item.name)
    if json_:
        out.document(entries)
    elif long_ or totals:
        out.line(f"{total_count:>12} {size(total_bytes):>12}")


@click.command(epilog="Examples: swiftfiles capabilities; swiftfiles capabilities --json | jq .slo")
@json_option
def capabilities(json_: bool) -> None:
    """Show what the cluster offers (its /info document): limits and middleware."""
    out = output(json_)
    with open_client() as client, failures_named("/info"):
        raw = dict(client.capabilities.raw)
    if json_:
        out.document(raw)
        return
    core = raw.pop("swift", {})
    out.line("Core: swift")
    out.line("Options:")
    out.lines(f" {k}: {v}" for k, v in sorted(core.items()))
    for name in sorted(raw):
        out.line(f"Additional middleware: {name}")
        section = raw[name]
        if isinstance(section, dict) and section:
            out.line("Options:")
            out.lines(f" {k}: {v}" for k, v in sorted(section.items()))


@click.command(epilog='Example: eval "$(swiftfiles auth)"  # then curl -H "X-Auth-Token: $OS_AUTH_TOKEN" ...')
@json_option
def auth(json_: bool) -> None:
    """Authenticate and print shell exports of the storage URL and token (OS_STORAGE_URL, OS_AUTH_TOKEN).

    The token is printed because you asked for it: treat the output as a secret.
    """
    with open_client() as client, failures_named("auth"):
        result = client.authenticator.current()
    if json_:
        output(json_).document({"storage_url": result.storage_url, "token": result.token})
        return
    click.echo(f"export OS_STORAGE_URL={shlex.quote(result.storage_url)}")
    click.echo(f"export OS_AUTH_TOKEN={shlex.quote(result.token)}")
