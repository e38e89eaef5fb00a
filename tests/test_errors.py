"""Each error path ends in the right exception, with the fields a caller needs."""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any

import pytest
from aiohttp import web

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, LocalServer, load_fixture
from twilio_async import (
    AmbiguousRequestError,
    AuthenticationError,
    BadRequestError,
    MalformedResponseError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TransportError,
    TwilioAPIError,
    TwilioClient,
)
from twilio_async._http.responses import parse_retry_after

SID = "SM" + "1" * 32
ITEM_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{SID}.json"
LIST_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


async def answering(
    local_server: LocalServer, status: int, body: Any, **kwargs: Any
) -> TwilioClient:
    async def handler(request: web.Request) -> web.StreamResponse:
        if isinstance(body, (dict, list)):
            return web.json_response(body, status=status, headers=kwargs.get("headers"))
        return web.Response(
            body=body,
            status=status,
            content_type=kwargs.get("content_type", "text/html"),
            headers=kwargs.get("headers"),
        )

    local_server.route("*", ITEM_PATH, handler)
    local_server.route("*", LIST_PATH, handler)
    url = await local_server.start()
    return TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url, max_retries=0)


async def test_400_with_twilio_code(local_server: LocalServer) -> None:
    body = {
        "code": 21211,
        "message": "The 'To' number +1555 is not a valid phone number.",
        "more_info": "https://www.twilio.com/docs/errors/21211",
        "status": 400,
    }
    async with await answering(local_server, 400, body) as client:
        with pytest.raises(BadRequestError) as info:
            await client.messages.create(to="+1555", from_="+15017122661", body="hi")
    error = info.value
    assert (error.status, error.code) == (400, 21211)
    assert error.more_info == "https://www.twilio.com/docs/errors/21211"
    assert error.method == "POST"
    assert error.url.endswith(LIST_PATH)
    assert "21211" in str(error)
    assert "\n" not in str(error)
    assert error.headers["Content-Type"].startswith("application/json")


async def test_legacy_error_with_details(local_server: LocalServer) -> None:
    async with await answering(local_server, 400, load_fixture("error_legacy_400")) as client:
        with pytest.raises(BadRequestError) as info:
            await client.messages.fetch(SID)
    assert info.value.code == 20001
    assert info.value.details == {"foo": "bar"}


async def test_rfc9457_problem_json(local_server: LocalServer) -> None:
    problem = load_fixture("error_rfc9457_400")
    async with await answering(local_server, 400, problem) as client:
        with pytest.raises(BadRequestError) as info:
            await client.messages.fetch(SID)
    assert info.value.code == 20001
    assert info.value.message == problem["detail"]
    assert info.value.more_info == problem["type"]


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [(401, 20003, AuthenticationError), (404, 20404, NotFoundError), (429, 20429, RateLimitError)],
)
async def test_status_classes(
    local_server: LocalServer, status: int, code: int, cls: type[TwilioAPIError]
) -> None:
    body = {"code": code, "message": "nope", "status": status}
    async with await answering(local_server, status, body, headers={"Retry-After": "7"}) as client:
        with pytest.raises(cls) as info:
            await client.messages.fetch(SID)
    assert info.value.code == code
    if isinstance(info.value, RateLimitError):
        assert info.value.retry_after == 7.0


async def test_html_502_from_a_proxy(local_server: LocalServer) -> None:
    html = b"<html><body><h1>502 Bad Gateway</h1>" + b"x" * 500 + b"</body></html>"
    async with await answering(local_server, 502, html) as client:
        with pytest.raises(ServerError) as info:
            await client.messages.fetch(SID)
    assert info.value.status == 502
    assert info.value.code is None
    assert "502 Bad Gateway" in info.value.message
    assert len(info.value.message) < 300


async def test_500_on_a_post_is_ambiguous_and_names_the_form(local_server: LocalServer) -> None:
    async with await answering(local_server, 500, b"oops") as client:
        with pytest.raises(AmbiguousRequestError) as info:
            await client.messages.create(to="+15558675310", from_="+15017122661", body="hi")
    error = info.value
    assert error.status == 500
    assert ("Body", "hi") in error.form
    assert "may have been processed" in str(error)
    assert isinstance(error.__cause__, ServerError)


async def test_invalid_json_on_success(local_server: LocalServer) -> None:
    async with await answering(
        local_server, 200, b"{not json", content_type="application/json"
    ) as client:
        with pytest.raises(MalformedResponseError) as info:
            await client.messages.fetch(SID)
    assert info.value.status == 200


async def test_json_of_the_wrong_shape(local_server: LocalServer) -> None:
    async with await answering(local_server, 200, ["not", "an", "object"]) as client:
        with pytest.raises(MalformedResponseError, match="Message"):
            await client.messages.fetch(SID)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_connection_refused() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    async with TwilioClient(
        ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url, max_retries=0
    ) as client:
        with pytest.raises(TransportError, match="could not connect") as info:
            await client.messages.fetch(SID)
    assert not isinstance(info.value, AmbiguousRequestError)


async def test_timeout_on_get_and_on_post(local_server: LocalServer) -> None:
    release = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        # Answers only once the test is done, so server shutdown never waits long.
        await asyncio.wait_for(release.wait(), 5)
        return web.json_response({})

    local_server.route("*", ITEM_PATH, slow)
    local_server.route("*", LIST_PATH, slow)
    url = await local_server.start()
    try:
        async with TwilioClient(
            ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url, max_retries=0, timeout=0.1
        ) as client:
            with pytest.raises(TransportError, match="timed out") as info:
                await client.messages.fetch(SID)
            assert not isinstance(info.value, AmbiguousRequestError)
            with pytest.raises(AmbiguousRequestError, match="timed out"):
                await client.messages.create(to="+15558675310", from_="+15017122661", body="hi")
    finally:
        release.set()


async def test_secrets_stay_out_of_errors_reprs_and_debug_logs(
    local_server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="twilio_async")
    body = {"code": 20003, "message": "Authenticate", "status": 401}
    client = await answering(local_server, 401, body)
    async with client:
        with pytest.raises(AuthenticationError) as info:
            await client.messages.fetch(SID)
    texts = [str(info.value), repr(info.value), repr(client), caplog.text]
    texts.append(str(info.value.headers))
    assert any(SID in text for text in texts)
    assert "401" in caplog.text
    for text in texts:
        assert AUTH_TOKEN not in text
        assert "Basic " not in text


def test_retry_after_parsing() -> None:
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after(" 0.5 ") == 0.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0


async def test_a_delete_whose_answer_was_lost_succeeds_on_the_retried_404(
    local_server: LocalServer,
) -> None:
    deletes = 0

    async def delete(request: web.Request) -> web.Response:
        nonlocal deletes
        deletes += 1
        if deletes == 1:  # deleted, but the answer is lost behind a failing proxy
            return web.Response(status=502, text="bad gateway")
        body = {"code": 20404, "message": "not found", "status": 404}
        return web.json_response(body, status=404)

    local_server.route("DELETE", ITEM_PATH, delete)
    url = await local_server.start()
    policy = RetryPolicy(max_retries=2, initial_backoff=0.001, max_backoff=0.001)
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url, retry=policy) as c:
        assert await c.messages.delete(SID) is None
        assert deletes == 2
        with pytest.raises(NotFoundError):  # a first-attempt 404 is still an error
            await c.messages.delete(SID)
    assert deletes == 3
