"""Reading large objects: the segments behind SLO and DLO manifests, and resumable streaming GETs.

Two kinds of helper live here, used by downloads (``transfer.download``), by deletion and by ``fetch_dlo``/
``fetch_slo`` (the pure manifest arithmetic they build on is in ``swift.largeobject``):

* Segment discovery, one request per manifest or listing page: ``slo_segments`` (``GET ?multipart-manifest=get``,
  nested SLOs expanded recursively into the leaf segments Swift concatenates) and ``dlo_segments`` (the container
  listing under the ``X-Object-Manifest`` prefix, paged lazily, in the listing order Swift concatenates them in).
* Streaming: ``read_range`` yields a byte range of an object in bounded chunks with ONE GET, and when the body breaks
  off mid-way resumes with ``Range: bytes=<next>-`` + ``If-Match`` instead of starting over; ``segment_chunks`` builds
  the per-segment generators of ``fetch_dlo``/``fetch_slo`` on it (checked against the segment's MD5 at the end).

Every function takes the ``SwiftConnection`` (``client.connection``), so that upload code (deleting the segments of an
overwritten large object) can use the discovery helpers too.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..exceptions import (
    ConnectionFailed,
    IntegrityError,
    NotALargeObject,
    PreconditionFailed,
    TransportError,
)
from ..http.headers import lowered
from ..swift.etag import is_md5, md5_bytes, normalize_etag
from ..swift.largeobject import (
    InlineSegment,
    ManifestEntry,
    dlo_manifest,
    dlo_prefix,
    is_slo,
    parse_segment_range,
    parse_slo_manifest,
    segment_length,
    segment_span,
    slice_segments,
)
from ..swift.listing import iter_entries
from .verify import RangeVerifier, SegmentCheck

if TYPE_CHECKING:
    from ..http.models import Response
    from ..swift.connection import SwiftConnection
    from .futures import CancelToken

log = logging.getLogger(__name__)

#: Swift refuses SLOs nested deeper than this (``max_manifest_recursion``); deeper means a loop or a broken cluster.
MAX_SLO_DEPTH = 10

#: How often one SLO manifest is read before a body that keeps breaking off is given up on.
MANIFEST_READ_ATTEMPTS = 5


def _manifest_entry(item: Any) -> ManifestEntry:
    """One entry of ``GET ?multipart-manifest=get``, inline data segments included."""
    if isinstance(item, dict) and "data" in item:
        try:
            data = base64.b64decode(item["data"], validate=True)
        except (binascii.Error, TypeError, ValueError) as exc:
            raise IntegrityError(f"an inline data segment of the manifest is not valid base64: {exc}") from None
        entry: ManifestEntry = InlineSegment("", "", md5_bytes(data), len(data), data=data)
        return entry
    parsed = parse_slo_manifest([item])[0]
    return replace(parsed, etag=normalize_etag(parsed.etag))


# -- segment discovery --------------------------------------------------------------------------------------------


def slo_segments(
    connection: SwiftConnection, container: str, name: str, *, if_match: str | None = None
) -> list[ManifestEntry]:
    """The leaf segments of the SLO *container*/*name*, in the order Swift concatenates them.

    Nested SLOs (``sub_slo`` entries) are replaced by their own segments, recursively, cut to the entry's ``range``
    when it has one. *if_match* (the ``X-Manifest-Etag`` of a HEAD) makes the manifest GET fail with 412 when the
    manifest was replaced since, so the segments always belong to the object that was HEADed.
    Raises ``NotALargeObject`` when the object is not an SLO.
    """
    return _expand_slo(connection, container, name, if_match, depth=0)


def _expand_slo(
    connection: SwiftConnection, container: str, name: str, if_match: str | None, depth: int
) -> list[ManifestEntry]:
    if depth > MAX_SLO_DEPTH:
        raise IntegrityError(f"{container}/{name}: SLOs nested more than {MAX_SLO_DEPTH} deep (a manifest loop?)")
    document = _read_slo_manifest(connection, container, name, if_match)
    if not isinstance(document, list):
        raise IntegrityError(f"{container}/{name}: the SLO manifest is not a JSON list")
    leaves: list[ManifestEntry] = []
    for item in document:
        entry = _manifest_entry(item)
        if not entry.sub_slo:
            leaves.append(entry)
            continue
        children = _expand_slo(connection, entry.container, entry.name, None, depth + 1)
        if entry.range:
            total = sum(segment_length(child) for child in children)
            first, end = parse_segment_range(entry.range, total)
            children = slice_segments(children, first, end)
        leaves.extend(children)
    return leaves


def _read_slo_manifest(connection: SwiftConnection, container: str, name: str, if_match: str | None) -> Any:
    """The parsed ``GET ?multipart-manifest=get`` document of the SLO *container*/*name*.

    The GET streams, so that the body of an object that turns out not to be an SLO (it would be the object itself)
    is never read; that also puts the body outside the retry loop, which only rereads bodies it read itself. So a
    body that breaks off is asked for again here, up to ``MANIFEST_READ_ATTEMPTS`` times, with ``If-Match`` on the
    ETag of the first answer (the manifest's own MD5): the same version of the manifest, or a clear 412.
    """
    pinned = if_match
    attempt = 0
    while True:
        attempt += 1
        headers = {"If-Match": pinned} if pinned else None
        try:
            response = connection.request(
                "GET",
                container,
                name,
                query={"multipart-manifest": "get", "format": "json"},
                headers=headers,
                stream=True,
            )
        except PreconditionFailed as exc:
            raise changed_on_server(exc, container, name, pinned) from exc
        if not is_slo(response.headers):
            response.close()  # the body is the object itself: never read it
            raise NotALargeObject(f"{container}/{name} is not a static large object (SLO)")
        pinned = pinned or response.headers.get("Etag") or None
        try:
            return response.json()
        except TransportError as exc:
            if attempt == MANIFEST_READ_ATTEMPTS:
                raise
            log.warning(
                "reading the SLO manifest of %s/%s broke off (%s); reading it again (attempt %d of %d)",
                container,
                name,
                exc,
                attempt + 1,
                MANIFEST_READ_ATTEMPTS,
            )
        except ValueError as exc:
            raise IntegrityError(f"{container}/{name}: the SLO manifest is not valid JSON ({exc})") from None


def iter_dlo_segments(
    connection: SwiftConnection,
    manifest: str,
    *,
    page_size: int = 10000,
    exclude: tuple[str, str] | None = None,
) -> Iterator[ManifestEntry]:
    """The segments named by an ``X-Object-Manifest`` value (``<container>/<prefix>``), one listing page at a time.

    Swift concatenates a DLO's segments in container-listing order, which is the order yielded here. Segments that
    are SLOs themselves get ``etag=None`` (their listing hash is not the MD5 of their content). *exclude* skips one
    ``(container, name)``, e.g. the manifest itself when it matches its own prefix.
    """
    seg_container, prefix = dlo_prefix(manifest)

    def fetch(marker: str | None, limit: int) -> list[dict[str, Any]]:
        return connection.get_container_page(seg_container, prefix=prefix, marker=marker, limit=limit)[1]

    for item in iter_entries(fetch, page_size=page_size):
        if "name" not in item:
            continue
        if exclude is not None and (seg_container, item["name"]) == exclude:
            continue
        etag = None if "slo_etag" in item else normalize_etag(item.get("hash"))
        yield ManifestEntry(seg_container, str(item["name"]), etag, int(item.get("bytes") or 0))


def dlo_segments(
    connection: SwiftConnection,
    container: str,
    name: str,
    *,
    headers: Any = None,
    page_size: int | None = None,
) -> list[ManifestEntry]:
    """The segments of the DLO *container*/*name* in concatenation order (*headers*: a HEAD already made).

    Raises ``NotALargeObject`` when the object has no ``X-Object-Manifest``.
    """
    head = headers if headers is not None else connection.head_object(container, name)
    manifest = dlo_manifest(head)
    if not manifest:
        raise NotALargeObject(f"{container}/{name} is not a dynamic large object (no X-Object-Manifest)")
    size = page_size or connection.capabilities().container_listing_limit
    return list(iter_dlo_segments(connection, manifest, page_size=size))


# -- streaming ----------------------------------------------------------------------------------------------------


def changed_on_server(exc: PreconditionFailed, container: str, name: str, etag: str | None) -> PreconditionFailed:
    """A 412 answer to a GET with ``If-Match``, reworded: the object was replaced while it was being read."""
    message = (
        f"{container}/{name} changed on the server while it was being read: it no longer matches ETag {etag} "
        "(412 Precondition Failed); start the transfer again to get the new version"
    )
    if exc.trans_id:
        message += f" [trans_id {exc.trans_id}]"
    return PreconditionFailed(
        message,
        status=exc.status,
        reason=exc.reason,
        headers=exc.headers,
        method=exc.method,
        path=exc.path,
        body=exc.body,
    )


def body_span(headers: Any, status: int) -> tuple[int, int | None]:
    """Where a GET body sits in the object: ``(first, end)``, end None when the length is unknown."""
    view = lowered(headers)
    if status == 206 and "content-range" in view:
        # "bytes a-b/total" (total may be "*")
        spec = view["content-range"].strip().split(" ", 1)[-1].split("/", 1)[0]
        first, _, last = spec.partition("-")
        try:
            return int(first), int(last) + 1
        except ValueError:
            raise IntegrityError(f"unusable Content-Range {view['content-range']!r}") from None
    try:
        return 0, int(view["content-length"])
    except (KeyError, ValueError):
        return 0, None


def read_range(
    connection: SwiftConnection,
    container: str,
    name: str,
    *,
    start: int = 0,
    end: int | None = None,
    if_match: str | None = None,
    chunk_size: int = 1 << 20,
    resume_attempts: int = 5,
    token: CancelToken | None = None,
    first: Response | None = None,
) -> Iterator[bytes]:
    """Yield bytes ``[start, end)`` of an object (``end=None``: to its end) in chunks of at most *chunk_size*.

    Nothing is requested before the first ``next()``. One GET normally suffices: it carries no ``Range`` when the
    whole object is wanted, ``Range: bytes=start-(end-1)`` otherwise, and ``If-Match: <if_match>`` when given, so
    another version of the object can never be mixed in (a 412 becomes a ``PreconditionFailed`` that says so).

    When the body breaks off (a ``TransportError`` while reading, or fewer bytes than announced), the rest is asked
    for with ``Range: bytes=<next>-[<end-1>]`` and the same ``If-Match``, at most *resume_attempts* times per call:
    what was received is never fetched again. Failed requests themselves (5xx, 401 → re-authentication, connection
    refused) are the HTTP layer's retries, not resumes. *token* is checked between chunks. *first*: a GET of the
    whole object already sent (its headers planned the download), read before any new request is made.
    """
    pos = start
    resumes = 0
    opened = first
    while True:
        ranged = not (pos == 0 and end is None)
        if ranged and end is not None and pos >= end and opened is None:
            return
        headers = {"If-Match": if_match} if if_match else {}
        if ranged:
            headers["Range"] = f"bytes={pos}-" if end is None else f"bytes={pos}-{end - 1}"
        if opened is not None:
            response, opened = opened, None
        else:
            try:
                response = connection.get_object(container, name, headers=headers)
            except PreconditionFailed as exc:
                raise changed_on_server(exc, container, name, if_match) from exc
        with response:
            body_first, body_end = body_span(response.headers, response.status)
            if body_first > pos:
                raise IntegrityError(
                    f"{container}/{name}: asked for bytes from {pos}, the server answered from {body_first}"
                )
            stop = end if end is not None else body_end
            skip = pos - body_first  # non-zero only when a server ignores Range and answers 200
            error: TransportError
            try:
                for chunk in response.iter_bytes(chunk_size):
                    if token is not None:
                        token.check()
                    if skip:
                        if len(chunk) <= skip:
                            skip -= len(chunk)
                            continue
                        chunk, skip = chunk[skip:], 0
                    if stop is not None and pos + len(chunk) > stop:
                        chunk = chunk[: stop - pos]
                    if chunk:
                        pos += len(chunk)
                        yield chunk
                    if stop is not None and pos >= stop:
                        return
            except TransportError as exc:
                error = exc
            else:
                if stop is None or pos >= stop:
                    return
                error = ConnectionFailed(f"GET {container}/{name}: the body ended at byte {pos}, expected {stop}")
        resumes += 1
        if resumes > resume_attempts:
            raise error
        log.warning(
            "GET %s/%s broke off at byte %d (%s); resuming with Range (attempt %d of %d)",
            container,
            name,
            pos,
            error,
            resumes,
            resume_attempts,
        )


def segment_chunks(
    connection: SwiftConnection,
    entry: ManifestEntry,
    *,
    chunk_size: int = 1 << 20,
    resume_attempts: int = 5,
) -> Iterator[bytes]:
    """A generator streaming one segment's contributed bytes with one GET (made on the first ``next()``).

    A whole segment is requested with ``If-Match: <its MD5>`` and its MD5 and length are checked once the
    generator is exhausted (``IntegrityError``); a ranged segment gets a length check only. Inline data segments
    come from memory without a request.
    """
    if isinstance(entry, InlineSegment):
        for offset in range(0, len(entry.data), chunk_size):
            yield entry.data[offset : offset + chunk_size]
        return
    first, end = segment_span(entry)
    whole = entry.range is None
    what = f"segment {entry.container}/{entry.name}"
    check = SegmentCheck(0, end - first, entry.etag if whole and is_md5(entry.etag) else None, what)
    verifier = RangeVerifier(what, [check], end - first)
    for chunk in read_range(
        connection,
        entry.container,
        entry.name,
        start=first,
        end=None if whole else end,
        if_match=entry.etag if is_md5(entry.etag) else None,
        chunk_size=chunk_size,
        resume_attempts=resume_attempts,
    ):
        verifier.feed(chunk)
        yield chunk
    verifier.finish()
