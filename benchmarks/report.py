"""Turn the measured runs into ``RESULTS.md``: one table per workload, the targets, the machine and the versions."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from .measure import Measurement
from .serverlog import RequestCounts
from .workloads import (
    CF,
    CURL,
    DOWNLOAD_REF,
    FS_TOOLS,
    MILLION_CURVE,
    PEERS,
    RCLONE,
    SWIFT,
    SWIFTSPEC,
    MiB,
    Sizes,
    Workload,
)

LABELS = {
    CF: "swiftfiles",
    "swift": "swift CLI (python-swiftclient)",
    "rclone": "rclone",
    CURL: "curl (reference)",
    SWIFTSPEC: "swiftspec 0.0.4 (aiohttp)",
    DOWNLOAD_REF: "swiftfiles download_object (reference)",
}

# The targets from the benchmark issue.
WALL_RATIO_MAX = 0.8  # swiftfiles wall / faster peer's wall
CPU_RATIO_MAX = 0.5  # swiftfiles client CPU / cheaper peer's client CPU
RSS_MAX_MIB = 100.0  # swiftfiles peak RSS
CURL_SPEED_MIN = 0.9  # swiftfiles single-stream upload speed / curl -T's
FLOOR_RATIO_MAX = 1.3  # swiftfiles client CPU per GiB / the floor (MD5 + one copy), issue 14
BYTE_WORKLOADS = ("upload_large", "upload_single", "download_large", "download_single")
FS_SEQ_SPEED_MIN = 0.9  # fs_read_seq: swiftfiles' filesystem speed / download_object's (issue 12)
# The sync_million targets (issue 14): peak RSS at a million files, a flat curve from 100,000 on (RSS(1M) at most
# FLAT_FACTOR × RSS(100k) + FLAT_SLACK_MIB), and the wall time at 100,000 files against rclone --checksum's.
MILLION_RSS_MAX_MIB = 150.0
FLAT_FACTOR, FLAT_SLACK_MIB = 1.1, 5.0
MILLION_WALL_RATIO_MAX = 0.2


@dataclass
class ToolResult:
    tool: str
    runs: list[Measurement] = field(default_factory=list)
    pending: str | None = None  # "needs StorageClient.x"
    unavailable: str | None = None

    @property
    def ok_runs(self) -> list[Measurement]:
        return [m for m in self.runs if m.ok]

    def median(self, attr: str) -> float | None:
        values = [float(getattr(m, attr)) for m in self.ok_runs]
        return statistics.median(values) if values else None

    @property
    def wall(self) -> float | None:
        return self.median("wall_s")

    @property
    def cpu(self) -> float | None:
        return self.median("cpu_s")

    @property
    def rss(self) -> float | None:
        return self.median("rss_mib")

    @property
    def server(self) -> float | None:
        return self.median("server_cpu_s")

    @property
    def other(self) -> float | None:
        return self.median("other_cpu_s")

    @property
    def requests(self) -> RequestCounts | None:
        """The request counts of the median run (by wall time) among the successful ones."""
        counted = sorted((m for m in self.ok_runs if m.requests is not None), key=lambda m: m.wall_s)
        return counted[len(counted) // 2].requests if counted else None


@dataclass
class WorkloadResult:
    workload: Workload
    heading: str
    payload: int
    tools: dict[str, ToolResult] = field(default_factory=dict)
    setup_error: str | None = None

    def peers(self) -> list[ToolResult]:
        return [r for t, r in self.tools.items() if t in PEERS and r.wall is not None]


def fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return a / b


def throughput(result: WorkloadResult, wall: float | None) -> str:
    if wall is None or wall <= 0:
        return "—"
    if result.workload.counts_files:
        unit = "objects" if result.workload.amount == "many" else "files"
        return f"{result.payload / wall:,.0f} {unit}/s"
    return f"{result.payload / MiB / wall:,.1f} MiB/s"


def workload_section(result: WorkloadResult) -> list[str]:
    w = result.workload
    lines = [f"### `{w.key}`: {result.heading}", ""]
    if w.note:
        lines += [w.note, ""]
    if result.setup_error:
        return lines + [f"**Setup failed:** {result.setup_error}", ""]
    lines += [
        "| tool | ok runs | wall s (median) | speed | client CPU s | peak RSS MiB | server CPU s "
        "| swiftfiles/tool wall | swiftfiles/tool CPU | wall s (each run) | other CPU s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    cf = result.tools.get(CF)
    notes: list[str] = []
    for tool, r in result.tools.items():
        label = LABELS.get(tool, tool)
        if r.pending or r.unavailable:
            status = f"pending: {r.pending}" if r.pending else f"unavailable: {r.unavailable}"
            lines.append(f"| {label} | {status} | | | | | | | | | |")
            continue
        walls = " / ".join(f"{m.wall_s:.2f}" if m.ok else "fail" for m in r.runs)
        if tool != CF and cf is not None:
            wall_ratio, cpu_ratio = fmt(ratio(cf.wall, r.wall)), fmt(ratio(cf.cpu, r.cpu))
        else:
            wall_ratio = cpu_ratio = "—"
        lines.append(
            f"| {label} | {len(r.ok_runs)}/{len(r.runs)} | {fmt(r.wall)} | {throughput(result, r.wall)} "
            f"| {fmt(r.cpu)} | {fmt(r.rss, 1)} | {fmt(r.server)} | {wall_ratio} | {cpu_ratio} | {walls} "
            f"| {fmt(r.other)} |"
        )
        for m in r.runs:
            if not m.ok:
                notes.append(f"- {label} failed: {m.why()}")
        if tool == CF or tool in FS_TOOLS:
            api = next((m.extra.get("api") for m in r.ok_runs if m.extra.get("api")), None)
            if api:
                notes.append(f"- {label} API: `{api}`")
            details = [
                f"{k}={v}"
                for k, v in (r.ok_runs[-1].extra.items() if r.ok_runs else [])
                if k in ("upload_s", "download_s", "rss_after_upload_mib", "verified", "transferred", "skipped")
            ]
            if details:
                notes.append("- swiftfiles (last run): " + ", ".join(details))
    counted = [(LABELS.get(tool, tool), r.requests) for tool, r in result.tools.items() if r.requests is not None]
    if counted:
        notes.append(
            "- requests per run (server access log; client requests by method, then the subrequests Swift's "
            "middlewares made for them): "
            + "; ".join(
                f"{label} {c.describe()}" + (f" + {c.subrequests:,} sub" if c.subrequests else "")
                for label, c in counted
            )
        )
    # de-duplicate repeated failure messages
    seen: set[str] = set()
    unique = [n for n in notes if not (n in seen or seen.add(n))]
    return lines + [""] + unique + ([""] if unique else [])


@dataclass
class Target:
    name: str
    workload: str
    measured: str
    needed: str
    met: bool | None  # None: not evaluated


def evaluate_targets(results: list[WorkloadResult], floor: float | None = None) -> list[Target]:
    targets: list[Target] = []
    for res in results:
        cf = res.tools.get(CF)
        key = res.workload.key
        if cf is None or cf.pending or cf.unavailable:
            continue
        if res.workload.tls:  # the fsspec workloads have their own targets
            targets += fs_targets(res, cf)
            continue
        peers = res.peers()
        if cf.wall is None:
            targets.append(Target("all targets", key, "swiftfiles failed", "a successful run", False))
            continue
        if peers:
            fastest = min(peers, key=lambda r: r.wall or 0.0)
            value = ratio(cf.wall, fastest.wall)
            targets.append(
                Target(
                    "wall time ≤ 0.8 × faster peer",
                    key,
                    f"{fmt(value)} (vs {LABELS[fastest.tool]} {fmt(fastest.wall)} s)",
                    f"≤ {WALL_RATIO_MAX}",
                    value is not None and value <= WALL_RATIO_MAX,
                )
            )
            cheapest = min(peers, key=lambda r: r.cpu or 0.0)
            value = ratio(cf.cpu, cheapest.cpu)
            targets.append(
                Target(
                    "client CPU ≤ cheaper peer (issue 14)",
                    key,
                    f"{fmt(value)} (vs {LABELS[cheapest.tool]} {fmt(cheapest.cpu)} s)",
                    "≤ 1.0",
                    value is not None and value <= 1.0,
                )
            )
            targets.append(
                Target(
                    "client CPU ≤ 0.5 × cheaper peer",
                    key,
                    f"{fmt(value)} (vs {LABELS[cheapest.tool]} {fmt(cheapest.cpu)} s)",
                    f"≤ {CPU_RATIO_MAX}",
                    value is not None and value <= CPU_RATIO_MAX,
                )
            )
        counted = [r for r in peers if r.requests is not None]
        if cf.requests is not None and counted:
            fewest = min(counted, key=lambda r: r.requests.total if r.requests else 0)
            assert fewest.requests is not None
            targets.append(
                Target(
                    "requests ≤ cheapest peer (issue 14)",
                    key,
                    f"{cf.requests.total:,} (vs {LABELS[fewest.tool]} {fewest.requests.total:,})",
                    f"≤ {fewest.requests.total:,}",
                    cf.requests.total <= fewest.requests.total,
                )
            )
        if floor is not None and key in BYTE_WORKLOADS and cf.cpu is not None:
            gib = res.payload / (1 << 30)
            per_gib = cf.cpu / gib
            targets.append(
                Target(
                    f"client CPU per GiB ≤ {FLOOR_RATIO_MAX} × floor (MD5 + one copy: {floor:.2f} s/GiB)",
                    key,
                    f"{per_gib:.2f} s/GiB ({per_gib / floor:.2f} × floor)",
                    f"≤ {FLOOR_RATIO_MAX * floor:.2f} s/GiB",
                    per_gib <= FLOOR_RATIO_MAX * floor,
                )
            )
        if cf.rss is not None:
            targets.append(
                Target("peak RSS < 100 MiB", key, f"{cf.rss:.1f} MiB", f"< {RSS_MAX_MIB:.0f} MiB", cf.rss < RSS_MAX_MIB)
            )
        swift = res.tools.get(SWIFT)
        if key in ("cli_stat", "cli_list") and swift is not None and swift.wall is not None:
            value = ratio(cf.wall, swift.wall)
            targets.append(
                Target(
                    "one-shot command no slower than swift's (issue 11)",
                    key,
                    f"{fmt(value)} ({fmt(cf.wall)} s vs {fmt(swift.wall)} s)",
                    "≤ 1.0",
                    value is not None and value <= 1.0,
                )
            )
        if key == "cli_version":
            targets.append(
                Target("`swiftfiles --version` well under 0.1 s", key, f"{fmt(cf.wall)} s", "< 0.1 s", cf.wall < 0.1)
            )
        curl = res.tools.get(CURL)
        if key == "upload_single":
            if curl is not None and curl.wall is not None:
                value = ratio(curl.wall, cf.wall)  # speed ratio = inverse wall ratio
                targets.append(
                    Target(
                        "single-stream upload ≥ 90% of curl -T",
                        key,
                        f"{fmt(value)} ({throughput(res, cf.wall)} vs curl {throughput(res, curl.wall)})",
                        f"≥ {CURL_SPEED_MIN}",
                        value is not None and value >= CURL_SPEED_MIN,
                    )
                )
            else:
                targets.append(Target("single-stream upload ≥ 90% of curl -T", key, "curl not measured", "", None))
    return targets + million_targets(results)


def _curve(results: list[WorkloadResult]) -> dict[str, WorkloadResult]:
    return {r.workload.key: r for r in results if r.workload.key in MILLION_CURVE}


def million_targets(results: list[WorkloadResult]) -> list[Target]:
    """The targets of the sync_million curve, for whichever of its points ran."""
    curve = _curve(results)
    targets: list[Target] = []

    def cf_of(key: str) -> ToolResult | None:
        res = curve.get(key)
        tool = res.tools.get(CF) if res else None
        return tool if tool is not None and tool.wall is not None else None

    million, hundred_k = cf_of("sync_million"), cf_of("sync_million_100k")
    if million is not None and million.rss is not None:
        targets.append(
            Target(
                "peak RSS at 1,000,000 files < 150 MiB",
                "sync_million",
                f"{million.rss:.1f} MiB",
                f"< {MILLION_RSS_MAX_MIB:.0f} MiB",
                million.rss < MILLION_RSS_MAX_MIB,
            )
        )
    if million is not None and hundred_k is not None and million.rss is not None and hundred_k.rss is not None:
        limit = FLAT_FACTOR * hundred_k.rss + FLAT_SLACK_MIB
        targets.append(
            Target(
                "RSS flat from 100,000 files on",
                "sync_million",
                f"{million.rss:.1f} MiB at 1M vs {hundred_k.rss:.1f} MiB at 100k",
                f"≤ {FLAT_FACTOR} × RSS(100k) + {FLAT_SLACK_MIB:.0f} MiB = {limit:.1f} MiB",
                million.rss <= limit,
            )
        )
    res = curve.get("sync_million_100k")
    rclone = res.tools.get(RCLONE) if res else None
    if hundred_k is not None and rclone is not None and rclone.wall is not None:
        value = ratio(hundred_k.wall, rclone.wall)
        targets.append(
            Target(
                "wall time at 100,000 files ≤ 0.2 × rclone --checksum",
                "sync_million_100k",
                f"{fmt(value)} ({fmt(hundred_k.wall)} s vs {fmt(rclone.wall)} s)",
                f"≤ {MILLION_WALL_RATIO_MAX}",
                value is not None and value <= MILLION_WALL_RATIO_MAX,
            )
        )
    if million is not None:
        targets.append(
            Target("wall time at 1,000,000 files (reported)", "sync_million", f"{fmt(million.wall)} s", "", None)
        )
    return targets


def fs_targets(res: WorkloadResult, cf: ToolResult) -> list[Target]:
    """Issue 12: faster than swiftspec on each fs_* workload; the sequential read ≥ 90% of download_object's."""
    key = res.workload.key
    if cf.wall is None:
        return [Target("all targets", key, "swiftfiles failed", "a successful run", False)]
    targets: list[Target] = []
    peer = res.tools.get(SWIFTSPEC)
    if peer is not None and peer.wall is not None:
        value = ratio(cf.wall, peer.wall)
        measured = f"{fmt(value)} ({fmt(cf.wall)} s vs {fmt(peer.wall)} s)"
        targets.append(Target("fsspec: faster than swiftspec", key, measured, "< 1.0", value is not None and value < 1))
    else:
        why = peer.unavailable or "failed" if peer is not None else "not run"
        targets.append(Target("fsspec: faster than swiftspec", key, f"swiftspec {why}", "", None))
    ref = res.tools.get(DOWNLOAD_REF)
    if ref is not None:
        value = ratio(ref.wall, cf.wall)  # speed ratio = inverse wall ratio
        targets.append(
            Target(
                "fsspec: sequential read ≥ 90% of download_object",
                key,
                f"{fmt(value)} ({throughput(res, cf.wall)} vs {throughput(res, ref.wall)})",
                f"≥ {FS_SEQ_SPEED_MIN}",
                None if value is None else value >= FS_SEQ_SPEED_MIN,
            )
        )
    return targets


def curve_section(results: list[WorkloadResult]) -> list[str]:
    """One table for the sync_million points: how wall time, CPU and peak RSS grow with the tree."""
    curve = _curve(results)
    if not curve:
        return []
    lines = [
        "## sync_million: a nothing-changed sync against the size of the tree",
        "",
        "Medians; the listing is written into the container database (see the workload's note). swiftfiles "
        "reads its hash cache, rclone --checksum reads every file.",
        "",
        "| files | swiftfiles wall s | CPU s | peak RSS MiB | rclone wall s | CPU s | peak RSS MiB | wall ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key in MILLION_CURVE:
        res = curve.get(key)
        if res is None:
            continue
        cf, rc = res.tools.get(CF), res.tools.get(RCLONE)
        cells = []
        for tool in (cf, rc):
            if tool is None or tool.wall is None:
                cells += ["—", "—", "—"]
            else:
                cells += [fmt(tool.wall), fmt(tool.cpu), fmt(tool.rss, 1)]
        wall_ratio = fmt(ratio(cf.wall, rc.wall)) if cf is not None and rc is not None else "—"
        lines.append(f"| {res.payload:,} | " + " | ".join(cells) + f" | {wall_ratio} |")
    return lines + [""]


def targets_section(targets: list[Target]) -> list[str]:
    met = sum(1 for t in targets if t.met)
    missed = sum(1 for t in targets if t.met is False)
    lines = [
        "## Targets",
        "",
        f"{met} met, {missed} missed. Peers are the swift CLI and rclone (curl is only the single-stream reference); "
        "for the fs_* workloads (fsspec, over HTTPS) swiftspec, with download_object as the sequential reference.",
        "",
        "| target | workload | measured | needed | result |",
        "|---|---|---|---|---|",
    ]
    for t in targets:
        verdict = "not evaluated" if t.met is None else ("**met**" if t.met else "**missed**")
        lines.append(f"| {t.name} | `{t.workload}` | {t.measured} | {t.needed} | {verdict} |")
    return lines + [""]


def render(
    results: list[WorkloadResult],
    *,
    sizes: Sizes,
    quick: bool,
    repeat: int,
    machine: dict[str, str],
    versions: dict[str, str],
    command: str,
    started: str,
    duration_s: float,
    floor: float | None = None,
) -> str:
    lines = [
        "# swiftfiles benchmarks",
        "",
        f"Generated by `{command}` on {started} (took {duration_s / 60:.1f} min). "
        + ("**Quick mode: scaled-down sizes, not representative.** " if quick else "")
        + f"{repeat} repetition(s) unless the command gave a workload its own (`--only name:N`); tools "
        "alternate within each repetition (the order rotates every repetition). "
        "Each tool run is a child process: wall time from start to exit (interpreter start included); client "
        "CPU = user+sys of the process and its children; peak RSS = the tool's own ru_maxrss (via GNU time); "
        "server CPU = user+sys of the Swift dev server process over the run; other CPU = what the rest of the "
        "machine used meanwhile (noise: 2 cores are shared by client, server and anything else running). "
        "Medians of the successful runs. Ratios are swiftfiles/tool (below 1: swiftfiles is faster or cheaper). "
        "Speed is payload / wall time.",
        "",
        f"Sizes: {sizes.describe()}. Data and the Swift server's state live on tmpfs (/dev/shm).",
        "",
    ]
    if floor is not None:
        lines += [
            f"**Floor for the byte workloads: {floor:.2f} s of CPU per GiB** (MD5 of every byte plus one copy of it, "
            "measured by the harness on this machine before the runs: what any client that verifies its data pays "
            "at least; the issue's target is within 1.3× of it).",
            "",
        ]
    lines += targets_section(evaluate_targets(results, floor))
    lines += curve_section(results)
    lines += ["## Workloads", ""]
    for res in results:
        lines += workload_section(res)
    lines += ["## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine.items()]
    lines += ["", "## Versions", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in versions.items()]
    lines += [""]
    return "\n".join(lines)
