"""Segmented uploads: large files and streams of unknown length become SLO (or DLO) large objects.

The task graph (s3transfer's and rclone's shape): segment PUTs on the worker pool, then the manifest PUT, then the
removal of the segments of the version that was overwritten. Cleanup is registered where the resource is created:
if anything fails (an error, a cancel), the segments this upload wrote are deleted, unless the caller asked to keep
them to ``resume`` later. Never those a stored manifest uses: a manifest PUT can fail after Swift stored it (its
answer lost and the retries spent), so before cleaning up the object is looked at; when it is this upload's
manifest the upload succeeded, and when that cannot be found out the segments stay.

Integrity without reading anything twice: each segment is hashed as it is sent and compared with the ETag Swift
computed; the SLO manifest then lists those MD5s and Swift refuses the manifest unless every stored segment matches,
and the manifest's own ETag (MD5 of the segment ETags) is checked on return.

The whole content's MD5 is stored too, as ``X-Object-Meta-Md5`` (a large object's ETag is not the MD5 of its bytes,
so nothing else checks it end to end; sync and downloads use it). MD5 is sequential and segments go in parallel, so
it cannot come from the segments' own hashing: for a file, the coordinating thread (otherwise only waiting) hashes
each segment in order right after the worker that sent it is done, reading it back with ``pread`` from the page
cache; for data in memory it hashes the buffer in order; for a stream, the producer hashes each segment as it cuts
it. A file that changes while it is uploaded (its size or mtime differ at the end) gets no MD5 and a warning.

Memory: a file segment is read with ``pread`` one chunk at a time (constant memory whatever the segment size); a
stream is cut into ``stream_segment_size`` buffers with at most ``stream_read_ahead`` of them in flight.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Literal
from urllib.parse import quote, unquote

from ..exceptions import Forbidden, IntegrityError, MetadataError, NotFound
from ..swift import metadata as meta
from ..swift.etag import large_object_etag, md5, normalize_etag, response_etag
from ..swift.largeobject import (
    Segment,
    UploadedSegment,
    choose_segment_size,
    dlo_manifest,
    is_slo,
    new_upload_id,
    plan_segments,
    segment_container,
    segment_name,
    segment_prefix,
    slo_manifest,
)
from ..swift.metadata import MD5_HEADER
from .deleting import delete_many
from .readers import BufferReader, FileRangeReader, hash_file_range, md5_of_file_range

if TYPE_CHECKING:
    from .futures import CancelToken
    from .progress import Progress
    from .runtime import TransferRuntime

log = logging.getLogger("swiftfiles.transfer")


@dataclass(frozen=True)
class UploadResult:
    """What an upload stored: the object's ETag (a manifest's ETag for large objects) and its size."""

    etag: str
    size: int
    segments: int = 0
    last_modified: str | None = None


@dataclass
class LargeObjectPlan:
    """Where one large upload's segments go, and what it must clean up."""

    container: str
    name: str
    seg_container: str
    prefix: str
    use_slo: bool
    max_segments: int
    previous: list[tuple[str, str]] = field(default_factory=list)


class LargeObjectUploader:
    """Uploads one large object. Create one per upload; it is not reused."""

    def __init__(self, runtime: TransferRuntime, progress: Progress, token: CancelToken) -> None:
        self.runtime = runtime
        self.conn = runtime.connection
        self.config = runtime.config
        self.progress = progress
        self.token = token
        # Every name a PUT was started for: a cleanup deletes these besides what the listing shows, because a
        # busy cluster may list a segment only seconds after storing it (its container update went async).
        self._sent: set[str] = set()
        self._sent_lock = threading.Lock()
        # The entries of the manifest once its PUT started (after that, a failure may hide a stored manifest).
        self._manifest: list[UploadedSegment] | None = None

    # -- planning -----------------------------------------------------------------------------------------------

    def plan(self, container: str, name: str, *, upload_id: str | None = None) -> LargeObjectPlan:
        caps = self.runtime.capabilities
        use_slo = self.config.use_slo and caps.has("slo")
        max_segments = int(caps.section("slo").get("max_manifest_segments", 1000)) if use_slo else 10**9
        seg_container = segment_container(container, self.config.segment_container_suffix)
        self._ensure_container(seg_container)
        plan = LargeObjectPlan(
            container=container,
            name=name,
            seg_container=seg_container,
            prefix=segment_prefix(name, upload_id or new_upload_id()),
            use_slo=use_slo,
            max_segments=max_segments,
        )
        if not self.config.leave_segments:
            plan.previous = existing_segments(self.runtime, container, name)
        return plan

    def _ensure_container(self, seg_container: str) -> None:
        """PUT the segment container (a no-op when it exists), or make sure it exists when that PUT is refused.

        A user whose write access comes from containers' ACLs may not PUT a container, not even an existing one
        (tempauth answers 403), yet may write segments into it; so a refused PUT is fine when a HEAD finds the
        container, and raised when the container is missing (the segments would have nowhere to go).
        """
        try:
            self.conn.put_container(seg_container)
        except Forbidden as refused:
            try:
                self.conn.head_container(seg_container)
            except NotFound:
                raise refused from None
            except Forbidden:
                pass  # may write, not read (a write-only ACL): the segment PUTs say whether they may

    def segment_size_for(self, total: int) -> int:
        slo = self.runtime.capabilities.section("slo")
        return choose_segment_size(
            total,
            self.config.segment_size,
            max_segments=int(slo.get("max_manifest_segments", 1000)) if self.config.use_slo else 10**9,
            min_segment_size=int(slo.get("min_segment_size", 1)),
            max_segment_size=self.runtime.capabilities.max_file_size,
        )

    # -- files --------------------------------------------------------------------------------------------------

    def upload_file(
        self,
        container: str,
        name: str,
        path: str | int,
        size: int,
        headers: Mapping[str, str],
        *,
        resume: bool = False,
        start: int = 0,
    ) -> UploadResult:
        """Upload bytes ``[start, start + size)`` of *path* (a file name or an open descriptor) as a large object,
        segments in parallel; with *resume*, reuse stored segments of an earlier failed upload whose MD5 matches."""
        seg_size = self.segment_size_for(size)
        reusable: dict[int, tuple[str, int]] = {}
        upload_id = None
        if resume:
            upload_id, reusable = self._resumable(container, name)
        plan = self.plan(container, name, upload_id=upload_id)
        if reusable:
            seg_size = next(iter(reusable.values()))[1] if 0 in reusable else seg_size
        segments = plan_segments(size, seg_size)
        whole = WholeMD5(self.token, self.config.io_chunk_size)

        def send(segment: Segment) -> UploadedSegment:
            seg_name = segment_name(plan.prefix, segment.index)
            known = reusable.get(segment.index)
            if known and known[1] == segment.size:
                local = md5_of_file_range(path, start + segment.offset, segment.size, self.config.io_chunk_size)
                if local == known[0]:
                    self.progress.moved(segment.size)
                    return UploadedSegment(plan.seg_container, seg_name, local, segment.size)
            reader = FileRangeReader(
                path,
                start + segment.offset,
                segment.size,
                chunk_size=self.config.io_chunk_size,
                progress=self.progress,
                limiter=self.runtime.limiter,
                token=self.token,
            )
            with reader:
                return self._put_segment(plan, seg_name, reader)

        with whole.reading(path, start) as absorb:
            uploaded = self._guarded(plan, lambda: self.runtime.map_parts(send, segments, self.token, absorb))
        return self._finish(plan, uploaded, whole.headers(self.runtime, headers, f"{container}/{name}"), size)

    # -- payloads in memory -------------------------------------------------------------------------------------

    def upload_buffer(self, container: str, name: str, data: memoryview, headers: Mapping[str, str]) -> UploadResult:
        """Upload an in-memory payload (bytes, bytearray, memoryview) as a large object, segments in parallel.

        Each segment is a slice of *data* (a view, not a copy), sent and verified like a file's segments.
        """
        size = len(data)
        plan = self.plan(container, name)
        segments = plan_segments(size, self.segment_size_for(size))
        whole = WholeMD5(self.token, self.config.io_chunk_size)
        position = 0

        def absorb(done: UploadedSegment) -> None:
            nonlocal position
            whole.update(data[position : position + done.size])
            position += done.size

        def send(segment: Segment) -> UploadedSegment:
            with BufferReader(
                data[segment.offset : segment.offset + segment.size],
                chunk_size=self.config.io_chunk_size,
                progress=self.progress,
                limiter=self.runtime.limiter,
                token=self.token,
            ) as reader:
                return self._put_segment(plan, segment_name(plan.prefix, segment.index), reader)

        uploaded = self._guarded(plan, lambda: self.runtime.map_parts(send, segments, self.token, absorb))
        return self._finish(plan, uploaded, whole.headers(self.runtime, headers, f"{container}/{name}"), size)

    def _resumable(self, container: str, name: str) -> tuple[str | None, dict[int, tuple[str, int]]]:
        """The most recent earlier upload of *name* not referenced by the live object: its id and segments."""
        seg_container = segment_container(container, self.config.segment_container_suffix)
        live = {seg for _, seg in existing_segments(self.runtime, container, name)}
        base = f"{name}/"
        uploads: dict[str, dict[int, tuple[str, int]]] = {}
        try:
            entries = list(self.conn.iter_objects(seg_container, prefix=base))
        except NotFound:
            return None, {}
        for entry in entries:
            seg = str(entry.get("name", ""))
            if seg in live:
                continue
            upload_id, _, index = seg[len(base) :].partition("/")
            if index.isdigit():
                uploads.setdefault(upload_id, {})[int(index)] = (str(entry.get("hash")), int(entry.get("bytes", 0)))
        if not uploads:
            return None, {}
        latest = max(uploads)
        return latest, uploads[latest]

    # -- streams ------------------------------------------------------------------------------------------------

    def upload_stream(
        self, container: str, name: str, first: bytes, rest: Iterator[bytes], headers: Mapping[str, str]
    ) -> UploadResult:
        """Upload a stream whose first segment is *first* and whose further segments *rest* yields.

        At most ``stream_read_ahead`` segments are in memory at once: the producer blocks until a worker is done.
        """
        plan = self.plan(container, name)
        slots = threading.BoundedSemaphore(max(1, self.config.stream_read_ahead))
        futures: list[Future[UploadedSegment]] = []
        whole = WholeMD5(self.token, self.config.io_chunk_size)

        def produce() -> list[UploadedSegment]:
            index = 0
            buffer: bytes | None = first
            try:
                while buffer is not None:
                    self.token.check()
                    whole.update(buffer)  # the stream's bytes in order, as the producer cuts them
                    slots.acquire()
                    futures.append(self.runtime.submit_part(self._stream_segment_task(plan, index, buffer, slots)))
                    index += 1
                    buffer = next(rest, None)
                    if any(f.done() and f.exception() for f in futures):
                        break
            except BaseException:
                # Reading the stream failed: stop the parts in flight and let them finish before the cleanup runs,
                # or a segment finishing late would survive it.
                self.token.cancel()
                wait(futures)
                raise
            return self._collect(futures)

        uploaded = self._guarded(plan, produce)
        size = sum(s.size for s in uploaded)
        return self._finish(plan, uploaded, whole.headers(self.runtime, headers, f"{container}/{name}"), size)

    def _stream_segment_task(
        self, plan: LargeObjectPlan, index: int, data: bytes, slots: threading.BoundedSemaphore
    ) -> Callable[[], UploadedSegment]:
        def run() -> UploadedSegment:
            try:
                self.token.check()
                with BufferReader(
                    data,
                    chunk_size=self.config.io_chunk_size,
                    progress=self.progress,
                    limiter=self.runtime.limiter,
                    token=self.token,
                ) as reader:
                    return self._put_segment(plan, segment_name(plan.prefix, index), reader)
            finally:
                slots.release()

        return run

    def _collect(self, futures: list[Future[UploadedSegment]]) -> list[UploadedSegment]:
        results: list[UploadedSegment] = []
        error: BaseException | None = None
        for future in futures:
            try:
                results.append(future.result())
            except BaseException as exc:  # noqa: BLE001 - the first error is raised once all parts stopped
                if error is None:
                    error = exc
                    self.token.cancel()
        if error is not None:
            raise error
        return results

    # -- shared steps -------------------------------------------------------------------------------------------

    def _sending(self, name: str) -> None:
        with self._sent_lock:
            self._sent.add(name)

    def _put_segment(
        self, plan: LargeObjectPlan, seg_name: str, reader: FileRangeReader | BufferReader
    ) -> UploadedSegment:
        self._sending(seg_name)
        response = self.conn.put_object(
            plan.seg_container, seg_name, reader, headers={"Content-Length": str(reader.size)}
        )
        stored = response_etag(response.headers)
        if not reader.complete or stored != reader.hexdigest:
            raise IntegrityError(
                f"segment {plan.seg_container}/{seg_name}: sent {reader.tell()} of {reader.size} bytes with MD5 "
                f"{reader.hexdigest}, the server stored {stored or 'nothing'}"
            )
        return UploadedSegment(plan.seg_container, seg_name, stored, reader.size)

    def _guarded(self, plan: LargeObjectPlan, work: Callable[[], list[UploadedSegment]]) -> list[UploadedSegment]:
        """Run the segment uploads; on any failure remove this upload's segments unless asked to keep them."""
        try:
            return work()
        except BaseException:
            if not self.config.keep_segments_on_failure:
                self._remove_prefix(plan)
            raise

    def _finish(
        self,
        plan: LargeObjectPlan,
        segments: list[UploadedSegment],
        headers: Mapping[str, str],
        size: int,
    ) -> UploadResult:
        try:
            if plan.use_slo:
                etag, last_modified = self._put_slo(plan, segments, headers)
            else:
                etag, last_modified = self._put_dlo(plan, segments, headers)
        except BaseException as failure:
            # The manifest may have been stored although no answer said so (the answer was lost, retries ran
            # out): deleting the segments then would destroy the object. Look before cleaning up.
            outcome = self._stored_manifest(plan, segments)
            if outcome == "unknown":
                log.warning(
                    "%s/%s: the manifest PUT failed (%s) and whether Swift stored it is unknown; keeping the "
                    "segments under %s/%s so that no stored object loses them",
                    plan.container,
                    plan.name,
                    failure,
                    plan.seg_container,
                    plan.prefix,
                )
                raise
            if outcome == "not_ours":
                if not self.config.keep_segments_on_failure:
                    self._remove_prefix(plan)
                raise
            log.warning(
                "%s/%s: the manifest PUT failed (%s) but Swift stored this upload's manifest: it succeeded",
                plan.container,
                plan.name,
                failure,
            )
            etag, last_modified = outcome
        new = {s.name for s in segments}
        stale = [(c, n) for c, n in plan.previous if n not in new]
        if stale:
            delete_many(self.runtime, stale, token=self.token)
        return UploadResult(etag, size, len(segments), last_modified)

    def _put_slo(
        self, plan: LargeObjectPlan, segments: list[UploadedSegment], headers: Mapping[str, str]
    ) -> tuple[str, str | None]:
        entries = self._nest(plan, segments)
        body = slo_manifest(entries)
        self._manifest = entries
        response = self.conn.put_object(
            plan.container,
            plan.name,
            body,
            headers={**headers, "Content-Length": str(len(body))},
            query={"multipart-manifest": "put"},
        )
        stored = response_etag(response.headers)
        expected = large_object_etag(e.etag for e in entries)
        if stored and stored != expected:
            raise IntegrityError(f"{plan.container}/{plan.name}: manifest ETag {stored} != expected {expected}")
        return stored or expected, response.headers.get("Last-Modified")

    def _nest(self, plan: LargeObjectPlan, segments: list[UploadedSegment]) -> list[UploadedSegment]:
        """Group segments into sub-manifests while there are more than one manifest may list (SLOs nest)."""
        level = 0
        while len(segments) > plan.max_segments:
            grouped: list[UploadedSegment] = []
            for start in range(0, len(segments), plan.max_segments):
                group = segments[start : start + plan.max_segments]
                sub_name = f"{plan.prefix}manifest-{level}-{start // plan.max_segments:06d}"
                body = slo_manifest(group)
                self._sending(sub_name)
                response = self.conn.put_object(
                    plan.seg_container,
                    sub_name,
                    body,
                    headers={"Content-Length": str(len(body))},
                    query={"multipart-manifest": "put"},
                )
                etag = response_etag(response.headers) or large_object_etag(s.etag for s in group)
                grouped.append(UploadedSegment(plan.seg_container, sub_name, etag, sum(s.size for s in group)))
            segments = grouped
            level += 1
        return segments

    def _put_dlo(
        self, plan: LargeObjectPlan, segments: list[UploadedSegment], headers: Mapping[str, str]
    ) -> tuple[str, str | None]:
        manifest = dlo_manifest_value(plan)
        self._manifest = segments
        response = self.conn.put_object(
            plan.container,
            plan.name,
            b"",
            headers={**headers, "X-Object-Manifest": manifest, "Content-Length": "0"},
        )
        etag = large_object_etag(s.etag for s in segments)
        return etag, response.headers.get("Last-Modified")

    def _stored_manifest(
        self, plan: LargeObjectPlan, segments: list[UploadedSegment]
    ) -> tuple[str, str | None] | Literal["not_ours", "unknown"]:
        """After a failed manifest PUT: ``(etag, last_modified)`` when the name holds this upload's manifest,
        ``"not_ours"`` when it does not (the segments can go), ``"unknown"`` when that cannot be found out (they must
        stay).

        An SLO is this upload's when its ETag is the MD5 of the segment ETags sent and its manifest lists exactly
        the segments sent (another upload of the same bytes has the same ETag but its own segments); a DLO when
        its ``X-Object-Manifest`` is this upload's prefix.
        """
        if self._manifest is None:
            return "not_ours"
        try:
            try:
                head = self.conn.head_object(plan.container, plan.name)
            except NotFound:
                return "not_ours"
            last_modified = head.get("Last-Modified")
            if not plan.use_slo:
                stored = dlo_manifest(head)
                if stored is None or unquote(stored) != unquote(dlo_manifest_value(plan)):
                    return "not_ours"
                return large_object_etag(s.etag for s in segments), last_modified
            if not is_slo(head):
                return "not_ours"
            etag = normalize_etag(head.get("Etag"))
            if etag is None or etag != large_object_etag(s.etag for s in self._manifest):
                return "not_ours"
            from .fetch import slo_segments

            listed = slo_segments(self.conn, plan.container, plan.name, if_match=head.get("X-Manifest-Etag"))
            if [(e.container, e.name) for e in listed] != [(s.container, s.name) for s in segments]:
                return "not_ours"
            return etag, last_modified
        except Exception as exc:  # noqa: BLE001 - any doubt keeps the segments
            log.warning("could not check what %s/%s holds: %s", plan.container, plan.name, exc)
            return "unknown"

    def _remove_prefix(self, plan: LargeObjectPlan) -> None:
        """Delete this upload's segments: what the listing shows under its prefix and every name it sent."""
        try:
            listed = {str(e["name"]) for e in self.conn.iter_objects(plan.seg_container, prefix=plan.prefix)}
            with self._sent_lock:
                names = sorted(listed | self._sent)
            delete_many(self.runtime, [(plan.seg_container, n) for n in names])
        except Exception as exc:  # noqa: BLE001 - cleanup must not hide the original failure
            log.warning("could not remove the segments under %s/%s: %s", plan.seg_container, plan.prefix, exc)


class WholeMD5:
    """The MD5 of a large upload's whole content, fed in order, and the header that stores it (``MD5_HEADER``)."""

    def __init__(self, token: CancelToken, chunk_size: int) -> None:
        self._digest = md5()
        self._token = token
        self._chunk = chunk_size
        self._valid = True

    def update(self, data: bytes | memoryview) -> None:
        self._digest.update(data)

    @contextlib.contextmanager
    def reading(self, path: str | int, start: int) -> Iterator[Callable[[UploadedSegment], None]]:
        """A callback for ``map_parts``: hash each finished segment from the file, in order (on the calling
        thread, while the workers send the next ones). The file's size and mtime are compared at the end: a file
        that changed meanwhile gets no MD5 (the bytes read back may not be the bytes sent)."""
        owned = not isinstance(path, int)
        fd = path if isinstance(path, int) else os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            before = _identity(os.fstat(fd))
            position = start

            def absorb(done: UploadedSegment) -> None:
                nonlocal position
                hash_file_range(self._digest, fd, position, done.size, self._chunk, self._token)
                position += done.size

            yield absorb
            if _identity(os.fstat(fd)) != before:
                self._valid = False
                log.warning("the file changed while it was uploaded: no whole-file MD5 is stored for it")
        finally:
            if owned:
                os.close(fd)

    def headers(self, runtime: TransferRuntime, headers: Mapping[str, str], what: str) -> Mapping[str, str]:
        """*headers* with the whole-content MD5 as ``X-Object-Meta-Md5`` (replacing one the caller gave, which may
        not describe these bytes), unless the file changed or the metadata would break the cluster's limits."""
        if not self._valid:
            return headers
        kept = {k: v for k, v in headers.items() if k.lower() != MD5_HEADER.lower()}
        kept[MD5_HEADER] = self._digest.hexdigest()
        try:
            meta.check_limits(kept, meta.OBJECT_PREFIX, runtime.capabilities.metadata_limits)
        except MetadataError as exc:
            log.warning("%s: no whole-content MD5 stored: %s", what, exc)
            return headers
        return kept


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_size, st.st_mtime_ns


def dlo_manifest_value(plan: LargeObjectPlan) -> str:
    """The ``X-Object-Manifest`` value of *plan*'s DLO: ``<segment container>/<upload prefix>``, URL-encoded."""
    return f"{quote(plan.seg_container, safe='')}/{quote(plan.prefix)}"


def existing_segments(
    runtime: TransferRuntime, container: str, name: str, *, headers: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """``(container, name)`` of every object the current version uses besides its manifest (empty when it is a
    plain object or missing): the leaf segments, and for segments in swiftfiles' own layout everything under
    their upload prefix (which includes the sub-manifests of a nested SLO). *headers*: a HEAD already made."""
    if headers is None:
        try:
            headers = runtime.connection.head_object(container, name)
        except NotFound:
            return []
    from .fetch import dlo_segments, slo_segments

    if is_slo(headers):
        leaves = slo_segments(runtime.connection, container, name)
    elif dlo_manifest(headers):
        leaves = dlo_segments(runtime.connection, container, name, headers=headers)
    else:
        return []
    found = {(e.container, e.name) for e in leaves}
    own = f"{name}/"
    prefixes = {
        (e.container, e.name[: len(own) + e.name[len(own) :].find("/") + 1])
        for e in leaves
        if e.name.startswith(own) and "/" in e.name[len(own) :]
    }
    for seg_container, prefix in prefixes:
        with contextlib.suppress(NotFound):
            found.update(
                (seg_container, str(e["name"])) for e in runtime.connection.iter_objects(seg_container, prefix=prefix)
            )
    return sorted(found)


def read_segments(source: IO[bytes] | Iterable[bytes], size: int, read_size: int = 1 << 20) -> Iterator[bytes]:
    """Cut a file object or an iterable of chunks into pieces of exactly *size* bytes (the last may be shorter),
    reading at most *read_size* bytes at a time from a file object.

    Each piece is assembled with one copy (a join of exactly the chunks it needs), so a stream costs one piece of
    memory per piece in flight, not two or three.
    """
    chunks: Iterator[bytes] = iter(lambda: source.read(read_size), b"") if hasattr(source, "read") else iter(source)
    pending: deque[bytes] = deque()
    held = 0
    for chunk in chunks:
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        if not chunk:
            continue
        pending.append(bytes(chunk))
        held += len(chunk)
        while held >= size:
            yield _take(pending, size)
            held -= size
    if held:
        yield _take(pending, held)


def _take(pending: deque[bytes], size: int) -> bytes:
    """Remove exactly *size* bytes from the front of *pending* and return them as one bytes object."""
    parts: list[bytes] = []
    need = size
    while need:
        chunk = pending.popleft()
        if len(chunk) > need:
            pending.appendleft(chunk[need:])
            chunk = chunk[:need]
        parts.append(chunk)
        need -= len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


__all__ = ["LargeObjectUploader", "UploadResult", "existing_segments", "read_segments"]
