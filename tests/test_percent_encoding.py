"""Form bodies and query strings are percent-encoded exactly as urllib's quote(safe="") does."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twilio_async._params import percent_encode, urlencode_pairs

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@given(TEXT)
def test_matches_urllib_quote_for_any_text(text: str) -> None:
    assert percent_encode(text) == quote(text, safe="")


@given(st.lists(st.tuples(TEXT, TEXT), max_size=6))
def test_pairs_round_trip_through_a_form_parser(pairs: list[tuple[str, str]]) -> None:
    encoded = urlencode_pairs(tuple(pairs))
    assert parse_qsl(encoded, keep_blank_values=True) == pairs


# Mostly the characters that change the encoding's path: separators, "%" and non-ASCII.
TRICKY = st.text(alphabet=st.sampled_from("a9 %&=+-~é👍\u2019"), max_size=12)


@given(st.lists(st.tuples(TRICKY | TEXT, TRICKY | TEXT), max_size=6))
def test_pairs_are_each_quoted_like_urllib(pairs: list[tuple[str, str]]) -> None:
    expected = "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in pairs)
    assert urlencode_pairs(tuple(pairs)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+14155550142", "%2B14155550142"),
        ("DateSent<", "DateSent%3C"),
        ("a b&c=d", "a%20b%26c%3Dd"),
        ("Hello 👍", "Hello%20%F0%9F%91%8D"),
        ("safe-_.~AZaz09", "safe-_.~AZaz09"),
        ("", ""),
        ("100%", "100%25"),
        ("%20 %", "%2520%20%25"),
    ],
)
def test_known_encodings(text: str, expected: str) -> None:
    assert percent_encode(text) == expected


def test_a_lone_surrogate_is_refused_like_urllib() -> None:
    with pytest.raises(UnicodeEncodeError):
        quote("\ud800", safe="")
    with pytest.raises(UnicodeEncodeError):
        percent_encode("\ud800")
