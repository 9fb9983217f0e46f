"""Users, endpoint layout and small pure helpers of the Rackspace EMULATORS (no I/O, no threads).

EMULATOR data, not Rackspace's: the user names, keys and tenant ids below are made-up test credentials, each
mapped to a tempauth user of the local Swift (``swiftfiles.devserver.accounts``), whose account it reaches.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..accounts import ADMIN_USER, TEST2_ADMIN_USER
from ..server import ServerInfo

__all__ = [
    "DEFAULT_REGIONS",
    "DEFAULT_RACKSPACE_USERS",
    "RACK_API_KEY",
    "RACK_API_KEY2",
    "RACK_PASSWORD",
    "RACK_PASSWORD2",
    "RACK_USER",
    "RACK_USER2",
    "RackspaceInfo",
    "RackspaceUser",
    "StorageEndpoint",
    "TTL_DEFAULT",
    "TTL_MAX",
    "TTL_MIN",
    "iso8601",
]

#: CDN TTL bounds and default, in seconds (Rackspace's documented values).
TTL_MIN = 900
TTL_MAX = 31_536_000
TTL_DEFAULT = 259_200

DEFAULT_REGIONS: tuple[str, ...] = ("DFW", "ORD")

RACK_USER = "rackuser"
RACK_API_KEY = "rack-api-key"
RACK_PASSWORD = "rack-password"
RACK_USER2 = "rackuser2"
RACK_API_KEY2 = "rack-api-key2"
RACK_PASSWORD2 = "rack-password2"


@dataclass(frozen=True)
class RackspaceUser:
    """One emulated Rackspace cloud user, backed by the tempauth user ``swift_user`` ("account:user").

    ``tenant_id`` is the numeric account id Rackspace puts in ``access.token.tenant``; the Cloud Files endpoints
    carry ``storage_tenant`` (``MossoCloudFS_<uuid>``) as their ``tenantId``. ``enabled=False`` makes
    authentication answer 403 ``userDisabled``, as Rackspace does for a disabled user.
    """

    username: str
    api_key: str
    password: str
    swift_user: str
    tenant_id: str
    default_region: str = "DFW"
    enabled: bool = True

    def __post_init__(self) -> None:
        for label in ("username", "api_key", "password", "swift_user", "tenant_id", "default_region"):
            if not getattr(self, label):
                raise ValueError(f"RackspaceUser.{label} must not be empty")
        if ":" not in self.swift_user:
            raise ValueError(f"RackspaceUser.swift_user must be a tempauth 'account:user', not {self.swift_user!r}")

    @property
    def user_id(self) -> str:
        """A stable opaque user id (Rackspace's are opaque strings too)."""
        return hashlib.sha256(f"rax-user:{self.username}".encode()).hexdigest()[:32]

    @property
    def swift_account(self) -> str:
        """The Swift account (``AUTH_<account>``) this user's storage and CDN URLs point to."""
        return "AUTH_" + self.swift_user.split(":", 1)[0]

    @property
    def storage_tenant(self) -> str:
        """The Cloud Files tenant id, ``MossoCloudFS_<uuid>``, derived from ``tenant_id``."""
        return "MossoCloudFS_" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"swiftfiles-emulator:{self.tenant_id}"))


DEFAULT_RACKSPACE_USERS: tuple[RackspaceUser, ...] = (
    RackspaceUser(RACK_USER, RACK_API_KEY, RACK_PASSWORD, ADMIN_USER, "100001", "DFW"),
    RackspaceUser(RACK_USER2, RACK_API_KEY2, RACK_PASSWORD2, TEST2_ADMIN_USER, "100002", "ORD"),
)


def iso8601(seconds: float) -> str:
    """A Unix time as Rackspace writes expiries: ``2026-11-24T23:00:00.000Z`` (UTC, milliseconds)."""
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def url_host(host: str) -> str:
    """The host to put in URLs: wildcard binds are reached via loopback, IPv6 gets brackets."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


@dataclass(frozen=True)
class StorageEndpoint:
    """The Cloud Files (storage) endpoint roots of one region: public and internal ("ServiceNet")."""

    public: str
    internal: str


@dataclass(frozen=True)
class RackspaceInfo:
    """Where a running ``RackspaceEmulator`` listens and who may log in.

    Every URL is a distinct string (its own loopback port), and every storage URL reaches the same real Swift
    account through the emulator's pass-through, which enforces the emulator's token expiry.
    """

    #: Identity v2.0 root, ending in ``/v2.0/`` (``POST <identity_url>tokens``).
    identity_url: str
    regions: tuple[str, ...]
    #: username -> user (keys and passwords included: these are test credentials).
    users: Mapping[str, RackspaceUser] = field(hash=False)
    #: region -> storage endpoint roots (``http://127.0.0.1:<port>``, no ``/v1/...``).
    storage_endpoints: Mapping[str, StorageEndpoint] = field(hash=False)
    #: region -> CDN management root (``http://127.0.0.1:<port>``).
    cdn_management_endpoints: Mapping[str, str] = field(hash=False)
    #: Root of the CDN delivery server that ``cdn_uri`` values point into.
    cdn_delivery_url: str
    token_life: float
    purge_limit: int
    swift: ServerInfo = field(hash=False, repr=False)

    def user(self, username: str) -> RackspaceUser:
        try:
            return self.users[username]
        except KeyError:
            raise KeyError(f"unknown emulated Rackspace user {username!r}; known: {sorted(self.users)}") from None

    def _region(self, user: RackspaceUser, region: str | None) -> str:
        chosen = region or user.default_region
        for known in self.regions:
            if known.lower() == chosen.lower():
                return known
        raise KeyError(f"unknown region {chosen!r}; the emulator serves {', '.join(self.regions)}")

    def account_of(self, username: str = RACK_USER) -> str:
        """The Swift account (``AUTH_...``) of a Rackspace user."""
        return self.user(username).swift_account

    def storage_url_for(self, username: str = RACK_USER, region: str | None = None, *, internal: bool = False) -> str:
        """The catalog's Cloud Files URL for ``username`` (default region unless ``region``)."""
        user = self.user(username)
        endpoint = self.storage_endpoints[self._region(user, region)]
        return f"{endpoint.internal if internal else endpoint.public}/v1/{user.swift_account}"

    def cdn_management_url_for(self, username: str = RACK_USER, region: str | None = None) -> str:
        """The catalog's cloudFilesCDN URL for ``username`` (default region unless ``region``)."""
        user = self.user(username)
        return f"{self.cdn_management_endpoints[self._region(user, region)]}/v1/{user.swift_account}"

    def env(self, username: str = RACK_USER) -> dict[str, str]:
        """Shell variables that make swiftfiles (and rackspace-aware tools) log in as ``username``."""
        user = self.user(username)
        return {
            "OS_AUTH_TYPE": "rackspace",
            "OS_AUTH_URL": self.identity_url,
            "OS_USERNAME": user.username,
            "OS_API_KEY": user.api_key,
            "OS_REGION_NAME": user.default_region,
        }

    def summary(self) -> list[str]:
        """Human-readable lines (without a leading ``#``) describing the emulators, for a CLI to print."""
        lines = [
            f"Rackspace identity v2.0 EMULATOR: {self.identity_url} (tokens last {self.token_life:g} s)",
            f"CDN delivery EMULATOR: {self.cdn_delivery_url} (purge limit {self.purge_limit} a day per account)",
        ]
        for region in self.regions:
            storage = self.storage_endpoints[region]
            lines.append(
                f"{region}: storage {storage.public} (internal {storage.internal}), "
                f"CDN management {self.cdn_management_endpoints[region]}"
            )
        for user in self.users.values():
            lines.append(
                f"user {user.username}: api key {user.api_key}, password {user.password}, "
                f"Swift {user.swift_account} ({user.swift_user}), default region {user.default_region}"
            )
        return lines
