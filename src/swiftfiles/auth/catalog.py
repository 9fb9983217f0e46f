"""Choosing one endpoint from an identity service's catalog (pure functions, no I/O).

Rackspace identity v2.0 (and the old Keystone v2.0) answers with a catalog shaped like::

    [{"name": "cloudFiles", "type": "object-store",
      "endpoints": [{"region": "DFW", "tenantId": "...", "publicURL": "...", "internalURL": "..."}]}]

Keystone v3 lists one endpoint per interface instead (``{"interface": "public", "region_id": "RegionOne",
"url": "..."}``); both shapes are accepted so the same region rules apply wherever a catalog is read by hand.
(The Keystone auth method leaves its catalog to keystoneauth1.)

Region rules, the ones users of the old clients expect: an explicit region wins (compared
case-insensitively, since Rackspace documents ``DFW`` but users type ``dfw``); without one, a service present
in exactly one region needs no choice; otherwise the account's default region is used; otherwise the error
lists the regions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..exceptions import ConfigurationError

#: Interface names as swiftfiles spells them, and the v2.0 catalog key holding each one's URL.
INTERFACES: Mapping[str, str] = {"public": "publicURL", "internal": "internalURL", "admin": "adminURL"}


@dataclass(frozen=True)
class CatalogEndpoint:
    """One usable URL from a catalog, with where it came from (for ``AuthResult.region`` and diagnostics)."""

    url: str
    region: str | None
    interface: str
    service_type: str | None
    service_name: str | None
    tenant_id: str | None = None


def normalize_interface(interface: str) -> str:
    """``public`` / ``internal`` / ``admin`` from any accepted spelling (``publicURL``, ``InternalURL`` ...).

    OpenStack tools accept both the v3 names and the v2.0 catalog keys (``OS_ENDPOINT_TYPE=internalURL``), so
    settings coming from either world work unchanged.
    """
    name = interface.strip().lower()
    if name.endswith("url"):
        name = name[:-3]
    if name not in INTERFACES:
        raise ConfigurationError(f"unknown endpoint interface {interface!r}; use one of: {', '.join(INTERFACES)}")
    return name


def _describe_service(service_type: str | None, service_name: str | None) -> str:
    if service_type and service_name:
        return f"{service_type} ({service_name})"
    return service_type or service_name or "service"


def _text(value: Any) -> str | None:
    """A catalog value as a non-empty string, or None: catalogs in the wild hold nulls and empty strings."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def find_services(
    catalog: Iterable[Mapping[str, Any]],
    *,
    service_type: str | None = None,
    service_name: str | None = None,
) -> list[Mapping[str, Any]]:
    """Catalog entries whose type and name match the ones given (a filter left as None matches anything).

    Names are compared case-insensitively: catalogs disagree on case (``cloudFiles`` vs ``swiftfiles``).
    """
    wanted_name = service_name.lower() if service_name else None
    found: list[Mapping[str, Any]] = []
    for entry in catalog:
        if not isinstance(entry, Mapping):
            continue
        if service_type is not None and entry.get("type") != service_type:
            continue
        if wanted_name is not None and (_text(entry.get("name")) or "").lower() != wanted_name:
            continue
        found.append(entry)
    return found


def _endpoints_of(service: Mapping[str, Any], interface: str) -> list[CatalogEndpoint]:
    """The service's endpoints for one interface, from either the v2.0 or the v3 shape."""
    key = INTERFACES[interface]
    result: list[CatalogEndpoint] = []
    endpoints = service.get("endpoints")
    if not isinstance(endpoints, Sequence):
        return result
    for endpoint in endpoints:
        if not isinstance(endpoint, Mapping):
            continue
        if "interface" in endpoint:  # Keystone v3: one entry per interface
            if str(endpoint["interface"]).strip().lower().removesuffix("url") != interface:
                continue
            url = _text(endpoint.get("url"))
            region = _text(endpoint.get("region_id")) or _text(endpoint.get("region"))
        else:  # v2.0: one entry per region carrying every interface's URL
            url = _text(endpoint.get(key))
            region = _text(endpoint.get("region"))
        if url is None:
            continue
        result.append(
            CatalogEndpoint(
                url=url,
                region=region,
                interface=interface,
                service_type=_text(service.get("type")),
                service_name=_text(service.get("name")),
                tenant_id=_text(endpoint.get("tenantId")) or _text(endpoint.get("tenant_id")),
            )
        )
    return result


def all_endpoints(catalog: Iterable[Mapping[str, Any]]) -> tuple[CatalogEndpoint, ...]:
    """Every URL of every service and interface of a catalog (v2.0 or v3 shape), for callers that show the catalog
    (pyrax's ``identity.services``) rather than pick one endpoint."""
    found: list[CatalogEndpoint] = []
    for service in catalog:
        if isinstance(service, Mapping):
            for interface in INTERFACES:
                found.extend(_endpoints_of(service, interface))
    return tuple(found)


def _regions(endpoints: Iterable[CatalogEndpoint]) -> list[str]:
    """Distinct named regions, sorted, for error messages and the single-region rule."""
    return sorted({e.region for e in endpoints if e.region is not None}, key=str.lower)


def _in_region(endpoints: Iterable[CatalogEndpoint], region: str) -> CatalogEndpoint | None:
    wanted = region.lower()
    for endpoint in endpoints:
        if endpoint.region is not None and endpoint.region.lower() == wanted:
            return endpoint
    return None


def _available(regions: Sequence[str]) -> str:
    return ", ".join(regions) if regions else "none"


def select_endpoint(
    catalog: Iterable[Mapping[str, Any]],
    *,
    service_type: str | None = None,
    service_name: str | None = None,
    region: str | None = None,
    default_region: str | None = None,
    interface: str = "public",
) -> CatalogEndpoint:
    """The endpoint to use for one service, following the region rules in the module docstring.

    Raises ``ConfigurationError`` naming what was looked for and what the catalog offers, because the fix is
    always a setting (region, interface, or the account's services), never a retry.
    """
    if service_type is None and service_name is None:
        raise ConfigurationError("select_endpoint needs a service_type or a service_name")
    interface = normalize_interface(interface)
    what = _describe_service(service_type, service_name)
    # "public" is what almost everyone uses, so only the other interfaces are spelled out in messages.
    label = what if interface == "public" else f"{what} {interface}"
    entries = list(catalog)
    services = find_services(entries, service_type=service_type, service_name=service_name)
    if not services:
        offered = sorted({str(e.get("type")) for e in entries if isinstance(e, Mapping) and e.get("type")})
        raise ConfigurationError(f"the service catalog has no {what} service; available: {_available(offered)}")
    endpoints = [endpoint for service in services for endpoint in _endpoints_of(service, interface)]
    if not endpoints:
        raise ConfigurationError(f"the {what} service has no {interface} endpoint in the service catalog")
    regions = _regions(endpoints)
    if region:
        chosen = _in_region(endpoints, region)
        if chosen is None:
            raise ConfigurationError(f"no {label} endpoint in region {region!r}; available: {_available(regions)}")
        return chosen
    if len(regions) <= 1:
        # One region (or endpoints that name none): nothing to choose between.
        return endpoints[0]
    if default_region:
        chosen = _in_region(endpoints, default_region)
        if chosen is None:
            raise ConfigurationError(
                f"no {label} endpoint in the default region {default_region!r}; "
                f"choose a region from: {_available(regions)}"
            )
        return chosen
    raise ConfigurationError(
        f"the {what} service has {interface} endpoints in several regions; set a region (one of: {_available(regions)})"
    )


def find_endpoint(
    catalog: Iterable[Mapping[str, Any]],
    *,
    service_type: str | None = None,
    service_name: str | None = None,
    region: str | None = None,
    interface: str = "public",
) -> CatalogEndpoint | None:
    """Like ``select_endpoint`` for an optional service (e.g. the CDN): None instead of an error.

    With a region, only an endpoint in that region counts: a CDN URL from another region would manage other
    containers than the storage URL holds.
    """
    interface = normalize_interface(interface)
    services = find_services(catalog, service_type=service_type, service_name=service_name)
    endpoints = [endpoint for service in services for endpoint in _endpoints_of(service, interface)]
    if not endpoints:
        return None
    if region:
        return _in_region(endpoints, region)
    return endpoints[0] if len(_regions(endpoints)) <= 1 else None


__all__ = [
    "CatalogEndpoint",
    "find_endpoint",
    "find_services",
    "INTERFACES",
    "normalize_interface",
    "select_endpoint",
]
