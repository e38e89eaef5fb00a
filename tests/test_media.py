"""client.media: wire format of list/fetch/delete, typed results and local validation."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from aioresponses import aioresponses

from tests.resource_helpers import (
    ACCOUNT_PATH,
    API,
    client_fixture,  # noqa: F401
    load_fixture,
    only_request,
    sent_requests,
    twilio_fixture,  # noqa: F401
    url_pattern,
)
from twilio_async import InvalidRequestError, Media, NotFoundError, TwilioClient

MESSAGE_SID = "MM" + "b" * 32
MEDIA_SID = "ME" + "c" * 32
MEDIA_LIST = f"{API}{ACCOUNT_PATH}/Messages/{MESSAGE_SID}/Media.json"
MEDIA_ONE = f"{API}{ACCOUNT_PATH}/Messages/{MESSAGE_SID}/Media/{MEDIA_SID}.json"


async def test_list_sends_date_filters_and_page_size(
    client: TwilioClient, twilio: aioresponses
) -> None:
    twilio.get(url_pattern(MEDIA_LIST), payload=load_fixture("media_page"))
    after = datetime(2024, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))

    items = await client.media.list(
        MESSAGE_SID,
        date_created=date(2024, 5, 3),
        date_created_before=date(2024, 6, 1),
        date_created_after=after,
        page_size=20,
    ).collect()

    sent = only_request(twilio)
    assert (sent.method, sent.url) == ("GET", MEDIA_LIST)
    assert sorted(sent.query) == [
        ("DateCreated", "2024-05-03"),
        ("DateCreated<", "2024-06-01"),
        ("DateCreated>", "2024-05-01T12:00:00Z"),
        ("PageSize", "20"),
    ]
    assert [media.sid for media in items] == ["ME" + "a" * 32]
    media = items[0]
    assert isinstance(media, Media)
    assert media.content_type == "image/jpeg"
    assert media.parent_sid == "SM" + "a" * 32
    assert media.date_created == datetime(2015, 8, 16, 15, 53, 54, tzinfo=timezone.utc)


async def test_list_follows_next_page_uri(client: TwilioClient, twilio: aioresponses) -> None:
    first = load_fixture("media_page")
    second = load_fixture("media_page")
    next_uri = f"{ACCOUNT_PATH}/Messages/{MESSAGE_SID}/Media.json?PageSize=1&Page=1&PageToken=PT1"
    first["next_page_uri"] = next_uri
    second["media_list"][0]["sid"] = MEDIA_SID
    twilio.get(f"{MEDIA_LIST}?PageSize=1", payload=first)
    twilio.get(f"{API}{next_uri}", payload=second)

    sids = [media.sid async for media in client.media.list(MESSAGE_SID, page_size=1)]

    assert sids == ["ME" + "a" * 32, MEDIA_SID]
    assert [(r.method, r.url) for r in sent_requests(twilio)] == [("GET", MEDIA_LIST)] * 2


async def test_list_accepts_an_sms_sid(client: TwilioClient, twilio: aioresponses) -> None:
    sms_sid = "SM" + "d" * 32
    url = f"{API}{ACCOUNT_PATH}/Messages/{sms_sid}/Media.json"
    twilio.get(url_pattern(url), payload=load_fixture("media_page"))

    assert len(await client.media.list(sms_sid).collect()) == 1
    assert only_request(twilio).url == url


async def test_fetch_returns_typed_media(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.get(MEDIA_ONE, payload=load_fixture("media_instance"))

    media = await client.media.fetch(MESSAGE_SID, MEDIA_SID)

    sent = only_request(twilio)
    assert (sent.method, sent.url, sent.query, sent.form) == ("GET", MEDIA_ONE, [], None)
    assert isinstance(media, Media)
    assert media.sid.startswith("ME")
    assert media.date_updated is not None
    assert media.date_updated.tzinfo is timezone.utc


async def test_delete_sends_delete(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.delete(MEDIA_ONE, status=204)

    await client.media.delete(MESSAGE_SID, MEDIA_SID)

    sent = only_request(twilio)
    assert (sent.method, sent.url, sent.form) == ("DELETE", MEDIA_ONE, None)


async def test_delete_of_a_missing_media_raises_not_found(
    client: TwilioClient, twilio: aioresponses
) -> None:
    twilio.delete(
        MEDIA_ONE, status=404, payload={"code": 20404, "message": "not found", "status": 404}
    )

    with pytest.raises(NotFoundError):
        await client.media.delete(MESSAGE_SID, MEDIA_SID)


@pytest.mark.parametrize(
    ("message_sid", "media_sid", "parameter"),
    [
        ("PN" + "b" * 32, MEDIA_SID, "message_sid"),
        ("MM123", MEDIA_SID, "message_sid"),
        (MESSAGE_SID, "MM" + "c" * 32, "media_sid"),
        (MESSAGE_SID, "", "media_sid"),
    ],
)
async def test_bad_sids_are_refused_before_sending(
    client: TwilioClient, twilio: aioresponses, message_sid: str, media_sid: str, parameter: str
) -> None:
    for call in (client.media.fetch, client.media.delete, client.media.download):
        with pytest.raises(InvalidRequestError) as caught:
            await call(message_sid, media_sid)
        assert caught.value.parameter == parameter
    assert sent_requests(twilio) == []


async def test_list_refuses_a_bad_message_sid(client: TwilioClient, twilio: aioresponses) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        client.media.list("ME" + "b" * 32)
    assert caught.value.parameter == "message_sid"


async def test_list_refuses_a_naive_datetime(client: TwilioClient, twilio: aioresponses) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        client.media.list(MESSAGE_SID, date_created_after=datetime(2024, 5, 1))
    assert caught.value.parameter == "date_created_after"
