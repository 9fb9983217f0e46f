"""Downloading objects into local files: atomically, verified, in bounded memory, whatever their size.

Bytes go to a hidden temporary file beside the target (``.<name>.<random>.sfpart``); only when every check passes is
it renamed over the final name. A failure leaves the previous file, if any, untouched and no partial file behind.

``download_to_path`` is the engine behind ``download_object``: the headers of the first GET give the size, the
ETag and the kind of object (no separate HEAD: for many small objects it would double the requests; a plain
object's body is then read from that same GET), then

* objects of at least ``multipart_download_threshold`` bytes (with ``concurrency`` > 1) are fetched with parallel
  ranged GETs of ``download_part_size`` on the transfer engine's worker pool, each ``pwrite``-ing into one
  preallocated temporary file; smaller ones with one streaming GET. Memory stays at a few ``io_chunk_size`` per
  stream in flight (urllib3 holds up to about two while handing one over), whatever the object's size.
* every further GET carries ``If-Match: <ETag of the first answer>``, so an object overwritten mid-download fails
  cleanly with ``PreconditionFailed`` instead of mixing two versions; a body that breaks off is resumed where it stopped
  (``Range`` + ``If-Match``, ``resume_attempts`` times per stream), never restarted. Each request already survives
  5xx answers (the retry policy) and token expiry (one re-authentication on 401, in ``SwiftConnection``).
* integrity: plain objects must match their ETag (MD5), SLOs the MD5 and length of each segment listed in the
  manifest (``range``-restricted segments: length only), DLOs the MD5 and length of each segment in the listing;
  the total length always; and a large object that stores its whole content's MD5 (``X-Object-Meta-Md5``, as
  swiftfiles' uploads do) must match it too. A mismatch raises ``IntegrityError`` naming the segment.

How the MD5 is computed: a streamed download hashes bytes as they arrive. A parallel one cannot (parts arrive out
of order and MD5 is sequential), so the coordinating thread hashes the file in order, reading each part back (from
the page cache, normally) as soon as it and all parts before it are written, while the workers fetch the parts
after it. The price is one extra sequential read of the file (from the page cache) on top of the MD5 pass every
verified download pays anyway, overlapped with the network. In exchange memory stays bounded and a wrong byte
anywhere is caught. MD5 being sequential, one core caps a verified download at MD5's speed whatever the
parallelism.

The checks themselves are ``verify.RangeVerifier``'s, shared with ``fetch_object`` (``body_verifier`` plans them for
its GET the same way) and the segment generators.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..exceptions import IntegrityError, TransferCancelled
from ..http.headers import lowered
from ..swift.etag import is_md5, large_object_etag, normalize_etag
from ..swift.largeobject import (
    Segment,
    dlo_manifest,
    is_slo,
    plan_segments,
)
from ..swift.metadata import MD5_HEADER
from ..swift.times import object_mtime
from .config import TransferConfig
from .fetch import dlo_segments, read_range, slo_segments
from .futures import CancelToken
from .localpath import make_parents, remove_empty
from .progress import Progress, Subscriber, TransferInfo
from .verify import RangeVerifier, SegmentCheck, checks_for_segments, expected_length, expected_md5

if TYPE_CHECKING:
    from ..http.models import Response
    from ..swift.connection import SwiftConnection
    from .runtime import TransferRuntime

log = logging.getLogger(__name__)


# -- verified downloads of any size -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadPlan:
    """Everything a download needs to know before the first body byte, from the object's headers (plus the
    manifest or listing of a large object).

    etag: the value sent as ``If-Match`` on every GET (exactly as the server returned it; None when it gave
        none, e.g. a DLO with more segments than one listing page).
    kind: ``"object"``, ``"slo"`` or ``"dlo"``.
    checks: contiguous ranges covering ``[0, size)``: one for a plain object, one per segment for SLO/DLO.
    mtime: the modification time the file gets (``X-Object-Meta-Mtime``, else ``Last-Modified``; see
        ``swift.times.object_mtime``), None when the headers have neither.
    md5: the whole content's MD5 of a large object that stores one (``X-Object-Meta-Md5``, written by swiftfiles'
        large uploads), checked besides the segments; None otherwise (a plain object's ETag is its MD5).
    """

    container: str
    name: str
    size: int
    etag: str | None
    kind: str
    checks: tuple[SegmentCheck, ...]
    mtime: float | None = None
    md5: str | None = None


def plan_download(
    connection: SwiftConnection,
    container: str,
    name: str,
    headers: Mapping[str, str] | None = None,
    *,
    page_size: int | None = None,
) -> DownloadPlan:
    """From the object's *headers* (a HEAD when not given) work out what the download must verify.

    Plain object: its MD5 is the ETag. SLO: the manifest (fetched with ``If-Match: <X-Manifest-Etag>`` so it is the
    version the headers describe) gives each segment's MD5 and length. DLO: the segment listing does, and must
    reproduce the object's ETag (the MD5 of the segment ETags), or the listing changed in between. In both cases the
    segments must add up to the object's size. Raises ``IntegrityError`` when they do not.
    """
    head = headers if headers is not None else connection.head_object(container, name)
    view = lowered(head)
    etag = view.get("etag") or None
    size = expected_length(head)
    what = f"{container}/{name}"
    if is_slo(head):
        segments = slo_segments(connection, container, name, if_match=view.get("x-manifest-etag"))
        kind = "slo"
    elif dlo_manifest(head):
        segments = dlo_segments(connection, container, name, headers=head, page_size=page_size)
        kind = "dlo"
        listed = normalize_etag(etag)
        if (
            listed is not None
            and all(s.etag is not None for s in segments)
            and large_object_etag(s.etag for s in segments) != listed
        ):
            raise IntegrityError(
                f"{what}: the DLO's segment listing does not reproduce its ETag {listed} "
                "(segments changed in the meantime?); try again"
            )
    else:
        if size is None:
            raise IntegrityError(f"{what}: the server gave no Content-Length")
        return DownloadPlan(
            container,
            name,
            size,
            etag,
            "object",
            (SegmentCheck(0, size, expected_md5(head), "object"),),
            object_mtime(head),
        )
    checks = checks_for_segments(segments)
    total = checks[-1].end if checks else 0
    if size is None:
        size = total
    elif total != size:
        raise IntegrityError(f"{what}: its {kind.upper()} segments add up to {total} bytes, the object has {size}")
    stored_md5 = view.get(MD5_HEADER.lower())
    whole = stored_md5.strip().lower() if stored_md5 and is_md5(stored_md5.strip()) else None
    return DownloadPlan(container, name, size, etag, kind, checks, object_mtime(head), whole)


def body_verifier(
    connection: SwiftConnection,
    container: str,
    name: str,
    response: Response,
    *,
    page_size: int | None = None,
) -> RangeVerifier | None:
    """The checks for the body of *response*, a GET of *container*/*name* (``fetch_object``).

    A whole SLO or DLO is planned like a download (``plan_download``: the manifest or listing gives each segment's
    MD5 and length), so a wrong byte is caught by the end of the segment that holds it. A plain object is checked
    against its ETag, a partial body (``Range``) by its length; None when the server gave no length for a plain
    answer (nothing to check against).
    """
    headers = response.headers
    what = f"{container}/{name}"
    if response.status == 206 or not (is_slo(headers) or dlo_manifest(headers)):
        return RangeVerifier.for_body(what, headers)
    plan = plan_download(connection, container, name, headers, page_size=page_size)
    return RangeVerifier(what, plan.checks, plan.size, plan.md5)


def _create_temp(target: Path) -> tuple[int, str]:
    """A new hidden ``.<name>.<random>.sfpart`` beside *target*, created with the umask's permissions.

    ``tempfile.mkstemp`` would make it 0600, and the downloaded file would keep that mode after the rename. The name
    keeps at most 100 bytes of the target's (whole UTF-8 characters), so it stays under NAME_MAX (255 bytes) when the
    target's own name is up to it.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    folder, base = os.path.split(target)
    stem = base.encode("utf-8", "surrogateescape")[:100].decode("utf-8", "ignore")
    for _ in range(100):
        path = os.path.join(folder, f".{stem}.{secrets.token_hex(4)}.sfpart")
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file beside {str(target)!r}")


def _write_all(fd: int, data: bytes, offset: int | None) -> None:
    view = memoryview(data)
    while len(view):
        written = os.write(fd, view) if offset is None else os.pwrite(fd, view, offset)
        view = view[written:]
        if offset is not None:
            offset += written


def execute_download(
    runtime: TransferRuntime,
    plan: DownloadPlan,
    target: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    token: CancelToken | None = None,
    config: TransferConfig | None = None,
    response: Response | None = None,
) -> int:
    """Download *plan*'s object into *target* (through a temporary file beside it) and verify it; returns its size.

    *response*: the GET whose headers made *plan* (see ``open_download``); a streamed download reads it instead of
    sending another request, a parallel one closes it.

    Parallel ranged GETs when the object is at least ``multipart_download_threshold`` bytes and ``concurrency`` > 1,
    otherwise one streaming GET; both resume broken bodies and carry ``If-Match``. The file gets its final name only
    once every check passed; on any failure (including cancellation) the temporary file is removed and an existing
    *target* is left untouched. The file's modification time is *plan*'s ``mtime`` (the stored
    ``X-Object-Meta-Mtime``, else the object's ``Last-Modified``), as swift's CLI and rclone restore it: every
    download path goes through here, so all of them keep it.
    """
    target = Path(target)
    config = config or runtime.config
    progress = progress or Progress(TransferInfo("download", plan.container, plan.name, plan.size, str(target)))
    token = token or CancelToken(runtime.token)
    what = f"{plan.container}/{plan.name}"
    parts = plan_segments(plan.size, config.download_part_size)
    parallel = (
        config.concurrency > 1
        and plan.size >= config.multipart_download_threshold
        and len(parts) > 1
        and hasattr(os, "pwrite")
    )
    try:
        created = make_parents(target, what)
    except BaseException:
        if response is not None:
            response.close()  # the GET that planned the download: never left to the garbage collector
        raise
    try:
        fd, tmp_name = _create_temp(target)
    except BaseException:
        if response is not None:
            response.close()
        remove_empty(created)
        raise
    try:
        verifier = RangeVerifier(what, plan.checks, plan.size, plan.md5)
        if parallel:
            if response is not None:
                response.close()
                response = None
            os.ftruncate(fd, plan.size)
            _download_parts(runtime, plan, parts, fd, verifier, progress, token, config)
        else:
            _download_stream(runtime, plan, fd, verifier, progress, token, config, response)
        verifier.finish()
        if plan.mtime is not None:
            os.utime(fd if os.utime in os.supports_fd else tmp_name, (plan.mtime, plan.mtime))
        os.close(fd)
        fd = -1
        os.replace(tmp_name, target)
    except BaseException:
        if response is not None:
            response.close()
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        remove_empty(created)
        raise
    log.debug("downloaded %s (%s, %d bytes, %s)", what, plan.kind, plan.size, "parallel" if parallel else "streamed")
    return plan.size


def _download_stream(
    runtime: TransferRuntime,
    plan: DownloadPlan,
    fd: int,
    verifier: RangeVerifier,
    progress: Progress,
    token: CancelToken,
    config: TransferConfig,
    first: Response | None = None,
) -> None:
    """One GET (resumed when it breaks), hashed as it arrives: no reading back."""
    limiter = runtime.limiter
    for chunk in read_range(
        runtime.connection,
        plan.container,
        plan.name,
        if_match=plan.etag,
        chunk_size=config.io_chunk_size,
        resume_attempts=config.resume_attempts,
        token=token,
        first=first,
    ):
        verifier.feed(chunk)
        _write_all(fd, chunk, None)
        progress.moved(len(chunk))
        if limiter is not None:
            limiter.consume(len(chunk))


def _download_parts(
    runtime: TransferRuntime,
    plan: DownloadPlan,
    parts: Sequence[Segment],
    fd: int,
    verifier: RangeVerifier,
    progress: Progress,
    token: CancelToken,
    config: TransferConfig,
) -> None:
    """Ranged GETs on the worker pool, each ``pwrite``-ing into the preallocated file; verified in order.

    The calling (coordinator) thread, which would otherwise just wait, hashes part *i* (reading it back from the
    file, normally still in the page cache) while the workers fetch the parts after it. The MD5 itself is
    sequential, so the hashing costs one MD5 pass plus one read pass over the file, overlapped with the network;
    only the last part's hashing adds to the wall-clock time.
    """
    limiter = runtime.limiter
    parts_token = CancelToken(token)  # cancelled on the first failure; never cancels the caller's siblings

    def fetch(part: Segment) -> None:
        offset = part.offset
        try:
            parts_token.check()
            for chunk in read_range(
                runtime.connection,
                plan.container,
                plan.name,
                start=part.offset,
                end=part.offset + part.size,
                if_match=plan.etag,
                chunk_size=config.io_chunk_size,
                resume_attempts=config.resume_attempts,
                token=parts_token,
            ):
                _write_all(fd, chunk, offset)
                offset += len(chunk)
                progress.moved(len(chunk))
                if limiter is not None:
                    limiter.consume(len(chunk))
        except BaseException:
            parts_token.cancel()
            raise

    def bind(part: Segment) -> Callable[[], None]:
        return lambda: fetch(part)

    # At most ``concurrency`` parts ahead of the one being verified: bounded however large the object.
    futures: list[Future[None]] = []
    ahead = iter(parts)
    try:
        for index, part in enumerate(parts):
            while len(futures) < min(index + config.concurrency, len(parts)):
                futures.append(runtime.submit_part(bind(next(ahead))))
            futures[index].result()
            verifier.feed_file(fd, part.offset, part.size, config.io_chunk_size, parts_token)
    except BaseException as exc:
        parts_token.cancel()
        wait(futures)
        raise _first_cause(futures, exc) from None


def _first_cause(futures: Sequence[Future[None]], fallback: BaseException) -> BaseException:
    """The error that started a failure: the first part error that is not the resulting cancellation."""
    if not isinstance(fallback, TransferCancelled):
        return fallback
    for future in futures:
        error = future.exception() if not future.cancelled() else None
        if error is not None and not isinstance(error, TransferCancelled):
            return error
    return fallback


def open_download(runtime: TransferRuntime, container: str, name: str) -> tuple[DownloadPlan, Response | None]:
    """GET the object and plan its download from the answer's headers (no separate HEAD: for many small objects
    that would double the requests).

    For a plain object the open response comes back too: a streamed download reads it (a parallel one closes it).
    A large object's body is read segment by segment as the plan says, so its response is closed here (None).
    Errors (e.g. ``NoSuchObject``) are raised before anything is written.
    """
    conn = runtime.connection
    response = conn.get_object(container, name)
    try:
        plan = plan_download(conn, container, name, response.headers, page_size=conn.listing_page_size)
    except BaseException:
        response.close()
        raise
    if plan.kind != "object":
        response.close()
        return plan, None
    return plan, response


def download_to_path(
    runtime: TransferRuntime,
    container: str,
    name: str,
    target: Path,
    *,
    subscribers: Iterable[Subscriber] = (),
    config: TransferConfig | None = None,
    token: CancelToken | None = None,
) -> int:
    """Download *container*/*name* into the file *target*, verified, in bounded memory; returns the bytes written.

    One GET decides everything (size, ETag for ``If-Match``, plain/SLO/DLO; see ``plan_download``) and, for a
    plain object, is the download itself; ``execute_download`` runs under the transfer engine so
    *subscribers* hear ``on_queued``, exactly ``size`` bytes of ``on_progress`` and ``on_done``. A failing GET
    (e.g. ``NoSuchObject``) is raised before any subscriber is told about the transfer. *token* lets a caller
    cancel the download from another thread.
    """
    config = config or runtime.config
    plan, response = open_download(runtime, container, name)
    info = TransferInfo("download", container, name, plan.size, os.fspath(target))

    def work(progress: Progress, run_token: CancelToken) -> int:
        return execute_download(
            runtime, plan, target, progress=progress, token=token or run_token, config=config, response=response
        )

    return runtime.run(info, work, subscribers)
