"""Deleting objects: many at once, and large objects with their segments.

``delete_many``: one bulk request per ``max_deletes_per_request`` names when the cluster has the bulk middleware,
concurrent single DELETEs on the worker pool otherwise. Either way the answer is one ``BulkDeleteResult`` (deleted,
not found, errors), so callers never care which way it went. Used by upload cleanup, large-object deletion, sync,
``bulk_delete`` and ``delete(container, del_objects=True)``.

``delete_with_segments``: an SLO goes with ``DELETE ?multipart-manifest=delete`` (Swift deletes its segments); a
DLO's manifest goes first (so nobody reads a half-deleted object), then the segments under its prefix. A DELETE
whose answer was lost and whose resend finds the name gone has succeeded (``SwiftConnection.request``), so a DLO's
segments are still removed after it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..exceptions import ClientException, NotFound
from ..swift import bulk
from ..swift.largeobject import dlo_manifest, is_slo
from .fetch import iter_dlo_segments
from .futures import CancelToken

if TYPE_CHECKING:
    from .runtime import TransferRuntime

log = logging.getLogger(__name__)

#: ``(container, object)``, or ``(container, None)`` for a container to delete after its objects.
Path = tuple[str, "str | None"]


def bulk_batch_size(runtime: TransferRuntime) -> int | None:
    """Names per bulk request from ``/info``, or None when the cluster has no bulk delete."""
    caps = runtime.capabilities
    if not caps.has("bulk_delete"):
        return None
    try:
        size = int(caps.section("bulk_delete").get("max_deletes_per_request") or bulk.DEFAULT_MAX_DELETES_PER_REQUEST)
    except (TypeError, ValueError):
        size = bulk.DEFAULT_MAX_DELETES_PER_REQUEST
    return max(size, 1)


def delete_many(
    runtime: TransferRuntime,
    paths: Sequence[Path],
    *,
    token: CancelToken | None = None,
    batch_size: int | None = None,
    use_bulk: bool | None = None,
) -> bulk.BulkDeleteResult:
    """Delete *paths*; objects already gone count as ``not_found``, not as errors. Nothing is raised for
    per-name failures: they are in the result's ``errors`` (call ``raise_for_errors`` to turn them into one).

    batch_size overrides the cluster's limit (smaller batches); use_bulk=False forces single DELETEs.
    """
    result = bulk.BulkDeleteResult()
    if not paths:
        return result
    per_request = bulk_batch_size(runtime) if use_bulk is not False else None
    if per_request is not None:
        for batch in bulk.batched(paths, min(per_request, batch_size or per_request)):
            if token is not None:
                token.check()
            result = result.merge(_bulk_request(runtime, batch))
        return result
    # Without a token of its own the deletion is not tied to the engine's: cleanup after a cancel must still run.
    outcomes = runtime.map_parts(lambda path: _delete_one(runtime, path), paths, token or CancelToken())
    for outcome in outcomes:
        result = result.merge(outcome)
    return result


def _bulk_request(runtime: TransferRuntime, batch: Sequence[Path]) -> bulk.BulkDeleteResult:
    response = runtime.connection.request(
        "POST",
        query={"bulk-delete": None},
        headers={"Content-Type": "text/plain", "Accept": "application/json"},
        body=bulk.encode_bulk_delete_body(batch),
    )
    try:
        return bulk.parse_bulk_delete_response(response.read())
    except ValueError as exc:
        raise ClientException(
            f"bulk delete: unreadable answer ({exc})", status=response.status, headers=response.headers
        ) from None


def _delete_one(runtime: TransferRuntime, path: Path) -> bulk.BulkDeleteResult:
    container, obj = path
    try:
        if obj is None:
            runtime.connection.delete_container(container)
        else:
            runtime.connection.delete_object(container, obj)
    except NotFound:
        return bulk.BulkDeleteResult(not_found=1)
    except ClientException as exc:
        return bulk.BulkDeleteResult(
            status=exc.status,
            reason=exc.reason,
            errors=((bulk.bulk_delete_path(container, obj), f"{exc.status} {exc.reason}".strip()),),
        )
    return bulk.BulkDeleteResult(deleted=1)


def delete_with_segments(runtime: TransferRuntime, container: str, name: str) -> bulk.BulkDeleteResult:
    """Delete *container*/*name* and, when it is a large object, every segment it is made of.

    Segments already gone count in ``not_found``; any other failure raises the matching ``ClientException``
    subclass listing the paths that could not be deleted. ``NoSuchObject`` when the object does not exist.
    """
    conn = runtime.connection
    # The manifest's own headers: a DLO whose segment container is gone answers a plain HEAD with 404.
    headers = conn.head_object(container, name, query={"multipart-manifest": "get"})
    what = f"deleting {container}/{name} with its segments"
    if is_slo(headers):
        response = conn.request(
            "DELETE", container, name, query={"multipart-manifest": "delete"}, headers={"Accept": "application/json"}
        )
        if response.status == 404:  # an earlier attempt, whose answer was lost, deleted it (SwiftConnection.request)
            return bulk.BulkDeleteResult(deleted=1)
        try:
            result = bulk.parse_bulk_delete_response(response.read())
        except ValueError as exc:
            raise ClientException(
                f"{what}: unreadable answer ({exc})", status=response.status, headers=response.headers
            ) from None
        result.raise_for_errors(what)
        return result
    manifest = dlo_manifest(headers)
    if not manifest:
        conn.delete_object(container, name)
        return bulk.BulkDeleteResult(deleted=1)
    try:
        segments: list[Path] = [
            (entry.container, entry.name)
            for entry in iter_dlo_segments(conn, manifest, page_size=conn.page_size(), exclude=(container, name))
        ]
    except NotFound:  # the segment container is gone: there is nothing left to delete but the manifest
        segments = []
    conn.delete_object(container, name)
    result = bulk.BulkDeleteResult(deleted=1).merge(delete_many(runtime, segments))
    log.debug("%s: %d deleted, %d already gone", what, result.deleted, result.not_found)
    result.raise_for_errors(what)
    return result
