"""Keystone v3 for real: swiftfiles (through keystoneauth1) against a real Keystone and a Swift validating its tokens.

The session fixtures ``keystone`` (a ``KeystoneServer``) and ``keystone_swift`` (a ``DevServer`` whose proxy runs
keystonemiddleware's authtoken and Swift's keystoneauth) live in tests/conftest.py. Keystone's catalog has the
object-store at ``http://127.0.0.1:<port>`` (RegionOne public) and ``http://localhost:<port>`` (RegionOne
internal, RegionTwo public): one Swift, two host names, so the chosen endpoint shows in the storage URL. The
token-expiry tests run their own Keystone whose tokens last a few seconds.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from swiftfiles import StorageClient
from swiftfiles.auth.keystone import KeystoneAuth
from swiftfiles.devserver import DevServer
from swiftfiles.devserver.keystone import (
    ALT_PROJECT,
    DEMO_PASSWORD,
    DEMO_PROJECT,
    DEMO_USER,
    READER_PASSWORD,
    READER_USER,
    REGION_ONE,
    REGION_TWO,
    KeystoneServer,
)
from swiftfiles.exceptions import AuthenticationFailed, ConfigurationError, Forbidden, NotFound, RequestTimeout

pytestmark = pytest.mark.integration

#: Lifetime of the short-lived Keystone's tokens, in seconds.
SHORT_TOKEN_LIFE = 3


def keystone_client(keystone, **kwargs) -> StorageClient:
    """A client of the demo user (password auth, project ``demo`` by name) unless *kwargs* say otherwise."""
    settings = {
        "auth_type": "keystone",
        "auth_url": keystone.info.auth_url,
        "username": DEMO_USER,
        "password": DEMO_PASSWORD,
        "project_name": DEMO_PROJECT,
        **kwargs,
    }
    return StorageClient(**{k: v for k, v in settings.items() if v is not None})


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@contextlib.contextmanager
def scratch_container(client: StorageClient, prefix: str) -> Iterator[str]:
    name = unique(prefix)
    client.create_container(name)
    try:
        yield name
    finally:
        with contextlib.suppress(NotFound):
            client.delete(name, del_objects=True)


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


# -- password auth and project scoping -------------------------------------------------------------------------


def test_password_auth_with_project_name_round_trips_an_object(keystone, keystone_swift) -> None:
    with keystone_client(keystone) as client, scratch_container(client, "ks-name") as name:
        assert client.storage_url == keystone.storage_url(DEMO_PROJECT)
        assert client.storage_url.endswith("/v1/AUTH_" + keystone.info.project_id(DEMO_PROJECT))
        client.store_object(name, "hello.txt", b"hello keystone")
        assert client.fetch_object(name, "hello.txt") == b"hello keystone"
        assert name in client.list_container_names()
        result = client.authenticator.current()
        assert result.source == "keystone" and result.region == REGION_ONE
        assert result.expires is not None and result.expires.timestamp() > time.time() + 600


def test_password_auth_with_project_id_scopes_to_that_project(keystone, keystone_swift) -> None:
    alt_id = keystone.info.project_id(ALT_PROJECT)
    with keystone_client(keystone, project_name=None, project_id=alt_id) as alt, keystone_client(keystone) as demo:
        assert alt.storage_url == keystone.storage_url(ALT_PROJECT)
        assert alt.storage_url.endswith("/v1/AUTH_" + alt_id)
        with scratch_container(alt, "ks-alt") as name:
            alt.store_object(name, "only-in-alt", b"alt")
            assert alt.fetch_object(name, "only-in-alt") == b"alt"
            # The same user scoped to another project sees another account.
            assert name not in demo.list_container_names()
            with pytest.raises(NotFound):
                demo.fetch_object(name, "only-in-alt")


def test_keystone_auth_object_and_environment_variables(keystone, keystone_swift) -> None:
    auth = KeystoneAuth(
        keystone.info.auth_url,
        username=DEMO_USER,
        password=DEMO_PASSWORD,
        user_domain_name="Default",
        project_name=DEMO_PROJECT,
        project_domain_name="Default",
    )
    with StorageClient(auth=auth) as client:
        assert client.storage_url == keystone.storage_url(DEMO_PROJECT)
        client.get_account_details()
    with StorageClient.from_env(keystone.info.env(DEMO_USER, ALT_PROJECT)) as client:
        assert client.storage_url == keystone.storage_url(ALT_PROJECT)
        client.list_container_names()


def test_tempauth_users_still_work_on_the_keystone_swift(keystone_swift) -> None:
    user = "test:tester"
    with StorageClient(auth_url=keystone_swift.auth_url, username=user, password=keystone_swift.users[user]) as c:
        assert c.storage_url.endswith("/v1/AUTH_test")
        with scratch_container(c, "tempauth") as name:
            c.store_object(name, "o", b"tempauth")
            assert c.fetch_object(name, "o") == b"tempauth"


def test_a_reader_is_authenticated_but_not_an_operator(keystone, keystone_swift) -> None:
    """Swift's keystoneauth lets only ``operator_roles`` (admin, member) into an account."""
    with keystone_client(keystone, username=READER_USER, password=READER_PASSWORD) as reader:
        assert reader.storage_url == keystone.storage_url(DEMO_PROJECT)
        with pytest.raises(Forbidden) as info:
            reader.list_container_names()
        assert info.value.status == 403


# -- application credentials -----------------------------------------------------------------------------------


def test_application_credential_auth(keystone, keystone_swift) -> None:
    info = keystone.info
    with (
        keystone_client(
            keystone,
            auth_type="v3applicationcredential",
            username=None,
            password=None,
            project_name=None,
            application_credential_id=info.app_credential_id,
            application_credential_secret=info.app_credential_secret,
        ) as client,
        scratch_container(client, "ks-appcred") as name,
    ):
        # The credential carries its project (demo): no scoping arguments.
        assert client.storage_url == keystone.storage_url(DEMO_PROJECT)
        client.store_object(name, "o", b"app credential")
        assert client.fetch_object(name, "o") == b"app credential"


def test_application_credential_by_name_needs_the_user(keystone, keystone_swift) -> None:
    auth = KeystoneAuth(
        keystone.info.auth_url,
        username=DEMO_USER,
        application_credential_name=keystone.info.app_credential_name,
        application_credential_secret=keystone.info.app_credential_secret,
    )
    with StorageClient(auth=auth) as client:
        assert client.storage_url == keystone.storage_url(DEMO_PROJECT)
        client.list_container_names()


# -- endpoint selection ----------------------------------------------------------------------------------------


def test_region_selects_the_endpoint(keystone, keystone_swift) -> None:
    with keystone_client(keystone, region=REGION_ONE) as one, keystone_client(keystone, region=REGION_TWO) as two:
        assert one.storage_url == keystone.storage_url(DEMO_PROJECT, REGION_ONE)
        assert two.storage_url == keystone.storage_url(DEMO_PROJECT, REGION_TWO)
        assert (host_of(one.storage_url), host_of(two.storage_url)) == ("127.0.0.1", "localhost")
        assert one.authenticator.current().region == REGION_ONE
        assert two.authenticator.current().region == REGION_TWO
        # Both endpoints reach the same Swift account.
        with scratch_container(one, "ks-region") as name:
            assert name in two.list_container_names()


def test_interface_selects_the_endpoint(keystone, keystone_swift) -> None:
    with (
        keystone_client(keystone, region=REGION_ONE, interface="internal") as internal,
        keystone_client(keystone, region=REGION_ONE, public=False) as servicenet_style,
        keystone_client(keystone, region=REGION_ONE, interface="publicURL") as public,
    ):
        assert internal.storage_url == keystone.storage_url(DEMO_PROJECT, REGION_ONE, "internal")
        assert servicenet_style.storage_url == internal.storage_url
        assert public.storage_url == keystone.storage_url(DEMO_PROJECT, REGION_ONE, "public")
        assert host_of(internal.storage_url) == "localhost" and host_of(public.storage_url) == "127.0.0.1"
        internal.list_container_names()


@pytest.mark.parametrize(
    ("region", "interface"),
    [(REGION_TWO, "internal"), ("RegionNowhere", "public"), (REGION_ONE, "admin")],
)
def test_missing_object_store_endpoint_is_a_clear_error(keystone, keystone_swift, region, interface) -> None:
    client = keystone_client(keystone, region=region, interface=interface)
    with pytest.raises(ConfigurationError) as info:
        client.list_container_names()
    message = str(info.value)
    assert "object-store" in message and region in message and interface in message
    assert DEMO_PASSWORD not in message


# -- wrong credentials -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"password": "wrong-password-4711"},
        {"username": "nobody-here", "password": "wrong-password-4711"},
        {"project_name": "no-such-project", "password": "wrong-password-4711"},
    ],
    ids=["wrong-password", "unknown-user", "unknown-project"],
)
def test_wrong_credentials_are_refused_without_leaking_them(keystone, keystone_swift, overrides) -> None:
    if overrides.get("project_name"):
        overrides = {**overrides, "password": DEMO_PASSWORD}
    client = keystone_client(keystone, **overrides)
    with pytest.raises(AuthenticationFailed) as info:
        client.list_container_names()
    assert info.value.status == 401
    for secret in ("wrong-password-4711", DEMO_PASSWORD):
        assert secret not in str(info.value) and secret not in repr(info.value) and secret not in repr(client)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_wrong_application_credential_secret_is_refused(keystone, keystone_swift) -> None:
    auth = KeystoneAuth(
        keystone.info.auth_url,
        application_credential_id=keystone.info.app_credential_id,
        application_credential_secret="not-the-secret-0815",
    )
    with pytest.raises(AuthenticationFailed) as info:
        StorageClient(auth=auth).list_container_names()
    assert info.value.status == 401
    assert "not-the-secret-0815" not in str(info.value) and keystone.info.app_credential_secret not in str(info.value)


def test_swift_refuses_a_missing_or_bogus_token(keystone, keystone_swift) -> None:
    """A storage URL with a token that is not Keystone's: Swift answers 401 and swiftfiles cannot fix it."""
    with pytest.raises(AuthenticationFailed) as info:
        StorageClient(
            storage_url=keystone.storage_url(DEMO_PROJECT), token="gAAAAA-not-a-fernet-token"
        ).get_account_details()
    assert info.value.status == 401
    assert "Keystone" in info.value.headers.get("Www-Authenticate", info.value.headers.get("WWW-Authenticate", ""))


# -- expiring tokens -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def short_lived() -> Iterator[KeystoneServer]:
    """A Keystone whose tokens last SHORT_TOKEN_LIFE seconds, and a Swift validating them."""
    server = KeystoneServer(token_expiration=SHORT_TOKEN_LIFE)
    server.start()
    try:
        with DevServer(keystone=server.info) as swift:
            server.register_object_store(swift.base_url)
            yield server
    finally:
        server.stop()


def client_with_margin(keystone: KeystoneServer, margin: float) -> StorageClient:
    """A demo client whose Authenticator renews ``margin`` seconds before expiry (negative: after it)."""
    auth = KeystoneAuth(keystone.info.auth_url, username=DEMO_USER, password=DEMO_PASSWORD, project_name=DEMO_PROJECT)
    return StorageClient(auth=auth, expiry_margin=margin)


def wait_until_expired(client: StorageClient) -> None:
    expires = client.authenticator.current().expires
    assert expires is not None
    assert expires.timestamp() - time.time() <= SHORT_TOKEN_LIFE + 1
    time.sleep(max(0.0, expires.timestamp() - time.time()) + 0.5)


def test_expired_token_is_renewed_before_the_next_request(short_lived) -> None:
    with client_with_margin(short_lived, 0) as client, scratch_container(client, "ks-expiry") as name:
        client.store_object(name, "before", b"1")
        first = client.authenticator.current()
        wait_until_expired(client)
        client.store_object(name, "after", b"2")  # the Authenticator sees the expiry and re-authenticates
        assert client.authenticator.current().token != first.token
        assert sorted(client.list_container_object_names(name)) == ["after", "before"]


def test_token_refused_mid_run_is_refreshed_transparently(short_lived) -> None:
    """The client still trusts its token (margin -1 h) but Swift refuses it: one 401, one re-auth, one resend."""
    with client_with_margin(short_lived, -3600) as client, scratch_container(client, "ks-401") as name:
        client.store_object(name, "before", b"1")
        first = client.authenticator.current()
        count = client.authenticator.auth_count
        wait_until_expired(client)
        assert client.authenticator.current().token == first.token  # not renewed in advance
        client.store_object(name, "after", b"2")  # 401 from Swift -> refresh -> resend
        assert client.authenticator.auth_count == count + 1
        assert client.authenticator.current().token != first.token
        assert client.fetch_object(name, "after") == b"2"


def test_one_keystone_request_per_authentication_even_for_short_tokens(short_lived) -> None:
    from keystoneauth1.identity import v3

    requests: list[str] = []

    class CountingPassword(v3.Password):
        def get_auth_ref(self, session, **kwargs):
            access = super().get_auth_ref(session, **kwargs)
            requests.append(access.auth_token)
            return access

    plugin = CountingPassword(
        auth_url=short_lived.info.auth_url,
        username=DEMO_USER,
        password=DEMO_PASSWORD,
        user_domain_name="Default",
        project_name=DEMO_PROJECT,
        project_domain_name="Default",
    )
    with StorageClient(auth=KeystoneAuth.from_plugin(plugin)) as client:
        result = client.authenticator.current()
        assert result.token == plugin.auth_ref.auth_token
        assert result.expires == plugin.auth_ref.expires
        assert len(requests) == 1


def test_the_client_timeout_reaches_keystone(keystone, keystone_swift) -> None:
    """``StorageClient(timeout=...)`` bounds the wait for Keystone too: a Keystone slower than it is a timeout."""
    from tests.support.faultproxy import FaultProxy

    parts = urlsplit(keystone.info.auth_url)
    assert parts.hostname is not None and parts.port is not None
    with FaultProxy(parts.hostname, parts.port) as proxy:
        proxy.delay(5.0, method="POST", path=r"/v3/auth/tokens$")
        slow = keystone_client(keystone, auth_url=proxy.rewrite(keystone.info.auth_url), timeout=0.5)
        with slow, pytest.raises(RequestTimeout, match="timed out"):
            slow.authenticator.current()
        # Without the delay the same settings log in through the proxy.
        with keystone_client(keystone, auth_url=proxy.rewrite(keystone.info.auth_url), timeout=30) as fine:
            assert fine.authenticator.current().token


def test_the_client_certificate_is_offered_to_keystone(keystone, keystone_swift, tmp_path) -> None:
    """``cert=`` goes to Keystone's session as it goes to Swift's connections: a certificate file that is not
    there stops the Keystone login, a real one is sent along (the plain-HTTP Keystone does not ask for it)."""
    from swiftfiles.devserver.tlscert import make_tls_files

    missing = str(tmp_path / "absent.pem")
    with keystone_client(keystone, cert=missing) as client, pytest.raises(OSError, match="absent.pem"):
        client.authenticator.current()
    pair = make_tls_files(tmp_path).server_pair
    with keystone_client(keystone, cert=pair, timeout=12) as client:
        method = client.authenticator.method
        assert isinstance(method, KeystoneAuth)
        assert method.session.cert == pair
        assert method.session.timeout == 12.0
        assert client.authenticator.current().token
