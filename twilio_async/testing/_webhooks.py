"""Outgoing webhooks: signed form POSTs (or GETs) to the user's URLs."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import attrs

from twilio_async.testing._signing import signature

if TYPE_CHECKING:
    import aiohttp

WEBHOOK_TIMEOUT = 10.0


@attrs.frozen(slots=True)
class WebhookDelivery:
    """One webhook the fake sent and what came back."""

    url: str
    method: str
    params: tuple[tuple[str, str], ...]
    signature: str
    status: int | None
    response_body: str | None = None
    error: str | None = None

    def param(self, name: str) -> str | None:
        """The first value of form field ``name``, or ``None``."""
        return next((value for key, value in self.params if key == name), None)


@attrs.define(slots=True)
class WebhookSender:
    """Signs and sends webhooks over one lazily opened client session."""

    auth_token: str = attrs.field(repr=False)
    deliveries: list[WebhookDelivery] = attrs.Factory(list)
    _session: aiohttp.ClientSession | None = None

    async def send(
        self, url: str, params: Sequence[tuple[str, str]], method: str = "POST"
    ) -> WebhookDelivery:
        """Deliver one webhook; failures are recorded, never raised."""
        import aiohttp

        pairs = tuple(params)
        if method.upper() == "GET":
            joiner = "&" if "?" in url else "?"
            target = f"{url}{joiner}{urlencode(pairs)}" if pairs else url
            signed, body = signature(self.auth_token, target), None
        else:
            target = url
            signed, body = signature(self.auth_token, url, pairs), urlencode(pairs)
        headers = {"X-Twilio-Signature": signed, "User-Agent": "TwilioProxy/1.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT)
            )
        try:
            async with self._session.request(
                method.upper(), target, data=body, headers=headers
            ) as response:
                text = await response.text()
                delivery = WebhookDelivery(
                    url, method.upper(), pairs, signed, response.status, text
                )
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            delivery = WebhookDelivery(
                url, method.upper(), pairs, signed, None, error=f"{type(exc).__name__}: {exc}"
            )
        self.deliveries.append(delivery)
        return delivery

    async def close(self) -> None:
        """Close the client session, if one was opened."""
        if self._session is not None:
            await self._session.close()
            self._session = None
