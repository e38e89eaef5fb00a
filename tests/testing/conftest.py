"""Fixtures for the FakeTwilio tests: a started fake, an HTTP session, schema checks."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from twilio_async.testing import FakeTwilio
from twilio_async.testing.plugin import twilio_fake  # noqa: F401  (the plugin's fixture)

SHARED = Path(__file__).parents[2] / ".." / "shared"
OPENAPI = SHARED / "openapi"
FIXTURES = SHARED / "fixtures" / "twilio-python"
SPEC_FILES = {
    "api": "twilio_api_v2010.json",
    "messaging": "twilio_messaging_v1.json",
    "pricing": "twilio_pricing_v1.json",
}
STEP = 0.01


def basic(user: str, password: str) -> str:
    """An HTTP basic Authorization header value."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTwilio]:
    """A started fake whose messages move quickly."""
    async with FakeTwilio(status_step=STEP) as started:
        yield started


@pytest.fixture
async def http(fake: FakeTwilio) -> AsyncIterator[aiohttp.ClientSession]:
    """A session authenticated as the fake's account, one connection per request."""
    connector = aiohttp.TCPConnector(force_close=True)
    headers = {"Authorization": basic(fake.account_sid, fake.auth_token)}
    async with aiohttp.ClientSession(
        base_url=fake.base_url, headers=headers, connector=connector
    ) as session:
        yield session


@pytest.fixture
def acct(fake: FakeTwilio) -> str:
    """The 2010-04-01 path prefix of the fake account."""
    return f"/2010-04-01/Accounts/{fake.account_sid}"


def _openapi_to_jsonschema(node: Any) -> Any:
    """OpenAPI 3.0 -> JSON Schema: ``nullable`` becomes a null type, and
    ``x-twilio.overrideType`` (the type Twilio really sends) replaces ``type``."""
    if isinstance(node, list):
        return [_openapi_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _openapi_to_jsonschema(value) for key, value in node.items()}
    override = node.get("x-twilio", {}).get("overrideType") if isinstance(node, dict) else None
    if isinstance(override, str) and "type" in out:
        out["type"] = override
    if out.pop("nullable", False) and "type" in out:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


def _load_specs() -> dict[str, dict[str, Any]] | None:
    if not OPENAPI.is_dir():
        return None
    return {
        name: _openapi_to_jsonschema(json.loads((OPENAPI / file).read_text()))
        for name, file in SPEC_FILES.items()
    }


# Twilio sends latitude/longitude of numbers for sale as strings ("19.720000"; see the
# twilio-python fixture) although the spec says number: accept both.
_STRING_NUMBERS = {
    "api.v2010.account.available_phone_number_country.available_phone_number_local": (
        "latitude",
        "longitude",
    ),
    "api.v2010.account.available_phone_number_country.available_phone_number_mobile": (
        "latitude",
        "longitude",
    ),
}


# Twilio sends "" for unset application SIDs of owned numbers (see the twilio-python
# fixture) although the spec's pattern wants a SID or null: accept "" there too.
_EMPTY_SIDS = {
    "api.v2010.account.incoming_phone_number": ("sms_application_sid", "voice_application_sid")
}


def _patched(spec: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]
    for name, fields in _STRING_NUMBERS.items():
        for field in fields:
            if name in schemas:
                schemas[name]["properties"][field]["type"] = ["number", "string", "null"]
    for name, fields in _EMPTY_SIDS.items():
        for field in fields:
            if name in schemas:
                prop = schemas[name]["properties"][field]
                schemas[name]["properties"][field] = {"anyOf": [prop, {"const": ""}]}
    return spec


_LOADED = _load_specs()
_SPECS = None if _LOADED is None else {k: _patched(v) for k, v in _LOADED.items()}
Validate = Callable[..., None]


@pytest.fixture
def validate() -> Validate:
    """``validate(product, payload, schema=name | path=..., method=...)`` against the spec."""
    if _SPECS is None:
        pytest.skip("the shared OpenAPI specs are not available")
    import jsonschema

    def check(
        product: str,
        payload: Any,
        *,
        schema: str | None = None,
        path: str | None = None,
        method: str = "get",
        status: str = "200",
    ) -> None:
        spec = _SPECS[product]
        if schema is not None:
            target: dict[str, Any] = {"$ref": f"#/components/schemas/{schema}"}
        else:
            assert path is not None
            operation = spec["paths"][path][method]
            target = operation["responses"][status]["content"]["application/json"]["schema"]
        document = {**target, "components": spec["components"]}
        jsonschema.Draft7Validator(document).validate(payload)

    return check


def fixture_json(name: str) -> dict[str, Any]:
    """A real Twilio payload from the shared fixtures (skips if absent)."""
    path = FIXTURES / f"{name}.json"
    if not path.is_file():
        pytest.skip("the shared Twilio fixtures are not available")
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded
