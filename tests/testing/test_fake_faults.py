"""Fault injection on FakeTwilio: errors, random failures, resets, latency, request log."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from twilio_async.testing import FakeTwilio

TO = "+15558675310"


async def test_fail_next_answers_with_twilio_429_and_retry_after(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    fake.fail_next(2, retry_after=3)
    for _ in range(2):
        async with http.get(f"{acct}.json") as response:
            assert response.status == 429
            assert response.headers["Retry-After"] == "3"
            body = await response.json()
            assert body["code"] == 20429
            assert body["status"] == 429
    async with http.get(f"{acct}.json") as response:
        assert response.status == 200
    assert [r.fault for r in fake.requests] == ["error:429", "error:429", None]


async def test_fail_next_with_5xx_and_custom_code(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    fake.fail_next(status=503, retry_after=None)
    fake.fail_next(status=500, code=12345, retry_after=None)
    async with http.post(
        f"{acct}/Messages.json", data={"To": TO, "From": "+15005550006", "Body": "x"}
    ) as response:
        assert response.status == 503
        assert "Retry-After" not in response.headers
        assert (await response.json())["code"] == 20500
    async with http.get(f"{acct}.json") as response:
        assert response.status == 500
        assert (await response.json())["code"] == 12345
    assert fake._ctx.store.messages == {}


async def test_injected_errors_come_before_authentication(fake: FakeTwilio) -> None:
    fake.fail_next()
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{fake.base_url}/v1/Services") as response,
    ):
        assert response.status == 429


async def test_fail_rate_is_reproducible_with_a_seed(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    async def run() -> list[int]:
        codes = []
        for _ in range(40):
            async with http.get(f"{acct}.json") as response:
                codes.append(response.status)
        return codes

    fake.fail_rate(0.5, status=503, seed=7)
    first = await run()
    fake.fail_rate(0.5, status=503, seed=7)
    second = await run()
    assert first == second
    assert set(first) == {200, 503}
    fake.fail_rate(0)
    assert set(await run()) == {200}


@pytest.mark.parametrize("fraction", [-0.1, 1.5])
def test_fail_rate_rejects_impossible_fractions(fraction: float) -> None:
    with pytest.raises(ValueError, match="fraction"):
        FakeTwilio().fail_rate(fraction)


async def test_reset_on_connect_drops_the_request_unprocessed(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    fake.reset_next(after="connect")
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await http.post(
            f"{acct}/Messages.json", data={"To": TO, "From": "+15005550006", "Body": "x"}
        )
    assert fake._ctx.store.messages == {}
    assert fake.requests[-1].fault == "reset:connect"
    assert fake.requests[-1].form_value("Body") == "x"


async def post_and_read(
    http: aiohttp.ClientSession, url: str, form: dict[str, str]
) -> tuple[int, bytes]:
    async with http.post(url, data={**form, "Body": "x"}) as response:
        return response.status, await response.read()


@pytest.mark.parametrize("after", ["headers", "body"])
async def test_reset_after_response_started_means_the_request_was_processed(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str, after: str
) -> None:
    fake.reset_next(after=after)  # type: ignore[arg-type]
    with pytest.raises(aiohttp.ClientPayloadError):
        await post_and_read(http, f"{acct}/Messages.json", {"To": TO, "From": "+15005550006"})
    assert len(fake._ctx.store.messages) == 1
    async with http.get(f"{acct}.json") as response:
        assert response.status == 200


def test_reset_next_rejects_unknown_points() -> None:
    with pytest.raises(ValueError, match="after"):
        FakeTwilio().reset_next(after="later")  # type: ignore[arg-type]


async def test_clear_faults_forgets_plans(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    fake.fail_next(3)
    fake.reset_next(2)
    fake.fail_rate(1.0)
    fake.clear_faults()
    async with http.get(f"{acct}.json") as response:
        assert response.status == 200


async def test_latency_delays_and_max_in_flight_counts_concurrency(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    assert fake.max_in_flight == 0
    async with http.get(f"{acct}.json") as response:
        assert response.status == 200
    assert fake.max_in_flight == 1
    fake.latency = 0.2
    gate = asyncio.Event()

    async def one() -> int:
        await gate.wait()
        async with http.get(f"{acct}.json") as response:
            return response.status

    tasks = [asyncio.create_task(one()) for _ in range(5)]
    gate.set()
    assert await asyncio.wait_for(asyncio.gather(*tasks), timeout=10) == [200] * 5
    assert fake.max_in_flight == 5
    assert fake.in_flight == 0
    with pytest.raises(ValueError, match="latency"):
        fake.latency = -1


async def test_requests_are_recorded_without_authorization(
    fake: FakeTwilio, http: aiohttp.ClientSession, acct: str
) -> None:
    form = [
        ("To", TO),
        ("From", "+15005550006"),
        ("MediaUrl", "https://a.example/1.png"),
        ("MediaUrl", "https://a.example/2.png"),
    ]
    async with http.post(f"{acct}/Messages.json", data=form, headers={"X-Test": "yes"}) as response:
        assert response.status == 201
    async with http.get(f"{acct}/Messages.json?To=%2B15558675310&PageSize=5") as response:
        assert response.status == 200
    async with (
        aiohttp.ClientSession() as anonymous,
        anonymous.get(f"{fake.base_url}{acct}.json") as response,
    ):
        assert response.status == 401
    posted, listed, rejected = fake.requests
    assert posted.method == "POST"
    assert posted.path == f"{acct}/Messages.json"
    assert posted.form == tuple(form)
    assert posted.headers["X-Test"] == "yes"
    assert all(name.lower() != "authorization" for name in posted.headers)
    assert listed.query == (("To", TO), ("PageSize", "5"))
    assert rejected.path == f"{acct}.json"
    assert fake.auth_token not in repr(fake.requests)
