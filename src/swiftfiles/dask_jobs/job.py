"""Run a copy or verify job over a whole container as Dask tasks, one task per range of names.

The driver lists the container once to cut it into ranges (``plan``), builds one task per range, and a final task
that merges the ranges' ``JobResult``s. Each task gets the ``SwiftFileSystem`` pickled with the driver's token, so
workers do not log in once per task; each opens its own connections.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from swiftfiles import StorageClient

from ..fsspec import SwiftFileSystem
from .operations import COPY_TO_CONTAINER, COPY_TO_LOCAL, Operation, Skipped
from .plan import NameRange, names_in, plan_ranges
from .result import JobResult


def run_range(
    fs: SwiftFileSystem, container: str, prefix: str | None, names: NameRange, operation: Operation
) -> JobResult:
    """Apply *operation* to every object of *container* in *names*; one task of a job (also callable directly).

    Errors are collected per object, never raised, so one bad object does not lose the rest of the range.
    """
    if operation.name == COPY_TO_LOCAL and operation.local_dir:
        os.makedirs(operation.local_dir, exist_ok=True)  # on this worker's machine
    entries = fs._call(container, lambda c: list(names_in(c, container, prefix, names)))
    objects = size_total = skipped = 0
    errors: list[tuple[str, str]] = []
    for name, size, etag in entries:

        def apply(client: StorageClient, name: str = name, size: int = size, etag: str | None = etag) -> int:
            return operation.apply(client, container, name, size, etag)

        try:
            size_total += fs._session.call(apply)
            objects += 1
        except Skipped:
            skipped += 1
        except Exception as exc:  # noqa: BLE001 - reported per object in the result
            errors.append((name, f"{type(exc).__name__}: {exc}"))
    return JobResult(operation.name, objects, size_total, skipped, tuple(sorted(errors)))


def run_job(
    operation: str,
    container: str,
    *,
    storage_options: Mapping[str, Any] | None = None,
    prefix: str | None = None,
    dest_container: str | None = None,
    dest_prefix: str = "",
    local_dir: str | os.PathLike[str] | None = None,
    objects_per_range: int = 1000,
    client: Any = None,
    scheduler: str | None = None,
) -> JobResult:
    """Copy or verify every object of *container* (under *prefix*) with Dask, and return the merged result.

    operation: ``"copy-to-container"`` (server-side copies into *dest_container*, names prefixed with
    *dest_prefix*), ``"copy-to-local"`` (verified downloads into *local_dir*, which every worker must be able to
    write: a shared filesystem on a real cluster) or ``"verify-md5"`` (read every object and check its MD5s).

    storage_options: ``StorageClient`` settings, as for ``swift://`` URLs (None: the environment's ``OS_*`` /
    ``ST_*`` on the driver; the token it gets travels to the workers). objects_per_range: objects per Dask task.

    Where it runs: on *client* (a ``distributed.Client`` connected to any cluster) when given; otherwise on Dask's
    current scheduler (the active ``distributed.Client`` if there is one), or *scheduler* (``"sync"`` runs every task
    in this process, one after the other; ``"threads"``, ``"processes"``).
    """
    from dask.base import compute
    from dask.delayed import delayed

    local = os.fspath(local_dir) if local_dir is not None else None
    op = Operation(operation, dest_container=dest_container, dest_prefix=dest_prefix, local_dir=local)
    if op.name == COPY_TO_CONTAINER and dest_container == container and dest_prefix.startswith(prefix or ""):
        raise ValueError("the copies would land among the objects being copied; choose another container or prefix")
    if objects_per_range < 1:
        raise ValueError("objects_per_range must be at least 1")
    fs = SwiftFileSystem(**dict(storage_options or {}))
    ranges = fs._call(container, lambda c: plan_ranges(c, container, prefix, objects_per_range))
    if op.name == COPY_TO_CONTAINER:
        assert dest_container is not None
        fs.mkdir(dest_container)
    tasks = [delayed(run_range, pure=False)(fs, container, prefix, names, op) for names in ranges]
    merged = delayed(JobResult.total, pure=False)(op.name, tasks)
    if client is not None:
        return client.compute(merged).result()  # type: ignore[no-any-return]
    (result,) = compute(merged, scheduler=scheduler)  # type: ignore[no-untyped-call]
    return result  # type: ignore[no-any-return]
