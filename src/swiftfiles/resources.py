"""``Container`` and ``StorageObject``: the handles pyrax users know.

Each holds the client's parts (``ClientParts``), a name and the attributes last seen from the server; every method
is a short call into a part, so the handles have no HTTP code of their own. Attributes are a snapshot: call
``reload()`` (or ``client.get_container(name)`` / ``client.get_object(container, name)``) for fresh values.

The handles sit between the parts and ``StorageClient``: the client builds them, they never import it. The methods
of ``StorageClient`` that return handles (``get_container``, ``list_container_objects``, ``store_object``...)
delegate to the methods here, so each is written once.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from .exceptions import MissingName, NoContentSpecified, NotCDNEnabled
from .facade.objects import FetchResult
from .facade.parts import ClientParts
from .facade.uploads import StoredObject
from .swift.bulk import BulkDeleteResult
from .swift.cdn import CDNInfo
from .swift.etag import response_etag
from .swift.listing import Entry, LazyListing
from .swift.times import parse_time
from .transfer.progress import Subscriber


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def as_container(parts: ClientParts, container: Any) -> Container:
    """A ``Container`` for a name or a handle, without a request (counts unknown when given a name).

    A handle of a subclass (the pyrax drop-in's, whose methods call back into its client) is copied into a plain
    ``Container``, so that the client's methods, which delegate here, never loop back through the subclass.
    """
    if type(container) is Container:
        return container
    if isinstance(container, Container):
        return Container(parts, container.name, container.object_count, container.total_bytes)
    return Container(parts, parts.containers._cname(container))


class Container:
    """A container: ``name``, ``object_count``, ``total_bytes`` and the client's container operations bound to it."""

    #: How the client's parts tell a handle from a name (see ``facade.core.Part``).
    handle_kind: ClassVar[str] = "container"

    def __init__(self, parts: ClientParts, name: str, object_count: int = 0, total_bytes: int = 0) -> None:
        self.parts = parts
        self.name = name
        self.object_count = object_count
        self.total_bytes = total_bytes
        self._cdn_info: CDNInfo | None = None

    @classmethod
    def from_headers(cls, parts: ClientParts, name: str, headers: Mapping[str, str]) -> Container:
        return cls(
            parts,
            name,
            object_count=_int(headers.get("X-Container-Object-Count")),
            total_bytes=_int(headers.get("X-Container-Bytes-Used")),
        )

    @classmethod
    def from_listing(cls, parts: ClientParts, entry: Mapping[str, Any]) -> Container:
        return cls(parts, str(entry["name"]), _int(entry.get("count")), _int(entry.get("bytes")))

    # pyrax aliases
    @property
    def total_size(self) -> int:
        return self.total_bytes

    # -- CDN attributes (read from the CDN host on first use; False/None on clusters without a CDN) --------------

    def _cdn(self) -> CDNInfo:
        if self._cdn_info is None:
            try:
                self._cdn_info = self.parts.cdn.get_container_cdn_info(self.name)
            except NotCDNEnabled:
                self._cdn_info = CDNInfo()
        return self._cdn_info

    @property
    def cdn_enabled(self) -> bool:
        return self._cdn().enabled

    @property
    def cdn_ttl(self) -> int | None:
        return self._cdn().ttl

    @property
    def cdn_log_retention(self) -> bool:
        return self._cdn().log_retention

    @property
    def cdn_uri(self) -> str | None:
        return self._cdn().uri

    @property
    def cdn_ssl_uri(self) -> str | None:
        return self._cdn().ssl_uri

    @property
    def cdn_streaming_uri(self) -> str | None:
        return self._cdn().streaming_uri

    @property
    def cdn_ios_uri(self) -> str | None:
        return self._cdn().ios_uri

    def make_public(self, ttl: int | None = None) -> None:
        """``StorageClient.make_container_public`` for this container."""
        self.parts.cdn.make_container_public(self, ttl=ttl)
        self._cdn_info = None

    def make_private(self) -> None:
        """``StorageClient.make_container_private`` for this container."""
        self.parts.cdn.make_container_private(self)
        self._cdn_info = None

    def purge_cdn_object(self, obj: str | StorageObject, email_addresses: str | Iterable[str] | None = None) -> None:
        """``StorageClient.purge_cdn_object`` for this container."""
        self.parts.cdn.purge_cdn_object(self, obj, email_addresses=email_addresses)

    def __repr__(self) -> str:
        return f"<Container {self.name!r} objects={self.object_count} bytes={self.total_bytes}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Container) and other.name == self.name and other.parts is self.parts

    def __hash__(self) -> int:
        return hash(("container", self.name))

    # -- objects ------------------------------------------------------------------------------------------------

    def get_object(self, obj: str | StorageObject) -> StorageObject:
        """``StorageClient.get_object`` for this container: one HEAD; ``NoSuchObject`` when it does not exist."""
        name, headers = self.parts.objects.head_object(self, obj)
        return StorageObject.from_headers(self.parts, self, name, headers)

    def _objects(
        self, rows: builtins.list[Entry] | LazyListing[Entry]
    ) -> builtins.list[StorageObject] | LazyListing[StorageObject]:
        if isinstance(rows, LazyListing):
            return LazyListing(lambda: (StorageObject.from_listing(self.parts, self, e) for e in rows), rows.what)
        return [StorageObject.from_listing(self.parts, self, e) for e in rows]

    def get_objects(
        self,
        marker: str | None = None,
        limit: int | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        end_marker: str | None = None,
        full_listing: bool = False,
    ) -> builtins.list[StorageObject] | LazyListing[StorageObject]:
        """``StorageClient.list_container_objects`` for this container.

        One page as a list, or with ``full_listing=True`` every page as a ``LazyListing`` (walked page by page when
        iterated; *limit* is then the page size).
        """
        return self._objects(
            self.parts.containers.object_rows(self, limit, marker, prefix, delimiter, end_marker, full_listing)
        )

    list = get_objects

    def list_all(self, prefix: str | None = None) -> LazyListing[StorageObject]:
        """Every object (a lazy full listing), optionally under *prefix*."""
        listing = self._objects(self.parts.containers.object_rows(self, prefix=prefix, full_listing=True))
        assert isinstance(listing, LazyListing)
        return listing

    def get_object_names(
        self,
        marker: str | None = None,
        limit: int | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        full_listing: bool = False,
    ) -> builtins.list[str] | LazyListing[str]:
        """``StorageClient.list_container_object_names`` for this container."""
        return self.parts.containers.list_container_object_names(
            self, limit=limit, marker=marker, prefix=prefix, delimiter=delimiter, full_listing=full_listing
        )

    list_object_names = get_object_names

    def list_subdirs(
        self,
        marker: str | None = None,
        limit: int | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        full_listing: bool = False,
    ) -> builtins.list[StorageObject] | LazyListing[StorageObject]:
        """``StorageClient.list_container_subdirs`` for this container: pseudo-folders (``subdir`` rows for
        *delimiter*, ``/`` by default) as ``StorageObject`` entries."""
        rows = self.parts.containers.object_rows(self, limit, marker, prefix, delimiter or "/", None, full_listing)

        def subdirs() -> Iterator[StorageObject]:
            return (StorageObject.from_listing(self.parts, self, e) for e in rows if "subdir" in e)

        return LazyListing(subdirs, f"pseudo-folders of container {self.name!r}") if full_listing else [*subdirs()]

    def object_listing_iterator(self, prefix: str | None = None) -> Iterator[StorageObject]:
        """``StorageClient.object_listing_iterator`` for this container: every object, one page in memory."""
        for entry in self.parts.engine.connection.iter_objects(self.name, prefix=prefix):
            yield StorageObject.from_listing(self.parts, self, entry)

    def _stored(self, stored: StoredObject, return_none: bool) -> StorageObject | None:
        if return_none:
            return None
        return StorageObject(
            self.parts,
            self,
            stored.name,
            total_bytes=stored.result.size,
            etag=stored.result.etag,
            content_type=stored.content_type,
            last_modified=stored.result.last_modified,
        )

    def store_object(
        self,
        obj_name: str,
        data: Any,
        content_type: str | None = None,
        etag: str | None = None,
        content_encoding: str | None = None,
        ttl: int | None = None,
        return_none: bool = False,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> StorageObject | None:
        """``StorageClient.store_object`` for this container."""
        if obj_name is None or obj_name == "":
            raise MissingName("store_object needs obj_name")
        if data is None:
            raise NoContentSpecified("store_object needs data")
        stored = self.parts.uploads.create_object(
            self,
            data=data,
            obj_name=obj_name,
            content_type=content_type,
            etag=etag,
            content_encoding=content_encoding,
            ttl=ttl,
            chunk_size=chunk_size,
            metadata=metadata,
            headers=headers,
            subscribers=subscribers,
        )
        return self._stored(stored, return_none)

    def upload_file(
        self,
        file_or_path: Any,
        obj_name: str | None = None,
        content_type: str | None = None,
        etag: str | None = None,
        content_encoding: str | None = None,
        ttl: int | None = None,
        content_length: int | None = None,
        return_none: bool = False,
        headers: Mapping[str, str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
        resume: bool = False,
    ) -> StorageObject | None:
        """``StorageClient.upload_file`` for this container."""
        stored = self.parts.uploads.create_object(
            self,
            file_or_path=file_or_path,
            obj_name=obj_name,
            content_type=content_type,
            etag=etag,
            content_encoding=content_encoding,
            content_length=content_length,
            ttl=ttl,
            headers=headers,
            metadata=metadata,
            subscribers=subscribers,
            resume=resume,
        )
        return self._stored(stored, return_none)

    def create(
        self,
        file_or_path: Any = None,
        data: Any = None,
        obj_name: str | None = None,
        content_type: str | None = None,
        etag: str | None = None,
        content_encoding: str | None = None,
        content_length: int | None = None,
        ttl: int | None = None,
        chunk_size: int | None = None,
        metadata: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        return_none: bool = False,
        *,
        subscribers: Iterable[Subscriber] = (),
        resume: bool = False,
    ) -> StorageObject | None:
        """``StorageClient.create_object`` for this container."""
        stored = self.parts.uploads.create_object(
            self,
            file_or_path=file_or_path,
            data=data,
            obj_name=obj_name,
            content_type=content_type,
            etag=etag,
            content_encoding=content_encoding,
            content_length=content_length,
            ttl=ttl,
            chunk_size=chunk_size,
            metadata=metadata,
            headers=headers,
            subscribers=subscribers,
            resume=resume,
        )
        return self._stored(stored, return_none)

    def fetch(
        self,
        obj: str | StorageObject,
        include_meta: bool = False,
        chunk_size: int | None = None,
        size: int | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> FetchResult:
        """``StorageClient.fetch_object`` for this container."""
        return self.parts.objects.fetch_object(
            self, obj, include_meta=include_meta, chunk_size=chunk_size, size=size, subscribers=subscribers
        )

    fetch_object = fetch

    def fetch_partial(self, obj: str | StorageObject, size: int) -> bytes:
        """``StorageClient.fetch_partial`` for this container."""
        return self.parts.objects.fetch_partial(self, obj, size)

    def download(
        self,
        obj: str | StorageObject,
        directory: str,
        structure: bool = True,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> Path:
        """``StorageClient.download_object`` for this container."""
        return self.parts.objects.download_object(self, obj, directory, structure=structure, subscribers=subscribers)

    download_object = download

    def delete_object(self, obj: str | StorageObject) -> bool:
        """``StorageClient.delete_object`` for this container."""
        return self.parts.objects.delete_object(self, obj)

    def delete_object_in_seconds(self, obj: str | StorageObject, seconds: int, extra_info: Any = None) -> None:
        """``StorageClient.delete_object_in_seconds`` for this container."""
        self.parts.objects.delete_object_in_seconds(self, obj, seconds)

    def copy_object(
        self,
        obj: str | StorageObject,
        new_container: Any,
        new_obj_name: str | None = None,
        content_type: str | None = None,
    ) -> str:
        """``StorageClient.copy_object`` for this container."""
        return self.parts.objects.copy_object(
            self, obj, new_container, new_obj_name=new_obj_name, content_type=content_type
        )

    def move_object(
        self,
        obj: str | StorageObject,
        new_container: Any,
        new_obj_name: str | None = None,
        new_reference: bool = False,
        content_type: str | None = None,
    ) -> str | StorageObject:
        """``StorageClient.move_object`` for this container: the new ETag, or the new ``StorageObject`` with
        ``new_reference=True``."""
        name = self.parts.objects._oname(obj)
        etag = self.parts.objects.move_object(
            self, obj, new_container, new_obj_name=new_obj_name, content_type=content_type
        )
        if new_reference:
            return as_container(self.parts, new_container).get_object(new_obj_name or name)
        return etag

    def change_object_content_type(self, obj: str | StorageObject, new_ctype: str | None, guess: bool = False) -> None:
        """``StorageClient.change_object_content_type`` for this container."""
        self.parts.objects.change_object_content_type(self, obj, new_ctype, guess=guess)

    def get_object_metadata(self, obj: str | StorageObject, prefix: str | None = None) -> dict[str, str]:
        """``StorageClient.get_object_metadata`` for this container."""
        return self.parts.objects.get_object_metadata(self, obj, prefix=prefix)

    def set_object_metadata(
        self,
        obj: str | StorageObject,
        metadata: Mapping[str, Any],
        clear: bool = False,
        extra_info: Any = None,
        prefix: str | None = None,
    ) -> None:
        """``StorageClient.set_object_metadata`` for this container."""
        self.parts.objects.set_object_metadata(self, obj, metadata, clear=clear, extra_info=extra_info, prefix=prefix)

    def remove_object_metadata_key(self, obj: str | StorageObject, key: str, prefix: str | None = None) -> None:
        """``StorageClient.remove_object_metadata_key`` for this container."""
        self.parts.objects.remove_object_metadata_key(self, obj, key, prefix=prefix)

    def get_temp_url(
        self,
        obj: str | StorageObject,
        seconds: float,
        method: str = "GET",
        key: str | None = None,
        cached: bool = True,
        **kwargs: Any,
    ) -> str:
        """``StorageClient.get_temp_url`` for this container."""
        return self.parts.tempurls.get_temp_url(self, obj, seconds, method=method, key=key, cached=cached, **kwargs)

    # -- the container itself -----------------------------------------------------------------------------------

    def delete(self, del_objects: bool = False, *, leave_segments: bool | None = None) -> bool:
        """``StorageClient.delete`` for this container."""
        return self.parts.containers.delete(self, del_objects=del_objects, leave_segments=leave_segments)

    def delete_all_objects(self, *, leave_segments: bool | None = None) -> BulkDeleteResult:
        """``StorageClient.delete_all_objects`` for this container."""
        return self.parts.containers.delete_all_objects(self, leave_segments=leave_segments)

    def get_metadata(self, prefix: str | None = None) -> dict[str, str]:
        """``StorageClient.get_container_metadata`` for this container."""
        return self.parts.containers.get_container_metadata(self, prefix=prefix)

    def set_metadata(self, metadata: Mapping[str, Any], clear: bool = False, prefix: str | None = None) -> None:
        """``StorageClient.set_container_metadata`` for this container."""
        self.parts.containers.set_container_metadata(self, metadata, clear=clear, prefix=prefix)

    def remove_metadata_key(self, key: str) -> None:
        """``StorageClient.remove_container_metadata_key`` for this container."""
        self.parts.containers.remove_container_metadata_key(self, key)

    def delete_metadata(self, prefix: str | None = None) -> None:
        """``StorageClient.delete_container_metadata`` for this container."""
        self.parts.containers.delete_container_metadata(self, prefix=prefix)

    def set_web_index_page(self, page: str) -> None:
        """``StorageClient.set_container_web_index_page`` for this container."""
        self.parts.containers.set_container_web_index_page(self, page)

    def set_web_error_page(self, page: str) -> None:
        """``StorageClient.set_container_web_error_page`` for this container."""
        self.parts.containers.set_container_web_error_page(self, page)

    def reload(self) -> Container:
        """Refresh ``object_count`` and ``total_bytes`` from the server (and the CDN attributes on next use)."""
        _, headers = self.parts.containers.head_container(self.name)
        fresh = Container.from_headers(self.parts, self.name, headers)
        self.object_count, self.total_bytes = fresh.object_count, fresh.total_bytes
        self._cdn_info = None
        return self


class StorageObject:
    """An object: ``name``, ``container``, ``etag``, ``content_type``, ``last_modified``, ``total_bytes``.

    ``last_modified`` is a timezone-aware ``datetime`` in UTC (None when unknown), whether the object came from a
    listing (where Swift gives ``2024-05-01T12:00:00.123456``, to the microsecond) or from a HEAD (an HTTP date, to
    the second). Text given to the constructor is parsed the same way.
    """

    #: How the client's parts tell a handle from a name (see ``facade.core.Part``).
    handle_kind: ClassVar[str] = "object"

    def __init__(
        self,
        parts: ClientParts,
        container: Container,
        name: str,
        *,
        total_bytes: int = 0,
        etag: str | None = None,
        content_type: str | None = None,
        last_modified: datetime | str | None = None,
    ) -> None:
        self.parts = parts
        self.container = container
        self.name = name
        self.total_bytes = total_bytes
        self.etag = etag
        self.content_type = content_type
        self.last_modified: datetime | None = parse_time(last_modified)
        # The server's own text, for the pyrax drop-in, whose objects show it as pyrax did.
        self._last_modified_text = last_modified if isinstance(last_modified, str) else None

    @classmethod
    def from_listing(cls, parts: ClientParts, container: Container, entry: Mapping[str, Any]) -> StorageObject:
        if "subdir" in entry:
            return cls(parts, container, str(entry["subdir"]), content_type="application/directory")
        return cls(
            parts,
            container,
            str(entry["name"]),
            total_bytes=_int(entry.get("bytes")),
            etag=entry.get("hash"),
            content_type=entry.get("content_type"),
            last_modified=entry.get("last_modified"),
        )

    @classmethod
    def from_headers(
        cls, parts: ClientParts, container: Container, name: str, headers: Mapping[str, str]
    ) -> StorageObject:
        return cls(
            parts,
            container,
            name,
            total_bytes=_int(headers.get("Content-Length")),
            etag=response_etag(headers) or None,
            content_type=headers.get("Content-Type"),
            last_modified=headers.get("Last-Modified"),
        )

    @property
    def hash(self) -> str | None:
        """The listing's name for ``etag``."""
        return self.etag

    @property
    def bytes(self) -> int:
        """The listing's name for ``total_bytes``."""
        return self.total_bytes

    def __repr__(self) -> str:
        return f"<StorageObject {self.container.name!r}/{self.name!r} bytes={self.total_bytes}>"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, StorageObject) and other.name == self.name and other.container.name == self.container.name
        )

    def __hash__(self) -> int:
        return hash(("object", self.container.name, self.name))

    def get(
        self,
        include_meta: bool = False,
        chunk_size: int | None = None,
        size: int | None = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> FetchResult:
        """``StorageClient.fetch_object`` for this object."""
        return self.container.fetch(
            self, include_meta=include_meta, chunk_size=chunk_size, size=size, subscribers=subscribers
        )

    fetch = get

    def download(self, directory: str, structure: bool = True, *, subscribers: Iterable[Subscriber] = ()) -> Path:
        """``StorageClient.download_object`` for this object."""
        return self.container.download(self, directory, structure=structure, subscribers=subscribers)

    def delete(self) -> bool:
        """``StorageClient.delete_object`` for this object."""
        return self.container.delete_object(self)

    def delete_in_seconds(self, seconds: int) -> None:
        """``StorageClient.delete_object_in_seconds`` for this object."""
        self.container.delete_object_in_seconds(self, seconds)

    def copy(self, new_container: Any, new_obj_name: str | None = None, content_type: str | None = None) -> str:
        """``StorageClient.copy_object`` for this object."""
        return self.container.copy_object(self, new_container, new_obj_name=new_obj_name, content_type=content_type)

    def move(
        self,
        new_container: Any,
        new_obj_name: str | None = None,
        new_reference: bool = False,
        content_type: str | None = None,
    ) -> str | StorageObject:
        """``StorageClient.move_object`` for this object."""
        return self.container.move_object(
            self, new_container, new_obj_name=new_obj_name, new_reference=new_reference, content_type=content_type
        )

    def change_content_type(self, new_ctype: str | None, guess: bool = False) -> None:
        """``StorageClient.change_object_content_type`` for this object."""
        self.container.change_object_content_type(self, new_ctype, guess=guess)

    def get_metadata(self, prefix: str | None = None) -> dict[str, str]:
        """``StorageClient.get_object_metadata`` for this object."""
        return self.container.get_object_metadata(self, prefix=prefix)

    def set_metadata(self, metadata: Mapping[str, Any], clear: bool = False, prefix: str | None = None) -> None:
        """``StorageClient.set_object_metadata`` for this object."""
        self.container.set_object_metadata(self, metadata, clear=clear, prefix=prefix)

    def remove_metadata_key(self, key: str, prefix: str | None = None) -> None:
        """``StorageClient.remove_object_metadata_key`` for this object."""
        self.container.remove_object_metadata_key(self, key, prefix=prefix)

    def get_temp_url(self, seconds: float, method: str = "GET", **kwargs: Any) -> str:
        """``StorageClient.get_temp_url`` for this object."""
        return self.container.get_temp_url(self, seconds, method=method, **kwargs)

    def reload(self) -> StorageObject:
        """Refresh the attributes from the server (one HEAD)."""
        fresh = self.container.get_object(self.name)
        self.total_bytes, self.etag = fresh.total_bytes, fresh.etag
        self.content_type, self.last_modified = fresh.content_type, fresh.last_modified
        self._last_modified_text = fresh._last_modified_text
        return self
