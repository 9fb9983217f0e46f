"""``StorageObject.last_modified`` is one type whatever the object came from (issue 15, item 11).

Swift gives a listing's time as ``2024-05-01T12:00:00.123456`` and a HEAD's as an HTTP date; swiftfiles gives both as
a timezone-aware ``datetime`` in UTC.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from swiftfiles import StorageClient

pytestmark = pytest.mark.integration


def test_listing_head_and_upload_give_the_same_kind_of_time(client: StorageClient, container: str) -> None:
    before = datetime.now(timezone.utc) - timedelta(minutes=5)
    stored = client.store_object(container, "a.txt", b"data")
    listed = next(iter(client.list_container_objects(container)))
    headed = client.get_object(container, "a.txt")
    reloaded = listed.reload()
    times = [stored.last_modified, listed.last_modified, headed.last_modified, reloaded.last_modified]
    for when in times:
        assert isinstance(when, datetime)
        assert when.utcoffset() == timedelta(0)
        assert before < when < datetime.now(timezone.utc) + timedelta(minutes=5)
    # The listing is exact to the microsecond, a HEAD to the second: the same moment either way.
    assert headed.last_modified == listed.last_modified.replace(microsecond=0)
    assert abs(stored.last_modified - headed.last_modified) < timedelta(seconds=1)
