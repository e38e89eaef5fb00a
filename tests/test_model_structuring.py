"""The compiled model hooks: defaults, conversions and bad input, on a model made for the test."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from decimal import Decimal

import attrs
import pytest

from twilio_async.models._convert import OpenEnum, model, parse_twilio_datetime, structure


class Colour(OpenEnum):
    """A small open enum."""

    RED = "red"


@model(kind_="kind")
@attrs.frozen(slots=True, kw_only=True)
class Sample:
    """Every kind of field the hooks handle, including non-None defaults."""

    sid: str
    kind_: Colour | None = None
    count: int | None = None
    amount: Decimal | None = None
    when: datetime | None = None
    labels: dict[str, str] | None = None
    retries: int | None = 3
    notes: list[str] = attrs.Factory(list)


def test_values_are_converted_to_the_field_types() -> None:
    sample = structure(
        {
            "sid": "XX1",
            "kind": "red",
            "count": "7",
            "amount": "-0.0075",
            "when": "Fri, 24 May 2019 17:18:27 +0000",
            "labels": {"a": "b"},
            "retries": "5",
            "notes": ["x"],
        },
        Sample,
    )
    assert sample.kind_ is Colour.RED
    assert sample.count == 7
    assert sample.amount == Decimal("-0.0075")
    assert sample.when == datetime(2019, 5, 24, 17, 18, 27, tzinfo=timezone.utc)
    assert sample.labels == {"a": "b"}
    assert sample.retries == 5
    assert sample.notes == ["x"]


def test_missing_keys_keep_defaults_and_nulls_stay_null() -> None:
    sample = structure({"sid": "XX1", "count": None, "retries": None}, Sample)
    assert sample.count is None
    assert sample.retries is None
    assert sample.notes == []
    assert sample.kind_ is None


def test_unknown_enum_value_and_non_string_text_are_kept_as_values() -> None:
    sample = structure({"sid": 12, "kind": "ultraviolet"}, Sample)
    assert sample.sid == "12"
    assert sample.kind_ == "ultraviolet"
    assert isinstance(sample.kind_, Colour)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "red"},
        {"sid": "XX1", "count": "many"},
        {"sid": "XX1", "when": 1558718307},
        {"sid": "XX1", "when": "yesterday"},
        {"sid": "XX1", "amount": "cheap"},
        ["sid"],
    ],
)
def test_bad_input_raises(data: object) -> None:
    with pytest.raises((ValueError, KeyError, TypeError)):
        structure(data, Sample)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fri, 24 May 2019 17:18:27 +0000", datetime(2019, 5, 24, 17, 18, 27)),
        ("Thu, 29 Feb 2024 23:59:59 +0000", datetime(2024, 2, 29, 23, 59, 59)),
        ("Fri, 24 May 2019 17:18:27 +0200", datetime(2019, 5, 24, 15, 18, 27)),
        ("Fri, 4 May 2019 07:08:09 +0000", datetime(2019, 5, 4, 7, 8, 9)),
    ],
)
def test_rfc2822_dates_become_utc(text: str, expected: datetime) -> None:
    assert parse_twilio_datetime(text) == expected.replace(tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "text",
    ["Fri, 24 Foo 2019 17:18:27 +0000", "Fri, 31 Feb 2019 17:18:27 +0000", "Fri, 24 May 2019 1"],
)
def test_malformed_rfc2822_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a Twilio timestamp"):
        parse_twilio_datetime(text)


def test_the_cattrs_converter_knows_registered_models() -> None:
    from twilio_async.models import _convert

    converter = _convert.converter
    assert converter.structure({"sid": "XX2", "count": "4"}, Sample).count == 4


def test_importing_the_package_leaves_tenacity_unloaded() -> None:
    code = "import sys, twilio_async; print('tenacity' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"
