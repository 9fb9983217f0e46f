"""Which names a folder operation skips: hidden names and ``ignore`` shell patterns, per path component."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def normalize_patterns(ignore: str | Iterable[str] | None) -> tuple[str, ...]:
    """pyrax accepted one pattern or a list of them."""
    if ignore is None:
        return ()
    if isinstance(ignore, str):
        return (ignore,)
    return tuple(ignore)


@dataclass(frozen=True)
class NameFilter:
    """Applied to every folder and file name of a relative path: a match anywhere excludes the whole path."""

    patterns: Sequence[str] = ()
    include_hidden: bool = False

    def skips_component(self, component: str) -> bool:
        if not self.include_hidden and component.startswith("."):
            return True
        return any(fnmatch.fnmatchcase(component, pattern) for pattern in self.patterns)

    def skips(self, relative_name: str) -> bool:
        """True when any component of ``a/b/c`` is hidden (unless included) or matches a pattern."""
        return any(self.skips_component(part) for part in relative_name.split("/") if part)
