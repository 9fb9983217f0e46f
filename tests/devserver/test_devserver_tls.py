"""``DevServer(tls=(cert, key))``: the proxy serves HTTPS with the given certificate, and only HTTPS.

Clients that build ``https://`` URLs themselves (the benchmarks' fsspec peer) need it, and a client verifying
against the throwaway CA (``swiftfiles.devserver.tlscert``) must get through while one that trusts nobody's CA
must not.
"""

from __future__ import annotations

import http.client
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from swiftfiles import CertificateRefused, StorageClient
from swiftfiles.devserver import ADMIN_KEY, ADMIN_USER, DevServer, ServerInfo
from swiftfiles.devserver.tlscert import TLSFiles, make_tls_files

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TLSFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls_server(tls_files: TLSFiles) -> Iterator[ServerInfo]:
    with DevServer(tls=tls_files.server_pair, updater_interval=0, expirer_interval=0) as info:
        yield info


def test_round_trip_over_https_verifying_the_throwaway_ca(tls_server: ServerInfo, tls_files: TLSFiles) -> None:
    assert tls_server.auth_url.startswith("https://127.0.0.1:")
    assert tls_server.storage_url.startswith("https://")
    payload = os.urandom(100_000)
    with StorageClient(
        auth_url=tls_server.auth_url, username=ADMIN_USER, password=ADMIN_KEY, verify=str(tls_files.ca_cert)
    ) as client:
        client.create_container("over-tls")
        client.store_object("over-tls", "data.bin", payload)
        assert client.fetch_object("over-tls", "data.bin") == payload
        # tempauth hands out the https storage URL the client then used for every request
        assert client.storage_url == tls_server.storage_url_for(ADMIN_USER)
        client.delete_object("over-tls", "data.bin")
        client.delete_container("over-tls")


def test_a_client_that_does_not_trust_the_ca_is_refused(tls_server: ServerInfo) -> None:
    # CertificateRefused is never retried: one attempt, however the retries are set
    client = StorageClient(auth_url=tls_server.auth_url, username=ADMIN_USER, password=ADMIN_KEY)
    with client, pytest.raises(CertificateRefused, match="CERTIFICATE_VERIFY_FAILED"):
        client.get_account_info()


def test_plain_http_gets_no_answer(tls_server: ServerInfo) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", tls_server.port, timeout=10)
    try:
        with pytest.raises((http.client.HTTPException, OSError)):
            conn.request("GET", "/healthcheck")
            conn.getresponse()
    finally:
        conn.close()


def test_a_bad_certificate_pair_fails_before_starting(tmp_path: Path, tls_files: TLSFiles) -> None:
    other = make_tls_files(tmp_path / "other")
    with pytest.raises(ValueError, match="certificate and its private key"):
        DevServer(tls=(str(tls_files.cert), str(other.key)))
    with pytest.raises(ValueError, match="certificate and its private key"):
        DevServer(tls=(str(tmp_path / "missing.pem"), str(tls_files.key)))
