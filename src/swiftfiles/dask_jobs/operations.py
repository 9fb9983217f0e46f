"""What a job does to each object: server-side copy, download, or MD5 verification.

Each operation takes one object (its listing entry) and returns the bytes it handled, or raises; the range
runner (``job.run_range``) turns exceptions into ``errors`` entries so that one bad object never stops a range.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from swiftfiles import IntegrityError, StorageClient

COPY_TO_CONTAINER = "copy-to-container"
COPY_TO_LOCAL = "copy-to-local"
VERIFY_MD5 = "verify-md5"
OPERATIONS = (COPY_TO_CONTAINER, COPY_TO_LOCAL, VERIFY_MD5)

#: Bytes per read when verifying.
_CHUNK = 1 << 20


class Skipped(Exception):
    """The operation does not apply to this object (counted as skipped, not as an error)."""


@dataclass(frozen=True)
class Operation:
    """One of ``OPERATIONS`` with its target: *dest_container* (+ *dest_prefix*) or *local_dir*."""

    name: str
    dest_container: str | None = None
    dest_prefix: str = ""
    local_dir: str | None = None

    def __post_init__(self) -> None:
        if self.name not in OPERATIONS:
            raise ValueError(f"unknown operation {self.name!r}; choose one of {', '.join(OPERATIONS)}")
        if self.name == COPY_TO_CONTAINER and not self.dest_container:
            raise ValueError("copy-to-container needs dest_container")
        if self.name == COPY_TO_LOCAL and not self.local_dir:
            raise ValueError("copy-to-local needs local_dir (a folder every worker can write to)")

    def apply(self, client: StorageClient, container: str, name: str, size: int, etag: str | None) -> int:
        """Do the operation on one object; return its size in bytes."""
        if self.name == COPY_TO_CONTAINER:
            assert self.dest_container is not None
            client.copy_object(container, name, self.dest_container, new_obj_name=self.dest_prefix + name)
        elif self.name == COPY_TO_LOCAL:
            assert self.local_dir is not None
            client.download_object(container, name, self.local_dir, structure=True)  # verified, never outside
        else:
            verify(client, container, name, etag)
        return size


def verify(client: StorageClient, container: str, name: str, listed_etag: str | None) -> None:
    """Read the object and check it against its MD5s: the listed ETag for a plain object, every segment's for a
    static large object (whose ETag is not an MD5 of its content). ``IntegrityError`` on a mismatch."""
    digest = hashlib.md5(usedforsecurity=False)
    for chunk in client.fetch_object(container, name, chunk_size=_CHUNK):
        digest.update(chunk)
    if listed_etag and digest.hexdigest() == listed_etag:
        return
    headers = client.get_object_metadata(container, name, prefix="")
    if "x-static-large-object" in headers:
        for _segment, pieces in client.fetch_slo(container, name, chunk_size=_CHUNK):
            for _ in pieces:  # each segment's generator checks its MD5 at its end
                pass
        return
    if "x-object-manifest" in headers:
        raise Skipped("a dynamic large object has no checksum to verify")
    raise IntegrityError(f"MD5 {digest.hexdigest()} of the content does not match the listed ETag {listed_etag}")
