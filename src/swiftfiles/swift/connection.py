"""``SwiftConnection``: Swift's wire operations, one method per request, no policy.

This is where a storage URL, a path and a token become a request, where a 401 triggers the single re-authentication
(``Authenticator.refresh``), and where error statuses become typed exceptions (404 on an object path is
``NoSuchObject``, on a container path ``NoSuchContainer``; 409 on a container DELETE is ``ContainerNotEmpty``).

One status is not an error: a DELETE answered 404 after an earlier attempt of it whose outcome is unknown (sent, and
its answer lost; see ``Response.outcome_unknown_before``). That attempt deleted the name, so the DELETE succeeded:
raising ``NoSuchObject`` would make callers skip what follows a delete (a DLO's segments) or report a failure for
data that is gone as asked. Every delete (objects, SLO/DLO manifests, containers, segments) goes through here.
Higher layers (the façade, transfers, sync) compose these calls; none of them builds URLs or reads status codes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import quote, urlsplit, urlunsplit

from ..auth.base import Authenticator, AuthResult
from ..exceptions import (
    AuthenticationFailed,
    BodyNotRewindable,
    ClientClosed,
    ClientException,
    ContainerNotEmpty,
    NoSuchContainer,
    NoSuchObject,
    NotCDNEnabled,
    exception_class_for,
)
from ..http.client import HTTPClient
from ..http.models import BodyType, Request, RequestBody, Response
from ..http.retry import RetryPolicy
from .capabilities import Capabilities
from .listing import Entry, iter_entries
from .names import object_path

Query = Mapping[str, "str | int | None"]

log = logging.getLogger("swiftfiles.swift")


def encode_query(query: Query | None) -> str:
    """``?a=1&flag`` with values percent-encoded (``None`` gives a bare key, as Swift's ``?bulk-delete``)."""
    if not query:
        return ""
    parts = []
    for key, value in query.items():
        if value is None:
            parts.append(quote(key, safe="-_."))
        else:
            parts.append(f"{quote(key, safe='-_.')}={quote(str(value).encode('utf-8'), safe='')}")
    return "?" + "&".join(parts)


def info_url(storage_url: str) -> str:
    """The proxy's ``/info`` URL for a storage URL (``.../v1/AUTH_x`` → ``.../info``)."""
    parts = urlsplit(storage_url)
    path = parts.path
    index = path.find("/v1/")
    if index < 0:
        index = path.rfind("/v1")
    root = path[:index] if index >= 0 else ""
    return urlunsplit((parts.scheme, parts.netloc, root + "/info", "", ""))


class SwiftConnection:
    """Authenticated requests against one account. Thread-safe.

    *listing_page_size* caps every listing page (default: the cluster's listing limits from ``/info``);
    *capabilities* replaces ``/info`` altogether (a cluster that hides it, or a test that needs other limits).
    """

    def __init__(
        self,
        auth: Authenticator,
        http: HTTPClient,
        *,
        listing_page_size: int | None = None,
        capabilities: Capabilities | None = None,
    ) -> None:
        self.auth = auth
        self.http = http
        self.listing_page_size = listing_page_size
        self._caps: Capabilities | None = capabilities
        self._caps_lock = threading.Lock()
        self._closed = False

    # -- plumbing -----------------------------------------------------------------------------------------------

    @property
    def storage_url(self) -> str:
        return self.auth.current().storage_url

    def request(
        self,
        method: str,
        container: str | None = None,
        obj: str | None = None,
        *,
        query: Query | None = None,
        headers: Mapping[str, str] | None = None,
        body: BodyType = None,
        stream: bool = False,
        retry: RetryPolicy | None = None,
        allow: Iterable[int] = (),
        cdn: bool = False,
    ) -> Response:
        """Send one authenticated request; raise the typed exception for an error status not in *allow*.

        A DELETE answered 404 after an attempt whose answer was lost is returned, not raised (see the module
        description): check ``response.status`` where the difference matters.

        cdn=True sends it to the CDN management endpoint of the service catalog instead of the storage URL
        (``NotCDNEnabled`` when the cluster has none).
        """
        if self._closed:
            raise ClientClosed("this connection is closed (its StorageClient was closed); create a new client")
        path = object_path(container, obj) if container is not None else ""
        suffix = path + encode_query(query)
        request_body = RequestBody(body)
        credentials = self.auth.current()
        outcome_unknown = False
        for attempt in range(2):
            request = Request(
                method,
                self._base_url(credentials, cdn) + suffix,
                {**(headers or {}), "X-Auth-Token": credentials.token},
                request_body,
            )
            response = self.http.send(request, stream=stream, retry=retry)
            outcome_unknown = outcome_unknown or response.outcome_unknown_before
            if response.status != 401 or attempt == 1:
                break
            response.close()
            credentials = self._refresh(credentials, response)
            try:
                request_body.rewind()
            except BodyNotRewindable as exc:
                raise BodyNotRewindable(
                    f"{method} {urlsplit(request.url).path} could not be resent after re-authenticating (401): {exc}"
                ) from None
        if response.ok or response.status in allow:
            return response
        if method == "DELETE" and response.status == 404 and outcome_unknown:
            log.info(
                "DELETE %s: 404 after an attempt whose answer was lost; that attempt deleted it",
                urlsplit(response.request.url).path,
            )
            response.close()
            return response
        raise self._error(response, method, container, obj)

    def close(self) -> None:
        """Release pooled connections; every later request raises ``ClientClosed``."""
        self._closed = True
        self.http.close()

    @staticmethod
    def _base_url(credentials: AuthResult, cdn: bool) -> str:
        if not cdn:
            return credentials.storage_url
        if not credentials.cdn_url:
            raise NotCDNEnabled(
                "this cluster has no CDN service (the service catalog has no CDN endpoint, as on plain OpenStack)"
            )
        return credentials.cdn_url.rstrip("/")

    def _refresh(self, stale: AuthResult, response: Response) -> AuthResult:
        try:
            return self.auth.refresh(stale)
        except AuthenticationFailed as exc:
            raise AuthenticationFailed(
                str(exc),
                status=401,
                reason=response.reason,
                headers=response.headers,
                method=response.request.method,
            ) from None

    @staticmethod
    def _error(response: Response, method: str, container: str | None, obj: str | None) -> ClientException:
        status = response.status
        cls: type[ClientException] = exception_class_for(status)
        if status == 404 and container is not None:
            # An object PUT can only 404 because its container is missing.
            cls = NoSuchObject if obj is not None and method != "PUT" else NoSuchContainer
        elif status == 409 and obj is None and container is not None and method == "DELETE":
            cls = ContainerNotEmpty
        body = "" if method == "HEAD" else _safe_text(response)
        path = urlsplit(response.request.url).path
        what = f"object {obj!r} in container {container!r}" if obj is not None else f"container {container!r}"
        message = ""
        if cls is NoSuchContainer and obj is not None:
            message = f"container {container!r} not found ({method} {path}: 404)"
        elif cls is NoSuchObject or cls is NoSuchContainer:
            message = f"{what} not found ({method} {path}: 404)"
        elif cls is ContainerNotEmpty:
            message = f"{what} is not empty; delete its objects first (del_objects=True)"
        elif status == 401:
            message = f"{method} {path}: 401 Unauthorized even after re-authenticating"
        exc = cls(
            message,
            status=status,
            reason=response.reason,
            headers=response.headers,
            method=method,
            path=path,
            body=body,
        )
        if message and exc.trans_id:
            exc.args = (f"{message} [trans_id {exc.trans_id}]",)
        return exc

    # -- discovery ----------------------------------------------------------------------------------------------

    def capabilities(self) -> Capabilities:
        """``/info``, fetched once per connection (an empty document when the cluster does not publish it)."""
        if self._caps is None:
            with self._caps_lock:
                if self._caps is None:
                    self._caps = self._fetch_capabilities()
        return self._caps

    def _fetch_capabilities(self) -> Capabilities:
        response = self.http.send(Request("GET", info_url(self.storage_url), {"Accept": "application/json"}))
        if not response.ok:
            return Capabilities({})
        try:
            data = response.json()
        except ValueError:
            return Capabilities({})
        return Capabilities(data if isinstance(data, dict) else {})

    # -- account ------------------------------------------------------------------------------------------------

    def head_account(self) -> Mapping[str, str]:
        return self.request("HEAD").headers

    def get_account_page(self, **params: str | int | None) -> tuple[Mapping[str, str], list[Entry]]:
        query = {"format": "json", **{k: v for k, v in params.items() if v is not None}}
        response = self.request("GET", query=query)
        return response.headers, (response.json() or []) if response.status != 204 else []

    def post_account(self, headers: Mapping[str, str]) -> None:
        self.request("POST", headers=headers)

    # -- containers ---------------------------------------------------------------------------------------------

    def head_container(self, container: str) -> Mapping[str, str]:
        return self.request("HEAD", container).headers

    def get_container_page(self, container: str, **params: str | int | None) -> tuple[Mapping[str, str], list[Entry]]:
        query = {"format": "json", **{k: v for k, v in params.items() if v is not None}}
        response = self.request("GET", container, query=query)
        return response.headers, (response.json() or []) if response.status != 204 else []

    def iter_objects(
        self,
        container: str,
        *,
        prefix: str | None = None,
        delimiter: str | None = None,
        marker: str | None = None,
        end_marker: str | None = None,
        page_size: int | None = None,
    ) -> Iterator[Entry]:
        """Every listing row of *container* (optionally under *prefix*), page by page, one page in memory.

        *page_size* defaults to ``page_size()``. Nothing is requested before the first ``next()``.
        """

        def fetch(page_marker: str | None, size: int) -> list[Entry]:
            return self.get_container_page(
                container, marker=page_marker, limit=size, prefix=prefix, delimiter=delimiter, end_marker=end_marker
            )[1]

        def walk() -> Iterator[Entry]:
            yield from iter_entries(fetch, marker=marker, page_size=self.page_size(page_size))

        return walk()

    def page_size(self, requested: int | None = None, *, account: bool = False) -> int:
        """Entries per listing request: *requested*, else ``listing_page_size``, else the cluster's limit."""
        if requested:
            return int(requested)
        if self.listing_page_size:
            return self.listing_page_size
        caps = self.capabilities()
        return caps.account_listing_limit if account else caps.container_listing_limit

    def put_container(self, container: str, headers: Mapping[str, str] | None = None) -> Response:
        return self.request("PUT", container, headers=headers)

    def post_container(self, container: str, headers: Mapping[str, str]) -> None:
        self.request("POST", container, headers=headers)

    def delete_container(self, container: str) -> None:
        self.request("DELETE", container)

    # -- objects ------------------------------------------------------------------------------------------------

    def head_object(self, container: str, obj: str, *, query: Query | None = None) -> Mapping[str, str]:
        return self.request("HEAD", container, obj, query=query).headers

    def get_object(
        self,
        container: str,
        obj: str,
        *,
        headers: Mapping[str, str] | None = None,
        query: Query | None = None,
        stream: bool = True,
    ) -> Response:
        return self.request("GET", container, obj, headers=headers, query=query, stream=stream)

    def put_object(
        self,
        container: str,
        obj: str,
        body: BodyType,
        *,
        headers: Mapping[str, str] | None = None,
        query: Query | None = None,
        retry: RetryPolicy | None = None,
    ) -> Response:
        return self.request("PUT", container, obj, headers=headers, body=body, query=query, retry=retry)

    def post_object(self, container: str, obj: str, headers: Mapping[str, str]) -> None:
        self.request("POST", container, obj, headers=headers)

    def delete_object(self, container: str, obj: str, *, query: Query | None = None) -> Response:
        return self.request("DELETE", container, obj, query=query)

    def copy_object(
        self,
        container: str,
        obj: str,
        dest_container: str,
        dest_obj: str,
        *,
        headers: Mapping[str, str] | None = None,
        query: Query | None = None,
    ) -> Response:
        """Server-side copy: ``PUT`` the destination with ``X-Copy-From`` (the body never leaves the cluster)."""
        copy_headers = {
            "X-Copy-From": object_path(container, obj),
            "Content-Length": "0",
            **(headers or {}),
        }
        return self.request("PUT", dest_container, dest_obj, headers=copy_headers, query=query)


def _safe_text(response: Response) -> str:
    try:
        return response.text()
    except Exception:  # noqa: BLE001 - the status is what matters; a broken error body must not hide it
        return ""
