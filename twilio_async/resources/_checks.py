"""Local checks of call arguments shared by the resource services.

Each check raises :class:`~twilio_async.errors.InvalidRequestError` naming the parameter
before anything is sent, and returns the value (sometimes normalised) when it is fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from yarl import URL

from twilio_async.auth import check_sid
from twilio_async.errors import InvalidRequestError

__all__ = [
    "check_callback_url",
    "check_country_code",
    "check_e164",
    "check_http_method",
    "check_int_range",
    "check_optional_sid",
    "check_urls",
]

_COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")


def check_callback_url(parameter: str, url: str | None) -> None:
    """Refuse a webhook URL Twilio could not call: no http(s) host, or ``_`` in the host."""
    if url is None:
        return
    if not isinstance(url, str):
        raise InvalidRequestError(parameter, f"must be a URL string, got {url!r}")
    try:
        parsed = URL(url)
    except ValueError as exc:
        raise InvalidRequestError(parameter, f"is not a valid URL: {url!r}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidRequestError(parameter, f"must be an http(s) URL with a host, got {url!r}")
    if "_" in parsed.host:
        raise InvalidRequestError(parameter, f"Twilio rejects '_' in a host name: {parsed.host!r}")


def check_country_code(parameter: str, value: object) -> str:
    """Return the ISO 3166-1 alpha-2 code ``value`` upper-cased; refuse anything else."""
    if not isinstance(value, str) or not _COUNTRY_CODE.fullmatch(value):
        raise InvalidRequestError(
            parameter, f"must be a two-letter ISO country code like 'US', got {value!r}"
        )
    return value.upper()


def check_e164(parameter: str, value: object) -> str:
    """Return ``value`` if it is an E.164 phone number (``+`` and up to 15 digits)."""
    if not isinstance(value, str) or not _E164.fullmatch(value):
        raise InvalidRequestError(
            parameter, f"must be an E.164 number like '+14155551234', got {value!r}"
        )
    return value


def check_http_method(parameter: str, value: object) -> None:
    """Refuse a webhook method other than ``GET`` or ``POST`` (None passes)."""
    if value is not None and value not in ("GET", "POST"):
        raise InvalidRequestError(parameter, f"must be 'GET' or 'POST', got {value!r}")


def check_int_range(parameter: str, value: object, low: int, high: int | None = None) -> None:
    """Refuse a value that is not a whole number in ``low..high`` (None passes)."""
    if value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise InvalidRequestError(parameter, f"must be a whole number {bounds}, got {value!r}")


def check_optional_sid(parameter: str, value: object, prefix: str) -> None:
    """Check a SID argument; None (leave as is) and ``""`` (clear it) pass."""
    if value is None or value == "":
        return
    check_sid(parameter, value, prefix)


def check_urls(urls: Iterable[tuple[str, str | None]]) -> None:
    """Check webhook URLs given as (parameter, value); ``""`` (clear it) and None pass."""
    for parameter, url in urls:
        if url != "":
            check_callback_url(parameter, url)
