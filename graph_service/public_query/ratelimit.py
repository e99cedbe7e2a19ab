"""A per-client rate limit for public queries: a token bucket per address.

>>> limit = RateLimiter(per_minute=2)
>>> limit.take("a", now=0.0), limit.take("a", now=0.0), limit.take("a", now=0.0)
(0, 0, 30)
>>> limit.take("a", now=30.0)
0
"""

from __future__ import annotations

import math
import threading
import time

# Forget clients idle this long, in seconds, so the table stays small.
_FORGET_SECONDS = 600


class RateLimiter:
    """``per_minute`` queries per client, with bursts up to the same number."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._swept = 0.0

    def take(self, client: str, now: float | None = None) -> int:
        """Spend one query of ``client``: 0 if allowed, else seconds to wait."""
        if self.per_minute <= 0:
            return 0
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return max(1, math.ceil((1.0 - tokens) / rate))
            self._buckets[client] = (tokens - 1.0, now)
            if now - self._swept > _FORGET_SECONDS:
                self._sweep(now)
            return 0

    def _sweep(self, now: float) -> None:
        self._swept = now
        for client, (_tokens, last) in list(self._buckets.items()):
            if now - last > _FORGET_SECONDS:
                del self._buckets[client]
