"""``HTTPClient``: a transport plus the retry loop and request logging.

Every request in swiftfiles goes through ``HTTPClient.send``. Retries resend the same ``Request`` after rewinding
its body; a body that cannot be rewound stops the loop with ``BodyNotRewindable`` naming the failure that needed the
resend. Logging is at DEBUG on the ``swiftfiles.http`` logger and never includes tokens, keys or signatures.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from ..exceptions import BodyNotRewindable, TransportError
from .models import Request, Response
from .retry import RetryPolicy
from .transport import Transport, Urllib3Transport, request_may_have_arrived

log = logging.getLogger("swiftfiles.http")

_SIGNATURE_PARAM = re.compile(r"(temp_url_sig|signature|sig)=[^&]*", re.IGNORECASE)


def loggable_url(url: str) -> str:
    """The URL with signature query parameters blanked, safe for logs."""
    return _SIGNATURE_PARAM.sub(r"\1=<redacted>", url)


class HTTPClient:
    """Sends requests with retries; thread-safe when its transport is (``Urllib3Transport`` is)."""

    def __init__(
        self,
        transport: Transport | None = None,
        retry: RetryPolicy | None = None,
        *,
        user_agent: str = "swiftfiles",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.transport: Transport = transport or Urllib3Transport()
        self.retry = retry if retry is not None else RetryPolicy()
        self.user_agent = user_agent
        self._sleep = sleep

    def send(self, request: Request, *, stream: bool = False, retry: RetryPolicy | None = None) -> Response:
        """Send *request*, resending on retryable failures.

        With ``stream=False`` the body is read before returning (and a connection dropped while reading it is
        retried too); with ``stream=True`` the caller reads and closes the response. The response's ``attempts``
        lists the failed attempts before it (see ``Response.outcome_unknown_before``).
        """
        if "User-Agent" not in request.headers:
            request = Request(
                request.method, request.url, {**request.headers, "User-Agent": self.user_agent}, request.body
            )
        policy = retry if retry is not None else self.retry
        while True:
            started = time.monotonic()
            try:
                response = self.transport.send(request)
                if not stream:
                    response.read()
            except BodyNotRewindable:
                raise
            except TransportError as exc:
                if not exc.retryable or not policy.can_retry():
                    raise
                policy = policy.increment(0, str(exc), outcome_unknown=request_may_have_arrived(exc))
                delay = policy.backoff()
                log.warning("%s: %s; retrying in %.2fs (%d left)", request.method, exc, delay, policy.attempts_left)
                self._resend_after(request, delay, str(exc))
                continue
            if log.isEnabledFor(logging.DEBUG):  # the redaction below costs more than a disabled debug call
                log.debug(
                    "%s %s -> %d %s in %.3fs trans_id=%s",
                    request.method,
                    loggable_url(request.url),
                    response.status,
                    response.reason,
                    time.monotonic() - started,
                    response.trans_id,
                )
            if policy.is_retryable_status(response.status) and policy.can_retry():
                policy = policy.increment(response.status)
                delay = policy.backoff(response.headers)
                response.close()
                log.warning(
                    "%s %s -> %d; retrying in %.2fs (%d left)",
                    request.method,
                    loggable_url(request.url.split("?", 1)[0]),
                    response.status,
                    delay,
                    policy.attempts_left,
                )
                self._resend_after(request, delay, f"HTTP {response.status}")
                continue
            response.attempts = policy.history
            return response

    def _resend_after(self, request: Request, delay: float, cause: str) -> None:
        try:
            request.body.rewind()
        except BodyNotRewindable as exc:
            target = loggable_url(request.url.split("?", 1)[0])
            raise BodyNotRewindable(f"{request.method} {target} could not be retried after {cause}: {exc}") from None
        if delay > 0:
            self._sleep(delay)

    def close(self) -> None:
        self.transport.close()
