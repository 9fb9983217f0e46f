"""Clients for the session's Swift that go through a ``FaultProxy`` (every request, authentication included)."""

from __future__ import annotations

from typing import Any

from swiftfiles import RetryPolicy, StorageClient, TransferConfig

from .faultproxy import FaultProxy

USER = "test:tester"
#: Retries without real waiting, so fault tests stay fast.
FAST = RetryPolicy(total=3, backoff_factor=0.01)


def through_proxy(swift: Any, proxy: FaultProxy, config: TransferConfig | None = None, **kwargs: Any) -> StorageClient:
    """A tempauth client whose every request goes through *proxy*; warm-up traffic (token, ``/info``) cleared.

    tempauth hands out a storage URL pointing at the real server, so the storage URL is overridden too.
    """
    kwargs.setdefault("retries", FAST)
    if config is not None:
        kwargs["transfer_config"] = config
    client = StorageClient(
        auth_url=proxy.rewrite(swift.auth_url),
        username=USER,
        password=swift.users[USER],
        storage_url=proxy.rewrite(swift.storage_url_for(USER)),
        **kwargs,
    )
    client.authenticator.current()  # authenticate and fetch /info now, so tests count only their own requests
    client.connection.capabilities()
    proxy.clear()
    return client
