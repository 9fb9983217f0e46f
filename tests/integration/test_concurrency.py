"""One client shared by many threads: uploads, downloads and a token revoked under load."""

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from tests.support.revoked import FirstTokenRevoked

from swiftfiles import StorageClient

pytestmark = pytest.mark.integration


def test_threads_share_one_client(client, container) -> None:
    payloads = {f"obj-{i:02d}": os.urandom(20_000 + i) for i in range(40)}

    def upload(name: str) -> str:
        return client.store_object(container, name, payloads[name]).etag

    with ThreadPoolExecutor(8) as pool:
        etags = dict(zip(payloads, pool.map(upload, payloads), strict=True))
    assert etags == {n: hashlib.md5(p).hexdigest() for n, p in payloads.items()}

    with ThreadPoolExecutor(8) as pool:
        fetched = dict(zip(payloads, pool.map(lambda n: client.fetch_object(container, n), payloads), strict=True))
    assert fetched == payloads


def test_revoked_token_is_renewed_once_for_all_threads(swift, client, container) -> None:
    client.store_object(container, "shared", b"data")
    with StorageClient(auth=FirstTokenRevoked.tempauth(swift)) as revoked:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda _: revoked.fetch_object(container, "shared"), range(32)))
        assert results == [b"data"] * 32
        assert revoked.authenticator.auth_count == 2  # the revoked token, then one renewal shared by all threads
