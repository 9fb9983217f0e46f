"""``RackspaceEmulator``: starts the identity, storage pass-through and CDN EMULATORS in front of a DevServer.

Every service is a stdlib ``ThreadingHTTPServer`` on its own free loopback port, served from daemon threads of
the calling process (no child process, no eventlet). See ``swiftfiles.devserver.rackspace`` for the layout.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType, TracebackType

from ..accounts import RESELLER_USER
from ..server import ServerInfo
from .cdn import STATE_FILE, CdnDeliveryApp, CdnManagementApp, CdnState, PurgeRecord
from .identity import IdentityApp, TokenStore
from .model import DEFAULT_RACKSPACE_USERS, DEFAULT_REGIONS, RackspaceInfo, RackspaceUser, StorageEndpoint, url_host
from .storage import StorageProxyApp
from .wire import Listener, SwiftBackend, allow_many_headers

__all__ = ["RackspaceEmulator"]


class RackspaceEmulator:
    """Emulated Rackspace identity v2.0 + Cloud Files CDN, backed by the real Swift of ``swift``.

    ``with RackspaceEmulator(devserver_info) as rax:`` starts it and yields a ``RackspaceInfo``;
    ``start()``/``stop()`` do the same explicitly.

    token_life: seconds an issued token stays valid (Rackspace: 24 h); the storage pass-through and the CDN API
        answer 401 afterwards, whatever the dev server's own tempauth ``token_life``. ``expire_tokens()`` ends
        them at once.
    users: the Rackspace users (default: ``rackuser`` -> ``test:tester``, ``rackuser2`` -> ``test2:tester2``);
        each ``swift_user`` must be a tempauth user of ``swift``.
    regions: region names; each gets a public and an internal storage port and a CDN management port.
    purge_limit: CDN purges a UTC day per account before 498 (Rackspace: 25).
    service_user: the tempauth user CDN delivery reads objects with (default the reseller admin, which can read
        every account).
    identity_port: a fixed identity port (default: any free one); the other ports are always free ones, the
        catalog says where.
    state_dir: keep the CDN settings in ``<state_dir>/rackspace-cdn.json`` across runs (default: memory only).
    """

    def __init__(
        self,
        swift: ServerInfo,
        *,
        token_life: float = 86400.0,
        users: Iterable[RackspaceUser] | None = None,
        regions: Iterable[str] = DEFAULT_REGIONS,
        purge_limit: int = 25,
        service_user: str = RESELLER_USER,
        host: str = "127.0.0.1",
        identity_port: int = 0,
        state_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.swift = swift
        self.users = tuple(DEFAULT_RACKSPACE_USERS if users is None else users)
        self.regions = tuple(regions)
        if not self.regions or len({r.lower() for r in self.regions}) != len(self.regions):
            raise ValueError(f"regions must be non-empty and distinct: {self.regions!r}")
        names = [u.username for u in self.users]
        if len(set(names)) != len(names):
            raise ValueError("duplicate Rackspace user names")
        for user in self.users:
            if user.swift_user not in swift.users:
                raise ValueError(f"{user.username}: no tempauth user {user.swift_user!r} in the dev server")
            if user.default_region not in self.regions:
                raise ValueError(f"{user.username}: default region {user.default_region!r} not in {self.regions}")
        if service_user not in swift.users:
            raise ValueError(f"service_user {service_user!r} is not a tempauth user of the dev server")
        self.token_life = float(token_life)
        self.purge_limit = int(purge_limit)
        self.service_user = service_user
        self.host = host
        self.identity_port = identity_port
        self.state_dir = Path(state_dir) if state_dir is not None else None
        self.tokens = TokenStore(self.token_life)
        self._listeners: list[Listener] = []
        self._storage_apps: dict[tuple[str, str], StorageProxyApp] = {}
        self._cdn: CdnState | None = None
        self._info: RackspaceInfo | None = None

    # -- lifecycle -----------------------------------------------------
    @property
    def info(self) -> RackspaceInfo:
        if self._info is None:
            raise RuntimeError("RackspaceEmulator is not running")
        return self._info

    @property
    def running(self) -> bool:
        return self._info is not None

    def start(self) -> RackspaceInfo:
        if self._info is not None:
            raise RuntimeError("RackspaceEmulator already started")
        state_file = None
        if self.state_dir is not None:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            state_file = self.state_dir / STATE_FILE
        self._cdn = CdnState(self.purge_limit, state_file)
        allow_many_headers()  # objects with Swift's 90 metadata items carry more than 100 headers
        try:
            self._info = self._bind_and_serve(self._cdn)
        except BaseException:
            self.stop()
            raise
        return self._info

    def _bind_and_serve(self, cdn: CdnState) -> RackspaceInfo:
        def bind(label: str, port: int = 0) -> tuple[Listener, str]:
            listener = Listener(self.host, port, label)
            self._listeners.append(listener)
            return listener, f"http://{url_host(self.host)}:{listener.port}"

        backend = SwiftBackend(self.swift)
        identity, identity_root = bind("identity", self.identity_port)
        delivery, delivery_url = bind("cdn-delivery")
        storage: dict[str, StorageEndpoint] = {}
        management: dict[str, str] = {}
        for region in self.regions:
            public, public_url = bind(f"{region}-public")
            internal, internal_url = bind(f"{region}-internal")
            cdn_mgmt, cdn_url = bind(f"{region}-cdn")
            storage[region] = StorageEndpoint(public_url, internal_url)
            management[region] = cdn_url
            for listener, interface in ((public, "public"), (internal, "internal")):
                app = StorageProxyApp(self.tokens, backend, region, interface)
                self._storage_apps[(region, interface)] = app
                listener.app = app
            cdn_mgmt.app = CdnManagementApp(cdn, self.tokens, backend, delivery_url)
        info = RackspaceInfo(
            identity_url=f"{identity_root}/v2.0/",
            regions=self.regions,
            users=MappingProxyType({u.username: u for u in self.users}),
            storage_endpoints=MappingProxyType(storage),
            cdn_management_endpoints=MappingProxyType(management),
            cdn_delivery_url=delivery_url,
            token_life=self.token_life,
            purge_limit=self.purge_limit,
            swift=self.swift,
        )
        identity_app = IdentityApp(self.tokens, backend, {u.username: u for u in self.users})
        identity_app.info = info
        identity.app = identity_app
        delivery.app = CdnDeliveryApp(cdn, backend, self.service_user, delivery_url)
        for listener in self._listeners:
            listener.start()
        return info

    def stop(self) -> None:
        """Stop every server and cut their open connections. Idempotent."""
        listeners, self._listeners = self._listeners, []
        # In parallel: each serve_forever loop notices the request only at its next poll (0.1 s).
        stoppers = [threading.Thread(target=listener.stop, daemon=True) for listener in listeners]
        for thread in stoppers:
            thread.start()
        for thread in stoppers:
            thread.join()
        self._storage_apps.clear()
        self._info = None

    def __enter__(self) -> RackspaceInfo:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- test helpers --------------------------------------------------
    def expire_tokens(self, username: str | None = None) -> int:
        """End every issued token (of ``username``) now, as if ``token_life`` had passed; returns how many."""
        return self.tokens.expire(username)

    @property
    def purges(self) -> list[PurgeRecord]:
        """Every accepted CDN purge so far (with its ``X-Purge-Email`` addresses)."""
        return self._cdn.purges if self._cdn is not None else []

    def storage_requests(self, region: str, interface: str = "public") -> int:
        """How many requests reached one storage endpoint (``interface`` ``"public"`` or ``"internal"``)."""
        return self._storage_apps[(region, interface)].requests
