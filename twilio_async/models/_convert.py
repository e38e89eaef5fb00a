"""The one cattrs converter that turns Twilio's JSON into twilio_async's models.

Twilio's 2010 API sends RFC 2822 dates (``Fri, 24 May 2019 17:18:27 +0000``), its v1 hosts
ISO 8601 (``2015-07-30T20:12:31Z``); both become timezone-aware UTC datetimes. Prices become
``Decimal``. Enums are open: a value Twilio adds later is kept, never a crash. Keys a model does
not know are ignored.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import cattrs
from cattrs.gen import make_dict_structure_fn, override

__all__ = ["OpenEnum", "converter", "model", "parse_twilio_datetime", "structure"]

T = TypeVar("T")

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_DATE_CACHE: dict[str, datetime] = {}
_DATE_CACHE_SIZE = 4096


class OpenEnum(str, enum.Enum):
    """A string enum that accepts values it does not list.

    An unknown value becomes a pseudo-member whose ``value`` is the string Twilio sent, so
    code written today keeps working when Twilio adds a status tomorrow. Members compare
    equal to their string values.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper().replace("-", "_")
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)


def _parse_rfc2822(text: str) -> datetime:
    # Fast path for Twilio's fixed shape: "Fri, 24 May 2019 17:18:27 +0000".
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


def _structure_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a timestamp string, got {value!r}")
    return parse_twilio_datetime(value)


def _structure_decimal(value: Any, _: type) -> Decimal:
    try:
        return Decimal(value if isinstance(value, (str, int)) else str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal number: {value!r}") from exc


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, int):
        return value
    return int(value)


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "True"):
        return True
    if value in ("false", "False"):
        return False
    raise ValueError(f"expected a boolean, got {value!r}")


converter = cattrs.Converter(detailed_validation=False)
"""The converter every model is structured with (hooks are registered once, here and by models)."""

converter.register_structure_hook(datetime, _structure_datetime)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook_func(
    lambda cls: isinstance(cls, type) and issubclass(cls, OpenEnum),
    lambda value, cls: cls(value),
)


def structure(data: Any, cls: type[T]) -> T:
    """Structure Twilio's decoded JSON ``data`` into the model class ``cls``."""
    return converter.structure(data, cls)


def model(**renames: str) -> Callable[[type[T]], type[T]]:
    """Register an attrs class with the converter; ``renames`` maps attribute -> JSON key.

    Used as a class decorator: ``@model(from_="from")``.
    """

    def register(cls: type[T]) -> type[T]:
        overrides = {attribute: override(rename=key) for attribute, key in renames.items()}
        converter.register_structure_hook(
            cls,
            make_dict_structure_fn(cls, converter, **overrides),  # type: ignore[arg-type]
        )
        return cls

    return register
