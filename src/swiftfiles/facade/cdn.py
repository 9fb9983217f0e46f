"""Cloud Files CDN seed methods, over the CDN management endpoint of the service catalog.

The CDN API mirrors storage paths on its own host: ``HEAD``/``PUT``/``POST`` a container with ``X-Cdn-Enabled``,
``X-Ttl`` and ``X-Log-Retention``; ``GET`` the account to list CDN containers; ``DELETE`` an object to purge it from
the edge. A container that was never CDN-enabled answers 404 on the CDN host: that becomes ``NotCDNEnabled`` when the
container exists in storage, ``NoSuchContainer`` when it does not. Clusters without a CDN endpoint (plain
OpenStack) raise ``NotCDNEnabled`` from every method here, with a message saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..exceptions import InvalidCDNMetadata, NoSuchContainer, NotCDNEnabled, NotFound
from ..http.models import Response
from ..http.retry import RetryPolicy
from ..swift.cdn import CDN_METADATA_HEADERS, CDNInfo, checked_ttl
from .core import Part


def _flag(value: Any) -> str:
    return "True" if value in (True, "True", "true", "TRUE", 1, "1") else "False"


class CDNPart(Part):
    """The CDN seed methods (stateless)."""

    # -- listing ------------------------------------------------------------------------------------------------

    def list_public_containers(self) -> list[str]:
        """The names of every CDN-enabled container."""
        response = self.connection.request("GET", query={"format": "json", "enabled_only": "true"}, cdn=True)
        entries = response.json() if response.status != 204 else []
        return [str(e["name"]) for e in entries or [] if _flag(e.get("cdn_enabled")) == "True"]

    # -- enabling -----------------------------------------------------------------------------------------------

    def make_container_public(self, container: Any, ttl: int | None = None) -> None:
        """Enable CDN access to the container, optionally with a TTL (900 to 31,536,000 s; default 259,200)."""
        cname = self._cname(container)
        headers = {"X-Cdn-Enabled": "True"}
        if ttl is not None:
            headers["X-Ttl"] = str(checked_ttl(ttl))
        self._cdn_call("PUT", cname, headers=headers)

    def make_container_private(self, container: Any) -> None:
        """Disable CDN access to the container (edge caches may serve it until the TTL runs out)."""
        self._cdn_call("PUT", self._cname(container), headers={"X-Cdn-Enabled": "False"})

    # -- container CDN state ------------------------------------------------------------------------------------

    def get_container_cdn_info(self, container: Any) -> CDNInfo:
        """The container's CDN state; a container that was never CDN-enabled gives ``CDNInfo()`` (disabled).

        ``NotCDNEnabled`` only when the cluster has no CDN service at all.
        """
        cname = self._cname(container)
        if not self.connection.auth.current().cdn_url:
            raise NotCDNEnabled("this cluster has no CDN service (the service catalog has no CDN endpoint)")
        try:
            return CDNInfo.from_headers(self._cdn_call("HEAD", cname).headers)
        except NotCDNEnabled:
            return CDNInfo()

    def get_container_cdn_metadata(self, container: Any) -> dict[str, str]:
        """The container's CDN headers (``x-cdn-enabled``, ``x-ttl``, ``x-log-retention``, ``x-cdn-*-uri``),
        keyed by lower-cased name; ``NotCDNEnabled`` for a container that was never CDN-enabled."""
        headers = self._cdn_call("HEAD", self._cname(container)).headers
        return {k.lower(): v for k, v in headers.items() if k.lower().startswith(("x-cdn-", "x-ttl", "x-log-"))}

    def set_container_cdn_metadata(self, container: Any, metadata: Mapping[str, Any]) -> None:
        """Update the container's CDN settings. Only ``X-Log-Retention``, ``X-CDN-Enabled`` and ``X-TTL`` are
        allowed (any case); anything else raises ``InvalidCDNMetadata`` before a request is made."""
        headers: dict[str, str] = {}
        for key, value in metadata.items():
            name = CDN_METADATA_HEADERS.get(str(key).lower())
            if name is None:
                allowed = ", ".join(CDN_METADATA_HEADERS.values())
                raise InvalidCDNMetadata(f"{key!r} cannot be set on a CDN container; allowed: {allowed}")
            headers[name] = str(checked_ttl(int(value))) if name == "X-Ttl" else _flag(value)
        self._cdn_call("POST", self._cname(container), headers=headers)

    def get_cdn_log_retention(self, container: Any) -> bool:
        """Whether CDN access logs of the container are kept (in the ``.CDN_ACCESS_LOGS`` container)."""
        return self.get_container_cdn_info(container).log_retention

    def set_cdn_log_retention(self, container: Any, enabled: bool) -> None:
        """Keep (or stop keeping) the container's CDN access logs."""
        self._cdn_call("POST", self._cname(container), headers={"X-Log-Retention": _flag(enabled)})

    def get_container_streaming_uri(self, container: Any) -> str | None:
        """The container's streaming URI, or None when it is not CDN-enabled."""
        info = self.get_container_cdn_info(container)
        return info.streaming_uri if info.enabled else None

    def get_container_ios_uri(self, container: Any) -> str | None:
        """The container's iOS streaming URI, or None when it is not CDN-enabled."""
        info = self.get_container_cdn_info(container)
        return info.ios_uri if info.enabled else None

    # -- objects ------------------------------------------------------------------------------------------------

    def purge_cdn_object(self, container: Any, obj: Any, email_addresses: str | Iterable[str] | None = None) -> None:
        """Remove a CDN-enabled object from the edge before its TTL runs out; *email_addresses* (one or several)
        get a confirmation. The CDN allows 25 purges a day; beyond that it answers 498, raised as ``RateLimited``
        at once (not retried: the limit is daily)."""
        headers = {}
        if email_addresses:
            emails = [email_addresses] if isinstance(email_addresses, str) else list(email_addresses)
            headers["X-Purge-Email"] = ", ".join(emails)
        self._cdn_call("DELETE", self._cname(container), self._oname(obj), headers=headers, retry=RetryPolicy.none())

    def require_enabled(self, cname: str) -> None:
        """``NotCDNEnabled`` unless *cname* is CDN-enabled (what ``change_object_content_type(guess=True)`` needs)."""
        if not self.get_container_cdn_info(cname).enabled:
            raise NotCDNEnabled(f"container {cname!r} is not CDN-enabled; guess=True needs a CDN-enabled container")

    # -- raw access ---------------------------------------------------------------------------------------------

    def cdn_request(self, uri: str, method: str, *args: Any, **kwargs: Any) -> tuple[Response, Any]:
        """Send *method* to ``cdn_management_url + uri`` (e.g. ``"/photos"``) and return ``(response, body)``:
        the body parsed from JSON when it is JSON, else bytes. Keyword arguments ``headers``, ``query`` and
        ``body`` are passed on. A 404 for a container that exists in storage raises ``NotCDNEnabled``."""
        unknown = set(kwargs) - {"headers", "query", "body"}
        if args or unknown:
            raise TypeError(f"cdn_request() takes headers=, query= and body= only, not {[*args, *sorted(unknown)]}")
        container, _, obj = uri.lstrip("/").partition("/")
        response = self._cdn_call(
            method.upper(),
            container or None,
            obj or None,
            headers=kwargs.get("headers"),
            query=kwargs.get("query"),
            body=kwargs.get("body"),
        )
        return response, parsed_body(response)

    def _cdn_call(
        self,
        method: str,
        cname: str | None,
        obj: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        query: Any = None,
        body: Any = None,
        retry: RetryPolicy | None = None,
    ) -> Response:
        """One request to the CDN host; 404 → ``NotCDNEnabled`` if the container exists in storage."""
        try:
            return self.connection.request(
                method, cname, obj, headers=headers, query=query, body=body, retry=retry, cdn=True
            )
        except NotFound:
            if cname is None:
                raise
            try:
                self.connection.head_container(cname)
            except NoSuchContainer:
                raise
            if obj is not None and method == "DELETE":
                raise NotCDNEnabled(f"{cname}/{obj} cannot be purged: the container is not CDN-enabled") from None
            raise NotCDNEnabled(f"container {cname!r} is not CDN-enabled") from None


def parsed_body(response: Response) -> Any:
    """A response body as pyrax's raw-request methods returned it: parsed JSON when it is JSON, else bytes."""
    data = response.read()
    kind = response.headers.get("Content-Type", "")
    return response.json() if "json" in kind and data.strip() else data
