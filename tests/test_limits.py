"""Limits through a real client and a 127.0.0.1 server: slots, pacing, 429 storms."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter

import pytest
from aiohttp import web

from tests.transport_helpers import (
    MESSAGE_SID,
    MESSAGES_PATH,
    FakeClock,
    client_for,
    ok,
    serve,
    twilio_error,
)
from twilio_async import RateLimitExceeded, RateLimits, RetryPolicy
from twilio_async.resources.messages import message_cost

THREE_SEGMENTS = "x" * 400  # GSM-7: 153 characters a segment


async def test_max_concurrency_caps_requests_in_flight() -> None:
    async def handler(request: web.Request) -> web.Response:
        await asyncio.sleep(0.02)
        return ok(request, status=200)

    async with serve(handler) as server, client_for(server, max_concurrency=8) as client:
        results = await asyncio.gather(*(client.messages.fetch(MESSAGE_SID) for _ in range(100)))
    assert len(results) == 100
    assert server.max_in_flight == 8


async def test_429_storm_ends_with_every_create_sent_exactly_once() -> None:
    capacity = 6
    sent: Counter[str] = Counter()

    async def handler(request: web.Request) -> web.Response:
        if server.in_flight > capacity:
            return twilio_error(429, 20429, "Too Many Requests")
        await asyncio.sleep(0.002)
        sent[(await request.post())["To"]] += 1  # type: ignore[index]
        return ok(request)

    policy = RetryPolicy(max_retries=12, initial_backoff=0.002, max_backoff=0.05)
    async with serve(handler) as server, client_for(server, retry=policy) as client:
        recipients = [f"+1555000{i:04d}" for i in range(50)]
        messages = await asyncio.gather(
            *(client.messages.create(to=to, from_="+15017122661", body="Hi") for to in recipients)
        )
        window = client._session.limits.concurrency.limit
    assert len(messages) == 50
    assert sent == Counter(recipients)
    throttled = sum(server.counts.values()) - 50
    assert throttled > 0
    assert window < 100
    assert throttled < 50 * 4  # backed off rather than hammering


async def test_sender_pacing_in_segments_leaves_other_senders_alone() -> None:
    clock = FakeClock()

    async def handler(request: web.Request) -> web.Response:
        return ok(request)

    async with (
        serve(handler, clock=clock) as server,
        client_for(server, clock=clock, sender_rate={"+15550001": 1}) as client,
    ):
        paced = [
            client.messages.create(to="+15558675310", from_="+15550001", body=THREE_SEGMENTS)
            for _ in range(4)
        ]
        free = [
            client.messages.create(to="+15558675310", from_="+15550002", body=THREE_SEGMENTS)
            for _ in range(4)
        ]
        await asyncio.gather(*paced, *free)
    by_sender: dict[str, list[float]] = {"+15550001": [], "+15550002": []}
    for when, _, form in server.arrivals:
        by_sender[form["From"]].append(when)
    slow, fast = by_sender["+15550001"], by_sender["+15550002"]
    assert slow == sorted(slow)
    assert len(slow) == 4
    gaps = [later - earlier for earlier, later in itertools.pairwise(slow)]
    assert all(gap >= 3.0 - 1e-9 for gap in gaps)  # 3 segments at 1 segment/s
    assert fast == [0.0, 0.0, 0.0, 0.0]


async def test_messaging_service_is_a_sender_too() -> None:
    clock = FakeClock()
    service = "MG" + "c" * 32

    async def handler(request: web.Request) -> web.Response:
        return ok(request)

    async with (
        serve(handler, clock=clock) as server,
        client_for(server, clock=clock, sender_rate={service: 2}) as client,
    ):
        await asyncio.gather(
            *(
                client.messages.create(to="+15558675310", messaging_service_sid=service, body="Hi")
                for _ in range(3)
            )
        )
    assert [when for when, _, _ in server.arrivals] == pytest.approx([0.0, 0.5, 1.0])


async def test_requests_per_second_paces_the_whole_account() -> None:
    clock = FakeClock()

    async def handler(request: web.Request) -> web.Response:
        return ok(request, status=200)

    async with (
        serve(handler, clock=clock) as server,
        client_for(server, clock=clock, requests_per_second=4) as client,
    ):
        await asyncio.gather(*(client.messages.fetch(MESSAGE_SID) for _ in range(5)))
    times = sorted(when for when, _, _ in server.arrivals)
    assert times == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0])


async def test_cancelled_waiters_release_slots_and_tokens() -> None:
    gate = asyncio.Event()

    async def handler(request: web.Request) -> web.Response:
        if request.method == "POST" and not gate.is_set():
            await gate.wait()
        return ok(request)

    async with (
        serve(handler) as server,
        client_for(
            server, limits=RateLimits(max_concurrency=1, sender_rate={"+15017122661": 1000})
        ) as client,
    ):
        limits = client._session.limits
        blocked = asyncio.ensure_future(
            client.messages.create(to="+15558675310", from_="+15017122661", body="first")
        )
        callers = [
            asyncio.ensure_future(
                client.messages.create(to="+15558675310", from_="+15017122661", body="later")
            )
            for _ in range(1000)
        ]
        # The sender bucket lets these through at 1000/s, so this takes about 0.9 s: the
        # bound (5 s) leaves room for a slow machine.
        for _ in range(1000):
            if limits.concurrency.waiting == 1000:
                break
            await asyncio.sleep(0.005)
        assert limits.concurrency.waiting == 1000
        bucket = limits.sender_bucket("+15017122661")
        assert bucket is not None
        for caller in callers:
            caller.cancel()
        await asyncio.wait_for(asyncio.gather(*callers, return_exceptions=True), 5)
        assert limits.concurrency.waiting == 0
        assert limits.concurrency.in_flight == 1
        assert bucket.waiting == 0
        assert bucket.tokens() >= bucket.capacity - 1
        gate.set()
        await asyncio.wait_for(blocked, 5)
        assert limits.concurrency.in_flight == 0
        await asyncio.wait_for(
            client.messages.create(to="+15558675310", from_="+15017122661", body="after"), 5
        )
    assert server.counts[("POST", MESSAGES_PATH)] == 2


async def test_fail_fast_raises_instead_of_waiting_for_a_slot() -> None:
    gate = asyncio.Event()

    async def handler(request: web.Request) -> web.Response:
        await gate.wait()
        return ok(request, status=200)

    async with (
        serve(handler) as server,
        client_for(server, limits=RateLimits(max_concurrency=1, fail_fast=True)) as client,
    ):
        first = asyncio.ensure_future(client.messages.fetch(MESSAGE_SID))
        for _ in range(200):
            if server.in_flight:
                break
            await asyncio.sleep(0.005)
        with pytest.raises(RateLimitExceeded, match="slot"):
            await client.messages.fetch(MESSAGE_SID)
        gate.set()
        await asyncio.wait_for(first, 5)
    assert sum(server.counts.values()) == 1


async def test_fail_fast_raises_when_the_sender_is_over_its_pace() -> None:
    clock = FakeClock(auto=False)

    async def handler(request: web.Request) -> web.Response:
        return ok(request)

    async with (
        serve(handler) as server,
        client_for(
            server, clock=clock, limits=RateLimits(sender_rate={"+15550001": 1}, fail_fast=True)
        ) as client,
    ):
        await client.messages.create(to="+15558675310", from_="+15550001", body="one")
        with pytest.raises(RateLimitExceeded, match=r"\+15550001"):
            await client.messages.create(to="+15558675310", from_="+15550001", body="two")
        await client.messages.create(to="+15558675310", from_="+15550002", body="other")
        clock.advance(1.0)
        await client.messages.create(to="+15558675310", from_="+15550001", body="three")
    assert server.counts[("POST", MESSAGES_PATH)] == 3


def test_message_cost_counts_segments() -> None:
    assert message_cost(THREE_SEGMENTS) == 3
    assert message_cost("short") == 1
    assert message_cost(None) == 1
    assert message_cost("") == 1
    assert message_cost("“quoted”" * 30) == 4  # UCS-2: 67 units a segment
    assert message_cost("“quoted”" * 30, smart_encoded=True) == 2


def test_pool_is_sized_to_max_concurrency() -> None:
    from twilio_async import TwilioClient

    client = TwilioClient("AC" + "a" * 32, auth_token="t", max_concurrency=7)
    assert client._session.limits.max_concurrency == 7
    with pytest.raises(Exception, match="max_concurrency"):
        TwilioClient("AC" + "a" * 32, auth_token="t", max_concurrency=0)
