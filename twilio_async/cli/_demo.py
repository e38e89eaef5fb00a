"""The ``demo`` command: the library's main moves, end to end, on an in-process FakeTwilio."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal

import attrs

from twilio_async.bulk import BulkMessage, Outcome, send_many
from twilio_async.cli._display import SendProgress, err_console, out_console, table
from twilio_async.client import TwilioClient
from twilio_async.errors import NotFoundError, TwilioAPIError, TwilioError
from twilio_async.models.message import MessageStatus

__all__ = ["DemoResult", "run_demo"]

SENDER_NUMBER = "+14155551000"
REJECTED_RECIPIENTS = ("+15005550001", "+15005550004")
"""Twilio's magic test numbers for an invalid and an unsubscribed recipient."""
UNDELIVERED_EVERY = 40
FAILED_EVERY = 97
CHANGED_EACH = 3
PAGE_SIZE = 100
BODIES = (
    "Your verification code is {n:06d}.",
    "Hi! Order #{n} has shipped and arrives tomorrow between 9am and 1pm. Reply STOP to "
    "opt out of delivery updates. Track it any time from your account page, or reply HELP "
    "for help with anything else about this order.",
    "Thanks for visiting 🌮 #{n}: show this text for 10% off next time!",
)
_FAILED = frozenset({MessageStatus.FAILED, MessageStatus.UNDELIVERED})


@attrs.define
class DemoResult:
    """What the demo did and measured."""

    accepted: int = 0
    rejected: Counter[int | str] = attrs.Factory(Counter)
    statuses: Counter[str] = attrs.Factory(Counter)
    segments: int = 0
    cost: Decimal = Decimal(0)
    pages: int = 0
    listed: int = 0
    redacted: int = 0
    deleted: int = 0
    send_seconds: float = 0.0
    total_seconds: float = 0.0


def _recipient(index: int, count: int) -> str:
    if count >= 50 and index in (count // 3, 2 * count // 3):
        return REJECTED_RECIPIENTS[0 if index == count // 3 else 1]
    return f"+1555{index:07d}"


def _outcomes(count: int) -> dict[str, tuple[str, int]]:
    outcomes: dict[str, tuple[str, int]] = {}
    for index in range(count):
        if index % FAILED_EVERY == FAILED_EVERY - 1:
            outcomes[_recipient(index, count)] = ("failed", 30006)
        elif index % UNDELIVERED_EVERY == UNDELIVERED_EVERY - 1:
            outcomes[_recipient(index, count)] = ("undelivered", 30003)
    return outcomes


async def _send_batch(
    client: TwilioClient, count: int, concurrency: int, result: DemoResult
) -> None:
    batch = (
        BulkMessage(
            to=_recipient(index, count),
            from_=SENDER_NUMBER,
            body=BODIES[index % len(BODIES)].format(n=index),
        )
        for index in range(count)
    )
    started = time.perf_counter()
    with SendProgress(count, "sending") as progress:
        async for sent in send_many(client, batch, concurrency=concurrency):
            if sent.outcome is Outcome.SENT:
                result.accepted += 1
            else:
                result.rejected[_reason(sent.error)] += 1
            progress.advance()
    result.send_seconds = time.perf_counter() - started


def _reason(error: TwilioError | None) -> int | str:
    """Twilio's error code for a refused message, or the kind of failure."""
    if isinstance(error, TwilioAPIError):
        return error.code or error.status
    return type(error).__name__


async def _list_back(client: TwilioClient, result: DemoResult) -> list[str]:
    """Walk the listing page by page; returns some SIDs to redact and delete."""
    console = err_console()
    picked: list[str] = []
    async for page in client.messages.list(page_size=PAGE_SIZE).pages():
        result.pages += 1
        result.listed += len(page.items)
        for message in page.items:
            result.statuses[str(message.status.value if message.status else "unknown")] += 1
            result.segments += message.num_segments or 0
            result.cost += -(message.price or 0)
            if len(picked) < 2 * CHANGED_EACH and message.status is MessageStatus.DELIVERED:
                picked.append(message.sid)
        console.print(f"listed page {result.pages}: {len(page.items)} messages")
    return picked


async def _redact_and_delete(client: TwilioClient, sids: list[str], result: DemoResult) -> None:
    console = err_console()
    for sid in sids[:CHANGED_EACH]:
        redacted = await client.messages.redact(sid)
        result.redacted += redacted.body == ""
        console.print(f"redacted {sid}: body is now {redacted.body!r}")
    for sid in sids[CHANGED_EACH:]:
        await client.messages.delete(sid)
        try:
            await client.messages.fetch(sid)
        except NotFoundError:
            result.deleted += 1
            console.print(f"deleted {sid}: fetching it now answers 404")


async def run_demo(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Send ``--count`` messages to a FakeTwilio, list, redact, delete; print a summary."""
    from twilio_async.testing import FakeTwilio

    started = time.perf_counter()
    result = DemoResult()
    count: int = args.count
    async with FakeTwilio(outcomes=_outcomes(count), phone_number=SENDER_NUMBER) as fake:
        err_console().print(f"FakeTwilio is running in this process at {fake.base_url}")
        async with fake.client(max_concurrency=args.concurrency) as client:
            await _send_batch(client, count, args.concurrency, result)
            await fake.settle(timeout=30.0)
            sids = await _list_back(client, result)
            await _redact_and_delete(client, sids, result)
    result.total_seconds = time.perf_counter() - started
    out_console().print(summary(result, count))
    return 0


def summary(result: DemoResult, count: int) -> object:
    """The summary table of a demo run."""
    failed = sum(result.statuses[status.value] for status in _FAILED)
    rejected = ", ".join(f"{n} × {code}" for code, n in sorted(result.rejected.items(), key=str))
    rate = result.accepted / result.send_seconds if result.send_seconds else 0.0
    rows = [
        ("requested", count),
        ("sent (accepted)", result.accepted),
        ("rejected", f"{sum(result.rejected.values())}" + (f" ({rejected})" if rejected else "")),
        ("delivered", result.statuses[MessageStatus.DELIVERED.value]),
        ("failed or undelivered", failed),
        ("segments", result.segments),
        ("cost (fake prices, USD)", f"{result.cost:.4f}"),
        (
            "listed back",
            f"{result.listed} in {result.pages} page{'' if result.pages == 1 else 's'}",
        ),
        ("redacted", result.redacted),
        ("deleted", result.deleted),
        ("elapsed sending", f"{result.send_seconds:.2f} s"),
        ("messages/s", f"{rate:.0f}"),
        ("elapsed in all", f"{result.total_seconds:.2f} s"),
    ]
    return table("Demo summary", ("metric", "value"), rows)
