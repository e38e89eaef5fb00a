"""The one cattrs converter that turns Twilio's JSON into twilio_async's models.

Twilio's 2010 API sends RFC 2822 dates (``Fri, 24 May 2019 17:18:27 +0000``), its v1 hosts
ISO 8601 (``2015-07-30T20:12:31Z``); both become timezone-aware UTC datetimes. Prices become
``Decimal``. Enums are open: a value Twilio adds later is kept, never a crash. Keys a model does
not know are ignored.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, cast

import cattrs
from cattrs.gen import make_dict_structure_fn, override

from twilio_async.models._codegen import Structurers, compile_structure, optional_inner
from twilio_async.models._dates import parse_twilio_datetime

__all__ = [
    "OpenEnum",
    "converter",
    "fresh_structurer",
    "model",
    "parse_twilio_datetime",
    "structure",
    "structurer",
    "usual_structurer",
]

T = TypeVar("T")


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


def _structure_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, str):
        return parse_twilio_datetime(value)
    if isinstance(value, datetime):
        return value
    raise ValueError(f"expected a timestamp string, got {value!r}")


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
    if type(value) is str:
        return value
    if value is None or isinstance(value, (dict, list)):
        raise ValueError(f"expected text, got {value!r}")
    return str(value)


def _structure_str_map(value: Any, _: type) -> dict[str, str]:
    if type(value) is dict:
        if not value:
            return {}
        for key, item in value.items():
            if type(item) is not str or type(key) is not str:
                break
        else:  # text to text, the usual case
            return value.copy()
    elif not isinstance(value, dict):
        raise ValueError(f"expected an object, got {value!r}")
    return _text_map(value)


def _text_map(value: dict[Any, Any]) -> dict[str, str]:
    return {
        key if type(key) is str else str(key): item if type(item) is str else str(item)
        for key, item in value.items()
    }


converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook_func(lambda cls: cls == dict[str, str], _structure_str_map)


def _optional_hook_factory(cls: Any) -> Callable[[Any, Any], Any]:
    # One plain function per optional field type: None passes, anything else goes to the
    # inner type's hook, resolved once here rather than on every value.
    inner = optional_inner(cls)
    structure_inner = converter.get_structure_hook(inner)

    def structure_optional(value: Any, _: Any) -> Any:
        return None if value is None else structure_inner(value, inner)

    return structure_optional


converter.register_structure_hook_factory(
    lambda cls: optional_inner(cls) is not None, _optional_hook_factory
)


def structure(data: Any, cls: type[T]) -> T:
    """Structure Twilio's decoded JSON ``data`` into the model class ``cls``."""
    return converter.structure(data, cls)


_STRUCTURERS: dict[type[Any], Structurers[Any]] = {}


def structurer(cls: type[T]) -> Callable[[Any], T]:
    """A one-argument function that structures decoded JSON into ``cls``.

    For a model it is the generated function itself, so a page of items costs one call each.
    """
    found = _STRUCTURERS.get(cls)
    if found is not None:
        return found.structure
    hook = converter.get_structure_hook(cls)
    return lambda data: hook(data, cls)


def fresh_structurer(cls: type[T]) -> Callable[[Any], T]:
    """Like :func:`structurer`, for objects just decoded for it alone: a model's text maps
    are the object's own (not copies), so nothing else may hold the object."""
    found = _STRUCTURERS.get(cls)
    return structurer(cls) if found is None else found.fresh


def usual_structurer(cls: type[T]) -> Callable[[Any], T] | None:
    """The model's function for Twilio's usual shape only (it raises for anything else), or
    None. Its result depends only on text, nulls, integers and text maps, which every JSON
    decoder renders alike, so it may read a faster decoder's output (see ``_fast_json``). It
    keeps the object's text maps in the model: give it only objects fresh from a decoder."""
    found = _STRUCTURERS.get(cls)
    return None if found is None else found.usual


def model(**renames: str) -> Callable[[type[T]], type[T]]:
    """Register an attrs class with the converter; ``renames`` maps attribute -> JSON key.

    Used as a class decorator: ``@model(from_="from")``. The structuring function is
    generated once, reading each field inline (a ``None`` costs no call).
    """

    def register(cls: type[T]) -> type[T]:
        compiled = compile_structure(cls, renames, converter)
        if compiled is not None:
            # The generated functions take the hook's second argument as optional.
            converter.register_structure_hook(cls, cast(Any, compiled.structure))
            _STRUCTURERS[cls] = compiled
            return cls
        overrides = {attribute: override(rename=key) for attribute, key in renames.items()}
        converter.register_structure_hook(
            cls,
            make_dict_structure_fn(cls, converter, **overrides),  # type: ignore[arg-type]
        )
        return cls

    return register
