"""OpenStack Keystone v3 authentication, delegated to keystoneauth1.

Keystone has many auth methods, scoping rules and catalog quirks, and keystoneauth1 is the library every
OpenStack client uses for them; this module only chooses a keystoneauth1 plugin from plain arguments, asks
it for a token and the object-store endpoint, and turns its exceptions into swiftfiles ones. The token
request therefore goes through keystoneauth1's own session (requests), not swiftfiles' ``HTTPClient``.

keystoneauth1 is imported inside functions: it pulls in ``requests``, which would weigh on every
``import swiftfiles`` that users of tempauth or Rackspace would pay for nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..exceptions import (
    AuthenticationFailed,
    ClientException,
    ConfigurationError,
    ConnectionFailed,
    RequestTimeout,
    exception_class_for,
)
from ..http.client import HTTPClient
from .base import AuthMethod, AuthResult
from .catalog import all_endpoints, normalize_interface

if TYPE_CHECKING:
    from keystoneauth1.plugin import BaseAuthPlugin
    from keystoneauth1.session import Session

#: The domain OpenStack creates at install time; clients assume it when a name is given without a domain.
DEFAULT_DOMAIN_NAME = "Default"

#: Seconds to wait for Keystone in a session swiftfiles builds (keystoneauth1's own default is forever).
DEFAULT_TIMEOUT = 60.0


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


class KeystoneAuth(AuthMethod):
    """Keystone v3 with a password, an application credential or an existing token.

    The plugin is chosen from what is given, application credential first, then token, then password, the
    order in which the settings are most specific. Names given without a domain (``username``,
    ``project_name``) are looked up in the ``Default`` domain, as the OpenStack command-line clients do.
    Application credentials carry their own project, so project and domain scoping are ignored for them.

    region: the catalog region of the object-store endpoint (None: the first one Keystone lists).
    interface: ``public``, ``internal`` or ``admin`` (``publicURL`` style accepted).
    verify: TLS verification for keystoneauth1's session: True, False or a CA bundle path.
    cert: a client certificate for Keystone (a path to a file holding certificate and key, or a
    ``(certificate, key)`` pair of paths), as for the storage requests (``StorageClient(cert=...)``).
    session: an existing ``keystoneauth1.session.Session`` to send requests with (its own auth is not used;
    *verify*, *cert* and *timeout* are then the session's).
    timeout: seconds to wait for Keystone, for the session built here.
    """

    def __init__(
        self,
        auth_url: str,
        *,
        username: str | None = None,
        user_id: str | None = None,
        password: str | None = None,
        user_domain_name: str | None = None,
        user_domain_id: str | None = None,
        project_name: str | None = None,
        project_id: str | None = None,
        project_domain_name: str | None = None,
        project_domain_id: str | None = None,
        domain_name: str | None = None,
        domain_id: str | None = None,
        application_credential_id: str | None = None,
        application_credential_name: str | None = None,
        application_credential_secret: str | None = None,
        token: str | None = None,
        region: str | None = None,
        interface: str = "public",
        service_type: str = "object-store",
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        session: Session | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> None:
        if not auth_url:
            raise ConfigurationError("KeystoneAuth needs an auth_url")
        interface = normalize_interface(interface)
        scoped_twice = bool((project_name or project_id) and (domain_name or domain_id))
        if username and not user_id and not (user_domain_name or user_domain_id):
            user_domain_name = DEFAULT_DOMAIN_NAME
        if project_name and not project_id and not (project_domain_name or project_domain_id):
            project_domain_name = DEFAULT_DOMAIN_NAME

        from keystoneauth1.identity import v3

        plugin: BaseAuthPlugin
        if application_credential_id or application_credential_name or application_credential_secret:
            if not application_credential_secret:
                raise ConfigurationError("KeystoneAuth: an application credential needs application_credential_secret")
            if not (application_credential_id or application_credential_name):
                raise ConfigurationError(
                    "KeystoneAuth: an application credential needs application_credential_id "
                    "or application_credential_name"
                )
            if not application_credential_id and not (username or user_id):
                raise ConfigurationError(
                    "KeystoneAuth: an application credential given by name also needs username or user_id "
                    "(names are only unique per user)"
                )
            plugin = v3.ApplicationCredential(
                auth_url,
                application_credential_secret,
                application_credential_id=application_credential_id,
                application_credential_name=application_credential_name,
                user_id=user_id,
                username=username,
                user_domain_id=user_domain_id,
                user_domain_name=user_domain_name,
            )
            kind = "application credential"
            who = f"application credential {application_credential_id or application_credential_name!r}"
            project_name = project_id = domain_name = domain_id = None  # for repr: they are not used
        elif scoped_twice and (token or password):
            raise ConfigurationError(
                "KeystoneAuth: give a project (project_name/project_id) or a domain (domain_name/domain_id) "
                "to scope the token to, not both"
            )
        elif token:
            plugin = v3.Token(
                auth_url,
                token,
                project_name=project_name,
                project_id=project_id,
                project_domain_name=project_domain_name,
                project_domain_id=project_domain_id,
                domain_name=domain_name,
                domain_id=domain_id,
            )
            kind = "token"
            who = "the given token"
        elif password and (username or user_id):
            plugin = v3.Password(
                auth_url,
                password,
                user_id=user_id,
                username=username,
                user_domain_id=user_domain_id,
                user_domain_name=user_domain_name,
                project_name=project_name,
                project_id=project_id,
                project_domain_name=project_domain_name,
                project_domain_id=project_domain_id,
                domain_name=domain_name,
                domain_id=domain_id,
            )
            kind = "password"
            who = f"user {username or user_id!r}"
        elif password or username or user_id:
            missing = "password" if not password else "username or user_id"
            raise ConfigurationError(f"KeystoneAuth: password authentication needs {missing}")
        else:
            raise ConfigurationError(
                "KeystoneAuth needs credentials: username (or user_id) and password, an application "
                "credential (application_credential_id or _name, and application_credential_secret), "
                "or a token"
            )
        if session is None:
            session = _new_session(plugin, verify, timeout, cert)
        self._attach(
            plugin,
            session,
            region=region,
            interface=interface,
            service_type=service_type,
            kind=kind,
            who=who,
            auth_url=auth_url,
            user=None if kind == "token" else (username or user_id),
            project=project_name or project_id,
            domain=domain_name or domain_id,
        )

    def _attach(
        self,
        plugin: BaseAuthPlugin,
        session: Session,
        *,
        region: str | None,
        interface: str,
        service_type: str,
        kind: str,
        who: str,
        auth_url: str,
        user: str | None = None,
        project: str | None = None,
        domain: str | None = None,
    ) -> None:
        """Set what every instance needs, whichever constructor made it."""
        if not service_type:
            raise ConfigurationError("KeystoneAuth needs a service_type")
        self._plugin = plugin
        self._session = session
        self.region = region or None
        self.interface = interface
        self.service_type = service_type
        #: "password", "token", "application credential", or the plugin's class name (``from_plugin``).
        self.kind = kind
        self._who = who
        self.auth_url = auth_url
        self.user = user
        self.project = project
        self.domain = domain

    @classmethod
    def from_plugin(
        cls,
        plugin_or_session: BaseAuthPlugin | Session,
        *,
        region: str | None = None,
        interface: str = "public",
        service_type: str = "object-store",
        verify: bool | str = True,
        timeout: float | None = DEFAULT_TIMEOUT,
        cert: str | tuple[str, str] | None = None,
    ) -> KeystoneAuth:
        """Use keystoneauth1 objects the caller already has (``keystoneauth1.loading``, openstacksdk ...).

        A session is used as is, with its own auth plugin; a bare plugin gets a new session built with
        *verify*, *timeout* and *cert*. Either way swiftfiles never handles the credentials inside.
        """
        from keystoneauth1.session import Session

        if isinstance(plugin_or_session, Session):
            session = plugin_or_session
            if session.auth is None:
                raise ConfigurationError("KeystoneAuth.from_plugin: the keystoneauth1 session has no auth")
            plugin = session.auth
        else:
            plugin = plugin_or_session
            session = _new_session(plugin, verify, timeout, cert)
        name = type(plugin).__name__
        self = cls.__new__(cls)
        self._attach(
            plugin,
            session,
            region=region,
            interface=normalize_interface(interface),
            service_type=service_type,
            kind=name,
            who=f"the credentials of the {name} plugin",
            auth_url=str(getattr(plugin, "auth_url", "") or ""),
        )
        return self

    @property
    def plugin(self) -> BaseAuthPlugin:
        """The keystoneauth1 plugin, for callers that want to reuse it for other OpenStack services."""
        return self._plugin

    @property
    def session(self) -> Session:
        """The keystoneauth1 session the token requests go through."""
        return self._session

    def authenticate(self, http: HTTPClient) -> AuthResult:
        """Get a token and the object-store URL; *http* is unused (keystoneauth1 has its own session).

        Token, expiry and endpoint all come from ONE access record: asking keystoneauth1 for them separately lets
        it re-authenticate between the calls for short-lived tokens, returning a token whose expiry is another's.
        """
        from keystoneauth1.identity.base import BaseIdentityPlugin

        if not isinstance(self._plugin, BaseIdentityPlugin):
            return self._authenticate_generic()
        from keystoneauth1.exceptions import EndpointNotFound

        with self._translate_errors():
            access = self._plugin.get_access(self._session)
            if not access.auth_token:
                raise AuthenticationFailed(f"Keystone gave no token for {self._who}", reason="no token")
            try:
                endpoint = access.service_catalog.endpoint_data_for(
                    service_type=self.service_type, interface=self.interface, region_name=self.region
                )
            except EndpointNotFound:
                endpoint = None
        if endpoint is None or not endpoint.url:
            raise ConfigurationError(self._no_endpoint_message())
        return AuthResult(
            token=access.auth_token,
            storage_url=str(endpoint.url).rstrip("/"),
            expires=access.expires,
            source="keystone",
            region=endpoint.region_name or self.region,
            tenant_id=getattr(access, "project_id", None),
            tenant_name=getattr(access, "project_name", None),
            endpoints=all_endpoints(access.service_catalog.catalog or ()),
        )

    def _authenticate_generic(self) -> AuthResult:
        """For plugins that are not identity plugins (e.g. a caller's own): the session's generic calls."""
        with self._translate_errors():
            token = self._session.get_token(auth=self._plugin)
            if not token:
                raise AuthenticationFailed(f"Keystone gave no token for {self._who}", reason="no token")
            endpoint = self._session.get_endpoint_data(
                auth=self._plugin,
                service_type=self.service_type,
                interface=self.interface,
                region_name=self.region,
                # Swift has no Keystone-style version document; skipping discovery saves a request to it.
                skip_discovery=True,
            )
        if endpoint is None or not endpoint.url:
            raise ConfigurationError(self._no_endpoint_message())
        return AuthResult(
            token=token,
            storage_url=str(endpoint.url).rstrip("/"),
            source="keystone",
            region=endpoint.region_name or self.region,
        )

    def invalidate(self) -> None:
        """Drop keystoneauth1's cached token so the next ``authenticate`` asks Keystone for a new one."""
        self._plugin.invalidate()

    def _no_endpoint_message(self) -> str:
        where = f" in region {self.region!r}" if self.region else ""
        message = f"Keystone's catalog has no {self.service_type} endpoint{where} for interface {self.interface!r}"
        available = self._available_endpoints()
        return message + (f"; available: {available}" if available else "")

    def _available_endpoints(self) -> str:
        """``RegionOne (public, internal), RegionTwo (public)``: what the catalog offers, for errors."""
        from keystoneauth1.identity.base import BaseIdentityPlugin

        if not isinstance(self._plugin, BaseIdentityPlugin):
            return ""
        try:
            catalog = self._plugin.get_access(self._session).service_catalog
            data = catalog.get_endpoints_data(service_type=self.service_type)
        except Exception:  # noqa: BLE001 - only decorates an error message
            return ""
        by_region: dict[str, list[str]] = {}
        for endpoints in data.values():
            for endpoint in endpoints:
                region = endpoint.region_name or "(no region)"
                interfaces = by_region.setdefault(region, [])
                if endpoint.interface and endpoint.interface not in interfaces:
                    interfaces.append(endpoint.interface)
        return ", ".join(f"{region} ({', '.join(kinds)})" for region, kinds in sorted(by_region.items()))

    @contextlib.contextmanager
    def _translate_errors(self) -> Iterator[None]:
        """keystoneauth1 exceptions in, swiftfiles exceptions out, never chained.

        The originals are dropped (``from None``) because a keystoneauth1 ``HttpError`` keeps the requests
        response, whose request body holds the password or secret that was sent.
        """
        from keystoneauth1 import exceptions as ks

        try:
            yield
        except (ks.Unauthorized, ks.Forbidden) as exc:
            raise AuthenticationFailed(
                f"Keystone refused the credentials for {self._who} (HTTP {exc.http_status})",
                status=exc.http_status,
                reason=_reason(exc),
                headers=_headers(exc),
                method=exc.method or "POST",
                path=_path(exc.url or self.auth_url),
            ) from None
        except ks.EndpointNotFound:
            raise ConfigurationError(self._no_endpoint_message()) from None
        except ks.ConnectTimeout as exc:
            raise RequestTimeout(f"Keystone at {self.auth_url}: timed out: {_short(str(exc))}") from None
        except ks.SSLError as exc:
            raise ConnectionFailed(f"Keystone at {self.auth_url}: TLS error: {_short(str(exc))}") from None
        except ks.ConnectionError as exc:
            raise ConnectionFailed(f"Keystone at {self.auth_url}: connection failed: {_short(str(exc))}") from None
        except ks.DiscoveryFailure as exc:
            raise ConfigurationError(
                f"could not find a usable Keystone API at {self.auth_url}: {_short(str(exc))}"
            ) from None
        except ks.HttpError as exc:
            raise exception_class_for(exc.http_status)(
                f"Keystone answered {exc.http_status} to {self._who}: {_short(exc.message or '', 200)}",
                status=exc.http_status,
                reason=_reason(exc),
                headers=_headers(exc),
                method=exc.method or "",
                path=_path(exc.url or self.auth_url),
            ) from None
        except (ks.AuthorizationFailure, ks.MissingAuthMethods, ks.AuthPluginException) as exc:
            raise ConfigurationError(f"keystoneauth1 cannot authenticate: {_short(str(exc))}") from None
        except ks.ClientException as exc:
            raise ClientException(f"Keystone: {type(exc).__name__}: {_short(str(exc))}") from None

    def __repr__(self) -> str:
        parts = [f"<KeystoneAuth {self.auth_url}", self.kind]
        if self.user:
            parts.append(f"user={self.user!r}")
        if self.project:
            parts.append(f"project={self.project!r}")
        if self.domain:
            parts.append(f"domain={self.domain!r}")
        parts.append(f"service={self.service_type} interface={self.interface} region={self.region or 'any'}>")
        return " ".join(parts)


def _new_session(
    plugin: BaseAuthPlugin, verify: bool | str, timeout: float | None, cert: str | tuple[str, str] | None = None
) -> Session:
    from keystoneauth1.session import Session

    return Session(auth=plugin, verify=verify, cert=cert, timeout=timeout, app_name="swiftfiles")


def _headers(exc: Any) -> dict[str, str]:
    """The error response's headers (for ``X-Openstack-Request-Id``); ``ClientException`` redacts secrets."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    return dict(headers) if headers else {}


def _reason(exc: Any) -> str:
    response = getattr(exc, "response", None)
    return str(getattr(response, "reason", "") or "")


def _path(url: str) -> str:
    return url.split("?", 1)[0]


__all__ = [
    "DEFAULT_DOMAIN_NAME",
    "DEFAULT_TIMEOUT",
    "KeystoneAuth",
]
