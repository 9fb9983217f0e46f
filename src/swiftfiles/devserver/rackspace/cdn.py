"""EMULATOR of the Cloud Files CDN management API and of CDN delivery; not Rackspace's (or Akamai's) code.

Management (the ``cloudFilesCDN`` catalog URL, same paths as storage; an identity-emulator token, or a tempauth
token that Swift accepts for the account, in ``X-Auth-Token``; else 401, another account's token 403):

* ``GET /v1/<acct>``: containers ever CDN-enabled, sorted; ``format=json`` (``name, cdn_enabled, ttl,
  log_retention, cdn_uri, cdn_ssl_uri, cdn_streaming_uri, cdn_ios_uri``), ``xml``, or plain names one per
  line; ``limit``, ``marker``, ``end_marker``, ``prefix``, ``enabled_only=true``; 204 when nothing matches.
* ``HEAD /v1/<acct>/<cont>`` (GET alike): 204 with ``X-Cdn-Enabled: True|False``, ``X-Ttl``,
  ``X-Log-Retention: True|False``, ``X-Cdn-Uri``, ``X-Cdn-Ssl-Uri``, ``X-Cdn-Streaming-Uri``, ``X-Cdn-Ios-Uri``;
  404 when the container was never CDN-enabled.
* ``PUT /v1/<acct>/<cont>`` (``X-Cdn-Enabled``, default True; ``X-Ttl``; ``X-Log-Retention``): 201, or 202 when
  it was already enabled; 404 when the container does not exist in Swift (checked with a real HEAD).
* ``POST /v1/<acct>/<cont>``: only ``X-Ttl``, ``X-Cdn-Enabled``, ``X-Log-Retention`` (any other ``X-`` header
  but the token → 400); 204; 404 when never CDN-enabled.
* TTL: 900 to 31,536,000 seconds, default 259,200; outside → 400 with a message; booleans ``True``/``False``
  (also ``t``/``yes``/``1``... like Swift) else 400.
* ``DELETE /v1/<acct>/<cont>/<obj>``: edge purge, 204; ``X-Purge-Email: a@x, b@y`` optional (recorded in
  ``CdnState.purges``, malformed → 400); ``purge_limit`` purges a UTC day per account (Rackspace: 25),
  498 beyond; 404 when the container was never CDN-enabled (a disabled one may still be purged: its objects
  stay cached at the edge until their TTL).
* ``DELETE /v1/<acct>/<cont>`` with ``X-Remove-Cdn-Container: t``: forget the container (drops out of the
  listing), 204; without that header 400.

Delivery (the ``cdn_uri`` values, one port): ``GET``/``HEAD <cdn_uri>/<object>`` streams the object from the
real Swift (``Range`` and conditional headers honoured, ``Cache-Control: public, max-age=<ttl>`` added unless
the object sets one) while the container is CDN-enabled, 404 otherwise. Requests go to Swift in static-web
mode, so ``X-Container-Meta-Web-Index``/``-Web-Error``/``-Web-Listings`` work through the CDN as on Rackspace.
``cdn_ssl_uri``, ``cdn_streaming_uri`` and ``cdn_ios_uri`` are distinct URLs on the same port (prefixes
``/ssl``, ``/stream``, ``/ios``), all plain HTTP.

Simplified: there is no edge cache. Changes at the origin show at once, a purge is only recorded (and counted),
``X-Log-Retention`` only stored, disabling takes effect immediately. CDN state lives in memory, or in a JSON
file when the emulator has a state directory; one state serves every region (they share one Swift account).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, unquote
from xml.sax.saxutils import escape

from .identity import TokenStore
from .model import TTL_DEFAULT, TTL_MAX, TTL_MIN
from .wire import Handler, SwiftBackend, SwiftError

__all__ = [
    "CdnContainer",
    "CdnDeliveryApp",
    "CdnManagementApp",
    "CdnState",
    "CdnUris",
    "PurgeRecord",
    "STATE_FILE",
    "cdn_hash",
]

STATE_FILE = "rackspace-cdn.json"
_TRUE = frozenset({"true", "1", "yes", "on", "t", "y"})
_FALSE = frozenset({"false", "0", "no", "off", "f", "n"})
_POST_HEADERS = frozenset({"x-ttl", "x-cdn-enabled", "x-log-retention"})
#: ``X-`` headers a client may send to any endpoint without them being "metadata".
_NEUTRAL_HEADERS = frozenset({"x-auth-token", "x-storage-token", "x-trans-id-extra", "x-newest"})
_EMAIL = re.compile(r"[^@\s,]+@[^@\s,]+")
_DELIVERY_PREFIXES = {"ssl": "ssl_uri", "stream": "streaming_uri", "ios": "ios_uri"}
_PASS_REQUEST = ("Range", "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range")
_PASS_RESPONSE = frozenset(
    {
        "accept-ranges",
        "cache-control",
        "content-disposition",
        "content-encoding",
        "content-language",
        "content-length",
        "content-range",
        "content-type",
        "etag",
        "expires",
        "last-modified",
        "location",
    }
)


def cdn_hash(account: str, container: str) -> str:
    """The stable opaque id in a container's CDN URIs (Rackspace's are opaque hex too)."""
    return hashlib.sha256(f"{account}\n{container}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class CdnUris:
    uri: str
    ssl_uri: str
    streaming_uri: str
    ios_uri: str

    @classmethod
    def of(cls, delivery_url: str, account: str, container: str) -> CdnUris:
        key = cdn_hash(account, container)
        return cls(
            uri=f"{delivery_url}/{key}",
            ssl_uri=f"{delivery_url}/ssl/{key}",
            streaming_uri=f"{delivery_url}/stream/{key}",
            ios_uri=f"{delivery_url}/ios/{key}",
        )


@dataclass(frozen=True)
class CdnContainer:
    """The CDN settings of one container."""

    account: str
    name: str
    enabled: bool
    ttl: int = TTL_DEFAULT
    log_retention: bool = False

    @property
    def key(self) -> str:
        return cdn_hash(self.account, self.name)


@dataclass(frozen=True)
class PurgeRecord:
    """One accepted purge request (what Rackspace would have e-mailed about)."""

    account: str
    container: str
    object: str
    emails: tuple[str, ...]
    time: float


class CdnState:
    """CDN-enabled containers of every account and the purge log; thread-safe, optionally saved to a file."""

    def __init__(
        self, purge_limit: int = 25, state_file: Path | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        if purge_limit < 0:
            raise ValueError(f"purge_limit must be >= 0, not {purge_limit!r}")
        self.purge_limit = purge_limit
        self.state_file = state_file
        self._clock = clock
        self._lock = threading.Lock()
        self._containers: dict[tuple[str, str], CdnContainer] = {}
        self._by_key: dict[str, CdnContainer] = {}
        self._purges: list[PurgeRecord] = []
        self._load()

    # -- containers ----------------------------------------------------
    def get(self, account: str, name: str) -> CdnContainer | None:
        with self._lock:
            return self._containers.get((account, name))

    def by_key(self, key: str) -> CdnContainer | None:
        with self._lock:
            return self._by_key.get(key)

    def put(self, container: CdnContainer) -> None:
        with self._lock:
            self._containers[(container.account, container.name)] = container
            self._by_key[container.key] = container
            self._save()

    def remove(self, account: str, name: str) -> bool:
        with self._lock:
            container = self._containers.pop((account, name), None)
            if container is None:
                return False
            self._by_key.pop(container.key, None)
            self._save()
            return True

    def containers(self, account: str) -> list[CdnContainer]:
        """The account's containers, sorted by name (code points, i.e. UTF-8 byte order, as Swift sorts)."""
        with self._lock:
            return sorted((c for (acct, _), c in self._containers.items() if acct == account), key=lambda c: c.name)

    # -- purges --------------------------------------------------------
    def purge(self, account: str, container: str, obj: str, emails: Iterable[str]) -> bool:
        """Record a purge; False (nothing recorded) when the account used up today's (UTC) purges."""
        now = self._clock()
        day = datetime.fromtimestamp(now, tz=timezone.utc).date()
        with self._lock:
            today = sum(
                1
                for p in self._purges
                if p.account == account and datetime.fromtimestamp(p.time, tz=timezone.utc).date() == day
            )
            if today >= self.purge_limit:
                return False
            self._purges.append(PurgeRecord(account, container, obj, tuple(emails), now))
            return True

    @property
    def purges(self) -> list[PurgeRecord]:
        with self._lock:
            return list(self._purges)

    # -- persistence ---------------------------------------------------
    def _load(self) -> None:
        if self.state_file is None or not self.state_file.exists():
            return
        data = json.loads(self.state_file.read_text(encoding="utf-8"))
        for item in data.get("containers", []):
            container = CdnContainer(
                account=str(item["account"]),
                name=str(item["name"]),
                enabled=bool(item["enabled"]),
                ttl=int(item["ttl"]),
                log_retention=bool(item["log_retention"]),
            )
            self._containers[(container.account, container.name)] = container
            self._by_key[container.key] = container

    def _save(self) -> None:
        if self.state_file is None:
            return
        data = {"containers": [dataclasses.asdict(c) for c in self._containers.values()]}
        tmp = self.state_file.with_name(self.state_file.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.state_file)


# -- management API ------------------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def _flag(request: Handler, name: str) -> bool | None:
    raw = request.headers.get(name)
    if raw is None:
        return None
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _Refused(400, f"{name} must be True or False, not {raw!r}")


def _ttl(request: Handler) -> int | None:
    raw = request.headers.get("X-Ttl")
    if raw is None:
        return None
    value = raw.strip()
    if not value.isdigit() or not TTL_MIN <= int(value) <= TTL_MAX:
        raise _Refused(400, f"X-Ttl must be a whole number of seconds from {TTL_MIN} to {TTL_MAX}, not {raw!r}")
    return int(value)


def _emails(request: Handler) -> list[str]:
    raw = request.headers.get("X-Purge-Email")
    if raw is None:
        return []
    emails = [part.strip() for part in raw.split(",") if part.strip()]
    bad = [email for email in emails if not _EMAIL.fullmatch(email)]
    if not emails or bad:
        raise _Refused(400, f"X-Purge-Email must be comma-separated e-mail addresses, not {raw!r}")
    return emails


def _cdn_headers(container: CdnContainer, uris: CdnUris) -> dict[str, str]:
    return {
        "X-Cdn-Enabled": str(container.enabled),
        "X-Ttl": str(container.ttl),
        "X-Log-Retention": str(container.log_retention),
        "X-Cdn-Uri": uris.uri,
        "X-Cdn-Ssl-Uri": uris.ssl_uri,
        "X-Cdn-Streaming-Uri": uris.streaming_uri,
        "X-Cdn-Ios-Uri": uris.ios_uri,
    }


class CdnManagementApp:
    """The cloudFilesCDN endpoint of one region (all regions share one ``CdnState``)."""

    def __init__(self, state: CdnState, tokens: TokenStore, backend: SwiftBackend, delivery_url: str) -> None:
        self.state = state
        self.tokens = tokens
        self.backend = backend
        self.delivery_url = delivery_url

    def uris(self, container: CdnContainer) -> CdnUris:
        return CdnUris.of(self.delivery_url, container.account, container.name)

    def handle(self, request: Handler) -> None:
        request.discard_body()
        parts = request.path_only.split("/", 4)  # "", "v1", account, container, object
        if len(parts) < 3 or parts[1] != "v1" or not parts[2]:
            request.reply(404, b"Not Found\n")
            return
        account = unquote(parts[2])
        container = unquote(parts[3]) if len(parts) > 3 else ""
        obj = unquote(parts[4]) if len(parts) > 4 else ""
        try:
            swift_token = self._authorize(request, account)
            if not container:
                self._account(request, account)
            elif not obj:
                self._container(request, account, container, swift_token)
            else:
                self._object(request, account, container, obj)
        except _Refused as refused:
            reason = "Rate Limited" if refused.status == 498 else None  # Swift's words for 498
            request.reply(refused.status, (refused.message + "\n").encode(), refused.headers, reason=reason)

    def _authorize(self, request: Handler, account: str) -> str:
        """The Swift token to act with for ``account``; raises 401/403 like Swift would."""
        token_id = request.header("X-Auth-Token") or request.header("X-Storage-Token")
        if not token_id:
            raise _Refused(401, "Unauthorized: X-Auth-Token is required")
        issued = self.tokens.find(token_id)
        try:
            if issued is not None:
                if not issued.valid():
                    raise _Refused(401, "Unauthorized: the token expired or was revoked")
                if issued.user.swift_account != account:
                    raise _Refused(403, f"Forbidden: the token is not valid for account {account}")
                return self.backend.token_for(issued.user.swift_user)
            # Not an emulator token: valid here exactly when Swift accepts it for this account.
            status, _ = self.backend.call("HEAD", f"/v1/{quote(account)}", {"X-Auth-Token": token_id})
        except (SwiftError, OSError) as exc:
            raise _Refused(503, f"storage backend unavailable: {exc}") from None
        if status // 100 == 2:
            return token_id
        if status == 403:
            raise _Refused(403, f"Forbidden: the token is not valid for account {account}")
        raise _Refused(401, "Unauthorized: the token is not valid")

    # -- /v1/<account> ---------------------------------------------------
    def _account(self, request: Handler, account: str) -> None:
        if request.command not in ("GET", "HEAD"):
            raise _Refused(405, "Method Not Allowed", {"Allow": "GET, HEAD"})
        query = request.query
        accept = request.header("Accept").lower()
        fmt = query.get("format", "").lower() or (
            "json" if "application/json" in accept else "xml" if "xml" in accept else "plain"
        )
        try:
            limit = int(query.get("limit") or 10_000)
        except ValueError:
            raise _Refused(412, "limit must be a whole number") from None
        if not 0 <= limit <= 10_000:
            raise _Refused(412, "limit must be from 0 to 10000")
        marker, end_marker, prefix = query.get("marker", ""), query.get("end_marker", ""), query.get("prefix", "")
        enabled_only = query.get("enabled_only", "").lower() in _TRUE
        rows = [
            c
            for c in self.state.containers(account)
            if (not enabled_only or c.enabled)
            and c.name > marker
            and (not end_marker or c.name < end_marker)
            and c.name.startswith(prefix)
        ][:limit]
        if not rows:
            request.reply(204)
            return
        if fmt == "json":
            request.reply_json(200, [self._row(c) for c in rows])
        elif fmt == "xml":
            request.reply(200, self._xml(account, rows), content_type="application/xml; charset=utf-8")
        else:
            request.reply(200, "".join(f"{c.name}\n" for c in rows).encode("utf-8"))

    def _row(self, container: CdnContainer) -> dict[str, object]:
        uris = self.uris(container)
        return {
            "name": container.name,
            "cdn_enabled": container.enabled,
            "ttl": container.ttl,
            "log_retention": container.log_retention,
            "cdn_uri": uris.uri,
            "cdn_ssl_uri": uris.ssl_uri,
            "cdn_streaming_uri": uris.streaming_uri,
            "cdn_ios_uri": uris.ios_uri,
        }

    def _xml(self, account: str, rows: list[CdnContainer]) -> bytes:
        out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<account name="{escape(account, {chr(34): "&quot;"})}">']
        for container in rows:
            out.append("<container>")
            for key, value in self._row(container).items():
                text = str(value).lower() if isinstance(value, bool) else str(value)
                out.append(f"<{key}>{escape(text)}</{key}>")
            out.append("</container>")
        out.append("</account>")
        return "\n".join(out).encode("utf-8")

    # -- /v1/<account>/<container> ---------------------------------------
    def _container(self, request: Handler, account: str, name: str, swift_token: str) -> None:
        method = request.command
        current = self.state.get(account, name)
        if method in ("HEAD", "GET"):
            if current is None:
                raise _Refused(404, "Not Found: the container was never CDN-enabled")
            request.reply(204, headers=_cdn_headers(current, self.uris(current)))
        elif method == "PUT":
            enabled, ttl, log_retention = (
                _flag(request, "X-Cdn-Enabled"),
                _ttl(request),
                _flag(request, "X-Log-Retention"),
            )
            self._require_storage_container(account, name, swift_token)
            updated = CdnContainer(
                account=account,
                name=name,
                enabled=True if enabled is None else enabled,
                ttl=ttl if ttl is not None else current.ttl if current else TTL_DEFAULT,
                log_retention=log_retention if log_retention is not None else bool(current and current.log_retention),
            )
            self.state.put(updated)
            status = 202 if current is not None and current.enabled else 201
            request.reply(status, headers=_cdn_headers(updated, self.uris(updated)))
        elif method == "POST":
            extra = sorted(
                name_
                for name_ in request.headers
                if name_.lower().startswith("x-")
                and name_.lower() not in _POST_HEADERS
                and name_.lower() not in _NEUTRAL_HEADERS
            )
            if extra:
                raise _Refused(
                    400, f"Only X-Ttl, X-Cdn-Enabled and X-Log-Retention can be set on the CDN, not {', '.join(extra)}"
                )
            enabled, ttl, log_retention = (
                _flag(request, "X-Cdn-Enabled"),
                _ttl(request),
                _flag(request, "X-Log-Retention"),
            )
            if current is None:
                raise _Refused(404, "Not Found: the container was never CDN-enabled")
            updated = dataclasses.replace(
                current,
                enabled=current.enabled if enabled is None else enabled,
                ttl=current.ttl if ttl is None else ttl,
                log_retention=current.log_retention if log_retention is None else log_retention,
            )
            self.state.put(updated)
            request.reply(204, headers=_cdn_headers(updated, self.uris(updated)))
        elif method == "DELETE":
            if _flag(request, "X-Remove-Cdn-Container") is not True:
                raise _Refused(
                    400,
                    "Disable a container with POST X-Cdn-Enabled: False; DELETE with X-Remove-Cdn-Container: t "
                    "removes it from the CDN listing",
                )
            if not self.state.remove(account, name):
                raise _Refused(404, "Not Found: the container was never CDN-enabled")
            request.reply(204)
        else:
            raise _Refused(405, "Method Not Allowed", {"Allow": "DELETE, GET, HEAD, POST, PUT"})

    def _require_storage_container(self, account: str, name: str, swift_token: str) -> None:
        try:
            status, _ = self.backend.call(
                "HEAD", f"/v1/{quote(account)}/{quote(name, safe='')}", {"X-Auth-Token": swift_token}
            )
        except OSError as exc:
            raise _Refused(503, f"storage backend unavailable: {exc}") from None
        if status == 404:
            raise _Refused(404, f"Not Found: container {name!r} does not exist in Cloud Files storage")
        if status // 100 != 2:
            raise _Refused(status if status in (401, 403) else 503, f"storage answered {status} for the container")

    # -- /v1/<account>/<container>/<object> --------------------------------
    def _object(self, request: Handler, account: str, container: str, obj: str) -> None:
        if request.command != "DELETE":
            raise _Refused(405, "Method Not Allowed: objects can only be purged (DELETE)", {"Allow": "DELETE"})
        emails = _emails(request)
        if self.state.get(account, container) is None:
            raise _Refused(404, "Not Found: the container was never CDN-enabled")
        if not self.state.purge(account, container, obj, emails):
            raise _Refused(498, f"Rate limited: at most {self.state.purge_limit} purges a day per account")
        request.reply(204)


# -- delivery ------------------------------------------------------------------------------------------------


class CdnDeliveryApp:
    """Serves CDN-enabled containers' objects at their ``cdn_uri`` (and ssl/streaming/ios variants)."""

    def __init__(self, state: CdnState, backend: SwiftBackend, service_user: str, delivery_url: str) -> None:
        self.state = state
        self.backend = backend
        self.service_user = service_user
        self.delivery_url = delivery_url

    def handle(self, request: Handler) -> None:
        request.discard_body()
        if request.command not in ("GET", "HEAD"):
            request.reply(405, b"Method Not Allowed\n", {"Allow": "GET, HEAD"})
            return
        path = request.path_only.lstrip("/")
        first, _, rest = path.partition("/")
        kind = "uri"
        if first in _DELIVERY_PREFIXES:
            kind = _DELIVERY_PREFIXES[first]
            first, _, rest = rest.partition("/")
        container = self.state.by_key(first)
        if container is None or not container.enabled:
            request.reply(404, b"Not Found\n")
            return
        base = getattr(CdnUris.of(self.delivery_url, container.account, container.name), kind)
        origin = f"/v1/{quote(container.account)}/{quote(container.name, safe='')}"
        headers = [(name, request.headers[name]) for name in _PASS_REQUEST if name in request.headers]
        headers.append(("X-Web-Mode", "true"))  # static-web semantics, as Rackspace's CDN gives
        for attempt in (1, 2):
            try:
                token = self.backend.token_for(self.service_user)
                conn, response = self.backend.send(
                    request.command, f"{origin}/{rest}", [*headers, ("X-Auth-Token", token)]
                )
            except (SwiftError, OSError) as exc:
                request.reply(502, f"origin unavailable: {exc}\n".encode())
                return
            try:
                if response.status == 401 and attempt == 1:
                    self.backend.forget(self.service_user, token)
                    response.read()
                    continue
                request.relay(response, self._headers(response.getheaders(), container, origin, base))
                return
            finally:
                response.close()
                conn.close()

    @staticmethod
    def _headers(
        headers: list[tuple[str, str]], container: CdnContainer, origin: str, base: str
    ) -> list[tuple[str, str]]:
        kept: list[tuple[str, str]] = []
        for name, value in headers:
            lower = name.lower()
            if lower not in _PASS_RESPONSE and not lower.startswith("access-control-"):
                continue
            if lower == "location" and origin in value:
                value = base + value.split(origin, 1)[1]
            kept.append((name, value))
        if not any(name.lower() == "cache-control" for name, _ in kept):
            kept.append(("Cache-Control", f"public, max-age={container.ttl}"))
        return kept
