"""The swiftfiles side of each benchmark workload, run by the harness as a child process.

One invocation = one measured run: ``python benchmarks/cf_driver.py OP [options]``. Credentials come from
``ST_AUTH``/``ST_USER``/``ST_KEY`` (the harness sets them from the dev server). It uses only swiftfiles' public
API, so the numbers follow whatever the library does (segmenting, parallel parts, ...). On success it prints one
JSON line (``{"ok": true, "api": ..., ...}``) and exits 0; on failure it prints the traceback and exits 1.

Ops whose API is not in swiftfiles yet exit 3 with ``{"pending": "needs StorageClient.<name>"}``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from swiftfiles import StorageClient
from swiftfiles.transfer.config import TransferConfig

MiB = 1 << 20
EXIT_PENDING = 3


class Pending(Exception):
    """The op needs a swiftfiles API that does not exist yet."""


def make_client(single_put: bool = False, segment_size: int = 0) -> StorageClient:
    if single_put:
        config = TransferConfig(multipart_threshold=1 << 62)
    elif segment_size:
        config = TransferConfig(multipart_threshold=segment_size, segment_size=segment_size)
    else:
        config = TransferConfig()
    return StorageClient(
        auth_url=os.environ["ST_AUTH"],
        username=os.environ["ST_USER"],
        password=os.environ["ST_KEY"],
        transfer_config=config,
    )


def require(client: StorageClient, name: str) -> Callable[..., Any]:
    method = getattr(client, name, None)
    if not callable(method):
        raise Pending(f"needs StorageClient.{name}")
    return method  # type: ignore[no-any-return]


def local_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def run_pool(client: StorageClient, fn: Callable[[Any], Any], items: list[Any]) -> None:
    """Until swiftfiles has folder transfers: one shared (thread-safe) client, its own concurrency setting."""
    with ThreadPoolExecutor(max_workers=client.transfer_config.concurrency) as pool:
        for _ in pool.map(fn, items):
            pass


# -- ops ----------------------------------------------------------------------------------------------------------


def op_upload_file(args: argparse.Namespace) -> dict[str, Any]:
    with make_client(single_put=args.single_put, segment_size=args.segment_size) as client:
        client.upload_file(args.container, args.file, obj_name=args.obj, return_none=True)
    if args.single_put:
        api = "upload_file (multipart_threshold=inf)"
    elif args.segment_size:
        api = f"upload_file (multipart_threshold=segment_size={args.segment_size})"
    else:
        api = "upload_file"
    return {"api": api, "bytes": args.size}


def op_download_object(args: argparse.Namespace) -> dict[str, Any]:
    with make_client() as client:
        path = client.download_object(args.container, args.obj, args.out)
    return {"api": "download_object", "bytes": os.path.getsize(path)}


def op_upload_files(args: argparse.Namespace) -> dict[str, Any]:
    root = Path(args.dir)
    files = local_files(root)
    with make_client() as client:
        run_pool(
            client,
            lambda p: client.upload_file(
                args.container, str(p), obj_name=f"{root.name}/{p.relative_to(root).as_posix()}", return_none=True
            ),
            files,
        )
    return {"api": f"upload_file x{len(files)} in a ThreadPoolExecutor", "files": len(files)}


def op_download_container(args: argparse.Namespace) -> dict[str, Any]:
    with make_client() as client:
        names = list(client.list_container_object_names(args.container, full_listing=True))
        run_pool(client, lambda name: client.download_object(args.container, name, args.out), names)
    return {"api": f"list + download_object x{len(names)} in a ThreadPoolExecutor", "files": len(names)}


def op_upload_folder(args: argparse.Namespace) -> dict[str, Any]:
    with make_client() as client:
        upload_folder = require(client, "upload_folder")
        result = upload_folder(args.dir, container=args.container)
        # pyrax's upload_folder returns (key, total_bytes) at once and uploads in the background.
        if isinstance(result, tuple) and len(result) == 2:
            key, total = result
            if hasattr(client, "get_folder_upload"):
                handle = client.get_folder_upload(key)
                handle.wait()
                if handle.errors:
                    raise RuntimeError(f"{len(handle.errors)} files failed, e.g. {handle.errors[0]}")
            else:
                while client.get_uploaded(key) < total:
                    time.sleep(0.01)
    return {"api": "upload_folder + wait"}


def op_sync_folder(args: argparse.Namespace) -> dict[str, Any]:
    with make_client() as client:
        sync = require(client, "sync_folder_to_container")
        result = sync(args.dir, args.container)
    counts = {}
    if hasattr(result, "transferred_count"):  # what the harness checks: nothing moved in a nothing-changed sync
        counts = {
            "transferred": result.transferred_count,
            "deleted": result.deleted_count,
            "skipped": result.skipped_count,
            "errors": len(result.errors),
        }
    return {"api": "sync_folder_to_container", **counts}


def op_delete_all(args: argparse.Namespace) -> dict[str, Any]:
    with make_client() as client:
        if callable(getattr(client, "bulk_delete", None)):
            names = list(client.list_container_object_names(args.container, full_listing=True))
            result = client.bulk_delete(args.container, names)
            if isinstance(result, dict) and result.get("errors"):
                raise RuntimeError(f"bulk_delete errors: {result['errors'][:3]}")
            api = f"list + bulk_delete({len(names)} names)"
        else:
            client.delete_all_objects(args.container)
            api = "delete_all_objects (bulk_delete pending)"
    return {"api": api}


def pattern_block(seed: int = 1234) -> bytes:
    """1 MiB of reproducible random bytes: the repeating unit of the generated stream."""
    import random

    return random.Random(seed).randbytes(MiB)


def generated_stream(size: int, block: bytes, chunk: int) -> Iterator[bytes]:
    """``size`` bytes of ``block`` repeated, yielded in ``chunk``-sized pieces, never held in memory at once."""
    view = memoryview(block)
    sent = 0
    while sent < size:
        offset = sent % len(block)
        n = min(chunk, size - sent, len(block) - offset)
        yield bytes(view[offset : offset + n])
        sent += n


def op_stream_roundtrip(args: argparse.Namespace) -> dict[str, Any]:
    """Upload a generated stream of unknown length, read it back streaming, compare every byte with the pattern."""
    block = pattern_block()
    chunk = MiB
    started = time.monotonic()
    with make_client() as client:
        client.store_object(args.container, args.obj, generated_stream(args.size, block, chunk), chunk_size=chunk)
        uploaded = time.monotonic()
        rss_after_upload = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        received = 0
        view = memoryview(block)
        for piece in client.fetch_object(args.container, args.obj, chunk_size=chunk):
            pos = 0
            while pos < len(piece):
                offset = (received + pos) % len(block)
                n = min(len(piece) - pos, len(block) - offset)
                if piece[pos : pos + n] != view[offset : offset + n]:
                    raise AssertionError(f"downloaded bytes differ from the stream at offset {received + pos}")
                pos += n
            received += len(piece)
        if received != args.size:
            raise AssertionError(f"downloaded {received} bytes, uploaded {args.size}")
    done = time.monotonic()
    return {
        "api": "store_object(generator, chunk_size=1 MiB) + fetch_object(chunk_size=1 MiB)",
        "bytes": args.size,
        "upload_s": round(uploaded - started, 3),
        "download_s": round(done - uploaded, 3),
        "rss_after_upload_mib": round(rss_after_upload, 1),
        "verified": "byte-exact against the generator",
    }


OPS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "upload_file": op_upload_file,
    "download_object": op_download_object,
    "upload_files": op_upload_files,
    "download_container": op_download_container,
    "upload_folder": op_upload_folder,
    "sync_folder": op_sync_folder,
    "delete_all": op_delete_all,
    "stream_roundtrip": op_stream_roundtrip,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cf_driver.py")
    parser.add_argument("op", choices=sorted(OPS))
    parser.add_argument("--container", required=True)
    parser.add_argument("--obj")
    parser.add_argument("--file")
    parser.add_argument("--dir")
    parser.add_argument("--out")
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--single-put", action="store_true")
    parser.add_argument("--segment-size", type=int, default=0, help="upload_file in segments of this many bytes")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        result = OPS[args.op](args)
    except Pending as exc:
        print(json.dumps({"ok": False, "pending": str(exc)}))
        return EXIT_PENDING
    result.update(
        ok=True,
        op_s=round(time.monotonic() - started, 3),
        maxrss_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
