"""The limiter parts on their own: token bucket, resizable slots, AIMD, refunds."""

from __future__ import annotations

import asyncio

import pytest

from tests.transport_helpers import FakeClock
from twilio_async import InvalidRequestError, RateLimitExceeded, RateLimits
from twilio_async._http.buckets import TokenBucket
from twilio_async._http.limits import ConcurrencyLimit, Limits


async def _settle(rounds: int = 20) -> None:
    for _ in range(rounds):
        await asyncio.sleep(0)


async def test_bucket_is_smooth_from_a_cold_start() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10.0, clock, name="the account")
    granted: list[float] = []

    async def take() -> None:
        await bucket.acquire()
        granted.append(clock.now())

    await asyncio.gather(*(take() for _ in range(5)))
    assert granted == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4])


async def test_bucket_burst_is_a_tenth_of_a_second() -> None:
    clock = FakeClock(auto=False)
    bucket = TokenBucket(100.0, clock, name="the account")
    assert bucket.capacity == 10.0
    for _ in range(10):
        await asyncio.wait_for(bucket.acquire(), 1)
    waiter = asyncio.ensure_future(bucket.acquire())
    await _settle()
    assert not waiter.done()
    clock.advance(0.01)
    await asyncio.wait_for(waiter, 1)


async def test_bucket_charges_a_large_cost_as_debt() -> None:
    clock = FakeClock()
    bucket = TokenBucket(1.0, clock, name="sender '+15550001'")
    granted: list[float] = []

    async def take() -> None:
        await bucket.acquire(3)
        granted.append(clock.now())

    await asyncio.gather(*(take() for _ in range(3)))
    assert granted == pytest.approx([0.0, 3.0, 6.0])


async def test_bucket_serves_waiters_in_arrival_order() -> None:
    clock = FakeClock()
    bucket = TokenBucket(1.0, clock, name="b")
    order: list[int] = []

    async def take(i: int) -> None:
        await bucket.acquire()
        order.append(i)

    tasks = [asyncio.ensure_future(take(i)) for i in range(6)]
    await asyncio.gather(*tasks)
    assert order == list(range(6))


async def test_bucket_cancelled_waiters_take_nothing() -> None:
    clock = FakeClock(auto=False)
    bucket = TokenBucket(1.0, clock, name="b")
    await bucket.acquire()
    waiters = [asyncio.ensure_future(bucket.acquire()) for _ in range(1000)]
    await _settle()
    assert bucket.waiting == 1000
    for waiter in waiters:
        waiter.cancel()
    await asyncio.wait_for(asyncio.gather(*waiters, return_exceptions=True), 5)
    assert bucket.waiting == 0
    clock.advance(1.0)
    assert bucket.tokens() == pytest.approx(1.0)
    await asyncio.wait_for(bucket.acquire(), 1)


async def test_bucket_fail_fast() -> None:
    clock = FakeClock(auto=False)
    bucket = TokenBucket(1.0, clock, name="sender '+1'", fail_fast=True)
    await bucket.acquire()
    with pytest.raises(RateLimitExceeded, match="sender"):
        await bucket.acquire()


async def test_slots_cap_and_fifo() -> None:
    slots = ConcurrencyLimit(2)
    await slots.acquire()
    await slots.acquire()
    third = asyncio.ensure_future(slots.acquire())
    await _settle()
    assert not third.done()
    slots.release()
    await asyncio.wait_for(third, 1)
    assert slots.in_flight == 2


async def test_slots_cancel_before_and_after_grant_leak_nothing() -> None:
    slots = ConcurrencyLimit(1)
    await slots.acquire()
    waiters = [asyncio.ensure_future(slots.acquire()) for _ in range(1000)]
    await _settle()
    assert slots.waiting == 1000
    slots.release()  # grants the first waiter ...
    waiters[0].cancel()  # ... which is cancelled before it runs
    for waiter in waiters[1:]:
        waiter.cancel()
    await asyncio.wait_for(asyncio.gather(*waiters, return_exceptions=True), 5)
    assert slots.waiting == 0
    assert slots.in_flight == 0


async def test_slot_waiter_cancelled_then_skipped_by_a_release_still_raises_cancelled() -> None:
    slots = ConcurrencyLimit(1)
    await slots.acquire()
    waiter = asyncio.ensure_future(slots.acquire())
    await _settle()
    waiter.cancel()  # its turn is cancelled at once ...
    slots.release()  # ... and this release skips it before the waiter runs
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(waiter, 5)
    assert slots.waiting == 0
    assert slots.in_flight == 0


async def test_aimd_halves_once_per_wave_and_recovers() -> None:
    limits = Limits(RateLimits(max_concurrency=64, requests_per_second=10.0), clock=FakeClock())
    tickets = [await limits.acquire() for _ in range(20)]
    for _ in tickets:
        limits.release()
    for ticket in tickets:  # twenty 429s from one wave
        limits.throttled(ticket)
    assert limits.concurrency.limit == 32
    assert limits.account_rate == 5.0
    later = await limits.acquire()
    limits.release()
    limits.throttled(later)
    assert limits.concurrency.limit == 16
    assert limits.account_rate == 2.5
    for _ in range(200):
        limits.succeeded()
    assert limits.account_rate == 10.0
    assert 16 < limits.concurrency.limit < 64
    for _ in range(5000):
        limits.succeeded()
    assert limits.concurrency.limit == 64


async def test_aimd_rate_never_drops_below_its_floor() -> None:
    limits = Limits(RateLimits(requests_per_second=32.0), clock=FakeClock())
    for _ in range(20):
        ticket = await limits.acquire()
        limits.release()
        limits.throttled(ticket)
    assert limits.account_rate == 1.0
    assert limits.concurrency.limit == 1


async def test_not_adaptive_ignores_429() -> None:
    limits = Limits(RateLimits(max_concurrency=8, adaptive=False))
    ticket = await limits.acquire()
    limits.release()
    limits.throttled(ticket)
    assert limits.concurrency.limit == 8


async def test_sender_tokens_are_refunded_when_cancelled_waiting_for_a_slot() -> None:
    clock = FakeClock(auto=False)
    limits = Limits(RateLimits(max_concurrency=1, sender_rate={"+1": 100.0}), clock=clock)
    await limits.acquire("+1", 1)
    bucket = limits.sender_bucket("+1")
    assert bucket is not None
    waiters = [asyncio.ensure_future(limits.acquire("+1", 1)) for _ in range(5)]
    await _settle()
    assert bucket.tokens() == pytest.approx(4.0)
    for waiter in waiters:
        waiter.cancel()
    await asyncio.wait_for(asyncio.gather(*waiters, return_exceptions=True), 5)
    assert bucket.tokens() == pytest.approx(9.0)
    assert limits.concurrency.in_flight == 1


async def test_sender_rate_callable_and_bad_values() -> None:
    seen: list[str] = []

    def rate(sender: str) -> float | None:
        seen.append(sender)
        return 3.0 if sender.startswith("+1800") else None

    limits = Limits(RateLimits(sender_rate=rate))
    bucket = limits.sender_bucket("+18005550100")
    assert bucket is not None
    assert bucket.rate == 3.0
    assert limits.sender_bucket("+15550001") is None
    limits.sender_bucket("+15550001")
    assert seen == ["+18005550100", "+15550001"]
    bad = Limits(RateLimits(sender_rate=lambda sender: -1.0))
    with pytest.raises(InvalidRequestError, match="sender_rate"):
        bad.sender_bucket("+1")


def test_rate_limits_validation() -> None:
    with pytest.raises(InvalidRequestError, match="max_concurrency"):
        RateLimits(max_concurrency=0)
    with pytest.raises(InvalidRequestError, match="requests_per_second"):
        RateLimits(requests_per_second=float("inf"))
    with pytest.raises(InvalidRequestError, match="sender_rate"):
        RateLimits(sender_rate={"+1": 0})
    with pytest.raises(InvalidRequestError, match="sender_rate"):
        RateLimits(sender_rate=[1, 2])  # type: ignore[arg-type]
    limits = RateLimits(max_concurrency=5).overridden(requests_per_second=2.0)
    assert (limits.max_concurrency, limits.requests_per_second) == (5, 2.0)


async def test_cancelled_while_waiting_on_the_account_rate_gives_everything_back() -> None:
    clock = FakeClock(auto=False)
    config = RateLimits(max_concurrency=4, requests_per_second=1.0, sender_rate={"+1": 100.0})
    limits = Limits(config, clock=clock)
    await limits.acquire("+1", 1)
    bucket = limits.sender_bucket("+1")
    assert bucket is not None
    waiter = asyncio.ensure_future(limits.acquire("+1", 1))
    await _settle()
    assert limits.concurrency.in_flight == 2
    waiter.cancel()
    await asyncio.wait_for(asyncio.gather(waiter, return_exceptions=True), 5)
    assert limits.concurrency.in_flight == 1
    assert bucket.tokens() == pytest.approx(9.0)


async def test_idle_sender_buckets_are_forgotten_past_the_cache_size() -> None:
    from twilio_async._http import limits as limits_module

    limits = Limits(RateLimits(sender_rate=lambda sender: 50.0), clock=FakeClock(auto=False))
    for i in range(limits_module._SENDER_CACHE + 1):
        assert limits.sender_bucket(f"+1{i:010d}") is not None
    assert len(limits._senders) <= 1
