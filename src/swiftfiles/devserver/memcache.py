"""An in-process, dict-backed stand-in for memcached, as the proxy's ``cache`` filter.

tempauth keeps its tokens in ``env['swift.cache']`` and refuses to work
without one (every login would get a 503); the proxy also caches account and
container info there.  The development server has exactly one proxy process,
so a dict in that process is a complete cache, and no memcached daemon has to
be installed or started.

The semantics follow ``swift.common.memcached.MemcacheRing`` as Swift uses
it: values set with ``serialize=True`` round-trip through JSON (tuples come
back as lists), others are stored as bytes; ``time`` is a TTL in seconds, or
an absolute Unix time when larger than 30 days; ``incr``/``decr`` treat a
missing key as 0 and never go below 0.  Each filter instance owns its cache.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["DictCache", "DictCacheMiddleware", "filter_factory"]

# memcached's rule: an expiry above 30 days is an absolute Unix time.
_MAX_RELATIVE_TTL = 30 * 24 * 60 * 60
# Sweep expired entries after this many writes so a long session stays small.
_SWEEP_EVERY = 1000

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class DictCache:
    """The subset of ``MemcacheRing`` that Swift's proxy and middlewares call."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        # key -> (raw bytes, is_json, absolute expiry or None)
        self._items: dict[str, tuple[bytes, bool, float | None]] = {}
        self._writes = 0

    # -- helpers -------------------------------------------------------
    def _expiry(self, ttl: float) -> float | None:
        ttl = int(ttl)
        if ttl <= 0:
            return None
        if ttl > _MAX_RELATIVE_TTL:
            return float(ttl)
        return self._clock() + ttl

    @staticmethod
    def _key(key: str | bytes) -> str:
        return key.decode("utf-8", "surrogateescape") if isinstance(key, bytes) else str(key)

    def _lookup(self, key: str) -> tuple[bytes, bool, float | None] | None:
        item = self._items.get(key)
        if item is not None and item[2] is not None and item[2] <= self._clock():
            del self._items[key]
            return None
        return item

    def _store(self, key: str, raw: bytes, is_json: bool, ttl: float) -> None:
        self._items[key] = (raw, is_json, self._expiry(ttl))
        self._writes += 1
        if self._writes % _SWEEP_EVERY == 0:
            now = self._clock()
            for stale in [k for k, (_, _, exp) in self._items.items() if exp is not None and exp <= now]:
                del self._items[stale]

    @staticmethod
    def _encode(value: Any, serialize: bool) -> tuple[bytes, bool]:
        if serialize:
            if isinstance(value, bytes):
                value = value.decode("utf-8")
            return json.dumps(value).encode("ascii"), True
        if isinstance(value, bytes):
            return value, False
        return str(value).encode("utf-8"), False

    @staticmethod
    def _decode(raw: bytes, is_json: bool) -> Any:
        return json.loads(raw) if is_json else raw

    # -- MemcacheRing API ----------------------------------------------
    def set(
        self,
        key: str,
        value: Any,
        serialize: bool = True,
        time: float = 0,
        min_compress_len: int = 0,
        raise_on_error: bool = False,
    ) -> None:
        raw, is_json = self._encode(value, serialize)
        self._store(self._key(key), raw, is_json, time)

    def get(self, key: str, raise_on_error: bool = False) -> Any:
        item = self._lookup(self._key(key))
        return None if item is None else self._decode(item[0], item[1])

    def incr(self, key: str, delta: int = 1, time: float = 0) -> int:
        k = self._key(key)
        delta = int(delta)
        item = self._lookup(k)
        if item is None:
            # Like MemcacheRing: a missing key is added as delta (or 0 for a decrement).
            new = max(delta, 0)
            self._store(k, str(new).encode("ascii"), False, time)
            return new
        raw, is_json, expiry = item
        new = max(int(raw) + delta, 0)
        # memcached keeps the original expiry and flags on incr/decr.
        self._items[k] = (str(new).encode("ascii"), is_json, expiry)
        return new

    def decr(self, key: str, delta: int = 1, time: float = 0) -> int:
        return self.incr(key, delta=-int(delta), time=time)

    def delete(self, key: str, server_key: str | None = None) -> None:
        self._items.pop(self._key(key), None)

    def set_multi(
        self,
        mapping: Mapping[str, Any],
        server_key: str,
        serialize: bool = True,
        time: float = 0,
        min_compress_len: int = 0,
    ) -> None:
        for key, value in mapping.items():
            self.set(key, value, serialize=serialize, time=time)

    def get_multi(self, keys: Iterable[str], server_key: str) -> list[Any]:
        return [self.get(key) for key in keys]

    def flush(self) -> None:
        """Forget everything (not part of MemcacheRing; for wiping data)."""
        self._items.clear()

    # No __len__: Swift tests ``if not cache_from_env(env)``, and an empty cache must stay truthy.


class DictCacheMiddleware:
    """Puts one ``DictCache`` into every request's environ as ``swift.cache``."""

    def __init__(self, app: WsgiApp, cache: DictCache | None = None) -> None:
        self.app = app
        self.memcache = cache if cache is not None else DictCache()

    def __call__(self, env: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        env["swift.cache"] = self.memcache
        return self.app(env, start_response)


def filter_factory(global_conf: dict[str, str], **local_conf: str) -> Callable[[WsgiApp], DictCacheMiddleware]:
    """paste.deploy entry: ``paste.filter_factory = swiftfiles.devserver.memcache:filter_factory``."""
    return DictCacheMiddleware
