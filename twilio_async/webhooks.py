"""Tools for the webhooks Twilio sends you: signatures, payloads and TwiML replies.

Check that a request really comes from Twilio before trusting it::

    form = await request.post()
    if not validate_signature(AUTH_TOKEN, public_url, form, request.headers[SIGNATURE_HEADER]):
        raise web.HTTPForbidden()
    message = InboundMessage.from_form(form)
    return web.Response(text=messaging_response(f"Got: {message.body}"), content_type="text/xml")

Twilio signs with HMAC-SHA1 keyed by the auth token, over the full URL it called followed by
every form parameter (sorted by name) as name + value, base64-encoded. ``public_url`` must be the
URL exactly as configured at Twilio: behind a proxy, it is not what your server sees.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit
from xml.sax.saxutils import escape

import attrs

from twilio_async.models import MessageStatus

__all__ = [
    "SIGNATURE_HEADER",
    "InboundMedia",
    "InboundMessage",
    "StatusCallback",
    "compute_signature",
    "messaging_response",
    "validate_body",
    "validate_signature",
]

SIGNATURE_HEADER = "X-Twilio-Signature"
"""The header carrying Twilio's signature of a webhook request."""

_DEFAULT_PORTS = {"https": 443, "http": 80}
_MAX_MEDIA = 10


def _items(params: Mapping[str, Any] | Iterable[tuple[str, str]] | None) -> list[tuple[str, str]]:
    if params is None:
        return []
    if isinstance(params, Mapping):
        getall = getattr(params, "getall", None)
        pairs: list[tuple[str, str]] = []
        for key in set(params):
            values = getall(key) if getall is not None else params[key]
            if isinstance(values, (list, tuple)):
                pairs.extend((key, str(value)) for value in values)
            else:
                pairs.append((key, str(values)))
        return pairs
    return [(str(key), str(value)) for key, value in params]


def compute_signature(
    auth_token: str, url: str, params: Mapping[str, Any] | Iterable[tuple[str, str]] | None = None
) -> str:
    """The ``X-Twilio-Signature`` Twilio would send for ``url`` and form ``params``.

    >>> compute_signature("12345", "https://example.com/sms", {"Body": "hi"})[:8]
    'g90pT4BN'
    """
    signed = url + "".join(key + value for key, value in sorted(set(_items(params))))
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _url_variants(url: str) -> list[str]:
    # Twilio may sign the URL with or without the scheme's default port: accept both.
    parts = urlsplit(url)
    default = _DEFAULT_PORTS.get(parts.scheme)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    prefix = f"{userinfo}@" if userinfo else ""
    variants = [url]
    if parts.port is None and default is not None:
        variants.append(urlunsplit(parts._replace(netloc=f"{prefix}{host}:{default}")))
    elif parts.port == default:
        variants.append(urlunsplit(parts._replace(netloc=f"{prefix}{host}")))
    return variants


def validate_signature(
    auth_token: str,
    url: str,
    params: Mapping[str, Any] | Iterable[tuple[str, str]] | None,
    signature: str | None,
) -> bool:
    """True if ``signature`` is Twilio's for ``url`` and ``params`` (constant-time compare)."""
    if not signature or not auth_token or not signature.isascii():  # compare_digest needs ASCII
        return False
    pairs = _items(params)
    return any(
        hmac.compare_digest(compute_signature(auth_token, variant, pairs), signature)
        for variant in _url_variants(url)
    )


def validate_body(auth_token: str, url: str, body: bytes, signature: str | None) -> bool:
    """Check a webhook with a JSON body: the URL's ``bodySHA256`` must match and be signed."""
    expected = parse_qs(urlsplit(url).query).get("bodySHA256", [""])[0]
    actual = hashlib.sha256(body).hexdigest()
    if not expected or not expected.isascii() or not hmac.compare_digest(expected, actual):
        return False
    return validate_signature(auth_token, url, None, signature)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@attrs.frozen(slots=True)
class InboundMedia:
    """One media file attached to an inbound message."""

    url: str
    content_type: str | None


@attrs.frozen(slots=True, kw_only=True)
class InboundMessage:
    """An incoming message, as Twilio POSTs it to a number's SMS URL.

    ``raw`` keeps every field Twilio sent (there are channel-specific ones).
    """

    message_sid: str
    account_sid: str | None
    messaging_service_sid: str | None
    from_: str
    to: str
    body: str
    num_media: int
    num_segments: int | None
    media: tuple[InboundMedia, ...]
    raw: Mapping[str, str] = attrs.field(repr=False)

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> InboundMessage:
        """Read the form fields of an inbound-message webhook."""
        fields = {key: str(form[key]) for key in form}
        # Twilio attaches at most 10 media; a forged larger count costs nothing.
        count = min(_int(fields.get("NumMedia")) or 0, _MAX_MEDIA)
        media = tuple(
            InboundMedia(fields[f"MediaUrl{index}"], fields.get(f"MediaContentType{index}"))
            for index in range(count)
            if f"MediaUrl{index}" in fields
        )
        return cls(
            message_sid=fields.get("MessageSid") or fields.get("SmsSid") or "",
            account_sid=fields.get("AccountSid"),
            messaging_service_sid=fields.get("MessagingServiceSid"),
            from_=fields.get("From", ""),
            to=fields.get("To", ""),
            body=fields.get("Body", ""),
            num_media=count,
            num_segments=_int(fields.get("NumSegments")),
            media=media,
            raw=fields,
        )


@attrs.frozen(slots=True, kw_only=True)
class StatusCallback:
    """A message status change, as Twilio POSTs it to the message's ``StatusCallback``."""

    message_sid: str
    message_status: MessageStatus | None
    account_sid: str | None
    from_: str | None
    to: str | None
    error_code: int | None
    raw: Mapping[str, str] = attrs.field(repr=False)

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> StatusCallback:
        """Read the form fields of a status-callback webhook."""
        fields = {key: str(form[key]) for key in form}
        status = fields.get("MessageStatus") or fields.get("SmsStatus")
        return cls(
            message_sid=fields.get("MessageSid") or fields.get("SmsSid") or "",
            message_status=MessageStatus(status) if status else None,
            account_sid=fields.get("AccountSid"),
            from_=fields.get("From"),
            to=fields.get("To"),
            error_code=_int(fields.get("ErrorCode")),
            raw=fields,
        )


def messaging_response(*messages: str, media_urls: Iterable[str] = ()) -> str:
    """TwiML that replies with ``messages`` (the last one carrying ``media_urls``).

    >>> messaging_response("Thanks!")
    '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks!</Message></Response>'
    """
    media = "".join(f"<Media>{escape(url)}</Media>" for url in media_urls)
    parts = []
    for index, text in enumerate(messages):
        extra = media if index == len(messages) - 1 else ""
        if extra:
            parts.append(f"<Message><Body>{escape(text)}</Body>{extra}</Message>")
        else:
            parts.append(f"<Message>{escape(text)}</Message>")
    if not messages and media:
        parts.append(f"<Message>{media}</Message>")
    return '<?xml version="1.0" encoding="UTF-8"?><Response>' + "".join(parts) + "</Response>"
