"""``StorageClient``: the seed's (pyrax's) object-storage API over the layers below.

It is a façade: each method is a few lines that validate names and delegate to ``SwiftConnection`` (wire), the
pure helpers in ``swift/`` and the transfer code. Its parts live in ``facade/`` by concern (account, containers,
objects, TempURLs); this module builds the shared machinery: one thread-safe HTTP pool, the retry policy and the
authenticator.

Construct it with keyword settings, or from the environment with ``StorageClient.from_env()``::

    client = StorageClient(auth_url="http://127.0.0.1:8080/auth/v1.0", username="test:tester", password="testing")
    client = StorageClient(auth_type="keystone", auth_url=..., username=..., password=..., project_name=...)
    client = StorageClient(auth_type="rackspace", username=..., api_key=..., region="DFW")
    client = StorageClient(storage_url=..., token=...)        # pre-authenticated
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from ._version import __version__
from .auth.base import Authenticator, AuthMethod
from .auth.settings import AuthSettings, build_auth_method, settings_from_env
from .facade.account import AccountMixin
from .facade.cdn import CDNMixin
from .facade.containers import ContainerMixin
from .facade.folders import FolderMixin
from .facade.largeobjects import LargeObjectMixin
from .facade.objects import ObjectMixin
from .facade.sync import SyncMixin
from .facade.tempurls import TempURLMixin
from .facade.uploads import UploadMixin
from .http.client import HTTPClient
from .http.retry import RetryPolicy
from .http.transport import Timeouts, Urllib3Transport
from .swift.connection import SwiftConnection
from .transfer.config import TransferConfig
from .transfer.manager import TransferManager

_SETTING_NAMES = frozenset(f.name for f in fields(AuthSettings))

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


class StorageClient(
    AccountMixin,
    ContainerMixin,
    CDNMixin,  # before ObjectMixin: it decides what change_object_content_type(guess=True) requires
    ObjectMixin,
    UploadMixin,
    LargeObjectMixin,
    FolderMixin,
    SyncMixin,
    TempURLMixin,
):
    """The primary class for OpenStack Object Storage / Rackspace Cloud Files.

    Authentication settings (see ``AuthSettings``): ``auth_type``, ``auth_url``, ``username``, ``password`` (alias
    ``key``), ``api_key``, project/domain scoping, ``region`` (alias ``region_name``), ``interface`` or
    ``public=False`` for internal/ServiceNet URLs, ``storage_url`` + ``token`` for a pre-authenticated client.

    Connection settings: ``verify`` (True, False or a CA bundle path; TLS verification is on by default),
    ``cert``, ``timeout`` (seconds, or a ``(connect, read)`` pair), ``retries`` (resends of transient failures),
    ``pool_size`` (connections kept per host: size it to the threads sharing this client), ``listing_page_size``
    (defaults to the cluster's listing limit), ``transfer_config`` (a ``TransferConfig``: concurrency, segment
    sizes, thresholds, bandwidth), ``expiry_margin`` (renew a token this many seconds before it expires; 0 uses
    it until the server refuses it). ``auth=`` takes a ready ``AuthMethod`` instead of settings.

    The client is safe to share between threads.
    """

    name = "Object Storage"

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
        **settings: Any,
    ) -> None:
        if auth is None:
            auth = build_auth_method(self._settings(settings, public), verify=verify)
        elif settings:
            raise TypeError(f"pass either auth= or auth settings, not both: {sorted(settings)}")
        if http is None:
            connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
            transport = Urllib3Transport(
                verify=verify,
                cert=cert,
                timeouts=Timeouts(connect, read),
                # every coordinator and every worker of the transfer engine may hold a connection
                pool_maxsize=pool_size or max(16, 2 * (transfer_config or TransferConfig()).concurrency),
            )
            policy = retries if isinstance(retries, RetryPolicy) else RetryPolicy(total=retries)
            http = HTTPClient(transport, policy, user_agent=f"swiftfiles/{__version__}")
        self.http = http
        self.authenticator = Authenticator(auth, http, expiry_margin=expiry_margin)
        self.connection = SwiftConnection(self.authenticator, http)
        self.listing_page_size = listing_page_size
        self.transfer_config = transfer_config or TransferConfig()
        self._transfers: TransferManager | None = None
        self._hash_caches = {}
        self._folder_uploads = {}
        self._transfers_lock = threading.Lock()
        self._temp_url_key: str | None = None
        self._temp_url_key_known = False
        self._key_lock = threading.Lock()

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
        ``OS_AUTH_TOKEN``, ... (see ``swiftfiles.auth.settings``); ``OS_CACERT`` sets ``verify``.
        """
        env = os.environ if environ is None else environ
        base = settings_from_env(env)
        values = {f.name: getattr(base, f.name) for f in fields(AuthSettings)}
        connection_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k not in _SETTING_NAMES and k not in _ALIASES}
        for key, value in kwargs.items():
            values[_ALIASES.get(key, key)] = value
        if "verify" not in connection_kwargs and env.get("OS_CACERT"):
            connection_kwargs["verify"] = env["OS_CACERT"]
        return cls(**connection_kwargs, **{k: v for k, v in values.items() if v is not None})

    # -- pyrax attributes ---------------------------------------------------------------------------------------

    @property
    def management_url(self) -> str:
        """The storage URL of the account (pyrax's name)."""
        return self.connection.storage_url

    @property
    def storage_url(self) -> str:
        return self.connection.storage_url

    @property
    def cdn_management_url(self) -> str | None:
        """The CDN management endpoint from the service catalog, or None when the cluster has no CDN."""
        return self.authenticator.current().cdn_url

    get_info = AccountMixin.get_account_info

    @property
    def transfers(self) -> TransferManager:
        """The client's transfer engine (created on first use, shared by every upload and download path)."""
        if self._transfers is None:
            with self._transfers_lock:
                if self._transfers is None:
                    self._transfers = TransferManager(self, self.transfer_config)
        return self._transfers

    def close(self) -> None:
        """Stop the transfer threads (waiting for running transfers) and release pooled connections."""
        if self._transfers is not None:
            self._transfers.shutdown()
        self.http.close()

    def __enter__(self) -> StorageClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<StorageClient {self.authenticator.method!r}>"
