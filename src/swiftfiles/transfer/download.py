"""Downloading objects into local files: atomically, verified, in bounded memory, whatever their size.

Bytes go to a hidden temporary file beside the target (``.<name>.<random>.sfpart``); only when every check passes is
it renamed over the final name. A failure leaves the previous file, if any, untouched and no partial file behind.

``download_to_path`` is the engine behind ``download_object``: one HEAD gives the size, the ETag and the kind of
object, then

* objects of at least ``multipart_download_threshold`` bytes (with ``concurrency`` > 1) are fetched with parallel
  ranged GETs of ``download_part_size`` on the transfer manager's worker pool, each ``pwrite``-ing into one
  preallocated temporary file; smaller ones with one streaming GET. Memory stays at a few ``io_chunk_size`` per
  stream in flight (urllib3 holds up to about two while handing one over), whatever the object's size.
* every GET carries ``If-Match: <ETag of the HEAD>``, so an object overwritten mid-download fails cleanly with
  ``PreconditionFailed`` instead of mixing two versions; a body that breaks off is resumed where it stopped
  (``Range`` + ``If-Match``, ``resume_attempts`` times per stream), never restarted. Each request already survives
  5xx answers (the retry policy) and token expiry (one re-authentication on 401, in ``SwiftConnection``).
* integrity: plain objects must match their ETag (MD5), SLOs the MD5 and length of each segment listed in the
  manifest (``range``-restricted segments: length only), DLOs the MD5 and length of each segment in the listing;
  the total length always. A mismatch raises ``IntegrityError`` naming the segment.

How the MD5 is computed: a streamed download hashes bytes as they arrive. A parallel one cannot (parts arrive out
of order and MD5 is sequential), so the coordinating thread hashes the file in order, reading each part back (from
the page cache, normally) as soon as it and all parts before it are written, while the workers fetch the parts
after it. The price is one extra sequential read of the file and the MD5 pass every download pays anyway (about
330 MiB/s on one core of the 2-core test machines; the read-back adds some 3%), overlapped with the network: a
128 MiB download used 0.6-0.7 s of client CPU either way. In exchange memory stays bounded and a wrong byte anywhere
is caught. MD5 being sequential, one core caps a verified download at that rate whatever the parallelism.

``VerifyingSink``, ``expected_md5`` and ``expected_length`` are the simpler single-response
helpers used by ``fetch_object``.
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
from typing import TYPE_CHECKING, Any

from ..exceptions import IntegrityError, TransferCancelled
from ..swift.largeobject import ManifestEntry, Segment, dlo_manifest, is_slo, plan_segments
from .config import TransferConfig
from .fetch import (
    InlineSegment,
    dlo_etag,
    dlo_segments,
    is_md5,
    normalize_etag,
    read_range,
    segment_length,
    slo_segments,
)
from .localpath import make_parents, remove_empty
from .manager import CancelToken
from .progress import Progress, Subscriber, TransferInfo
from .source import md5

if TYPE_CHECKING:
    from ..client import StorageClient
    from ..http.models import Response
    from ..swift.connection import SwiftConnection

log = logging.getLogger(__name__)


def expected_md5(headers: Mapping[str, str]) -> str | None:
    """The MD5 a GET body must have, or None when the ETag is not a plain MD5 (SLO/DLO manifests, ranges)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "x-object-manifest" in lowered or lowered.get("x-static-large-object", "").lower() == "true":
        return None
    if "content-range" in lowered:
        return None
    etag = lowered.get("etag", "").strip('"')
    return etag.lower() if len(etag) == 32 else None


def expected_length(headers: Mapping[str, str]) -> int | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        return int(lowered["content-length"])
    except (KeyError, ValueError):
        return None


class VerifyingSink:
    """Counts and hashes bytes as they pass, then checks them against the response headers."""

    def __init__(self, headers: Mapping[str, str], what: str) -> None:
        self._md5 = expected_md5(headers)
        self._length = expected_length(headers)
        self._digest = md5()
        self._what = what
        self.size = 0

    def update(self, chunk: bytes) -> None:
        self._digest.update(chunk)
        self.size += len(chunk)

    def verify(self) -> None:
        if self._length is not None and self.size != self._length:
            raise IntegrityError(f"{self._what}: received {self.size} bytes, expected {self._length}")
        if self._md5 is not None and self._digest.hexdigest() != self._md5:
            raise IntegrityError(
                f"{self._what}: MD5 {self._digest.hexdigest()} does not match the server's ETag {self._md5}"
            )


# -- verified downloads of any size -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentCheck:
    """A byte range of the download and the MD5 it must have (None: its length is all that can be checked)."""

    offset: int
    length: int
    md5: str | None
    label: str

    @property
    def end(self) -> int:
        return self.offset + self.length


@dataclass(frozen=True)
class DownloadPlan:
    """Everything a download needs to know before the first body byte, from one HEAD (plus the manifest/listing).

    etag: the value sent as ``If-Match`` on every GET (exactly as the HEAD returned it; None when the server gave
        none, e.g. a DLO with more segments than one listing page).
    kind: ``"object"``, ``"slo"`` or ``"dlo"``.
    checks: contiguous ranges covering ``[0, size)``: one for a plain object, one per segment for SLO/DLO.
    """

    container: str
    name: str
    size: int
    etag: str | None
    kind: str
    checks: tuple[SegmentCheck, ...]


def checks_for_segments(segments: Sequence[ManifestEntry]) -> tuple[SegmentCheck, ...]:
    """One check per segment, laid end to end: MD5 for whole segments whose ETag is an MD5, length otherwise."""
    checks = []
    offset = 0
    for index, entry in enumerate(segments):
        length = segment_length(entry)
        whole = entry.range is None
        digest = entry.etag if whole and is_md5(entry.etag) else None
        if isinstance(entry, InlineSegment):
            label = f"inline data segment #{index}"
        else:
            label = f"segment #{index} {entry.container}/{entry.name}"
            if entry.range:
                label += f" (range {entry.range})"
        checks.append(SegmentCheck(offset, length, digest, label))
        offset += length
    return tuple(checks)


def plan_download(
    connection: SwiftConnection,
    container: str,
    name: str,
    headers: Mapping[str, str] | None = None,
    *,
    page_size: int | None = None,
) -> DownloadPlan:
    """HEAD the object (unless *headers* are given) and work out what the download must verify.

    Plain object: its MD5 is the ETag. SLO: the manifest (fetched with ``If-Match: <X-Manifest-Etag>`` so it is the
    HEADed version) gives each segment's MD5 and length. DLO: the segment listing does, and must reproduce the
    HEAD's ETag (the MD5 of the segment ETags), or the listing changed in between. In both cases the segments must
    add up to the object's size. Raises ``IntegrityError`` when they do not.
    """
    head = headers if headers is not None else connection.head_object(container, name)
    lowered = {k.lower(): v for k, v in head.items()}
    etag = lowered.get("etag") or None
    size = expected_length(head)
    what = f"{container}/{name}"
    if is_slo(head):
        segments = slo_segments(connection, container, name, if_match=lowered.get("x-manifest-etag"))
        kind = "slo"
    elif dlo_manifest(head):
        segments = dlo_segments(connection, container, name, headers=head, page_size=page_size)
        kind = "dlo"
        listed = normalize_etag(etag)
        if listed is not None and all(s.etag is not None for s in segments) and dlo_etag(segments) != listed:
            raise IntegrityError(
                f"{what}: the DLO's segment listing does not reproduce its ETag {listed} "
                "(segments changed since the HEAD?); try again"
            )
    else:
        if size is None:
            raise IntegrityError(f"{what}: the server gave no Content-Length")
        return DownloadPlan(
            container, name, size, etag, "object", (SegmentCheck(0, size, expected_md5(head), "object"),)
        )
    checks = checks_for_segments(segments)
    total = checks[-1].end if checks else 0
    if size is None:
        size = total
    elif total != size:
        raise IntegrityError(f"{what}: its {kind.upper()} segments add up to {total} bytes, the object has {size}")
    return DownloadPlan(container, name, size, etag, kind, checks)


class RangeVerifier:
    """Checks the bytes of a download, fed in order, against a plan's ``SegmentCheck`` list.

    Each check's MD5 is computed as its bytes go by and compared the moment its range is complete, so a bad segment
    is reported by name (``IntegrityError``). Ranges without an MD5 are only counted, never hashed.
    """

    def __init__(self, what: str, checks: Sequence[SegmentCheck], size: int) -> None:
        self._what = what
        self._checks = list(checks)
        self._size = size
        self._index = 0
        self.position = 0
        offset = 0
        for check in self._checks:
            if check.offset != offset or check.length < 0:
                raise ValueError(f"{what}: the checks must cover the object end to end (gap at byte {offset})")
            offset = check.end
        if offset != size:
            raise ValueError(f"{what}: the checks cover {offset} bytes, the object has {size}")
        self._digest: Any = md5() if self._checks and self._checks[0].md5 is not None else None

    @property
    def hashing(self) -> bool:
        """True when some bytes still to come need hashing (otherwise a parallel download can skip reading back)."""
        return any(c.md5 is not None for c in self._checks[self._index :])

    def _settle(self) -> None:
        """Close every check that ends at the current position (zero-length ones too); open the next one."""
        while self._index < len(self._checks):
            check = self._checks[self._index]
            if self.position < check.end:
                if self._digest is None and check.md5 is not None:
                    self._digest = md5()
                return
            if check.md5 is not None:
                actual = (self._digest or md5()).hexdigest()
                if actual != check.md5.lower():
                    raise IntegrityError(f"{self._what}: {check.label}: MD5 {actual}, expected {check.md5}")
            self._digest = None
            self._index += 1

    def feed(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        if self.position + len(view) > self._size:
            raise IntegrityError(f"{self._what}: received more than the expected {self._size} bytes")
        while len(view):
            check = self._checks[self._index]
            take = min(len(view), check.end - self.position)
            if self._digest is not None:
                self._digest.update(view[:take])
            self.position += take
            view = view[take:]
            self._settle()

    def feed_file(self, fd: int, offset: int, length: int, chunk_size: int, token: CancelToken | None = None) -> None:
        """Feed ``[offset, offset+length)`` of the open file *fd*, reading back only the ranges that need hashing."""
        if offset != self.position:
            raise ValueError(f"verifier at byte {self.position}, asked to check from {offset}")
        end = offset + length
        while self.position < end:
            if token is not None:
                token.check()
            self._settle()  # past any zero-length check, so that the current one has bytes left
            check = self._checks[self._index]
            stop = min(end, check.end)
            if self._digest is None:
                self.position = stop
                self._settle()
                continue
            want = min(chunk_size, stop - self.position)
            data = os.pread(fd, want, self.position)
            if not data:
                raise IntegrityError(f"{self._what}: the temporary file ends at byte {self.position}")
            self.feed(data)

    def finish(self) -> None:
        """Raise ``IntegrityError`` unless exactly the expected bytes arrived and every check passed."""
        self._settle()
        if self.position != self._size or self._index != len(self._checks):
            raise IntegrityError(f"{self._what}: received {self.position} bytes, expected {self._size}")


def _create_temp(target: Path) -> tuple[int, str]:
    """A new hidden ``.<name>.<random>.sfpart`` beside *target*, created with the umask's permissions.

    ``tempfile.mkstemp`` would make it 0600, and the downloaded file would keep that mode after the rename. The name
    keeps at most 100 bytes of the target's (whole UTF-8 characters), so it stays under NAME_MAX (255 bytes) when the
    target's own name is up to it.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    stem = target.name.encode("utf-8", "surrogateescape")[:100].decode("utf-8", "ignore")
    for _ in range(100):
        path = target.parent / f".{stem}.{secrets.token_hex(4)}.sfpart"
        try:
            return os.open(path, flags, 0o666), str(path)
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
    client: StorageClient,
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
    *target* is left untouched.
    """
    target = Path(target)
    config = config or client.transfer_config
    progress = progress or Progress(TransferInfo("download", plan.container, plan.name, plan.size, str(target)))
    token = token or CancelToken(client.transfers.token)
    what = f"{plan.container}/{plan.name}"
    parts = plan_segments(plan.size, config.download_part_size)
    parallel = (
        config.concurrency > 1
        and plan.size >= config.multipart_download_threshold
        and len(parts) > 1
        and hasattr(os, "pwrite")
    )
    created = make_parents(target)
    fd, tmp_name = _create_temp(target)
    try:
        verifier = RangeVerifier(what, plan.checks, plan.size)
        if parallel:
            if response is not None:
                response.close()
                response = None
            os.ftruncate(fd, plan.size)
            _download_parts(client, plan, parts, fd, verifier, progress, token, config)
        else:
            _download_stream(client, plan, fd, verifier, progress, token, config, response)
        verifier.finish()
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
    client: StorageClient,
    plan: DownloadPlan,
    fd: int,
    verifier: RangeVerifier,
    progress: Progress,
    token: CancelToken,
    config: TransferConfig,
    first: Response | None = None,
) -> None:
    """One GET (resumed when it breaks), hashed as it arrives: no reading back."""
    limiter = client.transfers.limiter
    for chunk in read_range(
        client.connection,
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
    client: StorageClient,
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
    transfers = client.transfers
    limiter = transfers.limiter
    parts_token = CancelToken(token)  # cancelled on the first failure; never cancels the caller's siblings

    def fetch(part: Segment) -> None:
        offset = part.offset
        try:
            parts_token.check()
            for chunk in read_range(
                client.connection,
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

    futures = [transfers.submit_part(bind(part)) for part in parts]
    try:
        for part, future in zip(parts, futures, strict=True):
            future.result()
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


def open_download(client: StorageClient, container: str, name: str) -> tuple[DownloadPlan, Response | None]:
    """GET the object and plan its download from the answer's headers (no separate HEAD: for many small objects
    that would double the requests).

    For a plain object the open response comes back too: a streamed download reads it (a parallel one closes it).
    A large object's body is read segment by segment as the plan says, so its response is closed here (None).
    Errors (e.g. ``NoSuchObject``) are raised before anything is written.
    """
    response = client.connection.get_object(container, name)
    try:
        plan = plan_download(client.connection, container, name, response.headers, page_size=client.listing_page_size)
    except BaseException:
        response.close()
        raise
    if plan.kind != "object":
        response.close()
        return plan, None
    return plan, response


def download_to_path(
    client: StorageClient,
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
    plain object, is the download itself; ``execute_download`` runs under the client's transfer manager so
    *subscribers* hear ``on_queued``, exactly ``size`` bytes of ``on_progress`` and ``on_done``. A failing GET
    (e.g. ``NoSuchObject``) is raised before any subscriber is told about the transfer. *token* lets a caller
    cancel the download from another thread.
    """
    config = config or client.transfer_config
    plan, response = open_download(client, container, name)
    info = TransferInfo("download", container, name, plan.size, os.fspath(target))

    def work(progress: Progress, run_token: CancelToken) -> int:
        return execute_download(
            client, plan, target, progress=progress, token=token or run_token, config=config, response=response
        )

    return client.transfers.run(info, work, subscribers)
