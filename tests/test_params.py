"""Form and query encoding rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from twilio_async import InvalidRequestError
from twilio_async._params import (
    FormFields,
    encode_form,
    encode_pairs,
    pascal_case,
    urlencode_pairs,
)


def test_pascal_case_names() -> None:
    assert pascal_case("messaging_service_sid") == "MessagingServiceSid"
    assert pascal_case("from_") == "From"
    assert pascal_case("to") == "To"


def test_lists_become_repeated_keys_and_none_is_omitted() -> None:
    pairs = encode_form({"media_url": ["https://a/1.png", "https://b/2.png"], "body": None})
    assert pairs == (("MediaUrl", "https://a/1.png"), ("MediaUrl", "https://b/2.png"))


def test_booleans_are_lowercase_and_empty_string_is_kept() -> None:
    assert encode_form({"smart_encoded": True, "shorten_urls": False, "body": ""}) == (
        ("SmartEncoded", "true"),
        ("ShortenUrls", "false"),
        ("Body", ""),
    )


def test_aware_datetimes_go_out_as_utc_iso() -> None:
    paris = timezone(timedelta(hours=2))
    assert encode_form({"send_at": datetime(2025, 6, 1, 12, 30, tzinfo=paris)}) == (
        ("SendAt", "2025-06-01T10:30:00Z"),
    )
    assert encode_form({"date_sent": date(2025, 6, 1)}) == (("DateSent", "2025-06-01"),)


def test_naive_datetime_is_refused_naming_the_parameter() -> None:
    with pytest.raises(InvalidRequestError) as info:
        encode_form({"send_at": datetime(2025, 6, 1, 12, 30)})
    assert info.value.parameter == "send_at"


def test_numbers_and_decimals() -> None:
    assert encode_form({"max_price": Decimal("0.0075"), "attempt": 2, "distance": 2.5}) == (
        ("MaxPrice", "0.0075"),
        ("Attempt", "2"),
        ("Distance", "2.5"),
    )


def test_unsupported_value_type_names_parameter() -> None:
    with pytest.raises(InvalidRequestError, match="body"):
        encode_form({"body": object()})


def test_extra_params_are_sent_as_named_and_checked() -> None:
    assert encode_form({"to": "+1"}, {"RiskCheck": "disable"}) == (
        ("To", "+1"),
        ("RiskCheck", "disable"),
    )
    with pytest.raises(InvalidRequestError) as info:
        encode_form({}, {"": "x"})
    assert info.value.parameter == "extra_params"


def test_filter_names_with_comparison_signs() -> None:
    at = datetime(2025, 1, 1, tzinfo=timezone.utc)
    pairs = encode_pairs([("date_sent_after", "DateSent>", at), ("x", "X", None)])
    assert pairs == (("DateSent>", "2025-01-01T00:00:00Z"),)


def test_urlencoding_keeps_plus_and_unicode_intact() -> None:
    text = urlencode_pairs((("To", "+15558675310"), ("Body", "héllo & 👋"), ("DateSent<", "x")))
    assert text == "To=%2B15558675310&Body=h%C3%A9llo%20%26%20%F0%9F%91%8B&DateSent%3C=x"


def test_floats_are_sent_in_plain_notation() -> None:
    assert encode_form({"values": (1e-05, 2.0), "big": 1e20}) == (
        ("Values", "0.00001"),
        ("Values", "2.0"),
        ("Big", "100000000000000000000"),
    )


def test_form_fields_leave_out_none_and_keep_order() -> None:
    fields = FormFields("to", "status_callback", "media_url", "smart_encoded")
    assert fields.encode(("+1555", None, ["a", "b"], False), {"RiskCheck": "disable"}) == (
        ("To", "+1555"),
        ("MediaUrl", "a"),
        ("MediaUrl", "b"),
        ("SmartEncoded", "false"),
        ("RiskCheck", "disable"),
    )
    assert fields.encode((None, None, None, None)) == ()


def test_form_fields_refuse_a_wrong_number_of_values() -> None:
    with pytest.raises(TypeError, match="expected 2 values, got 3"):
        FormFields("to", "body").encode(("+1555", "hi", "extra"))


def test_form_fields_name_the_argument_of_a_bad_value() -> None:
    with pytest.raises(InvalidRequestError, match="send_at"):
        FormFields("to", "send_at").encode(("+1555", datetime(2030, 1, 1)))
