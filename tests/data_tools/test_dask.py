"""Dask on ``swift://``: DataFrames, and the distributed copy/verify jobs (``swiftfiles.dask_jobs``), computed by a
``distributed.LocalCluster`` of two worker processes, and the same jobs in one process.

The cluster is started once for the module (two single-threaded workers: the test machine has two cores).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from swiftfiles import NotFound, TransferConfig
from swiftfiles.dask_jobs import JobResult, NameRange, cut, run_job
from swiftfiles.fsspec import SwiftFileSystem

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, memory_limit="1GiB"
    )
    try:
        with distributed.Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def worker_filesystems() -> list[str]:
    """On a worker: how each cached swift:// filesystem's client got its token."""
    from swiftfiles.fsspec import SwiftFileSystem

    return [repr(fs.client.authenticator.method) for fs in list(SwiftFileSystem._cache.values())]


def test_read_csv_and_to_parquet_on_a_cluster(dask_client, storage_options, client, container) -> None:
    parts = []
    for day in range(4):
        part = pd.DataFrame({"day": [day] * 50, "item": range(50), "amount": [day * 100 + i for i in range(50)]})
        client.store_object(container, f"in/day-{day}.csv", part.to_csv(index=False))
        parts.append(part)
    expected = pd.concat(parts, ignore_index=True)

    frame = dd.read_csv(f"swift://{container}/in/*.csv", storage_options=storage_options)
    assert frame.npartitions == 4
    totals = frame.groupby("day")["amount"].sum().compute()
    assert totals.to_dict() == expected.groupby("day")["amount"].sum().to_dict()

    frame.to_parquet(f"swift://{container}/out", storage_options=storage_options, write_index=False)
    written = sorted(client.list_container_object_names(container, prefix="out/", full_listing=True))
    assert len([name for name in written if name.endswith(".parquet")]) == 4
    back = dd.read_parquet(f"swift://{container}/out", storage_options=storage_options).compute()
    pd.testing.assert_frame_equal(back.sort_values(["day", "item"]).reset_index(drop=True), expected, check_dtype=False)

    # The workers did the reading and writing with the token the driver's filesystem carried, not their own logins.
    methods = [m for ms in dask_client.run(worker_filesystems).values() for m in ms]
    assert methods and all("PreAuthenticated" in m for m in methods)


# -- the distributed copy/verify job -------------------------------------------------------------------------------

MiB = 1 << 20


def test_cut_covers_every_name_once() -> None:
    names = ["a", "b", "c", "d", "e", "f", "g"]
    assert cut(names, 3) == [NameRange(None, "c"), NameRange("c", "f"), NameRange("f", None)]
    assert cut(names[:6], 3) == [NameRange(None, "c"), NameRange("c", None)]
    assert cut([], 3) == [NameRange(None, None)]
    ranges = cut(names, 2)
    for name in [*names, "0", "bb", "zz"]:  # names added after planning land in exactly one range too
        assert sum(name in r for r in ranges) == 1
    with pytest.raises(ValueError):
        cut(names, 0)


@pytest.fixture
def source(opts, client, container) -> Iterator[dict[str, bytes]]:
    """A container with plain objects (nested names, unicode, empty), one static and one dynamic large object."""
    contents = {f"logs/{day:02d}/{part}.log": os.urandom(1000 * day + part) for day in range(1, 5) for part in range(3)}
    contents.update({"top.txt": b"top", "empty": b"", "été/café.txt": "déjà".encode()})
    for name, data in contents.items():
        client.store_object(container, name, data)
    big = SwiftFileSystem(**opts(transfer_config=TransferConfig(multipart_threshold=MiB, stream_segment_size=MiB // 2)))
    contents["large.bin"] = os.urandom(2 * MiB + 5)
    big.pipe_file(f"{container}/large.bin", contents["large.bin"])
    assert big.info(f"{container}/large.bin")["large"] is True
    client.store_object(container, "parts/1", b"dyn-")
    client.store_object(container, "parts/2", b"amic")
    client.store_object(container, "dlo", b"", headers={"X-Object-Manifest": f"{container}/parts/"})
    contents.update({"parts/1": b"dyn-", "parts/2": b"amic"})
    yield contents
    big.rm(f"{container}/large.bin")  # with its segments


@pytest.fixture
def other_container(client) -> Iterator[Any]:
    made: list[str] = []

    def make() -> str:
        made.append(f"job-dest-{uuid.uuid4().hex[:10]}")
        return made[-1]

    yield make
    for name in made:
        with contextlib.suppress(NotFound):
            client.delete(name, del_objects=True)


def test_verify_job_on_the_cluster_and_in_one_process(dask_client, storage_options, container, source) -> None:
    on_cluster = run_job(
        "verify-md5", container, storage_options=storage_options, objects_per_range=4, client=dask_client
    )
    expected_bytes = sum(len(data) for data in source.values())
    assert on_cluster == JobResult("verify-md5", objects=len(source), bytes=expected_bytes, skipped=1)  # the DLO
    in_process = run_job(
        "verify-md5", container, storage_options=storage_options, objects_per_range=4, scheduler="sync"
    )
    assert in_process == on_cluster


def test_copy_to_container_job(dask_client, storage_options, client, container, source, other_container) -> None:
    long_name = "n" * 1000  # the copy's name (with the destination prefix) would pass Swift's 1024-byte limit
    client.store_object(container, long_name, b"long")
    first, second = other_container(), other_container()
    on_cluster = run_job(
        "copy-to-container",
        container,
        storage_options=storage_options,
        dest_container=first,
        dest_prefix="copied/" * 10,
        objects_per_range=5,
        client=dask_client,
    )
    in_process = run_job(
        "copy-to-container",
        container,
        storage_options=storage_options,
        dest_container=second,
        dest_prefix="copied/" * 10,
        objects_per_range=5,
        scheduler="sync",
    )
    assert on_cluster == in_process
    assert on_cluster.objects == len(source) + 1  # the DLO is copied too (as its content)
    assert [name for name, _ in on_cluster.errors] == [long_name]
    for name, data in source.items():
        assert client.fetch_object(first, "copied/" * 10 + name) == data
    assert client.fetch_object(first, "copied/" * 10 + "dlo") == b"dyn-amic"
    with pytest.raises(ValueError):
        run_job("copy-to-container", container, storage_options=storage_options, dest_container=container)


def test_copy_to_local_job(dask_client, storage_options, container, source, tmp_path) -> None:
    on_cluster = run_job(
        "copy-to-local",
        container,
        storage_options=storage_options,
        local_dir=tmp_path / "cluster",
        objects_per_range=6,
        client=dask_client,
    )
    in_process = run_job(
        "copy-to-local", container, storage_options=storage_options, local_dir=tmp_path / "one", scheduler="sync"
    )
    assert on_cluster == in_process and on_cluster.ok
    for name, data in source.items():
        for folder in ("cluster", "one"):
            local = tmp_path.joinpath(folder, *name.split("/"))
            assert hashlib.md5(local.read_bytes()).hexdigest() == hashlib.md5(data).hexdigest(), (folder, name)
