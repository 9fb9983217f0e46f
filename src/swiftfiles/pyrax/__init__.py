"""``swiftfiles.pyrax``: the Cloud Files part of pyrax's module-level API, on swiftfiles.

Old scripts keep working by changing one import, or none::

    import swiftfiles.pyrax as pyrax            # or run unchanged: python -m swiftfiles.pyrax script.py

    pyrax.set_setting("identity_type", "rackspace")
    pyrax.set_credential_file(os.path.expanduser("~/.rackspace_cloud_credentials"))
    cf = pyrax.cloudfiles                        # a client with pyrax's return types
    cont = cf.create_container("photos")

Provided: settings (``~/.pyrax.cfg``, ``CLOUD_*`` variables, environments), credentials and ``identity``
(types ``rackspace`` and ``keystone``, v2.0 and v3), ``cloudfiles``/``connect_to_cloudfiles``, ``exceptions`` and
``utils``. Every other pyrax service (``cloudservers``, ``cloud_dns``...) raises ``ServiceNotAvailable`` naming
the module to use instead. The module-level state is kept in ``swiftfiles.pyrax._state``.
"""

from __future__ import annotations

import logging
import os
from typing import Any, NoReturn

from swiftfiles import __version__ as _swiftfiles_version

from . import exceptions, utils
from . import exceptions as exc
from ._state import State, state
from .config import DEFAULT_ENCODING, identity_type
from .identities import Identity
from .object_storage import CloudFilesClient

version = __version__ = _swiftfiles_version
USER_AGENT = f"swiftfiles.pyrax/{_swiftfiles_version}"
default_encoding = DEFAULT_ENCODING

#: pyrax's other services -> (what it was, what to use instead).
OTHER_SERVICES: dict[str, tuple[str, str]] = {
    "cloudservers": ("Cloud Servers", "openstacksdk (openstack.connect().compute) or python-novaclient"),
    "cloud_cdn": ("Cloud CDN", "the Rackspace CDN API directly; Cloud Files CDN is on pyrax.cloudfiles"),
    "cloud_loadbalancers": ("Cloud Load Balancers", "the Rackspace Load Balancers API directly"),
    "cloud_databases": ("Cloud Databases", "openstacksdk or the Rackspace Databases API directly"),
    "cloud_blockstorage": ("Cloud Block Storage", "openstacksdk (openstack.connect().block_storage)"),
    "cloud_dns": ("Cloud DNS", "the Rackspace DNS API directly"),
    "cloud_networks": ("Cloud Networks", "openstacksdk (openstack.connect().network)"),
    "cloud_monitoring": ("Cloud Monitoring", "the Rackspace Monitoring API directly"),
    "autoscale": ("Autoscale", "the Rackspace Autoscale API directly"),
    "images": ("Cloud Images", "openstacksdk (openstack.connect().image)"),
    "queues": ("Cloud Queues", "the Rackspace Queues API directly"),
}
_CONNECTORS = {
    "connect_to_cloudservers": "cloudservers",
    "connect_to_cloud_cdn": "cloud_cdn",
    "connect_to_cloud_loadbalancers": "cloud_loadbalancers",
    "connect_to_cloud_databases": "cloud_databases",
    "connect_to_cloud_blockstorage": "cloud_blockstorage",
    "connect_to_cloud_dns": "cloud_dns",
    "connect_to_cloud_networks": "cloud_networks",
    "connect_to_cloud_monitoring": "cloud_monitoring",
    "connect_to_autoscale": "autoscale",
    "connect_to_images": "images",
    "connect_to_queues": "queues",
}
#: Module attributes read from the state (pyrax's globals).
_STATE_ATTRIBUTES = ("settings", "identity", "cloudfiles", "default_region", "regions", "services")


def _not_provided(service: str) -> NoReturn:
    what, instead = OTHER_SERVICES[service]
    raise exc.ServiceNotAvailable(
        f"pyrax.{service} ({what}) is not provided: swiftfiles.pyrax provides only Cloud Files "
        f"(pyrax.cloudfiles, connect_to_cloudfiles). For {what} use {instead}."
    )


def __getattr__(name: str) -> Any:
    if name in _STATE_ATTRIBUTES:
        return getattr(state(), name)
    if name in OTHER_SERVICES:
        _not_provided(name)
    if name in _CONNECTORS:
        service = _CONNECTORS[name]

        def connect(*args: Any, **kwargs: Any) -> NoReturn:
            _not_provided(service)

        connect.__name__ = name
        return connect
    raise AttributeError(f"module 'swiftfiles.pyrax' has no attribute {name!r}")


# -- settings ----------------------------------------------------------------------------------------------------


def get_environment() -> str:
    """The name of the current environment (a section of ``~/.pyrax.cfg``; ``default`` otherwise)."""
    return state().settings.environment


def set_environment(env: str) -> None:
    """Switch environment; forgets the credentials and clients (``EnvironmentNotFound`` for unknown names)."""
    current = state()
    if env != current.settings.environment:
        current.settings.environment = env
        clear_credentials()


def list_environments() -> list[str]:
    """Every environment defined."""
    return state().settings.environments


def get_setting(key: str, env: str | None = None) -> Any:
    """A setting of the current (or given) environment, else its ``CLOUD_*`` variable, else None."""
    return state().settings.get(key, env=env)


def set_setting(key: str, val: Any, env: str | None = None) -> None:
    """Change a setting of the current (or given) environment.

    The current identity follows the change (its next login uses it); a different ``identity_type`` discards the
    identity and its credentials, since they belong to the other kind of identity service.
    """
    current = state()
    current.settings.set(key, val, env=env)
    identity = current.identity
    if identity is None or (env is not None and env != current.settings.environment):
        return
    value = current.settings.get(key)
    if key == "identity_type" and value != identity.identity_type:
        clear_credentials()
    elif key == "verify_ssl":
        identity.verify_ssl = bool(value)
    elif key in ("region", "auth_endpoint", "tenant_name", "user_domain_name", "project_domain_name"):
        setattr(identity, key, value)
    elif key == "tenant_id":
        identity.tenant_id = value


def set_default_region(region: str | None) -> None:
    """The region used when none is given and the ``region`` setting is unset."""
    state().default_region = region


def get_encoding() -> str:
    """The text encoding setting (``utf-8`` unless configured)."""
    return str(get_setting("encoding") or default_encoding)


def get_http_debug() -> bool:
    """Whether request logging was turned on with ``set_http_debug``."""
    return state().http_debug


def set_http_debug(val: bool) -> None:
    """Log every request at DEBUG on the ``swiftfiles`` logger (tokens and keys redacted); add a handler to see it."""
    state().http_debug = bool(val)
    logging.getLogger("swiftfiles").setLevel(logging.DEBUG if val else logging.NOTSET)


# -- identity and credentials ------------------------------------------------------------------------------------


def create_context(
    id_type: str | None = None,
    env: str | None = None,
    username: str | None = None,
    password: str | None = None,
    tenant_id: str | None = None,
    tenant_name: str | None = None,
    api_key: str | None = None,
    verify_ssl: bool | None = None,
) -> Identity:
    """A new identity from the settings (not the module's ``identity``), for working with several accounts."""
    if env:
        set_environment(env)
    identity = _new_identity(id_type, verify_ssl, tenant_id=tenant_id, tenant_name=tenant_name)
    if username:
        identity.set_credentials(username, password=password, api_key=api_key, tenant_id=tenant_id)
    return identity


def _new_identity(
    id_type: str | None = None,
    verify_ssl: bool | None = None,
    *,
    tenant_id: str | None = None,
    tenant_name: str | None = None,
) -> Identity:
    settings = state().settings
    kind = settings.get("identity_type") if id_type is None else identity_type(id_type)
    return Identity(
        kind or "rackspace",
        auth_endpoint=settings.get("auth_endpoint"),
        region=settings.get("region"),
        verify_ssl=bool(settings.get("verify_ssl")) if verify_ssl is None else verify_ssl,
        tenant_id=tenant_id or settings.get("tenant_id"),
        tenant_name=tenant_name or settings.get("tenant_name"),
        user_domain_name=settings.get("user_domain_name"),
        project_domain_name=settings.get("project_domain_name"),
    )


def _identity() -> Identity:
    current = state()
    if current.identity is None:
        current.identity = _new_identity()
    return current.identity


def _safe_region(region: str | None = None) -> str | None:
    current = state()
    chosen = region or current.settings.get("region") or current.default_region
    if not chosen and current.identity is not None:
        chosen = current.identity.get_default_region()
    return chosen or None


def _after_auth(region: str | None) -> None:
    current = state()
    identity = _identity()
    if identity.authenticated:
        connect_to_services(region=region)
    current.regions = tuple(identity.regions)
    current.services = tuple(identity.services)


def set_credentials(
    username: str,
    api_key: str | None = None,
    password: str | None = None,
    region: str | None = None,
    tenant_id: str | None = None,
    authenticate: bool = True,
) -> None:
    """Set the credentials and (by default) authenticate, then connect ``cloudfiles``."""
    identity = _identity()
    if identity.identity_type == "rackspace":
        identity.set_credentials(
            username, password=password, api_key=api_key, region=_safe_region(region), tenant_id=tenant_id
        )
    else:
        identity.set_credentials(
            username, password=password or api_key, region=_safe_region(region), tenant_id=tenant_id
        )
    if authenticate:
        identity.authenticate()
    _after_auth(region)


def set_credential_file(
    cred_file: str | os.PathLike[str], region: str | None = None, authenticate: bool = True
) -> None:
    """Read a pyrax credential file (``[rackspace_cloud]`` or ``[keystone]``), authenticate, connect ``cloudfiles``."""
    identity = _identity()
    identity.set_credential_file(cred_file, region=_safe_region(region))
    if authenticate:
        identity.authenticate()
    _after_auth(region)


def auth_with_token(
    token: str, tenant_id: str | None = None, tenant_name: str | None = None, region: str | None = None
) -> None:
    """Use an existing token (Keystone v3), then connect ``cloudfiles``."""
    _identity().auth_with_token(token, tenant_id=tenant_id, tenant_name=tenant_name)
    _after_auth(region)


def authenticate(connect: bool = True) -> None:
    """Authenticate with the credentials already set (``MissingAuthSettings`` without any)."""
    _identity().authenticate()
    _after_auth(None)


def keyring_auth(username: str | None = None, region: str | None = None, authenticate: bool = True) -> None:
    """Authenticate with the password the ``keyring`` package holds for service ``pyrax`` and *username*."""
    try:
        import keyring  # type: ignore[import-not-found]
    except ImportError:
        raise exc.KeyringModuleNotInstalled("The 'keyring' Python module is not installed on this system.") from None
    username = username or get_setting("keyring_username")
    if not username:
        raise exc.KeyringUsernameMissing("No username specified for keyring authentication.")
    password = keyring.get_password("pyrax", username)
    if password is None:
        raise exc.KeyringPasswordNotFound(f"No password was found for the username '{username}'.")
    set_credentials(username, password=password, region=region, authenticate=authenticate)


def clear_credentials() -> None:
    """Forget the identity and every client (pyrax's ``clear_credentials``)."""
    current = state()
    if current.identity is not None:
        current.identity.unauthenticate()
    current.identity = None
    current.cloudfiles = None
    current.regions = ()
    current.services = ()


# -- Cloud Files -------------------------------------------------------------------------------------------------


def connect_to_cloudfiles(region: str | None = None, public: bool | None = None) -> CloudFilesClient:
    """A Cloud Files client for *region* (default: settings, then the account's) on the public or ServiceNet URL.

    ``NotAuthenticated`` before the credentials were set and accepted.
    """
    current = state()
    identity = current.identity
    if identity is None or not identity.authenticated:
        raise exc.NotAuthenticated("Authentication required before calling 'connect_to_cloudfiles'.")
    is_public = not get_setting("use_servicenet") if public is None else public
    client = identity.client(_safe_region(region), public=is_public)
    text_encoding = get_encoding() if get_setting("fetch_as_text") else None
    return CloudFilesClient(client, warned=current.warned_keys, text_encoding=text_encoding)


def connect_to_services(region: str | None = None) -> None:
    """Connect every provided service: here only ``cloudfiles``."""
    state().cloudfiles = connect_to_cloudfiles(region=region)


def client_class_for_service(service: str) -> type[CloudFilesClient] | None:
    """``CloudFilesClient`` for ``object_store``; None for services this module does not provide."""
    return CloudFilesClient if service == "object_store" else None


__all__ = [
    "OTHER_SERVICES",
    "USER_AGENT",
    "CloudFilesClient",
    "Identity",
    "State",
    "auth_with_token",
    "authenticate",
    "clear_credentials",
    "client_class_for_service",
    "connect_to_cloudfiles",
    "connect_to_services",
    "create_context",
    "default_encoding",
    "exc",
    "exceptions",
    "get_encoding",
    "get_environment",
    "get_http_debug",
    "get_setting",
    "keyring_auth",
    "list_environments",
    "set_credential_file",
    "set_credentials",
    "set_default_region",
    "set_environment",
    "set_http_debug",
    "set_setting",
    "utils",
    "version",
]
