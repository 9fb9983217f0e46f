"""Large-object seed methods: reading SLO/DLO segments one by one, and deleting a manifest with its segments.

``fetch_dlo`` (the seed's) and ``fetch_slo`` return ``(segment name, generator)`` pairs: each generator streams
one segment with a single GET when iterated and checks it against the segment's MD5 when exhausted, so a large
object can be copied segment by segment to another cluster without ever holding a segment in memory.

``delete_object_with_segments`` deletes a large object completely (``transfer.deleting.delete_with_segments``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from ..exceptions import NotALargeObject
from ..http.headers import lowered
from ..logs import verbose_lines
from ..swift import bulk
from ..swift.largeobject import ManifestEntry, dlo_manifest, is_slo
from ..transfer.deleting import delete_with_segments
from ..transfer.fetch import iter_dlo_segments, segment_chunks, slo_segments
from .core import Part

log = logging.getLogger("swiftfiles.largeobjects")


class LargeObjectsPart(Part):
    """Large objects segment by segment (stateless)."""

    # -- reading segments ---------------------------------------------------------------------------------------

    def fetch_dlo(
        self, container: Any, name: Any, chunk_size: int | None = None, verbose: bool = False
    ) -> list[tuple[str, Iterator[bytes]]]:
        """The segments of a DLO (Dynamic Large Object) as ``(object_name, fetch_generator)`` pairs, in order.

        Each generator streams its segment (read from the segment container, in reads of *chunk_size* bytes,
        default ``transfer_config.io_chunk_size``) with one GET made when it is first iterated, and raises
        ``IntegrityError`` at the end if the bytes do not match the segment's listed MD5 and size. Concatenated
        in order they give the object's content: useful to copy a DLO to another region or provider segment by
        segment. *verbose* logs the segment count at INFO on ``swiftfiles.largeobjects`` (shown on
        standard error when the application configured no logging). Raises ``NotALargeObject`` (a
        ``ValueError``) when the object is not a DLO.
        """
        cname, oname = self._cname(container), self._oname(name)
        headers = self.connection.head_object(cname, oname)
        manifest = dlo_manifest(headers)
        if not manifest:
            kind = "a static large object (use fetch_slo)" if is_slo(headers) else "a plain object"
            raise NotALargeObject(f"{cname}/{oname} is not a dynamic large object: it is {kind}")
        segments = list(iter_dlo_segments(self.connection, manifest, page_size=self._page_size()))
        with verbose_lines(log.name, verbose):
            log.log(
                logging.INFO if verbose else logging.DEBUG,
                "fetch_dlo %s/%s: %d segments under %s",
                cname,
                oname,
                len(segments),
                manifest,
            )
        return self._segment_generators(segments, chunk_size)

    def fetch_slo(self, container: Any, name: Any, chunk_size: int | None = None) -> list[tuple[str, Iterator[bytes]]]:
        """The segments of an SLO (Static Large Object) as ``(object_name, fetch_generator)`` pairs, in order.

        Like ``fetch_dlo``: nested SLOs are expanded into their own segments, a segment restricted to a ``range``
        yields just that range (checked for length only, since its MD5 covers the whole segment), and a segment
        stored inline in the manifest (``data``) is yielded from memory under the name ``""``. The names are
        object names inside each segment's container. Raises ``NotALargeObject`` when the object is not an SLO.
        """
        cname, oname = self._cname(container), self._oname(name)
        headers = self.connection.head_object(cname, oname)
        if not is_slo(headers):
            kind = "a dynamic large object (use fetch_dlo)" if dlo_manifest(headers) else "a plain object"
            raise NotALargeObject(f"{cname}/{oname} is not a static large object: it is {kind}")
        segments = slo_segments(self.connection, cname, oname, if_match=lowered(headers).get("x-manifest-etag"))
        return self._segment_generators(segments, chunk_size)

    def _segment_generators(
        self, segments: Sequence[ManifestEntry], chunk_size: int | None
    ) -> list[tuple[str, Iterator[bytes]]]:
        config = self.engine.config
        size = int(chunk_size) if chunk_size else config.io_chunk_size
        return [
            (
                entry.name,
                segment_chunks(self.connection, entry, chunk_size=size, resume_attempts=config.resume_attempts),
            )
            for entry in segments
        ]

    # -- deleting -----------------------------------------------------------------------------------------------

    def delete_object_with_segments(self, container: Any, obj: Any) -> bulk.BulkDeleteResult:
        """Delete an object and, when it is a large object, every segment it is made of; returns what was deleted.

        SLO: one ``DELETE ?multipart-manifest=delete``; Swift deletes the manifest, its segments and nested SLOs.
        DLO: the manifest is deleted first, then every object under its ``X-Object-Manifest`` prefix, by bulk
        delete (batches of ``/info`` → ``bulk_delete.max_deletes_per_request``) or, on clusters without it, by
        concurrent single DELETEs. Plain object: a DELETE. Segments that are already gone count in
        ``not_found``, not as errors; any other failure raises the matching ``ClientException`` subclass (e.g.
        ``Conflict``) listing the paths that could not be deleted. ``NoSuchObject`` when the object does not exist.

        ``delete_object`` calls this unless ``TransferConfig.leave_segments`` is set.
        """
        return delete_with_segments(self.engine, self._cname(container), self._oname(obj))
