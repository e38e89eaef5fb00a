"""Message status timeline: queued → sending → sent → delivered, with callbacks."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Mapping
from decimal import Decimal
from typing import Any

import attrs

from twilio_async.testing._records import MessageRecord
from twilio_async.testing._render import API_VERSION
from twilio_async.testing._state import Store, utc_now
from twilio_async.testing._webhooks import WebhookSender

PRICE_PER_SEGMENT = Decimal("0.00790")
FINAL_STATUSES = frozenset({"delivered", "undelivered", "failed", "canceled", "received"})
ERROR_MESSAGES = {
    30003: "Unreachable destination handset",
    30005: "Unknown destination handset",
    30006: "Landline or unreachable carrier",
    30007: "Carrier violation",
    30008: "Unknown error",
}


@attrs.frozen(slots=True)
class Outcome:
    """How a message to one number ends: ``failed`` or ``undelivered`` with a code."""

    status: str
    error_code: int


def callback_params(account_sid: str, message: MessageRecord) -> list[tuple[str, str]]:
    """The form fields of a status callback, as Twilio sends them."""
    params = [
        ("ApiVersion", API_VERSION),
        ("AccountSid", account_sid),
        ("MessageSid", message.sid),
        ("SmsSid", message.sid),
        ("MessageStatus", message.status),
        ("SmsStatus", message.status),
        ("From", message.from_),
        ("To", message.to),
    ]
    if message.messaging_service_sid:
        params.append(("MessagingServiceSid", message.messaging_service_sid))
    if message.error_code is not None:
        params.append(("ErrorCode", str(message.error_code)))
    return params


@attrs.define(slots=True)
class Timeline:
    """Moves outbound messages through their statuses on asyncio tasks."""

    store: Store
    sender: WebhookSender
    account_sid: str
    step: float | None
    outcomes: dict[str, Outcome] = attrs.Factory(dict)
    _tasks: set[asyncio.Task[None]] = attrs.Factory(set)

    @property
    def enabled(self) -> bool:
        """Whether messages move on their own."""
        return bool(self.step) and self.step is not None and self.step > 0

    def start(self, message_sid: str) -> None:
        """Begin moving a freshly queued message (no-op when transitions are off)."""
        if self.enabled:
            self._spawn(self._run(message_sid))

    def notify(self, message: MessageRecord) -> None:
        """Send the status callback for ``message``'s current status in the background."""
        self._spawn(self._callback(message))

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _path(self, message: MessageRecord) -> list[str]:
        outcome = self.outcomes.get(message.to)
        if outcome is None:
            return ["sending", "sent", "delivered"]
        if outcome.status == "failed":
            return ["sending", "failed"]
        return ["sending", "sent", outcome.status]

    async def _run(self, message_sid: str) -> None:
        message = self.store.messages.get(message_sid)
        if message is None or self.step is None:
            return
        for status in self._path(message):
            await asyncio.sleep(self.step)
            current = self.store.messages.get(message_sid)
            if current is None or current.status in FINAL_STATUSES:
                return
            current = self.store.replace_message(self._advance(current, status))
            await self._callback(current)

    def _advance(self, message: MessageRecord, status: str) -> MessageRecord:
        message = attrs.evolve(message, status=status)
        if status == "sent":
            price = -(PRICE_PER_SEGMENT * message.num_segments)
            message = attrs.evolve(
                message, price=f"{price:.5f}", price_unit="USD", date_sent=utc_now()
            )
        if status in ("failed", "undelivered"):
            outcome = self.outcomes.get(message.to, Outcome(status, 30008))
            message = attrs.evolve(
                message,
                error_code=outcome.error_code,
                error_message=ERROR_MESSAGES.get(outcome.error_code, "Unknown error"),
            )
        return message

    async def _callback(self, message: MessageRecord) -> None:
        url = message.status_callback or self._service_callback(message)
        if url:
            await self.sender.send(url, callback_params(self.account_sid, message))

    def _service_callback(self, message: MessageRecord) -> str | None:
        if not message.messaging_service_sid:
            return None
        service = self.store.services.get(message.messaging_service_sid)
        value = service.get("status_callback") if service is not None else None
        return value if isinstance(value, str) else None

    @property
    def pending(self) -> int:
        """How many background tasks are still running."""
        return len(self._tasks)

    async def drain(self, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds) for every running task to finish."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    async def stop(self) -> None:
        """Cancel every running task and wait for them to end."""
        tasks = set(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()


def outcome_map(outcomes: Mapping[str, tuple[str, int]] | None) -> dict[str, Outcome]:
    """Outcomes keyed by destination number, validated."""
    result: dict[str, Outcome] = {}
    for number, (status, code) in (outcomes or {}).items():
        if status not in ("failed", "undelivered"):
            raise ValueError(f"outcome status must be 'failed' or 'undelivered', not {status!r}")
        result[number] = Outcome(status, int(code))
    return result
