"""Command-line failures: one line on stderr, the right exit status, no secrets."""

from __future__ import annotations

import io
import socket
import sys

import pytest

from tests.cli.conftest import RECIPIENT, SENDER, one_error_line, seed
from twilio_async.cli import run
from twilio_async.testing import FakeTwilio

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
