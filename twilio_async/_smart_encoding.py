"""Twilio Smart Encoding as data: look-alike Unicode characters and their GSM-7 stand-ins.

Each row pairs a replacement with the characters it stands in for. Every replacement
is made of GSM-7 characters only and contains no character that is itself replaced,
so replacing once is final (the tests check both).
"""

from __future__ import annotations

import re

__all__ = ["REPLACEABLE", "REPLACEABLE_CHARACTER", "REPLACEMENTS", "TRANSLATION"]

_FULLWIDTH_OFFSET = 0xFEE0  # U+FF01..U+FF5E mirror ASCII 0x21..0x7E

_SMALL_CAPITALS = {
    "A": "\u1d00",
    "B": "\u0299",
    "C": "\u1d04",
    "D": "\u1d05",
    "E": "\u1d07",
    "F": "\ua730",
    "G": "\u0262",
    "H": "\u029c",
    "I": "\u026a",
    "J": "\u1d0a",
    "K": "\u1d0b",
    "L": "\u029f",
    "M": "\u1d0d",
    "N": "\u0274",
    "O": "\u1d0f",
    "P": "\u1d18",
    "R": "\u0280",
    "S": "\ua731",
    "T": "\u1d1b",
    "U": "\u1d1c",
    "V": "\u1d20",
    "W": "\u1d21",
    "Y": "\u028f",
    "Z": "\u1d22",
}


def _fullwidth(ascii_characters: str) -> str:
    """The fullwidth forms of the given ASCII characters."""
    return "".join(chr(ord(ch) + _FULLWIDTH_OFFSET) for ch in ascii_characters)


# (replacement, characters replaced by it)
_ROWS: tuple[tuple[str, str], ...] = (
    # double quotation marks: guillemets, curly and low-9 quotes, primes, ornaments
    ('"', "\u00ab\u00bb\u201c\u201d\u201e\u201f\u02ba\u02ee\u275d\u275e\u301d\u301e\uff02"),
    # single quotation marks, apostrophes, accents used as apostrophes
    (
        "'",
        "\u2018\u2019\u201b\u02b9\u02bb\u02bc\u02bd\u02c8\u02ca\u02cb\u00b4\u0060"
        "\u275b\u275c\u0313\u0314\ufe10\ufe11\uff07",
    ),
    ("/", "\u00f7\u29f8\u0337\u0338\u2044\u2215\uff0f"),
    ("1/4", "\u00bc"),
    ("1/2", "\u00bd"),
    ("3/4", "\u00be"),
    ("\\", "\u29f9\u29f5\u20e5\ufe68\uff3c"),
    ("_", "\u0332\uff3f"),
    ("|", "\u20d2\u20d3\u2223\uff5c\u23b8\u23b9\u23d0\u239c\u239f"),
    # dashes, hyphens, bullet
    ("-", "\u2010\u2013\u2014\u2015\u2043\u2022\u23bc\u23bd\ufe63\uff0d"),
    ("@", "\ufe6b\uff20"),
    ("$", "\ufe69\uff04"),
    ("!", "\u01c3\ufe15\ufe57\uff01"),
    ("!!", "\u203c"),
    ("#", "\ufe5f\uff03"),
    ("%", "\ufe6a\uff05"),
    ("&", "\ufe60\uff06"),
    (",", "\u201a\u0326\ufe50\ufe51\uff0c\uff64\u3001"),
    ("(", "\u2768\u276a\ufe59\uff08\u27ee\u2985"),
    (")", "\u2769\u276b\ufe5a\uff09\u27ef\u2986"),
    (
        "*",
        "\u204e\u2217\u229b\u2722\u2723\u2724\u2725\u2731\u2732\u2733\u273a\u273b"
        "\u273c\u273d\u2743\u2749\u274a\u274b\u29c6\ufe61\uff0a",
    ),
    ("+", "\u02d6\ufe62\uff0b"),
    (".", "\u3002\ufe52\uff0e\uff61"),
    ("...", "\u2026"),
    (":", "\u02d0\u02f8\u2982\ua789\ufe13\uff1a"),
    (";", "\u204f\ufe14\ufe54\uff1b"),
    ("<", "\u2039\ufe64\uff1c"),
    ("=", "\u0347\ua78a\ufe66\uff1d"),
    (">", "\u203a\ufe65\uff1e"),
    ("?", "\ufe16\ufe56\uff1f"),
    ("^", "\u02c6\u0302\uff3e\u1dcd"),
    ("{", "\u2774\ufe5b\uff5b"),
    ("}", "\u2775\ufe5c\uff5d"),
    ("[", "\uff3b"),
    ("]", "\uff3d"),
    ("~", "\u02dc\u02f7\u0303\u0330\u0334\u223c\uff5e"),
    # Unicode spaces, line and paragraph separators, C1 controls that render as space
    (
        " ",
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000\u2028\u2029\u0080\u008d\u0090\u009b\u009f",
    ),
    # invisible characters are dropped
    (
        "",
        "\u200b\u2060\ufeff\u0000\u0003\u0004\u0010\u0011\u0012\u0013\u0014\u0017\u0019",
    ),
    # fullwidth digits and capital letters, small capital letters
    *((ch, _fullwidth(ch)) for ch in "0123456789"),
    *((ch, _fullwidth(ch) + _SMALL_CAPITALS.get(ch, "")) for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
)

REPLACEMENTS: dict[str, str] = {
    source: replacement for replacement, sources in _ROWS for source in sources
}
"""Every replaced character -> its replacement (possibly empty or several characters)."""

REPLACEABLE: frozenset[str] = frozenset(REPLACEMENTS)
"""The characters Smart Encoding replaces."""

TRANSLATION: dict[int, str] = str.maketrans(REPLACEMENTS)
"""str.translate table applying REPLACEMENTS."""

REPLACEABLE_CHARACTER: re.Pattern[str] = re.compile(
    "[" + "".join(re.escape(ch) for ch in sorted(REPLACEABLE)) + "]"
)
"""Matches one character Smart Encoding replaces."""
