"""``StorageClient``: the seed's (pyrax's) object-storage API over the layers below.

It is a façade composed of parts (``facade/``: account, containers, objects, uploads, large objects, folders, sync,
CDN, TempURLs), each owning its own state. The seed's flat method list stays here: a method is one line that hands
the call to its part (``_delegate``), or, where the seed returns a ``Container`` or ``StorageObject``, a short method
that builds the handle. This module also builds the shared machinery: one thread-safe HTTP pool, the retry policy,
the authenticator, the wire connection and the transfer engine, and closes them in order.

Construct it with keyword settings, or from the environment with ``StorageClient.from_env()``::

    client = StorageClient(auth_url="http://127.0.0.1:8080/auth/v1.0", username="test:tester", password="testing")
    client = StorageClient(auth_type="keystone", auth_url=..., username=..., password=..., project_name=...)
    client = StorageClient(auth_type="rackspace", username=..., api_key=..., region="DFW")
    client = StorageClient(storage_url=..., token=...)        # pre-authenticated
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from typing import Any, Concatenate, Generic, Literal, ParamSpec, TypeVar, overload
from urllib.parse import parse_qsl

from ._version import __version__
from .auth.base import Authenticator, AuthMethod
from .auth.settings import AuthSettings, build_auth_method, connection_settings_from_env, settings_from_env
from .exceptions import ClientClosed
from .facade import swiftclient_args
from .facade.account import AccountPart
from .facade.cdn import CDNPart, parsed_body
from .facade.containers import ContainersPart
from .facade.folders import BulkDeleter, FoldersPart
from .facade.largeobjects import LargeObjectsPart
from .facade.objects import FetchResult, ObjectsPart
from .facade.parts import ClientParts
from .facade.sync import SyncPart
from .facade.tempurls import TempURLPart
from .http.client import HTTPClient
from .http.models import Response
from .http.retry import RetryPolicy
from .http.transport import Timeouts, Urllib3Transport
from .resources import Container, StorageObject, as_container
from .swift.capabilities import Capabilities
from .swift.connection import SwiftConnection
from .swift.listing import LazyListing
from .transfer.config import TransferConfig
from .transfer.engine import TransferEngine
from .transfer.progress import Subscriber

_SETTING_NAMES = frozenset(f.name for f in fields(AuthSettings))

#: python-swiftclient ``Connection`` arguments that are not swiftfiles names (see ``facade.swiftclient_args``).
_SWIFTCLIENT_ARGS = frozenset(
    {
        "authurl",
        "auth_version",
        "os_options",
        "insecure",
        "cacert",
        "cert_key",
        "starting_backoff",
        "max_backoff",
        "retry_on_ratelimit",
        "ssl_compression",
        "snet",
        "force_auth_retry",
        "session",
    }
)

#: pyrax / swiftclient spellings accepted as keyword arguments.
_ALIASES = {
    "key": "password",
    "region_name": "region",
    "management_url": "storage_url",
    "tenant": "tenant_name",
    "auth_token": "token",
    "preauthtoken": "token",
    "preauthurl": "storage_url",
    "user": "username",
}


P = ParamSpec("P")
R = TypeVar("R")
PartT = TypeVar("PartT")


class _delegate(Generic[PartT, P, R]):  # noqa: N801 - used like a decorator-style keyword in the class body
    """A seed method that is one call to the same method of a part: ``get_account_info = _delegate("account",
    AccountPart.get_account_info)``.

    On an instance it is the part's bound method (its signature, defaults and docstring: what ``help()``, the docs
    and the seed conformance test see); on the class it is the part's function.
    """

    def __init__(self, part: str, method: Callable[Concatenate[PartT, P], R]) -> None:
        self._part = part
        self._method = method
        self.__doc__ = method.__doc__
        self.__wrapped__ = method

    @overload
    def __get__(self, instance: None, owner: type) -> Callable[Concatenate[PartT, P], R]: ...

    @overload
    def __get__(self, instance: StorageClient, owner: type) -> Callable[P, R]: ...

    def __get__(
        self, instance: StorageClient | None, owner: type
    ) -> Callable[Concatenate[PartT, P], R] | Callable[P, R]:
        if instance is None:
            return self._method
        instance._check_open()
        part = getattr(instance.parts, self._part)
        return getattr(part, self._method.__name__)  # type: ignore[no-any-return]


class StorageClient:
    """The primary class for OpenStack Object Storage / Rackspace Cloud Files.

    Authentication settings (see ``AuthSettings``): ``auth_type``, ``auth_url``, ``username``, ``password`` (alias
    ``key``), ``api_key``, project/domain scoping, ``region`` (alias ``region_name``), ``interface`` or
    ``public=False`` for internal/ServiceNet URLs, ``storage_url`` + ``token`` for a pre-authenticated client.

    Connection settings: ``verify`` (True, False or a CA bundle path; TLS verification is on by default),
    ``cert``, ``timeout`` (seconds, or a ``(connect, read)`` pair), ``retries`` (resends of transient failures),
    ``pool_size`` (connections kept per host: size it to the threads sharing this client), ``listing_page_size``
    (defaults to the cluster's listing limit), ``transfer_config`` (a ``TransferConfig``: concurrency, segment
    sizes, thresholds, bandwidth), ``expiry_margin`` (renew a token this many seconds before it expires; 0 uses
    it until the server refuses it). ``auth=`` takes a ready ``AuthMethod`` instead of settings; ``capabilities=``
    replaces the cluster's ``/info`` (for clusters that hide it).

    The client is safe to share between threads, and a context manager: ``close()`` (or leaving the ``with``
    block) waits for background transfers, closes the hash caches and the connections; any call after it raises
    ``ClientClosed``. ``client.engine`` is its ``TransferEngine``, for uploads and downloads as futures.
    """

    name = "Object Storage"
    #: pyrax's class attribute; kept for compatibility (swiftfiles does not wait between bulk requests).
    bulk_delete_interval = 1

    def __init__(
        self,
        *,
        auth: AuthMethod | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        timeout: float | tuple[float, float] = (10.0, 60.0),
        retries: int | RetryPolicy = 5,
        pool_size: int | None = None,
        listing_page_size: int | None = None,
        transfer_config: TransferConfig | None = None,
        expiry_margin: float = 60.0,
        public: bool | None = None,
        http: HTTPClient | None = None,
        capabilities: Capabilities | None = None,
        **settings: Any,
    ) -> None:
        if settings.keys() & _SWIFTCLIENT_ARGS:  # python-swiftclient's Connection spellings
            translated = swiftclient_args.translate({"verify": verify, "cert": cert, "retries": retries, **settings})
            verify, cert, retries = translated.pop("verify"), translated.pop("cert"), translated.pop("retries")
            timeout = translated.pop("timeout", timeout)
            settings = translated
        if auth is None:
            # Keystone's session (keystoneauth1) takes one number: the longer of the two waits.
            wait = max(timeout) if isinstance(timeout, tuple) else timeout
            auth = build_auth_method(self._settings(settings, public), verify=verify, cert=cert, timeout=wait)
        elif settings:
            raise TypeError(f"pass either auth= or auth settings, not both: {sorted(settings)}")
        config = transfer_config or TransferConfig()
        if http is None:
            connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
            transport = Urllib3Transport(
                verify=verify,
                cert=cert,
                timeouts=Timeouts(connect, read),
                # every coordinator and every worker of the transfer engine may hold a connection
                pool_maxsize=pool_size or max(16, 2 * config.concurrency),
            )
            policy = retries if isinstance(retries, RetryPolicy) else RetryPolicy(total=retries)
            http = HTTPClient(transport, policy, user_agent=f"swiftfiles/{__version__}")
        self.http = http
        self.authenticator = Authenticator(auth, http, expiry_margin=expiry_margin)
        self.connection = SwiftConnection(
            self.authenticator, http, listing_page_size=listing_page_size, capabilities=capabilities
        )
        self.engine = TransferEngine(self.connection, config)
        self.parts = ClientParts.build(self.engine)
        self._closed = False

    @staticmethod
    def _settings(given: Mapping[str, Any], public: bool | None) -> AuthSettings:
        values: dict[str, Any] = {}
        for key, value in given.items():
            name = _ALIASES.get(key, key)
            if name not in _SETTING_NAMES:
                raise TypeError(f"StorageClient() got an unexpected keyword argument {key!r}")
            if value is not None:
                values[name] = value
        if public is not None and "interface" not in values:
            values["interface"] = "public" if public else "internal"
        return AuthSettings(**values)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> StorageClient:
        """A client configured from ``OS_*`` / ``ST_*`` variables; keyword arguments override them.

        Reads swift's ``ST_AUTH``, ``ST_USER``, ``ST_KEY`` and OpenStack's ``OS_AUTH_URL``, ``OS_USERNAME``,
        ``OS_PASSWORD``, ``OS_PROJECT_NAME``, ``OS_REGION_NAME``, ``OS_INTERFACE``, ``OS_STORAGE_URL``,
        ``OS_AUTH_TOKEN``, ... (see ``swiftfiles.auth.settings``), or ``OS_CLOUD`` naming a cloud of clouds.yaml;
        ``OS_CACERT``, ``OS_INSECURE`` / ``SWIFTCLIENT_INSECURE``, ``OS_CERT`` and ``OS_KEY`` set ``verify`` and
        ``cert``. ``public=False`` chooses the internal (ServiceNet) endpoints.
        """
        env = os.environ if environ is None else environ
        base = settings_from_env(env)
        values: dict[str, Any] = base.given()
        connection_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k not in _SETTING_NAMES and k not in _ALIASES}
        for key, value in kwargs.items():
            values[_ALIASES.get(key, key)] = value
        public = connection_kwargs.get("public")
        if public is not None and "interface" not in kwargs:  # public=False asks for ServiceNet / internal URLs
            values["interface"] = "public" if public else "internal"
        for key, value in connection_settings_from_env(env).items():
            connection_kwargs.setdefault(key, value)
        return cls(**connection_kwargs, **{k: v for k, v in values.items() if v is not None})

    # -- attributes ---------------------------------------------------------------------------------------------

    @property
    def management_url(self) -> str:
        """The storage URL of the account (pyrax's name)."""
        return self.connection.storage_url

    @property
    def storage_url(self) -> str:
        """The storage URL of the account (``https://host/v1/AUTH_account``)."""
        return self.connection.storage_url

    @property
    def cdn_management_url(self) -> str:
        """The CDN management endpoint from the service catalog, or ``""`` when the cluster has no CDN (pyrax's
        value)."""
        return self.authenticator.current().cdn_url or ""

    @property
    def method_dict(self) -> dict[str, Callable[..., tuple[Response, Any]]]:
        """pyrax's raw requests against the storage URL: ``client.method_dict["GET"]("/photos?format=json")``
        returns ``(response, body)``, the body parsed from JSON when it is JSON. Keyword arguments ``headers``
        and ``body`` are passed on; errors are the library's typed exceptions."""

        def verb(method: str) -> Callable[..., tuple[Response, Any]]:
            def call(uri: str, headers: Mapping[str, str] | None = None, body: Any = None) -> tuple[Response, Any]:
                path, _, raw_query = uri.partition("?")
                container, _, obj = path.lstrip("/").partition("/")
                query = dict(parse_qsl(raw_query, keep_blank_values=True)) or None
                response = self.connection.request(
                    method, container or None, obj or None, headers=headers, query=query, body=body
                )
                return response, parsed_body(response)

            return call

        return {m: verb(m) for m in ("HEAD", "GET", "POST", "PUT", "DELETE", "PATCH")}

    @property
    def capabilities(self) -> Capabilities:
        """The cluster's ``/info`` (fetched once per client)."""
        return self.connection.capabilities()

    @property
    def transfer_config(self) -> TransferConfig:
        """The ``TransferConfig`` every transfer of this client uses."""
        return self.engine.config

    # -- account ------------------------------------------------------------------------------------------------

    get_account_details = _delegate("account", AccountPart.get_account_details)
    get_account_info = _delegate("account", AccountPart.get_account_info)
    get_info = get_account_info
    get_account_metadata = _delegate("account", AccountPart.get_account_metadata)
    set_account_metadata = _delegate("account", AccountPart.set_account_metadata)
    delete_account_metadata = _delegate("account", AccountPart.delete_account_metadata)

    # -- containers ---------------------------------------------------------------------------------------------

    list_container_names = _delegate("containers", ContainersPart.list_container_names)
    #: pyrax: ``list_containers = list_container_names`` (the names of every container).
    list_containers = list_container_names
    list_containers_info = _delegate("containers", ContainersPart.list_containers_info)

    def list(
        self,
        limit: int | None = None,
        marker: str | None = None,
        end_marker: str | None = None,
        prefix: str | None = None,
    ) -> builtins.list[Container]:
        """``Container`` objects for one page of the account listing."""
        rows = self.parts.containers.container_page(limit=limit, marker=marker, end_marker=end_marker, prefix=prefix)
        return [Container.from_listing(self.parts, row) for row in rows]

    # pyrax's aliases (its ``StorageClient.__init__``): one page of containers, as ``list`` returns it.
    get_all_containers = list

    def get(self, item: str | Container) -> Container:
        """The ``Container`` named *item*, with fresh counts (one HEAD); anything that is not a string (a
        ``Container`` already) is returned unchanged, as pyrax did. ``container.reload()`` refreshes a handle."""
        if not isinstance(item, str):
            return item
        self._check_open()
        return Container.from_headers(self.parts, *self.parts.containers.head_container(item))

    get_container = get

    def iter_containers(self, prefix: str | None = None, page_size: int | None = None) -> LazyListing[Container]:
        """Every container (all pages), walked lazily one page at a time; *page_size* entries per request."""
        self._check_open()
        rows = self.parts.containers.container_rows
        return LazyListing(
            lambda: (Container.from_listing(self.parts, e) for e in rows(prefix=prefix, limit=page_size)),
            "containers" + (f" named {prefix!r}..." if prefix else ""),
        )

    def create(
        self,
        name: str,
        metadata: Mapping[str, Any] | None = None,
        prefix: str | None = None,
        *args: Any,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> Container:
        """Create (or keep) container *name*, optionally with metadata; returns its ``Container``.

        ``headers`` are sent as given on the PUT, for what is not metadata: the storage policy
        (``{"X-Storage-Policy": "gold"}``, honoured only when the container is new), ACLs
        (``{"X-Container-Read": ".r:*,.rlistings", "X-Container-Write": "project:user"}``), versioning
        (``X-Versions-Location``) or a quota (``X-Container-Meta-Quota-Bytes``). pyrax took ``*args, **kwargs``
        and ignored them; a keyword this method does not know raises ``TypeError`` instead of being dropped.
        """
        self._check_open()
        if args or kwargs:
            raise TypeError(f"create() got unexpected arguments {[*args, *sorted(kwargs)]}")
        return Container.from_headers(self.parts, *self.parts.containers.create(name, metadata, prefix, headers))

    create_container = create
    delete = _delegate("containers", ContainersPart.delete)
    delete_container = delete
    delete_all_objects = _delegate("containers", ContainersPart.delete_all_objects)

    def remove_container_from_cache(self, container: Any) -> None:
        """Kept for pyrax compatibility; swiftfiles keeps no container cache."""

    get_container_metadata = _delegate("containers", ContainersPart.get_container_metadata)
    set_container_metadata = _delegate("containers", ContainersPart.set_container_metadata)
    remove_container_metadata_key = _delegate("containers", ContainersPart.remove_container_metadata_key)
    delete_container_metadata = _delegate("containers", ContainersPart.delete_container_metadata)
    set_container_web_index_page = _delegate("containers", ContainersPart.set_container_web_index_page)
    set_container_web_error_page = _delegate("containers", ContainersPart.set_container_web_error_page)

    # -- object listings ----------------------------------------------------------------------------------------

    def list_container_objects(
        self,
        container: Any,
        limit: int | None = None,
        marker: str | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        end_marker: str | None = None,
        full_listing: bool = False,
    ) -> builtins.list[StorageObject] | LazyListing[StorageObject]:
        """``StorageObject`` entries of one page (a list), or with ``full_listing=True`` of every page, lazily.

        The full listing is a ``LazyListing``: iterate it to walk page by page in bounded memory; ``len()`` or
        indexing reads it all. With ``full_listing`` the other filters still apply and *limit* is the page size.
        """
        return self._container(container).get_objects(
            marker=marker,
            limit=limit,
            prefix=prefix,
            delimiter=delimiter,
            end_marker=end_marker,
            full_listing=full_listing,
        )

    get_container_objects = list_container_objects
    list_container_object_names = _delegate("containers", ContainersPart.list_container_object_names)
    get_container_object_names = list_container_object_names

    def list_container_subdirs(
        self,
        container: Any,
        limit: int | None = None,
        marker: str | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        full_listing: bool = False,
    ) -> builtins.list[StorageObject] | LazyListing[StorageObject]:
        """Pseudo-folders (``subdir`` entries for *delimiter*, ``/`` by default) as ``StorageObject`` entries."""
        return self._container(container).list_subdirs(
            marker=marker, limit=limit, prefix=prefix, delimiter=delimiter, full_listing=full_listing
        )

    def object_listing_iterator(self, container: Any, prefix: str | None = None) -> Iterator[StorageObject]:
        """A generator over every object in the container (all pages, one page in memory at a time)."""
        return self._container(container).object_listing_iterator(prefix=prefix)

    # -- objects ------------------------------------------------------------------------------------------------

    def get_object(self, container: Any, obj: Any) -> StorageObject:
        """A ``StorageObject`` for an existing object (one HEAD); ``NoSuchObject`` when it does not exist."""
        return self._container(container).get_object(obj)

    @overload
    def fetch_object(
        self,
        container: Any,
        obj: Any,
        include_meta: Literal[False] = False,
        chunk_size: None = None,
        size: int | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> bytes: ...

    @overload
    def fetch_object(
        self,
        container: Any,
        obj: Any,
        include_meta: Literal[False] = False,
        *,
        chunk_size: int,
        size: int | None = None,
        extra_info: Any = None,
        subscribers: Iterable[Subscriber] = (),
    ) -> Iterator[bytes]: ...

    @overload
    def fetch_object(
        self,
        container: Any,
        obj: Any,
        include_meta: Literal[True],
        chunk_size: None = None,
        size: int | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> tuple[dict[str, str], bytes]: ...

    @overload
    def fetch_object(
        self,
        container: Any,
        obj: Any,
        include_meta: Literal[True],
        chunk_size: int,
        size: int | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> tuple[dict[str, str], Iterator[bytes]]: ...

    @overload
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
    ) -> FetchResult: ...

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
    ) -> FetchResult:
        """The object's bytes; or with *chunk_size* a generator streaming one GET; *size* reads only the first
        *size* bytes (a Range request). ``include_meta=True`` returns ``(headers, data)``.

        Whole objects are checked against their MD5 (``IntegrityError`` on a mismatch; for a generator the check
        runs when it is exhausted). A body that breaks off is resumed where it stopped (``Range`` + ``If-Match``,
        ``TransferConfig.resume_attempts`` times), so the bytes are never short or mixed.

        *subscribers* hear progress (``on_queued``, ``on_progress``, ``on_done``); a generator reports as it is
        consumed, and ``on_done`` when exhausted or closed (closed early: with ``TransferCancelled``).
        """
        self._check_open()
        return self.parts.objects.fetch_object(container, obj, include_meta, chunk_size, size, subscribers=subscribers)

    fetch_partial = _delegate("objects", ObjectsPart.fetch_partial)
    download_object = _delegate("objects", ObjectsPart.download_object)
    delete_object = _delegate("objects", ObjectsPart.delete_object)
    copy_object = _delegate("objects", ObjectsPart.copy_object)

    def move_object(
        self,
        container: Any,
        obj: Any,
        new_container: Any,
        new_obj_name: str | None = None,
        new_reference: bool = False,
        content_type: str | None = None,
        extra_info: Any = None,
    ) -> str | StorageObject:
        """Copy, then delete the source; returns the new ETag, or the new ``StorageObject`` with
        ``new_reference=True``. A large source goes with its segments (``TransferConfig.leave_segments`` keeps
        them), as with ``delete_object``."""
        return self._container(container).move_object(
            obj, new_container, new_obj_name=new_obj_name, new_reference=new_reference, content_type=content_type
        )

    change_object_content_type = _delegate("objects", ObjectsPart.change_object_content_type)
    get_object_metadata = _delegate("objects", ObjectsPart.get_object_metadata)
    set_object_metadata = _delegate("objects", ObjectsPart.set_object_metadata)
    remove_object_metadata_key = _delegate("objects", ObjectsPart.remove_object_metadata_key)
    delete_object_in_seconds = _delegate("objects", ObjectsPart.delete_object_in_seconds)

    # -- uploads ------------------------------------------------------------------------------------------------

    def store_object(
        self,
        container: Any,
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
        """Create or replace *obj_name* with *data* (bytes, str, a binary file or an iterable of bytes).

        With *chunk_size* the data is treated as a stream and read in pieces of that size, never held whole.
        Large data becomes a segmented object (see ``TransferConfig``). *subscribers* receive progress.
        """
        return self._container(container).store_object(
            obj_name,
            data,
            content_type=content_type,
            etag=etag,
            content_encoding=content_encoding,
            ttl=ttl,
            return_none=return_none,
            chunk_size=chunk_size,
            headers=headers,
            metadata=metadata,
            subscribers=subscribers,
        )

    def upload_file(
        self,
        container: Any,
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
        """Upload a file given as a path or an open binary file; the object is named after the file by default.

        Files at or above ``TransferConfig.multipart_threshold`` become segmented large objects uploaded in
        parallel. ``resume=True`` re-uses the segments of an earlier failed upload of the same object whose MD5
        still matches the file (keep them with ``TransferConfig(keep_segments_on_failure=True)``).
        """
        return self._container(container).upload_file(
            file_or_path,
            obj_name=obj_name,
            content_type=content_type,
            etag=etag,
            content_encoding=content_encoding,
            ttl=ttl,
            content_length=content_length,
            return_none=return_none,
            headers=headers,
            metadata=metadata,
            subscribers=subscribers,
            resume=resume,
        )

    def create_object(
        self,
        container: Any,
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
        """Create or replace an object from *data* or from *file_or_path* (a path or an open binary file).

        A caller-supplied *etag* is sent with single PUTs (the server checks it); large objects are verified
        segment by segment instead.
        """
        return self._container(container).create(
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
            return_none=return_none,
            subscribers=subscribers,
            resume=resume,
        )

    # -- large objects, folders, bulk, sync ---------------------------------------------------------------------

    fetch_dlo = _delegate("large_objects", LargeObjectsPart.fetch_dlo)
    fetch_slo = _delegate("large_objects", LargeObjectsPart.fetch_slo)
    delete_object_with_segments = _delegate("large_objects", LargeObjectsPart.delete_object_with_segments)
    upload_folder = _delegate("folders", FoldersPart.upload_folder)
    get_folder_upload = _delegate("folders", FoldersPart.get_folder_upload)
    get_uploaded = _delegate("folders", FoldersPart.get_uploaded)
    cancel_folder_upload = _delegate("folders", FoldersPart.cancel_folder_upload)

    def bulk_delete(
        self, container: Any, object_names: Sequence[Any], async_: bool = False, **kwargs: Any
    ) -> dict[str, Any] | BulkDeleter:
        """Delete many objects of one container; returns ``{"deleted", "not_found", "status", "errors"}``.

        Uses the cluster's bulk middleware in batches sized from ``/info`` (concurrent single DELETEs when the
        cluster has none); the caller's list is not modified. ``async_=True`` (the seed's ``async``, a Python 3
        keyword: ``**{"async": True}`` is accepted too) returns at once an object whose ``completed`` turns True
        when its ``results`` dict is ready.
        """
        self._check_open()
        return self.parts.folders.bulk_delete(container, object_names, async_, **kwargs)

    upload_archive = _delegate("folders", FoldersPart.upload_archive)
    sync_folder_to_container = _delegate("sync", SyncPart.sync_folder_to_container)
    sync_container_to_folder = _delegate("sync", SyncPart.sync_container_to_folder)

    # -- CDN ----------------------------------------------------------------------------------------------------

    list_public_containers = _delegate("cdn", CDNPart.list_public_containers)
    make_container_public = _delegate("cdn", CDNPart.make_container_public)
    make_container_private = _delegate("cdn", CDNPart.make_container_private)
    get_container_cdn_info = _delegate("cdn", CDNPart.get_container_cdn_info)
    get_container_cdn_metadata = _delegate("cdn", CDNPart.get_container_cdn_metadata)
    set_container_cdn_metadata = _delegate("cdn", CDNPart.set_container_cdn_metadata)
    get_cdn_log_retention = _delegate("cdn", CDNPart.get_cdn_log_retention)
    set_cdn_log_retention = _delegate("cdn", CDNPart.set_cdn_log_retention)
    get_container_streaming_uri = _delegate("cdn", CDNPart.get_container_streaming_uri)
    get_container_ios_uri = _delegate("cdn", CDNPart.get_container_ios_uri)
    purge_cdn_object = _delegate("cdn", CDNPart.purge_cdn_object)
    cdn_request = _delegate("cdn", CDNPart.cdn_request)

    # -- TempURLs -----------------------------------------------------------------------------------------------

    get_temp_url_key = _delegate("tempurls", TempURLPart.get_temp_url_key)
    set_temp_url_key = _delegate("tempurls", TempURLPart.set_temp_url_key)
    get_temp_url = _delegate("tempurls", TempURLPart.get_temp_url)
    temp_url = _delegate("tempurls", TempURLPart.temp_url)
    set_container_temp_url_key = _delegate("tempurls", TempURLPart.set_container_temp_url_key)

    # -- handles and lifecycle ----------------------------------------------------------------------------------

    def _container(self, container: Any) -> Container:
        self._check_open()
        return as_container(self.parts, container)

    def _check_open(self) -> None:
        if self._closed:
            raise ClientClosed("this StorageClient is closed; create a new one")

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Wait for background transfers (folder uploads, asynchronous bulk deletes), close the hash caches and
        release pooled connections. Final: later calls raise ``ClientClosed``; closing again does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            self.parts.close()
        finally:
            self.connection.close()

    def __enter__(self) -> StorageClient:
        self._check_open()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:
            self.parts.close(cancel=True)
        self.close()

    def __repr__(self) -> str:
        state = " closed" if self._closed else ""
        return f"<StorageClient {self.authenticator.method!r}{state}>"
