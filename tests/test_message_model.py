"""Message structuring: real payloads, nulls, unknown values and keys."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import attrs
import pytest

from tests.conftest import load_fixture
from twilio_async import Message, MessageDirection, MessageStatus
from twilio_async.models._convert import parse_twilio_datetime, structure


@pytest.mark.parametrize("name", ["message_instance", "message_create_queued"])
def test_real_payloads_load_with_the_right_types(name: str) -> None:
    raw = load_fixture(name)
    message = structure(raw, Message)
    assert message.sid == raw["sid"]
    assert message.from_ == raw["from"]
    assert isinstance(message.status, MessageStatus)
    assert isinstance(message.direction, MessageDirection)
    assert isinstance(message.num_segments, int)
    assert isinstance(message.num_media, int)
    for when in (message.date_created, message.date_updated, message.date_sent):
        assert isinstance(when, datetime)
        assert when.tzinfo is not None
        assert when.utcoffset() == timezone.utc.utcoffset(None)
    assert message.price is None or isinstance(message.price, Decimal)


def test_page_items_load() -> None:
    page = load_fixture("message_page")
    messages = [structure(item, Message) for item in page["messages"]]
    assert [m.status for m in messages] == [MessageStatus.SENT, MessageStatus.RECEIVED]
    assert messages[0].price == Decimal("-0.00750")
    assert messages[1].error_code == 30004


def test_fixture_values_are_exact() -> None:
    message = structure(load_fixture("message_instance"), Message)
    assert message.date_created == datetime(2019, 5, 24, 17, 18, 27, tzinfo=timezone.utc)
    assert message.error_code == 30007
    assert message.tags == {"campaign_name": "Spring Sale 2022", "message_type": "cart_abandoned"}


def test_every_optional_field_accepts_null() -> None:
    raw = {field.name: None for field in attrs.fields(Message)}
    raw["sid"] = "SM" + "b" * 32
    raw["from"] = raw.pop("from_")
    message = structure(raw, Message)
    assert message.sid == raw["sid"]
    assert all(
        getattr(message, field.name) is None
        for field in attrs.fields(Message)
        if field.name != "sid"
    )


def test_unknown_status_is_kept_and_unknown_keys_ignored() -> None:
    message = structure(
        {"sid": "SM" + "c" * 32, "status": "teleported", "brand_new_field": 1}, Message
    )
    assert message.status == "teleported"
    assert isinstance(message.status, MessageStatus)
    assert str(message.status) == "teleported"
    assert MessageStatus("delivered") is MessageStatus.DELIVERED


def test_models_are_frozen() -> None:
    message = structure({"sid": "SM" + "d" * 32}, Message)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        message.body = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fri, 24 May 2019 17:18:27 +0000", datetime(2019, 5, 24, 17, 18, 27, tzinfo=timezone.utc)),
        ("Fri, 24 May 2019 19:18:27 +0200", datetime(2019, 5, 24, 17, 18, 27, tzinfo=timezone.utc)),
        ("Fri, 24 May 2019 12:18:27 -0500", datetime(2019, 5, 24, 17, 18, 27, tzinfo=timezone.utc)),
        ("Fri, 24 May 2019 17:18:27 GMT", datetime(2019, 5, 24, 17, 18, 27, tzinfo=timezone.utc)),
        ("Fri, 4 May 2019 17:18:27 +0000", datetime(2019, 5, 4, 17, 18, 27, tzinfo=timezone.utc)),
        ("2015-07-30T20:12:31Z", datetime(2015, 7, 30, 20, 12, 31, tzinfo=timezone.utc)),
        ("2015-07-30T22:12:31+02:00", datetime(2015, 7, 30, 20, 12, 31, tzinfo=timezone.utc)),
    ],
)
def test_timestamps_of_both_formats(text: str, expected: datetime) -> None:
    assert parse_twilio_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "Fri, 99 Foo 2019 17:18:27 +0000"])
def test_bad_timestamps_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="timestamp"):
        parse_twilio_datetime(text)


def test_bad_field_type_raises() -> None:
    with pytest.raises((ValueError, TypeError)):
        structure({"sid": "SM" + "e" * 32, "num_segments": "many"}, Message)


def test_structured_models_behave_like_constructed_ones() -> None:
    raw = load_fixture("message_instance")
    built = structure(raw, Message)
    again = structure(raw, Message)
    assert built == again
    assert repr(built) == repr(again)
    assert attrs.evolve(built, body="x").body == "x"
    assert built == Message(**attrs.asdict(built, recurse=False))
