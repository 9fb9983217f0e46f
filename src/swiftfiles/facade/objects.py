"""Object seed methods: fetch, download, copy/move, metadata and expiry (uploads are in ``uploads.py``).

Downloads stream and verify the MD5 of plain objects.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeAlias

from ..exceptions import FolderNotFound, InvalidName, LocalPathConflict, NotAFile, TransferCancelled
from ..swift import metadata as meta
from ..swift.etag import response_etag
from ..transfer.deleting import delete_with_segments
from ..transfer.download import body_verifier, download_to_path
from ..transfer.engine import TransferEngine
from ..transfer.fetch import body_span, read_range
from ..transfer.futures import CancelToken
from ..transfer.localpath import safe_local_path
from ..transfer.progress import Progress, Subscriber, TransferInfo
from ..transfer.upload import guess_content_type
from ..transfer.verify import RangeVerifier
from .cdn import CDNPart
from .checks import non_negative, positive
from .core import Part

#: What ``fetch_object`` returns: bytes, a chunk iterator (``chunk_size``), or either after the headers
#: (``include_meta``). ``StorageClient.fetch_object`` narrows it with overloads.
FetchResult: TypeAlias = bytes | Iterator[bytes] | tuple[dict[str, str], bytes | Iterator[bytes]]


class ObjectsPart(Part):
    """Reading, downloading, copying, moving, deleting objects and their metadata. ``guess=True`` content types
    need the CDN part (a CDN-enabled container, as the seed specifies)."""

    def __init__(self, engine: TransferEngine, cdn: CDNPart) -> None:
        super().__init__(engine)
        self.cdn = cdn

    # -- single objects -----------------------------------------------------------------------------------------

    def head_object(self, container: Any, obj: Any) -> tuple[str, Mapping[str, str]]:
        """The object's validated name and headers (one HEAD); ``NoSuchObject`` when it does not exist."""
        name = self._oname(obj)
        return name, self.connection.head_object(self._cname(container), name)

    def fetch_object(
        self,
        container: Any,
        obj: Any,
        include_meta: bool = False,
        chunk_size: int | None = None,
        size: int | None = None,
        extra_info: Any = None,
        *,
        subscribers: Iterable[Subscriber] = (),
    ) -> FetchResult:
        """The object's bytes; or with *chunk_size* a generator streaming one GET; *size* reads only the first
        *size* bytes (a Range request). ``include_meta=True`` returns ``(headers, data)``.

        Whole objects are verified: a plain one against its MD5, an SLO or DLO segment by segment against the MD5s
        of its manifest or listing (``IntegrityError`` on a mismatch; bytes are returned only once verified, and a
        generator raises by the end of the segment that held a wrong byte). Partial reads (*size*) are checked by
        length. A body that breaks off is resumed where it stopped (``Range`` +
        ``If-Match``, ``TransferConfig.resume_attempts`` times), so the bytes are never short or mixed.

        *subscribers* hear the transfer as every download does: ``on_queued``, ``on_progress`` as bytes arrive and
        ``on_done`` at the end. A generator reports as it is consumed: ``on_queued`` at the first ``next()``,
        ``on_done`` when it is exhausted, fails, or is closed before its end (then with ``TransferCancelled``, its
        bytes taken back, as for any cancelled transfer).
        """
        positive("chunk_size", chunk_size)
        non_negative("size", size)
        cname, name = self._cname(container), self._oname(obj)
        headers = {"Range": f"bytes=0-{int(size) - 1}"} if size is not None and size > 0 else None
        if size is not None and size <= 0:
            data: bytes | Iterator[bytes] = b"" if chunk_size is None else iter(())
            if include_meta:
                return dict(self.connection.head_object(cname, name)), data
            return data
        response = self.connection.get_object(cname, name, headers=headers)
        try:
            verifier = body_verifier(
                self.connection, cname, name, response, page_size=self.connection.listing_page_size
            )
        except BaseException:
            response.close()
            raise
        resp_meta = {k.lower(): meta.decode_value(v) for k, v in response.headers.items()}
        end: int | None = None
        if size is not None:
            _, served_end = body_span(response.headers, response.status)
            end = size if served_end is None else min(size, served_end)
        # The GET already sent is read first; a body that breaks off is resumed with Range + If-Match (the same
        # version or a clear PreconditionFailed), never returned short.
        chunks = read_range(
            self.connection,
            cname,
            name,
            end=end,
            if_match=response.headers.get("Etag") or None,
            chunk_size=chunk_size or (1 << 20),
            resume_attempts=self.engine.config.resume_attempts,
            first=response,
        )
        if verifier is not None:
            chunks = _verified(chunks, verifier)
        total = end if end is not None else (verifier.size if verifier is not None else None)
        info = TransferInfo("download", cname, name, total)
        if chunk_size:
            data = _reported(chunks, Progress(info, subscribers))
        else:
            try:
                data = self.engine.run(info, lambda progress, token: _joined(chunks, progress, token), subscribers)
            except BaseException:
                response.close()  # unread when the run stopped before reading (closed client, cancelled)
                raise
        return (resp_meta, data) if include_meta else data

    def fetch_partial(self, container: Any, obj: Any, size: int) -> bytes:
        """The first *size* bytes of the object (all of it when it is smaller)."""
        data = self.fetch_object(container, obj, size=size)
        assert isinstance(data, bytes)
        return data

    def download_object(
        self,
        container: Any,
        obj: Any,
        directory: str | os.PathLike[str] | None,
        structure: bool = True,
        *,
        subscribers: Iterable[Subscriber] = (),
        to: str | os.PathLike[str] | None = None,
    ) -> Path:
        """Write the object into *directory* (created as needed); returns the file's path. *subscribers* hear
        progress.

        With ``structure=True`` a name like ``a/b/c.txt`` creates ``a/b`` inside *directory*. Names that would
        write outside *directory* raise ``UnsafePath``. ``to=`` writes to that exact file path instead (like
        ``swift download -o``; pass ``None`` as *directory*). Either way the file appears under its name only once
        its length and MD5 are verified, and folders created for a download that fails are removed again. The file
        gets the object's stored ``X-Object-Meta-Mtime`` as its modification time (else its ``Last-Modified``).
        """
        cname, name = self._cname(container), self._oname(obj)
        if to is not None:
            if directory is not None:
                raise TypeError("pass either a directory or to=, not both")
            target = Path(to)
            if target.is_dir():
                raise NotAFile(f"to={os.fspath(to)!r} is a folder; give the file path to write")
            download_to_path(self.engine, cname, name, target, subscribers=subscribers)
            return target
        if directory is None:
            raise TypeError("download_object needs a directory (or to= a file path)")
        try:
            is_file = not stat.S_ISDIR(os.stat(directory).st_mode)
        except OSError:  # missing (created as needed) or unreadable (the download says why)
            is_file = False
        if is_file:
            raise FolderNotFound(f"the download folder {os.fspath(directory)!r} is a file, not a folder")
        _check_name_lengths(directory, name, structure, f"{cname}/{name}")
        target = safe_local_path(directory, name, structure=structure)
        if name.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            return target
        download_to_path(self.engine, cname, name, target, subscribers=subscribers)
        return target

    # -- delete, copy, move -------------------------------------------------------------------------------------

    def delete_object(self, container: Any, obj: Any) -> bool:
        """Delete one object (``NoSuchObject`` when it does not exist); a large object goes with its segments.

        Deleting only an SLO or DLO manifest would leave its segments behind, stored (and billed) with nothing
        pointing at them, so by default the segments are removed too (``delete_object_with_segments``: one HEAD
        first, then ``?multipart-manifest=delete`` or the DLO's segments by bulk delete). With
        ``TransferConfig(leave_segments=True)`` only the object itself is deleted, in one request, as pyrax did;
        choose that when segments are shared between manifests.
        """
        cname, name = self._cname(container), self._oname(obj)
        if self.engine.config.leave_segments:
            self.connection.delete_object(cname, name)
        else:
            delete_with_segments(self.engine, cname, name)
        return True

    def copy_object(
        self,
        container: Any,
        obj: Any,
        new_container: Any,
        new_obj_name: str | None = None,
        content_type: str | None = None,
        extra_info: Any = None,
    ) -> str:
        """Server-side copy to *new_container* (optionally renamed / with a new content type); returns the ETag."""
        cname, name = self._cname(container), self._oname(obj)
        dest_c = self._cname(new_container)
        dest_o = self._oname(new_obj_name or name)
        if (cname, name) == (dest_c, dest_o):
            raise InvalidName("copying an object onto itself needs a different new_obj_name or container")
        headers = {"Content-Type": content_type} if content_type else None
        response = self.connection.copy_object(cname, name, dest_c, dest_o, headers=headers)
        return response_etag(response.headers)

    def move_object(
        self,
        container: Any,
        obj: Any,
        new_container: Any,
        new_obj_name: str | None = None,
        content_type: str | None = None,
    ) -> str:
        """Copy, then delete the source; returns the new ETag.

        The copy of a large object is a plain object with its whole content, so the source goes with its segments
        (as ``delete_object`` does; ``TransferConfig.leave_segments`` keeps them)."""
        etag = self.copy_object(container, obj, new_container, new_obj_name=new_obj_name, content_type=content_type)
        self.delete_object(container, obj)
        return etag

    def change_object_content_type(
        self, container: Any, obj: Any, new_ctype: str | None, guess: bool = False, extra_info: Any = None
    ) -> None:
        """Give the object a new Content-Type, keeping its data and metadata.

        Done with a metadata POST carrying every existing item (cheaper than pyrax's copy-onto-itself, and safe
        for large objects, whose copy would otherwise materialise the whole content). ``guess=True`` (guess from
        the name) needs a CDN-enabled container, as the seed specifies.
        """
        cname, name = self._cname(container), self._oname(obj)
        if guess:
            self.cdn.require_enabled(cname)
            new_ctype = new_ctype or guess_content_type(name)
        if not new_ctype:
            raise ValueError("change_object_content_type needs new_ctype (or guess=True)")
        current = self.connection.head_object(cname, name)
        headers = {**self._carried_object_headers(current), "Content-Type": new_ctype}
        self.connection.post_object(cname, name, headers)

    # -- metadata and expiry ------------------------------------------------------------------------------------

    @staticmethod
    def _carried_object_headers(current: Mapping[str, str]) -> dict[str, str]:
        """What a POST must repeat so that nothing but the intended change is lost (see ``swift.metadata``)."""
        carried = {k: v for k, v in current.items() if k.lower().startswith("x-object-meta-")}
        carried.update(meta.preserved_for_post(current))
        return carried

    def get_object_metadata(self, container: Any, obj: Any, prefix: str | None = None) -> dict[str, str]:
        """Object metadata keyed by lower-cased header name (``x-object-meta-*`` unless *prefix*)."""
        headers = self.connection.head_object(self._cname(container), self._oname(obj))
        return meta.extract(headers, meta.OBJECT_PREFIX if prefix is None else prefix)

    def set_object_metadata(
        self,
        container: Any,
        obj: Any,
        metadata: Mapping[str, Any],
        clear: bool = False,
        extra_info: Any = None,
        prefix: str | None = None,
    ) -> None:
        """Add or update object metadata, keeping other keys (an object POST replaces all of them, so this
        reads, merges and writes back); ``clear=True`` keeps only *metadata*.

        If *extra_info* is a dict it receives ``status``, ``reason`` and ``headers`` of the POST.
        """
        cname, name = self._cname(container), self._oname(obj)
        current = self.connection.head_object(cname, name)
        new = meta.prefixed_headers(metadata, prefix, meta.OBJECT_PREFIX)
        carried = self._carried_object_headers(current)
        if clear:
            carried = {k: v for k, v in carried.items() if not k.lower().startswith("x-object-meta-")}
        merged = {k: v for k, v in carried.items() if k.lower() not in {n.lower() for n in new}}
        merged.update(new)
        meta.check_limits(merged, meta.OBJECT_PREFIX, self.capabilities.metadata_limits)
        self._post_object(cname, name, merged, extra_info)

    def _post_object(self, cname: str, name: str, headers: Mapping[str, str], extra_info: Any = None) -> None:
        response = self.connection.request("POST", cname, name, headers=headers)
        if isinstance(extra_info, dict):
            extra_info.update(status=response.status, reason=response.reason, headers=dict(response.headers))

    def remove_object_metadata_key(self, container: Any, obj: Any, key: str, prefix: str | None = None) -> None:
        """Remove one metadata key (nothing happens when it is not set)."""
        cname, name = self._cname(container), self._oname(obj)
        current = self.connection.head_object(cname, name)
        use = meta.OBJECT_PREFIX if prefix is None else prefix
        full = key if key.lower().startswith(use.lower()) else use + key
        carried = self._carried_object_headers(current)
        remaining = {k: v for k, v in carried.items() if k.lower() != full.lower()}
        if len(remaining) != len(carried):
            self._post_object(cname, name, remaining)

    def delete_object_in_seconds(self, cont: Any, obj: Any, seconds: int, extra_info: Any = None) -> None:
        """Have Swift delete the object after *seconds* (``X-Delete-After``), keeping its metadata."""
        non_negative("seconds", seconds)
        cname, name = self._cname(cont), self._oname(obj)
        current = self.connection.head_object(cname, name)
        carried = {k: v for k, v in self._carried_object_headers(current).items() if k.lower() != "x-delete-at"}
        carried["X-Delete-After"] = str(int(seconds))
        self._post_object(cname, name, carried)


def _joined(chunks: Iterator[bytes], progress: Progress, token: CancelToken) -> bytes:
    """All of *chunks* in memory, reported as they arrive (``fetch_object`` without *chunk_size*)."""
    parts = []
    try:
        for chunk in chunks:
            token.check()
            parts.append(chunk)
            progress.moved(len(chunk))
    finally:
        _close(chunks)
    return b"".join(parts)


def _reported(chunks: Iterator[bytes], progress: Progress) -> Iterator[bytes]:
    """*chunks* as a generator that reports each one as the caller consumes it, and the end (or the error, or an
    early ``close()``, reported as ``TransferCancelled``) to *progress*'s subscribers."""
    progress.queued()
    try:
        for chunk in chunks:
            progress.moved(len(chunk))
            yield chunk
    except GeneratorExit:
        _close(chunks)
        progress.done(TransferCancelled(f"{progress.info.container}/{progress.info.name}: closed before its end"))
        raise
    except BaseException as exc:
        _close(chunks)
        progress.done(exc)
        raise
    progress.done(None)


def _close(chunks: Iterator[bytes]) -> None:
    close = getattr(chunks, "close", None)
    if close is not None:
        close()


def _verified(chunks: Iterator[bytes], verifier: RangeVerifier) -> Iterator[bytes]:
    """The chunks, checked as they pass; ``IntegrityError`` at the end when they are not what the server said."""
    for chunk in chunks:
        verifier.feed(chunk)
        yield chunk
    verifier.finish()


def _check_name_lengths(directory: str | os.PathLike[str], name: str, structure: bool, what: str) -> None:
    """Refuse, naming the object, a name with a path part longer than the local file system allows."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    limit = _name_max(directory)
    for part in parts if structure else parts[-1:]:
        if len(part.encode("utf-8", "surrogateescape")) > limit:
            raise LocalPathConflict(
                f"cannot download {what[:80]!r}...: a part of its name is longer than the {limit} bytes this file "
                "system allows for one file or folder name"
            )


def _name_max(directory: str | os.PathLike[str]) -> int:
    try:
        return int(os.pathconf(directory, "PC_NAME_MAX"))
    except (AttributeError, OSError, ValueError):  # pragma: no cover - platforms without pathconf
        return 255
