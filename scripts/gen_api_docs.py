"""Write docs/api.md from the public classes' signatures and docstrings.

Run ``.venv/bin/python scripts/gen_api_docs.py`` after changing a public method; a test fails while docs/api.md is
out of date, so the reference never drifts from the code.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "api.md"

HEADER = """# API reference

Generated from the code by `scripts/gen_api_docs.py`; do not edit by hand. Containers may be given as a name or a
`Container`, objects as a name or a `StorageObject`, everywhere. Exceptions are drawn in
`src/swiftfiles/exceptions.py`.
"""


def public_members(cls: type) -> list[tuple[str, object]]:
    members = []
    for name, value in inspect.getmembers(cls):
        if name.startswith("_") and name not in ("__init__",):
            continue
        if inspect.isfunction(value) or inspect.ismethod(value) or isinstance(value, property):
            members.append((name, value))
    return members


def format_signature(func: object) -> str:
    """``(a: int, b: str = 'x') -> None`` without self and without the quotes postponed annotations leave."""
    sig = inspect.signature(func)  # type: ignore[arg-type]
    parts = []
    star_done = False
    for param in sig.parameters.values():
        if param.name == "self":
            continue
        if param.kind is param.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        prefix = {param.VAR_POSITIONAL: "*", param.VAR_KEYWORD: "**"}.get(param.kind, "")
        if param.kind is param.VAR_POSITIONAL:
            star_done = True
        text = prefix + param.name
        if param.annotation is not param.empty:
            text += f": {param.annotation}"
        if param.default is not param.empty:
            text += f" = {param.default!r}"
        parts.append(text)
    result = f"({', '.join(parts)})"
    if sig.return_annotation is not sig.empty:
        result += f" -> {sig.return_annotation}"
    return result


def render_class(cls: type, title: str) -> list[str]:
    lines = [f"## {title}", "", inspect.cleandoc(cls.__doc__ or ""), ""]
    seen: dict[object, str] = {}
    for name, value in public_members(cls):
        if isinstance(value, property):
            doc = inspect.cleandoc(value.__doc__ or "")
            lines += [f"### `{name}` (attribute)", "", doc, ""]
            continue
        signature = format_signature(value)
        canonical = value.__name__  # type: ignore[attr-defined]
        if canonical != name and canonical in dict(public_members(cls)):
            lines += [f"### `{name}{signature}`", "", f"Alias of `{canonical}`.", ""]
            continue
        if value in seen:
            lines += [f"### `{name}{signature}`", "", f"Alias of `{seen[value]}`.", ""]
            continue
        seen[value] = name
        doc = value.__doc__ or ("Takes the arguments described above." if name == "__init__" else "(undocumented)")
        lines += [f"### `{name}{signature}`", "", inspect.cleandoc(doc), ""]
    return lines


def render() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from swiftfiles import Container, StorageClient, StorageObject
    from swiftfiles.swift.listing import LazyListing

    lines = [HEADER]
    lines += render_class(StorageClient, "StorageClient")
    lines += render_class(Container, "Container")
    lines += render_class(StorageObject, "StorageObject")
    lines += render_class(LazyListing, "LazyListing")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    TARGET.write_text(render())
    print(f"wrote {TARGET.relative_to(ROOT)}")
