"""Immutable records the fake keeps in memory, one class per Twilio resource."""

from __future__ import annotations

from datetime import datetime

import attrs


@attrs.frozen(slots=True)
class MediaRecord:
    """One media item attached to a message."""

    sid: str
    message_sid: str
    url: str
    content_type: str
    date_created: datetime


@attrs.frozen(slots=True)
class MessageRecord:
    """One message, outbound or inbound, with its current status."""

    sid: str
    to: str
    from_: str
    body: str
    status: str
    direction: str
    date_created: datetime
    date_updated: datetime
    date_sent: datetime | None
    num_segments: int
    num_media: int
    messaging_service_sid: str | None = None
    status_callback: str | None = None
    price: str | None = None
    price_unit: str | None = None
    error_code: int | None = None
    error_message: str | None = None
    send_at: datetime | None = None
    sequence: int = 0


@attrs.frozen(slots=True)
class ServiceRecord:
    """One messaging service (Messaging v1)."""

    sid: str
    friendly_name: str
    date_created: datetime
    date_updated: datetime
    settings: tuple[tuple[str, object], ...] = ()
    sequence: int = 0

    def get(self, key: str, default: object = None) -> object:
        """The setting ``key`` (snake_case), or ``default`` when never set."""
        for name, value in self.settings:
            if name == key:
                return value
        return default


@attrs.frozen(slots=True)
class AvailableNumber:
    """A number that can be bought through IncomingPhoneNumbers."""

    phone_number: str
    friendly_name: str
    iso_country: str
    number_type: str
    locality: str | None
    region: str | None
    postal_code: str | None
    rate_center: str | None
    lata: str | None
    latitude: str | None
    longitude: str | None
    sms: bool = True
    mms: bool = True
    voice: bool = True


@attrs.frozen(slots=True)
class NumberRecord:
    """One phone number the account owns (IncomingPhoneNumbers)."""

    sid: str
    phone_number: str
    friendly_name: str
    date_created: datetime
    date_updated: datetime
    sms_url: str = ""
    sms_method: str = "POST"
    sms_fallback_url: str = ""
    sms_fallback_method: str = "POST"
    status_callback: str = ""
    status_callback_method: str = "POST"
    voice_url: str = ""
    voice_method: str = "POST"
    sms: bool = True
    mms: bool = True
    voice: bool = True
    sequence: int = 0


@attrs.frozen(slots=True)
class CountryPrice:
    """Messaging prices for one country (Pricing v1)."""

    iso_country: str
    country: str
    carriers: tuple[tuple[str, str, str], ...]
    outbound_price: str
    inbound_price: str
