"""The Message resource of Twilio's 2010 API, and its status and direction enums."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from twilio_async.models._convert import OpenEnum, model

__all__ = ["Message", "MessageDirection", "MessageStatus"]


class MessageStatus(OpenEnum):
    """Where a message is in its life; unknown future values are kept as they come."""

    ACCEPTED = "accepted"
    SCHEDULED = "scheduled"
    CANCELED = "canceled"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    RECEIVING = "receiving"
    RECEIVED = "received"
    READ = "read"
    PARTIALLY_DELIVERED = "partially_delivered"


class MessageDirection(OpenEnum):
    """Who started the message: ``inbound`` or one of the ``outbound-…`` kinds."""

    INBOUND = "inbound"
    OUTBOUND_API = "outbound-api"
    OUTBOUND_CALL = "outbound-call"
    OUTBOUND_REPLY = "outbound-reply"


@model(from_="from")
@attrs.frozen(slots=True, kw_only=True)
class Message:
    """One SMS, MMS or other channel message (``SM…`` or ``MM…``).

    Dates are timezone-aware UTC; ``price`` is a ``Decimal`` (negative: a charge) or None
    until Twilio has priced the message; the sender is ``from_``.
    """

    sid: str
    account_sid: str | None = None
    messaging_service_sid: str | None = None
    from_: str | None = None
    to: str | None = None
    body: str | None = None
    status: MessageStatus | None = None
    direction: MessageDirection | None = None
    num_segments: int | None = None
    num_media: int | None = None
    price: Decimal | None = None
    price_unit: str | None = None
    error_code: int | None = None
    error_message: str | None = None
    date_created: datetime | None = None
    date_updated: datetime | None = None
    date_sent: datetime | None = None
    api_version: str | None = None
    uri: str | None = None
    subresource_uris: dict[str, str] | None = None
    tags: dict[str, str] | None = None
