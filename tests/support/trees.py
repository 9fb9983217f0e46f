"""Local folders for the tests: a tree written from a ``{relative name: bytes}`` mapping."""

from collections.abc import Mapping
from pathlib import Path


def write_tree(root: Path, files: Mapping[str, bytes]) -> Path:
    """Write each file under *root* (folders made as needed) and return *root*."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root
