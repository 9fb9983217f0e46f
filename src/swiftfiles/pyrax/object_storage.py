"""``pyrax.cloudfiles``: swiftfiles' ``StorageClient`` with pyrax's return types and ``repr``s.

The modern client already has the seed's (pyrax's) method names. What differs, and is restored here:

- ``list_containers()`` returns container *names* (pyrax aliased it to ``list_container_names``), and
  ``get_all_containers()`` one page of ``Container`` objects as a list (the modern one is a lazy full listing);
- containers and objects print as pyrax printed them (``<Container 'photos'>``, ``<Object 'a.txt' (text/plain)>``)
  and an unset CDN TTL reads 86400 as in pyrax;
- metadata keys containing ``_`` are sent with ``-`` (see ``metadata``) instead of being refused;
- HTTP errors that pyrax had finer classes for are re-raised as those (``BadRequest``...), and an unknown upload
  key raises ``InvalidUploadID``;
- ``fetch(include_meta=True)`` headers can be read in any case, as requests' headers could;
- ``Container.delete_all_objects(async_=True)`` returns a bulk-delete handle;
- opt-in (``text_encoding``): fetched content as ``str``, for scripts written for Python 2.

Everything else is the modern client's behaviour (bytes from ``fetch_object``, as pyrax gave on Python 3;
verified transfers; retries), reached through ``__getattr__``. Containers and objects handed out are subclasses of
``swiftfiles.Container``/``StorageObject`` bound to this wrapper, so their methods follow the same rules.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableSet
from datetime import datetime, timezone
from typing import Any, TypeVar, cast

from swiftfiles import ClientException, Container, LazyListing, StorageClient, StorageObject, Subscriber
from swiftfiles.facade.parts import ClientParts

from . import exceptions as exc
from .metadata import dashed, dashed_key, dashed_kwargs

F = TypeVar("F", bound=Callable[..., Any])

#: pyrax's CDN TTL for containers that were never CDN-enabled.
DEFAULT_CDN_TTL = 86400


def _pyrax_errors(func: F) -> F:
    """Re-raise library errors as pyrax's finer classes where pyrax had one (see ``exceptions.translate``)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClientException as error:
            finer = exc.translate(error)
            if finer is None:
                raise
            raise finer from error

    return cast(F, wrapper)


class HeaderDict(dict[str, Any]):
    """Response headers keyed by lower-cased name that can also be read in any case (``meta["Content-Type"]``).

    pyrax returned requests' case-insensitive headers from ``fetch(include_meta=True)``; scripts index them in the
    case the documentation showed. Prints as a plain dict.
    """

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key.lower() if isinstance(key, str) else key)

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


class PyraxContainer(Container):
    """A ``swiftfiles.Container`` whose methods go through the drop-in client, as pyrax's called its client.

    pyrax's ``Container.store_object(...)`` was ``client.store_object(container, ...)``; here too, so every method
    follows the drop-in's rules (metadata keys with ``_``, pyrax's error classes, text mode, pyrax's handles).
    """

    def __init__(
        self, client: StorageClient, parts: ClientParts, name: str, object_count: int = 0, total_bytes: int = 0
    ) -> None:
        super().__init__(parts, name, object_count, total_bytes)
        #: The drop-in client (pyrax's ``container.client``); typed as the client it stands in for.
        self.client = client

    def __repr__(self) -> str:
        return f"<Container '{self.name}'>"

    @property
    def id(self) -> str:
        """pyrax's alias: a container's name is its id."""
        return self.name

    @property
    def cdn_ttl(self) -> int | None:
        """The CDN TTL; 86400 (pyrax's default) for a container that is not CDN-enabled."""
        ttl = super().cdn_ttl
        return DEFAULT_CDN_TTL if ttl is None else ttl

    def delete_all_objects(self, async_: bool = False, **kwargs: Any) -> Any:
        """Delete every object; with ``async_=True`` (pyrax's ``async``) return at once a ``BulkDeleter``.

        The asynchronous form lists the names first (pyrax did too), then bulk-deletes them in the background.
        """
        if async_ or kwargs.pop("async", False):
            names = [obj.name for obj in self.client.list_container_objects(self, full_listing=True)]
            return self.client.bulk_delete(self, names, async_=True)
        self.client.delete_all_objects(self)
        return None

    def make_public(self, ttl: int | None = None) -> None:
        self.client.make_container_public(self, ttl=ttl)
        self._cdn_info = None

    def make_private(self) -> None:
        self.client.make_container_private(self)
        self._cdn_info = None

    def purge_cdn_object(self, obj: Any, email_addresses: Any = None) -> None:
        self.client.purge_cdn_object(self, obj, email_addresses=email_addresses)

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

    def store_object(self, *args: Any, **kwargs: Any) -> Any:
        """``store_object`` for this container (the client's arguments after the container)."""
        return self.client.store_object(self, *args, **kwargs)

    def upload_file(self, *args: Any, **kwargs: Any) -> Any:
        """``upload_file`` for this container (the client's arguments after the container)."""
        return self.client.upload_file(self, *args, **kwargs)

    def create(self, *args: Any, **kwargs: Any) -> Any:
        """``create_object`` for this container (the client's arguments after the container)."""
        return self.client.create_object(self, *args, **kwargs)

    def fetch(
        self,
        obj: str | StorageObject,
        include_meta: bool = False,
        chunk_size: int | None = None,
        size: int | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> Any:
        """``StorageClient.fetch_object`` for this container (*subscribers*: swiftfiles' progress, not pyrax's)."""
        return self.client.fetch_object(
            self, obj, include_meta=include_meta, chunk_size=chunk_size, size=size, subscribers=subscribers
        )

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

    def delete(self, del_objects: bool = False, **kwargs: Any) -> bool:
        """``StorageClient.delete`` for this container."""
        return self.client.delete(self, del_objects=del_objects, **kwargs)

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


class PyraxObject(StorageObject):
    """A ``swiftfiles.StorageObject`` whose methods go through the drop-in client, printed as pyrax printed it."""

    def __init__(self, client: StorageClient, container: Container, name: str, **attributes: Any) -> None:
        super().__init__(container.parts, container, name, **attributes)
        #: The drop-in client (pyrax's ``obj.client``); typed as the client it stands in for.
        self.client = client
        # pyrax's objects carry the server's text: the listing's ISO time, or the HEAD's HTTP date. swiftfiles'
        # own objects parse both into one datetime; the drop-in keeps pyrax's string.
        self.last_modified = _pyrax_time(self._last_modified_text, self.last_modified)  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Object '{self.name}' ({self.content_type})>"

    def purge(self, email_addresses: Any = None) -> None:
        """Remove this CDN-enabled object from the CDN edge before its TTL runs out (pyrax's ``obj.purge``)."""
        self.client.purge_cdn_object(self.container, self, email_addresses=email_addresses)

    @property
    def id(self) -> str:
        """pyrax's alias: an object's name is its id."""
        return self.name

    def get(
        self,
        include_meta: bool = False,
        chunk_size: int | None = None,
        size: int | None = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> Any:
        """``StorageClient.fetch_object`` for this object (*subscribers*: swiftfiles' progress, not pyrax's)."""
        return self.client.fetch_object(
            self.container, self, include_meta=include_meta, chunk_size=chunk_size, size=size, subscribers=subscribers
        )

    fetch = get

    def download(self, *args: Any, **kwargs: Any) -> Any:
        """``download_object`` for this object (directory, structure)."""
        return self.client.download_object(self.container, self, *args, **kwargs)

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
        self._last_modified_text = fresh._last_modified_text
        return self


def _pyrax_time(text: str | None, parsed: datetime | None) -> str | None:
    """pyrax's ``last_modified``: the server's text when known, else the listing's form of *parsed*."""
    if text is not None:
        return text
    return None if parsed is None else parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")


class CloudFilesClient:
    """pyrax's ``StorageClient`` (``pyrax.cloudfiles``) over a swiftfiles ``StorageClient``.

    client: the modern client doing the work (also reachable as ``.storage_client`` for new code).
    warned: keys already warned about by the ``_`` metadata rule (shared so each key warns once per process).
    text_encoding: None (the default) returns fetched content as ``bytes``, as pyrax did on Python 3. An encoding
    name (opt-in, the ``fetch_as_text`` setting) returns ``str`` decoded with it, for scripts written for
    Python 2's ``str == bytes``; undecodable bytes become surrogates (``errors="surrogateescape"``), so
    ``text.encode(encoding, "surrogateescape")`` gives back the stored bytes exactly.
    """

    def __init__(
        self, client: StorageClient, *, warned: MutableSet[str] | None = None, text_encoding: str | None = None
    ) -> None:
        self.storage_client = client
        self._warned: MutableSet[str] = warned if warned is not None else set()
        self.text_encoding = text_encoding

    # -- plumbing -----------------------------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.storage_client, name)
        if not callable(value) or name.startswith("_"):
            return value

        @_pyrax_errors
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._wrap(value(*args, **kwargs))

        call.__name__ = name
        call.__doc__ = value.__doc__
        return call

    def __repr__(self) -> str:
        return f"<pyrax CloudFilesClient over {self.storage_client!r}>"

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {n for n in dir(self.storage_client) if not n.startswith("_")})

    def __enter__(self) -> CloudFilesClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.storage_client.close()

    def _as_client(self) -> StorageClient:
        # Containers and objects call ``self.client.<method>``; bound to this wrapper, those calls get pyrax's
        # rules too. The wrapper has every StorageClient method (explicitly or through __getattr__).
        return cast(StorageClient, self)

    def _container(self, cont: Container) -> PyraxContainer:
        if isinstance(cont, PyraxContainer) and cont.client is self._as_client():
            return cont
        return PyraxContainer(self._as_client(), cont.parts, cont.name, cont.object_count, cont.total_bytes)

    def _object(self, obj: StorageObject) -> PyraxObject:
        if isinstance(obj, PyraxObject) and obj.client is self._as_client():
            return obj
        return PyraxObject(
            self._as_client(),
            self._container(obj.container),
            obj.name,
            total_bytes=obj.total_bytes,
            etag=obj.etag,
            content_type=obj.content_type,
            last_modified=obj._last_modified_text or obj.last_modified,
        )

    def _wrap(self, value: Any) -> Any:
        """Containers and objects in *value* (also inside lists, tuples, lazy listings, iterators) rebound here."""
        if isinstance(value, Container):
            return self._container(value)
        if isinstance(value, StorageObject):
            return self._object(value)
        if isinstance(value, list):
            return [self._wrap(v) for v in value]
        if isinstance(value, tuple) and any(isinstance(v, (Container, StorageObject)) for v in value):
            return tuple(self._wrap(v) for v in value)
        if isinstance(value, LazyListing):
            inner = value
            return LazyListing(lambda: (self._wrap(v) for v in inner))
        if isinstance(value, Iterator) and not isinstance(value, (bytes, str)):
            return self._wrap_iter(value)
        return value

    def _wrap_iter(self, values: Iterator[Any]) -> Iterator[Any]:
        for v in values:
            yield self._wrap(v)

    def _meta(self, metadata: Mapping[str, Any] | None) -> dict[str, Any] | None:
        return dashed(metadata, self._warned)

    # -- where pyrax returned something else --------------------------------------------------------------------

    @_pyrax_errors
    def list_containers(self) -> list[str]:
        """The names of every container (pyrax: ``list_containers = list_container_names``)."""
        return self.storage_client.list_container_names()

    @_pyrax_errors
    def get_all_containers(
        self,
        limit: int | None = None,
        marker: str | None = None,
        end_marker: str | None = None,
        prefix: str | None = None,
    ) -> list[PyraxContainer]:
        """One page of ``Container`` objects, as a list (pyrax: ``get_all_containers = list``)."""
        page = self.storage_client.list(limit=limit, marker=marker, end_marker=end_marker, prefix=prefix)
        return [self._container(c) for c in page]

    @_pyrax_errors
    def get_uploaded(self, upload_key: str) -> int:
        """Bytes uploaded so far by a folder upload; ``InvalidUploadID`` for a key this client did not hand out."""
        try:
            return self.storage_client.get_uploaded(upload_key)
        except KeyError:
            raise exc.InvalidUploadID(f"no folder upload with key {upload_key!r} was started by this client") from None

    # -- content: bytes, or text when the script was written for Python 2 ------------------------------------------

    @_pyrax_errors
    def fetch_object(
        self,
        container: Any,
        obj: Any,
        include_meta: bool = False,
        chunk_size: int | None = None,
        size: int | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> Any:
        """The object's content (bytes; text with ``text_encoding``); a generator with *chunk_size*;
        ``(headers, content)`` with *include_meta*, the headers readable in any case."""
        result = self.storage_client.fetch_object(
            container,
            obj,
            include_meta=include_meta,
            chunk_size=chunk_size,
            size=size,
            extra_info=extra_info,
            subscribers=subscribers,
        )
        if include_meta and isinstance(result, tuple):
            headers, content = result
            headers = HeaderDict((str(k).lower(), v) for k, v in headers.items())
            return headers, content if self.text_encoding is None else self._text(content)
        return result if self.text_encoding is None else self._text(result)

    @_pyrax_errors
    def fetch_partial(self, container: Any, obj: Any, size: int) -> Any:
        """The first *size* bytes of the object (text with ``text_encoding``, possibly short of a split character)."""
        data = self.storage_client.fetch_partial(container, obj, size)
        return data if self.text_encoding is None else self._text(data)

    def _text(self, content: Any) -> Any:
        encoding = cast(str, self.text_encoding)
        if isinstance(content, (bytes, bytearray)):
            return bytes(content).decode(encoding, "surrogateescape")
        if isinstance(content, Iterator):
            return self._text_chunks(content, encoding)
        return content

    @staticmethod
    def _text_chunks(chunks: Iterator[bytes], encoding: str) -> Iterator[str]:
        # An incremental decoder keeps a character split across two chunks whole.
        decoder = codecs.getincrementaldecoder(encoding)("surrogateescape")
        for chunk in chunks:
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    # -- metadata: keys with "_" are sent with "-" --------------------------------------------------------------

    @_pyrax_errors
    def create(self, name: str, metadata: Mapping[str, Any] | None = None, prefix: str | None = None) -> Any:
        """Create (or keep) a container, optionally with metadata; returns its ``Container``."""
        return self._wrap(self.storage_client.create(name, metadata=self._meta(metadata), prefix=prefix))

    create_container = create

    @_pyrax_errors
    def set_container_metadata(
        self, container: Any, metadata: Mapping[str, Any], clear: bool = False, prefix: str | None = None
    ) -> bool:
        """Add or update container metadata (``_`` in keys sent as ``-``)."""
        meta = cast(Mapping[str, Any], self._meta(metadata))
        return self.storage_client.set_container_metadata(container, meta, clear=clear, prefix=prefix)

    @_pyrax_errors
    def remove_container_metadata_key(self, container: Any, key: str) -> bool:
        """Remove one container metadata key (``_`` in the key read as ``-``)."""
        return self.storage_client.remove_container_metadata_key(container, dashed_key(key, self._warned))

    @_pyrax_errors
    def set_object_metadata(
        self,
        container: Any,
        obj: Any,
        metadata: Mapping[str, Any],
        clear: bool = False,
        extra_info: Any = None,
        prefix: str | None = None,
    ) -> None:
        """Add or update object metadata, keeping other keys (``_`` in keys sent as ``-``)."""
        meta = cast(Mapping[str, Any], self._meta(metadata))
        self.storage_client.set_object_metadata(container, obj, meta, clear=clear, extra_info=extra_info, prefix=prefix)

    @_pyrax_errors
    def remove_object_metadata_key(self, container: Any, obj: Any, key: str, prefix: str | None = None) -> None:
        """Remove one object metadata key (``_`` in the key read as ``-``)."""
        self.storage_client.remove_object_metadata_key(container, obj, dashed_key(key, self._warned), prefix=prefix)

    @_pyrax_errors
    def set_account_metadata(
        self, metadata: Mapping[str, Any], clear: bool = False, prefix: str | None = None, extra_info: Any = None
    ) -> bool:
        """Add or update account metadata (``_`` in keys sent as ``-``)."""
        meta = cast(Mapping[str, Any], self._meta(metadata))
        return self.storage_client.set_account_metadata(meta, clear=clear, prefix=prefix, extra_info=extra_info)

    @_pyrax_errors
    def store_object(self, container: Any, obj_name: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        """Store *data* as an object; ``metadata``/``headers`` keys with ``_`` are sent with ``-``."""
        kwargs = dashed_kwargs(kwargs, self._warned)
        return self._wrap(self.storage_client.store_object(container, obj_name, data, *args, **kwargs))

    @_pyrax_errors
    def upload_file(self, container: Any, file_or_path: Any, *args: Any, **kwargs: Any) -> Any:
        """Upload a local file; ``metadata``/``headers`` keys with ``_`` are sent with ``-``."""
        kwargs = dashed_kwargs(kwargs, self._warned)
        return self._wrap(self.storage_client.upload_file(container, file_or_path, *args, **kwargs))

    @_pyrax_errors
    def create_object(self, container: Any, *args: Any, **kwargs: Any) -> Any:
        """Create an object from data or a file; ``metadata``/``headers`` keys with ``_`` are sent with ``-``."""
        kwargs = dashed_kwargs(kwargs, self._warned)
        return self._wrap(self.storage_client.create_object(container, *args, **kwargs))


__all__ = ["DEFAULT_CDN_TTL", "CloudFilesClient", "HeaderDict", "PyraxContainer", "PyraxObject"]
