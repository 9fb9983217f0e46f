"""One client shared by many threads: uploads, downloads and a token revoked under load."""

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor

from swiftfiles.auth.base import AuthResult


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


def test_revoked_token_is_renewed_once_for_all_threads(client, container) -> None:
    client.store_object(container, "shared", b"data")
    good = client.authenticator.current()
    client.authenticator._result = AuthResult(token="AUTH_tkrevoked", storage_url=good.storage_url)
    before = client.authenticator.auth_count
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: client.fetch_object(container, "shared"), range(32)))
    assert results == [b"data"] * 32
    assert client.authenticator.auth_count == before + 1
