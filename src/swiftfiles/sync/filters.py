"""Which names a folder operation leaves out, and why: hidden names, ``ignore`` shell patterns (per path component),
path-aware ``include``/``exclude`` rules (rclone's globs, ``rules.py``), and, for a sync, names that have no
one-to-one local path.

A sync reports every name it leaves out (``Exclusion``), so "skipped 0" never hides a file: the category says which
rule did it (``hidden``, ``filter``, ``unsafe name``, ``folder marker``) and the reason says how.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..transfer.localpath import local_name_problem
from .rules import FilterRules

#: ``unreadable``: a name under a local folder the walk could not read (its files are unknown, so nothing under it is
#: transferred or deleted).
Category = Literal["hidden", "filter", "unsafe name", "folder marker", "unreadable"]

#: The order in which summaries list the categories.
CATEGORIES: tuple[Category, ...] = ("hidden", "filter", "unsafe name", "folder marker", "unreadable")


@dataclass(frozen=True)
class Exclusion:
    """Why a name was left out of a sync: the rule's ``category`` and a sentence for people."""

    category: Category
    reason: str


def normalize_patterns(ignore: str | Iterable[str] | None) -> tuple[str, ...]:
    """pyrax accepted one pattern or a list of them."""
    if ignore is None:
        return ()
    if isinstance(ignore, str):
        return (ignore,)
    return tuple(ignore)


@dataclass(frozen=True)
class NameFilter:
    """Hidden names and ``ignore`` patterns are applied to every folder and file name of a relative path (a match
    anywhere excludes the whole path); *rules* (include/exclude) to the whole relative path of a file."""

    patterns: Sequence[str] = ()
    include_hidden: bool = False
    rules: FilterRules = FilterRules()

    @classmethod
    def build(
        cls,
        ignore: str | Iterable[str] | None = None,
        include_hidden: bool = False,
        include: str | Iterable[str] | None = None,
        exclude: str | Iterable[str] | None = None,
    ) -> NameFilter:
        """From the public arguments (one pattern or several each); ``ValueError`` for a rule that can never match,
        before any request."""
        rules = FilterRules.from_patterns(normalize_patterns(include), normalize_patterns(exclude))
        return cls(normalize_patterns(ignore), include_hidden, rules)

    def component_exclusion(self, component: str) -> Exclusion | None:
        """Why one folder or file name is left out, or None."""
        if not self.include_hidden and component.startswith("."):
            return Exclusion("hidden", f"{component!r} is a hidden name (include_hidden=False)")
        for pattern in self.patterns:
            if fnmatch.fnmatchcase(component, pattern):
                return Exclusion("filter", f"{component!r} matches the ignore pattern {pattern!r}")
        return None

    def exclusion(self, relative_name: str) -> Exclusion | None:
        """Why ``a/b/c`` is left out (the first component that is hidden or matches a pattern, then the include and
        exclude rules), or None."""
        for part in relative_name.split("/"):
            if part:
                found = self.component_exclusion(part)
                if found is not None:
                    return found
        return self.rules_exclusion(relative_name)

    def folder_exclusion(self, relative_name: str, dirname: str) -> Exclusion | None:
        """Why a folder is left out unwalked: its own name (hidden, ``ignore``), or an exclude rule covering all
        of it (``/build/**``)."""
        found = self.component_exclusion(dirname)
        if found is None and self.rules.active:
            reason = self.rules.excluded_folder(relative_name)
            found = None if reason is None else Exclusion("filter", reason)
        return found

    def file_exclusion(self, relative_name: str, filename: str) -> Exclusion | None:
        """For a walk that has checked the folders already: the file's own name, then the rules on its path."""
        return self.component_exclusion(filename) or self.rules_exclusion(relative_name)

    def rules_exclusion(self, relative_name: str) -> Exclusion | None:
        if not self.rules.active:
            return None
        reason = self.rules.exclusion_reason(relative_name)
        return None if reason is None else Exclusion("filter", reason)

    def skips_component(self, component: str) -> bool:
        return self.component_exclusion(component) is not None

    def skips(self, relative_name: str) -> bool:
        """True when any component of ``a/b/c`` is hidden (unless included) or matches a pattern."""
        return self.exclusion(relative_name) is not None


#: A name that no rule of ``sync_exclusion`` can leave out when there are no ignore patterns and no include/exclude
#: rules (and not on Windows, whose reserved names and trailing dots it does not check): segments of ASCII letters,
#: digits, ``_``, ``-`` and ``.``, not starting with ``.`` (so not hidden, ``.`` or ``..``), 1 to 255 bytes each,
#: joined by single slashes. Checking it with one regular expression instead of the full rules halves what a sync
#: of a million files spends on names (``local_name_problem`` and ``exclusion`` for each name on both sides); the
#: answer is the same, which a test checks on a list of awkward names.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,254}(?:/[A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,254})*")
_WINDOWS = os.name == "nt"


def sync_exclusion(name: str, name_filter: NameFilter, *, folder_marker: bool = False) -> Exclusion | None:
    """Why a sync leaves the relative *name* out, on either side, or None.

    The one-to-one rule comes first, so ``a/./b`` is an unsafe name, not a hidden one. *folder_marker* marks an
    empty object whose name is the prefix itself or ends with ``/`` (what ``swift post``, rclone and Horizon create
    for pseudo-folders): it holds no file.
    """
    if folder_marker:
        return Exclusion("folder marker", "an empty folder marker object, not a file")
    if not (name_filter.patterns or name_filter.rules.active or _WINDOWS) and _PLAIN_NAME.fullmatch(name):
        return None  # the common case, decided at once: see _PLAIN_NAME
    problem = local_name_problem(name)
    if problem is not None:
        return Exclusion("unsafe name", f"no local file can stand for this name: {problem}")
    return name_filter.exclusion(name)
