"""Requests per tool run, counted from the dev server's access log.

Server CPU differences between tools on the same workload come from what they ask the server to do, so RESULTS.md
prints how many requests each tool sent. The harness starts the dev server at log level INFO, so Swift's
``proxy_logging`` middleware writes one ``proxy-access`` line per request to ``server.log`` (the backend servers log
their own lines too, which costs every tool the same). Fields of an access line are space-separated and
URL-quoted; the ones used here are the method (4th), the user agent (9th) and ``swift.source`` (17th), which is
``-`` for a request from a client and names the middleware (``SLO``, ``BD``, ...) for a subrequest it made.

The harness's own setup and checks carry ``swiftadmin.USER_AGENT`` and are left out, with the subrequests they
cause (Swift appends the middleware's name to the user agent of a subrequest).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .swiftadmin import USER_AGENT

MARKER = " proxy-access INFO: "
METHOD, USER_AGENT_FIELD, SOURCE = 3, 8, 16


@dataclass
class RequestCounts:
    """Client requests by method, and the subrequests Swift's middlewares made for them."""

    by_method: Counter[str] = field(default_factory=Counter)
    subrequests: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_method.values())

    def describe(self) -> str:
        methods = ", ".join(f"{m} {n:,}" for m, n in sorted(self.by_method.items(), key=lambda kv: -kv[1]))
        return f"{self.total:,} ({methods})" if methods else "0"


class ServerLog:
    """Reads the access lines appended to the dev server's log since a mark."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def mark(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def count_since(self, offset: int) -> RequestCounts:
        counts = RequestCounts()
        try:
            with self.path.open("rb") as fh:
                fh.seek(offset)
                data = fh.read()
        except OSError:
            return counts
        for raw in data.decode("utf-8", "replace").splitlines():
            _, found, rest = raw.partition(MARKER)
            if not found:
                continue
            fields = rest.split(" ")
            if len(fields) <= SOURCE or fields[USER_AGENT_FIELD].startswith(USER_AGENT):  # its subrequests too
                continue
            if fields[SOURCE] == "-":
                counts.by_method[fields[METHOD]] += 1
            else:
                counts.subrequests += 1
        return counts
