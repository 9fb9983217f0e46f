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


@dataclass(frozen=True)
class Attempt:
    """One failed attempt, kept for diagnostics: the status (0 for a transport error) and the error text."""

    status: int
    error: str = ""


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

    def increment(self, status: int = 0, error: str = "") -> RetryPolicy:
        """The policy for the next attempt, after a failure described by *status* / *error*."""
        return replace(self, history=self.history + (Attempt(status, error),))

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
