"""The one cattrs converter that turns Twilio's JSON into twilio_async's models.

Twilio's 2010 API sends RFC 2822 dates (``Fri, 24 May 2019 17:18:27 +0000``), its v1 hosts
ISO 8601 (``2015-07-30T20:12:31Z``); both become timezone-aware UTC datetimes. Prices become
``Decimal``. Enums are open: a value Twilio adds later is kept, never a crash. Keys a model does
not know are ignored.
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


def _utc_rfc2822(text: str) -> datetime | None:
    """Twilio's usual shape, ``Fri, 24 May 2019 17:18:27 +0000``, read as ISO 8601; else None."""
    if len(text) == 31 and text.endswith(" +0000"):
        month = _MONTH_DIGITS.get(text[8:11])
        if month is not None:
            try:
                return datetime.fromisoformat(
                    f"{text[12:16]}-{month}-{text[5:7]}T{text[17:25]}+00:00"
                )
            except ValueError:
                return None
    return None


def _parse_rfc2822(text: str) -> datetime:
    fastest = _utc_rfc2822(text)
    if fastest is not None:
        return fastest
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
    if type(value) is str:
        fastest = _utc_rfc2822(value)
        if fastest is not None:
            return fastest
    cached = _DATE_CACHE.get(value) if type(value) is str else None
    if cached is not None:
        return cached
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
    return value if type(value) is int else int(value)


def _structure_open_enum(value: Any, cls: type[OpenEnum]) -> OpenEnum:
    member = cls._value2member_map_.get(value)
    return member if member is not None else cls(value)  # type: ignore[return-value]


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
converter.register_structure_hook(OpenEnum, lambda value, cls: _structure_open_enum(value, cls))


def _structure_str(value: Any, _: type) -> str:
    return value if type(value) is str else str(value)


def _structure_str_map(value: Any, _: type) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError(f"expected an object, got {value!r}")
    return {
        key if type(key) is str else str(key): item if type(item) is str else str(item)
        for key, item in value.items()
    }


converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook_func(lambda cls: cls == dict[str, str], _structure_str_map)


def _optional_inner(cls: Any) -> Any:
    args = typing.get_args(cls)
    if len(args) == 2 and type(None) in args and typing.get_origin(cls) in _UNIONS:
        return args[0] if args[1] is type(None) else args[1]
    return None


_UNIONS: tuple[Any, ...] = (typing.Union, types.UnionType)


def _optional_hook_factory(cls: Any) -> Callable[[Any, Any], Any]:
    # One plain function per optional field type: None passes, anything else goes to the
    # inner type's hook, resolved once here rather than on every value.
    inner = _optional_inner(cls)
    structure_inner = converter.get_structure_hook(inner)

    def structure_optional(value: Any, _: Any) -> Any:
        return None if value is None else structure_inner(value, inner)

    return structure_optional


converter.register_structure_hook_factory(
    lambda cls: _optional_inner(cls) is not None, _optional_hook_factory
)


def structure(data: Any, cls: type[T]) -> T:
    """Structure Twilio's decoded JSON ``data`` into the model class ``cls``."""
    return converter.structure(data, cls)


def _field_expression(index: int, key: str, hint: Any, required: bool, env: dict[str, Any]) -> str:
    """Python source that reads JSON key ``key`` of ``o`` as type ``hint``.

    The common cases are inlined so that a value already of the right shape costs no call:
    strings, ints and known enum values.
    """
    inner = _optional_inner(hint)
    target = hint if inner is None else inner
    read = f"o[{key!r}]" if required else f"get({key!r})"
    if target is str:
        return f"(v if (v := {read}) is None or type(v) is str else str(v))"
    hook, kind = f"h{index}", f"t{index}"
    env[hook] = converter.get_structure_hook(target)
    env[kind] = target
    convert = f"{hook}(v, {kind})"
    if target is int:
        convert = f"(v if type(v) is int else {convert})"
    elif isinstance(target, type) and issubclass(target, OpenEnum):
        env[f"m{index}"] = target._value2member_map_
        convert = f"(m{index}.get(v) or {convert})"
    if inner is None and required:
        return f"(v := {read}, {convert})[1]"
    return f"(None if (v := {read}) is None else {convert})"


def _plain_slots(cls: type[Any]) -> bool:
    """True if ``cls`` can be filled slot by slot: slotted, no validators, converters or hooks."""
    fields = attrs.fields(cls)
    return (
        "__slots__" in cls.__dict__
        and not hasattr(cls, "__attrs_post_init__")
        and not hasattr(cls, "__attrs_pre_init__")
        and "_attrs_cached_hash" not in getattr(cls, "__slots__", ())
        and all(
            field.validator is None and field.converter is None and field.init for field in fields
        )
    )


def _compile_structure(cls: type[T], renames: dict[str, str]) -> Callable[[Any, Any], T] | None:
    """A structuring function for ``cls`` with each field read inline, or None if the
    class has a field this shortcut does not handle (a default other than None)."""
    hints = typing.get_type_hints(cls)
    env: dict[str, Any] = {"cls": cls, "new": object.__new__}
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    by_slot = _plain_slots(cls)
    lines = []
    for index, field in enumerate(fields):
        if not field.init:
            continue
        required = field.default is attrs.NOTHING
        if not required and field.default is not None:
            return None
        key = renames.get(field.name, field.name)
        expression = _field_expression(index, key, hints[field.name], required, env)
        if by_slot:
            # A frozen class refuses setattr; its slot descriptors still fill a new instance.
            env[f"s{index}"] = getattr(cls, field.name).__set__
            lines.append(f"    s{index}(self, {expression})\n")
        else:
            lines.append(f"        {field.name}={expression},\n")
    head = (
        "def structure(o, _):\n"
        "    if type(o) is not dict:\n"
        "        raise TypeError(f'expected a JSON object, got {type(o).__name__}')\n"
        "    get = o.get\n"
    )
    if by_slot:
        source = head + "    self = new(cls)\n" + "".join(lines) + "    return self\n"
    else:
        source = head + "    return cls(\n" + "".join(lines) + "    )\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<twilio_async structure {cls.__qualname__}>", "exec"), env, namespace)
    function: Callable[[Any, Any], T] = namespace["structure"]
    return function


def model(**renames: str) -> Callable[[type[T]], type[T]]:
    """Register an attrs class with the converter; ``renames`` maps attribute -> JSON key.

    Used as a class decorator: ``@model(from_="from")``. The structuring function is
    generated once, reading each field inline (a ``None`` costs no call).
    """

    def register(cls: type[T]) -> type[T]:
        compiled = _compile_structure(cls, renames)
        if compiled is not None:
            converter.register_structure_hook(cls, compiled)
            return cls
        overrides = {attribute: override(rename=key) for attribute, key in renames.items()}
        converter.register_structure_hook(
            cls,
            make_dict_structure_fn(cls, converter, **overrides),  # type: ignore[arg-type]
        )
        return cls

    return register
