"""Streaming an object into a local file, atomically and verified.

Bytes go to a hidden temporary file beside the target; only when the length and (for plain objects) the MD5 match
the server's headers is it renamed over the final name. A failure leaves the previous file, if any, untouched and no
partial file that looks complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..exceptions import IntegrityError
from .source import md5


def expected_md5(headers: Mapping[str, str]) -> str | None:
    """The MD5 a GET body must have, or None when the ETag is not a plain MD5 (SLO/DLO manifests, ranges)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "x-object-manifest" in lowered or lowered.get("x-static-large-object", "").lower() == "true":
        return None
    if "content-range" in lowered:
        return None
    etag = lowered.get("etag", "").strip('"')
    return etag.lower() if len(etag) == 32 else None


def expected_length(headers: Mapping[str, str]) -> int | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        return int(lowered["content-length"])
    except (KeyError, ValueError):
        return None


class VerifyingSink:
    """Counts and hashes bytes as they pass, then checks them against the response headers."""

    def __init__(self, headers: Mapping[str, str], what: str) -> None:
        self._md5 = expected_md5(headers)
        self._length = expected_length(headers)
        self._digest = md5()
        self._what = what
        self.size = 0

    def update(self, chunk: bytes) -> None:
        self._digest.update(chunk)
        self.size += len(chunk)

    def verify(self) -> None:
        if self._length is not None and self.size != self._length:
            raise IntegrityError(f"{self._what}: received {self.size} bytes, expected {self._length}")
        if self._md5 is not None and self._digest.hexdigest() != self._md5:
            raise IntegrityError(
                f"{self._what}: MD5 {self._digest.hexdigest()} does not match the server's ETag {self._md5}"
            )


def write_atomically(target: Path, chunks: Iterable[bytes], sink: VerifyingSink) -> int:
    """Write *chunks* to *target* through a temporary file; rename only after ``sink.verify()`` passes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".cfpart", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                sink.update(chunk)
                handle.write(chunk)
        sink.verify()
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return sink.size
