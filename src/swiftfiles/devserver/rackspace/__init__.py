"""EMULATORS of Rackspace Cloud Identity v2.0 and the Cloud Files CDN, in front of the real local Swift.

These are NOT Rackspace's code: there is no open-source server for Rackspace's identity v2.0 or its CDN
management API, so swiftfiles ships small stand-ins that follow the documented wire formats, for development
and tests only. Storage itself is never emulated: every object request reaches the real OpenStack Swift that
``DevServer`` runs::

    with DevServer() as swift, RackspaceEmulator(swift) as rax:
        client = StorageClient(auth_type="rackspace", auth_url=rax.identity_url,
                               username=RACK_USER, api_key=RACK_API_KEY)

Layout (every port a free loopback port, in the calling process's threads; ``RackspaceInfo`` has the URLs):

=======================  ===========================================================================
identity                 ``<identity_url>`` = ``http://127.0.0.1:<p>/v2.0/`` (``.identity``)
storage, per region      public ``http://127.0.0.1:<p1>/v1/AUTH_test``, internal (ServiceNet)
                         ``http://127.0.0.1:<p2>/v1/AUTH_test``: pass-throughs to the real Swift
                         (``.storage``)
CDN management, per      ``http://127.0.0.1:<p3>/v1/AUTH_test`` (the ``cloudFilesCDN`` publicURL, ``.cdn``)
region
CDN delivery             ``cdn_uri`` = ``http://127.0.0.1:<p4>/<hash>``; ``/ssl/<hash>``, ``/stream/<hash>``,
                         ``/ios/<hash>`` for the other URIs
=======================  ===========================================================================

Users (test credentials, ``.model``): ``rackuser`` / API key ``rack-api-key`` / password ``rack-password``
(tempauth ``test:tester``, account ``AUTH_test``, default region DFW) and ``rackuser2`` / ``rack-api-key2`` /
``rack-password2`` (``test2:tester2``, ``AUTH_test2``, default region ORD). Regions: DFW and ORD by default.

Faithful: request and response shapes of ``POST /v2.0/tokens`` (API key and password credentials, catalog
with ``cloudFiles`` public/internal and ``cloudFilesCDN`` endpoints per region, ISO 8601 expiry, JSON faults,
401 for wrong credentials), token reuse until expiry, 401 for expired tokens; the CDN management verbs,
headers, status codes, TTL bounds, listing formats and the daily purge limit (498); CDN URIs that serve the
container's objects while it is CDN-enabled.

Simplified (see each module): tokens are the emulator's own strings, which work on the catalog's storage
URLs (the pass-through swaps them for real tempauth tokens) but not on the dev server's own port; storage
URLs keep Swift's ``AUTH_<account>`` names (the catalog's ``tenantId`` is still ``MossoCloudFS_<uuid>``);
all regions and both interfaces reach one Swift account; no TLS (``cdn_ssl_uri`` is plain HTTP); no edge
cache, so purges are only recorded and counted; no XML identity, no other identity resources.

Expiry: with ``token_life=N`` the emulator's tokens stop working N seconds after issue, at the storage
pass-through and at the CDN API (Swift's 401), whatever the dev server's own tempauth ``token_life``;
``RackspaceEmulator.expire_tokens()`` ends them at once without sleeping.
"""

from .cdn import CdnContainer, CdnState, CdnUris, PurgeRecord, cdn_hash
from .emulator import RackspaceEmulator
from .identity import IssuedToken, TokenStore
from .model import (
    DEFAULT_RACKSPACE_USERS,
    DEFAULT_REGIONS,
    RACK_API_KEY,
    RACK_API_KEY2,
    RACK_PASSWORD,
    RACK_PASSWORD2,
    RACK_USER,
    RACK_USER2,
    TTL_DEFAULT,
    TTL_MAX,
    TTL_MIN,
    RackspaceInfo,
    RackspaceUser,
    StorageEndpoint,
)

__all__ = [
    "DEFAULT_RACKSPACE_USERS",
    "DEFAULT_REGIONS",
    "RACK_API_KEY",
    "RACK_API_KEY2",
    "RACK_PASSWORD",
    "RACK_PASSWORD2",
    "RACK_USER",
    "RACK_USER2",
    "TTL_DEFAULT",
    "TTL_MAX",
    "TTL_MIN",
    "CdnContainer",
    "CdnState",
    "CdnUris",
    "IssuedToken",
    "PurgeRecord",
    "RackspaceEmulator",
    "RackspaceInfo",
    "RackspaceUser",
    "StorageEndpoint",
    "TokenStore",
    "cdn_hash",
]
