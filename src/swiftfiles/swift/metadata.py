"""User metadata: header prefixes, limits, encoding, and what an object POST must carry over.

Rules kept from pyrax: a key gets the standard prefix (``X-Account-Meta-``, ``X-Container-Meta-``,
``X-Object-Meta-``) unless it already has it (any case) or the caller passes another ``prefix`` ("" means "send the
key as it is"). Metadata read back is a dict keyed by the lower-cased full header name, as pyrax returned it.

Values may be any Unicode text: HTTP carries header bytes, so values go out as UTF-8 and come back decoded from
UTF-8. Limits are Swift's (``/info``: 128-byte names, 256-byte values, 90 items, 4096 bytes overall) and are
checked before sending, so a user gets ``MetadataError`` naming the offending key instead of a bare 400.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..exceptions import MetadataError

ACCOUNT_PREFIX = "X-Account-Meta-"
CONTAINER_PREFIX = "X-Container-Meta-"
OBJECT_PREFIX = "X-Object-Meta-"

#: Where swift's CLI, rclone and swiftfiles store a file's modification time: seconds since the epoch as text,
#: with 6 decimals (``1714564800.123456``). Uploads from a path write it; downloads restore it.
MTIME_HEADER = "X-Object-Meta-Mtime"

#: The MD5 of a large object's whole content (hex), stored by swiftfiles when it uploads one: a large object's ETag
#: is the MD5 of its segments' MD5s, not of its bytes, so without it nothing checks the object end to end. Sync
#: compares it with a file's MD5; downloads verify it.
MD5_HEADER = "X-Object-Meta-Md5"

_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")

#: Headers an object POST replaces wholesale; they must be re-sent or they are lost (Swift's object server
#: ``allowed_headers`` plus the expiry and DLO manifest).
OBJECT_POST_PRESERVED = (
    "Content-Disposition",
    "Content-Encoding",
    "Cache-Control",
    "Content-Language",
    "Expires",
    "X-Robots-Tag",
    "X-Delete-At",
    "X-Object-Manifest",
)


@dataclass(frozen=True)
class MetadataLimits:
    """The cluster's metadata limits (``/info`` → ``swift``)."""

    max_name_length: int = 128
    max_value_length: int = 256
    max_count: int = 90
    max_overall_size: int = 4096


def format_mtime(seconds: float) -> str:
    """The ``MTIME_HEADER`` value for a file modification time (swift's CLI writes the same 6 decimals)."""
    return f"{seconds:.6f}"


def encode_value(value: object) -> str:
    """A header value whose latin-1 encoding is the UTF-8 of *value* (what http.client puts on the wire)."""
    return str(value).encode("utf-8").decode("latin-1")


def decode_value(value: str) -> str:
    """Reverse of ``encode_value`` for a header value read from a response."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def prefixed_headers(metadata: Mapping[str, object], prefix: str | None, default_prefix: str) -> dict[str, str]:
    """Header name → encoded value, with *default_prefix* added where pyrax's rules say so."""
    use = default_prefix if prefix is None else prefix
    headers: dict[str, str] = {}
    if not isinstance(metadata, Mapping):
        raise TypeError(f"metadata must be a mapping of str to str, not {type(metadata).__name__}")
    for key, value in metadata.items():
        if not isinstance(key, str):
            raise TypeError(f"metadata key {key!r} must be a str, not {type(key).__name__}")
        if not isinstance(value, (str, int, float)):
            raise TypeError(
                f"metadata value for {key!r} must be a str (or a number), not {type(value).__name__}"
                + ("; use the remove methods to delete a key" if value is None else "")
            )
        key = key.strip()
        if not key:
            raise MetadataError("metadata keys must not be empty")
        name = key if (not use or key.lower().startswith(use.lower())) else use + key
        if not _TOKEN.match(name):
            raise MetadataError(f"metadata key {key!r} has characters not allowed in an HTTP header name")
        if "_" in name:
            # Swift's WSGI server (and most proxies) silently drop header names containing '_'.
            raise MetadataError(f"metadata key {key!r} contains '_', which Swift would silently drop; use '-'")
        text = str(value)
        if "\n" in text or "\r" in text:
            raise MetadataError(f"metadata value for {key!r} contains a line break")
        headers[name] = encode_value(text)
    return headers


def check_limits(headers: Mapping[str, str], prefix: str, limits: MetadataLimits) -> None:
    """Raise ``MetadataError`` when the user metadata in *headers* (keys under *prefix*) breaks a cluster limit.

    Sizes are counted as Swift counts them: the key without its prefix plus the value, in bytes.
    """
    low = prefix.lower()
    items = [(k[len(prefix) :], v) for k, v in headers.items() if k.lower().startswith(low)]
    if len(items) > limits.max_count:
        raise MetadataError(f"{len(items)} metadata items; the cluster allows {limits.max_count}")
    overall = 0
    for key, value in items:
        key_size = len(key.encode("utf-8"))
        value_size = len(value.encode("latin-1"))
        if key_size > limits.max_name_length:
            raise MetadataError(
                f"metadata key {key!r} is {key_size} bytes; the cluster allows {limits.max_name_length}"
            )
        if value_size > limits.max_value_length:
            raise MetadataError(
                f"metadata value for {key!r} is {value_size} bytes; the cluster allows {limits.max_value_length}"
            )
        overall += key_size + value_size
    if overall > limits.max_overall_size:
        raise MetadataError(f"metadata totals {overall} bytes; the cluster allows {limits.max_overall_size}")


def account_details(headers: Mapping[str, str]) -> dict[str, Any]:
    """An account HEAD's ``X-Account-*`` headers other than metadata: the prefix dropped, dashes as underscores,
    integers where numeric (``{"container_count": 3, "object_count": 12, "bytes_used": 4096}``)."""
    details: dict[str, Any] = {}
    for key, value in headers.items():
        low = key.lower()
        if low.startswith("x-account-") and not low.startswith("x-account-meta-"):
            name = low[len("x-account-") :].replace("-", "_")
            try:
                details[name] = int(value)
            except ValueError:
                details[name] = value
    return details


def extract(headers: Mapping[str, str], prefix: str) -> dict[str, str]:
    """The response headers starting with *prefix* (any case), keys lower-cased, values decoded."""
    low = prefix.lower()
    return {k.lower(): decode_value(v) for k, v in headers.items() if k.lower().startswith(low)}


def removal_headers(keys: Iterable[str], kind: str) -> dict[str, str]:
    """``X-Remove-<Kind>-Meta-<key>`` headers (account/container) for the given full or short keys."""
    meta = f"x-{kind}-meta-"
    out: dict[str, str] = {}
    for key in keys:
        short = key[len(meta) :] if key.lower().startswith(meta) else key
        out[f"X-Remove-{kind.capitalize()}-Meta-{short}"] = "x"
    return out


def preserved_for_post(current: Mapping[str, str]) -> dict[str, str]:
    """The non-metadata headers of an object that a POST must repeat to keep them (see module docstring)."""
    lowered = {k.lower(): v for k, v in current.items()}
    return {name: lowered[name.lower()] for name in OBJECT_POST_PRESERVED if name.lower() in lowered}


def update_headers(
    metadata: Mapping[str, object],
    prefix: str | None,
    default_prefix: str,
    kind: str,
    current: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The POST headers that set *metadata* on an account or container (*kind*); with *current* (the headers of a
    HEAD, for ``clear=True``) also remove every existing key not in *metadata*."""
    headers = prefixed_headers(metadata, prefix, default_prefix)
    if current is not None:
        keep = {k.lower() for k in headers}
        existing = extract(current, default_prefix)
        headers = {**removal_headers((k for k in existing if k not in keep), kind), **headers}
    return headers


def deletion_headers(current: Mapping[str, str], prefix: str | None, default_prefix: str, kind: str) -> dict[str, str]:
    """The POST headers that remove every account or container (*kind*) metadata item starting with *prefix*
    (default *default_prefix*), given the headers of a HEAD; empty when there is nothing to remove."""
    use = default_prefix if prefix is None else prefix
    existing = extract(current, use)
    if use.lower() == default_prefix.lower():
        return removal_headers(existing, kind) if existing else {}
    return {key: "" for key in existing}
