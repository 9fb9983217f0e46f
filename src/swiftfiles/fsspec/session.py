"""The ``StorageClient`` behind a ``SwiftFileSystem``, and the token it carries into pickles.

Dask and multiprocessing pickle a filesystem for every task. Re-authenticating once per task (or once per worker
thread) would hammer the identity service, so a pickled filesystem carries the storage URL and token its client
holds, and the unpickled one starts as a pre-authenticated client with them. Only when the server refuses that
token (it expired, or was revoked) does it fall back to the full settings, which are pickled too: ``call`` runs an
operation, and on ``AuthenticationFailed`` from a carried token swaps in a client built from the settings and runs
the operation once more.

The library's public constructor takes either settings or a storage URL + token, not both at once (it cannot start
with a token and re-authenticate later), which is why the fall-back lives here.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from swiftfiles import AuthenticationFailed, StorageClient, TransferConfig

T = TypeVar("T")

#: StorageClient keywords that shape the connection (not the identity): kept when a carried token is used.
CONNECTION_KEYWORDS = frozenset(
    name
    for name, param in inspect.signature(StorageClient.__init__).parameters.items()
    if param.kind is inspect.Parameter.KEYWORD_ONLY and name not in {"auth", "http", "public"}
)


def normalize(settings: Mapping[str, Any]) -> dict[str, Any]:
    """*settings* with a ``transfer_config`` given as a mapping (JSON or YAML configuration, fsspec's
    ``to_json``) turned into a ``TransferConfig``."""
    result = dict(settings)
    config = result.get("transfer_config")
    if isinstance(config, Mapping):
        result["transfer_config"] = TransferConfig(**config)
    return result


def build_client(settings: Mapping[str, Any]) -> StorageClient:
    """A client from StorageClient keyword *settings*; from the environment (``OS_*``, ``ST_*``) when there are none.

    Settings given next to the environment override it, so ``storage_options={"transfer_config": ...}`` alone still
    authenticates from the environment.
    """
    if not any(key not in CONNECTION_KEYWORDS for key in settings):
        return StorageClient.from_env(**settings)
    return StorageClient(**settings)


class ClientSession:
    """Owns one filesystem's client; thread-safe.

    *carried* is ``(storage_url, token)`` from a pickle, or None.
    """

    def __init__(self, settings: Mapping[str, Any], carried: tuple[str, str] | None = None) -> None:
        self._settings = normalize(settings)
        self._lock = threading.Lock()
        self._from_token = carried is not None
        self._carried = carried
        if carried is not None:
            storage_url, token = carried
            connection = {k: v for k, v in self._settings.items() if k in CONNECTION_KEYWORDS}
            self._client = StorageClient(storage_url=storage_url, token=token, **connection)
        else:
            self._client = build_client(self._settings)
        self._used = False

    @property
    def client(self) -> StorageClient:
        """The current client (it changes once, when a carried token is refused)."""
        self._used = True
        return self._client

    def call(self, operation: Callable[[StorageClient], T]) -> T:
        """Run *operation* with the client; once more with a freshly authenticated one if a carried token is refused.

        Operations passed here must be safe to repeat (reads, listings, whole-object writes from a replayable source).
        """
        client = self.client
        try:
            return operation(client)
        except AuthenticationFailed:
            if not self._drop_carried_token(client):
                raise
            return operation(self.client)

    def _drop_carried_token(self, failed: StorageClient) -> bool:
        """Replace a client that was built from a carried token; False when there is nothing better to try."""
        with self._lock:
            if self._client is not failed:
                return True  # another thread already replaced it
            if not self._from_token:
                return False
            # The old client is left to the garbage collector rather than closed: other threads may be mid-request.
            self._client = build_client(self._settings)
            self._from_token = False
            return True

    def credentials(self) -> tuple[str, str] | None:
        """``(storage_url, token)`` to carry into a pickle, when this session has authenticated already.

        An unused session carries on the token it was given, if any, and otherwise nothing (asking would
        authenticate just to pickle): its unpickled copy then authenticates from the settings itself.
        """
        if not self._used:
            return self._carried if self._from_token else None
        result = self._client.authenticator.current()
        return result.storage_url, result.token

    def close(self) -> None:
        self._client.close()
