"""``swiftfiles tempurl METHOD SECONDS PATH KEY``: swift's TempURL signer, offline.

Like swift's command it needs no credentials and sends no request: PATH is ``/v1/ACCOUNT/CONTAINER/OBJECT`` (or a
whole URL), KEY the account's or container's TempURL key. It signs any method Swift's middleware accepts (GET,
HEAD, PUT, POST, DELETE), prefix-based URLs, absolute expiry and IP ranges.

The signature follows Swift's tempurl middleware: HMAC of ``[ip=RANGE\\n]METHOD\\nEXPIRES\\nPATH`` over the decoded
path (``prefix:PATH`` for prefix-based URLs), hex for sha1/sha256 and ``sha512:<base64>`` for sha512; the library's
``swiftfiles.swift.tempurl.sign_temp_url`` does it.
"""

from __future__ import annotations

import click

METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")
DIGESTS = ("sha1", "sha256", "sha512")


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
    from swiftfiles.swift.tempurl import sign_temp_url

    method = method.upper()
    if method not in METHODS:
        raise click.UsageError(f"METHOD {method!r}: use one of {', '.join(METHODS)}")
    try:
        number = int(seconds)
    except ValueError:
        raise click.UsageError(f"SECONDS {seconds!r} must be an integer") from None
    if number <= 0:
        raise click.UsageError("SECONDS must be positive")
    try:
        return sign_temp_url(
            path,
            key,
            number,
            method,
            absolute=absolute,
            prefix=prefix_based,
            ip_range=ip_range,
            digest=digest,
            iso8601=iso8601,
            now=now,
        )
    except ValueError as exc:
        raise click.UsageError(f"PATH {exc}") from None


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
