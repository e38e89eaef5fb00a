"""Helpers for the resource tests: a client, a mocked Twilio and the requests it received."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from urllib.parse import parse_qsl

import attrs
import pytest
from aiohttp import Payload
from aioresponses import aioresponses

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, FIXTURES, load_fixture
from twilio_async import TwilioClient

__all__ = [
    "ACCOUNT_PATH",
    "ACCOUNT_SID",
    "API",
    "AUTH_TOKEN",
    "FIXTURES",
    "MESSAGING",
    "PRICING",
    "SentRequest",
    "client_fixture",
    "load_fixture",
    "only_request",
    "sent_requests",
    "twilio_fixture",
    "url_pattern",
]

API = "https://api.twilio.com"
MESSAGING = "https://messaging.twilio.com"
PRICING = "https://pricing.twilio.com"
ACCOUNT_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}"


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
            headers = dict(call.kwargs.get("headers") or {})
            form = None
            if data is not None:
                form = parse_qsl(data.decode(), keep_blank_values=True)
                if isinstance(data, Payload):  # the type aiohttp sends unless headers name one
                    headers.setdefault("Content-Type", data.content_type)
            found.append(
                SentRequest(
                    method=method,
                    url=str(url.with_query(None)),
                    query=list(url.query.items()),
                    form=form,
                    headers=headers,
                )
            )
    return found


def only_request(mock: aioresponses) -> SentRequest:
    """The single request the mock received (fails if there were more or none)."""
    found = sent_requests(mock)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(name="twilio")
def twilio_fixture() -> Iterator[aioresponses]:
    """A mocked Twilio: every aiohttp request is answered by registered responses."""
    with aioresponses() as mock:
        yield mock


@pytest.fixture(name="client")
async def client_fixture() -> AsyncIterator[TwilioClient]:
    """A client for ACCOUNT_SID on Twilio's real hosts (mocked), without retries."""
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, max_retries=0) as twilio_client:
        yield twilio_client
