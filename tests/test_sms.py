"""twilio_async.sms: encoding, segment counting, Smart Encoding, body length."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twilio_async.errors import InvalidRequestError
from twilio_async.sms import (
    MAX_BODY_CHARACTERS,
    SegmentInfo,
    check_body_length,
    segments,
    smart_encode,
)

# GSM 03.38, written out independently of the package's tables.
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "^{}\\[~]|€\f"
NON_GSM_SAMPLES = "çÁ`\t\x1b\u2126жЖ中\u201c\u2014\u00a0"
ASTRAL_SAMPLES = "😀🎉🍕\U0001f1fa\U00010348"
REPLACEABLE_SAMPLES = "\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u00a0\u2009\u200b\uff21½"

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)

# Characters that matter at boundaries, mixed with plain ones.
boundary_characters = st.sampled_from(
    "aaaaZ0 " + GSM_BASIC[:20] + GSM_EXTENSION + NON_GSM_SAMPLES + ASTRAL_SAMPLES
)
bodies = st.text(alphabet=boundary_characters, max_size=400)
gsm_bodies = st.text(alphabet=st.sampled_from(GSM_BASIC + GSM_EXTENSION), max_size=400)
any_text = st.text(max_size=300)


def reference(body: str) -> tuple[str, int, int, int, int]:
    """Straightforward per-character count: (encoding, segments, units, per_segment, left)."""
    if not body:
        return ("GSM-7", 0, 0, 160, 160)
    if all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in body):
        encoding, single, multi = "GSM-7", 160, 153
        weights = [2 if ch in GSM_EXTENSION else 1 for ch in body]
    else:
        encoding, single, multi = "UCS-2", 70, 67
        weights = [2 if ord(ch) > 0xFFFF else 1 for ch in body]
    units = sum(weights)
    if units <= single:
        return (encoding, 1, units, single, single - units)
    count, used = 1, 0
    for weight in weights:
        if used + weight > multi:
            count, used = count + 1, 0
        used += weight
    return (encoding, count, units, multi, multi - used)


def summary(info: SegmentInfo) -> tuple[str, int, int, int, int]:
    """The numeric fields of ``info`` in the order ``reference`` returns them."""
    return (info.encoding, info.segments, info.units, info.per_segment, info.characters_left)


# --- hand-checked vectors ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("a" * 160, ("GSM-7", 1, 160, 160, 0), id="160 GSM = 1"),
        pytest.param("a" * 161, ("GSM-7", 2, 161, 153, 145), id="161 GSM = 2"),
        pytest.param("a" * 306, ("GSM-7", 2, 306, 153, 0), id="306 GSM = 2"),
        pytest.param("a" * 307, ("GSM-7", 3, 307, 153, 152), id="307 GSM = 3"),
        pytest.param("ж" * 70, ("UCS-2", 1, 70, 70, 0), id="70 UCS-2 = 1"),
        pytest.param("ж" * 71, ("UCS-2", 2, 71, 67, 63), id="71 UCS-2 = 2"),
        pytest.param("ж" * 134, ("UCS-2", 2, 134, 67, 0), id="134 UCS-2 = 2"),
        pytest.param("ж" * 135, ("UCS-2", 3, 135, 67, 66), id="135 UCS-2 = 3"),
        pytest.param("a" * 1600, ("GSM-7", 11, 1600, 153, 83), id="1600 GSM"),
        pytest.param("ж" * 1600, ("UCS-2", 24, 1600, 67, 8), id="1600 UCS-2"),
        pytest.param("{" * 80, ("GSM-7", 1, 160, 160, 0), id="80 extension = 160 septets"),
        pytest.param("{" * 81, ("GSM-7", 2, 162, 153, 143), id="81 extension: 152 + 10"),
        # 76 pairs fill 152 septets; the 153rd septet cannot start a pair.
        pytest.param("]" * 153, ("GSM-7", 3, 306, 153, 151), id="153 ] = 3 segments"),
        pytest.param(
            "a" * 151 + "{" + "a" * 10, ("GSM-7", 2, 163, 153, 143), id="pair fits at 152-153"
        ),
        pytest.param(
            "a" * 152 + "{" + "a" * 10, ("GSM-7", 2, 164, 153, 141), id="pair would straddle"
        ),
        pytest.param("😀" * 35, ("UCS-2", 1, 70, 70, 0), id="35 emoji = 70 units"),
        pytest.param("😀" * 36, ("UCS-2", 2, 72, 67, 61), id="36 emoji: 66 + 6"),
        pytest.param("ж" * 65 + "😀" + "ж" * 5, ("UCS-2", 2, 72, 67, 62), id="emoji fits at 66-67"),
        pytest.param(
            "ж" * 66 + "😀" + "ж" * 5, ("UCS-2", 2, 73, 67, 60), id="emoji would straddle"
        ),
        pytest.param("😀" * 800, ("UCS-2", 25, 1600, 67, 51), id="800 emoji: 33 a segment"),
        pytest.param("{" * 69 + "ж", ("UCS-2", 1, 70, 70, 0), id="extension counts 1 in UCS-2"),
        pytest.param("ΔΦΓΛΩΠΨΣΘΞ€", ("GSM-7", 1, 12, 160, 148), id="greek and euro are GSM"),
    ],
)
def test_hand_checked_vectors(body: str, expected: tuple[str, int, int, int, int]) -> None:
    assert summary(segments(body)) == expected
    assert reference(body) == expected


def test_empty_body_is_zero_segments() -> None:
    assert segments("") == SegmentInfo(
        encoding="GSM-7", segments=0, units=0, per_segment=160, characters_left=160
    )


def test_every_gsm_character_is_gsm_and_extension_costs_two() -> None:
    basic = segments(GSM_BASIC)
    assert basic.encoding == "GSM-7"
    assert basic.units == len(GSM_BASIC)
    extension = segments(GSM_EXTENSION)
    assert extension.encoding == "GSM-7"
    assert extension.units == 2 * len(GSM_EXTENSION)


@pytest.mark.parametrize("character", list(NON_GSM_SAMPLES + ASTRAL_SAMPLES))
def test_non_gsm_character_forces_ucs2(character: str) -> None:
    for body in (f"hello {character}", f"héllo {character}"):
        info = segments(body)
        assert info.encoding == "UCS-2"
        assert info.non_gsm_characters == (character,)


def test_non_gsm_characters_once_in_order_of_first_appearance() -> None:
    assert segments("aжb`Жcж😀`\t").non_gsm_characters == ("ж", "`", "Ж", "😀", "\t")
    assert segments("`a\tb`").non_gsm_characters == ("`", "\t")
    assert segments("é`ж\x00ж`").non_gsm_characters == ("`", "ж", "\x00")
    assert segments("aaa").non_gsm_characters == ()


def test_non_gsm_characters_with_many_distinct_ones() -> None:
    distinct = [chr(0x4E00 + i) for i in range(40)]
    body = "".join(f"{ch}a{distinct[0]}é" for ch in distinct) * 3
    assert segments(body).non_gsm_characters == tuple(distinct)


def test_nul_is_not_gsm() -> None:
    assert segments("a\x00").non_gsm_characters == ("\x00",)
    assert segments("é\x00").non_gsm_characters == ("\x00",)
    assert segments("é\x00").encoding == "UCS-2"
    assert segments("\x00\x80é\x00").non_gsm_characters == ("\x00", "\x80")


def test_lone_surrogate_counts_one_unit() -> None:
    info = segments("\ud800" * 71)
    assert (info.encoding, info.units, info.segments) == ("UCS-2", 71, 2)


def test_segment_info_is_frozen() -> None:
    info = segments("hi")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        info.segments = 5  # type: ignore[misc]


@pytest.mark.parametrize("function", [segments, smart_encode])
def test_non_str_body_is_rejected_naming_body(function: object) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        function(b"bytes")  # type: ignore[operator]
    assert caught.value.parameter == "body"
    assert "bytes" in caught.value.problem


# --- Smart Encoding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "replaced"),
    [
        ("\u201cquoted\u201d", '"quoted"'),
        ("it\u2019s \u2018single\u2019", "it's 'single'"),
        ("\u00abguillemets\u00bb \u201elow\u201f", '"guillemets" "low"'),
        ("a\u2014b\u2013c\u2010d\u2022e", "a-b-c-d-e"),
        ("wait\u2026", "wait..."),
        ("no\u00a0break\u2009thin\u3000wide\u2028line", "no break thin wide line"),
        ("zero\u200bwidth\ufeffbom\u2060joiner", "zerowidthbomjoiner"),
        ("\uff21\uff22\uff23 \uff11\uff12\uff13 \u1d00\u0299\u1d04", "ABC 123 ABC"),
        ("\u00bd + \u00bc = \u00be", "1/2 + 1/4 = 3/4"),
        ("\uff5b\uff3b\uff3d\uff5d\uff5e\uff3c\uff5c", "{[]}~\\|"),
        ("\u2039a\u203a \u203c", "<a> !!"),
        ("`tick\u00b4", "'tick'"),
        ("plain text", "plain text"),
        ("", ""),
    ],
)
def test_smart_encode_replacements(original: str, replaced: str) -> None:
    assert smart_encode(original) == replaced


def test_smart_encode_leaves_characters_without_stand_in() -> None:
    assert smart_encode("\u201cж😀\u201d") == '"ж😀"'


def test_smart_encode_with_many_distinct_replaceable_characters() -> None:
    fullwidth = "".join(chr(0xFF21 + i) for i in range(26))
    assert smart_encode(f"\u201c{fullwidth}\u201d {fullwidth}") == (
        '"ABCDEFGHIJKLMNOPQRSTUVWXYZ" ABCDEFGHIJKLMNOPQRSTUVWXYZ'
    )
    info = segments(fullwidth * 2, smart_encoded=True)
    assert (info.encoding, info.units) == ("GSM-7", 52)


def test_smart_encoded_segments_count_the_replaced_body() -> None:
    body = "\u201cHello\u201d \u2014 it\u2019s ready\u2026 " * 5
    plain = segments(body)
    smart = segments(body, smart_encoded=True)
    assert (plain.encoding, plain.segments) == ("UCS-2", 2)
    assert plain.non_gsm_characters == ("\u201c", "\u201d", "\u2014", "\u2019", "\u2026")
    assert summary(smart) == summary(segments(smart_encode(body)))
    assert (smart.encoding, smart.segments, smart.non_gsm_characters) == ("GSM-7", 1, ())


def test_smart_encoded_body_with_unreplaceable_character_is_counted_unchanged() -> None:
    body = "\u201cParty\u201d tonight\u2026 😀"
    smart = segments(body, smart_encoded=True)
    plain = segments(body)
    assert summary(smart) == summary(plain)
    assert smart.encoding == "UCS-2"
    assert smart.non_gsm_characters == ("😀",)


def test_smart_encoding_does_not_change_gsm_bodies() -> None:
    assert segments("{hello}", smart_encoded=True) == segments("{hello}")


# --- body length ---------------------------------------------------------------------


def test_max_body_characters() -> None:
    assert MAX_BODY_CHARACTERS == 1600


@pytest.mark.parametrize("body", ["", "a", "a" * 1600, "😀" * 1600])
def test_check_body_length_accepts_up_to_1600_characters(body: str) -> None:
    check_body_length(body)  # no exception


@pytest.mark.parametrize("parameter", ["body", "message"])
def test_check_body_length_rejects_1601_naming_parameter(parameter: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        check_body_length("a" * 1601, parameter=parameter)
    assert caught.value.parameter == parameter
    assert "1601" in caught.value.problem
    assert "1600" in caught.value.problem
    assert str(caught.value).startswith(f"{parameter}: ")


def test_check_body_length_default_parameter_and_code_points() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        check_body_length("😀" * 1601)
    assert caught.value.parameter == "body"


def test_check_body_length_rejects_non_str() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        check_body_length(None, parameter="body")  # type: ignore[arg-type]
    assert caught.value.parameter == "body"


# --- properties ----------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(body=bodies)
def test_matches_reference_count(body: str) -> None:
    assert summary(segments(body)) == reference(body)


@PROPERTY_SETTINGS
@given(body=bodies, extra=boundary_characters)
def test_segments_monotone_in_appended_characters(body: str, extra: str) -> None:
    assert segments(body + extra).segments >= segments(body).segments


@PROPERTY_SETTINGS
@given(body=gsm_bodies)
def test_gsm_only_text_never_reports_ucs2(body: str) -> None:
    info = segments(body)
    assert info.encoding == "GSM-7"
    assert info.non_gsm_characters == ()


@PROPERTY_SETTINGS
@given(body=st.one_of(bodies, any_text))
def test_units_and_segments_consistent_with_per_segment(body: str) -> None:
    info = segments(body)
    if not body:
        assert (info.segments, info.units) == (0, 0)
        return
    if info.segments == 1:
        assert info.per_segment == (160 if info.encoding == "GSM-7" else 70)
        assert info.units + info.characters_left == info.per_segment
    else:
        assert info.per_segment == (153 if info.encoding == "GSM-7" else 67)
        # Units lost to pairs moved whole into the next segment: at most one a boundary.
        lost = info.segments * info.per_segment - info.characters_left - info.units
        assert 0 <= lost <= info.segments - 1
    assert 0 <= info.characters_left < info.per_segment
    assert len(set(info.non_gsm_characters)) == len(info.non_gsm_characters)
    assert set(info.non_gsm_characters) == {
        ch for ch in body if ch not in GSM_BASIC and ch not in GSM_EXTENSION
    }


smart_text = st.text(
    alphabet=st.one_of(boundary_characters, st.sampled_from(REPLACEABLE_SAMPLES), st.characters()),
    max_size=300,
)


@PROPERTY_SETTINGS
@given(body=smart_text)
def test_smart_encode_is_idempotent(body: str) -> None:
    once = smart_encode(body)
    assert smart_encode(once) == once


@PROPERTY_SETTINGS
@given(body=smart_text)
def test_smart_encode_leaves_no_replaceable_character(body: str) -> None:
    once = smart_encode(body)
    assert not any(smart_encode(ch) != ch for ch in set(once))


@PROPERTY_SETTINGS
@given(body=smart_text)
def test_smart_encoded_count_is_replaced_body_or_unchanged_body(body: str) -> None:
    smart = segments(body, smart_encoded=True)
    replaced = segments(smart_encode(body))
    if replaced.encoding == "GSM-7":
        assert smart == replaced
    else:
        assert summary(smart) == summary(segments(body))
        assert set(smart.non_gsm_characters) == set(replaced.non_gsm_characters)
