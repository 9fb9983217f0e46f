"""pyrax's ``identity`` object over swiftfiles' authentication.

pyrax scripts read ``pyrax.identity.token``, ``.tenant_id``, ``.authenticated``, ``.regions``, ``.services``... and
call ``set_credentials``/``set_credential_file``/``authenticate`` on it. Here authentication is done by a swiftfiles
``StorageClient`` (the library's Rackspace identity v2.0 or Keystone method); the identity keeps that client and
reads what pyrax exposed from its ``AuthResult``.

Identity types and what they become:

==========================  ===================================================================================
``rackspace``               ``auth_type="rackspace"``: identity v2.0 with an API key (or a password)
``keystone``, v3 endpoint   ``auth_type="keystone"`` (keystoneauth1): username/password, project from
                            ``tenant_id``/``tenant_name``, domains from ``user_domain_name``/``project_domain_name``
                            (default ``Default``)
``keystone``, ``/v2.0``     a legacy Keystone v2.0: the v2.0 password request (``auth_type="rackspace"`` with a
                            password, which is the same wire request), scoped by ``tenant_id``/``tenant_name``
==========================  ===================================================================================

``regions`` and ``services`` come from the identity service's whole catalog (the library's
``AuthResult.endpoints``): every region (the default first) and every service's URLs, keyed by pyrax's names
(``object_store``, ``object_cdn``, ``compute``...); ``tenant_id`` is the token's tenant (or, when the identity service
names none, the account part of the storage URL).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from swiftfiles import AuthenticationFailed, StorageClient
from swiftfiles.auth.base import AuthResult

from . import exceptions as exc
from .config import Credentials, read_credential_file

#: pyrax's default Rackspace identity endpoint (US); UK accounts set ``auth_endpoint`` to the LON one.
RACKSPACE_AUTH_ENDPOINT = "https://identity.api.rackspacecloud.com/v2.0/"


@dataclass
class Endpoint:
    """One region's URLs for a service, with pyrax's attribute names."""

    region: str
    public_url: str | None = None
    internal_url: str | None = None


@dataclass
class Service:
    """A service of the catalog as pyrax's ``identity.services.<type>`` showed it: endpoints keyed by region."""

    service_type: str
    endpoints: dict[str, Endpoint] = field(default_factory=dict)


class Identity:
    """Credentials, the token and the catalog facts pyrax scripts read, for one identity type.

    auth_endpoint: the identity URL (``auth_endpoint`` setting); Rackspace's US endpoint when None for ``rackspace``.
    verify_ssl: TLS verification of every request (on unless the settings turn it off).
    client_options: extra keyword arguments for each ``StorageClient`` (timeouts, retries...).
    """

    def __init__(
        self,
        identity_type: str = "rackspace",
        *,
        auth_endpoint: str | None = None,
        region: str | None = None,
        verify_ssl: bool = True,
        tenant_id: str | None = None,
        tenant_name: str | None = None,
        user_domain_name: str | None = None,
        project_domain_name: str | None = None,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        if identity_type not in ("rackspace", "keystone"):
            raise exc.IdentityClassNotDefined(f"identity type {identity_type!r}: use 'rackspace' or 'keystone'")
        self.identity_type = identity_type
        self.auth_endpoint = auth_endpoint
        self.region = region
        self.verify_ssl = verify_ssl
        self._tenant_id = tenant_id
        self._account: str | None = None
        self.tenant_name = tenant_name
        self.user_domain_name = user_domain_name
        self.project_domain_name = project_domain_name
        self.client_options = dict(client_options or {})
        self.username: str | None = None
        self._api_key: str | None = None
        self._password: str | None = None
        #: A Rackspace secret given as "password" that may be an API key: tried as a key first, as pyrax did.
        self._key_or_password = False
        self._token_given: str | None = None
        self._clients: dict[tuple[str | None, bool], StorageClient] = {}
        self.authenticated = False
        self.token: str | None = None
        self.expires: datetime | None = None
        self.regions: tuple[str, ...] = ()
        self.services: dict[str, Service] = {}
        self._default_region: str | None = None

    def __repr__(self) -> str:
        state = "authenticated" if self.authenticated else "not authenticated"
        return f"<Identity {self.identity_type} user={self.username!r} {state}>"

    # -- credentials --------------------------------------------------------------------------------------------

    @property
    def password(self) -> str | None:
        """pyrax kept the API key in ``password`` too; so does this (it never appears in ``repr``)."""
        return self._password or self._api_key

    @property
    def api_key(self) -> str | None:
        return self._api_key

    @property
    def tenant_id(self) -> str | None:
        """The tenant given (settings, credential file, ``set_credentials``), else the storage account's name."""
        return self._tenant_id or self._account

    @tenant_id.setter
    def tenant_id(self, value: str | None) -> None:
        self._tenant_id = value

    def set_credentials(
        self,
        username: str,
        password: str | None = None,
        region: str | None = None,
        tenant_id: str | None = None,
        authenticate: bool = False,
        *,
        api_key: str | None = None,
    ) -> None:
        """Store credentials; with ``rackspace``, a *password* alone is tried as an API key first, then as a
        password (pyrax passed "password or api_key" here and did the same)."""
        self._forget()
        self.username = username
        self._api_key = api_key
        self._password = None if api_key else password
        self._key_or_password = self.identity_type == "rackspace" and not api_key and bool(password)
        self._tenant_id = tenant_id or self._tenant_id
        self.region = region or self.region
        if authenticate:
            self.authenticate()

    def set_credential_file(
        self, path: str | os.PathLike[str], region: str | None = None, authenticate: bool = False
    ) -> None:
        """Read credentials from a pyrax credential file (see ``config.read_credential_file``)."""
        creds: Credentials = read_credential_file(path, self.identity_type)
        self._forget()
        self.username = creds.username
        self._api_key, self._password = creds.api_key, creds.password
        self._key_or_password = False
        self._tenant_id = creds.tenant_id or self._tenant_id
        self.tenant_name = creds.tenant_name or self.tenant_name
        self.region = region or self.region
        if authenticate:
            self.authenticate()

    def auth_with_token(self, token: str, tenant_id: str | None = None, tenant_name: str | None = None) -> None:
        """Use an existing token (Rackspace identity or Keystone): the identity service returns its catalog. It
        cannot be renewed: when it expires, authenticate again with credentials."""
        self._forget()
        self._token_given = token
        self._tenant_id = tenant_id or self._tenant_id
        self.tenant_name = tenant_name or self.tenant_name
        self.authenticate()

    def authenticate(
        self,
        username: str | None = None,
        password: str | None = None,
        api_key: str | None = None,
        tenant_id: str | None = None,
        connect: bool = False,
    ) -> None:
        """Log in now (pyrax authenticated eagerly, so bad credentials fail here, not at the first request)."""
        if username is not None:
            self.set_credentials(username, password=password, api_key=api_key, tenant_id=tenant_id)
        if self._token_given is None and not (self.username and (self._api_key or self._password)):
            raise exc.MissingAuthSettings("no credentials: call set_credentials or set_credential_file first")
        self._forget(keep_credentials=True)
        self.client(self.region, public=True)

    def unauthenticate(self) -> None:
        """Forget the token and every client (credentials are kept, as in pyrax)."""
        self._forget(keep_credentials=True)

    def get_default_region(self) -> str | None:
        """The account's default region (known after authenticating)."""
        return self._default_region

    # -- clients ------------------------------------------------------------------------------------------------

    def client(self, region: str | None = None, public: bool = True) -> StorageClient:
        """An authenticated ``StorageClient`` for *region* (default: the identity's) and network; cached."""
        wanted = region or self.region
        key = (wanted.upper() if wanted else None, public)
        cached = self._clients.get(key)
        if cached is not None:
            return cached
        try:
            client, result = self._login(wanted, public)
        except AuthenticationFailed:
            if not self._key_or_password:
                raise
            self._key_or_password = False  # it was not an API key: try it as the password
            client, result = self._login(wanted, public)
        self._key_or_password = False
        self._clients[key] = client
        if result.region:  # the default region, reached again by name, is the same client
            self._clients.setdefault((result.region.upper(), public), client)
        self._learn(client, result.token, result.expires, result.region, public)
        self._learn_catalog(result)
        return client

    def _login(self, region: str | None, public: bool) -> tuple[StorageClient, AuthResult]:
        client = StorageClient(verify=self.verify_ssl, **self.client_options, **self.client_settings(region, public))
        try:
            return client, client.authenticator.current()
        except BaseException:
            client.close()
            raise

    def client_settings(self, region: str | None, public: bool) -> dict[str, Any]:
        """The ``StorageClient`` keyword arguments for this identity (secrets included: never log them)."""
        interface = "public" if public else "internal"
        if (self.identity_type == "rackspace" or self._is_v2()) and self._token_given is not None:
            settings: dict[str, Any] = {
                "auth_type": "rackspace",
                "auth_url": self.auth_endpoint or RACKSPACE_AUTH_ENDPOINT,
                "token": self._token_given,
                "tenant_id": self._tenant_id,
                "tenant_name": self.tenant_name,
            }
        elif self.identity_type == "rackspace" or self._is_v2():
            settings = {
                "auth_type": "rackspace",
                "auth_url": self.auth_endpoint or RACKSPACE_AUTH_ENDPOINT,
                "username": self.username,
                "api_key": self._api_key or (self._password if self._key_or_password else None),
                "password": None if self._api_key or self._key_or_password else self._password,
                "tenant_id": self._tenant_id,
                "tenant_name": self.tenant_name,
            }
        else:
            if not self.auth_endpoint:
                raise exc.MissingAuthSettings("identity type 'keystone' needs the auth_endpoint setting")
            settings = {
                "auth_type": "keystone",
                "auth_url": self.auth_endpoint,
                "username": self.username if self._token_given is None else None,
                "password": self._password if self._token_given is None else None,
                "token": self._token_given,
                "project_id": self._tenant_id,
                "project_name": self.tenant_name,
                "user_domain_name": self.user_domain_name if self._token_given is None else None,
                "project_domain_name": self.project_domain_name,
            }
        settings["region"] = region
        settings["interface"] = interface
        return {k: v for k, v in settings.items() if v is not None}

    # -- internals ----------------------------------------------------------------------------------------------

    def _is_v2(self) -> bool:
        """A Keystone endpoint whose path ends in ``/v2.0``: the legacy v2.0 password request."""
        if self.identity_type != "keystone" or not self.auth_endpoint:
            return False
        return urlsplit(self.auth_endpoint).path.rstrip("/").endswith("/v2.0")

    def _learn(
        self, client: StorageClient, token: str, expires: datetime | None, region: str | None, public: bool
    ) -> None:
        self.authenticated = True
        self.token = token
        self.expires = expires
        if region and self._default_region is None:
            self._default_region = region
        name = region or "ALL"
        if name not in self.regions:
            self.regions = (*self.regions, name)
        if self._account is None:
            self._account = urlsplit(client.storage_url).path.rstrip("/").rsplit("/", 1)[-1] or None
        store = self.services.setdefault("object_store", Service("object_store"))
        endpoint = store.endpoints.setdefault(name, Endpoint(name))
        if public:
            endpoint.public_url = client.storage_url
        else:
            endpoint.internal_url = client.storage_url
        cdn = client.cdn_management_url
        if cdn:
            cdn_service = self.services.setdefault("object_cdn", Service("object_cdn"))
            cdn_service.endpoints.setdefault(name, Endpoint(name, public_url=cdn))

    def _learn_catalog(self, result: AuthResult) -> None:
        """The whole service catalog, when the identity service gave one: every region, every service's URLs."""
        if result.tenant_id and self._tenant_id is None:
            self._tenant_id = result.tenant_id
        if not result.endpoints:
            return
        default = self._default_region
        named = sorted({e.region for e in result.endpoints if e.region}, key=str.lower)
        self.regions = tuple(([default] if default in named else []) + [r for r in named if r != default])
        for entry in result.endpoints:
            name = _pyrax_service_name(entry.service_type or entry.service_name or "unknown")
            region = entry.region or "ALL"
            endpoint = self.services.setdefault(name, Service(name)).endpoints.setdefault(region, Endpoint(region))
            if entry.interface == "public":
                endpoint.public_url = entry.url
            elif entry.interface == "internal":
                endpoint.internal_url = entry.url

    def _forget(self, keep_credentials: bool = False) -> None:
        for client in {id(c): c for c in self._clients.values()}.values():
            client.close()
        self._clients.clear()
        self.authenticated = False
        self.token = None
        self.expires = None
        self.regions = ()
        self.services = {}
        self._default_region = None
        self._account = None
        if not keep_credentials:
            self._token_given = None


__all__ = ["RACKSPACE_AUTH_ENDPOINT", "Endpoint", "Identity", "Service"]


def _pyrax_service_name(service_type: str) -> str:
    """pyrax's attribute name for a catalog type: ``object-store`` → ``object_store``, ``rax:object-cdn`` →
    ``object_cdn``."""
    return service_type.split(":", 1)[-1].replace("-", "_")
