"""Cutting a container listing into ranges of names that tasks can work on independently.

A range is ``(after, last)``: every name ``> after`` (``None``: from the start) and ``<= last`` (``None``: to the
end). The ranges of one plan cover the whole name space without overlap, whatever is added or removed between
planning and running: a name created later still falls in exactly one range. Planning walks the names once,
lazily (one listing page in memory), and keeps only the boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from swiftfiles import StorageClient


@dataclass(frozen=True)
class NameRange:
    """Names ``> after`` and ``<= last`` (either end open when None), under the job's prefix."""

    after: str | None
    last: str | None

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        return (self.after is None or name > self.after) and (self.last is None or name <= self.last)


def cut(names: Iterable[str], per_range: int) -> list[NameRange]:
    """Ranges of at most *per_range* of the sorted *names* (the last one open-ended)."""
    if per_range < 1:
        raise ValueError("per_range must be at least 1")
    ranges: list[NameRange] = []
    after: str | None = None
    count = 0
    previous: str | None = None
    for name in names:
        count += 1
        previous = name
        if count == per_range:
            ranges.append(NameRange(after, name))
            after, count = name, 0
    if count or not ranges:
        ranges.append(NameRange(after, None))
    elif previous is not None:
        # the last full range becomes open-ended, so names added after planning are not missed
        ranges[-1] = NameRange(ranges[-1].after, None)
    return ranges


def plan_ranges(client: StorageClient, container: str, prefix: str | None, per_range: int) -> list[NameRange]:
    """Ranges of at most *per_range* objects of *container* (under *prefix*), from one lazy listing walk."""
    names = client.list_container_object_names(container, prefix=prefix or None, full_listing=True)
    return cut(names, per_range)


def names_in(
    client: StorageClient, container: str, prefix: str | None, names: NameRange
) -> Iterator[tuple[str, int, str | None]]:
    """``(name, bytes, etag)`` of the objects in the range, walking the listing from its start marker."""
    listing = client.list_container_objects(container, marker=names.after, prefix=prefix or None, full_listing=True)
    for obj in listing:
        if names.last is not None and obj.name > names.last:
            return
        yield obj.name, obj.total_bytes, obj.etag
