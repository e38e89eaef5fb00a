"""client.accounts and client.messaging_prices: paths, hosts, typed results, validation."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from tests.resource_helpers import (
    ACCOUNT_SID,
    API,
    AUTH_TOKEN,
    PRICING,
    client_fixture,  # noqa: F401
    load_fixture,
    only_request,
    sent_requests,
    twilio_fixture,  # noqa: F401
)
from twilio_async import (
    Account,
    AccountStatus,
    AccountType,
    InvalidRequestError,
    MessagingCountry,
    MessagingCountryPricing,
    OutboundSmsPrice,
    SmsPrice,
    TwilioClient,
)

COUNTRIES = f"{PRICING}/v1/Messaging/Countries"


async def test_fetch_defaults_to_the_clients_account(
    client: TwilioClient, twilio: aioresponses
) -> None:
    url = f"{API}/2010-04-01/Accounts/{ACCOUNT_SID}.json"
    twilio.get(url, payload=load_fixture("account_instance"))

    account = await client.accounts.fetch()

    sent = only_request(twilio)
    assert (sent.method, sent.url, sent.query) == ("GET", url, [])
    assert isinstance(account, Account)
    assert account.status is AccountStatus.ACTIVE
    assert account.type is AccountType.FULL
    assert account.subresource_uris is not None
    assert account.subresource_uris["messages"].endswith(f"/Accounts/{ACCOUNT_SID}/Messages.json")
    assert account.date_created == datetime(2015, 7, 30, 20, 0, tzinfo=timezone.utc)


async def test_fetch_another_account(client: TwilioClient, twilio: aioresponses) -> None:
    other = "AC" + "f" * 32
    url = f"{API}/2010-04-01/Accounts/{other}.json"
    twilio.get(url, payload={**load_fixture("account_instance"), "sid": other})

    account = await client.accounts.fetch(other)

    assert only_request(twilio).url == url
    assert account.sid == other


@pytest.mark.parametrize("sid", ["", "AC12", "PN" + "a" * 32])
async def test_fetch_refuses_a_bad_account_sid(
    client: TwilioClient, twilio: aioresponses, sid: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await client.accounts.fetch(sid)
    assert caught.value.parameter == "sid"
    assert sent_requests(twilio) == []


async def test_account_repr_hides_the_auth_token(
    client: TwilioClient, twilio: aioresponses
) -> None:
    payload = {**load_fixture("account_instance"), "auth_token": AUTH_TOKEN}
    twilio.get(f"{API}/2010-04-01/Accounts/{ACCOUNT_SID}.json", payload=payload)

    account = await client.accounts.fetch()

    assert account.auth_token == AUTH_TOKEN
    assert AUTH_TOKEN not in repr(account)
    assert AUTH_TOKEN not in str(account)


async def test_prices_of_a_country(client: TwilioClient, twilio: aioresponses) -> None:
    twilio.get(f"{COUNTRIES}/US", payload=load_fixture("pricing_messaging_country_instance"))

    pricing = await client.messaging_prices.fetch("us")

    sent = only_request(twilio)
    assert (sent.method, sent.url, sent.query) == ("GET", f"{COUNTRIES}/US", [])
    price = SmsPrice(
        number_type="mobile", base_price=Decimal("0.05"), current_price=Decimal("0.05")
    )
    assert pricing == MessagingCountryPricing(
        iso_country="US",
        country="country",
        price_unit="USD",
        inbound_sms_prices=[price],
        outbound_sms_prices=[OutboundSmsPrice(carrier="att", mcc="foo", mnc="bar", prices=[price])],
        url="https://pricing.twilio.com/v1/Messaging/Countries/US",
    )


async def test_prices_keep_decimal_precision(client: TwilioClient, twilio: aioresponses) -> None:
    payload = load_fixture("pricing_messaging_country_instance")
    payload["inbound_sms_prices"][0]["current_price"] = "0.0079"
    payload["outbound_sms_prices"][0]["prices"][0]["base_price"] = 0.1
    twilio.get(f"{COUNTRIES}/GB", payload=payload)

    pricing = await client.messaging_prices.fetch("GB")

    assert pricing.inbound_sms_prices is not None
    assert pricing.inbound_sms_prices[0].current_price == Decimal("0.0079")
    assert pricing.outbound_sms_prices is not None
    assert pricing.outbound_sms_prices[0].prices is not None
    assert pricing.outbound_sms_prices[0].prices[0].base_price == Decimal("0.1")


@pytest.mark.parametrize("country", ["USA", "", "1", "U$"])
async def test_prices_refuse_a_bad_country_code(
    client: TwilioClient, twilio: aioresponses, country: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await client.messaging_prices.fetch(country)
    assert caught.value.parameter == "country_code"
    assert sent_requests(twilio) == []


def _countries_page(codes: list[str], next_page_url: str | None) -> dict[str, Any]:
    page: dict[str, Any] = load_fixture("pricing_messaging_country_page")
    template = page["countries"][0]
    page["countries"] = [{**copy.deepcopy(template), "iso_country": code} for code in codes]
    page["meta"]["next_page_url"] = next_page_url
    return page


async def test_countries_walk_meta_pages(client: TwilioClient, twilio: aioresponses) -> None:
    second = f"{COUNTRIES}?PageSize=2&Page=1&PageToken=PC1"
    twilio.get(f"{COUNTRIES}?PageSize=2", payload=_countries_page(["AD", "AE"], second))
    twilio.get(second, payload=_countries_page(["AF"], None))

    countries = [country async for country in client.messaging_prices.list(page_size=2)]

    assert [country.iso_country for country in countries] == ["AD", "AE", "AF"]
    assert all(isinstance(country, MessagingCountry) for country in countries)
    assert [r.query for r in sent_requests(twilio)] == [
        [("PageSize", "2")],
        [("Page", "1"), ("PageSize", "2"), ("PageToken", "PC1")],
    ]
