"""Cloud Files CDN values: a container's CDN state, the CDN API's TTL bounds and the headers it accepts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: Bounds the CDN API enforces on ``X-Ttl`` (seconds), and its default.
MIN_TTL = 900
MAX_TTL = 31_536_000

#: The only headers the CDN API accepts on a container POST.
CDN_METADATA_HEADERS = {"x-ttl": "X-Ttl", "x-cdn-enabled": "X-Cdn-Enabled", "x-log-retention": "X-Log-Retention"}


@dataclass(frozen=True)
class CDNInfo:
    """A container's CDN state (``HEAD`` on the CDN host); a never-enabled container is all False/None."""

    enabled: bool = False
    ttl: int | None = None
    log_retention: bool = False
    uri: str | None = None
    ssl_uri: str | None = None
    streaming_uri: str | None = None
    ios_uri: str | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> CDNInfo:
        lowered = {k.lower(): v for k, v in headers.items()}
        ttl = lowered.get("x-ttl")
        return cls(
            enabled=lowered.get("x-cdn-enabled", "").lower() == "true",
            ttl=int(ttl) if ttl and ttl.isdigit() else None,
            log_retention=lowered.get("x-log-retention", "").lower() == "true",
            uri=lowered.get("x-cdn-uri"),
            ssl_uri=lowered.get("x-cdn-ssl-uri"),
            streaming_uri=lowered.get("x-cdn-streaming-uri"),
            ios_uri=lowered.get("x-cdn-ios-uri"),
        )


def checked_ttl(ttl: int) -> int:
    """*ttl* if the CDN accepts it (900 s to a year), else ``ValueError`` before any request."""
    if not MIN_TTL <= ttl <= MAX_TTL:
        raise ValueError(f"CDN TTL must be between {MIN_TTL} and {MAX_TTL} seconds, not {ttl}")
    return ttl
