"""Inbound messages: stored like Twilio stores them, then posted to the SmsUrl."""

from __future__ import annotations

from collections.abc import Sequence

from twilio_async.testing._context import Context
from twilio_async.testing._render import API_VERSION, media_uri
from twilio_async.testing._webhooks import WebhookDelivery


def _country(number: str) -> str:
    if number.startswith("+1"):
        return "US"
    if number.startswith("+44"):
        return "GB"
    if number.startswith("+49"):
        return "DE"
    return ""


async def deliver_inbound(
    ctx: Context,
    *,
    from_: str,
    to: str,
    body: str,
    media_urls: Sequence[str],
    base_url: str,
) -> WebhookDelivery | None:
    """Store an inbound message to ``to`` and send its webhook (``None``: no SmsUrl)."""
    number = ctx.store.number_by_phone(to)
    if number is None:
        raise ValueError(f"{to} is not a number this fake account owns")
    message = ctx.store.new_message(
        to=to,
        from_=from_,
        body=body,
        status="received",
        direction="inbound",
        media_urls=list(media_urls),
    )
    if not number.sms_url:
        return None
    params = [
        ("ToCountry", _country(to)),
        ("ToState", ""),
        ("SmsMessageSid", message.sid),
        ("NumMedia", str(message.num_media)),
        ("ToCity", ""),
        ("FromZip", ""),
        ("SmsSid", message.sid),
        ("FromState", ""),
        ("SmsStatus", "received"),
        ("FromCity", ""),
        ("Body", body),
        ("FromCountry", _country(from_)),
        ("To", to),
        ("ToZip", ""),
        ("NumSegments", str(message.num_segments)),
        ("MessageSid", message.sid),
        ("AccountSid", ctx.account_sid),
        ("From", from_),
        ("ApiVersion", API_VERSION),
    ]
    for index, media in enumerate(ctx.store.media_of(message.sid)):
        content_url = base_url + media_uri(ctx.account_sid, media).removesuffix(".json")
        params.append((f"MediaContentType{index}", media.content_type))
        params.append((f"MediaUrl{index}", content_url))
    return await ctx.sender.send(number.sms_url, params, number.sms_method)
