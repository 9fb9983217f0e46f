"""Credentials given the way Swift users already give them, turned into a ``StorageClient``.

swift's options (``-A/-U/-K/-V``, ``--os-*``) are read as their environment variables: each option given on the
command line is laid over a copy of the environment (replacing every variable that means the same setting), and
``StorageClient.from_env`` reads the result. So ``ST_*``, ``OS_*``, ``OS_CLOUD`` with clouds.yaml and the options
follow one set of rules (``swiftfiles.auth.settings``), and an option always wins over the environment. Options
of swift's that swiftfiles cannot honour are refused, never silently ignored.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from swiftfiles import StorageClient, TransferConfig

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class CredentialOption:
    """One option: its click declarations, the variable it sets, the variables it replaces, its help."""

    decls: tuple[str, ...]
    dest: str
    sets: str
    replaces: tuple[str, ...] = ()
    help: str = ""
    secret: bool = False


OPTIONS: tuple[CredentialOption, ...] = (
    CredentialOption(
        ("-A", "--auth"),
        "auth",
        "ST_AUTH",
        ("OS_AUTH_URL", "OS_AUTH_TYPE", "OS_CLOUD"),
        "Auth URL (tempauth v1.0, or Keystone with -V 2/3). [ST_AUTH]",
    ),
    CredentialOption(("-U", "--user"), "user", "ST_USER", ("OS_USERNAME",), "User name, e.g. test:tester. [ST_USER]"),
    CredentialOption(("-K", "--key"), "key", "ST_KEY", ("OS_PASSWORD",), "Key or password. [ST_KEY]", secret=True),
    CredentialOption(
        ("-V", "--auth-version"),
        "auth_version",
        "ST_AUTH_VERSION",
        ("OS_AUTH_VERSION", "OS_AUTH_TYPE"),
        "1 (tempauth), 2 (Rackspace identity v2.0) or 3 (Keystone). [ST_AUTH_VERSION]",
    ),
    CredentialOption(("--os-auth-url",), "os_auth_url", "OS_AUTH_URL", ("ST_AUTH",), "Identity URL. [OS_AUTH_URL]"),
    CredentialOption(
        ("--os-auth-type",),
        "os_auth_type",
        "OS_AUTH_TYPE",
        ("ST_AUTH_VERSION", "OS_AUTH_VERSION"),
        "password, v3applicationcredential, token, rackspace, tempauth... [OS_AUTH_TYPE]",
    ),
    CredentialOption(("--os-cloud",), "os_cloud", "OS_CLOUD", (), "A cloud of clouds.yaml. [OS_CLOUD]"),
    CredentialOption(("--os-username",), "os_username", "OS_USERNAME", ("ST_USER",), "[OS_USERNAME]"),
    CredentialOption(("--os-user-id",), "os_user_id", "OS_USER_ID", (), "[OS_USER_ID]"),
    CredentialOption(("--os-password",), "os_password", "OS_PASSWORD", ("ST_KEY",), "[OS_PASSWORD]", secret=True),
    CredentialOption(("--os-api-key",), "os_api_key", "OS_API_KEY", (), "Rackspace API key. [OS_API_KEY]", secret=True),
    CredentialOption(
        ("--os-project-name", "--os-tenant-name"),
        "os_project_name",
        "OS_PROJECT_NAME",
        ("OS_TENANT_NAME",),
        "[OS_PROJECT_NAME]",
    ),
    CredentialOption(
        ("--os-project-id", "--os-tenant-id"), "os_project_id", "OS_PROJECT_ID", ("OS_TENANT_ID",), "[OS_PROJECT_ID]"
    ),
    CredentialOption(
        ("--os-project-domain-name",),
        "os_project_domain_name",
        "OS_PROJECT_DOMAIN_NAME",
        (),
        "[OS_PROJECT_DOMAIN_NAME]",
    ),
    CredentialOption(
        ("--os-project-domain-id",), "os_project_domain_id", "OS_PROJECT_DOMAIN_ID", (), "[OS_PROJECT_DOMAIN_ID]"
    ),
    CredentialOption(
        ("--os-user-domain-name",), "os_user_domain_name", "OS_USER_DOMAIN_NAME", (), "[OS_USER_DOMAIN_NAME]"
    ),
    CredentialOption(("--os-user-domain-id",), "os_user_domain_id", "OS_USER_DOMAIN_ID", (), "[OS_USER_DOMAIN_ID]"),
    CredentialOption(
        ("--os-application-credential-id",),
        "os_application_credential_id",
        "OS_APPLICATION_CREDENTIAL_ID",
        (),
        "[OS_APPLICATION_CREDENTIAL_ID]",
    ),
    CredentialOption(
        ("--os-application-credential-secret",),
        "os_application_credential_secret",
        "OS_APPLICATION_CREDENTIAL_SECRET",
        (),
        "[OS_APPLICATION_CREDENTIAL_SECRET]",
        secret=True,
    ),
    CredentialOption(("--os-region-name",), "os_region_name", "OS_REGION_NAME", ("RAX_REGION",), "[OS_REGION_NAME]"),
    CredentialOption(
        ("--os-interface", "--os-endpoint-type"),
        "os_interface",
        "OS_INTERFACE",
        ("OS_ENDPOINT_TYPE",),
        "public, internal or admin. [OS_INTERFACE]",
    ),
    CredentialOption(
        ("--os-storage-url",),
        "os_storage_url",
        "OS_STORAGE_URL",
        (),
        "Use this storage URL (with --os-auth-token: no authentication at all). [OS_STORAGE_URL]",
    ),
    CredentialOption(
        ("--os-auth-token",), "os_auth_token", "OS_AUTH_TOKEN", ("OS_TOKEN",), "[OS_AUTH_TOKEN]", secret=True
    ),
)

#: swift options swiftfiles does not offer, with the reason given when someone uses one.
REFUSED_GLOBAL: Mapping[str, str] = {
    "--os-service-type": "swiftfiles always uses the 'object-store' service of the catalog",
    "--os-options": "give each setting as its own --os-* option",
    "--prompt": "give the password with -K/--os-password or in the environment",
}


@dataclass
class ConnectionOptions:
    """TLS and network settings: ``--insecure``, ``--os-cacert``, ``--os-cert``/``--os-key``, timeouts."""

    insecure: bool = False
    cacert: str | None = None
    cert: str | None = None
    cert_key: str | None = None
    timeout: float | None = None
    retries: int | None = None
    snet: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def environment_for(given: Mapping[str, str | None], environ: Mapping[str, str]) -> dict[str, str]:
    """The environment *environ* with the command-line credential options *given* (dest → value) laid over it.

    Pure, so the precedence rules are unit-tested: an option replaces the variables that mean the same setting
    (``-A`` hides ``OS_AUTH_URL``, ``--os-password`` hides ``ST_KEY``...); ``-V`` sets both version variables.
    """
    env = dict(environ)
    for option in OPTIONS:
        value = given.get(option.dest)
        if value is None:
            continue
        for name in option.replaces:
            env.pop(name, None)
        env[option.sets] = value
        if option.dest == "auth_version":
            env["OS_AUTH_VERSION"] = value
    return env


def credential_options(func: F) -> F:
    """Decorate the click group with every credential and connection option."""
    for option in reversed(OPTIONS):
        func = click.option(*option.decls, option.dest, default=None, metavar="TEXT", help=option.help)(func)
    for name, why in REFUSED_GLOBAL.items():
        func = click.option(
            name, hidden=True, callback=_refuse(name, why), expose_value=False, is_flag=name == "--prompt"
        )(func)
    connection = (
        click.option(
            "--insecure",
            is_flag=True,
            default=None,
            help="Do not verify the server's TLS certificate. [SWIFTCLIENT_INSECURE, OS_INSECURE]",
        ),
        click.option(
            "--os-cacert", "cacert", default=None, metavar="FILE", help="CA bundle to verify TLS. [OS_CACERT]"
        ),
        click.option("--os-cert", "cert", default=None, metavar="FILE", help="Client certificate. [OS_CERT]"),
        click.option("--os-key", "cert_key", default=None, metavar="FILE", help="Client certificate key. [OS_KEY]"),
        click.option("--timeout", type=float, default=None, help="Connect and read timeout, seconds."),
        click.option(
            "-R", "--retries", type=click.IntRange(0), default=None, help="Resends of transient failures (5)."
        ),
        click.option("-s", "--snet", is_flag=True, default=False, help="Rackspace ServiceNet (internal URLs)."),
    )
    for decorator in reversed(connection):
        func = decorator(func)
    return func


def _refuse(name: str, why: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value:
            raise click.UsageError(f"swift's {name} is not supported by swiftfiles: {why}", ctx)

    return callback


def connection_kwargs(opts: ConnectionOptions, environ: Mapping[str, str]) -> dict[str, Any]:
    """``verify``, ``cert``, ``timeout``, ``retries`` for ``StorageClient`` from the options and environment."""
    from swiftfiles.auth.settings import connection_settings_from_env

    # The options are the environment variables' spellings on the command line: the library reads both alike.
    given = {"OS_INSECURE": "true" if opts.insecure else None, "OS_CACERT": opts.cacert}
    given.update(OS_CERT=opts.cert, OS_KEY=opts.cert_key)
    overlay = {**environ, **{k: v for k, v in given.items() if v}}
    if overlay.get("OS_KEY") and not overlay.get("OS_CERT"):
        raise click.UsageError("--os-key (OS_KEY) needs --os-cert (OS_CERT)")
    kwargs: dict[str, Any] = connection_settings_from_env(overlay)
    if opts.timeout is not None:
        kwargs["timeout"] = opts.timeout
    if opts.retries is not None:
        kwargs["retries"] = opts.retries
    return kwargs


@dataclass
class Session:
    """What the group's options decided, shared by every command through ``click.Context.obj``.

    The client is built on first use only, so ``--help`` and usage errors never authenticate; commands pass the
    ``TransferConfig`` their options ask for (segment size, concurrency, bandwidth...).
    """

    credentials: dict[str, str | None]
    connection: ConnectionOptions
    quiet: bool = False
    debug: bool = False
    verbose: bool = False
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    def client(self, transfer_config: TransferConfig | None = None) -> StorageClient:
        from swiftfiles import StorageClient

        env, kwargs = self._resolved()
        if transfer_config is not None:
            kwargs["transfer_config"] = transfer_config
        return StorageClient.from_env(env, **kwargs)

    def storage_options(self) -> dict[str, Any]:
        """The client's settings as ``StorageClient`` keywords (fsspec's ``storage_options``), for processes that
        build their own client from them: Dask workers get these, and re-authenticate with them when the token
        the driver carries to them expires."""
        from swiftfiles.auth.settings import settings_from_env

        env, kwargs = self._resolved()
        return {**settings_from_env(env).given(), **kwargs}

    def _resolved(self) -> tuple[dict[str, str], dict[str, Any]]:
        """The environment the options make, and the connection keywords (TLS, timeout, retries) for the client."""
        env = environment_for(self.credentials, self.environ)
        if self.connection.snet:
            # set as the interface: StorageClient.from_env(public=False) loses to the interface that
            # settings_from_env always fills in ("public" by default)
            env.pop("OS_ENDPOINT_TYPE", None)
            env["OS_INTERFACE"] = "internal"
        connection_env = env
        if env.get("OS_CLOUD", "").strip():
            # StorageClient.from_env reads only OS_CACERT of the real environment for TLS; a cloud's verify,
            # cacert and cert settings are applied here (the environment still wins).
            from swiftfiles.auth.clouds import cloud_environ

            connection_env = {**cloud_environ(env["OS_CLOUD"].strip(), env), **env}
        return env, connection_kwargs(self.connection, connection_env)
