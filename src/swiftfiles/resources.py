"""``Container`` and ``StorageObject``: the handles pyrax users know.

Each holds a client reference, a name and the attributes last seen from the server; every method delegates to the
client (no HTTP code here). Attributes are a snapshot: call ``client.get_container(name)`` or
``client.get_object(container, name)`` for fresh values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import StorageClient
    from .facade.cdn import CDNInfo


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class Container:
    """A container: ``name``, ``object_count``, ``total_bytes`` and the client's container operations bound to it."""

    def __init__(self, client: StorageClient, name: str, object_count: int = 0, total_bytes: int = 0) -> None:
        self.client = client
        self.name = name
        self.object_count = object_count
        self.total_bytes = total_bytes
        self._cdn_info: CDNInfo | None = None

    @classmethod
    def from_headers(cls, client: StorageClient, name: str, headers: Mapping[str, str]) -> Container:
        return cls(
            client,
            name,
            object_count=_int(headers.get("X-Container-Object-Count")),
            total_bytes=_int(headers.get("X-Container-Bytes-Used")),
        )

    @classmethod
    def from_listing(cls, client: StorageClient, entry: Mapping[str, Any]) -> Container:
        return cls(client, str(entry["name"]), _int(entry.get("count")), _int(entry.get("bytes")))

    # pyrax aliases
    @property
    def total_size(self) -> int:
        return self.total_bytes

    # -- CDN attributes (read from the CDN host on first use; False/None on clusters without a CDN) --------------

    def _cdn(self) -> CDNInfo:
        if self._cdn_info is None:
            from .exceptions import NotCDNEnabled
            from .facade.cdn import CDNInfo

            try:
                self._cdn_info = self.client.get_container_cdn_info(self.name)
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
        self.client.make_container_public(self, ttl=ttl)
        self._cdn_info = None

    def make_private(self) -> None:
        """``StorageClient.make_container_private`` for this container."""
        self.client.make_container_private(self)
        self._cdn_info = None

    def purge_cdn_object(self, obj: str | StorageObject, email_addresses: Any = None) -> None:
        """``StorageClient.purge_cdn_object`` for this container."""
        self.client.purge_cdn_object(self, obj, email_addresses=email_addresses)

    def __repr__(self) -> str:
        return f"<Container {self.name!r} objects={self.object_count} bytes={self.total_bytes}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Container) and other.name == self.name and other.client is self.client

    def __hash__(self) -> int:
        return hash(("container", self.name))

    # -- objects ------------------------------------------------------------------------------------------------

    def get_object(self, obj: str | StorageObject) -> StorageObject:
        """``StorageClient.get_object`` for this container."""
        return self.client.get_object(self, obj)

    def get_objects(
        self,
        marker: str | None = None,
        limit: int | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        end_marker: str | None = None,
        full_listing: bool = False,
    ) -> Any:
        """``StorageClient.list_container_objects`` for this container."""
        return self.client.list_container_objects(
            self,
            limit=limit,
            marker=marker,
            prefix=prefix,
            delimiter=delimiter,
            end_marker=end_marker,
            full_listing=full_listing,
        )

    list = get_objects

    def list_all(self, prefix: str | None = None) -> Any:
        """Every object (a lazy full listing), optionally under *prefix*."""
        return self.get_objects(prefix=prefix, full_listing=True)

    def get_object_names(
        self,
        marker: str | None = None,
        limit: int | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        full_listing: bool = False,
    ) -> Any:
        """``StorageClient.list_container_object_names`` for this container."""
        return self.client.list_container_object_names(
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
    ) -> Any:
        """``StorageClient.list_container_subdirs`` for this container."""
        return self.client.list_container_subdirs(
            self, limit=limit, marker=marker, prefix=prefix, delimiter=delimiter, full_listing=full_listing
        )

    def object_listing_iterator(self, prefix: str | None = None) -> Iterator[StorageObject]:
        """``StorageClient.object_listing_iterator`` for this container."""
        return self.client.object_listing_iterator(self, prefix=prefix)

    def store_object(self, obj_name: str, data: Any, **kwargs: Any) -> Any:
        """``StorageClient.store_object`` for this container."""
        return self.client.store_object(self, obj_name, data, **kwargs)

    def upload_file(self, file_or_path: Any, obj_name: str | None = None, **kwargs: Any) -> Any:
        """``StorageClient.upload_file`` for this container."""
        return self.client.upload_file(self, file_or_path, obj_name=obj_name, **kwargs)

    def create(self, file_or_path: Any = None, data: Any = None, obj_name: str | None = None, **kwargs: Any) -> Any:
        """``StorageClient.create_object`` for this container."""
        return self.client.create_object(self, file_or_path=file_or_path, data=data, obj_name=obj_name, **kwargs)

    def fetch(
        self,
        obj: str | StorageObject,
        include_meta: bool = False,
        chunk_size: int | None = None,
        size: int | None = None,
        extra_info: Any = None,
    ) -> Any:
        """``StorageClient.fetch_object`` for this container."""
        return self.client.fetch_object(self, obj, include_meta=include_meta, chunk_size=chunk_size, size=size)

    fetch_object = fetch

    def fetch_partial(self, obj: str | StorageObject, size: int) -> bytes:
        """``StorageClient.fetch_partial`` for this container."""
        return self.client.fetch_partial(self, obj, size)

    def download(self, obj: str | StorageObject, directory: str, structure: bool = True, **kwargs: Any) -> Any:
        """``StorageClient.download_object`` for this container."""
        return self.client.download_object(self, obj, directory, structure=structure, **kwargs)

    download_object = download

    def delete_object(self, obj: str | StorageObject) -> bool:
        """``StorageClient.delete_object`` for this container."""
        return self.client.delete_object(self, obj)

    def delete_object_in_seconds(self, obj: str | StorageObject, seconds: int, extra_info: Any = None) -> None:
        """``StorageClient.delete_object_in_seconds`` for this container."""
        self.client.delete_object_in_seconds(self, obj, seconds)

    def copy_object(
        self,
        obj: str | StorageObject,
        new_container: Any,
        new_obj_name: str | None = None,
        content_type: str | None = None,
    ) -> str:
        """``StorageClient.copy_object`` for this container."""
        return self.client.copy_object(self, obj, new_container, new_obj_name=new_obj_name, content_type=content_type)

    def move_object(
        self,
        obj: str | StorageObject,
        new_container: Any,
        new_obj_name: str | None = None,
        new_reference: bool = False,
        content_type: str | None = None,
    ) -> Any:
        """``StorageClient.move_object`` for this container."""
        return self.client.move_object(
            self,
            obj,
            new_container,
            new_obj_name=new_obj_name,
            new_reference=new_reference,
            content_type=content_type,
        )

    def change_object_content_type(self, obj: str | StorageObject, new_ctype: str | None, guess: bool = False) -> None:
        """``StorageClient.change_object_content_type`` for this container."""
        self.client.change_object_content_type(self, obj, new_ctype, guess=guess)

    def get_object_metadata(self, obj: str | StorageObject, prefix: str | None = None) -> dict[str, str]:
        """``StorageClient.get_object_metadata`` for this container."""
        return self.client.get_object_metadata(self, obj, prefix=prefix)

    def set_object_metadata(
        self,
        obj: str | StorageObject,
        metadata: Mapping[str, Any],
        clear: bool = False,
        extra_info: Any = None,
        prefix: str | None = None,
    ) -> None:
        """``StorageClient.set_object_metadata`` for this container."""
        self.client.set_object_metadata(self, obj, metadata, clear=clear, extra_info=extra_info, prefix=prefix)

    def remove_object_metadata_key(self, obj: str | StorageObject, key: str, prefix: str | None = None) -> None:
        """``StorageClient.remove_object_metadata_key`` for this container."""
        self.client.remove_object_metadata_key(self, obj, key, prefix=prefix)

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
        return self.client.get_temp_url(self, obj, seconds, method=method, key=key, cached=cached, **kwargs)

    # -- the container itself -----------------------------------------------------------------------------------

    def delete(self, del_objects: bool = False) -> bool:
        """``StorageClient.delete`` for this container."""
        return self.client.delete(self, del_objects=del_objects)

    def delete_all_objects(self) -> None:
        """``StorageClient.delete_all_objects`` for this container."""
        self.client.delete_all_objects(self)

    def get_metadata(self, prefix: str | None = None) -> dict[str, str]:
        """``StorageClient.get_container_metadata`` for this container."""
        return self.client.get_container_metadata(self, prefix=prefix)

    def set_metadata(self, metadata: Mapping[str, Any], clear: bool = False, prefix: str | None = None) -> None:
        """``StorageClient.set_container_metadata`` for this container."""
        self.client.set_container_metadata(self, metadata, clear=clear, prefix=prefix)

    def remove_metadata_key(self, key: str) -> None:
        """``StorageClient.remove_container_metadata_key`` for this container."""
        self.client.remove_container_metadata_key(self, key)

    def delete_metadata(self, prefix: str | None = None) -> None:
        """``StorageClient.delete_container_metadata`` for this container."""
        self.client.delete_container_metadata(self, prefix=prefix)

    def set_web_index_page(self, page: str) -> None:
        """``StorageClient.set_container_web_index_page`` for this container."""
        self.client.set_container_web_index_page(self, page)

    def set_web_error_page(self, page: str) -> None:
        """``StorageClient.set_container_web_error_page`` for this container."""
        self.client.set_container_web_error_page(self, page)

    def reload(self) -> Container:
        """Refresh ``object_count`` and ``total_bytes`` from the server (and the CDN attributes on next use)."""
        fresh = self.client.get_container(self.name)
        self.object_count, self.total_bytes = fresh.object_count, fresh.total_bytes
        self._cdn_info = None
        return self


class StorageObject:
    """An object: ``name``, ``container``, ``etag``, ``content_type``, ``last_modified``, ``total_bytes``."""

    def __init__(
        self,
        client: StorageClient,
        container: Container,
        name: str,
        *,
        total_bytes: int = 0,
        etag: str | None = None,
        content_type: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        self.client = client
        self.container = container
        self.name = name
        self.total_bytes = total_bytes
        self.etag = etag
        self.content_type = content_type
        self.last_modified = last_modified

    @classmethod
    def from_listing(cls, client: StorageClient, container: Container, entry: Mapping[str, Any]) -> StorageObject:
        if "subdir" in entry:
            return cls(client, container, str(entry["subdir"]), content_type="application/directory")
        return cls(
            client,
            container,
            str(entry["name"]),
            total_bytes=_int(entry.get("bytes")),
            etag=entry.get("hash"),
            content_type=entry.get("content_type"),
            last_modified=entry.get("last_modified"),
        )

    @classmethod
    def from_headers(
        cls, client: StorageClient, container: Container, name: str, headers: Mapping[str, str]
    ) -> StorageObject:
        etag = headers.get("Etag") or headers.get("ETag")
        return cls(
            client,
            container,
            name,
            total_bytes=_int(headers.get("Content-Length")),
            etag=etag.strip('"') if etag else None,
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

    def get(self, include_meta: bool = False, chunk_size: int | None = None, size: int | None = None) -> Any:
        """``StorageClient.fetch_object`` for this object."""
        return self.client.fetch_object(
            self.container, self, include_meta=include_meta, chunk_size=chunk_size, size=size
        )

    fetch = get

    def download(self, directory: str, structure: bool = True) -> Any:
        """``StorageClient.download_object`` for this object."""
        return self.client.download_object(self.container, self, directory, structure=structure)

    def delete(self) -> bool:
        """``StorageClient.delete_object`` for this object."""
        return self.client.delete_object(self.container, self)

    def delete_in_seconds(self, seconds: int) -> None:
        """``StorageClient.delete_object_in_seconds`` for this object."""
        self.client.delete_object_in_seconds(self.container, self, seconds)

    def copy(self, new_container: Any, new_obj_name: str | None = None, content_type: str | None = None) -> str:
        """``StorageClient.copy_object`` for this object."""
        return self.client.copy_object(
            self.container, self, new_container, new_obj_name=new_obj_name, content_type=content_type
        )

    def move(
        self,
        new_container: Any,
        new_obj_name: str | None = None,
        new_reference: bool = False,
        content_type: str | None = None,
    ) -> Any:
        """``StorageClient.move_object`` for this object."""
        return self.client.move_object(
            self.container,
            self,
            new_container,
            new_obj_name=new_obj_name,
            new_reference=new_reference,
            content_type=content_type,
        )

    def change_content_type(self, new_ctype: str | None, guess: bool = False) -> None:
        """``StorageClient.change_object_content_type`` for this object."""
        self.client.change_object_content_type(self.container, self, new_ctype, guess=guess)

    def get_metadata(self, prefix: str | None = None) -> dict[str, str]:
        """``StorageClient.get_object_metadata`` for this object."""
        return self.client.get_object_metadata(self.container, self, prefix=prefix)

    def set_metadata(self, metadata: Mapping[str, Any], clear: bool = False, prefix: str | None = None) -> None:
        """``StorageClient.set_object_metadata`` for this object."""
        self.client.set_object_metadata(self.container, self, metadata, clear=clear, prefix=prefix)

    def remove_metadata_key(self, key: str, prefix: str | None = None) -> None:
        """``StorageClient.remove_object_metadata_key`` for this object."""
        self.client.remove_object_metadata_key(self.container, self, key, prefix=prefix)

    def get_temp_url(self, seconds: float, method: str = "GET", **kwargs: Any) -> str:
        """``StorageClient.get_temp_url`` for this object."""
        return self.client.get_temp_url(self.container, self, seconds, method=method, **kwargs)

    def reload(self) -> StorageObject:
        """Refresh the attributes from the server (one HEAD)."""
        fresh = self.client.get_object(self.container, self.name)
        self.total_bytes, self.etag = fresh.total_bytes, fresh.etag
        self.content_type, self.last_modified = fresh.content_type, fresh.last_modified
        return self
