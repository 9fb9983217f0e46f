"""Containers: create/get/list/delete, metadata and object listings, against the real Swift."""

import time
import uuid

import pytest

from swiftfiles import Container, LazyListing, StorageObject
from swiftfiles.exceptions import ContainerNotEmpty, InvalidName, MetadataError, NoSuchContainer

pytestmark = pytest.mark.integration


def test_create_get_and_delete(client) -> None:
    name = f"c-{uuid.uuid4().hex}"
    cont = client.create_container(name, metadata={"purpose": "test"})
    assert isinstance(cont, Container) and cont.name == name and cont.object_count == 0
    assert client.get_container_metadata(name) == {"x-container-meta-purpose": "test"}
    assert name in client.list_container_names()
    assert client.get(name) == cont and client.get(cont) is cont
    assert client.delete_container(cont) is True
    with pytest.raises(NoSuchContainer):
        client.get_container(name)


def test_counts_and_info(client, container) -> None:
    client.store_object(container, "a", b"abc")
    client.store_object(container, "b", b"defgh")
    cont = client.get_container(container)
    assert (cont.object_count, cont.total_bytes) == (2, 8)
    # The account listing's counts arrive through Swift's container-updater: eventually consistent.
    deadline = time.monotonic() + 15
    while True:
        info = {i["name"]: i for i in client.list_containers_info()}[container]
        if info["count"] == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert info == {"name": container, "count": 2, "bytes": 8}


def test_account_listing_pages_with_marker_and_limit(client) -> None:
    prefix = f"page-{uuid.uuid4().hex[:6]}-"
    names = [f"{prefix}{i}" for i in range(5)]
    for n in names:
        client.create_container(n)
    try:
        first = client.list(limit=2, prefix=prefix)
        assert [c.name for c in first] == names[:2]
        assert [c.name for c in client.list(limit=2, marker=names[1], prefix=prefix)] == names[2:4]
        assert [c.name for c in client.get_all_containers(limit=2, marker=names[1], prefix=prefix)] == names[2:4]
        assert [c["name"] for c in client.list_containers_info(limit=1, marker=names[3])][0] == names[4]
        assert [n for n in client.list_containers() if n.startswith(prefix)] == names  # pyrax: names
        every = client.iter_containers(prefix=prefix, page_size=2)
        assert isinstance(every, LazyListing) and [c.name for c in every] == names
        small_pages = type(client)(auth=client.authenticator.method, listing_page_size=2)
        assert [n for n in small_pages.list_container_names() if n.startswith(prefix)] == names
    finally:
        for n in names:
            client.delete(n)


def test_delete_non_empty_container(client, container) -> None:
    client.store_object(container, "x", b"1")
    with pytest.raises(ContainerNotEmpty) as info:
        client.delete(container)
    assert info.value.status == 409
    for i in range(12):
        client.store_object(container, f"more/{i}", b"2")
    small = type(client)(auth=client.authenticator.method, listing_page_size=5)
    assert small.delete(container, del_objects=True) is True
    with pytest.raises(NoSuchContainer):
        client.get(container)


def test_missing_container_errors(client) -> None:
    missing = f"missing-{uuid.uuid4().hex}"
    with pytest.raises(NoSuchContainer) as info:
        client.get_container_metadata(missing)
    assert info.value.status == 404 and info.value.trans_id.startswith("tx")
    with pytest.raises(NoSuchContainer):
        client.list_container_objects(missing)
    with pytest.raises(NoSuchContainer):
        client.delete(missing)


def test_invalid_names_fail_before_any_request(client) -> None:
    with pytest.raises(InvalidName):
        client.create_container("a/b")
    with pytest.raises(InvalidName):
        client.create_container("x" * 257)


def test_metadata_set_clear_remove_delete(client, container) -> None:
    client.set_container_metadata(container, {"a": "1", "b": "2"})
    client.set_container_metadata(container, {"c": "3"})
    assert client.get_container_metadata(container) == {
        "x-container-meta-a": "1",
        "x-container-meta-b": "2",
        "x-container-meta-c": "3",
    }
    client.set_container_metadata(container, {"d": "4"}, clear=True)
    assert client.get_container_metadata(container) == {"x-container-meta-d": "4"}
    client.remove_container_metadata_key(container, "d")
    client.remove_container_metadata_key(container, "never-set")
    assert client.get_container_metadata(container) == {}
    client.set_container_metadata(container, {"X-Container-Read": ".r:*"}, prefix="")
    assert client.get_container_metadata(container, prefix="X-Container-Read") == {"x-container-read": ".r:*"}
    client.set_container_metadata(container, {"e": "5", "f": "6"})
    client.delete_container_metadata(container)
    assert client.get_container_metadata(container) == {}


def test_metadata_at_the_limits(client, container) -> None:
    # 90 items, 4096 bytes overall exactly: Swift's limits.
    items = {f"k{i:02d}": "v" * 42 for i in range(89)}
    used = sum(len(k) + len(v) for k, v in items.items())
    items["last"] = "w" * (4096 - used - 4)
    client.set_container_metadata(container, items)
    got = client.get_container_metadata(container)
    assert len(got) == 90 and got["x-container-meta-last"] == items["last"]
    with pytest.raises(MetadataError, match="4097 bytes"):
        client.set_container_metadata(container, {**items, "last": items["last"] + "w"}, clear=True)


@pytest.fixture
def filled(client, container):
    names = ["a.txt", "b/1.txt", "b/2.txt", "b/c/3.txt", "d/4.txt", "e.txt", "f/5.txt"]
    for n in names:
        client.store_object(container, n, n.encode())
    return container, names


def test_object_listing_pagination(client, filled) -> None:
    container, names = filled
    objs = client.list_container_objects(container, limit=3)
    assert [o.name for o in objs] == names[:3] and all(isinstance(o, StorageObject) for o in objs)
    assert objs[0].total_bytes == 5 and objs[0].etag and objs[0].content_type == "text/plain"
    assert client.list_container_object_names(container, marker="b/2.txt", limit=2) == names[3:5]
    assert client.list_container_object_names(container, marker="a.txt", end_marker="d/4.txt") == names[1:4]
    assert client.list_container_object_names(container, prefix="b/") == names[1:4]
    everything = client.list_container_objects(container, full_listing=True, limit=2)
    assert isinstance(everything, LazyListing) and [o.name for o in everything] == names
    assert list(client.list_container_object_names(container, full_listing=True, limit=2)) == names
    assert [o.name for o in client.object_listing_iterator(container)] == names
    assert [o.name for o in client.object_listing_iterator(container, prefix="b/")] == names[1:4]
    assert client.get_container_objects is not None and client.get_container_object_names is not None


def test_delimiter_and_subdirs(client, filled) -> None:
    container, _ = filled
    assert client.list_container_object_names(container, delimiter="/") == [
        "a.txt",
        "b/",
        "d/",
        "e.txt",
        "f/",
    ]
    subdirs = client.list_container_subdirs(container)
    assert [s.name for s in subdirs] == ["b/", "d/", "f/"]
    assert [s.name for s in client.list_container_subdirs(container, prefix="b/")] == ["b/c/"]
    assert [s.name for s in client.list_container_subdirs(container, full_listing=True, limit=1)] == [
        "b/",
        "d/",
        "f/",
    ]


def test_full_listing_walks_many_pages(client, container) -> None:
    names = [f"obj-{i:04d}" for i in range(57)]
    for n in names:
        client.store_object(container, n, b"")
    small = type(client)(auth=client.authenticator.method, listing_page_size=10)
    assert list(small.list_container_object_names(container, full_listing=True)) == names
    assert len(small.list_container_objects(container, full_listing=True)) == 57


def test_container_handle_methods_delegate(client, container) -> None:
    cont = client.get_container(container)
    obj = cont.store_object("h.txt", "hello")
    assert cont.fetch("h.txt") == b"hello" and obj.get() == b"hello"
    assert [o.name for o in cont.get_objects()] == ["h.txt"]
    assert cont.get_object_names() == ["h.txt"]
    cont.set_metadata({"k": "v"})
    assert cont.get_metadata() == {"x-container-meta-k": "v"}
    assert cont.reload().object_count == 1
    assert cont.get_object("h.txt").total_bytes == 5
    obj.delete()
    assert cont.get_object_names() == []


def test_remove_container_from_cache_is_harmless(client, container) -> None:
    assert client.remove_container_from_cache(container) is None
    assert client.name == "Object Storage"
