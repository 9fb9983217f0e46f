"""The fsspec side of the ``fs_*`` workloads, run by the harness as a child process: one invocation = one run.

    python benchmarks/fs_driver.py IMPL OP [options]

``IMPL`` is the filesystem under test: ``swiftfiles`` (``swiftfiles.fsspec.SwiftFileSystem``), ``swiftspec``
(PyPI ``swiftspec``, aiohttp), or ``download_object`` (``StorageClient.download_object``, the reference for the
sequential read). Both filesystems run the same op code, through the fsspec interface only, as a user would:

- ``cat_small``: ``fs.cat([...])`` of ``--count`` objects ``<prefix>f00000.bin``, ``<prefix>f00001.bin``, ...;
- ``read_seq``: ``fs.open(path, "rb")`` and ``read(8 MiB)`` to the end, bytes discarded;
- ``read_random``: on one opened file, ``seek`` + ``read(1 MiB)`` at ``--reads`` offsets from ``random_offsets``
  (a fixed seed: the same offsets for every tool), each tool's default block size and cache;
- ``read_parquet``: ``pandas.read_parquet("swift://...", storage_options=...)``.

Credentials: swiftfiles from ``ST_AUTH``/``ST_USER``/``ST_KEY``; swiftspec has no authentication of its own and
takes ``OS_AUTH_TOKEN``/``OS_STORAGE_URL`` (set by the harness), building ``https://`` URLs from its
``swift://host/account/container/key`` paths. Both verify the server against ``BENCH_CA_FILE`` (the dev server's
throwaway CA). Both packages register the ``swift`` fsspec protocol; fsspec keeps whichever entry point it meets
first, so the driver registers the tool under test explicitly (what a user with only that package gets).

Prints one JSON line (``{"ok": true, "bytes": ..., "crc32": ...}``) that the harness checks against the local
data, and exits 0; on failure a traceback and exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
import zlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

MiB = 1 << 20
SEQ_READ = 8 * MiB  # read size of read_seq
RANDOM_READ = MiB  # read size of read_random
SEED = 12_345


def random_offsets(size: int, reads: int, seed: int = SEED) -> list[int]:
    """``reads`` offsets in ``[0, size - RANDOM_READ]``, the same for every tool (and for the harness's check)."""
    rng = random.Random(seed)
    return [rng.randrange(0, max(1, size - RANDOM_READ + 1)) for _ in range(reads)]


def crc_of(chunks: list[bytes]) -> int:
    crc = 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
    return crc


# -- the filesystems ----------------------------------------------------------------------------------------------


class Target:
    """One filesystem under test: its fsspec instance, its URLs, its ``storage_options`` for pandas."""

    def __init__(self, impl: str) -> None:
        import fsspec

        self.impl = impl
        self.ca_file = os.environ["BENCH_CA_FILE"]
        if impl == "swiftfiles":
            from swiftfiles.fsspec import SwiftFileSystem

            self.storage_options: dict[str, Any] = {
                "auth_url": os.environ["ST_AUTH"],
                "username": os.environ["ST_USER"],
                "password": os.environ["ST_KEY"],
                "verify": self.ca_file,
            }
            cls: type[Any] = SwiftFileSystem
            self.base = "swift://"
        elif impl == "swiftspec":
            from swiftspec import SWIFTFileSystem

            storage = urlsplit(os.environ["OS_STORAGE_URL"])  # https://host:port/v1/AUTH_x
            account = storage.path.split("/")[2]
            self.storage_options = {"get_client": self._swiftspec_client}
            cls = SWIFTFileSystem
            self.base = f"swift://{storage.netloc}/{account}/"
        else:
            raise ValueError(f"not a filesystem: {impl}")
        fsspec.register_implementation("swift", cls, clobber=True)
        self.fs = fsspec.filesystem("swift", **self.storage_options)

    async def _swiftspec_client(self, **kwargs: Any) -> Any:
        """swiftspec's ``get_client`` hook: its default aiohttp session, verifying against the dev server's CA."""
        import ssl

        import aiohttp

        context = ssl.create_default_context(cafile=self.ca_file)
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context), **kwargs)

    def url(self, container: str, key: str) -> str:
        return f"{self.base}{container}/{key}"


# -- ops ----------------------------------------------------------------------------------------------------------


def op_cat_small(t: Target, args: argparse.Namespace) -> dict[str, Any]:
    paths = [t.url(args.container, f"{args.prefix}f{i:05d}.bin") for i in range(args.count)]
    contents = t.fs.cat(paths)
    # swiftspec keys the result by its full URL, swiftfiles by the stripped path: match them by position
    got = [contents[key] for key in sorted(contents)]
    return {
        "api": "fs.cat(list of paths)",
        "files": len(got),
        "bytes": sum(len(c) for c in got),
        "crc32": crc_of(got),
    }


def op_read_seq(t: Target, args: argparse.Namespace) -> dict[str, Any]:
    total = 0
    with t.fs.open(t.url(args.container, args.obj), "rb") as f:
        while True:
            chunk = f.read(SEQ_READ)
            if not chunk:
                break
            total += len(chunk)
    return {"api": f"fs.open(path, 'rb') + read({SEQ_READ // MiB} MiB) to the end", "bytes": total}


def op_read_random(t: Target, args: argparse.Namespace) -> dict[str, Any]:
    offsets = random_offsets(args.size, args.reads)
    crc = total = 0
    with t.fs.open(t.url(args.container, args.obj), "rb") as f:
        block, cache = f.blocksize, type(f.cache).__name__
        for offset in offsets:
            f.seek(offset)
            chunk = f.read(RANDOM_READ)
            crc = zlib.crc32(chunk, crc)
            total += len(chunk)
    return {
        "api": f"fs.open(path, 'rb'); seek + read(1 MiB) x{len(offsets)} (block size {block / MiB:g} MiB, {cache})",
        "bytes": total,
        "crc32": crc,
    }


def op_read_parquet(t: Target, args: argparse.Namespace) -> dict[str, Any]:
    import pandas as pd

    df = pd.read_parquet(t.url(args.container, args.obj), storage_options=t.storage_options)
    return {"api": "pandas.read_parquet('swift://...', storage_options=...)", "rows": len(df), "columns": df.shape[1]}


def op_download_object(args: argparse.Namespace) -> dict[str, Any]:
    """The reference for read_seq: the library's own download of the same object, to a file on tmpfs."""
    from swiftfiles import StorageClient

    with StorageClient(
        auth_url=os.environ["ST_AUTH"],
        username=os.environ["ST_USER"],
        password=os.environ["ST_KEY"],
        verify=os.environ["BENCH_CA_FILE"],
    ) as client:
        path = client.download_object(args.container, args.obj, args.out)
    return {"api": "StorageClient.download_object (to tmpfs)", "bytes": os.path.getsize(path)}


OPS: dict[str, Callable[[Target, argparse.Namespace], dict[str, Any]]] = {
    "cat_small": op_cat_small,
    "read_seq": op_read_seq,
    "read_random": op_read_random,
    "read_parquet": op_read_parquet,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fs_driver.py")
    parser.add_argument("impl", choices=("swiftfiles", "swiftspec", "download_object"))
    parser.add_argument("op", choices=sorted(OPS))
    parser.add_argument("--container", required=True)
    parser.add_argument("--obj")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--reads", type=int, default=0)
    parser.add_argument("--size", type=int, default=0, help="the object's size (read_random)")
    parser.add_argument("--out", help="download folder (download_object)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.impl == "download_object":
        if args.op != "read_seq":
            parser.error("download_object is only the reference for read_seq")
        result = op_download_object(args)
    else:
        result = OPS[args.op](Target(args.impl), args)
    result.update(
        ok=True,
        impl=args.impl,
        op_s=round(time.monotonic() - started, 3),
        maxrss_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
