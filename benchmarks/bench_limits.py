"""The transport's limits: cost of one admission, and how a 429 storm is absorbed.

Run from the repository root: ``python benchmarks/bench_limits.py``. The first figures are
the wall time of one ``Limits.acquire`` + ``release`` + ``succeeded`` in microseconds (median
of the repeats). The storm sends creates to a 127.0.0.1 server that answers 429 whenever more
than a few requests are in flight, and counts requests, 429s and duplicates.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twilio_async import RateLimits, RetryPolicy, TwilioClient
from twilio_async._http.limits import Limits

ACCOUNT_SID = "AC" + "a" * 32
SENDER = "+15017122661"
REPEATS = 15
ADMISSIONS = 20_000
STORM_CREATES = 500
SERVER_CAPACITY = 6

CONFIGS = {
    "slots only": RateLimits(),
    "slots + account rate + sender pace": RateLimits(
        requests_per_second=1e9, sender_rate={SENDER: 1e9}
    ),
}


async def admission_us(config: RateLimits) -> float:
    """Median microseconds of one admission with ``config`` (never waiting)."""
    limits = Limits(config)
    runs = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for _ in range(ADMISSIONS):
            await limits.acquire(SENDER, 1)
            limits.release()
            limits.succeeded()
        runs.append((time.perf_counter() - started) / ADMISSIONS * 1e6)
    return statistics.median(runs)


async def storm(adaptive: bool) -> str:
    """Creates against a server with little capacity: requests, 429s, duplicates."""
    sent: Counter[str] = Counter()
    in_flight = 0
    requests = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal in_flight, requests
        requests += 1
        form = await request.post()
        if in_flight >= SERVER_CAPACITY:
            return web.json_response({"code": 20429, "message": "Too Many Requests"}, status=429)
        in_flight += 1
        try:
            await asyncio.sleep(0.002)
            sent[str(form["To"])] += 1
            return web.json_response({"sid": "SM" + "b" * 32}, status=201)
        finally:
            in_flight -= 1

    app = web.Application()
    app.router.add_post("/{tail:.*}", handler)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    policy = RetryPolicy(max_retries=12, initial_backoff=0.002, max_backoff=0.05)
    client = TwilioClient(
        ACCOUNT_SID,
        auth_token="t",
        base_url=f"http://{host}:{port}",
        retry=policy,
        limits=RateLimits(adaptive=adaptive),
    )
    try:
        started = time.perf_counter()
        outcomes = await asyncio.gather(
            *(
                client.messages.create(to=f"+1555{i:07d}", from_=SENDER, body="x")
                for i in range(STORM_CREATES)
            ),
            return_exceptions=True,
        )
        elapsed = time.perf_counter() - started
        window = client._session.limits.concurrency.limit
    finally:
        await client.aclose()
        await runner.cleanup()
    duplicates = sum(count - 1 for count in sent.values())
    gave_up = sum(isinstance(outcome, BaseException) for outcome in outcomes)
    return (
        f"adaptive={adaptive}: {STORM_CREATES} creates, server capacity {SERVER_CAPACITY}: "
        f"{requests} requests, "
        f"{requests - len(sent)} answered 429, {gave_up} gave up, {duplicates} duplicates, "
        f"window {window:.1f} of 100, {elapsed:.2f} s"
    )


async def main() -> None:
    for name, config in CONFIGS.items():
        print(f"{name}: {await admission_us(config):.2f} us per admission")
    for adaptive in (True, False):
        print(await storm(adaptive))


if __name__ == "__main__":
    asyncio.run(main())
