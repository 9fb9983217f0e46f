"""EMULATOR of Rackspace Cloud Identity v2.0 token issuing (``POST /v2.0/tokens``); not Rackspace's code.

Faithful to the wire format clients see (``/work/shared/SWIFT-NOTES.md``, Rackspace's API docs):

* ``POST /v2.0/tokens`` with ``{"auth": {"RAX-KSKEY:apiKeyCredentials": {"username", "apiKey"}}}``,
  ``{"auth": {"passwordCredentials": {"username", "password"}}}`` or ``{"auth": {"token": {"id"}}}`` (a valid
  token), optional ``tenantId``/``tenantName`` in ``auth`` (the numeric tenant or the ``MossoCloudFS_...`` one);
* 200 with ``access.token.{id, expires, tenant, RAX-AUTH:authenticatedBy}`` (expiry in Rackspace's
  ``2026-11-24T23:00:00.000Z`` form), ``access.user.{id, name, roles, RAX-AUTH:defaultRegion}`` and
  ``access.serviceCatalog`` with ``cloudFiles`` (``object-store``: ``publicURL`` and ``internalURL`` per region)
  and ``cloudFilesCDN`` (``rax:object-cdn``: ``publicURL`` per region);
* re-authenticating while a token is valid returns the same token (as Rackspace does);
* errors as JSON faults: 400 ``badRequest`` (malformed body), 401 ``unauthorized`` (wrong user, key, password
  or tenant), 403 ``userDisabled``, 404 ``itemNotFound``, 405 ``badMethod``, 415 ``badMediaType``;
* ``DELETE /v2.0/tokens`` with ``X-Auth-Token`` revokes that token (204).

Simplified: there are no other v2.0 resources (users, tenants, token validation), no XML, no multi-factor,
no rate limits. Tokens are the emulator's own random strings, valid for ``token_life`` seconds; the storage
pass-through (``.storage``) and the CDN management API (``.cdn``) accept them until then and answer 401
afterwards, swapping a valid one for a real tempauth token of the mapped Swift user when talking to Swift.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import RackspaceInfo, RackspaceUser, iso8601
from .wire import Handler, SwiftBackend, SwiftError

__all__ = ["IdentityApp", "IssuedToken", "TokenStore", "access_document", "service_catalog"]

APIKEY_CREDENTIALS = "RAX-KSKEY:apiKeyCredentials"
PASSWORD_CREDENTIALS = "passwordCredentials"
#: Expired tokens are remembered this long (so they get the emulator's 401), then forgotten.
_REMEMBER_EXPIRED = 3600.0


@dataclass
class IssuedToken:
    """One token the emulator handed out."""

    id: str
    user: RackspaceUser
    #: ``"APIKEY"`` or ``"PASSWORD"`` (``RAX-AUTH:authenticatedBy``).
    method: str
    expires: float
    revoked: bool = False

    def valid(self, now: float | None = None) -> bool:
        return not self.revoked and (time.time() if now is None else now) < self.expires


class TokenStore:
    """The emulator's tokens, thread-safe. ``clock`` is ``time.time`` unless a test needs another."""

    def __init__(self, token_life: float, clock: Callable[[], float] = time.time) -> None:
        if not token_life > 0:
            raise ValueError(f"token_life must be > 0 seconds, not {token_life!r}")
        self.token_life = float(token_life)
        self._clock = clock
        self._tokens: dict[str, IssuedToken] = {}
        self._lock = threading.Lock()

    def issue(self, user: RackspaceUser, method: str) -> IssuedToken:
        """The user's current token for this method if still valid (Rackspace's behaviour), else a new one."""
        now = self._clock()
        with self._lock:
            for token in self._tokens.values():
                if token.user.username == user.username and token.method == method and token.valid(now):
                    return token
            for stale in [t.id for t in self._tokens.values() if t.expires < now - _REMEMBER_EXPIRED]:
                del self._tokens[stale]
            token = IssuedToken(secrets.token_hex(16), user, method, now + self.token_life)
            self._tokens[token.id] = token
            return token

    def find(self, token_id: str) -> IssuedToken | None:
        """The token with this id, valid or not (None: the emulator never issued it, or forgot it)."""
        with self._lock:
            return self._tokens.get(token_id)

    def valid(self, token_id: str) -> IssuedToken | None:
        token = self.find(token_id)
        return token if token is not None and token.valid(self._clock()) else None

    def expire(self, username: str | None = None) -> int:
        """Make every token (of ``username``) expire now; returns how many. For tests that must not sleep."""
        now = self._clock()
        count = 0
        with self._lock:
            for token in self._tokens.values():
                if (username is None or token.user.username == username) and token.valid(now):
                    token.expires = now
                    count += 1
        return count

    def revoke(self, token_id: str) -> bool:
        with self._lock:
            token = self._tokens.get(token_id)
            if token is None or token.revoked:
                return False
            token.revoked = True
            return True


def service_catalog(info: RackspaceInfo, user: RackspaceUser) -> list[dict[str, Any]]:
    """The ``cloudFiles`` and ``cloudFilesCDN`` catalog entries of ``user``, one endpoint per region."""
    account = user.swift_account
    files = [
        {
            "region": region,
            "tenantId": user.storage_tenant,
            "publicURL": f"{info.storage_endpoints[region].public}/v1/{account}",
            "internalURL": f"{info.storage_endpoints[region].internal}/v1/{account}",
        }
        for region in info.regions
    ]
    cdn = [
        {
            "region": region,
            "tenantId": user.storage_tenant,
            "publicURL": f"{info.cdn_management_endpoints[region]}/v1/{account}",
        }
        for region in info.regions
    ]
    return [
        {"name": "cloudFilesCDN", "type": "rax:object-cdn", "endpoints": cdn},
        {"name": "cloudFiles", "type": "object-store", "endpoints": files},
    ]


def access_document(info: RackspaceInfo, token: IssuedToken) -> dict[str, Any]:
    """The ``{"access": ...}`` body of a successful authentication."""
    user = token.user
    return {
        "access": {
            "token": {
                "id": token.id,
                "expires": iso8601(token.expires),
                "tenant": {"id": user.tenant_id, "name": user.tenant_id},
                "RAX-AUTH:authenticatedBy": [token.method],
            },
            "serviceCatalog": service_catalog(info, user),
            "user": {
                "id": user.user_id,
                "name": user.username,
                "RAX-AUTH:defaultRegion": user.default_region,
                "roles": [
                    {
                        "id": "5",
                        "name": "object-store:default",
                        "description": "A Role that allows a user access to Cloud Files",
                        "tenantId": user.storage_tenant,
                    },
                    {"id": "3", "name": "identity:default", "description": "Default Role."},
                ],
            },
        }
    }


def _fault(kind: str, code: int, message: str) -> dict[str, Any]:
    return {kind: {"code": code, "message": message}}


class _Refused(Exception):
    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


class IdentityApp:
    """``/v2.0/tokens`` (and version documents) on the identity port."""

    def __init__(self, tokens: TokenStore, backend: SwiftBackend, users: dict[str, RackspaceUser]) -> None:
        self.tokens = tokens
        self.backend = backend
        self.users = users
        self.info: RackspaceInfo | None = None  # set by the emulator before serving

    def handle(self, request: Handler) -> None:
        path = request.path_only.rstrip("/")
        if path == "/v2.0/tokens":
            if request.command == "POST":
                self._authenticate(request)
            elif request.command == "DELETE":
                self._revoke(request)
            else:
                request.discard_body()
                request.reply_json(405, _fault("badMethod", 405, "Method not allowed"), {"Allow": "POST, DELETE"})
            return
        request.discard_body()
        if request.command in ("GET", "HEAD") and path in ("", "/v2.0"):
            request.reply_json(200, self._version() if path else {"versions": {"values": [self._version()["version"]]}})
        else:
            request.reply_json(404, _fault("itemNotFound", 404, "Resource not found"))

    def _version(self) -> dict[str, Any]:
        assert self.info is not None
        return {
            "version": {
                "id": "v2.0",
                "status": "CURRENT",
                "updated": "2011-01-21T11:33:21.000Z",
                "links": [{"rel": "self", "href": self.info.identity_url}],
            }
        }

    def _authenticate(self, request: Handler) -> None:
        assert self.info is not None
        content_type = request.header("Content-Type").lower()
        if content_type and "json" not in content_type:
            request.discard_body()
            request.reply_json(415, _fault("badMediaType", 415, "Only application/json is supported"))
            return
        try:
            user, method, presented = self._credentials(request)
        except _Refused as refused:
            request.reply_json(refused.status, _fault(refused.kind, refused.status, refused.message))
            return
        try:
            # Fail here, not on the first storage request, when the mapped Swift user cannot log in.
            self.backend.token_for(user.swift_user)
        except SwiftError as exc:
            request.reply_json(503, _fault("serviceUnavailable", 503, f"storage backend unavailable: {exc}"))
            return
        token = presented or self.tokens.issue(user, method)
        request.reply_json(200, access_document(self.info, token))

    def _credentials(self, request: Handler) -> tuple[RackspaceUser, str, IssuedToken | None]:
        """Who the request authenticates, by which method, and the token it presented (token credentials)."""
        try:
            raw = request.read_body(64 * 1024)
        except ValueError:
            request.close_connection = True  # the rest of the body is still unread
            raise _Refused(413, "overLimit", "Request body too large") from None
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise _Refused(400, "badRequest", "Invalid json request body") from None
        auth = data.get("auth") if isinstance(data, dict) else None
        if not isinstance(auth, dict):
            raise _Refused(400, "badRequest", "Invalid json request body: no 'auth' object")
        if isinstance(auth.get("token"), dict):
            presented = self._token_credentials(auth)
            return presented.user, presented.method, presented
        if isinstance(auth.get(APIKEY_CREDENTIALS), dict):
            creds, secret_key, method = auth[APIKEY_CREDENTIALS], "apiKey", "APIKEY"
            wrong = "Username or api key is invalid."
        elif isinstance(auth.get(PASSWORD_CREDENTIALS), dict):
            creds, secret_key, method = auth[PASSWORD_CREDENTIALS], "password", "PASSWORD"
            wrong = "Unable to authenticate user with credentials provided."
        else:
            raise _Refused(
                400, "badRequest", f"Invalid json request body: expected {APIKEY_CREDENTIALS} or {PASSWORD_CREDENTIALS}"
            )
        username, secret = creds.get("username"), creds.get(secret_key)
        if not isinstance(username, str) or not username or not isinstance(secret, str) or not secret:
            raise _Refused(400, "badRequest", f"Invalid json request body: username and {secret_key} are required")
        user = self.users.get(username)
        expected = None if user is None else (user.api_key if method == "APIKEY" else user.password)
        if user is None or expected is None or not hmac.compare_digest(expected.encode(), secret.encode()):
            raise _Refused(401, "unauthorized", wrong)
        if not user.enabled:
            raise _Refused(403, "userDisabled", f"User '{username}' is disabled.")
        for field_name in ("tenantId", "tenantName"):
            tenant = auth.get(field_name)
            if tenant is not None and tenant not in (user.tenant_id, user.storage_tenant):
                raise _Refused(401, "unauthorized", f"Token doesn't belong to Tenant with Id/Name: '{tenant}'")
        return user, method, None

    def _token_credentials(self, auth: dict[str, Any]) -> IssuedToken:
        """``{"auth": {"token": {"id": ...}, "tenantId": ...}}``: a valid token of this emulator, for its tenant;
        Rackspace answers with that same token and the catalog."""
        token_id = auth["token"].get("id")
        issued = self.tokens.valid(token_id) if isinstance(token_id, str) and token_id else None
        if issued is None:
            raise _Refused(401, "unauthorized", "Token not authenticated or expired.")
        user = issued.user
        tenant = auth.get("tenantId") or auth.get("tenantName")
        if tenant is not None and tenant not in (user.tenant_id, user.storage_tenant):
            raise _Refused(401, "unauthorized", f"Token doesn't belong to Tenant with Id/Name: '{tenant}'")
        return issued

    def _revoke(self, request: Handler) -> None:
        request.discard_body()
        token_id = request.header("X-Auth-Token")
        if token_id and self.tokens.valid(token_id) is not None and self.tokens.revoke(token_id):
            request.reply(204)
        else:
            request.reply_json(
                401,
                _fault(
                    "unauthorized",
                    401,
                    "No valid token provided. Please use the 'X-Auth-Token' header with a valid token.",
                ),
            )
