"""An optional bandwidth limit shared by every stream of one transfer manager (a token bucket)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class BandwidthLimiter:
    """Lets at most ``rate`` bytes per second through, across all threads that call ``consume``.

    The bucket holds up to one second of tokens, so short bursts pass at full speed and the long-run rate is
    ``rate``. ``consume`` sleeps outside the lock, so waiting threads do not serialise each other's bookkeeping.
    """

    def __init__(
        self,
        rate: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate < 1:
            raise ValueError("rate must be positive")
        self.rate = rate
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = float(rate)
        self._stamp = clock()

    def consume(self, nbytes: int) -> None:
        """Block until *nbytes* may pass."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.rate, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            self._tokens -= nbytes
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if wait > 0:
            self._sleep(wait)
