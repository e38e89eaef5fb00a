"""The three contenders, each driven the way its users would write it.

- ``raw``: aiohttp by hand, form POST and ``json.loads``, walking ``next_page_uri`` (the floor);
- ``twilio_async``: this project's ``TwilioClient``;
- ``twilio``: the official SDK's async path (``AsyncTwilioHttpClient``, ``create_async``,
  ``stream_async``), pointed at the loopback server through ``client.api.base_url``.

Each adapter is an async context manager with ``create()`` (one message, returns its sid) and
``walk(page_size, after_page, prefetch, limit)`` (iterates a listing, or its first ``limit``
items, touching every item's sid and awaiting ``after_page(count)`` after each full page, which
stands for the caller's own work or hands the CPU to another client; returns the count).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

import aiohttp

AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
TO = "+14155550142"
FROM = "+14155550100"
BODY = "Your code is 482913"

AfterPage = Callable[[int], Awaitable[None]]
"""Awaited with the number of messages seen so far, after each full page of a walk."""


class _Adapter:
    """Shared plumbing: the server URL, the account, and async-context-manager boilerplate."""

    def __init__(self, base_url: str, account_sid: str) -> None:
        self.base_url = base_url
        self.account_sid = account_sid
        self.messages_path = f"/2010-04-01/Accounts/{account_sid}/Messages.json"

    async def open(self) -> None:
        """Build the client; called inside the running loop."""

    async def close(self) -> None:
        """Release the client's connections."""

    async def create(self) -> str:
        """Send one message; return its sid."""
        raise NotImplementedError

    async def walk(
        self,
        page_size: int,
        after_page: AfterPage | None = None,
        prefetch: bool = True,
        limit: int | None = None,
    ) -> int:
        """Iterate the whole listing; return how many messages it held."""
        raise NotImplementedError

    async def __aenter__(self) -> _Adapter:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class RawAiohttp(_Adapter):
    """The floor: one ``aiohttp.ClientSession``, no models, no retries, no limits."""

    session: aiohttp.ClientSession

    async def open(self) -> None:
        credentials = base64.b64encode(f"{self.account_sid}:{AUTH_TOKEN}".encode()).decode()
        self.session = aiohttp.ClientSession(headers={"Authorization": f"Basic {credentials}"})

    async def close(self) -> None:
        await self.session.close()

    async def create(self) -> str:
        form = {"To": TO, "From": FROM, "Body": BODY}
        async with self.session.post(self.base_url + self.messages_path, data=form) as response:
            payload = await response.read()
            if response.status != 201:
                raise RuntimeError(f"create answered {response.status}")
        sid: str = json.loads(payload)["sid"]
        return sid

    async def walk(
        self,
        page_size: int,
        after_page: AfterPage | None = None,
        prefetch: bool = True,
        limit: int | None = None,
    ) -> int:
        count = 0
        url: str | None = f"{self.base_url}{self.messages_path}?PageSize={page_size}"
        while url is not None:
            async with self.session.get(url) as response:
                payload = await response.read()
                if response.status != 200:
                    raise RuntimeError(f"list answered {response.status}")
            page: dict[str, Any] = json.loads(payload)
            for message in page["messages"]:
                _ = message["sid"]
                count += 1
                if count == limit:
                    return count
            next_uri = page["next_page_uri"]
            url = self.base_url + next_uri if next_uri else None
            if after_page is not None and count % page_size == 0:
                await after_page(count)
        return count


class TwilioAsync(_Adapter):
    """This project's client, as its README shows it."""

    async def open(self) -> None:
        from twilio_async import TwilioClient

        self.client = TwilioClient(
            account_sid=self.account_sid, auth_token=AUTH_TOKEN, base_url=self.base_url
        )
        await self.client.__aenter__()

    async def close(self) -> None:
        await self.client.__aexit__(None, None, None)

    async def create(self) -> str:
        message = await self.client.messages.create(to=TO, from_=FROM, body=BODY)
        sid: str = message.sid
        return sid

    async def walk(
        self,
        page_size: int,
        after_page: AfterPage | None = None,
        prefetch: bool = True,
        limit: int | None = None,
    ) -> int:
        count = 0
        pager = self.client.messages.list(page_size=page_size, prefetch=prefetch, limit=limit)
        async for message in pager:
            _ = message.sid
            count += 1
            if after_page is not None and count % page_size == 0:
                await after_page(count)
        return count


class TwilioAsyncStandardJson(TwilioAsync):
    """twilio_async with orjson turned off: the standard ``json`` module reads every answer."""

    async def open(self) -> None:
        os.environ["TWILIO_ASYNC_NO_ORJSON"] = "1"  # read on the first request
        await super().open()


class OfficialTwilio(_Adapter):
    """The official SDK's async client; its API domain is re-pointed at the loopback server."""

    async def open(self) -> None:
        from twilio.http.async_http_client import AsyncTwilioHttpClient
        from twilio.rest import Client

        self.http = AsyncTwilioHttpClient()
        self.client = Client(self.account_sid, AUTH_TOKEN, http_client=self.http)
        self.client.api.base_url = self.base_url
        self.messages = self.client.api.v2010.accounts(self.account_sid).messages

    async def close(self) -> None:
        await self.http.close()

    async def create(self) -> str:
        message = await self.messages.create_async(to=TO, from_=FROM, body=BODY)
        sid: str = message.sid
        return sid

    async def walk(
        self,
        page_size: int,
        after_page: AfterPage | None = None,
        prefetch: bool = True,
        limit: int | None = None,
    ) -> int:
        count = 0
        async for message in await self.messages.stream_async(page_size=page_size, limit=limit):
            _ = message.sid
            count += 1
            if after_page is not None and count % page_size == 0:
                await after_page(count)
        return count


ADAPTERS: dict[str, type[_Adapter]] = {
    "raw": RawAiohttp,
    "twilio_async": TwilioAsync,
    "twilio_async_stdjson": TwilioAsyncStandardJson,
    "twilio": OfficialTwilio,
}
