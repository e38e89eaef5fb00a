"""Encoding of call arguments into Twilio's form bodies and query strings.

Rules: keys are Twilio's PascalCase names; a list becomes repeated keys
(``MediaUrl=a&MediaUrl=b``); booleans are ``true``/``false``; datetimes are converted to UTC
and sent as ISO 8601 with a ``Z`` (a naive datetime is refused); dates as ``YYYY-MM-DD``;
``None`` is omitted and ``""`` is sent (that is how a body is redacted).
"""

from __future__ import annotations

import enum
import functools
import sys
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from typing import Any

from twilio_async.errors import InvalidRequestError

__all__ = [
    "FormFields",
    "FormPairs",
    "encode_form",
    "encode_pairs",
    "encode_value",
    "form_bytes",
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
    decimal = sys.modules.get("decimal")  # no Decimal exists before the module is loaded
    if isinstance(value, float) or (decimal is not None and isinstance(value, decimal.Decimal)):
        from decimal import Decimal  # loaded on first use, to keep the package's import light

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
    _add_extra(pairs, extra_params)
    return tuple(pairs)


def _add_extra(pairs: list[tuple[str, str]], extra_params: Mapping[str, Any] | None) -> None:
    if extra_params:
        for key, value in extra_params.items():
            if not isinstance(key, str) or not key:
                raise InvalidRequestError(
                    "extra_params", f"keys must be non-empty strings: {key!r}"
                )
            _add(pairs, f"extra_params[{key!r}]", key, value)


class FormFields:
    """The form fields of one call, in order: its argument names and Twilio's names for them.

    For a call made in bulk: :meth:`encode` takes the values as a tuple in the same order,
    which costs less than a dict of every argument.

    >>> fields = FormFields("to", "from_", "media_url")
    >>> fields.encode(("+1555", None, ["a", "b"]))
    (('To', '+1555'), ('MediaUrl', 'a'), ('MediaUrl', 'b'))
    """

    __slots__ = ("_fields",)

    def __init__(self, *names: str) -> None:
        self._fields = tuple((name, pascal_case(name)) for name in names)

    def encode(
        self, values: tuple[Any, ...], extra_params: Mapping[str, Any] | None = None
    ) -> FormPairs:
        """Encode ``values`` (one per name, in order; None is left out) and ``extra_params``."""
        if len(values) != len(self._fields):
            raise TypeError(f"expected {len(self._fields)} values, got {len(values)}")
        pairs: list[tuple[str, str]] = []
        for (name, key), value in zip(self._fields, values, strict=True):
            if value is None:
                continue
            if type(value) is str:  # the usual value, without a call
                pairs.append((key, value))
            else:
                _add(pairs, name, key, value)
        _add_extra(pairs, extra_params)
        return tuple(pairs)


_SAFE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-"
_BYTES = tuple(bytes((code,)) for code in range(256))
_ESCAPES = tuple(f"%{code:02X}".encode() for code in range(256))


def _escape(data: bytes, unsafe: bytes) -> bytes:
    """``data`` with the bytes in ``unsafe`` percent-encoded, one kind of byte at a time.

    A text has few kinds of unsafe byte but may have many of each, and there are at most 256
    kinds: one ``bytes.replace`` per kind beats one Python call per character.
    """
    kinds = set(unsafe)
    if 0x25 in kinds:  # "%" first, so that no escape written below is escaped again
        kinds.remove(0x25)
        data = data.replace(b"%", b"%25")
    for code in kinds:
        data = data.replace(_BYTES[code], _ESCAPES[code])
    return data


def percent_encode(text: str) -> str:
    """``urllib.parse.quote(text, safe="")``, for phone numbers, names and bodies.

    >>> percent_encode("+1 555/ü")
    '%2B1%20555%2F%C3%BC'
    """
    data = text.encode()
    unsafe = data.translate(None, _SAFE)
    return _escape(data, unsafe).decode("ascii") if unsafe else text


def form_bytes(pairs: FormPairs) -> bytes:
    """``pairs`` as an ``application/x-www-form-urlencoded`` body (``+`` kept as ``%2B``).

    >>> form_bytes((("To", "+1555"), ("Body", "a&b=c")))
    b'To=%2B1555&Body=a%26b%3Dc'
    """
    data = "&".join([f"{key}={value}" for key, value in pairs]).encode()
    unsafe = data.translate(None, _SAFE)
    if not unsafe:
        return data
    if unsafe.count(b"=") == len(pairs) and unsafe.count(b"&") == len(pairs) - 1:
        # No key or value holds a separator: encode the whole text at once.
        return _escape(data, unsafe.translate(None, b"&="))
    return "&".join(
        [f"{percent_encode(key)}={percent_encode(value)}" for key, value in pairs]
    ).encode()


def urlencode_pairs(pairs: FormPairs) -> str:
    """:func:`form_bytes` as text, for query strings.

    >>> urlencode_pairs((("PageSize", "50"), ("To", "+1555")))
    'PageSize=50&To=%2B1555'
    """
    return form_bytes(pairs).decode("ascii")
