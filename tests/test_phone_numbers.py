"""client.phone_numbers: buy, fetch, update, delete and list owned numbers (2010 API)."""

from __future__ import annotations

from typing import Any

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
from twilio_async import (
    AddressRequirement,
    EmergencyStatus,
    IncomingPhoneNumber,
    InvalidRequestError,
    MalformedResponseError,
    PhoneNumberCapabilities,
    TwilioClient,
    VoiceReceiveMode,
)

NUMBER_SID = "PN" + "b" * 32
NUMBERS = f"{API}{ACCOUNT_PATH}/IncomingPhoneNumbers.json"
NUMBER = f"{API}{ACCOUNT_PATH}/IncomingPhoneNumbers/{NUMBER_SID}.json"
APP_SID = "AP" + "c" * 32


async def test_buy_by_area_code_sends_the_form(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.post(NUMBERS, status=201, payload=load_fixture("incoming_phone_number_instance"))

    number = await client.phone_numbers.buy(
        area_code="415",
        friendly_name="Support line",
        sms_url="https://example.com/sms",
        sms_method="POST",
        sms_fallback_url="https://example.com/sms-fallback",
        status_callback="https://example.com/status",
        voice_receive_mode=VoiceReceiveMode.FAX,
        emergency_status="Inactive",
        bundle_sid="BU" + "d" * 32,
    )

    sent = only_request(twilio)
    assert (sent.method, sent.url, sent.query) == ("POST", NUMBERS, [])
    assert sent.form == [
        ("AreaCode", "415"),
        ("FriendlyName", "Support line"),
        ("SmsUrl", "https://example.com/sms"),
        ("SmsMethod", "POST"),
        ("SmsFallbackUrl", "https://example.com/sms-fallback"),
        ("StatusCallback", "https://example.com/status"),
        ("VoiceReceiveMode", "fax"),
        ("EmergencyStatus", "Inactive"),
        ("BundleSid", "BU" + "d" * 32),
    ]
    assert isinstance(number, IncomingPhoneNumber)
    capabilities = PhoneNumberCapabilities(voice=True, sms=False, mms=True, fax=False)
    assert number.capabilities == capabilities
    assert number.emergency_status is EmergencyStatus.ACTIVE
    assert number.address_requirements is AddressRequirement.NONE
    assert number.sms_url == ""


async def test_buy_a_given_number(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.post(NUMBERS, status=201, payload=load_fixture("incoming_phone_number_instance"))

    await client.phone_numbers.buy(phone_number="+14155551234", sms_application_sid=APP_SID)

    assert only_request(twilio).form == [
        ("PhoneNumber", "+14155551234"),
        ("SmsApplicationSid", APP_SID),
    ]


async def test_buy_takes_an_int_area_code(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.post(NUMBERS, status=201, payload=load_fixture("incoming_phone_number_instance"))

    await client.phone_numbers.buy(area_code=212)

    assert only_request(twilio).form == [("AreaCode", "212")]


async def test_fetch_update_delete(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.get(NUMBER, payload=load_fixture("incoming_phone_number_instance"))
    twilio.post(NUMBER, payload=load_fixture("incoming_phone_number_instance"))
    twilio.delete(NUMBER, status=204)
    subaccount = "AC" + "e" * 32

    fetched = await client.phone_numbers.fetch(NUMBER_SID)
    updated = await client.phone_numbers.update(
        NUMBER_SID,
        friendly_name="Renamed",
        account_sid=subaccount,
        sms_url="https://example.com/new",
        sms_application_sid="",
        voice_caller_id_lookup=True,
        trunk_sid="TK" + "f" * 32,
        extra_params={"VoiceUrl": "https://example.com/voice"},
    )
    await client.phone_numbers.delete(NUMBER_SID)

    requests = sent_requests(twilio)
    assert [(r.method, r.url) for r in requests] == [
        ("GET", NUMBER),
        ("POST", NUMBER),
        ("DELETE", NUMBER),
    ]
    assert requests[1].form == [
        ("FriendlyName", "Renamed"),
        ("AccountSid", subaccount),
        ("SmsApplicationSid", ""),
        ("SmsUrl", "https://example.com/new"),
        ("VoiceCallerIdLookup", "true"),
        ("TrunkSid", "TK" + "f" * 32),
        ("VoiceUrl", "https://example.com/voice"),
    ]
    assert fetched.sid == updated.sid == "PN" + "a" * 32
    assert fetched.date_created is not None


async def test_list_sends_filters_and_follows_pages(
    client: TwilioClient, twilio: aioresponses
) -> None:
    first = load_fixture("incoming_phone_number_page")
    second = load_fixture("incoming_phone_number_page")
    next_uri = f"{ACCOUNT_PATH}/IncomingPhoneNumbers.json?PageSize=50&Page=1&PageToken=PB"
    first["next_page_uri"] = next_uri
    second["incoming_phone_numbers"][0]["sid"] = NUMBER_SID
    twilio.get(url_pattern(NUMBERS), payload=first)
    twilio.get(f"{API}{next_uri}", payload=second)

    got = await client.phone_numbers.list(
        phone_number="+1415", friendly_name="Support", beta=False, origin="twilio", page_size=50
    ).collect()

    requests = sent_requests(twilio)
    assert requests[0].query == [
        ("Beta", "false"),
        ("FriendlyName", "Support"),
        ("Origin", "twilio"),
        ("PageSize", "50"),
        ("PhoneNumber", "+1415"),
    ]
    assert requests[1].query == [("Page", "1"), ("PageSize", "50"), ("PageToken", "PB")]
    assert [number.sid for number in got][-1] == NUMBER_SID
    assert len(got) == 2 * len(first["incoming_phone_numbers"])


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({}, "phone_number"),
        ({"phone_number": "+14155551234", "area_code": "415"}, "phone_number"),
        ({"phone_number": "4155551234"}, "phone_number"),
        ({"phone_number": "+1 415 555 1234"}, "phone_number"),
        ({"area_code": "41"}, "area_code"),
        ({"area_code": "4155"}, "area_code"),
        ({"area_code": True}, "area_code"),
        ({"area_code": "415", "sms_url": "ftp://example.com/x"}, "sms_url"),
        ({"area_code": "415", "voice_fallback_url": "https://a_b.io"}, "voice_fallback_url"),
        ({"area_code": "415", "sms_method": "PATCH"}, "sms_method"),
        ({"area_code": "415", "status_callback_method": "get"}, "status_callback_method"),
        ({"area_code": "415", "sms_application_sid": "PN" + "c" * 32}, "sms_application_sid"),
        ({"area_code": "415", "identity_sid": "RI12"}, "identity_sid"),
        ({"area_code": "415", "emergency_status": "active"}, "emergency_status"),
        ({"area_code": "415", "voice_receive_mode": "sms"}, "voice_receive_mode"),
    ],
)
async def test_buy_refuses_bad_input_before_sending(
    client: TwilioClient, twilio: aioresponses, arguments: dict[str, Any], parameter: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await client.phone_numbers.buy(**arguments)

    assert caught.value.parameter == parameter
    assert sent_requests(twilio) == []


@pytest.mark.parametrize(
    ("sid", "arguments", "parameter"),
    [
        ("PN12", {"friendly_name": "x"}, "sid"),
        ("MG" + "b" * 32, {"friendly_name": "x"}, "sid"),
        (NUMBER_SID, {}, "friendly_name"),
        (NUMBER_SID, {"account_sid": ""}, "account_sid"),
        (NUMBER_SID, {"account_sid": "SK" + "a" * 32}, "account_sid"),
        (NUMBER_SID, {"voice_url": "example.com/voice"}, "voice_url"),
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
        await client.phone_numbers.update(sid, **arguments)

    assert caught.value.parameter == parameter
    assert sent_requests(twilio) == []


@pytest.mark.parametrize("call", ["fetch", "delete"])
async def test_fetch_and_delete_refuse_a_bad_sid(
    client: TwilioClient, twilio: aioresponses, call: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await getattr(client.phone_numbers, call)("AC" + "b" * 32)
    assert caught.value.parameter == "sid"
    assert sent_requests(twilio) == []


async def test_a_response_that_does_not_fit_the_model_is_malformed(
    client: TwilioClient, twilio: aioresponses
) -> None:
    payload = {**load_fixture("incoming_phone_number_instance"), "capabilities": "all"}
    twilio.get(NUMBER, payload=payload)

    with pytest.raises(MalformedResponseError, match="IncomingPhoneNumber"):
        await client.phone_numbers.fetch(NUMBER_SID)
