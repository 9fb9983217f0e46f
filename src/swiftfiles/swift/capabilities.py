"""The cluster's ``/info`` document, read once per client and used to decide behaviour.

Everything has a documented Swift default, so a cluster that hides ``/info`` (some do) still gets sensible limits.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .metadata import MetadataLimits


@dataclass(frozen=True)
class Capabilities:
    """Typed view of ``GET /info``; ``raw`` keeps the whole document for anything not modelled here.

    The limits every request checks (name lengths, metadata limits) are computed once per instance.
    """

    raw: Mapping[str, Any] = field(default_factory=dict)

    def _swift(self, key: str, default: int) -> int:
        value = self.raw.get("swift", {}).get(key, default)
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def has(self, middleware: str) -> bool:
        """True when ``/info`` lists *middleware* (e.g. ``"slo"``, ``"bulk_delete"``, ``"tempurl"``)."""
        return middleware in self.raw

    def section(self, middleware: str) -> Mapping[str, Any]:
        value = self.raw.get(middleware)
        return value if isinstance(value, Mapping) else {}

    @property
    def known(self) -> bool:
        """False when the cluster did not publish ``/info``."""
        return bool(self.raw)

    @functools.cached_property
    def max_file_size(self) -> int:
        return self._swift("max_file_size", 5 * 1024**3 + 2)

    @functools.cached_property
    def max_object_name_length(self) -> int:
        return self._swift("max_object_name_length", 1024)

    @functools.cached_property
    def max_container_name_length(self) -> int:
        return self._swift("max_container_name_length", 256)

    @functools.cached_property
    def container_listing_limit(self) -> int:
        return self._swift("container_listing_limit", 10000)

    @functools.cached_property
    def account_listing_limit(self) -> int:
        return self._swift("account_listing_limit", 10000)

    @functools.cached_property
    def metadata_limits(self) -> MetadataLimits:
        return MetadataLimits(
            max_name_length=self._swift("max_meta_name_length", 128),
            max_value_length=self._swift("max_meta_value_length", 256),
            max_count=self._swift("max_meta_count", 90),
            max_overall_size=self._swift("max_meta_overall_size", 4096),
        )

    @property
    def tempurl_methods(self) -> frozenset[str]:
        """Methods the tempurl middleware signs (``/info`` → ``tempurl.methods``; Swift's default list otherwise)."""
        methods = self.section("tempurl").get("methods") or ["GET", "HEAD", "PUT", "POST", "DELETE"]
        return frozenset(str(m).upper() for m in methods)

    @property
    def tempurl_digests(self) -> tuple[str, ...]:
        """Digests the tempurl middleware accepts, strongest preference first."""
        digests = self.section("tempurl").get("allowed_digests") or ["sha1", "sha256", "sha512"]
        return tuple(d for d in ("sha256", "sha512", "sha1") if d in digests)
