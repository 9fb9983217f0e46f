"""Listing rows of a container prefix as ``RemoteObject`` entries (one request per 10,000 names, no HEADs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ..swift.listing import Entry, is_slo_row


@dataclass(frozen=True)
class RemoteObject:
    """One listing row. ``name`` is relative to the synced prefix; ``full_name`` is the object's name."""

    name: str
    full_name: str
    size: int
    hash: str
    last_modified: float
    content_type: str = ""
    #: An SLO (the listing hash is the MD5 of its segment MD5s, not of its content). A DLO manifest is listed as
    #: 0 bytes and cannot be told from an empty object without a HEAD (see ``may_be_large``).
    large: bool = False

    @property
    def may_be_large(self) -> bool:
        """An SLO, or possibly a DLO manifest (0 bytes): deleting or replacing it must look for segments."""
        return self.large or self.size == 0


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
    return RemoteObject(
        name=full[len(prefix) :],
        full_name=full,
        size=size,
        hash=str(entry.get("hash") or "").strip('"'),
        last_modified=parse_last_modified(str(entry.get("last_modified") or "")),
        content_type=content_type.split(";")[0],
        large=is_slo_row(entry),
    )
