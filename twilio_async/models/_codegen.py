"""Structuring functions generated once per model, with every field read inline.

For a plain frozen slotted attrs class two functions are generated:

- the *exact* one reads each key with ``dict.get`` and converts each value through the
  converter's hooks: it accepts every valid object and gives the precise error for a bad one;
- the *fast* one assumes Twilio's usual shape (every key present, nulls rather than missing
  keys, strings where text is due, timestamps in UTC) and reads it with few operations:
  repeated texts (statuses, prices, counts) from :class:`~twilio_async.models._memo.Memo`
  tables, RFC 2822 dates rewritten for ``datetime.fromisoformat``, empty objects as new ones.
  It never guesses: anything unusual raises inside it, and the object is then read again by
  the exact function, which decides.

When every field is text, a number, a boolean, a date, an enum or a text-to-text object, the
fast body is also emitted alone as ``usual``, which raises where ``structure`` would turn to
the exact function: it calls no hook on anything but text, so its result cannot depend on how
a JSON decoder rendered a number (see ``twilio_async/_fast_json.py``). ``usual`` is given
objects just decoded for it alone, so it keeps their text maps instead of copying them.

The instance is filled through a private subclass that accepts attribute stores (the model
refuses them, being frozen) and then becomes the model by ``__class__`` assignment.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar

import attrs

from twilio_async.models._dates import (
    ISO_PREFIXES,
    READS_RFC_TAIL,
    parse_twilio_datetime,
)
from twilio_async.models._memo import Memo

__all__ = ["Structurers", "compile_structure", "keyed_like", "optional_inner"]

T = TypeVar("T")

_UNIONS: tuple[Any, ...] = (typing.Union, types.UnionType)
_FILENAME = "<twilio_async structure "
"""How the generated functions' code names its file (then the model and ``>``)."""


class _HookSource(Protocol):
    def get_structure_hook(self, cl: Any) -> Callable[[Any, Any], Any]: ...


def optional_inner(hint: Any) -> Any:
    """``X`` for ``X | None`` (or ``Optional[X]``); None for any other hint."""
    args = typing.get_args(hint)
    if len(args) == 2 and type(None) in args and typing.get_origin(hint) in _UNIONS:
        return args[0] if args[1] is type(None) else args[1]
    return None


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


def _filler_for(cls: type[Any]) -> type[Any] | None:
    """A subclass of the frozen slotted ``cls`` that accepts attribute stores, or None.

    It adds nothing to the layout, so CPython lets a filled instance become a ``cls`` by
    ``__class__`` assignment.
    """
    namespace = {
        "__slots__": (),
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__module__": cls.__module__,
    }
    filler = type(f"_{cls.__name__}Filler", (cls,), namespace)
    probe: Any = object.__new__(filler)
    try:
        probe.__class__ = cls
    except TypeError:  # pragma: no cover - a layout CPython will not convert
        return None
    return filler


@attrs.frozen
class _Field:
    """One attribute to fill: where its value comes from and what it becomes."""

    index: int
    name: str
    key: str
    target: Any
    nullable: bool
    required: bool


def _memo_for(field: _Field, hook: Callable[[Any, Any], Any]) -> Memo | None:
    """A table of converted texts for ``field`` if its conversion from text is pure."""
    target = field.target
    if isinstance(target, type) and issubclass(target, enum.Enum):
        # Text keys only: a table of nothing but text keys is searched on CPython's fast path.
        seed = {k: v for k, v in target._value2member_map_.items() if type(k) is str}
        return Memo(lambda text: hook(text, target), 256, seed)
    if target is Decimal or target is int:
        return Memo(lambda text: hook(text, target), 1024)
    return None


def _text_expression(field: _Field, read: str) -> str:
    """Source for a text field: a string as it is, a null if allowed, anything else through
    the text hook (a number becomes its text; an object, a list, or a null where text is
    required, is refused)."""
    if field.nullable:
        return f"(v if type(v := {read}) is str or v is None else h{field.index}(v, str))"
    return f"(v if type(v := {read}) is str else h{field.index}(v, str))"


def _exact_expression(field: _Field, env: dict[str, Any]) -> str:
    """Source reading ``field`` from ``o`` with ``get`` (``o[key]`` when required), exactly."""
    read = f"o[{field.key!r}]" if field.required else f"get({field.key!r})"
    if field.target is str:
        return _text_expression(field, read)
    convert = f"h{field.index}(v, t{field.index})"
    memo = f"c{field.index}"
    if memo in env:
        convert = f"({memo}[v] if type(v) is str else {convert})"
        if field.target is int:
            convert = f"(v if type(v) is int else {convert})"
    if field.nullable:
        return f"(None if (v := {read}) is None else {convert})"
    return f"(v := {read}, {convert})[1]"


def _fast_lines(field: _Field, env: dict[str, Any], fresh: bool) -> tuple[list[str], bool]:
    """Source lines storing ``field`` read from ``o[key]`` in Twilio's usual shape, raising if
    it is not; and whether they are *pure*: they read only text, nulls, integers and
    text-to-text objects, and call no converter hook on anything else.

    The key is looked up as the parameter ``k<index>`` (see :func:`keyed_like`). A memo's
    plain table ``m<index>`` is looked up first; a text it lacks goes to the
    :class:`~twilio_async.models._memo.Memo` ``c<index>``, which converts it (or refuses it).
    With ``fresh`` the object was just decoded for this model alone, so a text map is kept
    as it is instead of copied.
    """
    index = field.index
    read = f"o[k{index}]"
    store = f"self.{field.name} = "
    guard = "None if v is None else " if field.nullable else ""  # what precedes the reading
    target = field.target
    if target is str or target is bool:
        accept = f"type(v := {read}) is {target.__name__}" + (" or v is None" * field.nullable)
        return [f"{store}(v if {accept} else unusual(v))"], True
    if f"m{index}" in env:  # a memo: texts only, anything else raises
        if target is int:
            guard = "v if type(v) is int" + (" or v is None" * field.nullable) + " else "
        lines = [f"v = {read}", "try:", f"    {store}{guard}m{index}[v]", "except KeyError:"]
        return [*lines, f"    {store}c{index}[v]"], True
    if target is datetime:
        other = "(date(v) if type(v) is str else unusual(v))"  # ISO 8601, other offsets, new days
        if READS_RFC_TAIL:
            # Twilio's usual "Fri, 24 May 2019 17:18:27 +0000" as "2019-05-24T17:18:27 +0000".
            iso = "(d := iso(prefixes[v[:17]] + v[17:])).tzinfo is utc"
            value = f"d if len(v) == 31 and {iso} else {other}"
        else:
            # ... or, where fromisoformat wants its own offsets, "2019-05-24T17:18:27+00:00".
            iso = 'iso(f"{prefixes[v[:17]]}{v[17:25]}+00:00")'
            value = f'{iso} if v[25:] == " +0000" else {other}'
        lines = [f"v = {read}", "try:", f"    {store}{guard}({value})", "except KeyError:"]
        return [*lines, f"    {store}{other}"], True
    if target == dict[str, str] and fresh:
        convert, pure = "(v if type(v) is dict and not v else own_text_map(v))", True
    elif target == dict[str, str]:
        convert, pure = "({} if type(v) is dict and not v else text_map(v))", True
    else:  # a nested model or a list: its own hook
        convert, pure = f"h{index}(v, t{index})", False
    if field.nullable:
        return [f"{store}(None if (v := {read}) is None else {convert})"], pure
    return [f"{store}(v := {read}, {convert})[1]"], pure


def _unusual(value: Any) -> Any:
    """Raise from inside a fast structuring function: ``value`` is not in the usual shape."""
    raise TypeError(f"not in Twilio's usual shape: {value!r:.80}")


def _own_text_map(value: Any) -> dict[str, str]:
    """An object whose keys and values are all text, as it is; raises for anything else."""
    if type(value) is dict:
        for key, item in value.items():
            if type(item) is not str or type(key) is not str:
                break
        else:
            return value
    return _unusual(value)  # type: ignore[no-any-return]


def _text_map(value: Any) -> dict[str, str]:
    """A copy of an object whose keys and values are all text; raises for anything else."""
    return _own_text_map(value).copy()


def _fields_of(cls: type[Any], renames: dict[str, str]) -> list[_Field] | None:
    hints = typing.get_type_hints(cls)
    fields = []
    for index, attribute in enumerate(attrs.fields(cls)):
        if not attribute.init:
            continue
        required = attribute.default is attrs.NOTHING
        if not required and attribute.default is not None:
            return None
        hint = hints[attribute.name]
        inner = optional_inner(hint)
        fields.append(
            _Field(
                index=index,
                name=attribute.name,
                key=renames.get(attribute.name, attribute.name),
                target=hint if inner is None else inner,
                nullable=inner is not None or not required,
                required=required,
            )
        )
    return fields


_HEAD = (
    "def {name}(o, _=None{keys}):\n"
    "    if type(o) is not dict:\n"
    "        raise TypeError(f'expected a JSON object, got {{type(o).__name__}}')\n"
)


def _exact_source(fields: list[_Field], env: dict[str, Any], by_slot: bool) -> str:
    head = _HEAD.format(name="structure_exact", keys="") + "    get = o.get\n"
    if not by_slot:
        keywords = "".join(f"        {f.name}={_exact_expression(f, env)},\n" for f in fields)
        return head + "    return cls(\n" + keywords + "    )\n"
    stores = "".join(f"    self.{f.name} = {_exact_expression(f, env)}\n" for f in fields)
    tail = "    self.__class__ = cls\n    return self\n"
    return head + "    self = new(filler)\n" + stores + tail


def _fast_sources(fields: list[_Field], env: dict[str, Any]) -> tuple[str, bool]:
    """Source of ``structure`` (the usual shape, else the exact function), of ``fresh`` (the
    same for objects just decoded, whose text maps it keeps) and, if every field is pure, of
    ``usual`` (the usual shape only: anything else raises, and text maps are kept)."""
    keys = "".join(f", k{f.index}={f.key!r}" for f in fields)
    tail = "    self.__class__ = cls\n    return self\n"

    def body(fresh: bool, indent: str) -> tuple[str, bool]:
        lines, pure = [f"{indent}self = new(filler)\n"], True
        for field in fields:
            field_lines, field_pure = _fast_lines(field, env, fresh)
            lines.extend(f"{indent}{line}\n" for line in field_lines)
            pure = pure and field_pure
        return "".join(lines), pure

    def tried(name: str, fresh: bool) -> str:
        return (
            _HEAD.format(name=name, keys=keys)
            + "    try:\n"
            + body(fresh, "        ")[0]
            + "    except Exception:\n        return structure_exact(o, _)\n"
            + tail
        )

    usual, pure = body(True, "    ")
    sources = [tried("structure", False)]
    if usual == body(False, "    ")[0]:  # no text map: nothing to keep, the same function
        sources.append("fresh = structure\n")
    else:
        sources.append(tried("fresh", True))
    if pure:
        sources.append(_HEAD.format(name="usual", keys=keys) + usual + tail)
    return "".join(sources), pure


def keyed_like(function: Callable[[Any], T], sample: Any) -> Callable[[Any], T]:
    """A generated ``structure``, ``fresh`` or ``usual`` function looking its keys up by the
    very string objects ``sample`` holds as keys; any other function as it is.

    A JSON decoder gives every object of one document the same key objects (orjson and
    :mod:`json` both reuse them), and a dict finds an identical key without comparing text.
    So a page's items read faster through a copy of the function made for the page's first
    item. Keys the sample lacks, and every key of an object decoded elsewhere, are still found
    by their text: the result is the same, only the speed differs.
    """
    if type(sample) is not dict or not isinstance(function, types.FunctionType):
        return function
    defaults = function.__defaults__
    if not function.__code__.co_filename.startswith(_FILENAME) or not defaults:
        return function
    own = {key: key for key in sample}
    keys = tuple(own.get(name, name) for name in defaults[1:])
    code, namespace = function.__code__, function.__globals__
    return types.FunctionType(code, namespace, function.__name__, (defaults[0], *keys))


@attrs.frozen
class Structurers(Generic[T]):
    """The generated functions of one model.

    ``structure(data)`` reads any valid object (the usual shape fast, anything else exactly).
    ``fresh(data)`` does the same for an object just decoded for it alone: it keeps the object's
    text maps in the model instead of copying them.
    ``usual(data)``, present when every field reads only text, nulls, integers and text maps,
    reads the usual shape and raises for anything else: its result depends on nothing a JSON
    decoder could render differently (a float where an integer was), so a faster decoder's
    output can be given to it, with the standard one as the fallback. It keeps the text maps
    of ``data`` (``subresource_uris``) in the model, so ``data`` must be fresh from a decoder.
    """

    structure: Callable[[Any], T]
    fresh: Callable[[Any], T]
    usual: Callable[[Any], T] | None


def compile_structure(
    cls: type[T], renames: dict[str, str], converter: _HookSource
) -> Structurers[T] | None:
    """The structuring functions for the attrs class ``cls`` (``renames``: attribute -> JSON
    key), or None if ``cls`` has a field this does not handle (a default other than None)."""
    fields = _fields_of(cls, renames)
    if fields is None:
        return None
    filler = _filler_for(cls) if _plain_slots(cls) else None
    env: dict[str, Any] = {
        "cls": cls,
        "new": object.__new__,
        "filler": filler,
        "iso": datetime.fromisoformat,
        "prefixes": ISO_PREFIXES.table,
        "utc": timezone.utc,
        "date": parse_twilio_datetime,
        "unusual": _unusual,
        "text_map": _text_map,
        "own_text_map": _own_text_map,
    }
    for field in fields:
        hook = converter.get_structure_hook(field.target)
        env[f"h{field.index}"], env[f"t{field.index}"] = hook, field.target
        memo = _memo_for(field, hook)
        if memo is not None:
            env[f"m{field.index}"], env[f"c{field.index}"] = memo.table, memo
    source, pure = _exact_source(fields, env, filler is not None), False
    if filler is not None:
        fast, pure = _fast_sources(fields, env)
        source += fast
    namespace: dict[str, Any] = {}
    exec(compile(source, f"{_FILENAME}{cls.__qualname__}>", "exec"), env, namespace)
    env["structure_exact"] = namespace["structure_exact"]
    if filler is None:
        exact = namespace["structure_exact"]
        return Structurers(exact, exact, None)
    usual = namespace["usual"] if pure else None
    return Structurers(namespace["structure"], namespace["fresh"], usual)
