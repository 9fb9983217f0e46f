"""``python -m swiftfiles.pyrax script.py [args...]``: run an old pyrax script unchanged on swiftfiles.

``--text`` before the script name turns on the ``fetch_as_text`` setting (``CLOUD_FETCH_AS_TEXT=True``, which the
script's own child processes inherit): fetched content is ``str``, for scripts written for Python 2.

The script runs as ``__main__`` (``runpy``), with ``sys.argv`` set to ``[script.py, args...]`` and the script's
folder first on ``sys.path``, as ``python script.py`` would. Before it starts, ``import pyrax`` and
``import pyrax.exceptions``/``pyrax.utils``/``pyrax.object_storage`` are made to resolve to ``swiftfiles.pyrax``:
the modules are entered in ``sys.modules`` under pyrax's names, and a finder answers any other ``pyrax.*`` import
(``pyrax.cloudservers``...) with an error naming what is provided. Nothing of this happens on ``import
swiftfiles.pyrax``: only this runner installs the alias, in its own process.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import runpy
import sys
from collections.abc import Sequence
from types import ModuleType

USAGE = """usage: python -m swiftfiles.pyrax [--text] SCRIPT [ARGS...]

Run a pyrax script unchanged: `import pyrax` (and pyrax.exceptions, pyrax.utils) resolve to swiftfiles.pyrax,
which provides pyrax's Cloud Files API on swiftfiles. Settings come from ~/.pyrax.cfg and CLOUD_* variables.

  --text   fetched content is str (decoded with the `encoding` setting, utf-8 by default) instead of bytes,
           for scripts written for Python 2, where str was bytes (sets CLOUD_FETCH_AS_TEXT=True)
"""

#: pyrax's module names -> the drop-in's modules.
ALIASES = {
    "pyrax": "swiftfiles.pyrax",
    "pyrax.exceptions": "swiftfiles.pyrax.exceptions",
    "pyrax.utils": "swiftfiles.pyrax.utils",
    "pyrax.object_storage": "swiftfiles.pyrax.object_storage",
}


class _NotProvidedFinder(importlib.abc.MetaPathFinder):
    """Answers imports of pyrax submodules the drop-in does not have with a message saying what it provides."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.startswith("pyrax.") and fullname not in sys.modules:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: swiftfiles.pyrax provides only pyrax's Cloud Files API "
                f"({', '.join(sorted(ALIASES))})",
                name=fullname,
            )
        return None


def install_aliases() -> None:
    """Make ``import pyrax`` (and its Cloud Files submodules) resolve to ``swiftfiles.pyrax`` in this process."""
    import importlib

    for alias, real in ALIASES.items():
        sys.modules[alias] = importlib.import_module(real)
    if not any(isinstance(finder, _NotProvidedFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _NotProvidedFinder())


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        sys.stderr.write(USAGE)
        return 0 if args else 2
    if args[0] == "--text":
        os.environ["CLOUD_FETCH_AS_TEXT"] = "True"
        args = args[1:]
        if not args:
            sys.stderr.write(USAGE)
            return 2
    script = args[0]
    if not os.path.isfile(script):
        sys.stderr.write(f"swiftfiles.pyrax: no such script: {script}\n")
        return 2
    install_aliases()
    sys.argv = args
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
