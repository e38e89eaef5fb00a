"""SMS toolkit: encoding detection, segment counting, Smart Encoding, body length.

Twilio sends a body as GSM-7 when every character is in the GSM 03.38 alphabet and as
UCS-2 otherwise. A single-segment message holds 160 septets (GSM-7) or 70 UTF-16 code
units (UCS-2); a longer one is split into segments of 153 septets or 67 code units,
because each segment carries a concatenation header.

Indivisible pairs never straddle a segment boundary: an extension-table character
(escape + code, two septets) or a UTF-16 surrogate pair (a character outside the Basic
Multilingual Plane, such as most emoji) moves whole into the next segment, so a
segment may carry one unit less than ``per_segment``.

>>> segments("hello").segments
1
>>> segments("\u201chello\u201d", smart_encoded=True).encoding
'GSM-7'
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Sequence
from typing import Final, Literal

import attrs

from twilio_async import _gsm, _smart_encoding
from twilio_async.errors import InvalidRequestError

__all__ = [
    "GSM_7",
    "MAX_BODY_CHARACTERS",
    "UCS_2",
    "Encoding",
    "SegmentInfo",
    "check_body_length",
    "segments",
    "smart_encode",
]

Encoding = Literal["GSM-7", "UCS-2"]
"""The two SMS encodings Twilio chooses between."""

GSM_7: Final = "GSM-7"
"""The 7-bit GSM 03.38 default alphabet with its extension table."""

UCS_2: Final = "UCS-2"
"""16-bit encoding; Twilio counts it in UTF-16 code units."""

MAX_BODY_CHARACTERS: Final = 1600
"""The longest body Twilio accepts, counted in characters (Python str length)."""

_GSM_SINGLE: Final = 160
_GSM_MULTI: Final = 153
_UCS2_SINGLE: Final = 70
_UCS2_MULTI: Final = 67
# A high surrogate opens a UTF-16 pair; units are read in native byte order.
_HIGH_SURROGATES: Final = range(0xD800, 0xDC00)
_UTF16_NATIVE: Final = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"
# Distinct non-GSM characters found one by one before switching to a bulk pass.
_DISTINCT_SCAN_LIMIT: Final = 16
_PAIR_START_MARK: Final = bytes((_gsm.PAIR_START,))
_PAIR_MARKS: Final = bytes((_gsm.PAIR_START, 0))


@attrs.frozen(slots=True)
class SegmentInfo:
    """How Twilio would encode and split one SMS body.

    - ``encoding``: ``"GSM-7"`` or ``"UCS-2"``.
    - ``segments``: segments billed; 0 for an empty body (Twilio refuses an empty SMS
      body, so nothing is sent or billed).
    - ``units``: septets (GSM-7; an extension character counts 2) or UTF-16 code units
      (UCS-2; a character outside the BMP counts 2).
    - ``per_segment``: capacity of a segment in units: 160/70 when the body fits one
      segment (or is empty), 153/67 when it is split.
    - ``characters_left``: units still free in the last segment (``per_segment`` for an
      empty body).
    - ``non_gsm_characters``: the characters that forced UCS-2, each once, in order of
      first appearance; empty for GSM-7.
    """

    encoding: Encoding
    segments: int
    units: int
    per_segment: int
    characters_left: int
    non_gsm_characters: tuple[str, ...] = ()


_EMPTY: Final = SegmentInfo(
    encoding=GSM_7, segments=0, units=0, per_segment=_GSM_SINGLE, characters_left=_GSM_SINGLE
)


def segments(body: str, *, smart_encoded: bool = False) -> SegmentInfo:
    """Encoding and segment count Twilio would use for ``body``.

    With ``smart_encoded=True`` the body is counted as a Messaging Service with Smart
    Encoding sends it: look-alike characters are replaced (see :func:`smart_encode`)
    when that makes the whole body GSM-7. When characters without a GSM-7 stand-in
    remain (an emoji, for instance) Twilio sends the body unchanged, so it is counted
    unchanged, and ``non_gsm_characters`` lists only the characters Smart Encoding
    cannot replace.

    Raises InvalidRequestError("body", ...) when ``body`` is not a str.

    >>> info = segments("a" * 161)
    >>> (info.encoding, info.segments, info.per_segment, info.characters_left)
    ('GSM-7', 2, 153, 145)
    """
    if not isinstance(body, str):
        raise InvalidRequestError("body", f"must be a str, not {type(body).__name__}")
    info = _measure(body)
    if not smart_encoded or info.encoding == GSM_7:
        return info
    unreplaceable = tuple(
        ch for ch in info.non_gsm_characters if ch not in _smart_encoding.REPLACEABLE
    )
    if unreplaceable:
        return attrs.evolve(info, non_gsm_characters=unreplaceable)
    # Every non-GSM character has a GSM-7 stand-in: the replaced body is sent.
    return _measure(_replace_all(body, info.non_gsm_characters))


def smart_encode(body: str) -> str:
    """``body`` with Twilio's Smart Encoding replacements applied.

    Curly quotes become straight ones, long dashes and bullets ``-``, the ellipsis
    ``...``, Unicode spaces a plain space, fullwidth and small-capital letters, digits
    and punctuation their ASCII forms, and invisible characters (zero-width space, word
    joiner, byte order mark, some control characters) are dropped. Characters without a
    stand-in are left as they are. Applying it twice changes nothing more.

    Raises InvalidRequestError("body", ...) when ``body`` is not a str.

    >>> smart_encode("\u201cIt\u2019s done\u201d \u2014 ok\u2026")
    '"It\\'s done" - ok...'
    """
    if not isinstance(body, str):
        raise InvalidRequestError("body", f"must be a str, not {type(body).__name__}")
    match = _smart_encoding.REPLACEABLE_CHARACTER.search(body)
    if match is None:
        return body
    text = body
    position = match.start()
    for _ in range(_DISTINCT_SCAN_LIMIT):
        character = text[position]
        text = text.replace(character, _smart_encoding.REPLACEMENTS[character])
        # Replacements hold no replaceable character, so the search resumes here.
        match = _smart_encoding.REPLACEABLE_CHARACTER.search(text, position)
        if match is None:
            return text
        position = match.start()
    return text[:position] + text[position:].translate(_smart_encoding.TRANSLATION)


def check_body_length(body: str, *, parameter: str = "body") -> None:
    """Reject a body longer than :data:`MAX_BODY_CHARACTERS` (1,600) characters.

    Characters are counted as Python counts them, one per Unicode code point, so an
    emoji made of one code point counts 1 and a flag (two code points) counts 2.

    Raises InvalidRequestError naming ``parameter`` when ``body`` is too long or is not
    a str.
    """
    if not isinstance(body, str):
        raise InvalidRequestError(parameter, f"must be a str, not {type(body).__name__}")
    length = len(body)
    if length > MAX_BODY_CHARACTERS:
        raise InvalidRequestError(
            parameter,
            f"is {length} characters long; Twilio accepts at most {MAX_BODY_CHARACTERS}",
        )


def _measure(body: str) -> SegmentInfo:
    """Segment information for ``body`` as sent, without Smart Encoding."""
    if not body:
        return _EMPTY
    if body.isascii():
        raw = body.encode("ascii")
        outside = raw.translate(None, _gsm.ASCII_GSM_BYTES)
        if outside:
            return _measure_ucs2(body, tuple(dict.fromkeys(outside.decode("ascii"))))
        return _measure_gsm(raw.translate(_gsm.ASCII_EXTENSION_MARKS))
    try:
        encoded = codecs.charmap_encode(body, "strict", _gsm.ENCODING_MAP)[0]
    except UnicodeEncodeError as error:
        # NUL encodes (see _gsm) though it is not GSM-7, so it may come earlier.
        nul = body.find("\x00", 0, error.start)
        return _measure_ucs2(body, _distinct_non_gsm(body, error.start if nul < 0 else nul))
    if 0 in encoded:
        return _measure_ucs2(body, ("\x00",))
    return _measure_gsm(encoded.translate(_gsm.ENCODED_EXTENSION_MARKS))


def _measure_gsm(marks: bytes) -> SegmentInfo:
    """Measure GSM-7 text given one mark byte a character (PAIR_START = extension)."""
    pairs: bytes | None = None
    units = len(marks)
    if _PAIR_START_MARK in marks:
        # One byte a septet: an extension character becomes PAIR_START then 0.
        pairs = marks.replace(_PAIR_START_MARK, _PAIR_MARKS)
        units = len(pairs)
    if units <= _GSM_SINGLE:
        return SegmentInfo(GSM_7, 1, units, _GSM_SINGLE, _GSM_SINGLE - units)
    count, used = _pack(units, _GSM_MULTI, pairs, _gsm.PAIR_START, _gsm.PAIR_START + 1)
    return SegmentInfo(GSM_7, count, units, _GSM_MULTI, _GSM_MULTI - used)


def _measure_ucs2(body: str, non_gsm: tuple[str, ...]) -> SegmentInfo:
    """Measure a body sent as UCS-2, counted in UTF-16 code units."""
    # surrogatepass: a lone surrogate in a str still costs one code unit.
    data = body.encode(_UTF16_NATIVE, "surrogatepass")
    units = len(data) // 2
    if units <= _UCS2_SINGLE:
        return SegmentInfo(UCS_2, 1, units, _UCS2_SINGLE, _UCS2_SINGLE - units, non_gsm)
    pairs = memoryview(data).cast("H") if units != len(body) else None
    count, used = _pack(units, _UCS2_MULTI, pairs, _HIGH_SURROGATES.start, _HIGH_SURROGATES.stop)
    return SegmentInfo(UCS_2, count, units, _UCS2_MULTI, _UCS2_MULTI - used, non_gsm)


def _pack(
    units: int, capacity: int, pairs: Sequence[int] | None, low: int, high: int
) -> tuple[int, int]:
    """Split ``units`` into segments of ``capacity``; return (segments, units in the last).

    ``pairs`` holds one value a unit; a value in ``range(low, high)`` opens a two-unit
    pair, and a segment whose last unit would open a pair ends one unit early. None
    means the text has no pairs.
    """
    if pairs is None:
        full, rest = divmod(units, capacity)
        return (full, capacity) if rest == 0 else (full + 1, rest)
    start = 0
    count = 0
    while units - start > capacity:
        end = start + capacity
        if low <= pairs[end - 1] < high:
            end -= 1
        start = end
        count += 1
    return count + 1, units - start


def _distinct_non_gsm(body: str, first: int) -> tuple[str, ...]:
    """Distinct non-GSM characters of ``body`` in order of first appearance.

    ``first`` is the index of the first one. Each round removes every copy of the
    character just found, so a body with a few distinct ones costs a few C-level
    passes; once only ASCII is left the rest is read from its bytes, and a body with
    many distinct characters finishes with one bulk pass.
    """
    found: list[str] = []
    rest = body
    position = first  # invariant: rest[:position] is all GSM-7
    for _ in range(_DISTINCT_SCAN_LIMIT):
        character = rest[position]
        found.append(character)
        rest = rest.replace(character, "")
        if rest.isascii():
            tail = rest[position:].encode("ascii").translate(None, _gsm.ASCII_GSM_BYTES)
            found.extend(dict.fromkeys(tail.decode("ascii")))
            return tuple(found)
        match = _gsm.NON_GSM_CHARACTER.search(rest, position)
        if match is None:
            return tuple(found)
        position = match.start()
    found.extend(dict.fromkeys(_gsm.GSM_RUN.sub("", rest[position:])))
    return tuple(found)


def _replace_all(body: str, characters: tuple[str, ...]) -> str:
    """``body`` with the Smart Encoding replacement of each of ``characters`` applied."""
    if len(characters) > _DISTINCT_SCAN_LIMIT:
        return body.translate(_smart_encoding.TRANSLATION)
    for character in characters:
        body = body.replace(character, _smart_encoding.REPLACEMENTS[character])
    return body
