"""Limits shared by all tasks of one client: concurrency, account rate, sender pacing, AIMD.

Each attempt is admitted in this order: the sender's pace (segments per second), a slot
among the requests in flight, the account-wide rate. Waiting for a sender never holds a
slot, so a slow sender does not hold up the others. A caller cancelled while waiting
gives back whatever it already took.

Adaptive (AIMD): a 429 halves the effective concurrency (and the account rate, when one
is set) once per wave: only a request admitted since the last decrease can cause the
next one, so fifty 429s answered together count as one signal. Each success adds back a
little (one slot per window's worth of successes; a fiftieth of the configured rate).
"""

from __future__ import annotations

import asyncio
from collections import deque

from twilio_async._http.buckets import TokenBucket
from twilio_async._http.clock import Clock, MonotonicClock
from twilio_async._options import RateLimits, check_rate
from twilio_async.errors import RateLimitExceeded

__all__ = ["ConcurrencyLimit", "Limits"]

RATE_FLOOR = 1 / 32
"""The effective account rate never drops below this fraction of the configured rate."""
RATE_RECOVERY = 1 / 50
"""Each success gives back this fraction of the configured account rate."""
_SENDER_CACHE = 4096


class ConcurrencyLimit:
    """A semaphore whose size can shrink and grow (between 1 and ``maximum``), FIFO."""

    __slots__ = ("_size", "_waiters", "fail_fast", "in_flight", "limit", "maximum")

    def __init__(self, maximum: int, *, fail_fast: bool = False) -> None:
        self.maximum = maximum
        self.limit = float(maximum)
        self._size = max(1, maximum)  # whole slots of ``limit``; change both with resize()
        self.in_flight = 0
        self.fail_fast = fail_fast
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        """How many callers wait for a slot."""
        return len(self._waiters)

    async def acquire(self) -> None:
        """Take a slot, waiting in arrival order when all are busy."""
        if not self._waiters and self.in_flight < self._size:
            self.in_flight += 1
            return
        if self.fail_fast:
            raise RateLimitExceeded(f"all {self._size} request slots are busy")
        turn = asyncio.get_running_loop().create_future()
        self._waiters.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.release()  # granted, then cancelled before it could run
            elif turn in self._waiters:  # a release may already have dropped it
                self._waiters.remove(turn)
            raise

    def release(self) -> None:
        """Give a slot back and let waiters in while there is room."""
        self.in_flight -= 1
        self._wake()

    def resize(self, limit: float) -> None:
        """Set the effective size (kept within 1 and ``maximum``)."""
        self.limit = min(float(self.maximum), max(1.0, limit))
        self._size = int(self.limit)
        self._wake()

    def _wake(self) -> None:
        while self._waiters and self.in_flight < self._size:
            turn = self._waiters.popleft()
            if not turn.done():
                self.in_flight += 1
                turn.set_result(None)


class Limits:
    """Admission control for one client's requests, configured by :class:`RateLimits`."""

    __slots__ = (
        "_account",
        "_clock",
        "_epoch",
        "_sender_rates",
        "_senders",
        "concurrency",
        "config",
    )

    def __init__(self, config: RateLimits | None = None, *, clock: Clock | None = None) -> None:
        self.config = config or RateLimits()
        self.concurrency = ConcurrencyLimit(
            self.config.max_concurrency, fail_fast=self.config.fail_fast
        )
        self._clock: Clock = clock or MonotonicClock()
        self._epoch = 0
        self._account: TokenBucket | None = None
        self._senders: dict[str, TokenBucket] = {}
        self._sender_rates: dict[str, float | None] = {}
        self._reset_buckets()

    @property
    def max_concurrency(self) -> int:
        """The configured cap on requests in flight."""
        return self.config.max_concurrency

    @property
    def clock(self) -> Clock:
        """The clock the rate buckets refill by."""
        return self._clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self._clock = clock
        self._reset_buckets()

    def _reset_buckets(self) -> None:
        rate = self.config.requests_per_second
        self._account = None
        if rate is not None:
            self._account = TokenBucket(
                rate, self._clock, name="the account", fail_fast=self.config.fail_fast
            )
        self._senders.clear()
        self._sender_rates.clear()

    @property
    def account_rate(self) -> float | None:
        """The effective account-wide rate (None: not capped)."""
        return None if self._account is None else self._account.rate

    def sender_bucket(self, sender: str) -> TokenBucket | None:
        """The pacing bucket of ``sender``, or None when it is not paced."""
        bucket = self._senders.get(sender)
        if bucket is not None:
            return bucket
        config = self.config.sender_rate
        if config is None:
            return None
        if sender in self._sender_rates:
            rate = self._sender_rates[sender]
        else:
            found = config(sender) if callable(config) else config.get(sender)
            rate = None if found is None else check_rate(f"sender_rate({sender!r})", found)
            if len(self._sender_rates) >= _SENDER_CACHE:
                self._forget_idle()
            self._sender_rates[sender] = rate
        if rate is None:
            return None
        bucket = TokenBucket(
            rate, self._clock, name=f"sender {sender!r}", fail_fast=self.config.fail_fast
        )
        self._senders[sender] = bucket
        return bucket

    def _forget_idle(self) -> None:
        for sender in [s for s, b in self._senders.items() if b.idle()]:
            del self._senders[sender]
        for sender in [s for s in self._sender_rates if s not in self._senders]:
            del self._sender_rates[sender]

    async def acquire(self, sender: str | None = None, cost: float = 1.0) -> int:
        """Wait for the sender's pace, a slot and the account rate; return a ticket.

        Call :meth:`release` once the attempt is over, then :meth:`throttled` or
        :meth:`succeeded` with the ticket to feed the adaptive limit.
        """
        paced = None
        if sender is not None and self.config.sender_rate is not None:
            paced = self.sender_bucket(sender)
        if paced is not None:
            await paced.acquire(cost)
        try:
            await self.concurrency.acquire()
        except BaseException:
            if paced is not None:
                paced.refund(cost)
            raise
        if self._account is not None:
            try:
                await self._account.acquire(1.0)
            except BaseException:
                self.concurrency.release()
                if paced is not None:
                    paced.refund(cost)
                raise
        return self._epoch

    def release(self) -> None:
        """Free the slot taken by :meth:`acquire`."""
        self.concurrency.release()

    def throttled(self, ticket: int) -> None:
        """Twilio answered 429: shrink once per wave (decrease multiplicatively)."""
        if not self.config.adaptive or ticket != self._epoch:
            return
        self._epoch += 1
        self.concurrency.resize(self.concurrency.limit / 2)
        if self._account is not None and self.config.requests_per_second is not None:
            floor = self.config.requests_per_second * RATE_FLOOR
            self._account.rate = max(floor, self._account.rate / 2)

    def succeeded(self) -> None:
        """A request went through: grow back a little (increase additively)."""
        if not self.config.adaptive:
            return
        concurrency = self.concurrency
        if concurrency.limit < concurrency.maximum:
            concurrency.resize(concurrency.limit + 1 / concurrency.limit)
        configured = self.config.requests_per_second
        account = self._account
        if account is not None and configured is not None and account.rate < configured:
            account.rate = min(configured, account.rate + configured * RATE_RECOVERY)
