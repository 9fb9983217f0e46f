"""The local trees of the ``sync_million`` workloads: N small files in folders of at most 1,000, like a real tree.

Every file's name and content follow from N and a fixed seed alone (16 to 64 bytes of seeded random content), so
the tree can be written once, reused by every later benchmark run, and described without reading it back: the
container-listing rows ``broker_fill`` writes come from ``iter_tree`` too, with each file's real size and MD5.

Trees live in ``<parent>/tree-<N>/`` (``/dev/shm/swiftfiles-bench-trees`` by default), with a marker
``tree-<N>.done`` beside the folder (not in it: the tools would sync it) written once the tree is complete. A
million files take about 4 GiB of tmpfs pages (one page each) and well under a minute to write; make one ahead of a
benchmark run, outside the test lock, with::

    .venv/bin/python -m benchmarks.tree 1000000 [--parent /dev/shm/swiftfiles-bench-trees]

Delete them with ``rm -rf /dev/shm/swiftfiles-bench-trees``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

#: Files per folder (the last folder may hold fewer).
PER_FOLDER = 1000
MIN_SIZE, MAX_SIZE = 16, 64
SEED = 20261202
#: Bump when the layout or content rule changes, so an old tree is rebuilt rather than mistaken for a new one.
VERSION = 1
DEFAULT_PARENT = Path("/dev/shm/swiftfiles-bench-trees")


def folder_name(index: int) -> str:
    return f"d{index:04d}"


def iter_folder_files(count: int, folder: int) -> Iterator[tuple[str, bytes]]:
    """``(file name, content)`` of folder number *folder* of a tree of *count* files, in name order."""
    first = folder * PER_FOLDER
    n = min(PER_FOLDER, count - first)
    rng = random.Random(SEED * 1_000_003 + folder)
    sizes = [rng.randint(MIN_SIZE, MAX_SIZE) for _ in range(n)]
    blob = rng.randbytes(sum(sizes))
    offset = 0
    for i, size in enumerate(sizes):
        yield f"f{first + i:07d}.bin", blob[offset : offset + size]
        offset += size


def folders(count: int) -> int:
    return (count + PER_FOLDER - 1) // PER_FOLDER


def iter_tree(count: int) -> Iterator[tuple[str, bytes]]:
    """Every ``(relative name, content)`` of the tree of *count* files, in the order Swift lists names."""
    for folder in range(folders(count)):
        prefix = folder_name(folder) + "/"
        for name, data in iter_folder_files(count, folder):
            yield prefix + name, data


def iter_rows(count: int) -> Iterator[tuple[str, int, str]]:
    """``(object name, size, MD5 hex)`` of every file, as a listing of the synced container shows them."""
    for name, data in iter_tree(count):
        yield name, len(data), hashlib.md5(data).hexdigest()


def tree_path(parent: Path, count: int) -> Path:
    return parent / f"tree-{count}"


def _marker(parent: Path, count: int) -> Path:
    return parent / f"tree-{count}.done"


def ensure_tree(parent: Path, count: int, log: bool = True) -> Path:
    """The folder of the tree of *count* files under *parent*, written first when it is missing or incomplete."""
    root = tree_path(parent, count)
    marker = _marker(parent, count)
    if marker.is_file() and marker.read_text().strip() == f"{VERSION} {count}" and root.is_dir():
        return root
    started = time.monotonic()
    if log:
        print(f"  generating {root} ({count:,} files of {MIN_SIZE} to {MAX_SIZE} bytes)", file=sys.stderr, flush=True)
    marker.unlink(missing_ok=True)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for folder in range(folders(count)):
        directory = os.path.join(root, folder_name(folder))
        os.mkdir(directory)
        for name, data in iter_folder_files(count, folder):
            fd = os.open(os.path.join(directory, name), flags, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
    marker.write_text(f"{VERSION} {count}\n")
    if log:
        print(f"  wrote {count:,} files in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tree", description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="+", help="files in the tree (e.g. 10000 100000 1000000)")
    parser.add_argument("--parent", type=Path, default=DEFAULT_PARENT, help=f"where trees live ({DEFAULT_PARENT})")
    args = parser.parse_args(argv)
    for count in args.count:
        if count < 1:
            parser.error("a tree holds at least one file")
        print(ensure_tree(args.parent, count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
