"""The retry policy in action: which failures are retried, and how long to wait.

Built on tenacity. The first attempt runs outside tenacity, so a call that succeeds pays
nothing for the machinery. A failure is retried when it is safe:

- 429 for every method (Twilio did not process the request);
- for idempotent requests (GET, DELETE) also 500/502/503/504, timeouts and connection errors;
- for any request, a failure that provably happened before the request was sent
  (:class:`NotSentError`: connection refused, DNS, connect or pool timeout).

An :class:`~twilio_async.errors.AmbiguousRequestError` is never retried. The wait is the
server's Retry-After (capped by ``max_retry_after``) or exponential backoff with full
jitter; no retry starts when its wait would overrun ``total_budget``. Every retry is
logged at INFO; the error finally raised carries ``attempts``.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from twilio_async._http.clock import Clock, MonotonicClock
from twilio_async._http.responses import header, parse_retry_after
from twilio_async._options import RetryPolicy
from twilio_async.errors import (
    AmbiguousRequestError,
    RateLimitError,
    ServerError,
    TransportError,
    TwilioAPIError,
)

if TYPE_CHECKING:
    from tenacity import RetryCallState

__all__ = ["NotSentError", "Sleep", "backoff_delay", "is_retryable", "run_with_retries"]

T = TypeVar("T")
logger = logging.getLogger("twilio_async")

RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})
Sleep = Callable[[float], Awaitable[None]]
_REAL_CLOCK = MonotonicClock()


class NotSentError(TransportError):
    """A transport failure that happened before any byte of the request was sent."""


def is_retryable(error: BaseException, idempotent: bool) -> bool:
    """Whether ``error`` may be retried for a request that is (or is not) ``idempotent``."""
    if isinstance(error, AmbiguousRequestError):
        return False
    if isinstance(error, RateLimitError | NotSentError):
        return True
    if not idempotent:
        return False
    if isinstance(error, ServerError):
        return error.status in RETRYABLE_STATUSES
    return isinstance(error, TransportError)


def _retry_after(error: BaseException | None) -> float | None:
    if isinstance(error, RateLimitError):
        return error.retry_after
    if isinstance(error, ServerError):  # a 503 may say when to come back, too
        return parse_retry_after(header(error.headers, "Retry-After"))
    return None


def backoff_delay(policy: RetryPolicy, retry_number: int, error: BaseException | None) -> float:
    """Seconds to wait before retry ``retry_number`` (1-based) after ``error``.

    The server's Retry-After (on a 429 or 5xx) wins, capped at ``max_retry_after``; else
    exponential backoff from ``initial_backoff`` up to ``max_backoff``, with full jitter.
    """
    retry_after = _retry_after(error)
    if retry_after is not None:
        return min(retry_after, policy.max_retry_after)
    ceiling = min(policy.max_backoff, policy.initial_backoff * 2 ** (retry_number - 1))
    return random.uniform(0, ceiling) if policy.jitter else ceiling


def _reason(error: BaseException | None) -> str:
    if isinstance(error, TwilioAPIError):
        code = f" (Twilio error {error.code})" if error.code is not None else ""
        return f"HTTP {error.status}{code}"
    if isinstance(error, TransportError):
        return str(error).split(" on ", 1)[0]
    return type(error).__name__


async def run_with_retries(
    attempt: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    idempotent: bool,
    describe: str,
    clock: Clock = _REAL_CLOCK,
) -> T:
    """Run ``attempt`` and retry it as ``policy`` allows; the final error carries ``attempts``."""
    started = clock.now()
    try:
        return await attempt()
    except (TwilioAPIError, TransportError) as error:
        if policy.max_retries == 0 or not is_retryable(error, idempotent):
            raise
        first_error: BaseException | None = error
    attempts = 0

    async def replay_then_attempt() -> T:
        # Tenacity sees the failed first attempt again, so one set of rules decides.
        nonlocal first_error, attempts
        attempts += 1
        if first_error is not None:
            error, first_error = first_error, None
            raise error
        return await attempt()

    def wait(state: RetryCallState) -> float:
        outcome = state.outcome
        return backoff_delay(
            policy, state.attempt_number, outcome.exception() if outcome is not None else None
        )

    def stop(state: RetryCallState) -> bool:
        if state.attempt_number > policy.max_retries:
            return True
        budget = policy.total_budget
        if budget is None:
            return False
        return clock.now() - started + (state.upcoming_sleep or 0.0) > budget

    def log_retry(state: RetryCallState) -> None:
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        logger.info(
            "retrying %s: attempt %d failed (%s); retry %d of %d in %.2fs",
            describe,
            state.attempt_number,
            _reason(error),
            state.attempt_number,
            policy.max_retries,
            state.upcoming_sleep,
        )

    # Imported only once a retry is due: a program whose calls succeed never loads tenacity.
    from tenacity import AsyncRetrying, retry_if_exception

    retrying = AsyncRetrying(
        stop=stop,
        wait=wait,
        retry=retry_if_exception(lambda e: is_retryable(e, idempotent)),
        before_sleep=log_retry,
        sleep=clock.sleep,
        reraise=True,
    )
    try:
        return await retrying(replay_then_attempt)
    except (TwilioAPIError, TransportError) as error:
        error.attempts = attempts
        raise
