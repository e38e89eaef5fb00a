"""orjson, when it is installed, for the JSON of typed results (listing pages, single models).

The standard :mod:`json` module and orjson read every JSON document alike except in two ways:
orjson refuses some documents json accepts (``NaN``, lone surrogates, other encodings than
UTF-8, very deep nesting) and it reads an integer beyond 64 bits as a float. So orjson's output
is only handed to a model's *usual* function (see ``models/_codegen.py``), whose result
depends on nothing but text, nulls, integers and text maps: a float anywhere it reads raises.
Whenever orjson refuses a body, or the usual function does, :func:`json.loads` reads the body
again and the ordinary path decides, so the results are the same with orjson or without it.

orjson is imported on first use; ``TWILIO_ASYNC_NO_ORJSON=1`` in the environment leaves it
unused even when installed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from twilio_async.errors import MalformedResponseError
from twilio_async.models._codegen import keyed_like

__all__ = ["FastDecoded", "fast_loads", "model_decoder", "page_decoder", "standard_reading"]

T = TypeVar("T")

Loads = Callable[[bytes], Any]

_unset: Any = object()
_fast_loads: Loads | None = _unset


def fast_loads() -> Loads | None:
    """``orjson.loads`` if orjson is installed and not turned off, else None (checked once)."""
    global _fast_loads
    if _fast_loads is _unset:
        _fast_loads = None
        if not os.environ.get("TWILIO_ASYNC_NO_ORJSON"):
            try:
                import orjson
            except ImportError:
                pass
            else:
                _fast_loads = orjson.loads
    return _fast_loads


@attrs.frozen(slots=True)
class FastDecoded:
    """A body as orjson read it, with the body, for the standard decoder to read again."""

    value: Any = attrs.field(repr=False)
    body: bytes = attrs.field(repr=False)


def standard_reading(decoded: FastDecoded) -> Any:
    """The standard decoder's reading of the body orjson read."""
    try:
        return json.loads(decoded.body)
    except ValueError:
        excerpt = decoded.body[:120].decode("utf-8", "replace")
        raise MalformedResponseError(
            status=200, message=f"response is not valid JSON: {excerpt!r}"
        ) from None


def page_decoder() -> Loads | None:
    """A decoder giving :class:`FastDecoded` when orjson reads the body, else the standard
    reading; None if orjson is not in use."""
    loads = fast_loads()
    if loads is None:
        return None

    def decode(body: bytes) -> FastDecoded | Any:
        try:
            return FastDecoded(loads(body), body)
        except Exception:  # orjson refuses it: the standard decoder decides
            return json.loads(body)

    return decode


_MODEL_DECODERS: dict[Callable[[Any], Any], Loads] = {}


def model_decoder(usual: Callable[[Any], T] | None) -> Loads | None:
    """A decoder giving the model read by orjson and ``usual``, or else the standard reading
    (for the exact path); None if orjson is not in use or the model has no usual function."""
    if usual is None:
        return None
    found = _MODEL_DECODERS.get(usual)
    if found is not None:
        return found
    loads = fast_loads()
    if loads is None:
        return None

    read = usual

    def decode(body: bytes) -> T | Any:
        nonlocal read
        try:
            data = loads(body)
            if read is usual:  # orjson keeps one object per key across documents
                read = keyed_like(usual, data)
            return read(data)
        except Exception:  # anything unusual: the standard decoder and the exact path decide
            return json.loads(body)

    _MODEL_DECODERS[usual] = decode
    return decode
