"""``clouds.yaml`` (openstacksdk's configuration file): the cloud named by ``OS_CLOUD`` as environment variables.

Most OpenStack users authenticate with ``OS_CLOUD=name`` and a ``clouds.yaml``; openstacksdk's own loader pulls in
much of the SDK, so this is a small reader of the documented format:

- files, first found wins: ``$OS_CLIENT_CONFIG_FILE``, ``./clouds.yaml``, ``~/.config/openstack/clouds.yaml``,
  ``/etc/openstack/clouds.yaml`` (``.yml`` accepted too); ``secure.yaml`` (same folders, ``$OS_CLIENT_SECURE_FILE``)
  is merged over it, so passwords can live in a file of their own;
- ``clouds: {NAME: {auth_type, auth: {auth_url, username, password, project_name, project_domain_name,
  user_domain_name, application_credential_id/secret, token, ...}, region_name, interface, verify, cacert,
  cert, key}}``.

``cloud_environ`` returns the cloud as the ``OS_*`` variables ``settings_from_env`` already reads, so every rule
about them applies unchanged. PyYAML is imported only when a cloud is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..exceptions import ConfigurationError

#: ``auth:`` keys → the environment variable that means the same.
AUTH_KEYS: Mapping[str, str] = {
    "auth_url": "OS_AUTH_URL",
    "username": "OS_USERNAME",
    "user_id": "OS_USER_ID",
    "password": "OS_PASSWORD",
    "project_name": "OS_PROJECT_NAME",
    "project_id": "OS_PROJECT_ID",
    "tenant_name": "OS_TENANT_NAME",
    "tenant_id": "OS_TENANT_ID",
    "project_domain_name": "OS_PROJECT_DOMAIN_NAME",
    "project_domain_id": "OS_PROJECT_DOMAIN_ID",
    "user_domain_name": "OS_USER_DOMAIN_NAME",
    "user_domain_id": "OS_USER_DOMAIN_ID",
    "domain_name": "OS_DOMAIN_NAME",
    "domain_id": "OS_DOMAIN_ID",
    "application_credential_id": "OS_APPLICATION_CREDENTIAL_ID",
    "application_credential_name": "OS_APPLICATION_CREDENTIAL_NAME",
    "application_credential_secret": "OS_APPLICATION_CREDENTIAL_SECRET",
    "token": "OS_AUTH_TOKEN",
    "api_key": "OS_API_KEY",
}

#: Top-level cloud keys → environment variable.
CLOUD_KEYS: Mapping[str, str] = {
    "auth_type": "OS_AUTH_TYPE",
    "region_name": "OS_REGION_NAME",
    "interface": "OS_INTERFACE",
    "cacert": "OS_CACERT",
    "cert": "OS_CERT",
    "key": "OS_KEY",
    "identity_api_version": "OS_IDENTITY_API_VERSION",
}


def search_paths(environ: Mapping[str, str], name: str, override_var: str) -> list[Path]:
    """Where *name* (``clouds`` or ``secure``) is looked for, in order."""
    paths: list[Path] = []
    if environ.get(override_var):
        paths.append(Path(environ[override_var]).expanduser())
    home = Path(environ.get("HOME") or os.path.expanduser("~"))
    for folder in (Path.cwd(), home / ".config" / "openstack", Path("/etc/openstack")):
        for ext in ("yaml", "yml"):
            paths.append(folder / f"{name}.{ext}")
    return paths


def _load(path: Path) -> dict[str, Any]:
    import yaml

    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path}: not valid YAML: {exc}") from None
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read: {exc.strerror}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path}: expected a mapping with a 'clouds' key")
    return data


def _first(paths: Sequence[Path]) -> Path | None:
    return next((p for p in paths if p.is_file()), None)


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def load_cloud(name: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """The merged configuration of cloud *name*; ``ConfigurationError`` naming the files looked at otherwise."""
    paths = search_paths(environ, "clouds", "OS_CLIENT_CONFIG_FILE")
    found = _first(paths)
    if found is None:
        tried = ", ".join(str(p) for p in paths)
        raise ConfigurationError(f"OS_CLOUD={name!r} but no clouds.yaml was found (looked at {tried})")
    clouds = _load(found).get("clouds") or {}
    if not isinstance(clouds, dict) or name not in clouds:
        known = ", ".join(sorted(clouds)) if isinstance(clouds, dict) else ""
        raise ConfigurationError(f"{found}: no cloud named {name!r} (clouds defined: {known or 'none'})")
    cloud = dict(clouds[name] or {})
    secure = _first(search_paths(environ, "secure", "OS_CLIENT_SECURE_FILE"))
    if secure is not None:
        extra = (_load(secure).get("clouds") or {}).get(name)
        if isinstance(extra, Mapping):
            cloud = _merge(cloud, extra)
    if "profile" in cloud:
        raise ConfigurationError(
            f"{found}: cloud {name!r} uses a vendor profile ({cloud['profile']!r}), which swiftfiles does not "
            "read; write its auth_url and region_name into the cloud"
        )
    return cloud


def cloud_environ(name: str, environ: Mapping[str, str]) -> dict[str, str]:
    """Cloud *name* as ``OS_*`` variables (only the settings it has)."""
    cloud = load_cloud(name, environ)
    env: dict[str, str] = {}
    auth = cloud.get("auth") or {}
    if not isinstance(auth, Mapping):
        raise ConfigurationError(f"cloud {name!r}: 'auth' must be a mapping")
    for key, var in AUTH_KEYS.items():
        if auth.get(key) not in (None, ""):
            env[var] = str(auth[key])
    for key, var in CLOUD_KEYS.items():
        if cloud.get(key) not in (None, ""):
            env[var] = str(cloud[key])
    verify = cloud.get("verify")
    if verify is False or str(verify).lower() == "false":
        env["OS_INSECURE"] = "true"
    elif isinstance(verify, str) and verify.lower() != "true":
        env.setdefault("OS_CACERT", verify)
    return env
