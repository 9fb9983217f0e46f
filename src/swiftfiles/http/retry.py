"""When to resend a request, and how long to wait first.

``RetryPolicy`` is immutable: ``increment()`` returns the policy for the next attempt (with one more entry of
history) or raises the final error. That keeps one policy object safely shared between threads, each request
walking its own chain of copies.

Retried: connection errors and timeouts, and the statuses in ``status_forcelist`` (408, 429, 498 and 5xx by
default: Swift answers 503 when a backend is briefly unavailable, 498 is Rackspace's rate-limit status). The delay is
exponential with full jitter, capped by ``backoff_max``; a ``Retry-After`` header (seconds or an HTTP date) is
honoured, capped by ``retry_after_max`` so a hostile or confused server cannot stall a client for hours.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

DEFAULT_STATUS_FORCELIST = frozenset({408, 429, 498, 500, 502, 503, 504})

#: Answers from a gateway in front of the server saying that the server's own answer was lost (a bad or no answer
#: from upstream, an upstream timeout): the server may well have carried the request out.
GATEWAY_LOST_STATUSES = frozenset({502, 504})


@dataclass(frozen=True)
class Attempt:
    """One failed attempt: the status (0 for a transport error) and the error text, for diagnostics; and whether
    its outcome is unknown (``outcome_unknown``): the request may have been carried out although no answer said so,
    which is what lets a resent DELETE answered 404 count as done (``SwiftConnection.request``)."""

    status: int
    error: str = ""
    outcome_unknown: bool = False


@dataclass(frozen=True)
class RetryPolicy:
    """Immutable retry settings plus the history of the current request.

    total: how many resends at most (0 disables retries).
    backoff_factor: base of the exponential delay, in seconds (delay n is up to ``factor * 2**n``).
    backoff_max: upper bound for one computed delay.
    retry_after_max: upper bound for a server-requested ``Retry-After`` delay.
    """

    total: int = 5
    backoff_factor: float = 0.25
    backoff_max: float = 20.0
    retry_after_max: float = 60.0
    status_forcelist: frozenset[int] = DEFAULT_STATUS_FORCELIST
    respect_retry_after: bool = True
    history: tuple[Attempt, ...] = field(default=(), compare=False)

    @classmethod
    def none(cls) -> RetryPolicy:
        """A policy that never resends."""
        return cls(total=0)

    @property
    def attempts_left(self) -> int:
        return self.total - len(self.history)

    def is_retryable_status(self, status: int) -> bool:
        return status in self.status_forcelist

    def can_retry(self) -> bool:
        return self.attempts_left > 0

    @property
    def outcome_unknown(self) -> bool:
        """True when an earlier attempt may have been carried out by the server without the client knowing."""
        return any(attempt.outcome_unknown for attempt in self.history)

    def increment(self, status: int = 0, error: str = "", *, outcome_unknown: bool = False) -> RetryPolicy:
        """The policy for the next attempt, after a failure described by *status* / *error*.

        *outcome_unknown*: the failed attempt may have reached the server (a transport error after the connection
        was made); a gateway status (``GATEWAY_LOST_STATUSES``) always counts as such.
        """
        unknown = outcome_unknown or status in GATEWAY_LOST_STATUSES
        return replace(self, history=self.history + (Attempt(status, error, unknown),))

    def backoff(self, headers: Mapping[str, str] | None = None, *, rng: random.Random | None = None) -> float:
        """Seconds to wait before the next attempt (call on the incremented policy)."""
        if self.respect_retry_after and headers:
            requested = parse_retry_after(headers.get("Retry-After"))
            if requested is not None:
                return min(requested, self.retry_after_max)
        n = max(len(self.history) - 1, 0)
        ceiling = min(self.backoff_max, self.backoff_factor * (2**n))
        return (rng or random).uniform(0, ceiling)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds requested by a ``Retry-After`` header (delta-seconds or HTTP date); None when absent or invalid."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)
