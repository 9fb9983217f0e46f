"""Deleting many objects: one bulk request per ``max_deletes_per_request`` names when the cluster has the bulk
middleware, concurrent single DELETEs on the worker pool otherwise. Either way the answer is one
``BulkDeleteResult`` (deleted, not found, errors), so callers never care which way it went.

Used by upload cleanup, large-object deletion, sync, ``bulk_delete`` and ``delete(container, del_objects=True)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..exceptions import ClientException, NotFound
from ..swift import bulk
from .manager import CancelToken

if TYPE_CHECKING:
    from ..client import StorageClient

#: ``(container, object)``, or ``(container, None)`` for a container to delete after its objects.
Path = tuple[str, "str | None"]


def bulk_batch_size(client: StorageClient) -> int | None:
    """Names per bulk request from ``/info``, or None when the cluster has no bulk delete."""
    caps = client.capabilities
    if not caps.has("bulk_delete"):
        return None
    try:
        size = int(caps.section("bulk_delete").get("max_deletes_per_request") or bulk.DEFAULT_MAX_DELETES_PER_REQUEST)
    except (TypeError, ValueError):
        size = bulk.DEFAULT_MAX_DELETES_PER_REQUEST
    return max(size, 1)


def delete_many(
    client: StorageClient,
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
    per_request = bulk_batch_size(client) if use_bulk is not False else None
    if per_request is not None:
        for batch in bulk.batched(paths, min(per_request, batch_size or per_request)):
            if token is not None:
                token.check()
            result = result.merge(_bulk_request(client, batch))
        return result
    transfers = client.transfers
    # Without a token of its own the deletion is not tied to the manager's: cleanup after a cancel must still run.
    outcomes = transfers.map_parts(lambda path: _delete_one(client, path), list(paths), token or CancelToken())
    for outcome in outcomes:
        result = result.merge(outcome)
    return result


def _bulk_request(client: StorageClient, batch: Sequence[Path]) -> bulk.BulkDeleteResult:
    response = client.connection.request(
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


def _delete_one(client: StorageClient, path: Path) -> bulk.BulkDeleteResult:
    container, obj = path
    try:
        if obj is None:
            client.connection.delete_container(container)
        else:
            client.connection.delete_object(container, obj)
    except NotFound:
        return bulk.BulkDeleteResult(not_found=1)
    except ClientException as exc:
        return bulk.BulkDeleteResult(
            status=exc.status,
            reason=exc.reason,
            errors=((bulk.bulk_delete_path(container, obj), f"{exc.status} {exc.reason}".strip()),),
        )
    return bulk.BulkDeleteResult(deleted=1)
