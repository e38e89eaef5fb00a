"""Everything a request handler needs, shared through the aiohttp application."""

from __future__ import annotations

import asyncio
from datetime import datetime

import attrs
from aiohttp import web

from twilio_async.testing._auth import Credentials
from twilio_async.testing._errors import not_found
from twilio_async.testing._faults import FaultPlan, RecordedRequest
from twilio_async.testing._lifecycle import Timeline
from twilio_async.testing._state import Store
from twilio_async.testing._webhooks import WebhookSender


@attrs.define(slots=True)
class Context:
    """The fake's shared state: store, credentials, faults, timeline, request log."""

    store: Store
    credentials: Credentials
    sender: WebhookSender
    timeline: Timeline
    faults: FaultPlan
    created: datetime
    friendly_name: str = "FakeTwilio account"
    token_ttl: float = 3600.0
    latency: float = 0.0
    requests: list[RecordedRequest] = attrs.Factory(list)
    in_flight: int = 0
    max_in_flight: int = 0

    @property
    def account_sid(self) -> str:
        """The fake account's SID."""
        return self.credentials.account_sid

    @staticmethod
    def now() -> float:
        """The running loop's clock."""
        return asyncio.get_running_loop().time()


CONTEXT: web.AppKey[Context] = web.AppKey("twilio_fake_context", Context)


def context(request: web.Request) -> Context:
    """The shared context of the application serving ``request``."""
    return request.app[CONTEXT]


def base_url(request: web.Request) -> str:
    """Scheme, host and port the request was sent to (for absolute v1 URLs)."""
    return str(request.url.origin())


def check_account(request: web.Request) -> Context:
    """The context, after checking the path's account SID is the fake's own."""
    ctx = context(request)
    if request.match_info.get("account") != ctx.account_sid:
        raise not_found(request.path)
    return ctx


async def form_of(request: web.Request) -> list[tuple[str, str]]:
    """The request's urlencoded form as ordered pairs (repeated keys kept)."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return []
    if request.content_type != "application/x-www-form-urlencoded":
        return []
    posted = await request.post()
    return [(key, value) for key, value in posted.items() if isinstance(value, str)]


def first(pairs: list[tuple[str, str]], name: str) -> str | None:
    """The first value of ``name`` in ``pairs``, or ``None``."""
    return next((value for key, value in pairs if key == name), None)


def every(pairs: list[tuple[str, str]], name: str) -> list[str]:
    """Every value of ``name`` in ``pairs``, in order."""
    return [value for key, value in pairs if key == name]
