"""The exact requests the Messages service sends (captured with aioresponses)."""

from __future__ import annotations

import inspect
import re
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

import pytest
from aioresponses import aioresponses
from yarl import URL

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, load_fixture
from twilio_async import InvalidRequestError, Message, MessageStatus, TwilioClient
from twilio_async.resources.messages import MessagesService

BASE = "https://api.twilio.com"
MESSAGES = f"{BASE}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
SID = "SM" + "1" * 32


@pytest.fixture
async def client() -> AsyncIterator[TwilioClient]:
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio:
        yield twilio


@pytest.fixture
def mocked() -> AsyncIterator[aioresponses]:
    with aioresponses() as mock:
        yield mock


def only_request(mock: aioresponses) -> tuple[str, URL, dict[str, Any]]:
    assert len(mock.requests) == 1, mock.requests
    (method, url), calls = next(iter(mock.requests.items()))
    assert len(calls) == 1
    return method, url, calls[0].kwargs


def form_of(kwargs: dict[str, Any]) -> list[tuple[str, str]]:
    return parse_qsl(kwargs["data"].decode(), keep_blank_values=True)


async def test_create_sends_every_argument_as_twilio_expects(
    client: TwilioClient, mocked: aioresponses
) -> None:
    mocked.post(MESSAGES, status=201, payload=load_fixture("message_create_queued"))
    message = await client.messages.create(
        to="+15558675310",
        from_="+15017122661",
        body="Hello 👋",
        media_url=["https://example.com/a.png", "https://example.com/b.png"],
        status_callback="https://hooks.example.com/status",
        validity_period=600,
        smart_encoded=True,
        shorten_urls=False,
        max_price=Decimal("0.0075"),
        persistent_action=["mailto:a@example.com", "geo:1,2"],
        send_as_mms=True,
        attempt=2,
        extra_params={"RiskCheck": "disable"},
    )
    assert isinstance(message, Message)
    assert message.status is MessageStatus.QUEUED
    method, url, kwargs = only_request(mocked)
    assert method == "POST"
    assert str(url) == MESSAGES
    assert kwargs["data"].content_type == "application/x-www-form-urlencoded"
    assert form_of(kwargs) == [
        ("To", "+15558675310"),
        ("From", "+15017122661"),
        ("Body", "Hello 👋"),
        ("MediaUrl", "https://example.com/a.png"),
        ("MediaUrl", "https://example.com/b.png"),
        ("StatusCallback", "https://hooks.example.com/status"),
        ("ValidityPeriod", "600"),
        ("MaxPrice", "0.0075"),
        ("Attempt", "2"),
        ("SmartEncoded", "true"),
        ("ShortenUrls", "false"),
        ("SendAsMms", "true"),
        ("PersistentAction", "mailto:a@example.com"),
        ("PersistentAction", "geo:1,2"),
        ("RiskCheck", "disable"),
    ]


# One sample per keyword of create: (value, the pair it must add to the form).
CREATE_SAMPLES: dict[str, tuple[Any, tuple[str, str]]] = {
    "to": ("+15558675311", ("To", "+15558675311")),
    "from_": ("+15017122661", ("From", "+15017122661")),
    "body": ("Sample body", ("Body", "Sample body")),
    "media_url": (["https://example.com/m.png"], ("MediaUrl", "https://example.com/m.png")),
    "messaging_service_sid": ("MG" + "7" * 32, ("MessagingServiceSid", "MG" + "7" * 32)),
    "status_callback": (
        "https://hooks.example.com/s",
        ("StatusCallback", "https://hooks.example.com/s"),
    ),
    "application_sid": ("AP" + "3" * 32, ("ApplicationSid", "AP" + "3" * 32)),
    "validity_period": (61, ("ValidityPeriod", "61")),
    "max_price": ("0.05", ("MaxPrice", "0.05")),
    "provide_feedback": (True, ("ProvideFeedback", "true")),
    "attempt": (3, ("Attempt", "3")),
    "force_delivery": (False, ("ForceDelivery", "false")),
    "smart_encoded": (True, ("SmartEncoded", "true")),
    "shorten_urls": (True, ("ShortenUrls", "true")),
    "send_as_mms": (False, ("SendAsMms", "false")),
    "send_at": (
        datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        ("SendAt", "2030-01-02T03:04:05Z"),
    ),
    "schedule_type": ("fixed", ("ScheduleType", "fixed")),
    "content_sid": ("HX" + "5" * 32, ("ContentSid", "HX" + "5" * 32)),
    "content_variables": ({"1": "Ana"}, ("ContentVariables", '{"1":"Ana"}')),
    "persistent_action": (["mailto:x@example.com"], ("PersistentAction", "mailto:x@example.com")),
    "fallback_from": ("+15017122662", ("FallbackFrom", "+15017122662")),
    "content_retention": ("discard", ("ContentRetention", "discard")),
    "address_retention": ("obfuscate", ("AddressRetention", "obfuscate")),
    "risk_check": ("disable", ("RiskCheck", "disable")),
    "traffic_type": ("free", ("TrafficType", "free")),
}


def test_every_create_keyword_has_a_sample() -> None:
    keywords = set(inspect.signature(MessagesService.create).parameters) - {"self", "extra_params"}
    assert keywords == set(CREATE_SAMPLES)


@pytest.mark.parametrize("keyword", sorted(CREATE_SAMPLES))
async def test_each_create_keyword_is_sent_under_its_own_name(
    client: TwilioClient, mocked: aioresponses, keyword: str
) -> None:
    value, pair = CREATE_SAMPLES[keyword]
    arguments = {"to": "+15558675310", "messaging_service_sid": "MG" + "1" * 32, "body": "Hi"}
    mocked.post(MESSAGES, status=201, payload=load_fixture("message_create_queued"))
    await client.messages.create(**{**arguments, keyword: value})
    form = form_of(only_request(mocked)[2])
    assert pair in form
    assert len(form) == len(dict(form))  # each key once
    assert {key for key, _ in form} <= {
        "To",
        "MessagingServiceSid",
        "Body",
        "ScheduleType",
        pair[0],
    }


async def test_schedule_sets_fixed_schedule_type(
    client: TwilioClient, mocked: aioresponses
) -> None:
    mocked.post(MESSAGES, status=201, payload=load_fixture("message_create_queued"))
    await client.messages.create(
        to="+15558675310",
        messaging_service_sid="MG" + "2" * 32,
        body="later",
        send_at=datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        content_variables={"1": "x"},
    )
    form = dict(form_of(only_request(mocked)[2]))
    assert form["SendAt"] == "2030-01-02T03:04:05Z"
    assert form["ScheduleType"] == "fixed"
    assert form["ContentVariables"] == '{"1":"x"}'
    assert "From" not in form


async def test_fetch_update_redact_cancel_delete(
    client: TwilioClient, mocked: aioresponses
) -> None:
    url = f"{BASE}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{SID}.json"
    payload = load_fixture("message_instance")
    mocked.get(url, payload=payload)
    mocked.post(url, payload=payload, repeat=True)
    mocked.delete(url, status=204)
    assert (await client.messages.fetch(SID)).sid == payload["sid"]
    await client.messages.redact(SID)
    await client.messages.cancel(SID)
    await client.messages.update(SID, body="")
    assert await client.messages.delete(SID) is None
    posts = mocked.requests[("POST", URL(url))]
    assert [form_of(call.kwargs) for call in posts] == [
        [("Body", "")],
        [("Status", "canceled")],
        [("Body", "")],
    ]
    assert ("DELETE", URL(url)) in mocked.requests


async def test_list_sends_filters_and_page_size(client: TwilioClient, mocked: aioresponses) -> None:
    mocked.get(re.compile(r".*Messages\.json.*"), payload=load_fixture("message_page"))
    pager = client.messages.list(
        to="+15558675310",
        from_="+15017122661",
        date_sent_after=datetime(2024, 1, 1, tzinfo=timezone.utc),
        date_sent_before=datetime(2024, 2, 1, tzinfo=timezone.utc),
        page_size=50,
        limit=20,
    )
    messages = await pager.collect()
    assert len(messages) == 2
    _, url, _ = only_request(mocked)
    assert url.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert sorted(parse_qsl(url.raw_query_string)) == sorted(
        [
            ("To", "+15558675310"),
            ("From", "+15017122661"),
            ("DateSent>", "2024-01-01T00:00:00Z"),
            ("DateSent<", "2024-02-01T00:00:00Z"),
            ("PageSize", "20"),
        ]
    )
    assert "%2B15558675310" in url.raw_query_string


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"to": "", "from_": "+1", "body": "x"}, "to"),
        ({"to": None, "from_": "+1", "body": "x"}, "to"),
        ({"to": "+1", "body": "x"}, "from_"),
        ({"to": "+1", "from_": "+1"}, "body"),
        ({"to": "+1", "from_": "+1", "body": "x" * 1601}, "body"),
        ({"to": "+1", "from_": "+1", "media_url": ["https://e.com/x"] * 11}, "media_url"),
        ({"to": "+1", "from_": "+1", "media_url": "https://e.com/x"}, "media_url"),
        ({"to": "+1", "from_": "+1", "body": "x", "validity_period": 0}, "validity_period"),
        ({"to": "+1", "from_": "+1", "body": "x", "validity_period": 36001}, "validity_period"),
        ({"to": "+1", "from_": "+1", "body": "x", "max_price": "0.12345"}, "max_price"),
        ({"to": "+1", "from_": "+1", "body": "x", "max_price": "-1"}, "max_price"),
        (
            {"to": "+1", "from_": "+1", "body": "x", "status_callback": "ftp://h/x"},
            "status_callback",
        ),
        (
            {"to": "+1", "from_": "+1", "body": "x", "status_callback": "https://my_host.com/x"},
            "status_callback",
        ),
        (
            {"to": "+1", "from_": "+1", "body": "x", "status_callback": "/relative"},
            "status_callback",
        ),
        ({"to": "+1", "messaging_service_sid": "MGxyz", "body": "x"}, "messaging_service_sid"),
        ({"to": "+1", "from_": "+1", "content_sid": "HX1"}, "content_sid"),
        (
            {"to": "+1", "from_": "+1", "body": "x", "send_at": datetime(2030, 1, 1)},
            "messaging_service_sid",
        ),
        (
            {
                "to": "+1",
                "messaging_service_sid": "MG" + "0" * 32,
                "body": "x",
                "send_at": datetime(2030, 1, 1),
            },
            "send_at",
        ),
    ],
)
async def test_create_refuses_bad_input_without_sending(
    client: TwilioClient, mocked: aioresponses, arguments: dict[str, Any], parameter: str
) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await client.messages.create(**arguments)
    assert info.value.parameter == parameter
    assert parameter in str(info.value)
    assert not mocked.requests


async def test_create_refuses_an_empty_body_without_media(
    client: TwilioClient, mocked: aioresponses
) -> None:
    with pytest.raises(InvalidRequestError) as info:
        await client.messages.create(to="+15558675310", from_="+15017122661", body="")
    assert info.value.parameter == "body"
    with pytest.raises(InvalidRequestError, match="body"):
        await client.messages.create(to="+15558675310", from_="+15017122661", media_url=[])
    assert not mocked.requests


@pytest.mark.parametrize("sid", ["SM123", "XX" + "0" * 32, "SM" + "g" * 32, "", None])
async def test_path_sids_are_checked(client: TwilioClient, mocked: aioresponses, sid: Any) -> None:
    for call in (client.messages.fetch, client.messages.delete, client.messages.redact):
        with pytest.raises(InvalidRequestError) as info:
            await call(sid)
        assert info.value.parameter == "sid"
    assert not mocked.requests


async def test_update_refuses_anything_but_redact_or_cancel(
    client: TwilioClient, mocked: aioresponses
) -> None:
    with pytest.raises(InvalidRequestError, match="body"):
        await client.messages.update(SID)
    with pytest.raises(InvalidRequestError, match="body"):
        await client.messages.update(SID, body="new text")
    with pytest.raises(InvalidRequestError, match="status"):
        await client.messages.update(SID, status="sent")  # type: ignore[arg-type]
    assert not mocked.requests


async def test_list_arguments_are_checked(client: TwilioClient) -> None:
    with pytest.raises(InvalidRequestError) as info:
        client.messages.list(page_size=1001)
    assert info.value.parameter == "page_size"
    with pytest.raises(InvalidRequestError) as info:
        client.messages.list(limit=0)
    assert info.value.parameter == "limit"
    with pytest.raises(InvalidRequestError) as info:
        client.messages.list(date_sent_after=datetime(2024, 1, 1))
    assert info.value.parameter == "date_sent_after"
