"""The drop-in's rule for metadata keys containing ``_``: send them with ``-`` and say so once per key.

pyrax sent ``{"Famous_Family": "Simpsons"}`` as ``X-Container-Meta-Famous_Family``. Swift's WSGI server (like most
HTTP proxies) drops header names containing ``_`` without an error, so the value vanished and pyrax reported success.
The library refuses such keys (``MetadataError``); old scripts cannot be edited, so the drop-in sends
``Famous-Family`` instead (Swift then returns it as ``x-container-meta-famous-family``) and emits a
``PyraxMetadataWarning`` the first time each key is seen, so nothing is lost and nothing changes without a word.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Mapping, MutableSet
from typing import Any, TypeVar

from swiftfiles import MetadataError

V = TypeVar("V")


class PyraxMetadataWarning(UserWarning):
    """A metadata key or header name containing ``_`` was sent with ``-`` instead."""


def _outside_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first caller outside swiftfiles (the user's script)."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame = sys._getframe(2)  # the caller of dashed_key
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def dashed_key(key: str, warned: MutableSet[str]) -> str:
    """*key* with every ``_`` replaced by ``-``; warns the first time *key* (as given) is seen in *warned*."""
    if "_" not in key:
        return key
    new = key.replace("_", "-")
    if key not in warned:
        warned.add(key)
        warnings.warn(
            f"metadata key {key!r} contains '_', which Swift drops silently; swiftfiles.pyrax sends it as {new!r}",
            PyraxMetadataWarning,
            stacklevel=_outside_stacklevel(),
        )
    return new


def dashed(metadata: Mapping[str, V] | None, warned: MutableSet[str]) -> dict[str, V] | None:
    """A copy of *metadata* with ``_`` in keys replaced by ``-`` (None stays None).

    Two keys that become the same (``a_b`` and ``a-b``) would silently lose one value, so that is refused.
    """
    if metadata is None:
        return None
    result: dict[str, V] = {}
    for key, value in metadata.items():
        new = dashed_key(str(key), warned)
        if new.lower() in (k.lower() for k in result):
            raise MetadataError(f"metadata keys {key!r} and {new!r} are the same key once '_' is sent as '-'")
        result[new] = value
    return result


def dashed_kwargs(kwargs: dict[str, Any], warned: MutableSet[str]) -> dict[str, Any]:
    """*kwargs* of an upload call with its ``metadata`` and ``headers`` dicts dashed."""
    for name in ("metadata", "headers"):
        if kwargs.get(name) is not None:
            kwargs[name] = dashed(kwargs[name], warned)
    return kwargs
