"""Paging logic of full listings."""

from swiftfiles.swift.listing import LazyListing, iter_entries, iter_pages

NAMES = [f"o{i:03d}" for i in range(25)]


def make_fetch(short_pages: bool = False):
    calls = []

    def fetch(marker, limit):
        calls.append((marker, limit))
        start = 0 if marker is None else NAMES.index(marker) + 1
        size = limit - 1 if short_pages else limit  # a proxy that returns short pages before the end
        return [{"name": n} for n in NAMES[start : start + size]]

    return fetch, calls


def test_walks_every_page_and_stops_on_empty_page() -> None:
    fetch, calls = make_fetch()
    assert [e["name"] for e in iter_entries(fetch, page_size=10)] == NAMES
    assert calls == [(None, 10), ("o009", 10), ("o019", 10), ("o024", 10)]


def test_short_pages_do_not_end_the_listing() -> None:
    fetch, _ = make_fetch(short_pages=True)
    assert [e["name"] for e in iter_entries(fetch, page_size=5)] == NAMES


def test_marker_and_subdir_entries() -> None:
    pages = iter(([{"subdir": "a/"}, {"name": "b"}], [{"subdir": "c/"}], []))
    seen = []

    def fetch(marker, limit):
        seen.append(marker)
        return next(pages)

    assert len(list(iter_pages(fetch, marker="start"))) == 2
    assert seen == ["start", "b", "c/"]


def test_lazy_listing_is_lazy_and_reiterable() -> None:
    fetch, calls = make_fetch()
    listing = LazyListing(lambda: (e["name"] for e in iter_entries(fetch, page_size=10)))
    assert calls == []
    it = iter(listing)
    assert next(it) == "o000" and len(calls) == 1
    assert list(listing) == NAMES
    assert len(listing) == 25 and listing[3] == "o003" and listing == NAMES


def test_list_of_a_lazy_listing_walks_it_once() -> None:
    """list() asks len() before iterating: the materialised entries must be reused, not fetched again."""
    fetch, calls = make_fetch()
    listing = LazyListing(lambda: (e["name"] for e in iter_entries(fetch, page_size=10)))
    assert list(listing) == NAMES
    pages = len(calls)
    assert pages == 4  # three pages of entries and the empty one that ends the walk
    assert sorted(listing) == NAMES and [n for n in listing] == NAMES
    assert len(calls) == pages


def test_repr_says_what_is_listed_and_whether_it_was_read() -> None:
    listing = LazyListing(lambda: iter(["a", "b"]), "objects of container 'photos'")
    assert repr(listing) == (
        "<LazyListing of objects of container 'photos': not read yet (iterate to walk it page by page, "
        "list() to keep it)>"
    )
    assert len(listing) == 2
    assert repr(listing) == "<LazyListing of objects of container 'photos': 2 entries>"
