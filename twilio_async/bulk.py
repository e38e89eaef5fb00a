"""Sending many messages: bounded, every input answered exactly once, resumable.

::

    batch = [BulkMessage(to=number, from_="+15017122661", body="Sale!") for number in numbers]
    async for result in send_many(client, batch, concurrency=32, journal="sale.jsonl"):
        if result.outcome is Outcome.AMBIGUOUS:
            ...  # may have been sent: reconcile, do not resend blindly

Inputs are read lazily (a list, any iterable or an async iterable), at most ``concurrency`` are
in flight, and results come back in completion order. Pacing and retries are the client's own
(its limits and retry policy apply to every create).

With a ``journal`` file, each outcome is appended as one JSON line as soon as it is known; a
later run with the same journal skips the inputs already ``sent`` or ``ambiguous`` (by their
``key``) and sends the rest, so an interrupted batch resumes without texting anyone twice.
"""

from __future__ import annotations

import asyncio
import enum
import json
import os
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from twilio_async import (
    AmbiguousRequestError,
    InvalidRequestError,
    MalformedResponseError,
    Message,
    TwilioClient,
    TwilioError,
)

__all__ = ["BulkMessage", "BulkResult", "BulkSummary", "Outcome", "send_many"]


class Outcome(enum.Enum):
    """What became of one input."""

    SENT = "sent"
    FAILED = "failed"
    AMBIGUOUS = "ambiguous"
    SKIPPED = "skipped"


def _media_urls(value: Iterable[str] | None) -> tuple[str, ...] | None:
    if isinstance(value, str):  # tuple() would split it into characters
        raise InvalidRequestError("media_url", "must be a list of URLs, not one string")
    return None if value is None else tuple(value)


@attrs.frozen(slots=True, kw_only=True)
class BulkMessage:
    """One message of a batch. ``key`` identifies it in the journal (default: its position).

    ``options`` holds any other keyword argument of ``client.messages.create``.
    """

    to: str
    body: str | None = None
    from_: str | None = None
    messaging_service_sid: str | None = None
    media_url: tuple[str, ...] | None = attrs.field(default=None, converter=_media_urls)
    key: str | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(slots=True, kw_only=True)
class BulkResult:
    """The answer for one input: its position, key, outcome, and the message or the error."""

    index: int
    key: str
    outcome: Outcome
    message: Message | None = None
    error: TwilioError | None = None
    sid: str | None = None


@attrs.define(slots=True)
class BulkSummary:
    """Counts of a finished batch, and how long it took (seconds)."""

    sent: int = 0
    failed: int = 0
    ambiguous: int = 0
    skipped: int = 0
    elapsed: float = 0.0

    def add(self, result: BulkResult) -> None:
        """Count ``result``."""
        name = result.outcome.value
        setattr(self, name, getattr(self, name) + 1)

    @property
    def total(self) -> int:
        """Every input answered."""
        return self.sent + self.failed + self.ambiguous + self.skipped


class _Journal:
    """An append-only JSON-lines record of outcomes, read back on resume."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.done: dict[str, dict[str, Any]] = {}
        torn = False
        if self.path.exists():
            text = self.path.read_text(encoding="utf-8")
            torn = bool(text) and not text.endswith("\n")
            for line in text.splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash: that input is sent again
                if isinstance(entry, dict) and entry.get("outcome") in ("sent", "ambiguous"):
                    self.done[str(entry.get("key"))] = entry
        self._file = self.path.open("a", encoding="utf-8")
        if torn:  # end the cut line, or the next entry would be glued onto it and lost
            self._file.write("\n")

    def record(self, result: BulkResult) -> None:
        entry = {"key": result.key, "outcome": result.outcome.value, "sid": result.sid}
        if result.error is not None:
            entry["error"] = str(result.error)
        self._file.write(json.dumps(entry) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()


async def _inputs(
    items: Iterable[BulkMessage] | AsyncIterable[BulkMessage],
) -> AsyncIterator[BulkMessage]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


async def _send_one(client: TwilioClient, index: int, key: str, item: BulkMessage) -> BulkResult:
    try:
        message = await client.messages.create(
            to=item.to,
            from_=item.from_,
            body=item.body,
            messaging_service_sid=item.messaging_service_sid,
            media_url=list(item.media_url) if item.media_url is not None else None,
            **item.options,
        )
    except (AmbiguousRequestError, MalformedResponseError) as error:  # the latter: a 2xx, sent
        return BulkResult(index=index, key=key, outcome=Outcome.AMBIGUOUS, error=error)
    except TwilioError as error:
        return BulkResult(index=index, key=key, outcome=Outcome.FAILED, error=error)
    return BulkResult(index=index, key=key, outcome=Outcome.SENT, message=message, sid=message.sid)


def _outcome_of(task: asyncio.Task[BulkResult], index: int, key: str) -> BulkResult:
    """The result of a send that the caller never saw; a cancelled one may have been sent."""
    if not task.cancelled() and task.exception() is None:
        return task.result()
    return BulkResult(index=index, key=key, outcome=Outcome.AMBIGUOUS)


async def send_many(
    client: TwilioClient,
    items: Iterable[BulkMessage] | AsyncIterable[BulkMessage],
    *,
    concurrency: int = 32,
    journal: str | os.PathLike[str] | None = None,
    summary: BulkSummary | None = None,
) -> AsyncIterator[BulkResult]:
    """Send every item, yielding one :class:`BulkResult` per input as each completes.

    Leaving the loop early (wrap it in ``contextlib.aclosing`` to make that immediate)
    starts no new send and lets the sends already in flight finish, so each of them gets its
    real outcome in the journal. If the task running the loop is cancelled instead, sends in
    flight are cancelled and journaled as ``ambiguous`` (they may have reached Twilio): a
    resumed run skips them rather than risk a second text. Pass a :class:`BulkSummary` to
    have it counted as results arrive.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidRequestError("concurrency", f"must be a positive int, got {concurrency!r}")
    record = _Journal(journal) if journal is not None else None
    started = time.monotonic()
    pending: dict[asyncio.Task[BulkResult], tuple[int, str]] = {}
    source = _inputs(items)
    index = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < concurrency:
                try:
                    item = await anext(source)
                except StopAsyncIteration:
                    exhausted = True
                    break
                key = item.key if item.key is not None else str(index)
                previous = record.done.get(key) if record is not None else None
                if previous is not None:
                    result = BulkResult(
                        index=index, key=key, outcome=Outcome.SKIPPED, sid=previous.get("sid")
                    )
                    index += 1
                    if summary is not None:
                        summary.add(result)
                    yield result
                    continue
                pending[asyncio.ensure_future(_send_one(client, index, key, item))] = (index, key)
                index += 1
            if not pending:
                break
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                del pending[task]
            finished = [task.result() for task in done]
            if record is not None:  # all of them, before the caller may stop listening
                for result in finished:
                    record.record(result)
            for result in finished:
                if summary is not None:
                    summary.add(result)
                    summary.elapsed = time.monotonic() - started
                yield result
    except asyncio.CancelledError:
        for task in pending:
            task.cancel()
        raise
    finally:
        if pending:
            # After an early exit the sends under way finish; after a cancellation they were
            # just cancelled. Either way each one is journaled before the journal closes.
            await asyncio.wait(pending)
        if record is not None:
            for task, (task_index, task_key) in pending.items():
                record.record(_outcome_of(task, task_index, task_key))
            record.close()
        if summary is not None:
            summary.elapsed = time.monotonic() - started
