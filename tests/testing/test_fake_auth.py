"""Authentication on FakeTwilio: auth token, API keys, OAuth bearer tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.testing.conftest import basic
from twilio_async.testing import FakeTwilio

UNAUTHENTICATED = {
    "code": 20003,
    "message": "Authenticate",
    "more_info": "https://www.twilio.com/docs/errors/20003",
    "status": 401,
}


@pytest.fixture
async def anonymous(fake: FakeTwilio) -> AsyncIterator[aiohttp.ClientSession]:
    """A session without credentials."""
    async with aiohttp.ClientSession(base_url=fake.base_url) as session:
        yield session


async def status_of(
    session: aiohttp.ClientSession, url: str, authorization: str | None
) -> tuple[int, object]:
    headers = {"Authorization": authorization} if authorization is not None else {}
    async with session.get(url, headers=headers) as response:
        return response.status, await response.json()


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Basic", "Basic !!!", "Basic eDp5", "Bearer nope", "Digest abc", "Basic " + "QUM6"],
)
async def test_bad_credentials_get_twilio_401(
    fake: FakeTwilio, anonymous: aiohttp.ClientSession, authorization: str | None
) -> None:
    status, body = await status_of(
        anonymous, f"/2010-04-01/Accounts/{fake.account_sid}.json", authorization
    )
    assert status == 401
    assert body == UNAUTHENTICATED


async def test_wrong_token_for_the_right_account_is_rejected(
    fake: FakeTwilio, anonymous: aiohttp.ClientSession
) -> None:
    url = f"/2010-04-01/Accounts/{fake.account_sid}.json"
    status, _ = await status_of(anonymous, url, basic(fake.account_sid, fake.auth_token + "x"))
    assert status == 401
    status, _ = await status_of(anonymous, url, basic(fake.account_sid, fake.auth_token))
    assert status == 200


async def test_every_product_requires_credentials(anonymous: aiohttp.ClientSession) -> None:
    for url in ("/v1/Services", "/v1/Messaging/Countries"):
        status, body = await status_of(anonymous, url, None)
        assert status == 401
        assert body == UNAUTHENTICATED


async def test_api_key_and_secret_are_accepted(
    fake: FakeTwilio, anonymous: aiohttp.ClientSession
) -> None:
    sid, secret = fake.add_api_key()
    assert sid.startswith("SK")
    assert len(sid) == 34
    url = f"/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
    status, _ = await status_of(anonymous, url, basic(sid, secret))
    assert status == 200
    status, _ = await status_of(anonymous, url, basic(sid, "wrong"))
    assert status == 401


async def get_token(
    session: aiohttp.ClientSession, form: dict[str, str]
) -> tuple[int, dict[str, object]]:
    async with session.post("/v2/token", data=form) as response:
        return response.status, await response.json()


async def test_oauth_client_credentials_issue_a_working_bearer_token(
    fake: FakeTwilio, anonymous: aiohttp.ClientSession
) -> None:
    client_id, secret = fake.add_oauth_client()
    status, token = await get_token(
        anonymous,
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert status == 200
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 3600
    access = token["access_token"]
    assert isinstance(access, str)
    assert access
    status, _ = await status_of(anonymous, "/v1/Services", f"Bearer {access}")
    assert status == 200
    fake.expire_tokens()
    status, body = await status_of(anonymous, "/v1/Services", f"Bearer {access}")
    assert status == 401
    assert body == UNAUTHENTICATED


async def test_oauth_tokens_expire_after_their_lifetime() -> None:
    async with (
        FakeTwilio(token_ttl=0) as fake,
        aiohttp.ClientSession(base_url=fake.base_url) as session,
    ):
        client_id, secret = fake.add_oauth_client()
        status, token = await get_token(
            session,
            {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        )
        assert status == 200
        assert token["expires_in"] == 0
        status, _ = await status_of(session, "/v1/Services", f"Bearer {token['access_token']}")
        assert status == 401


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        (
            {"grant_type": "client_credentials", "client_id": "OQ1", "client_secret": "x"},
            401,
            "invalid_client",
        ),
        ({"grant_type": "client_credentials"}, 401, "invalid_client"),
    ],
)
async def test_oauth_token_errors(
    fake: FakeTwilio,
    anonymous: aiohttp.ClientSession,
    form: dict[str, str],
    status: int,
    error: str,
) -> None:
    fake.add_oauth_client()
    got, body = await get_token(anonymous, form)
    assert got == status
    assert body["error"] == error
    assert body["status"] == status


async def test_wrong_oauth_secret_is_rejected(
    fake: FakeTwilio, anonymous: aiohttp.ClientSession
) -> None:
    client_id, _ = fake.add_oauth_client()
    status, _ = await get_token(
        anonymous,
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": "guess"},
    )
    assert status == 401


def test_secrets_stay_out_of_reprs() -> None:
    fake = FakeTwilio(auth_token="supersecrettoken")
    _sid, secret = fake.add_api_key()
    _client_id, client_secret = fake.add_oauth_client()
    text = repr(fake) + repr(fake._ctx) + repr(fake._ctx.credentials)
    for hidden in ("supersecrettoken", secret, client_secret):
        assert hidden not in text
    assert fake.account_sid in repr(fake)
