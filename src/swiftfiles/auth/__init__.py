"""Authentication: obtain a token and the storage (and CDN) URL from an identity service.

``AuthMethod`` implementations: ``TempAuth`` (Swift v1.0), ``KeystoneAuth`` (OpenStack Keystone v3 through
keystoneauth1), ``RackspaceAuth`` (Rackspace identity v2.0) and ``PreAuthenticated`` (a URL and token obtained
elsewhere). ``Authenticator`` holds the current token for a client and renews it. ``AuthSettings``,
``settings_from_env`` and ``build_auth_method`` choose a method from settings or environment variables.
"""

from .base import Authenticator, AuthMethod, AuthResult
from .keystone import KeystoneAuth
from .rackspace import RackspaceAuth
from .settings import AuthSettings, build_auth_method, settings_from_env
from .tempauth import PreAuthenticated, TempAuth

__all__ = [
    "Authenticator",
    "AuthMethod",
    "AuthResult",
    "AuthSettings",
    "build_auth_method",
    "KeystoneAuth",
    "PreAuthenticated",
    "RackspaceAuth",
    "settings_from_env",
    "TempAuth",
]
