"""TempURL seed methods: the account key (cached per client) and signed URLs."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from typing import Any

from ..exceptions import MissingTemporaryURLKey
from ..swift import metadata as meta
from ..swift.tempurl import DEFAULT_METHODS, TempURLRequest, build_temp_url
from ..transfer.engine import TransferEngine
from .core import Part

TEMP_URL_KEY_HEADER = "X-Account-Meta-Temp-URL-Key"


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

    def set_temp_url_key(self, key: str | None = None) -> str:
        """Set the account's TempURL key (a random UUID when *key* is None) and return it."""
        key = key or uuid.uuid4().hex
        with self._key_lock:
            self.connection.post_account({TEMP_URL_KEY_HEADER: meta.encode_value(key)})
            self._temp_url_key, self._temp_url_key_known = key, True
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
        cname, name = self._cname(container), self._oname(obj)
        secret = key or self.get_temp_url_key(cached=cached)
        if not secret:
            raise MissingTemporaryURLKey("the account has no TempURL key; call set_temp_url_key() first or pass key=")
        allowed = self.capabilities.tempurl_digests
        chosen = digest or (allowed[0] if allowed else "sha256")
        request = TempURLRequest(
            storage_url=self.connection.storage_url,
            container=cname,
            obj=name,
            method=method,
            seconds=seconds,
            digest=chosen,
            ip_range=ip_range,
            filename=filename,
            inline=inline,
            iso8601=iso8601,
            allowed_methods=DEFAULT_METHODS,
        )
        return build_temp_url(secret, request)
