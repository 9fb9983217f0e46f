"""pyrax's settings: ``~/.pyrax.cfg``, the ``CLOUD_*`` environment variables, environments, credential files.

Kept as in pyrax so existing files keep working: the configuration file is INI with one section per
*environment* (``[settings]`` is the ``default`` environment; without it, the first section is), keys
``identity_type``, ``region``, ``auth_endpoint``, ``tenant_id``, ``tenant_name``, ``verify_ssl``, ``use_servicenet``,
``encoding``, ``custom_user_agent``, ``keyring_username``, ``debug`` (or ``http_debug``). A setting that is unset
falls back to its environment variable (``CLOUD_ID_TYPE``, ``CLOUD_AUTH_ENDPOINT``, ``CLOUD_REGION``...), read when
asked, not at import. Three keys are swiftfiles additions: ``user_domain_name`` and ``project_domain_name``
(``CLOUD_USER_DOMAIN_NAME``, ``CLOUD_PROJECT_DOMAIN_NAME``) for Keystone v3, and ``fetch_as_text``
(``CLOUD_FETCH_AS_TEXT``, off by default) for scripts written for Python 2, where fetched content was ``str``.

Departures from pyrax, on purpose: booleans from the environment are parsed (pyrax returned the string ``"False"``,
which is true); ``CLOUD_VERIFY_SSL`` applies when neither the file nor ``set_setting`` says otherwise (pyrax's
built-in default of True hid it); and ``identity_type`` always reads back as ``"rackspace"`` or ``"keystone"``
(pyrax returned a class path after reading the file but the short name after ``set_setting``).
"""

from __future__ import annotations

import configparser
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import exceptions as exc

#: setting -> environment variable: pyrax's table plus the Keystone v3 domain names and ``fetch_as_text``.
ENV_VARS: Mapping[str, str] = {
    "identity_type": "CLOUD_ID_TYPE",
    "auth_endpoint": "CLOUD_AUTH_ENDPOINT",
    "keyring_username": "CLOUD_KEYRING_USER",
    "region": "CLOUD_REGION",
    "tenant_id": "CLOUD_TENANT_ID",
    "tenant_name": "CLOUD_TENANT_NAME",
    "encoding": "CLOUD_ENCODING",
    "custom_user_agent": "CLOUD_USER_AGENT",
    "debug": "CLOUD_DEBUG",
    "verify_ssl": "CLOUD_VERIFY_SSL",
    "use_servicenet": "USE_SERVICENET",
    "user_domain_name": "CLOUD_USER_DOMAIN_NAME",
    "project_domain_name": "CLOUD_PROJECT_DOMAIN_NAME",
    "fetch_as_text": "CLOUD_FETCH_AS_TEXT",
}
BOOLEAN_SETTINGS = frozenset({"verify_ssl", "use_servicenet", "debug", "http_debug", "fetch_as_text"})
#: Every key ``set_setting`` accepts.
KNOWN_SETTINGS = frozenset(ENV_VARS) | {"http_debug", "user_agent"}

IDENTITY_TYPES: Mapping[str, str] = {
    "rackspace": "rackspace",
    "rax_identity.raxidentity": "rackspace",
    "pyrax.identity.rax_identity.raxidentity": "rackspace",
    "keystone": "keystone",
    "keystone_identity.keystoneidentity": "keystone",
    "pyrax.identity.keystone_identity.keystoneidentity": "keystone",
}

DEFAULT_ENCODING = "utf-8"


def identity_type(value: str) -> str:
    """``"rackspace"`` or ``"keystone"`` from any spelling pyrax accepted; ``IdentityClassNotDefined`` otherwise."""
    try:
        return IDENTITY_TYPES[value.strip().lower()]
    except KeyError:
        raise exc.IdentityClassNotDefined(
            f"identity type {value!r} is not available in swiftfiles.pyrax; use 'rackspace' or 'keystone'"
        ) from None


def parse_bool(value: Any) -> bool:
    """pyrax's config booleans (``True``/``False``) and the usual environment spellings."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off", ""):
        return False
    raise exc.InvalidSetting(f"{value!r} is not a boolean (use True or False)")


def _defaults() -> dict[str, Any]:
    return dict.fromkeys(KNOWN_SETTINGS)


class Settings:
    """The settings of every environment and which one is current.

    environ: where unset settings are looked up (``os.environ`` when None, read at each ``get``).
    """

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = environ
        self._settings: dict[str, dict[str, Any]] = {"default": _defaults()}
        self._environment = "default"

    @property
    def environment(self) -> str:
        """The name of the current environment."""
        return self._environment

    @environment.setter
    def environment(self, name: str) -> None:
        if name not in self._settings:
            raise exc.EnvironmentNotFound(f"The environment '{name}' has not been defined.")
        self._environment = name

    @property
    def environments(self) -> list[str]:
        """Every environment defined (``default`` and the sections of the configuration file)."""
        return list(self._settings)

    def get(self, key: str, env: str | None = None) -> Any:
        """The setting *key* of *env* (default: the current environment), else its environment variable, else None."""
        values = self._settings.get(env or self._environment, {})
        value = values.get(key)
        if value is None:
            var = ENV_VARS.get(key)
            environ = os.environ if self._environ is None else self._environ
            if var is not None and environ.get(var):
                value = environ[var]
        if value is None:
            return True if key == "verify_ssl" else None  # TLS verification is on unless turned off
        if key in BOOLEAN_SETTINGS:
            return parse_bool(value)
        if key == "identity_type":
            return identity_type(str(value))
        return value

    def set(self, key: str, value: Any, env: str | None = None) -> None:
        """Change *key* in *env* (default: the current one); ``InvalidSetting`` for keys pyrax does not know."""
        name = env or self._environment
        if name not in self._settings:
            raise exc.EnvironmentNotFound(f"There is no environment named '{name}'.")
        if key not in KNOWN_SETTINGS:
            raise exc.InvalidSetting(f"The setting '{key}' is not defined.")
        if value is not None and key == "identity_type":
            value = identity_type(str(value))
        elif value is not None and key in BOOLEAN_SETTINGS:
            value = parse_bool(value)
        self._settings[name][key] = value

    def read_config(self, path: str | os.PathLike[str]) -> None:
        """Read a ``.pyrax.cfg`` file; ``InvalidConfigurationFile`` when it is not an INI file.

        Credentials found in it are ignored with a warning, as pyrax did (they belong in a credential file).
        """
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(os.fspath(path), encoding="utf-8")
        except configparser.Error as error:
            raise exc.InvalidConfigurationFile(f"{os.fspath(path)}: {error}") from None
        has_settings = parser.has_section("settings")
        creds_found = False
        for index, section in enumerate(parser.sections()):
            name = "default" if section == "settings" else section
            values = _defaults()
            get = parser[section].get
            creds_found = creds_found or any(get(k) for k in ("username", "password", "api_key"))
            for key in ENV_VARS:
                if key != "debug" and get(key) is not None:
                    values[key] = get(key)
            debug = get("debug", get("http_debug"))
            values["http_debug"] = values["debug"] = parse_bool(debug) if debug is not None else None
            if values["identity_type"] is not None:
                values["identity_type"] = identity_type(values["identity_type"])
            for key in ("verify_ssl", "use_servicenet"):
                if values[key] is not None:
                    values[key] = parse_bool(values[key])
            self._settings[name] = values
            if index == 0 and not has_settings:
                self._settings["default"] = values
        if creds_found:
            warnings.warn(
                "Login credentials were detected in your .pyrax.cfg file. These have been ignored: put them in a "
                "credential file (set_credential_file) instead.",
                UserWarning,
                stacklevel=2,
            )


@dataclass(frozen=True)
class Credentials:
    """What a credential file or ``set_credentials`` gives; secrets are kept out of ``repr``."""

    username: str
    api_key: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    tenant_id: str | None = None
    tenant_name: str | None = None


def read_credential_file(path: str | os.PathLike[str], id_type: str) -> Credentials:
    """Credentials from a pyrax credential file.

    Rackspace: ``[rackspace_cloud]`` with ``username`` and ``api_key`` (or ``password``). Keystone: ``[keystone]``
    with ``username``, ``password`` and ``tenant_id`` (``tenant_name`` also read). ``FileNotFound`` when the file is
    missing, ``InvalidCredentialFile`` when it lacks the section or keys. Values are read raw (no ``%`` expansion),
    as pyrax did for secrets.
    """
    parser = configparser.ConfigParser(interpolation=None)
    where = os.fspath(path)
    try:
        if not parser.read(where, encoding="utf-8"):
            raise exc.FileNotFound(f"The specified credential file '{where}' does not exist")
    except configparser.Error as error:
        raise exc.InvalidCredentialFile(f"{where}: {error}") from None
    section = "rackspace_cloud" if id_type == "rackspace" else "keystone"
    if not parser.has_section(section):
        raise exc.InvalidCredentialFile(f"{where}: no [{section}] section (identity type {id_type!r})")
    values = parser[section]
    username = values.get("username")
    if not username:
        raise exc.InvalidCredentialFile(f"{where}: [{section}] has no 'username'")
    if id_type == "rackspace":
        api_key, password = values.get("api_key"), values.get("password")
        if not (api_key or password):
            raise exc.InvalidCredentialFile(f"{where}: [{section}] has neither 'api_key' nor 'password'")
        return Credentials(username, api_key=api_key or None, password=None if api_key else password)
    password = values.get("password")
    if not password:
        raise exc.InvalidCredentialFile(f"{where}: [{section}] has no 'password'")
    return Credentials(
        username, password=password, tenant_id=values.get("tenant_id"), tenant_name=values.get("tenant_name")
    )


__all__ = [
    "DEFAULT_ENCODING",
    "ENV_VARS",
    "KNOWN_SETTINGS",
    "Credentials",
    "Settings",
    "identity_type",
    "parse_bool",
    "read_credential_file",
]
