"""Twilio's timestamps: RFC 2822 on the 2010 API, ISO 8601 on the v1 hosts, both to UTC.

``Fri, 24 May 2019 17:18:27 +0000`` and ``2015-07-30T20:12:31Z`` both become timezone-aware
UTC datetimes. Twilio's usual RFC 2822 shape (UTC, two-digit day) is read by rewriting it as
ISO 8601 for :meth:`datetime.fromisoformat`; anything else goes through the general parsers.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from twilio_async.models._memo import Memo

__all__ = ["ISO_PREFIXES", "READS_RFC_TAIL", "parse_twilio_datetime", "utc_rfc2822"]

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_MONTH_DIGITS = {name: f"{number:02d}" for name, number in _MONTHS.items()}
_DATE_CACHE: dict[str, datetime] = {}
_DATE_CACHE_SIZE = 4096


def _iso_prefix(prefix: str) -> str:
    """``Fri, 01 Mar 2024 `` -> ``2024-03-01T``: the first 17 characters of an RFC 2822 date."""
    day = prefix[5:16]
    if (
        len(prefix) != 17
        or prefix[3:5] != ", "
        or prefix[16] != " "
        or day[2] != " "
        or day[6] != " "
        or not (day[:2] + day[7:]).isdigit()
    ):
        raise KeyError(prefix)
    return f"{day[7:11]}-{_MONTH_DIGITS[day[3:6]]}-{day[0:2]}T"


ISO_PREFIXES = Memo(_iso_prefix, 4096)
"""``ISO_PREFIXES[text[:17]]``: the ISO 8601 date and ``T`` of an RFC 2822 timestamp; KeyError
if ``text`` does not start like one (the weekday is not checked).

With it, Twilio's usual shape ``Fri, 24 May 2019 17:18:27 +0000`` (``text[25:] == " +0000"``)
reads as ``datetime.fromisoformat(f"{ISO_PREFIXES[text[:17]]}{text[17:25]}+00:00")``.
"""


def _reads_rfc_tail() -> bool:
    """Whether :meth:`datetime.fromisoformat` reads ``2019-05-24T17:18:27 +0000`` as UTC: the
    ISO 8601 date followed by an RFC 2822 timestamp's time and offset (Python 3.11 and later)."""
    try:
        parsed = datetime.fromisoformat("2019-05-24T17:18:27 +0000")
    except ValueError:
        return False
    return parsed.tzinfo is timezone.utc and parsed == datetime(
        2019, 5, 24, 17, 18, 27, tzinfo=timezone.utc
    )


READS_RFC_TAIL = _reads_rfc_tail()
"""True where a 31-character ``Fri, 24 May 2019 17:18:27 +0000`` also reads as
``datetime.fromisoformat(ISO_PREFIXES.table[text[:17]] + text[17:])``, offset included (a
result whose ``tzinfo`` is not ``timezone.utc`` had another offset): two slices fewer."""


def utc_rfc2822(text: str) -> datetime | None:
    """Twilio's usual shape, ``Fri, 24 May 2019 17:18:27 +0000``, read as ISO 8601; else None."""
    if text[25:] == " +0000":  # 31 characters; the weekday is not checked
        try:
            return datetime.fromisoformat(f"{ISO_PREFIXES[text[:17]]}{text[17:25]}+00:00")
        except (KeyError, ValueError):
            return None
    return None


def _parse_rfc2822(text: str) -> datetime:
    # Fast path for Twilio's fixed shape with any offset: "Fri, 24 May 2019 17:18:27 +0200".
    parts = text.split()
    if len(parts) == 6 and len(parts[4]) == 8 and parts[2] in _MONTHS:
        clock, zone = parts[4], parts[5]
        parsed = datetime(
            int(parts[3]),
            _MONTHS[parts[2]],
            int(parts[1]),
            int(clock[0:2]),
            int(clock[3:5]),
            int(clock[6:8]),
            tzinfo=timezone.utc,
        )
        if zone in ("+0000", "-0000", "GMT", "UTC"):
            return parsed
        sign = -1 if zone[0] == "-" else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
        return parsed - sign * offset
    general = parsedate_to_datetime(text)
    if general.tzinfo is None:
        general = general.replace(tzinfo=timezone.utc)
    return general.astimezone(timezone.utc)


def _parse_iso8601(text: str) -> datetime:
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def parse_twilio_datetime(text: str) -> datetime:
    """Parse an RFC 2822 or ISO 8601 timestamp from Twilio into an aware UTC datetime.

    >>> parse_twilio_datetime("Fri, 24 May 2019 17:18:27 +0000").isoformat()
    '2019-05-24T17:18:27+00:00'
    """
    usual = utc_rfc2822(text) if type(text) is str else None
    if usual is not None:
        return usual
    cached = _DATE_CACHE.get(text)
    if cached is not None:
        return cached
    try:
        parsed = _parse_iso8601(text) if text[:4].isdigit() else _parse_rfc2822(text)
    except (ValueError, TypeError, IndexError) as exc:
        raise ValueError(f"not a Twilio timestamp: {text!r}") from exc
    if len(_DATE_CACHE) >= _DATE_CACHE_SIZE:
        _DATE_CACHE.clear()
    _DATE_CACHE[text] = parsed
    return parsed
