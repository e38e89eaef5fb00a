"""Every resource service end to end against FakeTwilio (127.0.0.1): real sockets and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from twilio_async import (
    Account,
    AvailablePhoneNumber,
    IncomingPhoneNumber,
    Media,
    MessagingCountryPricing,
    MessagingService,
    NotFoundError,
)
from twilio_async.testing import FakeTwilio


@pytest.fixture
async def fake() -> AsyncIterator[FakeTwilio]:
    """A started FakeTwilio on 127.0.0.1."""
    async with FakeTwilio() as started:
        yield started


async def test_media_list_fetch_download_delete(fake: FakeTwilio) -> None:
    fake.set_media("https://example.com/cat.png", b"\x89PNG-cat", "image/png")
    message_sid = fake.add_message(
        to="+15558675310", from_="+15005550006", media_urls=["https://example.com/cat.png"]
    )
    async with fake.client() as client:
        media = await client.media.list(message_sid).collect()
        assert len(media) == 1
        assert isinstance(media[0], Media)
        fetched = await client.media.fetch(message_sid, media[0].sid)
        content = await client.media.download(message_sid, media[0].sid)
        await client.media.delete(message_sid, media[0].sid)
        with pytest.raises(NotFoundError):
            await client.media.fetch(message_sid, media[0].sid)

    assert fetched == media[0]
    assert fetched.parent_sid == message_sid
    assert content.content == b"\x89PNG-cat"
    assert content.content_type is not None
    assert content.content_type.startswith("image/png")


async def test_messaging_service_lifecycle_and_pages(fake: FakeTwilio) -> None:
    for n in range(3):
        fake.add_service(f"seeded {n}")
    async with fake.client() as client:
        created = await client.messaging_services.create(
            friendly_name="Alerts", status_callback="https://example.com/status", validity_period=60
        )
        updated = await client.messaging_services.update(created.sid, friendly_name="Renamed")
        pages = [page async for page in client.messaging_services.list(page_size=2).pages()]
        fetched = await client.messaging_services.fetch(created.sid)
        await client.messaging_services.delete(created.sid)
        with pytest.raises(NotFoundError):
            await client.messaging_services.fetch(created.sid)

    assert isinstance(created, MessagingService)
    assert created.friendly_name == "Alerts"
    assert updated.friendly_name == fetched.friendly_name == "Renamed"
    assert [len(page.items) for page in pages] == [2, 2]
    assert created.sid in {service.sid for page in pages for service in page.items}


async def test_buy_configure_list_release_a_number(fake: FakeTwilio) -> None:
    async with fake.client() as client:
        offered = await client.available_phone_numbers.local("US", limit=2).collect()
        assert len(offered) == 2
        assert all(isinstance(number, AvailablePhoneNumber) for number in offered)
        mobile = await client.available_phone_numbers.mobile("GB", limit=1).collect()
        assert len(mobile) == 1
        bought = await client.phone_numbers.buy(phone_number=offered[0].phone_number)
        updated = await client.phone_numbers.update(bought.sid, sms_url="https://example.com/in")
        owned = await client.phone_numbers.list(page_size=1).collect()
        await client.phone_numbers.delete(bought.sid)
        with pytest.raises(NotFoundError):
            await client.phone_numbers.fetch(bought.sid)

    assert isinstance(bought, IncomingPhoneNumber)
    assert bought.phone_number == offered[0].phone_number
    assert updated.sms_url == "https://example.com/in"
    assert bought.sid in {number.sid for number in owned}


async def test_account_and_prices(fake: FakeTwilio) -> None:
    async with fake.client() as client:
        account = await client.accounts.fetch()
        prices = await client.messaging_prices.fetch("US")
        countries = await client.messaging_prices.list(page_size=2).collect()

    assert isinstance(account, Account)
    assert account.sid == fake.account_sid
    assert fake.auth_token not in repr(account)
    assert isinstance(prices, MessagingCountryPricing)
    assert prices.iso_country == "US"
    assert prices.outbound_sms_prices
    assert prices.inbound_sms_prices
    assert all(isinstance(p.current_price, Decimal) for p in prices.inbound_sms_prices)
    assert {p.number_type for p in prices.inbound_sms_prices} == {"local", "mobile"}
    assert {country.iso_country for country in countries} >= {"US", "GB"}
