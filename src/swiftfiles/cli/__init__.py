"""The ``swiftfiles`` command line (extra ``swiftfiles[cli]``: click and rich).

``main`` is the entry point (it checks the extra is installed, then runs the click group in ``app``); each command
family lives in its own module and is imported only when that command runs, so ``swiftfiles --version`` and
``--help`` stay cheap, and rich is imported only for ``-P/--progress``. Library code never prints: everything a
person reads is written here.
"""
