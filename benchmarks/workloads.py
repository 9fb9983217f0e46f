"""The benchmark workloads: one small declarative entry each.

A workload says what local data it reads, what the server must hold before each run, how to check the result, and
the command line of each tool. Command templates are split with ``shlex`` and formatted with these fields:

    {container}  the container of this run (fresh and empty for uploads; the shared source for downloads)
    {obj}        the object name           {file}  the local input file     {bytes}  its size
    {dir}        the local input folder    {dirname} its base name           {files}  how many files it holds
    {out}        a fresh empty local output folder for this run
    {url}        the object's storage URL (for curl)
    {reads}      random reads (fs_read_random)  {size}  the object's size in bytes

The harness prepends each tool's fixed prefix: ``swiftfiles`` -> ``python benchmarks/cf_driver.py`` (or, for a
template starting with ``@cli``, the ``swiftfiles`` command line itself, with ``ST_*`` credentials), ``swift`` ->
``swift -A <auth> -U test:tester -K testing``, ``rclone`` -> ``rclone`` (remote ``bench:``, configured from the
environment), ``curl`` -> ``curl -sS -f -H "X-Auth-Token: ..."``; a template starting with ``@fs`` runs
``python benchmarks/fs_driver.py`` (the fsspec workloads, for swiftfiles and swiftspec alike). Tools run with the
data folder as working directory. ``curl`` is a reference (the speed of one plain HTTP stream), not a peer.

To add a workload, append an entry. ``needs`` names the ``StorageClient`` method the swiftfiles row requires: while
it is missing, that row is reported as "pending: needs ..." and the peers still run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KiB = 1 << 10
MiB = 1 << 20
GiB = 1 << 30

CF, SWIFT, RCLONE, CURL = "swiftfiles", "swift", "rclone", "curl"
PEERS = (SWIFT, RCLONE)
REFERENCES = (CURL,)
# The fsspec workloads (tls=True): swiftspec is their peer, the library's own download_object the reference.
SWIFTSPEC, DOWNLOAD_REF = "swiftspec", "download_object"
FS_TOOLS = (SWIFTSPEC, DOWNLOAD_REF)


@dataclass(frozen=True)
class Sizes:
    big: int  # the large file
    single: int  # the single-PUT file
    files: int  # files in the many-small-files folder
    file_size: int  # bytes per small file
    stream: int  # the generated stream (swiftfiles only)
    many: int  # objects for the bulk delete
    one: int = 1  # a one-shot command (start-up, one request)
    parquet: int = 200 * MiB  # the Parquet file read by fs_read_parquet (about: rows of 64 bytes, uncompressed)
    reads: int = 200  # 1 MiB random reads of fs_read_random

    @property
    def random_bytes(self) -> int:
        """What fs_read_random reads: ``reads`` MiB."""
        return self.reads * MiB

    tree_divisor: int = 1  # the sync_million trees hold Workload.count // tree_divisor files

    def describe(self) -> str:
        return (
            f"large file {human(self.big)}, single PUT {human(self.single)}, {self.files} files of "
            f"{human(self.file_size)}, stream {human(self.stream)}, bulk delete of {self.many} objects"
        )


FULL = Sizes(big=1 * GiB, single=256 * MiB, files=2000, file_size=4 * KiB, stream=6 * GiB, many=10_000)
QUICK = Sizes(
    big=64 * MiB,
    single=32 * MiB,
    files=60,
    file_size=4 * KiB,
    stream=128 * MiB,
    many=200,
    parquet=16 * MiB,
    reads=20,
    tree_divisor=100,
)


def human(n: int) -> str:
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} B"


@dataclass(frozen=True)
class Workload:
    key: str
    title: str  # formatted with the Sizes fields through human(): {big}, {single}, {files}, ...
    amount: str  # Sizes field giving the payload: bytes ("big", "single", "stream") or a count ("files", "many",
    #              "tree": the workload's own `count`)
    local: str  # local input: "big" (file), "single" (file), "parquet" (file), "files" (folder), "tree"
    #             (benchmarks/tree.py), "none"
    remote: str  # before each run: "empty", "object" (shared, holds the local file), "objects" (shared, the folder's
    #              files), "many" (fresh container with `many` objects), "primed" (the tool's own command run once),
    #              "broker" (the tree's listing written into the container database, then primed: broker_fill.py)
    check: str  # after each run: "remote_object", "remote_count", "remote_empty", "local_file", "local_tree",
    #             "driver" (the JSON the driver printed, against the local data), "unchanged" (object count, and the
    #             tool's own output: nothing transferred or deleted), "none"
    commands: dict[str, str] = field(default_factory=dict)
    needs: str | None = None  # StorageClient method the swiftfiles row needs
    mutate: float = 0.0  # with remote="primed": fraction of local files rewritten after priming
    note: str = ""
    tls: bool = False  # runs against a second dev server that speaks HTTPS (swiftspec only speaks https://)
    count: int = 0  # with amount="tree": files in the tree (divided by Sizes.tree_divisor)

    @property
    def counts_files(self) -> bool:
        return self.amount in ("files", "many", "one", "tree")

    def payload(self, sizes: Sizes) -> int:
        if self.amount == "tree":
            return max(1, self.count // sizes.tree_divisor)
        return int(getattr(sizes, self.amount))

    def heading(self, sizes: Sizes) -> str:
        values = {name: human(getattr(sizes, name)) for name in ("big", "single", "file_size", "stream", "parquet")}
        values.update(
            files=f"{sizes.files:,}",
            many=f"{sizes.many:,}",
            one="1",
            reads=f"{sizes.reads:,}",
            tree=f"{self.payload(sizes):,}",
        )
        return self.title.format(**values)

    def timeout(self, sizes: Sizes) -> float:
        """Seconds a single tool run may take before it is killed (generous: ~10 MiB/s, 20 files/s)."""
        n = self.payload(sizes)
        primed = self.remote in ("primed", "broker")
        return 120.0 + (n * 0.05 if self.counts_files else n / (10 * MiB)) * (2 if primed else 1)


UPLOAD_FILE = "upload_file --container {container} --obj {obj} --file {file} --size {bytes}"
DOWNLOAD_OBJECT = "download_object --container {container} --obj {obj} --out {out}"

WORKLOADS: list[Workload] = [
    Workload(
        "upload_large",
        "Upload one {big} file (each tool's default large-object mode)",
        amount="big",
        local="big",
        remote="empty",
        check="remote_object",
        commands={
            CF: UPLOAD_FILE,
            SWIFT: "upload {container} {file} --object-name {obj}",
            RCLONE: "copyto {file} bench:{container}/{obj}",
            CURL: "-T {file} -o /dev/null {url}",
        },
        note="Defaults: swift CLI segments only with -S (so one PUT); rclone segments above 5 GiB (one PUT); "
        "swiftfiles segments from TransferConfig.multipart_threshold (2 GiB; 64 MiB until session 4, see "
        "upload_segmented).",
    ),
    Workload(
        "upload_single",
        "Upload one {single} file as a single PUT",
        amount="single",
        local="single",
        remote="empty",
        check="remote_object",
        commands={
            CF: UPLOAD_FILE + " --single-put",
            SWIFT: "upload {container} {file} --object-name {obj}",
            RCLONE: "copyto {file} bench:{container}/{obj}",
            CURL: "-T {file} -o /dev/null {url}",
        },
        note="swiftfiles with TransferConfig(multipart_threshold=2**62); the target compares it with curl -T.",
    ),
    Workload(
        "upload_segmented",
        "Upload one {big} file in 64 MiB segments (each tool's segmented mode)",
        amount="big",
        local="big",
        remote="empty",
        check="remote_object",
        commands={
            CF: UPLOAD_FILE + " --segment-size 67108864",
            SWIFT: "upload {container} {file} --object-name {obj} --use-slo -S 67108864",
            RCLONE: "copyto {file} bench:{container}/{obj} --swift-chunk-size 64M",
        },
        note="What multipart_threshold decides between (issue 14): swiftfiles' default until session 4 (SLO, "
        "8 segments in flight, each segment's MD5 plus the whole file's); swift CLI -S with --use-slo (10 segment "
        "threads); rclone --swift-chunk-size (segments one after the other).",
    ),
    Workload(
        "download_large",
        "Download one {big} object (plain object)",
        amount="big",
        local="big",
        remote="object",
        check="local_file",
        commands={
            CF: DOWNLOAD_OBJECT,
            SWIFT: "download {container} {obj} -o {out}/{obj}",
            RCLONE: "copyto bench:{container}/{obj} {out}/{obj}",
            CURL: "-o {out}/{obj} {url}",
        },
    ),
    Workload(
        "download_single",
        "Download one {single} object (plain object)",
        amount="single",
        local="single",
        remote="object",
        check="local_file",
        commands={
            CF: DOWNLOAD_OBJECT,
            SWIFT: "download {container} {obj} -o {out}/{obj}",
            RCLONE: "copyto bench:{container}/{obj} {out}/{obj}",
            CURL: "-o {out}/{obj} {url}",
        },
    ),
    Workload(
        "upload_files",
        "Upload {files} files of {file_size}",
        amount="files",
        local="files",
        remote="empty",
        check="remote_count",
        commands={
            CF: "upload_files --container {container} --dir {dir}",
            SWIFT: "upload {container} {dirname}",
            RCLONE: "copy {dir} bench:{container}/{dirname}",
        },
        note="swiftfiles: upload_file per file in a ThreadPoolExecutor sharing one client (until upload_folder).",
    ),
    Workload(
        "download_files",
        "Download a container of {files} objects of {file_size} to a folder",
        amount="files",
        local="files",
        remote="objects",
        check="local_tree",
        commands={
            CF: "download_container --container {container} --out {out}",
            SWIFT: "download {container} -D {out}",
            RCLONE: "copy bench:{container} {out}",
        },
        note="swiftfiles: full listing + download_object per object in a ThreadPoolExecutor sharing one client.",
    ),
    Workload(
        "stream_roundtrip",
        "Round trip of a generated {stream} stream (never on local disk)",
        amount="stream",
        local="none",
        remote="empty",
        check="none",
        commands={CF: "stream_roundtrip --container {container} --obj stream.bin --size {bytes}"},
        note="store_object from a generator (unknown length), fetch_object streaming, byte-exact check; the "
        "point is the client's peak RSS.",
    ),
    # -- folder transfers and bulk delete (the later issue) ------------------------------------------------------
    Workload(
        "folder_upload",
        "Upload a folder of {files} files of {file_size}",
        amount="files",
        local="files",
        remote="empty",
        check="remote_count",
        needs="upload_folder",
        commands={
            CF: "upload_folder --container {container} --dir {dir}",
            SWIFT: "upload --changed {container} {dirname}",
            RCLONE: "copy {dir} bench:{container}/{dirname}",
        },
    ),
    Workload(
        "sync_unchanged",
        "Sync a folder of {files} files of {file_size}, nothing changed",
        amount="files",
        local="files",
        remote="primed",
        check="remote_count",
        needs="sync_folder_to_container",
        commands={
            CF: "sync_folder --container {container} --dir {dir}",
            SWIFT: "upload --changed {container} {dirname}",
            RCLONE: "sync {dir} bench:{container}/{dirname}",
        },
        note="Each tool first uploads the folder with the same command (untimed), then runs it again.",
    ),
    Workload(
        "sync_changed",
        "Sync a folder of {files} files of {file_size}, 1% of the files changed",
        amount="files",
        local="files",
        remote="primed",
        mutate=0.01,
        check="remote_count",
        needs="sync_folder_to_container",
        commands={
            CF: "sync_folder --container {container} --dir {dir}",
            SWIFT: "upload --changed {container} {dirname}",
            RCLONE: "sync {dir} bench:{container}/{dirname}",
        },
        note="After the untimed first upload, 1% of the files get new content (same size, new mtime).",
    ),
    Workload(
        "bulk_delete",
        "Delete {many} objects",
        amount="many",
        local="none",
        remote="many",
        check="remote_empty",
        commands={
            CF: "delete_all --container {container}",
            SWIFT: "delete {container}",
            RCLONE: "delete bench:{container}",
        },
        note="swiftfiles uses bulk_delete when it exists, else delete_all_objects; swift delete also removes the "
        "container (bulk-delete middleware); rclone deletes object by object.",
    ),
    # -- the command line against the peers' command lines (issue 11) -------------------------------------------
    Workload(
        "cli_version",
        "`--version` (interpreter start-up and imports only)",
        amount="one",
        local="none",
        remote="empty",
        check="none",
        commands={CF: "@cli --version", SWIFT: "--version", RCLONE: "version"},
    ),
    Workload(
        "cli_stat",
        "`stat` of the account (one-shot: start-up, authentication, one HEAD)",
        amount="one",
        local="none",
        remote="empty",
        check="none",
        commands={CF: "@cli stat", SWIFT: "stat"},
        note="rclone has no account stat.",
    ),
    Workload(
        "cli_list",
        "`list` of a container of {files} objects (one-shot)",
        amount="one",
        local="files",
        remote="objects",
        check="none",
        commands={CF: "@cli list {container}", SWIFT: "list {container}", RCLONE: "lsf -R bench:{container}"},
    ),
    Workload(
        "cli_upload_files",
        "Upload a folder of {files} files of {file_size} through each command line",
        amount="files",
        local="files",
        remote="empty",
        check="remote_count",
        commands={
            CF: "@cli upload {container} {dirname}",
            SWIFT: "upload {container} {dirname}",
            RCLONE: "copy {dir} bench:{container}/{dirname}",
        },
    ),
    Workload(
        "cli_download_files",
        "Download a container of {files} objects through each command line",
        amount="files",
        local="files",
        remote="objects",
        check="local_tree",
        commands={
            CF: "@cli download {container} -D {out}",
            SWIFT: "download {container} -D {out}",
            RCLONE: "copy bench:{container} {out}",
        },
    ),
    Workload(
        "cli_sync_unchanged",
        "Sync a folder of {files} files of {file_size} with nothing changed, through each command line",
        amount="files",
        local="files",
        remote="primed",
        check="remote_count",
        commands={
            CF: "@cli sync {dir} swift://{container}/{dirname}",
            SWIFT: "upload --changed {container} {dirname}",
            RCLONE: "sync {dir} bench:{container}/{dirname}",
        },
        note="After an untimed first run of the same command.",
    ),
    # -- fsspec: swiftfiles.fsspec against swiftspec, on an HTTPS dev server (issue 12) ---------------------------
    Workload(
        "fs_cat_small",
        "`fs.cat` of {files} objects of {file_size} (one list of paths)",
        amount="files",
        local="files",
        remote="objects",
        check="driver",
        tls=True,
        commands={
            CF: "@fs swiftfiles cat_small --container {container} --prefix {dirname}/ --count {files}",
            SWIFTSPEC: "@fs swiftspec cat_small --container {container} --prefix {dirname}/ --count {files}",
        },
        note="Checked: object count, bytes and a CRC-32 of the contents against the local files.",
    ),
    Workload(
        "fs_read_seq",
        "Sequential read of one {big} object through `fs.open(path, 'rb')` (8 MiB reads)",
        amount="big",
        local="big",
        remote="object",
        check="driver",
        tls=True,
        commands={
            CF: "@fs swiftfiles read_seq --container {container} --obj {obj}",
            SWIFTSPEC: "@fs swiftspec read_seq --container {container} --obj {obj}",
            DOWNLOAD_REF: "@fs download_object read_seq --container {container} --obj {obj} --out {out}",
        },
        note="Bytes are counted and discarded. Each filesystem's default block size and cache (swiftfiles 8 MiB, "
        "swiftspec fsspec's 5 MiB, both read-ahead). Reference: swiftfiles' `StorageClient.download_object` of the "
        "same object to a file on tmpfs (target: the sequential read at ≥ 90% of its speed).",
    ),
    Workload(
        "fs_read_random",
        "{reads} random 1 MiB reads (`seek` + `read`) in one {big} object",
        amount="random_bytes",
        local="big",
        remote="object",
        check="driver",
        tls=True,
        commands={
            CF: "@fs swiftfiles read_random --container {container} --obj {obj} --reads {reads} --size {size}",
            SWIFTSPEC: "@fs swiftspec read_random --container {container} --obj {obj} --reads {reads} --size {size}",
        },
        note="The same offsets for every tool (fixed seed, benchmarks/fs_driver.py `random_offsets`), on one "
        "opened file, with each filesystem's default block size and cache as a user gets them (swiftfiles 8 MiB, "
        "swiftspec 5 MiB, both fsspec's read-ahead cache: every read fetches its MiB plus a block). Speed counts "
        "the bytes asked for; checked: bytes and a CRC-32 against the local file at those offsets.",
    ),
    Workload(
        "fs_read_parquet",
        "`pandas.read_parquet('swift://...')` of a {parquet} Parquet file",
        amount="parquet",
        local="parquet",
        remote="object",
        check="driver",
        tls=True,
        commands={
            CF: "@fs swiftfiles read_parquet --container {container} --obj {obj}",
            SWIFTSPEC: "@fs swiftspec read_parquet --container {container} --obj {obj}",
        },
        note="pyarrow engine; the file: seeded random numbers, 4 float64 + 4 int64 columns, no compression, no "
        "dictionary, row groups of 1 Mi rows (size about the given one; speed uses the nominal size). Checked: "
        "rows and columns.",
    ),
]


# -- a million files: memory and wall time against the size of the tree (issue 14) ---------------------------------

#: rclone's comparison of the listing's MD5s with the local files' (read on every run: rclone keeps no hash cache).
#: ``--swift-no-large-objects``: without it rclone 1.60 sends a HEAD per object to rule out large objects (51 s
#: for 10,000 files here, nearly all of it server CPU); the issue's peer compares the listing alone.
RCLONE_SYNC_CHECKSUM = "sync --checksum --swift-no-large-objects -v {dir} bench:{container}"


def _sync_tree(key: str, count: int, rclone: bool = True) -> Workload:
    commands = {CF: "sync_folder --container {container} --dir {dir}"}
    if rclone:
        commands[RCLONE] = RCLONE_SYNC_CHECKSUM
    return Workload(
        key,
        "Sync a tree of {tree} small files (folders of 1,000) with a container listing the same, nothing changed",
        amount="tree",
        local="tree",
        remote="broker",
        check="unchanged",
        commands=commands,
        count=count,
        note="The listing is written into Swift's container database (benchmarks/broker_fill.py: the rows a PUT "
        "writes, with each file's real size and MD5; no object bodies), read through the real proxy. Each tool "
        "first runs the same command untimed (swiftfiles fills its hash cache), then again; the check wants the "
        "object count unchanged and nothing transferred or deleted (swiftfiles' counts, rclone's "
        '"There was nothing to transfer").',
    )


WORKLOADS += [
    _sync_tree("sync_million_10k", 10_000),
    _sync_tree("sync_million_100k", 100_000),
    _sync_tree("sync_million", 1_000_000),
    Workload(
        "sync_new",
        "First sync of a folder of {files} new files of {file_size} to an empty container",
        amount="files",
        local="files",
        remote="empty",
        check="remote_count",
        needs="sync_folder_to_container",
        commands={
            CF: "sync_folder --container {container} --dir {dir}",
            SWIFT: "upload --changed {container} {dirname}",
            RCLONE: "sync {dir} bench:{container}/{dirname}",
        },
        note="With folder_upload at --set files=2000 and 20000: peak RSS must not grow with the number of files.",
    ),
]

#: The points of the sync_million curve, in order.
MILLION_CURVE = ("sync_million_10k", "sync_million_100k", "sync_million")


def by_key() -> dict[str, Workload]:
    return {w.key: w for w in WORKLOADS}
