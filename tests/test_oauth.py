"""OAuth2 client credentials against a small 127.0.0.1 token endpoint."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from aiohttp import web

from tests.transport_helpers import (
    ACCOUNT_SID,
    MESSAGE_SID,
    FakeClock,
    client_for,
    ok,
    serve,
    twilio_error,
)
from twilio_async import (
    AuthenticationError,
    InvalidRequestError,
    MalformedResponseError,
    OAuth2Credentials,
    TwilioClient,
)
from twilio_async.testing import FakeTwilio

CLIENT_ID = "OQ" + "d" * 32
CLIENT_SECRET = "client-secret-not-real"


class TokenServer:
    """Issues numbered tokens at /v2/token; API calls need a token it still accepts."""

    def __init__(self, *, expires_in: int = 3600, delay: float = 0.0) -> None:
        self.expires_in = expires_in
        self.delay = delay
        self.issued: list[str] = []
        self.forms: list[dict[str, str]] = []
        self.content_types: list[str] = []
        self.rejected: set[str] = set()
        self.seen: list[str] = []
        self.token_answer: web.Response | None = None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/v2/token":
            self.forms.append({k: str(v) for k, v in (await request.post()).items()})
            self.content_types.append(request.content_type)
            assert "Authorization" not in request.headers
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.token_answer is not None:
                return self.token_answer
            form = self.forms[-1]
            if form.get("client_secret") != CLIENT_SECRET:
                return twilio_error(401, 20003, "Authentication Error - invalid client")
            token = f"access-token-{len(self.issued) + 1}"
            self.issued.append(token)
            return web.json_response(
                {
                    "access_token": token,
                    "id_token": None,
                    "token_type": "Bearer",
                    "expires_in": self.expires_in,
                    "refresh_token": None,
                }
            )
        authorization = request.headers.get("Authorization", "")
        self.seen.append(authorization)
        token = authorization.removeprefix("Bearer ")
        if not authorization.startswith("Bearer ") or token not in self.issued:
            return twilio_error(401, 20003, "Authenticate")
        if token in self.rejected:
            return twilio_error(401, 20003, "Access token expired")
        return ok(request, status=200)


def oauth_kwargs() -> dict[str, Any]:
    return {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}


async def test_token_is_fetched_once_and_sent_as_bearer() -> None:
    tokens = TokenServer()
    async with serve(tokens.handle) as server, client_for(server, **oauth_kwargs()) as client:
        await client.messages.fetch(MESSAGE_SID)
        await client.messages.fetch(MESSAGE_SID)
    assert tokens.forms == [
        {
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        }
    ]
    assert tokens.content_types == ["application/x-www-form-urlencoded"]
    assert tokens.seen == ["Bearer access-token-1", "Bearer access-token-1"]


async def test_200_tasks_needing_a_token_make_one_token_request() -> None:
    tokens = TokenServer(delay=0.02)
    async with serve(tokens.handle) as server, client_for(server, **oauth_kwargs()) as client:
        results = await asyncio.gather(*(client.messages.fetch(MESSAGE_SID) for _ in range(200)))
    assert len(results) == 200
    assert len(tokens.forms) == 1
    assert set(tokens.seen) == {"Bearer access-token-1"}


async def test_token_is_refreshed_in_the_background_before_expiry() -> None:
    clock = FakeClock(auto=False)
    tokens = TokenServer(expires_in=300)
    async with (
        serve(tokens.handle) as server,
        client_for(server, clock=clock, **oauth_kwargs()) as client,
    ):
        await client.messages.fetch(MESSAGE_SID)
        clock.advance(200)  # well before the 60 s margin
        await client.messages.fetch(MESSAGE_SID)
        assert len(tokens.forms) == 1
        clock.advance(50)  # 250 s: inside the margin, still valid
        await client.messages.fetch(MESSAGE_SID)  # does not wait for the refresh
        assert tokens.seen[-1] == "Bearer access-token-1"
        credentials = client._session.credentials
        assert isinstance(credentials, OAuth2Credentials)
        for _ in range(400):  # the background refresh is answered and stored
            if len(tokens.issued) == 2 and credentials._refresh is None:
                break
            await asyncio.sleep(0.005)
        await client.messages.fetch(MESSAGE_SID)
    assert len(tokens.forms) == 2
    assert tokens.seen[-1] == "Bearer access-token-2"


async def test_an_expired_token_is_fetched_before_the_request() -> None:
    clock = FakeClock(auto=False)
    tokens = TokenServer(expires_in=300)
    async with (
        serve(tokens.handle) as server,
        client_for(server, clock=clock, **oauth_kwargs()) as client,
    ):
        await client.messages.fetch(MESSAGE_SID)
        clock.advance(301)
        await client.messages.fetch(MESSAGE_SID)
    assert tokens.seen == ["Bearer access-token-1", "Bearer access-token-2"]


async def test_a_401_refreshes_once_and_retries_once() -> None:
    tokens = TokenServer()
    async with serve(tokens.handle) as server, client_for(server, **oauth_kwargs()) as client:
        await client.messages.fetch(MESSAGE_SID)
        tokens.rejected.add("access-token-1")  # Twilio considers it expired
        message = await client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
    assert message.sid == MESSAGE_SID
    assert len(tokens.forms) == 2
    assert tokens.seen == [
        "Bearer access-token-1",
        "Bearer access-token-1",
        "Bearer access-token-2",
    ]


async def test_a_401_with_a_fresh_token_is_raised_not_looped() -> None:
    tokens = TokenServer()

    async def handler(request: web.Request) -> web.StreamResponse:
        if request.path != "/v2/token":
            tokens.seen.append(request.headers.get("Authorization", ""))
            return twilio_error(401, 20003, "Authenticate")
        return await tokens.handle(request)

    async with serve(handler) as server, client_for(server, **oauth_kwargs()) as client:
        with pytest.raises(AuthenticationError):
            await client.messages.fetch(MESSAGE_SID)
    assert len(tokens.forms) == 2
    assert len(tokens.seen) == 2


async def test_many_401s_at_once_cause_one_refresh() -> None:
    tokens = TokenServer(delay=0.01)
    async with serve(tokens.handle) as server, client_for(server, **oauth_kwargs()) as client:
        await client.messages.fetch(MESSAGE_SID)
        tokens.rejected.add("access-token-1")
        await asyncio.gather(*(client.messages.fetch(MESSAGE_SID) for _ in range(50)))
    assert len(tokens.forms) == 2


async def test_bad_client_secret_raises_authentication_error_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    tokens = TokenServer()
    async with (
        serve(tokens.handle) as server,
        client_for(server, client_id=CLIENT_ID, client_secret="wrong-secret-value") as client,
    ):
        with pytest.raises(AuthenticationError) as caught:
            await client.messages.fetch(MESSAGE_SID)
    assert caught.value.url.endswith("/v2/token")
    assert "wrong-secret-value" not in str(caught.value)
    assert "wrong-secret-value" not in repr(caught.value)
    assert "wrong-secret-value" not in caplog.text


async def test_token_answer_without_access_token_is_malformed() -> None:
    tokens = TokenServer()
    tokens.token_answer = web.json_response({"token_type": "Bearer"})
    async with serve(tokens.handle) as server, client_for(server, **oauth_kwargs()) as client:
        with pytest.raises(MalformedResponseError, match="access_token"):
            await client.messages.fetch(MESSAGE_SID)


async def test_token_never_appears_in_logs_or_reprs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    tokens = TokenServer()

    async def handler(request: web.Request) -> web.StreamResponse:
        if request.path != "/v2/token" and len(tokens.seen) == 0:
            tokens.seen.append("first")
            return twilio_error(503, 20500, "Unavailable")
        return await tokens.handle(request)

    async with serve(handler) as server, client_for(server, **oauth_kwargs()) as client:
        client._session.sleep = _no_wait
        await client.messages.fetch(MESSAGE_SID)
        credentials = client._session.credentials
        shown = " ".join([repr(client), repr(credentials), str(credentials), caplog.text])
    assert "retrying" in caplog.text
    assert "access-token-1" not in shown
    assert CLIENT_SECRET not in shown
    assert CLIENT_ID in repr(credentials)


async def _no_wait(seconds: float) -> None:
    return None


async def test_closing_the_client_cancels_a_pending_token_request() -> None:
    tokens = TokenServer(delay=5.0)
    async with serve(tokens.handle) as server, client_for(server, **oauth_kwargs()) as client:
        call = asyncio.ensure_future(client.messages.fetch(MESSAGE_SID))
        for _ in range(200):
            if tokens.forms:
                break
            await asyncio.sleep(0.005)
        call.cancel()
        await asyncio.wait_for(asyncio.gather(call, return_exceptions=True), 5)
        credentials = client._session.credentials
        assert isinstance(credentials, OAuth2Credentials)
        assert credentials._refresh is not None
    assert credentials._refresh is None


def test_from_env_reads_client_credentials() -> None:
    env = {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_CLIENT_ID": CLIENT_ID,
        "TWILIO_CLIENT_SECRET": CLIENT_SECRET,
        "TWILIO_AUTH_TOKEN": "ignored-when-oauth-is-set",
    }
    client = TwilioClient.from_env(env)
    credentials = client._session.credentials
    assert isinstance(credentials, OAuth2Credentials)
    assert credentials.client_id == CLIENT_ID
    assert client.account_sid == ACCOUNT_SID


def test_client_credentials_are_checked() -> None:
    with pytest.raises(InvalidRequestError, match="client_secret"):
        TwilioClient(ACCOUNT_SID, client_id=CLIENT_ID)
    with pytest.raises(InvalidRequestError, match="client_id"):
        TwilioClient(ACCOUNT_SID, client_secret=CLIENT_SECRET)
    with pytest.raises(InvalidRequestError, match="auth_token"):
        TwilioClient(ACCOUNT_SID, auth_token="x", client_id=CLIENT_ID, client_secret="y")
    with pytest.raises(InvalidRequestError, match="account_sid"):
        TwilioClient("nope", client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    with pytest.raises(InvalidRequestError, match="refresh_margin"):
        OAuth2Credentials(ACCOUNT_SID, CLIENT_ID, CLIENT_SECRET, refresh_margin=-1)


def _jwt(claims: dict[str, object]) -> str:
    import base64
    import json

    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none'})}.{part(claims)}.signature"


def test_token_lifetime_from_expires_in_or_the_jwt() -> None:
    import time

    from twilio_async.auth import DEFAULT_TOKEN_LIFETIME, _lifetime

    assert _lifetime({"expires_in": 120}, "opaque") == 120.0
    assert _lifetime({"expires_in": "90"}, "opaque") == 90.0
    assert _lifetime({"expires_in": True}, "opaque") == DEFAULT_TOKEN_LIFETIME
    assert _lifetime({}, "opaque") == DEFAULT_TOKEN_LIFETIME
    in_ten_minutes = _jwt({"exp": int(time.time()) + 600})
    assert 590 <= _lifetime({}, in_ten_minutes) <= 600
    assert _lifetime({}, "a.!!!.c") == DEFAULT_TOKEN_LIFETIME
    assert _lifetime({}, _jwt({"sub": "x"})) == DEFAULT_TOKEN_LIFETIME


async def test_short_lived_tokens_refresh_at_half_their_life() -> None:
    clock = FakeClock(auto=False)
    tokens = TokenServer(expires_in=40)  # shorter than the 60 s margin
    async with (
        serve(tokens.handle) as server,
        client_for(server, clock=clock, **oauth_kwargs()) as client,
    ):
        await client.messages.fetch(MESSAGE_SID)
        clock.advance(10)
        await client.messages.fetch(MESSAGE_SID)
        assert len(tokens.forms) == 1  # not refreshing on every call


def test_api_key_and_auth_token_selection() -> None:
    from twilio_async import ApiKey, AuthToken

    key = "SK" + "e" * 32
    client = TwilioClient(ACCOUNT_SID, api_key=key, api_secret="s")
    assert isinstance(client._session.credentials, ApiKey)
    assert isinstance(TwilioClient(ACCOUNT_SID, auth_token="t")._session.credentials, AuthToken)
    with pytest.raises(InvalidRequestError, match="api_secret"):
        TwilioClient(ACCOUNT_SID, api_key=key)
    with pytest.raises(InvalidRequestError, match="api_key"):
        TwilioClient(ACCOUNT_SID, api_key=key, api_secret="s", client_id="c", client_secret="d")
    with pytest.raises(InvalidRequestError, match="auth_token"):
        TwilioClient(ACCOUNT_SID)


async def test_closing_while_a_request_waits_for_its_token_raises_client_closed() -> None:
    from twilio_async import ClientClosedError

    tokens = TokenServer(delay=5.0)
    async with serve(tokens.handle) as server, client_for(server, **oauth_kwargs()) as client:
        call = asyncio.ensure_future(client.messages.fetch(MESSAGE_SID))
        for _ in range(200):
            if tokens.forms:
                break
            await asyncio.sleep(0.005)
        await client.aclose()
        with pytest.raises(ClientClosedError):
            await asyncio.wait_for(call, 5)


async def test_oauth_against_fake_twilio_second_opinion(twilio_fake: FakeTwilio) -> None:
    client_id, secret = twilio_fake.add_oauth_client()
    client = TwilioClient(
        twilio_fake.account_sid,
        client_id=client_id,
        client_secret=secret,
        base_url=twilio_fake.base_url,
    )
    async with client:
        sent = await client.messages.create(to="+15558675310", from_="+15005550006", body="Hi")
        twilio_fake.expire_tokens()
        fetched = await client.messages.fetch(sent.sid)
    assert fetched.sid == sent.sid
    token_requests = [r for r in twilio_fake.requests if r.path == "/v2/token"]
    assert len(token_requests) == 2
    assert token_requests[0].form_value("grant_type") == "client_credentials"
    creates = [r for r in twilio_fake.requests if r.method == "POST" and r.path.endswith("s.json")]
    assert len(creates) == 1
