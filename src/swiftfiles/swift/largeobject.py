"""Static and dynamic large objects: segment plans, names and manifests. Pure functions, no I/O.

Layout (the convention swift and rclone share): segments live in ``<container>_segments`` under a prefix unique to
each upload, ``<object>/<upload id>/<index:08d>``. Because every upload writes under its own id, an overwrite never
mixes the segments of two uploads, and the segments of the previous version can be found (from its manifest) and
deleted once the new manifest is in place.

SLO manifest: a JSON list of ``{"path": "/<container>/<segment>", "etag": md5, "size_bytes": n}``; Swift checks every
segment against it and answers with the manifest's ETag, the MD5 of the concatenated segment ETags.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

MiB = 1 << 20
DEFAULT_SEGMENT_CONTAINER_SUFFIX = "_segments"


@dataclass(frozen=True)
class Segment:
    """One part of a large object: where its bytes start in the whole and how many there are."""

    index: int
    offset: int
    size: int


@dataclass(frozen=True)
class UploadedSegment:
    """A stored segment, as the manifest needs it."""

    container: str
    name: str
    etag: str
    size: int

    @property
    def path(self) -> str:
        return f"/{self.container}/{self.name}"


def choose_segment_size(
    total: int,
    preferred: int,
    *,
    max_segments: int = 1000,
    min_segment_size: int = 1,
    max_segment_size: int = 5 * 1024**3,
) -> int:
    """A segment size near *preferred* such that *total* bytes fit in at most *max_segments* segments.

    Raises ValueError when even the largest allowed segments cannot hold *total* bytes.
    """
    if total > max_segments * max_segment_size:
        raise ValueError(f"{total} bytes cannot fit in {max_segments} segments of at most {max_segment_size} bytes")
    size = max(preferred, min_segment_size, 1)
    needed = math.ceil(total / max_segments) if total else 1
    if size < needed:
        size = needed
    return min(size, max_segment_size)


def plan_segments(total: int, segment_size: int) -> list[Segment]:
    """Contiguous segments covering ``[0, total)``; an empty input gives one empty segment."""
    if total <= 0:
        return [Segment(0, 0, 0)]
    return [
        Segment(i, offset, min(segment_size, total - offset)) for i, offset in enumerate(range(0, total, segment_size))
    ]


def segment_container(container: str, suffix: str = DEFAULT_SEGMENT_CONTAINER_SUFFIX) -> str:
    return f"{container}{suffix}"


def new_upload_id(now: float | None = None) -> str:
    """Sortable, unique per upload: ``<unix time with 6 decimals>-<8 hex>``."""
    return f"{time.time() if now is None else now:.6f}-{uuid.uuid4().hex[:8]}"


def segment_prefix(obj: str, upload_id: str) -> str:
    """The prefix all segments of one upload share (``<object>/<upload id>/``)."""
    return f"{obj}/{upload_id}/"


def segment_name(prefix: str, index: int) -> str:
    return f"{prefix}{index:08d}"


def slo_manifest(segments: Sequence[UploadedSegment]) -> bytes:
    """The body of ``PUT ?multipart-manifest=put``."""
    return json.dumps(
        [{"path": s.path, "etag": s.etag, "size_bytes": s.size} for s in segments], separators=(",", ":")
    ).encode("utf-8")


def slo_etag(segment_etags: Iterable[str]) -> str:
    """The ETag Swift gives an SLO: MD5 of the concatenated segment ETags (hex strings)."""
    digest = hashlib.md5(usedforsecurity=False)
    for etag in segment_etags:
        digest.update(etag.encode("ascii"))
    return digest.hexdigest()


@dataclass(frozen=True)
class ManifestEntry:
    """A segment listed by ``GET ?multipart-manifest=get`` (SLO) or found under a DLO prefix."""

    container: str
    name: str
    etag: str | None
    size: int
    range: str | None = None
    sub_slo: bool = False


def parse_slo_manifest(document: Any) -> list[ManifestEntry]:
    """Entries of an SLO manifest as Swift returns it with ``?multipart-manifest=get`` (``name`` is the path)."""
    entries = []
    for item in document or []:
        path = item.get("name") or item.get("path") or ""
        container, _, name = unquote(path).lstrip("/").partition("/")
        entries.append(
            ManifestEntry(
                container=container,
                name=name,
                etag=(item.get("hash") or item.get("etag") or None),
                size=int(item.get("bytes", item.get("size_bytes", 0)) or 0),
                range=item.get("range"),
                sub_slo=bool(item.get("sub_slo")),
            )
        )
    return entries


def dlo_prefix(manifest_header: str) -> tuple[str, str]:
    """``(container, prefix)`` from an ``X-Object-Manifest`` value (``<container>/<prefix>``, URL-encoded)."""
    container, _, prefix = unquote(manifest_header).partition("/")
    return container, prefix


def is_slo(headers: Mapping[str, str]) -> bool:
    lowered = {k.lower(): v for k, v in headers.items()}
    return lowered.get("x-static-large-object", "").lower() == "true"


def dlo_manifest(headers: Mapping[str, str]) -> str | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    return lowered.get("x-object-manifest")
