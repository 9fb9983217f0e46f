"""Checking downloaded bytes against what the server says they are: one verifier for every read path.

``RangeVerifier`` checks bytes fed in order against a list of ``SegmentCheck`` ranges (an MD5 and a length each, or
a length alone where no MD5 applies): one range for a plain object, one per segment for an SLO or DLO. Downloads to
files (``download``), ``fetch_object`` and the per-segment generators of ``fetch_dlo``/``fetch_slo`` (``fetch``)
all use it, so a wrong byte is reported the same way, naming the segment that held it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..exceptions import IntegrityError
from ..http.headers import lowered
from ..swift.etag import is_md5, md5, normalize_etag
from ..swift.largeobject import InlineSegment, ManifestEntry, dlo_manifest, is_slo, segment_length

if TYPE_CHECKING:
    from .futures import CancelToken


def expected_md5(headers: Mapping[str, str]) -> str | None:
    """The MD5 a GET body must have, or None when the ETag is not a plain MD5 (SLO/DLO manifests, ranges)."""
    view = lowered(headers)
    if is_slo(view) or dlo_manifest(view) or "content-range" in view:
        return None
    etag = normalize_etag(view.get("etag"))
    return etag if is_md5(etag) else None


def expected_length(headers: Mapping[str, str]) -> int | None:
    try:
        return int(lowered(headers)["content-length"])
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True)
class SegmentCheck:
    """A byte range of the download and the MD5 it must have (None: its length is all that can be checked)."""

    offset: int
    length: int
    md5: str | None
    label: str

    @property
    def end(self) -> int:
        return self.offset + self.length


def checks_for_segments(segments: Sequence[ManifestEntry]) -> tuple[SegmentCheck, ...]:
    """One check per segment, laid end to end: MD5 for whole segments whose ETag is an MD5, length otherwise."""
    checks = []
    offset = 0
    for index, entry in enumerate(segments):
        length = segment_length(entry)
        whole = entry.range is None
        digest = entry.etag if whole and is_md5(entry.etag) else None
        if isinstance(entry, InlineSegment):
            label = f"inline data segment #{index}"
        else:
            label = f"segment #{index} {entry.container}/{entry.name}"
            if entry.range:
                label += f" (range {entry.range})"
        checks.append(SegmentCheck(offset, length, digest, label))
        offset += length
    return tuple(checks)


class RangeVerifier:
    """Checks the bytes of a download, fed in order, against a plan's ``SegmentCheck`` list.

    Each check's MD5 is computed as its bytes go by and compared the moment its range is complete, so a bad segment
    is reported by name (``IntegrityError``). Ranges without an MD5 are only counted, never hashed. *whole_md5*: the
    MD5 of the whole body besides (a large object's stored ``X-Object-Meta-Md5``), checked by ``finish``: it catches
    what per-segment checks cannot, such as a manifest listing the wrong (but intact) segments.
    """

    def __init__(self, what: str, checks: Sequence[SegmentCheck], size: int, whole_md5: str | None = None) -> None:
        self._what = what
        self._whole_md5 = whole_md5.lower() if whole_md5 else None
        self._whole: Any = md5() if whole_md5 else None
        self._checks = list(checks)
        self._size = size
        self._index = 0
        self.position = 0
        offset = 0
        for check in self._checks:
            if check.offset != offset or check.length < 0:
                raise ValueError(f"{what}: the checks must cover the object end to end (gap at byte {offset})")
            offset = check.end
        if offset != size:
            raise ValueError(f"{what}: the checks cover {offset} bytes, the object has {size}")
        self._digest: Any = md5() if self._checks and self._checks[0].md5 is not None else None

    @property
    def size(self) -> int:
        """The number of bytes the checks cover (the whole body)."""
        return self._size

    @property
    def hashing(self) -> bool:
        """True when some bytes still to come need hashing (otherwise a parallel download can skip reading back)."""
        return self._whole is not None or any(c.md5 is not None for c in self._checks[self._index :])

    def _settle(self) -> None:
        """Close every check that ends at the current position (zero-length ones too); open the next one."""
        while self._index < len(self._checks):
            check = self._checks[self._index]
            if self.position < check.end:
                if self._digest is None and check.md5 is not None:
                    self._digest = md5()
                return
            if check.md5 is not None:
                actual = (self._digest or md5()).hexdigest()
                if actual != check.md5.lower():
                    raise IntegrityError(f"{self._what}: {check.label}: MD5 {actual}, expected {check.md5}")
            self._digest = None
            self._index += 1

    def feed(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        if self.position + len(view) > self._size:
            raise IntegrityError(f"{self._what}: received more than the expected {self._size} bytes")
        if self._whole is not None:
            self._whole.update(view)
        while len(view):
            check = self._checks[self._index]
            take = min(len(view), check.end - self.position)
            if self._digest is not None:
                self._digest.update(view[:take])
            self.position += take
            view = view[take:]
            self._settle()

    def feed_file(self, fd: int, offset: int, length: int, chunk_size: int, token: CancelToken | None = None) -> None:
        """Feed ``[offset, offset+length)`` of the open file *fd*, reading back only the ranges that need hashing."""
        if offset != self.position:
            raise ValueError(f"verifier at byte {self.position}, asked to check from {offset}")
        end = offset + length
        while self.position < end:
            if token is not None:
                token.check()
            self._settle()  # past any zero-length check, so that the current one has bytes left
            check = self._checks[self._index]
            stop = min(end, check.end)
            if self._digest is None and self._whole is None:
                self.position = stop
                self._settle()
                continue
            want = min(chunk_size, stop - self.position)
            data = os.pread(fd, want, self.position)
            if not data:
                raise IntegrityError(f"{self._what}: the temporary file ends at byte {self.position}")
            self.feed(data)

    def finish(self) -> None:
        """Raise ``IntegrityError`` unless exactly the expected bytes arrived and every check passed."""
        self._settle()
        if self.position != self._size or self._index != len(self._checks):
            raise IntegrityError(f"{self._what}: received {self.position} bytes, expected {self._size}")
        if self._whole is not None:
            actual = self._whole.hexdigest()
            if actual != self._whole_md5:
                raise IntegrityError(
                    f"{self._what}: the whole object's MD5 is {actual}, its X-Object-Meta-Md5 says {self._whole_md5}"
                )

    @classmethod
    def for_body(cls, what: str, headers: Mapping[str, str]) -> RangeVerifier | None:
        """A verifier for one response body: its length, and its MD5 when the ETag is one (a whole plain object);
        None when the server gave no length (a chunked DLO answer), which leaves nothing to check."""
        size = expected_length(headers)
        if size is None:
            return None
        return cls(what, [SegmentCheck(0, size, expected_md5(headers), what)], size)
