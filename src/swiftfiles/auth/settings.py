"""Auth settings as one value, read from the environment users already have, and made into an AuthMethod.

Users arrive with a ``swift`` CLI setup (``ST_AUTH``/``ST_USER``/``ST_KEY``), an OpenStack ``openrc``
(``OS_*``) or a Rackspace account (``OS_USERNAME`` plus an API key); all three should work without
translation. ``settings_from_env`` only reads the mapping it is given (pass ``os.environ`` explicitly, so
nothing is read at import time and tests need no patching); ``build_auth_method`` turns settings into the
right ``AuthMethod`` and says exactly which setting is missing, naming the environment variable too, because
that is what users edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..exceptions import ConfigurationError
from ..http.client import HTTPClient
from .base import AuthMethod, AuthResult
from .catalog import normalize_interface
from .keystone import DEFAULT_TIMEOUT, KeystoneAuth
from .rackspace import RACKSPACE_US_AUTH_URL, RackspaceAuth
from .tempauth import PreAuthenticated, TempAuth

TEMPAUTH = "tempauth"
KEYSTONE = "keystone"
RACKSPACE = "rackspace"
PREAUTH = "preauth"

#: Accepted ``auth_type`` spellings -> (auth method, Keystone credential kind; None: "whatever is set").
#: The Keystone names are keystoneauth1's plugin names, so an existing ``OS_AUTH_TYPE`` keeps working.
AUTH_TYPES: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        "tempauth": (TEMPAUTH, None),
        "v1": (TEMPAUTH, None),
        "v1password": (TEMPAUTH, None),
        "keystone": (KEYSTONE, None),
        "v3": (KEYSTONE, None),
        "password": (KEYSTONE, "password"),
        "v3password": (KEYSTONE, "password"),
        "token": (KEYSTONE, "token"),
        "v3token": (KEYSTONE, "token"),
        "v3applicationcredential": (KEYSTONE, "application_credential"),
        "applicationcredential": (KEYSTONE, "application_credential"),
        "rackspace": (RACKSPACE, None),
        "rax": (RACKSPACE, None),
        "preauth": (PREAUTH, None),
    }
)


@dataclass(frozen=True)
class AuthSettings:
    """Everything any auth method may need; fields a method does not use are ignored by it.

    Secrets are excluded from ``repr`` so settings can be logged or shown in a traceback safely.
    ``auth_type`` None means "infer from what is set" (see ``resolve_auth_type``).
    """

    auth_type: str | None = None
    auth_url: str | None = None
    username: str | None = None
    user_id: str | None = None
    #: The Keystone or Rackspace password, and also the tempauth key.
    password: str | None = field(default=None, repr=False)
    #: Rackspace API key.
    api_key: str | None = field(default=None, repr=False)
    project_name: str | None = None
    project_id: str | None = None
    project_domain_name: str | None = None
    project_domain_id: str | None = None
    user_domain_name: str | None = None
    user_domain_id: str | None = None
    domain_name: str | None = None
    domain_id: str | None = None
    #: Rackspace tenant scoping (Keystone uses project_*).
    tenant_name: str | None = None
    tenant_id: str | None = None
    application_credential_id: str | None = None
    application_credential_name: str | None = None
    application_credential_secret: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    #: The storage URL for preauth; with any other method, replaces the URL the identity service returns.
    storage_url: str | None = None
    cdn_url: str | None = None
    region: str | None = None
    #: "public", "internal" (Rackspace ServiceNet) or "admin"; "publicURL"-style spellings are accepted.
    interface: str = "public"

    def given(self) -> dict[str, Any]:
        """The fields that are set, by name: keyword arguments that rebuild these settings (``StorageClient(**...)``,
        fsspec's ``storage_options``)."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {name: value for name, value in values.items() if value is not None}

    def __post_init__(self) -> None:
        object.__setattr__(self, "interface", normalize_interface(self.interface))
        if self.auth_type is not None:
            _parse_auth_type(self.auth_type, "auth_type")


def _parse_auth_type(value: str, source: str) -> tuple[str, str | None]:
    key = value.strip().lower().replace("-", "").replace("_", "")
    try:
        return AUTH_TYPES[key]
    except KeyError:
        raise ConfigurationError(
            f"unknown {source} {value!r}; use one of: {', '.join(AUTH_TYPES)} (for other keystoneauth1 "
            "plugins, build one and pass it to KeystoneAuth.from_plugin)"
        ) from None


def auth_type_for_version(value: str, source: str = "auth_version") -> str:
    """``OS_AUTH_VERSION`` / ``ST_AUTH_VERSION`` (the swift CLI's ``-V``) as an auth method.

    "2" means Rackspace: it is the only v2.0 identity service swiftfiles speaks (and its password form is also
    the old Keystone v2.0 request), so an API key is not required to pick it.
    """
    version = value.strip().lower().lstrip("v")
    if version in ("1", "1.0"):
        return TEMPAUTH
    if version in ("2", "2.0"):
        return RACKSPACE
    if version in ("3", "3.0"):
        return KEYSTONE
    raise ConfigurationError(f"unsupported {source} {value!r}; use 1, 2 or 3")


def _get(environ: Mapping[str, str], *names: str) -> str | None:
    """The first of *names* set to a non-blank value: ``export OS_PROJECT_NAME=`` means unset."""
    for name in names:
        value = environ.get(name)
        if value is not None and value.strip():
            return value.strip()
    return None


def _with_cloud(environ: Mapping[str, str]) -> Mapping[str, str]:
    """*environ* with the ``OS_*`` settings of the ``OS_CLOUD`` cloud filled in (variables that are set win)."""
    cloud = _get(environ, "OS_CLOUD")
    if cloud is None:
        return environ
    from .clouds import cloud_environ

    return {**cloud_environ(cloud, environ), **{k: v for k, v in environ.items() if v.strip()}}


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def connection_settings_from_env(environ: Mapping[str, str]) -> dict[str, object]:
    """``verify`` and ``cert`` for ``StorageClient`` from the environment (and the ``OS_CLOUD`` cloud).

    ``OS_INSECURE`` / ``SWIFTCLIENT_INSECURE`` (true) → ``verify=False``; ``OS_CACERT`` → ``verify=<CA bundle>``;
    ``OS_CERT`` (+ ``OS_KEY``) → ``cert``. Only what is set is returned, so the defaults (verification on) stay.
    """
    env = _with_cloud(environ)
    settings: dict[str, object] = {}
    cacert = _get(env, "OS_CACERT")
    if _truthy(env.get("OS_INSECURE")) or _truthy(env.get("SWIFTCLIENT_INSECURE")):
        settings["verify"] = False
    elif cacert:
        settings["verify"] = cacert
    cert, key = _get(env, "OS_CERT"), _get(env, "OS_KEY")
    if key and not cert:
        raise ConfigurationError("OS_KEY (a client key) needs OS_CERT (the client certificate)")
    if cert:
        settings["cert"] = (cert, key) if key else cert
    return settings


def settings_from_env(environ: Mapping[str, str]) -> AuthSettings:
    """``AuthSettings`` from swift CLI, OpenStack and Rackspace environment variables.

    How the auth type is chosen, first match wins: ``OS_AUTH_TYPE``; ``OS_AUTH_VERSION`` or
    ``ST_AUTH_VERSION`` (1 tempauth, 2 Rackspace, 3 Keystone); ``ST_AUTH`` set means tempauth; otherwise the
    type is left None and ``resolve_auth_type`` infers it from the settings. With tempauth the ``ST_*``
    variables win over ``OS_*`` ones; otherwise ``OS_*`` win and ``ST_*`` fill the gaps. With a v2/v3
    version, an ``ST_USER`` of the form ``tenant:user`` is split the way the swift CLI does.

    ``OS_CLOUD`` names a cloud of ``clouds.yaml`` (see ``swiftfiles.auth.clouds``): its settings are read as the
    ``OS_*`` variables they stand for, and variables actually set in *environ* override them.
    """
    environ = _with_cloud(environ)
    api_key = _get(environ, "OS_API_KEY", "RAX_API_KEY")
    auth_type: str | None = None
    explicit = _get(environ, "OS_AUTH_TYPE")
    if explicit is not None:
        _parse_auth_type(explicit, "OS_AUTH_TYPE")
        auth_type = explicit
    else:
        for name in ("OS_AUTH_VERSION", "ST_AUTH_VERSION"):
            version = _get(environ, name)
            if version is not None:
                auth_type = auth_type_for_version(version, name)
                break
        else:
            if _get(environ, "ST_AUTH") is not None:
                auth_type = TEMPAUTH
    method = _parse_auth_type(auth_type, "auth_type")[0] if auth_type else None

    st_user = _get(environ, "ST_USER")
    st_tenant: str | None = None
    if st_user and ":" in st_user and method in (KEYSTONE, RACKSPACE):
        st_tenant, st_user = st_user.split(":", 1)

    if method == TEMPAUTH:
        auth_url = _get(environ, "ST_AUTH", "OS_AUTH_URL")
        username = st_user or _get(environ, "OS_USERNAME", "RAX_USERNAME")
        password = _get(environ, "ST_KEY", "OS_PASSWORD")
    else:
        auth_url = _get(environ, "OS_AUTH_URL", "ST_AUTH")
        username = _get(environ, "OS_USERNAME", "RAX_USERNAME") or st_user
        password = _get(environ, "OS_PASSWORD", "ST_KEY")

    interface_name = "OS_INTERFACE" if _get(environ, "OS_INTERFACE") else "OS_ENDPOINT_TYPE"
    interface = _get(environ, interface_name) or "public"
    try:
        interface = normalize_interface(interface)
    except ConfigurationError as exc:
        raise ConfigurationError(f"{interface_name}: {exc}") from None

    return AuthSettings(
        auth_type=auth_type,
        auth_url=auth_url,
        username=username,
        user_id=_get(environ, "OS_USER_ID"),
        password=password,
        api_key=api_key,
        project_name=_get(environ, "OS_PROJECT_NAME", "OS_TENANT_NAME") or st_tenant,
        project_id=_get(environ, "OS_PROJECT_ID", "OS_TENANT_ID"),
        project_domain_name=_get(environ, "OS_PROJECT_DOMAIN_NAME"),
        project_domain_id=_get(environ, "OS_PROJECT_DOMAIN_ID"),
        user_domain_name=_get(environ, "OS_USER_DOMAIN_NAME"),
        user_domain_id=_get(environ, "OS_USER_DOMAIN_ID"),
        domain_name=_get(environ, "OS_DOMAIN_NAME"),
        domain_id=_get(environ, "OS_DOMAIN_ID"),
        tenant_name=_get(environ, "OS_TENANT_NAME") or st_tenant,
        tenant_id=_get(environ, "OS_TENANT_ID"),
        application_credential_id=_get(environ, "OS_APPLICATION_CREDENTIAL_ID"),
        application_credential_name=_get(environ, "OS_APPLICATION_CREDENTIAL_NAME"),
        application_credential_secret=_get(environ, "OS_APPLICATION_CREDENTIAL_SECRET"),
        token=_get(environ, "OS_AUTH_TOKEN", "OS_TOKEN"),
        storage_url=_get(environ, "OS_STORAGE_URL"),
        region=_get(environ, "OS_REGION_NAME", "RAX_REGION"),
        interface=interface,
    )


def _is_v1_url(url: str) -> bool:
    path = url.split("?", 1)[0].rstrip("/")
    return path.endswith("/v1.0")


def resolve_auth_type(settings: AuthSettings) -> str:
    """The auth method the settings select: ``"tempauth"``, ``"keystone"``, ``"rackspace"`` or ``"preauth"``.

    With no ``auth_type``: a storage URL and token without an auth URL is preauth; an auth URL ending in
    ``/v1.0`` (``/auth/v1.0`` is tempauth's, ``/v1.0`` Rackspace's legacy one) is tempauth; an API key or a
    ``rackspacecloud.com`` auth URL is Rackspace; any other auth URL is Keystone.
    """
    if settings.auth_type:
        return _parse_auth_type(settings.auth_type, "auth_type")[0]
    if settings.storage_url and settings.token and not settings.auth_url:
        return PREAUTH
    if settings.auth_url and _is_v1_url(settings.auth_url):
        return TEMPAUTH
    if settings.api_key or (settings.auth_url and "rackspacecloud.com" in settings.auth_url.lower()):
        return RACKSPACE
    if settings.auth_url:
        return KEYSTONE
    raise ConfigurationError(
        "no authentication settings: set auth_url (OS_AUTH_URL or ST_AUTH) with credentials, "
        "storage_url and token (OS_STORAGE_URL, OS_AUTH_TOKEN), or OS_CLOUD naming a cloud of clouds.yaml"
    )


def _require(what: str, needs: str, present: Mapping[str, object]) -> None:
    """Raise ``ConfigurationError`` naming the missing settings among *present* (setting name -> value)."""
    missing = [name for name, value in present.items() if not value]
    if missing:
        raise ConfigurationError(f"{what} needs {needs}; missing: {', '.join(missing)}")


def build_auth_method(
    settings: AuthSettings,
    *,
    verify: bool | str = True,
    cert: str | tuple[str, str] | None = None,
    timeout: float | None = None,
) -> AuthMethod:
    """The ``AuthMethod`` for *settings*.

    verify, cert, timeout: TLS verification, client certificate and timeout (seconds; None keeps
    ``keystone.DEFAULT_TIMEOUT``) for Keystone, whose requests go through keystoneauth1's own session; the other
    methods use the client's ``HTTPClient`` and its transport's settings.
    """
    method = resolve_auth_type(settings)
    built: AuthMethod
    if method == PREAUTH:
        _require(
            "preauth",
            "storage_url and token (OS_STORAGE_URL, OS_AUTH_TOKEN)",
            {"storage_url": settings.storage_url, "token": settings.token},
        )
        assert settings.storage_url and settings.token
        return PreAuthenticated(settings.storage_url, settings.token, cdn_url=settings.cdn_url)
    if method == TEMPAUTH:
        key = settings.password or settings.api_key
        _require(
            "tempauth",
            "auth_url, username and password (ST_AUTH, ST_USER, ST_KEY)",
            {"auth_url": settings.auth_url, "username": settings.username, "password": key},
        )
        assert settings.auth_url and settings.username and key
        built = TempAuth(settings.auth_url, settings.username, key, storage_url=settings.storage_url)
        return _with_overrides(built, None, settings.cdn_url)
    built = _build_rackspace(settings) if method == RACKSPACE else _build_keystone(settings, verify, cert, timeout)
    return _with_overrides(built, settings.storage_url, settings.cdn_url)


def _build_rackspace(settings: AuthSettings) -> RackspaceAuth:
    if settings.token and not (settings.api_key or settings.password):  # an existing token, for its catalog
        return RackspaceAuth(
            settings.username,
            token=settings.token,
            auth_url=settings.auth_url or RACKSPACE_US_AUTH_URL,
            region=settings.region,
            public=settings.interface == "public",
            tenant_id=settings.tenant_id,
            tenant_name=settings.tenant_name,
        )
    _require(
        "rackspace auth",
        "username and an api_key or password (OS_USERNAME or RAX_USERNAME, OS_API_KEY or RAX_API_KEY, OS_PASSWORD)",
        {"username": settings.username, "api_key or password": settings.api_key or settings.password},
    )
    assert settings.username
    if settings.interface == "admin":
        raise ConfigurationError("rackspace auth: interface must be 'public' or 'internal' (ServiceNet), not 'admin'")
    # With both set (an openrc plus a Rackspace key), the API key is the Rackspace credential.
    return RackspaceAuth(
        settings.username,
        api_key=settings.api_key,
        password=None if settings.api_key else settings.password,
        auth_url=settings.auth_url or RACKSPACE_US_AUTH_URL,
        region=settings.region,
        public=settings.interface == "public",
        tenant_id=settings.tenant_id,
        tenant_name=settings.tenant_name,
    )


def _build_keystone(
    settings: AuthSettings, verify: bool | str, cert: str | tuple[str, str] | None, timeout: float | None
) -> KeystoneAuth:
    kind = _parse_auth_type(settings.auth_type, "auth_type")[1] if settings.auth_type else None
    _require("keystone auth", "auth_url (OS_AUTH_URL)", {"auth_url": settings.auth_url})
    assert settings.auth_url
    user = {"username or user_id": settings.username or settings.user_id}
    app_credential = {
        "application_credential_id or application_credential_name": settings.application_credential_id
        or settings.application_credential_name,
        "application_credential_secret": settings.application_credential_secret,
    }
    if kind is None:
        has_app = any(app_credential.values())
        if has_app:
            kind = "application_credential"
        elif settings.token:
            kind = "token"
        elif settings.password or settings.username or settings.user_id:
            kind = "password"
        else:
            raise ConfigurationError(
                "keystone auth needs credentials: username or user_id and password (OS_USERNAME or "
                "OS_USER_ID, OS_PASSWORD), an application credential (OS_APPLICATION_CREDENTIAL_ID or "
                "OS_APPLICATION_CREDENTIAL_NAME, and OS_APPLICATION_CREDENTIAL_SECRET), or a token "
                "(OS_AUTH_TOKEN)"
            )
    if kind == "password":
        _require(
            "keystone password auth",
            "username or user_id, and password (OS_USERNAME or OS_USER_ID, OS_PASSWORD)",
            {**user, "password": settings.password},
        )
    elif kind == "token":
        _require("keystone token auth", "a token (OS_AUTH_TOKEN)", {"token": settings.token})
    else:
        _require(
            "keystone application credential auth",
            "application_credential_id or application_credential_name, and application_credential_secret "
            "(OS_APPLICATION_CREDENTIAL_ID or OS_APPLICATION_CREDENTIAL_NAME, "
            "OS_APPLICATION_CREDENTIAL_SECRET)",
            app_credential,
        )
        if not settings.application_credential_id:
            _require(
                "keystone application credential auth by name",
                "username or user_id (OS_USERNAME or OS_USER_ID)",
                user,
            )
    use_password = kind == "password"
    use_app = kind == "application_credential"
    return KeystoneAuth(
        settings.auth_url,
        username=settings.username if use_password or use_app else None,
        user_id=settings.user_id if use_password or use_app else None,
        password=settings.password if use_password else None,
        user_domain_name=settings.user_domain_name,
        user_domain_id=settings.user_domain_id,
        project_name=settings.project_name,
        project_id=settings.project_id,
        project_domain_name=settings.project_domain_name,
        project_domain_id=settings.project_domain_id,
        domain_name=settings.domain_name,
        domain_id=settings.domain_id,
        application_credential_id=settings.application_credential_id if use_app else None,
        application_credential_name=settings.application_credential_name if use_app else None,
        application_credential_secret=settings.application_credential_secret if use_app else None,
        token=settings.token if kind == "token" else None,
        region=settings.region,
        interface=settings.interface,
        verify=verify,
        cert=cert,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
    )


class EndpointOverride(AuthMethod):
    """Another method's result with the storage and/or CDN URL replaced.

    For reaching a cluster through another host name (a proxy, a tunnel, a private address) while still
    logging in normally; the token and expiry are the inner method's.
    """

    def __init__(self, inner: AuthMethod, *, storage_url: str | None = None, cdn_url: str | None = None) -> None:
        self.inner = inner
        self.storage_url = storage_url.rstrip("/") if storage_url else None
        self.cdn_url = cdn_url.rstrip("/") if cdn_url else None
        self.can_reauthenticate = inner.can_reauthenticate

    def authenticate(self, http: HTTPClient) -> AuthResult:
        result = self.inner.authenticate(http)
        return dataclasses.replace(
            result,
            storage_url=self.storage_url or result.storage_url,
            cdn_url=self.cdn_url or result.cdn_url,
        )

    def invalidate(self) -> None:
        self.inner.invalidate()

    def __repr__(self) -> str:
        return f"<EndpointOverride {self.inner!r} storage_url={self.storage_url} cdn_url={self.cdn_url}>"


def _with_overrides(method: AuthMethod, storage_url: str | None, cdn_url: str | None) -> AuthMethod:
    if not storage_url and not cdn_url:
        return method
    return EndpointOverride(method, storage_url=storage_url, cdn_url=cdn_url)


__all__ = [
    "AUTH_TYPES",
    "AuthSettings",
    "build_auth_method",
    "EndpointOverride",
    "KEYSTONE",
    "PREAUTH",
    "RACKSPACE",
    "resolve_auth_type",
    "settings_from_env",
    "TEMPAUTH",
]
