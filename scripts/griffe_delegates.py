"""A griffe extension (mkdocs.yml) that shows ``StorageClient``'s delegated methods as the methods they are.

Most of ``StorageClient``'s seed methods are class attributes built by ``_delegate`` (``get_account_info =
_delegate("account", AccountPart.get_account_info)``) or aliases (``get_info = get_account_info``). Static analysis
sees an attribute with no docstring there, so the reference page would miss them. After the package is loaded, this
extension asks the running class what each such attribute is (``getattr(StorageClient, name)`` is the part's
function, which is what ``help()`` shows too) and puts a copy of that function's documentation under the client's
name: its signature, return type and docstring, and "Alias of ..." when the name is a second name for a method.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import griffe

#: The classes whose attributes may stand for functions defined elsewhere.
CLASSES = ("swiftfiles.client.StorageClient",)


class Delegates(griffe.Extension):
    """Replace attributes that are functions at run time by the documentation of those functions."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        for path in CLASSES:
            if path.split(".", 1)[0] == pkg.name:
                self._expand(pkg, path)

    def _expand(self, pkg: griffe.Module, path: str) -> None:
        module_path, class_name = path.rsplit(".", 1)
        runtime = getattr(importlib.import_module(module_path), class_name)
        cls = pkg.modules_collection[path]
        for name, member in list(cls.members.items()):
            if not isinstance(member, griffe.Attribute) or name.startswith("_"):
                continue
            target = getattr(runtime, name, None)  # instance attributes (``self.http``) are not on the class
            if not inspect.isfunction(target):
                continue
            try:
                source = pkg.modules_collection[f"{target.__module__}.{target.__qualname__}"]
            except KeyError:  # not a function griffe knows (defined elsewhere, or nested): leave the attribute
                continue
            if isinstance(source, griffe.Function):
                cls.set_member(name, self._copy(name, source, cls, alias_of=target.__name__))

    @staticmethod
    def _copy(name: str, source: griffe.Function, parent: griffe.Class, alias_of: str) -> griffe.Function:
        parameters = griffe.Parameters(
            *(
                griffe.Parameter(p.name, annotation=p.annotation, kind=p.kind, default=p.default, docstring=p.docstring)
                for p in source.parameters
            )
        )
        text = source.docstring.value if source.docstring else ""
        if alias_of != name:
            text = f"Alias of [`{alias_of}`][{parent.path}.{alias_of}].\n\n{text}"
        function = griffe.Function(
            name,
            lineno=source.lineno,
            endlineno=source.endlineno,
            parameters=parameters,
            returns=source.returns,
            docstring=griffe.Docstring(text, parser=source.docstring.parser if source.docstring else None),
            parent=parent,
        )
        function.labels |= source.labels
        return function
