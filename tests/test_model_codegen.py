"""The generated structuring functions: the fast path agrees with the exact one, and is taken."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import load_fixture
from twilio_async.models import (
    Account,
    IncomingPhoneNumber,
    Media,
    Message,
    MessageStatus,
    MessagingCountry,
    MessagingService,
    _codegen,
)
from twilio_async.models._convert import converter, fresh_structurer, structure, structurer
from twilio_async.models._dates import ISO_PREFIXES, utc_rfc2822
from twilio_async.models._memo import Memo

FULL_MESSAGE: dict[str, Any] = {
    "account_sid": "AC" + "0" * 32,
    "api_version": "2010-04-01",
    "body": "Hello! 👍",
    "date_created": "Fri, 01 Mar 2024 06:09:25 +0000",
    "date_sent": "Fri, 01 Mar 2024 06:09:27 +0000",
    "date_updated": "Fri, 01 Mar 2024 06:09:28 +0000",
    "direction": "outbound-api",
    "error_code": None,
    "error_message": None,
    "from": "+14155550100",
    "messaging_service_sid": "MG" + "a" * 32,
    "num_media": "0",
    "num_segments": "1",
    "price": "-0.00790",
    "price_unit": "USD",
    "sid": "SM" + "b" * 32,
    "status": "delivered",
    "subresource_uris": {"media": "/2010-04-01/Accounts/AC0/Messages/SMb/Media.json"},
    "tags": {},
    "to": "+14155550142",
    "uri": "/2010-04-01/Accounts/AC0/Messages/SMb.json",
}


@contextmanager
def exact_calls(function: Callable[..., Any]) -> Iterator[list[object]]:
    """Record every object the generated ``function`` hands over to its exact path."""
    namespace = function.__globals__
    exact = namespace["structure_exact"]
    seen: list[object] = []

    def recording(data: Any, _: Any = None) -> Any:
        seen.append(data)
        return exact(data, _)

    namespace["structure_exact"] = recording
    try:
        yield seen
    finally:
        namespace["structure_exact"] = exact


def _exact(cls: type[Any]) -> Callable[[Any], Any]:
    exact: Callable[[Any], Any] = structurer(cls).__globals__["structure_exact"]
    return exact


@pytest.mark.parametrize(
    ("name", "cls", "key"),
    [
        ("message_page", Message, "messages"),
        ("media_page", Media, "media_list"),
        ("messaging_service_page", MessagingService, "services"),
        ("incoming_phone_number_page", IncomingPhoneNumber, "incoming_phone_numbers"),
        ("pricing_messaging_country_page", MessagingCountry, "countries"),
    ],
)
def test_real_twilio_items_take_the_fast_path(name: str, cls: type[Any], key: str) -> None:
    items = load_fixture(name)[key]
    assert items, "the fixture page holds items"
    # Twilio sends null rather than leaving a key out; a fixture may lack a newer key.
    keys = [field.name.rstrip("_") for field in attrs.fields(cls)]
    complete = [dict.fromkeys(keys) | item for item in items]
    function = structurer(cls)
    with exact_calls(function) as handed_over:
        results = [function(item) for item in complete]
    assert handed_over == []
    assert results == [_exact(cls)(item) for item in items]


def test_a_full_message_takes_the_fast_path_and_reads_every_field() -> None:
    function = structurer(Message)
    with exact_calls(function) as handed_over:
        message = function(dict(FULL_MESSAGE))
    assert handed_over == []
    assert type(message) is Message
    assert message.from_ == "+14155550100"
    assert message.status is MessageStatus.DELIVERED
    assert message.num_segments == 1
    assert message.num_media == 0
    assert message.price == Decimal("-0.00790")
    assert message.date_created == datetime(2024, 3, 1, 6, 9, 25, tzinfo=timezone.utc)
    assert message.date_created.tzinfo is timezone.utc
    assert message.subresource_uris == FULL_MESSAGE["subresource_uris"]
    assert message.subresource_uris is not FULL_MESSAGE["subresource_uris"]
    assert message.tags == {}
    assert message.tags is not FULL_MESSAGE["tags"]


def test_structured_models_are_ordinary_frozen_instances() -> None:
    message = structurer(Message)(dict(FULL_MESSAGE))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        message.sid = "SMother"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del message.body  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(message)) == message
    assert attrs.evolve(message, body="changed").body == "changed"
    rebuilt = Message(**{a.name: getattr(message, a.name) for a in attrs.fields(Message)})
    assert rebuilt == message
    assert hash(type(rebuilt)) == hash(Message)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"date_created": "Fri, 01 Mar 2024 08:09:25 +0200"}, "an offset other than UTC"),
        ({"date_created": "2024-03-01T06:09:25Z"}, "an ISO 8601 date"),
        ({"date_created": "Fri, 1 Mar 2024 06:09:25 +0000"}, "a one-digit day"),
        ({"num_segments": 2}, "a count sent as a number"),
        ({"body": 12}, "a number where text is due"),
        ({"status": "teleported"}, "an enum value Twilio added later"),
        ({"subresource_uris": {"media": 5}}, "a number inside a text map"),
    ],
)
def test_unusual_shapes_give_the_exact_result(change: dict[str, Any], why: str) -> None:
    payload = FULL_MESSAGE | change
    assert structurer(Message)(payload) == _exact(Message)(payload), why


def test_a_missing_key_goes_to_the_exact_path() -> None:
    payload = dict(FULL_MESSAGE)
    del payload["tags"]
    function = structurer(Message)
    with exact_calls(function) as handed_over:
        message = function(payload)
    assert handed_over == [payload]
    assert message.tags is None


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"sid": None}, "expected text, got None"),
        ({"body": ["a"]}, "expected text"),
        ({"to": {"number": "+1"}}, "expected text"),
        ({"date_created": "Fri, 31 Feb 2024 06:09:25 +0000"}, "not a Twilio timestamp"),
        ({"date_created": "Fri, 01 Xyz 2024 06:09:25 +0000"}, "not a Twilio timestamp"),
        ({"date_created": 1709273365}, "expected a timestamp string"),
        ({"price": "free"}, "not a decimal number"),
        ({"num_segments": "two"}, "invalid literal"),
        ({"tags": ["a"]}, "expected an object"),
    ],
)
def test_bad_values_raise_the_exact_error(change: dict[str, Any], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        structure(FULL_MESSAGE | change, Message)


_ODD_VALUES = st.sampled_from(
    [
        None,
        "",
        "1",
        "07",
        "-0.00790",
        "delivered",
        "outbound-api",
        "Fri, 01 Mar 2024 06:09:25 +0000",
        "Fri, 01 Mar 2024 06:09:25 -0130",
        "Fri, 01 Mar 2024T06:09:25 +0000",
        "Xyz, 29 Feb 2023 06:09:25 +0000",
        "2024-03-01T06:09:25Z",
        "2024-03-01 06:09:25",
        0,
        7,
        True,
        1.5,
        [],
        {},
        {"a": "b"},
        {"a": None},
    ]
)


def _outcome(function: Callable[[Any], Any], payload: dict[str, Any]) -> object:
    try:
        return function(payload)
    except Exception as error:
        return type(error)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*FULL_MESSAGE, "sid"]),
        _ODD_VALUES,
        max_size=8,
    ),
    st.sets(st.sampled_from(list(FULL_MESSAGE)), max_size=3),
)
def test_fast_and_exact_paths_always_agree(changes: dict[str, Any], dropped: set[str]) -> None:
    payload = {key: value for key, value in (FULL_MESSAGE | changes).items() if key not in dropped}
    exact = _outcome(_exact(Message), payload)
    assert _outcome(structurer(Message), payload) == exact
    assert _outcome(fresh_structurer(Message), copy.deepcopy(payload)) == exact


def test_fresh_keeps_the_objects_text_maps_and_reads_like_structure() -> None:
    payload = copy.deepcopy(FULL_MESSAGE)
    function = fresh_structurer(Message)
    with exact_calls(function) as handed_over:
        message = function(payload)
    assert handed_over == []
    assert message == structurer(Message)(FULL_MESSAGE)
    assert message.subresource_uris is payload["subresource_uris"]
    assert message.tags is payload["tags"]
    unusual = payload | {"subresource_uris": {"media": 5}}
    assert _outcome(function, unusual) == _outcome(_exact(Message), unusual)


def test_new_texts_are_converted_without_the_exact_path_then_remembered() -> None:
    prefix = "Sun, 05 Jan 2031 "
    price = "-0.04321"
    assert prefix not in ISO_PREFIXES
    payload = FULL_MESSAGE | {"date_sent": f"{prefix}01:02:03 +0000", "price": price}
    for function in (structurer(Message), fresh_structurer(Message)):
        with exact_calls(function) as handed_over:
            message = function(dict(payload))
        assert handed_over == []
        assert message.date_sent == datetime(2031, 1, 5, 1, 2, 3, tzinfo=timezone.utc)
        assert message.price == Decimal(price)
    assert ISO_PREFIXES[prefix] == "2031-01-05T"
    tables = structurer(Message).__globals__
    assert price in tables["m10"]


@pytest.mark.parametrize("reads_rfc_tail", [True, False])
@settings(max_examples=100, deadline=None)
@given(changes=st.dictionaries(st.sampled_from(list(FULL_MESSAGE)), _ODD_VALUES, max_size=6))
def test_either_form_of_the_date_reader_agrees_with_the_exact_path(
    reads_rfc_tail: bool, changes: dict[str, Any]
) -> None:
    original = _codegen.READS_RFC_TAIL
    _codegen.READS_RFC_TAIL = reads_rfc_tail  # the other form is the one older Pythons use
    try:
        compiled = _codegen.compile_structure(Message, {"from_": "from"}, converter)
    finally:
        _codegen.READS_RFC_TAIL = original
    assert compiled is not None
    assert ("utc" in compiled.structure.__code__.co_names) is reads_rfc_tail
    payload = FULL_MESSAGE | changes
    exact = _outcome(_exact(Message), payload)
    assert _outcome(compiled.structure, payload) == exact
    assert _outcome(compiled.fresh, copy.deepcopy(payload)) == exact


def test_other_models_structure_with_one_argument() -> None:
    account = structurer(Account)({"sid": "AC1", "status": "active", "type": "Full"})
    assert account.sid == "AC1"


def test_memo_converts_text_once_and_refuses_anything_else() -> None:
    calls: list[object] = []

    def convert(key: object) -> object:
        calls.append(key)
        return ("converted", key)

    memo = Memo(convert, size=2, seed={None: None})
    assert memo["a"] == ("converted", "a")
    assert memo["a"] == ("converted", "a")
    assert memo[None] is None
    for not_text in (1, 1.0, True, ("a",)):
        with pytest.raises(KeyError):
            memo[not_text]
    assert calls == ["a"]
    assert 1 not in memo


def test_memo_starts_again_from_its_seed_when_full() -> None:
    memo = Memo(str.upper, size=2, seed={"x": "seeded"})
    for key in ("a", "b", "c", "d", "e"):
        assert memo[key] == key.upper()
        assert len(memo) <= 3
    assert memo["x"] == "seeded"


def test_memo_keeps_nothing_when_conversion_fails() -> None:
    memo = Memo(int)
    with pytest.raises(ValueError):
        memo["nope"]
    assert "nope" not in memo
    assert len(memo) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Fri, 01 Mar 2024 06:09:25 +0100",
        "Fri, 1 Mar 2024 06:09:25 +0000",
        "Fri, 01 Mar 2024 6:09:25 +0000",
        "Fri, 0x Mar 2024 06:09:25 +0000",
        "Fri, 01 Mar 2024 06:09:61 +0000",
        "2024-03-01T06:09:25+00:00",
        "",
    ],
)
def test_the_usual_shape_reader_declines_everything_else(text: str) -> None:
    assert utc_rfc2822(text) is None


@pytest.mark.parametrize(
    "prefix",
    [
        "Fri, 01 Foo 2024 ",
        "Fri, 1 Mar 2024 ",
        "Fri, 01 Mar 2024T",
        "Fri 01 Mar 2024 ",
        "2024-03-01T06:0",
        "Fri, 0x Mar 2024 ",
    ],
)
def test_unknown_days_raise_key_error_and_are_not_remembered(prefix: str) -> None:
    with pytest.raises(KeyError):
        ISO_PREFIXES[prefix]
    assert prefix not in ISO_PREFIXES
    assert ISO_PREFIXES["Thu, 29 Feb 2024 "] == "2024-02-29T"


_FIXTURE_ITEMS = [
    ("message_page", Message, "messages"),
    ("media_page", Media, "media_list"),
    ("messaging_service_page", MessagingService, "services"),
    ("incoming_phone_number_page", IncomingPhoneNumber, "incoming_phone_numbers"),
    ("pricing_messaging_country_page", MessagingCountry, "countries"),
    ("account_instance", Account, None),
]


@pytest.mark.parametrize(("name", "cls", "key"), _FIXTURE_ITEMS)
@settings(max_examples=60, deadline=None)
@given(changes=st.dictionaries(st.integers(0, 60), _ODD_VALUES, max_size=5))
def test_every_model_agrees_on_odd_values(
    name: str, cls: type[Any], key: str | None, changes: dict[int, Any]
) -> None:
    document = load_fixture(name)
    item = document[key][0] if key else document
    keys = sorted(item)
    payload = dict(item) | {keys[index % len(keys)]: value for index, value in changes.items()}
    assert _outcome(structurer(cls), payload) == _outcome(_exact(cls), payload)
