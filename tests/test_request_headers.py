"""The headers a request carries on the wire, seen by a server on 127.0.0.1.

The client's own aiohttp session carries the fixed headers as its defaults; a lent session
keeps its lender's defaults, so each request names ours. Both must put the same on the wire.
"""

from __future__ import annotations

import base64
import re
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, load_fixture
from twilio_async import TwilioClient

SID = "SM" + "1" * 32
FORM = "application/x-www-form-urlencoded"
BASIC = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
USER_AGENT = re.compile(r"twilio-async/\S+ \(Python \d+\.\d+; aiohttp \S+\)")


@pytest.fixture
async def seen() -> AsyncIterator[tuple[str, list[tuple[str, dict[str, str], str]]]]:
    """A server answering any message request; it records (method, headers, body) of each."""
    requests: list[tuple[str, dict[str, str], str]] = []

    async def message(request: web.Request) -> web.Response:
        requests.append((request.method, dict(request.headers), await request.text()))
        return web.json_response(load_fixture("message_instance"), status=201)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", message)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}", requests
    finally:
        await runner.cleanup()


async def _send_and_fetch(client: TwilioClient) -> None:
    await client.messages.create(to="+15558675310", from_="+15017122661", body="Hi & bye")
    await client.messages.fetch(SID)


def _check(requests: list[tuple[str, dict[str, str], str]], authorization: str) -> None:
    (post, posted, body), (get, got, _) = requests
    assert (post, get) == ("POST", "GET")
    for headers in (posted, got):
        authorized = headers.get("Authorization") == authorization  # no credentials in output
        assert authorized, "the request did not carry the expected Authorization"
        assert headers["Accept"] == "application/json"
        assert USER_AGENT.fullmatch(headers["User-Agent"])
    assert posted["Content-Type"] == FORM
    assert posted["Content-Length"] == str(len(body.encode()))
    assert body == "To=%2B15558675310&From=%2B15017122661&Body=Hi%20%26%20bye"


async def test_own_session_sends_auth_accept_user_agent_and_form_type(
    seen: tuple[str, list[tuple[str, dict[str, str], str]]],
) -> None:
    url, requests = seen
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        await _send_and_fetch(client)
    _check(requests, BASIC)
    assert "Content-Type" not in requests[1][1]  # a GET has no body to type


async def test_api_key_credentials_go_in_the_same_header(
    seen: tuple[str, list[tuple[str, dict[str, str], str]]],
) -> None:
    url, requests = seen
    key, secret = "SK" + "f" * 32, "api-secret-value"
    async with TwilioClient(ACCOUNT_SID, api_key=key, api_secret=secret, base_url=url) as client:
        await _send_and_fetch(client)
    _check(requests, "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode())


async def test_lent_session_keeps_its_defaults_but_ours_win(
    seen: tuple[str, list[tuple[str, dict[str, str], str]]],
) -> None:
    url, requests = seen
    lender_headers = {"X-Lender": "kept", "Content-Type": "application/json", "Accept": "*/*"}
    async with aiohttp.ClientSession(headers=lender_headers) as http:
        async with TwilioClient(
            ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url, http_session=http
        ) as client:
            await _send_and_fetch(client)
        assert not http.closed
    _check(requests, BASIC)
    assert [headers["X-Lender"] for _, headers, _ in requests] == ["kept", "kept"]
    assert requests[1][1]["Content-Type"] == "application/json"  # the lender's, on a GET


async def test_a_custom_user_agent_replaces_ours(
    seen: tuple[str, list[tuple[str, dict[str, str], str]]],
) -> None:
    url, requests = seen
    async with TwilioClient(
        ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url, user_agent="shop-bot/2.1"
    ) as client:
        await client.messages.fetch(SID)
    assert requests[0][1]["User-Agent"] == "shop-bot/2.1"
