"""Helpers for the transport tests: a controllable clock and a fault-injecting server."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from twilio_async import TwilioClient

ACCOUNT_SID = "AC" + "a" * 32
AUTH_TOKEN = "auth-token-not-real"
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
MESSAGE_SID = "SM" + "b" * 32
REAL_TIME_LIMIT = 10.0


class FakeClock:
    """Virtual time: ``sleep`` returns when the clock reaches the wake time.

    With ``auto=True`` a driver task advances time to the next wake-up whenever
    ``busy()`` is False (for instance: no request in flight), so work that happens
    "at" a virtual instant finishes before time moves on. With ``auto=False`` only
    :meth:`advance` moves time.
    """

    def __init__(self, *, auto: bool = True, busy: Callable[[], bool] | None = None) -> None:
        self._now = 0.0
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._driver: asyncio.Task[None] | None = None
        self.auto = auto
        self.busy = busy or (lambda: False)
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (self._now + max(0.0, seconds), next(self._seq), future))
        if self.auto and (self._driver is None or self._driver.done()):
            self._driver = asyncio.get_running_loop().create_task(self._drive())
        await future

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds`` and wake every sleeper due by then."""
        self._now += seconds
        self._wake_due()

    @property
    def sleeping(self) -> int:
        return sum(1 for _, _, future in self._heap if not future.done())

    def _wake_due(self) -> None:
        while self._heap and self._heap[0][0] <= self._now:
            _, _, future = heapq.heappop(self._heap)
            if not future.done():
                future.set_result(None)

    async def _drive(self) -> None:
        deadline = time.monotonic() + REAL_TIME_LIMIT
        while self._heap:
            for _ in range(5):
                await asyncio.sleep(0)
            while self.busy() and time.monotonic() < deadline:  # noqa: ASYNC110 (polling)
                await asyncio.sleep(0.001)
            if time.monotonic() >= deadline:
                self._fail_all(TimeoutError("the virtual clock is stuck: requests never finish"))
                return
            while self._heap and self._heap[0][2].done():
                heapq.heappop(self._heap)
            if self._heap:
                self._now = max(self._now, self._heap[0][0])
                self._wake_due()

    def _fail_all(self, error: Exception) -> None:
        while self._heap:
            _, _, future = heapq.heappop(self._heap)
            if not future.done():
                future.set_exception(error)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class FaultServer:
    """A 127.0.0.1 aiohttp.web server whose answers a test scripts with ``handler``.

    It counts requests per (method, path), tracks requests in flight (and the most at
    once), and records each request's arrival time on ``clock`` when one is set.
    """

    def __init__(self, handler: Handler, *, clock: FakeClock | None = None) -> None:
        self.handler = handler
        self.clock = clock
        self.counts: Counter[tuple[str, str]] = Counter()
        self.arrivals: list[tuple[float, str, dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.counts[(request.method, request.path)] += 1
        form = dict(await request.post()) if request.method == "POST" else {}
        now = self.clock.now() if self.clock is not None else time.monotonic()
        self.arrivals.append((now, request.method, {k: str(v) for k, v in form.items()}))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self.handler(request)
        finally:
            self.in_flight -= 1

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        host, bound = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{bound}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@asynccontextmanager
async def serve(handler: Handler, *, clock: FakeClock | None = None) -> AsyncIterator[FaultServer]:
    """A started :class:`FaultServer`, stopped on exit."""
    server = FaultServer(handler, clock=clock)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def client_for(
    server: FaultServer, *, clock: FakeClock | None = None, **kwargs: Any
) -> AsyncIterator[TwilioClient]:
    """A client of ``server`` (auth token credentials unless told otherwise)."""
    if "client_id" not in kwargs and "api_key" not in kwargs:
        kwargs.setdefault("auth_token", AUTH_TOKEN)
    client = TwilioClient(ACCOUNT_SID, base_url=server.url, **kwargs)
    if clock is not None:
        client._session.clock = clock
        if clock.auto:
            limits = client._session.limits

            def busy() -> bool:
                # Requests on the wire; slots held while waiting on the account rate don't count.
                account = limits._account
                pacing = account.waiting if account is not None else 0
                return limits.concurrency.in_flight - pacing > 0 or server.in_flight > 0

            clock.busy = busy
    try:
        yield client
    finally:
        await client.aclose()


def message_json(to: str = "+15558675310", from_: str = "+15017122661") -> dict[str, Any]:
    """A minimal message resource as Twilio returns it."""
    return {
        "sid": MESSAGE_SID,
        "account_sid": ACCOUNT_SID,
        "to": to,
        "from": from_,
        "body": "Hello",
        "status": "queued",
        "num_segments": "1",
        "direction": "outbound-api",
        "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{MESSAGE_SID}.json",
    }


def ok(request: web.Request, status: int = 201) -> web.Response:
    """A message answer echoing the request's To and From."""
    return web.json_response(message_json(), status=status)


def twilio_error(status: int, code: int, message: str, **headers: str) -> web.Response:
    """An error answer in Twilio's legacy JSON shape."""
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return web.json_response(body, status=status, headers=headers)
