"""HTTP layer: request/response values, the urllib3 transport, the retry policy and the retrying client."""

from .client import HTTPClient
from .models import BodyType, Request, RequestBody, Response
from .retry import RetryPolicy
from .transport import CannedResponse, FunctionTransport, Timeouts, Transport, Urllib3Transport

__all__ = [
    "BodyType",
    "CannedResponse",
    "FunctionTransport",
    "HTTPClient",
    "Request",
    "RequestBody",
    "Response",
    "RetryPolicy",
    "Timeouts",
    "Transport",
    "Urllib3Transport",
]
