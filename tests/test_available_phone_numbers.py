"""client.available_phone_numbers: search filters on the wire, one-page results, validation."""

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
    AvailablePhoneNumber,
    InvalidRequestError,
    PhoneNumberCapabilities,
    TwilioClient,
)

LOCAL_US = f"{API}{ACCOUNT_PATH}/AvailablePhoneNumbers/US/Local.json"
MOBILE_GB = f"{API}{ACCOUNT_PATH}/AvailablePhoneNumbers/GB/Mobile.json"


async def test_local_sends_every_filter(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.get(url_pattern(LOCAL_US), payload=load_fixture("available_phone_numbers_local_page"))

    numbers = await client.available_phone_numbers.local(
        "us",
        area_code=808,
        contains="925*",
        sms_enabled=True,
        mms_enabled=False,
        voice_enabled=True,
        fax_enabled=False,
        exclude_all_address_required=True,
        exclude_local_address_required=False,
        exclude_foreign_address_required=True,
        beta=False,
        near_number="+18089255327",
        near_lat_long=(19.72, -155.09),
        distance=50,
        in_postal_code="96720",
        in_region="HI",
        in_rate_center="HILO",
        in_lata="834",
        in_locality="Hilo",
        page_size=10,
    ).collect()

    sent = only_request(twilio)
    assert (sent.method, sent.url) == ("GET", LOCAL_US)
    assert sent.query == sorted(
        [
            ("AreaCode", "808"),
            ("Contains", "925*"),
            ("SmsEnabled", "true"),
            ("MmsEnabled", "false"),
            ("VoiceEnabled", "true"),
            ("ExcludeAllAddressRequired", "true"),
            ("ExcludeLocalAddressRequired", "false"),
            ("ExcludeForeignAddressRequired", "true"),
            ("Beta", "false"),
            ("NearNumber", "+18089255327"),
            ("NearLatLong", "19.72,-155.09"),
            ("Distance", "50"),
            ("InPostalCode", "96720"),
            ("InRegion", "HI"),
            ("InRateCenter", "HILO"),
            ("InLata", "834"),
            ("InLocality", "Hilo"),
            ("FaxEnabled", "false"),
            ("PageSize", "10"),
        ]
    )
    assert numbers == [
        AvailablePhoneNumber(
            phone_number="+18089251571",
            friendly_name="(808) 925-1571",
            iso_country="US",
            region="HI",
            locality="Hilo",
            postal_code="96720",
            rate_center="HILO",
            lata="834",
            latitude=19.72,
            longitude=-155.09,
            address_requirements=AddressRequirement.NONE,
            beta=False,
            capabilities=PhoneNumberCapabilities(voice=True, sms=False, mms=True),
        )
    ]


async def test_mobile_uses_its_own_path_and_one_page(
    client: TwilioClient, twilio: aioresponses
) -> None:
    page = load_fixture("available_phone_numbers_mobile_page")
    twilio.get(url_pattern(MOBILE_GB), payload=page)

    got = await client.available_phone_numbers.mobile(
        "GB", sms_enabled=True, near_lat_long="51.5,-0.12"
    ).collect()

    sent = only_request(twilio)
    assert (sent.method, sent.url) == ("GET", MOBILE_GB)
    assert sent.query == [
        ("NearLatLong", "51.5,-0.12"),
        ("PageSize", "1000"),
        ("SmsEnabled", "true"),
    ]
    expected = [number["phone_number"] for number in page["available_phone_numbers"]]
    assert [number.phone_number for number in got] == expected


async def test_limit_cuts_the_single_page(client: TwilioClient, twilio: aioresponses) -> None:
    page = load_fixture("available_phone_numbers_local_page")
    extra = {**page["available_phone_numbers"][0], "phone_number": "+18089251572"}
    page["available_phone_numbers"].append(extra)
    twilio.get(url_pattern(LOCAL_US), payload=page)

    got = await client.available_phone_numbers.local("US", limit=1).collect()

    assert [n.phone_number for n in got] == ["+18089251571"]
    assert only_request(twilio).query == [("PageSize", "1")]


async def test_upper_case_capability_keys_are_understood(
    client: TwilioClient, twilio: aioresponses
) -> None:
    page = load_fixture("available_phone_numbers_local_page")
    page["available_phone_numbers"][0]["capabilities"] = {"voice": False, "SMS": True, "MMS": True}
    twilio.get(url_pattern(LOCAL_US), payload=page)

    number = await client.available_phone_numbers.local("US").first()

    assert number is not None
    assert number.capabilities == PhoneNumberCapabilities(voice=False, sms=True, mms=True)


@pytest.mark.parametrize(
    ("country", "arguments", "parameter"),
    [
        ("USA", {}, "country_code"),
        ("U", {}, "country_code"),
        ("1A", {}, "country_code"),
        ("US", {"area_code": 4150}, "area_code"),
        ("US", {"area_code": "4x5"}, "area_code"),
        ("US", {"distance": 501}, "distance"),
        ("US", {"distance": -1}, "distance"),
        ("US", {"near_lat_long": "north"}, "near_lat_long"),
        ("US", {"near_lat_long": (91.0, 0.0)}, "near_lat_long"),
        ("US", {"near_lat_long": (1.0, 2.0, 3.0)}, "near_lat_long"),
        ("US", {"near_lat_long": [1.0, 2.0]}, "near_lat_long"),
        ("US", {"contains": "5"}, "contains"),
        ("US", {"page_size": 1001}, "page_size"),
        ("US", {"limit": 0}, "limit"),
    ],
)
@pytest.mark.parametrize("kind", ["local", "mobile"])
async def test_bad_searches_are_refused_before_sending(
    client: TwilioClient,
    twilio: aioresponses,
    kind: str,
    country: str,
    arguments: dict[str, Any],
    parameter: str,
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        getattr(client.available_phone_numbers, kind)(country, **arguments)

    assert caught.value.parameter == parameter
    assert sent_requests(twilio) == []
