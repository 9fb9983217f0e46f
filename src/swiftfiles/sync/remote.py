"""Listing a container prefix into sorted ``RemoteObject`` entries (one request per 10,000 names, no HEADs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..swift.listing import Entry, iter_entries


@dataclass(frozen=True)
class RemoteObject:
    """One listing row. ``name`` is relative to the synced prefix; ``full_name`` is the object's name."""

    name: str
    full_name: str
    size: int
    hash: str
    last_modified: float
    content_type: str = ""
    #: An SLO (the listing hash is the MD5 of its segment MD5s, not of its content) or possibly a DLO manifest.
    large: bool = False


def parse_last_modified(value: str) -> float:
    """Swift's listing time (``2024-05-01T12:00:00.123456``, UTC) as a Unix timestamp."""
    try:
        return datetime.fromisoformat(value.rstrip("Z")).replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        return 0.0


def to_remote(entry: Entry, prefix: str) -> RemoteObject:
    full = str(entry["name"])
    size = int(entry.get("bytes") or 0)
    content_type = str(entry.get("content_type") or "")
    # SLO rows carry slo_etag; a DLO manifest is listed as 0 bytes and cannot be told from an empty file here.
    large = "slo_etag" in entry or ("swift_bytes" in content_type)
    return RemoteObject(
        name=full[len(prefix) :],
        full_name=full,
        size=size,
        hash=str(entry.get("hash") or "").strip('"'),
        last_modified=parse_last_modified(str(entry.get("last_modified") or "")),
        content_type=content_type.split(";")[0],
        large=large,
    )


def iter_remote(fetch: Callable[[str | None, int], list[Entry]], prefix: str, page_size: int) -> Iterator[RemoteObject]:
    """Objects under *prefix* in listing order (pseudo-folder rows are not objects and are left out)."""
    for entry in iter_entries(fetch, page_size=page_size):
        if "name" in entry:
            yield to_remote(entry, prefix)


def container_fetcher(connection: Any, container: str, prefix: str) -> Callable[[str | None, int], list[Entry]]:
    def fetch(marker: str | None, limit: int) -> list[Entry]:
        return list(connection.get_container_page(container, prefix=prefix or None, marker=marker, limit=limit)[1])

    return fetch
