"""Messaging services, phone numbers, the account and pricing on FakeTwilio."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.testing.conftest import Validate, fixture_json
from twilio_async.testing import FakeTwilio

SERVICE = "messaging.v1.service"
NUMBER = "api.v2010.account.incoming_phone_number"
ACCOUNT = "api.v2010.account"
COUNTRY = "pricing.v1.messaging.messaging_country-instance"


async def call(
    http: aiohttp.ClientSession, method: str, url: str, form: Any = None
) -> tuple[int, Any]:
    async with http.request(method, url, data=form) as response:
        if response.status == 204:
            assert await response.read() == b""
            return 204, None
        return response.status, await response.json()


async def test_service_create_fetch_update_delete(
    fake: FakeTwilio, http: aiohttp.ClientSession, validate: Validate
) -> None:
    form = {"FriendlyName": "Alerts", "StickySender": "false", "ValidityPeriod": "600"}
    status, created = await call(http, "POST", "/v1/Services", form)
    assert status == 201
    validate("messaging", created, schema=SERVICE)
    assert set(fixture_json("messaging_service_instance")) <= set(created)
    assert created["friendly_name"] == "Alerts"
    assert created["sticky_sender"] is False
    assert created["validity_period"] == 600
    assert created["date_created"].endswith("Z")
    assert created["url"] == f"{fake.base_url}/v1/Services/{created['sid']}"
    status, fetched = await call(http, "GET", created["url"])
    assert status == 200
    assert fetched == created
    status, updated = await call(
        http,
        "POST",
        created["url"],
        {"FriendlyName": "Renamed", "StatusCallback": "https://x.example/cb"},
    )
    assert status == 200
    assert updated["friendly_name"] == "Renamed"
    assert updated["status_callback"] == "https://x.example/cb"
    assert updated["validity_period"] == 600
    status, _ = await call(http, "DELETE", created["url"])
    assert status == 204
    status, body = await call(http, "GET", created["url"])
    assert status == 404
    assert body["code"] == 20404


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({}, 20001),
        ({"FriendlyName": "x", "StickySender": "yes"}, 20001),
        ({"FriendlyName": "x", "ValidityPeriod": "0"}, 21624),
    ],
)
async def test_service_bad_input(
    http: aiohttp.ClientSession, form: dict[str, str], code: int
) -> None:
    status, body = await call(http, "POST", "/v1/Services", form)
    assert status == 400
    assert body["code"] == code


async def test_service_pages_use_meta_with_absolute_next_urls(
    fake: FakeTwilio, http: aiohttp.ClientSession, validate: Validate
) -> None:
    created = {fake.add_service(f"S{i}").sid for i in range(5)}
    url: str | None = "/v1/Services?PageSize=2"
    seen: list[str] = []
    pages = 0
    while url is not None and pages < 10:
        status, page = await call(http, "GET", url)
        assert status == 200
        validate("messaging", page, path="/v1/Services")
        meta = page["meta"]
        assert meta["key"] == "services"
        assert meta["page"] == pages
        assert meta["page_size"] == 2
        assert meta["first_page_url"].startswith(fake.base_url)
        seen += [s["sid"] for s in page["services"]]
        url = meta["next_page_url"]
        if url is not None:
            assert url.startswith(f"{fake.base_url}/v1/Services?")
        pages += 1
    assert pages == 3
    assert set(seen) == created
    assert len(seen) == 5


async def test_buy_list_update_and_release_a_number(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, validate: Validate
) -> None:
    status, page = await call(
        http, "GET", f"{acct}/AvailablePhoneNumbers/US/Local.json?AreaCode=212"
    )
    assert status == 200
    candidate = page["available_phone_numbers"][0]["phone_number"]
    assert candidate.startswith("+1212")
    status, bought = await call(
        http,
        "POST",
        f"{acct}/IncomingPhoneNumbers.json",
        {"PhoneNumber": candidate, "SmsUrl": "https://x.example/sms"},
    )
    assert status == 201
    validate("api", bought, schema=NUMBER)
    assert set(fixture_json("incoming_phone_number_instance")) <= set(bought)
    assert bought["phone_number"] == candidate
    assert bought["sms_url"] == "https://x.example/sms"
    assert bought["uri"] == f"{acct}/IncomingPhoneNumbers/{bought['sid']}.json"
    status, page = await call(
        http, "GET", f"{acct}/AvailablePhoneNumbers/US/Local.json?AreaCode=212"
    )
    assert candidate not in [n["phone_number"] for n in page["available_phone_numbers"]]
    status, listing = await call(http, "GET", f"{acct}/IncomingPhoneNumbers.json")
    validate("api", listing, path="/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json")
    assert [n["phone_number"] for n in listing["incoming_phone_numbers"]] == [
        fake.phone_number,
        candidate,
    ]
    status, filtered = await call(
        http, "GET", f"{acct}/IncomingPhoneNumbers.json?PhoneNumber=%2B1212"
    )
    assert [n["sid"] for n in filtered["incoming_phone_numbers"]] == [bought["sid"]]
    status, updated = await call(
        http, "POST", bought["uri"], {"SmsMethod": "get", "FriendlyName": "Desk"}
    )
    assert status == 200
    assert updated["sms_method"] == "GET"
    assert updated["friendly_name"] == "Desk"
    status, body = await call(http, "POST", bought["uri"], {"SmsMethod": "PUT"})
    assert status == 400
    status, _ = await call(http, "DELETE", bought["uri"])
    assert status == 204
    status, body = await call(http, "GET", bought["uri"])
    assert status == 404
    assert body["code"] == 20404


@pytest.mark.parametrize(
    ("form", "status", "code"),
    [
        ({"PhoneNumber": "+15005550000"}, 400, 21422),
        ({"PhoneNumber": "+15005550001"}, 400, 21421),
        ({"PhoneNumber": "+19999999999"}, 400, 21422),
        ({"AreaCode": "533"}, 400, 21452),
        ({}, 400, 21450),
        ({"PhoneNumber": "+15005550006"}, 201, None),
        ({"AreaCode": "500"}, 201, None),
    ],
)
async def test_buying_magic_numbers(
    http: aiohttp.ClientSession, acct: str, form: dict[str, str], status: int, code: int | None
) -> None:
    got, body = await call(http, "POST", f"{acct}/IncomingPhoneNumbers.json", form)
    assert got == status
    if code is not None:
        assert body["code"] == code
    else:
        assert body["phone_number"] == "+15005550006"


@pytest.mark.parametrize(
    ("path", "query", "check"),
    [
        ("US/Local", "", lambda n: n["iso_country"] == "US"),
        ("US/Local", "Contains=415*55*", lambda n: n["phone_number"].startswith("+1415")),
        ("US/Local", "InRegion=HI", lambda n: n["region"] == "HI"),
        ("CA/Local", "SmsEnabled=true", lambda n: n["capabilities"]["sms"] is True),
        ("GB/Mobile", "", lambda n: n["phone_number"].startswith("+447700")),
        ("GB/Local", "VoiceEnabled=true", lambda n: n["locality"] == "London"),
        ("DE/Mobile", "MmsEnabled=false", lambda n: n["capabilities"]["mms"] is False),
    ],
)
async def test_available_numbers_search(
    http: aiohttp.ClientSession, acct: str, validate: Validate, path: str, query: str, check: Any
) -> None:
    kind = path.split("/")[1]
    status, page = await call(http, "GET", f"{acct}/AvailablePhoneNumbers/{path}.json?{query}")
    assert status == 200
    validate(
        "api",
        page,
        path=f"/2010-04-01/Accounts/{{AccountSid}}/AvailablePhoneNumbers/{{CountryCode}}/{kind}.json",
    )
    numbers = page["available_phone_numbers"]
    assert numbers
    assert all(check(n) for n in numbers)
    assert page["uri"] == f"{acct}/AvailablePhoneNumbers/{path}.json"
    assert set(fixture_json("available_phone_numbers_local_page")) <= set(page)


async def test_available_numbers_are_deterministic_and_page_size_limited(
    http: aiohttp.ClientSession, acct: str
) -> None:
    url = f"{acct}/AvailablePhoneNumbers/US/Local.json?PageSize=5"
    _, first = await call(http, "GET", url)
    _, again = await call(http, "GET", url)
    assert len(first["available_phone_numbers"]) == 5
    assert first == again
    status, body = await call(http, "GET", f"{acct}/AvailablePhoneNumbers/US/Mobile.json")
    assert status == 404
    assert body["code"] == 20404
    status, body = await call(http, "GET", f"{acct}/AvailablePhoneNumbers/ZZ/Local.json")
    assert status == 404


async def test_account_fetch_and_rename(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, validate: Validate
) -> None:
    status, account = await call(http, "GET", f"{acct}.json")
    assert status == 200
    validate("api", account, schema=ACCOUNT)
    assert set(fixture_json("account_instance")) <= set(account)
    assert account["sid"] == fake.account_sid
    assert account["status"] == "active"
    assert account["subresource_uris"]["messages"] == f"{acct}/Messages.json"
    status, renamed = await call(http, "POST", f"{acct}.json", {"FriendlyName": "Test shop"})
    assert status == 200
    assert renamed["friendly_name"] == "Test shop"


async def test_other_account_is_not_found(http: aiohttp.ClientSession) -> None:
    other = "AC" + "f" * 32
    for url in (
        f"/2010-04-01/Accounts/{other}.json",
        f"/2010-04-01/Accounts/{other}/Messages.json",
    ):
        status, body = await call(http, "GET", url)
        assert status == 404
        assert body["code"] == 20404


async def test_pricing_countries_list_and_fetch(
    fake: FakeTwilio, http: aiohttp.ClientSession, validate: Validate
) -> None:
    status, page = await call(http, "GET", "/v1/Messaging/Countries?PageSize=2")
    assert status == 200
    validate("pricing", page, path="/v1/Messaging/Countries")
    assert page["meta"]["key"] == "countries"
    isos: list[str] = []
    url: str | None = "/v1/Messaging/Countries?PageSize=2"
    for _ in range(10):
        if url is None:
            break
        _, page = await call(http, "GET", url)
        isos += [c["iso_country"] for c in page["countries"]]
        url = page["meta"]["next_page_url"]
    assert url is None
    assert isos == sorted(isos)
    assert {"US", "GB", "CA"} <= set(isos)
    status, us = await call(http, "GET", "/v1/Messaging/Countries/us")
    assert status == 200
    validate("pricing", us, schema=COUNTRY)
    assert set(fixture_json("pricing_messaging_country_instance")) <= set(us)
    assert us["url"] == f"{fake.base_url}/v1/Messaging/Countries/US"
    price = us["outbound_sms_prices"][0]["prices"][0]["current_price"]
    assert isinstance(price, str)
    assert float(price) > 0
    status, body = await call(http, "GET", "/v1/Messaging/Countries/ZZ")
    assert status == 404
    assert body["code"] == 20404
