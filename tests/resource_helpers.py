"""Helpers for the resource tests: a client, a mocked Twilio and the requests it received."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import attrs
import pytest
from aiohttp import ClientResponse
from aioresponses import aioresponses

from twilio_async import TwilioClient

ACCOUNT_SID = "AC" + "a" * 32
AUTH_TOKEN = "s3cr3t-auth-token-value"
API = "https://api.twilio.com"
MESSAGING = "https://messaging.twilio.com"
PRICING = "https://pricing.twilio.com"
ACCOUNT_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "twilio-python"


def load_fixture(name: str) -> Any:
    """A Twilio payload from the shared fixtures (the test is skipped if it is missing)."""
    path = FIXTURES / f"{name}.json"
    if not path.exists():
        pytest.skip(f"fixture {name} not available")
    return json.loads(path.read_text())


def url_pattern(url: str) -> re.Pattern[str]:
    """Match ``url`` exactly, with or without a query string."""
    return re.compile(re.escape(url) + r"(\?.*)?$")


@attrs.frozen
class SentRequest:
    """One request as the mock received it."""

    method: str
    url: str
    query: list[tuple[str, str]]
    form: list[tuple[str, str]] | None
    headers: dict[str, str]


def sent_requests(mock: aioresponses) -> list[SentRequest]:
    """Every request the mock received (query pairs sorted by key, form pairs in order)."""
    found = []
    for (method, url), calls in mock.requests.items():
        for call in calls:
            data = call.kwargs.get("data")
            form = None
            if data is not None:
                text = data.decode() if isinstance(data, bytes) else str(data)
                form = parse_qsl(text, keep_blank_values=True)
            found.append(
                SentRequest(
                    method=method,
                    url=str(url.with_query(None)),
                    query=list(url.query.items()),
                    form=form,
                    headers=dict(call.kwargs.get("headers") or {}),
                )
            )
    return found


def only_request(mock: aioresponses) -> SentRequest:
    """The single request the mock received (fails if there were more or none)."""
    found = sent_requests(mock)
    assert len(found) == 1, found
    return found[0]


class _SentBody:
    """Stands in for the stream writer aiohttp >= 3.14 gives every response."""

    output_size = 0


_WANTS_STREAM_WRITER = "stream_writer" in inspect.signature(ClientResponse.__init__).parameters


class _MockResponse(ClientResponse):
    """A ClientResponse aioresponses can build on aiohttp versions that want a stream writer."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        if _WANTS_STREAM_WRITER:
            kwargs.setdefault("stream_writer", _SentBody())
        super().__init__(method, url, **kwargs)


class TwilioMock(aioresponses):
    """aioresponses whose responses build on every aiohttp version this project supports."""

    def add(self, url: Any, method: str = "GET", *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("response_class", _MockResponse)
        super().add(url, method, *args, **kwargs)


@pytest.fixture(name="twilio")
def twilio_fixture() -> Iterator[aioresponses]:
    """A mocked Twilio: every aiohttp request is answered by registered responses."""
    with TwilioMock() as mock:
        yield mock


@pytest.fixture(name="client")
async def client_fixture() -> AsyncIterator[TwilioClient]:
    """A client for ACCOUNT_SID on Twilio's real hosts (mocked), without retries."""
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, max_retries=0) as twilio_client:
        yield twilio_client
