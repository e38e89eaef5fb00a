"""Contract: generated Messages arguments (text, prices, dates, flags) must all pass the spec."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twilio_async import Message

pytestmark = pytest.mark.contract

SERVICE_SID = "MG" + "00112233445566778899aabbccddeeff"

bodies = st.text(min_size=1, max_size=1600)
prices = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("100"), places=4)
zones = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2035, 12, 31), timezones=zones
)
flags = st.none() | st.booleans()
media = st.lists(
    st.from_regex(r"https://example\.com/[a-z0-9_\-]{1,12}\.(jpg|png|gif)", fullmatch=True),
    max_size=10,
)
common = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@common
@given(
    body=bodies,
    media_url=media,
    max_price=st.none() | prices,
    validity_period=st.none() | st.integers(min_value=1, max_value=36000),
    smart_encoded=flags,
    shorten_urls=flags,
    send_as_mms=flags,
    send_at=st.none() | moments,
)
async def test_generated_sends_pass_the_spec(
    prism,
    body: str,
    media_url: list[str],
    max_price: Decimal | None,
    validity_period: int | None,
    smart_encoded: bool | None,
    shorten_urls: bool | None,
    send_as_mms: bool | None,
    send_at: datetime | None,
) -> None:
    client = prism.client()
    message = await client.messages.create(
        to="+15558675310",
        messaging_service_sid=SERVICE_SID,
        body=body,
        media_url=media_url or None,
        max_price=max_price,
        validity_period=validity_period,
        smart_encoded=smart_encoded,
        shorten_urls=shorten_urls,
        send_as_mms=send_as_mms,
        send_at=send_at,
    )
    assert isinstance(message, Message)
    assert prism.log.problems() == []


@common
@given(
    to=st.none() | st.from_regex(r"\+[1-9][0-9]{7,14}", fullmatch=True),
    date_sent=st.none() | moments,
    date_sent_before=st.none() | moments | moments.map(lambda moment: moment.date()),
    date_sent_after=st.none() | moments | moments.map(lambda moment: moment.date()),
    page_size=st.integers(min_value=1, max_value=1000),
)
async def test_generated_filters_pass_the_spec(
    prism,
    to: str | None,
    date_sent: datetime | None,
    date_sent_before: datetime | None,
    date_sent_after: datetime | None,
    page_size: int,
) -> None:
    client = prism.client(prefer="example=readEmptySentdateLess")
    listing = client.messages.list(
        to=to,
        date_sent=date_sent,
        date_sent_before=date_sent_before,
        date_sent_after=date_sent_after,
        page_size=page_size,
    )
    assert await listing.collect() == []
    assert prism.log.problems() == []
