"""``messages export``: streamed JSON Lines, CSV and tables from a FakeTwilio."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.cli.conftest import RECIPIENT, SENDER, at, seed
from twilio_async.cli import run
from twilio_async.cli._output import RECORD_FIELDS
from twilio_async.testing import FakeTwilio

# messages export ----------------------------------------------------------------------------


async def test_export_jsonl_streams_every_page(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    sids = seed(fake, 2100)
    code = await run(["messages", "export"], environ)
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    listing_requests = [r for r in fake.requests if r.path.endswith("/Messages.json")]
    assert code == 0
    assert sorted(r["sid"] for r in records) == sorted(sids)
    assert list(records[0]) == list(RECORD_FIELDS)
    assert len(listing_requests) == 3
    assert "exported 2100 messages" in captured.err


async def test_export_jsonl_record_content(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    sid = fake.add_message(to=RECIPIENT, from_=SENDER, body="héllo 🌮", date_sent=at(3, 9))
    code = await run(["messages", "export", "--format", "jsonl"], environ)
    record = json.loads(capsys.readouterr().out)
    assert code == 0
    assert record["sid"] == sid
    assert record["from"] == SENDER
    assert record["to"] == RECIPIENT
    assert record["body"] == "héllo 🌮"
    assert record["status"] == "delivered"
    assert record["date_sent"] == "2026-11-03T09:00:00Z"
    assert record["num_segments"] == 1
    assert record["error_code"] is None


async def test_export_csv_round_trips_awkward_bodies(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    body = 'one, "two"\nthree'
    sid = fake.add_message(to=RECIPIENT, from_=SENDER, body=body, date_sent=at(4))
    code = await run(["messages", "export", "--format", "csv"], environ)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert code == 0
    assert len(rows) == 1
    assert rows[0]["sid"] == sid
    assert rows[0]["body"] == body
    assert rows[0]["messaging_service_sid"] == ""
    assert rows[0]["date_sent"] == "2026-11-04T12:00:00Z"


async def test_export_csv_without_messages_is_a_header(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["messages", "export", "--format", "csv"], environ)
    out = capsys.readouterr().out
    assert code == 0
    assert out == ",".join(RECORD_FIELDS) + "\n"


async def test_export_filters_by_sender_recipient_and_dates(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    other = "+14155550999"
    fake.add_number(other)
    (wanted,) = seed(fake, 1, date_sent=at(10))
    seed(fake, 1, date_sent=at(2))
    seed(fake, 1, date_sent=at(20))
    seed(fake, 1, date_sent=at(10), to="+14155550777")
    seed(fake, 1, date_sent=at(10), from_=other)
    argv = ["messages", "export", "--to", RECIPIENT, "--from", SENDER]
    argv += ["--since", "2026-11-05", "--until", "2026-11-15T00:00:00Z"]
    code = await run(argv, environ)
    out = capsys.readouterr().out.splitlines()
    (query,) = [r.query for r in fake.requests if r.path.endswith("/Messages.json")]
    assert code == 0
    assert [json.loads(line)["sid"] for line in out] == [wanted]
    assert ("DateSent>", "2026-11-05") in query
    assert ("DateSent<", "2026-11-15T00:00:00Z") in query


async def test_export_honours_the_limit(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seed(fake, 50)
    code = await run(["messages", "export", "--limit", "12", "--no-progress"], environ)
    captured = capsys.readouterr()
    assert code == 0
    assert len(captured.out.splitlines()) == 12
    assert captured.err == ""


async def test_export_as_a_table(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seed(fake, 3, body="x" * 300)
    code = await run(["messages", "export", "--format", "table"], environ)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(out) == 5
    assert out[1].endswith("x…")
    assert out[-1] == "(3 messages)"
