"""Byte ranges of an object: one ``Range`` GET, resumed where it broke off when the connection drops.

``StorageClient.fetch_object`` reads whole objects or their first *size* bytes; fsspec's random access (seekable
files, ``cat_file(start=, end=)``, Parquet footers) needs ``[start, end)`` anywhere. Until the client offers that,
the ranged GET goes through ``client.connection`` (a public attribute) and the resume logic lives here.
"""

from __future__ import annotations

from swiftfiles import ClientException, IntegrityError, PreconditionFailed, StorageClient, TransportError

#: Bytes per read from the socket.
_CHUNK = 1 << 20


def ranged_get(
    client: StorageClient, container: str, key: str, start: int, end: int | None, *, etag: str | None = None
) -> bytes:
    """Bytes ``[start, end)`` (``end=None``: to the end of the object); ``b""`` when *start* is past the end.

    *etag* (as the server sent it, quotes included) pins the version: every request carries ``If-Match``, and the
    first response's ETag is used when none is given, so a resumed read never mixes two versions of the object. A
    dropped or short body is resumed from the first missing byte, at most ``TransferConfig.resume_attempts`` times.
    A version that changed between requests raises ``IntegrityError``.
    """
    if end is not None and end <= start:
        return b""
    # The pieces as they come, joined once at the end: one copy of the range (a growing bytearray and a final
    # bytes() cost two, plus its reallocations; measurable on the tens of MiB a Parquet reader asks for).
    received: list[bytes] = []
    count = 0
    resumes = 0
    while True:
        position = start + count
        last = "" if end is None else str(end - 1)
        headers = {"Range": f"bytes={position}-{last}"}
        if etag:
            headers["If-Match"] = etag
        try:
            response = client.connection.get_object(container, key, headers=headers)
        except PreconditionFailed:
            raise IntegrityError(
                f"{container}/{key} changed while it was being read (its ETag no longer matches)"
            ) from None
        except ClientException as exc:
            if exc.status == 416:  # the range starts at or beyond the end of the object
                return b"".join(received)
            raise
        with response:
            etag = etag or response.headers.get("Etag") or response.headers.get("ETag")
            if response.status == 200 and position:
                response.close()
                raise IntegrityError(f"the server ignored the Range header for {container}/{key}")
            length = response.headers.get("Content-Length")
            expected = int(length) if length is not None else None
            before = count
            try:
                for chunk in response.iter_bytes(_CHUNK):
                    received.append(chunk)
                    count += len(chunk)
            except TransportError:
                resumes += 1
                if resumes > client.transfer_config.resume_attempts:
                    raise
                continue
        if expected is not None and count - before < expected:
            resumes += 1  # the body ended early without an error: resume all the same
            if resumes > client.transfer_config.resume_attempts:
                raise IntegrityError(f"{container}/{key}: the server kept sending short bodies for a range")
            continue
        return b"".join(received)
