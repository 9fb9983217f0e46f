"""Write a single-node Swift's swift.conf, rings and server configs into the state directory.

Everything lives under ``<state>/etc`` (``swift_dir``), ``<state>/devices``
and ``<state>/cache``, so nothing outside the state directory, and never
``/etc/swift``, is read or written.  Rings and configs are rewritten on every
start, because the backend ports are chosen by the OS each time; the data in
``devices`` survives, since the partition power and hash path prefix/suffix
are constants and one device holds every partition.

The background daemons get their sections where Swift expects them:
``[container-updater]`` in container-server.conf, ``[object-expirer]`` in
object-server.conf, and the expirer's internal proxy in
``internal-client.conf`` (see ``swiftfiles.devserver.daemons``).

Rings are built in-process with ``swift.common.ring.RingBuilder``
(well under a second; the ``swift-ring-builder`` CLI takes seconds).  This
module imports Swift, so only the server child uses it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from swift.common.ring import RingBuilder

from . import keystone_proxy
from .accounts import User
from .logsetup import HOOK

__all__ = [
    "BACKENDS",
    "DAEMONS",
    "DEVICE",
    "INTERNAL_CLIENT_PIPELINE",
    "MEM_OBJECT_APP",
    "PROXY_PIPELINE",
    "Layout",
    "build_rings",
    "daemon_log_level",
    "write_all",
]

#: The backend servers, in the order their rings are named.
BACKENDS = ("account", "container", "object")
#: The single device every ring points at.
DEVICE = "d1"
# Changing any of these makes existing data in a kept state dir unreachable.
_PART_POWER = 8
_HASH_PATH_AFFIX = "swiftfiles-devserver"

#: Every middleware a client library may need, in Swift's recommended order.
PROXY_PIPELINE = (
    "catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl formpost "
    "ratelimit crossdomain tempauth staticweb copy container-quotas account-quotas slo dlo "
    "versioned_writes symlink proxy-logging proxy-server"
)

#: The object-expirer's in-process proxy, as in Swift's internal-client.conf-sample
#: (no gatekeeper: the internal client sends X-Backend-* headers).
INTERNAL_CLIENT_PIPELINE = "catch_errors proxy-logging cache symlink proxy-server"

#: The in-memory object server (``swiftfiles.devserver.memobject``).
MEM_OBJECT_APP = "paste.app_factory = swiftfiles.devserver.memobject:app_factory"

#: Backend server -> the daemon whose section goes into that server's config.
DAEMONS = {"container": "container-updater", "object": "object-expirer"}

# filter name -> (paste "use"/factory line, extra options)
_FILTERS: dict[str, tuple[str, dict[str, str]]] = {
    "catch_errors": ("use = egg:swift#catch_errors", {}),
    "gatekeeper": ("use = egg:swift#gatekeeper", {}),
    "healthcheck": ("use = egg:swift#healthcheck", {}),
    "proxy-logging": ("use = egg:swift#proxy_logging", {}),
    "cache": ("paste.filter_factory = swiftfiles.devserver.memcache:filter_factory", {}),
    "listing_formats": ("use = egg:swift#listing_formats", {}),
    "bulk": ("use = egg:swift#bulk", {}),
    "tempurl": ("use = egg:swift#tempurl", {"allowed_digests": "sha1 sha256 sha512"}),
    "formpost": ("use = egg:swift#formpost", {"allowed_digests": "sha1 sha256 sha512"}),
    "ratelimit": ("use = egg:swift#ratelimit", {}),
    "crossdomain": ("use = egg:swift#crossdomain", {}),
    "tempauth": ("use = egg:swift#tempauth", {}),
    "staticweb": ("use = egg:swift#staticweb", {}),
    "copy": ("use = egg:swift#copy", {}),
    "container-quotas": ("use = egg:swift#container_quotas", {}),
    "account-quotas": ("use = egg:swift#account_quotas", {}),
    "slo": ("use = egg:swift#slo", {}),
    "dlo": ("use = egg:swift#dlo", {}),
    "versioned_writes": (
        "use = egg:swift#versioned_writes",
        {"allow_versioned_writes": "true", "allow_object_versioning": "true"},
    ),
    "symlink": ("use = egg:swift#symlink", {}),
}


@dataclass(frozen=True)
class Layout:
    """The paths inside a state directory."""

    root: Path

    @property
    def etc(self) -> Path:
        return self.root / "etc"

    @property
    def devices(self) -> Path:
        return self.root / "devices"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def conf(self, server: str) -> Path:
        return self.etc / f"{server}-server.conf"

    @property
    def internal_client_conf(self) -> Path:
        return self.etc / "internal-client.conf"

    def create(self) -> None:
        for path in (self.etc, self.devices / DEVICE, self.cache):
            path.mkdir(parents=True, exist_ok=True)


def _ini(sections: Iterable[tuple[str, Iterable[str]]]) -> str:
    return "\n".join(f"[{name}]\n" + "".join(f"{line}\n" for line in lines) for name, lines in sections)


def _options(options: Mapping[str, object]) -> list[str]:
    return [f"{key} = {value}" for key, value in options.items()]


def swift_conf_text() -> str:
    """swift.conf: fixed hash affixes and one replicated storage policy."""
    return _ini(
        [
            (
                "swift-hash",
                _options(
                    {
                        "swift_hash_path_prefix": _HASH_PATH_AFFIX,
                        "swift_hash_path_suffix": _HASH_PATH_AFFIX,
                    }
                ),
            ),
            ("storage-policy:0", _options({"name": "Policy-0", "default": "yes"})),
        ]
    )


def _defaults(layout: Layout, bind_ip: str, port: int, log_name: str, log_level: str) -> list[str]:
    return _options(
        {
            "bind_ip": bind_ip,
            "bind_port": port,
            "workers": 0,
            "swift_dir": layout.etc,
            "devices": layout.devices,
            "mount_check": "false",
            "disable_fallocate": "true",
            "fallocate_reserve": 0,
            "recon_cache_path": layout.cache,
            "log_name": log_name,
            "log_level": log_level,
            "log_custom_handlers": HOOK,
            "eventlet_debug": "false",
        }
    )


def proxy_conf_text(
    layout: Layout,
    host: str,
    port: int,
    log_level: str,
    token_life: int,
    users: Iterable[User],
    keystone: Mapping[str, str] | None = None,
    tls: tuple[str, str] | None = None,
) -> str:
    """proxy-server.conf with the full middleware pipeline and the tempauth users.

    With ``keystone`` (keystonemiddleware auth_token options) the proxy also validates Keystone tokens
    (see ``swiftfiles.devserver.keystone_proxy``).  With ``tls`` (cert and key PEM paths) ``[DEFAULT]``
    gets Swift's own ``cert_file``/``key_file`` options, so the config says what the server does (the child wraps
    the listening socket itself, see ``swiftfiles.devserver.run.tls_context``) and ``swift-proxy-server``
    run on this config would serve HTTPS too.  tempauth then hands out ``https://`` storage URLs: its default
    ``storage_url_scheme`` follows the request's scheme.
    """
    pipeline = PROXY_PIPELINE if keystone is None else keystone_proxy.keystone_pipeline(PROXY_PIPELINE)
    defaults = _defaults(layout, host, port, "proxy-server", log_level)
    if tls is not None:
        defaults += _options({"cert_file": tls[0], "key_file": tls[1]})
    sections: list[tuple[str, Iterable[str]]] = [
        ("DEFAULT", defaults),
        ("pipeline:main", [f"pipeline = {pipeline}"]),
        (
            "app:proxy-server",
            [
                "use = egg:swift#proxy",
                *_options(
                    {
                        "allow_account_management": "true",
                        "account_autocreate": "true",
                        # One backend node: never sideline it after a single error.
                        "error_suppression_interval": 0,
                    }
                ),
            ],
        ),
    ]
    for name, (factory, extra) in _FILTERS.items():
        if name == "tempauth":
            extra = {"token_life": str(int(token_life)), **dict(u.tempauth_option() for u in users)}
        sections.append((f"filter:{name}", [factory, *_options(extra)]))
    if keystone is not None:
        sections.extend(keystone_proxy.filter_sections(keystone))
    return _ini(sections)


def daemon_log_level(log_level: str) -> str:
    """The level for the daemons and their internal proxy's access log: at least WARNING unless DEBUG.

    They run a pass every second; at INFO their "sweep begins/completed"
    lines and the internal client's access log would bury everything else.
    """
    if log_level.upper() == "DEBUG":
        return "DEBUG"
    level = logging.getLevelName(log_level.upper())
    return log_level if isinstance(level, int) and level > logging.WARNING else "WARNING"


def _daemon_options(layout: Layout, daemon: str, interval: float, log_level: str) -> dict[str, object]:
    """Options for a daemon section; passes are paced by the devserver, not by ``interval``."""
    common: dict[str, object] = {"log_name": daemon, "log_level": daemon_log_level(log_level)}
    if daemon == "container-updater":
        return {
            **common,
            "interval": interval,
            # No rate limit (Swift's default is 50 containers/s): the devserver skips
            # unchanged databases itself and yields to the servers after each one.
            "containers_per_second": 0,
            # After a failed account update, retry soon rather than in 60 s.
            "account_suppression_time": 2,
        }
    return {
        **common,
        "interval": interval,
        # The config file is object-server.conf, not object-expirer.conf: opt in to
        # the (only) queue the proxy fills, and name the internal client's config.
        "dequeue_from_legacy": "true",
        "internal_client_conf_path": layout.internal_client_conf,
        "tasks_per_second": 0,
        "concurrency": 4,
        "request_tries": 3,
        # One node, no replication: an object the expirer gets 404/412 for is gone
        # for good (e.g. in-memory objects lost on restart), so drop its queue entry
        # instead of retrying (and logging an error) every pass for a week.
        "reclaim_age": 0,
    }


def backend_conf_text(
    layout: Layout,
    server: str,
    port: int,
    log_level: str,
    in_memory: bool,
    daemon_intervals: Mapping[str, float] | None = None,
) -> str:
    """account/container/object-server.conf for one backend on 127.0.0.1.

    The container and object configs also carry their daemon's section
    (``[container-updater]``, ``[object-expirer]``).
    """
    # In memory: swift's mem_object, fixed to let the expirer delete (see memobject.py).
    app = MEM_OBJECT_APP if server == "object" and in_memory else f"use = egg:swift#{server}"
    sections: list[tuple[str, Iterable[str]]] = [
        ("DEFAULT", _defaults(layout, "127.0.0.1", port, f"{server}-server", log_level)),
        ("pipeline:main", [f"pipeline = {server}-server"]),
        (f"app:{server}-server", [app]),
    ]
    daemon = DAEMONS.get(server)
    if daemon is not None:
        interval = (daemon_intervals or {}).get(daemon, 1.0)
        sections.append((daemon, _options(_daemon_options(layout, daemon, interval, log_level))))
    return _ini(sections)


def internal_client_conf_text(layout: Layout, log_level: str) -> str:
    """internal-client.conf: the proxy the object-expirer talks to in-process.

    Swift names most loggers by a fixed route ("proxy-server", "catch-errors"),
    so this proxy shares them with the main one and must keep the main
    ``log_level``; only its access log gets a route (and level) of its own.
    """
    sections: list[tuple[str, Iterable[str]]] = [
        (
            "DEFAULT",
            _options(
                {
                    "swift_dir": layout.etc,
                    "log_name": "object-expirer-ic",
                    "log_level": log_level,
                    "log_custom_handlers": HOOK,
                }
            ),
        ),
        ("pipeline:main", [f"pipeline = {INTERNAL_CLIENT_PIPELINE}"]),
        (
            "app:proxy-server",
            [
                "use = egg:swift#proxy",
                *_options({"account_autocreate": "true", "error_suppression_interval": 0}),
            ],
        ),
    ]
    for name in INTERNAL_CLIENT_PIPELINE.split()[:-1]:
        factory, extra = _FILTERS[name]
        if name == "proxy-logging":
            extra = {
                "access_log_route": "object-expirer-ic-access",
                "access_log_level": daemon_log_level(log_level),
            }
        sections.append((f"filter:{name}", [factory, *_options(extra)]))
    return _ini(sections)


def build_rings(layout: Layout, ports: Mapping[str, int]) -> None:
    """One ring per backend, each with the single device ``d1`` on its server's port."""
    for server in BACKENDS:
        builder = RingBuilder(_PART_POWER, 1, 1)
        builder.add_dev(
            {
                "id": 0,
                "region": 1,
                "zone": 1,
                "ip": "127.0.0.1",
                "port": ports[server],
                "device": DEVICE,
                "weight": 1.0,
                "meta": "",
            }
        )
        builder.rebalance()
        builder.get_ring().save(str(layout.etc / f"{server}.ring.gz"))


def write_all(
    layout: Layout,
    *,
    host: str,
    proxy_port: int,
    backend_ports: Mapping[str, int],
    log_level: str,
    token_life: int,
    users: Iterable[User],
    in_memory: bool,
    daemon_intervals: Mapping[str, float] | None = None,
    keystone: Mapping[str, str] | None = None,
    tls: tuple[str, str] | None = None,
) -> dict[str, Path]:
    """Write swift.conf, the rings, all four server configs and internal-client.conf.

    Returns ``server -> conf path`` for the four servers.
    """
    layout.create()
    (layout.etc / "swift.conf").write_text(swift_conf_text(), encoding="utf-8")
    build_rings(layout, backend_ports)
    paths = {"proxy": layout.conf("proxy")}
    paths["proxy"].write_text(
        proxy_conf_text(layout, host, proxy_port, log_level, token_life, users, keystone, tls), encoding="utf-8"
    )
    for server in BACKENDS:
        paths[server] = layout.conf(server)
        paths[server].write_text(
            backend_conf_text(layout, server, backend_ports[server], log_level, in_memory, daemon_intervals),
            encoding="utf-8",
        )
    layout.internal_client_conf.write_text(internal_client_conf_text(layout, log_level), encoding="utf-8")
    return paths
