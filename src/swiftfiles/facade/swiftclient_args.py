"""python-swiftclient's ``Connection`` keyword arguments, as its users write them, turned into swiftfiles' own.

``StorageClient(authurl=..., user=..., key=..., auth_version="3", os_options={...}, insecure=True)`` should work
for someone switching from ``swiftclient.client.Connection``; where an argument has no meaning here it is refused
with a message giving the swiftfiles spelling, never silently dropped. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..auth.settings import AUTH_TYPES, KEYSTONE, TEMPAUTH, auth_type_for_version
from ..http.retry import RetryPolicy

#: ``os_options`` keys and the swiftfiles setting each one becomes (None: refused, with the message given).
_OS_OPTIONS: Mapping[str, str] = {
    "tenant_id": "tenant_id",
    "tenant_name": "tenant_name",
    "project_id": "project_id",
    "project_name": "project_name",
    "project_domain_id": "project_domain_id",
    "project_domain_name": "project_domain_name",
    "user_id": "user_id",
    "user_domain_id": "user_domain_id",
    "user_domain_name": "user_domain_name",
    "domain_id": "domain_id",
    "domain_name": "domain_name",
    "application_credential_id": "application_credential_id",
    "application_credential_name": "application_credential_name",
    "application_credential_secret": "application_credential_secret",
    "auth_type": "auth_type",
    "region_name": "region",
    "endpoint_type": "interface",
    "interface": "interface",
    "object_storage_url": "storage_url",
    "auth_token": "token",
}
_REFUSED_OS_OPTIONS: Mapping[str, str] = {
    "service_username": "service tokens are not supported",
    "service_project_name": "service tokens are not supported",
    "service_key": "service tokens are not supported",
}
#: Connection arguments with no swiftfiles meaning that are safe to accept and ignore.
_IGNORED = frozenset({"ssl_compression"})


def translate(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """*kwargs* with python-swiftclient's spellings turned into swiftfiles' ones (others pass through unchanged).

    Raises ``TypeError`` for an argument swiftfiles cannot honour, naming what to pass instead.
    """
    out = {k: v for k, v in kwargs.items() if k not in _IGNORED}
    if "authurl" in out:
        out.setdefault("auth_url", out.pop("authurl"))
    version = out.pop("auth_version", None)
    if version is not None:
        by_version = auth_type_for_version(str(version))
        given = out.get("auth_type")
        if given is not None and _method_of(str(given)) != by_version:
            raise TypeError(f"auth_version={version!r} contradicts auth_type={given!r}; pass only auth_type")
        out.setdefault("auth_type", by_version)
    _os_options(out, out.pop("os_options", None) or {})
    if out.get("auth_type") == KEYSTONE and "tenant_name" in out:
        out.setdefault("project_name", out.pop("tenant_name"))
    if out.get("auth_type") == TEMPAUTH and "tenant_name" in out:
        raise TypeError("tempauth has no tenant: put it in the user name as 'account:user'")
    _tls(out)
    _retries(out)
    if out.pop("snet", False):
        out.setdefault("interface", "internal")
    if out.pop("force_auth_retry", False):
        raise TypeError("force_auth_retry is not supported: swiftfiles re-authenticates once on a 401 by itself")
    if "session" in out:
        raise TypeError(
            "session= is not supported: build a keystoneauth1 plugin and pass "
            "auth=KeystoneAuth.from_plugin(plugin, ...) (swiftfiles.auth.keystone)"
        )
    return out


def _method_of(auth_type: str) -> str | None:
    """The auth method an ``auth_type`` spelling names (None when it names none: the settings check reports it)."""
    method = AUTH_TYPES.get(auth_type.strip().lower().replace("-", "").replace("_", ""))
    return method[0] if method else None


def _os_options(out: dict[str, Any], options: Mapping[str, Any]) -> None:
    for key, value in options.items():
        if key in _REFUSED_OS_OPTIONS:
            raise TypeError(f"os_options[{key!r}]: {_REFUSED_OS_OPTIONS[key]}")
        if key == "service_type":
            if value not in (None, "object-store"):
                raise TypeError(f"os_options['service_type']={value!r}: swiftfiles only talks to the object-store")
            continue
        if key not in _OS_OPTIONS:
            raise TypeError(f"os_options has an unknown key {key!r}; accepted: {', '.join(sorted(_OS_OPTIONS))}")
        if value is not None:
            out.setdefault(_OS_OPTIONS[key], value)


def _tls(out: dict[str, Any]) -> None:
    insecure = out.pop("insecure", None)
    cacert = out.pop("cacert", None)
    if insecure and cacert:
        raise TypeError("insecure=True and cacert contradict each other: pass verify=False or verify='<ca path>'")
    if insecure:
        out.setdefault("verify", False)
    elif cacert:
        out.setdefault("verify", cacert)
    cert_key = out.pop("cert_key", None)
    if cert_key is not None:
        if not out.get("cert"):
            raise TypeError("cert_key needs cert (the client certificate): pass cert=(cert_path, key_path)")
        out["cert"] = (out["cert"], cert_key)


def _retries(out: dict[str, Any]) -> None:
    backoff = {k: out.pop(k) for k in ("starting_backoff", "max_backoff") if k in out}
    ratelimit = out.pop("retry_on_ratelimit", True)
    if not backoff and ratelimit:
        return
    retries = out.get("retries", 5)
    policy = retries if isinstance(retries, RetryPolicy) else RetryPolicy(total=int(retries))
    changes: dict[str, Any] = {}
    if "starting_backoff" in backoff:
        changes["backoff_factor"] = float(backoff["starting_backoff"])
    if "max_backoff" in backoff:
        changes["backoff_max"] = float(backoff["max_backoff"])
    if not ratelimit:
        changes["status_forcelist"] = policy.status_forcelist - {429, 498}
    out["retries"] = dataclasses.replace(policy, **changes)
