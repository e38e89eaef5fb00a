"""Status callbacks, inbound webhooks and their signatures; the status timeline."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import aiohttp
import attrs
import pytest
from aiohttp import web

from twilio_async.testing import FakeTwilio

TO = "+15558675310"
WAIT = 5.0


@attrs.frozen
class Received:
    method: str
    url: str
    form: tuple[tuple[str, str], ...]
    signature: str | None


class Receiver:
    """An aiohttp app on 127.0.0.1 that keeps every webhook it gets."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Received] = asyncio.Queue()
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        form = await request.post()
        await self.queue.put(
            Received(
                request.method,
                str(request.url),
                tuple((k, str(v)) for k, v in form.items()),
                request.headers.get("X-Twilio-Signature"),
            )
        )
        return web.Response(text="<Response/>", content_type="text/xml")

    async def next(self) -> Received:
        return await asyncio.wait_for(self.queue.get(), timeout=WAIT)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    catcher = Receiver()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", catcher.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    catcher.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield catcher
    await runner.cleanup()


def reference_signature(token: str, url: str, params: tuple[tuple[str, str], ...]) -> str:
    """Twilio's documented scheme, computed independently of the fake."""
    data = url
    for name, value in sorted(params):
        data += name + value
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def test_sign_matches_a_known_vector() -> None:
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    fake = FakeTwilio(auth_token="12345")
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert fake.sign(url, params) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert fake.sign(url, list(params.items())) == fake.sign(url, params)
    assert fake.sign(url, {**params, "Digits": "1235"}) != fake.sign(url, params)


async def send(http: aiohttp.ClientSession, acct: str, form: dict[str, str]) -> dict[str, str]:
    async with http.post(f"{acct}/Messages.json", data=form) as response:
        assert response.status == 201
        created: dict[str, str] = await response.json()
        return created


async def test_status_callbacks_follow_the_timeline_and_are_signed(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, receiver: Receiver
) -> None:
    callback = f"{receiver.url}/status?tenant=7"
    created = await send(
        http, acct, {"To": TO, "From": "+15005550006", "Body": "hello", "StatusCallback": callback}
    )
    statuses = []
    for _ in range(3):
        got = await receiver.next()
        assert got.method == "POST"
        assert got.url == callback
        form = dict(got.form)
        assert got.signature == reference_signature(fake.auth_token, callback, got.form)
        assert got.signature == fake.sign(callback, got.form)
        assert form["MessageSid"] == created["sid"]
        assert form["SmsSid"] == created["sid"]
        assert form["AccountSid"] == fake.account_sid
        assert form["From"] == "+15005550006"
        assert form["To"] == TO
        assert form["ApiVersion"] == "2010-04-01"
        assert form["SmsStatus"] == form["MessageStatus"]
        statuses.append(form["MessageStatus"])
    assert statuses == ["sending", "sent", "delivered"]
    await fake.settle()
    final = fake.message(created["sid"])
    assert final["status"] == "delivered"
    assert final["price"] == "-0.00790"
    assert final["price_unit"] == "USD"
    assert [w.status for w in fake.webhooks] == [200, 200, 200]


async def test_chosen_numbers_fail_or_go_undelivered(receiver: Receiver) -> None:
    outcomes = {"+15550001111": ("failed", 30008)}
    async with FakeTwilio(status_step=0.01, outcomes=outcomes) as fake:
        fake.set_outcome("+15550002222", "undelivered", 30003)
        headers = {
            "Authorization": "Basic "
            + base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode()).decode()
        }
        async with aiohttp.ClientSession(base_url=fake.base_url, headers=headers) as http:
            acct = f"/2010-04-01/Accounts/{fake.account_sid}"
            failed = await send(
                http, acct, {"To": "+15550001111", "From": "+15005550006", "Body": "x"}
            )
            lost = await send(
                http, acct, {"To": "+15550002222", "From": "+15005550006", "Body": "x"}
            )
            await fake.settle()
            assert fake.pending_tasks == 0
        assert fake.message(failed["sid"])["status"] == "failed"
        assert fake.message(failed["sid"])["error_code"] == 30008
        assert fake.message(lost["sid"])["status"] == "undelivered"
        assert fake.message(lost["sid"])["error_code"] == 30003
        assert fake.message(lost["sid"])["error_message"]
    with pytest.raises(ValueError, match="outcome"):
        FakeTwilio(outcomes={TO: ("delivered", 1)})


async def test_failed_callback_carries_error_code(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, receiver: Receiver
) -> None:
    fake.set_outcome(TO, "failed", 30006)
    await send(
        http, acct, {"To": TO, "From": "+15005550006", "Body": "x", "StatusCallback": receiver.url}
    )
    first, second = await receiver.next(), await receiver.next()
    assert dict(first.form)["MessageStatus"] == "sending"
    assert "ErrorCode" not in dict(first.form)
    assert dict(second.form)["MessageStatus"] == "failed"
    assert dict(second.form)["ErrorCode"] == "30006"


async def test_service_status_callback_is_used_when_message_has_none(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, receiver: Receiver
) -> None:
    service = fake.add_service("Notify", status_callback=f"{receiver.url}/svc")
    created = await send(http, acct, {"To": TO, "MessagingServiceSid": service.sid, "Body": "x"})
    got = await receiver.next()
    assert got.url == f"{receiver.url}/svc"
    assert dict(got.form)["MessagingServiceSid"] == service.sid
    assert dict(got.form)["MessageSid"] == created["sid"]


async def test_transitions_off_keeps_messages_queued(receiver: Receiver) -> None:
    async with FakeTwilio(status_step=0) as fake:
        headers = {
            "Authorization": "Basic "
            + base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode()).decode()
        }
        async with aiohttp.ClientSession(base_url=fake.base_url, headers=headers) as http:
            acct = f"/2010-04-01/Accounts/{fake.account_sid}"
            created = await send(
                http,
                acct,
                {"To": TO, "From": "+15005550006", "Body": "x", "StatusCallback": receiver.url},
            )
        assert fake.pending_tasks == 0
        assert fake.message(created["sid"])["status"] == "queued"
    assert receiver.queue.empty()


async def test_stop_cancels_the_timeline_cleanly(receiver: Receiver) -> None:
    fake = FakeTwilio(status_step=30)
    await fake.start()
    headers = {
        "Authorization": "Basic "
        + base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode()).decode()
    }
    async with aiohttp.ClientSession(base_url=fake.base_url, headers=headers) as http:
        acct = f"/2010-04-01/Accounts/{fake.account_sid}"
        for _ in range(3):
            await send(
                http,
                acct,
                {"To": TO, "From": "+15005550006", "Body": "x", "StatusCallback": receiver.url},
            )
    assert fake.pending_tasks == 3
    await fake.stop()
    assert fake.pending_tasks == 0
    current = asyncio.current_task()
    assert [t for t in asyncio.all_tasks() if t is not current and not t.done()] == []


async def test_cancelling_a_scheduled_message_sends_a_callback(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, receiver: Receiver
) -> None:
    service = fake.add_service("Later")
    created = await send(
        http,
        acct,
        {
            "To": TO,
            "MessagingServiceSid": service.sid,
            "Body": "x",
            "ScheduleType": "fixed",
            "SendAt": "2030-01-01T00:00:00Z",
            "StatusCallback": receiver.url,
        },
    )
    async with http.post(
        f"{acct}/Messages/{created['sid']}.json", data={"Status": "canceled"}
    ) as response:
        assert response.status == 200
    got = await receiver.next()
    assert dict(got.form)["MessageStatus"] == "canceled"


async def test_inbound_message_is_posted_to_the_sms_url_and_stored(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, receiver: Receiver
) -> None:
    sms_url = f"{receiver.url}/inbound"
    number = fake.add_number("+14155550199", sms_url=sms_url)
    delivery = await fake.deliver_inbound(
        from_=TO, to=number.phone_number, body="hi there", media_urls=["https://m.example/a.jpg"]
    )
    got = await receiver.next()
    form = dict(got.form)
    assert got.url == sms_url
    assert got.signature == reference_signature(fake.auth_token, sms_url, got.form)
    assert form["Body"] == "hi there"
    assert form["From"] == TO
    assert form["To"] == number.phone_number
    assert form["SmsStatus"] == "received"
    assert form["NumMedia"] == "1"
    assert form["MediaContentType0"] == "image/jpeg"
    assert form["MessageSid"].startswith("MM")
    assert delivery is not None
    assert delivery.status == 200
    assert delivery.response_body == "<Response/>"
    async with http.get(form["MediaUrl0"]) as response:
        assert response.status == 200
        assert response.content_type == "image/jpeg"
    stored = fake.message(form["MessageSid"])
    assert stored["direction"] == "inbound"
    assert stored["status"] == "received"


async def test_inbound_with_get_method_signs_the_full_url(
    fake: FakeTwilio, receiver: Receiver
) -> None:
    sms_url = f"{receiver.url}/hook"
    number = fake.add_number("+14155550198", sms_url=sms_url, sms_method="GET")
    delivery = await fake.deliver_inbound(from_=TO, to=number.phone_number, body="hey")
    got = await receiver.next()
    assert got.method == "GET"
    assert delivery is not None
    assert got.url == f"{sms_url}?{urlencode(delivery.params)}"
    assert got.signature == reference_signature(fake.auth_token, got.url, ())


async def test_inbound_edge_cases(fake: FakeTwilio) -> None:
    with pytest.raises(ValueError, match="not a number"):
        await fake.deliver_inbound(from_=TO, to="+19999999999", body="x")
    quiet = fake.add_number("+14155550197")
    assert await fake.deliver_inbound(from_=TO, to=quiet.phone_number, body="x") is None
    dead = fake.add_number("+14155550196", sms_url="http://127.0.0.1:9/nothing")
    delivery = await fake.deliver_inbound(from_=TO, to=dead.phone_number, body="x")
    assert delivery is not None
    assert delivery.status is None
    assert delivery.error
