"""Fixtures of the command-line tests (``client`` and ``swift`` come from the root conftest)."""

import pytest
from tests.cli.helpers import swift_env


@pytest.fixture(scope="module")
def env(swift):
    """The admin user's credentials as ``ST_*`` variables, in an environment cleared of any others."""
    return swift_env(swift)
