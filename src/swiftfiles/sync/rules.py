"""Path-aware include and exclude rules with rclone's glob syntax. Pure: no I/O.

The seed's ``ignore`` patterns match single path components, so ``img/*.png`` or ``/build`` can never match; these
rules match whole relative paths ('/'-separated), as rclone's ``--include``/``--exclude`` do:

- ``*`` matches any run of characters within one path segment, ``**`` any run across segments, ``?`` one
  character within a segment, ``[abc]``/``[!a-z]`` a character class, ``{png,jpg}`` alternatives;
- a pattern starting with ``/`` is anchored at the root of the tree; any other pattern matches the end of the
  path at a segment boundary (``*.jpg`` matches ``a/b/c.jpg``; ``b/c.jpg`` matches ``a/b/c.jpg``).

Order, as rclone documents it: include rules are tried first, in the order given, then exclude rules; the first
rule that matches decides. When any include rule is given, a path no rule matches is excluded (rclone's implicit
``- /**``); otherwise it is included. A pattern that can never match a file (empty, ending in ``/``, holding
``//``, an unclosed ``[`` or ``{``) is refused with ``ValueError`` instead of silently matching nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """The compiled regular expression for one rclone glob; ``ValueError`` when it can never match a file."""
    if not pattern or not pattern.strip("/"):
        raise ValueError(f"filter pattern {pattern!r} is empty")
    if pattern.endswith("/"):
        raise ValueError(
            f"filter pattern {pattern!r} ends with '/', which matches directories only, never a file; "
            f"write {pattern + '**'!r} for everything under it"
        )
    if "//" in pattern:
        raise ValueError(f"filter pattern {pattern!r} holds '//': no path has an empty segment")
    anchored = pattern.startswith("/")
    body = pattern[1:] if anchored else pattern
    out = ["^" if anchored else "(?:^|/)"]
    i, depth = 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "*":
            if body.startswith("**", i):
                out.append(".*")
                i += 2
                continue
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = body.find("]", i + 2 if body.startswith(("[!", "[^"), i) else i + 1)
            if end < 0:
                raise ValueError(f"filter pattern {pattern!r} has an unclosed '['")
            inner = body[i + 1 : end]
            if inner.startswith(("!", "^")):
                inner = "^" + inner[1:]
            out.append("[" + inner.replace("\\", "\\\\") + "]")
            i = end
        elif ch == "{":
            depth += 1
            out.append("(?:")
        elif ch == "}" and depth:
            depth -= 1
            out.append(")")
        elif ch == "," and depth:
            out.append("|")
        elif ch == "\\" and i + 1 < len(body):
            i += 1
            out.append(re.escape(body[i]))
        else:
            out.append(re.escape(ch))
        i += 1
    if depth:
        raise ValueError(f"filter pattern {pattern!r} has an unclosed '{{'")
    out.append("$")
    return re.compile("".join(out))


def _folder_regex(pattern: str) -> re.Pattern[str] | None:
    folder = pattern[: -len("/**")] if pattern.endswith("/**") else ""
    if not folder.strip("/") or folder.endswith("\\"):
        return None
    try:
        return glob_to_regex(folder)
    except ValueError:  # the whole pattern is valid; then it is matched file by file
        return None


@dataclass(frozen=True)
class Rule:
    """One compiled rule: include or exclude, the pattern as written, its regular expression."""

    include: bool
    pattern: str
    regex: re.Pattern[str]
    #: For a pattern ``X/**``: the regular expression of ``X``, which matches a folder all of whose contents the
    #: pattern matches (so an exclude rule can leave the folder out without walking it).
    folder_regex: re.Pattern[str] | None = None

    def matches(self, path: str) -> bool:
        return self.regex.search(path) is not None


@dataclass(frozen=True)
class FilterRules:
    """Ordered include/exclude rules; ``included(path)`` says whether a relative path takes part."""

    rules: tuple[Rule, ...] = ()
    #: True when include rules were given: a path no rule matches is then excluded.
    default_exclude: bool = False

    @classmethod
    def from_patterns(cls, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> FilterRules:
        """Rules from rclone-style ``--include`` and ``--exclude`` patterns (includes are tried first)."""
        includes = [Rule(True, p, glob_to_regex(p)) for p in include]
        excludes = [Rule(False, p, glob_to_regex(p), _folder_regex(p)) for p in exclude]
        return cls(tuple(includes + excludes), default_exclude=bool(includes))

    def excluded_folder(self, path: str) -> str | None:
        """Why everything under the folder *path* is left out, or None (then its files are checked one by one).

        Only without include rules (one of them might take a file back) and for an exclude rule ``X/**`` whose
        ``X`` matches the folder: ``/build/**`` leaves ``build/`` out unwalked, as rclone does.
        """
        if self.default_exclude:
            return None
        for rule in self.rules:
            if rule.folder_regex is not None and rule.folder_regex.search(path) is not None:
                return f"{path + '/'!r} matches the exclude rule {rule.pattern!r}"
        return None

    @property
    def active(self) -> bool:
        """False when there are no rules (everything is included)."""
        return bool(self.rules)

    def included(self, path: str) -> bool:
        """Whether *path* (relative to the tree, '/'-separated, no leading '/') takes part."""
        return self.exclusion_reason(path) is None

    def exclusion_reason(self, path: str) -> str | None:
        """Why *path* is left out (the rule that decided, or that no include rule matched), or None if included."""
        path = path.lstrip("/")
        for rule in self.rules:
            if rule.matches(path):
                return None if rule.include else f"{path!r} matches the exclude rule {rule.pattern!r}"
        if self.default_exclude:
            return f"{path!r} matches no include rule"
        return None
