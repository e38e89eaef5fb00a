"""How Twilio's JSON becomes twilio_async's models: compiled hooks, backed by one cattrs converter.

Twilio's 2010 API sends RFC 2822 dates (``Fri, 24 May 2019 17:18:27 +0000``), its v1 hosts
ISO 8601 (``2015-07-30T20:12:31Z``); both become timezone-aware UTC datetimes. Prices become
``Decimal``. Enums are open: a value Twilio adds later is kept, never a crash. Keys a model does
not know are ignored.

Models registered with :func:`model` get a compiled hook and never touch cattrs on the hot path;
the cattrs converter (built on first use, so importing the package does not pay for cattrs)
structures every other type.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import attrs

if typing.TYPE_CHECKING:
    import cattrs

__all__ = ["OpenEnum", "model", "parse_twilio_datetime", "structure"]

T = TypeVar("T")

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_MONTH_DIGITS = {name: f"{number:02d}" for name, number in _MONTHS.items()}
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
    # Fastest path, Twilio's usual UTC shape "Fri, 24 May 2019 17:18:27 +0000", read as ISO 8601.
    if len(text) == 31 and text.endswith(" +0000"):
        month = _MONTH_DIGITS.get(text[8:11])
        if month is not None:
            iso = f"{text[12:16]}-{month}-{text[5:7]}T{text[17:25]}+00:00"
            return datetime.fromisoformat(iso)
    # The same shape with another offset (or GMT/UTC), parsed field by field.
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


_MODEL_HOOKS: dict[type, Callable[[Any, type], Any]] = {}
_CONVERTER: list[cattrs.Converter] = []


def _converter() -> cattrs.Converter:
    """The one cattrs converter, built (with every hook registered so far) on first use."""
    if not _CONVERTER:
        import cattrs

        built = cattrs.Converter(detailed_validation=False)
        built.register_structure_hook(datetime, _structure_datetime)
        built.register_structure_hook(Decimal, _structure_decimal)
        built.register_structure_hook(int, _structure_int)
        built.register_structure_hook_func(
            lambda cls: isinstance(cls, type) and issubclass(cls, OpenEnum),
            lambda value, cls: cls(value),
        )
        for cls, hook in _MODEL_HOOKS.items():
            built.register_structure_hook(cls, hook)
        _CONVERTER.append(built)
    return _CONVERTER[0]


def __getattr__(name: str) -> Any:
    if name == "converter":
        return _converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def structure(data: Any, cls: type[T]) -> T:
    """Structure Twilio's decoded JSON ``data`` into the model class ``cls``."""
    hook = _MODEL_HOOKS.get(cls)
    if hook is not None:
        structured: T = hook(data, cls)
        return structured
    return _converter().structure(data, cls)


def _datetime_from_json(value: Any) -> datetime:
    if value.__class__ is str:
        # Twilio's usual UTC shape straight to ISO 8601; anything else takes the full path.
        if len(value) == 31 and value.endswith(" +0000"):
            month = _MONTH_DIGITS.get(value[8:11])
            if month is not None:
                try:
                    return datetime.fromisoformat(
                        f"{value[12:16]}-{month}-{value[5:7]}T{value[17:25]}+00:00"
                    )
                except ValueError:
                    pass
        return parse_twilio_datetime(value)
    return _structure_datetime(value, datetime)


def _field_step(target: Any) -> tuple[type, Callable[[Any], Any]]:
    """For one field's type: the JSON type kept as it is, and the converter for anything else."""
    args = typing.get_args(target)
    if typing.get_origin(target) in (typing.Union, types.UnionType) and type(None) in args:
        inner = [arg for arg in args if arg is not type(None)]
        if len(inner) == 1:
            target = inner[0]
    if target is str:
        return str, str
    if target is datetime:
        return datetime, _datetime_from_json
    if isinstance(target, type) and issubclass(target, OpenEnum):
        members = target._value2member_map_
        enum_cls = target

        def to_enum(value: Any) -> Any:
            return members.get(value) or enum_cls(value)

        return target, to_enum
    if target is int or target is Decimal:
        hook = _structure_int if target is int else _structure_decimal
        return target, lambda value: hook(value, target)
    if typing.get_origin(target) is dict and typing.get_args(target) == (str, str):
        return dict, lambda value: _converter().structure(value, target)
    return object, lambda value: _converter().structure(value, target)


def _model_structure_fn(cls: type[T], renames: dict[str, str]) -> Callable[[Any, type], T]:
    """Compile the structure hook of an attrs model: one call per model, no per-value dispatch.

    None stays None; a value already of the field's JSON type (``str`` for text, ``dict`` for
    string maps) is kept; anything else goes through the field's converter (dates, enums,
    numbers, nested types). A missing key leaves the attribute's default.
    """
    attrs.resolve_types(cls)  # type: ignore[type-var]
    namespace: dict[str, Any] = {"cls": cls, "not_an_object": _not_an_object}
    arguments = []
    other_steps = []
    for index, field in enumerate(attrs.fields(cls)):  # type: ignore[arg-type]
        key = renames.get(field.name, field.name)
        kept, convert = _field_step(field.type)
        if field.default is attrs.NOTHING or field.default is None:
            namespace[f"kept{index}"], namespace[f"convert{index}"] = kept, convert
            source = f"data[{key!r}]" if field.default is attrs.NOTHING else f"get({key!r})"
            arguments.append(
                f"        {field.name}=v if (v := {source}) is None or v.__class__ is kept{index}"
                f" else convert{index}(v),"
            )
        else:
            other_steps.append((field.name, key, kept, convert))
    if other_steps:
        namespace["others"] = _defaulted_fields(other_steps)
        arguments.append("        **others(data),")
    source = "\n".join(
        [
            "def structure_model(data, _):",
            "    if not isinstance(data, dict):",
            "        not_an_object(cls, data)",
            "    get = data.get",
            "    return cls(",
            *arguments,
            "    )",
        ]
    )
    exec(compile(source, f"<twilio_async structure {cls.__name__}>", "exec"), namespace)
    structure_model: Callable[[Any, type], T] = namespace["structure_model"]
    return structure_model


def _not_an_object(cls: type, data: Any) -> None:
    raise ValueError(f"expected an object for {cls.__name__}, got {type(data).__name__}")


def _defaulted_fields(
    steps: list[tuple[str, str, type, Callable[[Any], Any]]],
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Fields whose default is not None: set only when the key is present."""

    def present(data: dict[str, Any]) -> dict[str, Any]:
        values = {}
        for name, key, kept, convert in steps:
            if key in data:
                value = data[key]
                values[name] = value if value is None or value.__class__ is kept else convert(value)
        return values

    return present


def model(**renames: str) -> Callable[[type[T]], type[T]]:
    """Register an attrs class (compile its structure hook); ``renames``: attribute -> JSON key.

    Used as a class decorator: ``@model(from_="from")``.
    """

    def register(cls: type[T]) -> type[T]:
        hook = _model_structure_fn(cls, renames)
        _MODEL_HOOKS[cls] = hook
        if _CONVERTER:
            _CONVERTER[0].register_structure_hook(cls, hook)
        return cls

    return register
