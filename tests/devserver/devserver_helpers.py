"""Plain-stdlib HTTP helpers for the devserver tests (no client library under test here)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from swiftfiles.devserver import ServerInfo


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


def http(
    method: str,
    url: str,
    headers: Mapping[str, str] | None = None,
    data: bytes | None = None,
    timeout: float = 10.0,
) -> Reply:
    """One request with urllib; HTTP errors are returned, not raised."""
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Reply(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
    except urllib.error.HTTPError as err:
        with err:
            return Reply(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


def login(info: ServerInfo, user: str, key: str | None = None) -> Reply:
    """A tempauth v1.0 login; ``key`` defaults to the user's real key."""
    return http("GET", info.auth_url, {"X-Auth-User": user, "X-Auth-Key": key or info.users[user]})


def token_and_url(info: ServerInfo, user: str) -> tuple[str, str]:
    reply = login(info, user)
    assert reply.status == 200, reply
    return reply.headers["x-auth-token"], reply.headers["x-storage-url"]
