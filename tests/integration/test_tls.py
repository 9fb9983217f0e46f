"""TLS verification against the real Swift behind a TLS-terminating ``FaultProxy`` with a throwaway CA.

Verification is on by default: a certificate from an unknown CA must fail with ``ConnectionFailed`` (saying why,
without the token), ``verify=False`` must connect anyway, and ``verify=<CA file>`` must trust exactly that CA.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from tests.support.faultproxy import FaultProxy

from swiftfiles import StorageClient
from swiftfiles.devserver.tlscert import TLSFiles, make_tls_files
from swiftfiles.exceptions import CertificateRefused, ConnectionFailed
from swiftfiles.http.retry import RetryPolicy

pytestmark = pytest.mark.integration

USER = "test:tester"


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory) -> TLSFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_proxy(swift, tls_files: TLSFiles) -> Iterator[FaultProxy]:
    with FaultProxy(swift.host, swift.port, tls=tls_files.server_pair) as proxy:
        yield proxy


@pytest.fixture
def token(client: StorageClient) -> str:
    return client.authenticator.current().token


def with_token(swift, proxy: FaultProxy, token: str, **kwargs: Any) -> StorageClient:
    """A pre-authenticated client on the HTTPS storage URL, so the failing request carries the token."""
    kwargs.setdefault("retries", RetryPolicy(total=1, backoff_factor=0.01))
    return StorageClient(storage_url=proxy.rewrite(swift.storage_url_for(USER)), token=token, **kwargs)


def with_password(swift, proxy: FaultProxy, **kwargs: Any) -> StorageClient:
    """A client that authenticates through the HTTPS proxy too."""
    return StorageClient(
        auth_url=proxy.rewrite(swift.auth_url),
        username=USER,
        password=swift.users[USER],
        storage_url=proxy.rewrite(swift.storage_url_for(USER)),
        retries=RetryPolicy(total=1, backoff_factor=0.01),
        **kwargs,
    )


def round_trip(client: StorageClient, container: str) -> None:
    payload = os.urandom(50_000)
    client.store_object(container, "over-tls.bin", payload)
    assert client.fetch_object(container, "over-tls.bin") == payload


def test_untrusted_certificate_is_refused_by_default(swift, tls_proxy, token, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="swiftfiles")
    with with_token(swift, tls_proxy, token) as client:
        assert client.http.transport.verify is True
        with pytest.raises(ConnectionFailed) as info:
            client.get_account_info()  # a HEAD carrying X-Auth-Token
    message = str(info.value)
    assert "TLS" in message and "CERTIFICATE_VERIFY_FAILED" in message
    assert token not in message and token not in repr(info.value) and token not in caplog.text
    assert tls_proxy.requests == [], "no request may pass an unverified handshake"


def test_untrusted_certificate_on_authentication_does_not_leak_the_password(swift, tls_proxy) -> None:
    password = swift.users[USER]
    with pytest.raises(ConnectionFailed) as info:
        with_password(swift, tls_proxy).list_container_names()
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
    assert password not in str(info.value) and password not in repr(info.value)


def test_certificate_from_another_ca_is_refused(swift, tls_proxy, token, tmp_path) -> None:
    other = make_tls_files(tmp_path / "other")
    client = with_token(swift, tls_proxy, token, verify=str(other.ca_cert))
    with client, pytest.raises(ConnectionFailed, match="CERTIFICATE_VERIFY_FAILED"):
        client.get_account_info()


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_verify_false_connects_anyway(swift, tls_proxy, token, container) -> None:
    with with_token(swift, tls_proxy, token, verify=False) as client:
        round_trip(client, container)
    assert {r.method for r in tls_proxy.requests} >= {"PUT", "GET"}


def test_verify_with_the_ca_file(swift, tls_proxy, tls_files, container) -> None:
    with with_password(swift, tls_proxy, verify=str(tls_files.ca_cert)) as client:
        round_trip(client, container)
        assert client.storage_url.startswith("https://127.0.0.1:")
    assert tls_proxy.requests[0].path == "/auth/v1.0", "authentication went over TLS as well"


def test_a_refused_certificate_is_not_retried(swift, tls_proxy, token, caplog) -> None:
    """A certificate that fails verification will fail again: no resend, one clear error (issue 10, item 14)."""
    caplog.set_level(logging.WARNING, logger="swiftfiles")
    client = with_token(swift, tls_proxy, token, retries=RetryPolicy(total=5, backoff_factor=0.01))
    with client, pytest.raises(CertificateRefused, match="verify="):
        client.get_account_info()
    assert not [r for r in caplog.records if "retrying" in r.getMessage()]
