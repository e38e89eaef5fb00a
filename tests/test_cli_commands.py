"""Each command of the command line, run in-process against a FakeTwilio."""

from __future__ import annotations

import csv
import io
import json
import socket
import sys
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import pytest

from twilio_async.cli import run
from twilio_async.cli._output import RECORD_FIELDS
from twilio_async.testing import FakeTwilio

SENDER = "+14155551000"
RECIPIENT = "+14155550123"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTwilio]:
    """A started FakeTwilio whose messages stay as created (no status timeline)."""
    async with FakeTwilio(status_step=None) as server:
        yield server


@pytest.fixture
def environ(fake: FakeTwilio) -> dict[str, str]:
    """An environment pointing the command line at ``fake``."""
    return {
        "TWILIO_ACCOUNT_SID": fake.account_sid,
        "TWILIO_AUTH_TOKEN": fake.auth_token,
        "TWILIO_BASE_URL": fake.base_url,
    }


def one_error_line(err: str) -> str:
    """The single line an error printed on stderr (fails if there is not exactly one)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def at(day: int, hour: int = 12) -> datetime:
    """A moment in November 2026, UTC."""
    return datetime(2026, 11, day, hour, tzinfo=timezone.utc)


def seed(fake: FakeTwilio, count: int, **fields: object) -> list[str]:
    """Add ``count`` delivered messages to ``fake``; returns their SIDs."""
    return [
        fake.add_message(
            to=str(fields.get("to", RECIPIENT)),
            from_=str(fields.get("from_", SENDER)),
            body=str(fields.get("body", f"message {index}")),
            date_sent=fields.get("date_sent", at(1)),  # type: ignore[arg-type]
        )
        for index in range(count)
    ]


# send ---------------------------------------------------------------------------------------


async def test_send_prints_the_accepted_message(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(
        ["send", "--to", RECIPIENT, "--from", SENDER, "--body", "hello there"], environ
    )
    out = capsys.readouterr().out
    assert code == 0
    fields = dict(line.split(": ", 1) for line in out.splitlines())
    assert fields["status"] == "queued"
    assert fake.message(fields["sid"])["body"] == "hello there"


async def test_send_repeats_media_urls(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["send", "--to", RECIPIENT, "--from", SENDER]
    argv += ["--media-url", "https://example.com/a.png", "--media-url", "https://example.com/b.png"]
    code = await run(argv, environ)
    out = capsys.readouterr().out
    assert code == 0
    assert "num_media: 2" in out.splitlines()


async def test_send_through_a_messaging_service(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    service = fake.add_service("Notifications").sid
    argv = ["send", "--to", RECIPIENT, "--messaging-service", service, "--body", "hi"]
    code = await run(argv, environ)
    out = capsys.readouterr().out
    assert code == 0
    assert f"messaging_service_sid: {service}" in out.splitlines()


# messages list ------------------------------------------------------------------------------


async def test_list_prints_a_table_newest_first(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    old = fake.add_message(to=RECIPIENT, from_=SENDER, body="older", date_sent=at(1))
    new = fake.add_message(to=RECIPIENT, from_=SENDER, body="newer", date_sent=at(2))
    code = await run(["messages", "list"], environ)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].split()[:3] == ["DATE", "SENT", "SID"]
    assert [line.split()[2] for line in out[1:3]] == [new, old]
    assert out[-1] == "(2 messages)"


async def test_list_stops_at_the_limit(
    fake: FakeTwilio, environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    seed(fake, 30)
    code = await run(["messages", "list", "--limit", "7", "--format", "jsonl"], environ)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(out) == 7


async def test_list_on_an_empty_account_says_so(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["messages", "list"], environ)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[-1] == "(0 messages)"


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


# numbers and prices -------------------------------------------------------------------------


async def test_numbers_available_in_an_area_code(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["numbers", "available", "US", "--area-code", "415", "--limit", "4"], environ)
    out = capsys.readouterr().out
    numbers = [word for word in out.split() if word.startswith("+1")]
    assert code == 0
    assert len(numbers) == 4
    assert all(number.startswith("+1415") for number in numbers)
    assert "4 numbers" in out


async def test_numbers_available_with_a_bad_area_code_is_a_usage_error(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["numbers", "available", "US", "--area-code", "41"], environ)
    line = one_error_line(capsys.readouterr().err)
    assert code == 2
    assert "area_code" in line


async def test_price_shows_outbound_and_inbound_prices(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["price", "us"], environ)
    out = capsys.readouterr().out
    assert code == 0
    assert "Outbound messages to United States (USD)" in out
    assert "Inbound messages in United States (USD)" in out
    assert "0.00790" in out


async def test_price_for_a_bad_country_is_a_usage_error(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["price", "USA"], environ)
    line = one_error_line(capsys.readouterr().err)
    assert code == 2
    assert "country_code" in line


# --fake -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--fake", "send", "--to", RECIPIENT, "--from", SENDER, "--body", "hi"],
        ["send", "--to", RECIPIENT, "--from", SENDER, "--body", "hi", "--fake"],
        ["messages", "list", "--fake"],
        ["--fake", "messages", "export"],
        ["--fake", "numbers", "available", "US"],
        ["price", "GB", "--fake"],
    ],
)
async def test_fake_flag_needs_no_credentials(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(argv, {})
    err = capsys.readouterr().err
    assert code == 0
    assert "in-process FakeTwilio" in err


# errors -------------------------------------------------------------------------------------


async def test_missing_credentials_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = await run(["messages", "list"], {})
    captured = capsys.readouterr()
    line = one_error_line(captured.err)
    assert code == 2
    assert line.startswith("twilio-async: error: TWILIO_ACCOUNT_SID is not set")
    assert "--fake" in line
    assert captured.out == ""


async def test_wrong_token_is_an_api_error_without_the_token(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    environ["TWILIO_AUTH_TOKEN"] = "not-the-right-token-4f1d"
    code = await run(["messages", "list"], environ)
    captured = capsys.readouterr()
    line = one_error_line(captured.err)
    assert code == 1
    assert "AuthenticationError" in line
    assert "20003" in line
    assert "not-the-right-token-4f1d" not in captured.err + captured.out


async def test_twilio_refusal_is_an_api_error(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["send", "--to", "+15005550001", "--from", SENDER, "--body", "x"], environ)
    line = one_error_line(capsys.readouterr().err)
    assert code == 1
    assert "BadRequestError" in line
    assert "21211" in line


async def test_local_validation_is_a_usage_error(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["send", "--to", RECIPIENT, "--from", SENDER], environ)
    line = one_error_line(capsys.readouterr().err)
    assert code == 2
    assert line == "twilio-async: error: invalid body: give body, media_url or content_sid"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_unreachable_server_is_a_transport_error(
    environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    environ["TWILIO_BASE_URL"] = f"http://127.0.0.1:{_closed_port()}"
    code = await run(["--max-retries", "0", "messages", "list"], environ)
    captured = capsys.readouterr()
    line = one_error_line(captured.err)
    assert code == 1
    assert "TransportError" in line
    assert environ["TWILIO_AUTH_TOKEN"] not in captured.err + captured.out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["bogus"], "invalid choice: 'bogus'"),
        ([], "required: COMMAND"),
        (["send", "--body", "x", "--from", SENDER], "required: --to"),
        (["send", "--to", RECIPIENT, "--body", "x"], "one of the arguments --from"),
        (
            ["send", "--to", RECIPIENT, "--from", SENDER, "--messaging-service", "MG1"],
            "not allowed with argument --from",
        ),
        (["demo", "--count", "0"], "--count: must be at least 1"),
        (["demo", "--count", "many"], "--count: expected a whole number"),
        (["messages", "export", "--since", "yesterday"], "--since: expected YYYY-MM-DD"),
        (["messages", "export", "--format", "xml"], "invalid choice: 'xml'"),
        (["messages"], "required: ACTION"),
        (["fake", "--port", "70000"], "--port: must be from 0 to 65535"),
    ],
)
async def test_bad_command_lines_exit_2_with_one_line(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(argv, {})
    line = one_error_line(capsys.readouterr().err)
    assert code == 2
    assert line.startswith("twilio-async")
    assert ": error: " in line
    assert expected in line


async def test_debug_shows_the_exception_itself() -> None:
    from twilio_async.cli._errors import CliError

    with pytest.raises(CliError, match="TWILIO_ACCOUNT_SID"):
        await run(["--debug", "messages", "list"], {})


# the optional extra ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--count", "1"],
        ["--fake", "price", "US"],
        ["--fake", "numbers", "available", "US"],
        ["--fake", "messages", "export"],
    ],
)
async def test_commands_drawing_with_rich_hint_at_the_extra(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)
    code = await run(argv, {})
    line = one_error_line(capsys.readouterr().err)
    assert code == 1
    assert line.endswith('needs the command-line extra: pip install "twilio-async[cli]"')


async def test_plain_commands_work_without_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)
    code = await run(["--fake", "send", "--to", RECIPIENT, "--from", SENDER, "--body", "x"], {})
    out = capsys.readouterr().out
    assert code == 0
    assert "status: queued" in out


class _ClosedPipe(io.StringIO):
    """A stdout whose reader went away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


async def test_a_closed_stdout_ends_the_export_quietly(
    fake: FakeTwilio,
    environ: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed(fake, 5)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    code = await run(["messages", "export", "--no-progress"], environ)
    assert code == 1
    assert capsys.readouterr().err == ""
