"""The proxy side of Keystone mode: Swift validating Keystone tokens next to tempauth.

With ``DevServer(keystone=...)`` the proxy pipeline gets, right after ``tempauth``::

    tempauth tempauth_passthrough authtoken keystoneauth

``authtoken`` is keystonemiddleware's ``auth_token`` with ``delay_auth_decision = true``: it validates an
``X-Auth-Token`` with Keystone (with the service user's credentials), sets ``X-Identity-Status`` and the
``X-Roles``/``X-Project-Id`` headers, and lets the request through either way; ``keystoneauth`` (Swift's)
then authorizes it: a user with a role in ``operator_roles`` (``admin``, ``member``) owns the account
``AUTH_<project id>`` of the project the token is scoped to. Validated tokens are cached in the proxy's
``swift.cache`` (the devserver's in-process dict, see ``swiftfiles.devserver.memcache``), as a real Swift
caches them in memcached.

tempauth and keystoneauth both claim the ``AUTH_`` accounts, and each auth middleware replaces the
``swift.authorize`` callback of the ones before it: keystoneauth even for a request it found no Keystone
identity in. So tempauth comes first (keystoneauth's verdict wins for Keystone tokens), and
``tempauth_passthrough`` marks a request whose token tempauth accepted with ``swift.authorize_override``,
which keystoneauth honours (as it does for tempurl and formpost): tempauth users keep working. A tempauth token
costs one validation call to Keystone, whose "invalid" answer authtoken caches.

Stdlib only: the parent imports ``proxy_options``, the server child the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = [
    "AUTHTOKEN_DEFAULTS",
    "KEYSTONEAUTH_OPTIONS",
    "TempauthPassthrough",
    "authtoken_factory",
    "filter_sections",
    "keystone_pipeline",
    "proxy_options",
    "tempauth_passthrough_factory",
]

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: authtoken options every Keystone-mode proxy gets; the caller's options (auth_url, credentials) go on top.
AUTHTOKEN_DEFAULTS: dict[str, str] = {
    "delay_auth_decision": "true",
    "auth_type": "password",
    "interface": "public",
    # The proxy's cache filter puts an in-process dict cache here: no memcached, no deprecation warning.
    "cache": "swift.cache",
    "include_service_catalog": "false",
    "http_connect_timeout": "10",
    "http_request_max_retries": "1",
}

#: Swift's keystoneauth: members and admins of a project own its account AUTH_<project id>.
KEYSTONEAUTH_OPTIONS: dict[str, str] = {
    "operator_roles": "admin, member",
    "reseller_prefix": "AUTH_",
}


def proxy_options(keystone: Any) -> dict[str, str] | None:
    """authtoken options from a ``KeystoneInfo`` (its ``authtoken_options()``) or a mapping; None stays None."""
    if keystone is None:
        return None
    options = keystone.authtoken_options() if hasattr(keystone, "authtoken_options") else keystone
    if not isinstance(options, Mapping):
        raise TypeError(f"keystone must be a KeystoneInfo or a mapping of authtoken options, not {keystone!r}")
    result = {str(key): str(value) for key, value in options.items()}
    missing = [key for key in ("auth_url", "username", "password") if not result.get(key)]
    if missing:
        raise ValueError(f"keystone authtoken options need {', '.join(missing)}")
    return result


def keystone_pipeline(pipeline: str) -> str:
    """``pipeline`` with the Keystone filters inserted right after ``tempauth``."""
    names = pipeline.split()
    if "tempauth" not in names:
        raise ValueError("the proxy pipeline has no tempauth to put the Keystone filters after")
    at = names.index("tempauth") + 1
    return " ".join([*names[:at], "tempauth_passthrough", "authtoken", "keystoneauth", *names[at:]])


def filter_sections(options: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """The ``[filter:...]`` sections (name, lines) for ``keystone_pipeline``'s three filters."""
    authtoken = {**AUTHTOKEN_DEFAULTS, **options}
    authtoken.setdefault("www_authenticate_uri", authtoken["auth_url"])
    return [
        (
            "filter:tempauth_passthrough",
            ["paste.filter_factory = swiftfiles.devserver.keystone_proxy:tempauth_passthrough_factory"],
        ),
        (
            "filter:authtoken",
            [
                "paste.filter_factory = swiftfiles.devserver.keystone_proxy:authtoken_factory",
                *(f"{key} = {value}" for key, value in authtoken.items()),
            ],
        ),
        (
            "filter:keystoneauth",
            ["use = egg:swift#keystoneauth", *(f"{key} = {value}" for key, value in KEYSTONEAUTH_OPTIONS.items())],
        ),
    ]


class TempauthPassthrough:
    """Keeps keystoneauth from overriding tempauth's decision for requests tempauth authenticated."""

    def __init__(self, app: WsgiApp, token_prefix: str = "AUTH_") -> None:
        self.app = app
        self.token_prefix = token_prefix

    def __call__(self, env: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        token = env.get("HTTP_X_AUTH_TOKEN") or env.get("HTTP_X_STORAGE_TOKEN") or ""
        # tempauth sets REMOTE_USER (its groups) only for a token it issued and still knows.
        if env.get("REMOTE_USER") and token.startswith(self.token_prefix):
            env["swift.authorize_override"] = True
        return self.app(env, start_response)


def authtoken_factory(global_conf: dict[str, str], **local_conf: str) -> Callable[[WsgiApp], WsgiApp]:
    """keystonemiddleware's ``auth_token`` filter factory, without its warnings about unknown options.

    Paste hands every filter the proxy's ``[DEFAULT]`` options (``bind_port``, ``swift_dir`` ...), and the
    password plugin's options are registered only after the check: authtoken would log a dozen "option is
    not known" warnings at each start, real deployments included.
    """
    import logging

    from keystonemiddleware import auth_token

    logging.getLogger("keystonemiddleware._common.config").setLevel(logging.ERROR)
    factory: Callable[[WsgiApp], WsgiApp] = auth_token.filter_factory(global_conf, **local_conf)
    return factory


def tempauth_passthrough_factory(global_conf: dict[str, str], **local_conf: str) -> Callable[[WsgiApp], WsgiApp]:
    """paste.deploy entry for ``TempauthPassthrough`` (``token_prefix``: tempauth's reseller prefix)."""
    prefix = local_conf.get("token_prefix", "AUTH_")

    def make(app: WsgiApp) -> WsgiApp:
        return TempauthPassthrough(app, prefix)

    return make
