"""Static and dynamic large objects: segment plans, names and manifests. Pure functions, no I/O.

Layout (the convention swift and rclone share): segments live in ``<container>_segments`` under a prefix unique to
each upload, ``<object>/<upload id>/<index:08d>``. Because every upload writes under its own id, an overwrite never
mixes the segments of two uploads, and the segments of the previous version can be found (from its manifest) and
deleted once the new manifest is in place.

SLO manifest: a JSON list of ``{"path": "/<container>/<segment>", "etag": md5, "size_bytes": n}``; Swift checks every
segment against it and answers with the manifest's ETag, the MD5 of the concatenated segment ETags.

Manifest arithmetic for reading: ``parse_segment_range``, ``segment_span``, ``segment_length`` and
``slice_segments`` (cut a segment list to a byte range, as Swift does for a ranged ``sub_slo``).
"""

from __future__ import annotations

import json
import math
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from ..http.headers import lowered
from .etag import md5_bytes

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
    return lowered(headers).get("x-static-large-object", "").lower() == "true"


def dlo_manifest(headers: Mapping[str, str]) -> str | None:
    return lowered(headers).get("x-object-manifest")


@dataclass(frozen=True)
class InlineSegment(ManifestEntry):
    """An SLO segment whose bytes live in the manifest itself (``{"data": "<base64>"}``, Swift 2.17+).

    ``container`` and ``name`` are empty, ``size`` is ``len(data)`` and ``etag`` its MD5.
    """

    data: bytes = b""


def parse_segment_range(spec: str, size: int) -> tuple[int, int]:
    """``(first, end)`` (end exclusive) selected by an SLO ``range`` (``"a-b"``, ``"a-"``, ``"-n"``) of *size* bytes.

    Raises ValueError for a malformed or unsatisfiable range.
    """
    text = spec.strip()
    if text.lower().startswith("bytes="):
        text = text[6:]
    first_text, sep, last_text = text.partition("-")
    if not sep or "," in text or (not first_text and not last_text):
        raise ValueError(f"unsupported segment range {spec!r}")
    if not first_text:
        first, end = max(size - int(last_text), 0), size
    else:
        first = int(first_text)
        end = size if not last_text else min(int(last_text) + 1, size)
    if first < 0 or first >= end:
        raise ValueError(f"segment range {spec!r} selects nothing of {size} bytes")
    return first, end


def segment_span(entry: ManifestEntry) -> tuple[int, int]:
    """``(first, end)`` of the bytes *entry* contributes, in the coordinates of its segment object."""
    if entry.range:
        return parse_segment_range(entry.range, entry.size)
    return 0, entry.size


def segment_length(entry: ManifestEntry) -> int:
    """How many bytes *entry* contributes to the large object (its range, or the whole segment)."""
    first, end = segment_span(entry)
    return end - first


def slice_segments(entries: Sequence[ManifestEntry], first: int, end: int) -> list[ManifestEntry]:
    """The entries covering bytes ``[first, end)`` of their concatenation, cut to that range.

    Partially covered segments get a ``range`` (``"a-b"`` in segment coordinates); inline data is sliced itself.
    """
    out: list[ManifestEntry] = []
    pos = 0
    for entry in entries:
        seg_first, seg_end = segment_span(entry)
        length = seg_end - seg_first
        lo, hi = max(first, pos), min(end, pos + length)
        if lo < hi:
            a, b = seg_first + (lo - pos), seg_first + (hi - pos)
            if isinstance(entry, InlineSegment):
                data = entry.data[a:b]
                out.append(replace(entry, data=data, size=len(data), etag=md5_bytes(data), range=None))
            elif (a, b) == (seg_first, seg_end):
                out.append(entry)
            else:
                out.append(replace(entry, range=f"{a}-{b - 1}"))
        pos += length
        if pos >= end:
            break
    return out
