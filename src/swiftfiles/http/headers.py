"""Case-insensitive header lookup that costs nothing for the responses the transport returns.

Header names are case-insensitive. urllib3's ``HTTPHeaderDict`` (every ``Response.headers``) already looks names up
that way, so it is used as it is; any other mapping (a caller's dict, a test's canned headers) gets one lower-cased
copy. Building that copy for every lookup was a measurable share of the client's CPU per small object.
"""

from __future__ import annotations

from collections.abc import Mapping

from urllib3 import HTTPHeaderDict


def lowered(headers: Mapping[str, str]) -> Mapping[str, str]:
    """A view of *headers* whose ``get``/``in``/``[]`` accept lower-case names."""
    if isinstance(headers, HTTPHeaderDict):
        return headers
    return {k.lower(): v for k, v in headers.items()}
