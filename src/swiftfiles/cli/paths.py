"""Command-line paths: ``swift://CONTAINER[/PREFIX]`` for the object store, anything else a local path.

The URL form is the one the fsspec filesystem uses, so a path can be pasted between the two. Parsing is pure and
strict: an empty container name or a local path given where a remote one is needed is a usage error, found before
any request.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEME = "swift://"


@dataclass(frozen=True)
class RemotePath:
    """A container and an object-name prefix ("" for the whole container); ``str()`` gives the URL back."""

    container: str
    prefix: str = ""

    def __str__(self) -> str:
        return f"{SCHEME}{self.container}/{self.prefix}" if self.prefix else f"{SCHEME}{self.container}"

    @property
    def folder_prefix(self) -> str:
        """The prefix as a folder: ``"photos/"`` for ``swift://c/photos`` (names under it, not ``photos2``)."""
        return self.prefix if not self.prefix or self.prefix.endswith("/") else self.prefix + "/"

    def child(self, name: str) -> str:
        """The object name of *name* (relative, '/'-separated) under this path's folder prefix."""
        return self.folder_prefix + name


def is_remote(text: str) -> bool:
    return text.startswith(SCHEME)


def parse_remote(text: str) -> RemotePath:
    """``swift://c/some/prefix`` → ``RemotePath("c", "some/prefix")``; ValueError for anything else."""
    if not is_remote(text):
        raise ValueError(f"{text!r} is not a remote path; write swift://CONTAINER[/PREFIX]")
    rest = text[len(SCHEME) :]
    container, _, prefix = rest.partition("/")
    if not container:
        raise ValueError(f"{text!r} names no container; write swift://CONTAINER[/PREFIX]")
    return RemotePath(container, prefix)


def parse_any(text: str) -> RemotePath | str:
    """A ``RemotePath`` for a ``swift://`` URL, else the text itself as a local path."""
    return parse_remote(text) if is_remote(text) else text
