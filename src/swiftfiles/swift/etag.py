"""ETags as Swift uses them: MD5 hex digests of a body, and of segment ETags for large objects.

A plain object's ETag is the MD5 of its content; a large object's (SLO or DLO) is the MD5 of its segments' ETags
concatenated in order, which is also what a listing or a manifest PUT returns for it. Swift quotes some of them
(``"..."``); everything here compares unquoted, lower-case hex.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any


def md5() -> Any:
    """An MD5 object for integrity checks (Swift's ETag), marked as not used for security where Python allows."""
    try:
        return hashlib.md5(usedforsecurity=False)
    except TypeError:  # pragma: no cover - Python builds without the keyword
        return hashlib.md5()


def md5_bytes(data: bytes) -> str:
    """Hex MD5 of *data*: the ETag Swift gives a plain object with this content."""
    digest = md5()
    digest.update(data)
    return str(digest.hexdigest())


def response_etag(headers: Mapping[str, str]) -> str:
    """The ``Etag`` of a response without quotes; ``""`` when there is none."""
    return (headers.get("Etag") or "").strip('"')


def normalize_etag(value: Any) -> str | None:
    """An ETag without quotes, lower-cased; None when empty."""
    if not value:
        return None
    text = str(value).strip().strip('"').lower()
    return text or None


def is_md5(value: str | None) -> bool:
    """True for a 32-digit hex string (a plain object's ETag), False for anything else (None, SLO/DLO forms)."""
    if value is None or len(value) != 32:
        return False
    try:
        int(value, 16)
    except ValueError:
        return False
    return True


def large_object_etag(segment_etags: Iterable[str | None]) -> str:
    """The ETag Swift gives an SLO or a DLO: the MD5 of its segments' ETags, concatenated in order."""
    digest = md5()
    for etag in segment_etags:
        digest.update((etag or "").encode("ascii"))
    return str(digest.hexdigest())
