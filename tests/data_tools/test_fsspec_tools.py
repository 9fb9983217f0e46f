"""``swift://`` through the tools people use: pandas CSV and Parquet, pyarrow Parquet files and datasets, and a
300 MiB streamed write that stays in bounded memory."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
ds = pytest.importorskip("pyarrow.dataset")

pytestmark = pytest.mark.integration

MiB = 1 << 20


def frame(n: int = 1000):
    return pd.DataFrame(
        {
            "id": range(n),
            "name": [f"item-{i}" for i in range(n)],
            "price": [i * 0.25 for i in range(n)],
            "group": [f"g{i % 3}" for i in range(n)],
        }
    )


def test_pandas_csv_round_trip(storage_options, client, container) -> None:
    df = frame()
    url = f"swift://{container}/tables/sales.csv"
    df.to_csv(url, index=False, storage_options=storage_options)
    assert client.fetch_object(container, "tables/sales.csv").startswith(b"id,name,price,group\n0,item-0,0.0,g0\n")
    back = pd.read_csv(url, storage_options=storage_options)
    pd.testing.assert_frame_equal(back, df, check_dtype=False)


def test_pandas_parquet_round_trip(storage_options, container) -> None:
    df = frame()
    url = f"swift://{container}/tables/sales.parquet"
    df.to_parquet(url, index=False, storage_options=storage_options)
    back = pd.read_parquet(url, storage_options=storage_options)
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    subset = pd.read_parquet(url, columns=["price"], storage_options=storage_options)
    assert subset["price"].sum() == df["price"].sum()


def test_pyarrow_parquet_file_and_partitioned_dataset(fs, client, container) -> None:
    table = pa.Table.from_pandas(frame(), preserve_index=False)
    pq.write_table(table, f"{container}/file.parquet", filesystem=fs, row_group_size=100)
    parquet_file = pq.ParquetFile(f"{container}/file.parquet", filesystem=fs)
    assert parquet_file.metadata.num_rows == 1000 and parquet_file.metadata.num_row_groups == 10
    assert parquet_file.read_row_group(3).column("id").to_pylist() == list(range(300, 400))
    assert pq.read_table(f"{container}/file.parquet", filesystem=fs).equals(table)

    ds.write_dataset(table, f"{container}/ds", format="parquet", filesystem=fs, partitioning=["group"])
    written = sorted(client.list_container_object_names(container, prefix="ds/", full_listing=True))
    assert [name.rsplit("/", 1)[0] for name in written] == ["ds/g0", "ds/g1", "ds/g2"]
    dataset = ds.dataset(f"{container}/ds", format="parquet", filesystem=fs, partitioning=["group"])
    g1 = dataset.to_table(filter=ds.field("group") == "g1").to_pandas()
    assert sorted(g1["id"]) == [i for i in range(1000) if i % 3 == 1]
    assert dataset.count_rows() == 1000


WRITE_300_MIB = """
import hashlib, json, os, resource, sys
from swiftfiles import TransferConfig
from swiftfiles.fsspec import SwiftFileSystem

MiB = 1 << 20
options = json.loads(sys.argv[1])
# Segments of 4 MiB, 2 in flight, 1 read ahead; file blocks of 2 MiB: memory is a few blocks and segments whatever
# the size. (The process alone, with swiftfiles and fsspec imported, is about 30 MiB.)
config = TransferConfig(stream_segment_size=4 * MiB, stream_read_ahead=1, multipart_threshold=8 * MiB, concurrency=2)
fs = SwiftFileSystem(**options, transfer_config=config)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
digest = hashlib.md5()
with fs.open(sys.argv[2], "wb", block_size=2 * MiB) as f:
    for _ in range(300):
        block = os.urandom(MiB)
        digest.update(block)
        f.write(block)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak_rss_kib": peak, "base_kib": base, "md5": digest.hexdigest()}))
"""


def test_a_300_mib_write_is_a_verified_slo_in_bounded_memory(storage_options, fs, client, container) -> None:
    path = f"{container}/big/300mib.bin"
    # Linux keeps a process's peak RSS across exec, and a child forked from this (large) pytest process starts
    # with a copy of its memory; so the writer is started by a small launcher process, whose own peak (about
    # 10 MiB) is the most it can inherit.
    launcher = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"
    run = subprocess.run(
        [sys.executable, "-c", launcher, sys.executable, "-c", WRITE_300_MIB, json.dumps(storage_options), path],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(run.stdout)
    try:
        info = fs.info(path)
        assert info["large"] is True and info["size"] == 300 * MiB
        digest = hashlib.md5()
        for chunk in client.fetch_object(container, "big/300mib.bin", chunk_size=4 * MiB):
            digest.update(chunk)
        assert digest.hexdigest() == result["md5"]
        assert result["peak_rss_kib"] < 100 * 1024, (
            f"peak RSS {result['peak_rss_kib'] // 1024} MiB (at start {result['base_kib'] // 1024} MiB)"
        )
    finally:
        fs.rm(path)  # with its segments: 300 MiB of the test server's tmpfs
