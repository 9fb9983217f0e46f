"""The dict-backed memcache stand-in behaves like swift's MemcacheRing where Swift relies on it."""

from __future__ import annotations

import pytest

from swiftfiles.devserver.memcache import DictCache, DictCacheMiddleware

pytestmark = pytest.mark.integration


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_json_roundtrip_and_raw_bytes() -> None:
    cache = DictCache()
    cache.set("token", (123.5, "AUTH_test,.admin"))
    assert cache.get("token") == [123.5, "AUTH_test,.admin"]  # JSON: tuples come back as lists
    cache.set("raw", "42", serialize=False)
    assert cache.get("raw") == b"42"
    assert cache.get("missing") is None
    cache.delete("token")
    assert cache.get("token") is None
    assert cache  # an empty-looking cache must stay truthy for `if not cache_from_env(env)`


def test_ttl_relative_and_absolute() -> None:
    clock = Clock()
    cache = DictCache(clock)
    cache.set("short", 1, time=10)
    cache.set("abs", 2, time=int(clock.now) + 20)  # > 30 days: an absolute Unix time
    cache.set("forever", 3)
    clock.now += 11
    assert cache.get("short") is None
    assert cache.get("abs") == 2
    clock.now += 10
    assert cache.get("abs") is None
    assert cache.get("forever") == 3


def test_incr_decr() -> None:
    cache = DictCache()
    assert cache.incr("n", 5) == 5
    assert cache.incr("n", 2) == 7
    assert cache.decr("n", 10) == 0  # never below zero
    assert cache.decr("other") == 0
    cache.set("r", "100", serialize=False)
    assert cache.incr("r", -1) == 99
    assert cache.get("r") == b"99"


def test_multi_and_middleware() -> None:
    cache = DictCache()
    cache.set_multi({"a": 1, "b": {"x": 2}}, "server")
    assert cache.get_multi(["a", "b", "c"], "server") == [1, {"x": 2}, None]
    seen = {}

    def app(env, start_response):  # type: ignore[no-untyped-def]
        seen["cache"] = env["swift.cache"]
        return [b""]

    middleware = DictCacheMiddleware(app)
    middleware({}, lambda *a: None)
    middleware({}, lambda *a: None)
    assert seen["cache"] is middleware.memcache
