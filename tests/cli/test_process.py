"""The command line as a user runs it: ``python -m twilio_async`` in a subprocess."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from twilio_async.cli import run

ROOT = Path(__file__).resolve().parents[2]
DEMO_TIMEOUT = 60.0
SENDER = "+14155551000"


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: no Twilio credentials, this checkout importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def run_cli(*argv: str, timeout: float = DEMO_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m twilio_async argv`` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "twilio_async", *argv],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def summary_value(out: str, metric: str) -> str:
    """The value of ``metric`` in the demo's summary table."""
    match = re.search(rf"│ {re.escape(metric)}\s*│ ([^│]*?)\s*│", out)
    assert match is not None, out
    return match.group(1)


def test_demo_with_a_small_count_prints_its_summary() -> None:
    done = run_cli("demo", "--count", "60")
    assert done.returncode == 0, done.stderr
    assert "Demo summary" in done.stdout
    assert summary_value(done.stdout, "requested") == "60"
    assert summary_value(done.stdout, "sent (accepted)") == "58"
    assert summary_value(done.stdout, "rejected") == "2 (1 × 21211, 1 × 21610)"
    assert summary_value(done.stdout, "delivered") == "57"
    assert summary_value(done.stdout, "failed or undelivered") == "1"
    assert summary_value(done.stdout, "redacted") == "3"
    assert summary_value(done.stdout, "deleted") == "3"
    assert "listed page 1: 58 messages" in done.stderr


def test_demo_with_the_default_count_prints_its_summary() -> None:
    done = run_cli("demo")
    assert done.returncode == 0, done.stderr
    assert summary_value(done.stdout, "requested") == "500"
    assert summary_value(done.stdout, "sent (accepted)") == "498"
    assert summary_value(done.stdout, "listed back") == "498 in 5 pages"
    delivered = int(summary_value(done.stdout, "delivered"))
    failed = int(summary_value(done.stdout, "failed or undelivered"))
    assert delivered + failed == 498
    assert failed > 0
    assert int(summary_value(done.stdout, "segments")) > 498
    assert float(summary_value(done.stdout, "messages/s")) > 0


def test_help_needs_no_extra_and_exits_0() -> None:
    code = (
        "import sys; sys.modules['rich'] = None\n"
        "from twilio_async.cli import main\n"
        "raise SystemExit(main(['--help']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "demo" in done.stdout
    assert "export" not in done.stderr


def test_missing_extra_gives_a_one_line_hint() -> None:
    code = (
        "import sys; sys.modules['rich'] = None\n"
        "from twilio_async.cli import main\n"
        "raise SystemExit(main(['demo', '--count', '5']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "twilio-async: error: 'demo' needs the command-line extra: "
        'pip install "twilio-async[cli]"'
    ]


def test_importing_the_library_loads_no_command_line() -> None:
    code = (
        "import sys, twilio_async\n"
        "names = ('rich', 'twilio_async.cli')\n"
        "loaded = [m for m in sys.modules if m in names or m.startswith(('rich.', "
        "'twilio_async.cli.'))]\n"
        "print(loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_usage_error_exits_2_in_one_line() -> None:
    done = run_cli("send", "--to", "+14155550123")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert "one of the arguments --from --messaging-service is required" in done.stderr


def test_version() -> None:
    from twilio_async import __version__

    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"twilio-async {__version__}"


async def _read_line(stream: asyncio.StreamReader) -> str:
    line = await asyncio.wait_for(stream.readline(), DEMO_TIMEOUT)
    return line.decode().strip()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
async def test_fake_command_serves_until_interrupted(
    stop_signal: signal.Signals, capsys: pytest.CaptureFixture[str]
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "twilio_async",
        "fake",
        "--port",
        "0",
        cwd=ROOT,
        env=child_env(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        lines = [await _read_line(process.stdout) for _ in range(3)]
        exports = dict(line.removeprefix("export ").split("=", 1) for line in lines)
        assert sorted(exports) == ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_BASE_URL"]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", exports["TWILIO_BASE_URL"])

        argv = ["send", "--to", "+14155550123", "--from", SENDER, "--body", "via the fake"]
        assert await run(argv, exports) == 0
        assert await run(["messages", "export"], exports) == 0
        out = capsys.readouterr().out
        assert '"body": "via the fake"' in out
        assert exports["TWILIO_AUTH_TOKEN"] not in out
    finally:
        process.send_signal(stop_signal)
        _, err = await asyncio.wait_for(process.communicate(), DEMO_TIMEOUT)
    assert process.returncode == 0
    assert err.decode().splitlines()[-1] == "FakeTwilio stopped"


async def test_fake_command_on_a_busy_port_fails_in_one_line() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        done = await asyncio.to_thread(run_cli, "fake", "--port", str(port))
    finally:
        server.close()
        await server.wait_closed()
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1
    assert "OSError" in done.stderr
