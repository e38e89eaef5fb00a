"""Retries: what is retried, how long it waits, and what is never sent twice."""

from __future__ import annotations

import asyncio
import logging
import socket
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from types import SimpleNamespace

import pytest
from aiohttp import web

from tests.transport_helpers import (
    MESSAGE_SID,
    MESSAGES_PATH,
    FakeClock,
    FaultServer,
    Handler,
    client_for,
    ok,
    serve,
    twilio_error,
)
from twilio_async import (
    AmbiguousRequestError,
    AmbiguousServerError,
    BadRequestError,
    Message,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TransportError,
    TwilioClient,
)
from twilio_async._http.retry import NotSentError
from twilio_async.testing import FakeTwilio

FAKE_SENDER = "+15005550006"  # a number FakeTwilio accepts as a sender
FETCH_PATH = MESSAGES_PATH.replace(".json", f"/{MESSAGE_SID}.json")


def scripted(*answers: web.Response | None) -> Handler:
    """A handler giving ``answers`` in turn (None: a success), then successes."""
    pending = list(answers)

    async def handler(request: web.Request) -> web.Response:
        answer = pending.pop(0) if pending else None
        return answer if answer is not None else ok(request)

    return handler


async def create(
    client: TwilioClient, to: str = "+15558675310", from_: str = "+15017122661"
) -> Message:
    return await client.messages.create(to=to, from_=from_, body="Hello")


async def test_429_with_retry_after_waits_that_long_on_the_clock() -> None:
    clock = FakeClock()
    handler = scripted(twilio_error(429, 20429, "Too Many Requests", **{"Retry-After": "2"}))
    async with serve(handler, clock=clock) as server, client_for(server, clock=clock) as client:
        message = await create(client)
    assert message.sid == MESSAGE_SID
    assert server.counts[("POST", MESSAGES_PATH)] == 2
    first, second = server.arrivals[0][0], server.arrivals[1][0]
    assert second - first >= 2.0
    assert clock.sleeps == [2.0]


async def test_retry_after_as_http_date(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    now = datetime(2026, 11, 5, 10, 30, tzinfo=timezone.utc)
    # The wall clock the header is read against is pinned, so the delay is exact.
    monkeypatch.setattr(
        "twilio_async._http.responses.time", SimpleNamespace(time=lambda: now.timestamp())
    )
    header = format_datetime(now + timedelta(seconds=4), usegmt=True)
    handler = scripted(twilio_error(429, 20429, "Too Many Requests", **{"Retry-After": header}))
    async with serve(handler, clock=clock) as server, client_for(server, clock=clock) as client:
        await create(client)
    assert server.counts[("POST", MESSAGES_PATH)] == 2
    assert clock.sleeps == [4.0]


async def test_retry_after_is_capped() -> None:
    clock = FakeClock()
    handler = scripted(twilio_error(429, 20429, "Too Many Requests", **{"Retry-After": "3600"}))
    async with serve(handler, clock=clock) as server, client_for(server, clock=clock) as client:
        await create(client)
    assert clock.sleeps == [60.0]


async def test_backoff_without_retry_after_is_exponential_with_full_jitter() -> None:
    clock = FakeClock()
    handler = scripted(*[twilio_error(503, 20500, "Unavailable") for _ in range(3)])
    policy = RetryPolicy(max_retries=3, initial_backoff=1.0, max_backoff=3.0, jitter=False)
    async with (
        serve(handler, clock=clock) as server,
        client_for(server, clock=clock, retry=policy) as client,
    ):
        await client.messages.fetch(MESSAGE_SID)
    assert clock.sleeps == [1.0, 2.0, 3.0]
    jittered = RetryPolicy(initial_backoff=1.0, max_backoff=3.0)
    from twilio_async._http.retry import backoff_delay

    delays = [backoff_delay(jittered, 3, None) for _ in range(200)]
    assert all(0.0 <= d <= 3.0 for d in delays)
    assert len(set(delays)) > 1


async def test_503_on_get_is_retried_then_succeeds(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    handler = scripted(twilio_error(503, 20500, "Unavailable"), twilio_error(503, 20500, "x"))
    caplog.set_level(logging.INFO, logger="twilio_async")
    async with serve(handler, clock=clock) as server, client_for(server, clock=clock) as client:
        message = await client.messages.fetch(MESSAGE_SID)
    assert message.sid == MESSAGE_SID
    assert server.counts[("GET", FETCH_PATH)] == 3
    retries = [r for r in caplog.records if r.levelno == logging.INFO and "retrying" in r.message]
    assert len(retries) == 2
    assert "attempt 1 failed (HTTP 503 (Twilio error 20500))" in retries[0].message
    assert "attempt 2 failed" in retries[1].message
    assert "in " in retries[0].message


async def test_delete_is_retried_on_502() -> None:
    clock = FakeClock()

    async def handler(request: web.Request) -> web.Response:
        if server.counts[("DELETE", FETCH_PATH)] == 1:
            return web.Response(status=502, text="<html>bad gateway</html>")
        return web.Response(status=204)

    async with serve(handler, clock=clock) as server, client_for(server, clock=clock) as client:
        await client.messages.delete(MESSAGE_SID)
    assert server.counts[("DELETE", FETCH_PATH)] == 2


async def test_final_error_carries_attempts() -> None:
    clock = FakeClock()

    async def handler(request: web.Request) -> web.Response:
        return twilio_error(503, 20500, "Unavailable")

    async with (
        serve(handler, clock=clock) as server,
        client_for(server, clock=clock, max_retries=2) as client,
    ):
        with pytest.raises(ServerError) as caught:
            await client.messages.fetch(MESSAGE_SID)
    assert caught.value.attempts == 3
    assert server.counts[("GET", FETCH_PATH)] == 3


async def test_503_after_post_body_is_ambiguous_and_not_retried() -> None:
    clock = FakeClock()

    async def handler(request: web.Request) -> web.Response:
        return twilio_error(503, 20500, "Service Unavailable")

    async with serve(handler, clock=clock) as server, client_for(server, clock=clock) as client:
        with pytest.raises(AmbiguousRequestError) as caught:
            await create(client, to="+15550009999")
    error = caught.value
    assert server.counts[("POST", MESSAGES_PATH)] == 1
    assert server.arrivals[0][2]["To"] == "+15550009999"
    assert isinstance(error, AmbiguousServerError)
    server_error: ServerError = error  # statically a ServerError too
    assert isinstance(server_error, ServerError)
    assert isinstance(error, TransportError)
    assert error.status == 503
    assert error.code == 20500
    assert error.method == "POST"
    assert error.url.endswith(MESSAGES_PATH)
    assert ("To", "+15550009999") in error.form
    assert error.attempts == 1
    assert "may have been sent" in str(error)
    assert clock.sleeps == []


async def test_ambiguous_503_is_caught_by_except_server_error() -> None:
    async def handler(request: web.Request) -> web.Response:
        return twilio_error(503, 20500, "Service Unavailable")

    async with serve(handler) as server, client_for(server) as client:
        try:
            await create(client)
        except ServerError as error:
            caught: Exception = error
        assert isinstance(caught, AmbiguousRequestError)


async def test_500_on_post_is_ambiguous_but_400_is_not() -> None:
    answers = [twilio_error(500, 20500, "Internal"), twilio_error(400, 21211, "Invalid To")]

    async def handler(request: web.Request) -> web.Response:
        return answers.pop(0)

    async with serve(handler) as server, client_for(server) as client:
        with pytest.raises(AmbiguousServerError):
            await create(client)
        with pytest.raises(BadRequestError) as caught:
            await create(client)
    assert not isinstance(caught.value, AmbiguousRequestError)
    assert caught.value.code == 21211
    assert server.counts[("POST", MESSAGES_PATH)] == 2


async def test_429_on_post_is_retried_then_a_503_stays_ambiguous() -> None:
    clock = FakeClock()
    handler = scripted(
        twilio_error(429, 20429, "Too Many Requests"), twilio_error(503, 20500, "Unavailable")
    )
    async with serve(handler, clock=clock) as server, client_for(server, clock=clock) as client:
        with pytest.raises(AmbiguousServerError) as caught:
            await create(client)
    assert server.counts[("POST", MESSAGES_PATH)] == 2
    assert caught.value.attempts == 2


async def test_post_timeout_after_sending_is_ambiguous() -> None:
    async def handler(request: web.Request) -> web.Response:
        await asyncio.sleep(0.2)
        return ok(request)

    async with serve(handler) as server, client_for(server, timeout=0.05) as client:
        with pytest.raises(AmbiguousRequestError) as caught:
            await create(client)
    assert not isinstance(caught.value, AmbiguousServerError)
    assert caught.value.status is None
    assert "timed out" in str(caught.value)
    assert server.counts[("POST", MESSAGES_PATH)] == 1


async def test_get_timeout_is_a_retryable_transport_error() -> None:
    clock = FakeClock(auto=True)

    async def handler(request: web.Request) -> web.Response:
        await asyncio.sleep(0.2)
        return ok(request)

    async with (
        serve(handler) as server,
        client_for(server, clock=clock, timeout=0.05, max_retries=1) as client,
    ):
        with pytest.raises(TransportError) as caught:
            await client.messages.fetch(MESSAGE_SID)
    assert not isinstance(caught.value, AmbiguousRequestError)
    assert caught.value.attempts == 2
    assert server.counts[("GET", FETCH_PATH)] == 2


async def test_with_options_timeout_overrides_the_client_timeout() -> None:
    async def handler(request: web.Request) -> web.Response:
        await asyncio.sleep(0.2)
        return ok(request, status=200)

    async with serve(handler) as server, client_for(server, timeout=0.05, max_retries=0) as client:
        with pytest.raises(TransportError):
            await client.messages.fetch(MESSAGE_SID)
        patient = client.with_options(timeout=5.0)
        message = await patient.messages.fetch(MESSAGE_SID)
    assert message.sid == MESSAGE_SID


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused_on_post_is_retried_once_listening() -> None:
    port = _free_port()
    sleeps: list[float] = []
    server_box: list[FaultServer] = []

    async def handler(request: web.Request) -> web.Response:
        return ok(request)

    async def start_listening_then_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if not server_box:
            server = FaultServer(handler)
            await server.start(port)
            server_box.append(server)

    from twilio_async import TwilioClient

    client = TwilioClient("AC" + "a" * 32, auth_token="t", base_url=f"http://127.0.0.1:{port}")
    client._session.sleep = start_listening_then_sleep
    try:
        message = await create(client)
    finally:
        await client.aclose()
        for server in server_box:
            await server.stop()
    assert message.sid == MESSAGE_SID
    assert len(sleeps) == 1
    assert server_box[0].counts[("POST", MESSAGES_PATH)] == 1


async def test_connection_refused_everywhere_ends_as_not_sent_with_attempts() -> None:
    clock = FakeClock()
    from twilio_async import TwilioClient

    client = TwilioClient(
        "AC" + "a" * 32, auth_token="t", base_url=f"http://127.0.0.1:{_free_port()}"
    )
    client._session.clock = clock
    try:
        with pytest.raises(NotSentError) as caught:
            await create(client)
    finally:
        await client.aclose()
    assert caught.value.attempts == 4
    assert not isinstance(caught.value, AmbiguousRequestError)
    assert len(clock.sleeps) == 3


async def _reset_after_headers(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(status=201, headers={"Content-Type": "application/json"})
    response.content_length = 1000
    await response.prepare(request)
    await response.write(b'{"sid": "SM')
    assert request.transport is not None
    request.transport.close()
    return response


async def test_reset_after_headers_on_post_is_not_retried() -> None:
    clock = FakeClock()
    async with (
        serve(_reset_after_headers, clock=clock) as server,
        client_for(server, clock=clock) as client,
    ):
        with pytest.raises(AmbiguousRequestError) as caught:
            await create(client)
    assert server.counts[("POST", MESSAGES_PATH)] == 1
    assert caught.value.status is None
    assert clock.sleeps == []


async def test_reset_after_headers_on_get_is_retried() -> None:
    clock = FakeClock()
    async with (
        serve(_reset_after_headers, clock=clock) as server,
        client_for(server, clock=clock, max_retries=2) as client,
    ):
        with pytest.raises(TransportError) as caught:
            await client.messages.fetch(MESSAGE_SID)
    assert not isinstance(caught.value, AmbiguousRequestError)
    assert server.counts[("GET", FETCH_PATH)] == 3


async def test_max_retries_zero_via_with_options_raises_the_first_429() -> None:
    clock = FakeClock()

    async def handler(request: web.Request) -> web.Response:
        return twilio_error(429, 20429, "Too Many Requests", **{"Retry-After": "1"})

    async with serve(handler, clock=clock) as server, client_for(server, clock=clock) as client:
        with pytest.raises(RateLimitError) as caught:
            await create(client.with_options(max_retries=0))
        assert client.options.retry.max_retries == 3
    assert server.counts[("POST", MESSAGES_PATH)] == 1
    assert caught.value.attempts == 1
    assert caught.value.retry_after == 1.0
    assert clock.sleeps == []


async def test_total_budget_stops_retries_before_overrunning() -> None:
    clock = FakeClock()

    async def handler(request: web.Request) -> web.Response:
        return twilio_error(429, 20429, "Too Many Requests", **{"Retry-After": "2"})

    policy = RetryPolicy(max_retries=10, total_budget=5.0)
    async with (
        serve(handler, clock=clock) as server,
        client_for(server, clock=clock, retry=policy) as client,
    ):
        with pytest.raises(RateLimitError) as caught:
            await create(client)
    assert caught.value.attempts == 3
    assert server.counts[("POST", MESSAGES_PATH)] == 3
    assert clock.sleeps == [2.0, 2.0]
    assert clock.now() == 4.0


async def test_retry_after_header_name_is_case_insensitive_and_honoured_on_503() -> None:
    clock = FakeClock()
    handler = scripted(
        twilio_error(429, 20429, "Too Many Requests", **{"retry-after": "3"}),
        twilio_error(503, 20500, "Unavailable", **{"Retry-After": "5"}),
    )
    async with serve(handler, clock=clock) as server, client_for(server, clock=clock) as client:
        await client.messages.fetch(MESSAGE_SID)
    assert server.counts[("GET", FETCH_PATH)] == 3
    assert clock.sleeps == [3.0, 5.0]


async def test_fake_twilio_reset_after_headers_on_create_is_ambiguous(
    twilio_fake: FakeTwilio,
) -> None:
    twilio_fake.reset_next(after="headers")
    async with twilio_fake.client() as client:
        with pytest.raises(AmbiguousRequestError):
            await create(client, from_=FAKE_SENDER)
        messages = await client.messages.list().collect()
    assert len(messages) == 1  # processed once, never sent again


async def test_fake_twilio_429s_then_every_create_lands_once(twilio_fake: FakeTwilio) -> None:
    twilio_fake.fail_next(20, status=429, retry_after=None)
    policy = RetryPolicy(max_retries=8, initial_backoff=0.001, max_backoff=0.01)
    async with twilio_fake.client(retry=policy) as client:
        recipients = [f"+1555111{i:04d}" for i in range(30)]
        await asyncio.gather(*(create(client, to=to, from_=FAKE_SENDER) for to in recipients))
        messages = await client.messages.list(page_size=100).collect()
    assert sorted(m.to or "" for m in messages) == sorted(recipients)
