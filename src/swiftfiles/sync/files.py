"""One local file up, or one object down, as a transfer on the engine (shared by sync and folder uploads).

Uploads record the file's modification time as ``X-Object-Meta-Mtime`` (the convention swift and rclone share) and
reuse an MD5 the caller already has (from the hash cache) as the verified ``ETag``, so a file is read once.
Downloads land atomically at a path checked to stay inside the folder, get the object's time as their mtime, and
their MD5 goes into the hash cache so the next comparison does not read them back.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from ..swift.metadata import MTIME_HEADER, format_mtime
from ..transfer.download import execute_download, open_download
from ..transfer.engine import TransferEngine
from ..transfer.futures import CancelToken, TransferFuture
from ..transfer.localpath import safe_local_path
from ..transfer.progress import Progress, Subscriber, TransferInfo
from ..transfer.upload import Existing, UploadJob, guess_content_type, object_headers
from .hashcache import HashCache
from .local import LocalFile
from .remote import RemoteObject


def submit_upload(
    engine: TransferEngine,
    container: str,
    name: str,
    local: LocalFile,
    *,
    md5: str | None = None,
    existing: Existing = "unknown",
    extra_headers: Mapping[str, str] | None = None,
    subscribers: Iterable[Subscriber] = (),
    parent: CancelToken | None = None,
) -> TransferFuture[int]:
    """Upload *local* to *container*/*name*; the future gives the bytes sent."""
    headers = object_headers(
        engine.capabilities.metadata_limits,
        content_type=guess_content_type(name),
        headers={MTIME_HEADER: format_mtime(local.mtime), **(extra_headers or {})},
    )
    job = UploadJob(container, name, headers, path=local.path, etag=md5, existing=existing)
    info = TransferInfo("upload", container, name, local.size, local.path)

    def work(progress: Progress, token: CancelToken) -> int:
        return job.run(engine, progress, token).size

    return engine.submit(info, work, subscribers, parent=parent)


def submit_download(
    engine: TransferEngine,
    container: str,
    remote: RemoteObject,
    folder: str | os.PathLike[str],
    *,
    cache: HashCache | None = None,
    subscribers: Iterable[Subscriber] = (),
    parent: CancelToken | None = None,
) -> TransferFuture[int]:
    """Download *remote* to its place under *folder*; the future gives the bytes written."""
    info = TransferInfo("download", container, remote.full_name, remote.size)

    def work(progress: Progress, token: CancelToken) -> int:
        target = safe_local_path(folder, remote.name)
        plan, response = open_download(engine, container, remote.full_name)
        # execute_download gave the file the object's stored mtime (X-Object-Meta-Mtime), else its upload time.
        written = execute_download(engine, plan, target, progress=progress, token=token, response=response)
        stat = os.stat(target)
        # The listing hash is the content's MD5 only for a plain object: not for an SLO, nor for a DLO listed as
        # 0 bytes (its hash is the empty manifest's), which the size tells apart.
        if cache is not None and not remote.large and stat.st_size == remote.size and len(remote.hash) == 32:
            cache.store(os.path.abspath(target), stat.st_size, stat.st_mtime_ns, remote.hash)
        return written

    return engine.submit(info, work, subscribers, parent=parent)
