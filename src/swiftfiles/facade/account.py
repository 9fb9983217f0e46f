"""Account-level seed methods: details, info and metadata."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..swift import metadata as meta
from ..transfer.engine import TransferEngine
from .core import Part
from .tempurls import TempURLPart


class AccountPart(Part):
    """Account details and metadata. A metadata change that touches a TempURL key clears that part's cache."""

    def __init__(self, engine: TransferEngine, tempurls: TempURLPart) -> None:
        super().__init__(engine)
        self.tempurls = tempurls

    def get_account_details(self) -> dict[str, Any]:
        """Account headers without the ``X-Account-`` prefix, dashes as underscores, integers where numeric.

        E.g. ``{"container_count": 3, "object_count": 12, "bytes_used": 4096}``. Metadata is left out (see
        ``get_account_metadata``), as pyrax did.
        """
        return meta.account_details(self.connection.head_account())

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
        current = self.connection.head_account() if clear else None
        headers = meta.update_headers(metadata, prefix, meta.ACCOUNT_PREFIX, "account", current)
        meta.check_limits(headers, meta.ACCOUNT_PREFIX, self.capabilities.metadata_limits)
        self.connection.post_account(headers)
        self.tempurls.forget_key_if(headers)
        return True

    def delete_account_metadata(self, prefix: str | None = None) -> bool:
        """Remove every account metadata item whose header starts with *prefix* (``X-Account-Meta-``)."""
        headers = meta.deletion_headers(self.connection.head_account(), prefix, meta.ACCOUNT_PREFIX, "account")
        if not headers:
            return True
        self.connection.post_account(headers)
        self.tempurls.forget_key_if(headers)
        return True
