"""Checks Twilio applies to a new message, magic test numbers, segment counting."""

from __future__ import annotations

import re
from collections.abc import Callable

from twilio_async.testing._errors import bad_request

MAX_BODY = 1600
MAX_MEDIA = 10
MAGIC_FROM_OK = "+15005550006"

_E164 = re.compile(r"^\+[1-9]\d{1,14}$")
_SHORT_CODE = re.compile(r"^\d{3,6}$")
_ALPHA_SENDER = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")
_CHANNEL = re.compile(r"^(whatsapp|messenger):")

MAGIC_TO: dict[str, tuple[int, str]] = {
    "+15005550001": (21211, "The 'To' number {to} is not a valid phone number."),
    "+15005550002": (21612, "The 'To' phone number: {to}, is not currently reachable via SMS."),
    "+15005550003": (
        21408,
        "Permission to send an SMS has not been enabled for the region indicated by "
        "the 'To' number: {to}.",
    ),
    "+15005550004": (21610, "Attempt to send to unsubscribed recipient"),
    "+15005550009": (21614, "'To' number {to} is not a valid mobile number"),
}
MAGIC_FROM: dict[str, tuple[int, str]] = {
    "+15005550001": (21212, "The 'From' number {from_} is not a valid phone number."),
    "+15005550007": (
        21606,
        "The 'From' phone number provided ({from_}) is not a valid message-capable Twilio "
        "phone number for this destination/account.",
    ),
    "+15005550008": (
        21611,
        "This 'From' number has exceeded the maximum number of queued messages.",
    ),
}

_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")


def segment_count(body: str) -> int:
    """How many SMS segments ``body`` takes (GSM-7 when possible, else UCS-2)."""
    if not body:
        return 1
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in body):
        units = sum(2 if ch in _GSM_EXTENDED else 1 for ch in body)
        single, multi = 160, 153
    else:
        units = len(body.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if units <= single else -(-units // multi)


def is_address(value: str) -> bool:
    """Whether ``value`` is an E.164 number, optionally behind a channel prefix."""
    return bool(_E164.match(_CHANNEL.sub("", value)))


def check_to(to: str | None) -> str:
    """The destination, or the Twilio error for a missing, invalid or magic one."""
    if not to:
        raise bad_request(21604, "A 'To' phone number is required.")
    if to in MAGIC_TO:
        code, text = MAGIC_TO[to]
        raise bad_request(code, text.format(to=to))
    if not is_address(to):
        raise bad_request(21211, f"The 'To' number {to} is not a valid phone number.")
    return to


def check_from(from_: str, owns: Callable[[str], bool]) -> str:
    """The sender, or the Twilio error for an invalid, magic or unowned one."""
    if from_ in MAGIC_FROM:
        code, text = MAGIC_FROM[from_]
        raise bad_request(code, text.format(from_=from_))
    if from_ == MAGIC_FROM_OK or _ALPHA_SENDER.match(from_) or _SHORT_CODE.match(from_):
        return from_
    if not is_address(from_):
        raise bad_request(
            21212,
            f"The 'From' number {from_} is not a valid phone number, shortcode, "
            "or alphanumeric sender ID.",
        )
    if not owns(_CHANNEL.sub("", from_)):
        code, text = MAGIC_FROM["+15005550007"]
        raise bad_request(code, text.format(from_=from_))
    return from_


def check_content(body: str | None, media_urls: list[str], content_sid: str | None) -> None:
    """Twilio's rules for Body and MediaUrl."""
    if not body and not media_urls and not content_sid:
        raise bad_request(21602, "Message body is required.")
    if body is not None and len(body) > MAX_BODY:
        raise bad_request(
            21617, f"The concatenated message body exceeds the {MAX_BODY} character limit."
        )
    if len(media_urls) > MAX_MEDIA:
        raise bad_request(21623, f"Too many media URLs: at most {MAX_MEDIA} are allowed.")
    for url in media_urls:
        if not url.startswith(("http://", "https://")):
            raise bad_request(21620, f"Media URL {url} is invalid.")


def check_callback(url: str | None) -> str | None:
    """A status callback URL must be absolute http(s)."""
    if url is None or url == "":
        return None
    if not url.startswith(("http://", "https://")):
        raise bad_request(21609, f"The StatusCallback URL {url} is not a valid URL.")
    return url
