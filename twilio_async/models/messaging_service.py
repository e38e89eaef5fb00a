"""The Messaging Service resource (messaging v1 host)."""

from __future__ import annotations

from datetime import datetime

import attrs

from twilio_async.models._convert import OpenEnum, model

__all__ = ["MessagingService", "ScanMessageContent"]


class ScanMessageContent(OpenEnum):
    """Whether Twilio scans the content of the service's messages."""

    INHERIT = "inherit"
    ENABLE = "enable"
    DISABLE = "disable"


@model()
@attrs.frozen(slots=True, kw_only=True)
class MessagingService:
    """A Messaging Service (``MG…``): a sender pool with shared webhooks and features.

    Dates are timezone-aware UTC; ``validity_period`` is in seconds; ``links`` maps the
    service's sub-resources to their URLs.
    """

    sid: str
    account_sid: str | None = None
    friendly_name: str | None = None
    date_created: datetime | None = None
    date_updated: datetime | None = None
    inbound_request_url: str | None = None
    inbound_method: str | None = None
    fallback_url: str | None = None
    fallback_method: str | None = None
    status_callback: str | None = None
    sticky_sender: bool | None = None
    mms_converter: bool | None = None
    smart_encoding: bool | None = None
    scan_message_content: ScanMessageContent | None = None
    fallback_to_long_code: bool | None = None
    area_code_geomatch: bool | None = None
    synchronous_validation: bool | None = None
    validity_period: int | None = None
    usecase: str | None = None
    us_app_to_person_registered: bool | None = None
    use_inbound_webhook_on_number: bool | None = None
    url: str | None = None
    links: dict[str, str] | None = None
