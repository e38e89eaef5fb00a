"""The GSM 03.38 alphabet as data, plus the lookup structures derived from it.

The default alphabet has 128 positions; position 0x1B is the escape to the extension
table and is not a character of its own. An extension character is sent as escape plus
its code, so it costs two septets. Everything here is computed once, at import.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _codecs import _EncodeCharMap

__all__ = [
    "ASCII_EXTENSION_MARKS",
    "ASCII_GSM_BYTES",
    "BASIC_CHARACTERS",
    "ENCODED_EXTENSION_MARKS",
    "ENCODING_MAP",
    "EXTENSION_CHARACTERS",
    "GSM_CHARACTERS",
    "GSM_RUN",
    "NON_GSM_CHARACTER",
    "PAIR_START",
]

_ESCAPE = "\x1b"

# The default alphabet, indexed by GSM code (16 positions a line).
_DEFAULT_ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ" + _ESCAPE + "ÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)

# The extension table: GSM code after the escape -> character.
_EXTENSION_TABLE = {
    0x0A: "\f",
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "€",
}

BASIC_CHARACTERS: frozenset[str] = frozenset(_DEFAULT_ALPHABET) - {_ESCAPE}
"""Characters of the default alphabet: one septet each."""

EXTENSION_CHARACTERS: frozenset[str] = frozenset(_EXTENSION_TABLE.values())
"""Characters of the extension table: two septets each (escape + code)."""

GSM_CHARACTERS: frozenset[str] = BASIC_CHARACTERS | EXTENSION_CHARACTERS
"""Every character GSM-7 can carry."""

_GSM_CLASS = "".join(re.escape(ch) for ch in sorted(GSM_CHARACTERS))

NON_GSM_CHARACTER: re.Pattern[str] = re.compile(f"[^{_GSM_CLASS}]")
"""Matches one character that GSM-7 cannot carry."""

GSM_RUN: re.Pattern[str] = re.compile(f"[{_GSM_CLASS}]+")
"""Matches a run of GSM-7 characters."""

PAIR_START = 2
"""Mark byte for the first unit of an indivisible two-unit pair (see the mark tables)."""

# Pure-ASCII text is measured on its ASCII bytes.
ASCII_GSM_BYTES: bytes = bytes(sorted(ord(ch) for ch in GSM_CHARACTERS if ch.isascii()))
"""ASCII codes of the GSM-7 characters that are ASCII (to delete with bytes.translate)."""

ASCII_EXTENSION_MARKS: bytes = bytes(
    PAIR_START if chr(code) in EXTENSION_CHARACTERS else 0 for code in range(256)
)
"""bytes.translate table: ASCII byte -> PAIR_START for an extension character, else 0."""


def _build_encoding() -> tuple[_EncodeCharMap, bytes]:
    """A charmap codec putting basic characters below 0x80 and extension ones above.

    The byte values are private to this module; only "below or above 0x80" matters.
    CPython builds its fast encoding map only when byte 0 decodes to NUL, so NUL takes
    byte 0; callers only encode text already known to be GSM-7, which excludes NUL.
    """
    basic = sorted(BASIC_CHARACTERS)
    extension = sorted(EXTENSION_CHARACTERS)
    table = ["\ufffe"] * 256
    table[0] = "\x00"
    for code, ch in enumerate(basic, start=1):
        table[code] = ch
    for code, ch in enumerate(extension, start=0x80):
        table[code] = ch
    marks = bytes(PAIR_START if code >= 0x80 else 0 for code in range(256))
    return codecs.charmap_build("".join(table)), marks


ENCODING_MAP, ENCODED_EXTENSION_MARKS = _build_encoding()
"""ENCODING_MAP: codecs.charmap_encode map for GSM-7 text, one byte a character.
ENCODED_EXTENSION_MARKS: bytes.translate table from those bytes to extension marks."""
