"""Client construction, configuration, copies and lifecycle."""

from __future__ import annotations

import gc
import warnings

import aiohttp
import pytest
from aiohttp import web

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, LocalServer, load_fixture
from twilio_async import (
    ApiKey,
    AuthToken,
    ClientClosedError,
    InvalidRequestError,
    NotFoundError,
    RetryPolicy,
    TwilioClient,
)
from twilio_async._http.hosts import Hosts, Product

SID = "SM" + "1" * 32
API_KEY = "SK" + "b" * 32
ITEM_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{SID}.json"


async def serving_message(local_server: LocalServer) -> str:
    payload = load_fixture("message_instance")

    async def fetch(request: web.Request) -> web.Response:
        return web.json_response(payload)

    local_server.route("GET", ITEM_PATH, fetch)
    return await local_server.start()


def test_a_secret_given_in_a_sid_slot_is_not_echoed_in_the_error() -> None:
    secret = "f" * 31 + "9"  # shaped like an auth token or API secret
    with pytest.raises(InvalidRequestError, match="api_key") as swapped_key:
        TwilioClient(ACCOUNT_SID, api_key=secret, api_secret=API_KEY)
    with pytest.raises(InvalidRequestError, match="account_sid") as swapped_sid:
        TwilioClient(secret, auth_token="AC" + "0" * 32)
    for caught in (swapped_key, swapped_sid):
        assert secret not in str(caught.value)
        assert secret not in repr(caught.value)


def test_credentials_are_required_and_named() -> None:
    with pytest.raises(InvalidRequestError, match="account_sid"):
        TwilioClient(auth_token=AUTH_TOKEN)
    with pytest.raises(InvalidRequestError, match="auth_token"):
        TwilioClient(ACCOUNT_SID)
    with pytest.raises(InvalidRequestError, match="account_sid"):
        TwilioClient("not-a-sid", auth_token=AUTH_TOKEN)
    with pytest.raises(InvalidRequestError, match="api_secret"):
        TwilioClient(ACCOUNT_SID, api_key=API_KEY)
    with pytest.raises(InvalidRequestError, match="api_key"):
        TwilioClient(ACCOUNT_SID, api_key="AK1", api_secret="x")
    with pytest.raises(InvalidRequestError, match="max_concurrency"):
        TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, max_concurrency=0)
    with pytest.raises(InvalidRequestError, match="timeout"):
        TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, timeout=-1)
    with pytest.raises(InvalidRequestError, match="base_url"):
        TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url="127.0.0.1:80")
    with pytest.raises(InvalidRequestError, match="base_url"):
        TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url={"voice": "http://h"})
    with pytest.raises(InvalidRequestError, match="http_session"):
        TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, http_session=object())  # type: ignore[arg-type]


def test_api_key_credentials_and_reprs_hide_secrets() -> None:
    client = TwilioClient(ACCOUNT_SID, api_key=API_KEY, api_secret="top-secret-value")
    assert client.account_sid == ACCOUNT_SID
    key = ApiKey(ACCOUNT_SID, API_KEY, "top-secret-value")
    token = AuthToken(ACCOUNT_SID, AUTH_TOKEN)
    for text in (repr(client), repr(key), repr(token), str(key)):
        assert "top-secret-value" not in text
        assert AUTH_TOKEN not in text
    assert key.static_authorization.startswith("Basic ")


def test_from_env_reads_twilio_names() -> None:
    env = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN}
    client = TwilioClient.from_env(env)
    assert client.account_sid == ACCOUNT_SID
    keyed = TwilioClient.from_env(
        {**env, "TWILIO_API_KEY": API_KEY, "TWILIO_API_SECRET": "s", "TWILIO_REGION": "ie1"}
    )
    assert isinstance(keyed._session.credentials, ApiKey)
    assert keyed._session.hosts.base(Product.API) == "https://api.dublin.ie1.twilio.com"
    with pytest.raises(InvalidRequestError, match="TWILIO_ACCOUNT_SID"):
        TwilioClient.from_env({})
    with pytest.raises(InvalidRequestError, match="auth_token"):
        TwilioClient.from_env({"TWILIO_ACCOUNT_SID": ACCOUNT_SID})
    overridden = TwilioClient.from_env(env, timeout=3.0)
    assert overridden.options.timeout == 3.0


def test_hosts_from_region_edge_and_base_url() -> None:
    assert Hosts.build().base(Product.MESSAGING) == "https://messaging.twilio.com"
    assert Hosts.build(region="au1").base(Product.API) == "https://api.sydney.au1.twilio.com"
    assert Hosts.build(edge="sydney").base(Product.API) == "https://api.sydney.us1.twilio.com"
    mapped = Hosts.build(region="ie1", base_url={"pricing": "http://127.0.0.1:9/"})
    assert mapped.base(Product.PRICING) == "http://127.0.0.1:9"
    assert mapped.base(Product.API) == "https://api.dublin.ie1.twilio.com"


def test_with_options_copies_and_shares_the_session() -> None:
    client = TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, timeout=30.0)
    fast = client.with_options(timeout=5.0, max_retries=0)
    assert fast.options.timeout == 5.0
    assert fast.options.retry.max_retries == 0
    assert client.options.timeout == 30.0
    assert client.options.retry.max_retries == 3
    assert fast._session is client._session
    patient = client.with_options(retry=RetryPolicy(max_retries=7, initial_backoff=1.0))
    assert patient.options.retry.max_retries == 7
    with pytest.raises(InvalidRequestError, match="max_retries"):
        client.with_options(max_retries=-1)


async def test_lazy_open_and_close(local_server: LocalServer) -> None:
    url = await serving_message(local_server)
    client = TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url)
    assert "idle" in repr(client)
    assert (await client.messages.fetch(SID)).sid
    assert "open" in repr(client)
    await client.aclose()
    await client.aclose()  # idempotent
    assert client.closed
    with pytest.raises(ClientClosedError, match="closed"):
        await client.messages.fetch(SID)
    with pytest.raises(ClientClosedError):
        async with client:
            pass


async def test_a_copy_of_a_closed_client_is_closed(local_server: LocalServer) -> None:
    url = await serving_message(local_server)
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        copy = client.with_options(timeout=1.0)
        assert (await copy.messages.fetch(SID)).sid
    with pytest.raises(ClientClosedError):
        await copy.messages.fetch(SID)


async def test_a_lent_session_is_used_and_never_closed(local_server: LocalServer) -> None:
    url = await serving_message(local_server)
    async with aiohttp.ClientSession() as http:
        async with TwilioClient(
            ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url, http_session=http
        ) as client:
            assert (await client.messages.fetch(SID)).sid
        assert not http.closed
    async with TwilioClient(
        ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url, http_session=http
    ) as client:
        with pytest.raises(ClientClosedError, match="aiohttp session"):
            await client.messages.fetch(SID)


async def test_a_lent_session_that_raises_for_status_still_gets_twilio_errors(
    local_server: LocalServer,
) -> None:
    hits = 0

    async def missing(request: web.Request) -> web.Response:
        nonlocal hits
        hits += 1
        body = {"code": 20404, "message": "not found", "status": 404}
        return web.json_response(body, status=404)

    local_server.route("GET", ITEM_PATH, missing)
    url = await local_server.start()
    lent = {"auth_token": AUTH_TOKEN, "base_url": url}
    async with (
        aiohttp.ClientSession(raise_for_status=True) as http,
        TwilioClient(ACCOUNT_SID, http_session=http, **lent) as client,
    ):
        with pytest.raises(NotFoundError) as caught:
            await client.messages.fetch(SID)
    assert caught.value.code == 20404
    assert hits == 1  # a plain 404: not mistaken for a transport failure and retried


async def test_unclosed_client_warns_on_garbage_collection(local_server: LocalServer) -> None:
    url = await serving_message(local_server)
    client = TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url)
    await client.messages.fetch(SID)
    http = client._session._http
    assert http is not None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del client
        gc.collect()
    assert any(issubclass(w.category, ResourceWarning) for w in caught)
    assert any("never closed" in str(w.message) for w in caught)
    await http.close()


async def test_unused_client_needs_no_close() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN)
        del client
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
