"""Walking paged listings against a real 127.0.0.1 server."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp import web

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, LocalServer
from twilio_async import Message, PaginationError, TwilioClient

LIST_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


def message(number: int) -> dict[str, Any]:
    return {
        "sid": f"SM{number:032x}",
        "account_sid": ACCOUNT_SID,
        "body": f"message {number}",
        "status": "delivered",
        "date_sent": "Fri, 24 May 2019 17:18:27 +0000",
        "num_segments": "1",
    }


class PagedMessages:
    """Serves ``total`` messages in 2010-style pages and records each request."""

    def __init__(
        self,
        total: int,
        *,
        delay: float = 0.0,
        loop_back: bool = False,
        hold_from_page: int | None = None,
    ) -> None:
        self.total = total
        self.delay = delay
        self.hold_from_page = hold_from_page  # these pages wait for ``release`` (at most 5 s)
        self.release = asyncio.Event()
        self.loop_back = loop_back
        self.requests: list[dict[str, str]] = []
        self.in_flight = 0
        self.cancelled = 0

    async def handle(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.requests.append(query)
        size = int(query["PageSize"])
        page = int(query.get("Page", "0"))
        self.in_flight += 1
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.hold_from_page is not None and page >= self.hold_from_page:
                await asyncio.wait_for(self.release.wait(), 5)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1
        start = page * size
        items = [message(n) for n in range(start, min(start + size, self.total))]
        more = start + size < self.total
        next_page = page if self.loop_back else page + 1
        next_uri = f"{LIST_PATH}?PageSize={size}&Page={next_page}" if more else None
        body = {"messages": items, "page": page, "page_size": size, "next_page_uri": next_uri}
        return web.json_response(body)


def page_fetches() -> list[asyncio.Task[object]]:
    """The client's page-fetch tasks still alive (the server's own tasks are not counted)."""
    return [
        task
        for task in asyncio.all_tasks()
        if getattr(task.get_coro(), "__qualname__", "").endswith("_pager.<locals>.fetch")
        and not task.done()
    ]


async def serve(local_server: LocalServer, pages: PagedMessages) -> TwilioClient:
    local_server.route("GET", LIST_PATH, pages.handle)
    url = await local_server.start()
    return TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url)


async def test_walks_every_page_in_order(local_server: LocalServer) -> None:
    pages = PagedMessages(total=25)
    async with await serve(local_server, pages) as client:
        seen = [m.body async for m in client.messages.list(page_size=10)]
    assert seen == [f"message {n}" for n in range(25)]
    assert [r.get("Page", "0") for r in pages.requests] == ["0", "1", "2"]
    assert all(r["PageSize"] == "10" for r in pages.requests)


async def test_limit_stops_mid_page_and_sizes_the_request(local_server: LocalServer) -> None:
    pages = PagedMessages(total=100)
    async with await serve(local_server, pages) as client:
        seen = await client.messages.list(page_size=10, limit=23).collect()
        assert len(seen) == 23
        assert all(isinstance(m, Message) for m in seen)
        assert len(pages.requests) == 3
        small = await client.messages.list(limit=5).collect()
    assert len(small) == 5
    assert pages.requests[-1]["PageSize"] == "5"


async def test_pages_iteration_and_resume(local_server: LocalServer) -> None:
    pages = PagedMessages(total=30)
    async with await serve(local_server, pages) as client:
        pager = client.messages.list(page_size=10, prefetch=False)
        walk = pager.pages()
        first = await walk.__anext__()
        await walk.aclose()
        assert [m.body for m in first.items] == [f"message {n}" for n in range(10)]
        assert first.next_page_url is not None
        assert first.next_page_url.startswith(local_server.url)
        rest = await pager.resume(first.next_page_url).collect()
    assert [m.body for m in rest] == [f"message {n}" for n in range(10, 30)]


async def test_first_and_empty_listing(local_server: LocalServer) -> None:
    pages = PagedMessages(total=0)
    async with await serve(local_server, pages) as client:
        assert await client.messages.list().first() is None
        assert await client.messages.list().collect() == []
    assert pages.requests[0]["PageSize"] == "1"


async def wait_until(condition: Callable[[], bool]) -> None:
    """Yield to the loop until ``condition()`` holds, for at most about 2 s."""
    for _ in range(200):
        if condition():
            return
        await asyncio.sleep(0.01)


async def test_break_cancels_the_prefetch_without_stray_tasks(local_server: LocalServer) -> None:
    pages = PagedMessages(total=50, hold_from_page=1)  # page 2 is never answered unless cut
    try:
        async with await serve(local_server, pages) as client:
            async for _ in client.messages.list(page_size=10):
                assert len(page_fetches()) == 1  # the prefetch of page 2 is under way
                break
            gc.collect()
            await wait_until(lambda: not page_fetches())
            assert page_fetches() == []
            assert len(pages.requests) <= 2  # page 1, perhaps the start of page 2
            await wait_until(lambda: pages.in_flight == 0)
            assert pages.in_flight == 0
    finally:
        pages.release.set()


async def test_prefetch_overlaps_the_next_page_with_consumer_work(
    local_server: LocalServer,
) -> None:
    pages = PagedMessages(total=30, delay=0.05)
    async with await serve(local_server, pages) as client:
        walk = client.messages.list(page_size=10).pages()
        await walk.__anext__()
        await wait_until(lambda: len(pages.requests) == 2)
        assert len(pages.requests) == 2  # page 2 was asked for while page 1 is consumed
        remaining = [page async for page in walk]
    assert len(remaining) == 2
    assert len(pages.requests) == 3


async def test_aclose_of_item_iterator_cancels_prefetch(local_server: LocalServer) -> None:
    pages = PagedMessages(total=50, hold_from_page=1)  # page 2 is never answered unless cut
    try:
        async with await serve(local_server, pages) as client:
            iterator = aiter(client.messages.list(page_size=10))
            await anext(iterator)
            # aclose waits for the prefetch: only a cancelled one ends before the release
            await asyncio.wait_for(iterator.aclose(), 2)  # type: ignore[attr-defined]
            assert page_fetches() == []
            with pytest.raises(StopAsyncIteration):
                await anext(iterator)
    finally:
        pages.release.set()


async def test_repeated_next_link_raises(local_server: LocalServer) -> None:
    pages = PagedMessages(total=100, loop_back=True)
    async with await serve(local_server, pages) as client:
        seen = 0
        with pytest.raises(PaginationError, match="same next-page link"):
            async for _ in client.messages.list(page_size=10):
                seen += 1
                assert seen <= 40
    assert seen == 10  # the repeated page's items are not yielded again
    assert len(pages.requests) == 2


async def test_failure_of_a_page_propagates_and_ends_the_walk(local_server: LocalServer) -> None:
    calls = 0

    async def flaky(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        if request.query.get("Page") == "1":
            return web.json_response({"code": 20404, "message": "gone", "status": 404}, status=404)
        uri = f"{LIST_PATH}?PageSize=2&Page=1"
        return web.json_response({"messages": [message(1), message(2)], "next_page_uri": uri})

    local_server.route("GET", LIST_PATH, flaky)
    url = await local_server.start()
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        walk = client.messages.list(page_size=2)
        seen = []
        from twilio_async import NotFoundError

        with pytest.raises(NotFoundError):
            async for m in walk:
                seen.append(m.sid)
    assert len(seen) == 2
    assert calls == 2


async def test_v1_meta_pages_and_host_rewrite(local_server: LocalServer) -> None:
    from twilio_async._http.hosts import Product
    from twilio_async.resources._base import Service

    path = "/v1/Services"

    async def services(request: web.Request) -> web.Response:
        page = int(request.query.get("Page", "0"))
        link = None
        if page < 2:
            # Twilio's links name its own host; the client must stay on the configured one.
            link = f"https://messaging.twilio.com/v1/Services?PageSize=1&Page={page + 1}"
        return web.json_response(
            {"services": [message(page)], "meta": {"next_page_url": link, "page": page}}
        )

    local_server.route("GET", path, services)
    url = await local_server.start()
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        pager = Service(client)._pager(
            Message, Product.MESSAGING, path, "services", params=(), limit=None, page_size=1
        )
        items = await pager.collect()
    assert [m.body for m in items] == ["message 0", "message 1", "message 2"]


async def test_malformed_page_raises(local_server: LocalServer) -> None:
    from twilio_async import MalformedResponseError

    async def broken(request: web.Request) -> web.Response:
        return web.json_response({"unexpected": []})

    local_server.route("GET", LIST_PATH, broken)
    url = await local_server.start()
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        with pytest.raises(MalformedResponseError, match="messages"):
            await client.messages.list().collect()


async def test_aclose_while_a_page_is_on_its_way_stops_the_walk() -> None:
    from twilio_async.pagination import Page, Pager

    asked: list[str | None] = []
    cancelled: list[str | None] = []

    async def fetch(url: str | None, size: int) -> Any:
        asked.append(url)
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(url)
            raise
        return {"items": [1], "next": "page-2"}

    def parse(payload: Any) -> Page[int]:
        return Page(payload["items"], payload["next"])

    walk = Pager(fetch, parse).pages()
    consumer = asyncio.ensure_future(walk.__anext__())
    for _ in range(5):
        await asyncio.sleep(0)
    assert asked == [None]
    await asyncio.wait_for(walk.aclose(), 5)  # another task closes the walk mid-fetch
    assert cancelled == [None]
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(consumer, 5)
    for _ in range(5):
        await asyncio.sleep(0)
    assert asked == [None]  # nothing fetched after the close


async def test_a_page_arriving_after_aclose_starts_no_prefetch() -> None:
    from twilio_async.pagination import Page, Pager

    asked: list[str | None] = []
    arrived = asyncio.Event()

    async def fetch(url: str | None, size: int) -> Any:
        asked.append(url)
        await arrived.wait()
        return {"items": [1], "next": f"page-{len(asked) + 1}"}

    def parse(payload: Any) -> Page[int]:
        return Page(payload["items"], payload["next"])

    walk = Pager(fetch, parse).pages()
    consumer = asyncio.ensure_future(walk.__anext__())
    await asyncio.sleep(0)
    arrived.set()
    await asyncio.sleep(0)  # the page is answered ...
    await walk.aclose()  # ... and the walk closed before the consumer resumes
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(consumer, 5)
    for _ in range(5):
        await asyncio.sleep(0)
    assert asked == [None]
    assert walk._pending is None


async def test_a_cancelled_consumer_is_cancelled_and_so_is_its_page() -> None:
    from twilio_async.pagination import Page, Pager

    cancelled: list[str | None] = []

    async def fetch(url: str | None, size: int) -> Any:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(url)
            raise
        return {}

    def parse(payload: Any) -> Page[int]:
        raise AssertionError("no page arrives")

    walk = Pager(fetch, parse).pages()
    consumer = asyncio.ensure_future(walk.__anext__())
    for _ in range(5):
        await asyncio.sleep(0)
    consumer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(consumer, 5)
    for _ in range(5):
        await asyncio.sleep(0)
    assert cancelled == [None]
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(walk.__anext__(), 5)
