"""``TransferConfig``: every knob of the transfer engine, documented in one place."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True)
class TransferConfig:
    """How uploads and downloads are carried out. Immutable; pass one to ``StorageClient(transfer_config=...)``.

    concurrency: worker threads per client for segments, ranged parts and files (connections follow it).
    multipart_threshold: files and buffers of at least this many bytes become segmented large objects (always
        kept below the cluster's ``max_file_size``); smaller ones go in one verified PUT. Why 2 GiB: a segmented
        upload hashes every byte twice (each segment's MD5 for its ETag, and the whole file's, stored for syncs)
        and sends one request per segment plus the manifest; that pays only where parallel streams get more
        bandwidth than one (clusters with several proxies and object servers) and for files big enough that a
        dropped single PUT would be costly to redo. On one node a single PUT of 1 GiB took 4.1 s of wall time
        against 4.7-6.2 s segmented (``benchmarks/ANALYSIS.md``). Lower it on a multi-node cluster to get
        parallel segments for smaller files.
    segment_size: preferred segment size; raised automatically so that any size fits the cluster's segment limit
        (``/info`` → ``slo.max_manifest_segments``).
    stream_segment_size: segment size for streams of unknown length; with ``stream_read_ahead`` it bounds the
        memory such an upload uses.
    stream_read_ahead: how many chunks of a stream may be read ahead of the network.
    use_slo: static large objects when the cluster has them; False forces dynamic (DLO) manifests.
    segment_container_suffix: segments go to ``<container><suffix>``.
    leave_segments: keep the old segments when a large object is overwritten or deleted.
    keep_segments_on_failure: keep the segments of a failed upload (to resume it later) instead of deleting them.
    multipart_download_threshold: downloads of at least this many bytes use ``concurrency`` parallel ranged GETs.
    download_part_size: bytes per ranged GET of a parallel download.
    io_chunk_size: bytes per read/write between disk and network.
    max_bandwidth: bytes per second across the transfers of one manager (None: unlimited).
    resume_attempts: how often a download dropped mid-body is resumed with ``Range`` + ``If-Match``.
    max_queued_transfers: how many whole transfers (files, objects) may be queued or running at once; submitting
        more waits. It bounds the memory of syncs and folder uploads whatever the number of files.
    store_mtime: uploads from a path store the file's modification time as ``X-Object-Meta-Mtime`` (as swift's CLI
        does; False is its ``--ignore-mtime``). Syncs always store it: they compare by it.
    """

    concurrency: int = 8
    multipart_threshold: int = 2 * GiB
    segment_size: int = 64 * MiB
    stream_segment_size: int = 8 * MiB
    stream_read_ahead: int = 2
    use_slo: bool = True
    segment_container_suffix: str = "_segments"
    leave_segments: bool = False
    keep_segments_on_failure: bool = False
    multipart_download_threshold: int = 64 * MiB
    download_part_size: int = 32 * MiB
    io_chunk_size: int = 1 * MiB
    max_bandwidth: int | None = None
    resume_attempts: int = 5
    max_queued_transfers: int = 256
    store_mtime: bool = True

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if self.max_queued_transfers < 1:
            raise ValueError("max_queued_transfers must be at least 1")
        for name in (
            "multipart_threshold",
            "segment_size",
            "stream_segment_size",
            "download_part_size",
            "io_chunk_size",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be positive")
        if self.max_bandwidth is not None and self.max_bandwidth < 1:
            raise ValueError("max_bandwidth must be positive or None")
