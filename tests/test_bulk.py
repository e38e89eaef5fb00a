"""send_many: every input answered once, bounded, resumable from a journal."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import aclosing
from pathlib import Path
from typing import cast

import pytest
from aiohttp import web

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, LocalServer
from twilio_async import InvalidRequestError, Message, TwilioClient
from twilio_async.bulk import BulkMessage, BulkSummary, Outcome, send_many

LIST_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


class Recipients:
    """Answers creates: +1555000xx4 numbers are invalid (400), +1555000xx7 fail with 500."""

    def __init__(self, delay: float = 0.0) -> None:
        self.received: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.delay = delay
        self.hold: asyncio.Event | None = None  # when set, creates wait for it (at most 5 s)

    async def create(self, request: web.Request) -> web.Response:
        form = await request.post()
        to = str(form["To"])
        self.received.append(to)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.hold is not None:
                await asyncio.wait_for(self.hold.wait(), 5)
        finally:
            self.in_flight -= 1
        if to.endswith("4"):
            body = {"code": 21211, "message": "invalid To", "status": 400}
            return web.json_response(body, status=400)
        if to.endswith("7"):
            return web.Response(status=500, text="boom")
        sid = "SM" + f"{len(self.received):032x}"
        return web.json_response({"sid": sid, "to": to, "status": "queued"}, status=201)


async def start(local_server: LocalServer, recipients: Recipients) -> TwilioClient:
    local_server.route("POST", LIST_PATH, recipients.create)
    url = await local_server.start()
    return TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url, max_retries=0)


def batch(count: int) -> list[BulkMessage]:
    return [
        BulkMessage(to=f"+1555000{n:04d}", from_="+15017122661", body=f"hi {n}", key=f"k{n}")
        for n in range(count)
    ]


async def test_every_input_is_answered_once_with_its_outcome(local_server: LocalServer) -> None:
    recipients = Recipients()
    summary = BulkSummary()
    async with await start(local_server, recipients) as client:
        results = [r async for r in send_many(client, batch(40), concurrency=8, summary=summary)]
    assert sorted(r.index for r in results) == list(range(40))
    assert sorted(recipients.received) == sorted(m.to for m in batch(40))
    by_outcome = {o: [r for r in results if r.outcome is o] for o in Outcome}
    assert all(r.key.endswith(("4",)) for r in by_outcome[Outcome.FAILED])
    assert len(by_outcome[Outcome.FAILED]) == 4
    assert len(by_outcome[Outcome.AMBIGUOUS]) == 4
    assert len(by_outcome[Outcome.SENT]) == 32
    assert all(r.sid and r.message for r in by_outcome[Outcome.SENT])
    assert (summary.sent, summary.failed, summary.ambiguous, summary.total) == (32, 4, 4, 40)


async def test_in_flight_is_bounded_and_inputs_are_read_lazily(
    local_server: LocalServer,
) -> None:
    recipients = Recipients(delay=0.01)
    pulled = 0

    async def generate() -> AsyncIterator[BulkMessage]:
        nonlocal pulled
        for message in batch(30):
            pulled += 1
            yield message

    client = await start(local_server, recipients)
    async with client, aclosing(send_many(client, generate(), concurrency=5)) as results:
        first = await anext(results)
        assert pulled <= 6
        assert first.index < 6
        rest = [r async for r in results]
    assert len(rest) == 29
    assert recipients.max_in_flight <= 5


async def test_journal_resumes_without_resending(local_server: LocalServer, tmp_path: Path) -> None:
    recipients = Recipients(delay=0.005)
    journal = tmp_path / "batch.jsonl"
    async with await start(local_server, recipients) as client:
        async with aclosing(send_many(client, batch(20), concurrency=4, journal=journal)) as run:
            first_run = []
            async for result in run:
                first_run.append(result)
                if len(first_run) == 10:
                    break
        sent_before = list(recipients.received)
        summary = BulkSummary()
        second = [r async for r in send_many(client, batch(20), journal=journal, summary=summary)]
    done_first = {r.key for r in first_run if r.outcome in (Outcome.SENT, Outcome.AMBIGUOUS)}
    skipped = {r.key for r in second if r.outcome is Outcome.SKIPPED}
    # Every result seen is skipped; so is any send that finished unseen when the loop stopped.
    assert done_first <= skipped
    assert {m.to for m in batch(20) if m.key in skipped} <= set(sent_before)
    assert len(second) == 20
    resent = recipients.received[len(sent_before) :]
    assert not set(resent) & {m.to for m in batch(20) if m.key in skipped}
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert {line["outcome"] for line in lines} <= {"sent", "failed", "ambiguous"}
    assert summary.skipped == len(skipped)


async def test_a_torn_journal_line_is_ignored(local_server: LocalServer, tmp_path: Path) -> None:
    journal = tmp_path / "torn.jsonl"
    journal.write_text('{"key": "k0", "outcome": "sent", "sid": "SMx"}\n{"key": "k1", "outc')
    recipients = Recipients()
    async with await start(local_server, recipients) as client:
        results = [r async for r in send_many(client, batch(3), journal=journal)]
    assert {r.key: r.outcome for r in results}["k0"] is Outcome.SKIPPED
    assert sorted(recipients.received) == ["+15550000001", "+15550000002"]


async def test_the_first_outcome_after_a_torn_line_is_kept(
    local_server: LocalServer, tmp_path: Path
) -> None:
    journal = tmp_path / "torn.jsonl"
    journal.write_text('{"key": "k0", "outcome": "sent", "sid": "SMx"}\n{"key": "k1", "outc')
    recipients = Recipients()
    async with await start(local_server, recipients) as client:
        [r async for r in send_many(client, batch(3), concurrency=1, journal=journal)]
        again = [r async for r in send_many(client, batch(3), journal=journal)]
    assert [r.outcome for r in again] == [Outcome.SKIPPED] * 3
    assert sorted(recipients.received) == ["+15550000001", "+15550000002"]


async def test_a_create_answered_2xx_with_a_bad_body_is_not_sent_again(
    local_server: LocalServer, tmp_path: Path
) -> None:
    received: list[str] = []

    async def garbled(request: web.Request) -> web.Response:
        received.append(str((await request.post())["To"]))
        return web.Response(status=201, text="<html>created</html>")

    local_server.route("POST", LIST_PATH, garbled)
    url = await local_server.start()
    journal = tmp_path / "batch.jsonl"
    items = batch(1)
    async with TwilioClient(ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=url) as client:
        first = [r async for r in send_many(client, items, journal=journal)]
        again = [r async for r in send_many(client, items, journal=journal)]
    assert [r.outcome for r in first] == [Outcome.AMBIGUOUS]  # Twilio accepted it
    assert [r.outcome for r in again] == [Outcome.SKIPPED]
    assert received == ["+15550000000"]


async def test_bad_items_fail_locally_and_concurrency_is_checked(
    local_server: LocalServer,
) -> None:
    recipients = Recipients()
    async with await start(local_server, recipients) as client:
        results = [r async for r in send_many(client, [BulkMessage(to="+1", body="no sender")])]
        assert results[0].outcome is Outcome.FAILED
        assert isinstance(results[0].error, InvalidRequestError)
        with pytest.raises(InvalidRequestError, match="concurrency"):
            await anext(send_many(client, [], concurrency=0))
    assert recipients.received == []


class _SameInstantMessages:
    """A stand-in for ``client.messages`` whose creates all finish together."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.release = asyncio.Event()

    async def create(self, *, to: str, **_: object) -> Message:
        await self.release.wait()
        self.sent.append(to)
        return Message(sid="SM" + f"{len(self.sent):032x}", to=to)


class _StubClient:
    def __init__(self) -> None:
        self.messages = _SameInstantMessages()


async def test_sends_finished_but_not_yet_yielded_are_journaled(tmp_path: Path) -> None:
    journal = tmp_path / "batch.jsonl"
    stub = _StubClient()
    client = cast(TwilioClient, stub)
    async with aclosing(send_many(client, batch(3), concurrency=3, journal=journal)) as run:
        first = anext(run)
        await asyncio.sleep(0)
        stub.messages.release.set()
        await asyncio.wait_for(first, 5)  # the consumer stops after one result
    assert len(stub.messages.sent) == 3  # ... but all three were sent
    resumed = [r async for r in send_many(client, batch(3), journal=journal)]
    assert [r.outcome for r in resumed] == [Outcome.SKIPPED] * 3
    assert len(stub.messages.sent) == 3


async def test_a_send_finishing_while_the_caller_handles_a_result_is_journaled(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "batch.jsonl"
    stub = _StubClient()
    client = cast(TwilioClient, stub)
    items = [BulkMessage(to="+15550000000", from_="+15017122661", body="now", key="now")]
    items += [BulkMessage(to="+15550000001", from_="+15017122661", body="later", key="later")]
    slow = asyncio.Event()
    original = stub.messages.create

    async def create(*, to: str, **kwargs: object) -> Message:
        if to.endswith("1"):
            await slow.wait()
        return await original(to=to, **kwargs)

    stub.messages.create = create  # type: ignore[method-assign]
    stub.messages.release.set()
    async with aclosing(send_many(client, items, concurrency=2, journal=journal)) as run:
        first = await asyncio.wait_for(anext(run), 5)
        assert first.key == "now"
        slow.set()
        for _ in range(20):  # the second send completes while the caller is busy here
            await asyncio.sleep(0)
        assert len(stub.messages.sent) == 2
    resumed = [r async for r in send_many(client, items, journal=journal)]
    assert [r.outcome for r in resumed] == [Outcome.SKIPPED, Outcome.SKIPPED]
    assert len(stub.messages.sent) == 2


def test_a_single_media_url_string_is_refused_not_split_into_characters() -> None:
    with pytest.raises(InvalidRequestError, match="media_url"):
        BulkMessage(to="+15550000001", from_="+15017122661", media_url="https://x.io/a.jpg")
    listed = BulkMessage(to="+15550000001", from_="+15017122661", media_url=["https://x.io/a"])
    assert listed.media_url == ("https://x.io/a",)


async def test_leaving_early_lets_sends_in_flight_finish_and_journals_them(
    local_server: LocalServer, tmp_path: Path
) -> None:
    recipients = Recipients(delay=0.05)
    journal = tmp_path / "early.jsonl"
    async with await start(local_server, recipients) as client:
        async with aclosing(send_many(client, batch(10), concurrency=4, journal=journal)) as run:
            async for _ in run:
                break
        lines = [json.loads(line) for line in journal.read_text().splitlines()]
        assert len(lines) == 4  # the one seen and the three that were in flight
        assert sorted(recipients.received) == sorted(m.to for m in batch(4))
        before = len(recipients.received)
        resumed = [r async for r in send_many(client, batch(10), journal=journal)]
    skipped = {r.key for r in resumed if r.outcome is Outcome.SKIPPED}
    assert skipped == {line["key"] for line in lines if line["outcome"] in ("sent", "ambiguous")}
    assert len(recipients.received) - before == 10 - len(skipped)
    assert len(set(recipients.received)) == len(recipients.received) - (4 - len(skipped))


async def test_a_cancelled_run_journals_sends_in_flight_as_ambiguous(
    local_server: LocalServer, tmp_path: Path
) -> None:
    recipients = Recipients()
    hold = recipients.hold = asyncio.Event()  # the first sends stay in flight until released
    journal = tmp_path / "cancelled.jsonl"

    async def consume(client: TwilioClient) -> None:
        async for _ in send_many(client, batch(6), concurrency=3, journal=journal):
            pass

    async with await start(local_server, recipients) as client:
        runner = asyncio.ensure_future(consume(client))
        for _ in range(200):
            if len(recipients.received) == 3:
                break
            await asyncio.sleep(0.01)
        runner.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(runner, 5)
        lines = [json.loads(line) for line in journal.read_text().splitlines()]
        assert [line["outcome"] for line in lines] == ["ambiguous"] * 3
        hold.set()
        resumed = [r async for r in send_many(client, batch(6), journal=journal)]
    assert sum(r.outcome is Outcome.SKIPPED for r in resumed) == 3
    assert len(recipients.received) == 6  # nobody texted twice
