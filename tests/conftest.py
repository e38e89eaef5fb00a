"""Shared test helpers: a 127.0.0.1 aiohttp server and Twilio fixtures."""

from __future__ import annotations

import inspect
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse, web

from twilio_async.testing.plugin import twilio_fake  # noqa: F401  (also when not installed)

ACCOUNT_SID = "AC" + "a" * 32
AUTH_TOKEN = "s3cr3t-auth-token-value"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "twilio-python"


class _NoStreamWriter:
    """Stands in for the request writer aiohttp 3.14's ClientResponse wants."""

    output_size = 0


def _make_aioresponses_fit_aiohttp() -> None:
    """aioresponses 0.7.9 builds ClientResponse without aiohttp 3.14's ``stream_writer``."""
    if "stream_writer" not in inspect.signature(ClientResponse.__init__).parameters:
        return
    import aioresponses.core

    class _Response(ClientResponse):
        def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
            kwargs.setdefault("stream_writer", _NoStreamWriter())
            super().__init__(method, url, **kwargs)

    aioresponses.core.ClientResponse = _Response  # type: ignore[misc]


_make_aioresponses_fit_aiohttp()


def load_fixture(name: str) -> Any:
    """A real Twilio payload from the shared fixtures (skips where they are absent)."""
    path = FIXTURES / f"{name}.json"
    if not path.exists():
        pytest.skip(f"shared fixture {name} not available")
    return json.loads(path.read_text())


class LocalServer:
    """An aiohttp.web server on 127.0.0.1 whose routes a test defines."""

    def __init__(self) -> None:
        self.app = web.Application()
        self.runner: web.AppRunner | None = None
        self.url = ""

    def route(self, method: str, path: str, handler: Callable[..., Any]) -> None:
        self.app.router.add_route(method, path, handler)

    async def start(self) -> str:
        self.runner = web.AppRunner(self.app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


@pytest.fixture
async def local_server() -> AsyncIterator[LocalServer]:
    server = LocalServer()
    yield server
    await server.stop()
