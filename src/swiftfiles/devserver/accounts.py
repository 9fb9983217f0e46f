"""The tempauth users of the development server.

These are well-known *test* credentials (the same ones Swift's own functional
tests use), so tests and documentation can refer to them by constant.  This
module is pure data and imports nothing from Swift, so both the parent process
(``server.py``) and the server child (``config.py``) can use it.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

__all__ = [
    "ADMIN_KEY",
    "ADMIN_USER",
    "DEFAULT_USERS",
    "RESELLER_KEY",
    "RESELLER_USER",
    "TEST2_ADMIN_KEY",
    "TEST2_ADMIN_USER",
    "TEST_ACCOUNT",
    "TEST2_ACCOUNT",
    "TEST_READER_KEY",
    "TEST_READER_USER",
    "User",
]

_PLAIN_NAME = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class User:
    """One tempauth user: ``<account>:<name>`` with a key and its groups.

    ``admin`` grants ``.admin`` (full control of its own account);
    ``reseller_admin`` grants ``.reseller_admin`` (any account).  A user
    with neither can only reach containers whose ACLs allow it.
    """

    account: str
    name: str
    key: str
    admin: bool = False
    reseller_admin: bool = False

    def __post_init__(self) -> None:
        for label, value in (("account", self.account), ("name", self.name), ("key", self.key)):
            # tempauth splits its config value on whitespace and its users on ':'.
            if not value or any(ch.isspace() for ch in value) or ":" in value:
                raise ValueError(f"tempauth {label} must be non-empty, without ':' or whitespace: {value!r}")

    @property
    def qualified(self) -> str:
        """The ``account:user`` string used as ``X-Auth-User``."""
        return f"{self.account}:{self.name}"

    @property
    def swift_account(self) -> str:
        """The Swift account this user's storage URL points to."""
        return f"AUTH_{self.account}"

    def tempauth_option(self) -> tuple[str, str]:
        """The ``(option, value)`` pair for tempauth's filter section.

        Names that are not plain alphanumerics go through tempauth's
        ``user64_`` form (base64 without padding), because ``_`` separates
        the account from the user in the option name.
        """
        groups = [".admin"] * self.admin + [".reseller_admin"] * self.reseller_admin
        value = " ".join([self.key, *groups])
        if _PLAIN_NAME.fullmatch(self.account) and _PLAIN_NAME.fullmatch(self.name):
            return f"user_{self.account}_{self.name}", value
        return f"user64_{_b64(self.account)}_{_b64(self.name)}", value


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


TEST_ACCOUNT = "test"
TEST2_ACCOUNT = "test2"

ADMIN_USER = "test:tester"
ADMIN_KEY = "testing"
TEST_READER_USER = "test:tester3"
TEST_READER_KEY = "testing3"
TEST2_ADMIN_USER = "test2:tester2"
TEST2_ADMIN_KEY = "testing2"
RESELLER_USER = "admin:admin"
RESELLER_KEY = "admin"

DEFAULT_USERS: tuple[User, ...] = (
    User(TEST_ACCOUNT, "tester", ADMIN_KEY, admin=True),
    User(TEST_ACCOUNT, "tester3", TEST_READER_KEY),
    User(TEST2_ACCOUNT, "tester2", TEST2_ADMIN_KEY, admin=True),
    User("admin", "admin", RESELLER_KEY, admin=True, reseller_admin=True),
)
