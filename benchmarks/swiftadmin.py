"""Untimed setup, checks and clean-up against the local Swift, in plain ``http.client``.

The harness prepares and inspects the server without swiftfiles, so that a bug in the library under test cannot
corrupt the setup of the peers' runs (or hide its own).
"""

from __future__ import annotations

import http.client
import io
import json
import ssl
import tarfile
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

TIMEOUT = 600.0
#: The harness's own requests carry this, so the server log's request counts leave them out (serverlog.py).
USER_AGENT = "swiftfiles-bench-admin"


class SwiftError(RuntimeError):
    pass


class SwiftAdmin:
    def __init__(self, auth_url: str, user: str, key: str, ca_file: str | None = None) -> None:
        self.auth_url = auth_url
        self.user = user
        self.key = key
        # an https:// server (the fs_* workloads' dev server) is verified against its throwaway CA
        self.tls = ssl.create_default_context(cafile=ca_file) if ca_file else None
        self.storage_url = ""
        self.token = ""
        self.authenticate()

    # -- plumbing -------------------------------------------------------------------------------------------------

    def _conn(self, url: str) -> tuple[http.client.HTTPConnection, str]:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or "127.0.0.1"
        conn = (
            http.client.HTTPSConnection(host, parts.port or 443, timeout=TIMEOUT, context=self.tls)
            if parts.scheme == "https"
            else http.client.HTTPConnection(host, parts.port or 80, timeout=TIMEOUT)
        )
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return conn, path

    def authenticate(self) -> None:
        conn, path = self._conn(self.auth_url)
        try:
            conn.request(
                "GET", path, headers={"X-Auth-User": self.user, "X-Auth-Key": self.key, "User-Agent": USER_AGENT}
            )
            resp = conn.getresponse()
            resp.read()
            if resp.status // 100 != 2:
                raise SwiftError(f"auth failed: HTTP {resp.status}")
            self.storage_url = resp.getheader("X-Storage-Url") or ""
            self.token = resp.getheader("X-Auth-Token") or ""
        finally:
            conn.close()

    def url(self, container: str = "", obj: str = "", query: str = "") -> str:
        path = self.storage_url
        if container:
            path += "/" + urllib.parse.quote(container, safe="")
        if obj:
            path += "/" + urllib.parse.quote(obj, safe="/")
        return path + (f"?{query}" if query else "")

    def request(
        self,
        method: str,
        container: str = "",
        obj: str = "",
        *,
        query: str = "",
        body: bytes | BinaryIO | None = None,
        headers: dict[str, str] | None = None,
        ok: Iterable[int] = (200, 201, 202, 204),
    ) -> tuple[int, dict[str, str], bytes]:
        conn, path = self._conn(self.url(container, obj, query))
        try:
            conn.request(
                method,
                path,
                body=body,
                headers={"X-Auth-Token": self.token, "User-Agent": USER_AGENT, **(headers or {})},
            )
            resp = conn.getresponse()
            data = resp.read()
            if resp.status not in set(ok):
                raise SwiftError(f"{method} {container}/{obj}?{query}: HTTP {resp.status} {data[:300]!r}")
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
        finally:
            conn.close()

    # -- operations -----------------------------------------------------------------------------------------------

    def put_container(self, container: str) -> None:
        self.request("PUT", container)

    def put_file(self, container: str, obj: str, path: Path) -> None:
        """A plain (single PUT) object from a local file, streamed."""
        with path.open("rb") as fh:
            self.request(
                "PUT", container, obj, body=fh, headers={"Content-Length": str(path.stat().st_size)}, ok=(201,)
            )

    def head_object(self, container: str, obj: str) -> dict[str, str] | None:
        status, headers, _ = self.request("HEAD", container, obj, ok=(200, 404))
        return headers if status == 200 else None

    def names(self, container: str, prefix: str = "") -> list[str] | None:
        """Every object name in ``container`` (None when the container does not exist)."""
        out: list[str] = []
        marker = ""
        while True:
            query = urllib.parse.urlencode({"format": "json", "limit": 10000, "marker": marker, "prefix": prefix})
            status, _, data = self.request("GET", container, query=query, ok=(200, 204, 404))
            if status == 404:
                return None
            page = json.loads(data or b"[]")
            if not page:
                return out
            out.extend(entry["name"] for entry in page)
            marker = page[-1]["name"]

    def containers(self) -> list[str]:
        out: list[str] = []
        marker = ""
        while True:
            query = urllib.parse.urlencode({"format": "json", "limit": 10000, "marker": marker})
            _, _, data = self.request("GET", query=query, ok=(200, 204))
            page = json.loads(data or b"[]")
            if not page:
                return out
            out.extend(entry["name"] for entry in page)
            marker = page[-1]["name"]

    def bulk_delete(self, container: str, names: list[str]) -> None:
        for start in range(0, len(names), 10000):
            body = "\n".join(
                urllib.parse.quote(f"/{container}/{name}") for name in names[start : start + 10000]
            ).encode()
            _, _, data = self.request(
                "POST",
                query="bulk-delete",
                body=body,
                headers={"Content-Type": "text/plain", "Accept": "application/json"},
            )
            result = json.loads(data)
            if result.get("Errors"):
                raise SwiftError(f"bulk delete in {container}: {result['Errors'][:3]}")

    def wipe(self, prefix: str) -> None:
        """Delete every container whose name starts with ``prefix`` (segment containers included), with objects."""
        for container in self.containers():
            if not container.startswith(prefix):
                continue
            names = self.names(container)
            if names:
                self.bulk_delete(container, names)
            self.request("DELETE", container, ok=(204, 404, 409))
            if self.names(container):  # a 409 race with listings: try once more
                self.bulk_delete(container, self.names(container) or [])
                self.request("DELETE", container, ok=(204, 404))

    def extract_tar(self, container: str, files: Iterable[tuple[str, bytes]]) -> int:
        """Create many objects in one request (Swift's bulk extract-archive): returns how many were created."""
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tar:
            for name, data in files:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = 1_700_000_000
                tar.addfile(info, io.BytesIO(data))
        body = buf.getvalue()
        _, _, data = self.request(
            "PUT",
            container,
            query="extract-archive=tar",
            body=body,
            headers={"Accept": "application/json", "Content-Length": str(len(body))},
        )
        result = json.loads(data)
        if result.get("Errors") or not str(result.get("Response Status", "")).startswith("201"):
            raise SwiftError(f"extract-archive into {container}: {result}")
        return int(result.get("Number Files Created", 0))
