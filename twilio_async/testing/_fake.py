"""FakeTwilio: a local HTTP server that behaves like Twilio's messaging APIs."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from aiohttp import web

from twilio_async.testing._auth import Credentials, new_sid
from twilio_async.testing._context import Context
from twilio_async.testing._faults import (
    RESET_POINTS,
    ErrorFault,
    FaultPlan,
    RecordedRequest,
    ResetPoint,
    default_code,
)
from twilio_async.testing._lifecycle import Outcome, Timeline, outcome_map
from twilio_async.testing._records import NumberRecord, ServiceRecord
from twilio_async.testing._render import message_json
from twilio_async.testing._server import build_app
from twilio_async.testing._signing import signature
from twilio_async.testing._state import Store, utc_now
from twilio_async.testing._webhooks import WebhookDelivery, WebhookSender

if TYPE_CHECKING:
    from twilio_async import TwilioClient  # type: ignore[attr-defined,unused-ignore]

DEFAULT_STEP = 0.05
DEFAULT_NUMBER = "+14155551000"
SHUTDOWN_GRACE = 1.0
"""Seconds :meth:`FakeTwilio.stop` lets in-flight requests finish before cutting them."""


class FakeTwilio:
    """An in-memory Twilio on ``127.0.0.1``: messages, media, services, numbers,
    account and messaging prices, with webhooks, status timeline and fault injection.

    Use ``async with FakeTwilio() as fake:`` (or ``await fake.start()`` and
    ``await fake.stop()``); point a client at :attr:`base_url`.
    """

    def __init__(
        self,
        *,
        account_sid: str | None = None,
        auth_token: str | None = None,
        port: int = 0,
        status_step: float | None = DEFAULT_STEP,
        outcomes: Mapping[str, tuple[str, int]] | None = None,
        token_ttl: float = 3600.0,
        phone_number: str | None = DEFAULT_NUMBER,
    ) -> None:
        """Configure the fake; nothing listens until :meth:`start`.

        ``status_step`` is the delay between status transitions (``0``/``None``:
        messages stay ``queued``). ``outcomes`` maps destination numbers to
        ``("failed" | "undelivered", error_code)``. ``phone_number`` is bought at
        construction so it can be used as ``From`` straight away.
        """
        self._port = port
        credentials = Credentials(
            account_sid=account_sid or new_sid("AC"), auth_token=auth_token or secrets.token_hex(16)
        )
        store = Store()
        sender = WebhookSender(auth_token=credentials.auth_token)
        self._ctx = Context(
            store=store,
            credentials=credentials,
            sender=sender,
            timeline=Timeline(
                store=store,
                sender=sender,
                account_sid=credentials.account_sid,
                step=status_step,
                outcomes=outcome_map(outcomes),
            ),
            faults=FaultPlan(),
            created=utc_now(),
            token_ttl=token_ttl,
        )
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self.phone_number = self.add_number(phone_number).phone_number if phone_number else None

    def __repr__(self) -> str:
        state = self._base_url or "stopped"
        return f"<FakeTwilio {self.account_sid} {state}>"

    # lifecycle ------------------------------------------------------------------

    async def start(self) -> FakeTwilio:
        """Start listening on 127.0.0.1 (port 0 picks a free one)."""
        if self._runner is not None:
            raise RuntimeError("FakeTwilio is already started")
        runner = web.AppRunner(
            build_app(self._ctx),
            handle_signals=False,
            access_log=None,
            shutdown_timeout=SHUTDOWN_GRACE,
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", self._port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        port = runner.addresses[0][1]
        self._base_url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        """Cancel the status timeline, close webhook connections, stop listening."""
        await self._ctx.timeline.stop()
        await self._ctx.sender.close()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> FakeTwilio:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # identity -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: serves the api, messaging, pricing and OAuth paths."""
        if self._base_url is None:
            raise RuntimeError("FakeTwilio is not started")
        return self._base_url

    @property
    def account_sid(self) -> str:
        """The fake account's SID (``AC`` + 32 hex digits)."""
        return self._ctx.account_sid

    @property
    def auth_token(self) -> str:
        """The fake account's auth token."""
        return self._ctx.credentials.auth_token

    def client(self, **options: Any) -> TwilioClient:
        """A :class:`twilio_async.TwilioClient` pointed at this fake."""
        from twilio_async import TwilioClient  # type: ignore[attr-defined,unused-ignore]

        return TwilioClient(
            account_sid=self.account_sid,
            auth_token=self.auth_token,
            base_url=self.base_url,
            **options,
        )

    def add_api_key(self) -> tuple[str, str]:
        """Register an API key the fake accepts; returns ``(SK… sid, secret)``."""
        return self._ctx.credentials.add_api_key()

    def add_oauth_client(self) -> tuple[str, str]:
        """Register an OAuth client for ``POST /v2/token``; returns ``(id, secret)``."""
        return self._ctx.credentials.add_oauth_client()

    def expire_tokens(self) -> None:
        """Invalidate every OAuth access token issued so far."""
        self._ctx.credentials.expire_tokens()

    def sign(self, url: str, params: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> str:
        """The X-Twilio-Signature Twilio would send for ``url`` and form ``params``."""
        return signature(self.auth_token, url, params)

    # observation and faults -------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, including failed and injected ones."""
        return self._ctx.requests

    @property
    def webhooks(self) -> list[WebhookDelivery]:
        """Every webhook (status callback, inbound message) the fake sent."""
        return self._ctx.sender.deliveries

    @property
    def in_flight(self) -> int:
        """Requests being handled right now."""
        return self._ctx.in_flight

    @property
    def max_in_flight(self) -> int:
        """The most requests that were being handled at the same time."""
        return self._ctx.max_in_flight

    @property
    def latency(self) -> float:
        """Seconds every request waits before being handled."""
        return self._ctx.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("latency must be >= 0")
        self._ctx.latency = float(seconds)

    def fail_next(
        self,
        n: int = 1,
        *,
        status: int = 429,
        retry_after: float | None = 1,
        code: int | None = None,
    ) -> None:
        """Answer the next ``n`` requests with a Twilio error (default 429 / 20429)."""
        fault = ErrorFault(status, code if code is not None else default_code(status), retry_after)
        self._ctx.faults.next_errors.extend([fault] * n)

    def fail_rate(
        self,
        fraction: float,
        *,
        status: int = 429,
        retry_after: float | None = None,
        code: int | None = None,
        seed: int | None = None,
    ) -> None:
        """Answer a random ``fraction`` of requests with an error (``0`` turns it off)."""
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        plan = self._ctx.faults
        plan.rate = fraction
        plan.rng = random.Random(seed)
        code = code if code is not None else default_code(status)
        plan.rate_fault = ErrorFault(status, code, retry_after) if fraction else None

    def reset_next(self, n: int = 1, *, after: ResetPoint = "connect") -> None:
        """Close the connection of the next ``n`` requests.

        ``"connect"``: before handling (nothing happened); ``"headers"``/``"body"``:
        after handling, once the headers or half the body were written.
        """
        if after not in RESET_POINTS:
            raise ValueError(f"after must be one of {sorted(RESET_POINTS)}")
        self._ctx.faults.next_resets.extend([after] * n)

    def clear_faults(self) -> None:
        """Forget every planned error, reset and random failure rate."""
        self._ctx.faults.clear()

    # state helpers ------------------------------------------------------------------

    def set_outcome(self, to: str, status: str, error_code: int) -> None:
        """Make messages to ``to`` end ``failed`` or ``undelivered`` with ``error_code``."""
        outcome_map({to: (status, error_code)})
        self._ctx.timeline.outcomes[to] = Outcome(status, error_code)

    def set_media(self, url: str, content: bytes, content_type: str) -> None:
        """What the fake serves for media fetched from ``url``."""
        self._ctx.store.media_content[url] = (content, content_type)

    def add_number(self, phone_number: str, **settings: str) -> NumberRecord:
        """Own ``phone_number`` without buying it (settings: ``sms_url``, ``sms_method``…)."""
        now = utc_now()
        record = NumberRecord(
            sid=new_sid("PN"),
            phone_number=phone_number,
            friendly_name=phone_number,
            date_created=now,
            date_updated=now,
            **settings,  # type: ignore[arg-type]
        )
        self._ctx.store.sold.add(phone_number)
        return self._ctx.store.save_number(record)

    def add_service(self, friendly_name: str, **settings: object) -> ServiceRecord:
        """Create a messaging service (settings by snake_case name)."""
        now = utc_now()
        record = ServiceRecord(
            sid=new_sid("MG"),
            friendly_name=friendly_name,
            date_created=now,
            date_updated=now,
            settings=tuple(settings.items()),
        )
        return self._ctx.store.save_service(record)

    def add_message(
        self,
        *,
        to: str,
        from_: str,
        body: str = "",
        status: str = "delivered",
        date_sent: datetime | None = None,
        direction: str = "outbound-api",
        media_urls: Sequence[str] = (),
    ) -> str:
        """Insert a message as if it had been sent earlier; returns its SID."""
        return self._ctx.store.new_message(
            to=to,
            from_=from_,
            body=body,
            status=status,
            direction=direction,
            media_urls=list(media_urls),
            date_sent=date_sent,
        ).sid

    def message(self, sid: str) -> dict[str, Any]:
        """The message ``sid`` as the API renders it (``KeyError`` if unknown)."""
        return message_json(self.account_sid, self._ctx.store.messages[sid])

    @property
    def pending_tasks(self) -> int:
        """Background status-timeline and callback tasks still running."""
        return self._ctx.timeline.pending

    async def settle(self, timeout: float = 5.0) -> None:
        """Wait (at most ``timeout`` seconds) until no message is still moving."""
        await self._ctx.timeline.drain(timeout)

    async def deliver_inbound(
        self,
        *,
        from_: str,
        to: str,
        body: str = "",
        media_urls: Sequence[str] = (),
    ) -> WebhookDelivery | None:
        """Receive a message on the owned number ``to``: store it and call its SmsUrl.

        Returns the webhook delivery, or ``None`` when the number has no SmsUrl.
        """
        from twilio_async.testing._inbound import deliver_inbound

        return await deliver_inbound(
            self._ctx,
            from_=from_,
            to=to,
            body=body,
            media_urls=media_urls,
            base_url=self.base_url,
        )
