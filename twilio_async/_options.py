"""Options: the per-client settings a call runs with (timeouts, retries, limits, user agent)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from twilio_async.errors import InvalidRequestError

__all__ = ["Options", "RateLimits", "RetryPolicy", "SenderRate"]

SenderRate = Mapping[str, float] | Callable[[str], float | None]
"""Segments per second for each sender: a mapping, or a function (None: not paced)."""


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


def check_rate(parameter: str, value: object) -> float:
    """``value`` as a positive finite rate per second, else :class:`InvalidRequestError`."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise InvalidRequestError(parameter, f"must be a positive number per second, got {value!r}")
    return float(value)


def _freeze_sender_rate(value: SenderRate | None) -> SenderRate | None:
    if value is None or callable(value):
        return value
    if not isinstance(value, Mapping):
        raise InvalidRequestError(
            "sender_rate", f"must be a mapping or a callable, got {type(value).__name__}"
        )
    rates: dict[str, float] = {}
    for sender, rate in value.items():
        if not isinstance(sender, str) or not sender:
            raise InvalidRequestError("sender_rate", f"keys must be senders, got {sender!r}")
        rates[sender] = check_rate(f"sender_rate[{sender!r}]", rate)
    return MappingProxyType(rates)


@attrs.frozen(slots=True, kw_only=True)
class RateLimits:
    """How hard one client may push Twilio; every task using the client shares these limits.

    - ``max_concurrency``: requests in flight at once (the connection pool is sized to match).
    - ``requests_per_second``: an account-wide, smooth token bucket (None: no cap). The
      bucket holds a tenth of a second's worth (at least one request), so a cold start
      does not fire a whole second's worth at once.
    - ``sender_rate``: pacing per sender (the ``From`` number or messaging service SID) in
      message segments per second; a mapping, or a function of the sender returning a rate
      or None (not paced). A message of three segments takes three tokens.
    - ``adaptive``: after a 429 the effective concurrency (and rate) halves once per wave of
      429s, then recovers additively as requests succeed.
    - ``fail_fast``: raise :class:`~twilio_async.errors.RateLimitExceeded` at once instead of
      waiting for a slot or tokens.

    >>> RateLimits(sender_rate={"+15017122661": 1}).max_concurrency
    100
    """

    max_concurrency: int = 100
    requests_per_second: float | None = None
    sender_rate: SenderRate | None = attrs.field(default=None, converter=_freeze_sender_rate)
    adaptive: bool = True
    fail_fast: bool = False

    def __attrs_post_init__(self) -> None:
        value = self.max_concurrency
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidRequestError("max_concurrency", f"must be a positive int, got {value!r}")
        if self.requests_per_second is not None:
            check_rate("requests_per_second", self.requests_per_second)

    def overridden(
        self,
        *,
        max_concurrency: int | None = None,
        requests_per_second: float | None = None,
        sender_rate: SenderRate | None = None,
    ) -> RateLimits:
        """A copy with each argument that is not None replacing the field of that name."""
        changes: dict[str, Any] = {
            "max_concurrency": max_concurrency,
            "requests_per_second": requests_per_second,
            "sender_rate": sender_rate,
        }
        return attrs.evolve(self, **{k: v for k, v in changes.items() if v is not None})


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
