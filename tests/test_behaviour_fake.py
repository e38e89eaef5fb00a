"""The client against FakeTwilio: real sockets, an independent server implementation."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from aiohttp import web

from tests.conftest import LocalServer
from twilio_async import (
    BadRequestError,
    Message,
    MessageStatus,
    NotFoundError,
    ServerError,
    TwilioClient,
)
from twilio_async.testing import FakeTwilio
from twilio_async.webhooks import (
    SIGNATURE_HEADER,
    InboundMessage,
    StatusCallback,
    messaging_response,
    validate_signature,
)

SENDER = "+15005550006"


async def test_send_fetch_redact_delete(twilio_fake: FakeTwilio) -> None:
    async with twilio_fake.client() as client:
        sent = await client.messages.create(to="+15558675310", from_=SENDER, body="hello 👋")
        assert sent.sid.startswith("SM")
        assert sent.status is MessageStatus.QUEUED
        assert sent.from_ == SENDER
        fetched = await client.messages.fetch(sent.sid)
        assert fetched.body == "hello 👋"
        redacted = await client.messages.redact(sent.sid)
        assert redacted.body == ""
        await client.messages.delete(sent.sid)
        with pytest.raises(NotFoundError) as info:
            await client.messages.fetch(sent.sid)
    assert info.value.code == 20404


async def test_magic_numbers_give_twilio_errors(twilio_fake: FakeTwilio) -> None:
    async with twilio_fake.client() as client:
        with pytest.raises(BadRequestError) as info:
            await client.messages.create(to="+15005550001", from_=SENDER, body="x")
    assert info.value.code == 21211
    assert "21211" in str(info.value)


async def test_listing_walks_pages_with_filters(twilio_fake: FakeTwilio) -> None:
    start = datetime(2024, 3, 1, tzinfo=timezone.utc)
    for day in range(30):
        twilio_fake.add_message(
            to="+15558675310",
            from_=SENDER,
            body=f"day {day}",
            date_sent=start + timedelta(days=day),
        )
    twilio_fake.add_message(to="+15550000000", from_=SENDER, body="other")
    async with twilio_fake.client() as client:
        everything = [m async for m in client.messages.list(to="+15558675310", page_size=7)]
        assert len(everything) == 30
        assert all(isinstance(m, Message) for m in everything)
        window = await client.messages.list(
            to="+15558675310",
            date_sent_after=start + timedelta(days=10),
            date_sent_before=start + timedelta(days=19, hours=23),
            page_size=3,
        ).collect()
        assert sorted(m.body or "" for m in window) == sorted(f"day {d}" for d in range(10, 20))
        limited = await client.messages.list(page_size=4, limit=9).collect()
        assert len(limited) == 9
    pages = [r for r in twilio_fake.requests if r.path.endswith("/Messages.json")]
    assert len(pages) >= 5 + 4 + 3


async def test_status_callbacks_validate_with_the_library(
    local_server: LocalServer, twilio_fake: FakeTwilio
) -> None:
    received: list[StatusCallback] = []
    valid: list[bool] = []

    async def status(request: web.Request) -> web.Response:
        form = await request.post()
        signature = request.headers.get(SIGNATURE_HEADER)
        valid.append(validate_signature(twilio_fake.auth_token, str(request.url), form, signature))
        received.append(StatusCallback.from_form(form))  # type: ignore[arg-type]
        return web.Response(status=204)

    local_server.route("POST", "/status", status)
    url = await local_server.start()
    async with twilio_fake.client() as client:
        sent = await client.messages.create(
            to="+15558675310", from_=SENDER, body="track me", status_callback=f"{url}/status"
        )
    await twilio_fake.settle()
    assert valid
    assert all(valid)
    assert [c.message_sid for c in received] == [sent.sid] * len(received)
    assert received[-1].message_status is MessageStatus.DELIVERED


async def test_a_chat_bot_answers_an_inbound_message(
    local_server: LocalServer, twilio_fake: FakeTwilio
) -> None:
    async def bot(request: web.Request) -> web.Response:
        form = await request.post()
        if not validate_signature(
            twilio_fake.auth_token, str(request.url), form, request.headers.get(SIGNATURE_HEADER)
        ):
            raise web.HTTPForbidden()
        inbound = InboundMessage.from_form(form)  # type: ignore[arg-type]
        return web.Response(
            text=messaging_response(f"echo: {inbound.body}"), content_type="text/xml"
        )

    local_server.route("POST", "/sms", bot)
    url = await local_server.start()
    number = "+15005550006"
    twilio_fake.add_number(number, sms_url=f"{url}/sms")
    delivery = await twilio_fake.deliver_inbound(from_="+15558675310", to=number, body="ping")
    assert delivery is not None
    assert delivery.status == 200
    assert "echo: ping" in (delivery.response_body or "")


async def test_injected_faults_reach_the_caller_as_the_right_errors(
    twilio_fake: FakeTwilio,
) -> None:
    async with twilio_fake.client(max_retries=0) as client:
        twilio_fake.fail_next(1, status=503)
        with pytest.raises(ServerError):
            await client.messages.list().first()
        twilio_fake.fail_next(1, status=429, retry_after=0)
        from twilio_async import RateLimitError

        with pytest.raises(RateLimitError) as info:
            await client.messages.create(to="+15558675310", from_=SENDER, body="x")
    assert info.value.code == 20429


async def test_concurrent_sends_all_arrive_once(twilio_fake: FakeTwilio) -> None:
    async with twilio_fake.client(max_concurrency=8) as client:
        results = await asyncio.gather(
            *(
                client.messages.create(to=f"+1555000{n:04d}", from_=SENDER, body=f"n{n}")
                for n in range(60)
            )
        )
    assert len({m.sid for m in results}) == 60
    creates = [r for r in twilio_fake.requests if r.method == "POST"]
    assert len(creates) == 60
    assert twilio_fake.max_in_flight <= 8


async def test_client_helper_wires_credentials(twilio_fake: FakeTwilio) -> None:
    client = twilio_fake.client()
    assert isinstance(client, TwilioClient)
    assert client.account_sid == twilio_fake.account_sid
    async with client:
        assert (await client.messages.list().first()) is None
