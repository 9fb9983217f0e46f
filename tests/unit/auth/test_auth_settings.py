"""Reading auth settings from the environment, inferring the auth type, and building the auth method."""

import pytest

from swiftfiles.auth import (
    AuthSettings,
    KeystoneAuth,
    PreAuthenticated,
    RackspaceAuth,
    TempAuth,
    build_auth_method,
    settings_from_env,
)
from swiftfiles.auth.settings import EndpointOverride, resolve_auth_type
from swiftfiles.exceptions import ConfigurationError
from swiftfiles.http import CannedResponse, FunctionTransport, HTTPClient

SECRET = "very-secret-value-42"


def env_type(**environ: str) -> str:
    return resolve_auth_type(settings_from_env(environ))


# --- inference ---------------------------------------------------------------------------------------------


def test_swift_cli_variables_are_tempauth() -> None:
    settings = settings_from_env(
        {"ST_AUTH": "http://127.0.0.1:8080/auth/v1.0", "ST_USER": "test:tester", "ST_KEY": SECRET}
    )
    assert settings.auth_type == "tempauth"
    method = build_auth_method(settings)
    assert isinstance(method, TempAuth)
    assert method.auth_url == "http://127.0.0.1:8080/auth/v1.0" and method.user == "test:tester"
    assert SECRET not in repr(method)


def test_explicit_os_auth_type_wins() -> None:
    environ = {
        "OS_AUTH_TYPE": "v3applicationcredential",
        "ST_AUTH": "http://h/auth/v1.0",
        "OS_AUTH_URL": "http://k:5000/v3",
        "OS_APPLICATION_CREDENTIAL_ID": "ac1",
        "OS_APPLICATION_CREDENTIAL_SECRET": SECRET,
        "OS_API_KEY": "k",
    }
    assert env_type(**environ) == "keystone"
    method = build_auth_method(settings_from_env(environ))
    assert isinstance(method, KeystoneAuth) and method.kind == "application credential"
    assert method.auth_url == "http://k:5000/v3"


def test_unknown_os_auth_type() -> None:
    with pytest.raises(ConfigurationError, match="unknown OS_AUTH_TYPE 'v3oidcpassword'"):
        settings_from_env({"OS_AUTH_TYPE": "v3oidcpassword"})


def test_storage_url_and_token_without_auth_url_is_preauth() -> None:
    settings = settings_from_env({"OS_STORAGE_URL": "http://h/v1/AUTH_a/", "OS_AUTH_TOKEN": SECRET})
    assert resolve_auth_type(settings) == "preauth"
    method = build_auth_method(settings)
    assert isinstance(method, PreAuthenticated)
    result = method.authenticate(HTTPClient(FunctionTransport(lambda r: CannedResponse(500))))
    assert result.storage_url == "http://h/v1/AUTH_a" and result.token == SECRET
    assert SECRET not in repr(settings) and SECRET not in repr(method)


def test_os_token_alias_with_auth_url_is_keystone_token_with_storage_override() -> None:
    settings = settings_from_env(
        {
            "OS_AUTH_URL": "http://k:5000/v3",
            "OS_TOKEN": SECRET,
            "OS_STORAGE_URL": "http://elsewhere/v1/AUTH_a",
            "OS_PROJECT_ID": "p1",
        }
    )
    method = build_auth_method(settings)
    assert isinstance(method, EndpointOverride)
    assert isinstance(method.inner, KeystoneAuth) and method.inner.kind == "token"
    assert method.storage_url == "http://elsewhere/v1/AUTH_a"
    assert SECRET not in repr(method)


@pytest.mark.parametrize(
    "environ",
    [
        {"OS_USERNAME": "alice", "OS_API_KEY": SECRET},
        {"RAX_USERNAME": "alice", "RAX_API_KEY": SECRET, "RAX_REGION": "LON"},
        {
            "OS_AUTH_URL": "https://lon.identity.api.rackspacecloud.com/v2.0/",
            "OS_USERNAME": "alice",
            "OS_PASSWORD": SECRET,
        },
        {
            "OS_AUTH_VERSION": "2",
            "OS_AUTH_URL": "https://identity.example.com/v2.0",
            "OS_USERNAME": "alice",
            "OS_API_KEY": SECRET,
        },
    ],
)
def test_rackspace_inferred(environ: dict[str, str]) -> None:
    assert env_type(**environ) == "rackspace"
    method = build_auth_method(settings_from_env(environ))
    assert isinstance(method, RackspaceAuth)
    assert method.username == "alice"
    assert SECRET not in repr(method)


def test_rackspace_details() -> None:
    method = build_auth_method(
        settings_from_env(
            {
                "RAX_USERNAME": "alice",
                "RAX_API_KEY": "key",
                "OS_PASSWORD": "pw",
                "RAX_REGION": "LON",
                "OS_ENDPOINT_TYPE": "internalURL",
                "OS_TENANT_ID": "123",
            }
        )
    )
    assert isinstance(method, RackspaceAuth)
    assert method.auth_url == "https://identity.api.rackspacecloud.com/v2.0/"
    assert method.credential_kind == "api_key"  # the API key wins over an openrc password
    assert method.region == "LON" and method.public is False and method.tenant_id == "123"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/auth/v1.0",
        "http://h/auth/v1.0/",
        "https://identity.api.rackspacecloud.com/v1.0",
    ],
)
def test_v1_auth_url_is_tempauth(url: str) -> None:
    settings = settings_from_env({"OS_AUTH_URL": url, "OS_USERNAME": "u", "OS_PASSWORD": SECRET})
    assert resolve_auth_type(settings) == "tempauth"
    assert isinstance(build_auth_method(settings), TempAuth)


def test_other_auth_url_is_keystone_with_default_domains() -> None:
    settings = settings_from_env(
        {
            "OS_AUTH_URL": "http://k:5000/v3",
            "OS_USERNAME": "alice",
            "OS_PASSWORD": SECRET,
            "OS_TENANT_NAME": "demo",
            "OS_REGION_NAME": "RegionTwo",
        }
    )
    assert settings.project_name == "demo"
    method = build_auth_method(settings, verify=False)
    assert isinstance(method, KeystoneAuth)
    assert method.kind == "password" and method.project == "demo" and method.region == "RegionTwo"
    assert method.session.verify is False
    plugin = method.plugin
    assert plugin.project_domain_name == "Default"  # type: ignore[attr-defined]
    assert SECRET not in repr(method)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"OS_AUTH_VERSION": "1", "OS_AUTH_URL": "http://k:5000/v3"}, "tempauth"),
        ({"ST_AUTH_VERSION": "1.0", "ST_AUTH": "http://h/auth"}, "tempauth"),
        (
            {"ST_AUTH_VERSION": "2.0", "ST_AUTH": "https://identity.example.com/v2.0", "OS_API_KEY": "k"},
            "rackspace",
        ),
        ({"ST_AUTH_VERSION": "3", "ST_AUTH": "http://k:5000/v3"}, "keystone"),
        ({"OS_AUTH_VERSION": "3", "ST_AUTH": "http://h/auth/v1.0"}, "keystone"),
        (
            {"ST_AUTH": "http://k:5000/v3", "OS_API_KEY": "k"},
            "tempauth",
        ),  # ST_AUTH alone means the swift CLI's v1
    ],
)
def test_auth_version(environ: dict[str, str], expected: str) -> None:
    assert env_type(**environ) == expected


def test_unsupported_auth_version() -> None:
    with pytest.raises(ConfigurationError, match="unsupported ST_AUTH_VERSION '4'"):
        settings_from_env({"ST_AUTH_VERSION": "4"})


def test_swift_cli_v3_splits_tenant_user() -> None:
    settings = settings_from_env(
        {"ST_AUTH_VERSION": "3", "ST_AUTH": "http://k:5000/v3", "ST_USER": "demo:alice", "ST_KEY": SECRET}
    )
    assert settings.username == "alice" and settings.project_name == "demo" and settings.password == SECRET
    assert settings.auth_url == "http://k:5000/v3"


def test_tempauth_prefers_st_variables() -> None:
    settings = settings_from_env(
        {
            "ST_AUTH": "http://h/auth/v1.0",
            "ST_USER": "a:b",
            "ST_KEY": "st-key",
            "OS_AUTH_URL": "http://k:5000/v3",
            "OS_USERNAME": "os",
            "OS_PASSWORD": "os-pw",
        }
    )
    assert (settings.auth_url, settings.username, settings.password) == (
        "http://h/auth/v1.0",
        "a:b",
        "st-key",
    )


def test_os_variables_preferred_otherwise() -> None:
    settings = settings_from_env(
        {"OS_AUTH_URL": "http://k:5000/v3", "OS_USERNAME": "os", "ST_USER": "st", "ST_KEY": "st-key"}
    )
    assert settings.username == "os" and settings.password == "st-key"


def test_legacy_and_new_names() -> None:
    settings = settings_from_env(
        {
            "OS_PROJECT_NAME": "new",
            "OS_TENANT_NAME": "old",
            "OS_TENANT_ID": "tid",
            "OS_INTERFACE": "admin",
            "OS_ENDPOINT_TYPE": "internalURL",
            "OS_USER_DOMAIN_ID": "ud",
            "OS_PROJECT_DOMAIN_NAME": "pd",
            "OS_DOMAIN_ID": "d1",
            "OS_USER_ID": "u1",
            "OS_REGION_NAME": "R",
            "RAX_REGION": "X",
            "OS_APPLICATION_CREDENTIAL_NAME": "n",
        }
    )
    assert settings.project_name == "new" and settings.tenant_name == "old"
    assert settings.project_id == "tid" and settings.tenant_id == "tid"
    assert settings.interface == "admin"
    assert settings.user_domain_id == "ud" and settings.project_domain_name == "pd" and settings.domain_id == "d1"
    assert settings.user_id == "u1" and settings.region == "R" and settings.application_credential_name == "n"


def test_endpoint_type_and_blank_values() -> None:
    settings = settings_from_env({"OS_ENDPOINT_TYPE": "internalURL", "OS_PROJECT_NAME": "  ", "OS_INTERFACE": ""})
    assert settings.interface == "internal"
    assert settings.project_name is None
    with pytest.raises(ConfigurationError, match="OS_INTERFACE: unknown endpoint interface 'private'"):
        settings_from_env({"OS_INTERFACE": "private"})


def test_nothing_set() -> None:
    with pytest.raises(ConfigurationError, match="no authentication settings"):
        build_auth_method(settings_from_env({}))


def test_auth_settings_validation_and_repr() -> None:
    assert AuthSettings(interface="publicURL").interface == "public"
    with pytest.raises(ConfigurationError):
        AuthSettings(interface="private")
    with pytest.raises(ConfigurationError, match="unknown auth_type 'kerberos'"):
        AuthSettings(auth_type="kerberos")
    settings = AuthSettings(
        auth_url="http://k",
        username="alice",
        password=SECRET,
        api_key=SECRET + "1",
        application_credential_secret=SECRET + "2",
        token=SECRET + "3",
    )
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    assert "alice" in repr(settings)


def test_cdn_override() -> None:
    settings = AuthSettings(storage_url="http://s/v1/A", token=SECRET, cdn_url="http://cdn/v1/A/")
    result = build_auth_method(settings).authenticate(HTTPClient(FunctionTransport(lambda r: CannedResponse(500))))
    assert result.cdn_url == "http://cdn/v1/A/"
    tempauth = build_auth_method(
        AuthSettings(auth_url="http://h/auth/v1.0", username="u", password=SECRET, cdn_url="http://cdn/v1/A")
    )
    assert isinstance(tempauth, EndpointOverride) and isinstance(tempauth.inner, TempAuth)
    assert tempauth.can_reauthenticate


# --- missing settings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            AuthSettings(auth_type="tempauth"),
            "tempauth needs auth_url, username and password (ST_AUTH, ST_USER, ST_KEY); "
            "missing: auth_url, username, password",
        ),
        (
            AuthSettings(auth_type="v1", auth_url="http://h/auth/v1.0", password=SECRET),
            "tempauth needs auth_url, username and password (ST_AUTH, ST_USER, ST_KEY); missing: username",
        ),
        (AuthSettings(auth_url="http://h/auth/v1.0", username="u"), "missing: password"),
        (
            AuthSettings(auth_type="preauth", storage_url="http://s"),
            "preauth needs storage_url and token (OS_STORAGE_URL, OS_AUTH_TOKEN); missing: token",
        ),
        (
            AuthSettings(auth_type="rackspace", api_key=SECRET),
            "rackspace auth needs username and an api_key or password "
            "(OS_USERNAME or RAX_USERNAME, OS_API_KEY or RAX_API_KEY, OS_PASSWORD); missing: username",
        ),
        (AuthSettings(auth_type="rackspace", username="alice"), "missing: api_key or password"),
        (
            AuthSettings(auth_type="rackspace", username="alice", api_key=SECRET, interface="admin"),
            "interface must be 'public' or 'internal'",
        ),
        (
            AuthSettings(auth_type="keystone", username="alice", password=SECRET),
            "keystone auth needs auth_url (OS_AUTH_URL); missing: auth_url",
        ),
        (AuthSettings(auth_url="http://k:5000"), "keystone auth needs credentials"),
        (
            AuthSettings(auth_url="http://k:5000", username="alice"),
            "keystone password auth needs username or user_id, and password (OS_USERNAME or OS_USER_ID, "
            "OS_PASSWORD); missing: password",
        ),
        (
            AuthSettings(auth_type="v3password", auth_url="http://k:5000", password=SECRET, token=SECRET),
            "missing: username or user_id",
        ),
        (
            AuthSettings(auth_type="token", auth_url="http://k:5000", username="alice", password=SECRET),
            "keystone token auth needs a token (OS_AUTH_TOKEN); missing: token",
        ),
        (
            AuthSettings(auth_type="v3applicationcredential", auth_url="http://k:5000", application_credential_id="a"),
            "missing: application_credential_secret",
        ),
        (
            AuthSettings(auth_url="http://k:5000", application_credential_secret=SECRET),
            "missing: application_credential_id or application_credential_name",
        ),
        (
            AuthSettings(
                auth_url="http://k:5000",
                application_credential_name="n",
                application_credential_secret=SECRET,
            ),
            "keystone application credential auth by name needs username or user_id",
        ),
    ],
)
def test_missing_settings(settings: AuthSettings, message: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        build_auth_method(settings)
    assert message in str(info.value)
    assert SECRET not in str(info.value)


def test_explicit_password_type_ignores_token() -> None:
    method = build_auth_method(
        AuthSettings(auth_type="password", auth_url="http://k:5000", username="alice", password=SECRET, token="tok")
    )
    assert isinstance(method, KeystoneAuth) and method.kind == "password"


def test_connection_settings_from_the_environment(tmp_path) -> None:
    from swiftfiles.auth.settings import connection_settings_from_env

    assert connection_settings_from_env({}) == {}
    assert connection_settings_from_env({"OS_CACERT": "/ca.pem"}) == {"verify": "/ca.pem"}
    assert connection_settings_from_env({"OS_INSECURE": "true", "OS_CACERT": "/ca.pem"}) == {"verify": False}
    assert connection_settings_from_env({"SWIFTCLIENT_INSECURE": "1"}) == {"verify": False}
    assert connection_settings_from_env({"OS_CERT": "/c.pem", "OS_KEY": "/k.pem"}) == {"cert": ("/c.pem", "/k.pem")}
    with pytest.raises(ConfigurationError, match="OS_KEY"):
        connection_settings_from_env({"OS_KEY": "/k.pem"})
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text("clouds:\n  lab:\n    auth: {auth_url: 'http://h/v3'}\n    verify: false\n")
    assert connection_settings_from_env({"OS_CLOUD": "lab", "OS_CLIENT_CONFIG_FILE": str(clouds)}) == {"verify": False}
