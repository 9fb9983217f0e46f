"""Container seed methods: listing, create/get/delete, metadata, object listings and static-web pages."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any

from ..exceptions import Conflict
from ..resources import Container, StorageObject
from ..swift import metadata as meta
from ..swift.bulk import BulkDeleteResult
from ..swift.listing import Entry, LazyListing, iter_entries
from ..transfer.deleting import bulk_batch_size, delete_many
from .core import ClientCore

#: How often ``delete`` retries a container DELETE that still sees objects (listings are eventually consistent).
DELETE_CONFLICT_RETRIES = 5


class ContainerMixin(ClientCore):
    # -- account listing ----------------------------------------------------------------------------------------

    def _container_entries(
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
        return [str(entry["name"]) for entry in self._container_entries()]

    def list_containers_info(self, limit: int | None = None, marker: str | None = None) -> list[dict[str, Any]]:
        """One page of ``{"name", "count", "bytes"}`` dicts, after *marker*, at most *limit* entries."""
        entries = self.connection.get_account_page(limit=limit, marker=marker)[1]
        return [{"name": e["name"], "count": e.get("count", 0), "bytes": e.get("bytes", 0)} for e in entries]

    def list(
        self,
        limit: int | None = None,
        marker: str | None = None,
        end_marker: str | None = None,
        prefix: str | None = None,
    ) -> list[Container]:
        """``Container`` objects for one page of the account listing (``list_containers``)."""
        entries = self.connection.get_account_page(limit=limit, marker=marker, end_marker=end_marker, prefix=prefix)[1]
        return [Container.from_listing(self._client, e) for e in entries]

    list_containers = list

    def get_all_containers(
        self, limit: int | None = None, marker: str | None = None, prefix: str | None = None
    ) -> LazyListing[Container]:
        """Every container, walked lazily page by page (*limit* sets the page size)."""
        return LazyListing(
            lambda: (
                Container.from_listing(self._client, e)
                for e in self._container_entries(marker=marker, prefix=prefix, limit=limit)
            )
        )

    # -- one container ------------------------------------------------------------------------------------------

    def get(self, item: Any) -> Any:
        """The ``Container`` named *item* (one HEAD); anything that is not a string is returned unchanged."""
        if not isinstance(item, str):
            return item
        name = self._cname(item)
        return Container.from_headers(self._client, name, self.connection.head_container(name))

    def get_container(self, container: Any) -> Container:
        """The ``Container`` for a name or handle, with fresh counts."""
        return self.get(self._cname(container))  # type: ignore[no-any-return]

    def create(
        self,
        name: str,
        metadata: Mapping[str, Any] | None = None,
        prefix: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> Container:
        """Create (or keep) container *name*, optionally with metadata; returns its ``Container``."""
        cname = self._cname(name)
        headers = meta.prefixed_headers(metadata or {}, prefix, meta.CONTAINER_PREFIX)
        headers.update(kwargs.get("headers") or {})
        meta.check_limits(headers, meta.CONTAINER_PREFIX, self.capabilities.metadata_limits)
        self.connection.put_container(cname, headers)
        return self.get(cname)  # type: ignore[no-any-return]

    create_container = create

    def delete(self, container: Any, del_objects: bool = False) -> bool:
        """Delete a container; with ``del_objects=True`` delete its objects first.

        A DELETE refused with 409 right after emptying (listings lag behind deletes) is retried a few times.
        """
        cname = self._cname(container)
        if del_objects:
            self.delete_all_objects(cname)
        for attempt in range(DELETE_CONFLICT_RETRIES + 1):
            try:
                self.connection.delete_container(cname)
                return True
            except Conflict:
                if not del_objects or attempt == DELETE_CONFLICT_RETRIES:
                    raise
                time.sleep(0.2 * (attempt + 1))
                self.delete_all_objects(cname)
        return True  # pragma: no cover - the loop either returns or raises

    delete_container = delete

    def delete_all_objects(self, container: Any) -> None:
        """Delete every object in *container*: the listing is walked once, page by page, and each page is deleted
        with bulk requests (concurrent DELETEs without the bulk middleware), so any size works in bounded memory.

        Raises the typed error of the first failure (e.g. ``Conflict``) after trying everything.
        """
        cname = self._cname(container)
        page: list[tuple[str, str | None]] = []
        outcome = BulkDeleteResult()
        batch = bulk_batch_size(self._client) or self._page_size()
        for entry in self._object_entries(cname):
            if "name" in entry:
                page.append((cname, str(entry["name"])))
            if len(page) >= batch:
                outcome = outcome.merge(delete_many(self._client, page))
                page = []
        outcome = outcome.merge(delete_many(self._client, page))
        outcome.raise_for_errors(f"emptying container {cname!r}")

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
        headers = meta.prefixed_headers(metadata, prefix, meta.CONTAINER_PREFIX)
        if clear:
            existing = meta.extract(self.connection.head_container(cname), meta.CONTAINER_PREFIX)
            keep = {k.lower() for k in headers}
            headers = {**meta.removal_headers((k for k in existing if k not in keep), "container"), **headers}
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
        use = meta.CONTAINER_PREFIX if prefix is None else prefix
        existing = meta.extract(self.connection.head_container(cname), use)
        if existing:
            if use.lower() == meta.CONTAINER_PREFIX.lower():
                headers = meta.removal_headers(existing, "container")
            else:
                headers = {key: "" for key in existing}
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

    def _object_listing(
        self,
        container: Any,
        limit: int | None,
        marker: str | None,
        prefix: str | None,
        delimiter: str | None,
        end_marker: str | None,
        full_listing: bool,
    ) -> Any:
        """One page as a list, or (``full_listing``) a ``LazyListing`` of every entry, *limit* being the page size."""
        cname = self._cname(container)
        if full_listing:
            return LazyListing(
                lambda: self._object_entries(
                    cname,
                    marker=marker,
                    prefix=prefix,
                    delimiter=delimiter,
                    end_marker=end_marker,
                    page_size=limit,
                )
            )
        return self.connection.get_container_page(
            cname, limit=limit, marker=marker, prefix=prefix, delimiter=delimiter, end_marker=end_marker
        )[1]

    def list_container_objects(
        self,
        container: Any,
        limit: int | None = None,
        marker: str | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        end_marker: str | None = None,
        full_listing: bool = False,
    ) -> Any:
        """``StorageObject`` entries of one page (a list), or with ``full_listing=True`` of every page, lazily.

        The full listing is a ``LazyListing``: iterate it to walk page by page in bounded memory; ``len()`` or
        indexing reads it all. With ``full_listing`` the other filters still apply and *limit* is the page size.
        """
        handle = self._container_handle(container)
        entries = self._object_listing(handle, limit, marker, prefix, delimiter, end_marker, full_listing)
        if full_listing:
            return LazyListing(lambda: (StorageObject.from_listing(self._client, handle, e) for e in entries))
        return [StorageObject.from_listing(self._client, handle, e) for e in entries]

    get_container_objects = list_container_objects

    def list_container_object_names(
        self,
        container: Any,
        limit: int | None = None,
        marker: str | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        full_listing: bool = False,
        end_marker: str | None = None,
    ) -> Any:
        """Object names of one page, or of every page lazily with ``full_listing=True``."""
        entries = self._object_listing(container, limit, marker, prefix, delimiter, end_marker, full_listing)
        if full_listing:
            return LazyListing(lambda: (str(e.get("name", e.get("subdir"))) for e in entries))
        return [str(e.get("name", e.get("subdir"))) for e in entries]

    get_container_object_names = list_container_object_names

    def list_container_subdirs(
        self,
        container: Any,
        limit: int | None = None,
        marker: str | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        full_listing: bool = False,
    ) -> Any:
        """Pseudo-folders (``subdir`` entries for *delimiter*, ``/`` by default) as ``StorageObject`` entries."""
        handle = self._container_handle(container)
        entries = self._object_listing(handle, limit, marker, prefix, delimiter or "/", None, full_listing)

        def subdirs() -> Iterator[StorageObject]:
            return (StorageObject.from_listing(self._client, handle, e) for e in entries if "subdir" in e)

        return LazyListing(subdirs) if full_listing else list(subdirs())

    def object_listing_iterator(self, container: Any, prefix: str | None = None) -> Iterator[StorageObject]:
        """A generator over every object in the container (all pages, one page in memory at a time)."""
        handle = self._container_handle(container)
        for entry in self._object_entries(handle.name, prefix=prefix):
            yield StorageObject.from_listing(self._client, handle, entry)
