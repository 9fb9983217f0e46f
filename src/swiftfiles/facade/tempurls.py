"""TempURL seed methods: the account key (cached per client) and signed URLs."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from typing import Any

from ..exceptions import InvalidTemporaryURLMethod, MissingTemporaryURLKey
from ..swift import metadata as meta
from ..swift.tempurl import DEFAULT_METHODS, TempURLRequest, build_temp_url
from ..transfer.engine import TransferEngine
from .core import Part

TEMP_URL_KEY_HEADER = "X-Account-Meta-Temp-URL-Key"
#: The second account key: set a new key here, hand out URLs signed with it, then retire the first (rotation).
TEMP_URL_KEY_2_HEADER = "X-Account-Meta-Temp-URL-Key-2"


class TempURLPart(Part):
    """Signs TempURLs; owns the cached account key (and the lock around it)."""

    def __init__(self, engine: TransferEngine) -> None:
        super().__init__(engine)
        self._key_lock = threading.Lock()
        self._temp_url_key: str | None = None
        self._temp_url_key_known = False

    def forget_key_if(self, headers: Mapping[str, str]) -> None:
        """Drop the cached key when an account POST touched a TempURL key header."""
        if any("temp-url-key" in k.lower() for k in headers):
            with self._key_lock:
                self._temp_url_key, self._temp_url_key_known = None, False

    def get_temp_url_key(self, cached: bool = True) -> str | None:
        """The account's TempURL key, or None when none is set; cached per client unless ``cached=False``."""
        with self._key_lock:
            if cached and self._temp_url_key_known:
                return self._temp_url_key
            headers = self.connection.head_account()
            found = meta.extract(headers, TEMP_URL_KEY_HEADER).get(TEMP_URL_KEY_HEADER.lower())
            self._temp_url_key, self._temp_url_key_known = found, True
            return found

    def set_temp_url_key(self, key: str | None = None, *, second: bool = False) -> str:
        """Set the account's TempURL key (a random one when *key* is None) and return it.

        Setting a key invalidates every TempURL signed with the key it replaces. To keep a key, read it first:
        ``key = client.get_temp_url_key() or client.set_temp_url_key()``. To rotate without breaking URLs already
        handed out, set the new key as the *second* one (``second=True``, ``Temp-URL-Key-2``: Swift accepts both),
        sign new URLs with it (``temp_url(..., key=new)``), and replace the first key once the old URLs expired.
        """
        key = key or uuid.uuid4().hex
        header = TEMP_URL_KEY_2_HEADER if second else TEMP_URL_KEY_HEADER
        with self._key_lock:
            self.connection.post_account({header: meta.encode_value(key)})
            if not second:
                self._temp_url_key, self._temp_url_key_known = key, True
        return key

    def set_container_temp_url_key(self, container: Any, key: str | None = None, *, second: bool = False) -> str:
        """Set a container's own TempURL key (``X-Container-Meta-Temp-URL-Key[-2]``) and return it: URLs signed
        with it work for that container's objects only, and a user without account access can be given it."""
        key = key or uuid.uuid4().hex
        suffix = "-2" if second else ""
        self.connection.post_container(
            self._cname(container), {f"X-Container-Meta-Temp-URL-Key{suffix}": meta.encode_value(key)}
        )
        return key

    def get_temp_url(
        self,
        container: Any,
        obj: Any,
        seconds: float,
        method: str = "GET",
        key: str | None = None,
        cached: bool = True,
        *,
        digest: str | None = None,
        ip_range: str | None = None,
        filename: str | None = None,
        inline: bool = False,
        iso8601: bool = False,
    ) -> str:
        """A URL that allows *method* (GET or PUT) on the object for *seconds* seconds, without a token.

        The signature uses the strongest digest the cluster allows (sha256 unless ``/info`` says otherwise), or
        *digest* ("sha1", "sha256", "sha512"). ``InvalidTemporaryURLMethod`` for other methods,
        ``MissingTemporaryURLKey`` when the account has no key.
        """
        return self._signed(
            container,
            obj,
            seconds,
            method,
            key,
            cached,
            DEFAULT_METHODS,
            digest=digest,
            ip_range=ip_range,
            filename=filename,
            inline=inline,
            iso8601=iso8601,
        )

    def temp_url(
        self,
        container: Any,
        obj: Any,
        seconds: float,
        method: str = "GET",
        *,
        key: str | None = None,
        prefix: bool = False,
        absolute: bool = False,
        ip_range: str | None = None,
        digest: str | None = None,
        filename: str | None = None,
        inline: bool = False,
        iso8601: bool = False,
    ) -> str:
        """A TempURL for any method the cluster's tempurl middleware allows (``/info``: GET, HEAD, PUT, POST,
        DELETE by default), beyond the seed's ``get_temp_url`` (GET and PUT).

        *seconds* from now, or with ``absolute=True`` the Unix time it expires at; ``prefix=True`` signs every
        object whose name starts with *obj* (which may be ``""``); *ip_range* limits who may use it; *key* signs
        with another key (a container key, or the second account key during a rotation), else the account key.
        """
        return self._signed(
            container,
            obj if not prefix else (obj or ""),
            seconds,
            method,
            key,
            True,
            self.capabilities.tempurl_methods,
            digest=digest,
            ip_range=ip_range,
            filename=filename,
            inline=inline,
            iso8601=iso8601,
            prefix=prefix,
            absolute=absolute,
        )

    def _signed(
        self,
        container: Any,
        obj: Any,
        seconds: float,
        method: str,
        key: str | None,
        cached: bool,
        allowed: frozenset[str],
        **options: Any,
    ) -> str:
        cname = self._cname(container)
        name = obj if options.get("prefix") and obj == "" else self._oname(obj)
        if method.upper() not in allowed:
            raise InvalidTemporaryURLMethod(
                f"TempURL method {method!r} is not allowed here; use one of {', '.join(sorted(allowed))}"
            )
        secret = key or self.get_temp_url_key(cached=cached)
        if not secret:
            raise MissingTemporaryURLKey(
                "the account has no TempURL key: set one once with set_temp_url_key() (or pass key=)"
            )
        digests = self.capabilities.tempurl_digests
        request = TempURLRequest(
            storage_url=self.connection.storage_url,
            container=cname,
            obj=name,
            method=method,
            seconds=seconds,
            digest=options.pop("digest", None) or (digests[0] if digests else "sha256"),
            ip_range=options.pop("ip_range", None),
            filename=options.pop("filename", None),
            inline=options.pop("inline", False),
            iso8601=options.pop("iso8601", False),
            prefix=options.pop("prefix", False),
            absolute_expiry=options.pop("absolute", False),
            allowed_methods=allowed,
        )
        return build_temp_url(secret, request)
