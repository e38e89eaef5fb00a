"""The retry policy in action: which failures are retried, and how long to wait.

Built on tenacity. The first attempt runs outside tenacity, so a call that succeeds pays
nothing for the machinery. A failure is retried when it is safe:

- 429 for every method (Twilio did not process the request);
- for idempotent requests (GET, DELETE) also 500/502/503/504, timeouts and connection errors;
- for any request, a failure that provably happened before the request was sent.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from twilio_async._options import RetryPolicy
from twilio_async.errors import RateLimitError, ServerError, TransportError, TwilioAPIError

if TYPE_CHECKING:
    from tenacity import RetryCallState
    from tenacity.stop import stop_base

__all__ = ["NotSentError", "backoff_delay", "is_retryable", "run_with_retries"]

T = TypeVar("T")
logger = logging.getLogger("twilio_async")

RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})
Sleep = Callable[[float], Awaitable[None]]


class NotSentError(TransportError):
    """A transport failure that happened before any byte of the request was sent."""


def is_retryable(error: BaseException, idempotent: bool) -> bool:
    """Whether ``error`` may be retried for a request that is (or is not) ``idempotent``."""
    if isinstance(error, RateLimitError | NotSentError):
        return True
    if not idempotent:
        return False
    if isinstance(error, ServerError):
        return error.status in RETRYABLE_STATUSES
    return isinstance(error, TransportError)


def backoff_delay(policy: RetryPolicy, retry_number: int, error: BaseException) -> float:
    """Seconds to wait before retry ``retry_number`` (1-based) after ``error``."""
    if isinstance(error, RateLimitError) and error.retry_after is not None:
        return min(error.retry_after, policy.max_retry_after)
    ceiling = min(policy.max_backoff, policy.initial_backoff * 2 ** (retry_number - 1))
    return random.uniform(0, ceiling) if policy.jitter else ceiling


def _reason(error: BaseException) -> str:
    if isinstance(error, TwilioAPIError):
        return f"HTTP {error.status}"
    return type(error).__name__


async def run_with_retries(
    attempt: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    idempotent: bool,
    describe: str,
    sleep: Sleep = asyncio.sleep,
) -> T:
    """Run ``attempt`` and retry it as ``policy`` allows; the final error carries ``attempts``."""
    try:
        return await attempt()
    except (TwilioAPIError, TransportError) as error:
        if policy.max_retries == 0 or not is_retryable(error, idempotent):
            raise
        first_error = error
    # tenacity is imported only once a retry is due: most programs never pay for it.
    from tenacity import (
        AsyncRetrying,
        retry_if_exception,
        stop_after_attempt,
        stop_after_delay,
        stop_any,
    )

    started = time.monotonic()
    attempts = 1

    def wait(state: RetryCallState) -> float:
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        return backoff_delay(policy, state.attempt_number + 1, error or first_error)

    def log_retry(error: BaseException, delay: float) -> None:
        logger.info(
            "retrying %s: attempt %d failed (%s), next in %.2fs",
            describe,
            attempts,
            _reason(error),
            delay,
        )

    first_delay = backoff_delay(policy, 1, first_error)
    if policy.total_budget is not None and first_delay > policy.total_budget:
        first_error.attempts = attempts
        raise first_error
    log_retry(first_error, first_delay)
    await sleep(first_delay)

    def before_sleep(state: RetryCallState) -> None:
        outcome = state.outcome
        assert outcome is not None
        error = outcome.exception()
        assert error is not None
        log_retry(error, state.upcoming_sleep)

    stop: stop_base = stop_after_attempt(policy.max_retries)
    if policy.total_budget is not None:
        remaining = policy.total_budget - (time.monotonic() - started)
        stop = stop_any(stop, stop_after_delay(max(0.0, remaining)))
    retrying = AsyncRetrying(
        stop=stop,
        wait=wait,
        retry=retry_if_exception(lambda e: is_retryable(e, idempotent)),
        before_sleep=before_sleep,
        sleep=sleep,
        reraise=True,
    )
    try:
        async for attempt_state in retrying:
            with attempt_state:
                attempts += 1
                return await attempt()
    except (TwilioAPIError, TransportError) as error:
        error.attempts = attempts
        raise
    raise AssertionError("unreachable")  # pragma: no cover
