"""Account-level seed methods: details, info and metadata."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..swift import metadata as meta
from .core import ClientCore


class AccountMixin(ClientCore):
    def get_account_details(self) -> dict[str, Any]:
        """Account headers without the ``X-Account-`` prefix, dashes as underscores, integers where numeric.

        E.g. ``{"container_count": 3, "object_count": 12, "bytes_used": 4096}``. Metadata is left out (see
        ``get_account_metadata``), as pyrax did.
        """
        details: dict[str, Any] = {}
        for key, value in self.connection.head_account().items():
            low = key.lower()
            if low.startswith("x-account-") and not low.startswith("x-account-meta-"):
                name = low[len("x-account-") :].replace("-", "_")
                try:
                    details[name] = int(value)
                except ValueError:
                    details[name] = value
        return details

    def get_account_info(self) -> tuple[int, int]:
        """``(container_count, bytes_used)`` for the account."""
        headers = self.connection.head_account()
        return int(headers.get("X-Account-Container-Count", 0)), int(headers.get("X-Account-Bytes-Used", 0))

    def get_account_metadata(self, prefix: str | None = None) -> dict[str, str]:
        """Account metadata keyed by lower-cased header name (``x-account-meta-*`` unless *prefix* is given)."""
        return meta.extract(self.connection.head_account(), meta.ACCOUNT_PREFIX if prefix is None else prefix)

    def set_account_metadata(
        self,
        metadata: Mapping[str, Any],
        clear: bool = False,
        prefix: str | None = None,
        extra_info: Any = None,
    ) -> bool:
        """Add or update account metadata; with ``clear=True`` also remove every key not in *metadata*."""
        headers = meta.prefixed_headers(metadata, prefix, meta.ACCOUNT_PREFIX)
        if clear:
            existing = meta.extract(self.connection.head_account(), meta.ACCOUNT_PREFIX)
            keep = {k.lower() for k in headers}
            headers = {**meta.removal_headers((k for k in existing if k not in keep), "account"), **headers}
        meta.check_limits(headers, meta.ACCOUNT_PREFIX, self.capabilities.metadata_limits)
        self.connection.post_account(headers)
        self._forget_temp_url_key_if(headers)
        return True

    def delete_account_metadata(self, prefix: str | None = None) -> bool:
        """Remove every account metadata item whose header starts with *prefix* (``X-Account-Meta-``)."""
        use = meta.ACCOUNT_PREFIX if prefix is None else prefix
        existing = meta.extract(self.connection.head_account(), use)
        if not existing:
            return True
        if use.lower() == meta.ACCOUNT_PREFIX.lower():
            headers = meta.removal_headers(existing, "account")
        else:
            headers = {key: "" for key in existing}
        self.connection.post_account(headers)
        self._forget_temp_url_key_if(headers)
        return True

    def _forget_temp_url_key_if(self, headers: Mapping[str, str]) -> None:
        if any("temp-url-key" in k.lower() for k in headers):
            with self._key_lock:
                self._temp_url_key, self._temp_url_key_known = None, False
