"""Messages and media on FakeTwilio: create, fetch, update, delete, list, errors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Validate, fixture_json
from twilio_async.testing import FakeTwilio

MESSAGE = "api.v2010.account.message"
MEDIA = "api.v2010.account.message.media"
TO = "+15558675310"


async def send(
    http: aiohttp.ClientSession, acct: str, form: list[tuple[str, str]]
) -> tuple[int, dict[str, Any]]:
    async with http.post(f"{acct}/Messages.json", data=form) as response:
        return response.status, await response.json()


async def get_json(http: aiohttp.ClientSession, url: str) -> tuple[int, Any]:
    async with http.get(url) as response:
        return response.status, await response.json()


async def test_create_returns_queued_message_shaped_like_twilio(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, validate: Validate
) -> None:
    status, body = await send(
        http, acct, [("To", TO), ("From", fake.phone_number or ""), ("Body", "hi")]
    )
    assert status == 201
    validate("api", body, schema=MESSAGE)
    assert body["status"] == "queued"
    assert body["sid"].startswith("SM")
    assert len(body["sid"]) == 34
    assert body["to"] == TO
    assert body["from"] == fake.phone_number
    assert body["body"] == "hi"
    assert body["num_segments"] == "1"
    assert body["num_media"] == "0"
    assert body["uri"] == f"{acct}/Messages/{body['sid']}.json"
    assert body["subresource_uris"]["media"] == f"{acct}/Messages/{body['sid']}/Media.json"
    assert set(fixture_json("message_create_queued")) <= set(body)
    created = parsedate_to_datetime(body["date_created"])
    assert body["date_created"].endswith("+0000")
    assert created.tzinfo is not None


async def test_fetch_update_redact_and_delete(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, validate: Validate
) -> None:
    _, created = await send(http, acct, [("To", TO), ("From", "+15005550006"), ("Body", "secret")])
    url = f"{acct}/Messages/{created['sid']}.json"
    status, fetched = await get_json(http, url)
    assert status == 200
    assert fetched["sid"] == created["sid"]
    assert fetched["body"] == "secret"
    validate("api", fetched, schema=MESSAGE)
    async with http.post(url, data={"Body": ""}) as response:
        assert response.status == 200
        assert (await response.json())["body"] == ""
    assert fake.message(created["sid"])["body"] == ""
    async with http.post(url, data={"Body": "new text"}) as response:
        assert response.status == 400
        assert (await response.json())["code"] == 20001
    async with http.delete(url) as response:
        assert response.status == 204
        assert await response.read() == b""
    status, missing = await get_json(http, url)
    assert status == 404
    assert missing["code"] == 20404
    assert missing["status"] == 404


async def test_scheduled_message_can_be_canceled_once(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    service = fake.add_service("Scheduler")
    send_at = (datetime.now(timezone.utc) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    form = [
        ("To", TO),
        ("MessagingServiceSid", service.sid),
        ("Body", "later"),
        ("ScheduleType", "fixed"),
        ("SendAt", send_at),
    ]
    status, created = await send(http, acct, form)
    assert status == 201
    assert created["status"] == "scheduled"
    assert created["date_sent"] is None
    assert created["messaging_service_sid"] == service.sid
    url = f"{acct}/Messages/{created['sid']}.json"
    async with http.post(url, data={"Status": "canceled"}) as response:
        assert response.status == 200
        assert (await response.json())["status"] == "canceled"
    async with http.post(url, data={"Status": "canceled"}) as response:
        assert response.status == 400


async def test_schedule_without_service_is_rejected(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    form = [("To", TO), ("From", "+15005550006"), ("Body", "x"), ("ScheduleType", "fixed")]
    status, body = await send(http, acct, form)
    assert status == 400
    assert body["code"] == 35118


async def test_media_list_fetch_content_and_delete(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, validate: Validate
) -> None:
    fake.set_media("https://media.example/cat.png", b"\x89PNG-cat", "image/png")
    form = [
        ("To", TO),
        ("From", "+15005550006"),
        ("MediaUrl", "https://media.example/cat.png"),
        ("MediaUrl", "https://media.example/doc.pdf"),
    ]
    status, created = await send(http, acct, form)
    assert status == 201
    assert created["sid"].startswith("MM")
    assert created["num_media"] == "2"
    media_path = created["subresource_uris"]["media"]
    status, page = await get_json(http, media_path)
    assert status == 200
    validate("api", page, path="/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json")
    items = page["media_list"]
    assert [m["content_type"] for m in items] == ["image/png", "application/pdf"]
    for item in items:
        validate("api", item, schema=MEDIA)
        assert item["parent_sid"] == created["sid"]
    assert set(fixture_json("media_instance")) <= set(items[0])
    status, one = await get_json(http, items[0]["uri"])
    assert status == 200
    assert one == items[0]
    async with http.get(items[0]["uri"].removesuffix(".json")) as response:
        assert response.status == 200
        assert response.content_type == "image/png"
        assert await response.read() == b"\x89PNG-cat"
    async with http.delete(items[1]["uri"]) as response:
        assert response.status == 204
    status, page = await get_json(http, media_path)
    assert [m["sid"] for m in page["media_list"]] == [items[0]["sid"]]
    status, body = await get_json(http, items[1]["uri"])
    assert status == 404
    assert body["code"] == 20404


async def test_list_walks_every_page_by_following_next_page_uri(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, validate: Validate
) -> None:
    sids = {fake.add_message(to=TO, from_="+15005550006", body=str(i)) for i in range(7)}
    url: str | None = f"{acct}/Messages.json?PageSize=3"
    seen: list[str] = []
    pages = 0
    while url is not None and pages < 10:
        status, page = await get_json(http, url)
        assert status == 200
        validate("api", page, path="/2010-04-01/Accounts/{AccountSid}/Messages.json")
        assert page["page"] == pages
        assert page["page_size"] == 3
        assert page["start"] == pages * 3
        if pages:
            assert page["previous_page_uri"] is not None
        seen += [m["sid"] for m in page["messages"]]
        url = page["next_page_uri"]
        pages += 1
    assert pages == 3
    assert len(seen) == 7
    assert set(seen) == sids


async def test_list_is_newest_first_and_stable_when_messages_arrive(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    now = datetime.now(timezone.utc)
    for day in range(4):
        fake.add_message(
            to=TO, from_="+15005550006", body=f"d{day}", date_sent=now - timedelta(days=day)
        )
    _, first = await get_json(http, f"{acct}/Messages.json?PageSize=2")
    assert [m["body"] for m in first["messages"]] == ["d0", "d1"]
    fake.add_message(
        to=TO, from_="+15005550006", body="newest", date_sent=now + timedelta(seconds=5)
    )
    _, second = await get_json(http, first["next_page_uri"])
    assert [m["body"] for m in second["messages"]] == ["d2", "d3"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("DateSent=2024-03-02", ["b"]),
        ("DateSent%3C=2024-03-02", ["b", "a"]),
        ("DateSent%3E=2024-03-02", ["c", "b"]),
        ("DateSent%3E=2024-03-01T12:00:00Z&DateSent%3C=2024-03-02T12:00:00Z", ["b"]),
        ("To=%2B15550000002", ["b"]),
        ("From=%2B15005550006&DateSent%3C=2024-03-01", ["a"]),
    ],
)
async def test_list_filters(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, query: str, expected: list[str]
) -> None:
    for index, body in enumerate("abc"):
        fake.add_message(
            to=f"+1555000000{index + 1}",
            from_="+15005550006",
            body=body,
            date_sent=datetime(2024, 3, 1 + index, 9, 0, tzinfo=timezone.utc),
        )
    status, page = await get_json(http, f"{acct}/Messages.json?{query}")
    assert status == 200
    assert [m["body"] for m in page["messages"]] == expected
    assert page["next_page_uri"] is None


async def test_list_filter_names_stay_literal_in_paging_uris(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    for i in range(3):
        fake.add_message(
            to=TO,
            from_="+15005550006",
            body=str(i),
            date_sent=datetime(2024, 1, 1, tzinfo=timezone.utc),
        )
    _, page = await get_json(http, f"{acct}/Messages.json?DateSent%3C=2024-02-01&PageSize=2")
    assert "DateSent%3C=2024-02-01" in page["next_page_uri"]
    _, second = await get_json(http, page["next_page_uri"])
    assert len(second["messages"]) == 1
    assert second["next_page_uri"] is None


@pytest.mark.parametrize(
    "query", ["PageSize=0", "PageSize=1001", "PageSize=x", "DateSent=yesterday"]
)
async def test_list_rejects_bad_paging_and_dates(
    http: aiohttp.ClientSession, acct: str, query: str
) -> None:
    status, body = await get_json(http, f"{acct}/Messages.json?{query}")
    assert status == 400
    assert body["code"] == 20001
    assert body["status"] == 400


async def test_page_size_bounds_are_inclusive(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    fake.add_message(to=TO, from_="+15005550006", body="x")
    for size in (1, 1000):
        status, page = await get_json(http, f"{acct}/Messages.json?PageSize={size}")
        assert status == 200
        assert page["page_size"] == size
    status, page = await get_json(http, f"{acct}/Messages.json")
    assert page["page_size"] == 50


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ([("From", "+15005550006"), ("Body", "x")], 21604),
        ([("To", TO), ("Body", "x")], 21603),
        ([("To", TO), ("From", "+15005550006")], 21602),
        ([("To", "not-a-number"), ("From", "+15005550006"), ("Body", "x")], 21211),
        ([("To", TO), ("From", "12-34"), ("Body", "x")], 21212),
        ([("To", TO), ("From", "+15551234567"), ("Body", "x")], 21606),
        ([("To", TO), ("From", "+15005550006"), ("Body", "x" * 1601)], 21617),
        ([("To", TO), ("From", "+15005550006"), ("MediaUrl", "ftp://x/y.png")], 21620),
        ([("To", TO), ("MessagingServiceSid", "MG" + "0" * 32), ("Body", "x")], 21701),
        ([("To", TO), ("From", "+15005550006"), ("Body", "x"), ("StatusCallback", "nope")], 21609),
    ],
)
async def test_create_errors_carry_twilio_codes(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, form: list[tuple[str, str]], code: int
) -> None:
    status, body = await send(http, acct, form)
    assert status == 400
    assert body == {
        "code": code,
        "message": body["message"],
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": 400,
    }
    assert body["message"]
    assert not [m for m in fake._ctx.store.messages.values() if m.body == "x"]


async def test_body_of_exactly_1600_characters_is_accepted(
    http: aiohttp.ClientSession, acct: str
) -> None:
    status, body = await send(
        http, acct, [("To", TO), ("From", "+15005550006"), ("Body", "x" * 1600)]
    )
    assert status == 201
    assert body["num_segments"] == "11"


@pytest.mark.parametrize(
    ("to", "from_", "code"),
    [
        ("+15005550001", "+15005550006", 21211),
        ("+15005550002", "+15005550006", 21612),
        ("+15005550003", "+15005550006", 21408),
        ("+15005550004", "+15005550006", 21610),
        ("+15005550009", "+15005550006", 21614),
        (TO, "+15005550001", 21212),
        (TO, "+15005550007", 21606),
        (TO, "+15005550008", 21611),
    ],
)
async def test_magic_numbers_fail_as_documented(
    http: aiohttp.ClientSession, acct: str, to: str, from_: str, code: int
) -> None:
    status, body = await send(http, acct, [("To", to), ("From", from_), ("Body", "x")])
    assert status == 400
    assert body["code"] == code


async def test_magic_sender_and_owned_numbers_are_accepted(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    for sender in ("+15005550006", fake.phone_number or "", "ACME"):
        status, body = await send(http, acct, [("To", TO), ("From", sender), ("Body", "ok")])
        assert status == 201, body
        assert body["from"] == sender


@pytest.mark.parametrize(
    ("text", "segments"),
    [("a" * 160, "1"), ("a" * 161, "2"), ("€" * 80, "1"), ("é" * 70, "1"), ("😀" * 36, "2")],
)
async def test_segments_follow_gsm7_and_ucs2(
    http: aiohttp.ClientSession, acct: str, text: str, segments: str
) -> None:
    status, body = await send(http, acct, [("To", TO), ("From", "+15005550006"), ("Body", text)])
    assert status == 201
    assert body["num_segments"] == segments


async def test_unknown_message_and_routes_are_404(http: aiohttp.ClientSession, acct: str) -> None:
    for url in (f"{acct}/Messages/SM{'0' * 32}.json", f"{acct}/Nothing.json", "/v1/Nothing"):
        status, body = await get_json(http, url)
        assert status == 404
        assert body["code"] == 20404
    async with http.put(f"{acct}/Messages.json") as response:
        assert response.status == 405
        assert (await response.json())["code"] == 20004


async def test_page_number_without_token_is_an_offset(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    now = datetime.now(timezone.utc)
    for i in range(5):
        fake.add_message(
            to=TO, from_="+15005550006", body=str(i), date_sent=now - timedelta(minutes=i)
        )
    status, page = await get_json(http, f"{acct}/Messages.json?PageSize=2&Page=1")
    assert status == 200
    assert [m["body"] for m in page["messages"]] == ["2", "3"]
    assert page["start"] == 2
    assert page["end"] == 3
    assert page["previous_page_uri"].endswith("PageSize=2&Page=0")
    status, last = await get_json(http, f"{acct}/Messages.json?PageSize=2&Page=2")
    assert [m["body"] for m in last["messages"]] == ["4"]
    assert last["next_page_uri"] is None
    status, beyond = await get_json(http, f"{acct}/Messages.json?PageSize=2&Page=9")
    assert status == 200
    assert beyond["messages"] == []
