"""The state every part of ``StorageClient`` shares, and how names and handles are resolved.

Each seed method accepts a container as a name or a ``Container``, and an object as a name or a ``StorageObject``;
the helpers here turn either into a validated name, so the methods themselves stay a few lines long.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from ..exceptions import InvalidName
from ..resources import Container, StorageObject
from ..swift.capabilities import Capabilities
from ..swift.connection import SwiftConnection
from ..swift.listing import Entry, iter_entries
from ..swift.names import validate_container_name, validate_object_name

if TYPE_CHECKING:
    from ..client import StorageClient
    from ..sync.hashcache import HashCache


class ClientCore:
    """Shared attributes and helpers of the façade's parts (not used on its own)."""

    connection: SwiftConnection
    listing_page_size: int | None
    _temp_url_key: str | None
    _temp_url_key_known: bool
    _key_lock: threading.Lock
    _hash_caches: dict[str, HashCache]

    @property
    def _client(self) -> StorageClient:
        """This object as the ``StorageClient`` it is part of (what ``Container``/``StorageObject`` hold)."""
        return cast("StorageClient", self)

    @property
    def capabilities(self) -> Capabilities:
        """The cluster's ``/info`` (fetched once per client)."""
        return self.connection.capabilities()

    def _page_size(self, requested: int | None = None, *, account: bool = False) -> int:
        if requested:
            return int(requested)
        if self.listing_page_size:
            return self.listing_page_size
        caps = self.capabilities
        return caps.account_listing_limit if account else caps.container_listing_limit

    def _cname(self, container: Any) -> str:
        """A container name from a name or a ``Container``."""
        name = container.name if isinstance(container, Container) else container
        if isinstance(name, StorageObject):
            raise InvalidName("expected a container, got a StorageObject")
        return validate_container_name(name, self.capabilities.max_container_name_length)

    def _oname(self, obj: Any) -> str:
        """An object name from a name or a ``StorageObject``."""
        name = obj.name if isinstance(obj, StorageObject) else obj
        return validate_object_name(name, self.capabilities.max_object_name_length)

    def _container_handle(self, container: Any) -> Container:
        """A ``Container`` for *container* without a request (counts unknown when given a name)."""
        if isinstance(container, Container):
            return container
        return Container(self._client, self._cname(container))

    def _object_entries(
        self,
        cname: str,
        *,
        marker: str | None = None,
        prefix: str | None = None,
        delimiter: str | None = None,
        end_marker: str | None = None,
        page_size: int | None = None,
    ) -> Iterator[Entry]:
        def fetch(page_marker: str | None, size: int) -> list[Entry]:
            return self.connection.get_container_page(
                cname,
                marker=page_marker,
                limit=size,
                prefix=prefix,
                delimiter=delimiter,
                end_marker=end_marker,
            )[1]

        return iter_entries(fetch, marker=marker, page_size=self._page_size(page_size))
