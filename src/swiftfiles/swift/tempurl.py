"""TempURL and FormPOST signatures (Swift's ``tempurl`` and ``formpost`` middlewares). Pure functions.

The signed PATH is the *decoded* path (``/v1/AUTH_acct/cont/obj`` as UTF-8 text, which is what the middleware sees
in ``PATH_INFO``); the URL handed out carries the percent-encoded path. That split is what makes non-ASCII names and
names with spaces, ``?`` or ``#`` work.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlencode, urlsplit

from ..exceptions import InvalidTemporaryURLMethod

DIGESTS = ("sha1", "sha256", "sha512")
#: What the seed's ``get_temp_url`` allows.
DEFAULT_METHODS = frozenset({"GET", "PUT"})
#: What Swift's tempurl middleware allows unless ``/info`` says otherwise.
MIDDLEWARE_METHODS = frozenset({"GET", "HEAD", "PUT", "POST", "DELETE"})


def _hmac(key: str | bytes, message: str, digest: str) -> hmac.HMAC:
    if digest not in DIGESTS:
        raise ValueError(f"unknown digest {digest!r}; use one of {', '.join(DIGESTS)}")
    raw_key = key.encode("utf-8") if isinstance(key, str) else key
    return hmac.new(raw_key, message.encode("utf-8"), getattr(hashlib, digest))


def temp_url_signature(
    key: str | bytes,
    method: str,
    expires: int,
    path: str,
    *,
    digest: str = "sha256",
    ip_range: str | None = None,
    prefix: bool = False,
    base64_form: bool = False,
) -> str:
    """The ``temp_url_sig`` value.

    path: decoded path starting with ``/v1/``; with ``prefix=True`` it is the object-name prefix path and is
    signed as ``prefix:<path>``. base64_form: ``<digest>:<base64>`` instead of hex (Swift accepts both).
    """
    signed_path = f"prefix:{path}" if prefix else path
    body = f"{method.upper()}\n{int(expires)}\n{signed_path}"
    if ip_range:
        body = f"ip={ip_range}\n{body}"
    mac = _hmac(key, body, digest)
    if base64_form or digest == "sha512":  # as python-swiftclient writes sha512: shorter than 128 hex digits
        return f"{digest}:{base64.urlsafe_b64encode(mac.digest()).decode('ascii')}"
    return mac.hexdigest()


@dataclass(frozen=True)
class TempURLRequest:
    """Everything needed to build a TempURL for one object (or one prefix)."""

    storage_url: str  # e.g. https://host/v1/AUTH_acct
    container: str
    obj: str
    method: str = "GET"
    seconds: float = 3600
    digest: str = "sha256"
    ip_range: str | None = None
    prefix: bool = False
    iso8601: bool = False
    filename: str | None = None
    inline: bool = False
    allowed_methods: frozenset[str] = DEFAULT_METHODS
    absolute_expiry: bool = False  # treat ``seconds`` as a Unix time


def build_temp_url(key: str | bytes, req: TempURLRequest, now: float | None = None) -> str:
    """A complete TempURL for *req*, signed with *key*."""
    method = req.method.upper()
    if method not in req.allowed_methods:
        allowed = ", ".join(sorted(req.allowed_methods))
        raise InvalidTemporaryURLMethod(f"TempURL method {req.method!r} is not supported; use one of {allowed}")
    if req.absolute_expiry:
        expires = int(req.seconds)
    else:
        if req.seconds <= 0:
            raise ValueError("a TempURL needs a positive number of seconds")
        expires = int((time.time() if now is None else now) + req.seconds)
    parts = urlsplit(req.storage_url)
    account_path = parts.path.rstrip("/")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
    decoded_path = f"{unquote(account_path)}/{req.container}/{req.obj}"
    quoted_path = f"{account_path}/{quote(req.container.encode('utf-8'), safe='')}/{quote(req.obj.encode('utf-8'))}"
    sig = temp_url_signature(
        key, method, expires, decoded_path, digest=req.digest, ip_range=req.ip_range, prefix=req.prefix
    )
    query: list[tuple[str, str]] = [("temp_url_sig", sig)]
    if req.iso8601:
        query.append(("temp_url_expires", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires))))
    else:
        query.append(("temp_url_expires", str(expires)))
    if req.prefix:
        query.append(("temp_url_prefix", req.obj))
    if req.ip_range:
        query.append(("temp_url_ip_range", req.ip_range))
    if req.filename:
        query.append(("filename", req.filename))
    if req.inline:
        query.append(("inline", ""))
    return f"{origin}{quoted_path}?{urlencode(query)}"


def sign_temp_url(
    url: str,
    key: str | bytes,
    seconds: float,
    method: str = "GET",
    *,
    absolute: bool = False,
    prefix: bool = False,
    ip_range: str | None = None,
    digest: str = "sha256",
    iso8601: bool = False,
    filename: str | None = None,
    inline: bool = False,
    allowed_methods: frozenset[str] = MIDDLEWARE_METHODS,
    now: float | None = None,
) -> str:
    """A TempURL for *url*: a whole object URL (``https://host/v1/AUTH_a/cont/obj``, giving a whole URL) or a path
    (``/v1/AUTH_a/cont/obj``, giving a relative one, as ``swift tempurl`` does). Offline: no request is made.

    *seconds* from now, or with ``absolute=True`` the Unix time it expires at. ``prefix=True`` signs every object
    whose name starts with the object part (which may be empty). Every method of Swift's tempurl middleware is
    allowed (GET, HEAD, PUT, POST, DELETE), or those in *allowed_methods*; ``ip_range`` restricts who may use it.
    """
    parts = urlsplit(url)
    segments = unquote(parts.path).split("/", 4)
    if len(segments) < 5 or segments[0] != "" or segments[1] != "v1" or not segments[2] or not segments[3]:
        raise ValueError(f"{url!r} must look like [https://host]/v1/ACCOUNT/CONTAINER/OBJECT")
    if not segments[4] and not prefix:
        raise ValueError(f"{url!r} names no object (pass prefix=True to sign a prefix)")
    account_url = f"{parts.scheme}://{parts.netloc}/v1/{segments[2]}" if parts.scheme else f"/v1/{segments[2]}"
    request = TempURLRequest(
        storage_url=account_url,
        container=segments[3],
        obj=segments[4],
        method=method,
        seconds=seconds,
        digest=digest,
        ip_range=ip_range,
        prefix=prefix,
        iso8601=iso8601,
        filename=filename,
        inline=inline,
        allowed_methods=allowed_methods,
        absolute_expiry=absolute,
    )
    return build_temp_url(key, request, now=now)


def formpost_signature(
    key: str | bytes,
    path: str,
    redirect: str,
    max_file_size: int,
    max_file_count: int,
    expires: int,
    *,
    digest: str = "sha256",
) -> str:
    """The ``signature`` field of a FormPOST form (hex)."""
    body = f"{path}\n{redirect}\n{max_file_size}\n{max_file_count}\n{int(expires)}"
    return _hmac(key, body, digest).hexdigest()
