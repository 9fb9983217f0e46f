"""The pieces that keep a sync of a million files fast and small: the listing read ahead on a thread, the hash
cache read a few hundred files at a time, the quick check of plain names, the listing time parser."""

import hashlib
import os
import threading
from datetime import datetime, timezone

import pytest

from swiftfiles.sync.filters import NameFilter, normalize_patterns, sync_exclusion
from swiftfiles.sync.hashcache import HashCache
from swiftfiles.sync.readahead import read_ahead
from swiftfiles.sync.remote import parse_last_modified
from swiftfiles.sync.rules import FilterRules
from swiftfiles.transfer.localpath import local_name_problem


def test_read_ahead_gives_the_same_stream_in_order() -> None:
    assert list(read_ahead(iter(range(10_007)), batch=100, depth=2)) == list(range(10_007))
    assert list(read_ahead([], batch=3)) == []


def test_read_ahead_raises_the_streams_error_after_the_items_before_it() -> None:
    def rows():
        yield from range(5)
        raise ConnectionError("page 2 failed")

    got = []
    with pytest.raises(ConnectionError, match="page 2 failed"):
        for item in read_ahead(rows(), batch=2):
            got.append(item)
    assert got == [0, 1, 2, 3, 4]


def test_read_ahead_reads_nothing_until_asked_and_stops_its_thread_when_closed() -> None:
    pulled = []

    def rows():
        for i in range(1_000_000):
            pulled.append(i)
            yield i

    before = threading.active_count()
    stream = read_ahead(rows(), batch=10, depth=2)
    assert pulled == [] and threading.active_count() == before
    assert next(stream) == 0
    stream.close()  # the consumer stops early: the reader is stopped and joined, far from the end
    assert threading.active_count() == before
    assert len(pulled) < 100


def test_read_ahead_refuses_an_empty_window() -> None:
    with pytest.raises(ValueError):
        read_ahead([1], batch=0)


def test_cached_many_answers_like_one_lookup_per_file(tmp_path) -> None:
    cache = HashCache(tmp_path / "db.sqlite")
    files = []
    for i in range(1200):  # more than one query's worth
        path = tmp_path / f"f{i}"
        path.write_bytes(str(i).encode())
        st = os.stat(path)
        files.append((str(path), st.st_size, st.st_mtime_ns))
        if i % 3:
            cache.md5(str(path), st.st_size, st.st_mtime_ns)
    stale = files[1]
    asked = [files[0], (stale[0], stale[1], stale[2] + 1), *files[2:]]  # f1 changed its mtime since
    found = cache.cached_many(asked)
    expected = {
        p: hashlib.md5(p.rsplit("f", 1)[1].encode()).hexdigest()
        for p, _, _ in files
        if int(p.rsplit("f", 1)[1]) % 3 and p != stale[0]
    }
    assert len(expected) == 799
    assert found == expected
    assert found == {p: d for p, s, m in asked if (d := cache.lookup(p, s, m)) is not None}
    assert cache.hits == len(found)


AWKWARD = [
    "a",
    "d0001/f0000001.bin",
    "a/b/c.txt",
    "A-b_c.d",
    "x" * 255,
    "x" * 256,
    "a/" + "y" * 256,
    ".hidden",
    "a/.hidden/b",
    "a/./b",
    "a/../b",
    "..",
    "a//b",
    "/a",
    "a/",
    "",
    "a\\b",
    "a\x00b",
    "C:/x",
    "c:",
    "a b",
    "é/ü",
    "a.",
    "CON",
    "a\n",
    "a/b.",
    "-",
    "_/.",
]


@pytest.mark.parametrize(
    "name_filter",
    [
        NameFilter(),
        NameFilter(include_hidden=True),
        NameFilter(normalize_patterns("*.bin")),
        NameFilter(rules=FilterRules.from_patterns(["a/**"], [])),
    ],
)
def test_the_quick_check_of_plain_names_answers_like_the_full_rules(name_filter: NameFilter) -> None:
    for name in AWKWARD:
        full = local_name_problem(name)
        expected = None if full is None and name_filter.exclusion(name) is None else "left out"
        got = sync_exclusion(name, name_filter)
        assert (got is None) == (expected is None), name


def test_listing_times_parse_as_utc() -> None:
    for value in ("2026-12-02T01:36:09.312790", "2024-05-01T12:00:00", "2024-05-01T12:00:00.5Z"):
        expected = datetime.fromisoformat(value.rstrip("Z")).replace(tzinfo=timezone.utc).timestamp()
        assert parse_last_modified(value) == expected
    assert parse_last_modified("2024-05-01T12:00:00+02:00") == 1714564800.0  # the zone is ignored: Swift's is UTC
    assert parse_last_modified("not a time") == 0.0
