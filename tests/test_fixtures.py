"""Every recorded Twilio payload loads into its model, and models cover the OpenAPI schemas."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from tests.resource_helpers import FIXTURES, load_fixture
from twilio_async import (
    Account,
    AvailablePhoneNumber,
    IncomingPhoneNumber,
    Media,
    Message,
    MessagingCountry,
    MessagingCountryPricing,
    MessagingService,
    OutboundSmsPrice,
    PhoneNumberCapabilities,
    SmsPrice,
)
from twilio_async.models._convert import structure
from twilio_async.pagination import RawPage, page_items

OPENAPI = FIXTURES.parents[1] / "openapi"

# fixture file -> (model, items key of a page or None for a single instance)
FIXTURE_MODELS: dict[str, tuple[type[Any], str | None]] = {
    "account_instance": (Account, None),
    "available_phone_numbers_local_page": (AvailablePhoneNumber, "available_phone_numbers"),
    "available_phone_numbers_mobile_page": (AvailablePhoneNumber, "available_phone_numbers"),
    "incoming_phone_number_instance": (IncomingPhoneNumber, None),
    "incoming_phone_number_page": (IncomingPhoneNumber, "incoming_phone_numbers"),
    "media_instance": (Media, None),
    "media_page": (Media, "media_list"),
    "message_create_queued": (Message, None),
    "message_instance": (Message, None),
    "message_page": (Message, "messages"),
    "message_page_empty": (Message, "messages"),
    "messaging_service_instance": (MessagingService, None),
    "messaging_service_page": (MessagingService, "services"),
    "pricing_messaging_country_instance": (MessagingCountryPricing, None),
    "pricing_messaging_country_page": (MessagingCountry, "countries"),
}

# model -> (spec file, schema name)
SCHEMAS: list[tuple[type[Any], str, str]] = [
    (Media, "twilio_api_v2010.json", "api.v2010.account.message.media"),
    (IncomingPhoneNumber, "twilio_api_v2010.json", "api.v2010.account.incoming_phone_number"),
    (
        AvailablePhoneNumber,
        "twilio_api_v2010.json",
        "api.v2010.account.available_phone_number_country.available_phone_number_local",
    ),
    (
        AvailablePhoneNumber,
        "twilio_api_v2010.json",
        "api.v2010.account.available_phone_number_country.available_phone_number_mobile",
    ),
    (Account, "twilio_api_v2010.json", "api.v2010.account"),
    (MessagingService, "twilio_messaging_v1.json", "messaging.v1.service"),
    (MessagingCountry, "twilio_pricing_v1.json", "pricing.v1.messaging.messaging_country"),
    (
        MessagingCountryPricing,
        "twilio_pricing_v1.json",
        "pricing.v1.messaging.messaging_country-instance",
    ),
]


def _json_keys(model: type[Any]) -> set[str]:
    return {field.name.rstrip("_") for field in attrs.fields(model)}


def _items(name: str) -> tuple[type[Any], list[dict[str, Any]]]:
    model, items_key = FIXTURE_MODELS[name]
    payload = load_fixture(name)
    return model, [payload] if items_key is None else payload[items_key]


def test_every_resource_fixture_has_a_model() -> None:
    if not FIXTURES.is_dir():
        pytest.skip("shared fixtures not available")
    on_disk = {path.stem for path in FIXTURES.glob("*.json") if not path.stem.startswith("error_")}
    assert on_disk == set(FIXTURE_MODELS)


@pytest.mark.parametrize("name", sorted(FIXTURE_MODELS))
def test_fixture_loads_into_its_model(name: str) -> None:
    model, items_key = FIXTURE_MODELS[name]
    payload = load_fixture(name)
    if items_key is None:
        loaded = [structure(payload, model)]
    else:
        items, link = page_items(payload, items_key)
        page = RawPage(items, link, lambda raw: structure(raw, model), repr(items_key))
        loaded = page.structured().items
        assert link is None
    assert len(loaded) == len(_items(name)[1])
    assert all(isinstance(item, model) for item in loaded)


@pytest.mark.parametrize("name", sorted(FIXTURE_MODELS))
def test_model_knows_every_key_of_the_fixture(name: str) -> None:
    model, items = _items(name)
    known = _json_keys(model)
    for raw in items:
        assert set(raw) <= known, set(raw) - known


@pytest.mark.parametrize(
    ("model", "spec", "schema"), SCHEMAS, ids=[schema for _, _, schema in SCHEMAS]
)
def test_model_has_every_field_of_the_openapi_schema(
    model: type[Any], spec: str, schema: str
) -> None:
    path = OPENAPI / spec
    if not path.exists():
        pytest.skip(f"{spec} not available")
    schemas = json.loads(path.read_text())["components"]["schemas"]
    properties = set(schemas[schema]["properties"])
    assert properties <= _json_keys(model), properties - _json_keys(model)


def test_nested_price_and_capability_models_match_the_schemas() -> None:
    pricing = OPENAPI / "twilio_pricing_v1.json"
    api = OPENAPI / "twilio_api_v2010.json"
    if not (pricing.exists() and api.exists()):
        pytest.skip("OpenAPI specs not available")
    country = json.loads(pricing.read_text())["components"]["schemas"][
        "pricing.v1.messaging.messaging_country-instance"
    ]["properties"]
    outbound = country["outbound_sms_prices"]["items"]["properties"]
    assert set(outbound) <= _json_keys(OutboundSmsPrice)
    assert set(outbound["prices"]["items"]["properties"]) <= _json_keys(SmsPrice)
    assert set(country["inbound_sms_prices"]["items"]["properties"]) <= _json_keys(SmsPrice)
    number = json.loads(api.read_text())["components"]["schemas"][
        "api.v2010.account.incoming_phone_number"
    ]["properties"]
    assert set(number["capabilities"]["properties"]) <= _json_keys(PhoneNumberCapabilities)
