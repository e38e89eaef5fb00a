"""The command line's parts: argument types, records, error lines, packaging."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from collections.abc import Coroutine
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from twilio_async import Message, MessageDirection, MessageStatus
from twilio_async.cli import main, run
from twilio_async.cli._catalog import service
from twilio_async.cli._errors import CliError, describe, redact, secrets_in
from twilio_async.cli._output import message_record
from twilio_async.cli._parser import moment, non_negative_int, port_number, positive_int, seconds
from twilio_async.errors import (
    AmbiguousRequestError,
    InvalidRequestError,
    NotFoundError,
    TransportError,
)

ROOT = Path(__file__).resolve().parents[2]


# argument types ---------------------------------------------------------------------------------


def test_moment_reads_a_day() -> None:
    assert moment("2026-11-05") == date(2026, 11, 5)


def test_moment_reads_a_naive_time_as_utc() -> None:
    assert moment("2026-11-05T10:30:00") == datetime(2026, 11, 5, 10, 30, tzinfo=timezone.utc)


def test_moment_keeps_an_offset() -> None:
    parsed = moment("2026-11-05T10:30:00+02:00")
    assert isinstance(parsed, datetime)
    assert parsed.utcoffset() == timedelta(hours=2)


def test_moment_reads_z_as_utc() -> None:
    assert moment("2026-11-05T10:30:00Z") == datetime(2026, 11, 5, 10, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01", "05/11/2026", ""])
def test_moment_refuses_other_text(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="YYYY-MM-DD"):
        moment(text)


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (positive_int, "3", 3),
        (non_negative_int, "0", 0),
        (port_number, "0", 0),
        (port_number, "65535", 65535),
        (seconds, "2.5", 2.5),
    ],
)
def test_number_types_accept(kind: object, text: str, expected: object) -> None:
    assert kind(text) == expected  # type: ignore[operator]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (positive_int, "0"),
        (positive_int, "1.5"),
        (non_negative_int, "-1"),
        (non_negative_int, "x"),
        (port_number, "-1"),
        (port_number, "http"),
        (seconds, "0"),
        (seconds, "nan"),
        (seconds, "inf"),
        (seconds, "soon"),
    ],
)
def test_number_types_refuse(kind: object, text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        kind(text)  # type: ignore[operator]


# records --------------------------------------------------------------------------------------


def test_message_record_flattens_a_message() -> None:
    sent = datetime(2026, 11, 5, 10, 30, tzinfo=timezone.utc)
    message = Message(
        sid="SM" + "1" * 32,
        from_="+14155551000",
        to="+14155550123",
        body="hi",
        status=MessageStatus.UNDELIVERED,
        direction=MessageDirection.OUTBOUND_API,
        num_segments=1,
        price=Decimal("-0.00790"),
        error_code=30003,
        date_sent=sent,
    )
    record = message_record(message)
    assert record["from"] == "+14155551000"
    assert record["status"] == "undelivered"
    assert record["direction"] == "outbound-api"
    assert record["price"] == "-0.00790"
    assert record["error_code"] == 30003
    assert record["date_sent"] == "2026-11-05T10:30:00Z"
    assert record["date_created"] is None


def test_message_record_keeps_a_status_twilio_adds_later() -> None:
    record = message_record(Message(sid="SM" + "1" * 32, status=MessageStatus("teleported")))
    assert record["status"] == "teleported"


# errors -------------------------------------------------------------------------------------


def test_redact_masks_every_secret_and_folds_lines() -> None:
    text = "token abcd1234 and\nsecret ffff0000, abcd1234 again"
    assert redact(text, ["abcd1234", "ffff0000"]) == "token *** and secret ***, *** again"


def test_redact_ignores_tiny_values() -> None:
    assert redact("a b c", ["a"]) == "a b c"


def test_secrets_in_reads_the_secret_variables_only() -> None:
    environ = {"TWILIO_AUTH_TOKEN": "t0k3n", "TWILIO_API_SECRET": "s3cr3t", "TWILIO_EDGE": "x"}
    assert sorted(secrets_in(environ)) == ["s3cr3t", "t0k3n"]


async def test_a_secret_in_an_error_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    secret = "super-secret-token-value"
    environ = {
        "TWILIO_ACCOUNT_SID": "AC" + "a" * 32,
        "TWILIO_AUTH_TOKEN": secret,
        "TWILIO_BASE_URL": f"not a url {secret}",
    }
    code = await run(["messages", "list"], environ)
    captured = capsys.readouterr()
    assert code == 2
    assert secret not in captured.err + captured.out
    assert "***" in captured.err


@pytest.mark.parametrize(
    ("error", "start", "code"),
    [
        (CliError("plain words", 2), "plain words", 2),
        (InvalidRequestError("to", "is required"), "invalid to: is required", 2),
        (NotFoundError(status=404, message="gone"), "NotFoundError: HTTP 404: gone", 1),
        (TransportError("reset"), "TransportError: reset", 1),
        (AmbiguousRequestError("timed out"), "AmbiguousRequestError: timed out; the request", 1),
        (ConnectionResetError("peer"), "ConnectionResetError: peer", 1),
        (KeyError("x"), "unexpected KeyError", 1),
    ],
)
def test_describe(error: Exception, start: str, code: int) -> None:
    message, exit_code = describe(error)
    assert message.startswith(start)
    assert exit_code == code


def test_missing_service_is_named() -> None:
    with pytest.raises(CliError, match=r"'price' needs client\.messaging_prices"):
        service(object(), "messaging_prices", "price")


# main and packaging ---------------------------------------------------------------------------


def test_main_returns_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--count", "-3"]) == 2
    assert "--count" in capsys.readouterr().err


def test_main_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["messages", "export", "--help"]) == 0
    assert "--since" in capsys.readouterr().out


def test_main_reports_an_interrupt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(coroutine: Coroutine[object, object, int]) -> int:
        coroutine.close()
        raise KeyboardInterrupt

    monkeypatch.setattr("twilio_async.cli._app.asyncio.run", interrupted)
    assert main(["demo"]) == 130
    assert capsys.readouterr().err == "twilio-async: interrupted\n"


async def test_demo_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    code = await run(["demo", "--count", "12", "--concurrency", "4"], {})
    out = capsys.readouterr().out
    assert code == 0
    assert "Demo summary" in out
    assert "rejected" in out


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is new in Python 3.11")
def test_pyproject_declares_the_script_and_the_extra() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["twilio-async"] == "twilio_async.cli:main"
    assert any(dep.startswith("rich") for dep in project["optional-dependencies"]["cli"])
    assert not any(dep.startswith("rich") for dep in project["dependencies"])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
async def test_fake_command_in_process_stops_on_sigterm(
    capsys: pytest.CaptureFixture[str],
) -> None:
    serving = asyncio.create_task(run(["fake"], {}))
    printed = ""
    for _ in range(500):
        await asyncio.sleep(0.01)
        printed += capsys.readouterr().out
        if printed.count("export ") == 3 or serving.done():
            break
    assert not serving.done()
    assert "export TWILIO_BASE_URL=http://127.0.0.1:" in printed
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(serving, 10) == 0
    assert capsys.readouterr().err.endswith("FakeTwilio stopped\n")
