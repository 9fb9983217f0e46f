"""Times Swift reports, as one type: timezone-aware ``datetime`` in UTC.

A container listing gives ``2024-05-01T12:00:00.123456`` (UTC, no zone), a HEAD or GET an HTTP date
(``Wed, 01 May 2024 12:00:00 GMT``, whole seconds). ``parse_time`` reads both, so an object's ``last_modified`` is
the same kind of value wherever it came from. ``object_mtime`` is the modification time a download gives its file:
the stored ``X-Object-Meta-Mtime`` (the file's own time, written by swift's CLI, rclone and swiftfiles), else the
object's ``Last-Modified``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from ..http.headers import lowered
from .metadata import MTIME_HEADER


def parse_time(value: str | datetime | None) -> datetime | None:
    """A timezone-aware UTC ``datetime`` from a listing's ISO time or an HTTP date; None when absent or unreadable.

    A ``datetime`` passes through (made aware: a naive one is taken as UTC, as Swift's times are)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = value.strip()
        try:
            # listings: 2024-05-01T12:00:00.123456; headers: Wed, 01 May 2024 12:00:00 GMT
            parsed = datetime.fromisoformat(text.rstrip("Z")) if text[:4].isdigit() else parsedate_to_datetime(text)
        except (ValueError, TypeError, IndexError):
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def stored_mtime(headers: Mapping[str, str]) -> float | None:
    """The ``X-Object-Meta-Mtime`` seconds in *headers*; None when absent or not a finite number."""
    wanted = MTIME_HEADER.lower()
    value = lowered(headers).get(wanted)
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def object_mtime(headers: Mapping[str, str]) -> float | None:
    """The modification time a downloaded file gets: ``X-Object-Meta-Mtime``, else ``Last-Modified``; None when the
    headers have neither."""
    seconds = stored_mtime(headers)
    if seconds is not None:
        return seconds
    modified = parse_time(lowered(headers).get("last-modified"))
    return None if modified is None else modified.timestamp()


__all__ = ["object_mtime", "parse_time", "stored_mtime"]
