"""Authentication against the real tempauth: bad credentials, roles, token expiry and re-authentication."""

import logging

import pytest
from tests.conftest import make_client
from tests.support.revoked import FirstTokenRevoked

from swiftfiles import StorageClient
from swiftfiles.devserver import DevServer
from swiftfiles.exceptions import AuthenticationFailed, Forbidden

pytestmark = pytest.mark.integration


def test_wrong_key_is_refused_without_leaking_it(swift) -> None:
    client = StorageClient(auth_url=swift.auth_url, username="test:tester", password="not-the-key-123")
    with pytest.raises(AuthenticationFailed) as info:
        client.list_container_names()
    assert info.value.status == 401
    assert "not-the-key-123" not in str(info.value) and "not-the-key-123" not in repr(client)


def test_non_admin_user_cannot_create_containers(swift) -> None:
    with make_client(swift, "test:tester3") as reader:
        with pytest.raises(Forbidden) as info:
            reader.create_container("reader-made")
        assert info.value.status == 403


def test_second_account_is_separate(swift, client, container) -> None:
    with make_client(swift, "test2:tester2") as other:
        assert container not in other.list_container_names()
        assert other.storage_url.endswith("/AUTH_test2")


def test_revoked_token_is_replaced_once_and_the_request_resent(swift, client, container) -> None:
    client.store_object(container, "o", b"x")
    with StorageClient(auth=FirstTokenRevoked.tempauth(swift)) as revoked:
        assert revoked.fetch_object(container, "o") == b"x"
        assert revoked.authenticator.current().token not in ("AUTH_tkrevoked", "")
        assert revoked.authenticator.auth_count == 2


def test_token_expiring_mid_run_is_renewed(tmp_path) -> None:
    with DevServer(token_life=2) as short:
        client = StorageClient(  # expiry_margin=0: use the token until the server refuses it
            auth_url=short.auth_url, username="test:tester", password="testing", expiry_margin=0
        )
        client.create_container("c")
        client.store_object("c", "o", b"before")
        import time

        time.sleep(2.5)
        assert client.fetch_object("c", "o") == b"before"
        assert client.authenticator.auth_count == 2


def test_upload_is_resent_after_reauthentication(swift, client, container) -> None:
    import io

    with StorageClient(auth=FirstTokenRevoked.tempauth(swift)) as revoked:
        revoked.store_object(container, "re", io.BytesIO(b"replayed body"))
        assert revoked.authenticator.auth_count == 2
    assert client.fetch_object(container, "re") == b"replayed body"


def test_from_env_tempauth(swift, container) -> None:
    client = StorageClient.from_env(swift.env("test:tester"))
    assert container in client.list_container_names()


def test_preauthenticated_client(client, container) -> None:
    creds = client.authenticator.current()
    pre = StorageClient(storage_url=creds.storage_url, token=creds.token)
    assert container in pre.list_container_names()
    bad = StorageClient(storage_url=creds.storage_url, token="AUTH_tkbogus")
    with pytest.raises(AuthenticationFailed):
        bad.list_container_names()


def test_tokens_never_logged(swift, caplog) -> None:
    with caplog.at_level(logging.DEBUG), make_client(swift) as client:
        client.list_container_names()
        token = client.authenticator.current().token
    assert caplog.records and token not in caplog.text and "testing" not in caplog.text


def test_python_swiftclient_spellings_reach_the_server(swift, container) -> None:
    """What a user switching from ``swiftclient.client.Connection(authurl=, user=, key=)`` writes works as is."""
    with StorageClient(
        authurl=swift.auth_url, user="test:tester", key=swift.users["test:tester"], auth_version="1", retries=2
    ) as client:
        client.store_object(container, "from-swiftclient-args", b"x")
        assert client.list_container_object_names(container) == ["from-swiftclient-args"]
    with pytest.raises(TypeError, match="verify=False or verify="):
        StorageClient(authurl=swift.auth_url, user="test:tester", key="k", insecure=True, cacert="/ca.pem")
