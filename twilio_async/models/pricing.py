"""Messaging prices per country (pricing v1 host); every price is a ``Decimal``."""

from __future__ import annotations

from decimal import Decimal

import attrs

from twilio_async.models._convert import model

__all__ = ["MessagingCountry", "MessagingCountryPricing", "OutboundSmsPrice", "SmsPrice"]


@model()
@attrs.frozen(slots=True, kw_only=True)
class SmsPrice:
    """The price of one message to or from a kind of number (``mobile``, ``local``, …)."""

    number_type: str | None = None
    base_price: Decimal | None = None
    current_price: Decimal | None = None


@model()
@attrs.frozen(slots=True, kw_only=True)
class OutboundSmsPrice:
    """The prices of sending to one carrier's network (``mcc``/``mnc`` identify it)."""

    carrier: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    prices: list[SmsPrice] | None = None


@model()
@attrs.frozen(slots=True, kw_only=True)
class MessagingCountry:
    """A country in the messaging price list; fetch it for its prices."""

    iso_country: str
    country: str | None = None
    url: str | None = None


@model()
@attrs.frozen(slots=True, kw_only=True)
class MessagingCountryPricing:
    """What messaging costs in one country, in ``price_unit`` (for example ``USD``)."""

    iso_country: str
    country: str | None = None
    price_unit: str | None = None
    inbound_sms_prices: list[SmsPrice] | None = None
    outbound_sms_prices: list[OutboundSmsPrice] | None = None
    url: str | None = None
