"""Listing rows of a container prefix as ``RemoteObject`` entries (one request per 10,000 names), and what a HEAD
adds for the rows a listing cannot describe (``RemoteHead``: a large object's real size, stored mtime, ETag)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from ..http.headers import lowered
from ..swift.etag import normalize_etag
from ..swift.largeobject import dlo_manifest, is_slo
from ..swift.listing import Entry, is_slo_row
from ..swift.metadata import MD5_HEADER, MTIME_HEADER

#: Where swift, rclone and swiftfiles store a file's modification time (seconds since the epoch, as text).


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


@dataclass(frozen=True)
class RemoteHead:
    """What one HEAD says of an object: its real size (a DLO manifest lists as 0 bytes), the stored mtime, and
    whether it is a large object (an SLO, or a DLO with its ``X-Object-Manifest``)."""

    size: int
    mtime: float | None
    etag: str | None
    slo: bool = False
    #: A DLO's ``X-Object-Manifest`` (``<container>/<prefix>``); None for anything else.
    manifest: str | None = None
    #: The whole content's MD5 a large upload stored (``X-Object-Meta-Md5``), when it did.
    content_md5: str | None = None

    @property
    def large(self) -> bool:
        return self.slo or self.manifest is not None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RemoteHead:
        view = lowered(headers)
        try:
            mtime: float | None = float(view.get(MTIME_HEADER.lower(), ""))
        except ValueError:
            mtime = None
        return cls(
            size=int(view.get("content-length") or 0),
            mtime=mtime,
            etag=normalize_etag(view.get("etag")),
            slo=is_slo(headers),
            manifest=dlo_manifest(headers),
            content_md5=normalize_etag(view.get(MD5_HEADER.lower())),
        )


_EPOCH = datetime(1970, 1, 1)


def parse_last_modified(value: str) -> float:
    """Swift's listing time (``2024-05-01T12:00:00.123456``, UTC) as a Unix timestamp."""
    try:
        moment = datetime.fromisoformat(value.rstrip("Z"))
    except ValueError:
        return 0.0
    if moment.tzinfo is None:  # Swift's form: one subtraction, half the cost of replace() + timestamp()
        return (moment - _EPOCH).total_seconds()
    return moment.replace(tzinfo=timezone.utc).timestamp()


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
