"""``swiftfiles tempurl METHOD SECONDS PATH KEY``: swift's TempURL signer, offline.

Like swift's command it needs no credentials and sends no request: PATH is ``/v1/ACCOUNT/CONTAINER/OBJECT`` (or a
whole URL), KEY the account's or container's TempURL key. It signs any method Swift's middleware accepts (GET,
HEAD, PUT, POST, DELETE), prefix-based URLs, absolute expiry and IP ranges.

The signature follows Swift's tempurl middleware: HMAC of ``[ip=RANGE\\n]METHOD\\nEXPIRES\\nPATH`` over the decoded
path (``prefix:PATH`` for prefix-based URLs), hex for sha1/sha256 and ``sha512:<base64>`` for sha512. (A public
signer in the library is planned; this command will use it once it exists.)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote, unquote, urlencode, urlsplit

import click

METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")
DIGESTS = ("sha1", "sha256", "sha512")


def sign(key: str, method: str, expires: int, path: str, digest: str, *, prefix: bool, ip_range: str | None) -> str:
    """The ``temp_url_sig`` value for the decoded *path*."""
    body = f"{method}\n{expires}\n{'prefix:' if prefix else ''}{path}"
    if ip_range:
        body = f"ip={ip_range}\n{body}"
    mac = hmac.new(key.encode("utf-8"), body.encode("utf-8"), getattr(hashlib, digest))
    if digest == "sha512":
        return "sha512:" + base64.urlsafe_b64encode(mac.digest()).decode("ascii").rstrip("=")
    return mac.hexdigest()


def build(
    method: str,
    seconds: str,
    path: str,
    key: str,
    *,
    absolute: bool,
    prefix_based: bool,
    iso8601: bool,
    digest: str,
    ip_range: str | None,
    now: float | None = None,
) -> str:
    """The TempURL (relative when *path* is a path, complete when it is a URL); ``click.UsageError`` for bad input."""
    method = method.upper()
    if method not in METHODS:
        raise click.UsageError(f"METHOD {method!r}: use one of {', '.join(METHODS)}")
    try:
        number = int(seconds)
    except ValueError:
        raise click.UsageError(f"SECONDS {seconds!r} must be an integer") from None
    if number <= 0:
        raise click.UsageError("SECONDS must be positive")
    expires = number if absolute else int((time.time() if now is None else now) + number)
    parts = urlsplit(path)
    decoded = unquote(parts.path)
    segments = decoded.split("/", 4)
    if len(segments) < 5 or segments[0] != "" or segments[1] != "v1" or not segments[2] or not segments[3]:
        raise click.UsageError(f"PATH {path!r} must look like /v1/ACCOUNT/CONTAINER/OBJECT")
    if not segments[4] and not prefix_based:
        raise click.UsageError(f"PATH {path!r} names no object (use --prefix-based for a prefix)")
    sig = sign(key, method, expires, decoded, digest, prefix=prefix_based, ip_range=ip_range)
    query = [("temp_url_sig", sig)]
    if iso8601:
        query.append(("temp_url_expires", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires))))
    else:
        query.append(("temp_url_expires", str(expires)))
    if prefix_based:
        query.append(("temp_url_prefix", segments[4]))
    if ip_range:
        query.append(("temp_url_ip_range", ip_range))
    quoted = quote(decoded.encode("utf-8"))
    base = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
    return f"{base}{quoted}?{urlencode(query)}"


@click.command(
    epilog='Examples: swiftfiles tempurl GET 3600 /v1/AUTH_test/photos/cat.jpg "$KEY"; '
    'swiftfiles tempurl PUT 600 https://swift.example.com/v1/AUTH_test/in/upload.bin "$KEY" --digest sha512',
)
@click.argument("method")
@click.argument("seconds")
@click.argument("path")
@click.argument("key")
@click.option("--absolute", is_flag=True, help="SECONDS is a Unix time at which the URL expires.")
@click.option("--prefix-based", is_flag=True, help="Allow every object whose name starts with PATH's object part.")
@click.option("--iso8601", is_flag=True, help="Write the expiry as an ISO 8601 UTC time.")
@click.option("--digest", type=click.Choice(DIGESTS), default="sha256", show_default=True, help="HMAC digest.")
@click.option("--ip-range", help="Only clients from this IP or CIDR may use the URL.")
def tempurl(
    method: str,
    seconds: str,
    path: str,
    key: str,
    absolute: bool,
    prefix_based: bool,
    iso8601: bool,
    digest: str,
    ip_range: str | None,
) -> None:
    """Sign a temporary URL for METHOD on PATH, valid SECONDS seconds (no request is made)."""
    click.echo(
        build(
            method,
            seconds,
            path,
            key,
            absolute=absolute,
            prefix_based=prefix_based,
            iso8601=iso8601,
            digest=digest,
            ip_range=ip_range,
        )
    )
