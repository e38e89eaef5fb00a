"""client.messaging_services: wire format on the messaging v1 host, paging, validation."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest
from aioresponses import aioresponses

from tests.resource_helpers import (
    MESSAGING,
    client_fixture,  # noqa: F401
    load_fixture,
    only_request,
    sent_requests,
    twilio_fixture,  # noqa: F401
    url_pattern,
)
from twilio_async import (
    InvalidRequestError,
    MessagingService,
    ScanMessageContent,
    TwilioClient,
)

SERVICE_SID = "MG" + "b" * 32
SERVICES = f"{MESSAGING}/v1/Services"
SERVICE = f"{SERVICES}/{SERVICE_SID}"


async def test_create_sends_every_field_in_order(
    client: TwilioClient, twilio: aioresponses
) -> None:
    twilio.post(SERVICES, status=201, payload=load_fixture("messaging_service_instance"))

    service = await client.messaging_services.create(
        friendly_name="Alerts & more",
        inbound_request_url="https://example.com/in?x=1",
        inbound_method="POST",
        fallback_url="https://example.com/fallback",
        fallback_method="GET",
        status_callback="https://example.com/status",
        sticky_sender=True,
        mms_converter=False,
        smart_encoding=True,
        scan_message_content=ScanMessageContent.DISABLE,
        fallback_to_long_code=False,
        area_code_geomatch=True,
        validity_period=600,
        synchronous_validation=True,
        usecase="notifications",
        use_inbound_webhook_on_number=False,
        extra_params={"Future": ["a", "b"]},
    )

    sent = only_request(twilio)
    assert (sent.method, sent.url, sent.query) == ("POST", SERVICES, [])
    assert sent.form == [
        ("FriendlyName", "Alerts & more"),
        ("InboundRequestUrl", "https://example.com/in?x=1"),
        ("InboundMethod", "POST"),
        ("FallbackUrl", "https://example.com/fallback"),
        ("FallbackMethod", "GET"),
        ("StatusCallback", "https://example.com/status"),
        ("StickySender", "true"),
        ("MmsConverter", "false"),
        ("SmartEncoding", "true"),
        ("ScanMessageContent", "disable"),
        ("FallbackToLongCode", "false"),
        ("AreaCodeGeomatch", "true"),
        ("ValidityPeriod", "600"),
        ("SynchronousValidation", "true"),
        ("Usecase", "notifications"),
        ("UseInboundWebhookOnNumber", "false"),
        ("Future", "a"),
        ("Future", "b"),
    ]
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert isinstance(service, MessagingService)
    assert service.sid == "MG" + "a" * 32
    assert service.date_created == datetime(2015, 7, 30, 20, 12, 31, tzinfo=timezone.utc)
    assert service.scan_message_content is ScanMessageContent.INHERIT
    assert service.validity_period == 600
    assert service.links is not None
    assert "phone_numbers" in service.links


async def test_create_with_only_a_name(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.post(SERVICES, status=201, payload=load_fixture("messaging_service_instance"))

    await client.messaging_services.create(friendly_name="Minimal")

    assert only_request(twilio).form == [("FriendlyName", "Minimal")]


async def test_fetch_update_delete(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.get(SERVICE, payload=load_fixture("messaging_service_instance"))
    twilio.post(SERVICE, payload=load_fixture("messaging_service_instance"))
    twilio.delete(SERVICE, status=204)

    fetched = await client.messaging_services.fetch(SERVICE_SID)
    updated = await client.messaging_services.update(
        SERVICE_SID, fallback_url="", sticky_sender=False, validity_period=36000
    )
    await client.messaging_services.delete(SERVICE_SID)

    requests = sent_requests(twilio)
    assert [(r.method, r.url) for r in requests] == [
        ("GET", SERVICE),
        ("POST", SERVICE),
        ("DELETE", SERVICE),
    ]
    assert requests[0].form is None
    assert requests[1].form == [
        ("FallbackUrl", ""),
        ("StickySender", "false"),
        ("ValidityPeriod", "36000"),
    ]
    assert fetched == updated
    assert fetched.friendly_name == "My Service!"


def _page(sids: list[str], next_page_url: str | None) -> dict[str, Any]:
    page: dict[str, Any] = load_fixture("messaging_service_page")
    template = page["services"][0]
    page["services"] = [{**copy.deepcopy(template), "sid": sid} for sid in sids]
    page["meta"]["next_page_url"] = next_page_url
    return page


async def test_list_walks_meta_pages(client: TwilioClient, twilio: aioresponses) -> None:
    sids = ["MG" + str(n) * 32 for n in range(1, 6)]
    second = "https://messaging.twilio.com/v1/Services?PageSize=2&Page=1&PageToken=PA1"
    third = "https://messaging.twilio.com/v1/Services?PageSize=2&Page=2&PageToken=PA2"
    twilio.get(f"{SERVICES}?PageSize=2", payload=_page(sids[:2], second))
    twilio.get(second, payload=_page(sids[2:4], third))
    twilio.get(third, payload=_page(sids[4:], None))

    pages = [page async for page in client.messaging_services.list(page_size=2).pages()]

    assert [[service.sid for service in page.items] for page in pages] == [
        sids[:2],
        sids[2:4],
        sids[4:],
    ]
    assert all(isinstance(s, MessagingService) for page in pages for s in page.items)
    requests = sent_requests(twilio)
    assert [r.query for r in requests] == [
        [("PageSize", "2")],
        [("Page", "1"), ("PageSize", "2"), ("PageToken", "PA1")],
        [("Page", "2"), ("PageSize", "2"), ("PageToken", "PA2")],
    ]


async def test_list_stops_at_the_limit(client: TwilioClient, twilio: aioresponses) -> None:
    sids = ["MG" + str(n) * 32 for n in range(1, 4)]
    second = "https://messaging.twilio.com/v1/Services?PageSize=2&Page=1&PageToken=PA1"
    twilio.get(f"{SERVICES}?PageSize=2", payload=_page(sids[:2], second))
    twilio.get(second, payload=_page(sids[2:], None))

    got = await client.messaging_services.list(page_size=2, limit=3, prefetch=False).collect()

    assert [service.sid for service in got] == sids
    assert len(sent_requests(twilio)) == 2


async def test_list_follows_links_on_the_configured_region(twilio: aioresponses) -> None:
    regional = "https://messaging.dublin.ie1.twilio.com/v1/Services"
    sids = ["MG" + str(n) * 32 for n in range(1, 3)]
    twilio.get(
        url_pattern(regional), payload=_page(sids[:1], f"{SERVICES}?PageSize=1&Page=1&PageToken=Z")
    )
    twilio.get(f"{regional}?PageSize=1&Page=1&PageToken=Z", payload=_page(sids[1:], None))

    async with TwilioClient(
        "AC" + "a" * 32, auth_token="t", region="ie1", edge="dublin", max_retries=0
    ) as regional_client:
        got = await regional_client.messaging_services.list(page_size=1).collect()

    assert [service.sid for service in got] == sids
    assert {r.url for r in sent_requests(twilio)} == {regional}


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"friendly_name": ""}, "friendly_name"),
        ({"friendly_name": "x", "inbound_request_url": "ftp://example.com"}, "inbound_request_url"),
        ({"friendly_name": "x", "fallback_url": "https://bad_host.example.com"}, "fallback_url"),
        ({"friendly_name": "x", "status_callback": "not a url"}, "status_callback"),
        ({"friendly_name": "x", "inbound_method": "PUT"}, "inbound_method"),
        ({"friendly_name": "x", "fallback_method": "post"}, "fallback_method"),
        ({"friendly_name": "x", "validity_period": 0}, "validity_period"),
        ({"friendly_name": "x", "validity_period": 36001}, "validity_period"),
        ({"friendly_name": "x", "validity_period": True}, "validity_period"),
        ({"friendly_name": "x", "scan_message_content": "maybe"}, "scan_message_content"),
        ({"friendly_name": "x", "extra_params": {"": "v"}}, "extra_params"),
    ],
)
async def test_create_refuses_bad_input_before_sending(
    client: TwilioClient, twilio: aioresponses, arguments: dict[str, Any], parameter: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await client.messaging_services.create(**arguments)

    assert caught.value.parameter == parameter
    assert sent_requests(twilio) == []


@pytest.mark.parametrize(
    ("sid", "arguments", "parameter"),
    [
        ("MG123", {"friendly_name": "x"}, "sid"),
        ("PN" + "b" * 32, {"friendly_name": "x"}, "sid"),
        (SERVICE_SID, {}, "friendly_name"),
        (SERVICE_SID, {"friendly_name": 5}, "friendly_name"),
        (SERVICE_SID, {"validity_period": -1}, "validity_period"),
    ],
)
async def test_update_refuses_bad_input_before_sending(
    client: TwilioClient,
    twilio: aioresponses,
    sid: str,
    arguments: dict[str, Any],
    parameter: str,
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await client.messaging_services.update(sid, **arguments)

    assert caught.value.parameter == parameter
    assert sent_requests(twilio) == []


@pytest.mark.parametrize("call", ["fetch", "delete"])
async def test_fetch_and_delete_refuse_a_bad_sid(
    client: TwilioClient, twilio: aioresponses, call: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await getattr(client.messaging_services, call)("MM" + "b" * 32)
    assert caught.value.parameter == "sid"
    assert sent_requests(twilio) == []
