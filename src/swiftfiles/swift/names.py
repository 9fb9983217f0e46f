"""Container and object names: validation and percent-encoding.

Names are Unicode strings sent as UTF-8. Every path segment is percent-encoded (spaces, ``?``, ``#``, ``%``, ``+``,
non-ASCII); ``/`` inside an object name is kept, so ``a/b`` stays a pseudo-folder and a leading ``/`` survives
(``//`` in the URL is what Swift expects for it). Limits come from the cluster's ``/info`` when known.
"""

from __future__ import annotations

from urllib.parse import quote

from ..exceptions import InvalidName, MissingName

DEFAULT_MAX_CONTAINER_NAME_LENGTH = 256
DEFAULT_MAX_OBJECT_NAME_LENGTH = 1024


def quote_name(name: str, *, keep_slash: bool = True) -> str:
    """Percent-encode a name's UTF-8 bytes for use in a URL path."""
    return quote(name.encode("utf-8"), safe="/" if keep_slash else "")


def _check_text(kind: str, name: object) -> str:
    if name is None or name == "":
        raise MissingName(f"a {kind} name is required")
    if not isinstance(name, str):
        raise InvalidName(f"{kind} name must be a str, not {type(name).__name__}")
    if "\x00" in name:
        raise InvalidName(f"{kind} name {name!r} contains a NUL character")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidName(f"{kind} name {name!r} is not valid Unicode (lone surrogate)") from None
    return name


def validate_container_name(name: object, max_length: int = DEFAULT_MAX_CONTAINER_NAME_LENGTH) -> str:
    """Return *name* if Swift would accept it as a container name, else raise ``InvalidName``."""
    text = _check_text("container", name)
    if "/" in text:
        raise InvalidName(f"container name {text!r} contains '/'")
    size = len(text.encode("utf-8"))
    if size > max_length:
        raise InvalidName(f"container name is {size} bytes in UTF-8; the cluster allows {max_length}")
    return text


def validate_object_name(name: object, max_length: int = DEFAULT_MAX_OBJECT_NAME_LENGTH) -> str:
    """Return *name* if Swift would accept it as an object name, else raise ``InvalidName``."""
    text = _check_text("object", name)
    size = len(text.encode("utf-8"))
    if size > max_length:
        raise InvalidName(f"object name is {size} bytes in UTF-8; the cluster allows {max_length}")
    return text


def object_path(container: str, obj: str | None = None) -> str:
    """The quoted ``/<container>[/<object>]`` path relative to the storage URL."""
    path = "/" + quote_name(container, keep_slash=False)
    if obj is not None:
        path += "/" + quote_name(obj)
    return path
