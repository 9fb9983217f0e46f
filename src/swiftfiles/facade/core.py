"""``Part``: the base of the client's parts (account, containers, objects, uploads, CDN, TempURLs, ...).

``StorageClient`` is composed of parts, each owning the state it needs under its own lock (the TempURL key cache,
the folder-upload registry, the hash caches) and nothing else. A part that needs another gets it as a constructor
argument, never through the client. Parts deal in names and plain values (headers, listing rows, results); the
``Container`` and ``StorageObject`` handles are built above them (``resources.py``), so nothing here imports them.

Every seed method accepts a container as a name or a ``Container``, and an object as a name or a
``StorageObject``: ``_cname`` and ``_oname`` turn either into a validated name (handles say what they are through
their ``handle_kind``), so the methods themselves stay a few lines long.
"""

from __future__ import annotations

from ..exceptions import InvalidName
from ..swift.capabilities import Capabilities
from ..transfer.engine import TransferEngine


class Part:
    """The connection and the engine, and name checks. Holds no other state."""

    def __init__(self, engine: TransferEngine) -> None:
        self.engine = engine
        self.connection = engine.connection

    @property
    def capabilities(self) -> Capabilities:
        """The cluster's ``/info`` (fetched once per client)."""
        return self.connection.capabilities()

    def _page_size(self, requested: int | None = None, *, account: bool = False) -> int:
        return self.connection.page_size(requested, account=account)

    def _cname(self, container: object) -> str:
        """A container name from a name or a ``Container``."""
        kind = getattr(container, "handle_kind", None)
        if kind == "object":
            raise InvalidName("expected a container, got a StorageObject")
        name = getattr(container, "name", None) if kind == "container" else container
        return self.engine.container_name(name)

    def _oname(self, obj: object) -> str:
        """An object name from a name or a ``StorageObject``."""
        name = getattr(obj, "name", None) if getattr(obj, "handle_kind", None) == "object" else obj
        return self.engine.object_name(name)
