"""Encoding of call arguments into Twilio's form bodies and query strings.

Rules: keys are Twilio's PascalCase names; a list becomes repeated keys
(``MediaUrl=a&MediaUrl=b``); booleans are ``true``/``false``; datetimes are converted to UTC
and sent as ISO 8601 with a ``Z`` (a naive datetime is refused); dates as ``YYYY-MM-DD``;
``None`` is omitted and ``""`` is sent (that is how a body is redacted).
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from twilio_async.errors import InvalidRequestError

__all__ = [
    "FormPairs",
    "encode_form",
    "encode_pairs",
    "encode_value",
    "pascal_case",
    "percent_encode",
    "urlencode_pairs",
]

FormPairs = tuple[tuple[str, str], ...]
"""Encoded fields in order: (Twilio name, text value) pairs; a list adds several pairs."""


@functools.lru_cache(maxsize=512)
def pascal_case(name: str) -> str:
    """Turn a Python argument name into Twilio's parameter name.

    >>> pascal_case("messaging_service_sid"), pascal_case("from_")
    ('MessagingServiceSid', 'From')
    """
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def encode_value(parameter: str, value: Any) -> str:
    """Encode one scalar ``value`` of ``parameter`` as Twilio expects it as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        # Plain notation, never 1e-05: Twilio reads decimal numbers.
        return format(value if isinstance(value, Decimal) else Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidRequestError(parameter, "a naive datetime is ambiguous; give a timezone")
        utc = value.astimezone(timezone.utc)
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    raise InvalidRequestError(parameter, f"cannot send a value of type {type(value).__name__}")


def encode_pairs(fields: Iterable[tuple[str, str, Any]]) -> FormPairs:
    """Encode ``(python_name, twilio_name, value)`` triples, skipping ``None`` values."""
    pairs: list[tuple[str, str]] = []
    for parameter, key, value in fields:
        _add(pairs, parameter, key, value)
    return tuple(pairs)


def _add(pairs: list[tuple[str, str]], parameter: str, key: str, value: Any) -> None:
    if value is None:
        return
    if type(value) is str:
        pairs.append((key, value))
    elif isinstance(value, (list, tuple)):
        pairs.extend((key, encode_value(parameter, item)) for item in value)
    else:
        pairs.append((key, encode_value(parameter, value)))


def encode_form(
    arguments: Mapping[str, Any], extra_params: Mapping[str, Any] | None = None
) -> FormPairs:
    """Encode keyword ``arguments`` (PascalCase-d) and ``extra_params`` (sent as named).

    >>> encode_form({"to": "+1555", "media_url": ["a", "b"], "smart_encoded": True})
    (('To', '+1555'), ('MediaUrl', 'a'), ('MediaUrl', 'b'), ('SmartEncoded', 'true'))
    """
    pairs: list[tuple[str, str]] = []
    for name, value in arguments.items():
        if value is not None:
            _add(pairs, name, pascal_case(name), value)
    if extra_params:
        for key, value in extra_params.items():
            if not isinstance(key, str) or not key:
                raise InvalidRequestError(
                    "extra_params", f"keys must be non-empty strings: {key!r}"
                )
            _add(pairs, f"extra_params[{key!r}]", key, value)
    return tuple(pairs)


_UNSAFE = re.compile(r"[^A-Za-z0-9_.~-]")
_UNSAFE_BETWEEN_SEPARATORS = re.compile(r"[^A-Za-z0-9_.~&=-]")
_ESCAPES = {chr(code): f"%{code:02X}" for code in range(128)}


def _escape(char: str) -> str:
    escaped = _ESCAPES.get(char)
    if escaped is None:
        escaped = "".join(f"%{byte:02X}" for byte in char.encode())
        if len(_ESCAPES) < 4096:
            _ESCAPES[char] = escaped
    return escaped


def _replace_each(text: str, unsafe: re.Pattern[str]) -> str:
    """``text`` with every character ``unsafe`` matches percent-encoded, one kind at a time
    (a body has few kinds of unsafe characters but may have many of each)."""
    kinds = set(unsafe.findall(text))
    if not kinds:
        return text
    if "%" in kinds:  # first, so that no escape written below is escaped again
        kinds.remove("%")
        text = text.replace("%", "%25")
    for char in kinds:
        text = text.replace(char, _escape(char))
    return text


def percent_encode(text: str) -> str:
    """``urllib.parse.quote(text, safe="")``, for phone numbers, names and bodies.

    >>> percent_encode("+1 555/ü")
    '%2B1%20555%2F%C3%BC'
    """
    return _replace_each(text, _UNSAFE)


def urlencode_pairs(pairs: FormPairs) -> str:
    """Percent-encode ``pairs`` as ``application/x-www-form-urlencoded`` (``+`` kept as ``%2B``).

    >>> urlencode_pairs((("To", "+1555"), ("Body", "a&b=c")))
    'To=%2B1555&Body=a%26b%3Dc'
    """
    joined = "&".join([f"{key}={value}" for key, value in pairs])
    if joined.count("=") == len(pairs) and joined.count("&") == len(pairs) - 1:
        # No key or value holds a separator: encode the whole text at once.
        return _replace_each(joined, _UNSAFE_BETWEEN_SEPARATORS)
    return "&".join([f"{percent_encode(key)}={percent_encode(value)}" for key, value in pairs])
