"""Rackspace Cloud Identity v2.0 (API key or password), the login every Cloud Files account has.

``POST <auth_url>/tokens`` with a JSON body; the answer holds the token, its expiry, the account's default
region and a v2.0 service catalog with ``object-store`` (cloudFiles) and ``rax:object-cdn`` (cloudFilesCDN)
endpoints per region. The same request with password credentials is also what a legacy Keystone v2.0 accepts.

The request goes through swiftfiles' own ``HTTPClient`` (not keystoneauth1): Rackspace's API-key extension
is not a Keystone v3 method, and this way retries, TLS settings and logging match every other request the
client makes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from ..exceptions import AuthenticationFailed, ClientException, ConfigurationError, exception_class_for
from ..http.client import HTTPClient
from ..http.models import Request, RequestBody, Response
from .base import AuthMethod, AuthResult
from .catalog import all_endpoints, find_endpoint, select_endpoint

#: Rackspace's US identity endpoint (UK accounts use https://lon.identity.api.rackspacecloud.com/v2.0/).
RACKSPACE_US_AUTH_URL = "https://identity.api.rackspacecloud.com/v2.0/"
RACKSPACE_UK_AUTH_URL = "https://lon.identity.api.rackspacecloud.com/v2.0/"

STORAGE_SERVICE_TYPE = "object-store"
CDN_SERVICE_TYPE = "rax:object-cdn"

_ISO8601 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$"
)


def parse_expires(value: object) -> datetime | None:
    """An identity service's ISO 8601 expiry as an aware UTC datetime, or None when it cannot be read.

    Written by hand because ``datetime.fromisoformat`` on Python 3.10 rejects both the ``Z`` suffix and
    fractional seconds that are not exactly 3 or 6 digits, and identity services send ``...Z``, ``...-05:00``
    and ``....123Z``. A timestamp without an offset is taken as UTC, which is what identity services mean. An
    unreadable expiry is not fatal: the token still works and is renewed after the first 401 instead of ahead.
    """
    if not isinstance(value, str):
        return None
    match = _ISO8601.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = match.group(7) or ""
    microsecond = int((fraction + "000000")[:6])
    offset = timedelta(0)
    if match.group(9):
        offset = timedelta(hours=int(match.group(10)), minutes=int(match.group(11)))
        if match.group(9) == "-":
            offset = -offset
    try:
        local = datetime(year, month, day, hour, minute, second, microsecond, tzinfo=timezone(offset))
    except ValueError:
        return None
    return local.astimezone(timezone.utc)


def tokens_url(auth_url: str) -> str:
    """``<auth_url>/tokens`` with exactly one slash, whatever the caller's trailing slash.

    A bare host (``https://identity.api.rackspacecloud.com``) gets ``/v2.0`` added, since that is the only
    version this method speaks; a URL that already ends in ``/tokens`` is used as given.
    """
    base = auth_url.strip().rstrip("/")
    if base.endswith("/tokens"):
        return base
    if urlsplit(base).path in ("", "/"):
        base += "/v2.0"
    return base + "/tokens"


class RackspaceAuth(AuthMethod):
    """Rackspace identity v2.0 with an API key (the usual way), a password, or an existing token (which gets the
    catalog; when it expires the server refuses it and there is nothing to renew it with).

    region: the region whose Cloud Files endpoint to use; None means the account's default region (or the only
    one in the catalog).
    public: False selects the ServiceNet (internal) URL, free of bandwidth charges from servers in the region.
    tenant_id / tenant_name: scope the token to one tenant, for users who belong to several.
    """

    def __init__(
        self,
        username: str | None,
        *,
        api_key: str | None = None,
        password: str | None = None,
        token: str | None = None,
        auth_url: str = RACKSPACE_US_AUTH_URL,
        region: str | None = None,
        public: bool = True,
        tenant_id: str | None = None,
        tenant_name: str | None = None,
    ) -> None:
        given = [kind for kind, value in (("api_key", api_key), ("password", password), ("token", token)) if value]
        if len(given) != 1:
            raise ConfigurationError(
                "RackspaceAuth needs exactly one of api_key, password or token"
                + (f" ({' and '.join(given)} were given)" if given else "")
            )
        if not username and not token:
            raise ConfigurationError("RackspaceAuth needs a username (or a token)")
        if not auth_url:
            raise ConfigurationError("RackspaceAuth needs an auth_url")
        self.username = username or ""
        self._api_key = api_key or None
        self._password = password or None
        self._token = token or None
        self.auth_url = auth_url
        self.region = region or None
        self.public = public
        self.tenant_id = tenant_id or None
        self.tenant_name = tenant_name or None

    @property
    def credential_kind(self) -> str:
        """``"api_key"``, ``"password"`` or ``"token"``: which secret this method holds, without revealing it."""
        return "api_key" if self._api_key else "password" if self._password else "token"

    def _body(self) -> bytes:
        auth: dict[str, Any]
        if self._api_key:
            auth = {"RAX-KSKEY:apiKeyCredentials": {"username": self.username, "apiKey": self._api_key}}
        elif self._token:  # an existing token, exchanged for the catalog (and renewed only by its owner)
            auth = {"token": {"id": self._token}}
        else:
            auth = {"passwordCredentials": {"username": self.username, "password": self._password}}
        if self.tenant_id:
            auth["tenantId"] = self.tenant_id
        if self.tenant_name:
            auth["tenantName"] = self.tenant_name
        return json.dumps({"auth": auth}).encode("utf-8")

    def authenticate(self, http: HTTPClient) -> AuthResult:
        url = tokens_url(self.auth_url)
        request = Request(
            "POST",
            url,
            {"Content-Type": "application/json", "Accept": "application/json"},
            RequestBody(self._body()),
        )
        response = http.send(request)
        if response.status in (401, 403):
            detail = _error_message(response)
            raise AuthenticationFailed(
                f"Rackspace identity refused the {self.credential_kind.replace('_', ' ')} for user "
                f"{self.username!r}" + (f": {detail}" if detail else ""),
                status=response.status,
                reason=response.reason,
                headers=response.headers,
                method="POST",
                path=url,
            )
        if not response.ok:
            raise exception_class_for(response.status)(
                status=response.status,
                reason=response.reason,
                headers=response.headers,
                method="POST",
                path=url,
                body=response.text(),
            )
        return self._result(response, url)

    def _result(self, response: Response, url: str) -> AuthResult:
        def malformed(what: str) -> ClientException:
            return ClientException(
                f"Rackspace identity answered {response.status} without {what}",
                status=response.status,
                reason=response.reason,
                headers=response.headers,
                method="POST",
                path=url,
            )

        try:
            data = response.json()
        except ValueError:
            raise malformed("a JSON body") from None
        access = data.get("access") if isinstance(data, Mapping) else None
        if not isinstance(access, Mapping):
            raise malformed("an 'access' object")
        token_info = access.get("token")
        if not isinstance(token_info, Mapping):
            raise malformed("access.token")
        token = token_info.get("id")
        if not isinstance(token, str) or not token:
            raise malformed("access.token.id")
        user = access.get("user")
        default_region = user.get("RAX-AUTH:defaultRegion") if isinstance(user, Mapping) else None
        catalog = access.get("serviceCatalog")
        if not isinstance(catalog, list):
            catalog = []
        storage = select_endpoint(
            catalog,
            service_type=STORAGE_SERVICE_TYPE,
            region=self.region,
            default_region=default_region if isinstance(default_region, str) and default_region else None,
            interface="public" if self.public else "internal",
        )
        # The CDN management API only has public URLs, and only the CDN of the storage region manages its
        # containers.
        cdn = find_endpoint(catalog, service_type=CDN_SERVICE_TYPE, region=storage.region, interface="public")
        tenant = token_info.get("tenant")
        tenant = tenant if isinstance(tenant, Mapping) else {}
        return AuthResult(
            token=token,
            storage_url=storage.url.rstrip("/"),
            cdn_url=cdn.url.rstrip("/") if cdn is not None else None,
            expires=parse_expires(token_info.get("expires")),
            source="rackspace",
            region=storage.region,
            tenant_id=str(tenant["id"]) if tenant.get("id") else None,
            tenant_name=str(tenant["name"]) if tenant.get("name") else None,
            endpoints=all_endpoints(catalog),
        )

    def __repr__(self) -> str:
        where = self.region or "default region"
        network = "public" if self.public else "internal"
        return (
            f"<RackspaceAuth {self.auth_url} user={self.username!r} credential={self.credential_kind} "
            f"region={where} {network}>"
        )


def _error_message(response: Response) -> str:
    """The human message from an identity error body (``{"unauthorized": {"code": 401, "message": ...}}``).

    Only that field is kept: it says why ("Username or api key is invalid", "User is disabled") and it is
    written by the server, so it never echoes the secret that was sent.
    """
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, Mapping):
        for value in data.values():
            if isinstance(value, Mapping) and isinstance(value.get("message"), str):
                return str(value["message"])[:200]
    return ""


__all__ = [
    "parse_expires",
    "RACKSPACE_UK_AUTH_URL",
    "RACKSPACE_US_AUTH_URL",
    "RackspaceAuth",
    "tokens_url",
]
