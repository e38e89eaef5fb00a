"""A smooth token bucket with a FIFO queue of waiters, on an injectable clock."""

from __future__ import annotations

import asyncio
from collections import deque

from twilio_async._http.clock import Clock
from twilio_async.errors import RateLimitExceeded

__all__ = ["TokenBucket"]

BURST_SECONDS = 0.1
"""The bucket holds this many seconds' worth of tokens (but at least one)."""
_EPSILON = 1e-9  # tolerance for float drift in the refill arithmetic


class _Waiter:
    __slots__ = ("cost", "turn")

    def __init__(self, cost: float, turn: asyncio.Future[None]) -> None:
        self.cost = cost
        self.turn = turn


class TokenBucket:
    """Tokens refill at ``rate`` per second up to a small capacity; callers queue in order.

    A call is let through once the bucket holds ``min(cost, capacity)`` tokens, and then
    takes ``cost`` tokens, so the balance may go below zero: a message of three segments
    on a one-per-second bucket goes at once and the next one waits three seconds. Tokens
    are only taken when a caller is let through: a cancelled waiter takes nothing.
    """

    __slots__ = ("_clock", "_name", "_queue", "_rate", "_tokens", "_updated", "fail_fast")

    def __init__(self, rate: float, clock: Clock, *, name: str, fail_fast: bool = False) -> None:
        self._clock = clock
        self._name = name
        self._rate = rate
        self._tokens = self.capacity
        self._updated = clock.now()
        self._queue: deque[_Waiter] = deque()
        self.fail_fast = fail_fast

    @property
    def rate(self) -> float:
        """Tokens per second."""
        return self._rate

    @rate.setter
    def rate(self, value: float) -> None:
        self._refill()
        self._rate = value
        self._tokens = min(self._tokens, self.capacity)

    @property
    def capacity(self) -> float:
        """The most tokens the bucket holds: a tenth of a second's worth, at least one."""
        return max(1.0, self._rate * BURST_SECONDS)

    @property
    def waiting(self) -> int:
        """How many callers are queued."""
        return len(self._queue)

    def tokens(self) -> float:
        """The current balance (negative while paying off a large cost)."""
        self._refill()
        return self._tokens

    def idle(self) -> bool:
        """True when nobody waits and the bucket is full (it may be forgotten)."""
        return not self._queue and self.tokens() >= self.capacity

    def _refill(self) -> None:
        now = self._clock.now()
        elapsed = now - self._updated
        if elapsed > 0:
            self._tokens = min(self.capacity, self._tokens + elapsed * self._rate)
        self._updated = now

    def _try_take(self, cost: float) -> bool:
        self._refill()
        if self._tokens + _EPSILON >= min(cost, self.capacity):
            self._tokens -= cost
            return True
        return False

    def refund(self, cost: float) -> None:
        """Give back ``cost`` tokens taken by a caller that then gave up before sending."""
        self._refill()
        self._tokens = min(self.capacity, self._tokens + cost)

    async def acquire(self, cost: float = 1.0) -> None:
        """Wait (in arrival order) until ``cost`` tokens can be taken, and take them."""
        if not self._queue and self._try_take(cost):
            return
        if self.fail_fast:
            raise RateLimitExceeded(f"{self._name} is over its rate of {self._rate:g}/s")
        waiter = _Waiter(cost, asyncio.get_running_loop().create_future())
        self._queue.append(waiter)
        try:
            if self._queue[0] is not waiter:
                await waiter.turn
            while not self._try_take(cost):
                missing = min(cost, self.capacity) - self._tokens
                await self._clock.sleep(max(missing / self._rate, 1e-6))
        finally:
            self._leave(waiter)

    def _leave(self, waiter: _Waiter) -> None:
        head = self._queue[0] is waiter
        self._queue.remove(waiter)
        if head and self._queue:
            turn = self._queue[0].turn
            if not turn.done():
                turn.set_result(None)
