"""Options: the per-client settings a call runs with (timeouts, retries, limits, user agent)."""

from __future__ import annotations

import math
from typing import Any

import attrs

from twilio_async.errors import InvalidRequestError

__all__ = ["Options", "RetryPolicy"]


def _positive(name: str, value: float | None, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise InvalidRequestError(name, f"must be a positive number of seconds, got {value!r}")


@attrs.frozen(slots=True, kw_only=True)
class RetryPolicy:
    """How failed requests are retried.

    ``max_retries`` retries after the first attempt; backoff is exponential from
    ``initial_backoff`` up to ``max_backoff`` seconds with full jitter; a server's
    Retry-After is honoured up to ``max_retry_after``; ``total_budget`` caps the time
    spent on one call including its retries (None: no cap).

    >>> RetryPolicy(max_retries=5).max_retries
    5
    """

    max_retries: int = 3
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0
    total_budget: float | None = 120.0
    jitter: bool = True

    def __attrs_post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise InvalidRequestError("max_retries", f"must be an int, got {self.max_retries!r}")
        if self.max_retries < 0:
            raise InvalidRequestError("max_retries", f"must be >= 0, got {self.max_retries}")
        _positive("initial_backoff", self.initial_backoff)
        _positive("max_backoff", self.max_backoff)
        _positive("max_retry_after", self.max_retry_after)
        _positive("total_budget", self.total_budget, allow_none=True)


@attrs.frozen(slots=True, kw_only=True)
class Options:
    """Settings one client (or a ``with_options`` copy of it) uses for every call.

    ``timeout`` is the total time for one HTTP attempt, ``connect_timeout`` the time to get
    a connection (both seconds).
    """

    timeout: float = 30.0
    connect_timeout: float = 10.0
    retry: RetryPolicy = RetryPolicy()

    def __attrs_post_init__(self) -> None:
        _positive("timeout", self.timeout)
        _positive("connect_timeout", self.connect_timeout)

    def evolve(self, **changes: Any) -> Options:
        """A copy with ``changes``; ``max_retries`` is a shortcut into ``retry``."""
        if "max_retries" in changes:
            changes["retry"] = attrs.evolve(
                changes.get("retry", self.retry), max_retries=changes.pop("max_retries")
            )
        unknown = set(changes) - {"timeout", "connect_timeout", "retry"}
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidRequestError(name, "is not an option that can be changed per copy")
        return attrs.evolve(self, **changes)
