"""Lazy listings across pages.

Swift pages listings (10,000 entries at most per request). ``iter_pages`` follows ``marker`` from page to page and
stops on an *empty* page, not a short one: some proxies return short pages before the end. Only one page is held in
memory at a time, so an account or container of any size can be walked.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, overload

Entry = dict[str, Any]
PageFetcher = Callable[[str | None, int], list[Entry]]
T = TypeVar("T")


def entry_name(entry: Entry) -> str:
    """The name a listing entry sorts by: ``name``, or ``subdir`` for pseudo-folder entries."""
    return str(entry.get("name", entry.get("subdir", "")))


def is_slo_row(entry: Entry) -> bool:
    """A static large object's listing row: it carries ``slo_etag`` (or ``swift_bytes`` in its content type)."""
    return "slo_etag" in entry or "swift_bytes" in str(entry.get("content_type") or "")


def may_be_large_row(entry: Entry) -> bool:
    """An SLO row, or one that may be a DLO manifest: Swift lists those as 0 bytes (only a HEAD can tell)."""
    return is_slo_row(entry) or not entry.get("bytes")


def first_fetched(rows: Iterator[T]) -> Iterator[T] | None:
    """*rows* with the first one fetched now: None when there is none, else an iterator over all of them.

    A lazy listing sends nothing until it is read; reading its first page up front makes a missing container raise
    ``NoSuchContainer`` here, before the caller changes anything, and tells an empty listing apart for free.
    """
    for first in rows:
        return itertools.chain((first,), rows)
    return None


def iter_pages(fetch: PageFetcher, *, marker: str | None = None, page_size: int = 10000) -> Iterator[list[Entry]]:
    """Yield non-empty pages from ``fetch(marker, limit)`` until a page comes back empty."""
    while True:
        page = fetch(marker, page_size)
        if not page:
            return
        yield page
        next_marker = entry_name(page[-1])
        if next_marker == marker:  # a server that ignores marker would loop forever
            return
        marker = next_marker


def iter_entries(fetch: PageFetcher, *, marker: str | None = None, page_size: int = 10000) -> Iterator[Entry]:
    """Every entry of every page, lazily."""
    for page in iter_pages(fetch, marker=marker, page_size=page_size):
        yield from page


class LazyListing(Sequence[T]):
    """A full listing that is walked page by page, on demand.

    Iterating it makes a fresh walk each time and holds one page at a time, so ``for obj in listing`` works for
    containers of any size in bounded memory. ``len()``, indexing and ``==`` need every entry, so the first of
    them materialises the whole listing once (that costs memory proportional to the listing, as a list would).
    """

    def __init__(self, walk: Callable[[], Iterator[T]], what: str = "entries") -> None:
        self._walk = walk
        self._items: list[T] | None = None
        #: What is listed, for ``repr`` (e.g. "objects of container 'photos'").
        self.what = what

    def __iter__(self) -> Iterator[T]:
        return iter(self._items) if self._items is not None else self._deferred()

    def _deferred(self) -> Iterator[T]:
        # A generator runs nothing before its first next(). ``list(listing)`` calls iter() and then len() (to size
        # its result), and len() materialises the listing: walking it again here would repeat every request.
        yield from self._items if self._items is not None else self._walk()

    def _all(self) -> list[T]:
        if self._items is None:
            self._items = list(self._walk())
        return self._items

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self._all()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyListing):
            return self._all() == other._all()
        if isinstance(other, list):
            return self._all() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self._items is None:
            return f"<LazyListing of {self.what}: not read yet (iterate to walk it page by page, list() to keep it)>"
        return f"<LazyListing of {self.what}: {len(self._items)} entries>"
