"""Container seed methods: listing, create/get/delete, metadata, object listings and static-web pages.

Listings come back as rows (Swift's JSON entries); the client turns them into ``Container`` and ``StorageObject``
handles.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator, Mapping
from typing import Any

from ..exceptions import Conflict, NotFound
from ..swift import metadata as meta
from ..swift.bulk import BulkDeleteResult
from ..swift.largeobject import segment_container
from ..swift.listing import Entry, LazyListing, entry_name, iter_entries, may_be_large_row
from ..transfer.deleting import bulk_batch_size, delete_many, delete_with_segments
from .checks import non_negative
from .core import Part

log = logging.getLogger("swiftfiles.containers")

#: How often ``delete`` retries a container DELETE that still sees objects (listings are eventually consistent).
DELETE_CONFLICT_RETRIES = 5


class ContainersPart(Part):
    """Containers and the object listings inside them (stateless)."""

    # -- account listing ----------------------------------------------------------------------------------------

    def container_rows(
        self,
        *,
        marker: str | None = None,
        prefix: str | None = None,
        end_marker: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Entry]:
        def fetch(page_marker: str | None, page_size: int) -> list[Entry]:
            return self.connection.get_account_page(
                marker=page_marker, limit=page_size, prefix=prefix, end_marker=end_marker
            )[1]

        return iter_entries(fetch, marker=marker, page_size=self._page_size(limit, account=True))

    def list_container_names(self) -> list[str]:
        """The names of every container in the account (all pages)."""
        return [str(entry["name"]) for entry in self.container_rows()]

    def list_containers_info(self, limit: int | None = None, marker: str | None = None) -> list[dict[str, Any]]:
        """One page of ``{"name", "count", "bytes"}`` dicts, after *marker*, at most *limit* entries."""
        non_negative("limit", limit)
        entries = self.connection.get_account_page(limit=limit, marker=marker)[1]
        return [{"name": e["name"], "count": e.get("count", 0), "bytes": e.get("bytes", 0)} for e in entries]

    def container_page(
        self,
        limit: int | None = None,
        marker: str | None = None,
        end_marker: str | None = None,
        prefix: str | None = None,
    ) -> list[Entry]:
        """One page of the account listing (``{"name", "count", "bytes"}`` rows)."""
        non_negative("limit", limit)
        return self.connection.get_account_page(limit=limit, marker=marker, end_marker=end_marker, prefix=prefix)[1]

    # -- one container ------------------------------------------------------------------------------------------

    def head_container(self, container: Any) -> tuple[str, Mapping[str, str]]:
        """The container's validated name and headers (one HEAD); ``NoSuchContainer`` when it does not exist."""
        name = self._cname(container)
        return name, self.connection.head_container(name)

    def create(
        self,
        name: str,
        metadata: Mapping[str, Any] | None = None,
        prefix: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[str, Mapping[str, str]]:
        """Create (or keep) container *name*, optionally with metadata; returns its name and fresh headers."""
        cname = self._cname(name)
        sent = meta.prefixed_headers(metadata or {}, prefix, meta.CONTAINER_PREFIX)
        sent.update(headers or {})
        meta.check_limits(sent, meta.CONTAINER_PREFIX, self.capabilities.metadata_limits)
        self.connection.put_container(cname, sent)
        return cname, self.connection.head_container(cname)

    def delete(self, container: Any, del_objects: bool = False, *, leave_segments: bool | None = None) -> bool:
        """Delete a container; with ``del_objects=True`` delete its objects first, large objects with their
        segments (``leave_segments=True``, or ``TransferConfig.leave_segments``, keeps those), and then the
        ``<container>_segments`` container if that leaves it empty. What was removed is logged at INFO on
        ``swiftfiles.containers``.

        A DELETE refused with 409 right after emptying (listings lag behind deletes) is retried a few times.
        """
        cname = self._cname(container)
        if del_objects:
            removed = self.delete_all_objects(cname, leave_segments=leave_segments)
            log.info("emptied container %r: %d objects and segments deleted", cname, removed.deleted)
        for attempt in range(DELETE_CONFLICT_RETRIES + 1):
            try:
                self.connection.delete_container(cname)
                return True
            except Conflict:
                if not del_objects or attempt == DELETE_CONFLICT_RETRIES:
                    raise
                time.sleep(0.2 * (attempt + 1))
                self.delete_all_objects(cname, leave_segments=leave_segments)
        return True  # pragma: no cover - the loop either returns or raises

    def delete_all_objects(self, container: Any, *, leave_segments: bool | None = None) -> BulkDeleteResult:
        """Delete every object in *container*; returns what was deleted (``deleted`` counts segments too).

        The listing is walked once, page by page; plain objects are deleted with bulk requests (concurrent DELETEs
        without the bulk middleware), so any size works in bounded memory. Large objects (SLO rows, and 0-byte rows
        that may be DLO manifests: one HEAD each) go with their segments unless *leave_segments* (default
        ``TransferConfig.leave_segments``); then the ``<container>_segments`` container is removed if empty.
        Raises the typed error of the first failure (e.g. ``Conflict``) after trying everything.
        """
        cname = self._cname(container)
        keep = self.engine.config.leave_segments if leave_segments is None else leave_segments
        page: list[tuple[str, str | None]] = []
        outcome = BulkDeleteResult()
        batch = bulk_batch_size(self.engine) or self._page_size()
        segmented = False
        for entry in self.connection.iter_objects(cname):
            if "name" not in entry:
                continue
            if not keep and may_be_large_row(entry):
                try:
                    outcome = outcome.merge(delete_with_segments(self.engine, cname, str(entry["name"])))
                    segmented = True
                except NotFound:
                    outcome = outcome.merge(BulkDeleteResult(not_found=1))
                continue
            page.append((cname, str(entry["name"])))
            if len(page) >= batch:
                outcome = outcome.merge(delete_many(self.engine, page))
                page = []
        outcome = outcome.merge(delete_many(self.engine, page))
        outcome.raise_for_errors(f"emptying container {cname!r}")
        if segmented:
            self._remove_if_empty(segment_container(cname, self.engine.config.segment_container_suffix))
        return outcome

    def _remove_if_empty(self, cname: str) -> None:
        """Delete *cname* if it exists and holds nothing (a 409 or 404 leaves it be)."""
        with contextlib.suppress(Conflict, NotFound):
            self.connection.delete_container(cname)

    def remove_container_from_cache(self, container: Any) -> None:
        """Kept for pyrax compatibility; swiftfiles keeps no container cache."""

    # -- container metadata -------------------------------------------------------------------------------------

    def get_container_metadata(self, container: Any, prefix: str | None = None) -> dict[str, str]:
        """Container metadata keyed by lower-cased header name (``x-container-meta-*`` unless *prefix*)."""
        headers = self.connection.head_container(self._cname(container))
        return meta.extract(headers, meta.CONTAINER_PREFIX if prefix is None else prefix)

    def set_container_metadata(
        self, container: Any, metadata: Mapping[str, Any], clear: bool = False, prefix: str | None = None
    ) -> bool:
        """Add or update container metadata; ``clear=True`` also removes every key not in *metadata*."""
        cname = self._cname(container)
        current = self.connection.head_container(cname) if clear else None
        headers = meta.update_headers(metadata, prefix, meta.CONTAINER_PREFIX, "container", current)
        meta.check_limits(headers, meta.CONTAINER_PREFIX, self.capabilities.metadata_limits)
        self.connection.post_container(cname, headers)
        return True

    def remove_container_metadata_key(self, container: Any, key: str) -> bool:
        """Remove one metadata key (nothing happens when it is not set)."""
        self.connection.post_container(self._cname(container), meta.removal_headers([key], "container"))
        return True

    def delete_container_metadata(self, container: Any, prefix: str | None = None) -> bool:
        """Remove all container metadata whose header starts with *prefix* (``X-Container-Meta-``)."""
        cname = self._cname(container)
        headers = meta.deletion_headers(
            self.connection.head_container(cname), prefix, meta.CONTAINER_PREFIX, "container"
        )
        if headers:
            self.connection.post_container(cname, headers)
        return True

    def set_container_web_index_page(self, container: Any, page: str) -> bool:
        """Serve *page* for directory requests (Swift staticweb's ``X-Container-Meta-Web-Index``)."""
        self.connection.post_container(self._cname(container), {"X-Container-Meta-Web-Index": meta.encode_value(page)})
        return True

    def set_container_web_error_page(self, container: Any, page: str) -> bool:
        """Serve ``<status><page>`` for errors (``X-Container-Meta-Web-Error``, e.g. ``error.html``)."""
        self.connection.post_container(self._cname(container), {"X-Container-Meta-Web-Error": meta.encode_value(page)})
        return True

    # -- object listings ----------------------------------------------------------------------------------------

    def object_rows(
        self,
        container: Any,
        limit: int | None = None,
        marker: str | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        end_marker: str | None = None,
        full_listing: bool = False,
    ) -> list[Entry] | LazyListing[Entry]:
        """One page as a list, or (``full_listing``) a ``LazyListing`` of every row, *limit* being the page size."""
        non_negative("limit", limit)
        cname = self._cname(container)
        if full_listing:
            return LazyListing(
                lambda: self.connection.iter_objects(
                    cname, marker=marker, prefix=prefix, delimiter=delimiter, end_marker=end_marker, page_size=limit
                ),
                f"objects of container {cname!r}" + (f" under {prefix!r}" if prefix else ""),
            )
        return self.connection.get_container_page(
            cname, limit=limit, marker=marker, prefix=prefix, delimiter=delimiter, end_marker=end_marker
        )[1]

    def list_container_object_names(
        self,
        container: Any,
        limit: int | None = None,
        marker: str | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        full_listing: bool = False,
        end_marker: str | None = None,
    ) -> list[str] | LazyListing[str]:
        """Object names of one page, or of every page lazily with ``full_listing=True``."""
        rows = self.object_rows(container, limit, marker, prefix, delimiter, end_marker, full_listing)
        if isinstance(rows, LazyListing):
            return LazyListing(lambda: (entry_name(e) for e in rows), f"object names of {rows.what}")
        return [entry_name(e) for e in rows]
